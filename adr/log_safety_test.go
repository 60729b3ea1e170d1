package adr_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
)

// envAddHelper names the folder a re-executed test binary adds records to.
const envAddHelper = "DELIBERATE_ADR_ADD_HELPER_DIR"

// addsPerProcess is issue 13 #3's load: 2 processes × 50 Adds.
const addsPerProcess = 50

// TestLogAddHelperProcess is not a test: run by TestLogAddAcrossProcesses
// in a child process, it adds addsPerProcess records titled
// "<prefix> <i>" to the folder the environment names.
func TestLogAddHelperProcess(t *testing.T) {
	dir := os.Getenv(envAddHelper)
	if dir == "" {
		t.Skip("helper process for TestLogAddAcrossProcesses")
	}
	l, err := adr.OpenLog(dir, adr.Nygard)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	prefix := os.Getenv(envAddHelper + "_PREFIX")
	for i := range addsPerProcess {
		if _, err := l.Add(&adr.Record{Title: prefix + " " + strconv.Itoa(i), Date: "2026-01-01"}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	os.Exit(0)
}

// Two processes adding 50 records each to one folder get 100 distinct
// numbers, 1 to 100, and no record is lost (issue 13 #3: exclusive create
// of the file name alone gave 32 duplicate numbers).
func TestLogAddAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two processes")
	}
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	for p := range 2 {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestLogAddHelperProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), envAddHelper+"="+dir, envAddHelper+"_PREFIX=process "+strconv.Itoa(p))
			outs[p], errs[p] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	for p := range 2 {
		if errs[p] != nil {
			t.Fatalf("process %d: %v\n%s", p, errs[p], outs[p])
		}
	}
	checkDistinct(t, dir, 2*addsPerProcess, []string{"process 0", "process 1"})
}

// Goroutines of one process are serialised by the same markers.
func TestLogAddConcurrentGoroutines(t *testing.T) {
	dir := t.TempDir()
	l, err := adr.OpenLog(dir, adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if _, err := l.Add(&adr.Record{Title: fmt.Sprintf("worker %d %d", w, i), Date: "2026-01-01"}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkDistinct(t, dir, workers*each, []string{"worker 0", "worker 1", "worker 2", "worker 3"})
}

// checkDistinct checks that dir holds exactly n records numbered 1..n, each
// title once, a heading that agrees with the file name, and no marker or
// temporary file.
func checkDistinct(t *testing.T, dir string, n int, prefixes []string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	titles := map[string]bool{}
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".md") {
			t.Errorf("file left in the folder: %s", name)
			continue
		}
		k := num(t, name)
		nums = append(nums, k)
		r, err := adr.Parse(mustRead(t, filepath.Join(dir, name)))
		if err != nil {
			t.Fatal(err)
		}
		if r.Number != k {
			t.Errorf("%s: heading number %d", name, r.Number)
		}
		if titles[r.Title] {
			t.Errorf("title %q written twice", r.Title)
		}
		titles[r.Title] = true
	}
	slices.Sort(nums)
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	if !slices.Equal(nums, want) {
		t.Errorf("numbers = %v, want 1..%d", nums, n)
	}
	for _, p := range prefixes {
		for i := range n / len(prefixes) {
			if title := p + " " + strconv.Itoa(i); !titles[title] {
				t.Errorf("record %q lost", title)
			}
		}
	}
}

// A symbolic link in the folder is never followed: Supersede fails without
// changing a file, the link stays, nothing from outside enters the folder,
// and List, Lint, WriteTOC and WriteIndex report it (issue 13 #4).
func TestLogSymlinkNeverFollowed(t *testing.T) {
	root := t.TempDir()
	const secret = "TOP-SECRET-7f3a: the production database password"
	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte("# 9. "+secret+"\n\n## Status\n\nAccepted\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "adr")
	l, err := adr.OpenLog(dir, adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	l.Now = fixedClock
	if _, err := l.Add(&adr.Record{Title: "First"}); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "0002-notes.md")
	if err := os.Symlink("../secret.txt", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if _, err := l.Add(&adr.Record{Title: "Third"}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	for _, c := range []struct{ old, new int }{{2, 3}, {1, 2}} {
		if err := l.Supersede(c.old, c.new); !errors.Is(err, adr.ErrUnsafeFile) {
			t.Errorf("Supersede(%d, %d) = %v, want ErrUnsafeFile", c.old, c.new, err)
		}
	}
	if err := l.Link(3, "Amends", 2, "Amended by"); !errors.Is(err, adr.ErrUnsafeFile) {
		t.Errorf("Link(3, 2) = %v, want ErrUnsafeFile", err)
	}
	if after := snapshot(t, dir); !maps.Equal(before, after) {
		t.Errorf("folder changed by a refused edit:\nbefore %v\nafter  %v", before, after)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi, err)
	}
	es, err := l.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || !errors.Is(es[1].Err, adr.ErrUnsafeFile) || es[1].Title != "" || es[0].Err != nil || es[2].Err != nil {
		t.Errorf("List = %+v; want the link's entry with ErrUnsafeFile and no title", es)
	}
	fs, err := l.Lint()
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Code != adr.CodeUnsafeFile || fs[0].Where != "0002-notes.md" || !strings.Contains(fs[0].Message, "symbolic link") {
		t.Errorf("Lint = %v, want one unsafe-file finding on 0002-notes.md", fs)
	}
	var toc, idx bytes.Buffer
	if err := l.WriteTOC(&toc); !errors.Is(err, adr.ErrUnsafeFile) || !strings.Contains(err.Error(), "0002-notes.md") {
		t.Errorf("WriteTOC error = %v, want ErrUnsafeFile naming 0002-notes.md", err)
	}
	wantTOC := "# Architecture Decision Records\n\n* [1. First](0001-first.md)\n* [3. Third](0003-third.md)\n"
	if toc.String() != wantTOC {
		t.Errorf("TOC = %q, want %q", toc.String(), wantTOC)
	}
	if err := l.WriteIndex(&idx); !errors.Is(err, adr.ErrUnsafeFile) {
		t.Errorf("WriteIndex error = %v, want ErrUnsafeFile", err)
	}
	for what, s := range map[string]string{"TOC": toc.String(), "index": idx.String(), "findings": fmt.Sprint(fs), "entries": fmt.Sprint(es)} {
		if strings.Contains(s, "TOP-SECRET") {
			t.Errorf("the %s holds text of the linked file: %s", what, s)
		}
	}
	for name, content := range snapshot(t, dir) {
		if strings.Contains(content, "TOP-SECRET") {
			t.Errorf("%s holds text from outside the folder", name)
		}
	}
	// Add never writes through a link that takes a record's name either.
	if err := os.Symlink("../planted.md", filepath.Join(dir, "0004-fourth.md")); err != nil {
		t.Fatal(err)
	}
	p, err := l.Add(&adr.Record{Title: "Fourth"})
	if err != nil || filepath.Base(p) != "0005-fourth.md" {
		t.Errorf("Add next to a planted link = %s, %v; want 0005-fourth.md", p, err)
	}
	if _, err := os.Lstat(filepath.Join(root, "planted.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Add wrote through a link: %v", err)
	}
}

// snapshot maps the folder's names to their content (symbolic links to
// "-> target", never followed).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if e.Type()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			m[e.Name()] = "-> " + target
			continue
		}
		m[e.Name()] = string(mustRead(t, p))
	}
	return m
}

// A record file is read up to MaxRecordFileSize bytes: one byte more is
// reported, not read.
func TestLogRecordSizeBound(t *testing.T) {
	dir := t.TempDir()
	head := "# 1. Big\n\n## Status\n\nAccepted\n\n## Context\n\n"
	for _, tc := range []struct {
		size int
		ok   bool
	}{{adr.MaxRecordFileSize, true}, {adr.MaxRecordFileSize + 1, false}} {
		body := head + strings.Repeat("word ", (tc.size-len(head))/5)
		body += strings.Repeat("\n", tc.size-len(body))
		if len(body) != tc.size {
			t.Fatalf("built %d bytes, want %d", len(body), tc.size)
		}
		if err := os.WriteFile(filepath.Join(dir, "0001-big.md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		l := &adr.Log{Dir: dir, Format: adr.Nygard}
		es, err := l.List()
		if err != nil || len(es) != 1 {
			t.Fatalf("List = %v, %v", es, err)
		}
		if got := es[0].Err == nil; got != tc.ok {
			t.Errorf("%d bytes: read = %v (err %v), want %v", tc.size, got, es[0].Err, tc.ok)
		}
		if !tc.ok && (!errors.Is(es[0].Err, adr.ErrUnsafeFile) || es[0].Title != "") {
			t.Errorf("%d bytes: entry %+v, want ErrUnsafeFile and no title", tc.size, es[0])
		}
		if tc.ok && es[0].Title != "Big" {
			t.Errorf("%d bytes: title %q, want Big", tc.size, es[0].Title)
		}
	}
}

// .adr-dir must name a folder inside the project (issue 13 #8).
func TestLogAdrDirStaysInside(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		wantDir       string // relative to the root; "" for an error
	}{
		{"relative", "doc/adr\n", "doc/adr"},
		{"dot segments inside", "decisions/../arch", "arch"},
		{"current folder", ".", "."},
		{"parent", "..", ""},
		{"escape", "../../x", ""},
		{"escape after a folder", "doc/../../x", ""},
		{"absolute", "/tmp/adr-elsewhere", ""},
		{"empty", "  \n", ""},
		{"two lines", "doc/adr\nother", ""},
		{"longest file", "doc/adr" + strings.Repeat(" ", 4096-len("doc/adr")), "doc/adr"},
		{"file over 4096 bytes", "doc/adr" + strings.Repeat(" ", 4097-len("doc/adr")), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.WriteFile(filepath.Join(root, ".adr-dir"), []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			l, err := adr.OpenLog(root, adr.Nygard)
			if tc.wantDir == "" {
				if err == nil {
					t.Errorf("OpenLog with .adr-dir %q: Dir %s, want an error", tc.content, l.Dir)
				}
				if _, err := os.Stat("/tmp/adr-elsewhere"); err == nil && tc.name == "absolute" {
					t.Error("folder created at the absolute path")
				}
				return
			}
			if err != nil {
				t.Fatalf("OpenLog: %v", err)
			}
			if want := filepath.Join(root, tc.wantDir); l.Dir != want {
				t.Errorf("Dir = %s, want %s", l.Dir, want)
			}
		})
	}
	t.Run("through a symbolic link", func(t *testing.T) {
		root, outside := t.TempDir(), t.TempDir()
		if err := os.Symlink(outside, filepath.Join(root, "doc")); err != nil {
			t.Skip(err)
		}
		if err := os.WriteFile(filepath.Join(root, ".adr-dir"), []byte("doc/adr\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if l, err := adr.OpenLog(root, adr.Nygard); err == nil {
			t.Errorf("OpenLog through a link: Dir %s, want an error", l.Dir)
		}
		if ents, _ := os.ReadDir(outside); len(ents) != 0 {
			t.Errorf("folder created outside the project: %v", ents)
		}
	})
	t.Run(".adr-dir is a link", func(t *testing.T) {
		root := t.TempDir()
		if err := os.WriteFile(filepath.Join(root, "target"), []byte("doc/adr\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("target", filepath.Join(root, ".adr-dir")); err != nil {
			t.Skip(err)
		}
		if _, err := adr.OpenLog(root, adr.Nygard); !errors.Is(err, adr.ErrUnsafeFile) {
			t.Errorf("OpenLog with a linked .adr-dir = %v, want ErrUnsafeFile", err)
		}
	})
}

// Concurrent edits of one record are applied one after the other: 20
// writers linking to record 1 leave 20 reverse links in it.
func TestLogConcurrentLinks(t *testing.T) {
	dir := t.TempDir()
	l, err := adr.OpenLog(dir, adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	l.Now = fixedClock
	const writers = 20
	for i := range writers + 1 {
		if _, err := l.Add(&adr.Record{Title: "Record " + strconv.Itoa(i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() { errs[i] = l.Link(i+2, "Amends", 1, "Amended by") })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Link(%d, 1): %v", i+2, err)
		}
	}
	first := string(mustRead(t, filepath.Join(dir, "0001-record-1.md")))
	if got := strings.Count(first, "Amended by ["); got != writers {
		t.Errorf("record 1 holds %d reverse links, want %d:\n%s", got, writers, first)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != writers+1 {
		t.Errorf("folder holds %d files, want %d records", len(ents), writers+1)
	}
}
