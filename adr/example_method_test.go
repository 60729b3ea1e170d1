package adr_test

import (
	"fmt"
	"strings"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/tot"
)

// Record a decision evaluated with TOPSIS rather than the weighted sum: the
// record names the method, the matrix shows scores without contributions,
// and Audit recomputes the totals with TOPSIS.
func ExampleFromDecision_method() {
	d := &tot.Decision{
		Title:     "Cache",
		Method:    tot.MethodTOPSIS,
		Threshold: new(50.0),
		Criteria: []tot.Criterion{
			{ID: "speed", Name: "Speed", Weight: 50},
			{ID: "ops", Name: "Operations", Weight: 30},
			{ID: "cost", Name: "Cost", Weight: 20},
		},
		Alternatives: []tot.Alternative{
			{ID: "redis", Name: "Redis", Scores: map[string]tot.Score{"speed": {Value: 9}, "ops": {Value: 7}, "cost": {Value: 6}}},
			{ID: "memcached", Name: "Memcached", Scores: map[string]tot.Score{"speed": {Value: 8}, "ops": {Value: 8}, "cost": {Value: 8}}},
			{ID: "local", Name: "In-process", Scores: map[string]tot.Score{"speed": {Value: 10}, "ops": {Value: 4}, "cost": {Value: 9}}},
		},
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := adr.FromDecision(d, res)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := r.Render(&b, adr.ToT); err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "**Method:**") {
			fmt.Println(l)
		}
	}
	_, matrix, _ := strings.Cut(b.String(), "## Options Comparison Matrix\n\n")
	matrix, _, _ = strings.Cut(matrix, "\n\n")
	fmt.Println(matrix)
	fmt.Println(r.Decision.Quantitative[0])

	// a hand-edited total is recomputed with TOPSIS
	edited := strings.Replace(b.String(), "| 1. Redis | 9 | 7 | 6 | **55.2** |", "| 1. Redis | 9 | 7 | 6 | **65.2** |", 1)
	p, err := adr.Parse([]byte(edited))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range adr.Audit(p) {
		if f.Code == adr.CodeDeclaredMismatch {
			fmt.Printf("%s %s: %s\n", f.Code, f.Where, f.Message)
		}
	}
	// Output:
	// **Method:** `topsis` — TOPSIS closeness to the ideal × 100, scale normalisation (0–100, higher is better)
	// | Option | Speed | Operations | Cost | **Total** | Critical Pass? |
	// |--------|-------|------------|------|-----------|----------------|
	// | 1. Redis | 9 | 7 | 6 | **55.2** | Yes |
	// | 2. Memcached | 8 | 8 | 8 | **55.4** | Yes |
	// | 3. In-process | 10 | 4 | 9 | **49.3** | Yes |
	// Scored 55.4/100 by TOPSIS (above the minimum acceptable 50/100)
	// declared-mismatch matrix.option[1].total: option 1 (1. Redis): declared total 65.2, computed 55.168273 by TOPSIS
}
