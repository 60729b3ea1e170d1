package tot

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Validate checks a Decision built in Go the way ParseDecision checks a
// file. It returns nil or a *ValidationError (wrapping ErrInvalid) that
// lists every problem with its path in the decision file format, such as
// "criteria[2].weight" or "alternatives[1].scores.security":
//
//   - criteria: at least one; non-empty, unique IDs; weights finite and
//     >= 0, not all zero; scale finite with min < max (the zero Scale means
//     0–10); direction Benefit or Cost; a gate finite and within the scale;
//   - alternatives: at least one; non-empty, unique IDs; a finite score
//     within its criterion's scale for every criterion, and none for
//     unknown criteria;
//   - selected names an alternative; threshold within 0–100; close_call
//     finite and >= 0; method known;
//   - triggers: non-empty, unique IDs; op one of > >= < <= == != (required
//     with a metric); threshold finite (required with an op); for and
//     consecutive >= 0;
//   - evidence, nodes: non-empty, unique IDs; declared numbers: finite,
//     naming an alternative (and a criterion for contributions and scores),
//     scale >= 0, decimals within 0–15.
func (d *Decision) Validate() error {
	if d == nil {
		return &ValidationError{Problems: []Problem{{Path: "", Message: "nil decision"}}}
	}
	if err := d.validate(); err != nil {
		return err
	}
	return nil
}

// validate is Validate returning the concrete type.
func (d *Decision) validate() *ValidationError {
	v := &validator{}
	v.criteria(d.Criteria)
	v.alternatives(d)
	if d.Selected != "" && d.alternativeIndex(d.Selected) < 0 {
		v.addf("selected", "%q names no alternative", d.Selected)
	}
	if !(d.Threshold >= 0 && d.Threshold <= 100) {
		v.addf("threshold", "must be within 0–100, not %s", fmtNum(d.Threshold))
	}
	if !(d.CloseCall >= 0) || math.IsInf(d.CloseCall, 0) {
		v.addf("close_call", "must be finite and >= 0, not %s", fmtNum(d.CloseCall))
	}
	if !knownMethod(d.Method) {
		v.addf("method", "unknown method %q", d.Method)
	}
	v.triggers(d.Triggers)
	v.ids("evidence", len(d.Evidence), func(i int) string { return d.Evidence[i].ID })
	v.ids("nodes", len(d.Nodes), func(i int) string { return d.Nodes[i].ID })
	v.declared(d)
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

type validator struct {
	problems []Problem
}

func (v *validator) addf(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// fmtNum formats a number for a message: shortest exact decimal, never -0.
func fmtNum(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// bounds returns the scale's interval, 0–10 for the zero Scale.
func (s Scale) bounds() (lo, hi float64) {
	if s == (Scale{}) {
		return 0, 10
	}
	return s.Min, s.Max
}

// String returns the scale as "min–max", "0–10" for the zero Scale.
func (s Scale) String() string {
	lo, hi := s.bounds()
	return fmtNum(lo) + "–" + fmtNum(hi)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// ids checks that n IDs are non-empty and unique.
func (v *validator) ids(path string, n int, id func(int) string) {
	first := make(map[string]int, n)
	for i := range n {
		p := indexPath(path, i) + ".id"
		s := id(i)
		if s == "" {
			v.addf(p, "required")
			continue
		}
		if j, dup := first[s]; dup {
			v.addf(p, "duplicate id %q (also %s)", s, indexPath(path, j))
			continue
		}
		first[s] = i
	}
}

func (v *validator) criteria(cs []Criterion) {
	if len(cs) == 0 {
		v.addf("criteria", "at least one criterion is required")
		return
	}
	v.ids("criteria", len(cs), func(i int) string { return cs[i].ID })
	sum, usable := 0.0, true
	for i, c := range cs {
		p := indexPath("criteria", i)
		switch {
		case !finite(c.Weight):
			v.addf(p+".weight", "must be finite, not %s", fmtNum(c.Weight))
			usable = false
		case c.Weight < 0:
			v.addf(p+".weight", "must be >= 0, not %s", fmtNum(c.Weight))
			usable = false
		default:
			sum += c.Weight
		}
		lo, hi := c.Scale.bounds()
		scaleOK := finite(lo) && finite(hi) && lo < hi
		if !scaleOK {
			v.addf(p+".scale", "min %s must be less than max %s, both finite", fmtNum(c.Scale.Min), fmtNum(c.Scale.Max))
		}
		if c.Direction != Benefit && c.Direction != Cost {
			v.addf(p+".direction", "must be benefit or cost, not %d", int(c.Direction))
		}
		if c.Critical != nil {
			g := *c.Critical
			switch {
			case !finite(g):
				v.addf(p+".critical", "must be finite, not %s", fmtNum(g))
			case scaleOK && (g < lo || g > hi):
				v.addf(p+".critical", "gate %s is outside the scale %s", fmtNum(g), c.Scale)
			}
		}
	}
	if usable && !(sum > 0) {
		v.addf("criteria", "weights must not all be zero")
	} else if usable && math.IsInf(sum, 0) {
		v.addf("criteria", "weights overflow when summed")
	}
}

func (v *validator) alternatives(d *Decision) {
	if len(d.Alternatives) == 0 {
		v.addf("alternatives", "at least one alternative is required")
		return
	}
	v.ids("alternatives", len(d.Alternatives), func(i int) string { return d.Alternatives[i].ID })
	known := make(map[string]bool, len(d.Criteria))
	for _, c := range d.Criteria {
		known[c.ID] = true
	}
	// Criteria to check, each ID once.
	var check []Criterion
	for _, c := range d.Criteria {
		if c.ID != "" && known[c.ID] {
			check = append(check, c)
			known[c.ID] = false // seen
		}
	}
	for _, c := range d.Criteria {
		known[c.ID] = true
	}
	for i, a := range d.Alternatives {
		sp := func(id string) string { return indexPath("alternatives", i) + ".scores." + id }
		for _, c := range check {
			s, ok := a.Scores[c.ID]
			lo, hi := c.Scale.bounds()
			switch {
			case !ok:
				v.addf(sp(c.ID), "missing")
			case !finite(s.Value):
				v.addf(sp(c.ID), "must be finite, not %s", fmtNum(s.Value))
			case finite(lo) && finite(hi) && lo < hi && (s.Value < lo || s.Value > hi):
				v.addf(sp(c.ID), "%s is outside the scale %s", fmtNum(s.Value), c.Scale)
			}
		}
		var unknown []string
		for k := range a.Scores {
			if !known[k] {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		for _, k := range unknown {
			v.addf(sp(k), "unknown criterion")
		}
	}
}

// validOp reports whether op is a trigger comparison.
func validOp(op string) bool {
	switch op {
	case ">", ">=", "<", "<=", "==", "!=":
		return true
	}
	return false
}

func (v *validator) triggers(ts []Trigger) {
	v.ids("triggers", len(ts), func(i int) string { return ts[i].ID })
	for i, t := range ts {
		p := indexPath("triggers", i)
		switch {
		case t.Op != "" && !validOp(t.Op):
			v.addf(p+".op", "must be one of > >= < <= == !=, not %q", t.Op)
		case t.Op == "" && t.Metric != "":
			v.addf(p+".op", "required with a metric")
		}
		if t.Threshold != nil && !finite(*t.Threshold) {
			v.addf(p+".threshold", "must be finite, not %s", fmtNum(*t.Threshold))
		} else if t.Threshold == nil && t.Op != "" {
			v.addf(p+".threshold", "required with an op")
		}
		if t.For < 0 {
			v.addf(p+".for", "must be >= 0, not %s", t.For)
		}
		if t.Consecutive < 0 {
			v.addf(p+".consecutive", "must be >= 0, not %d", t.Consecutive)
		}
	}
}

func (v *validator) declared(d *Decision) {
	for i, x := range d.Declared {
		p := indexPath("declared", i)
		if !finite(x.Value) {
			v.addf(p+".value", "must be finite, not %s", fmtNum(x.Value))
		}
		if !finite(x.Scale) || x.Scale < 0 {
			v.addf(p+".scale", "must be finite and >= 0, not %s", fmtNum(x.Scale))
		}
		if x.Decimals < 0 || x.Decimals > 15 {
			v.addf(p+".decimals", "must be within 0–15, not %d", x.Decimals)
		}
		switch x.Kind {
		case "", DeclaredComposite, DeclaredContribution, DeclaredScore:
		default:
			v.addf(p+".kind", "must be composite, contribution or score, not %q", x.Kind)
		}
		if d.alternativeIndex(x.Alternative) < 0 {
			v.addf(p+".alternative", "%q names no alternative", x.Alternative)
		}
		needCriterion := x.Kind == DeclaredContribution || x.Kind == DeclaredScore
		if (needCriterion || x.Criterion != "") && d.criterionIndex(x.Criterion) < 0 {
			v.addf(p+".criterion", "%q names no criterion", x.Criterion)
		}
	}
}

func (d *Decision) alternativeIndex(id string) int {
	for i := range d.Alternatives {
		if d.Alternatives[i].ID == id {
			return i
		}
	}
	return -1
}

func (d *Decision) criterionIndex(id string) int {
	for i := range d.Criteria {
		if d.Criteria[i].ID == id {
			return i
		}
	}
	return -1
}
