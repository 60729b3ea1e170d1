package tot_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/cputime"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/google/go-cmp/cmp"
)

// coreMatrix returns a rows×cols matrix of scores on 0–10 (some columns on
// 1–5, every third a cost column, the first with a gate).
func coreMatrix(rows, cols int, seed uint64) (*tot.Matrix, []tot.Column) {
	r := rand.New(rand.NewPCG(seed, 42))
	m := tot.NewMatrix(rows, cols)
	cs := make([]tot.Column, cols)
	for j := range cs {
		cs[j].Weight = 1 + float64(r.IntN(30))
		if j%4 == 1 {
			cs[j].Scale = tot.Scale{Min: 1, Max: 5}
		}
		if j%3 == 2 {
			cs[j].Direction = tot.Cost
		}
	}
	cs[0].Critical = coreGate(3)
	for i := range rows {
		for j := range cols {
			lo, hi := 0.0, 10.0
			if cs[j].Scale.Max != 0 {
				lo, hi = cs[j].Scale.Min, cs[j].Scale.Max
			}
			m.Set(i, j, lo+math.Round((hi-lo)*r.Float64()*10)/10)
		}
	}
	return m, cs
}

// EvaluateMatrix agrees with Evaluate on the same decision.
func TestEvaluateMatrixAgreesWithEvaluate(t *testing.T) {
	for seed := range 100 {
		d := coreGenDecision(seed)
		res := coreEvaluate(t, d)
		m := tot.NewMatrix(len(d.Alternatives), len(d.Criteria))
		cols := make([]tot.Column, len(d.Criteria))
		for j, c := range d.Criteria {
			cols[j] = tot.Column{Weight: c.Weight, Scale: c.Scale, Direction: c.Direction, Critical: c.Critical}
			for i, a := range d.Alternatives {
				m.Set(i, j, a.Scores[c.ID].Value)
			}
		}
		mr, err := tot.EvaluateMatrix(m, cols, d.EffectiveThreshold())
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for i, a := range d.Alternatives {
			got := coreRanked(res, a.ID)
			if mr.Scores[i] != got.Score || mr.Viable[i] != got.Viable || mr.GatesPassed[i] != (len(got.GateFailures) == 0) {
				t.Fatalf("seed %d: %s matrix %v/%v/%v, Evaluate %v/%v/%v", seed, a.ID,
					mr.Scores[i], mr.Viable[i], mr.GatesPassed[i], got.Score, got.Viable, got.GateFailures)
			}
			if want := coreNaive(d, a); math.Abs(mr.Scores[i]-want) > 1e-9 {
				t.Fatalf("seed %d: %s matrix %v, naive %v", seed, a.ID, mr.Scores[i], want)
			}
		}
	}
}

func TestEvaluateMatrixInvalid(t *testing.T) {
	m := &tot.Matrix{Rows: 2, Cols: 2, Data: []float64{1, math.NaN(), 11, 5}}
	cols := []tot.Column{{Weight: 1}, {Weight: -1, Scale: tot.Scale{Min: 3, Max: 3}}}
	_, err := tot.EvaluateMatrix(m, cols, 50)
	if got, want := coreProblemPaths(err), []string{"columns[1].weight", "columns[1].scale"}; !cmp.Equal(got, want) {
		t.Errorf("columns: %v\npaths %q, want %q", err, got, want)
	}
	cols[1] = tot.Column{Weight: 1}
	_, err = tot.EvaluateMatrix(m, cols, 50)
	if got, want := coreProblemPaths(err), []string{"matrix[0][1]", "matrix[1][0]"}; !cmp.Equal(got, want) || !errors.Is(err, tot.ErrInvalid) {
		t.Errorf("cells: %v\npaths %q, want %q", err, got, want)
	}
	_, err = tot.EvaluateMatrix(&tot.Matrix{Rows: 2, Cols: 2, Data: []float64{1}}, cols, 120)
	if got, want := coreProblemPaths(err), []string{"matrix", "threshold"}; !cmp.Equal(got, want) {
		t.Errorf("shape: %v\npaths %q, want %q", err, got, want)
	}
	if _, err := tot.EvaluateMatrix(nil, cols, 0); !errors.Is(err, tot.ErrInvalid) {
		t.Errorf("nil matrix: %v", err)
	}
	// Many invalid cells: 100 problems, the last one counting the rest.
	big := tot.NewMatrix(1000, 1)
	for i := range big.Data {
		big.Data[i] = -1
	}
	_, err = tot.EvaluateMatrix(big, cols[:1], 0)
	var verr *tot.ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 100 || verr.Problems[99].Message != "901 more invalid cells" {
		t.Errorf("1000 invalid cells: %d problems, last %+v", len(verr.Problems), verr.Problems[len(verr.Problems)-1])
	}
}

func benchmarkEvaluateMatrix(b *testing.B, rows, cols int) {
	m, cs := coreMatrix(rows, cols, 1)
	b.SetBytes(int64(8 * rows * cols))
	b.ResetTimer()
	start := cputime.Process()
	for b.Loop() {
		if _, err := tot.EvaluateMatrix(m, cs, 65); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time (user+system) per operation, meaningful when the machine is
	// shared and wall time is not; the benchmark runs on one goroutine.
	if cpu := cputime.Process() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// Weighted sum with validation, gates and viability: 1k×10 and 100k×20.
func BenchmarkEvaluateMatrix1kx10(b *testing.B)   { benchmarkEvaluateMatrix(b, 1000, 10) }
func BenchmarkEvaluateMatrix100kx20(b *testing.B) { benchmarkEvaluateMatrix(b, 100_000, 20) }

// Evaluate on a Decision (maps, ranking, findings) at 1k×10.
func BenchmarkEvaluate1kx10(b *testing.B) {
	m, cs := coreMatrix(1000, 10, 2)
	d := &tot.Decision{Threshold: new(65.0), CloseCall: new(5.0)}
	for j, c := range cs {
		d.Criteria = append(d.Criteria, tot.Criterion{ID: fmt.Sprintf("c%d", j), Weight: c.Weight, Scale: c.Scale,
			Direction: c.Direction, Critical: c.Critical})
	}
	for i := range m.Rows {
		a := tot.Alternative{ID: fmt.Sprintf("a%d", i), Scores: map[string]tot.Score{}}
		for j, c := range d.Criteria {
			a.Scores[c.ID] = tot.Score{Value: m.At(i, j)}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := tot.Evaluate(d); err != nil {
			b.Fatal(err)
		}
	}
}
