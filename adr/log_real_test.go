package adr_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
)

// realLogs rebuilds the ADR folders of testdata/real (file names there are
// the repository path with "/" written "__") as logs in temporary folders,
// keyed by repository and folder.
func realLogs(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("testdata", "real")
	repos, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	logs := map[string]string{}
	tmp := t.TempDir()
	for _, repo := range repos {
		if !repo.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(root, repo.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			i := strings.LastIndex(f.Name(), "__")
			if i < 0 || !strings.HasSuffix(f.Name(), ".md") {
				continue
			}
			key := repo.Name() + ":" + f.Name()[:i]
			dir, ok := logs[key]
			if !ok {
				dir = filepath.Join(tmp, strings.NewReplacer(":", "_", "__", "_").Replace(key))
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				logs[key] = dir
			}
			b := mustRead(t, filepath.Join(root, repo.Name(), f.Name()))
			if err := os.WriteFile(filepath.Join(dir, f.Name()[i+2:]), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return logs
}

var reTOCDate = regexp.MustCompile(`(?m)^\* \[[0-9]{8}\. `)

// Real logs: a log4brains folder numbers the next record by the clock's
// date, not highest + 1, and lists titles without a date prefix; an
// adr-tools or MADR folder gives highest + 1; Lint never calls a URL a
// broken link nor shared dates duplicate numbers (issue 12 item 8).
func TestLogRealFolders(t *testing.T) {
	logs := realLogs(t)
	keys := make([]string, 0, len(logs))
	for k := range logs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	byDate := 0
	for _, key := range keys {
		dir := logs[key]
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		dated, highest := 0, -1
		perNumber := map[int]int{}
		for _, e := range ents {
			if regexp.MustCompile(`^(19|20)[0-9]{6}-`).MatchString(e.Name()) {
				dated++
			} else if n := num(t, e.Name()); strings.IndexAny(e.Name()[:1], "0123456789") == 0 {
				highest = max(highest, n)
				perNumber[n]++
			}
		}
		wantDup := 0
		for _, c := range perNumber {
			if c > 1 {
				wantDup++
			}
		}
		l := &adr.Log{Dir: dir, Format: adr.Nygard, Now: dayClock(2026, 12, 4)}
		if dated == len(ents) {
			l.Format = adr.Log4brains
			byDate++
		}
		next, err := l.NextNumber()
		want := highest + 1
		if dated == len(ents) {
			want = 20261204
		}
		if err != nil || next != want {
			t.Errorf("%s: NextNumber = %d, %v; want %d", key, next, err, want)
		}
		var toc bytes.Buffer
		if err := l.WriteTOC(&toc); err != nil {
			t.Errorf("%s: WriteTOC: %v", key, err)
		}
		if m := reTOCDate.FindString(toc.String()); m != "" {
			t.Errorf("%s: TOC title with a date prefix %q:\n%s", key, m, toc.String())
		}
		fs, err := l.Lint()
		if err != nil {
			t.Fatal(err)
		}
		if dated == len(ents) && len(fs) > 0 {
			t.Errorf("%s: findings on a log4brains log: %v", key, fs)
		}
		dup := 0
		for _, f := range fs {
			if f.Code == adr.CodeDuplicateNumber {
				dup++
			}
		}
		if dup != wantDup {
			t.Errorf("%s: %d duplicate-number findings, want %d (numbers used twice: %v)", key, dup, wantDup, perNumber)
		}
		for _, f := range fs {
			if f.Code == adr.CodeBrokenLink && regexp.MustCompile(`to "[a-z]+:`).MatchString(f.Message) {
				t.Errorf("%s: a URL called a broken link: %v", key, f)
			}
			if f.Code == adr.CodeDuplicateNumber && dated == len(ents) {
				t.Errorf("%s: shared dates called duplicate numbers: %v", key, f)
			}
			if f.Code == adr.CodeUnsafeFile {
				t.Errorf("%s: %v", key, f)
			}
			t.Logf("%s: %v", key, f)
		}
	}
	if byDate == 0 || len(logs) < 6 {
		t.Errorf("%d folders, %d named by date: testdata/real missing?", len(logs), byDate)
	}
}
