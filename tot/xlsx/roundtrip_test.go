package xlsx_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

func ptr[T any](v T) *T { return &v }

// goBuilt is a decision built in Go with values a decision file would not
// produce and a workbook cell cannot hold as they are: floats with 17
// significant digits, the zero Scale next to an explicit 0–10, nil and
// empty lists, evidence IDs with commas and spaces, control characters,
// texts beyond the 32,767 characters of a cell, zero threshold and
// close-call margin.
func goBuilt() *tot.Decision {
	long := strings.Repeat("Long rationale. ", 2500) // 40,000 characters
	return &tot.Decision{
		ID:        "ADR-9",
		Title:     "Go-built \x01 decision",
		Context:   long,
		Threshold: new(0.0),
		CloseCall: new(0.0),
		Criteria: []tot.Criterion{
			{ID: "a", Name: "A", Weight: 1.0 / 3, Critical: ptr(7.3999999999999995)},
			{ID: "b", Weight: 0.1 + 0.2, Scale: tot.Scale{Min: 0, Max: 10}, Direction: tot.Cost, Description: "ctrl\x02char"},
			{ID: "c", Weight: 0.2, Scale: tot.Scale{Min: -1e-7, Max: 123456.789012345678}, Source: "S"},
		},
		Alternatives: []tot.Alternative{
			{ID: "x", Name: "X", Pros: []string{}, Cons: nil, Risks: []tot.Risk{{Risk: "r"}}, StatusQuo: true,
				Scores: map[string]tot.Score{
					"a": {Value: 7.3999999999999995, Rationale: long, Evidence: []string{}},
					"b": {Value: 1.0 / 3, Rationale: "bell\x07", Evidence: []string{"a,b", " spaced "}},
					"c": {Value: 0, Evidence: []string{""}},
				}},
			{ID: "y", Name: "Y\x00", Description: "d",
				Scores: map[string]tot.Score{
					"a": {Value: 10, Evidence: []string{"REF-1", "REF-2"}},
					"b": {Value: 0.1, Rationale: "=1+1"},
					"c": {Value: 123456.789012345678},
				}},
		},
		Selected:       "y",
		Rationale:      "because",
		TradeOffs:      []string{},
		ContextFactors: []string{"cf"},
		Triggers: []tot.Trigger{
			{ID: "T1", Category: "cost", Metric: "bill", Op: ">", Threshold: ptr(1.0 / 7), For: 36 * time.Hour, Unit: "USD"},
			{ID: "T2", Metric: "users", Op: "<=", Threshold: ptr(0.0), Consecutive: 3, Action: "revisit"},
		},
		Evidence: []tot.EvidenceRef{{ID: "REF-1", Assessment: &grade.Assessment{ID: "REF-1", Title: "x", Baseline: grade.Baseline{Level: grade.Low}}}, {ID: "REF-2"}},
		Declared: []tot.Declared{{Where: "w", Kind: tot.DeclaredScore, Alternative: "x", Criterion: "a", Value: 7.4, Decimals: 1}},
		Nodes:    []tot.ThoughtNode{{ID: "s0", Depth: 0, Name: "root"}, {ID: "s1", Parent: "s0", Depth: 1, Status: "pruned", Reason: "slow"}},
	}
}

// roundTripCases are decisions Import(Export(d)) must give back unchanged.
func roundTripCases(t *testing.T) map[string]*tot.Decision {
	cases := map[string]*tot.Decision{"go-built": goBuilt(), "single": single(), "large": largeDecision(300, 12)}
	for _, name := range fixtures {
		cases[name] = load(t, name)
	}
	for seed := range uint64(5) {
		cases[fmt.Sprintf("random%d", seed)] = randomDecision(seed)
	}
	d := load(t, "full")
	d.Method = tot.MethodTOPSIS
	cases["topsis"] = d
	return cases
}

func TestRoundTrip(t *testing.T) {
	for name, d := range roundTripCases(t) {
		t.Run(name, func(t *testing.T) {
			book := export(t, d)
			got, err := xlsx.Import(bytes.NewReader(book))
			if err != nil {
				t.Fatalf("Import(Export(d)): %v", err)
			}
			if diff := cmp.Diff(d, got); diff != "" {
				t.Errorf("Import(Export(d)) differs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExportDeterministic(t *testing.T) {
	for name, d := range roundTripCases(t) {
		a, b := export(t, d), export(t, d)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two exports of the same decision differ (%d and %d bytes)", name, len(a), len(b))
		}
	}
}

// TestCachedValues reads the exported workbook without recalculating (as
// openpyxl with data_only=True or excelize's GetRows do) and finds
// Evaluate's values, rounded to 15 significant digits.
func TestCachedValues(t *testing.T) {
	for _, name := range fixtures {
		d := load(t, name)
		res := evaluate(t, d)
		f, err := excelize.OpenReader(bytes.NewReader(export(t, d)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Matrix", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		points, err := f.GetRows("Points", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		hdr := rows[1]
		byID := map[string]tot.Ranked{}
		for _, r := range res.Ranking {
			byID[r.Alternative] = r
		}
		for i, row := range rows[2:] {
			want := byID[row[0]]
			if points[2+i][0] != row[0] {
				t.Errorf("%s: Points row %d holds %q, want %q", name, 3+i, points[2+i][0], row[0])
			}
			comp, _ := strconv.ParseFloat(row[column(t, hdr, "Composite")], 64)
			if want15 := round15(want.Score); comp != want15 {
				t.Errorf("%s/%s: cached composite %v, want %v", name, row[0], comp, want15)
			}
			if got := row[column(t, hdr, "Rank")]; got != strconv.Itoa(want.Rank) {
				t.Errorf("%s/%s: cached rank %s, want %d", name, row[0], got, want.Rank)
			}
			if got, wantV := row[column(t, hdr, "Viable")], map[bool]string{true: "1", false: "0"}[want.Viable]; got != wantV {
				t.Errorf("%s/%s: cached viable %s, want %s", name, row[0], got, wantV)
			}
			for _, c := range d.Criteria {
				v, _ := strconv.ParseFloat(points[2+i][column(t, points[1], c.ID)], 64)
				if w := round15(want.Contributions[c.ID]); v != w {
					t.Errorf("%s/%s/%s: cached contribution %v, want %v", name, row[0], c.ID, v, w)
				}
			}
		}
		f.Close()
	}
}

func round15(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	return v
}

// TestInjectionCells checks that texts starting with = + - @ tab CR LF are
// string cells without formulas in the workbook.
func TestInjectionCells(t *testing.T) {
	d := load(t, "injection")
	f, err := excelize.OpenReader(bytes.NewReader(export(t, d)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	check := func(sheet, ref, want string) {
		t.Helper()
		typ, err := f.GetCellType(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		formula, err := f.GetCellFormula(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString || formula != "" || got != want {
			t.Errorf("%s!%s: type %v, formula %q, value %q; want a string cell %q without formula", sheet, ref, typ, formula, got, want)
		}
	}
	for i, a := range d.Alternatives {
		check("Matrix", fmt.Sprintf("A%d", 3+i), a.ID)
		check("Matrix", fmt.Sprintf("B%d", 3+i), a.Name)
	}
	for j, c := range d.Criteria {
		col, _ := excelize.ColumnNumberToName(2 + j)
		check("Criteria", col+"1", c.ID)
		check("Criteria", col+"2", c.Name)
	}
	check("Rationale", "C3", d.Alternatives[0].Scores["perf"].Rationale)
	check("Rationale", "D3", d.Alternatives[0].Scores["=1+1"].Rationale)
	check("Rationale", "C5", d.Alternatives[2].Scores["perf"].Rationale)
	for i, a := range d.Alternatives {
		check("Rationale", fmt.Sprintf("A%d", 3+i), a.ID)
		check("Evidence", fmt.Sprintf("A%d", 3+i), a.ID)
	}
	check("Summary", "B1", d.Title)
	check("Summary", "B14", d.Selected)
	check("Summary", "B15", d.Rationale)
}

func TestExportRejects(t *testing.T) {
	tests := []struct {
		name string
		edit func(d *tot.Decision)
		path string
	}{
		{"NaN score", func(d *tot.Decision) { d.Alternatives[0].Scores["perf"] = tot.Score{Value: math.NaN()} }, "alternatives[0] (evil).scores.perf"},
		{"Inf weight", func(d *tot.Decision) { d.Criteria[0].Weight = math.Inf(1) }, "criteria[0] (perf).weight"},
		{"control character in an ID", func(d *tot.Decision) { d.Alternatives[2].ID = "a\x01" }, "alternatives[2].id"},
		{"ID longer than a cell", func(d *tot.Decision) {
			long := strings.Repeat("x", 40000)
			d.Criteria[0].ID = long
			for _, a := range d.Alternatives {
				a.Scores[long] = a.Scores["perf"]
				delete(a.Scores, "perf")
			}
		}, "criteria[0].id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := load(t, "injection")
			tt.edit(d)
			var buf bytes.Buffer
			err := xlsx.Export(&buf, d)
			if !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), tt.path) {
				t.Fatalf("Export: error %.300v, want tot.ErrInvalid naming %s", err, tt.path)
			}
			if buf.Len() != 0 {
				t.Errorf("Export wrote %d bytes despite the error", buf.Len())
			}
		})
	}
	if err := xlsx.Export(&bytes.Buffer{}, nil); !errors.Is(err, tot.ErrInvalid) {
		t.Errorf("Export(nil): %v, want tot.ErrInvalid", err)
	}
}

// TestFifteenDigits checks that numbers are written rounded to 15
// significant digits (what a cell holds), not truncated by excelize.
func TestFifteenDigits(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(export(t, goBuilt())))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct{ sheet, ref, want string }{
		{"Matrix", "C3", "7.4"},               // 7.3999999999999995
		{"Matrix", "D3", "0.333333333333333"}, // 1/3
		{"Criteria", "B3", "0.333333333333333"},
		{"Criteria", "C3", "0.3"},              // 0.1 + 0.2
		{"Criteria", "D6", "123456.789012346"}, // 123456.789012345678
		{"Criteria", "B8", "7.4"},
	} {
		got, err := f.GetCellValue(c.sheet, c.ref, excelize.Options{RawCellValue: true})
		if err != nil || got != c.want {
			t.Errorf("%s!%s = %q, %v; want %q", c.sheet, c.ref, got, err, c.want)
		}
	}
}
