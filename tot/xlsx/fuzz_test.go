package xlsx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
	"github.com/xuri/excelize/v2"
)

// fuzzBook is a small exported workbook the fuzz targets mutate.
func fuzzBook(t testing.TB) []byte {
	d, err := tot.ParseDecision([]byte(`
title: fuzz
criteria:
  - {id: p, weight: 2, critical: 3}
  - {id: c, weight: 1, direction: cost, scale: [1, 5]}
alternatives:
  - {id: x, name: "=1+1", scores: {p: {score: 7, rationale: r, evidence: [E1]}, c: 2}}
  - {id: y, scores: {p: 4, c: 5}}
`))
	if err != nil {
		t.Fatal(err)
	}
	return export(t, d)
}

// parts lists the ZIP entries of a workbook.
func parts(t testing.TB, book []byte) []*zip.File {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	return zr.File
}

// replacePart returns book with entry i's content replaced by data
// (stored uncompressed), or data itself when i is out of range.
func replacePart(t testing.TB, book []byte, i int, data []byte) []byte {
	files := parts(t, book)
	if i < 0 || i >= len(files) {
		return data
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for k, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if k == i {
			_, err = w.Write(data)
		} else {
			var r io.ReadCloser
			if r, err = f.Open(); err == nil {
				_, err = io.Copy(w, r)
				r.Close()
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// FuzzImport imports mutated workbooks: part selects a ZIP entry whose
// content data replaces (so that mutations reach the XML of the sheets,
// the shared strings, the workbook...), or, out of range, data is the
// whole file. Import must return a decision that validates or an error
// wrapping tot.ErrInvalid, and never panic.
func FuzzImport(f *testing.F) {
	book := fuzzBook(f)
	for i, p := range parts(f, book) {
		if !strings.HasPrefix(p.Name, "xl/worksheets/sheet") && p.Name != "xl/workbook.xml" && p.Name != "[Content_Types].xml" {
			continue // seeds where the importer reads
		}
		r, err := p.Open()
		if err != nil {
			f.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		f.Add(b, uint8(i))
	}
	f.Add(book, uint8(255))
	f.Add([]byte("PK\x03\x04"), uint8(255))
	f.Fuzz(func(t *testing.T, data []byte, part uint8) {
		in := replacePart(t, book, int(part), data)
		d, err := xlsx.Import(bytes.NewReader(in))
		checkImported(t, d, err)
	})
}

// FuzzImportCells writes fuzzed texts into cells of an exported workbook
// (a score, a weight, a scale bound, a direction, a gate, a name, a
// rationale, evidence, the threshold) and imports it.
func FuzzImportCells(f *testing.F) {
	book := fuzzBook(f)
	f.Add("8", "2", "0", "cost", "", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "E1, E2", "65")
	f.Add("abc", "-1", "11", "up", "12", "\tname", "\r\n", ",", "NaN")
	f.Add("1e308", "0", "-1e308", "", "3", "", "", "", "")
	f.Fuzz(func(t *testing.T, score, weight, lo, dir, gate, name, rationale, evidence, threshold string) {
		edited := edit(t, book, func(x *excelize.File) error {
			for _, c := range []struct{ sheet, ref, v string }{
				{"Matrix", "C3", score}, {"Criteria", "B3", weight}, {"Criteria", "C5", lo}, {"Criteria", "C7", dir},
				{"Criteria", "B8", gate}, {"Matrix", "B4", name}, {"Rationale", "C3", rationale}, {"Evidence", "C3", evidence},
				{"Summary", "B5", threshold},
			} {
				if err := x.SetCellStr(c.sheet, c.ref, c.v); err != nil {
					return err
				}
			}
			return nil
		})
		d, err := xlsx.Import(bytes.NewReader(edited))
		checkImported(t, d, err)
		if err == nil && len(name) <= 1000 && d.Alternatives[1].Name != cellTextOf(name) {
			t.Errorf("Import: name %q, want the cell's text %q", d.Alternatives[1].Name, name)
		}
	})
}

// cellTextOf is the text excelize stores for s (it drops nothing below
// the cell limit except characters XML cannot hold).
func cellTextOf(s string) string {
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetCellStr("Sheet1", "A1", s)
	var buf bytes.Buffer
	_ = f.Write(&buf)
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		return s
	}
	defer g.Close()
	v, _ := g.GetCellValue("Sheet1", "A1", excelize.Options{RawCellValue: true})
	return v
}

func checkImported(t *testing.T, d *tot.Decision, err error) {
	t.Helper()
	if err != nil {
		if d != nil || !errors.Is(err, tot.ErrInvalid) {
			t.Fatalf("Import = %v, %v; want nil and an error wrapping tot.ErrInvalid", d, err)
		}
		return
	}
	if verr := d.Validate(); verr != nil {
		t.Fatalf("Import returned a decision that does not validate: %v", verr)
	}
	if _, err := tot.Evaluate(d); err != nil {
		t.Fatalf("Evaluate(Import(...)): %v", err)
	}
}
