package mdtext

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

func TestSlug(t *testing.T) {
	// cases from adr-tools' behaviour (spec/adr-formats.md)
	for _, tc := range []struct{ in, want string }{
		{"First Record", "first-record"},
		{"Node.JS", "node-js"},
		{"Slash/Slash/Slash/", "slash-slash-slash"},
		{"-Bar-", "bar"},
		{"Use C++ / C# (v2.0)", "use-c-c-v2-0"},
		{"Café Über", "caf-ber"},
		{"../../etc/passwd", "etc-passwd"},
		{"日本", ""},
	} {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

var md = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))

func render(t *testing.T, src string) string {
	t.Helper()
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var hostile = []string{
	"plain",
	"a | b",
	"<script>alert(1)</script>",
	"`code | pipe`",
	"**bold** _it_ ~~s~~",
	"[x](javascript:alert(1))",
	"&amp; &lt;",
	"back\\slash",
	"1. not a list",
	"- not a list",
	"# not a heading",
	"two\nlines",
	"3.5 k$/month",
	"2) not a list",
	"7.",
	"123456789. x",
	"+ not a list",
	"-5% cost",
}

// Text that cannot start a list, heading or HTML is written as it is.
func TestNoNeedlessEscapes(t *testing.T) {
	for _, s := range []string{"3.5 k$/month", "2026-11-25", "v1.2", "x-y", "42"} {
		if got := Inline(s); got != s {
			t.Errorf("Inline(%q) = %q, want it unchanged", s, got)
		}
		if got := Cell(s); got != s {
			t.Errorf("Cell(%q) = %q, want it unchanged", s, got)
		}
	}
	if got := Cell("1. x"); got != "1. x" {
		t.Errorf("Cell(%q) = %q: a cell cannot start a list", "1. x", got)
	}
}

// Cell keeps a table cell one cell: the HTML shows the text literally
// (line breaks as <br>).
func TestCell(t *testing.T) {
	for _, s := range hostile {
		src := "| h |\n|---|\n| " + Cell(s) + " |\n"
		got := render(t, src)
		want := "<td>" + strings.ReplaceAll(html.EscapeString(s), "\n", "<br>") + "</td>"
		want = strings.ReplaceAll(want, "&#34;", "&quot;")
		if !strings.Contains(got, want) || strings.Count(got, "<td>") != 1 {
			t.Errorf("Cell(%q) = %q renders as\n%s\nwant a single %s", s, Cell(s), got, want)
		}
	}
}

func TestInline(t *testing.T) {
	for _, s := range hostile {
		got := render(t, "- "+Inline(s)+"\n")
		want := "<li>" + strings.ReplaceAll(html.EscapeString(s), "\n", "<br>") + "</li>"
		want = strings.ReplaceAll(want, "&#34;", "&quot;")
		if !strings.Contains(got, want) {
			t.Errorf("Inline(%q) = %q renders as\n%s\nwant %s", s, Inline(s), got, want)
		}
	}
}

// Block keeps Markdown but never lets a line start a heading, fence or
// break, and escapes raw HTML.
func TestBlock(t *testing.T) {
	s := "Intro with <b>html</b> and **bold**\n## Decision\n---\n===\n```\nfence\n~~~\n  # indented"
	got := render(t, Block(s))
	for _, bad := range []string{"<h2", "<hr", "<pre", "<b>", "<h1"} {
		if strings.Contains(got, bad) {
			t.Errorf("Block renders %s:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, "<strong>bold</strong>") {
		t.Errorf("Block lost the user's Markdown:\n%s", got)
	}
}
