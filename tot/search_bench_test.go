package tot_test

import (
	"context"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/tot"
)

// BenchmarkSearchBeamCritical: beam search with the critical preset (k=10,
// b=5) to depth 5 over an implicit tree of ints with a hash-like score.
func BenchmarkSearchBeamCritical(b *testing.B) {
	s := tot.Search[uint64]{
		Generate: func(_ context.Context, st uint64, k int) ([]uint64, error) {
			out := make([]uint64, k)
			for i := range out {
				out[i] = st*11 + uint64(i) + 1
			}
			return out, nil
		},
		Evaluate: func(_ context.Context, st uint64) (tot.Evaluation, error) {
			x := st * 0x9E3779B97F4A7C15
			return tot.Evaluation{Score: float64(x>>11) / (1 << 53)}, nil
		},
		Algorithm:      tot.Beam,
		MaxDepth:       5,
		PruneThreshold: 0.3,
	}
	if err := s.UsePreset(tot.Critical); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Run(context.Background(), 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateTriggers: 7 triggers over a year of hourly observations
// of 3 metrics (26,280 observations).
func BenchmarkEvaluateTriggers(b *testing.B) {
	metrics := []string{"p95_latency_ms", "active_users", "error_rate"}
	var obs []tot.Observation
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for h := range 365 * 24 {
		for j, m := range metrics {
			obs = append(obs, tot.Observation{Metric: m, Time: t0.Add(time.Duration(h) * time.Hour), Value: float64((h*7+j*13)%1000) + 0.5})
		}
	}
	ts := []tot.Trigger{
		{ID: "T1", Metric: "p95_latency_ms", Op: ">", Threshold: ptr(500), Consecutive: 7},
		{ID: "T2", Metric: "p95_latency_ms", Op: ">", Threshold: ptr(900), For: 3 * time.Hour},
		{ID: "T3", Metric: "active_users", Op: ">=", Threshold: ptr(990)},
		{ID: "T4", Metric: "active_users", Op: "<", Threshold: ptr(10), Consecutive: 2},
		{ID: "T5", Metric: "error_rate", Op: ">", Threshold: ptr(800), For: 2 * time.Hour},
		{ID: "T6", Metric: "error_rate", Op: "!=", Threshold: ptr(0)},
		{ID: "T7", Metric: "error_rate", Op: "<=", Threshold: ptr(100), Consecutive: 3},
	}
	for b.Loop() {
		if _, err := tot.EvaluateTriggers(ts, obs); err != nil {
			b.Fatal(err)
		}
	}
}
