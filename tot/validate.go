package tot

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/internal/yamlnode"
)

// Validate checks a Decision built in Go the way ParseDecision checks a
// file. It returns nil or a *ValidationError (wrapping ErrInvalid) that
// lists the problems (at most 100, the rest counted) with their path in the
// decision file format, naming the element's ID: "criteria[2]
// (security).weight", "alternatives[1] (mongodb).scores.security":
//
//   - IDs (of criteria, alternatives, triggers, evidence and nodes): at
//     most 256 bytes of UTF-8 without control characters (NUL, newline, ...);
//   - criteria: at least one; non-empty, unique IDs; weights finite and
//     >= 0, not all zero, in one form: all points or percentages (a weight
//     above 1 is one) or all fractions (a weight between 0 and 1 is one),
//     never a mix; scale finite with min < max and a width (max − min) that
//     neither overflows nor underflows float64 (the zero Scale means 0–10);
//     direction Benefit or Cost; a gate finite and within the scale;
//   - alternatives: at least one; non-empty, unique IDs; a finite score
//     within its criterion's scale for every criterion, and none for
//     unknown criteria;
//   - selected names an alternative; threshold (when set) within 0–100;
//     close_call (when set) finite and >= 0; method known (Method.Validate);
//     an unknown alternative or criterion ID gets a "did you mean";
//   - triggers: non-empty, unique IDs; op one of > >= < <= == != (required
//     with a metric); threshold finite (required with an op); for and
//     consecutive >= 0;
//   - evidence, nodes: non-empty, unique IDs; an evidence entry's
//     Assessment, when set, valid for grade (Assessment.Validate);
//     declared numbers: finite,
//     naming an alternative (and a criterion for contributions and scores),
//     scale >= 0, decimals within 0–15.
func (d *Decision) Validate() error {
	if d == nil {
		return invalid(Problem{Message: "nil decision"})
	}
	v := &validator{}
	d.check(v)
	v.label(d)
	return v.err()
}

// check adds every problem of d to v, with paths in the decision file
// format ("alternatives[3].scores.security"), not yet labelled with IDs.
func (d *Decision) check(v *validator) {
	v.criteria(d.Criteria)
	v.alternatives(d)
	if d.Selected != "" && d.alternativeIndex(d.Selected) < 0 {
		v.addLazy("selected", func() string {
			return fmt.Sprintf("%q names no alternative%s", d.Selected, didYouMean(d.Selected, d.alternativeIDs()))
		})
	}
	if t := d.EffectiveThreshold(); !(t >= 0 && t <= 100) {
		v.addf("threshold", "must be within 0–100, not %s", numfmt.Shortest(t))
	}
	if c := d.EffectiveCloseCall(); !(c >= 0) || math.IsInf(c, 0) {
		v.addf("close_call", "must be finite and >= 0, not %s", numfmt.Shortest(c))
	}
	if err := d.Method.Validate(); err != nil {
		v.addf("method", "%v", err)
	}
	v.triggers(d.Triggers)
	v.ids("evidence", len(d.Evidence), func(i int) string { return d.Evidence[i].ID })
	v.assessments(d.Evidence)
	v.ids("nodes", len(d.Nodes), func(i int) string { return d.Nodes[i].ID })
	v.declared(d)
}

// A validator collects problems in a diag.List, which keeps at most
// diag.MaxProblems of them (the rest are counted), in linear time.
type validator struct {
	list diag.List
	// skip, when set, drops problems at paths already reported (by
	// ParseDecision's reader).
	skip func(path string) bool
	// badScale holds the IDs of criteria whose scale could not be read
	// (by ParseDecision): their scores are not checked against the default.
	badScale map[string]bool
}

func (v *validator) add(p Problem) {
	if v.skip != nil && v.skip(p.Path) {
		return
	}
	v.list.Add(p)
}

func (v *validator) addf(path, format string, args ...any) {
	v.addLazy(path, func() string { return fmt.Sprintf(format, args...) })
}

// addLazy adds a problem whose message is costly to build (a "did you
// mean" search), building it only when the problem is kept.
func (v *validator) addLazy(path string, msg func() string) {
	if v.skip != nil && v.skip(path) {
		return
	}
	p := Problem{Path: path}
	if !v.list.Full() {
		p.Message = msg()
	}
	v.list.Add(p)
}

func (v *validator) err() error { return v.list.Err(ErrInvalid) }

// invalid returns a *ValidationError of ErrInvalid holding ps, capped at
// diag.MaxProblems.
func invalid(ps ...Problem) error {
	v := &validator{}
	for _, p := range ps {
		v.add(p)
	}
	return v.err()
}

// label names the element of every problem's path by its ID:
// "alternatives[3].scores.security" becomes
// "alternatives[3] (mongodb).scores.security".
func (v *validator) label(d *Decision) {
	ps := v.list.Problems()
	for i := range ps {
		ps[i].Path = d.labelPath(ps[i].Path)
	}
}

// labelPath inserts the ID of the element a path starts with.
func (d *Decision) labelPath(p string) string {
	head, rest, ok := strings.Cut(p, "[")
	if !ok {
		return p
	}
	num, tail, ok := strings.Cut(rest, "]")
	if !ok || strings.HasPrefix(tail, " (") {
		return p
	}
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 {
		return p
	}
	var id string
	switch head {
	case "criteria":
		if i < len(d.Criteria) {
			id = d.Criteria[i].ID
		}
	case "alternatives":
		if i < len(d.Alternatives) {
			id = d.Alternatives[i].ID
		}
	case "triggers":
		if i < len(d.Triggers) {
			id = d.Triggers[i].ID
		}
	case "evidence":
		if i < len(d.Evidence) {
			id = d.Evidence[i].ID
		}
	case "nodes":
		if i < len(d.Nodes) {
			id = d.Nodes[i].ID
		}
	}
	if id == "" || badID(id) != "" {
		return p
	}
	return head + "[" + num + "] (" + id + ")" + tail
}

// maxIDLen bounds the length of an ID in bytes.
const maxIDLen = 256

// badID says what is wrong with a non-empty ID, "" when nothing is: an ID
// is at most 256 bytes of valid UTF-8 without control characters (NUL,
// newlines, tabs, ...).
func badID(id string) string {
	if len(id) > maxIDLen {
		return fmt.Sprintf("is %d bytes long, more than %d", len(id), maxIDLen)
	}
	if !utf8.ValidString(id) {
		return "is not valid UTF-8"
	}
	for _, c := range id {
		if unicode.IsControl(c) {
			return fmt.Sprintf("contains the control character %U", c)
		}
	}
	return ""
}

// didYouMean returns ` (did you mean "x"?)` for the closest of known to s,
// or "".
func didYouMean(s string, known []string) string {
	if m := yamlnode.Suggest(s, known); m != "" {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	return ""
}

func (d *Decision) alternativeIDs() []string {
	ids := make([]string, len(d.Alternatives))
	for i, a := range d.Alternatives {
		ids[i] = a.ID
	}
	return ids
}

func (d *Decision) criterionIDs() []string {
	ids := make([]string, len(d.Criteria))
	for i, c := range d.Criteria {
		ids[i] = c.ID
	}
	return ids
}

// String returns the scale as "min–max", "0–10" for the zero Scale.
func (s Scale) String() string {
	lo, hi := s.Bounds()
	return numfmt.Shortest(lo) + "–" + numfmt.Shortest(hi)
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
		if why := badID(s); why != "" {
			v.addf(p, "%q %s", s, why)
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
			v.addf(p+".weight", "must be finite, not %s", numfmt.Shortest(c.Weight))
			usable = false
		case c.Weight < 0:
			v.addf(p+".weight", "must be >= 0, not %s", numfmt.Shortest(c.Weight))
			usable = false
		default:
			sum += c.Weight
		}
		lo, hi := c.Scale.Bounds()
		scaleOK := scaleUsable(lo, hi)
		if !scaleOK {
			v.addf(p+".scale", "%s", scaleProblem(c.Scale))
		}
		if c.Direction != Benefit && c.Direction != Cost {
			v.addf(p+".direction", "must be benefit or cost, not %d", int(c.Direction))
		}
		if c.Critical != nil {
			g := *c.Critical
			switch {
			case !finite(g):
				v.addf(p+".critical", "must be finite, not %s", numfmt.Shortest(g))
			case scaleOK && (g < lo || g > hi):
				v.addf(p+".critical", "gate %s is outside the scale %s", numfmt.Shortest(g), c.Scale)
			}
		}
	}
	if usable && !(sum > 0) {
		v.addf("criteria", "weights must not all be zero")
	} else if usable && math.IsInf(sum, 0) {
		v.addf("criteria", "weights overflow when summed")
	} else if usable {
		v.weightForms(cs)
	}
}

func (v *validator) alternatives(d *Decision) {
	if len(d.Alternatives) == 0 {
		v.addf("alternatives", "at least one alternative is required")
		return
	}
	v.ids("alternatives", len(d.Alternatives), func(i int) string { return d.Alternatives[i].ID })
	// The criteria to check, each ID once, by ID; criteria whose scale could
	// not be read are not checked.
	check := make(map[string]int, len(d.Criteria))
	for j, c := range d.Criteria {
		if _, dup := check[c.ID]; !dup && c.ID != "" && !v.badScale[c.ID] {
			check[c.ID] = j
		}
	}
	known := make(map[string]bool, len(d.Criteria))
	for _, c := range d.Criteria {
		known[c.ID] = true
	}
	for i, a := range d.Alternatives {
		v.scores(d, i, a, check, known)
	}
}

// scores checks one alternative's scores: each criterion in order (missing,
// not finite, outside the scale), then the unknown criteria in ID order.
// Once the problem list is full it only counts, in time linear in the
// scores the alternative has rather than in the criteria, so that many
// alternatives without scores against many criteria stay linear in the
// input.
func (v *validator) scores(d *Decision, i int, a Alternative, check map[string]int, known map[string]bool) {
	prefix := indexPath("alternatives", i) + ".scores"
	cell := func(c Criterion, s Score, ok bool) {
		lo, hi := c.Scale.Bounds()
		switch {
		case !ok:
			v.addf(prefix+"."+c.ID, "missing")
		case !finite(s.Value):
			v.addf(prefix+"."+c.ID, "must be finite, not %s", numfmt.Shortest(s.Value))
		case scaleUsable(lo, hi) && (s.Value < lo || s.Value > hi):
			v.addf(prefix+"."+c.ID, "%s is outside the scale %s", numfmt.Shortest(s.Value), c.Scale)
		}
	}
	if !v.list.Full() {
		for j, c := range d.Criteria {
			if jj, ok := check[c.ID]; ok && jj == j {
				s, ok := a.Scores[c.ID]
				cell(c, s, ok)
			}
		}
	} else { // counting only
		present := 0
		for k, s := range a.Scores {
			if j, ok := check[k]; ok {
				present++
				cell(d.Criteria[j], s, true)
			}
		}
		if missing := len(check) - present; missing > 0 && (v.skip == nil || !v.skip(prefix)) {
			v.list.Omit(missing)
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
		v.addLazy(prefix+"."+k, func() string {
			return fmt.Sprintf("unknown criterion %q%s", k, didYouMean(k, d.criterionIDs()))
		})
	}
}

// assessments checks the GRADE assessment of each evidence entry with
// grade's own Validate.
func (v *validator) assessments(es []EvidenceRef) {
	for i, e := range es {
		if e.Assessment == nil {
			continue
		}
		err := e.Assessment.Validate()
		if err == nil {
			continue
		}
		p := indexPath("evidence", i)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			v.addf(p, "GRADE assessment: %v", err)
			continue
		}
		for _, q := range ve.Problems {
			q.Path = yamlnode.Join(p, q.Path)
			v.add(q)
		}
	}
}

func (v *validator) triggers(ts []Trigger) {
	v.ids("triggers", len(ts), func(i int) string { return ts[i].ID })
	for i, t := range ts {
		p := indexPath("triggers", i)
		switch {
		case t.Op != "" && !slices.Contains(triggerOps, t.Op):
			v.addf(p+".op", "must be one of > >= < <= == !=, not %q", t.Op)
		case t.Op == "" && t.Metric != "":
			v.addf(p+".op", "required with a metric")
		}
		if t.Threshold != nil && !finite(*t.Threshold) {
			v.addf(p+".threshold", "must be finite, not %s", numfmt.Shortest(*t.Threshold))
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
	if len(d.Declared) == 0 {
		return
	}
	alt, crit := d.indexes()
	for i, x := range d.Declared {
		p := indexPath("declared", i)
		if !finite(x.Value) {
			v.addf(p+".value", "must be finite, not %s", numfmt.Shortest(x.Value))
		}
		if !finite(x.Scale) || x.Scale < 0 {
			v.addf(p+".scale", "must be finite and >= 0, not %s", numfmt.Shortest(x.Scale))
		}
		if x.Decimals < 0 || x.Decimals > 15 {
			v.addf(p+".decimals", "must be within 0–15, not %d", x.Decimals)
		}
		switch x.Kind {
		case "", DeclaredComposite, DeclaredContribution, DeclaredScore:
		default:
			v.addf(p+".kind", "must be composite, contribution or score, not %q", x.Kind)
		}
		if _, ok := alt[x.Alternative]; !ok {
			v.addLazy(p+".alternative", func() string {
				return fmt.Sprintf("%q names no alternative%s", x.Alternative, didYouMean(x.Alternative, d.alternativeIDs()))
			})
		}
		needCriterion := x.Kind == DeclaredContribution || x.Kind == DeclaredScore
		if _, ok := crit[x.Criterion]; (needCriterion || x.Criterion != "") && !ok {
			v.addLazy(p+".criterion", func() string {
				return fmt.Sprintf("%q names no criterion%s", x.Criterion, didYouMean(x.Criterion, d.criterionIDs()))
			})
		}
	}
}

// indexes maps each alternative and criterion ID to its first index, so
// that looking up many references stays linear.
func (d *Decision) indexes() (alt, crit map[string]int) {
	alt = make(map[string]int, len(d.Alternatives))
	for i := len(d.Alternatives) - 1; i >= 0; i-- {
		alt[d.Alternatives[i].ID] = i
	}
	crit = make(map[string]int, len(d.Criteria))
	for j := len(d.Criteria) - 1; j >= 0; j-- {
		crit[d.Criteria[j].ID] = j
	}
	return alt, crit
}

func (d *Decision) alternativeIndex(id string) int {
	for i := range d.Alternatives {
		if d.Alternatives[i].ID == id {
			return i
		}
	}
	return -1
}

// scaleUsable reports whether a scale lo–hi can map scores to 0–1: both
// ends finite, lo < hi, and the width and its reciprocal finite (so that
// [-1e308, 1e308] and widths below the float64 range are rejected).
func scaleUsable(lo, hi float64) bool {
	w := hi - lo
	return finite(lo) && finite(hi) && lo < hi && finite(w) && finite(1/w)
}

// scaleProblem says why a scale is unusable.
func scaleProblem(s Scale) string {
	lo, hi := s.Bounds()
	switch {
	case !finite(lo) || !finite(hi) || !(lo < hi):
		return fmt.Sprintf("min %s must be less than max %s, both finite", numfmt.Shortest(s.Min), numfmt.Shortest(s.Max))
	default:
		return fmt.Sprintf("width %g − %g is beyond the float64 range; use a narrower scale", hi, lo)
	}
}

// Weight forms. A weight above 1 reads as points or a percentage (30 or
// "30%", out of 100); a weight strictly between 0 and 1 reads as a fraction
// (0.30, out of 1). 0 and 1 fit both.
const (
	formPoints    = "points or percentages"
	formFractions = "fractions"
)

// weightForm returns the form every weight of cs is written in, or "" when
// they mix forms.
func weightForm(cs []Criterion) string {
	var points, fractions bool
	for _, c := range cs {
		switch {
		case c.Weight > 1:
			points = true
		case c.Weight > 0 && c.Weight < 1:
			fractions = true
		}
	}
	switch {
	case points && fractions:
		return ""
	case points:
		return formPoints
	}
	return formFractions
}

// weightForms reports weights that mix fractions with points or
// percentages (0.4 next to 35 and 25), naming the rows of each form.
func (v *validator) weightForms(cs []Criterion) {
	if weightForm(cs) != "" {
		return
	}
	var fr, pt []string
	for i, c := range cs {
		s := indexPath("criteria", i)
		if c.ID != "" && badID(c.ID) == "" {
			s += " (" + c.ID + ")"
		}
		s += " " + numfmt.Shortest(c.Weight)
		switch {
		case c.Weight > 1:
			pt = append(pt, s)
		case c.Weight > 0 && c.Weight < 1:
			fr = append(fr, s)
		}
	}
	v.addf("criteria", "weights mix %s (%s) with %s (%s): write every weight in one form, e.g. all as points out of 100",
		formFractions, listSome(fr, 10), formPoints, listSome(pt, 10))
}

// listSome joins the first n strings and counts the rest.
func listSome(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, ", ")
	}
	return strings.Join(s[:n], ", ") + fmt.Sprintf(" and %d more", len(s)-n)
}
