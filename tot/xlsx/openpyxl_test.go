package xlsx_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/interop"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
	"github.com/xuri/excelize/v2"
)

// openpyxl returns a Python interpreter that can import openpyxl,
// skipping the test when there is none, or failing it when CI=true.
func openpyxl(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if p, err := exec.LookPath(py); err == nil && exec.Command(p, "-c", "import openpyxl").Run() == nil {
			return p
		}
	}
	interop.Missing(t, "python3 with openpyxl (Debian python3-openpyxl)", "no python3 imports openpyxl")
	return ""
}

// readOnlyScript prints every non-empty cell openpyxl's read-only mode
// (what streaming readers use; it trusts each sheet's dimension) sees,
// with cached values for formulas, as JSON [sheet, cell, value].
const readOnlyScript = `
import json, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
out = []
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and c.value != "":
                out.append([ws.title, c.coordinate, c.value])
json.dump(out, sys.stdout)
`

// TestOpenpyxlReadOnly checks that openpyxl in read-only mode sees every
// cell of every sheet with the value excelize reads (the cached value of
// formula cells).
func TestOpenpyxlReadOnly(t *testing.T) {
	py := openpyxl(t)
	for _, name := range []string{"full", "injection", "costscales"} {
		t.Run(name, func(t *testing.T) {
			book := export(t, load(t, name))
			path := filepath.Join(t.TempDir(), name+".xlsx")
			if err := os.WriteFile(path, book, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(py, "-c", readOnlyScript, path).Output()
			if err != nil {
				t.Fatalf("openpyxl: %v", err)
			}
			var cells [][3]any
			if err := json.Unmarshal(out, &cells); err != nil {
				t.Fatal(err)
			}
			got := map[string]any{}
			for _, c := range cells {
				got[c[0].(string)+"!"+c[1].(string)] = c[2]
			}
			f, err := excelize.OpenReader(bytes.NewReader(book))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := 0
			for _, sheet := range f.GetSheetList() {
				rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				for r, row := range rows {
					for c, v := range row {
						if v == "" {
							continue
						}
						want++
						ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
						g, ok := got[sheet+"!"+ref]
						if !ok {
							t.Errorf("openpyxl read-only does not see %s!%s (%q)", sheet, ref, v)
							continue
						}
						if !sameValue(v, g) {
							t.Errorf("%s!%s: openpyxl reads %v, excelize %q", sheet, ref, g, v)
						}
					}
				}
			}
			if len(got) != want {
				t.Errorf("openpyxl sees %d cells, excelize %d", len(got), want)
			}
		})
	}
}

// sameValue compares excelize's raw cell text with openpyxl's value.
func sameValue(raw string, v any) bool {
	switch v := v.(type) {
	case string:
		return v == raw
	case bool:
		return raw == map[bool]string{true: "1", false: "0"}[v] || strings.EqualFold(raw, strconv.FormatBool(v))
	case float64:
		x, err := strconv.ParseFloat(raw, 64)
		return err == nil && x == v
	}
	return false
}

// formulaScript writes formulas the way openpyxl does (no cached value).
const formulaScript = `
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
wb["Matrix"]["C4"] = "=1+1"
wb["Criteria"]["B3"] = "=2*15"
wb.save(sys.argv[2])
`

// TestOpenpyxlFormulas checks that formulas openpyxl writes into input
// cells, which carry no cached value, are rejected with their addresses
// (not read as empty cells).
func TestOpenpyxlFormulas(t *testing.T) {
	py := openpyxl(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "out.xlsx")
	if err := os.WriteFile(in, export(t, load(t, "costscales")), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(py, "-c", formulaScript, in, out).CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, msg)
	}
	book, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	d, err := xlsx.Import(bytes.NewReader(book))
	var verr *tot.ValidationError
	if d != nil || !errors.As(err, &verr) {
		t.Fatalf("Import = %v, %v; want a *tot.ValidationError", d, err)
	}
	want := map[string]string{"Matrix!C4": "holds the formula =1+1", "Criteria!B3": "holds the formula =2*15"}
	if len(verr.Problems) != len(want) {
		t.Errorf("Import reports %d problems, want %d: %v", len(verr.Problems), len(want), err)
	}
	for _, p := range verr.Problems {
		if w, ok := want[p.Path]; !ok || !strings.Contains(p.Message, w) {
			t.Errorf("problem %s: %s; want one of %v", p.Path, p.Message, want)
		}
	}
}
