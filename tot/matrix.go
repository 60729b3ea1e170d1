package tot

import (
	"fmt"
	"math"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// A Matrix is a dense decision matrix: Rows alternatives by Cols criteria,
// stored row-major in Data (the score of alternative i on criterion j is
// Data[i*Cols+j]). It is the numeric layer under Evaluate, meant for large
// matrices: no strings or maps per cell.
type Matrix struct {
	Rows, Cols int
	Data       []float64 // len Rows*Cols
}

// NewMatrix returns a zero rows×cols Matrix.
func NewMatrix(rows, cols int) *Matrix {
	return &Matrix{Rows: rows, Cols: cols, Data: make([]float64, rows*cols)}
}

// At returns the score of alternative i on criterion j.
func (m *Matrix) At(i, j int) float64 { return m.Data[i*m.Cols+j] }

// Set sets the score of alternative i on criterion j.
func (m *Matrix) Set(i, j int, v float64) { m.Data[i*m.Cols+j] = v }

// Row returns the scores of alternative i, sharing storage with m.
func (m *Matrix) Row(i int) []float64 { return m.Data[i*m.Cols : (i+1)*m.Cols : (i+1)*m.Cols] }

// A Column describes one criterion of a Matrix, as a Criterion without its
// texts.
type Column struct {
	Weight    float64 // relative weight >= 0; the weights are normalised to sum 1
	Scale     Scale   // valid scores; the zero Scale means 0–10
	Direction Direction
	Critical  *float64 // optional gate: benefit score >= *Critical, cost score <= *Critical
}

// MatrixResult is the weighted-sum evaluation of a Matrix, one entry per row.
type MatrixResult struct {
	// Scores are the composites on 0–100, rounded to 12 decimal places
	// (see Evaluate).
	Scores []float64
	// GatesPassed reports that the row passes every critical gate.
	GatesPassed []bool
	// Viable reports that the row passes every gate and its composite is at
	// least the threshold (inclusive, within the tie tolerance).
	Viable []bool
}

// maxMatrixProblems caps the problems EvaluateMatrix lists; the last
// problem then says how many more there were.
const maxMatrixProblems = 100

// EvaluateMatrix computes the weighted-sum composites of m on 0–100 with
// the semantics of Evaluate (linear map of each score from its column's
// scale to 0–1, reversed for cost columns, times the normalised weight,
// times 100), the gates and viability against threshold (0–100, inclusive;
// 0 disables it). It validates in the same pass: the columns as
// Decision.Validate validates criteria (paths "columns[j].weight" ...),
// the threshold, and every cell, which must be finite and within its
// column's scale (path "matrix[i][j]"). At most 100 problems are listed;
// the last then counts the rest. An invalid input yields a
// *ValidationError wrapping ErrInvalid.
//
// EvaluateMatrix makes one pass over m.Data, allocates only its result and
// per-column constants, and does not modify m or cols.
func EvaluateMatrix(m *Matrix, cols []Column, threshold float64) (*MatrixResult, error) {
	v := &validator{}
	if m == nil {
		v.addf("matrix", "nil matrix")
		return nil, v.err()
	}
	if m.Rows < 0 || m.Cols < 0 || len(m.Data) != m.Rows*m.Cols {
		v.addf("matrix", "%d×%d matrix holds %d values, want %d", m.Rows, m.Cols, len(m.Data), m.Rows*m.Cols)
	}
	if m.Cols != len(cols) {
		v.addf("columns", "%d columns for a matrix of %d columns", len(cols), m.Cols)
	}
	if !(threshold >= 0 && threshold <= 100) {
		v.addf("threshold", "must be within 0–100, not %s", numfmt.Shortest(threshold))
	}
	p := v.columns(cols)
	if err := v.err(); err != nil {
		return nil, err
	}
	res := &MatrixResult{
		Scores:      make([]float64, m.Rows),
		GatesPassed: make([]bool, m.Rows),
		Viable:      make([]bool, m.Rows),
	}
	if p.run(m, threshold, res) > 0 {
		return nil, invalid(p.cellProblems(m)...)
	}
	return res, nil
}

// prepared holds per-column constants of the weighted sum.
type prepared struct {
	c    []colConst
	cost []bool
}

// colConst are the constants of one column, packed for the hot loop: the
// contribution of score x is (x - off) * k composite points; x is valid when
// lo <= x <= hi; the gate passes when x*sg >= g (sg = -1 turns a cost gate,
// an upper bound, into a lower bound; no gate is g = -Inf).
type colConst struct {
	k, off, lo, hi, sg, g float64
}

// columns validates cols and prepares the constants.
func (v *validator) columns(cols []Column) *prepared {
	n := len(cols)
	p := &prepared{c: make([]colConst, n), cost: make([]bool, n)}
	if n == 0 {
		v.addf("columns", "at least one column is required")
		return p
	}
	sum, usable := 0.0, true
	for j, c := range cols {
		path := indexPath("columns", j)
		if !finite(c.Weight) || c.Weight < 0 {
			v.addf(path+".weight", "must be finite and >= 0, not %s", numfmt.Shortest(c.Weight))
			usable = false
		} else {
			sum += c.Weight
		}
		lo, hi := c.Scale.Bounds()
		if !scaleUsable(lo, hi) {
			v.addf(path+".scale", "%s", scaleProblem(c.Scale))
		}
		if c.Direction != Benefit && c.Direction != Cost {
			v.addf(path+".direction", "must be benefit or cost, not %d", int(c.Direction))
		}
		cc := &p.c[j]
		cc.lo, cc.hi, p.cost[j] = lo, hi, c.Direction == Cost
		cc.sg, cc.g = 1, math.Inf(-1)
		if p.cost[j] {
			cc.sg = -1
		}
		if c.Critical != nil {
			g := *c.Critical
			if !finite(g) || g < lo || g > hi {
				v.addf(path+".critical", "gate %s must be finite and within the scale %s", numfmt.Shortest(g), c.Scale)
			}
			cc.g = g * cc.sg
		}
	}
	if usable && !(sum > 0 && !math.IsInf(sum, 0)) {
		v.addf("columns", "weights must not all be zero and their sum must be finite")
		return p
	}
	for j := range cols {
		cc := &p.c[j]
		// Multiply before dividing so that integer weights and scales give
		// exact contributions (30% of 7 on 0–10 is exactly 21 points).
		k := 100 * cols[j].Weight / (sum * (cc.hi - cc.lo))
		if math.IsInf(k, 0) || math.IsNaN(k) {
			k = 100 * (cols[j].Weight / sum) / (cc.hi - cc.lo)
		}
		if p.cost[j] {
			cc.k, cc.off = -k, cc.hi
		} else {
			cc.k, cc.off = k, cc.lo
		}
	}
	return p
}

// run computes the composites into res and returns a positive number when
// some cells are invalid (NaN, infinite or outside the scale); res is then
// incomplete.
func (p *prepared) run(m *Matrix, threshold float64, res *MatrixResult) int {
	cols, rows := m.Cols, m.Rows
	cc := p.c[:cols]
	data := m.Data[:rows*cols]
	bad := 0
	i := 0
	// Four rows at a time: four independent sums keep the floating-point
	// units busy; each row is still summed in column order, so the results
	// are exactly those of the one-row loop below.
	for ; i+4 <= rows; i += 4 {
		r0 := data[i*cols : i*cols+cols][:len(cc)]
		r1 := data[(i+1)*cols : (i+1)*cols+cols][:len(cc)]
		r2 := data[(i+2)*cols : (i+2)*cols+cols][:len(cc)]
		r3 := data[(i+3)*cols : (i+3)*cols+cols][:len(cc)]
		var s0, s1, s2, s3 float64
		p0, p1, p2, p3 := true, true, true, true
		for j, c := range cc {
			x0, x1, x2, x3 := r0[j], r1[j], r2[j], r3[j]
			if !(x0 >= c.lo && x0 <= c.hi && x1 >= c.lo && x1 <= c.hi &&
				x2 >= c.lo && x2 <= c.hi && x3 >= c.lo && x3 <= c.hi) { // also catches NaN
				bad++
			}
			p0 = p0 && x0*c.sg >= c.g
			p1 = p1 && x1*c.sg >= c.g
			p2 = p2 && x2*c.sg >= c.g
			p3 = p3 && x3*c.sg >= c.g
			s0 += (x0 - c.off) * c.k
			s1 += (x1 - c.off) * c.k
			s2 += (x2 - c.off) * c.k
			s3 += (x3 - c.off) * c.k
		}
		p.finish(res, i, s0, p0, threshold)
		p.finish(res, i+1, s1, p1, threshold)
		p.finish(res, i+2, s2, p2, threshold)
		p.finish(res, i+3, s3, p3, threshold)
	}
	for ; i < rows; i++ {
		row := data[i*cols : i*cols+cols][:len(cc)]
		s := 0.0
		pass := true
		for j, c := range cc {
			x := row[j]
			if !(x >= c.lo && x <= c.hi) {
				bad++
			}
			pass = pass && x*c.sg >= c.g
			s += (x - c.off) * c.k
		}
		p.finish(res, i, s, pass, threshold)
	}
	return bad
}

// finish stores row i's composite s (rounded) and viability.
func (p *prepared) finish(res *MatrixResult, i int, s float64, pass bool, threshold float64) {
	s = roundNoise(s)
	res.Scores[i] = s
	res.GatesPassed[i] = pass
	res.Viable[i] = pass && !belowThreshold(s, threshold)
}

// cellProblems lists the invalid cells of m; beyond maxMatrixProblems the
// last problem counts the rest.
func (p *prepared) cellProblems(m *Matrix) []Problem {
	invalid := func(j int, x float64) bool { return !(x >= p.c[j].lo && x <= p.c[j].hi) }
	total := 0
	for i := range m.Rows {
		for j, x := range m.Row(i) {
			if invalid(j, x) {
				total++
			}
		}
	}
	limit := total
	if total > maxMatrixProblems {
		limit = maxMatrixProblems - 1
	}
	var out []Problem
	for i := 0; i < m.Rows && len(out) < limit; i++ {
		for j, x := range m.Row(i) {
			if !invalid(j, x) || len(out) == limit {
				continue
			}
			path := fmt.Sprintf("matrix[%d][%d]", i, j)
			if !finite(x) {
				out = append(out, Problem{Path: path, Message: "must be finite, not " + numfmt.Shortest(x)})
			} else {
				out = append(out, Problem{Path: path, Message: fmt.Sprintf("%s is outside the scale %s–%s", numfmt.Shortest(x), numfmt.Shortest(p.c[j].lo), numfmt.Shortest(p.c[j].hi))})
			}
		}
	}
	if limit < total {
		out = append(out, Problem{Path: "matrix", Message: fmt.Sprintf("%d more invalid cells", total-limit)})
	}
	return out
}

// roundNoise rounds x (a 0–100 composite) to 12 decimal places, to remove
// binary floating-point noise (72.50000000000001 becomes 72.5): the nearest
// float64 to the rounded decimal, as strconv would parse it. On the 0–100
// scale this moves values by at most 5e-13 points, far below anything
// displayed and below the tie tolerance.
func roundNoise(x float64) float64 {
	const scale = 1e12
	if math.Abs(x) >= 1e3 || x == 0 { // out of the fast exact range; keep as is
		return x + 0 // turns -0 into 0
	}
	r := math.Round(x*scale) / scale
	if r == 0 {
		return 0
	}
	return r
}
