package adr_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
)

func TestParseFlavours(t *testing.T) {
	for _, tc := range []struct {
		name   string
		src    string
		format adr.Format
		status string
		kind   adr.StatusKind
		date   string
		people []string
		links  []adr.Link
	}{
		{
			name: "MADR 4 front matter",
			src: "---\nstatus: \"accepted\"\ndate: 2024-05-01\ndecision-makers: [Ann, Bob]\nconsulted: Carl\n---\n\n" +
				"# Use Postgres\n\n## Context and Problem Statement\n\nWe need a DB.\n\n## Considered Options\n\n* Postgres\n* Mongo\n\n" +
				"## Decision Outcome\n\nChosen option: \"Postgres\", because it is boring.\n",
			format: adr.MADR, status: "accepted", kind: adr.Accepted, date: "2024-05-01", people: []string{"Ann", "Bob"},
		},
		{
			name:   "MADR 3 front matter, superseded",
			src:    "---\nstatus: superseded by ADR-0007\ndate: 2023-01-02\ndeciders: Ann, Bob\n---\n# Old choice\n\n## Context and Problem Statement\n\nx\n",
			format: adr.MADR, status: "superseded by ADR-0007", kind: adr.Superseded, date: "2023-01-02", people: []string{"Ann", "Bob"},
			links: []adr.Link{{Rel: "Superseded by", Target: 7, Title: "ADR-0007"}},
		},
		{
			name: "MADR 2 list and links",
			src: "# Use Kafka\n\n* Status: accepted\n* Deciders: Ann, Bob\n* Date: 2019-03-04\n\n## Context and Problem Statement\n\nx\n\n" +
				"## Links\n\n* Refines [ADR-0002](0002-messaging.md)\n",
			format: adr.Log4brains, status: "accepted", kind: adr.Accepted, date: "2019-03-04", people: []string{"Ann", "Bob"},
			links: []adr.Link{{Rel: "Refines", Target: 2, Title: "ADR-0002", Href: "0002-messaging.md"}},
		},
		{
			name:   "log4brains superseded",
			src:    "# First\n\n- Status: superseded by [20200102-second](20200102-second.md)\n- Date: 2020-01-01\n\n## Context and Problem Statement\n\nx\n",
			format: adr.Log4brains, status: "superseded by 20200102-second", kind: adr.Superseded, date: "2020-01-01",
			links: []adr.Link{{Rel: "Superseded by", Target: 20200102, Title: "20200102-second", Href: "20200102-second.md"}},
		},
		{
			name:   "ToT status link",
			src:    "# 1. A\n\n**Status:** Superseded by [2. B](0002-b.md)\n**Date:** 2020-01-01\n\n## Context\n\nx\n",
			format: adr.ToT, status: "Superseded by 2. B", kind: adr.Superseded, date: "2020-01-01",
			links: []adr.Link{{Rel: "Superseded by", Target: 2, Title: "2. B", Href: "0002-b.md"}},
		},
		{
			name: "adr-tools",
			src: "# 1. First Record\n\nDate: 1992-01-12\n\n## Status\n\nSuperceded by [2. Second Record](0002-second-record.md)\n\n" +
				"Amended by [3. Third Record](0003-third-record.md)\n\n## Context\n\nctx\n\n## Decision\n\ndec\n\n## Consequences\n\ncons\n",
			format: adr.Nygard, status: "", kind: adr.Superseded, date: "1992-01-12",
			links: []adr.Link{
				{Rel: "Superceded by", Target: 2, Title: "2. Second Record", Href: "0002-second-record.md"},
				{Rel: "Amended by", Target: 3, Title: "3. Third Record", Href: "0003-third-record.md"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := adr.Parse([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if r.Format != tc.format || r.Status != tc.status || r.Kind() != tc.kind || r.Date != tc.date {
				t.Errorf("Parse = format %v status %q kind %v date %q; want %v %q %v %q", r.Format, r.Status, r.Kind(), r.Date, tc.format, tc.status, tc.kind, tc.date)
			}
			if tc.people != nil {
				if diff := cmp.Diff(tc.people, r.Deciders); diff != "" {
					t.Errorf("deciders (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(tc.links, r.Links); diff != "" {
				t.Errorf("links (-want +got):\n%s", diff)
			}
		})
	}
}

// A MADR 4 record keeps its status through Parse and Render; the
// log4brains flavour writes the list form log4brains reads.
func TestStatusAcrossFlavours(t *testing.T) {
	r, err := adr.Parse([]byte("---\nstatus: \"deprecated\"\ndate: 2024-05-01\n---\n\n# Old\n\n## Context and Problem Statement\n\nx\n"))
	if err != nil {
		t.Fatal(err)
	}
	var madr, l4b bytes.Buffer
	if err := r.Render(&madr, adr.MADR); err != nil {
		t.Fatal(err)
	}
	if err := r.Render(&l4b, adr.Log4brains); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(madr.Bytes(), []byte("---\nstatus: \"deprecated\"\ndate: 2024-05-01\n---\n")) {
		t.Errorf("MADR front matter:\n%s", madr.String())
	}
	if !bytes.Contains(l4b.Bytes(), []byte("\n- Status: deprecated\n- Date: 2024-05-01\n")) {
		t.Errorf("log4brains list:\n%s", l4b.String())
	}
	for _, b := range [][]byte{madr.Bytes(), l4b.Bytes()} {
		p, err := adr.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != "deprecated" || p.Kind() != adr.Deprecated {
			t.Errorf("status after round trip = %q", p.Status)
		}
	}
}

func TestParseWeights(t *testing.T) {
	src := "# W\n\n## Evaluation Criteria\n\n| Criterion | Weight |\n|---|---|\n| A | 0.30 |\n| B | 0.25 |\n| C | 0.45 |\n"
	r, err := adr.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, c := range r.Criteria {
		got = append(got, c.Weight.Value)
	}
	if diff := cmp.Diff([]float64{30, 25, 45}, got); diff != "" {
		t.Errorf("weights (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
	}{
		{"empty", ""},
		{"prose only", "just some text\n"},
		{"bad front matter", "---\nstatus: [unclosed\n---\n# T\n"},
		{"not utf-8", "# \xff\xfe\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := adr.Parse([]byte(tc.src)); err == nil {
				t.Errorf("Parse(%q): no error", tc.src)
			}
		})
	}
	if _, err := adr.Parse(nil); !errors.Is(err, adr.ErrNotADR) {
		t.Errorf("Parse(nil) = %v, want ErrNotADR", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/golden/hostile.madr.md", "testdata/golden/empty.nygard.md"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("---\nstatus: x\n---\n# T\n\n| Option | A | Total |\n|-|-|-|\n| 1 | 9 (9) | **9** |\n"))
	f.Add([]byte("# 1. T\n\n**Status:** Accepted\n\n## Evaluation Criteria\n\n| Criterion | Weight |\n|-|-|\n| A | 60% |\n| B | 0.4 |\n\n" +
		"Critical criteria: A must score 8+\n\n### Option 1: X\n\n| Criterion | Score | Rationale |\n|-|-|-|\n| A | 8 | r |\n\n" +
		"## Options Comparison Matrix\n\n| Option | A | B | **Total** | Pass |\n|-|-|-|-|-|\n| 1. X | 8 (4.8) | X (X.X) | 70.5/100 | Yes |\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := adr.Parse(data)
		if err != nil {
			return
		}
		fs := adr.Audit(r)
		if fs == nil {
			t.Fatal("Audit returned nil")
		}
		for _, f := range []adr.Format{adr.ToT, adr.MADR, adr.Nygard, adr.Log4brains} {
			var buf bytes.Buffer
			if err := r.Render(&buf, f); err != nil {
				t.Fatalf("Render(%v): %v", f, err)
			}
		}
	})
}
