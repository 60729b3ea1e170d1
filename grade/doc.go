// Package grade assesses the certainty of the evidence behind a decision's
// scores with GRADE, checks that claims are worded no more (and no less)
// confidently than their evidence allows, and writes corpus reports,
// Summary-of-Findings tables and evidence profiles. It is deterministic and
// explains every step.
//
// # Levels
//
// A Level is High ⊕⊕⊕⊕, Moderate ⊕⊕⊕◯, Low ⊕⊕◯◯ or VeryLow ⊕◯◯◯; the zero
// Level is Unknown (not assessed). ParseLevel reads the spellings found in
// the wild ("Very Low", "VERY_LOW", "very-low", "⨁⨁○○", "+++O"); text, YAML
// and JSON use the seed's codes ("very_low"); FHIR returns the FHIR R5
// certainty-rating code ("very-low").
//
// # Assessments
//
// An Assessment starts from a Baseline level, set by the study design
// (randomised trials and ROBINS-I-assessed studies start High, observational
// studies Low) or by the seed's source types, which are data in selectable
// BaselineTable presets (Preset: "grade", "aiwg-schema", "aiwg-quality",
// "aiwg-on-ingest"; the seed's files disagree, e.g. on technical reports). It
// is rated down in five domains (risk of bias, inconsistency, indirectness,
// imprecision, publication bias) by serious (−1), very serious (−2) or
// extremely serious (−3) concerns, and up in three (large effect +1 or very
// large +2, dose-response +1, plausible confounding +1), each Rating with its
// rationale, evidence and reviewer.
//
// Certainty is baseline − downgrades + upgrades, clamped to [VeryLow, High].
// Evaluate also returns the calculation trail as the seed writes it
// ("HIGH (baseline) - serious (risk of bias) + very serious (large effect) =
// MODERATE") and findings. GRADE rates up only observational evidence with
// no reason to rate down; under DefaultPolicy such an upgrade still counts
// and is reported ("upgrade-of-downgraded", "upgrade-of-randomised"); under
// StrictPolicy it is refused: left out of the level and reported as
// "upgrade-refused" (Certainty does not fail). A declared final level that
// differs from the computed one is a "declared-mismatch" finding, and a
// declared calculation that does not add up by its own terms a
// "calculation-mismatch".
//
// ParseAssessment reads the seed's assessment YAML in all its forms (the
// snake_case assessment_schema, the Title Case example_assessment, the
// paper_metadata and the assessment_template of quality-assessment.yaml);
// WriteYAML and MarshalJSON write the snake_case form, which reads back to an
// equal Assessment. Invalid input gives a *ValidationError (the module's
// diag.ValidationError) listing every problem with its path, line and
// column, at most diag.MaxProblems of them plus a count of the rest; it
// wraps ErrInvalid, and ErrDuplicateKey, ErrUnknownField, ErrTooLarge or
// ErrTooDeep for those conditions. A key given twice, or two synonyms of one
// field, is an error naming both lines, never "last wins".
//
// # Evidence register
//
// A Register holds the assessments of a project's sources keyed by source
// identifier: ReadRegister (or Register.ReadFS under another policy) reads
// the seed's quality-assessment files (one {ref-id}-assessment.yaml per
// source in a folder, or files listing many), reporting duplicate sources,
// and never reads symbolic links or special files. Lookup returns an Entry:
// the certainty Level, the calculation Trail and the Reasons (every rating
// down and up with its rationale). Levels gives the map that CheckDocument
// takes, and CheckCitations returns each finding with the citing sentence
// and the source.
//
// # Input bounds
//
// Every parser (ParseAssessment, ReadRegister, ParseWordingPolicy,
// Citations, CheckDocument) reads at most MaxInputSize bytes, YAML nested at
// most MaxDepth deep and at most a million YAML nodes after expanding
// aliases, in time linear in its input.
//
// # Claim wording
//
// Analyze reads the certainty a sentence's wording expresses: hedges
// ("very uncertain", "may", "probably"), intensifiers ("demonstrates",
// "clearly", "proves") and bare indicative verbs of effect ("reduces",
// "leads to", "results in", "is faster than"). CheckClaim compares it with
// the evidence's level: wording above the level is "over-confident", below it
// "under-confident", with the severity that a WordingPolicy (data; the seed's
// pre-cite-grade-check block/warn policy is SeedWordingPolicy) assigns to
// the pair, and a suggestion from the GRADE table of informative statements
// (Suggest). The check is lexical, not grammatical: it works from word lists.
//
// Statement words a claim for a certainty level the way GRADE's
// informative statements do ("X will probably …" for Moderate, "X may …"
// for Low), so that generated text passes CheckClaim at that level; Hedge
// gives the level's hedge word and Vocabulary the seed's allowed wording.
//
// A Checker's CheckDocument finds citations (REF-123, DOIs, or the caller's
// patterns) in a Markdown or plain-text document, takes the sentence around
// each and checks it against that source's level; a cited source without an
// assessment is an "unassessed-source" finding.
//
// # Reports
//
// Corpus.Report gives the distribution of a corpus by level and by source
// type, the unassessed sources and the seed's flag for more than 30%
// unassessed, with a Markdown rendering. Summary writes a Summary-of-Findings
// table (WriteSoF) and a GRADE evidence profile (WriteProfile) in Markdown
// with absolute effects computed from the comparator risk, footnotes
// explaining every rating down or up, and the overall certainty: the lowest
// among the critical outcomes. Assessment.FHIR exports FHIR R5
// Evidence.certainty codes (certainty-type, certainty-rating).
//
// Findings marshal to JSON as {"code","severity","message","where"}.
package grade
