package adr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// createExclusive fails on an existing file, which keeps its content, and
// leaves no temporary file behind: the race Add loses when another writer
// takes the same number between NextNumber and the link.
func TestCreateExclusive(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "0001-x.md")
	if err := createExclusive(path, []byte("first\n")); err != nil {
		t.Fatal(err)
	}
	if err := createExclusive(path, []byte("second\n")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second createExclusive = %v, want fs.ErrExist", err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "first\n" {
		t.Errorf("content = %q, %v; want %q", b, err, "first\n")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("folder holds %d entries, want 1", len(ents))
	}
}

// Append tries at most maxAddAttempts numbers held by other writers.
func TestAppendAttemptsBound(t *testing.T) {
	defer func(n int) { maxAddAttempts = n }(maxAddAttempts)
	maxAddAttempts = 3
	for _, tc := range []struct {
		held int
		want string // file written; "" for an error
	}{{2, "0003-x.md"}, {3, ""}} {
		dir := t.TempDir()
		for n := 1; n <= tc.held; n++ {
			if err := os.WriteFile(filepath.Join(dir, markerName(n)), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		e, err := (&Log{Dir: dir, Format: Nygard}).Append(&Record{Title: "X", Date: "2026-01-01"})
		if tc.want == "" && err == nil || tc.want != "" && (err != nil || e.File != tc.want) {
			t.Errorf("%d numbers held, %d attempts: Append = %+v, %v; want %q", tc.held, maxAddAttempts, e, err, tc.want)
		}
	}
}

// A log named by date holds at most maxSameName records of one date and
// slug.
func TestAppendSameNameBound(t *testing.T) {
	defer func(n int) { maxSameName = n }(maxSameName)
	maxSameName = 3
	dir := t.TempDir()
	l := &Log{Dir: dir, Format: Log4brains, Now: func() time.Time { return time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC) }}
	for i, want := range []string{"20261204-x.md", "20261204-x-2.md", "20261204-x-3.md", ""} {
		e, err := l.Append(&Record{Title: "X"})
		if want == "" && err == nil || want != "" && (err != nil || e.File != want) {
			t.Errorf("Append %d = %+v, %v; want %q", i+1, e, err, want)
		}
	}
}

// The error of a listing names at most maxReported files and counts the
// others.
func TestUnreadErrorBound(t *testing.T) {
	for _, n := range []int{maxReported, maxReported + 1} {
		var errs []error
		for i := range n {
			errs = append(errs, fmt.Errorf("%w: file-%02d.md", ErrUnsafeFile, i))
		}
		msg := unreadError("WriteTOC", errs).Error()
		named := strings.Count(msg, "file-")
		more := strings.Contains(msg, "... and 1 more")
		if named != maxReported || more != (n > maxReported) || !strings.Contains(msg, fmt.Sprintf("%d record files", n)) {
			t.Errorf("%d files: %d named, more %v:\n%s", n, named, more, msg)
		}
	}
	if unreadError("WriteTOC", nil) != nil {
		t.Error("no file left out: error")
	}
}

// readRegular reads up to its limit and reports one byte more.
func TestReadRegularLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.md")
	if err := os.WriteFile(path, []byte("0123456789"), 0o640); err != nil {
		t.Fatal(err)
	}
	if b, perm, err := readRegular(path, 10); err != nil || string(b) != "0123456789" || perm != 0o640 {
		t.Errorf("limit 10: %q %v %v", b, perm, err)
	}
	if _, _, err := readRegular(path, 9); !errors.Is(err, ErrUnsafeFile) {
		t.Errorf("limit 9: %v, want ErrUnsafeFile", err)
	}
	if _, _, err := readRegular(filepath.Dir(path), 10); !errors.Is(err, ErrUnsafeFile) || !strings.Contains(err.Error(), "directory") {
		t.Errorf("a directory: %v, want ErrUnsafeFile", err)
	}
}

// adrDirPath never returns a folder outside the project root, whatever
// .adr-dir holds.
func FuzzAdrDirPath(f *testing.F) {
	for _, s := range []string{"doc/adr", "../x", "/abs", "a/../../b", ".", "..", "a\\..\\..\\b", "docs/decisions\n", "", "a/./b//c/"} {
		f.Add(s)
	}
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, s string) {
		dir, err := adrDirPath(root, []byte(s))
		if err != nil {
			return
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil || !filepath.IsLocal(rel) {
			t.Errorf(".adr-dir %q gives %s, outside %s", s, dir, root)
		}
	})
}

// An edit waits up to lockWait for a record another writer holds, then
// fails naming the marker and changes nothing.
func TestLockWaitBound(t *testing.T) {
	defer func(d time.Duration) { lockWait = d }(lockWait)
	lockWait = 50 * time.Millisecond
	dir := t.TempDir()
	l := &Log{Dir: dir, Format: Nygard, Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}
	for _, title := range []string{"One", "Two"} {
		if _, err := l.Add(&Record{Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := os.ReadFile(filepath.Join(dir, "0001-one.md"))
	release, err := reserveNumber(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = l.Supersede(1, 2)
	if err == nil || !strings.Contains(err.Error(), markerName(1)) || time.Since(start) < lockWait {
		t.Errorf("Supersede of a held record = %v after %v, want an error naming %s after %v", err, time.Since(start), markerName(1), lockWait)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "0001-one.md")); string(after) != string(before) {
		t.Error("a refused Supersede changed the record")
	}
	if _, err := os.Stat(filepath.Join(dir, markerName(2))); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("marker of record 2 left behind: %v", err)
	}
	// released within the wait: the edit goes through
	lockWait = 5 * time.Second
	go func() { time.Sleep(20 * time.Millisecond); release() }()
	if err := l.Supersede(1, 2); err != nil {
		t.Errorf("Supersede after the marker is released: %v", err)
	}
}
