package adr

import (
	"strings"
	"unicode"
	"unicode/utf8"

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

	// Status is the current status as written, as plain text: "Accepted",
	// "✅ Accepted", "superseded by ADR-0005". Kind classifies it.
	Status string
	// StatusText is the status as the record wrote it in Markdown, links
	// included ("❌ Rejected (see [019](0019-x.md))"), with any further text
	// of its Status section; empty for a record Parse did not produce.
	// Render writes it instead of Status while Status is unchanged.
	StatusText string
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
	// MoreMatrices are the comparison matrices the record declares after
	// the first (Matrix), in document order; Audit checks each of them.
	MoreMatrices []*Matrix

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

	// Format is the flavour Parse recognised. Render writes a parsed record
	// in this flavour from its Sections, unchanged (see Sections).
	Format Format

	// FrontMatter is the YAML front matter as written, without its "---"
	// lines; empty when the record has none.
	FrontMatter string
	// Sections are the record's sections in document order, each with its
	// Markdown source, as Parse read them: the text before the first
	// heading (Level 0), the title (Level 1) with the lines under it, then
	// every section and subsection, known or not ("Rationale", "Risks",
	// "Notes"…). Parse reads the known ones into the fields above as well.
	//
	// Render uses them to keep a parsed record's text: in the flavour the
	// record was parsed from, as long as the fields still hold what Parse
	// read, it writes the front matter and the sections as they are (so an
	// edit of Sections shows); otherwise, or in another flavour, it writes
	// the fields and then, as extra sections, every section that no field
	// holds (Section.Mapped false). A Record built by FromDecision has none
	// until a caller adds some (WithEvidence adds its Evidence section): Render
	// writes unmapped sections after the fields of any record.
	Sections []Section

	// parsed is the fingerprint of the fields as Parse read them; nil for a
	// record Parse did not produce.
	parsed *fingerprint
}

// A Section is one section of a parsed record.
type Section struct {
	// Level is the heading level, 1–6; 0 for the text before the first
	// heading.
	Level int
	// Heading is the heading's text as written (Markdown, without the
	// "#" marks; the lines of a setext heading joined by "\n").
	Heading string
	// Body is the Markdown source from the line after the heading to the
	// next heading of any level, without leading and trailing blank lines.
	Body string
	// Mapped reports whether the fields of the Record hold the section's
	// content (a known section such as Context, or a subsection whose text
	// a known section's field took with its heading), so that a render
	// from the fields does not need the section itself.
	Mapped bool
}

// A fingerprint identifies the content of a record's fields.
type fingerprint struct {
	format  Format   // the flavour Parse recognised
	sum     [32]byte // SHA-256 of the fields rendered in format
	title   string   // Title as parsed
	number  int      // Number as parsed
	heading string   // the title's heading as written (Markdown)
	status  string   // Status as parsed
	intro   []string // text before the first section that no field took
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

// scale returns the criterion's scale, 0–10 for the zero Scale (tot's rule).
func (c Criterion) scale() tot.Scale {
	lo, hi := c.Scale.Bounds()
	return tot.Scale{Min: lo, Max: hi}
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
	// Text is the consequences written as prose (Markdown), with any
	// item that is not a good/bad/neutral bullet.
	Text     string
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

// Kind classifies the record's status from its words and emoji: the
// earliest of "accepted" (approved, adopted, ✅), "proposed" (draft for
// "draft"), "rejected" (declined, abandoned, ❌), "deprecated", in any
// letter case, except that a record superseded by another (a "superseded
// by" link, or the word in its status) is Superseded. Anything else is
// Unknown.
func (r *Record) Kind() StatusKind {
	if _, ok := r.SupersededBy(); ok {
		return Superseded
	}
	return ClassifyStatus(r.Status)
}

// SupersededBy returns the link to the record that supersedes r, if any.
func (r *Record) SupersededBy() (Link, bool) {
	for _, l := range r.Links {
		if isSupersededBy(l.Rel) {
			return l, true
		}
	}
	return Link{}, false
}

// statusWords maps the words and emoji of statuses to their kind.
var statusWords = []struct {
	word string
	kind StatusKind
}{
	{"supersed", Superseded}, {"superced", Superseded}, {"replaced by", Superseded},
	{"accepted", Accepted}, {"approved", Accepted}, {"adopted", Accepted}, {"agreed", Accepted},
	{"implemented", Accepted}, {"done", Accepted}, {"✅", Accepted}, {"✔", Accepted}, {"☑", Accepted}, {"👍", Accepted},
	{"proposed", Proposed}, {"proposal", Proposed}, {"under review", Proposed}, {"in review", Proposed},
	{"pending", Proposed}, {"in progress", Proposed}, {"wip", Proposed}, {"open", Proposed}, {"🤔", Proposed},
	{"💭", Proposed}, {"📝", Proposed}, {"⏳", Proposed}, {"🚧", Proposed},
	{"draft", Draft},
	{"rejected", Rejected}, {"declined", Rejected}, {"abandoned", Rejected}, {"withdrawn", Rejected},
	{"discarded", Rejected}, {"refused", Rejected}, {"❌", Rejected}, {"✖", Rejected}, {"🚫", Rejected}, {"⛔", Rejected},
	{"deprecated", Deprecated}, {"obsolete", Deprecated}, {"retired", Deprecated}, {"⚠", Deprecated},
}

// ClassifyStatus returns the kind of a status written as s (see
// Record.Kind): Superseded when s says so anywhere, else the kind of its
// earliest status word or emoji, else Unknown.
func ClassifyStatus(s string) StatusKind {
	low := strings.ToLower(s)
	best, at := Unknown, len(low)+1
	for _, w := range statusWords {
		i := indexWord(low, w.word)
		if i < 0 {
			continue
		}
		if w.kind == Superseded {
			return Superseded
		}
		if i < at {
			best, at = w.kind, i
		}
	}
	return best
}

// indexWord returns the index of w in s where it starts a word (not after a
// letter) and, for a whole word, does not run on into letters; -1 if none.
// Prefixes ending in a letter ("supersed") may run on.
func indexWord(s, w string) int {
	for off := 0; off <= len(s); {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return -1
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		prefix := w == "supersed" || w == "superced"
		if (i == 0 || !unicode.IsLetter(before)) && (prefix || i+len(w) == len(s) || !unicode.IsLetter(after)) {
			return i
		}
		off = i + len(w)
	}
	return -1
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
