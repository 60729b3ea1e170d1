package sensitivity

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// rank agrees with a stable comparison sort (score descending, ties by
// index) on spread, clustered, tied, negative and signed-zero scores.
func TestRankAgainstSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func(i int) float64{
		"uniform":   func(int) float64 { return rng.Float64() },
		"ties":      func(int) float64 { return float64(rng.IntN(5)) },
		"negative":  func(int) float64 { return rng.NormFloat64() * 1e3 },
		"zeros":     func(i int) float64 { return []float64{0, math.Copysign(0, -1), 1e-300, -1e-300}[i%4] },
		"clustered": func(i int) float64 { return 0.5 + float64(rng.IntN(1000))*1e-15 + float64(i%2)*100 },
		"outlier":   func(i int) float64 { return map[bool]float64{true: 1e300, false: rng.Float64()}[i == 7] },
		"equal":     func(int) float64 { return 0.25 },
	}
	s := &smaaScratch{}
	for name, g := range gens {
		for _, n := range []int{1, 2, 33, 1000} {
			sc := make([]float64, n)
			for i := range sc {
				sc[i] = g(i)
			}
			want := make([]int32, n)
			for i := range want {
				want[i] = int32(i)
			}
			slices.SortStableFunc(want, func(a, b int32) int {
				switch {
				case sc[a] > sc[b]:
					return -1
				case sc[a] < sc[b]:
					return 1
				}
				return 0
			})
			if got := s.rank(sc); !slices.Equal(got, want) {
				t.Errorf("%s, n=%d: rank = %v…, want %v…", name, n, got[:min(n, 10)], want[:min(n, 10)])
			}
		}
	}
}
