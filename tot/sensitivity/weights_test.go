package sensitivity_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
	"github.com/google/go-cmp/cmp"
)

// randomMCDADecision builds a decision with random weights, scores, directions,
// gates and threshold.
func randomMCDADecision(seed uint64, alts, crits int, method tot.Method) *tot.Decision {
	rng := rand.New(rand.NewPCG(seed, 11))
	d := &tot.Decision{Title: "random", Method: method, CloseCall: new(5.0)}
	if rng.IntN(2) == 0 {
		d.Threshold = new(float64(30 + rng.IntN(40)))
	}
	for j := range crits {
		c := tot.Criterion{ID: fmt.Sprintf("c%d", j), Name: fmt.Sprintf("C%d", j), Weight: float64(1 + rng.IntN(10))}
		if rng.IntN(3) == 0 {
			c.Direction = tot.Cost
		}
		if rng.IntN(6) == 0 {
			g := float64(2 + rng.IntN(3))
			if c.Direction == tot.Cost {
				g = 10 - g
			}
			c.Critical = &g
		}
		d.Criteria = append(d.Criteria, c)
	}
	for i := range alts {
		a := tot.Alternative{ID: fmt.Sprintf("a%d", i), Scores: map[string]tot.Score{}}
		for _, c := range d.Criteria {
			a.Scores[c.ID] = tot.Score{Value: float64(rng.IntN(101)) / 10}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	return d
}

// withShare returns a copy of d in which criterion k has share t and the
// others keep their proportions of 1 − t.
func withShare(d *tot.Decision, k int, t float64) *tot.Decision {
	c := *d
	c.Criteria = append([]tot.Criterion(nil), d.Criteria...)
	sum, rest := 0.0, 0.0
	for j, cr := range d.Criteria {
		sum += cr.Weight
		if j != k {
			rest += cr.Weight
		}
	}
	for j := range c.Criteria {
		switch {
		case j == k:
			c.Criteria[j].Weight = t
		case rest > 0:
			c.Criteria[j].Weight = d.Criteria[j].Weight / rest * (1 - t)
		default:
			c.Criteria[j].Weight = (1 - t) / float64(len(d.Criteria)-1)
		}
		if c.Criteria[j].Weight < 0 {
			panic("negative weight")
		}
	}
	return &c
}

func recommendedAt(t *testing.T, d *tot.Decision, k int, share float64) string {
	t.Helper()
	res, err := tot.Evaluate(withShare(d, k, share))
	if err != nil {
		t.Fatalf("Evaluate at share %v of %s: %v", share, d.Criteria[k].ID, err)
	}
	return res.Recommended
}

// TestWeightsBruteForce checks the stability intervals against
// Evaluate itself on a fine grid of shares, with bisection of the first
// change in each direction, on random decisions.
func TestWeightsBruteForce(t *testing.T) {
	const step = 0.002
	checked := 0
	for seed := range uint64(40) {
		method := tot.Method("")
		if seed%4 == 3 {
			method = "topsis"
		}
		d := randomMCDADecision(seed, 3+int(seed%4), 2+int(seed%3), method)
		stab, err := sensitivity.Weights(d)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		base, _ := tot.Evaluate(d)
		for k, s := range stab {
			if s.Recommended != base.Recommended {
				t.Fatalf("seed %d: stability is about %q, Evaluate recommends %q", seed, s.Recommended, base.Recommended)
			}
			if !(s.Lower <= s.Weight && s.Weight <= s.Upper && s.Lower >= 0 && s.Upper <= 1) {
				t.Fatalf("seed %d %s: interval [%v, %v] does not contain %v within 0–1", seed, s.Criterion, s.Lower, s.Upper, s.Weight)
			}
			// Inside the interval: the recommendation holds (away from the
			// bounds, where exact ties may break either way).
			for x := 0.0; x <= 1; x += step {
				if x > s.Lower+1e-7 && x < s.Upper-1e-7 {
					if got := recommendedAt(t, d, k, x); got != s.Recommended {
						t.Errorf("seed %d %s: at share %.4f inside [%.6f, %.6f] Evaluate recommends %q, want %q", seed, s.Criterion, x, s.Lower, s.Upper, got, s.Recommended)
						break
					}
				}
			}
			// Brute force upwards: first grid point whose recommendation
			// differs, then bisection between it and the previous one.
			bf := func(dir float64) (bound float64, to string, changed bool) {
				prev := s.Weight
				for x := s.Weight + dir*step; ; x += dir * step {
					x = math.Max(0, math.Min(1, x))
					if got := recommendedAt(t, d, k, x); got != s.Recommended {
						in, out := prev, x
						for range 60 {
							mid := (in + out) / 2
							if recommendedAt(t, d, k, mid) == s.Recommended {
								in = mid
							} else {
								out = mid
							}
						}
						if math.Min(in, 1-in) < 1e-6 {
							// An isolated tie at the end of the range (two
							// alternatives equal on the criterion tie at
							// share 1): not a change.
							return x, "", false
						}
						return in, recommendedAt(t, d, k, out), true
					}
					if x == 0 || x == 1 {
						return x, "", false
					}
					prev = x
				}
			}
			up, upTo, upChanged := bf(1)
			lo, loTo, loChanged := bf(-1)
			const tol = 1e-6
			if upChanged != s.UpperChanges || (upChanged && (math.Abs(up-s.Upper) > tol || upTo != s.AboveTo)) {
				t.Errorf("seed %d %s: upper bound %v (changes %v, to %q), brute force %v (changes %v, to %q)",
					seed, s.Criterion, s.Upper, s.UpperChanges, s.AboveTo, up, upChanged, upTo)
			}
			if loChanged != s.LowerChanges || (loChanged && (math.Abs(lo-s.Lower) > tol || loTo != s.BelowTo)) {
				t.Errorf("seed %d %s: lower bound %v (changes %v, to %q), brute force %v (changes %v, to %q)",
					seed, s.Criterion, s.Lower, s.LowerChanges, s.BelowTo, lo, loChanged, loTo)
			}
			if s.UpperChanges || s.LowerChanges {
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d criteria with a change: the property test exercises too little", checked)
	}
}

// A hand-computed case: two criteria, A = (10, 0), B = (0, 10), C = (6, 6),
// weights 50/50. Composites: A = 100t, B = 100(1−t), C = 60. C (60) leads
// A and B (50) at t = 0.5 and stays first while 100t <= 60 and
// 100(1−t) <= 60: between 40% and 60%; below, B; above, A.
func TestWeightsHand(t *testing.T) {
	d := &tot.Decision{Threshold: new(0.0), CloseCall: new(5.0),
		Criteria: []tot.Criterion{{ID: "perf", Name: "Performance", Weight: 50}, {ID: "cost", Name: "Cost", Weight: 50}},
		Alternatives: []tot.Alternative{
			{ID: "A", Scores: map[string]tot.Score{"perf": {Value: 10}, "cost": {Value: 0}}},
			{ID: "B", Scores: map[string]tot.Score{"perf": {Value: 0}, "cost": {Value: 10}}},
			{ID: "C", Scores: map[string]tot.Score{"perf": {Value: 6}, "cost": {Value: 6}}},
		},
	}
	stab, err := sensitivity.Weights(d)
	if err != nil {
		t.Fatal(err)
	}
	s := stab[0]
	if s.Recommended != "C" || !closeTo(s.Lower, 0.4, 1e-12) || !closeTo(s.Upper, 0.6, 1e-12) || s.BelowTo != "B" || s.AboveTo != "A" {
		t.Errorf("stability = %+v, want C in [0.4, 0.6], below B, above A", s)
	}
	want := "the recommendation (C) holds while Performance stays between 40% and 60%, now 50% (below: B; above: A)"
	if got := s.String(); got != want {
		t.Errorf("String() =\n%q, want\n%q", got, want)
	}
	// With a threshold of 55, C stays the only viable alternative until A
	// or B overtakes it, and nothing changes at the threshold itself...
	d.Threshold = new(55.0)
	stab, _ = sensitivity.Weights(d)
	if !closeTo(stab[0].Lower, 0.4, 1e-12) || !closeTo(stab[0].Upper, 0.6, 1e-12) {
		t.Errorf("threshold 55: %+v", stab[0])
	}
	// ...but a threshold of 65 makes C not viable at all: nothing is
	// recommended between 35% and 65%, B below, A above.
	d.Threshold = new(65.0)
	stab, _ = sensitivity.Weights(d)
	if s := stab[0]; s.Recommended != "" || !closeTo(s.Lower, 0.35, 1e-12) || !closeTo(s.Upper, 0.65, 1e-12) || s.BelowTo != "B" || s.AboveTo != "A" {
		t.Errorf("threshold 65: %+v", s)
	}
	// A gate on cost (>= 7) excludes A and C whatever the weights: B is
	// recommended everywhere (it is viable while 100(1−t) >= 65 only).
	d.Threshold = new(0.0)
	g := 7.0
	d.Criteria[1].Critical = &g
	stab, _ = sensitivity.Weights(d)
	if s := stab[0]; s.Recommended != "B" || s.LowerChanges || s.UpperChanges {
		t.Errorf("gate: %+v", s)
	}
	if got := stab[0].String(); !strings.Contains(got, "holds whatever the weight of Performance") {
		t.Errorf("String() = %q", got)
	}
}

func TestReversals(t *testing.T) {
	// Weighted sum: removing an alternative never changes the others' order.
	for seed := range uint64(10) {
		d := randomMCDADecision(seed, 5, 3, "")
		rr, err := sensitivity.Reversals(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rr {
			if len(r.Pairs) > 0 || r.Changed {
				t.Errorf("weighted sum, seed %d, without %s: reversal %+v", seed, r.Removed, r)
			}
		}
	}
	// TOPSIS with min-max normalisation: removing the alternative that
	// defines the worst value of criterion x rescales it. A = (10, 0),
	// B = (4, 5), C = (0, 3), equal weights: with C, B (0.64) leads A
	// (0.5); without it, A and B normalise to (1, 0) and (0, 1) and tie,
	// which is no reversal.
	d := &tot.Decision{Method: "topsis/minmax",
		Criteria: []tot.Criterion{{ID: "x", Weight: 1}, {ID: "y", Weight: 1}},
		Alternatives: []tot.Alternative{
			{ID: "A", Scores: map[string]tot.Score{"x": {Value: 10}, "y": {Value: 0}}},
			{ID: "B", Scores: map[string]tot.Score{"x": {Value: 4}, "y": {Value: 5}}},
			{ID: "C", Scores: map[string]tot.Score{"x": {Value: 0}, "y": {Value: 3}}},
		},
	}
	// With C: n = A (1, 0), B (0.4, 1), C (0, 0.6); weighted by 0.5.
	// A: D+ = 0.5, D− = 0.5·√(1+0.36)... compute both orders with TOPSIS.
	with, _ := tot.TOPSIS([][]float64{{10, 0}, {4, 5}, {0, 3}}, []float64{0.5, 0.5}, nil, tot.MinMax)
	without, _ := tot.TOPSIS([][]float64{{10, 0}, {4, 5}}, []float64{0.5, 0.5}, nil, tot.MinMax)
	rr, err := sensitivity.Reversals(d)
	if err != nil {
		t.Fatal(err)
	}
	reversed := (with[0] > with[1]) != (without[0] > without[1])
	if got := len(rr[2].Pairs) > 0; got != reversed {
		t.Errorf("without C: pairs %v; TOPSIS A,B with C %v, without %v", rr[2].Pairs, with[:2], without)
	}
	if len(rr[2].Pairs) != 0 {
		t.Errorf("without C: pairs %v, want none (A and B tie)", rr[2].Pairs)
	}

	// A reversal that changes the recommendation, by hand: A = (10, 6),
	// B = (2, 10), C = (0, 0), D = (0, 10), equal weights, no threshold.
	// With C both criteria span 0–10; weighted (0.5 each) A = (0.5, 0.3),
	// B = (0.1, 0.5), C = (0, 0), D = (0, 0.5), ideal (0.5, 0.5), anti-ideal
	// (0, 0): closeness A = √.34/(0.2+√.34) = 0.745, B = √.26/(0.4+√.26) =
	// 0.560, D = 0.5, C = 0. Without C, y spans 6–10: A = (0.5, 0),
	// B = (0.1, 0.5), D = (0, 0.5): A = D = 0.5 (tied), B = 0.560. A was
	// above B and is now below it (A above D before, tied after: no pair),
	// and B is recommended instead of A.
	d = &tot.Decision{Method: "topsis/minmax", Threshold: new(0.0),
		Criteria: []tot.Criterion{{ID: "x", Weight: 1}, {ID: "y", Weight: 1}},
		Alternatives: []tot.Alternative{
			{ID: "A", Scores: map[string]tot.Score{"x": {Value: 10}, "y": {Value: 6}}},
			{ID: "B", Scores: map[string]tot.Score{"x": {Value: 2}, "y": {Value: 10}}},
			{ID: "C", Scores: map[string]tot.Score{"x": {Value: 0}, "y": {Value: 0}}},
			{ID: "D", Scores: map[string]tot.Score{"x": {Value: 0}, "y": {Value: 10}}},
		},
	}
	if rr, err = sensitivity.Reversals(d); err != nil {
		t.Fatal(err)
	}
	want := sensitivity.Reversal{Removed: "C", Recommended: "B", Changed: true, Pairs: [][2]string{{"A", "B"}}}
	if diff := cmp.Diff(want, rr[2]); diff != "" {
		t.Errorf("without C (-want +got):\n%s", diff)
	}
}

func TestConfidence(t *testing.T) {
	m := func(x float64) *float64 { return &x }
	wide := []sensitivity.Stability{{Weight: 0.5, Lower: 0.2, Upper: 0.8, LowerChanges: true, UpperChanges: true}}
	narrow := []sensitivity.Stability{{Weight: 0.5, Lower: 0.47, Upper: 1, LowerChanges: true}}
	mid := []sensitivity.Stability{{Weight: 0.5, Lower: 0.4, Upper: 1, LowerChanges: true}}
	tests := []struct {
		name string
		res  *tot.Result
		stab []sensitivity.Stability
		want sensitivity.Confidence
	}{
		{"none recommended", &tot.Result{}, wide, sensitivity.ConfidenceLow},
		{"close call", &tot.Result{Recommended: "a", Margin: m(2), CloseCall: true}, wide, sensitivity.ConfidenceLow},
		{"fragile weights", &tot.Result{Recommended: "a", Margin: m(20)}, narrow, sensitivity.ConfidenceLow},
		{"wide margin, stable", &tot.Result{Recommended: "a", Margin: m(10)}, wide, sensitivity.ConfidenceHigh},
		{"single viable, stable", &tot.Result{Recommended: "a"}, wide, sensitivity.ConfidenceHigh},
		{"moderate margin", &tot.Result{Recommended: "a", Margin: m(7)}, wide, sensitivity.ConfidenceMedium},
		{"moderate stability", &tot.Result{Recommended: "a", Margin: m(30)}, mid, sensitivity.ConfidenceMedium},
	}
	for _, tt := range tests {
		if got := sensitivity.ConfidenceFor(tt.res, tt.stab, 5); got != tt.want {
			t.Errorf("%s: ConfidenceFor = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAnalyze(t *testing.T) {
	d := randomMCDADecision(5, 4, 3, "")
	a, err := sensitivity.Analyze(context.Background(), d, &sensitivity.SMAAOptions{Samples: 500, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Stability) != 3 || len(a.Reversals) != 4 || a.SMAA == nil {
		t.Fatalf("analysis %+v", a)
	}
	for i, acc := range a.SMAA.Acceptability {
		s := 0.0
		for _, b := range acc {
			s += b
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("%s: acceptability sums to %v", a.SMAA.Alternatives[i], s)
		}
	}
}

// Perturbed weights are never negative and always sum to 1.
func TestPerturbProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for n := range 2000 {
		w := make([]float64, 1+rng.IntN(6))
		for j := range w {
			if rng.IntN(3) > 0 {
				w[j] = rng.Float64() * math.Pow(10, float64(rng.IntN(7)-3))
			}
		}
		k := rng.IntN(len(w))
		if w[k] == 0 && rng.IntN(2) == 0 {
			w[k] = 1
		}
		tt := rng.Float64()
		if n%10 == 0 {
			tt = float64(n%20) / 10 / 2 // 0 and 0.5 and 1-ish values
		}
		p, err := sensitivity.Perturb(w, k, tt)
		allZero := true
		for _, x := range w {
			allZero = allZero && x == 0
		}
		if allZero {
			if err == nil {
				t.Fatalf("Perturb(%v): no error for all-zero weights", w)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Perturb(%v, %d, %v): %v", w, k, tt, err)
		}
		s := 0.0
		for _, x := range p {
			if x < 0 || math.IsNaN(x) {
				t.Fatalf("Perturb(%v, %d, %v) = %v: negative weight", w, k, tt, p)
			}
			s += x
		}
		if p[k] != tt || (len(w) > 1 && math.Abs(s-1) > 1e-12) {
			t.Fatalf("Perturb(%v, %d, %v) = %v: share %v, sum %v", w, k, tt, p, p[k], s)
		}
	}
	for _, bad := range []struct {
		w []float64
		k int
		t float64
	}{{[]float64{1, -1}, 0, 0.5}, {[]float64{1, 1}, 2, 0.5}, {[]float64{1, 1}, 0, 1.5}, {[]float64{1, math.NaN()}, 0, 0.5}} {
		if _, err := sensitivity.Perturb(bad.w, bad.k, bad.t); err == nil {
			t.Errorf("Perturb(%v, %d, %v): no error", bad.w, bad.k, bad.t)
		}
	}
}
