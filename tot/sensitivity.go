package tot

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// A WeightStability is how far one criterion's weight can move before the
// recommendation changes. Weights are shares of the total (0–1): when the
// criterion's share becomes t, every other criterion keeps its proportion of
// the remaining 1 − t (if every other weight is zero, they share it
// equally), so no weight ever becomes negative.
type WeightStability struct {
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
	// grid of 1/1000 and bisection to 1e-9, and a change and return within
	// one grid step can be missed.
	Exact bool
}

// Slack returns the smallest move of the share (0–1, in either direction)
// that changes the recommendation, +Inf if none does.
func (s WeightStability) Slack() float64 {
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
func (s WeightStability) String() string {
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

// decisionModel is what the sensitivity analyses need of a decision.
type decisionModel struct {
	d       *Decision
	x       [][]float64 // raw scores
	share   []float64   // normalised weights
	cost    []bool
	scales  []Scale
	gatesOK []bool
	u       [][]float64 // scale-normalised values (weighted sum)
	method  string
}

func newDecisionModel(d *Decision) (*decisionModel, *Result, error) {
	res, err := Evaluate(d)
	if err != nil {
		return nil, nil, err
	}
	m := &decisionModel{d: d, method: d.Method}
	n := len(d.Criteria)
	m.share = make([]float64, n)
	m.cost = make([]bool, n)
	m.scales = make([]Scale, n)
	sum := 0.0
	for _, c := range d.Criteria {
		sum += c.Weight
	}
	for j, c := range d.Criteria {
		m.share[j] = c.Weight / sum
		m.cost[j] = c.Direction == Cost
		lo, hi := c.Scale.bounds()
		m.scales[j] = Scale{Min: lo, Max: hi}
	}
	m.x = make([][]float64, len(d.Alternatives))
	for i, a := range d.Alternatives {
		m.x[i] = make([]float64, n)
		for j, c := range d.Criteria {
			m.x[i][j] = a.Scores[c.ID].Value
		}
	}
	m.gatesOK = make([]bool, len(d.Alternatives))
	for _, r := range res.Ranking {
		m.gatesOK[d.alternativeIndex(r.Alternative)] = len(r.GateFailures) == 0
	}
	if m.u, err = NormalizeScales(m.x, m.cost, m.scales); err != nil {
		return nil, nil, err
	}
	return m, res, nil
}

func (m *decisionModel) weighted() bool {
	return m.method == "" || m.method == MethodWeightedSum
}

// perturbed returns the shares when criterion k's share is t.
func (m *decisionModel) perturbed(k int, t float64) []float64 {
	w, _ := PerturbWeights(m.share, k, t)
	return w
}

// PerturbWeights returns the weights w (>= 0, not all zero) normalised to
// shares summing to 1, with weight k's share set to t (0–1) and the others
// keeping their proportions of the remaining 1 − t; when every other weight
// is zero they share 1 − t equally. No weight is ever negative. This is
// the perturbation WeightSensitivity analyses.
func PerturbWeights(w []float64, k int, t float64) ([]float64, error) {
	var probs []Problem
	sum := 0.0
	for j, x := range w {
		if isBad(x) || x < 0 {
			probs = append(probs, Problem{Path: fmt.Sprintf("w[%d]", j), Message: fmt.Sprintf("must be a finite number >= 0, got %v", x)})
			continue
		}
		sum += x
	}
	if k < 0 || k >= len(w) {
		probs = append(probs, Problem{Path: "k", Message: fmt.Sprintf("index %d out of range 0…%d", k, len(w)-1)})
	}
	if isBad(t) || t < 0 || t > 1 {
		probs = append(probs, Problem{Path: "t", Message: fmt.Sprintf("must be in 0–1, got %v", t)})
	}
	if len(probs) == 0 && !(sum > 0 && !math.IsInf(sum, 0)) {
		probs = append(probs, Problem{Path: "w", Message: "weights must not all be zero and their sum must be finite"})
	}
	if len(probs) > 0 {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: probs}
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

// scores returns the composites (0–100) under shares w, as Evaluate
// computes them.
func (m *decisionModel) scores(w []float64, alive []bool) ([]float64, error) {
	if !m.weighted() {
		x, idx := m.x, []int(nil)
		if alive != nil {
			x = nil
			for i, ok := range alive {
				if ok {
					x = append(x, m.x[i])
					idx = append(idx, i)
				}
			}
		}
		s, err := methodScores(m.method, x, w, m.cost, m.scales)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(m.x))
		for k, v := range s {
			i := k
			if idx != nil {
				i = idx[k]
			}
			out[i] = roundNoise(v)
		}
		return out, nil
	}
	out := make([]float64, len(m.u))
	for i, row := range m.u {
		s := 0.0
		for j, v := range row {
			s += 100 * w[j] * v
		}
		out[i] = roundNoise(s)
	}
	return out, nil
}

// recommend returns the index of the recommended alternative under scores
// s (-1 if none), with Evaluate's rules: composite descending, ties within
// the tolerance in declared order, the first viable one. alive (nil = all)
// restricts the alternatives considered.
func (m *decisionModel) recommend(s []float64, alive []bool) int {
	order := m.order(s, alive)
	for _, i := range order {
		if m.gatesOK[i] && !belowThreshold(s[i], m.d.Threshold) {
			return i
		}
	}
	return -1
}

// order ranks the alive alternatives as Evaluate does.
func (m *decisionModel) order(s []float64, alive []bool) []int {
	var order []int
	for i := range s {
		if alive == nil || alive[i] {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s[b], s[a]) })
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && tied(s[order[start]], s[order[end]]) {
			end++
		}
		slices.Sort(order[start:end])
		start = end
	}
	return order
}

func (m *decisionModel) id(i int) string {
	if i < 0 {
		return ""
	}
	return m.d.Alternatives[i].ID
}

// WeightSensitivity returns, for each criterion of d in declared order, the
// interval of its weight share within which Evaluate's recommendation stays
// the same, and to whom it changes beyond. Gates do not depend on weights;
// the threshold does, and is respected. With the weighted sum the
// breakpoints are exact: every composite is linear in the share t,
// 100·(t·u_ik + (1−t)·Σ_{j≠k} s_j·u_ij) with s_j the others' proportions, so
// the recommendation can only change where two composites cross or one
// crosses the threshold. Other methods are scanned numerically (see
// WeightStability.Exact).
func WeightSensitivity(d *Decision) ([]WeightStability, error) {
	m, res, err := newDecisionModel(d)
	if err != nil {
		return nil, err
	}
	cur := d.alternativeIndex(res.Recommended)
	if res.Recommended == "" {
		cur = -1
	}
	out := make([]WeightStability, len(d.Criteria))
	for k, c := range d.Criteria {
		s := WeightStability{Criterion: c.ID, Name: c.Name, Weight: m.share[k], Recommended: res.Recommended,
			Lower: 0, Upper: 1, Exact: m.weighted()}
		if len(d.Criteria) > 1 {
			if m.weighted() {
				m.exactInterval(k, cur, &s)
			} else if err := m.scanInterval(k, cur, &s); err != nil {
				return nil, err
			}
		}
		out[k] = s
	}
	return out, nil
}

// exactInterval fills s for criterion k from the breakpoints of the linear
// composites.
func (m *decisionModel) exactInterval(k, cur int, s *WeightStability) {
	n := len(m.u)
	a := make([]float64, n) // composite at t = 0
	b := make([]float64, n) // slope
	w0 := m.perturbed(k, 0)
	for i, row := range m.u {
		r := 0.0
		for j, v := range row {
			if j != k {
				r += w0[j] * v
			}
		}
		a[i], b[i] = 100*r, 100*(row[k]-r)
	}
	t0 := m.share[k]
	pts := []float64{0, 1, t0}
	add := func(t float64) {
		if t > 0 && t < 1 && !isBad(t) {
			pts = append(pts, t)
		}
	}
	for i := range n {
		if !m.gatesOK[i] {
			continue
		}
		if m.d.Threshold > 0 && b[i] != 0 {
			add((m.d.Threshold - a[i]) / b[i])
		}
		for l := i + 1; l < n; l++ {
			if m.gatesOK[l] && b[i] != b[l] {
				add((a[l] - a[i]) / (b[i] - b[l]))
			}
		}
	}
	slices.Sort(pts)
	pts = slices.Compact(pts)
	recAt := func(t float64) int {
		sc := make([]float64, n)
		for i := range sc {
			sc[i] = roundNoise(a[i] + b[i]*t)
		}
		return m.recommend(sc, nil)
	}
	m.walk(pts, t0, cur, recAt, s)
}

// walk extends the interval around t0 over the segments between the sorted
// breakpoints pts while the recommendation, constant on each open segment
// and evaluated at its midpoint, stays cur.
func (m *decisionModel) walk(pts []float64, t0 float64, cur int, recAt func(float64) int, s *WeightStability) {
	i0, _ := slices.BinarySearch(pts, t0)
	s.Lower, s.Upper = t0, t0
	for i := i0; i+1 < len(pts); i++ {
		if r := recAt((pts[i] + pts[i+1]) / 2); r != cur {
			s.UpperChanges, s.AboveTo = true, m.id(r)
			break
		}
		s.Upper = pts[i+1]
	}
	for i := i0; i > 0; i-- {
		if r := recAt((pts[i-1] + pts[i]) / 2); r != cur {
			s.LowerChanges, s.BelowTo = true, m.id(r)
			break
		}
		s.Lower = pts[i-1]
	}
}

// scanInterval fills s for criterion k by scanning shares on a grid of
// 1/1000 from the current share outwards and bisecting the first change to
// 1e-10 (methods whose scores are not linear in the weights).
func (m *decisionModel) scanInterval(k, cur int, s *WeightStability) error {
	var firstErr error
	recAt := func(t float64) int {
		sc, err := m.scores(m.perturbed(k, t), nil)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return cur
		}
		return m.recommend(sc, nil)
	}
	// bisect returns the last share with cur and the recommendation after.
	bisect := func(in, out float64) (float64, int) {
		for range 60 {
			if math.Abs(out-in) < 1e-10 {
				break
			}
			mid := (in + out) / 2
			if recAt(mid) == cur {
				in = mid
			} else {
				out = mid
			}
		}
		return in, recAt(out)
	}
	const grid = 1000
	t0 := m.share[k]
	s.Lower, s.Upper = 0, 1
	for prev, g := t0, math.Floor(t0*grid)+1; ; g++ {
		t := math.Min(1, g/grid)
		if recAt(t) != cur {
			var r int
			s.Upper, r = bisect(prev, t)
			s.UpperChanges, s.AboveTo = true, m.id(r)
			break
		}
		if t >= 1 {
			break
		}
		prev = t
	}
	for prev, g := t0, math.Ceil(t0*grid)-1; ; g-- {
		t := math.Max(0, g/grid)
		if recAt(t) != cur {
			var r int
			s.Lower, r = bisect(prev, t)
			s.LowerChanges, s.BelowTo = true, m.id(r)
			break
		}
		if t <= 0 {
			break
		}
		prev = t
	}
	return firstErr
}

// A RankReversal reports what removing one alternative does to the ranking
// of the others.
type RankReversal struct {
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

// RankReversals removes each alternative of d in turn (declared order) and
// re-ranks the others with d's method and weights. With the weighted sum
// no reversal can occur (each composite depends only on its own scores);
// methods that normalise by the other alternatives (TOPSIS, VIKOR,
// PROMETHEE, min-max) can reverse ranks.
func RankReversals(d *Decision) ([]RankReversal, error) {
	m, res, err := newDecisionModel(d)
	if err != nil {
		return nil, err
	}
	base, err := m.scores(m.share, nil)
	if err != nil {
		return nil, err
	}
	n := len(d.Alternatives)
	pos := func(order []int) []int {
		p := make([]int, n)
		for r, i := range order {
			p[i] = r
		}
		return p
	}
	baseOrder := m.order(base, nil)
	out := make([]RankReversal, 0, n)
	for r := range n {
		if n < 2 {
			break
		}
		alive := make([]bool, n)
		for i := range alive {
			alive[i] = i != r
		}
		sc, err := m.scores(m.share, alive)
		if err != nil {
			return nil, err
		}
		rec := m.recommend(sc, alive)
		rr := RankReversal{Removed: m.id(r), Recommended: m.id(rec)}
		rr.Changed = res.Recommended != m.id(r) && m.id(rec) != res.Recommended
		after := pos(m.order(sc, alive))
		for x, a := range baseOrder {
			for _, b := range baseOrder[x+1:] {
				if a == r || b == r || tied(base[a], base[b]) || tied(sc[a], sc[b]) {
					continue
				}
				if base[a] > base[b] && after[a] > after[b] {
					rr.Pairs = append(rr.Pairs, [2]string{m.id(a), m.id(b)})
				}
			}
		}
		out = append(out, rr)
	}
	return out, nil
}

// Confidence grades how much a recommendation can be relied on.
type Confidence int

// Confidence levels.
const (
	ConfidenceLow Confidence = iota
	ConfidenceMedium
	ConfidenceHigh
)

// String returns "low", "medium" or "high".
func (c Confidence) String() string {
	switch c {
	case ConfidenceHigh:
		return "high"
	case ConfidenceMedium:
		return "medium"
	}
	return "low"
}

// Thresholds of the confidence rule, in weight share (0–1) and in multiples
// of the close-call margin.
const (
	LowSlack      = 0.05 // a weight move under 5 percentage points changes the recommendation: low
	HighSlack     = 0.15 // no weight move under 15 points changes it: can be high
	HighMarginFor = 2.0  // and the margin is at least twice the close-call margin
)

// ConfidenceFor grades a recommendation from its margin and its stability:
//
//   - Low: nothing is recommended, or the result is a close call, or moving
//     some criterion's weight share by less than LowSlack (5 percentage
//     points) changes the recommendation;
//   - High: the margin is at least HighMarginFor (2) times the close-call
//     margin (DefaultCloseCall when closeCall is 0; a single viable
//     alternative has no margin and qualifies), and no weight move under
//     HighSlack (15 points) changes the recommendation;
//   - Medium: otherwise.
func ConfidenceFor(res *Result, stab []WeightStability, closeCall float64) Confidence {
	if res == nil || res.Recommended == "" || res.CloseCall {
		return ConfidenceLow
	}
	slack := math.Inf(1)
	for _, s := range stab {
		slack = math.Min(slack, s.Slack())
	}
	if slack < LowSlack {
		return ConfidenceLow
	}
	if closeCall <= 0 {
		closeCall = DefaultCloseCall
	}
	marginOK := res.Margin == nil || *res.Margin >= HighMarginFor*closeCall
	if marginOK && slack >= HighSlack {
		return ConfidenceHigh
	}
	return ConfidenceMedium
}

// An Analysis gathers the sensitivity of a decision's recommendation.
type Analysis struct {
	Result     *Result
	Stability  []WeightStability // per criterion, declared order
	Reversals  []RankReversal    // per removed alternative, declared order
	SMAA       *DecisionSMAA     // nil unless requested
	Confidence Confidence
}

// Analyze evaluates d and analyses the sensitivity of its recommendation:
// weight stability intervals, rank reversals, the confidence grade, and,
// when smaa is non-nil, SMAA-2 with those options.
func Analyze(ctx context.Context, d *Decision, smaa *SMAAOptions) (*Analysis, error) {
	res, err := Evaluate(d)
	if err != nil {
		return nil, err
	}
	a := &Analysis{Result: res}
	if a.Stability, err = WeightSensitivity(d); err != nil {
		return nil, err
	}
	if a.Reversals, err = RankReversals(d); err != nil {
		return nil, err
	}
	a.Confidence = ConfidenceFor(res, a.Stability, d.CloseCall)
	if smaa != nil {
		if a.SMAA, err = SMAADecision(ctx, d, *smaa); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// A DecisionSMAA is SMAA-2 run on a decision.
type DecisionSMAA struct {
	// Alternatives are the IDs of the alternatives analysed: those passing
	// every critical gate (gates do not depend on weights), declared order.
	Alternatives []string
	// Criteria are the criterion IDs, declared order.
	Criteria []string
	*SMAAResult
}

// SMAADecision runs SMAA-2 (see SMAA) on d's alternatives that pass every
// critical gate, with the weighted-sum value model of Evaluate (scores
// mapped from their scales to 0–1), whatever d.Method. The threshold is not
// applied: rank acceptabilities compare alternatives with each other.
func SMAADecision(ctx context.Context, d *Decision, opts SMAAOptions) (*DecisionSMAA, error) {
	m, _, err := newDecisionModel(d)
	if err != nil {
		return nil, err
	}
	out := &DecisionSMAA{}
	var u [][]float64
	for i, ok := range m.gatesOK {
		if ok {
			u = append(u, m.u[i])
			out.Alternatives = append(out.Alternatives, m.id(i))
		}
	}
	for _, c := range d.Criteria {
		out.Criteria = append(out.Criteria, c.ID)
	}
	if len(u) == 0 {
		return nil, invalid(Problem{Path: "alternatives", Message: "no alternative passes every critical gate"})
	}
	if out.SMAAResult, err = SMAA(ctx, u, opts); err != nil {
		return nil, err
	}
	return out, nil
}
