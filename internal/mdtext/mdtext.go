// Package mdtext holds the Markdown text helpers the ADR renderers share:
// escaping of user text for table cells, inline contexts and paragraphs, so
// that it can neither break a table nor inject HTML, and file-name slugs made
// the way adr-tools makes them.
package mdtext

import (
	"strings"
)

// punct lists the ASCII punctuation escaped with a backslash in inline text:
// everything that can start Markdown syntax inside a line (emphasis, code
// spans, links, raw HTML, entities, table pipes, strikethrough).
const punct = "\\`*_[]<>&|~!"

// Cell escapes s for one GFM table cell: pipes, backticks, HTML, emphasis and
// link syntax are backslash-escaped, and each line break becomes "<br>" so
// that the row stays on one line. Leading and trailing spaces are trimmed.
// A cell holds inline content only, so line-start markers ("1.", "-", "#")
// need no escape there. A parser that unescapes backslash punctuation and
// reads "<br>" as a line break gets s back.
func Cell(s string) string {
	return Span(s)
}

// Inline escapes s for an inline context (a list item, a heading, a bold
// label's value): like Cell, line breaks become "<br>", and a start that
// could begin a heading or a list ("#", "+", "-", "=", "1. ") is escaped too.
func Inline(s string) string {
	return escape(s, true)
}

// Span escapes s like Inline for text that does not start a line (link
// text, a title after "# 1. "): only punctuation is escaped, line-start
// markers ("1.", "-", "#") are left alone.
func Span(s string) string {
	return escape(s, false)
}

// escape backslash-escapes the inline punctuation of s, turns line breaks
// into "<br>" and, when lineStart, escapes a leading block marker.
func escape(s string, lineStart bool) string {
	s = normalizeNewlines(strings.TrimSpace(s))
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			b.WriteString("<br>")
			// drop the indentation of the next line: it would be lost anyway
			for i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t') {
				i++
			}
		case c == '\t':
			b.WriteByte(' ')
		case strings.IndexByte(punct, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case !lineStart || i > 0:
			b.WriteByte(c)
		case c == '#', c == '+', c == '-', c == '=':
			// a line start that could become a heading or a list marker
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= '0' && c <= '9':
			// "1. x" or "1) x" would start an ordered list; "3.5" would not
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			b.WriteString(s[i:j])
			if j < len(s) && (s[j] == '.' || s[j] == ')') && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\t' || s[j+1] == '\n') {
				b.WriteByte('\\')
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Block makes s, a multi-line Markdown text written by a user (a context, a
// rationale), safe to embed as a section body: its Markdown is kept, but raw
// HTML is escaped and no line can start a heading, a code fence, a thematic
// break, a setext underline or front matter, so the document keeps its
// structure. Blank-line runs are kept; trailing spaces are trimmed.
func Block(s string) string {
	s = normalizeNewlines(strings.Trim(s, "\n"))
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		l = escapeHTML(l)
		t := strings.TrimLeft(l, " ")
		indent := l[:len(l)-len(t)]
		switch {
		case t == "":
		case t[0] == '#', strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
			l = indent + "\\" + t
		case onlyOf(t, "-= *_"):
			l = indent + "\\" + t
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// escapeHTML backslash-escapes every '<' that could open an HTML tag,
// comment or declaration, and every '&' that could start an entity.
func escapeHTML(l string) string {
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		c := l[i]
		if (c == '<' || c == '&') && (i == 0 || l[i-1] != '\\') {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func onlyOf(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return strings.Trim(s, " ") != ""
}

func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// Slug makes a file-name slug from title as adr-tools does: every run of
// characters that are not ASCII letters or digits becomes one '-', letters
// are lower-cased and leading and trailing '-' are trimmed:
// Slug("Use C++ / C# (v2.0)") == "use-c-c-v2-0". The result contains only
// [a-z0-9-], so it cannot name a path outside a folder; it is "" when title
// has no ASCII letter or digit.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for i := 0; i < len(title); i++ {
		c := title[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
			dash = false
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
			dash = false
		default:
			if !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.Trim(b.String(), "-")
}
