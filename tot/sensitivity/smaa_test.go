package sensitivity_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/cputime"
	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
	"github.com/google/go-cmp/cmp"
)

func uniformMatrix(seed uint64, rows, cols int) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
		for j := range m[i] {
			m[i][j] = rng.Float64()
		}
	}
	return m
}

func TestSMAADeterministicAcrossGOMAXPROCS(t *testing.T) {
	u := uniformMatrix(1, 30, 5)
	opts := sensitivity.SMAAOptions{Samples: 3000, Seed: 42}
	var first *sensitivity.SMAAResult
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		got, err := sensitivity.SMAA(context.Background(), u, opts)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = got
			continue
		}
		if diff := cmp.Diff(first, got); diff != "" {
			t.Fatalf("GOMAXPROCS=%d differs from GOMAXPROCS=1 (-1 +%d):\n%s", procs, procs, diff)
		}
	}
	// Explicit worker counts too.
	for _, wk := range []int{1, 3, 5} {
		o := opts
		o.Workers = wk
		got, err := sensitivity.SMAA(context.Background(), u, o)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, got); diff != "" {
			t.Fatalf("Workers=%d differs:\n%s", wk, diff)
		}
	}
	// Another seed gives another sample.
	o := opts
	o.Seed = 43
	other, _ := sensitivity.SMAA(context.Background(), u, o)
	if cmp.Equal(first, other) {
		t.Error("seeds 42 and 43 gave identical results")
	}
}

func TestSMAAProperties(t *testing.T) {
	u := uniformMatrix(2, 12, 4)
	res, err := sensitivity.SMAA(context.Background(), u, sensitivity.SMAAOptions{Samples: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, acc := range res.Acceptability {
		s := 0.0
		for _, b := range acc {
			s += b
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("alternative %d: acceptability sums to %v over ranks", i, s)
		}
	}
	for r := range res.Acceptability {
		s := 0.0
		for i := range res.Acceptability {
			s += res.Acceptability[i][r]
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("rank %d: acceptability sums to %v over alternatives", r+1, s)
		}
	}
	for i, c := range res.CentralWeights {
		s := 0.0
		for _, v := range c {
			s += v
		}
		if res.Acceptability[i][0] > 0 && math.Abs(s-1) > 1e-9 {
			t.Errorf("central weights of %d sum to %v", i, s)
		}
	}
	// A dominating alternative is always first; a dominated one always last.
	dom := [][]float64{{0.5, 0.5, 0.5}, {1, 1, 1}, {0, 0, 0}, {0.9, 0.2, 0.4}}
	res, err = sensitivity.SMAA(context.Background(), dom, sensitivity.SMAAOptions{Samples: 500, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Acceptability[1][0] != 1 || res.Acceptability[2][3] != 1 {
		t.Errorf("dominance: b(1,1) = %v, b(2,4) = %v, want 1, 1", res.Acceptability[1][0], res.Acceptability[2][3])
	}
	if mr := res.MeanRanks(); mr[1] != 1 || mr[2] != 4 || mr[0] <= 1 || mr[0] >= 4 {
		t.Errorf("mean ranks %v, want 1 for the dominating and 4 for the dominated alternative", mr)
	}
	// Analytic case, 2 criteria: A = (1, 0), B = (0, 1); A is first iff
	// w1 > 1/2: acceptability ~ 1/2, central weights ~ (3/4, 1/4).
	res, err = sensitivity.SMAA(context.Background(), [][]float64{{1, 0}, {0, 1}}, sensitivity.SMAAOptions{Samples: 20000, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.Acceptability[0][0]-0.5) > 0.02 || math.Abs(res.CentralWeights[0][0]-0.75) > 0.01 {
		t.Errorf("two-criterion case: b = %v, central = %v, want ~0.5, ~0.75", res.Acceptability[0][0], res.CentralWeights[0])
	}
	// Ordinal information w1 >= w2 makes A always first.
	res, err = sensitivity.SMAA(context.Background(), [][]float64{{1, 0}, {0, 1}}, sensitivity.SMAAOptions{Samples: 1000, Seed: 9, Ordinal: []int{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Acceptability[0][0] != 1 {
		t.Errorf("ordinal w1>=w2: b(A,1) = %v, want 1", res.Acceptability[0][0])
	}
	// Interval information w2 in [0.6, 1] makes B always first.
	res, err = sensitivity.SMAA(context.Background(), [][]float64{{1, 0}, {0, 1}}, sensitivity.SMAAOptions{Samples: 1000, Seed: 9, Lower: []float64{0, 0.6}, Upper: []float64{1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Acceptability[1][0] != 1 {
		t.Errorf("interval w2>=0.6: b(B,1) = %v, want 1", res.Acceptability[1][0])
	}
}

func TestSMAAErrorsAndCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := sensitivity.SMAA(ctx, uniformMatrix(1, 5, 3), sensitivity.SMAAOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v, want context.Canceled", err)
	}
	_, err := sensitivity.SMAA(context.Background(), uniformMatrix(1, 5, 3), sensitivity.SMAAOptions{Ordinal: []int{0, 5}, Lower: []float64{2, 0, 0}})
	var ve *diag.ValidationError
	if !errors.Is(err, tot.ErrInvalid) || !errors.As(err, &ve) || len(ve.Problems) != 2 {
		t.Errorf("bad options: err = %v, want 2 problems", err)
	}
	_, err = sensitivity.SMAA(context.Background(), uniformMatrix(1, 5, 3), sensitivity.SMAAOptions{Samples: 10, Lower: []float64{0.9, 0.9, 0}})
	if err == nil {
		t.Error("infeasible bounds: no error")
	}
}

func BenchmarkSMAA10kx1000x20(b *testing.B) {
	u := uniformMatrix(1, 1000, 20)
	b.ResetTimer()
	start, n := cputime.Process(), 0
	for b.Loop() {
		if _, err := sensitivity.SMAA(context.Background(), u, sensitivity.SMAAOptions{Samples: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	// CPU time of all cores per operation: divided by the cores used it
	// estimates the wall time on an idle machine.
	if cpu := cputime.Process() - start; cpu > 0 && n > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(n), "cpu-ms/op")
	}
}
