package tot_test

import (
	"errors"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
)

// Wang & Chin (2011), A linear programming approximation to the eigenvector
// method in the analytic hierarchy process, Information Sciences 181(23)
// 5240–5248: a 6×6 comparison matrix (pymcdm's AHP case).
var wangChin2011 = [][]float64{
	{1, 4, 3, 1, 3, 4},
	{1.0 / 4, 1, 7, 3, 1.0 / 5, 1},
	{1.0 / 3, 1.0 / 7, 1, 1.0 / 5, 1.0 / 5, 1.0 / 6},
	{1, 1.0 / 3, 5, 1, 1, 1.0 / 3},
	{1.0 / 3, 5, 5, 1, 1, 3},
	{1.0 / 4, 1, 6, 3, 1.0 / 3, 1},
}

// powerIteration is an independent computation of the principal eigenpair.
func powerIteration(a [][]float64) (w []float64, lambda float64) {
	n := len(a)
	w = make([]float64, n)
	for i := range w {
		w[i] = 1 / float64(n)
	}
	for range 1000 {
		next := make([]float64, n)
		s := 0.0
		for i := range a {
			for j := range a[i] {
				next[i] += a[i][j] * w[j]
			}
			s += next[i]
		}
		lambda = s // since Σw = 1, Σ(Aw) = λ at convergence
		for i := range next {
			next[i] /= s
		}
		w = next
	}
	return w, lambda
}

func TestAHPWangChin2011(t *testing.T) {
	got, err := tot.AHP(wangChin2011)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "weights", got.Weights, []float64{0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391}, 1e-4)
	w, lambda := powerIteration(wangChin2011)
	checkFloats(t, "weights vs power iteration", got.Weights, w, 1e-9)
	if !closeTo(got.LambdaMax, lambda, 1e-9) {
		t.Errorf("LambdaMax = %v, power iteration %v", got.LambdaMax, lambda)
	}
	ci := (lambda - 6) / 5
	if !closeTo(got.CI, ci, 1e-9) || !closeTo(got.CR, ci/1.24, 1e-9) {
		t.Errorf("CI, CR = %v, %v, want %v, %v", got.CI, got.CR, ci, ci/1.24)
	}
	// This matrix is badly inconsistent (CR ≈ 0.28): a finding is reported.
	if got.CR <= 0.1 || got.Consistent || len(got.Findings) != 1 || got.Findings[0].Code != "ahp-inconsistent" {
		t.Errorf("CR = %v, Consistent %v, findings %+v: want inconsistent, one ahp-inconsistent finding", got.CR, got.Consistent, got.Findings)
	}
}

// Saaty's random-index table covers matrices up to 15×15.
func TestAHPSize(t *testing.T) {
	ones := func(n int) [][]float64 {
		m := make([][]float64, n)
		for i := range m {
			m[i] = make([]float64, n)
			for j := range m[i] {
				m[i][j] = 1
			}
		}
		return m
	}
	got, err := tot.AHP(ones(15))
	if err != nil || got.CR > 1e-9 || !got.Consistent {
		t.Errorf("AHP(15×15 ones) = %+v, %v; want CR 0, consistent", got, err)
	}
	if _, err := tot.AHP(ones(16)); !errors.Is(err, tot.ErrInvalid) {
		t.Errorf("AHP(16×16 ones): error %v, want one wrapping ErrInvalid", err)
	}
}

func TestAHPConsistent(t *testing.T) {
	// A perfectly consistent matrix built from weights 4:2:1: the weights
	// come back exactly, λmax = n, CI = CR = 0, no finding.
	a := [][]float64{{1, 2, 4}, {0.5, 1, 2}, {0.25, 0.5, 1}}
	got, err := tot.AHP(a)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "weights", got.Weights, []float64{4.0 / 7, 2.0 / 7, 1.0 / 7}, 1e-12)
	if !closeTo(got.LambdaMax, 3, 1e-12) || got.CR > 1e-12 || !got.Consistent || len(got.Findings) != 0 {
		t.Errorf("λmax %v CR %v Consistent %v findings %v, want 3, 0, true, none", got.LambdaMax, got.CR, got.Consistent, got.Findings)
	}
	one, err := tot.AHP([][]float64{{1}})
	if err != nil || one.Weights[0] != 1 || !one.Consistent {
		t.Errorf("AHP 1×1 = %+v, %v", one, err)
	}
}

func TestAHPHierarchy(t *testing.T) {
	root := tot.AHPNode{Name: "goal",
		Pairwise: [][]float64{{1, 3}, {1.0 / 3, 1}},
		Children: []tot.AHPNode{
			{Name: "quality", Pairwise: [][]float64{{1, 1}, {1, 1}}, Children: []tot.AHPNode{{Name: "perf"}, {Name: "sec"}}},
			{Name: "cost"},
		},
	}
	got, err := tot.AHPHierarchy(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Leaves) != 3 || got.Leaves[0] != "perf" || got.Leaves[2] != "cost" {
		t.Fatalf("leaves %v", got.Leaves)
	}
	checkFloats(t, "global weights", got.Weights, []float64{0.375, 0.375, 0.25}, 1e-12)
	if len(got.Nodes) != 2 || !got.Nodes[0].Consistent || !got.Nodes[1].Consistent {
		t.Errorf("nodes %+v, want two, both consistent", got.Nodes)
	}
	bad := root
	bad.Children = []tot.AHPNode{{Name: "x", Pairwise: [][]float64{{1, 1}}}, {Name: "y"}}
	if _, err := tot.AHPHierarchy(bad); err == nil {
		t.Error("hierarchy with a malformed node: no error")
	}
	inc := tot.AHPNode{Name: "goal", Pairwise: wangChin2011, Children: make([]tot.AHPNode, 6)}
	for i := range inc.Children {
		inc.Children[i].Name = string(rune('a' + i))
	}
	got, err = tot.AHPHierarchy(inc)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != 1 || got.Findings[0].Where != "goal" {
		t.Errorf("findings %+v, want one at goal", got.Findings)
	}
	if len(got.Nodes) != 1 || got.Nodes[0].Consistent {
		t.Errorf("nodes %+v, want one, not consistent", got.Nodes)
	}
}

func TestEntropyWeights(t *testing.T) {
	// Elsayed, Dawood & Karthikeyan (2017), Evaluating alternatives through
	// the application of TOPSIS method with entropy weight, IJETT 46(2) 60–66.
	elsayed := [][]float64{
		{7, 312, 1891, 6613, 163},
		{72, 88, 728, 941804, 1078},
		{10, 252, 2594, 3466, 117471},
		{10, 145, 980, 2371, 86329},
		{65, 54, 350, 501, 29897},
		{29, 48, 380, 912, 34051},
		{7, 476, 3300, 78470, 2212},
		{70, 87, 650, 733, 819000},
		{4, 86, 591, 3015, 103},
		{12, 79, 579, 3240, 96098},
		{21, 45, 261, 1253, 453},
		{1, 72, 530, 4333, 0.104800},
	}
	got, err := tot.EntropyWeights(elsayed)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "Elsayed2017", got, []float64{0.104991, 0.069124, 0.071373, 0.449937, 0.304575}, 1e-6)

	// Xu (2004), A note on the subjective and objective integrated approach
	// to determine attribute weights, EJOR 156(2) 530–532 (pyrepo-mcda).
	xu := [][]float64{{30, 30, 38, 29}, {19, 54, 86, 29}, {19, 15, 85, 28.9}, {68, 70, 60, 29}}
	got, err = tot.EntropyWeights(xu)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "Xu2004", got, []float64{0.4630, 0.3992, 0.1378, 0.0000}, 5e-5)

	// Ersoy (2021), six criteria (pyrepo-mcda).
	got, err = tot.EntropyWeights(ersoy2021)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "Ersoy2021", got, []float64{0.405, 0.221, 0.134, 0.199, 0.007, 0.034}, 5e-4)
}

func TestCRITICWeights(t *testing.T) {
	// Diakoulaki, Mavrotas & Papayannakis (1995), Determining objective
	// weights in multiple criteria problems: the CRITIC method, Computers &
	// Operations Research 22(7) 763–770 (scikit-criteria's case).
	diakoulaki := [][]float64{
		{61, 1.08, 4.33},
		{20.7, 0.26, 4.34},
		{16.3, 1.98, 2.53},
		{9.0, 3.29, 1.65},
		{5.4, 2.77, 2.33},
		{4.0, 4.12, 1.21},
		{-6.1, 3.52, 2.10},
		{-34.6, 3.31, 0.98},
	}
	got, err := tot.CRITICWeights(diakoulaki, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "Diakoulaki1995", got, []float64{0.20222554, 0.48090173, 0.31687273}, 1e-6)

	// Tuş & Adalı (2019), The new combination with CRITIC and WASPAS methods
	// for the time and attendance software selection problem, Opsearch
	// 56(2) 528–538 (pymcdm and pyrepo-mcda, every column as benefit).
	tus := [][]float64{
		{5000, 3, 3, 4, 3, 2},
		{680, 5, 3, 2, 2, 1},
		{2000, 3, 2, 3, 4, 3},
		{600, 4, 3, 1, 2, 2},
		{800, 2, 4, 3, 3, 4},
	}
	got, err = tot.CRITICWeights(tus, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "Tus2019", got, []float64{0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, 5e-4)

	// A cost column is reversed before correlating: same result as
	// negating the column and treating it as benefit.
	cost := []bool{true, false, false, false, false, false}
	got, err = tot.CRITICWeights(tus, cost)
	if err != nil {
		t.Fatal(err)
	}
	neg := make([][]float64, len(tus))
	for i, row := range tus {
		neg[i] = append([]float64{-row[0]}, row[1:]...)
	}
	want, err := tot.CRITICWeights(neg, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "Tus2019 cost", got, want, 1e-12)
}

func TestRankOrderWeights(t *testing.T) {
	// ROC, n = 3 (Barron & Barrett 1996): (1+1/2+1/3)/3, (1/2+1/3)/3, (1/3)/3.
	got, err := tot.ROCWeights([]int{2, 1, 3})
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "ROC", got, []float64{(1.0/2 + 1.0/3) / 3, (1 + 1.0/2 + 1.0/3) / 3, 1.0 / 9}, 1e-12)
	// Rank sum, n = 4: 4/10, 3/10, 2/10, 1/10; a tie at rank 2 shares 3/10+2/10.
	got, err = tot.RankSumWeights([]int{1, 2, 2, 4})
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "RankSum", got, []float64{0.4, 0.25, 0.25, 0.1}, 1e-12)
}
