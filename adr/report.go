package adr

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/deliberate-dev/deliberate/internal/mdtext"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/chart"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
)

// A Report presents one evaluated decision to the people who make it: as
// plain text for a terminal ([Report.WriteText]) and as one self-contained
// HTML page ([Report.WriteHTML]). Every number in it is taken from Result
// and Analysis or computed from Decision when it is written.
type Report struct {
	Decision *tot.Decision // required
	Result   *tot.Result   // required: tot.Evaluate(Decision)
	// Analysis is the sensitivity of the recommendation (weight stability,
	// confidence and, when it was run, SMAA); nil leaves those parts out.
	Analysis *sensitivity.Analysis
	// Record is the ADR the HTML report shows; nil means
	// FromDecision(Decision, Result).
	Record *Record
}

// ErrIncompleteReport is returned by the Write methods of a Report without
// a Decision or a Result.
var ErrIncompleteReport = errors.New("adr: report needs a decision and its result")

func (r *Report) check() error {
	if r == nil || r.Decision == nil || r.Result == nil {
		return ErrIncompleteReport
	}
	return nil
}

// WriteText writes the report as aligned plain text: the criteria with
// their normalised weights, scales, directions, gates and sources; the
// ranked matrix with every cell's score and composite points, totals and
// viability; the recommendation, margin and close call; the human
// selection with its rationale, context factors and trade-offs; the
// backtracking triggers; the weight stability of the recommendation and
// the confidence in it (when Analysis is set); and the findings.
func (r *Report) WriteText(w io.Writer) error {
	if err := r.check(); err != nil {
		return err
	}
	d, res := r.Decision, r.Result
	p := &textPrinter{w: w}
	title := d.Title
	if d.ID != "" {
		title = d.ID + ": " + title
	}
	p.line(title)
	p.line(strings.Repeat("=", len([]rune(title))))
	p.line("")
	p.criteria(d)
	p.line("")
	p.matrix(d, res)
	p.line("")
	p.outcome(d, res)
	p.triggers(d)
	p.stability(r.Analysis)
	p.findings(res)
	return p.err
}

// A textPrinter writes lines and tables, keeping the first write error.
type textPrinter struct {
	w   io.Writer
	err error
}

func (p *textPrinter) line(format string, args ...any) {
	if p.err != nil {
		return
	}
	if len(args) == 0 {
		_, p.err = io.WriteString(p.w, format+"\n")
		return
	}
	_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
}

// table writes rows aligned in columns. Cells must not contain tabs or
// newlines: cell() replaces them.
func (p *textPrinter) table(rows [][]string) {
	if p.err != nil {
		return
	}
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		for i := range r {
			r[i] = oneLine(r[i])
		}
		if _, err := io.WriteString(tw, strings.Join(r, "\t")+"\n"); err != nil {
			p.err = err
			return
		}
	}
	p.err = tw.Flush()
}

// oneLine replaces tabs and line breaks, which would break a table row.
func oneLine(s string) string {
	return strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func criterionName(c tot.Criterion) string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

// weightPercents returns each criterion's weight as a percent of d's total
// weight (0–100, at most two decimals, with "%"); "" for every criterion
// when the total is not positive.
func weightPercents(d *tot.Decision) []string {
	sum := 0.0
	for _, c := range d.Criteria {
		sum += c.Weight
	}
	out := make([]string, len(d.Criteria))
	if sum > 0 {
		for j, c := range d.Criteria {
			out[j] = numfmt.Trim(100*c.Weight/sum, 2) + "%"
		}
	}
	return out
}

func (p *textPrinter) criteria(d *tot.Decision) {
	rows := [][]string{{"Criterion", "Weight", "Scale", "Direction", "Gate", "Source"}}
	shares := weightPercents(d)
	for j, c := range d.Criteria {
		lo, hi := c.Scale.Bounds()
		gate := "-"
		if c.Critical != nil {
			op := ">="
			if c.Direction == tot.Cost {
				op = "<="
			}
			gate = op + " " + numfmt.Trim(*c.Critical, 2)
		}
		rows = append(rows, []string{criterionName(c), cmp.Or(shares[j], "-"),
			numfmt.Trim(lo, 2) + "-" + numfmt.Trim(hi, 2), c.Direction.String(), gate, c.Source})
	}
	p.table(rows)
	threshold := "none"
	if d.EffectiveThreshold() > 0 {
		threshold = numfmt.Trim(d.EffectiveThreshold(), 2) + "/100"
	}
	p.line("Minimum acceptable score: %s. Cells show score (composite points).", threshold)
}

func (p *textPrinter) matrix(d *tot.Decision, res *tot.Result) {
	head := []string{"Rank", "Alternative"}
	for _, c := range d.Criteria {
		head = append(head, criterionName(c))
	}
	head = append(head, "Total", "Viable")
	rows := [][]string{head}
	alts := alternativesByID(d)
	for _, r := range res.Ranking {
		a := alts[r.Alternative]
		row := []string{strconv.Itoa(r.Rank), r.Alternative}
		for _, c := range d.Criteria {
			cell := "-"
			if s, ok := a.Scores[c.ID]; ok {
				cell = numfmt.Trim(s.Value, 2)
			}
			if pts, ok := r.Contributions[c.ID]; ok {
				cell += " (" + numfmt.Trim(pts, 2) + ")"
			}
			row = append(row, cell)
		}
		row = append(row, numfmt.Trim(r.Score, 2), viability(d, r))
		rows = append(rows, row)
	}
	p.table(rows)
}

// alternativesByID indexes d's alternatives by ID (the first of duplicates,
// which validation rejects anyway).
func alternativesByID(d *tot.Decision) map[string]tot.Alternative {
	m := make(map[string]tot.Alternative, len(d.Alternatives))
	for _, a := range d.Alternatives {
		if _, dup := m[a.ID]; !dup {
			m[a.ID] = a
		}
	}
	return m
}

// viability says "yes", or "no: " and why.
func viability(d *tot.Decision, r tot.Ranked) string {
	if r.Viable {
		return "yes"
	}
	var why []string
	for _, id := range r.GateFailures {
		for _, c := range d.Criteria {
			if c.ID == id {
				why = append(why, "fails "+criterionName(c)+" gate")
			}
		}
	}
	if r.BelowThreshold {
		why = append(why, "below "+numfmt.Trim(d.EffectiveThreshold(), 2))
	}
	return "no: " + strings.Join(why, ", ")
}

// altLabel is "Name (id)", or the ID alone when the alternative has no name.
func altLabel(d *tot.Decision, id string) string {
	for _, a := range d.Alternatives {
		if a.ID == id && a.Name != "" {
			return a.Name + " (" + a.ID + ")"
		}
	}
	return id
}

// scoreOf is id's composite as text, "?" when id is not ranked.
func scoreOf(res *tot.Result, id string) string {
	for _, r := range res.Ranking {
		if r.Alternative == id {
			return numfmt.Trim(r.Score, 2)
		}
	}
	return "?"
}

// outcome returns the report's three outcome sentences, each "" when it
// does not apply: the recommendation, the margin (with the close call) and
// the human selection. The text and HTML reports both print them.
func outcome(d *tot.Decision, res *tot.Result) (recommended, margin, selected string) {
	recommended = "Recommended: none - no alternative is viable"
	if res.Recommended != "" {
		recommended = "Recommended: " + altLabel(d, res.Recommended) + ", " + scoreOf(res, res.Recommended) + " points"
	}
	if res.Margin != nil {
		margin = "Margin: " + numfmt.Trim(*res.Margin, 2) + " points over the next viable alternative"
		if res.CloseCall {
			margin += " - close call (close-call margin " + numfmt.Trim(d.EffectiveCloseCall(), 2) + "): a human decision is needed"
		}
	}
	if d.Selected != "" {
		selected = "Selected: " + altLabel(d, d.Selected) + ", " + scoreOf(res, d.Selected) + " points"
		if d.Selected != res.Recommended {
			selected += ", overriding the recommendation"
		}
	}
	return recommended, margin, selected
}

// outcome writes the outcome sentences, then the selection's rationale,
// context factors and trade-offs.
func (p *textPrinter) outcome(d *tot.Decision, res *tot.Result) {
	rec, margin, sel := outcome(d, res)
	p.line("%s", rec)
	if margin != "" {
		p.line("%s", margin)
	}
	if sel == "" {
		return
	}
	p.line("%s", sel)
	if r := strings.TrimSpace(d.Rationale); r != "" {
		p.line("")
		p.line("Rationale:")
		for _, l := range strings.Split(r, "\n") {
			p.line("  %s", l)
		}
	}
	p.list("Context factors", d.ContextFactors)
	p.list("Trade-offs accepted", d.TradeOffs)
}

func (p *textPrinter) list(title string, items []string) {
	if len(items) == 0 {
		return
	}
	p.line("")
	p.line("%s:", title)
	for _, s := range items {
		p.line("  - %s", s)
	}
}

func (p *textPrinter) triggers(d *tot.Decision) {
	if len(d.Triggers) == 0 {
		return
	}
	p.line("")
	p.line("Backtracking triggers:")
	rows := [][]string{}
	for _, t := range d.Triggers {
		rows = append(rows, []string{"  " + t.ID, t.Category, t.Condition()})
	}
	p.table(rows)
}

func (p *textPrinter) stability(an *sensitivity.Analysis) {
	if an == nil || len(an.Stability) == 0 {
		return
	}
	p.line("")
	p.line("Weight stability (each criterion's share moved, the others kept in proportion):")
	for _, s := range an.Stability {
		p.line("  %s", s)
	}
	p.line("Confidence in the recommendation: %s", an.Confidence)
}

func (p *textPrinter) findings(res *tot.Result) {
	p.line("")
	if len(res.Findings) == 0 {
		p.line("Findings: none")
		return
	}
	p.line("Findings:")
	for _, f := range res.Findings {
		p.line("  - %s %s: %s", f.Severity, f.Code, f.Message)
	}
}

// A Chart is one SVG chart of a report.
type Chart struct {
	Name  string // file name: "composites.svg", "contributions.svg", "stability.svg", "acceptability.svg"
	Title string // what it shows, e.g. "Composite scores"
	SVG   []byte
}

// Charts draws the report's charts with package tot/chart: the composite
// scores and their contributions, and, when Analysis has them, the weight
// stability and the SMAA rank acceptability. A chart without data (no
// contributions for methods other than the weighted sum) is left out.
func (r *Report) Charts() ([]Chart, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	d, res := r.Decision, r.Result
	var out []Chart
	add := func(name, title string, draw func(io.Writer) error) error {
		var b bytes.Buffer
		if err := draw(&b); err != nil {
			if errors.Is(err, chart.ErrNoData) {
				return nil
			}
			return fmt.Errorf("adr: %s chart: %w", title, err)
		}
		out = append(out, Chart{Name: name, Title: title, SVG: b.Bytes()})
		return nil
	}
	if err := add("composites.svg", "Composite scores", func(w io.Writer) error { return chart.Composites(w, d, res, nil) }); err != nil {
		return nil, err
	}
	if err := add("contributions.svg", "Contributions", func(w io.Writer) error { return chart.Contributions(w, d, res, nil) }); err != nil {
		return nil, err
	}
	if an := r.Analysis; an != nil {
		if len(an.Stability) > 0 {
			if err := add("stability.svg", "Weight stability", func(w io.Writer) error { return chart.WeightStability(w, d, an.Stability, nil) }); err != nil {
				return nil, err
			}
		}
		if an.SMAA != nil {
			if err := add("acceptability.svg", "Rank acceptability", func(w io.Writer) error { return chart.RankAcceptability(w, d, an.SMAA, nil) }); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// ChartLinks returns Markdown showing the charts from files in dir, a path
// relative to the ADR (such as "figures"), one image a paragraph; a record
// can carry it in MoreInformation so that its Markdown links the SVGs
// written beside it.
func ChartLinks(dir string, cs []Chart) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		p := c.Name
		if dir != "" {
			p = strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/" + c.Name
		}
		b.WriteString("![" + mdtext.Span(c.Title) + "](" + p + ")")
	}
	return b.String()
}
