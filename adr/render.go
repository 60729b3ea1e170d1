package adr

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/mdtext"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// Render writes the record as Markdown in flavour f. The output depends only
// on the record: the same record gives byte-identical output. User text is
// escaped so that it cannot break a table or a section, or inject HTML.
//
// Every flavour carries the whole record: the ToT flavour follows the
// seed's template; Nygard writes adr-tools' sections (Status, Context,
// Decision, Consequences) with the criteria, options and matrix as
// subsections of Decision; MADR and Log4brains write MADR sections with the
// criteria table under Decision Drivers and the evaluation tables under
// Pros and Cons of the Options.
//
// A record whose Method is not the weighted sum gets a "**Method:**" line
// before the minimum acceptable score (the method's name as a code span and
// its tot.Method.Description), a "**Score:**" line per option instead of
// the weighted-sum formula, and a note under the matrix that its cells show
// scores only.
//
// A record that Parse returned keeps its text. In the flavour it was read
// from, as long as its fields hold what Parse read, Render writes its front
// matter and Sections as they are. Otherwise it writes the fields (their
// Markdown as written, the title's heading as written while the title is
// unchanged) and then every section that no field holds, as an extra
// section; it never adds adr-tools' template sentences nor a status the
// record did not have, and the status kind it writes is the record's.
func (r *Record) Render(w io.Writer, f Format) error {
	return r.renderFields(w, f, true)
}

// renderFields writes the record in flavour f: a parsed record that still
// holds what Parse read, in the flavour it was read from, as its sections;
// otherwise its fields, followed (with extras) by the sections that no
// field holds.
func (r *Record) renderFields(w io.Writer, f Format, extras bool) error {
	bw := bufio.NewWriter(w)
	p := &printer{w: bw, parsed: r.parsed != nil}
	if extras && r.unchanged(f) {
		p.writeSource(r)
		if p.err != nil {
			return p.err
		}
		return bw.Flush()
	}
	switch f {
	case ToT:
		p.tot(r)
	case MADR:
		p.madr(r, false)
	case Log4brains:
		p.madr(r, true)
	case Nygard:
		p.nygard(r)
	default:
		return fmt.Errorf("adr: render: unknown format %d", int(f))
	}
	if extras {
		p.extras(r) // a parsed record's unknown sections, or sections added to a built one
	}
	if p.err != nil {
		return p.err
	}
	return bw.Flush()
}

// printer writes Markdown blocks separated by one blank line and remembers
// the first write error.
type printer struct {
	w       *bufio.Writer
	err     error
	started bool
	// parsed is set for a record Parse produced: its text fields hold
	// Markdown, written as it is rather than escaped.
	parsed bool
	// noRule asks for setext underlines other than "---".
	noRule bool
}

func (p *printer) raw(s string) {
	if p.err == nil {
		_, p.err = p.w.WriteString(s)
	}
}

// block writes one Markdown block (lines without a trailing newline),
// preceded by a blank line unless it is the first.
func (p *printer) block(s string) {
	if s == "" {
		return
	}
	if p.started {
		p.raw("\n")
	}
	p.started = true
	p.raw(s)
	p.raw("\n")
}

func (p *printer) heading(level int, text string) {
	p.block(strings.Repeat("#", level) + " " + text)
}

// list writes a bullet list with marker m ("-" or "*"); items are escaped.
func (p *printer) list(m string, items []string) {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(m + " " + mdtext.Inline(it))
	}
	p.block(b.String())
}

// labelList writes "**Label:**" followed by a list, or nothing when empty.
func (p *printer) labelList(label string, items []string) {
	if len(items) == 0 {
		return
	}
	p.block("**" + label + ":**")
	p.list("-", items)
}

func (p *printer) labelText(label, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	p.block("**" + label + ":**")
	p.text(text)
}

// text writes a block of text: escaped for a record built from fields,
// as it is (Markdown) for a parsed one.
func (p *printer) text(s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	if p.parsed {
		p.block(strings.Trim(s, "\n"))
		return
	}
	p.block(mdtext.Block(s))
}

// table writes a GFM table; header and cells are already escaped.
func (p *printer) table(header []string, rows [][]string) {
	var b strings.Builder
	b.WriteString("| " + strings.Join(header, " | ") + " |\n|")
	for _, h := range header {
		b.WriteString(strings.Repeat("-", max(len(h)+2, 3)) + "|")
	}
	for _, r := range rows {
		b.WriteString("\n| " + strings.Join(r, " | ") + " |")
	}
	p.block(b.String())
}

func (p *printer) checks(items []Check) {
	var b strings.Builder
	for i, c := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		mark := " "
		if c.Done {
			mark = "x"
		}
		b.WriteString("- [" + mark + "] " + mdtext.Inline(c.Text))
	}
	p.block(b.String())
}

// optionLabel is the matrix row label and the "Selected Option" value.
func optionLabel(o *Option, i int) string {
	n := o.Number
	if n == 0 {
		n = i + 1
	}
	return strconv.Itoa(n) + ". " + mdtext.Cell(o.Name)
}

func optionNumber(o *Option, i int) int {
	if o.Number > 0 {
		return o.Number
	}
	return i + 1
}

// hasCustomCriteria reports whether a criterion is a cost criterion or has a
// scale other than 0–10, which the criteria table must then state.
func (r *Record) hasCustomCriteria() bool {
	for _, c := range r.Criteria {
		s := c.scale()
		if c.Direction == tot.Cost || s.Min != 0 || s.Max != 10 {
			return true
		}
	}
	return false
}

func weightText(n Number) string {
	if !n.IsNumber() {
		return mdtext.Cell(n.Text)
	}
	return numfmt.Fixed(n.Value, n.Prec) + "%"
}

func (p *printer) criteriaTable(r *Record) {
	custom := r.hasCustomCriteria()
	header := []string{"Criterion", "Weight"}
	if custom {
		header = append(header, "Direction", "Scale")
	}
	header = append(header, "Description", "Source NFR")
	var rows [][]string
	for _, c := range r.Criteria {
		row := []string{mdtext.Cell(c.Name), weightText(c.Weight)}
		if custom {
			d := "benefit"
			if c.Direction == tot.Cost {
				d = "cost"
			}
			s := c.scale()
			row = append(row, d, numfmt.Trim(s.Min, 6)+"–"+numfmt.Trim(s.Max, 6))
		}
		row = append(row, mdtext.Cell(c.Description), mdtext.Cell(c.Source))
		rows = append(rows, row)
	}
	p.table(header, rows)
}

// gateText is the critical-criteria line for a criterion with a gate.
func gateText(c Criterion) string {
	if c.Direction == tot.Cost {
		return mdtext.Inline(c.Name) + " must score at most " + numfmt.Trim(*c.Critical, 6) + " (pass/fail)"
	}
	return mdtext.Inline(c.Name) + " must score " + numfmt.Trim(*c.Critical, 6) + "+ (pass/fail)"
}

func (p *printer) thresholdAndGates(r *Record) {
	if strings.TrimSpace(r.Method) != "" {
		p.block("**Method:** " + methodLine(r.Method))
	}
	if r.Threshold != nil {
		p.block("**Minimum Acceptable Score:** " + r.Threshold.String() + "/100")
	}
	var items []string
	for _, c := range r.Criteria {
		if c.Critical != nil {
			items = append(items, "- "+gateText(c))
		}
	}
	for _, n := range r.CriticalNotes {
		items = append(items, "- "+mdtext.Inline(n))
	}
	if len(items) == 0 {
		p.block("**Critical Criteria:** None")
		return
	}
	p.block("**Critical Criteria:**")
	p.block(strings.Join(items, "\n"))
}

func scoreHeader(r *Record) string {
	if r.hasCustomCriteria() {
		return "Score"
	}
	return "Score (0-10)"
}

func (p *printer) evaluationTable(r *Record, o *Option) {
	if len(o.Scores) == 0 {
		return
	}
	var rows [][]string
	for _, s := range o.Scores {
		rows = append(rows, []string{mdtext.Cell(s.Criterion), s.Value.cell(), mdtext.Cell(s.Rationale)})
	}
	p.table([]string{"Criterion", scoreHeader(r), "Rationale"}, rows)
}

// cell formats a possibly absent number for a table cell.
func (n *Number) cell() string {
	if n == nil {
		return ""
	}
	if n.Text != "" {
		return mdtext.Cell(n.Text)
	}
	return numfmt.Fixed(n.Value, n.Prec)
}

// weightedScoreLine is the option's "Weighted Score" value: the seed's
// formula when the method is the weighted sum and every criterion is a 0–10
// benefit criterion.
func weightedScoreLine(r *Record, o *Option) string {
	total := o.WeightedScore.String() + "/100"
	if !isWeightedSum(r.Method) || r.hasCustomCriteria() || len(o.Scores) != len(r.Criteria) {
		return total
	}
	ws := normalisedWeights(r.Criteria)
	if ws == nil {
		return total
	}
	var terms []string
	for i, s := range o.Scores {
		if !s.Value.IsNumber() {
			return total
		}
		terms = append(terms, s.Value.String()+"×"+numfmt.Trim(ws[i], 4))
	}
	return "(" + strings.Join(terms, " + ") + ") × 10 = " + total
}

// normalisedWeights returns the criteria weights divided by their sum, nil
// when a weight is not a number or the sum is not positive.
func normalisedWeights(cs []Criterion) []float64 {
	sum := 0.0
	for _, c := range cs {
		if !c.Weight.IsNumber() || c.Weight.Value < 0 {
			return nil
		}
		sum += c.Weight.Value
	}
	if sum <= 0 {
		return nil
	}
	ws := make([]float64, len(cs))
	for i, c := range cs {
		ws[i] = c.Weight.Value / sum
	}
	return ws
}

// optionBody writes the parts of an option after its heading; level is the
// heading level of the option.
func (p *printer) optionBody(r *Record, o *Option, tot bool) {
	if tot {
		p.labelText("Description", o.Description)
	} else {
		p.text(o.Description)
	}
	p.labelList("Implementation Approach", o.Approach)
	if len(o.Scores) > 0 {
		p.block("**Evaluation:**")
		p.evaluationTable(r, o)
	}
	if o.WeightedScore != nil {
		label := "Weighted Score"
		if !isWeightedSum(r.Method) {
			label = "Score" // not a weighted sum of contributions
		}
		p.block("**" + label + ":** " + weightedScoreLine(r, o))
	}
	if tot {
		p.labelList("Pros", o.Pros)
		p.labelList("Cons", o.Cons)
	} else {
		var items []string
		for _, s := range o.Pros {
			items = append(items, "Good, because "+s)
		}
		for _, s := range o.Neutral {
			items = append(items, "Neutral, because "+s)
		}
		for _, s := range o.Cons {
			items = append(items, "Bad, because "+s)
		}
		if len(items) > 0 {
			p.list("*", items)
		}
	}
	if len(o.CriticalChecks) > 0 {
		p.block("**Critical Criteria Check:**")
		p.checks(o.CriticalChecks)
	}
	p.labelList("Risks", o.Risks)
}

func (p *printer) matrix(r *Record) {
	m := r.Matrix
	if m == nil {
		return
	}
	header := []string{"Option"}
	for _, c := range m.Columns {
		header = append(header, mdtext.Cell(c))
	}
	header = append(header, "**Total**", "Critical Pass?")
	var rows [][]string
	for _, row := range m.Rows {
		cells := []string{row.Option}
		for _, c := range row.Cells {
			cells = append(cells, c.cell())
		}
		total := ""
		if row.Total != nil {
			total = "**" + row.Total.cell() + "**"
		}
		cells = append(cells, total, mdtext.Cell(row.Pass))
		rows = append(rows, cells)
	}
	p.table(header, rows)
	if !isWeightedSum(r.Method) {
		p.block("*Cells show scores only; totals are composites by " + mdtext.Span(methodLabel(r.Method)) + " (0–100, higher is better)*")
		return
	}
	p.block("*Numbers in parentheses show weighted contribution (score × weight)*")
}

func (c MatrixCell) cell() string {
	if c.Score == nil {
		return mdtext.Cell(c.Text)
	}
	s := c.Score.cell()
	if c.Contribution != nil {
		s += " (" + c.Contribution.cell() + ")"
	}
	return s
}

func (p *printer) decisionBody(r *Record, sub int) {
	d := &r.Decision
	if d.Selected != "" {
		sel := mdtext.Inline(d.Selected)
		if d.SelectedNumber > 0 {
			sel = "Option " + strconv.Itoa(d.SelectedNumber) + " - " + sel
		}
		p.block("**Selected Option:** " + sel)
	}
	p.labelList("Quantitative Rationale", d.Quantitative)
	if p.parsed && d.Selected == "" && len(d.Quantitative) == 0 {
		p.text(p.shift(d.Rationale, sub)) // the decision as written
	} else {
		p.labelText("Qualitative Rationale", p.shift(d.Rationale, sub))
	}
	p.labelList("Key Trade-offs Accepted", d.TradeOffs)
	if strings.TrimSpace(d.Confirmation) != "" {
		p.heading(sub, "Confirmation")
		p.text(p.shift(d.Confirmation, sub+1))
	}
}

func (p *printer) consequences(r *Record, level int) {
	c := r.Consequences
	p.text(p.shift(c.Text, level))
	for _, part := range []struct {
		name  string
		items []string
	}{{"Positive", c.Positive}, {"Negative", c.Negative}, {"Neutral", c.Neutral}} {
		if len(part.items) == 0 {
			continue
		}
		p.heading(level, part.name)
		p.list("-", part.items)
	}
}

func (p *printer) implementation(r *Record) {
	im := r.Implementation
	p.labelList("Architectural Components Affected", im.Components)
	p.labelText("Migration Strategy", im.Migration)
	p.labelList("Validation Criteria", im.Validation)
	p.text(im.Notes)
	p.labelList("Backtracking Triggers", r.Triggers)
}

func (p *printer) links(r *Record, m string) {
	var b strings.Builder
	for i, l := range r.Links {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(m + " " + linkLine(l))
	}
	p.block(b.String())
}

// linkLine is "Rel [Title](Href)", the form adr-tools writes and reads.
func linkLine(l Link) string {
	title := l.Title
	if title == "" && l.Target > 0 {
		title = strconv.Itoa(l.Target)
	}
	href := l.Href
	if href == "" && l.Target > 0 {
		href = fmt.Sprintf("%04d.md", l.Target)
	}
	return mdtext.Inline(l.Rel) + " [" + mdtext.Span(title) + "](" + escapeHref(href) + ")"
}

func escapeHref(h string) string {
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "")
	return r.Replace(h)
}

func (p *printer) reviews(r *Record) {
	if len(r.Reviews) == 0 {
		return
	}
	var rows [][]string
	for _, v := range r.Reviews {
		rows = append(rows, []string{mdtext.Cell(v.Date), mdtext.Cell(v.Reviewer), mdtext.Cell(v.Status), mdtext.Cell(v.Notes)})
	}
	p.table([]string{"Date", "Reviewer", "Status", "Notes"}, rows)
}

func (p *printer) statusHistory(r *Record) {
	if len(r.StatusHistory) == 0 {
		return
	}
	var rows [][]string
	for _, v := range r.StatusHistory {
		rows = append(rows, []string{mdtext.Cell(v.Date), mdtext.Cell(v.Status), mdtext.Cell(v.Note)})
	}
	p.table([]string{"Date", "Status", "Note"}, rows)
}

// headingAsWritten returns the title's heading line as Parse read it, and
// whether r is a parsed record whose title and number are unchanged.
func (r *Record) headingAsWritten() (string, bool) {
	o := r.parsed
	if o == nil || o.heading == "" || r.Title != o.title || r.Number != o.number {
		return "", false
	}
	return "# " + strings.ReplaceAll(o.heading, "\n", " "), true
}

// statusAsWritten reports whether r is a parsed record whose Status is
// unchanged and whose Status section (StatusText) is written as it is.
func (r *Record) statusAsWritten() bool {
	return r.parsed != nil && r.StatusText != "" && r.Status == r.parsed.status
}

func titleLine(r *Record) string {
	if h, ok := r.headingAsWritten(); ok {
		return h
	}
	if r.Number > 0 {
		return "# " + strconv.Itoa(r.Number) + ". " + mdtext.Span(r.Title)
	}
	return "# " + mdtext.Inline(r.Title)
}

func join(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = mdtext.Inline(x)
	}
	return strings.Join(out, ", ")
}

// tot writes the seed's ToT template flavour.
func (p *printer) tot(r *Record) {
	p.block(titleLine(r))
	var meta []string
	add := func(k, v string) {
		if v != "" {
			meta = append(meta, "**"+k+":** "+v)
		}
	}
	add("Status", mdtext.Inline(r.Status))
	add("Date", mdtext.Inline(r.Date))
	add("Deciders", join(r.Deciders))
	add("Consulted", join(r.Consulted))
	add("Informed", join(r.Informed))
	add("Tags", join(r.Tags))
	add("Decision ID", mdtext.Inline(r.ID))
	p.block(strings.Join(meta, "\n"))
	p.intro(r)
	if len(r.StatusHistory) > 0 {
		p.heading(2, "Status History")
		p.statusHistory(r)
	}
	if len(r.Reasoning) > 0 {
		p.heading(2, "Reasoning")
		var b strings.Builder
		for i, s := range r.Reasoning {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%d. **%s**: %s", i+1, mdtext.Inline(s.Title), mdtext.Inline(s.Question))
			if s.Answer != "" {
				b.WriteString("\n   > " + mdtext.Inline(s.Answer))
			}
		}
		p.block(b.String())
	}
	p.heading(2, "Context")
	p.text(p.shift(r.Context, 3))
	if len(r.Drivers) > 0 {
		p.heading(2, "Decision Drivers")
		p.list("-", r.Drivers)
	}
	p.criteriaSection(r, 2)
	if len(r.Options) > 0 {
		p.heading(2, "Options Considered")
	}
	for i := range r.Options {
		o := &r.Options[i]
		p.heading(3, "Option "+strconv.Itoa(optionNumber(o, i))+": "+mdtext.Inline(o.Name))
		p.optionBody(r, o, true)
	}
	if r.Matrix != nil {
		p.heading(2, "Options Comparison Matrix")
		p.matrix(r)
	}
	d := &r.Decision
	if d.Selected != "" || d.Rationale != "" || d.Confirmation != "" || len(d.Quantitative)+len(d.TradeOffs) > 0 {
		p.heading(2, "Decision")
		p.decisionBody(r, 3)
	}
	if r.hasConsequences() {
		p.heading(2, "Consequences")
		p.consequences(r, 3)
	}
	im := r.Implementation
	if len(im.Components)+len(im.Validation)+len(r.Triggers) > 0 || im.Migration != "" || im.Notes != "" {
		p.heading(2, "Implementation Notes")
		p.implementation(r)
	}
	if len(r.ActionItems) > 0 {
		p.heading(2, "Action Items")
		p.checks(r.ActionItems)
	}
	if len(r.References) > 0 {
		p.heading(2, "References")
		p.list("-", r.References)
	}
	if len(r.Links) > 0 {
		p.heading(2, "Links")
		p.links(r, "-")
	}
	if len(r.Reviews) > 0 {
		p.heading(2, "Review History")
		p.reviews(r)
	}
	if r.MoreInformation != "" {
		p.heading(2, "More Information")
		p.text(p.shift(r.MoreInformation, 3))
	}
}
