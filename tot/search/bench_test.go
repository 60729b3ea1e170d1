package search_test

import (
	"context"
	"testing"

	"github.com/deliberate-dev/deliberate/tot/search"
)

// BenchmarkSearchBeamCritical: beam search with the critical preset (k=10,
// b=5) to depth 5 over an implicit tree of ints with a hash-like score.
func BenchmarkSearchBeamCritical(b *testing.B) {
	s := search.Config[uint64]{
		Generate: func(_ context.Context, st uint64, k int) ([]uint64, error) {
			out := make([]uint64, k)
			for i := range out {
				out[i] = st*11 + uint64(i) + 1
			}
			return out, nil
		},
		Evaluate: func(_ context.Context, st uint64) (search.Evaluation, error) {
			x := st * 0x9E3779B97F4A7C15
			return search.Evaluation{Score: float64(x>>11) / (1 << 53)}, nil
		},
		Algorithm:      search.Beam,
		MaxDepth:       5,
		PruneThreshold: 0.3,
	}
	if err := s.UsePreset(search.Critical); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Run(context.Background(), 0); err != nil {
			b.Fatal(err)
		}
	}
}
