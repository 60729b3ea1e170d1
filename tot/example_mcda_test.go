package tot_test

import (
	"fmt"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

func fmtFloats(xs []float64, prec int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = numfmt.Fixed(x, prec)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// Three vendors scored on price (cost) and throughput (benefit).
var vendors = [][]float64{
	{120, 800},
	{90, 650},
	{150, 1000},
}

func ExampleNormalize() {
	cost := []bool{true, false}
	for _, n := range []tot.Normalization{tot.MinMax, tot.Vector, tot.Sum, tot.Max} {
		m, err := tot.Normalize(vendors, cost, n)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-6s %s %s %s\n", n, fmtFloats(m[0], 3), fmtFloats(m[1], 3), fmtFloats(m[2], 3))
	}
	// Output:
	// minmax [0.500 0.429] [1.000 0.000] [0.000 1.000]
	// vector [0.434 0.557] [0.576 0.453] [0.293 0.696]
	// sum    [0.319 0.327] [0.426 0.265] [0.255 0.408]
	// max    [0.750 0.800] [1.000 0.650] [0.600 1.000]
}

func ExampleWSM() {
	w := []float64{0.4, 0.6}
	cost := []bool{true, false}
	ws, _ := tot.WSM(vendors, w, cost, tot.MinMax)
	wp, _ := tot.WPM(vendors, w, cost, tot.Max)
	fmt.Println("weighted sum:    ", fmtFloats(ws, 4))
	fmt.Println("weighted product:", fmtFloats(wp, 4))
	// Output:
	// weighted sum:     [0.4571 0.4000 0.6000]
	// weighted product: [0.7796 0.7722 0.8152]
}

func ExampleTOPSIS() {
	// Opricovic & Tzeng (2004): risk (cost) and altitude (benefit).
	m := [][]float64{{1, 3000}, {2, 3750}, {5, 4500}}
	c, err := tot.TOPSIS(m, []float64{0.5, 0.5}, []bool{true, false}, tot.MinMax)
	if err != nil {
		panic(err)
	}
	fmt.Println("closeness (higher is better):", fmtFloats(c, 3))
	// Output:
	// closeness (higher is better): [0.500 0.617 0.500]
}

func ExampleVIKOR() {
	// Tzeng & Huang (2011): durability, capacity, reliability.
	m := [][]float64{{5, 8, 4}, {7, 6, 8}, {8, 8, 6}, {7, 4, 6}}
	r, err := tot.VIKOR(m, []float64{0.3, 0.4, 0.3}, nil, 0.5)
	if err != nil {
		panic(err)
	}
	fmt.Println("Q (lower is better):", fmtFloats(r.Q, 2))
	fmt.Println("acceptable advantage:", r.AcceptableAdvantage, "stability:", r.AcceptableStability)
	fmt.Println("compromise set:", r.Compromise)
	// Output:
	// Q (lower is better): [0.75 0.25 0.00 1.00]
	// acceptable advantage: false stability: true
	// compromise set: [2 1]
}

func ExamplePROMETHEEII() {
	m := [][]float64{{4, 3, 2}, {3, 2, 4}, {5, 1, 3}}
	w := []float64{0.5, 0.3, 0.2}
	usual, _ := tot.PROMETHEEII(m, w, nil, nil)
	linear := []tot.Preference{{Func: tot.Linear, P: 2}, {Func: tot.Linear, P: 2}, {Func: tot.Linear, P: 2}}
	lin, _ := tot.PROMETHEEII(m, w, nil, linear)
	fmt.Println("usual: ", fmtFloats(usual, 3))
	fmt.Println("linear:", fmtFloats(lin, 3))
	// Output:
	// usual:  [0.100 -0.300 0.200]
	// linear: [0.075 -0.225 0.150]
}

func ExampleAHP() {
	// Performance is 3 times as important as cost and 5 times as important
	// as operability; cost is 2 times as important as operability.
	pairwise := [][]float64{
		{1, 3, 5},
		{1.0 / 3, 1, 2},
		{1.0 / 5, 1.0 / 2, 1},
	}
	r, err := tot.AHP(pairwise)
	if err != nil {
		panic(err)
	}
	fmt.Println("weights:", fmtFloats(r.Weights, 3))
	fmt.Println("λmax:", numfmt.Fixed(r.LambdaMax, 4), "CR:", numfmt.Fixed(r.CR, 4), "findings:", len(r.Findings))
	// Output:
	// weights: [0.648 0.230 0.122]
	// λmax: 3.0037 CR: 0.0032 findings: 0
}

func ExampleEntropyWeights() {
	ew, _ := tot.EntropyWeights(vendors)
	cw, _ := tot.CRITICWeights(vendors, []bool{true, false})
	roc, _ := tot.ROCWeights([]int{1, 2})
	fmt.Println("entropy:", fmtFloats(ew, 3))
	fmt.Println("CRITIC: ", fmtFloats(cw, 3))
	fmt.Println("ROC:    ", fmtFloats(roc, 3))
	// Output:
	// entropy: [0.578 0.422]
	// CRITIC:  [0.499 0.501]
	// ROC:     [0.750 0.250]
}
