package adr

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// FromDecision builds the record of decision d evaluated as res (the result
// of tot.Evaluate(d)). Every number in the record comes from res: the
// composites (0–100, one decimal), the weighted contributions (written the
// seed's way, score × normalised weight, two decimals: a 9 at 25% is 2.25),
// the ranks and the margin; weights are d's normalised to percent. The
// selected option's qualitative rationale, context factors and trade-offs
// come from d. When d selects an option other than the recommended one the
// record says so with both composites; when d selects none, the recommended
// option is the proposal (status "Proposed").
//
// Any method tot.Evaluate supports may have produced res. With the
// weighted sum (d.Method "" or "weighted_sum") the comparison matrix shows
// every cell as "score (contribution)". With another method the record's
// Method names it, every flavour states it on a "**Method:**" line, the
// matrix cells show the scores only (the method has no per-criterion
// contributions), the totals and weighted scores are the method's
// composites, and the quantitative rationale names the method.
//
// res must be the evaluation of d with d's method and rank every
// alternative of d (with the weighted sum, with every contribution);
// otherwise FromDecision returns an error listing every problem.
func FromDecision(d *tot.Decision, res *tot.Result) (*Record, error) {
	if d == nil || res == nil {
		return nil, errors.New("adr: FromDecision: nil decision or result")
	}
	var probs []string
	method, resMethod := recordMethod(string(d.Method)), recordMethod(string(res.Method))
	if method != resMethod {
		probs = append(probs, fmt.Sprintf("result.method: %q, but the decision's method is %q", res.Method, d.Method))
	}
	if err := tot.Method(method).Validate(); err != nil {
		probs = append(probs, fmt.Sprintf("method: %v", err))
	}
	weighted := method == ""
	ranked := make(map[string]*tot.Ranked, len(res.Ranking))
	for i := range res.Ranking {
		ranked[res.Ranking[i].Alternative] = &res.Ranking[i]
	}
	for i, a := range d.Alternatives {
		rk, ok := ranked[a.ID]
		if !ok {
			probs = append(probs, fmt.Sprintf("alternatives[%d]: %q is not in the result's ranking", i, a.ID))
			continue
		}
		if bad(rk.Score) {
			probs = append(probs, fmt.Sprintf("ranking[%s].score: not a finite number", a.ID))
		}
		for _, c := range d.Criteria {
			if v, ok := rk.Contributions[c.ID]; weighted && (!ok || bad(v)) {
				probs = append(probs, fmt.Sprintf("ranking[%s].contributions[%s]: missing or not finite", a.ID, c.ID))
			}
			if s, ok := a.Scores[c.ID]; !ok || bad(s.Value) {
				probs = append(probs, fmt.Sprintf("alternatives[%d].scores[%s]: missing or not finite", i, c.ID))
			}
		}
	}
	sum := 0.0
	for i, c := range d.Criteria {
		if bad(c.Weight) || c.Weight < 0 {
			probs = append(probs, fmt.Sprintf("criteria[%d].weight: must be a finite number >= 0", i))
		}
		sum += c.Weight
	}
	if len(d.Criteria) > 0 && !(sum > 0) {
		probs = append(probs, "criteria: weights must sum to more than 0")
	}
	if len(probs) > 0 {
		return nil, errors.New("adr: FromDecision: " + strings.Join(probs, "; "))
	}

	r := &Record{ID: d.ID, Title: d.Title, Context: d.Context, Method: method, Format: ToT}
	if m := reLinkNum.FindStringSubmatch(strings.TrimLeft(strings.TrimPrefix(strings.ToUpper(d.ID), "ADR"), "-_ ")); m != nil {
		r.Number, _ = strconv.Atoi(m[1])
	}
	if t := d.EffectiveThreshold(); t > 0 {
		r.Threshold = &Number{Value: t, Prec: decimals(t, 6)}
	}
	for _, c := range d.Criteria {
		w := c.Weight / sum * 100
		rc := Criterion{
			Name:        nameOr(c.Name, c.ID),
			Weight:      Number{Value: numfmt.Round(w, 6), Prec: decimals(w, 6)},
			Direction:   c.Direction,
			Scale:       c.Scale,
			Description: c.Description,
			Source:      c.Source,
		}
		if c.Critical != nil {
			v := *c.Critical
			rc.Critical = &v
		}
		r.Criteria = append(r.Criteria, rc)
	}
	r.Matrix = &Matrix{}
	for _, c := range r.Criteria {
		r.Matrix.Columns = append(r.Matrix.Columns, c.Name)
	}
	idx := map[string]int{}
	for i, a := range d.Alternatives {
		idx[a.ID] = i
		rk := ranked[a.ID]
		o := Option{
			Number:        i + 1,
			Name:          nameOr(a.Name, a.ID),
			Description:   a.Description,
			Pros:          a.Pros,
			Cons:          a.Cons,
			StatusQuo:     a.StatusQuo,
			WeightedScore: num(rk.Score, 1),
		}
		for _, rs := range a.Risks {
			t := rs.Risk
			if rs.Mitigation != "" {
				t += " (mitigation: " + rs.Mitigation + ")"
			}
			o.Risks = append(o.Risks, t)
		}
		row := MatrixRow{Option: optionLabel(&o, i), Total: num(rk.Score, 1), Pass: "Yes"}
		var fails []string
		for j, c := range d.Criteria {
			s := a.Scores[c.ID]
			sv := &Number{Value: numfmt.Round(s.Value, 6), Prec: decimals(s.Value, 6)}
			o.Scores = append(o.Scores, Score{Criterion: r.Criteria[j].Name, Value: sv, Rationale: s.Rationale})
			cell := MatrixCell{Score: sv}
			if weighted {
				cell.Contribution = seedNum(rk.Contributions[c.ID] / 10)
			}
			row.Cells = append(row.Cells, cell)
			if c.Critical != nil {
				pass := gatePasses(c.Direction, s.Value, *c.Critical)
				mark := "PASS"
				if !pass {
					mark = "FAIL"
					fails = append(fails, fmt.Sprintf("%s %s %s %s", r.Criteria[j].Name, sv.String(), map[bool]string{true: ">", false: "<"}[c.Direction == tot.Cost], numfmt.Trim(*c.Critical, 6)))
				}
				o.CriticalChecks = append(o.CriticalChecks, Check{Done: pass, Text: fmt.Sprintf("%s (%s) → %s (threshold: %s)", r.Criteria[j].Name, sv.String(), mark, gateBound(c))})
			}
		}
		if len(fails) > 0 {
			row.Pass = "Fail (" + strings.Join(fails, "; ") + ")"
		}
		r.Options = append(r.Options, o)
		r.Matrix.Rows = append(r.Matrix.Rows, row)
	}
	fromDecisionOutcome(r, d, res, ranked, idx)
	for _, t := range d.Triggers {
		r.Triggers = append(r.Triggers, triggerText(t))
	}
	return r, nil
}

// recordMethod is the Record.Method of a tot method name: "" for the
// weighted sum, the name otherwise.
func recordMethod(m string) string {
	if isWeightedSum(m) {
		return ""
	}
	return m
}

// seedNum writes a contribution the seed's way: at most two decimals,
// trailing zeros dropped ("2.1", "2.25").
func seedNum(v float64) *Number {
	v = numfmt.Round(v, 2)
	return &Number{Value: v, Prec: decimals(v, 2)}
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

func nameOr(name, id string) string {
	if strings.TrimSpace(name) != "" {
		return name
	}
	return id
}

// decimals returns the fewest decimals (at most limit) that print v exactly
// to within 1e-9 of its magnitude.
func decimals(v float64, limit int) int {
	for p := 0; p < limit; p++ {
		if math.Abs(numfmt.Round(v, p)-v) <= 1e-9*math.Max(1, math.Abs(v)) {
			return p
		}
	}
	return limit
}

func gatePasses(dir tot.Direction, s, gate float64) bool {
	if dir == tot.Cost {
		return s <= gate
	}
	return s >= gate
}

func gateBound(c tot.Criterion) string {
	if c.Direction == tot.Cost {
		return "at most " + numfmt.Trim(*c.Critical, 6)
	}
	return numfmt.Trim(*c.Critical, 6) + "+"
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

func fromDecisionOutcome(r *Record, d *tot.Decision, res *tot.Result, ranked map[string]*tot.Ranked, idx map[string]int) {
	sel := d.Selected
	r.Status = "Accepted"
	if sel == "" {
		sel = res.Recommended
		r.Status = "Proposed"
	}
	dec := &r.Decision
	dec.Rationale = strings.TrimRight(d.Rationale, "\n")
	if len(d.ContextFactors) > 0 {
		var b strings.Builder
		b.WriteString("Context factors:\n")
		for _, f := range d.ContextFactors {
			b.WriteString("\n- " + strings.ReplaceAll(f, "\n", " "))
		}
		dec.Rationale = joinText(dec.Rationale, b.String())
	}
	dec.TradeOffs = d.TradeOffs
	i, ok := idx[sel]
	if !ok {
		return
	}
	o := &r.Options[i]
	rk := ranked[sel]
	dec.Selected = o.Name
	dec.SelectedNumber = o.Number
	dec.Score = num(rk.Score, 1)
	q := "Scored " + numfmt.Fixed(rk.Score, 1) + "/100"
	if r.Method != "" {
		q += " by " + methodLabel(r.Method)
	}
	if r.Threshold != nil {
		cmp := "above"
		if rk.BelowThreshold {
			cmp = "below"
		}
		q += " (" + cmp + " the minimum acceptable " + r.Threshold.String() + "/100)"
	}
	dec.Quantitative = append(dec.Quantitative, q)
	viable := 0
	for _, x := range res.Ranking {
		if x.Viable {
			viable++
		}
	}
	dec.Quantitative = append(dec.Quantitative, fmt.Sprintf("Ranked %s of %d options (%d viable)", ordinal(rk.Rank), len(res.Ranking), viable))
	if len(rk.GateFailures) > 0 {
		var names []string
		for _, id := range rk.GateFailures {
			for j, c := range d.Criteria {
				if c.ID == id {
					names = append(names, r.Criteria[j].Name)
				}
			}
		}
		dec.Quantitative = append(dec.Quantitative, "Fails critical criteria: "+strings.Join(names, ", "))
	} else if hasGates(d) {
		dec.Quantitative = append(dec.Quantitative, "Passes every critical criterion")
	}
	if res.Recommended != "" && res.Recommended != sel {
		ri := idx[res.Recommended]
		ro := &r.Options[ri]
		rr := ranked[res.Recommended]
		dec.Recommended = ro.Name
		dec.RecommendedScore = num(rr.Score, 1)
		dec.Quantitative = append(dec.Quantitative, fmt.Sprintf("Selected over the recommended Option %d - %s, which scored %s/100 (%s points higher)",
			ro.Number, ro.Name, numfmt.Fixed(rr.Score, 1), numfmt.Fixed(rr.Score-rk.Score, 1)))
	} else if res.Margin != nil && sel == res.Recommended {
		m := "Margin over the next viable option: " + numfmt.Fixed(*res.Margin, 1) + " points"
		if res.CloseCall {
			m += " (a close call)"
		}
		dec.Quantitative = append(dec.Quantitative, m)
	}
}

func hasGates(d *tot.Decision) bool {
	for _, c := range d.Criteria {
		if c.Critical != nil {
			return true
		}
	}
	return false
}

// triggerText writes a trigger as one line: its description and its
// measurable condition.
func triggerText(t tot.Trigger) string {
	cond := t.Condition()
	text := t.Description
	switch {
	case text == "":
		text = cond
	case cond != "":
		text += " (" + cond + ")"
	}
	if t.Category != "" {
		text = strings.ToUpper(t.Category[:1]) + t.Category[1:] + ": " + text
	}
	if t.Action != "" {
		text += "; then " + t.Action
	}
	return text
}
