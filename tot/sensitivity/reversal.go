package sensitivity

import (
	"context"

	"github.com/deliberate-dev/deliberate/tot"
)

// A Reversal reports what removing one alternative does to the ranking
// of the others.
type Reversal struct {
	Removed string // ID of the removed alternative
	// Recommended is the recommendation without it ("" if none viable).
	Recommended string
	// Changed reports that the recommendation changed although the removed
	// alternative was not the recommended one.
	Changed bool
	// Pairs lists pairs [a, b] of remaining alternatives with a ranked above
	// b before the removal and below after it (ties count as neither), in
	// the original ranking order of a, then b.
	Pairs [][2]string
}

// Reversals removes each alternative of d in turn (declared order) and
// re-ranks the others with d's method and weights, through tot.Evaluate.
// With the weighted sum no reversal can occur (each composite depends only
// on its own scores), and the cost is linear; methods that normalise by
// the other alternatives (TOPSIS, VIKOR, PROMETHEE, min-max) can reverse
// ranks and cost one evaluation per alternative.
func Reversals(d *tot.Decision) ([]Reversal, error) {
	m, err := newModel(d, false)
	if err != nil {
		return nil, err
	}
	return m.reversals(context.Background())
}

func (m *model) reversals(ctx context.Context) ([]Reversal, error) {
	n := len(m.d.Alternatives)
	if n < 2 {
		return []Reversal{}, nil
	}
	out := make([]Reversal, 0, n)
	if m.weighted {
		// The ranking of the others is unchanged: the recommendation
		// without r is the first viable alternative other than r.
		first, second := "", ""
		for _, x := range m.res.Ranking {
			if !x.Viable {
				continue
			}
			if first == "" {
				first = x.Alternative
			} else {
				second = x.Alternative
				break
			}
		}
		for _, a := range m.d.Alternatives {
			rec := first
			if a.ID == first {
				rec = second
			}
			out = append(out, Reversal{Removed: a.ID, Recommended: rec})
		}
		return out, nil
	}
	rank := make([]int, n) // competition rank before the removal
	for _, x := range m.res.Ranking {
		rank[m.index[x.Alternative]] = x.Rank
	}
	after := make([]int, n)
	for r := range n {
		res, err := m.evaluate(ctx, nil, r)
		if err != nil {
			return nil, err
		}
		rr := Reversal{Removed: m.id(r), Recommended: res.Recommended}
		rr.Changed = m.res.Recommended != rr.Removed && rr.Recommended != m.res.Recommended
		for _, x := range res.Ranking {
			after[m.index[x.Alternative]] = x.Rank
		}
		// Pairs a above b before (ranks differ: not tied) and below after.
		for k, xa := range m.res.Ranking {
			if k%256 == 255 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			a := m.index[xa.Alternative]
			if a == r {
				continue
			}
			for _, xb := range m.res.Ranking[k+1:] {
				b := m.index[xb.Alternative]
				if b != r && rank[a] < rank[b] && after[a] > after[b] {
					rr.Pairs = append(rr.Pairs, [2]string{m.id(a), m.id(b)})
				}
			}
		}
		out = append(out, rr)
	}
	return out, nil
}
