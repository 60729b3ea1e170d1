package adr

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"go.yaml.in/yaml/v3"
)

// ErrNotADR is returned by Parse for input with no recognisable ADR content
// (no title, no section).
var ErrNotADR = errors.New("adr: no ADR content")

// Parse reads an ADR in any supported flavour: the seed's ToT template, MADR
// 2, 3 and 4 (YAML front matter or metadata list), adr-tools' Nygard format
// and the log4brains form. It parses the Markdown with goldmark (GFM tables)
// and recovers the metadata, status, links, the criteria table with its
// weights ("30%", "0.30"), the MCDA method of a "**Method:**" line (the
// name in its code span, "`topsis/vector`", or a name written for people,
// "TOPSIS", "PROMETHEE II", turned into tot's), each option's evaluation
// table, and the comparison matrix ("8 (2.4)" cells, or "8" for methods
// other than the weighted sum; "**71**" or "70.5/100" totals). Numbers keep
// the precision they were written with; placeholders such as "X (X.X)" are
// kept as text. Parse does not judge the numbers: Audit does.
//
// Parse keeps the whole document: Record.Sections holds every section and
// subsection with its Markdown source and Record.FrontMatter the front
// matter, so that Render writes a parsed record back in its own flavour as
// it was written (see Record.Sections).
//
// Parse returns an error for input that is not UTF-8, for invalid YAML front
// matter and for input with neither a title nor a section, and an error
// wrapping ErrTooLarge, before parsing any Markdown, for input longer than
// MaxSize or nesting block quotes and lists deeper than MaxNesting. Its
// work is linear in the size of its input.
func Parse(data []byte) (*Record, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("adr: input is %d bytes, more than the %d that Parse reads: %w", len(data), MaxSize, ErrTooLarge)
	}
	if !utf8.Valid(data) {
		return nil, errors.New("adr: input is not valid UTF-8")
	}
	// CommonMark's line endings are LF, CR LF and a lone CR; goldmark ends
	// lines at all three, so every step below sees them as LF.
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	if d := nestingDepth(data); d > MaxNesting {
		return nil, fmt.Errorf("adr: block quotes and lists nest %d deep, more than the %d that Parse reads: %w", d, MaxNesting, ErrTooLarge)
	}
	r := &Record{Format: ToT}
	body, fm, raw, err := splitFrontMatter(data)
	if err != nil {
		return nil, err
	}
	r.FrontMatter = raw
	ps := &parser{r: r, src: body, cur: -1}
	if fm != nil {
		ps.frontMatter(fm)
	}
	doc := parseMarkdown(body)
	var ends []int
	r.Sections, ends = splitSections(body, doc)
	if len(r.Sections) > 0 && r.Sections[0].Level == 0 {
		ps.cur = 0
	}
	prev, i := 0, 0 // end of the previous top-level block, blocks seen
	for n := doc.FirstChild(); n != nil; n, i = n.NextSibling(), i+1 {
		if _, ok := n.(*ast.Heading); ok {
			ps.cur++
			prev = max(prev, ends[i])
			ps.block(n)
			continue
		}
		// the block's source runs from the end of the previous one, so
		// that it holds its code fences
		end := max(prev, ends[i])
		ps.top, ps.topSrc = n, trimBlankLines(body[prev:end])
		ps.block(n)
		prev = end
	}
	ps.finish()
	if r.Title == "" && ps.sections == 0 {
		return nil, ErrNotADR
	}
	if r.Sections == nil {
		r.Sections = []Section{}
	}
	r.parsed = &fingerprint{format: r.Format, title: r.Title, number: r.Number, heading: ps.titleSrc, status: r.Status, intro: ps.intro}
	r.parsed.sum = r.sum(r.Format)
	return r, nil
}

// ErrTooLarge is returned (wrapped) by Parse for input beyond MaxSize or
// MaxNesting.
var ErrTooLarge = errors.New("adr: input too large")

// splitFrontMatter separates YAML front matter ("---" lines) from the body.
func splitFrontMatter(data []byte) (body []byte, fm map[string]any, raw string, err error) {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return data, nil, "", nil
	}
	rest := data[4:]
	end := -1
	off := 0
	for off <= len(rest) {
		nl := bytes.IndexByte(rest[off:], '\n')
		ln := rest[off:]
		if nl >= 0 {
			ln = rest[off : off+nl]
		}
		if t := string(bytes.TrimRight(ln, " \t")); t == "---" || t == "..." {
			end = off
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 {
		return data, nil, "", nil // a thematic break, not front matter
	}
	yml := rest[:end]
	body = rest[end:]
	if nl := bytes.IndexByte(body, '\n'); nl >= 0 {
		body = body[nl+1:]
	} else {
		body = nil
	}
	fm = map[string]any{}
	if err := yaml.Unmarshal(yml, &fm); err != nil {
		return nil, nil, "", fmt.Errorf("adr: front matter: %w", err)
	}
	raw = string(yml)
	if raw == "" {
		raw = "\n" // an empty front matter is still one
	}
	return body, fm, raw, nil
}

type parser struct {
	r        *Record
	src      []byte
	sections int

	sec       string // canonical H2 (or H3 outside options) section name
	sub       string // canonical H3 name inside a section
	label     string // canonical current bold label or H4 name
	opt       *Option
	optLevel  int  // heading level of the current option
	inOpts    bool // inside a section whose subsections are options
	optsLevel int  // heading level of that section

	seenH2 bool
	// cur is the index in r.Sections of the section being read; -1
	// before the first one.
	cur int
	// titleSrc is the title's heading as written.
	titleSrc string
	// absorb collects the text of unknown subsections of a section whose
	// field is prose (Context, Decision, Consequences…), headings included.
	absorb *[]string
	// proseAcc collects the text of the innermost section whose field is
	// prose, at heading level proseLevel; nil outside one.
	proseAcc   *[]string
	proseLevel int
	// statusSet reports that the status came from the front matter or
	// metadata; statusDone that the Status section's status line was read.
	statusSet, statusDone bool
	cons                  []string
	intro                 []string // text before the first section that no field took
	top                   ast.Node // the top-level block being read
	topSrc                string   // its Markdown source
	madrHeadings          bool     // a MADR section heading was seen
	statusH2              bool     // a "## Status" section was seen

	gates  map[string]float64 // critical gates by canonical criterion name
	order  []string           // gate names in order
	ctx    []string
	rat    []string
	moreIn []string
	migr   []string
	notes  []string
	conf   []string
}

var (
	reTitleNum = regexp.MustCompile(`^(?:ADR[- ]?)?0*([0-9]+)[.:]\s+(.+)$`)
	reOptNum   = regexp.MustCompile(`^(?i:option\s+)?0*([0-9]+)\b`)
	reLinkNum  = regexp.MustCompile(`^0*([1-9][0-9]*)`)
)

// canon lower-cases s and keeps words only: "Key Trade-offs Accepted:" →
// "key trade offs accepted".
func canon(s string) string {
	s = strings.ToLower(s)
	return normWords(strings.TrimSuffix(strings.TrimSpace(s), "(optional)"))
}

// normWords lower-cases s and keeps only its words (runs of letters and
// digits), separated by one space.
func normWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(c)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

func (ps *parser) frontMatter(fm map[string]any) {
	r := ps.r
	r.Format = MADR
	get := func(k string) string {
		v, ok := fm[k]
		if !ok || v == nil {
			return ""
		}
		return strings.TrimSpace(fmt.Sprint(v))
	}
	list := func(k string) []string {
		switch v := fm[k].(type) {
		case []any:
			var out []string
			for _, x := range v {
				if x != nil {
					out = append(out, strings.TrimSpace(fmt.Sprint(x)))
				}
			}
			return out
		case nil:
			return nil
		default:
			return splitList(fmt.Sprint(v))
		}
	}
	if s := get("status"); s != "" {
		ps.setStatus(s)
	}
	if d, ok := fm["date"]; ok && d != nil {
		r.Date = yamlDate(d)
	}
	r.Deciders = list("decision-makers")
	if r.Deciders == nil {
		r.Deciders = list("deciders")
	}
	r.Consulted = list("consulted")
	r.Informed = list("informed")
	r.Tags = list("tags")
	r.ID = get("id")
	if t := get("title"); t != "" && r.Title == "" {
		r.Title = t
	}
}

// yamlDate formats a YAML date value as YYYY-MM-DD.
func yamlDate(v any) string {
	type dater interface{ Format(string) string }
	if t, ok := v.(dater); ok {
		return t.Format("2006-01-02")
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// setStatus records a status value, recognising "superseded by X".
func (ps *parser) setStatus(s string) {
	ps.r.Status = s
	ps.statusSet = true
	low := strings.ToLower(s)
	for _, p := range []string{"superseded by ", "superceded by "} {
		if strings.HasPrefix(low, p) {
			target := strings.TrimSpace(s[len(p):])
			l := Link{Rel: "Superseded by", Title: target}
			if m := reDigits.FindString(target); m != "" {
				l.Target, _ = strconv.Atoi(strings.TrimLeft(m, "0"))
			}
			ps.addLink(l)
		}
	}
}

var reDigits = regexp.MustCompile(`[0-9]{1,9}`)

func (ps *parser) addLink(l Link) {
	for _, x := range ps.r.Links {
		if strings.EqualFold(madrRel(x.Rel), madrRel(l.Rel)) && x.Target == l.Target && x.Href == l.Href {
			return
		}
	}
	ps.r.Links = append(ps.r.Links, l)
}

func (ps *parser) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		ps.heading(n)
	case *ast.Paragraph:
		ps.paragraph(n)
	case *ast.List:
		ps.list(n)
	case *east.Table:
		if !ps.tableRead(n) {
			ps.text(ps.source(n))
		}
	case *ast.Blockquote, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
		ps.text(ps.source(n))
	case *ast.ThematicBreak:
	default:
		ps.text(ps.source(n))
	}
}

// tableRead reads a table with ps.table and reports whether it took it
// into a field (criteria, evaluation, matrix, reviews, status history).
func (ps *parser) tableRead(t *east.Table) bool {
	r := ps.r
	nc, nr, nh, m := len(r.Criteria), len(r.Reviews), len(r.StatusHistory), r.Matrix
	ns := -1
	if ps.opt != nil {
		ns = len(ps.opt.Scores)
	}
	ps.table(t)
	return len(r.Criteria) != nc || len(r.Reviews) != nr || len(r.StatusHistory) != nh || r.Matrix != m ||
		ps.opt != nil && len(ps.opt.Scores) != ns
}

// source returns the Markdown source of a block.
func (ps *parser) source(n ast.Node) string {
	if n == ps.top {
		return ps.topSrc
	}
	return blockSource(n, ps.src)
}

// lost marks the current section as holding text that no field took.
func (ps *parser) lost() {
	if ps.cur >= 0 && ps.cur < len(ps.r.Sections) {
		ps.r.Sections[ps.cur].Mapped = false
	}
}

// lostIntro keeps text before the first section that no field took: a
// render from the fields writes it after the title.
func (ps *parser) lostIntro(s string) {
	ps.lost()
	if !ps.seenH2 {
		ps.intro = append(ps.intro, s)
	}
}

// headingSrc is the current section's heading as written.
func (ps *parser) headingSrc() string {
	if ps.cur >= 0 && ps.cur < len(ps.r.Sections) {
		return ps.r.Sections[ps.cur].Heading
	}
	return ""
}

// prose returns the collector of a section whose field is prose, nil for
// other sections.
func (ps *parser) prose(c string) *[]string {
	switch c {
	case "context", "context and problem statement", "problem", "problem statement":
		return &ps.ctx
	case "decision", "decision outcome", "qualitative rationale", "decision rationale", "why this decision", "rationale":
		return &ps.rat
	case "consequences":
		return &ps.cons
	case "more information":
		return &ps.moreIn
	case "migration strategy", "migration path":
		return &ps.migr
	case "implementation notes":
		return &ps.notes
	case "confirmation":
		return &ps.conf
	}
	return nil
}

// knownSection reports the H2 sections whose content Parse reads into
// fields.
func knownSection(c string) bool {
	switch c {
	case "status", "metadata", "status history", "context", "context and problem statement", "problem", "problem statement",
		"decision", "decision outcome", "consequences", "more information", "implementation notes", "confirmation",
		"decision drivers", "considered options", "evaluation criteria", "options comparison matrix", "reasoning",
		"action items", "references", "external references", "links", "review history", "backtracking triggers":
		return true
	}
	return optionSections[c]
}

var optionSections = map[string]bool{
	"options considered": true, "pros and cons of the options": true, "alternatives considered": true,
	"considered options detail": true, "options": true, "considered alternatives": true, "alternatives": true,
	"considered options": true, "pros and cons of the alternatives": true,
}

func (ps *parser) heading(h *ast.Heading) {
	t := inlineText(h, ps.src)
	c := canon(t)
	lv := h.Level
	ps.label = ""
	ps.absorb = nil
	if ps.proseAcc != nil && h.Level <= ps.proseLevel {
		ps.proseAcc = nil
	}
	if lv == 1 {
		if ps.r.Title == "" || ps.titleSrc == "" && !ps.seenH2 && ps.sections == 0 {
			ps.titleSrc = ps.headingSrc()
			if m := reTitleNum.FindStringSubmatch(t); m != nil {
				ps.r.Number, _ = strconv.Atoi(m[1])
				ps.r.Title = m[2]
			} else {
				ps.r.Title = t
			}
			return
		}
		ps.lost()
		return
	}
	if ps.inOpts && lv <= ps.optsLevel {
		ps.inOpts, ps.opt = false, nil
	}
	if ps.opt != nil && lv <= ps.optLevel {
		ps.opt = nil
	}
	if lv == 2 {
		ps.sections++
		ps.seenH2 = true
		ps.sec, ps.sub, ps.opt = c, "", nil
		if optionSections[c] {
			ps.inOpts, ps.optsLevel = true, 2
		}
		if c == "pros and cons of the options" && ps.r.Format == ToT {
			ps.r.Format = MADR
		}
		if !knownSection(c) {
			ps.lost()
		}
		if a := ps.prose(c); a != nil {
			ps.proseAcc, ps.proseLevel = a, 2
		}
		if c == "status" {
			ps.statusH2 = true
		}
		switch c {
		case "context and problem statement", "decision outcome", "considered options", "pros and cons of the options":
			ps.madrHeadings = true
		}
		return
	}
	if ps.opt != nil && lv > ps.optLevel {
		ps.label = c
		if !optionLabels[c] {
			ps.lost()
		}
		return
	}
	if n, name, ok := optionHeading(t, ps.inOpts); ok {
		ps.opt, ps.optLevel = ps.option(n, name), lv
		return
	}
	if ps.inOpts && lv == ps.optsLevel+1 {
		ps.opt, ps.optLevel = ps.option(0, optionName(t)), lv
		return
	}
	if optionSections[c] {
		ps.inOpts, ps.optsLevel = true, lv
		ps.sub = ""
		return
	}
	ps.sub = c
	if ps.sec == "" || isTopSection(c) {
		ps.sections++
	}
	if isTopSection(c) || knownSub[c] {
		if a := ps.prose(c); a != nil {
			ps.proseAcc, ps.proseLevel = a, lv
		}
		return
	}
	if ps.proseAcc != nil {
		// an unknown subsection of a prose section belongs to its text
		*ps.proseAcc = append(*ps.proseAcc, strings.Repeat("#", lv)+" "+ps.headingSrc())
		ps.absorb = ps.proseAcc
		return
	}
	ps.lost()
}

// knownSub are the subsection names Parse reads into fields.
var knownSub = map[string]bool{
	"positive": true, "negative": true, "neutral": true, "positive outcomes": true, "negative outcomes": true,
	"positive consequences": true, "negative consequences": true, "neutral consequences": true, "operational impacts": true,
	"consequences": true, "confirmation": true, "quantitative rationale": true, "qualitative rationale": true,
	"key trade offs accepted": true, "trade offs accepted": true, "trade offs": true, "key trade offs": true,
	"architectural components affected": true, "validation criteria": true, "success criteria": true,
	"migration strategy": true, "migration path": true, "status": true, "context": true, "decision": true,
	"critical criteria": true,
}

// optionLabels are the headings and bold labels Parse reads inside an
// option.
var optionLabels = map[string]bool{
	"description": true, "implementation approach": true, "pros": true, "strengths": true, "cons": true,
	"weaknesses": true, "risks": true, "critical criteria check": true, "evaluation": true,
	"weighted score": true, "score": true, "composite": true, "total": true,
}

var (
	reOptionHead = regexp.MustCompile(`^(?i:option|alternative)\s+([0-9]+|[A-Za-z])\s*(?:[:.)\-–—]\s*|$)(.*)$`)
	reNumHead    = regexp.MustCompile(`^([0-9]+)[.)]\s+(.+)$`)
)

// optionHeading reads an option heading: "Option 2: Name", "Option A —
// Name", and inside an options section "1. Name". The number of a lettered
// option is its place in the alphabet.
func optionHeading(t string, inOpts bool) (n int, name string, ok bool) {
	if m := reOptionHead.FindStringSubmatch(t); m != nil {
		return optionIndex(m[1]), optionName(m[2]), true
	}
	if m := reNumHead.FindStringSubmatch(t); m != nil && inOpts {
		n, _ := strconv.Atoi(m[1])
		return n, optionName(m[2]), true
	}
	return 0, "", false
}

func optionIndex(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return int(unicode.ToUpper(rune(s[0]))-'A') + 1
}

// optionName is the name of an option from its heading or list item: the
// first line, without an "Option N:" prefix.
func optionName(t string) string {
	t, _, _ = strings.Cut(strings.TrimSpace(t), "\n")
	for {
		m := reOptionHead.FindStringSubmatch(t)
		if m == nil || strings.TrimSpace(m[2]) == "" {
			break
		}
		t = m[2]
	}
	return strings.TrimSpace(t)
}

// isTopSection reports section names that Nygard records nest under H3.
func isTopSection(c string) bool {
	switch c {
	case "evaluation criteria", "options comparison matrix", "implementation notes",
		"backtracking triggers", "action items", "references", "review history", "more information",
		"decision drivers", "reasoning", "links":
		return true
	}
	return false
}

// option finds or creates the option numbered n (or named name).
func (ps *parser) option(n int, name string) *Option {
	for i := range ps.r.Options {
		o := &ps.r.Options[i]
		if (n > 0 && o.Number == n) || (n == 0 && strings.EqualFold(o.Name, name)) {
			if o.Name == "" {
				o.Name = name
			}
			return o
		}
	}
	if n == 0 {
		n = len(ps.r.Options) + 1
	}
	ps.r.Options = append(ps.r.Options, Option{Number: n, Name: name})
	return &ps.r.Options[len(ps.r.Options)-1]
}

// where is the canonical context of the current block: the innermost of
// label, H3 and H2.
func (ps *parser) where() string {
	switch {
	case ps.label != "":
		return ps.label
	case ps.sub != "" && ps.sub != "option":
		return ps.sub
	}
	return ps.sec
}

func (ps *parser) paragraph(p *ast.Paragraph) {
	lines := paraLines(p, ps.src)
	if len(lines) == 0 {
		return
	}
	// metadata style: every line is its own bold label
	if lines[0].strong != "" && (strings.HasSuffix(lines[0].strong, ":") || strings.HasPrefix(lines[0].text, ":")) {
		allLabels, known := len(lines) > 1, false
		for _, l := range lines {
			if l.strong == "" {
				allLabels = false
			}
			known = known || ps.knownLabel(canon(l.strong))
		}
		if allLabels && known {
			for _, l := range lines {
				if label := canon(l.strong); ps.knownLabel(label) {
					ps.labelValue(label, strings.TrimSpace(strings.TrimPrefix(l.text, ":")), p)
				} else {
					ps.lostIntro("**" + l.strong + "** " + l.text)
				}
			}
			return
		}
	}
	// a paragraph that starts with a bold label Parse knows
	if lines[0].strong != "" && (strings.HasSuffix(lines[0].strong, ":") || strings.HasPrefix(lines[0].text, ":")) && ps.knownLabel(canon(lines[0].strong)) {
		label := canon(lines[0].strong)
		var rest []string
		if v := strings.TrimSpace(strings.TrimPrefix(lines[0].text, ":")); v != "" {
			rest = append(rest, v)
		}
		for _, l := range lines[1:] {
			rest = append(rest, strings.TrimSpace(joinStrong(l)))
		}
		ps.labelValue(label, strings.Join(rest, "\n"), p)
		return
	}
	// "Key: value" lines before the first section (Nygard's "Date:")
	if !ps.seenH2 {
		var other []string
		for _, l := range lines {
			k, v, ok := strings.Cut(joinStrong(l), ":")
			if !ok || !ps.meta(canon(k), strings.TrimSpace(v)) {
				other = append(other, joinStrong(l))
			}
		}
		if len(other) == len(lines) {
			ps.lostIntro(unblock(ps.source(p)))
		} else if len(other) > 0 {
			ps.lostIntro(strings.Join(other, "\n"))
		}
		return
	}
	ps.plain(p, lines)
}

func joinStrong(l line) string {
	if l.strong == "" {
		return l.text
	}
	return l.strong + " " + l.text
}

// meta records a metadata key; it reports whether the key is one.
func (ps *parser) meta(k, v string) bool {
	r := ps.r
	switch k {
	case "status", "current status":
		ps.setStatus(v)
	case "date", "decision date":
		r.Date = v
	case "deciders", "decision makers", "author s", "authors":
		r.Deciders = splitList(v)
	case "consulted":
		r.Consulted = splitList(v)
	case "informed":
		r.Informed = splitList(v)
	case "tags":
		r.Tags = splitList(v)
	case "decision id", "adr id", "id":
		r.ID = v
	default:
		return false
	}
	return true
}

// knownLabel reports whether a bold label at the start of a paragraph is
// one Parse reads: metadata before the first section, the labels of the
// ToT template and of options.
func (ps *parser) knownLabel(label string) bool {
	if !ps.seenH2 || ps.sec == "metadata" {
		switch label {
		case "status", "current status", "date", "decision date", "deciders", "decision makers", "author s", "authors",
			"consulted", "informed", "tags", "decision id", "adr id", "id":
			return true
		}
	}
	if ps.opt != nil && optionLabels[label] {
		return true
	}
	switch label {
	case "minimum acceptable score", "minimum threshold", "threshold", "method", "mcda method", "scoring method",
		"critical criteria", "selected option", "qualitative rationale", "decision rationale", "rationale",
		"why this decision", "quantitative rationale", "migration strategy", "migration path",
		"key trade offs accepted", "trade offs accepted", "trade offs", "key trade offs",
		"architectural components affected", "validation criteria", "success criteria", "backtracking triggers",
		"action items", "references", "review history", "evaluation":
		return true
	case "status":
		// the record's status, not that of a subsection's subject
		return ps.sec == "status" || !ps.statusSet && ps.sub == "" && ps.opt == nil
	}
	return false
}

// labelValue handles a "**Label:** value" paragraph.
func (ps *parser) labelValue(label, value string, p ast.Node) {
	if !ps.seenH2 || ps.sec == "metadata" {
		if ps.meta(label, value) {
			if label == "status" {
				if lk := firstLink(p); lk != nil && strings.Contains(value, inlineText(lk, ps.src)) {
					ps.linkFrom(value, lk)
				}
			}
			return
		}
	}
	ps.label = label
	if value == "" {
		return
	}
	ps.labelText(label, value, p)
}

// labelText applies a text value under a label.
func (ps *parser) labelText(label, value string, p ast.Node) {
	r := ps.r
	if ps.opt != nil {
		o := ps.opt
		switch label {
		case "description":
			o.Description = joinText(o.Description, value)
			return
		case "weighted score", "score", "composite", "total":
			o.WeightedScore = parseDeclaredTotal(value)
			return
		}
	}
	switch label {
	case "minimum acceptable score", "minimum threshold", "threshold":
		r.Threshold = parseThreshold(value)
	case "method", "mcda method", "scoring method":
		if ps.methodContext() {
			r.Method = parseMethod(value)
		} else {
			ps.plainText(value)
		}
	case "critical criteria":
		ps.critical(value)
	case "selected option":
		ps.selected(value)
	case "qualitative rationale", "decision rationale", "rationale", "why this decision":
		r.Decision.Rationale = joinText(r.Decision.Rationale, value)
	case "quantitative rationale":
		r.Decision.Quantitative = append(r.Decision.Quantitative, value)
	case "migration strategy", "migration path":
		ps.migr = append(ps.migr, value)
	case "status":
		if !ps.statusSet {
			ps.setStatus(value)
		}
	default:
		ps.plainText(value)
	}
}

// methodContext reports whether a "**Method:**" line names the record's
// MCDA method: before the first section, or with the evaluation criteria,
// the decision drivers or the comparison matrix, outside any option (a
// "Method" elsewhere is the method of something else, such as a migration).
func (ps *parser) methodContext() bool {
	if ps.opt != nil {
		return false
	}
	if !ps.seenH2 {
		return true
	}
	for _, s := range []string{ps.sec, ps.sub} {
		switch s {
		case "evaluation criteria", "decision drivers", "options comparison matrix":
			return true
		}
	}
	return false
}

func joinText(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "\n\n" + b
}

var (
	reThreshold = regexp.MustCompile(`(?i)minimum (?:acceptable )?(?:score|threshold)\s*:?\s*(\S+)`)
	reGate      = regexp.MustCompile(`(?i)^(.+?)\s+must\s+(?:score|be)\s+(at least\s+|at most\s+|>=\s*|<=\s*|≥\s*|≤\s*)?(-?[0-9]+(?:\.[0-9]+)?)\s*(\+|or (?:more|higher|above|less|lower|below))?`)
)

func parseThreshold(v string) *Number {
	v = strings.TrimSpace(v)
	if i := strings.Index(v, "/"); i >= 0 {
		v = v[:i]
	}
	n := parseNumber(v)
	return n
}

// critical reads critical-criteria text: gates ("Security must score 8+")
// and notes.
func (ps *parser) critical(v string) {
	for _, l := range strings.Split(v, "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "Critical criteria:"))
		if l == "" || strings.EqualFold(l, "none") {
			continue
		}
		if m := reGate.FindStringSubmatch(l); m != nil {
			x, err := strconv.ParseFloat(m[3], 64)
			if err == nil {
				if ps.gates == nil {
					ps.gates = map[string]float64{}
				}
				name := canon(m[1])
				if _, ok := ps.gates[name]; !ok {
					ps.order = append(ps.order, name)
				}
				ps.gates[name] = x
				continue
			}
		}
		ps.r.CriticalNotes = append(ps.r.CriticalNotes, l)
	}
}

// selected reads "Option 2 - Modular Monolith".
func (ps *parser) selected(v string) {
	d := &ps.r.Decision
	if m := reOptNum.FindStringSubmatch(v); m != nil {
		d.SelectedNumber, _ = strconv.Atoi(m[1])
		rest := strings.TrimSpace(v[len(m[0]):])
		rest = strings.TrimLeft(rest, "-–—:. ")
		d.Selected = strings.TrimSpace(rest)
		return
	}
	d.Selected = v
}

// plain handles a paragraph without a label.
func (ps *parser) plain(p *ast.Paragraph, lines []line) {
	var ts []string
	for _, l := range lines {
		ts = append(ts, joinStrong(l))
	}
	txt := strings.Join(ts, "\n")
	low := strings.ToLower(txt)
	// MADR "Chosen option: "X", because ..."
	if strings.HasPrefix(low, "chosen option") && ps.chosen(p, txt) {
		return
	}
	w := ps.where()
	if w == "evaluation criteria" || w == "decision drivers" || ps.label == "critical criteria" {
		for _, l := range ts {
			if m := reThreshold.FindStringSubmatch(l); m != nil {
				ps.r.Threshold = parseThreshold(m[1])
				continue
			}
			if strings.HasPrefix(strings.ToLower(l), "critical criteria") || ps.label == "critical criteria" {
				ps.critical(l[strings.Index(l, ":")+1:])
			}
		}
		return
	}
	if w == "status" {
		ps.statusParagraph(p, txt)
		return
	}
	ps.text(unblock(ps.source(p)))
}

// chosen reads MADR's "Chosen option: "X", because …" (the name quoted,
// in bold or up to the first comma) as the selection; the paragraph goes to
// the decision's text as well. It reports whether it read one.
func (ps *parser) chosen(p *ast.Paragraph, txt string) bool {
	rest := strings.TrimSpace(txt[len("chosen option"):])
	rest = strings.TrimSpace(strings.TrimLeft(rest, ":"))
	var name string
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if e, ok := c.(*ast.Emphasis); ok && e.Level == 2 {
			name = inlineText(e, ps.src)
			break
		}
	}
	switch {
	case name != "":
	case strings.HasPrefix(rest, "\"") || strings.HasPrefix(rest, "“"):
		_, q := utf8.DecodeRuneInString(rest)
		end := strings.IndexAny(rest[q:], "\"”")
		if end < 0 {
			return false
		}
		name = rest[q : q+end]
	default:
		name, _, _ = strings.Cut(rest, ",")
		name, _, _ = strings.Cut(name, "\n")
		if len(name) > 200 {
			return false
		}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return false
	}
	ps.selected(name)
	if ps.r.Decision.SelectedNumber == 0 || ps.r.Decision.Selected == "" {
		ps.r.Decision.Selected = name
	}
	if i := strings.Index(txt, name); i >= 0 {
		because := strings.TrimLeft(txt[i+len(name):], "\"”*")
		because = strings.TrimSpace(strings.TrimPrefix(strings.TrimLeft(because, ", "), "because"))
		if because != "" && because != "of the rationale below." {
			ps.rat = append(ps.rat, because)
		}
	}
	return true
}

// statusParagraph reads a paragraph of a Status section: a link line
// "Rel [N. Title](000N-title.md)", else the status (its first such
// paragraph, unless the front matter or the metadata gave one) and any
// further text, all kept in StatusText.
func (ps *parser) statusParagraph(p *ast.Paragraph, txt string) {
	if lk := linkOnly(p); lk != nil {
		ps.linkFrom(txt, lk)
		// A status written as a link line with words of its own
		// ("⌛️ Superseded [0019](0019-x.md)") is the status as well; a
		// plain relation ("Superseded by [2. X](0002-x.md)", as adr-tools
		// writes it) stays a link only.
		if ps.statusDone || ClassifyStatus(txt) == Unknown || isRelation(txt, lk, ps.src) {
			return
		}
	}
	src := unblock(ps.source(p))
	ps.r.StatusText = joinText(ps.r.StatusText, src)
	if ps.statusDone {
		return
	}
	ps.statusDone = true
	if !ps.statusSet {
		ps.r.Status = txt
	}
}

// isRelation reports whether the text before the link of a link line is a
// plain relation name such as "Superseded by" or "Amends".
func isRelation(txt string, lk *ast.Link, src []byte) bool {
	rel := linkRel(txt, inlineText(lk, src))
	return isSupersededBy(rel) || isSupersedes(rel) || strings.HasSuffix(strings.ToLower(rel), " by")
}

// linkRel returns the relation of a link line: the text of txt before the
// link's title. The link ends the line, so the title is its last
// occurrence: "Supersedes [e](0001-e.md)" is "Supersedes", not "Sup".
func linkRel(txt, title string) string {
	rel := txt
	if i := strings.LastIndex(txt, title); i >= 0 && title != "" {
		rel = txt[:i]
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rel), "["))
}

// linkOnly returns the link of a paragraph that is a link line, "Rel
// [Title](href)": text, then a link that ends the paragraph. It returns nil
// for any other paragraph.
func linkOnly(p *ast.Paragraph) *ast.Link {
	last := p.LastChild()
	lk, ok := last.(*ast.Link)
	if !ok || p.FirstChild() == last {
		return nil
	}
	for c := p.FirstChild(); c != last; c = c.NextSibling() {
		if _, ok := c.(*ast.Text); !ok {
			if _, ok := c.(*ast.Emphasis); !ok {
				return nil
			}
		}
	}
	return lk
}

// firstLink returns the first link under n, nil for none.
func firstLink(n ast.Node) *ast.Link {
	var lk *ast.Link
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			lk = l
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return lk
}

// linkFrom records "Rel [Title](href)" whose link node is lk.
func (ps *parser) linkFrom(txt string, lk *ast.Link) {
	title := inlineText(lk, ps.src)
	href := string(lk.Destination)
	l := Link{Rel: linkRel(txt, title), Title: title, Href: href}
	base := href
	if i := strings.LastIndex(base, "/"); i >= 0 {
		base = base[i+1:]
	}
	if m := reLinkNum.FindStringSubmatch(base); m != nil {
		l.Target, _ = strconv.Atoi(m[1])
	} else if m := reLinkNum.FindStringSubmatch(title); m != nil {
		l.Target, _ = strconv.Atoi(m[1])
	}
	if strings.EqualFold(l.Rel, "superseded by") && strings.HasPrefix(strings.ToLower(ps.r.Status), "superseded by") {
		// already recorded from the status value; keep the richer link
		for i, x := range ps.r.Links {
			if isSupersededBy(x.Rel) && (x.Target == l.Target || x.Href == "") {
				ps.r.Links[i] = l
				return
			}
		}
	}
	ps.addLink(l)
}

// text routes free text by context.
func (ps *parser) text(s string) {
	ps.plainText(s)
}

func (ps *parser) plainText(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if ps.opt != nil {
		switch ps.label {
		case "", "description":
			ps.opt.Description = joinText(ps.opt.Description, s)
		default:
			ps.lost()
		}
		return
	}
	if !ps.seenH2 {
		ps.lostIntro(s)
		return
	}
	if ps.absorb != nil && ps.label == "" {
		*ps.absorb = append(*ps.absorb, s)
		return
	}
	if a := ps.prose(ps.where()); a != nil {
		*a = append(*a, s)
		return
	}
	if ps.where() == "status" {
		ps.r.StatusText = joinText(ps.r.StatusText, s)
		return
	}
	ps.lost()
}

func (ps *parser) list(l *ast.List) {
	items := listItems(l, ps.src)
	r := ps.r
	// the MADR 2 / log4brains metadata list before the first section
	if !ps.seenH2 || ps.sec == "metadata" {
		any := false
		for _, it := range items {
			k, v, ok := strings.Cut(it.text, ":")
			if !ok || !ps.meta(canon(k), strings.TrimSpace(v)) {
				ps.lostIntro("- " + it.text)
				continue
			}
			{
				any = true
				if canon(k) == "status" && it.link != nil {
					ps.linkFrom(strings.TrimSpace(v), it.link)
					for i := range r.Links {
						if strings.EqualFold(r.Links[i].Rel, "superseded by") && r.Links[i].Rel != "Superseded by" {
							r.Links[i].Rel = "Superseded by"
						}
					}
				}
			}
		}
		if any && r.Format == ToT && !ps.seenH2 {
			r.Format = Log4brains
		}
		return
	}
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.text
	}
	if ps.opt != nil {
		o := ps.opt
		switch ps.label {
		case "implementation approach":
			o.Approach = append(o.Approach, texts...)
			return
		case "pros", "strengths":
			o.Pros = append(o.Pros, texts...)
			return
		case "cons", "weaknesses":
			o.Cons = append(o.Cons, texts...)
			return
		case "risks":
			o.Risks = append(o.Risks, texts...)
			return
		case "critical criteria check":
			for _, it := range items {
				o.CriticalChecks = append(o.CriticalChecks, Check{Done: it.checked, Text: it.text})
			}
			return
		}
		if good, bad, neutral, ok := goodBad(texts); ok {
			o.Pros = append(o.Pros, good...)
			o.Cons = append(o.Cons, bad...)
			o.Neutral = append(o.Neutral, neutral...)
			return
		}
		if ps.label == "" || ps.label == "description" {
			o.Approach = append(o.Approach, texts...)
		}
		return
	}
	w := ps.where()
	switch w {
	case "reasoning":
		for _, it := range items {
			step := ReasoningStep{}
			head, answer, _ := strings.Cut(it.text, "\n")
			t, q, ok := strings.Cut(head, ":")
			if ok {
				step.Title, step.Question = strings.TrimSpace(t), strings.TrimSpace(q)
			} else {
				step.Question = strings.TrimSpace(head)
			}
			step.Answer = strings.TrimSpace(answer)
			r.Reasoning = append(r.Reasoning, step)
		}
	case "critical criteria":
		ps.critical(strings.Join(texts, "\n"))
	case "decision drivers":
		r.Drivers = append(r.Drivers, texts...)
	case "considered options", "options", "considered alternatives", "alternatives", "alternatives considered",
		"options considered", "pros and cons of the options":
		for _, it := range items {
			name := itemName(it, ps.src)
			o := ps.option(0, name)
			rest := ""
			if i := strings.Index(it.text, name); i >= 0 && !strings.Contains(it.text[:i], "\n") {
				rest = strings.TrimLeft(it.text[i+len(name):], ":-–—*` ")
			} else if _, after, ok := strings.Cut(it.text, "\n"); ok {
				rest = after
			}
			if rest = strings.TrimSpace(rest); rest != "" {
				o.Description = joinText(o.Description, rest)
			}
		}
	case "quantitative rationale":
		r.Decision.Quantitative = append(r.Decision.Quantitative, texts...)
	case "key trade offs accepted", "trade offs accepted", "trade offs", "key trade offs":
		r.Decision.TradeOffs = append(r.Decision.TradeOffs, texts...)
	case "positive", "positive outcomes", "positive consequences":
		r.Consequences.Positive = append(r.Consequences.Positive, texts...)
	case "negative", "negative outcomes", "negative consequences":
		r.Consequences.Negative = append(r.Consequences.Negative, texts...)
	case "neutral", "neutral consequences", "operational impacts":
		r.Consequences.Neutral = append(r.Consequences.Neutral, texts...)
	case "consequences":
		if good, bad, neutral, ok := goodBad(texts); ok {
			r.Consequences.Positive = append(r.Consequences.Positive, good...)
			r.Consequences.Negative = append(r.Consequences.Negative, bad...)
			r.Consequences.Neutral = append(r.Consequences.Neutral, neutral...)
		} else {
			ps.plainText(unblock(ps.source(l))) // a plain list is part of the text
		}
	case "architectural components affected":
		r.Implementation.Components = append(r.Implementation.Components, texts...)
	case "validation criteria", "success criteria":
		r.Implementation.Validation = append(r.Implementation.Validation, texts...)
	case "backtracking triggers":
		r.Triggers = append(r.Triggers, texts...)
	case "action items":
		for _, it := range items {
			r.ActionItems = append(r.ActionItems, Check{Done: it.checked, Text: it.text})
		}
	case "references", "external references":
		r.References = append(r.References, texts...)
	case "links", "status":
		for _, it := range items {
			if it.link != nil {
				ps.linkFrom(it.text, it.link)
			} else if w == "status" {
				ps.r.StatusText = joinText(ps.r.StatusText, "- "+it.text)
			} else {
				ps.lost()
			}
		}
	default:
		ps.plainText(unblock(ps.source(l)))
	}
}

// itemName is the option name a list item gives: its leading bold text,
// else its first line, without an "Option N:" prefix.
func itemName(it item, src []byte) string {
	if p := it.node.FirstChild(); p != nil {
		if e, ok := p.FirstChild().(*ast.Emphasis); ok && e.Level == 2 {
			if n := strings.TrimSpace(strings.TrimRight(inlineText(e, src), ":")); n != "" {
				return optionName(n)
			}
		}
	}
	name := optionName(it.text)
	for _, sep := range []string{" – ", " — ", " - ", ": "} {
		if before, _, ok := strings.Cut(name, sep); ok && strings.TrimSpace(before) != "" {
			name = strings.TrimSpace(before)
		}
	}
	return name
}

// goodBad splits MADR "Good, because" / "Bad, because" / "Neutral, because"
// items; ok is false when an item has none of the prefixes.
func goodBad(texts []string) (good, bad, neutral []string, ok bool) {
	if len(texts) == 0 {
		return nil, nil, nil, false
	}
	for _, t := range texts {
		low := strings.ToLower(t)
		switch {
		case strings.HasPrefix(low, "good, because "):
			good = append(good, t[len("good, because "):])
		case strings.HasPrefix(low, "bad, because "):
			bad = append(bad, t[len("bad, because "):])
		case strings.HasPrefix(low, "neutral, because "):
			neutral = append(neutral, t[len("neutral, because "):])
		default:
			return nil, nil, nil, false
		}
	}
	return good, bad, neutral, true
}

func (ps *parser) finish() {
	r := ps.r
	if r.Context == "" {
		r.Context = strings.Join(ps.ctx, "\n\n")
	}
	if r.Context == nygardContext {
		r.Context = ""
	}
	rat := strings.Join(ps.rat, "\n\n")
	if rat != nygardDecision {
		r.Decision.Rationale = joinText(r.Decision.Rationale, rat)
	}
	r.MoreInformation = strings.Join(ps.moreIn, "\n\n")
	r.Implementation.Migration = strings.Join(ps.migr, "\n\n")
	r.Implementation.Notes = strings.Join(ps.notes, "\n\n")
	r.Decision.Confirmation = strings.Join(ps.conf, "\n\n")
	if len(r.Consequences.Neutral) == 1 && r.Consequences.Neutral[0] == nygardConsequences {
		r.Consequences.Neutral = nil
	}
	if r.Consequences.Text = strings.Join(ps.cons, "\n\n"); r.Consequences.Text == nygardConsequences {
		r.Consequences.Text = ""
	}
	// attach critical gates to criteria
	for _, name := range ps.order {
		i := matchCriterion(r.Criteria, name, -1)
		if i < 0 {
			r.CriticalNotes = append(r.CriticalNotes, name+" must score "+strconv.FormatFloat(ps.gates[name], 'f', -1, 64))
			continue
		}
		v := ps.gates[name]
		r.Criteria[i].Critical = &v
	}
	// the selected option's name from its number
	d := &r.Decision
	if d.SelectedNumber > 0 && d.Selected == "" {
		for _, o := range r.Options {
			if o.Number == d.SelectedNumber {
				d.Selected = o.Name
			}
		}
	}
	if d.SelectedNumber == 0 && d.Selected != "" {
		for i, o := range r.Options {
			if strings.EqualFold(o.Name, d.Selected) {
				d.SelectedNumber = optionNumber(&r.Options[i], i)
			}
		}
	}
	if r.Format == ToT && ps.madrHeadings {
		r.Format = Log4brains // MADR 2's sections without metadata
	}
	if r.Format == ToT && !ps.hasToTMarks() {
		r.Format = Nygard
	}
}

// hasToTMarks reports whether the record looks like the ToT template rather
// than adr-tools' plain format.
func (ps *parser) hasToTMarks() bool {
	r := ps.r
	if len(r.Criteria) > 0 || r.Matrix != nil || len(r.Options) > 0 {
		return r.Date == "" || r.Status != "" && !ps.statusH2
	}
	return !ps.statusH2
}
