package xlsx_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/xuri/excelize/v2"
)

// dump renders a workbook as text: defined names, then for every sheet its
// visibility, panes, every non-empty cell (type, formula, raw value), data
// validations and conditional formats.
func dump(t *testing.T, book []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("== defined names\n")
	for _, n := range f.GetDefinedName() {
		fmt.Fprintf(&b, "%s = %s\n", n.Name, n.RefersTo)
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "== document properties\n%+v\n", *props)
	for _, sheet := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(sheet)
		panes, _ := f.GetPanes(sheet)
		fmt.Fprintf(&b, "== %s (visible %v, frozen %v at %s)\n", sheet, visible, panes.Freeze, panes.TopLeftCell)
		dim, _ := f.GetSheetDimension(sheet)
		pl, _ := f.GetPageLayout(sheet)
		fmt.Fprintf(&b, "dimension %s, paper %v %v, fit %v wide × %v tall\n", dim, deref(pl.Size), deref(pl.Orientation), deref(pl.FitToWidth), deref(pl.FitToHeight))
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, ref)
				typ, _ := f.GetCellType(sheet, ref)
				if row[c] == "" && formula == "" {
					continue
				}
				line := fmt.Sprintf("%s type=%d value=%s", ref, typ, strconv.Quote(row[c]))
				if formula != "" {
					line += " formula=" + formula
				}
				b.WriteString(line + "\n")
			}
		}
		dvs, _ := f.GetDataValidations(sheet)
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validation %s: %s %s %q %q\n", dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2)
		}
		cfs, _ := f.GetConditionalFormats(sheet)
		for _, ref := range sortedKeys(cfs) {
			for _, cf := range cfs[ref] {
				fmt.Fprintf(&b, "conditional %s: %s %s %s %s / %s %s %s / %s %s %s\n", ref, cf.Type,
					cf.MinType, cf.MinValue, cf.MinColor, cf.MidType, cf.MidValue, cf.MidColor, cf.MaxType, cf.MaxValue, cf.MaxColor)
			}
		}
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestGolden compares a text dump of exported workbooks with
// testdata/<fixture>.golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, name := range []string{"costscales", "injection"} {
		t.Run(name, func(t *testing.T) {
			got := dump(t, export(t, load(t, name)))
			goldentest.Check(t, filepath.Join("testdata", name+".golden"), []byte(got))
		})
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return "unset"
	}
	return *p
}
