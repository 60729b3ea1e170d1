package adr

import (
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// A Record is an architecture decision record: the metadata every ADR tool
// reads (number, title, status, date, people, links) and the body of a
// Tree-of-Thoughts decision (criteria, options with their evaluation tables,
// comparison matrix, decision, consequences, triggers).
//
// A Record built by FromDecision holds only numbers computed by
// tot.Evaluate; a Record returned by Parse holds the numbers the document
// declares, which Audit recomputes. The zero Record renders as an empty
// record; a field left empty is omitted or written as the flavour's
// placeholder.
type Record struct {
	Number int    // sequence number in its log; 0 when unnumbered
	Title  string // without the number
	ID     string // decision identifier as written, e.g. "ADR-007"

	// Status is the current status as written: "Accepted", "Proposed",
	// "superseded by ADR-0005". Kind classifies it.
	Status string
	// StatusHistory lists earlier statuses, oldest first.
	StatusHistory []StatusChange
	// Date is the decision date as written, normally YYYY-MM-DD. The
	// library never reads the clock to fill it (see Log.Now).
	Date string

	Deciders  []string
	Consulted []string
	Informed  []string
	Tags      []string

	Context   string          // problem statement (Markdown)
	Drivers   []string        // decision drivers (MADR)
	Reasoning []ReasoningStep // the ToT "Reasoning" section

	Criteria []Criterion
	// Threshold is the minimum acceptable composite on 0–100; nil when the
	// record states none.
	Threshold *Number
	// Method is the MCDA method that produced the composites (the options'
	// scores and the matrix totals, 0–100, higher is better), named as in
	// tot.Decision.Method: "topsis", "topsis/vector", "vikor",
	// "weighted_product", "promethee_ii/linear", and so on (see tot.Methods).
	// Empty means the weighted sum (so does "weighted_sum"), the only method
	// whose per-criterion contributions the matrix shows. Render writes a
	// "**Method:**" line with the evaluation criteria when it is set, Parse
	// reads it back, and Audit recomputes the totals with it.
	Method string
	// CriticalNotes are the critical-criteria lines that are not a
	// numeric gate on a criterion ("MUST support GDPR compliance").
	CriticalNotes []string

	Options []Option
	Matrix  *Matrix // the options comparison matrix; nil when absent

	Decision       Decision
	Consequences   Consequences
	Implementation Implementation
	// Triggers are the backtracking triggers, one condition each.
	Triggers    []string
	ActionItems []ActionItem
	References  []string
	Links       []Link
	Reviews     []Review
	// MoreInformation is free text (MADR "More Information").
	MoreInformation string

	// Format is the flavour Parse recognised; Render ignores it.
	Format Format
}

// A StatusChange is one entry of a record's status history.
type StatusChange struct {
	Date   string
	Status string
	Note   string
}

// A ReasoningStep is one numbered step of the ToT "Reasoning" section:
// a question and the answer to it.
type ReasoningStep struct {
	Title    string // "Context Analysis"
	Question string // "What architectural concern does this address?"
	Answer   string
}

// A Criterion is a weighted evaluation criterion.
type Criterion struct {
	Name string
	// Weight is the weight in percent as declared: "30%" and "0.30" both
	// read as 30. Weights are normalised by their sum for every computation.
	Weight Number
	// Direction and Scale default to benefit and 0–10.
	Direction tot.Direction
	Scale     tot.Scale
	// Critical is the pass/fail gate: a benefit score must be >= *Critical,
	// a cost score <= *Critical. Nil for none.
	Critical    *float64
	Description string
	Source      string // e.g. the NFR it derives from
}

// scale returns the criterion's scale, 0–10 for the zero Scale.
func (c Criterion) scale() tot.Scale {
	if c.Scale.Min == 0 && c.Scale.Max == 0 {
		return tot.Scale{Min: 0, Max: 10}
	}
	return c.Scale
}

// An Option is one alternative considered.
type Option struct {
	Number      int // 1-based as written ("Option 2"); 0 when unnumbered
	Name        string
	Description string
	Approach    []string // implementation approach bullets
	// Scores are the evaluation-table rows, in the table's order.
	Scores []Score
	// WeightedScore is the declared composite (0–100) of the option's
	// "Weighted Score" line; nil when absent.
	WeightedScore  *Number
	Pros           []string
	Cons           []string
	Neutral        []string // MADR "Neutral, because"
	CriticalChecks []Check
	Risks          []string
	StatusQuo      bool
}

// A Score is one row of an option's evaluation table.
type Score struct {
	Criterion string  // criterion name as written
	Value     *Number // nil when the cell is empty
	Rationale string
}

// A Check is one item of a task list, e.g. a critical criteria check.
type Check struct {
	Done bool
	Text string
}

// An ActionItem is one follow-up task.
type ActionItem = Check

// A Matrix is the options comparison matrix as the record declares it,
// whichever way round the table is written: options as rows and criteria as
// columns (the protocol's form), or criteria as rows and options as columns
// (Transposed), where a bold "Total" or "Weighted Score" row gives the
// totals.
type Matrix struct {
	// Columns are the criteria as written: the column headers ("Perf",
	// "Performance (20%)") or, in a transposed table, the row labels.
	Columns []string
	// Weights are the weights the table itself declares for its criteria
	// ("Performance (20%)", a "Weight" column or row), in percent like
	// Criterion.Weight ("0.2" reads as 20); nil when the table declares
	// none, and then the record's Criteria give them. An entry is nil for a
	// criterion whose weight the table leaves out.
	Weights []*Number
	Rows    []MatrixRow
	// Transposed reports a table with criteria as rows and options as
	// columns.
	Transposed bool
}

// A MatrixRow is one option's row of the comparison matrix.
type MatrixRow struct {
	Option string       // label as written: "1. Microservices REST", "Option 1"
	Cells  []MatrixCell // one per column
	Total  *Number      // declared total as written: "71", "8.30", "7.25/10" (7.25)
	// TotalScale is the full scale the total states ("7.25/10" → 10,
	// "3.9/5" → 5, "70.5/100" → 100); 0 when the cell states none, and Audit
	// then infers it from the magnitudes of the totals.
	TotalScale float64
	Pass       string // critical pass/fail column as written: "Yes", "Fail (Sec<8)"
}

// A MatrixCell is one "score (weighted contribution)" cell. The
// contribution is in the seed's unit, score × normalised weight (a 9 at 25%
// is 2.25); it is nil when the cell shows the score only, as it does for a
// record whose Method is not the weighted sum.
//
// A cell may also be a star rating ("★★★★☆" is Score 4 with OutOf 5) or a
// score out of a stated maximum ("4/5").
type MatrixCell struct {
	Score        *Number
	Contribution *Number
	// OutOf is the maximum the cell itself states: 5 for "★★★★☆" or
	// "4/5"; 0 when it states none.
	OutOf float64
	Text  string // the cell as written when it is not "score (contribution)"
}

// Decision is the decision section of a record.
type Decision struct {
	// Selected is the selected option's name; SelectedNumber its number
	// (0 when not numbered).
	Selected       string
	SelectedNumber int
	// Score is the selected option's composite (0–100), nil when unknown.
	Score *Number
	// Quantitative lists the quantitative rationale (scores, rank, gates).
	Quantitative []string
	// Rationale is the qualitative rationale (Markdown).
	Rationale string
	// Recommended names the best viable option when it is not the one
	// selected, with its composite; empty otherwise.
	Recommended      string
	RecommendedScore *Number
	TradeOffs        []string
	Confirmation     string // MADR "Confirmation"
}

// Consequences of a decision.
type Consequences struct {
	Positive []string
	Negative []string
	Neutral  []string
}

// Implementation holds the implementation notes.
type Implementation struct {
	Components []string // architectural components affected
	Migration  string   // migration strategy
	Validation []string // validation criteria (measurable outcomes)
	Notes      string   // anything else
}

// A Link is a named relation from a record to another one.
type Link struct {
	// Rel is the relation as written: "Supersedes", "Superseded by"
	// (adr-tools writes "Superceded by"), "Amends", "Amended by", any name.
	Rel    string
	Target int    // number of the target record; 0 when unknown
	Title  string // link text, e.g. "1. First Record"
	Href   string // link destination, e.g. "0001-first-record.md"
}

// A Review is one line of the review history.
type Review struct {
	Date     string
	Reviewer string
	Status   string
	Notes    string
}

// A Number is a number as a record declares it: its value and the number of
// digits written after the decimal point (the precision Audit compares at).
// Text holds what was written when it is not a number, e.g. a placeholder
// "X.X"; Text is "" for numbers.
type Number struct {
	Value float64
	Prec  int
	Text  string
}

// num returns a Number printed with prec decimals.
func num(v float64, prec int) *Number { return &Number{Value: numfmt.Round(v, prec), Prec: prec} }

// IsNumber reports whether n holds a number rather than text.
func (n *Number) IsNumber() bool { return n != nil && n.Text == "" }

// String formats n at its precision, or returns its text.
func (n *Number) String() string {
	if n == nil {
		return ""
	}
	if n.Text != "" {
		return n.Text
	}
	return numfmt.Fixed(n.Value, n.Prec)
}

// StatusKind is the normalised meaning of a status.
type StatusKind string

// Status kinds. Unknown covers anything else (log4brains calls it draft).
const (
	Proposed   StatusKind = "proposed"
	Accepted   StatusKind = "accepted"
	Rejected   StatusKind = "rejected"
	Deprecated StatusKind = "deprecated"
	Superseded StatusKind = "superseded"
	Draft      StatusKind = "draft"
	Unknown    StatusKind = "unknown"
)

// Kind classifies the record's status. A record whose status is empty but
// that has a "superseded by" link is Superseded.
func (r *Record) Kind() StatusKind {
	s := strings.ToLower(strings.TrimSpace(r.Status))
	for _, k := range []StatusKind{Proposed, Accepted, Rejected, Deprecated, Draft} {
		if strings.HasPrefix(s, string(k)) {
			return k
		}
	}
	if strings.HasPrefix(s, "supersede") || strings.HasPrefix(s, "supercede") {
		return Superseded
	}
	if s == "" {
		for _, l := range r.Links {
			if isSupersededBy(l.Rel) {
				return Superseded
			}
		}
		return Unknown
	}
	return Unknown
}

// isSupersededBy reports whether rel is "superseded by" in either spelling.
func isSupersededBy(rel string) bool {
	r := strings.ToLower(strings.TrimSpace(rel))
	return r == "superseded by" || r == "superceded by"
}

// isSupersedes reports whether rel is "supersedes" in either spelling.
func isSupersedes(rel string) bool {
	r := strings.ToLower(strings.TrimSpace(rel))
	return r == "supersedes" || r == "supercedes"
}
