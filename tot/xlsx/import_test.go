package xlsx_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// set returns an edit that writes values to cells ("Sheet!A1" → value).
func set(cells map[string]any) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		for ref, v := range cells {
			sheet, c, _ := strings.Cut(ref, "!")
			if err := f.SetCellValue(sheet, c, v); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestImportEdits changes cells of an exported workbook as a reviewer
// would and checks that Import returns the decision with those changes.
func TestImportEdits(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		edit    func(f *excelize.File) error
		want    func(d *tot.Decision)
	}{
		{
			name: "score, rationale and evidence", fixture: "full",
			edit: set(map[string]any{"Matrix!C4": 6.5, "Rationale!C4": "Re-benchmarked: 65 ms p99", "Evidence!C4": "REF-013 , REF-014,"}),
			want: func(d *tot.Decision) {
				// Row 4 is mongo (second alternative), column C performance,
				// in the Matrix, the Rationale and the Evidence alike.
				d.Alternatives[1].Scores["performance"] = tot.Score{Value: 6.5, Rationale: "Re-benchmarked: 65 ms p99", Evidence: []string{"REF-013", "REF-014"}}
			},
		},
		{
			// Rows of the Rationale are matched by ID: swapping two IDs
			// swaps the rationales (the Evidence sheet is untouched).
			name: "rationale rows matched by ID", fixture: "full",
			edit: func(f *excelize.File) error {
				a3, _ := f.GetCellValue("Rationale", "A3")
				a4, _ := f.GetCellValue("Rationale", "A4")
				return set(map[string]any{"Rationale!A3": a4, "Rationale!A4": a3})(f)
			},
			want: func(d *tot.Decision) {
				x, y := d.Alternatives[0].Scores, d.Alternatives[1].Scores
				for id := range x {
					sx, sy := x[id], y[id]
					sx.Rationale, sy.Rationale = sy.Rationale, sx.Rationale
					x[id], y[id] = sx, sy
				}
			},
		},
		{
			name: "weight, gate, direction and scale", fixture: "costscales",
			edit: set(map[string]any{"Criteria!B3": 50, "Criteria!C8": "", "Criteria!D7": "Cost", "Criteria!E5": -10, "Criteria!E6": 10}),
			want: func(d *tot.Decision) {
				d.Criteria[0].Weight = 50
				d.Criteria[1].Critical = nil
				d.Criteria[2].Direction = tot.Cost
				d.Criteria[3].Scale = tot.Scale{Min: -10, Max: 10}
			},
		},
		{
			name: "names, threshold, selection", fixture: "full",
			edit: set(map[string]any{"Matrix!B3": "Postgres 17", "Criteria!C2": "Total cost", "Summary!B5": 70, "Summary!B6": 2.5,
				"Summary!B14": "postgres", "Summary!B15": "", "Summary!B1": "New title"}),
			want: func(d *tot.Decision) {
				d.Alternatives[0].Name = "Postgres 17"
				d.Criteria[1].Name = "Total cost"
				d.Threshold, d.CloseCall = new(70.0), new(2.5)
				d.Selected, d.Rationale = "postgres", ""
				d.Title = "New title"
			},
		},
		{
			name: "alternative added, one removed", fixture: "ties",
			edit: func(f *excelize.File) error {
				if err := f.RemoveRow("Matrix", 8); err != nil { // u
					return err
				}
				return set(map[string]any{"Matrix!A8": "t", "Matrix!B8": "New option", "Matrix!C8": 1, "Matrix!D8": 2, "Matrix!E8": 3,
					"Rationale!A20": "t", "Rationale!D20": "added in the workbook"})(f)
			},
			want: func(d *tot.Decision) {
				d.Alternatives[5] = tot.Alternative{ID: "t", Name: "New option", Scores: map[string]tot.Score{
					"a": {Value: 1}, "b": {Value: 2, Rationale: "added in the workbook"}, "c": {Value: 3}}}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := load(t, tt.fixture)
			book := edit(t, export(t, d), tt.edit)
			got, err := xlsx.Import(bytes.NewReader(book))
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			want := load(t, tt.fixture)
			tt.want(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Import of the edited workbook (-want +got):\n%s", diff)
			}
		})
	}
}

// TestImportErrors checks that invalid workbooks fail with every problem,
// each at its cell address (or sheet), wrapping tot.ErrInvalid.
// prob is an expected problem: its exact path and part of its message.
type prob struct{ path, msg string }

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *excelize.File) error
		want []prob // path exact, message a substring
	}{
		{"non-numeric score", set(map[string]any{"Matrix!C5": "abc"}),
			[]prob{{"Matrix!C5", `score "abc" is not a number`}}},
		{"score outside its scale", set(map[string]any{"Matrix!D4": 7}), // price is on 1–5
			[]prob{{"Matrix!D4", "7 is outside the scale 1–5"}}},
		{"missing sheet", func(f *excelize.File) error { return f.DeleteSheet("Rationale") },
			[]prob{{"Rationale", "sheet is missing"}}},
		{"empty score", set(map[string]any{"Matrix!F7": ""}),
			[]prob{{"Matrix!F7", "score is empty"}}},
		{"several at once", set(map[string]any{"Matrix!C3": "n/a", "Matrix!E6": -6, "Criteria!C3": "heavy", "Criteria!D7": "up", "Summary!B5": "high"}),
			[]prob{
				{"Criteria!C3", `weight "heavy" is not a number`},
				{"Criteria!D7", `direction "up" must be benefit or cost`},
				{"Matrix!C3", `score "n/a" is not a number`},
				{"Summary!B5", `threshold "high" is not a number`},
				{"Matrix!E6", "-6 is outside the scale -5–5"},
			}},
		{"negative weight, gate outside the scale, duplicate ID", set(map[string]any{"Criteria!E3": -1, "Criteria!B8": 101, "Matrix!A4": "kafka"}),
			[]prob{{"Criteria!B8", "gate 101 is outside the scale 0–100"}, {"Criteria!E3", "must be >= 0"}, {"Matrix!A4", `duplicate id "kafka"`}}},
		{"non-finite number", set(map[string]any{"Matrix!C4": "NaN"}),
			[]prob{{"Matrix!C4", `score "NaN" is not a number`}}},
		{"criterion column removed", func(f *excelize.File) error { return f.RemoveCol("Matrix", "D") },
			[]prob{{"Matrix!2:2", `no score column for criterion "price"`}}},
		{"rationale without IDs", set(map[string]any{"Rationale!C30": "orphan", "Evidence!Z4": "REF-1", "Evidence!A9": "  "}),
			[]prob{{"Rationale!A30", "alternative ID is missing"}, {"Evidence!Z4", "text in a column without a criterion ID in row 2"}}},
		{"second row or column for an ID", set(map[string]any{"Rationale!A30": "rabbit", "Rationale!C30": "again", "Evidence!Z2": "price"}),
			[]prob{{"Rationale!A30", `second row for alternative "rabbit" (first in row 4)`}, {"Evidence!Z2", `second column for criterion "price" (first in column D)`}}},
		{"grid layout changed", set(map[string]any{"Rationale!A2": "Alternative ID"}),
			[]prob{{"Rationale!A2", `header "Alternative ID", want "ID"`}}},
		{"selection names no alternative", set(map[string]any{"Summary!B14": "oracle"}),
			[]prob{{"Summary!B14", `"oracle" names no alternative`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			book := edit(t, export(t, load(t, "costscales")), tt.edit)
			d, err := xlsx.Import(bytes.NewReader(book))
			if d != nil || !errors.Is(err, tot.ErrInvalid) {
				t.Fatalf("Import = %v, %v; want nil and an error wrapping tot.ErrInvalid", d, err)
			}
			var verr *tot.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Import error %T is not a *tot.ValidationError", err)
			}
			if len(verr.Problems) != len(tt.want) {
				t.Errorf("Import reports %d problems, want %d: %v", len(verr.Problems), len(tt.want), err)
			}
			for _, w := range tt.want {
				found := false
				for _, p := range verr.Problems {
					found = found || p.Path == w.path && strings.Contains(p.Message, w.msg)
				}
				if !found {
					t.Errorf("no problem %s: ...%s... in %v", w.path, w.msg, err)
				}
			}
		})
	}
}

func TestImportNotAWorkbook(t *testing.T) {
	for name, in := range map[string][]byte{"empty": nil, "text": []byte("id: x\n"), "zip without workbook": emptyZip()} {
		d, err := xlsx.Import(bytes.NewReader(in))
		if d != nil || !errors.Is(err, tot.ErrInvalid) {
			t.Errorf("Import(%s) = %v, %v; want an error wrapping tot.ErrInvalid", name, d, err)
		}
	}
}

func emptyZip() []byte {
	f := excelize.NewFile()
	defer f.Close()
	var buf bytes.Buffer
	_ = f.Write(&buf)
	return buf.Bytes()
}

// TestImportWithoutMetadata reads a workbook whose hidden Metadata sheet
// was deleted: the visible sheets still give the matrix.
func TestImportWithoutMetadata(t *testing.T) {
	d := load(t, "costscales")
	book := edit(t, export(t, d), func(f *excelize.File) error { return f.DeleteSheet("Metadata") })
	got, err := xlsx.Import(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	want := &tot.Decision{ID: d.ID, Title: d.Title, Context: d.Context, Threshold: d.Threshold, CloseCall: d.CloseCall}
	for _, c := range d.Criteria {
		lo, hi := scaleOf(c)
		c.Scale = tot.Scale{Min: lo, Max: hi}
		want.Criteria = append(want.Criteria, c)
	}
	for _, a := range d.Alternatives {
		want.Alternatives = append(want.Alternatives, tot.Alternative{ID: a.ID, Name: a.Name, Scores: a.Scores})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Import without metadata (-want +got):\n%s", diff)
	}
}

// TestImportProblemOrder checks that problems found by the sheets read at
// the same time (Matrix, Rationale, Evidence, the formula scan) come in the
// same order every time.
func TestImportProblemOrder(t *testing.T) {
	book := edit(t, export(t, load(t, "costscales")), func(f *excelize.File) error {
		if err := f.SetCellFormula("Matrix", "C4", "=1+1"); err != nil {
			return err
		}
		return set(map[string]any{"Matrix!D5": "x", "Rationale!C30": "orphan", "Evidence!Z4": "REF-1",
			"Rationale!Z2": "throughput", "Criteria!C3": "heavy", "Summary!B5": "high"})(f)
	})
	_, err := xlsx.Import(bytes.NewReader(book))
	if err == nil {
		t.Fatal("Import accepted the edited workbook")
	}
	want := err.Error()
	for _, s := range []string{"Matrix!C4", "Matrix!D5", "Rationale!A30", "Evidence!Z4", "Rationale!Z2", "Criteria!C3", "Summary!B5"} {
		if !strings.Contains(want, s) {
			t.Errorf("no problem at %s in %v", s, err)
		}
	}
	for range 20 {
		if _, err := xlsx.Import(bytes.NewReader(book)); err == nil || err.Error() != want {
			t.Fatalf("Import gives\n%v\nafter\n%s", err, want)
		}
	}
}
