package tot_test

import (
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/tot"
)

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
