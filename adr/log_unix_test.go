//go:build unix

package adr_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
)

// A link to /dev/zero and a FIFO in the folder are reported, never read:
// List, Lint, WriteTOC, WriteIndex, Supersede and Link return at once
// instead of running out of memory or hanging (issue 13 #4).
func TestLogSpecialFilesNeverRead(t *testing.T) {
	dir := t.TempDir()
	l, err := adr.OpenLog(dir, adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	l.Now = fixedClock
	if _, err := l.Add(&adr.Record{Title: "First"}); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "0002-zero.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "0003-pipe.md"), 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	done := make(chan struct{})
	var (
		es         []adr.Entry
		fs         []adr.Finding
		toc        bytes.Buffer
		tocErr     error
		idxErr     error
		supErr     error
		linkErr    error
		listErr    error
		lintErr    error
		supFifoErr error
	)
	go func() {
		defer close(done)
		es, listErr = l.List()
		fs, lintErr = l.Lint()
		tocErr = l.WriteTOC(&toc)
		idxErr = l.WriteIndex(&bytes.Buffer{})
		supErr = l.Supersede(2, 1)
		supFifoErr = l.Supersede(1, 3)
		linkErr = l.Link(1, "Amends", 3, "")
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("log operations on a FIFO and a link to /dev/zero did not return in 20 s")
	}
	if listErr != nil || lintErr != nil {
		t.Fatalf("List: %v; Lint: %v", listErr, lintErr)
	}
	if len(es) != 3 || es[0].Err != nil || !errors.Is(es[1].Err, adr.ErrUnsafeFile) || !errors.Is(es[2].Err, adr.ErrUnsafeFile) {
		t.Errorf("List = %+v", es)
	}
	if !strings.Contains(es[1].Err.Error(), "symbolic link") || !strings.Contains(es[2].Err.Error(), "named pipe") {
		t.Errorf("reasons: %v; %v", es[1].Err, es[2].Err)
	}
	var codes []string
	for _, f := range fs {
		codes = append(codes, f.Code+"@"+f.Where)
	}
	if want := "unsafe-file@0002-zero.md unsafe-file@0003-pipe.md"; strings.Join(codes, " ") != want {
		t.Errorf("Lint = %v, want %s", fs, want)
	}
	for what, err := range map[string]error{"WriteTOC": tocErr, "WriteIndex": idxErr, "Supersede(2, 1)": supErr, "Supersede(1, 3)": supFifoErr, "Link(1, 3)": linkErr} {
		if !errors.Is(err, adr.ErrUnsafeFile) {
			t.Errorf("%s = %v, want ErrUnsafeFile", what, err)
		}
	}
	if want := "# Architecture Decision Records\n\n* [1. First](0001-first.md)\n"; toc.String() != want {
		t.Errorf("TOC = %q, want %q", toc.String(), want)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "0003-pipe.md")); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi, err)
	}
}

// Files the log creates get 0666 less the umask, as adr-tools and editors
// give (issue 13 #14: they were 0600); a file it updates keeps its
// permissions.
func TestLogFilePermissions(t *testing.T) {
	for _, tc := range []struct {
		umask int
		want  os.FileMode
	}{{0o022, 0o644}, {0o002, 0o664}, {0o077, 0o600}} {
		old := syscall.Umask(tc.umask)
		func() {
			defer syscall.Umask(old)
			dir := t.TempDir()
			l, err := adr.OpenLog(filepath.Join(dir, "doc", "adr"), adr.Nygard)
			if err != nil {
				t.Fatal(err)
			}
			p1, err := l.Add(&adr.Record{Title: "First", Date: "2026-01-01"})
			if err != nil {
				t.Fatal(err)
			}
			p2, err := l.Add(&adr.Record{Title: "Second", Date: "2026-01-01"})
			if err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(p1); err != nil || fi.Mode().Perm() != tc.want {
				t.Errorf("umask %03o: new record mode %v, want %v (%v)", tc.umask, fi.Mode().Perm(), tc.want, err)
			}
			if err := os.Chmod(p2, 0o640); err != nil {
				t.Fatal(err)
			}
			if err := l.Supersede(1, 2); err != nil {
				t.Fatal(err)
			}
			for p, want := range map[string]os.FileMode{p1: tc.want, p2: 0o640} {
				if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
					t.Errorf("umask %03o: %s after Supersede has mode %v, want %v", tc.umask, filepath.Base(p), fi.Mode().Perm(), want)
				}
			}
		}()
	}
}
