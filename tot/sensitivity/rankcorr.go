package sensitivity

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/tot"
)

// Ranks returns the rank of each score, 1 being the best, tied scores
// sharing the average of the ranks they span (1, 2.5, 2.5, 4). higherBetter
// says whether high scores are good (TOPSIS closeness, composites) or bad
// (VIKOR Q). Ties are exact float equality.
func Ranks(scores []float64, higherBetter bool) []float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if higherBetter {
			a, b = b, a
		}
		return cmp.Compare(scores[a], scores[b])
	})
	r := make([]float64, len(scores))
	for i := 0; i < len(idx); {
		k := i
		for k+1 < len(idx) && scores[idx[k+1]] == scores[idx[i]] {
			k++
		}
		avg := float64(i+k)/2 + 1
		for _, a := range idx[i : k+1] {
			r[a] = avg
		}
		i = k + 1
	}
	return r
}

func checkRankings(x, y []float64) error {
	var l diag.List
	if len(x) < 2 {
		l.Addf("x", "has %d entries, want at least 2", len(x))
	}
	for i, r := range x {
		if isBad(r) {
			l.Addf(fmt.Sprintf("x[%d]", i), "must be a finite number, got %v", r)
		}
	}
	if len(x) != len(y) {
		l.Addf("y", "has %d entries, want %d (as many as x)", len(y), len(x))
	}
	for i, r := range y {
		if isBad(r) {
			l.Addf(fmt.Sprintf("y[%d]", i), "must be a finite number, got %v", r)
		}
	}
	return l.Err(tot.ErrInvalid)
}

// Spearman returns Spearman's rank correlation ρ of two rankings (rank 1 =
// best, as Ranks returns): Pearson's correlation of the ranks, which equals
// 1 − 6Σd²/(n(n²−1)) without ties and stays correct with tied (averaged)
// ranks. A ranking with all ranks equal has no defined correlation; ρ is
// then 1 if both are constant and 0 otherwise.
func Spearman(x, y []float64) (float64, error) {
	if err := checkRankings(x, y); err != nil {
		return 0, err
	}
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	switch {
	case sxx == 0 && syy == 0:
		return 1, nil
	case sxx == 0 || syy == 0:
		return 0, nil
	}
	return clamp(sxy/math.Sqrt(sxx*syy), -1, 1), nil
}

// KendallTau returns Kendall's τ-b of two rankings: (concordant −
// discordant)/√((n0−n1)(n0−n2)), which accounts for ties in either ranking.
// Rankings without any untied pair give 1 if both are fully tied and 0
// otherwise.
func KendallTau(x, y []float64) (float64, error) {
	if err := checkRankings(x, y); err != nil {
		return 0, err
	}
	var con, dis, tx, ty, n0 float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			n0++
			a := sign(x[i] - x[j])
			b := sign(y[i] - y[j])
			switch {
			case a == 0 && b == 0:
				tx++
				ty++
			case a == 0:
				tx++
			case b == 0:
				ty++
			case a == b:
				con++
			default:
				dis++
			}
		}
	}
	den := math.Sqrt((n0 - tx) * (n0 - ty))
	if den == 0 {
		if tx == n0 && ty == n0 {
			return 1, nil
		}
		return 0, nil
	}
	return clamp((con-dis)/den, -1, 1), nil
}

// WSCoefficient returns the WS rank similarity coefficient of Sałabun &
// Urbaniak (2020) of a reference ranking x and a ranking y (rank 1 = best,
// n alternatives): WS = 1 − Σ_i 2^(−x_i)·|x_i − y_i| / max(|x_i − 1|,
// |x_i − n|). It is in 0–1 and, unlike ρ and τ, weighs disagreements at the
// top of the reference ranking more. It is asymmetric: x is the reference.
func WSCoefficient(x, y []float64) (float64, error) {
	if err := checkRankings(x, y); err != nil {
		return 0, err
	}
	n := float64(len(x))
	s := 0.0
	for i := range x {
		den := math.Max(math.Abs(x[i]-1), math.Abs(x[i]-n))
		if den == 0 {
			continue
		}
		s += math.Pow(2, -x[i]) * math.Abs(x[i]-y[i]) / den
	}
	return clamp(1-s, 0, 1), nil
}

func sign(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func isBad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
