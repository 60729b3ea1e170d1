package adr

import (
	"bytes"
	"crypto/sha256"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Bounds on the input of Parse. Both are checked before the Markdown is
// parsed, so that the work Parse does stays linear in the size of its input.
const (
	// MaxSize is the largest input Parse accepts, in bytes (1 MiB; real
	// ADRs are under 100 kB).
	MaxSize = 1 << 20
	// MaxNesting is the deepest nesting of containers Parse accepts: the
	// block quote and list markers that open on one line ("> > >",
	// "- - -", "1. -"; a thematic break written "- - -" counts too) plus
	// half the columns of indentation before them (a list item indented
	// by 64 spaces counts 33).
	MaxNesting = 32
)

// nestingDepth returns the deepest nesting of containers a line of src
// opens: the number of block quote markers ">" and list markers ("-", "*",
// "+", "1." or "1)" followed by a space or the end of the line) at its
// start, each possibly after spaces, plus half the columns of indentation
// before the first of them (a list nested by indentation; a tab is four
// columns). It runs in one pass over src.
func nestingDepth(src []byte) int {
	deepest := 0
	for len(src) > 0 {
		line := src
		if nl := bytes.IndexByte(src, '\n'); nl >= 0 {
			line, src = src[:nl], src[nl+1:]
		} else {
			src = nil
		}
		depth := 0
		indent := 0 // columns before the first marker: lists nest by indentation too
		for indent < len(line) && (line[indent] == ' ' || line[indent] == '\t') {
			indent++
		}
		cols := indent + 3*bytes.Count(line[:indent], []byte("\t"))
		for i := 0; i < len(line); {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
			if i == len(line) {
				break
			}
			c := line[i]
			switch {
			case c == '>':
				i++
			case c == '-' || c == '*' || c == '+':
				if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
					i = len(line)
					continue
				}
				i++
			case c >= '0' && c <= '9':
				j := i
				for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
					j++
				}
				if j == len(line) || (line[j] != '.' && line[j] != ')') || (j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t') {
					i = len(line)
					continue
				}
				i = j + 1
			default:
				i = len(line)
				continue
			}
			depth++
		}
		if depth > 0 {
			depth += cols / 2
		}
		deepest = max(deepest, depth)
	}
	return deepest
}

var reEmptyHeading = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+#*)?[ \t]*$`)

// splitSections cuts body at its top-level headings. It returns the
// sections (the text before the first heading as a Level 0 section when it
// is not blank) and, for each top-level block of doc in order, the offset
// just after it: for a heading, where its section's body starts; for
// another block, its fullEnd.
func splitSections(body []byte, doc ast.Node) ([]Section, []int) {
	type cut struct {
		level      int
		heading    string
		start, end int // line start of the heading, start of its body
	}
	var cuts []cut
	var ends []int
	cursor := 0
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			e := fullEnd(n, body)
			cursor = max(cursor, e)
			ends = append(ends, e)
			continue
		}
		c := cut{level: h.Level}
		ls := h.Lines()
		if ls.Len() > 0 {
			first, last := ls.At(0), ls.At(ls.Len()-1)
			c.start = lineStart(body, first.Start)
			c.end = lineEnd(body, last.Stop)
			if !isATX(body[c.start:]) {
				c.end = lineEnd(body, c.end) // the setext underline
			}
			var parts []string
			for i := 0; i < ls.Len(); i++ {
				s := ls.At(i)
				parts = append(parts, strings.TrimSpace(string(s.Value(body))))
			}
			c.heading = strings.Join(parts, "\n") // lines of a setext heading
		} else {
			// an empty ATX heading: the next line that is one
			c.start, c.end = cursor, cursor
			for off := cursor; off < len(body); {
				e := lineEnd(body, off)
				if reEmptyHeading.Match(bytes.TrimRight(body[off:e], "\n")) {
					c.start, c.end = off, e
					break
				}
				off = e
			}
		}
		cursor = max(cursor, c.end)
		cuts = append(cuts, c)
		ends = append(ends, c.end)
	}
	var out []Section
	first := len(body)
	if len(cuts) > 0 {
		first = cuts[0].start
	}
	if pre := trimBlankLines(body[:first]); pre != "" {
		out = append(out, Section{Body: pre, Mapped: true})
	}
	for i, c := range cuts {
		stop := len(body)
		if i+1 < len(cuts) {
			stop = cuts[i+1].start
		}
		s := Section{Level: c.level, Heading: c.heading, Mapped: true}
		if c.end < stop {
			s.Body = trimBlankLines(body[c.end:stop])
		}
		out = append(out, s)
	}
	return out, ends
}

// isATX reports whether the line at the start of b is an ATX heading.
func isATX(b []byte) bool {
	i := 0
	for i < len(b) && i < 3 && b[i] == ' ' {
		i++
	}
	j := i
	for j < len(b) && j-i < 7 && b[j] == '#' {
		j++
	}
	return j > i && j-i <= 6 && (j == len(b) || b[j] == ' ' || b[j] == '\t' || b[j] == '\n')
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(b []byte, off int) int {
	off = min(off, len(b))
	for off > 0 && b[off-1] != '\n' {
		off--
	}
	return off
}

// lineEnd returns the offset just after the newline ending the line that
// holds off (len(b) for the last line).
func lineEnd(b []byte, off int) int {
	if off >= len(b) {
		return len(b)
	}
	if nl := bytes.IndexByte(b[off:], '\n'); nl >= 0 {
		return off + nl + 1
	}
	return len(b)
}

// fullEnd returns the offset just after the last line a block spans,
// closing code fences and HTML closures included; 0 when it has no line.
func fullEnd(n ast.Node, src []byte) int {
	stop := 0
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		if n.Type() == ast.TypeBlock {
			ls := n.Lines()
			if ls.Len() > 0 {
				stop = max(stop, ls.At(ls.Len()-1).Stop)
			}
			switch b := n.(type) {
			case *ast.FencedCodeBlock:
				e := 0
				if ls.Len() > 0 {
					e = ls.At(ls.Len() - 1).Stop
				} else if b.Info != nil {
					e = b.Info.Segment.Stop
				}
				if e > 0 {
					if src[e-1] != '\n' {
						e = lineEnd(src, e)
					}
					next := bytes.TrimLeft(src[e:lineEnd(src, e)], " \t")
					if bytes.HasPrefix(next, []byte("```")) || bytes.HasPrefix(next, []byte("~~~")) {
						stop = max(stop, lineEnd(src, e))
					}
				}
			case *ast.HTMLBlock:
				if b.HasClosure() {
					stop = max(stop, b.ClosureLine.Stop)
				}
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
		}
	}
	walk(n)
	if stop > 0 && stop <= len(src) && src[stop-1] != '\n' {
		stop = lineEnd(src, stop)
	}
	return min(stop, len(src))
}

// trimBlankLines drops the blank lines at the start and the end of b, and
// trailing white space.
func trimBlankLines(b []byte) string {
	for len(b) > 0 {
		e := lineEnd(b, 0)
		if len(bytes.TrimSpace(b[:e])) != 0 {
			break
		}
		b = b[e:]
	}
	return strings.TrimRight(string(b), " \t\n")
}

// writeSource writes the record's front matter and sections as they are.
func (p *printer) writeSource(r *Record) {
	if r.FrontMatter != "" {
		p.block("---\n" + strings.TrimRight(r.FrontMatter, "\n") + "\n---")
	}
	// a document that starts with a thematic break "---" and has no front
	// matter must not gain a "---" line that would close one
	p.noRule = r.FrontMatter == "" && len(r.Sections) > 0 && r.Sections[0].Level == 0 &&
		strings.HasPrefix(r.Sections[0].Body, "---")
	for _, s := range r.Sections {
		p.sectionHeading(s.Level, s.Heading)
		p.block(s.Body)
	}
}

// sectionHeading writes a heading as written: ATX, or setext when its text
// spans lines.
func (p *printer) sectionHeading(level int, text string) {
	switch {
	case level <= 0:
	case strings.Contains(text, "\n") && level == 1:
		p.block(text + "\n===")
	case strings.Contains(text, "\n") && p.noRule:
		p.block(text + "\n--")
	case strings.Contains(text, "\n"):
		p.block(text + "\n---")
	default:
		p.heading(level, strings.ReplaceAll(text, "\n", " "))
	}
}

// extras writes the sections that no field holds after a render from the
// fields, each at its level relative to the nearest section the fields
// hold (at least 2). (The text before the first section that is not
// metadata comes after the title: see intro.)
func (p *printer) extras(r *Record) {
	var stack []Section // enclosing sections
	for _, s := range r.Sections {
		for len(stack) > 0 && stack[len(stack)-1].Level >= s.Level && s.Level > 0 {
			stack = stack[:len(stack)-1]
		}
		if !s.Mapped && s.Level > 1 {
			{
				base := 1
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i].Mapped {
						base = stack[i].Level
						break
					}
				}
				p.sectionHeading(max(2, min(6, s.Level-base+1)), s.Heading)
				p.block(s.Body)
			}
		}
		if s.Level > 0 {
			stack = append(stack, s)
		}
	}
}

// intro writes the text before the first section of a parsed record that
// no field took, after the title and metadata of a render from the fields.
func (p *printer) intro(r *Record) {
	if r.parsed == nil {
		return
	}
	for _, s := range r.parsed.intro {
		p.block(s)
	}
}

// shift returns the Markdown text of a parsed record's field with its
// headings moved down so that the highest is at level (at most 6),
// to nest it under the heading the flavour writes it under. It returns
// other text as it is.
func (p *printer) shift(s string, level int) string {
	if !p.parsed || !strings.Contains(s, "#") {
		return s
	}
	src := []byte(s)
	doc := parseMarkdown(src)
	var starts []int
	top := 7
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Lines().Len() == 0 {
			continue
		}
		st := lineStart(src, h.Lines().At(0).Start)
		if !isATX(src[st:]) {
			continue
		}
		starts = append(starts, st)
		top = min(top, h.Level)
	}
	if len(starts) == 0 || top >= level {
		return s
	}
	var b strings.Builder
	last := 0
	for _, st := range starts {
		i := st
		for i < len(src) && src[i] == ' ' {
			i++
		}
		j := i
		for j < len(src) && src[j] == '#' {
			j++
		}
		b.Write(src[last:i])
		b.WriteString(strings.Repeat("#", min(6, j-i+level-top)))
		last = j
	}
	b.Write(src[last:])
	return b.String()
}

// sum returns the fingerprint of the record's fields rendered in f.
func (r *Record) sum(f Format) [32]byte {
	var b bytes.Buffer
	_ = r.renderFields(&b, f, false)
	return sha256.Sum256(b.Bytes())
}

// unchanged reports whether r holds what Parse read and is rendered in the
// flavour it was read from, so that its sections can be written as they are.
func (r *Record) unchanged(f Format) bool {
	return r.parsed != nil && r.parsed.format == f && r.Sections != nil && r.sum(f) == r.parsed.sum
}
