package adr_test

import (
	"fmt"
	"strings"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/tot"
)

// exampleRegister holds two assessed sources: REF-001 rated down twice
// (Low), REF-002 High.
func exampleRegister() *grade.Register {
	reg := &grade.Register{}
	for _, y := range []string{
		"id: REF-001\nbaseline: {level: high}\ndowngrades_applied:\n  - {factor: risk_of_bias, severity: serious, rationale: Vendor-run}\n  - {factor: indirectness, severity: serious, rationale: Synthetic load}\n",
		"id: REF-002\nbaseline: {level: high}\n",
	} {
		a, err := grade.ParseAssessment([]byte(y))
		if err == nil {
			err = reg.Add(a)
		}
		if err != nil {
			panic(err)
		}
	}
	return reg
}

// A record built from a decision says how certain the evidence behind the
// recommendation is, in words no stronger than that evidence.
func ExampleWithEvidence() {
	d, _ := tot.ParseDecision([]byte(`
title: Cache for the catalogue
threshold: 0
criteria: [{id: latency, name: Latency, weight: 50}, {id: cost, name: Cost, weight: 50}]
alternatives:
  - {id: redis, name: Redis, scores: {latency: {score: 9, evidence: [REF-001]}, cost: 5}}
  - {id: memcached, name: Memcached, scores: {latency: {score: 6, evidence: [REF-002]}, cost: 6}}
evidence: [{id: REF-001}, {id: REF-002}]
`))
	res, _ := tot.Evaluate(d)
	rec, err := adr.FromDecision(d, res)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := adr.WithEvidence(rec, d, res, exampleRegister()); err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range rec.Decision.Quantitative {
		fmt.Println(q)
	}
	// Output:
	// Scored 70.0/100
	// Ranked 1st of 2 options (2 viable)
	// Margin over the next viable option: 10.0 points
	// Certainty of the deciding evidence: Low ⊕⊕◯◯, the weakest of the 2 deciding scores (see Evidence)
	// Redis may rank above Memcached on these criteria (REF-001).
	// Deciding evidence: REF-001 (Low ⊕⊕◯◯), REF-002 (High ⊕⊕⊕⊕)
}

// The evidence gate audits a record someone else wrote: a claim worded
// more strongly than its source allows is quoted with the source.
func ExampleGate() {
	rec, err := adr.Parse([]byte(`# 3. Use Redis

## Status

Proposed

## Context

The catalogue needs a cache.

## Decision

We will use Redis. The benchmark proves that Redis halves catalogue latency (REF-001).
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	g := adr.Gate(rec, exampleRegister(), adr.GatePolicy{})
	fmt.Println("accept:", g.Accept)
	for _, c := range g.Citations {
		fmt.Printf("%s %s %s (%v): %q\n", c.Severity, c.Code, c.Citation.Source, c.Level, c.Citation.Sentence)
	}
	for _, f := range g.Reasons {
		if f.Code == adr.CodeDecisionCertainty {
			fmt.Println(strings.SplitN(f.Message, ";", 2)[0])
		}
	}
	// Output:
	// accept: false
	// error over-confident REF-001 (Low): "The benchmark proves that Redis halves catalogue latency (REF-001)."
	// the decision rests on REF-001: Low ⊕⊕◯◯ (HIGH (baseline) - serious (risk of bias) - serious (indirectness) = LOW)
}
