package tot

import (
	"fmt"
	"math"
)

// The numeric layer: every function takes a decision matrix m (rows =
// alternatives, columns = criteria), weights w (one per column, >= 0, used as
// given: they are not renormalised) and cost (cost[j] marks a cost criterion,
// lower is better; nil means all benefit). Bad input (ragged rows, wrong
// lengths, NaN or ±Inf, negative weights) yields a *ValidationError naming
// every offending index; no function panics or returns NaN.

// WSM returns the weighted sum Σ_j w_j·n(x_ij) of each alternative, n being
// the normalisation. Higher is better.
func WSM(m [][]float64, w []float64, cost []bool, n Normalization) ([]float64, error) {
	rows, _, cn, err := normalizers(m, cost, w, true, n)
	if err != nil {
		return nil, err
	}
	out := make([]float64, rows)
	for i, row := range m {
		s := 0.0
		for j, x := range row {
			s += w[j] * cn[j].apply(x)
		}
		out[i] = s
	}
	return out, nil
}

// WPM returns the weighted product Π_j n(x_ij)^w_j of each alternative, n
// being the normalisation. Higher is better. A normalised value of 0 gives 0
// (or 1 under a zero weight); negative normalised values (Vector with
// negative data) are an error.
func WPM(m [][]float64, w []float64, cost []bool, n Normalization) ([]float64, error) {
	rows, _, cn, err := normalizers(m, cost, w, true, n)
	if err != nil {
		return nil, err
	}
	out := make([]float64, rows)
	var probs []Problem
	for i, row := range m {
		p := 1.0
		for j, x := range row {
			v := cn[j].apply(x)
			if v < 0 {
				if len(probs) < maxProblems {
					probs = append(probs, Problem{Path: fmt.Sprintf("m[%d][%d]", i, j), Message: "normalises to a negative value; the weighted product needs non-negative values"})
				}
				continue
			}
			if w[j] != 0 {
				p *= math.Pow(v, w[j])
			}
		}
		out[i] = p
	}
	if len(probs) > 0 {
		return nil, invalid(probs...)
	}
	return out, nil
}

// TOPSIS returns each alternative's relative closeness to the ideal solution,
// D⁻/(D⁺+D⁻), in 0–1, higher is better. The matrix is normalised by n (cost
// columns reversed as the Normalization documents), weighted, and the ideal
// and anti-ideal are the best and worst weighted normalised value of each
// column. An alternative whose distances to both are zero (every criterion
// constant or zero-weighted) is at the ideal and gets 1.
//
// TOPSIS runs in two passes over m without allocating per row: 100,000×20 in
// a few milliseconds.
func TOPSIS(m [][]float64, w []float64, cost []bool, n Normalization) ([]float64, error) {
	rows, cols, err := checkShape(m, cost, w)
	if err != nil {
		return nil, err
	}
	// One pass validates the cells and gathers the column statistics ...
	cn, lo, hi, err := scanColumns(m, rows, cols, cost, n)
	if err != nil {
		return nil, err
	}
	// ... every normalisation is monotone in x, so the ideal and anti-ideal
	// of a column are its normalised extremes. For the affine columns
	// (v = w·(a·x + b)) the distance terms are (A·x + c1)² and (A·x + c2)²;
	// Sum and Max of cost columns (v = w·a/x) take the slow path.
	A := make([]float64, cols)
	c1 := make([]float64, cols)
	c2 := make([]float64, cols)
	inv := false
	// Closeness does not change when every weight is scaled by the same
	// factor: divide by the largest so that squared distances cannot
	// overflow, whatever the magnitude of the weights.
	wmax := 0.0
	for _, x := range w {
		wmax = math.Max(wmax, x)
	}
	if wmax > 0 {
		ws := make([]float64, cols)
		for j, x := range w {
			ws[j] = x / wmax
		}
		w = ws
	}
	for j := range cols {
		x1, x2 := cn[j].apply(lo[j]), cn[j].apply(hi[j])
		best, worst := math.Max(x1, x2), math.Min(x1, x2)
		switch {
		case cn[j].constant:
			A[j], c1[j], c2[j] = 0, 0, 0
		case cn[j].inv:
			inv = true
		default:
			A[j] = w[j] * cn[j].a
			c1[j] = w[j] * (cn[j].b - best)
			c2[j] = w[j] * (cn[j].b - worst)
		}
	}
	out := make([]float64, rows)
	for i, row := range m {
		row = row[:cols]
		var dp, dm float64
		if !inv {
			for j, x := range row {
				v := A[j] * x
				p, q := v+c1[j], v+c2[j]
				dp += p * p
				dm += q * q
			}
		} else {
			for j, x := range row {
				var p, q float64
				if cn[j].inv {
					x1, x2 := cn[j].apply(lo[j]), cn[j].apply(hi[j])
					v := cn[j].a / x
					p, q = w[j]*(v-math.Max(x1, x2)), w[j]*(v-math.Min(x1, x2))
				} else {
					v := A[j] * x
					p, q = v+c1[j], v+c2[j]
				}
				dp += p * p
				dm += q * q
			}
		}
		out[i] = closeness(dp, dm)
	}
	return out, nil
}

// closeness is TOPSIS's relative closeness D⁻/(D⁺+D⁻) from the squared
// distances to the ideal (dp2) and anti-ideal (dm2); an alternative at
// both (every column constant or zero-weighted) is at the ideal: 1.
func closeness(dp2, dm2 float64) float64 {
	dp, dm := math.Sqrt(dp2), math.Sqrt(dm2)
	if dp+dm == 0 {
		return 1
	}
	return dm / (dp + dm)
}

// columnBounds returns the minimum and maximum of each column.
func columnBounds(m [][]float64, cols int) (lo, hi []float64) {
	lo = make([]float64, cols)
	hi = make([]float64, cols)
	copy(lo, m[0])
	copy(hi, m[0])
	for _, row := range m[1:] {
		for j, x := range row {
			if x < lo[j] {
				lo[j] = x
			}
			if x > hi[j] {
				hi[j] = x
			}
		}
	}
	return lo, hi
}

// A VIKORResult holds the VIKOR measures of each alternative (Opricovic &
// Tzeng 2004). S, R and Q are all lower-is-better.
type VIKORResult struct {
	// S is the group utility Σ_j w_j (f*_j − f_ij)/(f*_j − f⁻_j).
	S []float64
	// R is the individual regret max_j w_j (f*_j − f_ij)/(f*_j − f⁻_j).
	R []float64
	// Q is the compromise index v·(S−S*)/(S⁻−S*) + (1−v)·(R−R*)/(R⁻−R*),
	// in 0–1, lower is better. A term whose spread is zero contributes 0.
	Q []float64
	// Ranking lists alternative indices by Q ascending, ties by index.
	Ranking []int
	// AcceptableAdvantage (condition C1): Q(a″) − Q(a′) >= 1/(m−1), a′ and
	// a″ being the first and second by Q. True with a single alternative.
	AcceptableAdvantage bool
	// AcceptableStability (condition C2): a′ is also best (possibly tied)
	// by S or by R.
	AcceptableStability bool
	// Compromise is the compromise solution set: {a′} when both conditions
	// hold; {a′, a″} when only C2 fails; when C1 fails, every alternative
	// whose Q is within 1/(m−1) of Q(a′) (strictly less). Indices, by Q.
	Compromise []int
}

// VIKOR ranks alternatives by closeness to the ideal (Opricovic & Tzeng
// 2004), v being the weight of the group-utility strategy (usually 0.5, in
// 0–1). f*_j and f⁻_j are the best and worst values of column j (max and min
// for benefit, min and max for cost); a constant column contributes 0.
func VIKOR(m [][]float64, w []float64, cost []bool, v float64) (*VIKORResult, error) {
	rows, cols, err := checkMatrix(m, cost, w, true)
	if err != nil {
		return nil, err
	}
	if isBad(v) || v < 0 || v > 1 {
		return nil, invalid(Problem{Path: "v", Message: fmt.Sprintf("must be in 0–1, got %v", v)})
	}
	lo, hi := columnBounds(m, cols)
	res := &VIKORResult{S: make([]float64, rows), R: make([]float64, rows), Q: make([]float64, rows)}
	for i, row := range m {
		var s, r float64
		for j, x := range row {
			d := hi[j] - lo[j]
			if d == 0 {
				continue
			}
			g := (hi[j] - x) / d // distance from the best, benefit
			if cost != nil && cost[j] {
				g = (x - lo[j]) / d
			}
			t := w[j] * g
			s += t
			r = math.Max(r, t)
		}
		res.S[i], res.R[i] = s, r
	}
	sMin, sMax := minMax(res.S)
	rMin, rMax := minMax(res.R)
	for i := range res.Q {
		var q float64
		if sMax > sMin {
			q += v * (res.S[i] - sMin) / (sMax - sMin)
		}
		if rMax > rMin {
			q += (1 - v) * (res.R[i] - rMin) / (rMax - rMin)
		}
		res.Q[i] = q
	}
	res.Ranking = orderAscending(res.Q)
	first := res.Ranking[0]
	if rows == 1 {
		res.AcceptableAdvantage, res.AcceptableStability = true, true
		res.Compromise = []int{first}
		return res, nil
	}
	dq := 1 / float64(rows-1)
	second := res.Ranking[1]
	res.AcceptableAdvantage = res.Q[second]-res.Q[first] >= dq-1e-12
	res.AcceptableStability = res.S[first] <= sMin+1e-12*math.Max(1, math.Abs(sMin)) || res.R[first] <= rMin+1e-12*math.Max(1, math.Abs(rMin))
	switch {
	case !res.AcceptableAdvantage:
		for _, i := range res.Ranking {
			if res.Q[i]-res.Q[first] < dq-1e-12 {
				res.Compromise = append(res.Compromise, i)
			}
		}
	case !res.AcceptableStability:
		res.Compromise = []int{first, second}
	default:
		res.Compromise = []int{first}
	}
	return res, nil
}

func minMax(x []float64) (lo, hi float64) {
	lo, hi = x[0], x[0]
	for _, v := range x[1:] {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	return lo, hi
}

// orderAscending returns the indices of x by value ascending, ties by index.
func orderAscending(x []float64) []int {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	// insertion sort keeps equal values in index order; inputs are small
	// (alternatives of one decision), and sortStable is used for large ones.
	sortIndices(idx, func(a, b int) bool { return x[a] < x[b] })
	return idx
}

// PreferenceFunction is a PROMETHEE preference function: how much a
// difference d on one criterion makes one alternative preferred, in 0–1.
type PreferenceFunction int

// Preference functions.
const (
	// Usual (type I): P(d) = 1 if d > 0, else 0.
	Usual PreferenceFunction = iota
	// Linear (type V, with an indifference threshold Q and a preference
	// threshold P): P(d) = 0 if d <= Q, (d−Q)/(P−Q) if Q < d <= P, 1 if d > P.
	// Q = 0 gives the V-shape (type III).
	Linear
)

// A Preference configures the PROMETHEE preference function of one
// criterion. The zero Preference is the usual criterion.
type Preference struct {
	Func PreferenceFunction
	Q    float64 // indifference threshold (Linear), in the criterion's units, >= 0
	P    float64 // preference threshold (Linear), > Q
}

func (p Preference) degree(d float64) float64 {
	switch p.Func {
	case Linear:
		switch {
		case d <= p.Q:
			return 0
		case d > p.P:
			return 1
		default:
			return (d - p.Q) / (p.P - p.Q)
		}
	default:
		if d > 0 {
			return 1
		}
		return 0
	}
}

// PROMETHEEII returns each alternative's net outranking flow
// φ(a) = 1/(m−1) Σ_b [π(a,b) − π(b,a)], with π(a,b) = Σ_j w_j P_j(d_j(a,b))
// and d_j the difference a − b on benefit criteria, b − a on cost criteria.
// Flows are in −Σw…+Σw (−1…1 for weights summing to 1), higher is better; a
// single alternative gets 0. pref gives each criterion's preference
// function; nil means Usual for all.
func PROMETHEEII(m [][]float64, w []float64, cost []bool, pref []Preference) ([]float64, error) {
	rows, cols, err := checkMatrix(m, cost, w, true)
	if err != nil {
		return nil, err
	}
	if pref != nil {
		var probs []Problem
		if len(pref) != cols {
			probs = append(probs, Problem{Path: "pref", Message: fmt.Sprintf("has %d entries, want %d (one per column)", len(pref), cols)})
		}
		for j, p := range pref {
			switch {
			case p.Func != Usual && p.Func != Linear:
				probs = append(probs, Problem{Path: fmt.Sprintf("pref[%d].func", j), Message: fmt.Sprintf("unknown preference function %d", int(p.Func))})
			case p.Func == Linear && (isBad(p.Q) || isBad(p.P) || p.Q < 0 || !(p.P > p.Q)):
				probs = append(probs, Problem{Path: fmt.Sprintf("pref[%d]", j), Message: fmt.Sprintf("linear thresholds need 0 <= q < p, got q=%v p=%v", p.Q, p.P)})
			}
		}
		if len(probs) > 0 {
			return nil, invalid(probs...)
		}
	}
	phi := make([]float64, rows)
	if rows == 1 {
		return phi, nil
	}
	for a := range rows {
		for b := a + 1; b < rows; b++ {
			var pab, pba float64
			for j := range cols {
				d := m[a][j] - m[b][j]
				if cost != nil && cost[j] {
					d = -d
				}
				var p Preference
				if pref != nil {
					p = pref[j]
				}
				pab += w[j] * p.degree(d)
				pba += w[j] * p.degree(-d)
			}
			phi[a] += pab - pba
			phi[b] += pba - pab
		}
	}
	k := 1 / float64(rows-1)
	for i := range phi {
		phi[i] *= k
	}
	return phi, nil
}
