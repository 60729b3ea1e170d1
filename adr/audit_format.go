package adr

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/deliberate-dev/deliberate/tot"
)

// Finding codes of the checks each ADR format defines (Nygard/adr-tools,
// MADR 2–4, log4brains). Audit reports them for records of those formats
// only, as warnings or information, never as errors.
const (
	// CodeMissingSection: a section the record's format requires is absent
	// (Nygard: Status, Context, Decision, Consequences; MADR: Context and
	// Problem Statement, Considered Options, Decision Outcome). Warning.
	CodeMissingSection = "missing-section"
	// CodeEmptySection: a required section is present but holds no text,
	// neither in its body nor in its subsections. Warning.
	CodeEmptySection = "empty-section"
	// CodeMissingStatus: the record states no status. A warning for a
	// Nygard record (its Status section is required); information for MADR
	// (the field is optional) and log4brains (which then reads the record
	// as accepted).
	CodeMissingStatus = "missing-status"
	// CodeUnknownStatus: a status value the format does not name. A warning
	// for log4brains, which reads it as draft; information for MADR, whose
	// list of values is open, and for Nygard.
	CodeUnknownStatus = "unknown-status"
	// CodeMissingDate: the record states no date (adr-tools writes a
	// "Date:" line; MADR and log4brains a date field). Information.
	CodeMissingDate = "missing-date"
	// CodeDateFormat: a date that is not a calendar date written
	// YYYY-MM-DD, the form the formats use and log4brains reads. Warning.
	CodeDateFormat = "date-format"
	// CodeTitleNumber: a Nygard record whose title heading does not start
	// with its number ("# 2. Second Record", as adr-tools writes it).
	// Information.
	CodeTitleNumber = "title-number"
	// CodeNoChosenOption: a MADR "Decision Outcome" section that does not
	// name the chosen option with "Chosen option: …". Information.
	CodeNoChosenOption = "no-chosen-option"
	// CodeChosenNotConsidered: the MADR chosen option matches none of the
	// considered options, even compared leniently (letter case, markup,
	// quotes, "Option N:" prefixes, a shortened name). Warning.
	CodeChosenNotConsidered = "chosen-not-considered"
)

// afShape is the set of checks a record gets: the format its sections follow.
type afShape int

const (
	afShapeNygard afShape = iota
	afShapeMADR
)

// An afPart is one section a format requires: its name as the format writes
// it and the headings (normalised) that count as it.
type afPart struct {
	name     string
	headings []string
	field    func(r *Record) bool // whether the fields hold it (records without Sections)
}

// afNygardParts are Nygard's sections but Status, which hasStatus checks
// wherever the record writes it.
var afNygardParts = []afPart{
	{"Context", []string{"context", "context and problem statement"}, func(r *Record) bool { return strings.TrimSpace(r.Context) != "" }},
	{"Decision", []string{"decision", "decisions", "decision outcome"}, afHasDecision},
	{"Consequences", []string{"consequences", "consequence"}, afHasConsequences},
}

var afMadrParts = []afPart{
	{"Context and Problem Statement", []string{"context and problem statement", "context", "problem statement", "context and problem"}, func(r *Record) bool { return strings.TrimSpace(r.Context) != "" }},
	{"Considered Options", []string{"considered options", "options", "options considered", "considered alternatives", "alternatives considered", "alternatives"}, func(r *Record) bool { return len(r.Options) > 0 }},
	{"Decision Outcome", []string{"decision outcome", "decision"}, afHasDecision},
}

// afOptionSections are the headings of the sections that hold a MADR
// record's options: Considered Options, and Pros and Cons of the Options.
var afOptionSections = [][]string{afMadrParts[1].headings, {"pros and cons of the options"}}

// afMadrMarks are headings only MADR writes.
var afMadrMarks = []string{"context and problem statement", "considered options", "decision outcome", "pros and cons of the options", "decision drivers"}

func afHasDecision(r *Record) bool {
	d := r.Decision
	return strings.TrimSpace(d.Selected) != "" || strings.TrimSpace(d.Rationale) != "" || len(d.Quantitative) > 0
}

func afHasConsequences(r *Record) bool {
	c := r.Consequences
	return strings.TrimSpace(c.Text) != "" || len(c.Positive)+len(c.Negative)+len(c.Neutral) > 0
}

// shape returns the checks the record gets: Nygard records, and MADR or
// log4brains records laid out as Nygard's (front matter over Status,
// Context, Decision, Consequences sections), get Nygard's; the other MADR
// and log4brains records get MADR's.
func (c *afFormatChecker) shape() afShape {
	if c.r.Format == Nygard {
		return afShapeNygard
	}
	status := false
	for i, s := range c.r.Sections {
		if s.Level < 2 {
			continue
		}
		h := c.heads[i]
		if slices.Contains(afMadrMarks, h) {
			return afShapeMADR
		}
		status = status || h == "status"
	}
	if status {
		return afShapeNygard
	}
	return afShapeMADR
}

// afFindings returns the findings of the checks r's format defines (none
// for ToT records: the protocol's checks are Audit's own).
func afFindings(r *Record) []Finding {
	if r.Format == ToT {
		return []Finding{}
	}
	c := &afFormatChecker{r: r, out: []Finding{}, heads: make([]string, len(r.Sections)), title: -1}
	for i, s := range r.Sections {
		c.heads[i] = afNormHeading(s.Heading)
		if s.Level == 1 && c.title < 0 {
			c.title = i
		}
	}
	switch c.shape() {
	case afShapeNygard:
		c.nygard()
	case afShapeMADR:
		c.madr()
	}
	return c.out
}

type afFormatChecker struct {
	r     *Record
	heads []string // the sections' headings, normalised (afNormHeading)
	title int      // the index of the title (the first level-1 section), -1 for none
	out   []Finding
}

func (c *afFormatChecker) add(code string, sev tot.Severity, where, format string, args ...any) {
	c.out = append(c.out, Finding{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...), Where: where})
}

func (c *afFormatChecker) nygard() {
	r := c.r
	if h := afTitleHeading(r); len(r.Sections) > 0 && !afReTitleNumber.MatchString(h) {
		if strings.TrimSpace(h) == "" {
			c.add(CodeTitleNumber, sevInfo, "title", "the record has no title heading \"# N. Title\" (as adr-tools writes it)")
		} else {
			c.add(CodeTitleNumber, sevInfo, "title", "the title heading %q does not start with the record's number (adr-tools writes \"# N. Title\")", afClip(h))
		}
	}
	c.date("Nygard (adr-tools writes a \"Date:\" line)")
	if !c.hasStatus() {
		c.add(CodeMissingStatus, sevWarning, "status", "the record states no status; the Nygard format requires a Status section")
	} else if k := r.Kind(); k == Unknown && strings.TrimSpace(r.Status) != "" {
		c.add(CodeUnknownStatus, sevInfo, "status", "status %q is none of those Nygard names (proposed, accepted, deprecated, superseded)", afClip(r.Status))
	}
	c.parts(afNygardParts, "Nygard", "Status, Context, Decision and Consequences")
}

func (c *afFormatChecker) madr() {
	r := c.r
	c.date("MADR")
	status := strings.TrimSpace(r.Status)
	if _, ok := r.SupersededBy(); ok && status == "" {
		status = "superseded by"
	}
	if r.Format == Log4brains {
		switch {
		case status == "":
			c.add(CodeMissingStatus, sevInfo, "status", "the record states no status; log4brains reads it as accepted")
		case !afLog4brainsStatus(status):
			c.add(CodeUnknownStatus, sevWarning, "status", "status %q is not one log4brains knows (draft, proposed, rejected, accepted, deprecated, superseded by …); log4brains reads it as draft", afClip(status))
		}
	} else {
		switch {
		case status == "":
			c.add(CodeMissingStatus, sevInfo, "status", "the record states no status (MADR's optional status field)")
		case !afMadrStatus(status):
			c.add(CodeUnknownStatus, sevInfo, "status", "status %q is none of those MADR names (proposed, rejected, accepted, deprecated, superseded by …)", afClip(status))
		}
	}
	c.parts(afMadrParts, "MADR", "Context and Problem Statement, Considered Options and Decision Outcome")
	c.chosen()
}

// hasStatus reports whether the record states a status: as text, as a
// "Superseded by" link, or in a Status section that is not empty.
func (c *afFormatChecker) hasStatus() bool {
	r := c.r
	if strings.TrimSpace(r.Status) != "" {
		return true
	}
	if _, ok := r.SupersededBy(); ok {
		return true
	}
	i := c.find([]string{"status"})
	return i >= 0 && !afSectionEmpty(r.Sections, i)
}

// date checks the record's date: present, and a calendar date YYYY-MM-DD.
func (c *afFormatChecker) date(format string) {
	d := strings.TrimSpace(c.r.Date)
	if d == "" {
		c.add(CodeMissingDate, sevInfo, "date", "the record states no date (%s)", format)
		return
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		c.add(CodeDateFormat, sevWarning, "date", "date %q is not a calendar date written YYYY-MM-DD", afClip(d))
	}
}

// parts checks that each required part is present and not empty.
func (c *afFormatChecker) parts(ps []afPart, format, list string) {
	r := c.r
	for _, p := range ps {
		if len(r.Sections) == 0 {
			if !p.field(r) {
				c.add(CodeMissingSection, sevWarning, "sections", "no %q section: the %s format has %s", p.name, format, list)
			}
			continue
		}
		i := c.find(p.headings)
		switch {
		case i < 0:
			c.add(CodeMissingSection, sevWarning, "sections", "no %q section: the %s format has %s", p.name, format, list)
		case afSectionEmpty(r.Sections, i):
			c.add(CodeEmptySection, sevWarning, "sections["+strconv.Itoa(i)+"]", "the %q section is empty", afClip(r.Sections[i].Heading))
		}
	}
}

// chosen checks MADR's "Chosen option: …" line against the considered
// options.
func (c *afFormatChecker) chosen() {
	r := c.r
	if len(r.Sections) == 0 {
		return
	}
	i := c.find([]string{"decision outcome"})
	if i < 0 || afSectionEmpty(r.Sections, i) {
		return
	}
	text := afFirstParagraph(r.Sections[i].Body)
	name, rest, ok := afChosenOption(text)
	if !ok {
		c.add(CodeNoChosenOption, sevInfo, "sections["+strconv.Itoa(i)+"]", "the Decision Outcome does not name the chosen option with \"Chosen option: …\"")
		return
	}
	opts := c.consideredOptions()
	if len(opts) == 0 || name == "" {
		return
	}
	if !afMatchesOption(name, rest, opts) && !c.mentioned(name) {
		c.add(CodeChosenNotConsidered, sevWarning, "decision.selected", "the chosen option %q is none of the %d considered options", afClip(name), len(opts))
	}
}

var (
	afReTitleNumber = regexp.MustCompile(`^\s*[0-9]+\.\s`)
	afReComment     = regexp.MustCompile(`(?s)<!--.*?-->`)
	afReNumbering   = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*[.)]?\s+`)
	afReOptPrefix   = regexp.MustCompile(`^(?i)\s*(option\s+[0-9a-z]{1,3}|[0-9]{1,3}|\[[0-9a-z]{1,3}\])\s*[:.)\-–—]?\s+`)
	afReOptRef      = regexp.MustCompile(`^option ([0-9]{1,3})$`)
)

// afTitleHeading returns the first level-1 heading as written.
func afTitleHeading(r *Record) string {
	for _, s := range r.Sections {
		if s.Level == 1 {
			return s.Heading
		}
	}
	return ""
}

// afNormHeading returns a heading lower-cased, without HTML comments,
// emphasis and code marks, a leading number, leading and trailing
// characters that are not letters or digits (emoji, a colon), its spaces
// collapsed.
func afNormHeading(h string) string {
	h = afReComment.ReplaceAllString(h, " ")
	h = strings.NewReplacer("*", "", "_", " ", "`", "").Replace(h)
	h = strings.Join(strings.Fields(h), " ")
	h = strings.TrimFunc(h, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	h = afReNumbering.ReplaceAllString(h, "")
	return strings.ToLower(h)
}

// find returns the index of the first section whose heading (normalised)
// is one of hs (in the order of hs), or -1. The title (the first level-1
// heading) is not a section; a further level-1 heading is.
func (c *afFormatChecker) find(hs []string) int {
	for _, want := range hs {
		for i, s := range c.r.Sections {
			if s.Level >= 1 && i != c.title && c.heads[i] == want {
				return i
			}
		}
	}
	return -1
}

// afSectionEmpty reports whether section i and its subsections hold no text
// (HTML comments, such as a template's hints, do not count).
func afSectionEmpty(ss []Section, i int) bool {
	if strings.TrimSpace(afReComment.ReplaceAllString(ss[i].Body, "")) != "" {
		return false
	}
	for j := i + 1; j < len(ss) && ss[j].Level > ss[i].Level; j++ {
		if strings.TrimSpace(ss[j].Heading) != "" || strings.TrimSpace(afReComment.ReplaceAllString(ss[j].Body, "")) != "" {
			return false
		}
	}
	return true
}

// afFirstParagraph returns the plain text of the first paragraph (or list
// item) of a Markdown body.
func afFirstParagraph(body string) string {
	src := []byte(body)
	doc := parseMarkdown(src)
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n.Kind() {
		case ast.KindParagraph:
			return inlineText(n, src)
		case ast.KindList:
			if li := n.FirstChild(); li != nil {
				return blockText(li, src)
			}
		}
	}
	return ""
}

// afQuotes maps opening quotes to their closing ones.
var afQuotes = map[rune]rune{'"': '"', '\'': '\'', '“': '”', '‘': '’', '«': '»', '`': '`', '„': '“'}

// afChosenOption reads a "Chosen option: "X", because …" line: the option's
// name, and all the text after "Chosen option:". ok is false when text
// does not state a chosen option.
func afChosenOption(text string) (name, rest string, ok bool) {
	low := strings.ToLower(text)
	i := strings.Index(low, "chosen option")
	if i < 0 || i > 40 {
		return "", "", false
	}
	rest = strings.TrimSpace(text[i+len("chosen option"):])
	rest = strings.TrimSpace(strings.TrimLeft(rest, ":"))
	if r := strings.TrimPrefix(rest, "is "); r != rest {
		rest = strings.TrimSpace(r)
	}
	if line, _, _ := strings.Cut(rest, "\n"); line != "" {
		rest = line
	}
	name = rest
	open, size := afFirstRune(rest)
	if cl, q := afQuotes[open]; q {
		// the closing quote: the first one that ends the name (followed by
		// the end, punctuation or "because"), else the first one not
		// followed by a letter or digit
		body := rest[size:]
		first := -1
		for j, r := range body {
			if r != cl {
				continue
			}
			after := body[j+len(string(r)):]
			next, _ := afFirstRune(after)
			if next == 0 || strings.ContainsRune(",.;:)", next) || afStartsBecause(after) {
				return strings.TrimSpace(body[:j]), rest, true
			}
			if first < 0 && !unicode.IsLetter(next) && !unicode.IsDigit(next) {
				first = j
			}
		}
		if first >= 0 {
			return strings.TrimSpace(body[:first]), rest, true
		}
	}
	low = strings.ToLower(name)
	for _, stop := range []string{", because", " because", "; because"} {
		if k := strings.Index(low, stop); k >= 0 {
			name = name[:k]
			break
		}
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(name), ".,;")), rest, true
}

// afStartsBecause reports whether s, after spaces, starts with "because"
// in any letter case (looking at a few bytes only, so that a line with
// many quotes stays linear).
func afStartsBecause(s string) bool {
	s = strings.TrimLeft(s[:min(len(s), 16)], " ")
	return len(s) >= 7 && strings.EqualFold(s[:7], "because")
}

func afFirstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// consideredOptions returns the options a MADR record considers: the
// record's options, the first line of each item of its Considered Options
// section (or the first cell of each row of a table there), and the
// headings of that section's subsections and of "Pros and Cons of the
// Options".
func (c *afFormatChecker) consideredOptions() []string {
	r := c.r
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if n := afNormName(name); n != "" && !seen[n] {
			seen[n] = true
			out = append(out, name)
		}
	}
	for _, o := range r.Options {
		add(o.Name)
	}
	ss := r.Sections
	for _, hs := range afOptionSections {
		i := c.find(hs)
		if i < 0 {
			continue
		}
		src := []byte(ss[i].Body)
		doc := parseMarkdown(src)
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			switch n := n.(type) {
			case *ast.List:
				for _, it := range listItems(n, src) {
					first, _, _ := strings.Cut(it.text, "\n")
					add(first)
				}
			case *east.Table:
				_, rows := tableRows(n, src)
				for _, row := range rows {
					if len(row) > 0 {
						add(row[0])
					}
				}
			}
		}
		for j := i + 1; j < len(ss) && ss[j].Level > ss[i].Level; j++ {
			if ss[j].Level == ss[i].Level+1 {
				add(ss[j].Heading)
			}
		}
	}
	return out
}

// mentioned reports whether name (compared as afNormName does, whole
// words) appears anywhere in the Considered Options or Pros and Cons of
// the Options sections, their subsections included: options written in a
// table or a paragraph count as considered.
func (c *afFormatChecker) mentioned(name string) bool {
	n := afNormName(name)
	if n == "" {
		return true
	}
	ss := c.r.Sections
	for _, hs := range afOptionSections {
		i := c.find(hs)
		if i < 0 {
			continue
		}
		var b strings.Builder
		b.WriteString(ss[i].Body)
		for j := i + 1; j < len(ss) && ss[j].Level > ss[i].Level; j++ {
			b.WriteString("\n" + ss[j].Heading + "\n" + ss[j].Body)
		}
		if strings.Contains(" "+normWords(b.String())+" ", " "+n+" ") {
			return true
		}
	}
	return false
}

// afNormName returns a name for lenient comparison: without an "Option N:"
// or "1." prefix, HTML comments and markup, lower-cased, every run of
// characters that are not letters or digits one space.
func afNormName(s string) string {
	s = afReComment.ReplaceAllString(s, " ")
	return normWords(afReOptPrefix.ReplaceAllString(s, ""))
}

// afMatchesOption reports whether the chosen option (its name, and the whole
// text after "Chosen option:") is one of opts, leniently: equal names, one
// name the start of the other at a word boundary (a shortened name, or a
// name followed by more words), the text beginning with an option's name,
// or "Option N" for the N-th option.
func afMatchesOption(name, rest string, opts []string) bool {
	n, t := afNormName(name), afNormName(rest)
	if n == "" {
		return true
	}
	if m := afReOptRef.FindStringSubmatch(strings.ToLower(strings.TrimSpace(name))); m != nil {
		if k, _ := strconv.Atoi(m[1]); k >= 1 && k <= len(opts) {
			return true
		}
	}
	for _, o := range opts {
		o := afNormName(o)
		if o == "" {
			continue
		}
		if n == o || strings.HasPrefix(o, n+" ") || strings.HasPrefix(n, o+" ") || t == o || strings.HasPrefix(t, o+" ") {
			return true
		}
	}
	return false
}

// afClip shortens s for a message.
func afClip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= 80 {
		return s
	}
	cut := 80
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// afLog4brainsStatus reports whether log4brains reads s as a status it
// knows: one of its six names in any letter case, or "superseded by …".
func afLog4brainsStatus(s string) bool {
	low := strings.ToLower(strings.TrimSpace(s))
	switch low {
	case "draft", "proposed", "rejected", "accepted", "deprecated", "superseded":
		return true
	}
	return strings.HasPrefix(low, "superseded by")
}

// afMadrStatus reports whether s is a status MADR's template names:
// proposed, rejected, accepted, deprecated or "superseded by …".
func afMadrStatus(s string) bool {
	low := strings.ToLower(strings.Trim(strings.TrimSpace(s), "\"'`*_"))
	switch low {
	case "proposed", "rejected", "accepted", "deprecated", "superseded":
		return true
	}
	return strings.HasPrefix(low, "superseded by") || strings.HasPrefix(low, "superceded by")
}
