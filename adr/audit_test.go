package adr_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
)

func parseFile(t *testing.T, name string) *adr.Record {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := adr.Parse(b)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return r
}

func byCode(fs []adr.Finding, code string) []adr.Finding {
	var out []adr.Finding
	for _, f := range fs {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// The protocol's Phase 1 criteria and Phase 4 matrix: by hand,
// option 1 = 2.1+2.25+1.2+1.2+0.5 = 7.25 → 72.5 (declared 70.5) and
// option 5 = 2.1+1.75+1.2+1.05+0.6 = 6.7 → 67.0 (declared 67.5); every
// other total and every contribution is right.
func TestAuditProtocolExample(t *testing.T) {
	r := parseFile(t, "testdata/protocol-example.md")
	fs := adr.Audit(r)
	got := byCode(fs, adr.CodeDeclaredMismatch)
	want := []adr.Finding{
		{Code: "declared-mismatch", Severity: "error", Where: "matrix.option[1].total", Message: "option 1 (1. Microservices REST): declared total 70.5, computed 72.5"},
		{Code: "declared-mismatch", Severity: "error", Where: "matrix.option[5].total", Message: "option 5 (5. SOA with ESB): declared total 67.5, computed 67.0"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("declared-mismatch findings (-want +got):\n%s", diff)
	}
	for _, code := range []string{adr.CodeGateMismatch, adr.CodeScoreConflict, adr.CodeUnknownColumn, adr.CodeSelectionWithoutRationale, adr.CodeCriticalFailureSelected} {
		if f := byCode(fs, code); len(f) > 0 {
			t.Errorf("unexpected %s: %v", code, f)
		}
	}
	if r.Threshold == nil || r.Threshold.Value != 65 {
		t.Errorf("threshold = %v, want 65", r.Threshold)
	}
	if c := r.Criteria[3]; c.Name != "Security" || c.Critical == nil || *c.Critical != 8 {
		t.Errorf("Security gate not parsed: %+v", c)
	}
	// the JSON shape of a finding
	b, _ := json.Marshal(got[0])
	if want := `{"code":"declared-mismatch","severity":"error","message":"option 1 (1. Microservices REST): declared total 70.5, computed 72.5","where":"matrix.option[1].total"}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

// The seed's template itself: option 1's row 8 (2.4), 7 (1.75), 6 (1.2),
// 9 (1.35), 5 (0.5) sums to 7.2 → 72, declared 71; the X (X.X) rows are
// incomplete, not wrong.
func TestAuditTemplate(t *testing.T) {
	r := parseFile(t, "testdata/adr-with-tot.md")
	fs := adr.Audit(r)
	got := byCode(fs, adr.CodeDeclaredMismatch)
	want := []adr.Finding{{Code: "declared-mismatch", Severity: "error", Where: "matrix.option[1].total", Message: "option 1 (Option 1): declared total 71, computed 72"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("declared-mismatch findings (-want +got):\n%s", diff)
	}
	ph := map[string]bool{}
	for _, f := range byCode(fs, adr.CodePlaceholder) {
		ph[f.Where] = true
	}
	for _, w := range []string{"matrix.option[2]", "matrix.option[3]", "options[1].weighted-score", "decision.selected", "status"} {
		if !ph[w] {
			t.Errorf("no placeholder finding at %s; got %v", w, ph)
		}
	}
	if len(r.Criteria) != 5 || r.Matrix == nil || len(r.Matrix.Rows) != 3 {
		t.Fatalf("template parsed to %d criteria, matrix %+v", len(r.Criteria), r.Matrix)
	}
}

func TestAuditTable(t *testing.T) {
	const head = "# T\n\n## Evaluation Criteria\n\n| Criterion | Weight |\n|---|---|\n| A | %s |\n| B | %s |\n| C | %s |\n\n" +
		"## Options Comparison Matrix\n\n| Option | A | B | C | Total |\n|---|---|---|---|---|\n%s\n"
	for _, tc := range []struct {
		name      string
		w         [3]string
		rows      string
		wantCodes []string // arithmetic and placeholder findings, in order
	}{
		{"fractions", [3]string{"0.5", "0.3", "0.2"}, "| 1. X | 8 (4.0) | 6 (1.8) | 10 (2) | **78** |", nil},
		{"percent", [3]string{"50%", "30%", "20%"}, "| 1. X | 8 (4) | 6 (1.8) | 10 (2) | 78/100 |", nil},
		{"on ten", [3]string{"50%", "30%", "20%"}, "| 1. X | 8 (4) | 6 (1.8) | 10 (2) | 7.8/10 |", nil},
		{"points", [3]string{"50%", "30%", "20%"}, "| 1. X | 8 (40) | 6 (18) | 10 (20) | 78 |", nil},
		{"declared precision", [3]string{"50%", "30%", "20%"}, "| 1. X | 8 (4) | 6 (1.8) | 9 (1.8) | 76 |", nil},
		{"wrong cell", [3]string{"50%", "30%", "20%"}, "| 1. X | 8 (4) | 6 (1.9) | 10 (2) | 78 |", []string{"declared-mismatch@matrix.option[1].B"}},
		{"wrong total", [3]string{"50%", "30%", "20%"}, "| 1. X | 8 (4) | 6 (1.8) | 10 (2) | 78.4 |", []string{"declared-mismatch@matrix.option[1].total"}},
		{"weights sum", [3]string{"50%", "30%", "30%"}, "| 1. X | 8 | 6 | 10 | 80.0 |", []string{"weights-sum@criteria"}},
		{"placeholder", [3]string{"50%", "30%", "20%"}, "| 1. X | X (X.X) | X (X.X) | X (X.X) | **XX** |", []string{"placeholder@matrix.option[1]"}},
		{"out of range", [3]string{"50%", "30%", "20%"}, "| 1. X | 11 (5.5) | 6 (1.8) | 10 (2) | 93 |", []string{"score-out-of-range@matrix.option[1].A"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.ReplaceAll(head, "%s", "\x00")
			for _, v := range []string{tc.w[0], tc.w[1], tc.w[2], tc.rows} {
				src = strings.Replace(src, "\x00", v, 1)
			}
			r, err := adr.Parse([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range adr.Audit(r) {
				switch f.Code {
				case adr.CodeDeclaredMismatch, adr.CodePlaceholder, adr.CodeWeightsSum, adr.CodeScoreOutOfRange, adr.CodeUnreadable:
					got = append(got, f.Code+"@"+f.Where)
				}
			}
			if diff := cmp.Diff(tc.wantCodes, got); diff != "" {
				t.Errorf("Audit of\n%s\n(-want +got):\n%s", src, diff)
			}
		})
	}
}

func TestAuditDecisionChecks(t *testing.T) {
	base := func(selected, rationale string) string {
		return "# T\n\n## Evaluation Criteria\n\n| Criterion | Weight |\n|---|---|\n| A | 50% |\n| B | 30% |\n| C | 20% |\n\n" +
			"**Critical Criteria:**\n\n- C must score 5+ (pass/fail)\n\n" +
			"## Options Comparison Matrix\n\n| Option | A | B | C | **Total** | Pass? |\n|---|---|---|---|---|---|\n" +
			"| 1. Hi | 9 (4.5) | 9 (2.7) | 4 (0.8) | **80** | Fail |\n| 2. Mid | 7 (3.5) | 7 (2.1) | 7 (1.4) | **70** | Yes |\n| 3. Lo | 5 (2.5) | 5 (1.5) | 5 (1) | **50** | Yes |\n\n" +
			"## Decision\n\n**Selected Option:** " + selected + "\n\n" + rationale
	}
	for _, tc := range []struct {
		name, sel, rat string
		want           []string
	}{
		{"best viable", "Option 2 - Mid", "**Qualitative Rationale:** fits.", nil},
		{"lower without rationale", "Option 3 - Lo", "", []string{adr.CodeSelectionWithoutRationale, adr.CodeMissingQualitative}},
		{"lower with rationale", "Option 3 - Lo", "**Qualitative Rationale:** team skills.", nil},
		{"gate failure selected", "Option 1 - Hi", "**Qualitative Rationale:** fastest.", []string{adr.CodeCriticalFailureSelected}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := adr.Parse([]byte(base(tc.sel, tc.rat)))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range adr.Audit(r) {
				switch f.Code {
				case adr.CodeSelectionWithoutRationale, adr.CodeMissingQualitative, adr.CodeCriticalFailureSelected, adr.CodeGateMismatch, adr.CodeDeclaredMismatch:
					got = append(got, f.Code)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuditMinimumADR(t *testing.T) {
	r := &adr.Record{Title: "Bare", Triggers: []string{"If performance becomes a problem", "Users exceed 40K"}}
	got := map[string]bool{}
	for _, f := range adr.Audit(r) {
		got[f.Code] = true
	}
	for _, c := range []string{adr.CodeTooFewCriteria, adr.CodeTooFewOptions, adr.CodeMissingMatrix, adr.CodeMissingTradeOffs, adr.CodeTooFewTriggers, adr.CodeVagueTrigger} {
		if !got[c] {
			t.Errorf("Audit of a bare record lacks %s (got %v)", c, got)
		}
	}
}

// The other seed templates parse; empty cells and placeholders are not
// arithmetic errors.
func TestAuditOtherTemplates(t *testing.T) {
	for _, name := range []string{"testdata/adr-template.md", "testdata/decision-matrix-template.md"} {
		r := parseFile(t, name)
		if r.Title == "" {
			t.Errorf("%s: no title", name)
		}
		if fs := byCode(adr.Audit(r), adr.CodeDeclaredMismatch); len(fs) > 0 {
			t.Errorf("%s: %v", name, fs)
		}
	}
	if r := parseFile(t, "testdata/decision-matrix-template.md"); len(r.Criteria) != 4 || r.Criteria[0].Weight.Value != 30 {
		t.Errorf("decision matrix criteria: %+v", r.Criteria)
	}
}
