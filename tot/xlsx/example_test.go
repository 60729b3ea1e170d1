package xlsx_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
)

// Export a decision as a workbook and read it back.
func Example() {
	d, err := tot.ParseDecision([]byte(`
title: Primary database
threshold: 65
criteria:
  - {id: performance, weight: 30, critical: 8}
  - {id: cost, weight: 20, direction: cost}
  - {id: team, weight: 50, scale: [1, 5]}
alternatives:
  - id: postgres
    scores:
      performance: {score: 8, rationale: Benchmarks at 40 ms p99, evidence: [REF-012]}
      cost: 3
      team: 5
  - id: mongo
    scores: {performance: 9, cost: 6, team: 3}
`))
	if err != nil {
		log.Fatal(err)
	}
	var book bytes.Buffer
	if err := xlsx.Export(&book, d); err != nil {
		log.Fatal(err)
	}
	// ... people review and edit the workbook in a spreadsheet ...
	back, err := xlsx.Import(&book)
	if err != nil {
		log.Fatal(err)
	}
	res, err := tot.Evaluate(back)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Title, "—", back.Alternatives[0].Scores["performance"].Rationale)
	for _, r := range res.Ranking {
		fmt.Printf("%d. %s %.1f viable=%v\n", r.Rank, r.Alternative, r.Score, r.Viable)
	}
	// Output:
	// Primary database — Benchmarks at 40 ms p99
	// 1. postgres 88.0 viable=true
	// 2. mongo 60.0 viable=false
}
