package adr_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/tot"
)

// Audit an ADR written by hand (or by an LLM): the totals are recomputed
// from the declared weights and scores.
func ExampleAudit() {
	src := `# 3. Message broker

## Evaluation Criteria

| Criterion | Weight |
|-----------|--------|
| Throughput | 50% |
| Operations | 30% |
| Cost | 20% |

## Options Comparison Matrix

| Option | Throughput | Operations | Cost | **Total** |
|--------|------------|------------|------|-----------|
| 1. Kafka | 9 (4.5) | 5 (1.5) | 6 (1.2) | **70** |
| 2. RabbitMQ | 7 (3.5) | 8 (2.6) | 8 (1.6) | **75** |
| 3. SQS | X (X.X) | X (X.X) | X (X.X) | **XX** |
`
	r, err := adr.Parse([]byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range adr.Audit(r) {
		if f.Code == adr.CodeDeclaredMismatch || f.Code == adr.CodePlaceholder {
			fmt.Printf("%s %s: %s\n", f.Code, f.Where, f.Message)
		}
	}
	// Output:
	// declared-mismatch matrix.option[1].total: option 1 (1. Kafka): declared total 70, computed 72
	// declared-mismatch matrix.option[2].Operations: option 2 (2. RabbitMQ), Operations: declared contribution 2.6, computed 2.4 (score 8 × weight 30%)
	// placeholder matrix.option[3]: matrix row "3. SQS" (4 placeholder cells) is a template placeholder: the record is incomplete
}

// Record a decision: evaluate it, build the record and render the
// comparison matrix in the seed's ToT flavour.
func ExampleFromDecision() {
	d := &tot.Decision{
		Title:     "Cache",
		Threshold: new(65.0),
		Criteria: []tot.Criterion{
			{ID: "speed", Name: "Speed", Weight: 50},
			{ID: "ops", Name: "Operations", Weight: 30},
			{ID: "cost", Name: "Cost", Weight: 20},
		},
		Alternatives: []tot.Alternative{
			{ID: "redis", Name: "Redis", Scores: map[string]tot.Score{"speed": {Value: 9}, "ops": {Value: 7}, "cost": {Value: 6}}},
			{ID: "memcached", Name: "Memcached", Scores: map[string]tot.Score{"speed": {Value: 8}, "ops": {Value: 8}, "cost": {Value: 8}}},
		},
		Selected:  "redis",
		Rationale: "Team knows Redis.",
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
	_, matrix, _ := strings.Cut(b.String(), "## Options Comparison Matrix\n\n")
	matrix, _, _ = strings.Cut(matrix, "\n\n")
	fmt.Println(matrix)
	fmt.Println(r.Decision.Quantitative[0])
	// Output:
	// | Option | Speed | Operations | Cost | **Total** | Critical Pass? |
	// |--------|-------|------------|------|-----------|----------------|
	// | 1. Redis | 9 (4.5) | 7 (2.1) | 6 (1.2) | **78.0** | Yes |
	// | 2. Memcached | 8 (4) | 8 (2.4) | 8 (1.6) | **80.0** | Yes |
	// Scored 78.0/100 (above the minimum acceptable 65/100)
}

// Keep an adr-tools log: add records, supersede one, link two, and write
// the table of contents.
func ExampleLog() {
	dir, err := os.MkdirTemp("", "adr-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	l, err := adr.OpenLog(filepath.Join(dir, "doc", "adr"), adr.Nygard)
	if err != nil {
		fmt.Println(err)
		return
	}
	l.Now = func() time.Time { return time.Date(1992, 1, 12, 0, 0, 0, 0, time.UTC) }
	for _, title := range []string{"Record architecture decisions", "Use PostgreSQL", "Use CockroachDB"} {
		if _, err := l.Add(&adr.Record{Title: title}); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := l.Supersede(2, 3); err != nil {
		fmt.Println(err)
		return
	}
	if err := l.Link(3, "Amends", 1, "Amended by"); err != nil {
		fmt.Println(err)
		return
	}
	if err := l.WriteTOC(os.Stdout); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(filepath.Join(l.Dir, "0002-use-postgresql.md"))
	status, _, _ := strings.Cut(string(b)[strings.Index(string(b), "## Status"):], "## Context")
	fmt.Print(status)
	// Output:
	// # Architecture Decision Records
	//
	// * [1. Record architecture decisions](0001-record-architecture-decisions.md)
	// * [2. Use PostgreSQL](0002-use-postgresql.md)
	// * [3. Use CockroachDB](0003-use-cockroachdb.md)
	// ## Status
	//
	// Superceded by [3. Use CockroachDB](0003-use-cockroachdb.md)
}

// Teams with their own format render records through a text/template.
func ExampleRecord_RenderTemplate() {
	r := &adr.Record{Number: 4, Title: "Adopt <gRPC>", Status: "Accepted"}
	t, err := adr.NewTemplate("short", "ADR {{.Number}}: {{inline .Title}} ({{.Status}})\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := r.RenderTemplate(os.Stdout, t); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ADR 4: Adopt \<gRPC\> (Accepted)
}

// Parse reads any flavour; here a MADR 4 record with front matter.
func ExampleParse() {
	src := `---
status: "superseded by ADR-0009"
date: 2024-03-01
decision-makers: [Ann, Bob]
---

# Use MongoDB for orders

## Context and Problem Statement

Orders need a flexible schema.
`
	r, err := adr.Parse([]byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Format, r.Title)
	fmt.Println(r.Kind(), r.Date, r.Deciders)
	fmt.Println(r.Links[0].Rel, r.Links[0].Target)
	// Output:
	// madr Use MongoDB for orders
	// superseded 2024-03-01 [Ann Bob]
	// Superseded by 9
}
