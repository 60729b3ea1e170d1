package adr

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is the goldmark parser: CommonMark with GFM tables, task lists
// and strikethrough.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.TaskList, extension.Strikethrough))

func parseMarkdown(src []byte) ast.Node {
	return markdown.Parser().Parse(text.NewReader(src))
}

// inlineText returns the plain text of n's inline content: escapes and
// entities resolved, emphasis markers dropped, "<br>" and line breaks as
// "\n", links as their text.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	writeInline(&b, n, src)
	return strings.TrimSpace(b.String())
}

func writeInline(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		writeInlineNode(b, c, src)
	}
}

// writeInlineNode writes one inline node (not only its children).
func writeInlineNode(b *strings.Builder, c ast.Node, src []byte) {
	switch c := c.(type) {
	case *ast.Text:
		v := c.Value(src)
		if !c.IsRaw() {
			v = unescape(v)
		}
		b.Write(v)
		if c.SoftLineBreak() || c.HardLineBreak() {
			b.WriteByte('\n')
		}
	case *ast.String:
		v := c.Value
		if !c.IsCode() && !c.IsRaw() {
			v = unescape(v)
		}
		b.Write(v)
	case *ast.CodeSpan:
		b.WriteByte('`')
		writeInline(b, c, src)
		b.WriteByte('`')
	case *ast.RawHTML:
		raw := rawHTML(c, src)
		if isBreakTag(raw) {
			b.WriteByte('\n')
		} else {
			b.Write(raw)
		}
	case *ast.AutoLink:
		b.Write(c.Label(src))
	case *east.TaskCheckBox:
		// reported by the list reader
	default:
		writeInline(b, c, src)
	}
}

func rawHTML(r *ast.RawHTML, src []byte) []byte {
	var raw []byte
	for i := 0; i < r.Segments.Len(); i++ {
		seg := r.Segments.At(i)
		raw = append(raw, seg.Value(src)...)
	}
	return raw
}

func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return util.ResolveEntityNames(v)
}

func isBreakTag(raw []byte) bool {
	s := strings.ToLower(strings.ReplaceAll(string(raw), " ", ""))
	return s == "<br>" || s == "<br/>"
}

// A line is one line of a paragraph: the strong text it starts with (a
// "**Label:**"), and the rest.
type line struct {
	strong string
	text   string
}

// paraLines splits a paragraph into lines, noting a leading strong span.
func paraLines(p ast.Node, src []byte) []line {
	var out []line
	cur := line{}
	started := false
	flush := func() {
		cur.strong = strings.TrimSpace(cur.strong)
		cur.text = strings.TrimSpace(cur.text)
		out = append(out, cur)
		cur = line{}
		started = false
	}
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if e, ok := c.(*ast.Emphasis); ok && e.Level == 2 && !started {
			cur.strong = inlineText(e, src)
			started = true
			continue
		}
		if t, ok := c.(*ast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
			v := t.Value(src)
			if !t.IsRaw() {
				v = unescape(v)
			}
			cur.text += string(v)
			flush()
			continue
		}
		var b strings.Builder
		writeInlineNode(&b, c, src)
		cur.text += b.String()
		if strings.TrimSpace(cur.text) != "" {
			started = true
		}
	}
	if started || cur.text != "" || cur.strong != "" {
		flush()
	}
	return out
}

// blockText returns the text of a block: a paragraph's or heading's inline
// text, a list's items joined by newlines, a code block's lines.
func blockText(n ast.Node, src []byte) string {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		return inlineText(n, src)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		ls := n.Lines()
		for i := 0; i < ls.Len(); i++ {
			seg := ls.At(i)
			b.Write(seg.Value(src))
		}
		return strings.TrimRight(b.String(), "\n")
	}
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := blockText(c, src); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// blockSource returns the Markdown source lines a block spans.
func blockSource(n ast.Node, src []byte) string {
	start, stop := -1, -1
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		if n.Type() == ast.TypeBlock {
			ls := n.Lines()
			for i := 0; i < ls.Len(); i++ {
				s := ls.At(i)
				if start < 0 || s.Start < start {
					start = s.Start
				}
				if s.Stop > stop {
					stop = s.Stop
				}
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
		}
	}
	walk(n)
	if start < 0 {
		return ""
	}
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	for stop < len(src) && src[stop] != '\n' {
		stop++
	}
	return strings.TrimRight(string(src[start:stop]), "\n ")
}

// unblock undoes mdtext.Block's escapes.
func unblock(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		indent := l[:len(l)-len(t)]
		if strings.HasPrefix(t, "\\") && len(t) > 1 && strings.ContainsRune("#`~-=*_", rune(t[1])) {
			t = t[1:]
		}
		t = strings.ReplaceAll(t, "\\<", "<")
		t = strings.ReplaceAll(t, "\\&", "&")
		lines[i] = indent + t
	}
	return strings.Join(lines, "\n")
}

// An item is one list item: its text, its checkbox state and the first
// link it holds.
type item struct {
	text    string
	task    bool
	checked bool
	link    *ast.Link
	node    ast.Node
}

func listItems(l *ast.List, src []byte) []item {
	var out []item
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		it := item{node: li}
		var parts []string
		for c := li.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Kind() == ast.KindList {
				continue // nested lists are read as text of their own items
			}
			if fc := c.FirstChild(); fc != nil {
				if cb, ok := fc.(*east.TaskCheckBox); ok {
					it.task, it.checked = true, cb.IsChecked
				}
			}
			parts = append(parts, blockText(c, src))
		}
		it.text = strings.TrimSpace(strings.Join(parts, "\n"))
		_ = ast.Walk(li, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if lk, ok := n.(*ast.Link); ok && entering && it.link == nil {
				it.link = lk
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
		out = append(out, it)
	}
	return out
}

// tableRows returns the header and body cells of a GFM table as text.
func tableRows(t *east.Table, src []byte) (header []string, rows [][]string) {
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, inlineText(c, src))
		}
		if r.Kind() == east.KindTableHeader {
			header = cells
		} else {
			rows = append(rows, cells)
		}
	}
	return header, rows
}
