package adr_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
)

const nygardProse = "# 3. Use Postgres\n\nDate: 2020-01-02\n\n## Status\n\nAccepted\n\n" +
	"## Context\n\n**Note**: this was urgent.\n\nWe need a database.\n\n### Background\n\nThe old one is slow.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n" +
	"## Decision\n\nWe will use Postgres.\n\n### Rationale\n\nIt is boring.\n\n#### Details\n\nVersion 16.\n\n" +
	"## Risks\n\nNobody knows it.\n\n" +
	"## Consequences\n\nMore operations work.\n\n- one more server\n"

// Defects 1–3 of issue 12: prose consequences, the text of subsections of
// Context and Decision and a bold label at a section's top are read into
// the fields, and a render from the fields (in another flavour, or after an
// edit) keeps them and invents nothing.
func TestParseProse(t *testing.T) {
	r := mustParse(t, nygardProse)
	for _, tc := range []struct{ field, got, want string }{
		{"Context", r.Context, "**Note**: this was urgent.\n\nWe need a database.\n\n### Background\n\nThe old one is slow.\n\n| a | b |\n|---|---|\n| 1 | 2 |"},
		{"Decision.Rationale", r.Decision.Rationale, "We will use Postgres.\n\n### Rationale\n\nIt is boring.\n\n#### Details\n\nVersion 16."},
		{"Consequences.Text", r.Consequences.Text, "More operations work.\n\n- one more server"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.field, tc.got, tc.want)
		}
	}
	// the Risks section is kept as it is, and not read into a field
	var risks *adr.Section
	for i := range r.Sections {
		if r.Sections[i].Heading == "Risks" {
			risks = &r.Sections[i]
		}
	}
	if risks == nil || risks.Body != "Nobody knows it." || risks.Mapped || risks.Level != 2 {
		t.Errorf("Risks section = %+v, want level 2, body kept, not mapped", risks)
	}
	for _, f := range []adr.Format{adr.Nygard, adr.MADR, adr.ToT, adr.Log4brains} {
		r.Date = "2020-01-03" // an edit: rendered from the fields
		out := render(t, r, f)
		for _, want := range []string{"this was urgent", "The old one is slow", "| 1 | 2 |", "It is boring", "Version 16", "More operations work", "one more server", "## Risks\n\nNobody knows it."} {
			if !strings.Contains(out, want) {
				t.Errorf("%v render lost %q:\n%s", f, want, out)
			}
		}
		if strings.Contains(out, "What becomes easier") || strings.Contains(out, "The change that we're proposing") || strings.Contains(out, "because one more") {
			t.Errorf("%v render invented adr-tools' template text:\n%s", f, out)
		}
		back := mustParse(t, out)
		if back.Kind() != adr.Accepted || back.Title != "Use Postgres" {
			t.Errorf("%v render reads back as %q, %v", f, back.Title, back.Kind())
		}
	}
}

// A parsed record is rendered in its own flavour as it was written, and an
// edit of its sections shows.
func TestRenderSourceUnchanged(t *testing.T) {
	r := mustParse(t, nygardProse)
	if got := render(t, r, adr.Nygard); got != nygardProse {
		t.Errorf("same-flavour render differs from the source:\n%s", got)
	}
	r.Sections[len(r.Sections)-1].Body = "Less work."
	if got := render(t, r, adr.Nygard); !strings.HasSuffix(got, "## Consequences\n\nLess work.\n") {
		t.Errorf("an edit of Sections does not show:\n%s", got)
	}
	// a record without a status gets none, in every flavour
	r = mustParse(t, "# 1. No status\n\n## Context\n\nx\n")
	r.Date = "2020-01-01"
	for _, f := range []adr.Format{adr.Nygard, adr.MADR, adr.ToT, adr.Log4brains} {
		out := render(t, r, f)
		if back := mustParse(t, out); back.Status != "" || back.Kind() != adr.Unknown {
			t.Errorf("%v render of a record without a status reads back as %q:\n%s", f, back.Status, out)
		}
	}
}

// Defect 4: status lines with emoji and links, a status label inside a
// subsection, and a front-matter status repeated in a Status section.
func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		name, src, status string
		kind              adr.StatusKind
		target            int
	}{
		{"emoji accepted", "# T\n\n## Status\n\n✅ Accepted\n\n## Context\n\nx\n", "✅ Accepted", adr.Accepted, 0},
		{"emoji rejected with link", "# T\n\n## Status\n\n❌ Rejected (see [019](0019-x.md))\n\n## Context\n\nx\n", "❌ Rejected (see 019)", adr.Rejected, 0},
		{"superseded link line", "# T\n\n## Status\n\nSuperseded by [ADR-0012](0012-x.md)\n\n## Context\n\nx\n", "", adr.Superseded, 12},
		{"hourglass superseded", "# T\n\n## Status\n\n⌛ Superseded\n\n## Context\n\nx\n", "⌛ Superseded", adr.Superseded, 0},
		{"emoji only", "# T\n\n## Status\n\n❌\n\n## Context\n\nx\n", "❌", adr.Rejected, 0},
		{"deprecated", "# T\n\n## Status\n\nDeprecated in favour of ADR 5\n", "Deprecated in favour of ADR 5", adr.Deprecated, 0},
		{"unknown", "# T\n\n## Status\n\nOn hold\n", "On hold", adr.Unknown, 0},
		{"label in a subsection", "# T\n\n## Status\n\nProposed\n\n## Options\n\n### Postgres\n\n**Status:** Accepted\n", "Proposed", adr.Proposed, 0},
		{"label in a context subsection", "# T\n\n**Status:** Accepted\n\n## Context\n\n### Vendor\n\n**Status:** Rejected\n", "Accepted", adr.Accepted, 0},
		{"front matter and section", "---\nstatus: Accepted\n---\n# T\n\n## Status\n\nAccepted\n", "Accepted", adr.Accepted, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustParse(t, tc.src)
			if r.Status != tc.status || r.Kind() != tc.kind {
				t.Errorf("status %q kind %v, want %q %v", r.Status, r.Kind(), tc.status, tc.kind)
			}
			if l, ok := r.SupersededBy(); tc.target != 0 && (!ok || l.Target != tc.target) {
				t.Errorf("SupersededBy = %+v, %v; want target %d", l, ok, tc.target)
			}
			for _, f := range []adr.Format{adr.Nygard, adr.MADR, adr.ToT, adr.Log4brains} {
				r.Date = "2020-01-01" // rendered from the fields
				if back := mustParse(t, render(t, r, f)); back.Kind() != tc.kind {
					t.Errorf("%v render changes the kind to %v:\n%s", f, back.Kind(), render(t, r, f))
				}
			}
		})
	}
	r := mustParse(t, "# T\n\n## Status\n\n❌ Rejected (see [019](0019-x.md))\n\nWe tried it.\n")
	if want := "❌ Rejected (see [019](0019-x.md))\n\nWe tried it."; r.StatusText != want {
		t.Errorf("StatusText = %q, want %q", r.StatusText, want)
	}
}

func TestClassifyStatus(t *testing.T) {
	for s, want := range map[string]adr.StatusKind{
		"Accepted": adr.Accepted, "accepted": adr.Accepted, "✅": adr.Accepted, "Approved by the board": adr.Accepted,
		"Proposed": adr.Proposed, "draft": adr.Draft, "Rejected": adr.Rejected, "Declined": adr.Rejected,
		"Deprecated": adr.Deprecated, "superseded by ADR-0007": adr.Superseded, "Superceded": adr.Superseded,
		"Accepted, later superseded by 9": adr.Superseded, "Proposed (rejected in review)": adr.Proposed,
		"": adr.Unknown, "Unacceptable": adr.Unknown, "Reopened": adr.Unknown, "TBD": adr.Unknown,
	} {
		if got := adr.ClassifyStatus(s); got != want {
			t.Errorf("ClassifyStatus(%q) = %v, want %v", s, got, want)
		}
	}
}

// Defect 5: MADR option names, options in other sections, the selection.
func TestParseOptions(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		options   []string
		selected  string
	}{
		{"MADR list with descriptions", "# T\n\n## Considered Options\n\n* Option 1: MkDocs\n  A static site generator.\n* **Docusaurus** - React based\n\n## Decision Outcome\n\nChosen option: \"MkDocs\", because it is simple.\n",
			[]string{"MkDocs", "Docusaurus"}, "MkDocs"},
		{"br in headings", "# T\n\n## Pros and Cons of the Options\n\n### MkDocs <br> static\n\n* Good, because fast\n\n### Gatsby<br/>React\n\n* Bad, because heavy\n",
			[]string{"MkDocs", "Gatsby"}, ""},
		{"alternatives considered", "# T\n\n## Alternatives Considered\n\n### Postgres\n\nGood.\n\n### MySQL\n\nFine.\n", []string{"Postgres", "MySQL"}, ""},
		{"considered alternatives", "# T\n\n## Considered Alternatives\n\n* Kafka\n* RabbitMQ\n", []string{"Kafka", "RabbitMQ"}, ""},
		{"numbered H4", "# T\n\n## Decision\n\n### Options\n\n#### 1. Lambda\n\nx\n\n#### 2. ECS\n\ny\n", []string{"Lambda", "ECS"}, ""},
		{"lettered options", "# T\n\n## Context\n\nx\n\n### Option A — Keep it\n\nx\n\n### Option B - Rewrite\n\ny\n\n## Decision\n\nChosen option: **Rewrite**\n",
			[]string{"Keep it", "Rewrite"}, "Rewrite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustParse(t, tc.src)
			var names []string
			for _, o := range r.Options {
				names = append(names, o.Name)
			}
			if diff := cmp.Diff(tc.options, names); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
			if r.Decision.Selected != tc.selected {
				t.Errorf("selected %q, want %q", r.Decision.Selected, tc.selected)
			}
			// round trips from the fields add no "Option N:" prefix
			for _, f := range []adr.Format{adr.MADR, adr.ToT, adr.Nygard, adr.Log4brains} {
				p := r
				for range 3 {
					p.Date = "2020-01-01"
					p = mustParse(t, render(t, p, f))
				}
				var got []string
				for _, o := range p.Options {
					got = append(got, o.Name)
				}
				if diff := cmp.Diff(tc.options, got); diff != "" {
					t.Errorf("%v: options after three round trips (-want +got):\n%s", f, diff)
				}
			}
		})
	}
}

// Defect 6: Markdown in titles is kept.
func TestParseTitleMarkdown(t *testing.T) {
	r := mustParse(t, "# 4. Use `bash` for *scripts*\n\n## Context\n\nx\n")
	if r.Title != "Use `bash` for scripts" || r.Number != 4 {
		t.Errorf("title %d %q", r.Number, r.Title)
	}
	r.Date = "2020-01-01"
	for _, f := range []adr.Format{adr.Nygard, adr.MADR, adr.ToT, adr.Log4brains} {
		if out := render(t, r, f); !strings.Contains(out, "Use `bash` for *scripts*\n") {
			t.Errorf("%v render does not keep the title's Markdown:\n%s", f, out)
		}
	}
}

// Every flavour carries the decision's confirmation.
func TestConfirmationInEveryFlavour(t *testing.T) {
	r := fullRecord(t)
	for _, f := range flavours {
		if got := mustParse(t, render(t, r, f)).Decision.Confirmation; got != r.Decision.Confirmation {
			t.Errorf("%v: confirmation %q, want %q", f, got, r.Decision.Confirmation)
		}
	}
}

// A prose field's subsections stay under it in a flavour that nests the
// field one level deeper (MADR writes Consequences as an H3).
func TestProseSubsectionsNest(t *testing.T) {
	r := mustParse(t, "# T\n\n## Status\n\nAccepted\n\n## Consequences\n\nWe pay.\n\n### Costs\n\nMore.\n\n```\n# not a heading\n```\n")
	if want := "We pay.\n\n### Costs\n\nMore.\n\n```\n# not a heading\n```"; r.Consequences.Text != want {
		t.Fatalf("Consequences.Text = %q, want %q", r.Consequences.Text, want)
	}
	out := render(t, r, adr.MADR)
	if !strings.Contains(out, "### Consequences\n\nWe pay.\n\n#### Costs\n\nMore.\n\n```\n# not a heading\n```\n") {
		t.Errorf("MADR render does not nest the subsection:\n%s", out)
	}
	if back := mustParse(t, out); back.Consequences.Text != "We pay.\n\n#### Costs\n\nMore.\n\n```\n# not a heading\n```" {
		t.Errorf("reads back as %q", back.Consequences.Text)
	}
}

// A parsed MADR outcome is written back with its reason, not with a
// sentence the record did not have.
func TestChosenOptionKeepsReason(t *testing.T) {
	r := mustParse(t, "---\nstatus: accepted\n---\n# T\n\n## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\nChosen option: \"B\", because it is simple.\n\nMore detail.\n")
	if r.Decision.Selected != "B" || r.Decision.Rationale != "it is simple.\n\nMore detail." {
		t.Fatalf("selected %q rationale %q", r.Decision.Selected, r.Decision.Rationale)
	}
	r.Date = "2020-01-01"
	out := render(t, r, adr.MADR)
	if !strings.Contains(out, "Chosen option: \"B\", because it is simple.\n\nMore detail.\n") || strings.Contains(out, "rationale below") {
		t.Errorf("MADR render:\n%s", out)
	}
	if back := mustParse(t, out); back.Decision.Rationale != r.Decision.Rationale || back.Decision.Selected != "B" {
		t.Errorf("reads back as %q, %q", back.Decision.Selected, back.Decision.Rationale)
	}
}

// A link's relation is the text before its title even when the title also
// occurs inside the relation's words (a title "e" in "Supersedes").
func TestLinkRelationBeforeTitle(t *testing.T) {
	r, err := adr.Parse([]byte("# 2. Two\n\n## Status\n\nAccepted\n\nSupersedes [e](0001-e.md)\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Links) != 1 || r.Links[0].Rel != "Supersedes" || r.Links[0].Target != 1 {
		t.Errorf("links %+v, want one Supersedes link to 1", r.Links)
	}
}
