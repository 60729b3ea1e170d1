package adr_test

import (
	"fmt"
	"os"

	"github.com/deliberate-dev/deliberate/adr"
)

// Parse keeps every section of a record someone else wrote; Render writes
// it back in its own flavour unchanged, and in another flavour maps what
// maps and carries the rest (here "Risks") as extra sections.
func ExampleParse_lossless() {
	src := `# 12. Use Postgres

Date: 2024-03-01

## Status

❌ Rejected (see [0019](0019-use-mysql.md))

## Context

We need a database.

### Background

The old one is slow.

## Decision

We will not use Postgres.

## Risks

Nobody here knows it.

## Consequences

We keep MySQL.
`
	r, err := adr.Parse([]byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v: %q is %s (%s)\n", r.Format, r.Title, r.Kind(), r.Status)
	for _, s := range r.Sections {
		fmt.Printf("%d %q mapped=%v\n", s.Level, s.Heading, s.Mapped)
	}
	if err := r.Render(os.Stdout, adr.MADR); err != nil {
		fmt.Println(err)
	}
	// Output:
	// nygard: "Use Postgres" is rejected (❌ Rejected (see 0019))
	// 1 "12. Use Postgres" mapped=true
	// 2 "Status" mapped=true
	// 2 "Context" mapped=true
	// 3 "Background" mapped=true
	// 2 "Decision" mapped=true
	// 2 "Risks" mapped=false
	// 2 "Consequences" mapped=true
	// ---
	// status: "rejected"
	// date: 2024-03-01
	// ---
	//
	// # 12. Use Postgres
	//
	// ## Status
	//
	// ❌ Rejected (see [0019](0019-use-mysql.md))
	//
	// ## Context and Problem Statement
	//
	// We need a database.
	//
	// ### Background
	//
	// The old one is slow.
	//
	// ## Decision Outcome
	//
	// We will not use Postgres.
	//
	// ### Consequences
	//
	// We keep MySQL.
	//
	// ## Risks
	//
	// Nobody here knows it.
}
