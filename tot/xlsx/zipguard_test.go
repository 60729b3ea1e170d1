package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// fakeZip returns a container whose central directory declares the given
// parts (name → uncompressed size) over one stored byte each: checkZip
// reads only the directory, so the declared sizes are what it sees.
func fakeZip(t *testing.T, parts []fakePart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		compressed := max(p.compressed, 1)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate,
			CompressedSize64: uint64(compressed), UncompressedSize64: p.size})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(make([]byte, compressed)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type fakePart struct {
	name       string
	size       uint64
	compressed int
}

// sheets returns n worksheet parts of size bytes each, compressed 10:1.
func sheets(n int, size uint64) []fakePart {
	var ps []fakePart
	for i := range n {
		ps = append(ps, fakePart{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), size, int(size/10) + 1})
	}
	return ps
}

// TestCheckZipBounds checks every bound of checkZip at its edge: at the
// bound the container passes, one past it fails with a message naming
// the bound.
func TestCheckZipBounds(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name  string
		parts []fakePart
		err   string // "" for no error
	}{
		{"total at the bound", sheets(4, maxImportUnzipped/4), ""},
		{"total over the bound", append(sheets(4, maxImportUnzipped/4), fakePart{"xl/styles.xml", 1, 1}), "decompresses to more than 512 MiB"},
		{"parts at the bound", sheets(maxImportParts, 100), ""},
		{"parts over the bound", sheets(maxImportParts+1, 100), "1001 parts"},
		{"in-memory part at the bound", []fakePart{{"xl/styles.xml", maxInMemoryPart, mib}}, ""},
		{"in-memory part over the bound", []fakePart{{"xl/styles.xml", maxInMemoryPart + 1, mib}}, `part "xl/styles.xml" decompresses to`},
		{"big worksheet spills", []fakePart{{"xl/worksheets/sheet1.xml", 300 * mib, 30 * mib}}, ""},
		{"shared strings spill", []fakePart{{"xl/sharedStrings.xml", 300 * mib, 30 * mib}}, ""},
		{"ratio at the bound", []fakePart{{"xl/worksheets/sheet1.xml", maxRatio * 100_000, 100_000}}, ""},
		{"ratio over the bound", []fakePart{{"xl/worksheets/sheet1.xml", maxRatio*100_000 + 1, 100_000}}, "more than 1000:1"},
		{"small part of any ratio", []fakePart{{"xl/worksheets/sheet1.xml", ratioFloor, 1}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checkZip(fakeZip(t, tt.parts))
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("checkZip: %v, want no error", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("checkZip: %v, want an error containing %q", err, tt.err)
			}
		})
	}
}

// TestReadBounded checks the input-size bound at its edge.
func TestReadBounded(t *testing.T) {
	if _, err := readBounded(bytes.NewReader(make([]byte, maxImportBytes))); err != nil {
		t.Errorf("readBounded at the bound: %v", err)
	}
	if _, err := readBounded(bytes.NewReader(make([]byte, maxImportBytes+1))); err == nil {
		t.Error("readBounded over the bound: no error")
	}
}
