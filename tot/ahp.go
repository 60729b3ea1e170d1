package tot

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/mat"
)

// saatyRI is Saaty's random-index table (Saaty 1980): saatyRI[n] is the
// average consistency index of random reciprocal n×n matrices; index 0 is
// unused. AHP's doc lists the values.
var saatyRI = [...]float64{0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59}

// CodeAHPInconsistent is the code of the warning AHP reports when the
// consistency ratio exceeds 0.1 (Saaty's 10% rule).
const CodeAHPInconsistent = "ahp-inconsistent"

// consistencyLimit is the consistency ratio above which a pairwise
// comparison matrix is reported as inconsistent (Saaty's 10% rule).
const consistencyLimit = 0.1

// An AHPResult is the analysis of one pairwise comparison matrix.
type AHPResult struct {
	// Weights is the normalised principal right eigenvector (sum 1), one
	// weight per row of the matrix.
	Weights []float64
	// LambdaMax is the principal eigenvalue (>= n for a reciprocal matrix).
	LambdaMax float64
	// CI is the consistency index (λmax − n)/(n − 1); 0 for n <= 2.
	CI float64
	// CR is the consistency ratio CI/RI(n); 0 when RI(n) is 0 (n <= 2).
	CR float64
	// Consistent reports CR <= 0.1 (Saaty's 10% rule): the comparisons are
	// consistent enough to use the weights. Always true for n <= 2.
	Consistent bool
	// Findings has an "ahp-inconsistent" warning when CR > 0.1 (Consistent
	// is false); never nil.
	Findings []Finding
}

// AHP derives criterion weights from a pairwise comparison matrix
// (pairwise[i][j] = how much more important i is than j, on Saaty's 1–9
// scale; pairwise[j][i] = 1/pairwise[i][j]; diagonal 1) by the principal
// eigenvector method. Entries must be positive and reciprocal within 1% (3
// and 0.333 pass); the matrix is at most 15×15.
//
// The consistency ratio CR = CI/RI(n) uses Saaty's random-index table
// (Saaty 1980): RI(n) = 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45,
// 1.49 for n = 1…10, and the extension 1.51, 1.48, 1.56, 1.57, 1.59 for
// n = 11…15.
func AHP(pairwise [][]float64) (*AHPResult, error) {
	n := len(pairwise)
	if err := checkPairwise(pairwise); err != nil {
		return nil, err
	}
	if n >= len(saatyRI) {
		return nil, invalid(Problem{Path: "pairwise", Message: fmt.Sprintf("is %d×%d; the random-index table covers up to %d×%d", n, n, len(saatyRI)-1, len(saatyRI)-1)})
	}
	res := &AHPResult{Findings: []Finding{}}
	if n == 1 {
		res.Weights = []float64{1}
		res.LambdaMax = 1
		res.Consistent = true
		return res, nil
	}
	a := mat.NewDense(n, n, nil)
	for i, row := range pairwise {
		for j, v := range row {
			a.Set(i, j, v)
		}
	}
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenRight) {
		return nil, fmt.Errorf("ahp: eigendecomposition failed")
	}
	vals := eig.Values(nil)
	// The principal (Perron) eigenvalue of a positive matrix is real and
	// has the largest modulus.
	best := 0
	for k, v := range vals {
		if real(v) > real(vals[best]) {
			best = k
		}
	}
	var vecs mat.CDense
	eig.VectorsTo(&vecs)
	w := make([]float64, n)
	sum := 0.0
	for i := range n {
		// The Perron vector is real and of one sign up to a complex
		// factor; moduli remove it.
		w[i] = cmplx.Abs(vecs.At(i, best))
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	res.Weights = w
	res.LambdaMax = real(vals[best])
	if n > 2 {
		res.CI = math.Max(0, (res.LambdaMax-float64(n))/float64(n-1))
		if saatyRI[n] > 0 {
			res.CR = res.CI / saatyRI[n]
		}
	}
	res.Consistent = res.CR <= consistencyLimit
	if !res.Consistent {
		res.Findings = append(res.Findings, Finding{
			Code:     CodeAHPInconsistent,
			Severity: SeverityWarning,
			Message:  fmt.Sprintf("consistency ratio %.4g exceeds %.2g: revise the pairwise comparisons", res.CR, consistencyLimit),
			Where:    "pairwise",
		})
	}
	return res, nil
}

func checkPairwise(p [][]float64) error {
	n := len(p)
	if n == 0 {
		return invalid(Problem{Path: "pairwise", Message: "is empty"})
	}
	var probs []Problem
	for i, row := range p {
		if len(row) != n {
			probs = append(probs, Problem{Path: fmt.Sprintf("pairwise[%d]", i), Message: fmt.Sprintf("has %d entries, want %d (square matrix)", len(row), n)})
		}
	}
	if len(probs) > 0 {
		return invalid(probs...)
	}
	for i, row := range p {
		for j, v := range row {
			switch {
			case isBad(v) || v <= 0:
				probs = append(probs, Problem{Path: fmt.Sprintf("pairwise[%d][%d]", i, j), Message: fmt.Sprintf("must be a positive number, got %v", v)})
			case i == j && math.Abs(v-1) > 1e-9:
				probs = append(probs, Problem{Path: fmt.Sprintf("pairwise[%d][%d]", i, j), Message: fmt.Sprintf("diagonal must be 1, got %v", v)})
			case j > i && !isBad(p[j][i]) && p[j][i] > 0 && math.Abs(v*p[j][i]-1) > 0.01:
				probs = append(probs, Problem{Path: fmt.Sprintf("pairwise[%d][%d]", j, i), Message: fmt.Sprintf("must be the reciprocal of pairwise[%d][%d] = %v, got %v", i, j, v, p[j][i])})
			}
		}
	}
	if len(probs) > 0 {
		return invalid(probs...)
	}
	return nil
}

// An AHPNode is one node of an AHP hierarchy: a criterion, and, when it has
// children, the pairwise comparison of its children.
type AHPNode struct {
	Name     string
	Pairwise [][]float64 // comparison of Children; nil for a leaf
	Children []AHPNode
}

// An AHPHierarchyResult gives the global weight of every leaf of a
// hierarchy (the product of local weights along its path) and the analysis
// of every comparison matrix.
type AHPHierarchyResult struct {
	Leaves  []string  // leaf names, depth-first in declared order
	Weights []float64 // global weight of each leaf; sum 1
	// Nodes maps each internal node's path ("goal/cost") to its analysis.
	Nodes []AHPNodeResult
	// Findings collects the "ahp-inconsistent" findings of every node,
	// with the node's path in Where; never nil.
	Findings []Finding
}

// An AHPNodeResult is the analysis of one internal node of a hierarchy: its
// path and its AHPResult (weights of its children, CR, Consistent).
type AHPNodeResult struct {
	Path string
	*AHPResult
}

// AHPHierarchy analyses a hierarchy of pairwise comparisons, each internal
// node's matrix as AHP does (Saaty's random-index table).
func AHPHierarchy(root AHPNode) (*AHPHierarchyResult, error) {
	res := &AHPHierarchyResult{Findings: []Finding{}}
	var walk func(n AHPNode, path string, w float64) error
	walk = func(n AHPNode, path string, w float64) error {
		if len(n.Children) == 0 {
			if n.Pairwise != nil {
				return invalid(Problem{Path: path + ".pairwise", Message: "a node without children has no comparisons"})
			}
			res.Leaves = append(res.Leaves, n.Name)
			res.Weights = append(res.Weights, w)
			return nil
		}
		if len(n.Pairwise) != len(n.Children) {
			return invalid(Problem{Path: path + ".pairwise", Message: fmt.Sprintf("has %d rows, want %d (one per child)", len(n.Pairwise), len(n.Children))})
		}
		r, err := AHP(n.Pairwise)
		if err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				for i := range ve.Problems {
					ve.Problems[i].Path = path + "." + ve.Problems[i].Path
				}
			}
			return err
		}
		res.Nodes = append(res.Nodes, AHPNodeResult{Path: path, AHPResult: r})
		for _, f := range r.Findings {
			f.Where = path
			res.Findings = append(res.Findings, f)
		}
		for i, c := range n.Children {
			if err := walk(c, path+"/"+c.Name, w*r.Weights[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, root.Name, 1); err != nil {
		return nil, err
	}
	return res, nil
}
