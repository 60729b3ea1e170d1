package tot_test

import (
	"fmt"
	"strings"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/tot"
)

// The certainty of the evidence behind a recommendation: Redis leads
// Memcached by 12 points, and only latency's difference (15 points)
// reaches the margin, so the recommendation rests on the two latency
// scores; Redis's benchmark was rated down twice.
func ExampleCertainty() {
	d, err := tot.ParseDecision([]byte(`
title: Cache for the catalogue
threshold: 0
criteria:
  - {id: latency, weight: 50}
  - {id: cost, weight: 30}
  - {id: operations, weight: 20}
alternatives:
  - id: redis
    scores:
      latency: {score: 9, evidence: [REF-001]}
      cost: {score: 5, evidence: [REF-003]}
      operations: 5
  - id: memcached
    scores:
      latency: {score: 6, evidence: [REF-002]}
      cost: {score: 6, evidence: [REF-003]}
      operations: 5
evidence:
  - {id: REF-001}
  - {id: REF-002}
  - {id: REF-003}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	reg, err := grade.ReadRegister(assessments, ".")
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := tot.Certainty(d, res, reg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("certainty:", rep.Certainty)
	fmt.Println(strings.Join(rep.Trail, "\n"))
	for _, s := range rep.Scores {
		if s.Deciding {
			fmt.Printf("deciding: %s/%s %v\n", s.Alternative, s.Criterion, s.Level)
		}
	}
	for _, f := range rep.Findings {
		fmt.Println(f.Severity, f.Code, f.Message)
	}
	// Output:
	// certainty: Low
	// REF-001 (redis/latency): HIGH (baseline) - serious (risk of bias) - serious (indirectness) = LOW; rated down 1 level for risk of bias (serious): Vendor-run; rated down 1 level for indirectness (serious): Synthetic load
	// deciding: redis/latency Low
	// deciding: memcached/latency High
	// info unassessed-source redis's score on cost cites REF-003, which has no GRADE assessment
	// info no-evidence redis's score on operations cites no evidence
	// info unassessed-source memcached's score on cost cites REF-003, which has no GRADE assessment
	// info no-evidence memcached's score on operations cites no evidence
}
