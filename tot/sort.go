package tot

import (
	"math"
	"slices"
)

// sortIndices sorts idx stably by less (ties keep their order).
func sortIndices(idx []int, less func(a, b int) bool) {
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
