// Package tot evaluates weighted decision matrices the way the
// Tree-of-Thoughts architecture protocol describes: weighted criteria with
// scales, directions and critical gates, alternatives scored against them,
// composites computed exactly, viability, ranking, recommendation, margin and
// close calls, and findings for everything a record declares that the numbers
// do not support.
//
// # Decisions
//
// A [Decision] is the document: criteria, alternatives with scores and
// rationales, the human selection, trade-offs and backtracking triggers.
// [ParseDecision] reads it from the decision file format (YAML or JSON,
// snake_case field names, unknown fields rejected) and also from the seed
// system's ToT documents (recognised by tot_id), whose declared scores it
// keeps so that [Evaluate] can check them. [WriteDecision] writes the file
// format back as YAML, json.Marshal as JSON ([Decision.MarshalJSON]).
// [Decision.Validate] reports every problem at once, each with its path, as
// a [*ValidationError] that matches [ErrInvalid].
//
// [Evaluate] computes the [Result]: per-alternative composite on 0–100 with
// the contribution points of every criterion, gate failures, viability,
// competition ranking with tolerant tie detection, the recommended
// alternative, the margin, the close call and [Finding]s with stable codes
// (such as "declared-mismatch" and "selection-without-rationale"). The same
// input always gives the same Result and the same JSON bytes. [Rank] is its
// ranking rule (composite descending, ties within [TieTolerance] sharing a
// rank in declared order), for anything that re-ranks composites.
//
// # Numeric layer and MCDA methods
//
// [Matrix] and [EvaluateMatrix] are the dense path Evaluate runs on: one
// contiguous slice of scores, no per-cell strings or maps, suitable for
// 100,000 alternatives. The functions on [][]float64 are the textbook MCDA
// methods with fixed, documented conventions: [Normalize] ([MinMax],
// [Vector], [Sum], [Max]), [WSM], [WPM], [TOPSIS], [VIKOR], [PROMETHEEII],
// pairwise-comparison weights with [AHP] and [AHPHierarchy], objective
// weights with [EntropyWeights] and [CRITICWeights], and rank-based weights
// with [ROCWeights] and [RankSumWeights]. Weights passed to them are used as
// given. A Decision selects a method other than the weighted sum through its
// Method field (see [Methods]).
//
// # Backtracking triggers
//
// A [Trigger] says when to revisit a decision: a metric, a comparison and a
// threshold, optionally held for a window ("for: 14d") or for a number of
// consecutive observations. [EvaluateTriggers] replays [Observation]s and
// reports each [Firing]; [LintTriggers] flags triggers that cannot be
// measured; [ParseTriggerText] reads the protocol's prose triggers and
// [ParseCondition] the exact notation [Trigger.Condition] writes.
// [ReadObservations] and [Observations] read observation files (CSV with a
// time,metric,value header, or JSON Lines) as a stream, every bad line
// reported with its number.
//
// # Evidence
//
// Scores cite evidence by ID. [Certainty] joins them to a grade.Register of
// GRADE assessments and reports the certainty behind every score, every
// alternative and the recommendation: the weakest assessed evidence among
// the scores that decide the ranking (defined on the function), unassessed
// citations and scores without evidence.
//
// # Sibling packages
//
// Package tot/search is the deterministic Tree-of-Thoughts search engine
// whose records ParseDecision reads; tot/sensitivity analyses how stable a
// recommendation is (weight stability, rank reversals, SMAA, confidence);
// tot/chart draws results and sensitivity as SVG charts; tot/xlsx exports
// and imports workbooks.
//
// Nothing in this package reads the clock, draws unseeded random numbers or
// lets map order reach an output.
package tot
