package tot

import (
	"fmt"
	"math"
)

// EntropyWeights returns Shannon-entropy objective weights (sum 1): each
// column is normalised to shares p_ij = x_ij/Σ_i x_ij, its entropy is
// E_j = −Σ_i p_ij ln p_ij / ln m (0·ln 0 = 0), and w_j ∝ 1 − E_j. Values must
// be >= 0. A column that is constant (or all zero) carries no information
// and gets weight 0; if every column does, the weights are equal. With a
// single alternative the weights are equal.
func EntropyWeights(m [][]float64) ([]float64, error) {
	rows, cols, err := checkMatrix(m, nil, nil, false)
	if err != nil {
		return nil, err
	}
	var probs []Problem
	for i, row := range m {
		for j, x := range row {
			if x < 0 && len(probs) < maxProblems {
				probs = append(probs, Problem{Path: fmt.Sprintf("m[%d][%d]", i, j), Message: fmt.Sprintf("must be >= 0 for entropy weights, got %v", x)})
			}
		}
	}
	if len(probs) > 0 {
		return nil, invalid(probs...)
	}
	d := make([]float64, cols)
	if rows > 1 {
		lnm := math.Log(float64(rows))
		lo, hi := columnBounds(m, cols)
		for j := range cols {
			if lo[j] == hi[j] {
				continue
			}
			sum := 0.0
			for _, row := range m {
				sum += row[j]
			}
			e := 0.0
			for _, row := range m {
				if p := row[j] / sum; p > 0 {
					e -= p * math.Log(p)
				}
			}
			d[j] = math.Max(0, 1-e/lnm)
		}
	}
	return normalizeOrEqual(d), nil
}

// normalizeOrEqual scales d to sum 1, or returns equal weights when d sums to 0.
func normalizeOrEqual(d []float64) []float64 {
	s := 0.0
	for _, v := range d {
		s += v
	}
	out := make([]float64, len(d))
	for j, v := range d {
		if s > 0 {
			out[j] = v / s
		} else {
			out[j] = 1 / float64(len(d))
		}
	}
	return out
}

// CRITICWeights returns CRITIC objective weights (Diakoulaki, Mavrotas &
// Papayannakis 1995), summing to 1: the matrix is min-max normalised (cost
// columns reversed, as MinMax documents), and w_j ∝ σ_j·Σ_k (1 − r_jk), σ_j
// being the standard deviation of normalised column j and r_jk Pearson's
// correlation of columns j and k. A constant column has σ = 0 and gets
// weight 0 (its correlations are taken as 0); if every column is constant,
// or there is a single alternative, the weights are equal. The scale of σ
// (population or sample) cancels out.
//
// Reversing a cost column flips the sign of its correlations, so the result
// depends on cost; pass nil to treat every column as benefit (as pymcdm and
// pyrepo-mcda do).
func CRITICWeights(m [][]float64, cost []bool) ([]float64, error) {
	n, err := Normalize(m, cost, MinMax)
	if err != nil {
		return nil, err
	}
	rows, cols := len(n), len(n[0])
	mean := make([]float64, cols)
	for _, row := range n {
		for j, v := range row {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(rows)
	}
	// cov[j][k] = Σ_i (n_ij − mean_j)(n_ik − mean_k)
	cov := make([][]float64, cols)
	for j := range cov {
		cov[j] = make([]float64, cols)
	}
	for _, row := range n {
		for j := range cols {
			dj := row[j] - mean[j]
			for k := j; k < cols; k++ {
				cov[j][k] += dj * (row[k] - mean[k])
			}
		}
	}
	c := make([]float64, cols)
	for j := range cols {
		if cov[j][j] <= 0 {
			continue
		}
		sigma := math.Sqrt(cov[j][j] / float64(rows))
		conflict := 0.0
		for k := range cols {
			a, b := j, k
			if a > b {
				a, b = b, a
			}
			r := 0.0
			if cov[k][k] > 0 {
				r = clamp(cov[a][b]/math.Sqrt(cov[j][j]*cov[k][k]), -1, 1)
			}
			conflict += 1 - r
		}
		c[j] = sigma * conflict
	}
	return normalizeOrEqual(c), nil
}

// ROCWeights returns rank-order-centroid weights (Barron & Barrett 1996),
// summing to 1, from the importance rank of each criterion (ranks[j] = 1 for
// the most important): the criterion ranked k of n gets (1/n) Σ_{i=k}^{n} 1/i.
// Criteria sharing a rank share equally the weights of the positions they
// span. Ranks must be 1…n.
func ROCWeights(ranks []int) ([]float64, error) {
	return rankOrderWeights(ranks, func(k, n int) float64 {
		s := 0.0
		for i := k; i <= n; i++ {
			s += 1 / float64(i)
		}
		return s / float64(n)
	})
}

// RankSumWeights returns rank-sum weights, summing to 1: the criterion
// ranked k of n gets 2(n+1−k)/(n(n+1)). Ties and ranks as for ROCWeights.
func RankSumWeights(ranks []int) ([]float64, error) {
	return rankOrderWeights(ranks, func(k, n int) float64 {
		return 2 * float64(n+1-k) / float64(n*(n+1))
	})
}

func rankOrderWeights(ranks []int, at func(k, n int) float64) ([]float64, error) {
	n := len(ranks)
	if n == 0 {
		return nil, invalid(Problem{Path: "ranks", Message: "is empty"})
	}
	var probs []Problem
	count := make([]int, n+1)
	for j, r := range ranks {
		if r < 1 || r > n {
			probs = append(probs, Problem{Path: fmt.Sprintf("ranks[%d]", j), Message: fmt.Sprintf("must be in 1…%d, got %d", n, r)})
			continue
		}
		count[r]++
	}
	if len(probs) > 0 {
		return nil, invalid(probs...)
	}
	// Criteria with rank r occupy positions r … r+count[r]−1 (competition
	// ranking); they share those positions' weights.
	out := make([]float64, n)
	for j, r := range ranks {
		s := 0.0
		for k := r; k < r+count[r] && k <= n; k++ {
			s += at(k, n)
		}
		out[j] = s / float64(count[r])
	}
	return normalizeOrEqual(out), nil
}
