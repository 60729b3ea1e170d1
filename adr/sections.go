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
	// MaxSize is the largest input Parse accepts, in bytes (4 MiB; the
	// largest real ADRs are under 100 kB).
	MaxSize = 4 << 20
	// MaxNesting is the deepest nesting of containers Parse accepts: block
	// quotes ("> > >") and list items opened on one line ("- - -", "1. -").
	MaxNesting = 32
)

// nestingDepth returns the largest number of container markers that open at
// the start of a line of src: block quote markers ">" and list markers
// ("-", "*", "+", "1." or "1)" followed by a space or the end of the line),
// each possibly after spaces. It runs in one pass over src.
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
		deepest = max(deepest, depth)
	}
	return deepest
}

var reEmptyHeading = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+#*)?[ \t]*$`)

// splitSections cuts body at its top-level headings. It returns the
// sections (the text before the first heading as a Level 0 section when it
// is not blank) and, for each top-level heading of doc in order, the index
// of its section.
func splitSections(body []byte, doc ast.Node) []Section {
	type cut struct {
		level      int
		heading    string
		start, end int // line start of the heading, start of its body
	}
	var cuts []cut
	cursor := 0
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			if e := blockEnd(n); e > cursor {
				cursor = e
			}
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
			c.heading = strings.Join(parts, " ")
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
	return out
}

// isATX reports whether the line at the start of b is an ATX heading.
func isATX(b []byte) bool {
	i := 0
	for i < len(b) && i < 3 && b[i] == ' ' {
		i++
	}
	return i < len(b) && b[i] == '#'
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

// blockEnd returns the offset of the end of the last line a block spans,
// 0 when it has none.
func blockEnd(n ast.Node) int {
	stop := 0
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		if n.Type() == ast.TypeBlock {
			ls := n.Lines()
			if ls.Len() > 0 {
				stop = max(stop, ls.At(ls.Len()-1).Stop)
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
		}
	}
	walk(n)
	return stop
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
	for _, s := range r.Sections {
		if s.Level > 0 {
			p.heading(s.Level, s.Heading)
		}
		p.block(s.Body)
	}
}

// extras writes the sections that no field holds after a render from the
// fields, each at its level relative to the nearest section the fields
// hold (at least 2); the text under the title that is not metadata comes
// without its heading.
func (p *printer) extras(r *Record) {
	var stack []Section // enclosing sections
	for _, s := range r.Sections {
		for len(stack) > 0 && stack[len(stack)-1].Level >= s.Level && s.Level > 0 {
			stack = stack[:len(stack)-1]
		}
		if !s.Mapped {
			if s.Level <= 1 {
				p.block(s.Body)
			} else {
				base := 1
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i].Mapped {
						base = stack[i].Level
						break
					}
				}
				p.heading(max(2, min(6, s.Level-base+1)), s.Heading)
				p.block(s.Body)
			}
		}
		if s.Level > 0 {
			stack = append(stack, s)
		}
	}
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
