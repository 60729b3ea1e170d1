package tot_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func coreParseFile(t *testing.T, name string) *tot.Decision {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := tot.ParseDecision(b)
	if err != nil {
		t.Fatalf("ParseDecision(%s): %v", name, err)
	}
	return d
}

func coreEvaluate(t *testing.T, d *tot.Decision) *tot.Result {
	t.Helper()
	r, err := tot.Evaluate(d)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	return r
}

func coreRanked(r *tot.Result, id string) *tot.Ranked {
	for i := range r.Ranking {
		if r.Ranking[i].Alternative == id {
			return &r.Ranking[i]
		}
	}
	return nil
}

func coreCodes(r *tot.Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Code)
	}
	return out
}

func coreFindings(r *tot.Result, code string) []tot.Finding {
	var out []tot.Finding
	for _, f := range r.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// The protocol's Phase 1–4 example: weights 30/25/20/15/10, 0–10 scores,
// security gate 8+. Composites by hand: 10 × Σ weight × score, e.g. option
// 1: (7×0.30 + 9×0.25 + 6×0.20 + 8×0.15 + 5×0.10) × 10 = 72.5.
func TestEvaluateProtocol(t *testing.T) {
	d := coreParseFile(t, "core/protocol.yaml")
	r := coreEvaluate(t, d)

	wantScores := map[string]float64{"microservices": 72.5, "modular-monolith": 75, "serverless": 85, "hybrid": 72, "soa": 67}
	wantRank := map[string]int{"serverless": 1, "modular-monolith": 2, "microservices": 3, "hybrid": 4, "soa": 5}
	for id, want := range wantScores {
		got := coreRanked(r, id)
		if got == nil {
			t.Fatalf("%s missing from ranking", id)
		}
		if math.Abs(got.Score-want) > 1e-9 {
			t.Errorf("%s: score %v, want %v", id, got.Score, want)
		}
		if got.Rank != wantRank[id] {
			t.Errorf("%s: rank %d, want %d", id, got.Rank, wantRank[id])
		}
	}
	soa := coreRanked(r, "soa")
	if !cmp.Equal(soa.GateFailures, []string{"security"}) || soa.Viable || soa.BelowThreshold {
		t.Errorf("soa: gate failures %v viable %v below %v, want [security] false false", soa.GateFailures, soa.Viable, soa.BelowThreshold)
	}
	if r.Recommended != "serverless" {
		t.Errorf("recommended %q, want serverless", r.Recommended)
	}
	if r.Margin == nil || math.Abs(*r.Margin-10) > 1e-9 {
		t.Errorf("margin %v, want 10", r.Margin)
	}
	if r.CloseCall {
		t.Errorf("close call, want none (margin 10 >= 5)")
	}
	wantContrib := map[string]float64{"performance": 21, "scalability": 22.5, "maintainability": 12, "security": 12, "cost": 5}
	if diff := cmp.Diff(wantContrib, coreRanked(r, "microservices").Contributions, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("microservices contributions (-want +got):\n%s", diff)
	}
	// The human selection overrides the recommendation with a rationale.
	if got := coreCodes(r); !cmp.Equal(got, []string{tot.CodeSelectionOverrides}) {
		t.Errorf("findings %v, want [%s]", got, tot.CodeSelectionOverrides)
	}
}

// The tot-decide example: 1–5 scale, "30%" weights, the minimum of the
// scale is 0 points: A = 100 × (0.30×4/4 + 0.25×4/4 + 0.20×2/4 + 0.15×2/4 +
// 0.10×3/4) = 80, C = 76.25, B = 53.75.
func TestEvaluateToTDecide(t *testing.T) {
	d := coreParseFile(t, "core/tot-decide.json")
	if d.Criteria[0].Weight != 30 || d.Criteria[0].Scale != (tot.Scale{Min: 1, Max: 5}) {
		t.Fatalf("criteria[0] weight %v scale %v, want 30 and 1–5", d.Criteria[0].Weight, d.Criteria[0].Scale)
	}
	r := coreEvaluate(t, d)
	var got []string
	for _, x := range r.Ranking {
		got = append(got, x.Alternative)
	}
	if want := []string{"A", "C", "B"}; !cmp.Equal(got, want) {
		t.Errorf("ranking %v, want %v", got, want)
	}
	for id, want := range map[string]float64{"A": 80, "C": 76.25, "B": 53.75} {
		if s := coreRanked(r, id).Score; math.Abs(s-want) > 1e-9 {
			t.Errorf("%s: %v, want %v", id, s, want)
		}
	}
	if !r.CloseCall || r.Margin == nil || math.Abs(*r.Margin-3.75) > 1e-9 {
		t.Errorf("close call %v margin %v, want true 3.75", r.CloseCall, r.Margin)
	}
	if b := coreRanked(r, "B"); b.Viable || !b.BelowThreshold {
		t.Errorf("B viable %v below %v, want false true (53.75 < 65)", b.Viable, b.BelowThreshold)
	}
	if len(coreFindings(r, tot.CodeCloseCall)) != 1 {
		t.Errorf("findings %v, want one close-call", coreCodes(r))
	}
}

func coreGate(v float64) *float64 { return &v }

// small builds a decision on 0–10 scales from rows of scores.
func coreSmall(weights []float64, rows ...[]float64) *tot.Decision {
	d := &tot.Decision{Threshold: new(0.0), CloseCall: new(5.0)}
	for j, w := range weights {
		d.Criteria = append(d.Criteria, tot.Criterion{ID: string(rune('a' + j)), Weight: w})
	}
	for i, row := range rows {
		a := tot.Alternative{ID: string(rune('A' + i)), Scores: map[string]tot.Score{}}
		for j, x := range row {
			a.Scores[string(rune('a'+j))] = tot.Score{Value: x}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	return d
}

func TestEvaluateCostCriteria(t *testing.T) {
	// Cost criterion b on 0–100 (e.g. k$/month): lower is better; gate <= 60.
	d := coreSmall([]float64{1, 1}, []float64{8, 20}, []float64{6, 60}, []float64{10, 61})
	d.Criteria[1].Direction = tot.Cost
	d.Criteria[1].Scale = tot.Scale{Min: 0, Max: 100}
	d.Criteria[1].Critical = coreGate(60)
	r := coreEvaluate(t, d)
	// By hand: A = 50×0.8 + 50×(100−20)/100 = 80; B = 30 + 20 = 50;
	// C = 50 + 19.5 = 69.5 but fails the cost gate (61 > 60).
	want := []tot.Ranked{
		{Alternative: "A", Score: 80, Rank: 1, Viable: true, GateFailures: []string{}, Contributions: map[string]float64{"a": 40, "b": 40}},
		{Alternative: "C", Score: 69.5, Rank: 2, Viable: false, GateFailures: []string{"b"}, Contributions: map[string]float64{"a": 50, "b": 19.5}},
		{Alternative: "B", Score: 50, Rank: 3, Viable: true, GateFailures: []string{}, Contributions: map[string]float64{"a": 30, "b": 20}},
	}
	if diff := cmp.Diff(want, r.Ranking, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("ranking (-want +got):\n%s", diff)
	}
	if r.Recommended != "A" || r.Margin == nil || math.Abs(*r.Margin-30) > 1e-9 {
		t.Errorf("recommended %q margin %v, want A 30", r.Recommended, r.Margin)
	}
}

func TestEvaluateInclusiveGateAndThreshold(t *testing.T) {
	// Single criterion: composite = 10 × score. 6.5 → 65 passes a threshold
	// of 65; a gate of 8 passes a score of 8.
	d := coreSmall([]float64{1, 1}, []float64{6.5, 6.5}, []float64{8, 2}, []float64{6.4, 6.5})
	d.Threshold = new(65.0)
	d.Criteria[0].Critical = coreGate(6.5)
	r := coreEvaluate(t, d)
	for _, tc := range []struct {
		id            string
		viable, below bool
		gates         []string
	}{
		{"A", true, false, []string{}},
		{"B", false, true, []string{}},
		{"C", false, true, []string{"a"}},
	} {
		got := coreRanked(r, tc.id)
		if got.Viable != tc.viable || got.BelowThreshold != tc.below || !cmp.Equal(got.GateFailures, tc.gates) {
			t.Errorf("%s (score %v): viable %v below %v gates %v, want %v %v %v", tc.id, got.Score,
				got.Viable, got.BelowThreshold, got.GateFailures, tc.viable, tc.below, tc.gates)
		}
	}
	if r.Margin != nil {
		t.Errorf("margin %v with one viable alternative, want nil", *r.Margin)
	}
}

func TestEvaluateTies(t *testing.T) {
	// A and C tie at 70 (7 and 7), B at 80 first, D at 70 too: ranks 1,2,2,2
	// would be wrong for competition ranking only if shared ranks skip: want
	// B 1, A 2, C 2, D 2, E 5.
	d := coreSmall([]float64{1}, []float64{7}, []float64{8}, []float64{7}, []float64{7}, []float64{3})
	r := coreEvaluate(t, d)
	var got []string
	var ranks []int
	for _, x := range r.Ranking {
		got = append(got, x.Alternative)
		ranks = append(ranks, x.Rank)
	}
	if want := []string{"B", "A", "C", "D", "E"}; !cmp.Equal(got, want) {
		t.Errorf("order %v, want %v (ties in declared order)", got, want)
	}
	if want := []int{1, 2, 2, 2, 5}; !cmp.Equal(ranks, want) {
		t.Errorf("ranks %v, want %v", ranks, want)
	}
	if r.CloseCall {
		t.Errorf("close call with margin %v, want none", *r.Margin)
	}
	if len(coreFindings(r, tot.CodeTie)) != 1 {
		t.Errorf("findings %v, want one tie", coreCodes(r))
	}

	// A tie at the top: margin 0 and a close call, even with CloseCall 0.
	d = coreSmall([]float64{1, 2}, []float64{7, 5}, []float64{5, 6})
	d.CloseCall = new(0.0)
	r = coreEvaluate(t, d)
	if r.Ranking[0].Rank != 1 || r.Ranking[1].Rank != 1 || r.Recommended != "A" {
		t.Errorf("ranks %d %d recommended %q, want 1 1 A", r.Ranking[0].Rank, r.Ranking[1].Rank, r.Recommended)
	}
	if r.Margin == nil || *r.Margin != 0 || !r.CloseCall {
		t.Errorf("margin %v close call %v, want 0 true", r.Margin, r.CloseCall)
	}
}

// Weights such as 0.1 and 0.2 are not exact in binary: 0.1×9+0.2×6 and
// 0.1×6+0.2×7.5 are both 2.1 in decimal and must tie.
func TestEvaluateTiesWithinTolerance(t *testing.T) {
	d := coreSmall([]float64{0.1, 0.2, 0.7}, []float64{9, 6, 0}, []float64{6, 7.5, 0})
	r := coreEvaluate(t, d)
	if r.Ranking[0].Rank != 1 || r.Ranking[1].Rank != 1 {
		t.Errorf("scores %v %v ranks %d %d, want a tie", r.Ranking[0].Score, r.Ranking[1].Score, r.Ranking[0].Rank, r.Ranking[1].Rank)
	}
	if r.Margin == nil || *r.Margin != 0 || !r.CloseCall {
		t.Errorf("margin %v close call %v, want 0 true", r.Margin, r.CloseCall)
	}
}

func TestEvaluateSelection(t *testing.T) {
	tests := []struct {
		name      string
		selected  string
		rationale string
		want      []string
	}{
		{"recommended", "serverless", "", nil},
		{"override with rationale", "modular-monolith", "team skills", []string{tot.CodeSelectionOverrides}},
		{"override without rationale", "modular-monolith", "", []string{tot.CodeSelectionWithoutRationale}},
		{"blank rationale", "hybrid", " \n", []string{tot.CodeSelectionWithoutRationale}},
		{"not viable", "soa", "ESB already licensed", []string{tot.CodeSelectionNotViable, tot.CodeSelectionOverrides}},
		{"not viable, no rationale", "soa", "", []string{tot.CodeSelectionNotViable, tot.CodeSelectionWithoutRationale}},
		{"none", "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := coreParseFile(t, "core/protocol.yaml")
			d.Selected, d.Rationale = tc.selected, tc.rationale
			r := coreEvaluate(t, d)
			if got := coreCodes(r); !cmp.Equal(got, tc.want, cmpopts.EquateEmpty()) {
				t.Errorf("selected %q rationale %q: findings %v, want %v", tc.selected, tc.rationale, got, tc.want)
			}
			for _, f := range coreFindings(r, tot.CodeSelectionWithoutRationale) {
				if f.Where != "rationale" || f.Severity != tot.SeverityError || !strings.Contains(f.Message, tc.selected) {
					t.Errorf("finding %+v: want where rationale, severity error, message naming %s", f, tc.selected)
				}
			}
		})
	}
}

func TestEvaluateNoViable(t *testing.T) {
	d := coreSmall([]float64{1}, []float64{3}, []float64{2})
	d.Threshold = new(65.0)
	r := coreEvaluate(t, d)
	if r.Recommended != "" || r.Margin != nil || r.CloseCall {
		t.Errorf("recommended %q margin %v close %v, want none", r.Recommended, r.Margin, r.CloseCall)
	}
	if got := coreCodes(r); !cmp.Equal(got, []string{tot.CodeNoViable}) {
		t.Errorf("findings %v, want [%s]", got, tot.CodeNoViable)
	}
}

func TestEvaluateDegenerate(t *testing.T) {
	tests := []struct {
		name string
		d    *tot.Decision
	}{
		{"one alternative", coreSmall([]float64{1, 1}, []float64{5, 5})},
		{"all equal", coreSmall([]float64{1, 1}, []float64{5, 5}, []float64{5, 5}, []float64{5, 5})},
		{"zero and full scale", coreSmall([]float64{1, 0}, []float64{0, 10}, []float64{10, 0})},
		{"tiny scale", func() *tot.Decision {
			d := coreSmall([]float64{1e-300, 1e-300}, []float64{1e-300, 0})
			d.Criteria[0].Scale = tot.Scale{Min: 0, Max: 1e-300}
			return d
		}()},
		{"huge weights", coreSmall([]float64{1e300, 1e300}, []float64{10, 0})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := coreEvaluate(t, tc.d)
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			for _, x := range r.Ranking {
				if math.IsNaN(x.Score) || x.Score < 0 || x.Score > 100 {
					t.Errorf("score %v outside 0–100: %s", x.Score, b)
				}
			}
			if r.Margin != nil && (math.IsNaN(*r.Margin) || *r.Margin < 0) {
				t.Errorf("margin %v: %s", *r.Margin, b)
			}
		})
	}
}

// naive is an independent reference: the composite written directly from
// the definition, in big steps.
func coreNaive(d *tot.Decision, a tot.Alternative) float64 {
	var sum, s float64
	for _, c := range d.Criteria {
		sum += c.Weight
	}
	for _, c := range d.Criteria {
		lo, hi := c.Scale.Min, c.Scale.Max
		if lo == 0 && hi == 0 {
			hi = 10
		}
		u := (a.Scores[c.ID].Value - lo) / (hi - lo)
		if c.Direction == tot.Cost {
			u = 1 - u
		}
		s += c.Weight / sum * u
	}
	return 100 * s
}

func TestEvaluateAgainstNaive(t *testing.T) {
	for seed := range 200 {
		d := coreGenDecision(seed)
		r := coreEvaluate(t, d)
		for _, a := range d.Alternatives {
			got := coreRanked(r, a.ID)
			if want := coreNaive(d, a); math.Abs(got.Score-want) > 1e-9 {
				t.Fatalf("seed %d: %s score %v, naive %v", seed, a.ID, got.Score, want)
			}
			sum := 0.0
			for _, c := range d.Criteria {
				sum += got.Contributions[c.ID]
			}
			if math.Abs(sum-got.Score) > 1e-9 {
				t.Fatalf("seed %d: %s contributions sum to %v, score %v", seed, a.ID, sum, got.Score)
			}
		}
		for k := 1; k < len(r.Ranking); k++ {
			if r.Ranking[k].Score > r.Ranking[k-1].Score+1e-9 {
				t.Fatalf("seed %d: ranking not descending at %d", seed, k)
			}
		}
	}
}

func TestEvaluateDeclared(t *testing.T) {
	d := coreParseFile(t, "core/protocol.yaml")
	d.Declared = []tot.Declared{
		{Where: "matrix[0].total", Alternative: "microservices", Value: 70.5, Decimals: 1},  // wrong: 72.5
		{Where: "matrix[1].total", Alternative: "modular-monolith", Value: 75, Decimals: 1}, // right
		{Where: "matrix[0].scalability", Kind: tot.DeclaredContribution, Alternative: "microservices", // "9 (2.25)": right
			Criterion: "scalability", Value: 2.25, Scale: 10, Decimals: 2},
		{Where: "matrix[4].security", Kind: tot.DeclaredContribution, Alternative: "soa", // 7 × 0.15 = 1.05, not 1.5
			Criterion: "security", Value: 1.5, Scale: 10, Decimals: 2},
		{Where: "matrix[2].security", Kind: tot.DeclaredScore, Alternative: "serverless", Criterion: "security", Value: 8},
	}
	r := coreEvaluate(t, d)
	got := coreFindings(r, tot.CodeDeclaredMismatch)
	if len(got) != 2 {
		t.Fatalf("declared-mismatch findings %+v, want 2", got)
	}
	for k, want := range []struct{ where, declared, computed string }{
		{"matrix[0].total", "70.5", "72.5"},
		{"matrix[4].security", "1.50", "1.05"},
	} {
		f := got[k]
		if f.Where != want.where || !strings.Contains(f.Message, want.declared) || !strings.Contains(f.Message, want.computed) {
			t.Errorf("finding %d: %+v, want where %s and a message with %s and %s", k, f, want.where, want.declared, want.computed)
		}
	}
}

func TestEvaluateSeedDocument(t *testing.T) {
	d := coreParseFile(t, "seed/tot-001.yaml")
	r := coreEvaluate(t, d)
	// s1: (7−1)/9×0.30 + (8−1)/9×0.25 + (6−1)/9×0.20 + (8−1)/9×0.15 +
	// (9−1)/9×0.10 = 6.4/9 = 0.711 ≠ 0.72 (and 7.4/10 = 0.74 on a 0–10
	// reading). s2: 7.3/9 = 0.811, which rounds to the declared 0.81.
	mismatches := coreFindings(r, tot.CodeDeclaredMismatch)
	if len(mismatches) != 2 {
		t.Fatalf("declared-mismatch findings %+v, want two (node s1 and the synthesis's rejected s1)", mismatches)
	}
	wantWhere := []string{"thought_tree.nodes[1].evaluation.overall_score", "synthesis.rejected_alternatives[0].score"}
	for k, f := range mismatches {
		if f.Where != wantWhere[k] || !strings.Contains(f.Message, "s1") || !strings.Contains(f.Message, "0.72") || !strings.Contains(f.Message, "0.71") {
			t.Errorf("finding %+v: want where %s and a message naming s1, 0.72 and 0.71", f, wantWhere[k])
		}
	}
	if s2 := coreRanked(r, "s2"); math.Abs(s2.Score-730.0/9) > 1e-9 {
		t.Errorf("s2 score %v, want %v", s2.Score, 730.0/9)
	}
	var unranked []string
	for _, f := range coreFindings(r, tot.CodeUnrankedNode) {
		unranked = append(unranked, f.Where)
	}
	if want := []string{"nodes[0]", "nodes[1]"}; !cmp.Equal(unranked, want) {
		t.Errorf("unranked-node findings at %v, want %v (s0 and s3)", unranked, want)
	}
	if d.Nodes[1].ID != "s3" || d.Nodes[1].Status != "pruned" || d.Nodes[1].Reason == "" {
		t.Errorf("nodes[1] = %+v, want pruned s3 with its reason", d.Nodes[1])
	}
}

func TestEvaluateDoesNotMutate(t *testing.T) {
	d := coreParseFile(t, "core/protocol.yaml")
	before := coreParseFile(t, "core/protocol.yaml")
	coreEvaluate(t, d)
	if diff := cmp.Diff(before, d); diff != "" {
		t.Errorf("Evaluate changed the decision (-before +after):\n%s", diff)
	}
}

func TestEvaluateDeterministic(t *testing.T) {
	for _, name := range []string{"core/protocol.yaml", "core/tot-decide.json", "seed/tot-001.yaml"} {
		d := coreParseFile(t, name)
		first, err := json.Marshal(coreEvaluate(t, d))
		if err != nil {
			t.Fatal(err)
		}
		for range 100 {
			b, _ := json.Marshal(coreEvaluate(t, d))
			if !bytes.Equal(b, first) {
				t.Fatalf("%s: evaluation marshals differently:\n%s\n%s", name, first, b)
			}
		}
	}
}

// The Result's JSON shape is part of the public contract (DESIGN.md).
func TestResultJSONShape(t *testing.T) {
	d := coreParseFile(t, "core/tot-decide.json")
	d.Alternatives = d.Alternatives[:2] // A 80, B 53.75
	d.Threshold = new(50.0)
	d.Criteria[0].Critical = coreGate(5)
	b, err := json.Marshal(coreEvaluate(t, d))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"ranking":[` +
		`{"alternative":"A","score":80,"rank":1,"viable":true,"gate_failures":[],"below_threshold":false,` +
		`"contributions":{"cost":10,"dev_speed":7.5,"maintenance":7.5,"scalability":25,"security":30}},` +
		`{"alternative":"B","score":53.75,"rank":2,"viable":false,"gate_failures":["security"],"below_threshold":false,` +
		`"contributions":{"cost":5,"dev_speed":11.25,"maintenance":2.5,"scalability":12.5,"security":22.5}}],` +
		`"recommended":"A","margin":null,"close_call":false,"findings":[]}`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
}

func TestEvaluateInvalid(t *testing.T) {
	d := coreSmall([]float64{1}, []float64{11})
	_, err := tot.Evaluate(d)
	var verr *tot.ValidationError
	if !errors.As(err, &verr) || !errors.Is(err, tot.ErrInvalid) {
		t.Fatalf("Evaluate: %v, want a *ValidationError wrapping ErrInvalid", err)
	}
	if len(verr.Problems) != 1 || verr.Problems[0].Path != "alternatives[0] (A).scores.a" {
		t.Errorf("problems %+v, want one at alternatives[0] (A).scores.a", verr.Problems)
	}
	if _, err := tot.Evaluate(nil); !errors.Is(err, tot.ErrInvalid) {
		t.Errorf("Evaluate(nil): %v, want ErrInvalid", err)
	}
}

// With another method the composites come from it, Result.Method names it
// and the contributions are empty (an empty JSON object, not null).
func TestEvaluateOtherMethod(t *testing.T) {
	d := coreParseFile(t, "core/protocol.yaml")
	d.Method = "topsis"
	r := coreEvaluate(t, d)
	if r.Method != "topsis" {
		t.Errorf("Method %q, want topsis", r.Method)
	}
	for _, x := range r.Ranking {
		if x.Contributions == nil || len(x.Contributions) != 0 {
			t.Errorf("%s: contributions %v, want empty", x.Alternative, x.Contributions)
		}
		if math.IsNaN(x.Score) || x.Score < 0 || x.Score > 100 {
			t.Errorf("%s: score %v outside 0–100", x.Alternative, x.Score)
		}
	}
	if soa := coreRanked(r, "soa"); soa.Viable || !cmp.Equal(soa.GateFailures, []string{"security"}) {
		t.Errorf("soa viable %v gates %v: the gate applies whatever the method", soa.Viable, soa.GateFailures)
	}
	b, _ := json.Marshal(r)
	if !strings.HasPrefix(string(b), `{"method":"topsis","ranking":[`) || !strings.Contains(string(b), `"contributions":{}`) {
		t.Errorf("JSON %s", b)
	}
	// A declared contribution cannot be checked without contributions.
	d.Declared = []tot.Declared{{Kind: tot.DeclaredContribution, Alternative: "soa", Criterion: "cost", Value: 1}}
	r = coreEvaluate(t, d)
	if got := coreFindings(r, tot.CodeDeclaredUnchecked); len(got) != 1 || got[0].Where != "declared[0]" {
		t.Errorf("findings %+v, want one declared-unchecked at declared[0]", r.Findings)
	}
}

// A declared number is compared at the precision it was written with.
func TestEvaluateDeclaredPrecision(t *testing.T) {
	// The node's composite is 72.5 points: 0.725 on the 0–1 scale.
	for _, tc := range []struct {
		declared string
		mismatch bool
	}{
		{"0.7", false}, {"0.73", true}, {"0.725", false}, {"0.7250", false}, {"0.7251", true}, {"0.8", true},
		{"1", false}, // written without decimals: it claims only the nearest whole number
		{"0", true},
	} {
		d, err := tot.ParseDecision([]byte(strings.Replace(seedMini, "OVERALL", tc.declared, 1)))
		if err != nil {
			t.Fatal(err)
		}
		r := coreEvaluate(t, d)
		got := coreFindings(r, tot.CodeDeclaredMismatch)
		if (len(got) == 1) != tc.mismatch || len(got) > 1 {
			t.Errorf("declared %s against 0.725: findings %+v, want mismatch %v", tc.declared, got, tc.mismatch)
		}
	}
}

// The close-call margin is exclusive: a margin equal to it is not a close
// call, one just below it is.
func TestEvaluateCloseCallBoundary(t *testing.T) {
	for _, tc := range []struct {
		b     float64 // A scores 8 (80 points) on one criterion, B scores b
		close bool
	}{{7.5, false}, {7.6, true}, {7.4, false}, {8, true}} {
		d := coreSmall([]float64{1}, []float64{8}, []float64{tc.b})
		r := coreEvaluate(t, d)
		if r.CloseCall != tc.close {
			t.Errorf("80 against %v: margin %v close call %v, want %v", tc.b*10, *r.Margin, r.CloseCall, tc.close)
		}
	}
}

// A cost score at the top of its scale contributes 0 points, never -0.
func TestEvaluateNoNegativeZero(t *testing.T) {
	d := coreSmall([]float64{1, 1}, []float64{0, 10}, []float64{10, 10})
	d.Criteria[1].Direction = tot.Cost
	b, err := json.Marshal(coreEvaluate(t, d))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "-0") {
		t.Errorf("JSON has a negative zero: %s", b)
	}
}

// Scores citing evidence the decision does not list are reported when the
// decision lists evidence at all.
func TestEvaluateUnknownEvidence(t *testing.T) {
	d := coreSmall([]float64{1, 1}, []float64{5, 5})
	d.Alternatives[0].Scores["b"] = tot.Score{Value: 5, Evidence: []string{"REF-1", "REF-9"}}
	r := coreEvaluate(t, d)
	if got := coreFindings(r, tot.CodeUnknownEvidence); len(got) != 0 {
		t.Errorf("no evidence list: findings %+v, want none", got)
	}
	d.Evidence = []tot.EvidenceRef{{ID: "REF-1"}}
	r = coreEvaluate(t, d)
	got := coreFindings(r, tot.CodeUnknownEvidence)
	if len(got) != 1 || got[0].Where != "alternatives[0].scores.b.evidence[1]" || !strings.Contains(got[0].Message, "REF-9") {
		t.Errorf("findings %+v, want one for REF-9 at alternatives[0].scores.b.evidence[1]", got)
	}
}
