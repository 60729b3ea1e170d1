package tot_test

import (
	"errors"
	"math"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
)

func methodDecision(method tot.Method) *tot.Decision {
	return &tot.Decision{Method: method, Threshold: new(0.0), CloseCall: new(5.0),
		Criteria: []tot.Criterion{
			{ID: "perf", Weight: 3},
			{ID: "cost", Weight: 1, Direction: tot.Cost, Scale: tot.Scale{Min: 0, Max: 100}},
		},
		Alternatives: []tot.Alternative{
			{ID: "a", Scores: map[string]tot.Score{"perf": {Value: 8}, "cost": {Value: 60}}},
			{ID: "b", Scores: map[string]tot.Score{"perf": {Value: 6}, "cost": {Value: 20}}},
			{ID: "c", Scores: map[string]tot.Score{"perf": {Value: 2}, "cost": {Value: 90}}},
		},
	}
}

// Every method scores through Evaluate on 0–100, higher is better; the
// expected values are the numeric layer's results mapped as method.go
// documents.
func TestEvaluateMethods(t *testing.T) {
	// Scale-normalised values (weights 0.75, 0.25): a (0.8, 0.4),
	// b (0.6, 0.8), c (0.2, 0.1).
	raw := [][]float64{{8, 60}, {6, 20}, {2, 90}}
	w := []float64{0.75, 0.25}
	cost := []bool{false, true}
	// TOPSIS on the scale-normalised values, by hand: weighted values a
	// (0.6, 0.1), b (0.45, 0.2), c (0.15, 0.025); ideal (0.6, 0.2),
	// anti-ideal (0.15, 0.025).
	closeness := func(dp, dm float64) float64 { return dm / (dp + dm) }
	tp := []float64{
		closeness(0.1, math.Hypot(0.45, 0.075)),
		closeness(0.15, math.Hypot(0.3, 0.175)),
		0,
	}
	tpv, _ := tot.TOPSIS(raw, w, cost, tot.Vector)
	vk, _ := tot.VIKOR(raw, w, cost, 0.5)
	pr, _ := tot.PROMETHEEII(raw, w, cost, nil)
	prl, _ := tot.PROMETHEEII(raw, w, cost, []tot.Preference{{Func: tot.Linear, P: 10}, {Func: tot.Linear, P: 100}})
	tests := []struct {
		method tot.Method
		want   []float64 // a, b, c
	}{
		{"weighted_sum", []float64{70, 65, 17.5}},
		{"weighted_product", []float64{100 * math.Pow(0.8, 0.75) * math.Pow(0.4, 0.25), 100 * math.Pow(0.6, 0.75) * math.Pow(0.8, 0.25), 100 * math.Pow(0.2, 0.75) * math.Pow(0.1, 0.25)}},
		{"topsis", []float64{100 * tp[0], 100 * tp[1], 100 * tp[2]}},
		{"topsis/vector", []float64{100 * tpv[0], 100 * tpv[1], 100 * tpv[2]}},
		{"vikor", []float64{100 * (1 - vk.Q[0]), 100 * (1 - vk.Q[1]), 100 * (1 - vk.Q[2])}},
		{"promethee_ii", []float64{50 * (1 + pr[0]), 50 * (1 + pr[1]), 50 * (1 + pr[2])}},
		{"promethee_ii/linear", []float64{50 * (1 + prl[0]), 50 * (1 + prl[1]), 50 * (1 + prl[2])}},
	}
	for _, tt := range tests {
		t.Run(string(tt.method), func(t *testing.T) {
			res, err := tot.Evaluate(methodDecision(tt.method))
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			got := map[string]float64{}
			for _, r := range res.Ranking {
				got[r.Alternative] = r.Score
			}
			checkFloats(t, string(tt.method), []float64{got["a"], got["b"], got["c"]}, tt.want, 1e-9)
		})
	}
}

func TestEvaluateUnknownMethod(t *testing.T) {
	for _, m := range []tot.Method{"electre", "topsis/foo", "vikor/minmax", "/minmax", "promethee_ii/", "promethee_ii/gaussian", "TOPSIS"} {
		_, err := tot.Evaluate(methodDecision(m))
		if !errors.Is(err, tot.ErrInvalid) {
			t.Errorf("method %q: err = %v, want a validation error", m, err)
		}
	}
}

// Degenerate decisions never give NaN whatever the method.
func TestEvaluateMethodsDegenerate(t *testing.T) {
	for _, method := range tot.Methods() {
		for _, name := range []string{"single", "equal", "zero weight"} {
			d := methodDecision(method)
			switch name {
			case "single":
				d.Alternatives = d.Alternatives[:1]
			case "equal":
				for i := range d.Alternatives {
					d.Alternatives[i].Scores = map[string]tot.Score{"perf": {Value: 5}, "cost": {Value: 50}}
				}
			case "zero weight":
				d.Criteria[1].Weight = 0
			}
			res, err := tot.Evaluate(d)
			if err != nil {
				t.Fatalf("%s %s: %v", method, name, err)
			}
			for _, r := range res.Ranking {
				if math.IsNaN(r.Score) || r.Score < 0 || r.Score > 100 {
					t.Errorf("%s %s: %s scores %v", method, name, r.Alternative, r.Score)
				}
			}
		}
	}
}

func FuzzMethodName(f *testing.F) {
	for _, s := range []string{"", "topsis/vector", "promethee_ii/linear", "vikor", "x/y/z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		d := methodDecision(tot.Method(name))
		res, err := tot.Evaluate(d)
		if err != nil {
			return
		}
		for _, r := range res.Ranking {
			if math.IsNaN(r.Score) || r.Score < 0 || r.Score > 100 {
				t.Fatalf("method %q: %s scores %v", name, r.Alternative, r.Score)
			}
		}
	})
}

func TestMethodDescription(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"", "weighted sum × 100, scale normalisation (0–100, higher is better)"},
		{"topsis/vector", "TOPSIS closeness to the ideal × 100, vector normalisation (0–100, higher is better)"},
		{"vikor", "VIKOR 100 × (1 − Q), v = 0.5 (Q itself is lower-is-better) (0–100, higher is better)"},
		{"promethee_ii/linear", "PROMETHEE II 50 × (1 + net flow), linear (p = scale width) preference function (0–100, higher is better)"},
		{"electre", ""},
	} {
		if got := tot.Method(tt.name).Description(); got != tt.want {
			t.Errorf("Method(%q).Description() = %q, want %q", tt.name, got, tt.want)
		}
	}
}
