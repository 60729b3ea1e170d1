package xlsx_test

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// recalcCase is one workbook LibreOffice recalculates and the decision
// whose evaluation its recalculated cells must equal.
type recalcCase struct {
	book []byte
	want *tot.Decision // the decision the (possibly edited) workbook now holds
}

// TestLibreOfficeRecalculation has LibreOffice (forced to recalculate on
// load) convert exported workbooks to CSV and checks that the composites,
// contributions, ranks, gates, viability and summary it computes from the
// formulas equal tot.Evaluate's within 1e-9 — for cost criteria, scales
// 1–5, 0–100 and −5–5, gates, ties, random decisions, and workbooks whose
// weights, scores and threshold were changed after export. All workbooks go
// through one soffice run.
func TestLibreOfficeRecalculation(t *testing.T) {
	soffice(t)
	cases := map[string]recalcCase{}
	for _, name := range fixtures {
		d := load(t, name)
		cases[name] = recalcCase{export(t, d), d}
	}
	for seed := range uint64(6) {
		d := randomDecision(seed)
		if err := d.Validate(); err != nil {
			t.Fatalf("randomDecision(%d): %v", seed, err)
		}
		cases[fmt.Sprintf("random%d", seed)] = recalcCase{export(t, d), d}
	}
	cases["single"] = recalcCase{export(t, single()), single()}
	cases["go-built"] = recalcCase{export(t, goBuilt()), goBuilt()}
	cases["large"] = recalcCase{export(t, largeDecision(300, 12)), largeDecision(300, 12)}
	{ // a method without formulas: composites are Evaluate's values
		d := load(t, "costscales")
		d.Method = tot.MethodTOPSIS
		cases["topsis"] = recalcCase{export(t, d), d}
	}
	{ // weights changed in the workbook after export (and a threshold)
		d := load(t, "costscales")
		book := edit(t, export(t, d), func(f *excelize.File) error {
			if err := f.SetCellValue("Criteria", "B3", 10); err != nil { // throughput 35 → 10
				return err
			}
			if err := f.SetCellValue("Criteria", "E3", 55.5); err != nil { // risk 20 → 55.5
				return err
			}
			return f.SetCellValue("Summary", "B5", 62) // threshold 55 → 62
		})
		d.Criteria[0].Weight, d.Criteria[3].Weight, d.Threshold = 10, 55.5, new(62.0)
		cases["weights-edited"] = recalcCase{book, d}
	}
	{ // a score and a direction changed in the workbook
		d := load(t, "full")
		book := edit(t, export(t, d), func(f *excelize.File) error {
			if err := f.SetCellValue("Matrix", "C5", 9.5); err != nil { // cockroach performance 7 → 9.5
				return err
			}
			return f.SetCellValue("Criteria", "D7", "cost") // team becomes a cost criterion
		})
		d.Alternatives[2].Scores["performance"] = tot.Score{Value: 9.5}
		d.Criteria[2].Direction = tot.Cost
		cases["scores-edited"] = recalcCase{book, d}
	}
	books := map[string][]byte{}
	for name, c := range cases {
		books[name] = c.book
	}
	got := recalc(t, books)
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			c := cases[name]
			res := evaluate(t, c.want)
			checkMatrixCSV(t, got[name]["Matrix"], got[name]["Points"], c.want, res)
			checkSummaryCSV(t, got[name]["Summary"], res)
		})
	}
	t.Run("hand-computed", func(t *testing.T) {
		// costscales by hand: Σ weight/Σweights × (x−min)/(max−min), reversed
		// for cost, × 100. rabbit: .35×61.5/100 + .25×(5−2)/4 + .2×(3+5)/10
		// + .2×(10−2)/10 = .72275.
		want := map[string]float64{"rabbit": 72.275, "nats": 70.65, "sqs": 64.125, "kafka": 60.45, "pulsar": 44.8}
		rows := got["costscales"]["Matrix"]
		k := column(t, rows[1], "Composite")
		for _, row := range rows[2:] {
			if g := parseCSVNumber(t, "composite", row[k]); math.Abs(g-want[row[0]]) > tol {
				t.Errorf("%s: composite %v, want %v (by hand)", row[0], g, want[row[0]])
			}
		}
	})
	t.Run("injection-text", func(t *testing.T) {
		checkInjectionCSV(t, got["injection"], load(t, "injection"))
	})
}

const tol = 1e-9

func parseCSVNumber(t *testing.T, where, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		t.Fatalf("%s: %q is not a number", where, s)
	}
	return v
}

// checkMatrixCSV checks the recalculated Matrix and Points sheets against
// Evaluate.
func checkMatrixCSV(t *testing.T, rows, points [][]string, d *tot.Decision, res *tot.Result) {
	t.Helper()
	if len(rows) != 2+len(d.Alternatives) || len(points) != len(rows) {
		t.Fatalf("Matrix has %d rows and Points %d, want %d", len(rows), len(points), 2+len(d.Alternatives))
	}
	hdr := rows[1]
	cComp, cRank := column(t, hdr, "Composite"), column(t, hdr, "Rank")
	cGates, cBelow, cViable := column(t, hdr, "Gate failures"), column(t, hdr, "Below threshold"), column(t, hdr, "Viable")
	byID := map[string]tot.Ranked{}
	for _, r := range res.Ranking {
		byID[r.Alternative] = r
	}
	for i, row := range rows[2:] {
		a := d.Alternatives[i]
		want := byID[a.ID]
		if row[0] != a.ID || points[2+i][0] != a.ID {
			t.Fatalf("row %d: ID %q on the Matrix, %q on Points, want %q", i+3, row[0], points[2+i][0], a.ID)
		}
		if got := parseCSVNumber(t, "composite", row[cComp]); math.Abs(got-want.Score) > tol {
			t.Errorf("%s: composite %v, want %v (Evaluate)", a.ID, got, want.Score)
		}
		if got := row[cRank]; got != strconv.Itoa(want.Rank) {
			t.Errorf("%s: rank %s, want %d (Evaluate)", a.ID, got, want.Rank)
		}
		if got := row[cGates]; got != strconv.Itoa(len(want.GateFailures)) {
			t.Errorf("%s: gate failures %s, want %d %v (Evaluate)", a.ID, got, len(want.GateFailures), want.GateFailures)
		}
		if got := row[cBelow]; got != strings.ToUpper(strconv.FormatBool(want.BelowThreshold)) {
			t.Errorf("%s: below threshold %s, want %v (Evaluate)", a.ID, got, want.BelowThreshold)
		}
		if got := row[cViable]; got != strings.ToUpper(strconv.FormatBool(want.Viable)) {
			t.Errorf("%s: viable %s, want %v (Evaluate)", a.ID, got, want.Viable)
		}
		if len(want.Contributions) == 0 {
			continue // another method: no contributions
		}
		for _, c := range d.Criteria {
			k := column(t, points[1], c.ID)
			if got := parseCSVNumber(t, "contribution", points[2+i][k]); math.Abs(got-want.Contributions[c.ID]) > tol {
				t.Errorf("%s on %s: contribution %v, want %v (Evaluate)", a.ID, c.ID, got, want.Contributions[c.ID])
			}
		}
	}
}

func checkSummaryCSV(t *testing.T, rows [][]string, res *tot.Result) {
	t.Helper()
	val := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			val[r[0]] = r[1]
		}
	}
	if got := val["Recommended"]; got != res.Recommended {
		t.Errorf("Summary: recommended %q, want %q (Evaluate)", got, res.Recommended)
	}
	switch got := val["Margin"]; {
	case res.Margin == nil && got != "":
		t.Errorf("Summary: margin %q, want none (Evaluate)", got)
	case res.Margin != nil && math.Abs(parseCSVNumber(t, "margin", got)-*res.Margin) > tol:
		t.Errorf("Summary: margin %s, want %v (Evaluate)", got, *res.Margin)
	}
	if got := val["Close call"]; got != strings.ToUpper(strconv.FormatBool(res.CloseCall)) {
		t.Errorf("Summary: close call %s, want %v (Evaluate)", got, res.CloseCall)
	}
}

// checkInjectionCSV checks that texts that look like formulas come out of
// LibreOffice's recalculation as the texts themselves.
func checkInjectionCSV(t *testing.T, sheets map[string][][]string, d *tot.Decision) {
	t.Helper()
	// encoding/csv reads CR LF inside a quoted field as LF.
	norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	same := func(where, got, want string) {
		t.Helper()
		if got != norm(want) {
			t.Errorf("%s: LibreOffice gives %q, want the text %q", where, got, want)
		}
	}
	m := sheets["Matrix"]
	for i, a := range d.Alternatives {
		same(fmt.Sprintf("Matrix alternative %d ID", i), m[2+i][0], a.ID)
		same(fmt.Sprintf("Matrix alternative %d name", i), m[2+i][1], a.Name)
	}
	c := sheets["Criteria"]
	for j, cr := range d.Criteria {
		same(fmt.Sprintf("Criteria %d ID", j), c[0][1+j], cr.ID)
		same(fmt.Sprintf("Criteria %d name", j), c[1][1+j], cr.Name)
		same(fmt.Sprintf("Criteria %d description", j), c[8][1+j], cr.Description)
		same(fmt.Sprintf("Criteria %d source", j), c[9][1+j], cr.Source)
	}
	r, ev := sheets["Rationale"], sheets["Evidence"]
	for i, a := range d.Alternatives {
		same(fmt.Sprintf("Rationale alternative %d ID", i), r[2+i][0], a.ID)
		for j, cr := range d.Criteria {
			s := a.Scores[cr.ID]
			same(fmt.Sprintf("Rationale of %s on %s", a.ID, cr.ID), r[2+i][2+j], s.Rationale)
			same(fmt.Sprintf("Evidence of %s on %s", a.ID, cr.ID), ev[2+i][2+j], strings.Join(s.Evidence, ", "))
		}
	}
	val := map[string]string{}
	for _, row := range sheets["Summary"] {
		val[row[0]] = row[1]
	}
	same("Summary title", val["Title"], d.Title)
	same("Summary selected", val["Selected"], d.Selected)
	same("Summary rationale", val["Rationale"], d.Rationale)
	same("Summary recommended name", val["Recommended name"], d.Alternatives[0].Name)
}

// TestLibreOfficeResave has LibreOffice open exported workbooks, recalculate
// them and save them as xlsx again, as a reviewer's spreadsheet would, and
// checks that Import gives back the decisions.
func TestLibreOfficeResave(t *testing.T) {
	soffice(t)
	books := map[string][]byte{}
	want := map[string]*tot.Decision{}
	for _, name := range fixtures {
		want[name] = load(t, name)
		books[name] = export(t, want[name])
	}
	for name, book := range resave(t, books) {
		got, err := xlsx.Import(bytes.NewReader(book))
		if err != nil {
			t.Errorf("%s: Import of the workbook LibreOffice saved: %v", name, err)
			continue
		}
		// LibreOffice stores a CR LF line break in a cell as LF.
		lf := cmp.Transformer("lf", func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") })
		if diff := cmp.Diff(want[name], got, lf); diff != "" {
			t.Errorf("%s: Import of the workbook LibreOffice saved (-want +got):\n%s", name, diff)
		}
	}
}
