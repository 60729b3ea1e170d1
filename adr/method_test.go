package adr_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/tot"
)

// methodRecord is the protocol example evaluated with method.
func methodRecord(t *testing.T, method string) (*tot.Decision, *tot.Result, *adr.Record) {
	t.Helper()
	d := protocolDecision()
	d.Method = tot.Method(method)
	res, r := record(t, d)
	r.Date = "2026-01-25"
	return d, res, r
}

func render(t *testing.T, r *adr.Record, f adr.Format) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, f); err != nil {
		t.Fatalf("Render(%v): %v", f, err)
	}
	return b.String()
}

func TestRenderGoldenMethods(t *testing.T) {
	for _, method := range []string{string(tot.MethodTOPSIS), string(tot.MethodVIKOR)} {
		_, _, r := methodRecord(t, method)
		for _, f := range flavours {
			a, b := render(t, r, f), render(t, r, f)
			if a != b {
				t.Errorf("%s/%v: two renders differ", method, f)
			}
			golden(t, method+"."+f.String()+".md", []byte(a))
		}
	}
}

func TestFromDecisionMethod(t *testing.T) {
	d, res, r := methodRecord(t, "topsis/vector")
	if r.Method != "topsis/vector" {
		t.Errorf("Method = %q, want topsis/vector", r.Method)
	}
	score := map[string]float64{}
	for _, rk := range res.Ranking {
		score[rk.Alternative] = rk.Score
	}
	for i, row := range r.Matrix.Rows {
		for k, c := range row.Cells {
			if c.Contribution != nil {
				t.Errorf("row %d cell %d: contribution %v, want none", i+1, k, c.Contribution)
			}
		}
		want := fmt.Sprintf("%.1f", score[d.Alternatives[i].ID])
		if got := row.Total.String(); got != want {
			t.Errorf("row %d total = %s, want %s", i+1, got, want)
		}
		if got := r.Options[i].WeightedScore.String(); got != want {
			t.Errorf("option %d score = %s, want %s", i+1, got, want)
		}
	}
	if q := r.Decision.Quantitative[0]; !strings.Contains(q, " by TOPSIS with vector normalisation") {
		t.Errorf("quantitative rationale %q does not name the method", q)
	}
	for _, f := range flavours {
		s := render(t, r, f)
		for _, want := range []string{"**Method:** `topsis/vector` — TOPSIS closeness to the ideal", "| 2. Modular Monolith | 8 | 6 | 8 | 8 | 8 | **", "**Score:** "} {
			if !strings.Contains(s, want) {
				t.Errorf("%v: no %q in\n%s", f, want, s)
			}
		}
		if strings.Contains(s, "Weighted Score") || strings.Contains(s, "8 (") {
			t.Errorf("%v: a weighted-sum score or contribution in a TOPSIS record:\n%s", f, s)
		}
	}

	// "weighted_sum" is the weighted sum: nothing changes
	ws := protocolDecision()
	ws.Method = tot.MethodWeightedSum
	_, wr := record(t, ws)
	if wr.Method != "" || wr.Matrix.Rows[0].Cells[0].Contribution == nil {
		t.Errorf("weighted_sum: Method %q, cell %+v; want the weighted-sum record", wr.Method, wr.Matrix.Rows[0].Cells[0])
	}
}

func TestFromDecisionMethodErrors(t *testing.T) {
	d := protocolDecision()
	d.Method = tot.MethodTOPSIS
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	other := *d
	other.Method = tot.MethodVIKOR
	if _, err := adr.FromDecision(&other, res); err == nil || !strings.Contains(err.Error(), `result.method: "topsis", but the decision's method is "vikor"`) {
		t.Errorf("result of another method: %v", err)
	}
	unknown := *d
	unknown.Method = "magic"
	bad := *res
	bad.Method = "magic"
	if _, err := adr.FromDecision(&unknown, &bad); err == nil || !strings.Contains(err.Error(), "method:") {
		t.Errorf("unknown method: %v", err)
	}
	short := *res
	short.Ranking = short.Ranking[:2]
	_, err = adr.FromDecision(d, &short)
	if err == nil || strings.Count(err.Error(), "not in the result's ranking") != 3 || strings.Contains(err.Error(), "contributions") {
		t.Errorf("incomplete TOPSIS ranking: %v, want the 3 missing alternatives and no contributions", err)
	}
}

// methodsUnderTest are every method of tot.Methods and some normalisations.
var methodsUnderTest = append(methodStrings(tot.Methods()[1:]),
	"topsis/vector", "topsis/minmax", "weighted_product/max", "promethee_ii/linear", "weighted_sum/vector", "weighted_sum/scale")

// For generated decisions and every method: Render → Parse → Audit finds
// nothing about the numbers in any flavour, and Parse recovers the method,
// the weights, the scores and the totals.
func TestRoundTripMethodsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, method := range methodsUnderTest {
		evaluated := 0
		for n := 0; n < 40; n++ {
			complete := n%4 != 3
			d := randomDecision(rng, complete)
			d.Method = tot.Method(method)
			res, err := tot.Evaluate(d)
			if err != nil {
				continue // e.g. a normalisation of an all-zero column
			}
			evaluated++
			r, err := adr.FromDecision(d, res)
			if err != nil {
				t.Fatalf("%s, decision %d: FromDecision: %v", method, n, err)
			}
			for _, f := range flavours {
				name := fmt.Sprintf("%s, decision %d, %v", method, n, f)
				src := render(t, r, f)
				p, err := adr.Parse([]byte(src))
				if err != nil {
					t.Fatalf("%s: Parse: %v\n%s", name, err, src)
				}
				if p.Method != method {
					t.Errorf("%s: parsed method %q", name, p.Method)
				}
				for _, fd := range adr.Audit(p) {
					if fd.Code == adr.CodeMissingDate {
						continue // FromDecision reads no clock: the record has no date
					}
					arithmetic := fd.Code == adr.CodeDeclaredMismatch || fd.Code == adr.CodeScoreConflict || fd.Code == adr.CodeGateMismatch ||
						fd.Code == adr.CodeUnreadable || fd.Code == adr.CodeUnknownColumn || fd.Code == adr.CodePlaceholder ||
						fd.Code == adr.CodeScoreOutOfRange || fd.Code == adr.CodeUnknownMethod || fd.Code == adr.CodeMethodFailed
					expected := fd.Code == adr.CodeCriticalFailureSelected || fd.Code == adr.CodeBelowThresholdSelected
					if arithmetic || complete && !(expected && gateFailsSelected(d, res)) {
						t.Errorf("%s: finding %+v\n%s", name, fd, src)
					}
				}
				checkRecovered(t, name, d, res, p)
			}
		}
		if evaluated < 20 {
			t.Errorf("%s: only %d of 40 generated decisions evaluated", method, evaluated)
		}
	}
}

// A hand-edited total or score in a TOPSIS record is a declared mismatch
// against TOPSIS (not the weighted sum), in every flavour.
func TestAuditMethodEditedTotal(t *testing.T) {
	_, _, r := methodRecord(t, string(tot.MethodTOPSIS))
	total := r.Matrix.Rows[1].Total.String() // Modular Monolith
	for _, f := range flavours {
		src := render(t, r, f)
		if fs := adr.Audit(mustParse(t, src)); len(byCode(fs, adr.CodeDeclaredMismatch)) > 0 {
			t.Fatalf("%v: unedited record: %v", f, fs)
		}
		row := "| 2. Modular Monolith | 8 | 6 | 8 | 8 | 8 | **" + total + "** |"
		score := "**Score:** " + total + "/100"
		if strings.Count(src, row) != 1 || strings.Count(src, score) != 1 {
			t.Fatalf("%v: no single row %q and score line %q in\n%s", f, row, score, src)
		}
		src = strings.Replace(src, row, strings.Replace(row, total, "70.5", 1), 1)
		src = strings.Replace(src, score, "**Score:** 68/100", 1)
		var got []string
		for _, fd := range byCode(adr.Audit(mustParse(t, src)), adr.CodeDeclaredMismatch) {
			got = append(got, fd.Where+": "+fd.Message)
		}
		want := []string{
			"options[2].weighted-score: option 2 declares score 68, computed ",
			"matrix.option[2].total: option 2 (2. Modular Monolith): declared total 70.5, computed ",
		}
		if len(got) != len(want) {
			t.Fatalf("%v: declared-mismatch findings %q, want 2", f, got)
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) || !strings.HasSuffix(got[i], " by TOPSIS") || !strings.Contains(got[i], total[:2]) {
				t.Errorf("%v: finding %q, want %q… %s… by TOPSIS", f, got[i], want[i], total)
			}
		}
	}
}

func mustParse(t *testing.T, src string) *adr.Record {
	t.Helper()
	p, err := adr.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAuditUnknownMethod(t *testing.T) {
	_, _, r := methodRecord(t, string(tot.MethodTOPSIS))
	for _, f := range flavours {
		src := strings.Replace(render(t, r, f), "`topsis`", "`magic`", 1)
		p := mustParse(t, src)
		if p.Method != "magic" {
			t.Fatalf("%v: method %q, want magic", f, p.Method)
		}
		fs := adr.Audit(p)
		want := []adr.Finding{{Code: adr.CodeUnknownMethod, Severity: tot.SeverityError, Where: "method",
			Message: `method "magic" is not one Audit can recompute (want one of weighted_sum, weighted_product, topsis, vikor, promethee_ii, optionally with /normalization)`}}
		if diff := cmp.Diff(want, byCode(fs, adr.CodeUnknownMethod)); diff != "" {
			t.Errorf("%v: (-want +got):\n%s", f, diff)
		}
		if got := byCode(fs, adr.CodeDeclaredMismatch); len(got) > 0 {
			t.Errorf("%v: totals checked with an unknown method: %v", f, got)
		}
	}
	// a record built by hand with an odd method renders, parses and audits
	odd := &adr.Record{Title: "Odd", Method: "we*ird `x` | y\n# z", Criteria: []adr.Criterion{{Name: "A", Weight: adr.Number{Value: 100}}}}
	for _, f := range flavours {
		p := mustParse(t, render(t, odd, f))
		if len(byCode(adr.Audit(p), adr.CodeUnknownMethod)) != 1 {
			t.Errorf("%v: no unknown-method finding for %q (parsed %q)", f, odd.Method, p.Method)
		}
	}
}

func TestParseMethod(t *testing.T) {
	const doc = "# 1. T\n\n## Evaluation Criteria\n\n| Criterion | Weight |\n|---|---|\n| A | 60%% |\n| B | 40%% |\n\n**Method:** %s\n\n" +
		"## Options Comparison Matrix\n\n| Option | A | B | **Total** |\n|---|---|---|---|\n| 1. X | 8 | 2 | **%s** |\n| 2. Y | 2 | 8 | **%s** |\n"
	for _, tc := range []struct {
		line, want string
		totals     [2]string
		mismatches int
	}{
		{"`topsis/vector` — TOPSIS, vector normalisation", "topsis/vector", [2]string{"60.0", "40.0"}, 0},
		{"TOPSIS", "topsis", [2]string{"60.0", "40.0"}, 0},
		{"TOPSIS", "topsis", [2]string{"56.0", "44.0"}, 2},
		{"PROMETHEE II", "promethee_ii", [2]string{"60", "40"}, 0},
		{"weighted sum", "weighted_sum", [2]string{"56", "44"}, 0},
		{"weighted sum", "weighted_sum", [2]string{"60", "40"}, 2},
		{"Weighted-Product", "weighted_product", [2]string{"60", "40"}, 2},
	} {
		src := fmt.Sprintf(doc, tc.line, tc.totals[0], tc.totals[1])
		p := mustParse(t, src)
		if p.Method != tc.want {
			t.Errorf("Method of %q = %q, want %q", tc.line, p.Method, tc.want)
		}
		if fs := byCode(adr.Audit(p), adr.CodeDeclaredMismatch); len(fs) != tc.mismatches {
			t.Errorf("%s with totals %v: %d declared-mismatch findings %v, want %d", tc.line, tc.totals, len(fs), fs, tc.mismatches)
		}
	}
}

// A method record read back renders the same: Log.Supersede and Log.Link
// rewrite records that way.
func TestMethodRecordReparse(t *testing.T) {
	for _, method := range []string{string(tot.MethodTOPSIS), "promethee_ii/linear"} {
		_, _, r := methodRecord(t, method)
		for _, f := range flavours {
			a := render(t, r, f)
			if diff := cmp.Diff(a, render(t, mustParse(t, a), f)); diff != "" {
				t.Errorf("%s/%v: Render(Parse(Render(r))) differs (-first +second):\n%s", method, f, diff)
			}
		}
	}
}

// A "**Method:**" line elsewhere (in an option, in implementation notes) is
// not the record's MCDA method.
func TestParseMethodElsewhere(t *testing.T) {
	src := "# 1. T\n\n## Evaluation Criteria\n\n| Criterion | Weight |\n|---|---|\n| A | 100% |\n\n" +
		"## Options Considered\n\n### Option 1: X\n\n**Method:** blue-green deployment\n\n" +
		"## Implementation Notes\n\n**Method:** strangler fig\n"
	p := mustParse(t, src)
	if p.Method != "" {
		t.Errorf("Method = %q, want none", p.Method)
	}
	if fs := byCode(adr.Audit(p), adr.CodeUnknownMethod); len(fs) > 0 {
		t.Errorf("unknown-method findings %v", fs)
	}
}

func methodStrings(ms []tot.Method) []string {
	var out []string
	for _, m := range ms {
		out = append(out, string(m))
	}
	return out
}
