package tot

import (
	"fmt"
	"math"
)

// A Normalization maps each column of a decision matrix to comparable,
// dimensionless values where higher is better. Every normalisation is
// monotone per column: benefit columns keep their order, cost columns are
// reversed. The zero Normalization is MinMax.
//
// A column on which every alternative has the same value (a constant column)
// normalises to the same value for every alternative, so the criterion
// contributes equally to all of them and never produces NaN.
//
// The scale-linear normalisation of Evaluate's weighted sum needs each
// criterion's scale, so it is a function of its own: NormalizeScales.
type Normalization int

// Normalisations. For a column x (one criterion over all alternatives):
const (
	// MinMax: benefit (x−min)/(max−min), cost (max−x)/(max−min); values
	// in 0–1, the best alternative gets 1 and the worst 0. A constant column
	// normalises to 1 for everyone.
	MinMax Normalization = iota
	// Vector: benefit x/‖x‖, cost 1 − x/‖x‖, with ‖x‖ the Euclidean norm
	// of the column. An all-zero column is treated like any constant column:
	// 1/√m for benefit, 1 − 1/√m for cost (m alternatives). Weighted
	// product needs non-negative values.
	Vector
	// Sum: benefit x/Σx, cost (1/x)/Σ(1/x). Values must be >= 0, and > 0 for
	// cost columns; an all-zero benefit column normalises to 1/m.
	Sum
	// Max (linear): benefit x/max, cost min/x. Values must be >= 0, and > 0
	// for cost columns; an all-zero benefit column normalises to 1.
	Max
)

var normalizationNames = [...]string{
	MinMax: "minmax",
	Vector: "vector",
	Sum:    "sum",
	Max:    "max",
}

// String returns the normalisation's name as used in method spellings:
// "minmax", "vector", "sum" or "max".
func (n Normalization) String() string {
	if n >= 0 && int(n) < len(normalizationNames) {
		return normalizationNames[n]
	}
	return fmt.Sprintf("Normalization(%d)", int(n))
}

// MarshalText returns the normalisation's name (see String); values other
// than MinMax, Vector, Sum and Max are an error.
func (n Normalization) MarshalText() ([]byte, error) {
	if n < 0 || int(n) >= len(normalizationNames) {
		return nil, fmt.Errorf("tot: invalid normalization %d", int(n))
	}
	return []byte(normalizationNames[n]), nil
}

// UnmarshalText reads a normalisation's name: "minmax", "vector", "sum" or
// "max". Anything else is an error naming the value, and leaves n
// unchanged.
func (n *Normalization) UnmarshalText(b []byte) error {
	for i, name := range normalizationNames {
		if name == string(b) {
			*n = Normalization(i)
			return nil
		}
	}
	return fmt.Errorf("unknown normalization %q (want minmax, vector, sum or max)", b)
}

// Normalize returns a new matrix with every column of m normalised by n,
// cost[j] marking the cost criteria (nil means all benefit). Rows are
// alternatives, columns criteria. The result is higher-is-better in every
// column; see the Normalization constants for each formula and its
// treatment of cost columns and constant columns.
func Normalize(m [][]float64, cost []bool, n Normalization) ([][]float64, error) {
	rows, cols, cn, err := normalizers(m, cost, nil, false, n)
	if err != nil {
		return nil, err
	}
	flat := make([]float64, rows*cols)
	out := make([][]float64, rows)
	for i, row := range m {
		r := flat[i*cols : (i+1)*cols : (i+1)*cols]
		for j, x := range row {
			r[j] = cn[j].apply(x)
		}
		out[i] = r
	}
	return out, nil
}

// NormalizeScales maps every score linearly from its criterion's scale to
// 0–1, reversed for cost criteria: benefit (x−min)/(max−min), cost
// (max−x)/(max−min). This is the normalisation of the weighted sum Evaluate
// computes; unlike the other normalisations it does not depend on the other
// alternatives. A zero Scale means 0–10; scales[j] must have Max > Min.
func NormalizeScales(m [][]float64, cost []bool, scales []Scale) ([][]float64, error) {
	rows, cols, err := checkMatrix(m, cost, nil, false)
	if err != nil {
		return nil, err
	}
	if len(scales) != cols {
		return nil, invalid(Problem{Path: "scales", Message: fmt.Sprintf("has %d entries, want %d", len(scales), cols)})
	}
	var probs []Problem
	for j, s := range scales {
		lo, hi := s.Bounds()
		if !(hi > lo) || isBad(lo) || isBad(hi) {
			probs = append(probs, Problem{Path: fmt.Sprintf("scales[%d]", j), Message: "max must be greater than min"})
		}
	}
	if len(probs) > 0 {
		return nil, invalid(probs...)
	}
	flat := make([]float64, rows*cols)
	out := make([][]float64, rows)
	for i, row := range m {
		r := flat[i*cols : (i+1)*cols : (i+1)*cols]
		for j, x := range row {
			lo, hi := scales[j].Bounds()
			if cost != nil && cost[j] {
				r[j] = (hi - x) / (hi - lo)
			} else {
				r[j] = (x - lo) / (hi - lo)
			}
		}
		out[i] = r
	}
	return out, nil
}

// colNorm is the normalisation of one column: v = a·x + b, or, when inv is
// set, v = a/x (Sum and Max of cost columns). constant columns use c.
type colNorm struct {
	a, b     float64
	inv      bool
	constant bool
	c        float64
}

func (cn colNorm) apply(x float64) float64 {
	switch {
	case cn.constant:
		return cn.c
	case cn.inv:
		return cn.a / x
	default:
		return cn.a*x + cn.b
	}
}

// normalizers validates m (and w when needW, as checkMatrix does) and
// returns its shape and the normaliser of each column.
func normalizers(m [][]float64, cost []bool, w []float64, needW bool, n Normalization) (rows, cols int, cn []colNorm, err error) {
	rows, cols, err = checkMatrix(m, cost, w, needW)
	if err != nil {
		return 0, 0, nil, err
	}
	cn, err = columnNormalizers(m, rows, cols, cost, n)
	return rows, cols, cn, err
}

// columnNormalizers computes each column's normalisation in one pass over m.
// m is already validated (rectangular, finite).
func columnNormalizers(m [][]float64, rows, cols int, cost []bool, n Normalization) ([]colNorm, error) {
	cn, _, _, err := scanColumns(m, rows, cols, cost, n)
	return cn, err
}

// scanColumns makes one pass over m (whose shape checkShape validated):
// it checks every cell (finite; >= 0, or > 0 for cost columns, with Sum and
// Max), gathers each column's minimum, maximum and the sum the
// normalisation needs, and returns the column normalisations.
func scanColumns(m [][]float64, rows, cols int, cost []bool, n Normalization) (cn []colNorm, lo, hi []float64, err error) {
	if n < MinMax || n > Max {
		return nil, nil, nil, invalid(Problem{Path: "normalization", Message: fmt.Sprintf("unknown normalization %d", int(n))})
	}
	lo = make([]float64, cols)
	hi = make([]float64, cols)
	acc := make([]float64, cols) // Σx², Σx or Σ1/x
	copy(lo, m[0])
	copy(hi, m[0])
	bad := 0
	for _, row := range m {
		row = row[:cols]
		for j, x := range row {
			if x-x != 0 { // NaN or ±Inf
				bad++
				continue
			}
			lo[j] = min(lo[j], x)
			hi[j] = max(hi[j], x)
			switch n {
			case Vector:
				acc[j] += x * x
			case Sum:
				if cost != nil && cost[j] {
					acc[j] += 1 / x
				} else {
					acc[j] += x
				}
			}
		}
	}
	var probs []Problem
	if bad > 0 {
		_, _, err := checkMatrix(m, nil, nil, false)
		return nil, nil, nil, err
	}
	if n == Sum || n == Max {
		for j := range cols {
			isCost := cost != nil && cost[j]
			if lo[j] > 0 || (lo[j] == 0 && !isCost) {
				continue
			}
			for i, row := range m {
				if x := row[j]; x < 0 || (isCost && x == 0) {
					if len(probs) < maxProblems {
						want := "must be >= 0"
						if isCost {
							want = "must be > 0 for a cost criterion"
						}
						probs = append(probs, Problem{Path: fmt.Sprintf("m[%d][%d]", i, j), Message: want + " with " + n.String() + " normalization"})
					}
				}
			}
		}
	}
	if len(probs) > 0 {
		return nil, nil, nil, invalid(probs...)
	}
	cn = make([]colNorm, cols)
	for j := range cn {
		cn[j] = newColNorm(n, rows, cost != nil && cost[j], lo[j], hi[j], acc[j])
	}
	return cn, lo, hi, nil
}

// newColNorm returns the normalisation of one column from its statistics.
func newColNorm(n Normalization, rows int, isCost bool, lo, hi, acc float64) colNorm {
	constant := lo == hi
	switch n {
	case Vector:
		norm := math.Sqrt(acc)
		switch {
		case norm == 0 || constant:
			v := 1 / math.Sqrt(float64(rows))
			if isCost {
				v = 1 - v
			}
			return colNorm{constant: true, c: v}
		case isCost:
			return colNorm{a: -1 / norm, b: 1}
		default:
			return colNorm{a: 1 / norm}
		}
	case Sum:
		switch {
		case constant:
			return colNorm{constant: true, c: 1 / float64(rows)}
		case isCost:
			return colNorm{a: 1 / acc, inv: true}
		default:
			return colNorm{a: 1 / acc}
		}
	case Max:
		switch {
		case constant:
			return colNorm{constant: true, c: 1}
		case isCost:
			return colNorm{a: lo, inv: true}
		default:
			return colNorm{a: 1 / hi}
		}
	default: // MinMax
		d := hi - lo
		switch {
		case constant:
			return colNorm{constant: true, c: 1}
		case isCost:
			return colNorm{a: -1 / d, b: hi / d}
		default:
			return colNorm{a: 1 / d, b: -lo / d}
		}
	}
}

// maxProblems caps the problems listed for one matrix; the last one says how
// many more there were.
const maxProblems = 20

func isBad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// checkShape validates what checkMatrix does except the cells: at least
// one row and one column, rectangular, cost and w lengths, weights finite
// and >= 0 (w is required). scanColumns then checks the cells.
func checkShape(m [][]float64, cost []bool, w []float64) (rows, cols int, err error) {
	if len(m) == 0 || len(m[0]) == 0 || w == nil || len(w) != len(m[0]) || (cost != nil && len(cost) != len(m[0])) {
		return checkMatrix(m, cost, w, true)
	}
	cols = len(m[0])
	for _, row := range m {
		if len(row) != cols {
			return checkMatrix(m, cost, w, true)
		}
	}
	for _, x := range w {
		if !(x >= 0) || math.IsInf(x, 0) {
			return checkMatrix(m, cost, w, true)
		}
	}
	return len(m), cols, nil
}

// checkMatrix validates a decision matrix: at least one row and one column,
// rectangular, finite, cost (if non-nil) and w (if non-nil) with one entry
// per column, weights finite and >= 0. It lists every problem (up to
// maxProblems per kind) with its index. It returns the dimensions.
func checkMatrix(m [][]float64, cost []bool, w []float64, needW bool) (rows, cols int, err error) {
	var probs []Problem
	if len(m) == 0 {
		return 0, 0, invalid(Problem{Path: "m", Message: "has no rows (alternatives)"})
	}
	cols = len(m[0])
	if cols == 0 {
		return 0, 0, invalid(Problem{Path: "m[0]", Message: "has no columns (criteria)"})
	}
	bad := 0
	for i, row := range m {
		if len(row) != cols {
			if bad < maxProblems {
				probs = append(probs, Problem{Path: fmt.Sprintf("m[%d]", i), Message: fmt.Sprintf("has %d columns, want %d (ragged matrix)", len(row), cols)})
			}
			bad++
			continue
		}
		for j, x := range row {
			if isBad(x) {
				if bad < maxProblems {
					probs = append(probs, Problem{Path: fmt.Sprintf("m[%d][%d]", i, j), Message: fmt.Sprintf("must be a finite number, got %v", x)})
				}
				bad++
			}
		}
	}
	if bad > maxProblems {
		probs = append(probs, Problem{Path: "m", Message: fmt.Sprintf("%d more problems not listed", bad-maxProblems)})
	}
	if cost != nil && len(cost) != cols {
		probs = append(probs, Problem{Path: "cost", Message: fmt.Sprintf("has %d entries, want %d (one per column)", len(cost), cols)})
	}
	if needW && w == nil {
		probs = append(probs, Problem{Path: "w", Message: "is missing"})
	}
	if w != nil {
		if len(w) != cols {
			probs = append(probs, Problem{Path: "w", Message: fmt.Sprintf("has %d entries, want %d (one per column)", len(w), cols)})
		}
		for j, x := range w {
			switch {
			case isBad(x):
				probs = append(probs, Problem{Path: fmt.Sprintf("w[%d]", j), Message: fmt.Sprintf("must be a finite number, got %v", x)})
			case x < 0:
				probs = append(probs, Problem{Path: fmt.Sprintf("w[%d]", j), Message: fmt.Sprintf("must be >= 0, got %v", x)})
			}
		}
	}
	if len(probs) > 0 {
		return 0, 0, invalid(probs...)
	}
	return len(m), cols, nil
}
