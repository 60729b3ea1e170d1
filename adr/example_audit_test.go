package adr_test

import (
	"fmt"

	"github.com/deliberate-dev/deliberate/adr"
)

// Audit a matrix as people write it in a MADR record: weights in the
// column headers, scores 1–5, totals as weighted averages. Kafka's 3.30 is
// wrong: 0.2×5 + 0.3×2 + 0.5×3 = 3.10. The record does not follow the
// Tree-of-Thoughts protocol, so only its numbers are checked.
func ExampleAudit_realMatrix() {
	src := `---
status: accepted
date: 2024-05-02
---

# Choose a message broker

## Context and Problem Statement

Which message broker should carry our events?

## Considered Options

* RabbitMQ
* Kafka
* NATS

## Decision Outcome

Chosen option: "RabbitMQ".

| Option | Performance (20%) | Cost (30%) | Security (50%) | Total |
|--------|-------------------|------------|----------------|-------|
| RabbitMQ | 4 | 3 | 5 | **4.20** |
| Kafka | 5 | 2 | 3 | **3.30** |
| NATS | 3 | 4 | 4 | **3.80** |
`
	r, err := adr.Parse([]byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range adr.Audit(r) {
		fmt.Println(f)
	}
	// Output:
	// matrix.option[2].total: error [declared-mismatch] option 2 (Kafka): declared total 3.30, computed 3.10 (the weighted average of the scores)
}

// The protocol's completeness checks, asked for on a record of another
// flavour: a trigger with a date but no metric, operator or threshold is
// not measurable.
func ExampleAuditWith() {
	r := &adr.Record{Format: adr.Nygard, Triggers: []string{"Revisit after the Q3 2025 launch"}}
	for _, f := range adr.AuditWith(r, adr.AuditOptions{Protocol: true}) {
		if f.Code == adr.CodeVagueTrigger || f.Code == adr.CodeTooFewTriggers {
			fmt.Println(f)
		}
	}
	// Output:
	// triggers[0]: warning [vague-trigger] trigger "Revisit after the Q3 2025 launch" is not measurable (no-metric, no-operator, no-threshold)
	// triggers: warning [too-few-triggers] 0 measurable backtracking triggers; the protocol requires at least 3
}
