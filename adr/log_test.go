package adr_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
)

// The body adr-tools' template (src/template.md) gives every new record;
// the expected files below are adr-tools' own test transcripts
// (tests/supercede-existing-adr.expected, tests/linking.expected) completed
// with that template.
const adrToolsBody = `## Context

The issue motivating this decision, and any context that influences or constrains the decision.

## Decision

The change that we're proposing or have agreed to implement.

## Consequences

What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.
`

func fixedClock() time.Time { return time.Date(1992, 1, 12, 10, 0, 0, 0, time.UTC) }

func TestLogAdrToolsCompatibility(t *testing.T) {
	dir := t.TempDir()
	l, err := adr.OpenLog(filepath.Join(dir, "doc", "adr"), adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	l.Now = fixedClock
	for i, title := range []string{"First Record", "Second Record", "Third Record"} {
		path, err := l.Add(&adr.Record{Title: title})
		if err != nil {
			t.Fatalf("Add(%q): %v", title, err)
		}
		want := []string{"0001-first-record.md", "0002-second-record.md", "0003-third-record.md"}[i]
		if filepath.Base(path) != want {
			t.Errorf("Add(%q) = %s, want %s", title, filepath.Base(path), want)
		}
		if i == 1 {
			if err := l.Supersede(1, 2); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := l.Link(3, "Amends", 1, "Amended by"); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"0001-first-record.md": "# 1. First Record\n\nDate: 1992-01-12\n\n## Status\n\n" +
			"Superceded by [2. Second Record](0002-second-record.md)\n\n" +
			"Amended by [3. Third Record](0003-third-record.md)\n\n" + adrToolsBody,
		"0002-second-record.md": "# 2. Second Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n" +
			"Supercedes [1. First Record](0001-first-record.md)\n\n" + adrToolsBody,
		"0003-third-record.md": "# 3. Third Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n" +
			"Amends [1. First Record](0001-first-record.md)\n\n" + adrToolsBody,
	}
	for name, w := range want {
		got, err := os.ReadFile(filepath.Join(l.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	checkWrite(t, "TOC", l.WriteTOC, "# Architecture Decision Records\n\n"+
		"* [1. First Record](0001-first-record.md)\n"+
		"* [2. Second Record](0002-second-record.md)\n"+
		"* [3. Third Record](0003-third-record.md)\n")
	checkWrite(t, "index", l.WriteIndex, "| Number | Title | Status | Links |\n|--------|-------|--------|-------|\n"+
		"| 1 | [First Record](0001-first-record.md) | superseded | Superceded by 2; Amended by 3 |\n"+
		"| 2 | [Second Record](0002-second-record.md) | Accepted | Supercedes 1 |\n"+
		"| 3 | [Third Record](0003-third-record.md) | Accepted | Amends 1 |\n")
	es, err := l.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || es[0].Kind != adr.Superseded || es[1].Kind != adr.Accepted || len(es[0].Links) != 2 || es[0].Links[0].Target != 2 || es[0].Links[1].Target != 3 {
		t.Errorf("List = %+v", es)
	}
	fs, err := l.Lint()
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 {
		t.Errorf("Lint = %v, want none", fs)
	}
}

func TestLogAdrDirAndNumbering(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, ".adr-dir"), []byte("decisions/arch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := adr.OpenLog(root, adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, "decisions", "arch"); l.Dir != want {
		t.Fatalf("Dir = %s, want %s", l.Dir, want)
	}
	l.Now = fixedClock
	// 0008 and 0009 are decimal, not octal; next is 10
	for _, n := range []string{"0008-a.md", "0009-b.md", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(l.Dir, n), []byte("# x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path, err := l.Add(&adr.Record{Title: "../../etc/passwd Use C++ / C# (v2.0)"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := path, filepath.Join(l.Dir, "0010-etc-passwd-use-c-c-v2-0.md"); got != want {
		t.Errorf("Add path = %s, want %s", got, want)
	}
	if _, err := l.Add(&adr.Record{Title: "// ..."}); err == nil {
		t.Error("Add with a title without letters: no error")
	}
}

func TestLogNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	l, err := adr.OpenLog(dir, adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	l.Now = fixedClock
	// an existing record is never touched: Add takes the next number
	if err := os.WriteFile(filepath.Join(dir, "0001-first.md"), []byte("# 1. First\n\nkeep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := l.Add(&adr.Record{Title: "First"})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "0002-first.md" {
		t.Errorf("Add = %s, want 0002-first.md", p)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "0001-first.md"))
	if string(b) != "# 1. First\n\nkeep me\n" {
		t.Errorf("existing record changed: %q", b)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestLogFlavoursSupersede(t *testing.T) {
	for _, tc := range []struct {
		f        adr.Format
		old, new []string // substrings the files must contain after Supersede
	}{
		{adr.ToT, []string{"**Status:** Superseded by [2. Second Record](0002-second-record.md)\n"}, []string{"## Links\n\n- Supersedes [1. First Record](0001-first-record.md)\n"}},
		// MADR links back in both records (issue 12), with its "*" marker
		{adr.MADR, []string{"status: \"superseded by ADR-0001\"", "## Links\n\n* Superseded by [1. Second Record](0001-second-record.md)\n"}, []string{"## Links\n\n* Supersedes [0. First Record](0000-first-record.md)\n"}},
		// log4brains names records by date: one day apart here
		{adr.Log4brains, []string{"- Status: superseded by [19920113-second-record](19920113-second-record.md)\n"}, []string{"## Links\n\n- Supersedes [19920112-first-record](19920112-first-record.md)\n"}},
	} {
		t.Run(tc.f.String(), func(t *testing.T) {
			dir := t.TempDir()
			l, err := adr.OpenLog(dir, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			l.Now = fixedClock
			p1, err := l.Add(&adr.Record{Title: "First Record", Status: "Accepted"})
			if err != nil {
				t.Fatal(err)
			}
			l.Now = func() time.Time { return fixedClock().AddDate(0, 0, 1) }
			p2, err := l.Add(&adr.Record{Title: "Second Record", Status: "Accepted"})
			if err != nil {
				t.Fatal(err)
			}
			n1, n2 := num(t, p1), num(t, p2)
			if err := l.Supersede(n1, n2); err != nil {
				t.Fatal(err)
			}
			b1, _ := os.ReadFile(p1)
			b2, _ := os.ReadFile(p2)
			for _, s := range tc.old {
				if !strings.Contains(string(b1), s) {
					t.Errorf("old record lacks %q:\n%s", s, b1)
				}
			}
			for _, s := range tc.new {
				if !strings.Contains(string(b2), s) {
					t.Errorf("new record lacks %q:\n%s", s, b2)
				}
			}
			r1, err := adr.Parse(b1)
			if err != nil {
				t.Fatal(err)
			}
			if r1.Kind() != adr.Superseded {
				t.Errorf("old record's status %q is not superseded", r1.Status)
			}
			if err := l.Link(n2, "Amends", n1, "Amended by"); err != nil {
				t.Fatal(err)
			}
			r2, err := adr.Parse(mustRead(t, p2))
			if err != nil {
				t.Fatal(err)
			}
			if len(r2.Links) != 2 || r2.Links[1].Rel != "Amends" || filepath.Base(p1) != r2.Links[1].Href {
				t.Errorf("links of the new record: %+v", r2.Links)
			}
			fs, err := l.Lint()
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 0 {
				t.Errorf("Lint = %v", fs)
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func num(t *testing.T, path string) int {
	t.Helper()
	b := filepath.Base(path)
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestLogLint(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("0001-a.md", "# 1. A\n\nDate: 2020-01-01\n\n## Status\n\nSuperseded\n\n## Context\n\nx\n")
	write("0002-b.md", "# 2. B\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\nAmends [9. Gone](0009-gone.md)\n\n## Context\n\nx\n")
	write("0002-c.md", "# 2. C\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n")
	l, err := adr.OpenLog(dir, adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := l.Lint()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, f := range fs {
		codes = append(codes, f.Code+"@"+f.Where)
	}
	want := []string{"duplicate-number@0002-b.md", "superseded-without-link@0001-a.md", "broken-link@0002-b.md"}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("Lint codes (-want +got):\n%s", diff)
	}
	if err := l.Supersede(1, 2); err == nil {
		t.Error("Supersede with a duplicated number: no error")
	}
	if err := l.Link(1, "Amends", 7, ""); !errors.Is(err, adr.ErrNotFound) {
		t.Errorf("Link to a missing record: %v, want ErrNotFound", err)
	}
}

// checkWrite calls write (a Log's WriteTOC or WriteIndex) and compares
// what it wrote with want.
func checkWrite(t *testing.T, what string, write func(io.Writer) error, want string) {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}
