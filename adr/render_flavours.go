package adr

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/internal/mdtext"
)

// Placeholders adr-tools' template writes for empty sections.
const (
	nygardContext      = "The issue motivating this decision, and any context that influences or constrains the decision."
	nygardDecision     = "The change that we're proposing or have agreed to implement."
	nygardConsequences = "What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated."
)

// nygardRel spells supersession links the way adr-tools writes them.
func nygardRel(rel string) string {
	switch {
	case isSupersedes(rel):
		return "Supercedes"
	case isSupersededBy(rel):
		return "Superceded by"
	}
	return rel
}

// madrRel spells supersession links correctly.
func madrRel(rel string) string {
	switch {
	case isSupersedes(rel):
		return "Supersedes"
	case isSupersededBy(rel):
		return "Superseded by"
	}
	return rel
}

func (r *Record) hasDecision() bool {
	d := &r.Decision
	return d.Selected != "" || d.Rationale != "" || d.Confirmation != "" || len(d.Quantitative) > 0 || len(d.TradeOffs) > 0 ||
		len(r.Criteria) > 0 || len(r.Options) > 0 || r.Matrix != nil
}

func (r *Record) hasConsequences() bool {
	c := r.Consequences
	return len(c.Positive)+len(c.Negative)+len(c.Neutral) > 0 || strings.TrimSpace(c.Text) != ""
}

// nygard writes the adr-tools flavour.
func (p *printer) nygard(r *Record) {
	p.block(titleLine(r))
	if r.Date != "" || !p.parsed {
		p.block("Date: " + mdtext.Inline(r.Date))
	}
	if len(r.Deciders) > 0 {
		p.block("Deciders: " + join(r.Deciders))
	}
	p.intro(r)
	p.heading(2, "Status")
	status := r.Status
	switch {
	case r.statusAsWritten():
		p.block(r.StatusText) // as written
		status = ""
	case p.parsed:
		// a parsed record keeps its status, even none
	case status == "" && r.Kind() != Superseded:
		status = "Accepted" // adr-tools' default for a new record
	}
	p.text(status)
	p.statusHistory(r)
	for _, l := range r.Links {
		l.Rel = nygardRel(l.Rel)
		p.block(linkLine(l))
	}
	p.heading(2, "Context")
	if strings.TrimSpace(r.Context) == "" && len(r.Drivers) == 0 && len(r.Reasoning) == 0 && !p.parsed {
		p.block(nygardContext)
	} else {
		p.text(p.shift(r.Context, 3))
		if len(r.Drivers) > 0 {
			p.heading(3, "Decision Drivers")
			p.list("-", r.Drivers)
		}
		p.reasoning(r, 3)
	}
	p.heading(2, "Decision")
	if !r.hasDecision() && !p.parsed {
		p.block(nygardDecision)
	} else {
		p.decisionBody(r, 3)
		p.criteriaSection(r, 3)
		p.optionsSection(r, 3, true)
		if r.Matrix != nil {
			p.heading(3, "Options Comparison Matrix")
			p.matrix(r)
		}
	}
	p.tail(r, 3)
	p.heading(2, "Consequences")
	if !r.hasConsequences() && !p.parsed {
		p.block(nygardConsequences)
	} else {
		p.consequences(r, 3)
	}
}

func (p *printer) reasoning(r *Record, level int) {
	if len(r.Reasoning) == 0 {
		return
	}
	p.heading(level, "Reasoning")
	var b strings.Builder
	for i, s := range r.Reasoning {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i+1) + ". **" + mdtext.Inline(s.Title) + "**: " + mdtext.Inline(s.Question))
		if s.Answer != "" {
			b.WriteString("\n   > " + mdtext.Inline(s.Answer))
		}
	}
	p.block(b.String())
}

func (p *printer) criteriaSection(r *Record, level int) {
	if len(r.Criteria) == 0 && r.Threshold == nil && strings.TrimSpace(r.Method) == "" {
		return
	}
	p.heading(level, "Evaluation Criteria")
	if len(r.Criteria) > 0 {
		p.criteriaTable(r)
	}
	p.thresholdAndGates(r)
}

func (p *printer) optionsSection(r *Record, level int, numbered bool) {
	if len(r.Options) == 0 {
		return
	}
	p.heading(level, "Options Considered")
	for i := range r.Options {
		o := &r.Options[i]
		p.heading(level+1, "Option "+strconv.Itoa(optionNumber(o, i))+": "+mdtext.Inline(o.Name))
		p.optionBody(r, o, numbered)
	}
}

// tail writes implementation notes, action items, references, reviews and
// more information as sections of the given level.
func (p *printer) tail(r *Record, level int) {
	im := r.Implementation
	if len(im.Components)+len(im.Validation)+len(r.Triggers) > 0 || im.Migration != "" || im.Notes != "" {
		p.heading(level, "Implementation Notes")
		p.implementation(r)
	}
	if len(r.ActionItems) > 0 {
		p.heading(level, "Action Items")
		p.checks(r.ActionItems)
	}
	if len(r.References) > 0 {
		p.heading(level, "References")
		p.list("-", r.References)
	}
	if len(r.Reviews) > 0 {
		p.heading(level, "Review History")
		p.reviews(r)
	}
	if r.MoreInformation != "" {
		p.heading(level, "More Information")
		p.text(p.shift(r.MoreInformation, level+1))
	}
}

// madrStatus is the status value MADR and log4brains expect: lower case for
// the known statuses.
func madrStatus(r *Record) string {
	s := strings.TrimSpace(r.Status)
	switch r.Kind() {
	case Proposed, Accepted, Rejected, Deprecated, Draft:
		if r.statusAsWritten() {
			// the tools read the word; the Status section keeps the text
			return string(r.Kind())
		}
		if !strings.Contains(s, " ") {
			return strings.ToLower(s)
		}
	case Superseded:
		if l, ok := r.SupersededBy(); ok && s == "" {
			return "superseded by " + l.Title
		}
		return "superseded" + s[min(len("superseded"), len(s)):]
	}
	return s
}

// dateNode writes a YYYY-MM-DD date plain, as MADR does, and anything else
// as a string.
func dateNode(d string) *yaml.Node {
	if reDate.MatchString(d) {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: d}
}

var reDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

func frontMatter(r *Record) string {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	str := func(k, v string, quoted bool) {
		if v == "" {
			return
		}
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
		if quoted {
			n.Style = yaml.DoubleQuotedStyle
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, n)
	}
	seq := func(k string, vs []string) {
		if len(vs) == 0 {
			return
		}
		s := &yaml.Node{Kind: yaml.SequenceNode}
		for _, v := range vs {
			s.Content = append(s.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
		}
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, s)
	}
	str("status", madrStatus(r), true)
	if r.Date != "" {
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "date"}, dateNode(r.Date))
	}
	seq("decision-makers", r.Deciders)
	seq("consulted", r.Consulted)
	seq("informed", r.Informed)
	seq("tags", r.Tags)
	if r.ID != "" {
		str("id", r.ID, false)
	}
	if r.parsed != nil && r.FrontMatter != "" {
		doc = mergeFrontMatter(r.FrontMatter, doc)
	}
	if len(doc.Content) == 0 {
		return ""
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return ""
	}
	return "---\n" + b.String() + "---"
}

// frontMatterKeys are the front-matter keys a Record holds, with their
// aliases (MADR 3's "deciders").
var frontMatterKeys = map[string]string{
	"status": "status", "date": "date", "decision-makers": "decision-makers", "deciders": "decision-makers",
	"consulted": "consulted", "informed": "informed", "tags": "tags", "id": "id",
}

// mergeFrontMatter returns the front matter as written (raw) with the
// values of gen (the record's fields) in place of the keys a Record holds,
// those the record no longer has removed, and every other key kept in its
// place. It returns gen when raw is not a YAML mapping.
func mergeFrontMatter(raw string, gen *yaml.Node) *yaml.Node {
	var d yaml.Node
	if err := yaml.Unmarshal([]byte(raw), &d); err != nil || d.Kind != yaml.DocumentNode || len(d.Content) != 1 || d.Content[0].Kind != yaml.MappingNode {
		return gen
	}
	m := d.Content[0]
	value := map[string]*yaml.Node{}
	for i := 0; i+1 < len(gen.Content); i += 2 {
		value[gen.Content[i].Value] = gen.Content[i+1]
	}
	used := map[string]bool{}
	out := &yaml.Node{Kind: yaml.MappingNode, Style: m.Style}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		canon, known := frontMatterKeys[k.Value]
		if !known {
			out.Content = append(out.Content, k, m.Content[i+1])
			continue
		}
		if v, ok := value[canon]; ok && !used[canon] {
			v.Style |= m.Content[i+1].Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.FlowStyle)
			out.Content = append(out.Content, k, v)
			used[canon] = true
		}
	}
	for i := 0; i+1 < len(gen.Content); i += 2 {
		if !used[gen.Content[i].Value] {
			out.Content = append(out.Content, gen.Content[i], gen.Content[i+1])
		}
	}
	return out
}

// madr writes MADR 4 (front matter) or, with list, the MADR 2 metadata
// list that log4brains reads.
func (p *printer) madr(r *Record, list bool) {
	if !list {
		p.block(frontMatter(r))
	}
	if h, ok := r.headingAsWritten(); ok {
		p.block(h)
	} else {
		p.block("# " + mdtext.Inline(r.Title))
	}
	if list {
		var meta []string
		add := func(k, v string) {
			if v != "" {
				meta = append(meta, "- "+k+": "+v)
			}
		}
		status := madrStatus(r)
		if l, ok := r.SupersededBy(); ok {
			status = "superseded by [" + mdtext.Inline(strings.TrimSuffix(l.Href, ".md")) + "](" + escapeHref(l.Href) + ")"
		} else if r.Kind() != Superseded {
			status = mdtext.Inline(status)
		}
		add("Status", status)
		add("Deciders", join(r.Deciders))
		add("Consulted", join(r.Consulted))
		add("Informed", join(r.Informed))
		add("Date", mdtext.Inline(r.Date))
		add("Tags", join(r.Tags))
		add("Decision ID", mdtext.Inline(r.ID))
		p.block(strings.Join(meta, "\n"))
	}
	p.intro(r)
	if r.statusAsWritten() {
		p.heading(2, "Status") // the Status section as written
		p.block(r.StatusText)
	}
	p.statusHistory(r)
	p.heading(2, "Context and Problem Statement")
	p.text(p.shift(r.Context, 3))
	p.reasoning(r, 3)
	if len(r.Criteria) > 0 || len(r.Drivers) > 0 || r.Threshold != nil || strings.TrimSpace(r.Method) != "" {
		p.heading(2, "Decision Drivers")
		if len(r.Drivers) > 0 {
			p.list("*", r.Drivers)
		}
		if len(r.Criteria) > 0 {
			p.criteriaTable(r)
		}
		p.thresholdAndGates(r)
	}
	if len(r.Options) > 0 {
		p.heading(2, "Considered Options")
		names := make([]string, len(r.Options))
		for i, o := range r.Options {
			names[i] = o.Name
		}
		p.list("*", names)
	}
	p.heading(2, "Decision Outcome")
	d := &r.Decision
	switch {
	case p.parsed && d.Selected != "" && len(d.Quantitative) == 0:
		// MADR's sentence with the reason as written, and the rest
		because, rest, _ := strings.Cut(p.shift(d.Rationale, 3), "\n\n")
		chosen := "Chosen option: \"" + mdtext.Inline(d.Selected) + "\""
		if strings.TrimSpace(because) != "" && !strings.HasPrefix(because, "#") {
			chosen += ", because " + because
		} else {
			rest = p.shift(d.Rationale, 3)
		}
		p.block(chosen)
		p.text(rest)
	case d.Selected != "":
		p.block("Chosen option: \"" + mdtext.Inline(d.Selected) + "\", because of the rationale below.")
	}
	p.labelList("Quantitative Rationale", d.Quantitative)
	if p.parsed && len(d.Quantitative) == 0 {
		if d.Selected == "" {
			p.text(p.shift(d.Rationale, 3)) // the decision as written
		}
	} else {
		p.labelText("Qualitative Rationale", p.shift(d.Rationale, 3))
	}
	p.labelList("Key Trade-offs Accepted", d.TradeOffs)
	if r.Matrix != nil {
		p.heading(3, "Options Comparison Matrix")
		p.matrix(r)
	}
	if r.hasConsequences() {
		p.heading(3, "Consequences")
		p.text(p.shift(r.Consequences.Text, 4))
		var items []string
		for _, s := range r.Consequences.Positive {
			items = append(items, "Good, because "+s)
		}
		for _, s := range r.Consequences.Neutral {
			items = append(items, "Neutral, because "+s)
		}
		for _, s := range r.Consequences.Negative {
			items = append(items, "Bad, because "+s)
		}
		if len(items) > 0 {
			p.list("*", items)
		}
	}
	if d.Confirmation != "" || len(r.Implementation.Validation) > 0 {
		p.heading(3, "Confirmation")
		p.text(p.shift(d.Confirmation, 4))
		p.labelList("Validation Criteria", r.Implementation.Validation)
	}
	if len(r.Options) > 0 {
		p.heading(2, "Pros and Cons of the Options")
		for i := range r.Options {
			o := &r.Options[i]
			p.heading(3, "Option "+strconv.Itoa(optionNumber(o, i))+": "+mdtext.Inline(o.Name))
			p.optionBody(r, o, false)
		}
	}
	im := r.Implementation
	if len(im.Components)+len(r.Triggers)+len(r.ActionItems)+len(r.References)+len(r.Reviews) > 0 ||
		im.Migration != "" || im.Notes != "" || r.MoreInformation != "" {
		p.heading(2, "More Information")
		p.text(p.shift(r.MoreInformation, 3))
		p.labelList("Architectural Components Affected", im.Components)
		p.labelText("Migration Strategy", im.Migration)
		p.text(im.Notes)
		p.labelList("Backtracking Triggers", r.Triggers)
		if len(r.ActionItems) > 0 {
			p.block("**Action Items:**")
			p.checks(r.ActionItems)
		}
		p.labelList("References", r.References)
		if len(r.Reviews) > 0 {
			p.block("**Review History:**")
			p.reviews(r)
		}
	}
	if len(r.Links) > 0 {
		p.heading(2, "Links")
		var ls []Link
		for _, l := range r.Links {
			if list && isSupersededBy(l.Rel) {
				continue // in the status line
			}
			l.Rel = madrRel(l.Rel)
			if list {
				l.Title = strings.TrimSuffix(l.Href, ".md")
			}
			ls = append(ls, l)
		}
		rr := &Record{Links: ls}
		p.links(rr, "-")
	}
}
