package sensitivity

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// A Stability is how far one criterion's weight can move before the
// recommendation changes. Weights are shares of the total (0–1): when the
// criterion's share becomes t, every other criterion keeps its proportion of
// the remaining 1 − t (if every other weight is zero, they share it
// equally), so no weight ever becomes negative.
type Stability struct {
	Criterion string  // criterion ID
	Name      string  // criterion name ("" if none)
	Weight    float64 // the criterion's current share, 0–1

	// Lower and Upper bound the interval of the share (0–1, containing
	// Weight) within which the recommendation stays Recommended (except
	// possibly at isolated exact ties).
	Lower, Upper float64
	// BelowTo and AboveTo name the alternative recommended just below Lower
	// and just above Upper ("" when no alternative is then viable). They are
	// only meaningful when LowerChanges or UpperChanges.
	BelowTo, AboveTo string
	// LowerChanges reports that the recommendation changes at Lower (false
	// when the interval reaches 0); UpperChanges likewise at Upper (false
	// when it reaches 1).
	LowerChanges, UpperChanges bool
	// Recommended is the recommendation the interval is about ("" if none).
	Recommended string
	// Exact reports breakpoints computed analytically (weighted sum: every
	// composite is linear in the share); otherwise they are located by a
	// grid of 1/1000 and bisection to 1e-10, and a change and return within
	// one grid step can be missed.
	Exact bool
}

// Slack returns the smallest move of the share (0–1, in either direction)
// that changes the recommendation, +Inf if none does.
func (s Stability) Slack() float64 {
	out := math.Inf(1)
	if s.LowerChanges {
		out = s.Weight - s.Lower
	}
	if s.UpperChanges {
		out = math.Min(out, s.Upper-s.Weight)
	}
	return out
}

// String formats the stability in one line, e.g. "the recommendation
// (postgres) holds while Performance stays between 18% and 41% (below:
// mongodb; above: dynamodb)".
func (s Stability) String() string {
	name := s.Name
	if name == "" {
		name = s.Criterion
	}
	rec := "the recommendation"
	if s.Recommended != "" {
		rec += " (" + s.Recommended + ")"
	} else {
		rec = "the absence of a viable alternative"
	}
	if !s.LowerChanges && !s.UpperChanges {
		return fmt.Sprintf("%s holds whatever the weight of %s (now %s)", rec, name, pct(s.Weight))
	}
	var changes []string
	if s.LowerChanges {
		changes = append(changes, "below: "+orNone(s.BelowTo))
	}
	if s.UpperChanges {
		changes = append(changes, "above: "+orNone(s.AboveTo))
	}
	return fmt.Sprintf("%s holds while %s stays between %s and %s, now %s (%s)",
		rec, name, pct(s.Lower), pct(s.Upper), pct(s.Weight), strings.Join(changes, "; "))
}

func orNone(id string) string {
	if id == "" {
		return "none viable"
	}
	return id
}

// pct formats a share 0–1 as a percentage with at most one decimal.
func pct(x float64) string { return numfmt.Trim(100*x, 1) + "%" }

// Perturb returns the weights w (>= 0, not all zero) normalised to shares
// summing to 1, with weight k's share set to t (0–1) and the others keeping
// their proportions of the remaining 1 − t; when every other weight is
// zero they share 1 − t equally. No weight is ever negative. This is the
// perturbation Weights analyses.
func Perturb(w []float64, k int, t float64) ([]float64, error) {
	var l diag.List
	sum := 0.0
	for j, x := range w {
		if isBad(x) || x < 0 {
			l.Addf(fmt.Sprintf("w[%d]", j), "must be a finite number >= 0, got %v", x)
			continue
		}
		sum += x
	}
	if k < 0 || k >= len(w) {
		l.Addf("k", "index %d out of range 0…%d", k, len(w)-1)
	}
	if isBad(t) || t < 0 || t > 1 {
		l.Addf("t", "must be in 0–1, got %v", t)
	}
	if l.Len() == 0 && !(sum > 0 && !math.IsInf(sum, 0)) {
		l.Addf("w", "weights must not all be zero and their sum must be finite")
	}
	if err := l.Err(tot.ErrInvalid); err != nil {
		return nil, err
	}
	out := make([]float64, len(w))
	rest := 0.0 // summed directly: sum − w[k] would cancel digits
	for j, x := range w {
		if j != k {
			rest += x
		}
	}
	for j := range out {
		switch {
		case j == k:
			out[j] = t
		case rest > 0:
			out[j] = w[j] / rest * (1 - t)
		case len(w) > 1:
			out[j] = (1 - t) / float64(len(w)-1)
		}
	}
	return out, nil
}

// Weights returns, for each criterion of d in declared order, the interval
// of its weight share within which tot.Evaluate's recommendation stays the
// same, and to whom it changes beyond. Gates do not depend on weights; the
// threshold does, and is respected.
//
// With the weighted sum the breakpoints are exact and cost O(alternatives ×
// criteria²) in all: when criterion k's share is t and the others keep
// their proportions p_j of 1 − t, every composite is a line in t,
// a_i + b_i·t with a_i = 100·Σ_{j≠k} p_j·u_ij and b_i = 100·u_ik − a_i
// (u the scale-normalised scores). The recommendation r changes going up
// at the nearest of the crossings (a_r − a_i)/(b_i − b_r) of a steeper
// line above t (another alternative overtaking r) and, when r's line
// falls, its crossing of the threshold; going down likewise with the
// flatter lines and a rising r. The alternative recommended beyond a bound
// is the best viable one just past it: highest composite at the bound,
// then the steeper (going up) or flatter (going down) line, then declared
// order.
//
// Other methods are scanned numerically (see Stability.Exact), each step
// re-evaluating the decision with tot.Evaluate; Analyze does the same
// under a context.
func Weights(d *tot.Decision) ([]Stability, error) {
	m, err := newModel(d, false)
	if err != nil {
		return nil, err
	}
	return m.weights(context.Background())
}

func (m *model) weights(ctx context.Context) ([]Stability, error) {
	out := make([]Stability, len(m.d.Criteria))
	var lines *lines
	if m.weighted {
		lines = newLines(len(m.u))
	}
	for k, c := range m.d.Criteria {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := Stability{Criterion: c.ID, Name: c.Name, Weight: m.share[k], Recommended: m.res.Recommended,
			Lower: 0, Upper: 1, Exact: m.weighted}
		if len(m.d.Criteria) > 1 {
			if m.weighted {
				m.exactInterval(lines, k, &s)
			} else if err := m.scanInterval(ctx, k, &s); err != nil {
				return nil, err
			}
		}
		out[k] = s
	}
	return out, nil
}

// lines holds the composites of every alternative as lines a + b·t in the
// share t of one criterion.
type lines struct{ a, b []float64 }

func newLines(n int) *lines { return &lines{a: make([]float64, n), b: make([]float64, n)} }

// at returns alternative i's composite at share t.
func (l *lines) at(i int, t float64) float64 { return l.a[i] + l.b[i]*t }

// fill computes the lines of criterion k.
func (m *model) fill(l *lines, k int) {
	p, _ := Perturb(m.share, k, 0) // the others' proportions, summing to 1
	for i, row := range m.u {
		r := 0.0
		for j, v := range row {
			if j != k {
				r += p[j] * v
			}
		}
		l.a[i], l.b[i] = 100*r, 100*(row[k]-r)
	}
}

// exactInterval fills s for criterion k from the lines of the composites
// (see Weights).
func (m *model) exactInterval(l *lines, k int, s *Stability) {
	m.fill(l, k)
	t0 := m.share[k]
	for _, dir := range []float64{1, -1} {
		bound, changes := m.bound(l, t0, dir)
		if !changes {
			continue
		}
		to := m.id(m.beyond(l, bound, dir))
		if dir > 0 {
			s.Upper, s.UpperChanges, s.AboveTo = bound, true, to
		} else {
			s.Lower, s.LowerChanges, s.BelowTo = bound, true, to
		}
	}
}

// bound returns the nearest share from t0 in direction dir (+1 up, -1
// down) at which the recommendation changes, and whether it changes within
// 0–1. Each event is a crossing of two lines (or of a line and the
// threshold) at share tc; the tie tolerance of tot.Rank moves the change
// itself to a nearby te (before tc when a tie goes to the challenger).
// Events are ordered and kept by te and reported at tc.
func (m *model) bound(l *lines, t0, dir float64) (float64, bool) {
	end := max(0, dir) // 1 going up, 0 going down
	bestE, bestC, found := end, end, false
	consider := func(te, tc float64) {
		if math.IsNaN(te) || dir*(end-te) <= 0 || math.Abs(end-tc) <= endTie {
			return // no change within 0–1, or an isolated tie at its end
		}
		te, tc = clampFrom(te, t0, dir), clampFrom(tc, t0, dir)
		if dir*(tc-end) > 0 {
			tc = end
		}
		if !found || dir*(bestE-te) > 0 {
			bestE, bestC, found = te, tc, true
		}
	}
	thr := m.d.EffectiveThreshold()
	// The threshold is met within the tie tolerance.
	thrEff := thr - tot.TieTolerance*math.Max(1, thr)
	r := m.rec
	if r < 0 {
		// No alternative is viable: the first to reach the threshold ends
		// the interval (with no threshold, none ever can).
		if thr <= 0 {
			return end, false
		}
		for i, ok := range m.gatesOK {
			if ok && dir*l.b[i] > 0 {
				consider((thrEff-l.a[i])/l.b[i], (thr-l.a[i])/l.b[i])
			}
		}
		return bestC, found
	}
	for i, ok := range m.gatesOK {
		// i overtakes r in direction dir when its line rises faster that
		// way: where it comes within the tie tolerance of r's line if it is
		// declared before r (a tie goes to it), or beyond it otherwise.
		if !ok || i == r || dir*(l.b[i]-l.b[r]) <= 0 {
			continue
		}
		db := l.b[i] - l.b[r]
		tc := (l.a[r] - l.a[i]) / db
		tol := tot.TieTolerance * math.Max(1, math.Abs(l.at(r, tc)))
		if i < r {
			tol = -tol
		}
		consider((l.a[r]-l.a[i]+tol)/db, tc)
	}
	if thr > 0 && dir*l.b[r] < 0 {
		consider((thrEff-l.a[r])/l.b[r], (thr-l.a[r])/l.b[r]) // r falls below the threshold
	}
	return bestC, found
}

// endTie is the distance from the end of the share's range (0 or 1) within
// which a crossing is an isolated tie at the end, not a change: two
// alternatives equal on the criterion tie when its share is exactly 1.
const endTie = 1e-9

// clampFrom returns t, or t0 when t lies behind t0 in direction dir: a
// tie at t0 that the declared order broke in r's favour.
func clampFrom(t, t0, dir float64) float64 {
	if dir*(t-t0) < 0 {
		return t0
	}
	return t
}

// beyond returns the alternative recommended just past share t in
// direction dir: among the alternatives passing their gates whose
// composite is then at least the threshold, the highest composite at t,
// then the line rising fastest in direction dir, then declared order; -1
// when none is viable.
func (m *model) beyond(l *lines, t, dir float64) int {
	thr := m.d.EffectiveThreshold()
	best := -1
	var bv, bs float64
	for i, ok := range m.gatesOK {
		if !ok {
			continue
		}
		v, slope := l.at(i, t), dir*l.b[i]
		if thr > 0 && (v < thr && !near(v, thr) || near(v, thr) && slope < 0) {
			continue
		}
		if best < 0 || v > bv && !near(v, bv) || near(v, bv) && slope > bs {
			best, bv, bs = i, v, slope
		}
	}
	return best
}

// near reports whether two composites (0–100) tie (see tot.TieTolerance).
func near(a, b float64) bool {
	return math.Abs(a-b) <= tot.TieTolerance*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// scanInterval fills s for criterion k by scanning shares on a grid of
// 1/1000 from the current share outwards and bisecting the first change to
// 1e-10 (methods whose scores are not linear in the weights).
func (m *model) scanInterval(ctx context.Context, k int, s *Stability) error {
	cur := m.rec
	recAt := func(t float64) (int, error) {
		w, err := Perturb(m.share, k, t)
		if err != nil {
			return 0, err
		}
		res, err := m.evaluate(ctx, w, -1)
		if err != nil {
			return 0, err
		}
		if res.Recommended == "" {
			return -1, nil
		}
		return m.index[res.Recommended], nil
	}
	// bisect returns the last share with cur and the recommendation after.
	bisect := func(in, out float64) (float64, int, error) {
		for range 60 {
			if math.Abs(out-in) < 1e-10 {
				break
			}
			mid := (in + out) / 2
			r, err := recAt(mid)
			if err != nil {
				return 0, 0, err
			}
			if r == cur {
				in = mid
			} else {
				out = mid
			}
		}
		r, err := recAt(out)
		return in, r, err
	}
	const grid = 1000
	t0 := m.share[k]
	s.Lower, s.Upper = 0, 1
	for _, dir := range []float64{1, -1} {
		prev := t0
		g := math.Floor(t0*grid) + 1
		if dir < 0 {
			g = math.Ceil(t0*grid) - 1
		}
		for ; ; g += dir {
			t := math.Max(0, math.Min(1, g/grid))
			r, err := recAt(t)
			if err != nil {
				return err
			}
			if r != cur {
				bound, to, err := bisect(prev, t)
				if err != nil {
					return err
				}
				if dir > 0 {
					s.Upper, s.UpperChanges, s.AboveTo = bound, true, m.id(to)
				} else {
					s.Lower, s.LowerChanges, s.BelowTo = bound, true, m.id(to)
				}
				break
			}
			if t == max(0, dir) {
				break
			}
			prev = t
		}
	}
	return nil
}
