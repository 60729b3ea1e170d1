package tot_test

import (
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/internal/cputime"
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

func BenchmarkTOPSIS100kx20(b *testing.B) {
	m := benchMatrix(100000, 20)
	w := make([]float64, 20)
	cost := make([]bool, 20)
	for j := range w {
		w[j] = 1.0 / 20
		cost[j] = j%3 == 0
	}
	b.ResetTimer()
	start, n := cputime.Process(), 0
	for b.Loop() {
		if _, err := tot.TOPSIS(m, w, cost, tot.MinMax); err != nil {
			b.Fatal(err)
		}
		n++
	}
	// CPU time per operation: the machine is shared, wall time is noisy.
	if cpu := cputime.Process() - start; cpu > 0 && n > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(n), "cpu-ms/op")
	}
}

// benchMatrix returns a rows×cols matrix of values in [0, 1) that vary
// with row and column without a random generator.
func benchMatrix(rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
		for j := range m[i] {
			m[i][j] = float64((i*7919+j*104729)%10007) / 10007
		}
	}
	return m
}
