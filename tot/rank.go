package tot

import (
	"cmp"
	"math"
	"slices"
)

// TieTolerance is the relative tolerance of Evaluate's ranking rule: two
// composites a and b (0–100) tie when |a − b| <= TieTolerance × max(1, |a|,
// |b|) composite points, far above floating-point noise and far below any
// meaningful difference; a composite that close to the threshold meets it.
const TieTolerance = 1e-9

// Rank orders composites (0–100, one per alternative in declared order)
// by Evaluate's ranking rule: composite descending; composites that tie
// (see TieTolerance) with the first of their group share its competition
// rank and keep their declared order. It returns the alternatives' indexes
// best first and each alternative's rank (1, 2, 2, 4). Evaluate, and
// everything that re-ranks a decision, ranks through it.
func Rank(scores []float64) (order, rank []int) {
	n := len(scores)
	order = make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	rank = make([]int, n)
	for start := 0; start < n; {
		end := start + 1
		for end < n && tied(scores[order[start]], scores[order[end]]) {
			end++
		}
		slices.Sort(order[start:end]) // declared order within a tie
		for _, i := range order[start:end] {
			rank[i] = start + 1
		}
		start = end
	}
	return order, rank
}

// tied reports whether composites a and b tie within TieTolerance.
func tied(a, b float64) bool {
	scale := math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
	return math.Abs(a-b) <= TieTolerance*scale
}

// belowThreshold reports whether composite s is below the threshold
// (inclusive, within the tie tolerance; a zero threshold disables it).
func belowThreshold(s, threshold float64) bool {
	return threshold > 0 && s < threshold && !tied(s, threshold)
}
