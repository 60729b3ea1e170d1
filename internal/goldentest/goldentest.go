// Package goldentest compares test output with reviewed golden files. Every test
// package of the module shares its -update flag: `go test ./pkg -update`
// rewrites the golden files of pkg instead of comparing (review the diff
// before committing).
//
// It is imported by tests only.
package goldentest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Updating reports whether the test binary runs with -update.
func Updating() bool { return *update }

// Check compares got with the golden file at path and reports a diff as a
// test error. With -update it writes got to path (creating its folder)
// instead.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run '%s' -update to create it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// CheckBlock reports a diff when the code block of the Markdown file at
// readme that follows the line ending in intro ("prints (real output):")
// differs from the golden file at path: documentation that shows a
// program's output must show its real, reviewed output.
func CheckBlock(t testing.TB, readme, intro, path string) {
	t.Helper()
	doc, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	marker := intro + "\n\n```\n"
	_, block, ok := bytes.Cut(doc, []byte(marker))
	if !ok {
		t.Fatalf("%s has no code block after %q", readme, intro)
	}
	block, _, _ = bytes.Cut(block, []byte("```"))
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(block)); diff != "" {
		t.Errorf("%s shows output other than %s (-golden +%s):\n%s", readme, path, readme, diff)
	}
}
