package tot

import (
	"time"

	"github.com/deliberate-dev/deliberate/grade"
)

// Defaults of a Decision's Threshold and CloseCall when they are nil, the
// same whether the Decision was built in Go or read by ParseDecision from a
// file that omits them.
const (
	DefaultThreshold = 65 // minimum acceptable composite, 0–100
	DefaultCloseCall = 5  // margin in composite points below which a result is a close call
)

// A Decision is a weighted decision matrix with everything the Tree-of-Thoughts
// protocol records around it: the criteria, the alternatives with their scores
// and rationales, the human selection and the backtracking triggers.
type Decision struct {
	ID      string // optional identifier, e.g. "ADR-0007"
	Title   string
	Context string // problem statement (Markdown)

	// Method is the MCDA method Evaluate uses; "" means the weighted sum.
	Method Method

	// Threshold is the minimum acceptable composite score on 0–100
	// (inclusive). nil means DefaultThreshold (65), the protocol's default,
	// both in Go and in a file that omits threshold; a pointer to 0
	// (threshold: 0) disables it. EffectiveThreshold returns the value in
	// use: Threshold: new(70.0) sets 70.
	Threshold *float64
	// CloseCall is the margin in composite points below which the
	// recommendation is a close call that needs a human decision. nil means
	// DefaultCloseCall (5); a pointer to 0 flags only exact ties.
	// EffectiveCloseCall returns the value in use.
	CloseCall *float64

	Criteria     []Criterion
	Alternatives []Alternative

	Selected       string   // id of the alternative the humans selected; "" for none
	Rationale      string   // qualitative rationale of the selection
	TradeOffs      []string // trade-offs accepted with the selection
	ContextFactors []string // qualitative context factors behind the selection

	Triggers []Trigger // backtracking triggers: when to revisit the decision

	// Evidence lists the evidence entries scores may cite by ID (decision
	// file `evidence:`); the grade package interprets them.
	Evidence []EvidenceRef
	// Declared lists numbers the input states that Evaluate can recompute,
	// such as the overall_score of a ToT document's nodes. Each disagreement
	// is a "declared-mismatch" finding.
	Declared []Declared
	// Nodes are explored options that are kept but not ranked because they
	// carry no scores, such as a ToT document's root state and pruned nodes
	// without dimension scores.
	Nodes []ThoughtNode
}

// EffectiveThreshold returns the minimum acceptable composite in use:
// *d.Threshold, or DefaultThreshold when it is nil.
func (d *Decision) EffectiveThreshold() float64 {
	if d.Threshold == nil {
		return DefaultThreshold
	}
	return *d.Threshold
}

// EffectiveCloseCall returns the close-call margin in use: *d.CloseCall, or
// DefaultCloseCall when it is nil.
func (d *Decision) EffectiveCloseCall() float64 {
	if d.CloseCall == nil {
		return DefaultCloseCall
	}
	return *d.CloseCall
}

// An EvidenceRef is one entry of a decision's evidence list: the ID that
// scores cite and, when the entry gives one, the GRADE assessment of that
// evidence.
type EvidenceRef struct {
	ID         string // e.g. "REF-012"; scores cite it in Score.Evidence
	Title      string // optional
	SourceType string // optional, e.g. "internal_benchmark", "peer_reviewed_journal"

	// Assessment is the entry's GRADE certainty assessment, nil for an
	// ungraded reference. ParseDecision reads an entry that has fields other
	// than id, title and source_type as an assessment with the grade package
	// (any form grade.ParseAssessment accepts; its ID, Title and SourceType
	// are the entry's); WriteDecision writes it in grade's snake_case form,
	// with the entry's id, title and source_type.
	Assessment *grade.Assessment
}

// Kinds of Declared numbers.
const (
	DeclaredComposite    = "composite"    // an alternative's composite score
	DeclaredContribution = "contribution" // an alternative's contribution on a criterion
	DeclaredScore        = "score"        // an alternative's raw score on a criterion
)

// A Declared number is a value an input states rather than computes: a
// total, a weighted contribution or a score copied into a summary. Evaluate
// recomputes it and reports a "declared-mismatch" finding when the two
// differ at the precision the value was written with.
type Declared struct {
	Where       string // path of the number in the source, e.g. "thought_tree.nodes[1].evaluation.overall_score"
	Kind        string // DeclaredComposite (also when ""), DeclaredContribution or DeclaredScore
	Alternative string // ID of the alternative the number is about
	Criterion   string // criterion ID, for contributions and scores

	Value float64 // the number as written
	// Scale is the full scale Value is written on, for composites and
	// contributions: 1 when composites are written on 0–1 (a ToT document's
	// overall_score), 10 for the seed's "9 (2.25)" cells, 100 (also when 0)
	// for composite points. It is ignored for scores.
	Scale float64
	// Decimals is the number of digits after the decimal point Value was
	// written with; the computed value is rounded to as many before the
	// comparison (0.72 has 2).
	Decimals int
}

// A ThoughtNode is an explored option that is not ranked, as in a ToT
// document's thought tree.
type ThoughtNode struct {
	ID          string // e.g. "s3"
	Parent      string // ID of the parent node; "" for a root
	Depth       int    // 0 for a root
	Name        string
	Description string
	Status      string // e.g. "pruned", "not_evaluated"
	Reason      string // why it was pruned or left unscored
}

// A Criterion is one weighted column of the decision matrix.
type Criterion struct {
	ID   string
	Name string

	// Weight is the relative weight as given; weights need not sum to 1 and
	// are normalised for evaluation. A file weight "30%" is read as 30.
	Weight float64

	Scale     Scale
	Direction Direction

	// Critical, when non-nil, is a pass/fail gate: a benefit score must be
	// >= *Critical, a cost score <= *Critical (inclusive).
	Critical *float64

	Description string
	Source      string // e.g. the NFR it derives from: "NFR-PERF-003"
}

// A Scale is the closed interval of valid scores of a criterion. The zero
// Scale means 0–10.
type Scale struct {
	Min, Max float64
}

// Direction says whether higher scores are better (Benefit) or worse (Cost).
// The zero Direction is Benefit.
type Direction int

// Directions of a criterion.
const (
	Benefit Direction = iota // higher is better
	Cost                     // lower is better
)

// An Alternative is one option being decided on: a row of the matrix.
type Alternative struct {
	ID          string
	Name        string
	Description string
	StatusQuo   bool // the alternative is "keep what we have"
	Pros        []string
	Cons        []string
	Risks       []Risk

	// Scores maps a criterion ID to the alternative's score on it.
	Scores map[string]Score
}

// A Risk of an alternative and how it would be mitigated.
type Risk struct {
	Risk       string
	Mitigation string
}

// A Score is one cell of the decision matrix.
type Score struct {
	Value     float64  // on the criterion's scale
	Rationale string   // why this score
	Evidence  []string // ids of the evidence cited (e.g. "REF-012")
}

// A Trigger is a measurable backtracking trigger: a condition on an observed
// metric that, when it holds, calls for the decision to be revisited.
type Trigger struct {
	ID          string
	Category    string // performance, scalability, operational, team, business, cost, ...
	Metric      string // name of the observed metric, e.g. "active_users"
	Op          string // comparison: ">", ">=", "<", "<=", "==", "!="
	Threshold   *float64
	Unit        string
	For         time.Duration // condition holds for the whole window; 0 means at once
	Consecutive int           // or: this many consecutive observations breach
	Description string
	Action      string // what to do when it fires
}
