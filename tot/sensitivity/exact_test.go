package sensitivity_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
)

// floatDecision builds a random weighted-sum decision with continuous
// scores, some cost criteria and gates, and sometimes a threshold.
func floatDecision(rng *rand.Rand, alts, crits int) *tot.Decision {
	d := &tot.Decision{Threshold: new(0.0), CloseCall: new(5.0)}
	if rng.IntN(2) == 0 {
		d.Threshold = new(30 + 40*rng.Float64())
	}
	for j := range crits {
		c := tot.Criterion{ID: fmt.Sprintf("c%d", j), Weight: rng.Float64()}
		if rng.IntN(3) == 0 {
			c.Direction = tot.Cost
		}
		if rng.IntN(8) == 0 {
			g := 1 + 2*rng.Float64()
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
			a.Scores[c.ID] = tot.Score{Value: 10 * rng.Float64()}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	return d
}

// allPairs is the reference: the breakpoints of criterion k are every
// crossing of two composites and of a composite with the threshold (the
// composites are lines in the share, read off tot.Evaluate at shares 0
// and 1); the recommendation, by tot.Evaluate, is constant between
// consecutive breakpoints and is taken at each segment's midpoint.
func allPairs(t *testing.T, d *tot.Decision, k int, t0 float64) (lo, hi float64, loTo, hiTo string, loCh, hiCh bool) {
	t.Helper()
	n := len(d.Alternatives)
	composites := func(share float64) []float64 {
		res, err := tot.Evaluate(withShare(d, k, share))
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float64, n)
		for _, r := range res.Ranking {
			out[slices.IndexFunc(d.Alternatives, func(a tot.Alternative) bool { return a.ID == r.Alternative })] = r.Score
		}
		return out
	}
	a, one := composites(0), composites(1)
	pts := []float64{0, 1, t0}
	add := func(x float64) {
		if x > 0 && x < 1 {
			pts = append(pts, x)
		}
	}
	for i := range n {
		b := one[i] - a[i]
		if thr := d.EffectiveThreshold(); thr > 0 && b != 0 {
			add((thr - a[i]) / b)
		}
		for l := i + 1; l < n; l++ {
			if bl := one[l] - a[l]; bl != b {
				add((a[l] - a[i]) / (b - bl))
			}
		}
	}
	slices.Sort(pts)
	pts = slices.Compact(pts)
	rec := func(x float64) string { return recommendedAt(t, d, k, x) }
	cur := rec(t0)
	i0, _ := slices.BinarySearch(pts, t0)
	lo, hi = t0, t0
	for i := i0; i+1 < len(pts); i++ {
		if r := rec((pts[i] + pts[i+1]) / 2); r != cur {
			hiCh, hiTo = true, r
			break
		}
		hi = pts[i+1]
	}
	for i := i0; i > 0; i-- {
		if r := rec((pts[i-1] + pts[i]) / 2); r != cur {
			loCh, loTo = true, r
			break
		}
		lo = pts[i-1]
	}
	return lo, hi, loTo, hiTo, loCh, hiCh
}

// TestWeightsAgainstAllPairs: the closed-form intervals of Weights equal
// the all-pairs reference on random decisions with continuous scores.
func TestWeightsAgainstAllPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	changes := 0
	for trial := range 300 {
		d := floatDecision(rng, 2+rng.IntN(7), 2+rng.IntN(4))
		stab, err := sensitivity.Weights(d)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		for k, s := range stab {
			lo, hi, loTo, hiTo, loCh, hiCh := allPairs(t, d, k, s.Weight)
			if math.Abs(lo-s.Lower) > 1e-9 || math.Abs(hi-s.Upper) > 1e-9 ||
				loCh != s.LowerChanges || hiCh != s.UpperChanges || loTo != s.BelowTo || hiTo != s.AboveTo {
				t.Errorf("trial %d %s: got [%v (%v, %q), %v (%v, %q)], reference [%v (%v, %q), %v (%v, %q)]",
					trial, s.Criterion, s.Lower, s.LowerChanges, s.BelowTo, s.Upper, s.UpperChanges, s.AboveTo,
					lo, loCh, loTo, hi, hiCh, hiTo)
			}
			if s.LowerChanges || s.UpperChanges {
				changes++
			}
		}
	}
	if changes < 300 {
		t.Errorf("only %d intervals with a change: the test exercises too little", changes)
	}
}

// largeDecision is a weighted-sum decision of the given size with
// continuous scores.
func largeDecision(alts, crits int, method string) *tot.Decision {
	rng := rand.New(rand.NewPCG(uint64(alts), uint64(crits)))
	d := floatDecision(rng, alts, crits)
	d.Method = tot.Method(method)
	return d
}

// Analyze returns context.DeadlineExceeded soon after a 100 ms deadline
// on inputs that take far longer: TOPSIS (one evaluation per removed
// alternative for the rank reversals) and SMAA with many samples.
func TestAnalyzeDeadline(t *testing.T) {
	tests := []struct {
		name string
		d    *tot.Decision
		o    *sensitivity.SMAAOptions
	}{
		{"topsis", largeDecision(3000, 10, "topsis"), nil},
		{"smaa", largeDecision(2000, 10, ""), &sensitivity.SMAAOptions{Samples: 1 << 22, Seed: 1}},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		start := time.Now()
		_, err := sensitivity.Analyze(ctx, tt.d, tt.o)
		elapsed := time.Since(start)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v, want context.DeadlineExceeded", tt.name, err)
		}
		if elapsed > 2*time.Second {
			t.Errorf("%s: returned after %v, long after the 100 ms deadline", tt.name, elapsed)
		}
	}
}

// BenchmarkWeights10x10000: weight stability of 10 criteria × 10,000
// alternatives (weighted sum: exact breakpoints).
func BenchmarkWeights10x10000(b *testing.B) {
	d := largeDecision(10000, 10, "")
	for b.Loop() {
		if _, err := sensitivity.Weights(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyze10x10000: the whole analysis without SMAA at the same
// size (weights, reversals, confidence).
func BenchmarkAnalyze10x10000(b *testing.B) {
	d := largeDecision(10000, 10, "")
	for b.Loop() {
		if _, err := sensitivity.Analyze(context.Background(), d, nil); err != nil {
			b.Fatal(err)
		}
	}
}
