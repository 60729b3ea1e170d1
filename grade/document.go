package grade

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultCitationPatterns returns the patterns the seed's hook scans for:
// REF identifiers ("REF-123") and DOIs ("10.1000/xyz123").
func DefaultCitationPatterns() []*regexp.Regexp {
	return []*regexp.Regexp{refPattern, doiPattern}
}

var (
	refPattern = regexp.MustCompile(`\bREF-\d+\b`)
	doiPattern = regexp.MustCompile(`\b10\.\d{4,9}/[-._;()/:A-Za-z0-9]*[A-Za-z0-9/]`)
)

// A Citation is one source identifier found in a document, with the
// sentence that cites it.
type Citation struct {
	Source   string // identifier as written: "REF-012", "10.1000/xyz"
	Line     int    // 1-based line of the identifier
	Sentence string // the sentence around the citation, as plain text
}

// Citations finds every citation in a Markdown (or plain text) document,
// in document order, with the sentence around it. Fenced code blocks are
// skipped; headings, list items, block quotes and table cells are separate
// text segments. A citation that stands alone after a sentence's full stop
// ("… latency. [REF-012]") belongs to the sentence before it. A document
// longer than MaxInputSize bytes has no citations (CheckDocument reports
// it); time is linear in the document's length.
func (c *Checker) Citations(doc string) []Citation {
	cs := c.citations(doc)
	out := make([]Citation, len(cs))
	for i, ct := range cs {
		out[i] = ct.Citation
	}
	return out
}

// A citation is a Citation with the span of its sentence, which identifies
// the sentence without comparing its text.
type citation struct {
	Citation
	seg, start, n int // segment index, byte offset and length of the sentence
}

func (c *Checker) citations(doc string) []citation {
	if len(doc) > MaxInputSize {
		return nil
	}
	var out []citation
	pats := c.patterns()
	for si, seg := range segments(doc) {
		sf := sentenceFinder{text: seg.text, sents: splitSentences(seg.text), pats: pats}
		for _, re := range pats {
			for _, loc := range re.FindAllStringSubmatchIndex(seg.text, -1) {
				s, e := loc[0], loc[1]
				if len(loc) >= 4 && loc[2] >= 0 {
					s, e = loc[2], loc[3]
				}
				sent, start := sf.at(s)
				out = append(out, citation{Citation{
					Source:   seg.text[s:e],
					Line:     seg.line(s),
					Sentence: sent,
				}, si, start, len(sent)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b citation) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Source, b.Source)
	})
	return out
}

func (c *Checker) patterns() []*regexp.Regexp {
	if c.Patterns == nil {
		return DefaultCitationPatterns()
	}
	return c.Patterns
}

// CheckDocument checks every cited sentence of a document with the seed's
// policy (see Checker.CheckDocument).
func CheckDocument(doc string, levels map[string]Level) []Finding {
	var c Checker
	return c.CheckDocument(doc, levels)
}

// CheckDocument finds the citations of doc and checks each citing sentence
// against the certainty of the source it cites, looked up in levels
// (identifiers compare case-insensitively). A source missing from levels is
// an "unassessed-source" finding with the policy's Unassessed severity.
// Where is "line N: SOURCE"; the result is never nil. A document longer than
// MaxInputSize bytes is not checked: the result is one "too-large" error
// finding. Time is linear in the document's length; messages quote at most
// the first 200 characters of a sentence.
func (c *Checker) CheckDocument(doc string, levels map[string]Level) []Finding {
	cfs := c.CheckCitations(doc, levels)
	fs := make([]Finding, len(cfs))
	for i, cf := range cfs {
		fs[i] = cf.Finding
	}
	return fs
}

// A CitationFinding is a finding of CheckCitations with the citation it
// concerns (the source, its line and the whole citing sentence) and the
// source's certainty (Unknown when it is not assessed).
type CitationFinding struct {
	Finding
	Citation Citation
	Level    Level
}

// CheckCitations is CheckDocument with every finding's citation: an audit
// can quote the sentence and name the source of each finding. The
// "too-large" finding has no citation.
func (c *Checker) CheckCitations(doc string, levels map[string]Level) []CitationFinding {
	fs := []CitationFinding{}
	if len(doc) > MaxInputSize {
		return append(fs, CitationFinding{Finding: newFinding(CodeTooLarge, SeverityError,
			fmt.Sprintf("document is %d bytes, more than the %d checked; nothing was checked", len(doc), MaxInputSize), "document")})
	}
	norm := make(map[string]Level, len(levels))
	for _, k := range sortedKeys(levels) {
		norm[strings.ToLower(k)] = levels[k]
	}
	pol := c.policy()
	type sentKey struct{ seg, start, n int }
	type key struct {
		source string
		sent   sentKey
		line   int
	}
	type checked struct {
		sent  sentKey
		level Level
	}
	seen := map[key]bool{}
	wordings := map[sentKey]Wording{}
	results := map[checked][]Finding{}
	for _, ct := range c.citations(doc) {
		sk := sentKey{ct.seg, ct.start, ct.n}
		k := key{strings.ToLower(ct.Source), sk, ct.Line}
		if seen[k] {
			continue
		}
		seen[k] = true
		where := fmt.Sprintf("line %d: %s", ct.Line, ct.Source)
		l, ok := norm[strings.ToLower(ct.Source)]
		if !ok || !l.Valid() {
			if sev, ok := pol.Unassessed.severity(); ok {
				fs = append(fs, CitationFinding{newFinding(CodeUnassessedSource, sev,
					fmt.Sprintf("%s is cited without a GRADE assessment; wording cannot be checked: %q", ct.Source, clip(ct.Sentence)), where),
					ct.Citation, Unknown})
			}
			continue
		}
		ck := checked{sk, l}
		res, done := results[ck]
		if !done {
			w, ok := wordings[sk]
			if !ok {
				w = Analyze(ct.Sentence)
				wordings[sk] = w
			}
			res = c.checkWording(w, l)
			results[ck] = res
		}
		for _, f := range res {
			f.Message = fmt.Sprintf("%s (%s %s): %s", ct.Source, l.Symbol(), l, f.Message)
			f.Where = where
			fs = append(fs, CitationFinding{f, ct.Citation, l})
		}
	}
	return fs
}

// maxQuote is how many bytes of a sentence a message quotes.
const maxQuote = 200

// clip shortens s to at most maxQuote bytes, at a rune boundary, marking a
// cut with "…".
func clip(s string) string {
	if len(s) <= maxQuote {
		return s
	}
	cut := maxQuote
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// A segment is a run of text that sentences do not cross: a paragraph, a
// heading, a list item or a table cell.
type segment struct {
	b      strings.Builder // text while the segment is built
	text   string
	starts []int // byte offset in text where each source line begins
	lines  []int // the 1-based line numbers of those starts
}

// line returns the source line of byte offset off, by binary search.
func (s *segment) line(off int) int {
	i, found := slices.BinarySearch(s.starts, off)
	if !found {
		i--
	}
	return s.lines[max(i, 0)]
}

func (s *segment) add(line int, text string) {
	if s.b.Len() > 0 {
		s.b.WriteByte(' ')
	}
	s.starts = append(s.starts, s.b.Len())
	s.lines = append(s.lines, line)
	s.b.WriteString(text)
}

// segments splits a Markdown document into text segments with minimal
// knowledge of block syntax: fences, blank lines, headings, list items,
// block quotes and table rows. Inline markup is kept (it does not affect
// word matching).
func segments(doc string) []segment {
	var out []segment
	var cur segment
	flush := func() {
		if t := cur.b.String(); strings.TrimSpace(t) != "" {
			out = append(out, segment{text: t, starts: cur.starts, lines: cur.lines})
		}
		cur = segment{}
	}
	fence := ""
	for i, ln := range strings.Split(doc, "\n") {
		n := i + 1
		t := strings.TrimSpace(strings.TrimRight(ln, "\r"))
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			flush()
			fence = t[:3]
			continue
		}
		for strings.HasPrefix(t, ">") {
			t = strings.TrimSpace(t[1:])
		}
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "#"):
			flush()
			cur.add(n, strings.TrimSpace(strings.TrimLeft(t, "#")))
			flush()
		case strings.HasPrefix(t, "|"):
			flush()
			for _, cell := range strings.Split(strings.Trim(t, "|"), "|") {
				cell = strings.TrimSpace(cell)
				if strings.Trim(cell, "-: ") == "" {
					continue
				}
				cur.add(n, cell)
				flush()
			}
		case isListItem(t):
			flush()
			cur.add(n, listText(t))
		default:
			cur.add(n, t)
		}
	}
	flush()
	return out
}

func isListItem(t string) bool {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' {
		return true
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' '
}

func listText(t string) string {
	if t[0] == '-' || t[0] == '*' || t[0] == '+' {
		return strings.TrimSpace(t[2:])
	}
	i := strings.IndexAny(t, ".)")
	return strings.TrimSpace(t[i+1:])
}

// abbreviations whose full stop does not end a sentence.
var abbreviations = map[string]bool{"e.g": true, "i.e": true, "al": true, "vs": true, "fig": true,
	"cf": true, "approx": true, "etc": true, "no": true, "p": true, "pp": true, "dr": true, "mr": true,
	"ms": true, "eq": true, "ch": true, "sec": true, "vol": true, "st": true, "jr": true, "inc": true,
	"ltd": true, "co": true, "resp": true, "ca": true}

// splitSentences returns the [start, end) byte spans of the sentences of a
// segment: a sentence ends at ".", "!" or "?" (with closing quotes and
// brackets) followed by a space and an upper-case letter, a digit or an
// opening bracket or quote, unless the full stop ends an abbreviation or an
// initial.
func splitSentences(s string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch != '.' && ch != '!' && ch != '?' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.IndexByte(`"')]*_`, s[j]) >= 0 {
			j++
		}
		if j < len(s) && s[j] != ' ' {
			continue
		}
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k < len(s) {
			r, _ := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(`"'([*_“‘`, r) {
				continue
			}
		}
		if ch == '.' && isAbbreviation(s[start:i]) {
			continue
		}
		out = append(out, [2]int{start, j})
		start = k
		i = k - 1
	}
	if start < len(s) {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

func isAbbreviation(before string) bool {
	k := len(before)
	for k > 0 && before[k-1] != ' ' && before[k-1] != '(' {
		k--
	}
	w := before[k:]
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return true // an initial: "J. Smith"
	}
	return abbreviations[strings.ToLower(w)]
}

// A sentenceFinder finds the sentence around an offset of a segment,
// remembering each sentence's answer so that a sentence citing many
// sources is trimmed and tested once.
type sentenceFinder struct {
	text  string
	sents [][2]int
	pats  []*regexp.Regexp
	memo  map[int]foundSentence // by index in sents
}

type foundSentence struct {
	text  string
	start int
}

// at returns the sentence containing offset off and the offset where it
// starts; a sentence that is nothing but citations and punctuation gives
// the sentence before it. The sentence is found by binary search.
func (f *sentenceFinder) at(off int) (string, int) {
	i, _ := slices.BinarySearchFunc(f.sents, off, func(sp [2]int, off int) int {
		switch {
		case sp[1] <= off:
			return -1
		case sp[0] > off:
			return 1
		}
		return 0
	})
	if i == len(f.sents) || off < f.sents[i][0] {
		return strings.TrimSpace(f.text), 0
	}
	if r, ok := f.memo[i]; ok {
		return r.text, r.start
	}
	sp := f.sents[i]
	r := foundSentence{strings.TrimSpace(f.text[sp[0]:sp[1]]), sp[0]}
	if i > 0 && onlyCitations(r.text, f.pats) {
		r = foundSentence{strings.TrimSpace(f.text[f.sents[i-1][0]:sp[1]]), f.sents[i-1][0]}
	}
	if f.memo == nil {
		f.memo = map[int]foundSentence{}
	}
	f.memo[i] = r
	return r.text, r.start
}

func onlyCitations(s string, pats []*regexp.Regexp) bool {
	for _, re := range pats {
		s = re.ReplaceAllString(s, "")
	}
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}
