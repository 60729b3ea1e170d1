// Package adr writes, reads and checks Architecture Decision Records.
//
// A Record holds everything an ADR says: number, title, status and its
// history, date, deciders, context, the Tree-of-Thoughts reasoning, the
// weighted criteria, the options with their evaluation tables, the options
// comparison matrix, the decision with its quantitative and qualitative
// rationale, trade-offs, consequences, implementation notes, backtracking
// triggers, action items, references, links and review history.
//
// # Writing
//
// FromDecision turns a tot.Decision and its tot.Result into a Record whose
// every number comes from the result: composites on 0–100 (one decimal),
// weighted contributions the seed's way (score × normalised weight: a 9 at
// 25% is "9 (2.25)"), ranks and margin. A decision evaluated with another
// MCDA method (TOPSIS, VIKOR, the weighted product, PROMETHEE II; see
// tot.Methods) gives a record whose Method names it: every flavour states it
// on a "**Method:**" line, the matrix shows scores without contributions and
// the totals are the method's composites. Render writes it in four flavours:
//
//   - ToT: the seed's adr-with-tot.md template (criteria table, per-option
//     evaluation tables, comparison matrix with a bold total, minimum
//     acceptable score, critical criteria check);
//   - MADR: MADR 4 with YAML front matter (status, date, decision-makers);
//   - Nygard: the file adr-tools writes ("# 1. Title", "Date:", Status,
//     Context, Decision, Consequences);
//   - Log4brains: MADR 2's metadata list ("- Status: accepted"), the only
//     metadata log4brains reads.
//
// Every flavour carries the whole record, matrix included: Nygard nests
// the criteria, options and matrix under its Decision section, MADR puts the
// criteria table under Decision Drivers and the evaluation tables under Pros
// and Cons of the Options. So FromDecision → Render → Parse → Audit finds
// nothing wrong with the numbers in any flavour. Text from users is
// escaped: it cannot break a table, add a section or inject HTML.
// RenderTemplate runs a user's text/template over a Record instead.
//
// # Reading and auditing
//
// Parse reads any of those flavours, and MADR 3 and 2, with goldmark and its
// GFM table extension. It keeps the numbers as declared, with their
// precision (a Number), and template placeholders ("X (X.X)", "[Name]") as
// text. Audit recomputes every declared contribution and total through
// tot.Evaluate (the weighted sum, or the record's method), whichever way
// the matrix is written (options or criteria as rows, weights in the
// headers, star ratings, a bold "Total" or "Weighted Score" row, totals in
// points, on the scores' scale or "/10"), and reports each disagreement as
// a "declared-mismatch" finding that states both numbers, compared at the
// declared precision with tot's rule. For records that follow the
// Tree-of-Thoughts protocol (or with AuditWith and AuditOptions.Protocol)
// it also checks the protocol's minimum acceptable ADR (at least 3
// weighted criteria and 3 options, every score with a rationale, weights
// summing to 100%, a comparison matrix, trade-offs, at least 3 backtracking
// triggers that tot.LintTriggers finds measurable) and its red flags (a
// non-top selection without rationale, a selected option failing a
// critical criterion). Nygard, MADR and log4brains records get the checks
// their formats define instead (required sections, a status the format
// knows, a YYYY-MM-DD date, a MADR chosen option among the considered
// ones), as warnings and information, never errors.
//
// Parse loses nothing of a record someone else wrote. Record.Sections keeps
// every section and subsection in order with its Markdown source (and
// Record.FrontMatter the front matter); the known ones are also read into
// the fields: prose Context, Decision and Consequences with their unknown
// subsections, MADR options written as lists or headings ("Option A —",
// "1.", under "Alternatives Considered"), the selection ("Chosen option:
// **X**"). Render writes a parsed record back in the flavour it was read
// from as it was written while its fields hold what Parse read; after an
// edit of the fields, or in another flavour, it writes the fields and then
// the sections no field holds (Rationale, Risks, Notes…) as extra
// sections, and never invents content: no adr-tools template sentence, no
// "Accepted" for a record without a status. The status is kept as written
// (Status, and StatusText with its links) and classified by Kind from its
// words, emoji ("✅", "❌") and "superseded by" links. Parse bounds its input
// (MaxSize, MaxNesting) before parsing the Markdown, and runs in linear
// time.
//
// # Logs on disk
//
// OpenLog opens an ADR folder (honouring adr-tools' .adr-dir, which must
// stay inside the project). Append (and Add) writes a record as
// "%04d-<slug>.md" with the number it asks for or the next one, or as
// "YYYYMMDD-<slug>.md" in a log4brains folder, without ever overwriting a
// file, and returns the number it took; numbers stay unique across
// processes. Supersede and Link update both records the way adr-tools, MADR
// or log4brains do; WriteTOC writes adr-tools' table of contents; Lint finds
// duplicate numbers, broken links to records and superseded records without
// a link. A log never follows a symbolic link nor reads a special file in
// its folder, and reads at most MaxRecordFileSize bytes of a file. The date
// of a new record comes from the record or from Log.Now.
//
// # Closing the loop
//
// A log is also data. Remember (or Log.Memory) reads it as a Memory:
// records by status, date, tag, criterion or alternative (Query), every
// rejected alternative, each criterion's weight across records, the
// protocol's metrics (reversal rate within N months, time to supersede,
// triggers per record) and, for every superseded decision, the criteria
// whose scores moved most in the record that replaced it; as Go values,
// JSON (Report) or Markdown. RevisitRecords (or Log.Revisit) checks the
// backtracking triggers of every accepted record against observations
// (tot.ReadObservations reads them from CSV or JSON Lines): which fired,
// when, on which values, and which can never fire on the metrics observed.
// Log.Reopen re-evaluates an accepted record with an updated decision and
// writes a Proposed record that supersedes it, with a "What Changed"
// section (weights, scores, ranks, the fired triggers) and its W3C PROV
// provenance (a revision of the old record, derived from the decision and
// observation files, every artifact with its sha256).
//
// # Evidence
//
// WithEvidence adds to a record the GRADE certainty behind its decision
// (tot.Certainty joins the scores' evidence to a grade.Register): an
// Evidence section with a Summary-of-Findings table and the reason trail,
// and a confidence statement in the Decision section worded for that
// certainty, never stronger. Gate says whether a record, ours or anyone's,
// may move to Accepted under a GatePolicy, listing every reason: an
// unassessed source among the deciding citations, very uncertain evidence
// not stated as such, a claim worded more strongly than its source allows.
//
// # Reports
//
// A Report presents an evaluated decision to people: WriteText is the
// terminal report (matrix, recommendation, margin, close call, selection,
// triggers, weight stability, findings), WriteHTML one self-contained page
// (no script, no network) with a heat-coloured matrix, the SVG charts of
// package tot/chart, findings, triggers, evidence and the ADR, printable on
// A4 landscape; Charts and ChartLinks write the charts beside an ADR that
// links them.
package adr
