package tot_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/google/go-cmp/cmp"
)

// matrixDecision builds a decision with criteria "a", "b", ... weighted as
// given (0–10 benefit scales, no threshold) and alternatives scored row by
// row; every score cites "REF-<alternative><criterion>" (e.g. "REF-xa").
func matrixDecision(weights []float64, gates map[string]float64, rows map[string][]float64, order []string) *tot.Decision {
	zero := 0.0
	d := &tot.Decision{Title: "t", Threshold: &zero}
	for j, w := range weights {
		c := tot.Criterion{ID: string(rune('a' + j)), Weight: w}
		if g, ok := gates[c.ID]; ok {
			c.Critical = &g
		}
		d.Criteria = append(d.Criteria, c)
	}
	for _, id := range order {
		a := tot.Alternative{ID: id, Scores: map[string]tot.Score{}}
		for j, v := range rows[id] {
			c := d.Criteria[j].ID
			a.Scores[c] = tot.Score{Value: v, Evidence: []string{"REF-" + id + c}}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	return d
}

// deciding returns the deciding scores of a report as "alt/crit".
func deciding(rep *tot.CertaintyReport) []string {
	var out []string
	for _, s := range rep.Scores {
		if s.Deciding {
			out = append(out, s.Alternative+"/"+s.Criterion)
		}
	}
	return out
}

// The deciding scores of hand-computed matrices. Contributions are
// weight% × score / 10 points.
func TestCertaintyDecidingScores(t *testing.T) {
	tests := []struct {
		name    string
		weights []float64
		gates   map[string]float64
		rows    map[string][]float64
		order   []string
		want    []string
	}{{
		// x = 50+6+10 = 66, y = 20+30+12 = 62, M = 4; Δ a +30, b −24, c −2:
		// a and b each reach the margin, c does not.
		name:    "small margin",
		weights: []float64{50, 30, 20},
		rows:    map[string][]float64{"x": {10, 2, 5}, "y": {4, 10, 6}},
		order:   []string{"x", "y"},
		want:    []string{"x/a", "x/b", "y/a", "y/b"},
	}, {
		// x = 40+30+20+0 = 90, y = 20+18+16+10 = 64, M = 26; |Δ| a 20, b 12,
		// c 4, d 10: none reaches 26; largest first a+b = 32 >= 26.
		name:    "wide margin carried by two criteria",
		weights: []float64{40, 30, 20, 10},
		rows:    map[string][]float64{"x": {10, 10, 10, 0}, "y": {5, 6, 8, 10}},
		order:   []string{"x", "y"},
		want:    []string{"x/a", "x/b", "y/a", "y/b"},
	}, {
		// z = 25+50 = 75 fails the gate on a (5 < 6) above x = 35+35 = 70;
		// y = 30+30 = 60, M = 10, Δ a 5, b 5: together. x's gate score and
		// z's failing score decide too.
		name:    "gate failure above the recommended",
		weights: []float64{50, 50},
		gates:   map[string]float64{"a": 6},
		rows:    map[string][]float64{"z": {5, 10}, "x": {7, 7}, "y": {6, 6}},
		order:   []string{"z", "x", "y"},
		want:    []string{"z/a", "x/a", "x/b", "y/a", "y/b"},
	}, {
		// y = 25+30+20 = 75 fails the gate (5 < 6) above x = 35+6+10 = 51:
		// no runner-up, every score of x decides, and y's failing score.
		name:    "no runner-up",
		weights: []float64{50, 30, 20},
		gates:   map[string]float64{"a": 6},
		rows:    map[string][]float64{"x": {7, 2, 5}, "y": {5, 10, 10}},
		order:   []string{"x", "y"},
		want:    []string{"x/a", "x/b", "x/c", "y/a"},
	}, {
		// x = 30+20+5 = 55 = y = 40+10+5, M = 0: every criterion where they
		// differ (a, b); they are equal on c.
		name:    "tie",
		weights: []float64{50, 25, 25},
		rows:    map[string][]float64{"x": {6, 8, 2}, "y": {8, 4, 2}},
		order:   []string{"x", "y"},
		want:    []string{"x/a", "x/b", "y/a", "y/b"},
	}, {
		// Equal weights: x = (9+5+1)/3·10 = 50, y = (8+5+5)/3·10 = 60, so y
		// leads x by 10; Δ (y−x) a −3.33, b 0, c +13.33: only c reaches 10.
		name:    "runner-up ahead on one criterion",
		weights: []float64{1, 1, 1},
		rows:    map[string][]float64{"x": {9, 5, 1}, "y": {8, 5, 5}},
		order:   []string{"x", "y"},
		want:    []string{"x/c", "y/c"},
	}, {
		name:    "no viable alternative",
		weights: []float64{1},
		gates:   map[string]float64{"a": 9},
		rows:    map[string][]float64{"x": {5}, "y": {6}},
		order:   []string{"x", "y"},
		want:    nil,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := matrixDecision(tt.weights, tt.gates, tt.rows, tt.order)
			res, err := tot.Evaluate(d)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := tot.Certainty(d, res, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, deciding(rep)); diff != "" {
				t.Errorf("deciding scores (-want +got):\n%s\nranking %+v", diff, res.Ranking)
			}
		})
	}
}

// assess parses a one-source assessment at a baseline level with n
// serious downgrades for risk of bias.
func assess(t *testing.T, id, level string, down int) *grade.Assessment {
	t.Helper()
	y := fmt.Sprintf("id: %s\nbaseline: {level: %s, rationale: r}\n", id, level)
	if down > 0 {
		y += "downgrades_applied:\n  - {factor: risk_of_bias, severity: " + []string{"", "serious", "very_serious"}[down] + ", rationale: Vendor-run benchmark}\n"
	}
	a, err := grade.ParseAssessment([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func register(t *testing.T, as ...*grade.Assessment) *grade.Register {
	t.Helper()
	r := &grade.Register{}
	for _, a := range as {
		if err := r.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// The certainty of the recommendation is the weakest assessed evidence of
// its deciding scores, with the trail of the source that sets it;
// non-deciding scores do not lower it; unassessed citations and scores
// without evidence are reported.
func TestCertaintyLevels(t *testing.T) {
	// small margin case: deciding x/a, x/b, y/a, y/b.
	d := matrixDecision([]float64{50, 30, 20}, nil, map[string][]float64{"x": {10, 2, 5}, "y": {4, 10, 6}}, []string{"x", "y"})
	d.Alternatives[0].Scores["a"] = tot.Score{Value: 10, Evidence: []string{"REF-xa", "REF-low"}}
	d.Alternatives[1].Scores["c"] = tot.Score{Value: 6} // no evidence, not deciding
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	reg := register(t,
		assess(t, "REF-xa", "high", 0), assess(t, "ref-LOW", "high", 2), // cited as REF-low
		assess(t, "REF-xb", "moderate", 0), assess(t, "REF-ya", "high", 0), assess(t, "REF-yb", "high", 0),
		assess(t, "REF-xc", "very_low", 0)) // not deciding
	rep, err := tot.Certainty(d, res, reg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Certainty != grade.Low || rep.Recommended != "x" || rep.RunnerUp != "y" {
		t.Errorf("certainty %v recommended %q runner-up %q, want Low x y", rep.Certainty, rep.Recommended, rep.RunnerUp)
	}
	want := []string{"REF-low (x/a): HIGH (baseline) - very serious (risk of bias) = LOW; rated down 2 levels for risk of bias (very serious): Vendor-run benchmark"}
	if diff := cmp.Diff(want, rep.Trail); diff != "" {
		t.Errorf("trail (-want +got):\n%s", diff)
	}
	if len(rep.Unsupported) != 0 {
		t.Errorf("unsupported %+v", rep.Unsupported)
	}
	levels := map[string]grade.Level{}
	for _, s := range rep.Scores {
		levels[s.Alternative+"/"+s.Criterion] = s.Level
	}
	wantLevels := map[string]grade.Level{"x/a": grade.Low, "x/b": grade.Moderate, "x/c": grade.VeryLow, "y/a": grade.High, "y/b": grade.High, "y/c": grade.Unknown}
	if diff := cmp.Diff(wantLevels, levels); diff != "" {
		t.Errorf("score levels (-want +got):\n%s", diff)
	}
	if got := []grade.Level{rep.Alternatives[0].Level, rep.Alternatives[1].Level}; got[0] != grade.VeryLow || got[1] != grade.High {
		t.Errorf("alternative levels %v, want [Very low High]", got)
	}
	if rep.Alternatives[1].NoEvidence != 1 {
		t.Errorf("y no-evidence count %d, want 1", rep.Alternatives[1].NoEvidence)
	}
	var codes []string
	for _, f := range rep.Findings {
		codes = append(codes, string(f.Severity)+" "+f.Code+" "+f.Where)
	}
	wantCodes := []string{"info no-evidence alternatives[1].scores.c"}
	if diff := cmp.Diff(wantCodes, codes); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}

	// Without REF-yb's assessment a deciding score cites only an unassessed
	// source: it is unsupported and a warning.
	reg2 := register(t, assess(t, "REF-xa", "high", 0), assess(t, "REF-low", "high", 2),
		assess(t, "REF-xb", "moderate", 0), assess(t, "REF-ya", "high", 0))
	rep2, err := tot.Certainty(d, res, reg2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep2.Unsupported) != 1 || rep2.Unsupported[0].Criterion != "b" || rep2.Unsupported[0].Alternative != "y" {
		t.Errorf("unsupported %+v, want y/b", rep2.Unsupported)
	}
	found := false
	for _, f := range rep2.Findings {
		if f.Code == grade.CodeUnassessedSource && f.Severity == tot.SeverityWarning && strings.Contains(f.Message, "REF-yb") && f.Where == "alternatives[1].scores.b.evidence[0]" {
			found = true
		}
	}
	if !found {
		t.Errorf("no deciding unassessed-source warning for REF-yb: %+v", rep2.Findings)
	}
	if rep2.Certainty != grade.Low {
		t.Errorf("certainty %v, want Low (the weakest assessed)", rep2.Certainty)
	}
	i := slices.IndexFunc(rep2.Sources, func(s tot.SourceCertainty) bool { return s.ID == "REF-yb" })
	if i < 0 || rep2.Sources[i].Assessed || !rep2.Sources[i].Deciding || !slices.Equal(rep2.Sources[i].CitedBy, []string{"y/b"}) {
		t.Errorf("source REF-yb: %+v", rep2.Sources)
	}
}

func TestCertaintyInvalid(t *testing.T) {
	d := matrixDecision([]float64{1}, nil, map[string][]float64{"x": {5}}, []string{"x"})
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	other := *res
	other.Ranking = append(slices.Clone(res.Ranking), tot.Ranked{Alternative: "ghost"})
	other.Recommended = "nobody"
	for name, c := range map[string]struct {
		d   *tot.Decision
		res *tot.Result
	}{"nil decision": {nil, res}, "nil result": {d, nil}, "foreign result": {d, &other}} {
		if _, err := tot.Certainty(c.d, c.res, nil); !errors.Is(err, tot.ErrInvalid) {
			t.Errorf("%s: error %v, want ErrInvalid", name, err)
		}
	}
	if _, err := tot.Certainty(d, &other, nil); err == nil || !strings.Contains(err.Error(), "ghost") || !strings.Contains(err.Error(), "nobody") {
		t.Errorf("foreign result: %v, want both problems named", err)
	}
}

// BenchmarkCertainty joins a 1000 × 20 matrix, every score citing two of
// 500 assessed sources.
func BenchmarkCertainty(b *testing.B) {
	const na, nc, ns = 1000, 20, 500
	zero := 0.0
	d := &tot.Decision{Title: "bench", Threshold: &zero}
	for j := range nc {
		d.Criteria = append(d.Criteria, tot.Criterion{ID: fmt.Sprintf("c%d", j), Weight: float64(1 + j%5)})
	}
	for i := range na {
		a := tot.Alternative{ID: fmt.Sprintf("a%d", i), Scores: map[string]tot.Score{}}
		for j, c := range d.Criteria {
			a.Scores[c.ID] = tot.Score{Value: float64((i*7 + j*3) % 11), Evidence: []string{fmt.Sprintf("REF-%03d", (i+j)%ns), fmt.Sprintf("REF-%03d", (i*j)%ns)}}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	reg := &grade.Register{}
	for k := range ns {
		a, err := grade.ParseAssessment(fmt.Appendf(nil, "id: REF-%03d\nbaseline: {level: %s}\n", k, []string{"high", "moderate", "low", "very_low"}[k%4]))
		if err != nil {
			b.Fatal(err)
		}
		if err := reg.Add(a); err != nil {
			b.Fatal(err)
		}
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := tot.Certainty(d, res, reg); err != nil {
			b.Fatal(err)
		}
	}
}

// A decision file's own assessments join the register; a source assessed
// both in the file and in the register is a problem naming the entry.
func TestAddEvidence(t *testing.T) {
	d, err := tot.ParseDecision([]byte(`
title: t
criteria: [{id: a, weight: 1}]
alternatives: [{id: x, scores: {a: {score: 5, evidence: [REF-001, REF-002]}}}]
evidence:
  - {id: REF-001, baseline: {level: low, rationale: Blog}}
  - {id: REF-002, title: Not assessed}
  - {id: REF-003, baseline: {level: high}}
`))
	if err != nil {
		t.Fatal(err)
	}
	reg := register(t)
	if err := d.AddEvidence(reg); err != nil {
		t.Fatal(err)
	}
	if got := reg.IDs(); !slices.Equal(got, []string{"REF-001", "REF-003"}) {
		t.Errorf("register %v, want REF-001 REF-003", got)
	}
	if e, ok := reg.Lookup("ref-001"); !ok || e.Level != grade.Low {
		t.Errorf("REF-001: %+v %v", e, ok)
	}
	again := register(t, assess(t, "REF-003", "moderate", 0))
	err = d.AddEvidence(again)
	if !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), "evidence[2]") {
		t.Errorf("duplicate source: %v, want a problem at evidence[2]", err)
	}
	if _, ok := again.Lookup("REF-001"); !ok {
		t.Error("REF-001 was not added beside the problem")
	}
	if err := d.AddEvidence(nil); !errors.Is(err, tot.ErrInvalid) {
		t.Errorf("nil register: %v", err)
	}
}
