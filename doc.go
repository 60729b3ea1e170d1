// Package deliberate makes and records technical decisions deterministically,
// with every number computed and every output byte-for-byte reproducible.
//
// The module is a set of packages that fit together:
//
//   - tot evaluates weighted decision matrices the way the Tree-of-Thoughts
//     architecture protocol describes (criteria, weights, gates, composites,
//     viability, ranking, close calls), offers further MCDA methods,
//     weighting schemes and measurable backtracking triggers. It reads
//     decision files (YAML or JSON) and the seed system's ToT documents, and
//     audits the numbers they declare.
//   - tot/sensitivity analyses how stable a recommendation is: weight
//     stability intervals, rank reversals, SMAA and a confidence grade.
//   - tot/search is a deterministic Tree-of-Thoughts search engine whose
//     explored trees become ToT records that tot reads back.
//   - tot/chart draws results and their sensitivity as deterministic SVG
//     charts; it is the only package that depends on a plotting library.
//   - tot/xlsx exports a decision matrix as a live workbook whose formulas
//     recompute exactly what tot computes, and imports it back after people
//     have edited it. It is the only package that depends on a spreadsheet
//     library.
//   - adr turns a decision and its result into an Architecture Decision
//     Record in several Markdown flavours (ToT, MADR, Nygard/adr-tools,
//     log4brains), parses records others wrote without losing their text,
//     audits the matrices they contain and the checks their formats define,
//     and manages ADR logs on disk. It closes the loop: a log read as
//     decision memory, triggers revisited against observations, a decision
//     reopened and its record superseded with provenance; it words a
//     decision for the certainty of its evidence and gates acceptance on
//     it; and it reports a decision as text and as one HTML page.
//   - grade assesses the certainty of the evidence behind scores with GRADE,
//     checks that claims are worded no more confidently than their evidence
//     allows, and writes Summary-of-Findings reports.
//   - prov records W3C PROV provenance of every generated artifact and reads and
//     writes PROV-JSON, PROV-N, DOT and the seed system's PROV-YAML records.
//
// Import graph, leaves first: grade and prov depend on nothing else in the
// module; tot uses grade (scores cite evidence that grade assesses);
// tot/search, tot/sensitivity, tot/chart and tot/xlsx use tot; adr uses tot,
// its subpackages, grade and prov. Generated files are tied to their inputs
// with prov.
// Importing tot does not pull in any Markdown, plotting or spreadsheet code.
//
// The typical pipeline, shown by examples/database-selection, reads a decision
// file with tot.ParseDecision, evaluates it with tot.Evaluate, renders an ADR
// with adr.FromDecision and Record.Render, exports the matrix with
// xlsx.Export, and records the provenance of both with prov;
// examples/pipeline runs every package on one small decision file.
package deliberate
