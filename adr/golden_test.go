package adr_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/internal/goldentest"
)

// golden compares got with testdata/golden/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldentest.Check(t, filepath.Join("testdata", "golden", name), got)
}

// fullRecord is the protocol example with every part of a record filled.
func fullRecord(t *testing.T) *adr.Record {
	t.Helper()
	_, r := record(t, protocolDecision())
	r.Date = "2026-01-25"
	r.Deciders = []string{"Architecture board", "CTO"}
	r.Consulted = []string{"SRE team"}
	r.Informed = []string{"All engineering"}
	r.Tags = []string{"architecture"}
	r.StatusHistory = []adr.StatusChange{{Date: "2026-01-20", Status: "Proposed"}, {Date: "2026-01-25", Status: "Accepted", Note: "board review"}}
	r.Reasoning = []adr.ReasoningStep{{Title: "Context Analysis", Question: "What architectural concern does this address?", Answer: "Rewrite of a PHP monolith."}}
	r.Drivers = []string{"Team expertise"}
	r.Consequences = adr.Consequences{Positive: []string{"Fast delivery"}, Negative: []string{"Scaling ceiling at 50K users"}, Neutral: []string{"New module boundaries"}}
	r.Implementation = adr.Implementation{Components: []string{"API layer"}, Migration: "Strangler fig over 6 months.", Validation: []string{"p95 < 100ms"}}
	r.ActionItems = []adr.ActionItem{{Text: "Update architecture diagrams"}, {Done: true, Text: "Communicate decision"}}
	r.References = []string{"@.aiwg/requirements/nfr-modules/performance.md"}
	r.Links = []adr.Link{{Rel: "Supersedes", Target: 3, Title: "3. Old architecture", Href: "0003-old-architecture.md"}, {Rel: "Amends", Target: 5, Title: "5. Hosting", Href: "0005-hosting.md"}}
	r.Reviews = []adr.Review{{Date: "2026-01-25", Reviewer: "Jane", Status: "Approved", Notes: "ok"}}
	r.Decision.Confirmation = "Load test before go-live."
	return r
}

// hostileRecord carries user text that would break a table, a section or
// the page if it were not escaped.
func hostileRecord() *adr.Record {
	return &adr.Record{
		Number: 7, Title: "Pick <script>alert(1)</script> | `db`", Status: "Proposed", Date: "2026-02-01",
		Context: "Line one <img src=x onerror=alert(1)>\n## Decision\n---\n```\nunclosed fence",
		Criteria: []adr.Criterion{
			{Name: "Perf | speed", Weight: adr.Number{Value: 50}, Description: "a\nb | c"},
			{Name: "Cost `$`", Weight: adr.Number{Value: 30}},
			{Name: "Risk *", Weight: adr.Number{Value: 20}},
		},
		Options: []adr.Option{{Number: 1, Name: "A | B", Scores: []adr.Score{
			{Criterion: "Perf | speed", Value: &adr.Number{Value: 8}, Rationale: "<script>x</script>\n| injected | row |"},
			{Criterion: "Cost `$`", Value: &adr.Number{Value: 6}, Rationale: "`code | pipe`"},
			{Criterion: "Risk *", Value: &adr.Number{Value: 4}, Rationale: "**bold** [link](javascript:alert(1))"},
		}}},
		Triggers: []string{"# not a heading", "- not a list"},
	}
}

func TestRenderGolden(t *testing.T) {
	for _, rec := range []struct {
		name string
		r    *adr.Record
	}{{"protocol", fullRecord(t)}, {"hostile", hostileRecord()}, {"empty", &adr.Record{Title: "First Record", Number: 1, Date: "1992-01-12"}}} {
		for _, f := range flavours {
			var a, b bytes.Buffer
			if err := rec.r.Render(&a, f); err != nil {
				t.Fatal(err)
			}
			if err := rec.r.Render(&b, f); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s/%v: two renders differ", rec.name, f)
			}
			golden(t, rec.name+"."+f.String()+".md", a.Bytes())
		}
	}
}

// Escaped text reads back as written, and cannot add sections or rows.
func TestRenderEscaping(t *testing.T) {
	h := hostileRecord()
	for _, f := range flavours {
		var buf bytes.Buffer
		if err := h.Render(&buf, f); err != nil {
			t.Fatal(err)
		}
		p, err := adr.Parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != h.Title {
			t.Errorf("%v: title %q, want %q", f, p.Title, h.Title)
		}
		if len(p.Criteria) != 3 || p.Criteria[0].Name != "Perf | speed" || p.Criteria[0].Description != "a\nb | c" {
			t.Errorf("%v: criteria %+v", f, p.Criteria)
		}
		if len(p.Options) != 1 || len(p.Options[0].Scores) != 3 {
			t.Fatalf("%v: options %+v", f, p.Options)
		}
		for i, s := range p.Options[0].Scores {
			if want := h.Options[0].Scores[i].Rationale; s.Rationale != want {
				t.Errorf("%v: rationale %d = %q, want %q", f, i, s.Rationale, want)
			}
		}
		// as HTML, even with raw HTML allowed, no tag of the user's survives
		var html bytes.Buffer
		md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
		body := buf.Bytes()
		if bytes.HasPrefix(body, []byte("---\n")) { // front matter is not Markdown
			_, body, _ = bytes.Cut(body[4:], []byte("\n---\n"))
		}
		if err := md.Convert(body, &html); err != nil {
			t.Fatal(err)
		}
		for _, tag := range []string{"<script", "<img", "href=\"javascript"} {
			if bytes.Contains(html.Bytes(), []byte(tag)) {
				t.Errorf("%v: %s in the HTML:\n%s", f, tag, html.String())
			}
		}
		if n := bytes.Count(html.Bytes(), []byte("<h2")); n != bytes.Count(buf.Bytes(), []byte("\n## ")) {
			t.Errorf("%v: %d <h2> for %d sections", f, n, bytes.Count(buf.Bytes(), []byte("\n## ")))
		}
		if p.Context != h.Context {
			t.Errorf("%v: context %q, want %q", f, p.Context, h.Context)
		}
		if len(p.Triggers) != 2 || p.Triggers[0] != "# not a heading" || p.Triggers[1] != "- not a list" {
			t.Errorf("%v: triggers %q", f, p.Triggers)
		}
	}
}

func TestRenderTemplate(t *testing.T) {
	tmpl, err := adr.NewTemplate("team", `# {{.Number}}: {{inline .Title}}

| Criterion | Weight |
|---|---|
{{range .Criteria}}| {{cell .Name}} | {{pct .Weight}} |
{{end}}
Selected: {{.Decision.Selected}} ({{.Decision.Score}})
`)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fullRecord(t).RenderTemplate(&buf, tmpl); err != nil {
		t.Fatal(err)
	}
	golden(t, "protocol.template.md", buf.Bytes())
	if _, err := adr.NewTemplate("bad", "{{.Nope"); err == nil {
		t.Error("NewTemplate of a broken template: no error")
	}
	bad, _ := adr.NewTemplate("missing", "{{.NoSuchField}}")
	if err := fullRecord(t).RenderTemplate(&buf, bad); err == nil {
		t.Error("RenderTemplate with an unknown field: no error")
	}
}
