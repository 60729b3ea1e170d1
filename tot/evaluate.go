package tot

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// Stable codes of the findings Evaluate reports.
const (
	CodeDeclaredMismatch          = "declared-mismatch"           // a declared number differs from the computed one
	CodeSelectionWithoutRationale = "selection-without-rationale" // selected differs from recommended, no rationale
	CodeSelectionOverrides        = "selection-overrides"         // selected differs from recommended, with rationale
	CodeSelectionNotViable        = "selection-not-viable"        // the selected alternative fails a gate or the threshold
	CodeNoViable                  = "no-viable-alternative"       // no alternative passes every gate and the threshold
	CodeCloseCall                 = "close-call"                  // margin below the close-call margin, or a tie at the top
	CodeTie                       = "tie"                         // alternatives share a rank
	CodeUnrankedNode              = "unranked-node"               // an explored option without scores
	CodeUnknownEvidence           = "unknown-evidence"            // a score cites evidence the decision does not list
	CodeDeclaredUnchecked         = "declared-unchecked"          // a declared number the method cannot recompute
	CodeWeightsRescaled           = "weights-rescaled"            // weights do not sum to 100 (points) or 1 (fractions)
)

// Evaluate computes the decision matrix of d: each alternative's composite
// on 0–100 and its contribution points per criterion, gates, viability,
// competition ranking, the recommended alternative, the margin, the close
// call, and findings. It never modifies d.
//
// With the weighted sum (Method "" or "weighted_sum") each score is mapped
// linearly from its criterion's scale to 0–1 (reversed for cost criteria),
// multiplied by the criterion's normalised weight and by 100; the
// contributions sum to the composite. A critical gate is inclusive (a
// benefit score must be >= the gate, a cost score <= the gate), and so is the
// threshold. With another method the composites come from that method
// (0–100, higher is better), Result.Method names it and the contributions are
// empty.
//
// Composites, contributions and the margin are rounded to 12 decimal
// places to remove binary floating-point noise; nothing else is rounded.
// Two composites tie when they differ by at most 1e-9 × max(1, |a|, |b|)
// points: tied alternatives share a rank (1, 2, 2, 4) and keep their
// declared order. The margin is the recommended composite minus the next
// viable one's (0 on a tie, nil with fewer than two viable alternatives). A
// margin below d.EffectiveCloseCall(), or a tie, is a close call.
//
// Weights are written in one form: points or percentages (summing to 100)
// or fractions (summing to 1); Validate rejects a mix. Weights that sum to
// something else are still normalised, and Evaluate reports what it
// rescaled in a "weights-rescaled" warning.
//
// Findings come in a fixed order: rescaled weights, declared mismatches, unranked nodes,
// unknown evidence, ties, no viable alternative, close call, then the
// selection. An invalid d yields the *ValidationError of Validate.
func Evaluate(d *Decision) (*Result, error) {
	if d == nil {
		return nil, invalid(Problem{Message: "nil decision"})
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	m, cols := d.matrix()
	e := &evaluation{d: d, res: &Result{Findings: []Finding{}}}
	weighted := d.Method.IsWeightedSum()
	if weighted {
		v := &validator{}
		p := v.columns(cols)
		mr := &MatrixResult{Scores: make([]float64, m.Rows), GatesPassed: make([]bool, m.Rows), Viable: make([]bool, m.Rows)}
		if v.list.Len() > 0 || p.run(m, d.EffectiveThreshold(), mr) > 0 {
			return nil, errors.New("tot: internal error: validated decision fails the matrix checks")
		}
		e.scores = mr.Scores
		e.contrib = p.contributions(m)
	} else {
		s, err := e.methodScores(m, cols)
		if err != nil {
			return nil, err
		}
		e.scores = s
		e.res.Method = d.Method
	}
	e.rank(m)
	e.weights()
	e.declared()
	e.unranked()
	e.evidence()
	e.ties()
	e.recommend()
	e.selection()
	return e.res, nil
}

// matrix returns d's scores as a Matrix and its criteria as Columns.
func (d *Decision) matrix() (*Matrix, []Column) {
	m := NewMatrix(len(d.Alternatives), len(d.Criteria))
	cols := make([]Column, len(d.Criteria))
	for j, c := range d.Criteria {
		cols[j] = Column{Weight: c.Weight, Scale: c.Scale, Direction: c.Direction, Critical: c.Critical}
	}
	for i, a := range d.Alternatives {
		row := m.Row(i)
		for j, c := range d.Criteria {
			row[j] = a.Scores[c.ID].Value
		}
	}
	return m, cols
}

// contributions returns the contribution points of every cell, row-major.
func (p *prepared) contributions(m *Matrix) []float64 {
	out := make([]float64, len(m.Data))
	for i := range m.Rows {
		for j, x := range m.Row(i) {
			out[i*m.Cols+j] = roundNoise((x - p.c[j].off) * p.c[j].k)
		}
	}
	return out
}

type evaluation struct {
	d       *Decision
	res     *Result
	scores  []float64 // per alternative, declared order
	contrib []float64 // per cell, row-major; nil for other methods
	rankOf  []int     // rank per alternative, declared order
	viable  []bool
	groups  [][]int // tie groups (alternative indices), best first
	order   []int   // alternative indices in ranking order
}

func (e *evaluation) methodScores(m *Matrix, cols []Column) ([]float64, error) {
	x := make([][]float64, m.Rows)
	for i := range x {
		x[i] = slices.Clone(m.Row(i))
	}
	sum := 0.0
	for _, c := range cols {
		sum += c.Weight
	}
	w := make([]float64, len(cols))
	cost := make([]bool, len(cols))
	scales := make([]Scale, len(cols))
	for j, c := range cols {
		w[j] = c.Weight / sum
		cost[j] = c.Direction == Cost
		lo, hi := c.Scale.Bounds()
		scales[j] = Scale{Min: lo, Max: hi}
	}
	s, err := methodScores(e.d.Method, x, w, cost, scales)
	if err != nil {
		return nil, fmt.Errorf("tot: method %q: %w", e.d.Method, err)
	}
	if len(s) != m.Rows {
		return nil, fmt.Errorf("tot: method %q returned %d scores for %d alternatives", e.d.Method, len(s), m.Rows)
	}
	out := make([]float64, len(s))
	for i, v := range s {
		if !finite(v) {
			return nil, fmt.Errorf("tot: method %q returned %v for alternative %q", e.d.Method, v, e.d.Alternatives[i].ID)
		}
		out[i] = roundNoise(v)
	}
	return out, nil
}

// rank fills the ranking: composite descending, ties within the tolerance
// sharing a competition rank and keeping declared order.
func (e *evaluation) rank(m *Matrix) {
	d := e.d
	order, rankOf := Rank(e.scores)
	e.rankOf = rankOf
	e.viable = make([]bool, len(d.Alternatives))
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && rankOf[order[end]] == rankOf[order[start]] {
			end++
		}
		e.groups = append(e.groups, order[start:end:end])
		start = end
	}
	e.order = order
	for _, i := range order {
		a := d.Alternatives[i]
		r := Ranked{
			Alternative:   a.ID,
			Score:         e.scores[i],
			Rank:          e.rankOf[i],
			GateFailures:  []string{},
			Contributions: map[string]float64{},
		}
		for j, c := range d.Criteria {
			if e.contrib != nil {
				r.Contributions[c.ID] = e.contrib[i*m.Cols+j]
			}
			if c.Critical == nil {
				continue
			}
			x := m.At(i, j)
			if (c.Direction == Cost && x > *c.Critical) || (c.Direction != Cost && x < *c.Critical) {
				r.GateFailures = append(r.GateFailures, c.ID)
			}
		}
		r.BelowThreshold = belowThreshold(r.Score, d.EffectiveThreshold())
		r.Viable = len(r.GateFailures) == 0 && !r.BelowThreshold
		e.viable[i] = r.Viable
		e.res.Ranking = append(e.res.Ranking, r)
	}
}

func (e *evaluation) add(code string, sev Severity, where, format string, args ...any) {
	e.res.Findings = append(e.res.Findings, Finding{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...), Where: where})
}

// pts formats composite points for a message.
func pts(x float64) string { return numfmt.Trim(x, 2) }

func (e *evaluation) name(i int) string {
	a := e.d.Alternatives[i]
	if a.Name != "" && a.Name != a.ID {
		return fmt.Sprintf("%s (%s)", a.ID, a.Name)
	}
	return a.ID
}

// declared compares every declared number with the computed one at the
// precision it was written with.
func (e *evaluation) declared() {
	d := e.d
	if len(d.Declared) == 0 {
		return
	}
	alt, crit := d.indexes()
	for k, x := range d.Declared {
		where := x.Where
		if where == "" {
			where = indexPath("declared", k)
		}
		i := alt[x.Alternative] // validated: present
		j, ok := crit[x.Criterion]
		if !ok {
			j = -1
		}
		scale := x.Scale
		if scale == 0 {
			scale = 100
		}
		var got float64
		var what, detail string
		switch x.Kind {
		case DeclaredScore:
			got = d.Alternatives[i].Scores[x.Criterion].Value
			what = "a score on " + x.Criterion + " of"
			detail = numfmt.Shortest(got)
		case DeclaredContribution:
			if e.contrib == nil {
				e.add(CodeDeclaredUnchecked, SeverityInfo, where, "%s declares a contribution on %s; method %s has no contributions to compare it with", e.name(i), x.Criterion, d.Method)
				continue
			}
			pts := e.contrib[i*len(d.Criteria)+j]
			got = pts * scale / 100
			what = "a contribution on " + x.Criterion + " of"
			detail = fmt.Sprintf("%s on a 0–%s scale, %s composite points", numfmt.Trim(got, x.Decimals+4), numfmt.Shortest(scale), numfmt.Trim(pts, 4))
		default:
			got = e.scores[i] * scale / 100
			what = "a composite of"
			detail = fmt.Sprintf("%s on a 0–%s scale, %s composite points", numfmt.Trim(got, x.Decimals+4), numfmt.Shortest(scale), numfmt.Trim(e.scores[i], 4))
		}
		if numfmt.Round(got, x.Decimals) == numfmt.Round(x.Value, x.Decimals) {
			continue
		}
		e.add(CodeDeclaredMismatch, SeverityError, where,
			"%s declares %s %s but its scores give %s (%s)",
			e.name(i), what, numfmt.Fixed(x.Value, x.Decimals), numfmt.Fixed(got, x.Decimals), detail)
	}
}

func (e *evaluation) unranked() {
	for i, n := range e.d.Nodes {
		label := n.ID
		if n.Name != "" {
			label = fmt.Sprintf("%s (%s)", n.ID, n.Name)
		}
		msg := fmt.Sprintf("node %s has no scores and is not ranked", label)
		if n.Status != "" {
			msg += "; status " + n.Status
		}
		if n.Reason != "" {
			msg += ": " + n.Reason
		}
		e.add(CodeUnrankedNode, SeverityInfo, indexPath("nodes", i), "%s", msg)
	}
}

func (e *evaluation) evidence() {
	d := e.d
	if len(d.Evidence) == 0 {
		return
	}
	known := make(map[string]bool, len(d.Evidence))
	for _, x := range d.Evidence {
		known[x.ID] = true
	}
	for i, a := range d.Alternatives {
		for _, c := range d.Criteria {
			for k, id := range a.Scores[c.ID].Evidence {
				if !known[id] {
					e.add(CodeUnknownEvidence, SeverityWarning, fmt.Sprintf("alternatives[%d].scores.%s.evidence[%d]", i, c.ID, k),
						"%s cites evidence %q on %s, which the decision's evidence does not list", a.ID, id, c.ID)
				}
			}
		}
	}
}

func (e *evaluation) ties() {
	for _, g := range e.groups {
		if len(g) < 2 {
			continue
		}
		ids := make([]string, len(g))
		for k, i := range g {
			ids[k] = e.d.Alternatives[i].ID
		}
		e.add(CodeTie, SeverityInfo, "alternatives", "%s tie at %s points (rank %d)",
			strings.Join(ids, ", "), pts(e.scores[g[0]]), e.rankOf[g[0]])
	}
}

func (e *evaluation) recommend() {
	d := e.d
	var viable []int // alternative indices in ranking order
	for _, i := range e.order {
		if e.viable[i] {
			viable = append(viable, i)
		}
	}
	if len(viable) == 0 {
		msg := "no alternative passes every critical gate"
		if d.EffectiveThreshold() > 0 {
			msg += " and the minimum score of " + pts(d.EffectiveThreshold())
		}
		e.add(CodeNoViable, SeverityWarning, "alternatives", "%s", msg)
		return
	}
	best := viable[0]
	e.res.Recommended = d.Alternatives[best].ID
	if len(viable) < 2 {
		return
	}
	next := viable[1]
	margin := 0.0
	if !tied(e.scores[best], e.scores[next]) {
		margin = roundNoise(e.scores[best] - e.scores[next])
	}
	e.res.Margin = &margin
	switch {
	case margin == 0:
		e.res.CloseCall = true
		e.add(CodeCloseCall, SeverityWarning, "", "%s and %s tie at %s points: a human decision is needed",
			d.Alternatives[best].ID, d.Alternatives[next].ID, pts(e.scores[best]))
	case margin < d.EffectiveCloseCall() && !tied(margin, d.EffectiveCloseCall()):
		e.res.CloseCall = true
		e.add(CodeCloseCall, SeverityWarning, "", "%s (%s points) leads %s (%s points) by %s points, below the close-call margin of %s: a human decision is needed",
			d.Alternatives[best].ID, pts(e.scores[best]), d.Alternatives[next].ID, pts(e.scores[next]), pts(margin), pts(d.EffectiveCloseCall()))
	}
}

func (e *evaluation) selection() {
	d := e.d
	if d.Selected == "" || d.Selected == e.res.Recommended {
		return
	}
	i := d.alternativeIndex(d.Selected)
	if !e.viable[i] {
		e.add(CodeSelectionNotViable, SeverityWarning, "selected", "the selected alternative %s is not viable: %s",
			d.Selected, e.whyNotViable(i))
	}
	over := "although no alternative is recommended"
	if e.res.Recommended != "" {
		r := d.alternativeIndex(e.res.Recommended)
		over = fmt.Sprintf("over the recommended %s (%s points)", e.res.Recommended, pts(e.scores[r]))
	}
	if strings.TrimSpace(d.Rationale) == "" {
		e.add(CodeSelectionWithoutRationale, SeverityError, "rationale",
			"%s (%s points) is selected %s, and no rationale says why", d.Selected, pts(e.scores[i]), over)
		return
	}
	e.add(CodeSelectionOverrides, SeverityInfo, "selected", "%s (%s points) is selected %s; the rationale says why",
		d.Selected, pts(e.scores[i]), over)
}

func (e *evaluation) whyNotViable(i int) string {
	for k, j := range e.order {
		if j != i {
			continue
		}
		r := e.res.Ranking[k]
		var why []string
		if len(r.GateFailures) > 0 {
			why = append(why, "fails the critical gate on "+strings.Join(r.GateFailures, ", "))
		}
		if r.BelowThreshold {
			why = append(why, fmt.Sprintf("scores %s, below the minimum of %s", pts(r.Score), pts(e.d.EffectiveThreshold())))
		}
		return strings.Join(why, "; ")
	}
	return ""
}

// weights reports weights that do not sum to their form's total (100 for
// points and percentages, 1 for fractions), saying how each was rescaled.
func (e *evaluation) weights() {
	cs := e.d.Criteria
	total := 1.0
	if weightForm(cs) == formPoints {
		total = 100
	}
	sum := 0.0
	for _, c := range cs {
		sum += c.Weight
	}
	if math.Abs(sum-total) <= 1e-9*total {
		return
	}
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s %s → %s", c.ID, numfmt.Shortest(c.Weight), numfmt.Trim(c.Weight/sum*total, 4)))
	}
	form := weightForm(cs)
	e.add(CodeWeightsRescaled, SeverityWarning, "criteria",
		"weights (%s) sum to %s, not %s: each was multiplied by %s/%s so that they sum to %s (%s)",
		form, numfmt.Trim(sum, 6), numfmt.Shortest(total), numfmt.Shortest(total), numfmt.Trim(sum, 6), numfmt.Shortest(total), listSome(parts, 12))
}
