package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/prov"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(dir, time.Date(2026, 1, 25, 19, 30, 0, 0, time.UTC), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "validation: 0 problems") {
		t.Errorf("output:\n%s", out.String())
	}
	f, err := os.Open(filepath.Join(dir, "summary.md.prov.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := prov.ReadRecord(f)
	if err != nil {
		t.Fatal(err)
	}
	summary, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The recorded checksum is the checksum of the file on disk.
	got := d.Statements[0].Attr(prov.AttrChecksum)
	if len(got) != 1 || got[0].Lexical != prov.Checksum(summary) {
		t.Errorf("checksum %v, want %s", got, prov.Checksum(summary))
	}
}
