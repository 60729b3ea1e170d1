package xlsx_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
	"github.com/xuri/excelize/v2"
)

// bomb returns a ZIP container with one worksheet part that decompresses
// to mib MiB of a 256-byte pattern repeated (zeros when zeros is set), as
// an attacker builds it: a deflate segment that produces 1 MiB from a
// window already full of the pattern is valid again after itself, so it
// is repeated without compressing the whole part.
func bomb(t testing.TB, mib int, zeros bool) []byte {
	t.Helper()
	chunk := make([]byte, 1<<20)
	if !zeros {
		for i := range chunk {
			chunk[i] = byte("0123456789abcdef"[(i*7+i/16)%16])
		}
	}
	var head bytes.Buffer
	fw, _ := flate.NewWriter(&head, flate.BestCompression)
	write := func() {
		if _, err := fw.Write(chunk); err != nil {
			t.Fatal(err)
		}
		if err := fw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	write()
	prefix := bytes.Clone(head.Bytes())
	write()
	segment := bytes.Clone(head.Bytes()[len(prefix):])
	head.Reset()
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	trailer := head.Bytes()
	var data bytes.Buffer
	data.Write(prefix)
	crc := crc32.Update(0, crc32.IEEETable, chunk)
	for range mib - 1 {
		data.Write(segment)
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	data.Write(trailer)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(data.Len()), UncompressedSize64: uint64(mib) << 20})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// privateTemp points the temporary directory at an empty directory and
// returns a check that Import left nothing in it.
func privateTemp(t *testing.T) func() {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return func() {
		t.Helper()
		left, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range left {
			t.Errorf("Import left %s in the temporary directory", e.Name())
		}
	}
}

// TestImportZipBomb feeds Import zip bombs: those past the decompressed
// bound (1 MB and 4 MB of zeros, about 1 and 4 GiB) are refused from the
// ZIP directory; one at the bound (a 512 MiB part at about 100:1, which
// the directory cannot tell from a large worksheet) is decompressed to a
// private temporary directory and refused as no workbook. Either way
// Import returns an error wrapping tot.ErrInvalid and leaves no file.
func TestImportZipBomb(t *testing.T) {
	tests := []struct {
		name  string
		mib   int
		zeros bool
		want  string
	}{
		{"1 MB of zeros", 1024, true, "decompresses to more than 512 MiB"},
		{"4 MB of zeros", 4096, true, "decompresses to more than 512 MiB"},
		{"zeros under the total bound", 511, true, "more than 1000:1"},
		{"at the bound", 512, false, "not an xlsx workbook"},
		{"over the bound", 513, false, "decompresses to more than 512 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "at the bound" && testing.Short() {
				t.Skip("decompresses 512 MiB to disk")
			}
			book := bomb(t, tt.mib, tt.zeros)
			check := privateTemp(t)
			start := time.Now()
			d, err := xlsx.Import(bytes.NewReader(book))
			t.Logf("%d KiB container → %d MiB: error after %v", len(book)>>10, tt.mib, time.Since(start))
			if d != nil || !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Import = %v, %v; want an error wrapping tot.ErrInvalid containing %q", d, err, tt.want)
			}
			check()
		})
	}
}

// TestNoTempFileLeft exports and imports a workbook whose sheets
// excelize spills to temporary files (the 5,000 × 40 one: sheets > 16
// MiB) and checks that neither leaves a file behind.
func TestNoTempFileLeft(t *testing.T) {
	if testing.Short() {
		t.Skip("exports and imports 5,000 × 40")
	}
	check := privateTemp(t)
	book := export(t, largeDecision(5000, 40)) // the stream writers spill too
	check()
	if _, err := xlsx.Import(bytes.NewReader(book)); err != nil {
		t.Fatal(err)
	}
	check()
}

// TestImportRejectsFormulas puts formulas in input cells, with a stale
// cached value (excelize keeps the old value) or none, and checks that
// Import names each cell and never uses the cached value.
func TestImportRejectsFormulas(t *testing.T) {
	book := edit(t, export(t, load(t, "costscales")), func(f *excelize.File) error {
		for _, c := range []struct{ sheet, cell, formula string }{
			{"Matrix", "C4", "1+1"},        // a score; the cell still caches its old value
			{"Criteria", "B3", "10*3"},     // a weight
			{"Summary", "B5", "60+5"},      // the threshold
			{"Matrix", "A5", `"kafka"&""`}, // an ID
		} {
			if err := f.SetCellFormula(c.sheet, c.cell, c.formula); err != nil {
				return err
			}
		}
		return nil
	})
	d, err := xlsx.Import(bytes.NewReader(book))
	var verr *tot.ValidationError
	if d != nil || !errors.As(err, &verr) {
		t.Fatalf("Import = %v, %v; want a *tot.ValidationError", d, err)
	}
	want := map[string]string{"Matrix!C4": "=1+1", "Criteria!B3": "=10*3", "Summary!B5": "=60+5", "Matrix!A5": `="kafka"&""`}
	for _, p := range verr.Problems {
		f, ok := want[p.Path]
		if !ok {
			t.Errorf("unexpected problem %s: %s", p.Path, p.Message)
			continue
		}
		if !strings.Contains(p.Message, "holds the formula "+f) {
			t.Errorf("%s: %q does not name the formula %s", p.Path, p.Message, f)
		}
		delete(want, p.Path)
	}
	for where := range want {
		t.Errorf("no problem at %s in %v", where, err)
	}
}

// TestExportRejectsOverflow checks that a decision whose scale width
// overflows (issue: scale [-1e308, 1e308]) is refused before any formula
// without a finite cached value could be written: by tot's validation,
// or else by Export's own check of the values it caches.
func TestExportRejectsOverflow(t *testing.T) {
	d := &tot.Decision{Title: "overflow",
		Criteria: []tot.Criterion{{ID: "a", Weight: 1, Scale: tot.Scale{Min: -1e308, Max: 1e308}}},
		Alternatives: []tot.Alternative{
			{ID: "x", Scores: map[string]tot.Score{"a": {Value: 1e308}}},
			{ID: "y", Scores: map[string]tot.Score{"a": {Value: -1e308}}},
		}}
	var buf bytes.Buffer
	err := xlsx.Export(&buf, d)
	if !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), "criteria[0] (a).scale") || buf.Len() > 0 {
		t.Errorf("Export = %v (%d bytes written); want an error wrapping tot.ErrInvalid naming criteria[0] (a).scale", err, buf.Len())
	}
}

// TestZipDates checks what `unzip -l` shows: every entry of an exported
// workbook carries a valid MS-DOS date, 2000-01-01 00:00.
func TestZipDates(t *testing.T) {
	book := export(t, load(t, "full"))
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		day, month, year := f.ModifiedDate&0x1f, f.ModifiedDate>>5&0xf, 1980+int(f.ModifiedDate>>9)
		if day < 1 || month < 1 || month > 12 {
			t.Errorf("%s: invalid MS-DOS date %d-%02d-%02d", f.Name, year, month, day)
		}
		if got := f.Modified.Format(time.DateTime); got != "2000-01-01 00:00:00" || f.ModifiedTime != 0 {
			t.Errorf("%s: modified %s (time %#x), want 2000-01-01 00:00:00", f.Name, got, f.ModifiedTime)
		}
	}
}

// TestImportFormulaCap checks the bound on reported formula cells at its
// edge: 20 are listed, the 21st is counted.
func TestImportFormulaCap(t *testing.T) {
	for _, n := range []int{20, 21} {
		book := edit(t, export(t, largeDecision(10, 3)), func(f *excelize.File) error {
			for i := range n {
				ref, _ := excelize.CoordinatesToCellName(3+i%3, 3+i/3) // scores from C3, row by row
				if err := f.SetCellFormula("Matrix", ref, "7"); err != nil {
					return err
				}
			}
			return nil
		})
		_, err := xlsx.Import(bytes.NewReader(book))
		var verr *tot.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("%d formulas: Import error %v, want a *tot.ValidationError", n, err)
		}
		listed, more := 0, ""
		for _, p := range verr.Problems {
			switch {
			case strings.Contains(p.Message, "holds the formula =7"):
				listed++
			case p.Path == "Matrix":
				more = p.Message
			default:
				t.Errorf("%d formulas: unexpected problem %s: %s", n, p.Path, p.Message)
			}
		}
		wantMore := map[int]string{20: "", 21: "1 more input cells hold formulas"}[n]
		if listed != 20 || more != wantMore {
			t.Errorf("%d formulas: %d listed and %q, want 20 and %q", n, listed, more, wantMore)
		}
	}
}
