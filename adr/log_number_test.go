package adr_test

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func dayClock(y int, m time.Month, d int) func() time.Time {
	return func() time.Time { return time.Date(y, m, d, 15, 4, 5, 0, time.UTC) }
}

// The number NextNumber gives, by the folder's scheme: in sequence
// (adr-tools' highest + 1, files named by date not counted) or by date
// (log4brains).
func TestLogNextNumberScheme(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format adr.Format
		files  []string
		want   int
	}{
		{"empty nygard", adr.Nygard, nil, 1},
		{"empty madr", adr.MADR, nil, 0},
		{"empty tot", adr.ToT, nil, 1},
		{"empty log4brains: by date", adr.Log4brains, nil, 20261204},
		{"log4brains records, any flavour: by date", adr.Nygard, []string{"20201028-links.md", "20201029-superseder.md"}, 20261204},
		{"earliest date accepted", adr.Nygard, []string{"19000101-old.md"}, 20261204},
		{"not a date: in sequence", adr.Nygard, []string{"18991231-old.md"}, 18991232},
		{"month 13 is not a date", adr.Nygard, []string{"20241301-x.md"}, 20241302},
		{"mixed: dates not counted", adr.Log4brains, []string{"0001-a.md", "0002-b.md", "20240101-c.md"}, 3},
		{"any file counts (adr-tools)", adr.Nygard, []string{"0001-a.md", "0007-notes.txt"}, 8},
		{"decimal, not octal", adr.Nygard, []string{"0009-a.md"}, 10},
		{"madr continues its log", adr.MADR, []string{"0000-use-madr.md"}, 1},
		{"after 9999 (5 digits)", adr.Nygard, []string{"9999-a.md"}, 10000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				writeFiles(t, dir, map[string]string{f: "# x\n"})
			}
			l, err := adr.OpenLog(dir, tc.format)
			if err != nil {
				t.Fatal(err)
			}
			l.Now = dayClock(2026, 12, 4)
			got, err := l.NextNumber()
			if err != nil || got != tc.want {
				t.Errorf("NextNumber of %v (%v) = %d, %v; want %d", tc.files, tc.format, got, err, tc.want)
			}
		})
	}
}

// MADR starts at 0000 in its own folder, at 0001 in an adr-tools folder (a
// .adr-dir, or doc/adr), as adr-tools starts (issue 12 item 8).
func TestLogMADRFirstNumber(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{".adr-dir": "architecture/decisions\n"})
	inAdrTools, err := adr.OpenLog(root, adr.MADR)
	if err != nil {
		t.Fatal(err)
	}
	docAdr, err := adr.OpenLog(filepath.Join(t.TempDir(), "doc", "adr"), adr.MADR)
	if err != nil {
		t.Fatal(err)
	}
	native, err := adr.OpenLog(filepath.Join(t.TempDir(), "docs", "decisions"), adr.MADR)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		l    *adr.Log
		want string
	}{{inAdrTools, "0001-use-madr.md"}, {docAdr, "0001-use-madr.md"}, {native, "0000-use-madr.md"}} {
		p, err := tc.l.Add(&adr.Record{Title: "Use MADR", Date: "2026-01-01"})
		if err != nil || filepath.Base(p) != tc.want {
			t.Errorf("Add in %s = %s, %v; want %s", tc.l.Dir, p, err, tc.want)
		}
	}
}

// A log4brains log names records by date; several records share a date,
// the same slug on the same date gets "-2", the TOC shows titles without
// the date, and Lint does not call shared dates duplicates.
func TestLogByDate(t *testing.T) {
	dir := t.TempDir()
	l, err := adr.OpenLog(dir, adr.Log4brains)
	if err != nil {
		t.Fatal(err)
	}
	l.Now = dayClock(2026, 12, 4)
	var got []adr.Entry
	for _, title := range []string{"Use Lunr for search", "Use Lunr for search", "Avoid default exports"} {
		e, err := l.Append(&adr.Record{Title: title, Status: "accepted", ID: "ADR-0042"})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	l.Now = dayClock(2026, 12, 5)
	e, err := l.Append(&adr.Record{Title: "Use Solr for search", Status: "accepted"})
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, e)
	var files []string
	for _, e := range got {
		files = append(files, e.File)
		if e.Path != filepath.Join(dir, e.File) || e.Number != num(t, e.File) {
			t.Errorf("entry %+v: path or number disagrees with the file name", e)
		}
	}
	want := []string{"20261204-use-lunr-for-search.md", "20261204-use-lunr-for-search-2.md", "20261204-avoid-default-exports.md", "20261205-use-solr-for-search.md"}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	// the ID is kept as written: a date names the file, not a sequence
	if r, err := adr.Parse(mustRead(t, got[0].Path)); err != nil || r.ID != "ADR-0042" || strings.Contains(string(mustRead(t, got[0].Path)), "20261204") {
		t.Errorf("record written: ID %q, %v:\n%s", r.ID, err, mustRead(t, got[0].Path))
	}
	if err := l.Supersede(20261204, 20261205); err == nil {
		t.Error("Supersede with a date three records share: no error")
	}
	checkWrite(t, "TOC", l.WriteTOC, "# Architecture Decision Records\n\n"+
		"* [Avoid default exports](20261204-avoid-default-exports.md)\n"+
		"* [Use Lunr for search](20261204-use-lunr-for-search-2.md)\n"+
		"* [Use Lunr for search](20261204-use-lunr-for-search.md)\n"+
		"* [Use Solr for search](20261205-use-solr-for-search.md)\n")
	fs, err := l.Lint()
	if err != nil || len(fs) != 0 {
		t.Errorf("Lint = %v, %v; want none", fs, err)
	}
}

// Supersede in a log named by date, one record a day: log4brains' status
// link and Links section, or MADR's status and links, both sides found by
// Lint.
func TestLogByDateSupersede(t *testing.T) {
	for _, tc := range []struct {
		f        adr.Format
		old, new string
	}{
		{adr.Log4brains, "- Status: superseded by [20201029-superseder](20201029-superseder.md)\n", "- Supersedes [20201028-superseded-adr](20201028-superseded-adr.md)\n"},
		{adr.MADR, "status: \"superseded by 20201029-superseder\"\n", "* Supersedes [Superseded ADR](20201028-superseded-adr.md)\n"},
	} {
		t.Run(tc.f.String(), func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"20200101-first-adr.md": "# First ADR\n\n- Status: accepted\n"})
			l, err := adr.OpenLog(dir, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			l.Now = dayClock(2020, 10, 28)
			if _, err := l.Add(&adr.Record{Title: "Superseded ADR", Status: "accepted"}); err != nil {
				t.Fatal(err)
			}
			l.Now = dayClock(2020, 10, 29)
			if _, err := l.Add(&adr.Record{Title: "Superseder", Status: "accepted"}); err != nil {
				t.Fatal(err)
			}
			if err := l.Supersede(20201028, 20201029); err != nil {
				t.Fatal(err)
			}
			old := string(mustRead(t, filepath.Join(dir, "20201028-superseded-adr.md")))
			nw := string(mustRead(t, filepath.Join(dir, "20201029-superseder.md")))
			if !strings.Contains(old, tc.old) || !strings.Contains(nw, tc.new) {
				t.Errorf("old record (want %q):\n%s\nnew record (want %q):\n%s", tc.old, old, tc.new, nw)
			}
			es, err := l.List()
			if err != nil || len(es) != 3 || es[1].Kind != adr.Superseded || es[2].Kind != adr.Accepted {
				t.Errorf("List = %+v, %v", es, err)
			}
			if fs, err := l.Lint(); err != nil || len(fs) != 0 {
				t.Errorf("Lint = %v, %v; want none", fs, err)
			}
		})
	}
}

// A record takes the number it asks for (its Number, or the number its ID
// names), so its heading, ID and file name agree: the README example wrote
// "Decision ID: ADR-0007" in file 0001 (issue 12 item 8).
func TestLogRecordIDAndNumber(t *testing.T) {
	dir := t.TempDir()
	l, err := adr.OpenLog(dir, adr.ToT)
	if err != nil {
		t.Fatal(err)
	}
	l.Now = fixedClock
	add := func(r *adr.Record) (adr.Entry, error) { t.Helper(); return l.Append(r) }

	e, err := add(&adr.Record{Title: "Primary database", ID: "ADR-0007", Status: "Accepted"})
	if err != nil {
		t.Fatal(err)
	}
	want := adr.Entry{Number: 7, File: "0007-primary-database.md", Path: filepath.Join(dir, "0007-primary-database.md"),
		Title: "Primary database", ID: "ADR-0007", Status: "Accepted", Kind: adr.Accepted}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("Append (-want +got):\n%s", diff)
	}
	body := string(mustRead(t, e.Path))
	if !strings.HasPrefix(body, "# 7. Primary database\n") || !strings.Contains(body, "**Decision ID:** ADR-0007\n") {
		t.Errorf("record 7:\n%s", body)
	}
	if es, err := l.List(); err != nil || len(es) != 1 || es[0].Number != 7 || es[0].ID != "ADR-0007" || es[0].Path != e.Path {
		t.Errorf("List = %+v, %v; want record 7 with ID ADR-0007", es, err)
	}
	// a record that asks for nothing takes the next number; its ID stays
	for _, tc := range []struct {
		id, file string
	}{{"", "0008-next.md"}, {"DB-7", "0009-next.md"}, {"ADR-XXX", "0010-next.md"}, {"ADR-2024-01", "0011-next.md"}} {
		e, err := add(&adr.Record{Title: "Next", ID: tc.id})
		if err != nil || e.File != tc.file || e.ID != tc.id {
			t.Errorf("Append(ID %q) = %+v, %v; want %s", tc.id, e, err, tc.file)
		}
	}
	// the ID's number and spelling variants
	for _, tc := range []struct {
		r    adr.Record
		file string
	}{
		{adr.Record{Title: "Spelled adr_12", ID: "adr_12"}, "0012-spelled-adr-12.md"},
		{adr.Record{Title: "Number only", Number: 14}, "0014-number-only.md"},
		{adr.Record{Title: "Both agree", Number: 15, ID: "ADR-015"}, "0015-both-agree.md"},
		{adr.Record{Title: "Largest", Number: adr.MaxRecordNumber}, "9999999-largest.md"},
	} {
		e, err := add(&tc.r)
		if err != nil || e.File != tc.file || e.Number != num(t, tc.file) {
			t.Errorf("Append(%+v) = %+v, %v; want %s", tc.r, e, err, tc.file)
		}
	}
	for _, tc := range []struct {
		name  string
		r     adr.Record
		taken bool
	}{
		{"ID names a used number", adr.Record{Title: "Again", ID: "ADR-7"}, true},
		{"Number used", adr.Record{Title: "Again", Number: 8}, true},
		{"ID and Number disagree", adr.Record{Title: "Again", Number: 3, ID: "ADR-0007"}, false},
		{"number 0 in a log starting at 1", adr.Record{Title: "Zero", ID: "ADR-0000"}, false},
		{"negative number", adr.Record{Title: "Negative", Number: -1}, false},
		{"number above the largest", adr.Record{Title: "Huge", Number: adr.MaxRecordNumber + 1}, false},
		{"ID above the largest", adr.Record{Title: "Huge", ID: "ADR-10000000"}, false},
		{"ID beyond int", adr.Record{Title: "Huge", ID: "ADR-99999999999999999999999"}, false},
		{"next number above the largest", adr.Record{Title: "After the largest"}, false},
	} {
		before := snapshot(t, dir)
		e, err := add(&tc.r)
		if err == nil || errors.Is(err, adr.ErrNumberTaken) != tc.taken {
			t.Errorf("%s: Append = %+v, %v; want an error (ErrNumberTaken: %v)", tc.name, e, err, tc.taken)
		}
		if !maps.Equal(before, snapshot(t, dir)) {
			t.Errorf("%s: a refused Append changed the folder", tc.name)
		}
	}
}

// In a MADR folder the ID "ADR-0000" asks for the first record, 0000.
func TestLogRecordIDZeroMADR(t *testing.T) {
	l, err := adr.OpenLog(t.TempDir(), adr.MADR)
	if err != nil {
		t.Fatal(err)
	}
	e, err := l.Append(&adr.Record{Title: "Use MADR", ID: "ADR-0000", Date: "2026-01-01"})
	if err != nil || e.File != "0000-use-madr.md" || e.Number != 0 {
		t.Errorf("Append = %+v, %v; want 0000-use-madr.md", e, err)
	}
}

// A number another writer holds (its marker exists) is skipped by a record
// that asks for none and refused to one that asks for it; a marker left by
// a crashed writer leaves a gap, and its number is usable once it is
// deleted.
func TestLogNumberMarker(t *testing.T) {
	dir := t.TempDir()
	l, err := adr.OpenLog(dir, adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	l.Now = fixedClock
	writeFiles(t, dir, map[string]string{".adr-0001.lock": "12345\n"})
	e, err := l.Append(&adr.Record{Title: "First"})
	if err != nil || e.File != "0002-first.md" {
		t.Errorf("Append next to a held number 1 = %+v, %v; want 0002-first.md", e, err)
	}
	if _, err := l.Append(&adr.Record{Title: "Asks one", Number: 1}); !errors.Is(err, adr.ErrNumberTaken) || !strings.Contains(err.Error(), ".adr-0001.lock") {
		t.Errorf("Append asking for a held number = %v, want ErrNumberTaken naming the marker", err)
	}
	if err := os.Remove(filepath.Join(dir, ".adr-0001.lock")); err != nil {
		t.Fatal(err)
	}
	if e, err := l.Append(&adr.Record{Title: "Asks one", Number: 1}); err != nil || e.File != "0001-asks-one.md" {
		t.Errorf("Append asking for 1 once free = %+v, %v", e, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("folder holds %d files, want the 2 records", len(ents))
	}
}

// Lint checks links to records of the log only: URLs, anchors and other
// documents are not broken links (issue 12 item 8: GitHub URLs were).
func TestLogLintLinks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"0001-a.md": "# 1. A\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n" +
			"Refines [GitHub](https://github.com/adr/madr)\n\n" +
			"Relates to [issue 12](https://github.com/thomvaill/log4brains/issues/12)\n\n" +
			"Mail [team](mailto:team@example.com)\n\n" +
			"Relates to [design](../design/overview.md)\n\n" +
			"Amends [2. B](0002-b.md#context)\n\n" +
			"Amends [2. B](./0002-b.md)\n\n" +
			"Amends [9. Gone](0009-gone.md)\n\n" +
			"Amends [Old](20200101-old.md)\n\n## Context\n\nx\n",
		"0002-b.md": "# 2. B\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
	})
	l := &adr.Log{Dir: dir, Format: adr.Nygard}
	fs, err := l.Lint()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.Code+"@"+f.Where+": "+f.Message)
	}
	want := []string{
		`broken-link@0001-a.md: link "Amends" to "0009-gone.md" points to no record of the log`,
		`broken-link@0001-a.md: link "Amends" to "20200101-old.md" points to no record of the log`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Lint (-want +got):\n%s", diff)
	}
}
