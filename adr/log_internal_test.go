package adr

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
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
