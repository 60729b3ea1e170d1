package sensitivity_test

import (
	"context"
	"fmt"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
)

// Do a weighted sum and TOPSIS agree on the order of three vendors scored
// on price (cost) and throughput (benefit)?
func ExampleSpearman() {
	vendors := [][]float64{{120, 800}, {90, 650}, {150, 1000}}
	w := []float64{0.4, 0.6}
	cost := []bool{true, false}
	ws, _ := tot.WSM(vendors, w, cost, tot.MinMax)
	tp, _ := tot.TOPSIS(vendors, w, cost, tot.Vector)
	a, b := sensitivity.Ranks(ws, true), sensitivity.Ranks(tp, true)
	rho, _ := sensitivity.Spearman(a, b)
	tau, _ := sensitivity.KendallTau(a, b)
	wsc, _ := sensitivity.WSCoefficient(a, b)
	fmt.Println("ranks:", a, b)
	fmt.Println("ρ:", numfmt.Trim(rho, 3), "τ:", numfmt.Trim(tau, 3), "WS:", numfmt.Trim(wsc, 3))
	// Output:
	// ranks: [2 3 1] [2 3 1]
	// ρ: 1 τ: 1 WS: 1
}

func ExampleSMAA() {
	// Values already on 0–1, higher is better.
	u := [][]float64{{0.9, 0.2}, {0.5, 0.6}, {0.3, 0.8}}
	r, err := sensitivity.SMAA(context.Background(), u, sensitivity.SMAAOptions{Samples: 10000, Seed: 7})
	if err != nil {
		panic(err)
	}
	for i, acc := range r.Acceptability {
		fmt.Printf("alternative %d: first %s, central weights %s\n", i, numfmt.Fixed(acc[0], 2), fmtFloats(r.CentralWeights[i], 2))
	}
	// Output:
	// alternative 0: first 0.50, central weights [0.75 0.25]
	// alternative 1: first 0.00, central weights [0.00 0.00]
	// alternative 2: first 0.50, central weights [0.25 0.75]
}

func ExampleAnalyze() {
	d := &tot.Decision{
		Title:     "Primary database",
		Threshold: new(65.0), CloseCall: new(5.0),
		Criteria: []tot.Criterion{
			{ID: "performance", Name: "Performance", Weight: 30},
			{ID: "cost", Name: "Cost", Weight: 25, Direction: tot.Cost},
			{ID: "operability", Name: "Operability", Weight: 45},
		},
		Alternatives: []tot.Alternative{
			{ID: "postgres", Scores: map[string]tot.Score{"performance": {Value: 8}, "cost": {Value: 3}, "operability": {Value: 8}}},
			{ID: "mongodb", Scores: map[string]tot.Score{"performance": {Value: 9}, "cost": {Value: 4}, "operability": {Value: 6}}},
			{ID: "dynamodb", Scores: map[string]tot.Score{"performance": {Value: 7}, "cost": {Value: 2}, "operability": {Value: 7}}},
		},
	}
	a, err := sensitivity.Analyze(context.Background(), d, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("recommended:", a.Result.Recommended, "confidence:", a.Confidence)
	for _, s := range a.Stability {
		fmt.Println(s)
	}
	// Output:
	// recommended: postgres confidence: medium
	// the recommendation (postgres) holds while Performance stays between 0% and 62.2%, now 30% (above: mongodb)
	// the recommendation (postgres) holds while Cost stays between 0% and 50%, now 25% (above: dynamodb)
	// the recommendation (postgres) holds while Operability stays between 4.3% and 100%, now 45% (below: mongodb)
}

// The interval of each criterion's weight share within which the
// recommendation holds: B leads while the first criterion's share stays
// between 40% and 60% (A's composite is 100t, B's 60, C's 100(1 − t)).
func ExampleWeights() {
	d := &tot.Decision{
		Threshold: new(0.0), // no minimum score (nil would mean 65)
		Criteria:  []tot.Criterion{{ID: "x", Weight: 1}, {ID: "y", Weight: 1}},
		Alternatives: []tot.Alternative{
			{ID: "A", Scores: map[string]tot.Score{"x": {Value: 10}, "y": {Value: 0}}},
			{ID: "B", Scores: map[string]tot.Score{"x": {Value: 6}, "y": {Value: 6}}},
			{ID: "C", Scores: map[string]tot.Score{"x": {Value: 0}, "y": {Value: 10}}},
		},
	}
	stab, err := sensitivity.Weights(d)
	if err != nil {
		panic(err)
	}
	s := stab[0]
	fmt.Println(s.Recommended, s.Lower, s.Upper, s.BelowTo, s.AboveTo, s.Exact)
	fmt.Println(s)
	// Output:
	// B 0.4 0.6 C A true
	// the recommendation (B) holds while x stays between 40% and 60%, now 50% (below: C; above: A)
}
