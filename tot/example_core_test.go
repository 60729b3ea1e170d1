package tot_test

import (
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// A decision file in YAML (JSON works too): weights as percentages, a
// critical gate, a cost criterion and a human selection.
func ExampleParseDecision() {
	d, err := tot.ParseDecision([]byte(`
title: Message queue for order events
criteria:
  - {id: throughput, weight: "50%", critical: 6}
  - {id: ops_cost, name: Operating cost, weight: "50%", scale: [0, 20], direction: cost}
alternatives:
  - id: kafka
    scores:
      throughput: {score: 9, rationale: 1M msg/s in the load test, evidence: [BENCH-1]}
      ops_cost: 12
  - {id: rabbitmq, scores: {throughput: 6, ops_cost: 4}}
selected: rabbitmq
rationale: The team runs RabbitMQ already.
`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Title)
	for _, c := range d.Criteria {
		fmt.Printf("%s: weight %s, scale %s, %s\n", c.ID, numfmt.Trim(c.Weight, 2), c.Scale, c.Direction)
	}
	fmt.Println("kafka throughput:", d.Alternatives[0].Scores["throughput"].Rationale)
	fmt.Println("threshold (default):", d.EffectiveThreshold())
	// Output:
	// Message queue for order events
	// throughput: weight 50, scale 0–10, benefit
	// ops_cost: weight 50, scale 0–20, cost
	// kafka throughput: 1M msg/s in the load test
	// threshold (default): 65
}

// Invalid input: every problem, with its path, in one error.
func ExampleParseDecision_invalid() {
	_, err := tot.ParseDecision([]byte(`
criteria:
  - {id: speed, weight: -3}
  - {id: speed, wieght: 2}
alternatives:
  - {id: a, scores: {speed: 11}}
threshold: 120
`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, tot.ErrInvalid), errors.Is(err, tot.ErrUnknownField))
	// Output:
	// invalid decision: 5 problems
	// 	criteria[1] (speed).wieght (line 4, column 17): unknown field "wieght" (did you mean "weight"?)
	// 	criteria[1] (speed).id (line 4, column 10): duplicate id "speed" (also criteria[0])
	// 	criteria[0] (speed).weight (line 3, column 25): must be >= 0, not -3
	// 	alternatives[0] (a).scores.speed (line 6, column 29): 11 is outside the scale 0–10
	// 	threshold (line 7, column 12): must be within 0–100, not 120
	// true true
}

// The protocol's example: the weights give option 1 72.5, not the 70.5 its
// table prints; Serverless is recommended, SOA fails the security gate and
// the selected Modular Monolith overrides the recommendation with a
// rationale.
func ExampleEvaluate() {
	b, err := os.ReadFile("testdata/core/protocol.yaml")
	if err != nil {
		log.Fatal(err)
	}
	d, err := tot.ParseDecision(b)
	if err != nil {
		log.Fatal(err)
	}
	r, err := tot.Evaluate(d)
	if err != nil {
		log.Fatal(err)
	}
	for _, x := range r.Ranking {
		fmt.Printf("%d. %-16s %5s viable=%v gate failures=%v\n", x.Rank, x.Alternative, numfmt.Fixed(x.Score, 1), x.Viable, x.GateFailures)
	}
	fmt.Println("recommended:", r.Recommended, "margin:", numfmt.Trim(*r.Margin, 2), "close call:", r.CloseCall)
	c := r.Ranking[2].Contributions
	fmt.Println("microservices:", c["performance"], c["scalability"], c["maintainability"], c["security"], c["cost"])
	for _, f := range r.Findings {
		fmt.Printf("%s (%s): %s\n", f.Code, f.Severity, f.Message)
	}
	// Output:
	// 1. serverless        85.0 viable=true gate failures=[]
	// 2. modular-monolith  75.0 viable=true gate failures=[]
	// 3. microservices     72.5 viable=true gate failures=[]
	// 4. hybrid            72.0 viable=true gate failures=[]
	// 5. soa               67.0 viable=false gate failures=[security]
	// recommended: serverless margin: 10 close call: false
	// microservices: 21 22.5 12 12 5
	// selection-overrides (info): modular-monolith (75 points) is selected over the recommended serverless (85 points); the rationale says why
}

// Numbers a record declares are recomputed: the seed's ToT document
// declares 0.72 for node s1, which its weights do not give.
func ExampleEvaluate_declared() {
	b, err := os.ReadFile("testdata/seed/tot-001.yaml")
	if err != nil {
		log.Fatal(err)
	}
	d, err := tot.ParseDecision(b)
	if err != nil {
		log.Fatal(err)
	}
	r, err := tot.Evaluate(d)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range r.Findings {
		if f.Code == tot.CodeDeclaredMismatch {
			fmt.Printf("%s:\n  %s\n", f.Where, f.Message)
		}
	}
	// Output:
	// thought_tree.nodes[1].evaluation.overall_score:
	//   s1 (REST API with OpenAPI) declares a composite of 0.72 but its scores give 0.71 (0.711111 on a 0–1 scale, 71.1111 composite points)
	// synthesis.rejected_alternatives[0].score:
	//   s1 (REST API with OpenAPI) declares a composite of 0.72 but its scores give 0.71 (0.711111 on a 0–1 scale, 71.1111 composite points)
}

// The dense path for large matrices: flat storage, one pass, validation
// included.
func ExampleEvaluateMatrix() {
	m := tot.NewMatrix(3, 2)
	copy(m.Data, []float64{
		8, 120, // alternative 0: quality 8/10, latency 120 ms
		6, 40,
		9, 450,
	})
	cols := []tot.Column{
		{Weight: 0.6},
		{Weight: 0.4, Scale: tot.Scale{Min: 0, Max: 500}, Direction: tot.Cost, Critical: coreGatePtr(400)},
	}
	res, err := tot.EvaluateMatrix(m, cols, 65)
	if err != nil {
		log.Fatal(err)
	}
	for i, s := range res.Scores {
		fmt.Printf("row %d: %s gates=%v viable=%v\n", i, numfmt.Trim(s, 2), res.GatesPassed[i], res.Viable[i])
	}

	m.Set(1, 1, 600) // outside 0–500
	_, err = tot.EvaluateMatrix(m, cols, 65)
	fmt.Println(err)
	// Output:
	// row 0: 78.4 gates=true viable=true
	// row 1: 72.8 gates=true viable=true
	// row 2: 58 gates=false viable=false
	// invalid decision: matrix[1][1]: 600 is outside the scale 0–500
}

func coreGatePtr(v float64) *float64 { return &v }

// Writing a decision back in the decision file format.
func ExampleWriteDecision() {
	g := 8.0
	d := &tot.Decision{
		Title:     "Cache",
		Threshold: new(65.0), CloseCall: new(5.0),
		Criteria: []tot.Criterion{
			{ID: "speed", Weight: 70, Critical: &g},
			{ID: "cost", Weight: 30, Scale: tot.Scale{Min: 1, Max: 5}, Direction: tot.Cost},
		},
		Alternatives: []tot.Alternative{
			{ID: "redis", Scores: map[string]tot.Score{
				"speed": {Value: 9, Rationale: "in-memory", Evidence: []string{"REF-1"}},
				"cost":  {Value: 2},
			}},
		},
	}
	if err := tot.WriteDecision(os.Stdout, d); err != nil {
		log.Fatal(err)
	}
	// Output:
	// title: Cache
	// threshold: 65
	// close_call: 5
	// criteria:
	//   - id: speed
	//     weight: 70
	//     critical: 8
	//   - id: cost
	//     weight: 30
	//     scale: [1, 5]
	//     direction: cost
	// alternatives:
	//   - id: redis
	//     scores:
	//       speed:
	//         score: 9
	//         rationale: in-memory
	//         evidence: [REF-1]
	//       cost: 2
}

// A Method is parsed and checked once; a misspelt one suggests the closest
// method.
func ExampleParseMethod() {
	m, err := tot.ParseMethod("topsis/vector")
	fmt.Println(m, err)
	_, err = tot.ParseMethod("topsys")
	fmt.Println(err)
	fmt.Println(tot.Method("").String(), tot.Method("").IsWeightedSum())
	// Output:
	// topsis/vector <nil>
	// method "topsys": unknown (did you mean "topsis"?) (want one of weighted_sum, weighted_product, topsis, vikor, promethee_ii, optionally with /normalization)
	// weighted_sum true
}

// A nil Threshold or CloseCall means the protocol's defaults, for a
// Decision built in Go as for a file that omits them; a pointer to 0
// disables them.
func ExampleDecision_EffectiveThreshold() {
	d := &tot.Decision{}
	fmt.Println(d.EffectiveThreshold(), d.EffectiveCloseCall())
	d.Threshold, d.CloseCall = new(0.0), new(2.5)
	fmt.Println(d.EffectiveThreshold(), d.EffectiveCloseCall())
	// Output:
	// 65 5
	// 0 2.5
}

// Rank is Evaluate's ranking rule: composite descending, ties (within
// TieTolerance) sharing a competition rank in declared order.
func ExampleRank() {
	order, rank := tot.Rank([]float64{70, 82.5, 70, 90})
	fmt.Println(order, rank)
	// Output:
	// [3 1 0 2] [3 2 3 1]
}
