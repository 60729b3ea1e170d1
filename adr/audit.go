package adr

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// A Finding is one problem Audit or Lint found. It marshals to JSON as
// {"code","severity","message","where"}; it is the same type as tot.Finding.
type Finding = tot.Finding

// Stable finding codes.
const (
	// CodeDeclaredMismatch: a number the record declares (a weighted
	// contribution, a total) differs from the one recomputed from its
	// weights and scores at the declared precision.
	CodeDeclaredMismatch = "declared-mismatch"
	// CodePlaceholder: a template placeholder ("X (X.X)", "[Name]") where
	// content is expected; the record is incomplete.
	CodePlaceholder = "placeholder"
	// CodeScoreConflict: an option's score in the matrix differs from its
	// evaluation table.
	CodeScoreConflict = "score-conflict"
	// CodeGateMismatch: the matrix's pass/fail column contradicts the
	// critical gates.
	CodeGateMismatch = "gate-mismatch"
	// CodeScoreOutOfRange: a score outside its criterion's scale.
	CodeScoreOutOfRange = "score-out-of-range"
	// CodeUnreadable: a cell that is neither a number nor a placeholder.
	CodeUnreadable = "unreadable-number"
	// CodeTooFewCriteria: fewer than 3 weighted criteria.
	CodeTooFewCriteria = "too-few-criteria"
	// CodeTooFewOptions: fewer than 3 options.
	CodeTooFewOptions = "too-few-options"
	// CodeWeightsSum: weights that do not sum to 100%.
	CodeWeightsSum = "weights-sum"
	// CodeMissingScore: an option not scored on a criterion.
	CodeMissingScore = "missing-score"
	// CodeMissingRationale: a score without a rationale.
	CodeMissingRationale = "missing-rationale"
	// CodeMissingMatrix: no comparison matrix.
	CodeMissingMatrix = "missing-matrix"
	// CodeUnknownColumn: a matrix column or row that matches no criterion
	// or option.
	CodeUnknownColumn = "unknown-column"
	// CodeNoSelection: no selected option.
	CodeNoSelection = "no-selection"
	// CodeSelectionWithoutRationale: an option other than the best viable
	// one is selected without a qualitative rationale.
	CodeSelectionWithoutRationale = "selection-without-rationale"
	// CodeMissingQualitative: no qualitative rationale (red flag "no
	// context factors").
	CodeMissingQualitative = "missing-qualitative-rationale"
	// CodeCriticalFailureSelected: the selected option fails a critical
	// criterion.
	CodeCriticalFailureSelected = "critical-failure-selected"
	// CodeBelowThresholdSelected: the selected option scores below the
	// minimum acceptable score.
	CodeBelowThresholdSelected = "below-threshold-selected"
	// CodeMissingTradeOffs: no trade-offs stated.
	CodeMissingTradeOffs = "missing-trade-offs"
	// CodeTooFewTriggers: fewer than 3 measurable backtracking triggers.
	CodeTooFewTriggers = "too-few-triggers"
	// CodeVagueTrigger: a backtracking trigger with no number to measure.
	CodeVagueTrigger = "vague-trigger"
	// CodeUnknownMethod: the record's method (Record.Method) is not one
	// tot.Evaluate supports, so its totals cannot be recomputed.
	CodeUnknownMethod = "unknown-method"
	// CodeMethodFailed: the record's method is known but could not
	// recompute the totals from the record's weights and scores.
	CodeMethodFailed = "method-failed"
)

const (
	sevError   = tot.SeverityError
	sevWarning = tot.SeverityWarning
)

// Severities: "error" for numbers that are wrong (declared-mismatch,
// score-conflict, gate-mismatch, score-out-of-range, unreadable-number) and
// for selections the protocol forbids (critical-failure-selected,
// below-threshold-selected, selection-without-rationale) and for a method
// Audit does not know (unknown-method); "warning" for a record that is
// incomplete (placeholders, the minimum acceptable ADR's missing parts,
// vague triggers) or whose totals its method could not recompute
// (method-failed).
//
// Audit recomputes every weighted contribution and total of r from its
// parsed weights and scores, and checks the protocol's minimum acceptable
// ADR and red flags. For a record whose Method is not the weighted sum,
// Audit recomputes the totals and weighted scores with that method instead
// (tot.Evaluate over the parsed criteria, with their weights, scales,
// directions and gates, and every option's scores, the matrix's where it
// gives all of them, else its evaluation table's); cells then carry no
// contributions and none are checked. Such totals depend on every option,
// so they are recomputed only when every option has all its scores.
//
// Each finding has a stable code (the Code* constants), a severity, a
// message stating the numbers involved, and where: a path such as
// "matrix.option[1].total" or "criteria[2].weight".
//
// Numbers are compared at the precision they are declared with: a total
// written "70.5" disagrees with a computed 72.5, but "72" agrees with 72.45.
// Placeholders ("X (X.X)", "[Why this score?]") are reported as
// "placeholder" (incomplete), never as arithmetic errors. Findings come in
// document order; Audit never returns nil.
func Audit(r *Record) []Finding {
	a := &auditor{r: r, out: []Finding{}}
	a.run()
	return a.out
}

type auditor struct {
	r    *Record
	opts []Option // the record's options, or those the matrix rows name
	out  []Finding
	w    []float64 // normalised weights, nil when not computable
	// composite per option index from the matrix or evaluation table (NaN unknown)
	comp []float64
	fail [][]string // gate failures per option index
	// table holds each option's evaluation-table score per criterion
	table [][]*Number

	// method is the record's method when it is not the weighted sum; the
	// weighted-sum arithmetic (contributions, composite) is then not used.
	method string
	// scores holds each option's evaluation-table scores aligned with the
	// criteria (NaN where missing), for the method's recomputation.
	scores [][]float64
	// mcomp is the method's composite per option index; nil when it could
	// not be computed.
	mcomp []float64
}

func (a *auditor) add(code string, sev tot.Severity, where, format string, args ...any) {
	a.out = append(a.out, Finding{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...), Where: where})
}

func (a *auditor) placeholder(where, what string) {
	a.add(CodePlaceholder, sevWarning, where, "%s is a template placeholder: the record is incomplete", what)
}

// agrees reports whether declared, written with d.Prec decimals, is
// computed rounded to that precision (either rounding of a tie).
func agrees(d *Number, computed float64) bool {
	tol := 0.5*math.Pow(10, -float64(d.Prec)) + math.Pow(10, -float64(d.Prec+2))
	return math.Abs(d.Value-computed) <= tol
}

// fmtAt formats v with at least the declared number's precision, and with
// more decimals (up to 6) where that precision would hide a difference: a
// computed 2.25 beside a declared 2.5 is written 2.25, not 2.2.
func fmtAt(v float64, d *Number) string {
	p := d.Prec
	for p < 6 && math.Abs(numfmt.Round(v, p)-v) > 1e-9*math.Max(1, math.Abs(v)) {
		p++
	}
	return numfmt.Fixed(v, p)
}

func (a *auditor) run() {
	r := a.r
	a.metadata()
	a.criteria()
	if !isWeightedSum(r.Method) {
		a.method = strings.TrimSpace(r.Method)
		if _, err := tot.DescribeMethod(tot.Method(a.method)); err != nil {
			a.add(CodeUnknownMethod, sevError, "method", "method %q is not one Audit can recompute (want one of %s, optionally with /normalization)", a.method, methodNameList())
		}
	}
	a.opts = r.Options
	if len(a.opts) == 0 && r.Matrix != nil {
		for i, row := range r.Matrix.Rows {
			o := Option{Number: i + 1, Name: strings.TrimSpace(row.Option)}
			if m := reOptNum.FindStringSubmatch(o.Name); m != nil {
				o.Number, _ = strconv.Atoi(m[1])
				o.Name = strings.TrimLeft(strings.TrimSpace(o.Name[len(m[0]):]), ".:-–— ")
			}
			a.opts = append(a.opts, o)
		}
	}
	a.comp = make([]float64, len(a.opts))
	a.fail = make([][]string, len(a.opts))
	a.table = make([][]*Number, len(a.opts))
	a.scores = make([][]float64, len(a.opts))
	for i := range a.comp {
		a.comp[i] = math.NaN()
	}
	for i := range r.Options {
		a.option(i)
	}
	if a.method != "" {
		a.methodTotals()
	}
	a.matrix()
	a.unevaluated()
	a.decision()
	a.triggers()
}

func (a *auditor) metadata() {
	r := a.r
	for _, f := range []struct{ where, v string }{{"title", r.Title}, {"status", r.Status}, {"date", r.Date}, {"id", r.ID}} {
		if f.v != "" && isPlaceholder(f.v) {
			a.placeholder(f.where, strconv.Quote(f.v))
		}
	}
	if r.Context != "" && isPlaceholder(strings.TrimSpace(r.Context)) {
		a.placeholder("context", "the context")
	}
}

func (a *auditor) criteria() {
	r := a.r
	weighted := 0
	sum, tol := 0.0, 1e-9
	ok := true
	for i, c := range r.Criteria {
		where := fmt.Sprintf("criteria[%d].weight", i)
		switch {
		case !c.Weight.IsNumber():
			ok = false
			if isPlaceholder(c.Weight.Text) {
				a.placeholder(where, fmt.Sprintf("weight %q of %s", c.Weight.Text, c.Name))
			} else {
				a.add(CodeUnreadable, sevError, where, "weight %q of %s is not a number", c.Weight.Text, c.Name)
			}
		case c.Weight.Value < 0:
			ok = false
			a.add(CodeUnreadable, sevError, where, "weight of %s is negative (%s)", c.Name, c.Weight.String())
		default:
			if c.Weight.Value > 0 {
				weighted++
			}
			sum += c.Weight.Value
			tol += 0.5 * math.Pow(10, -float64(c.Weight.Prec))
		}
		if isPlaceholder(c.Name) {
			a.placeholder(fmt.Sprintf("criteria[%d].name", i), strconv.Quote(c.Name))
		}
	}
	if weighted < 3 {
		a.add(CodeTooFewCriteria, sevWarning, "criteria", "%d weighted criteria; the protocol requires at least 3", weighted)
	}
	if ok && len(r.Criteria) > 0 && math.Abs(sum-100) > tol {
		a.add(CodeWeightsSum, sevWarning, "criteria", "weights sum to %s%%, not 100%%; they are normalised for the audit", numfmt.Trim(sum, 4))
	}
	if ok && sum > 0 {
		a.w = normalisedWeights(r.Criteria)
	}
}

// value maps score s on criterion c to its contribution in composite points
// divided by 10 (the seed's unit: 9 at 25% is 2.25).
func (a *auditor) contribution(j int, s float64) float64 {
	c := a.r.Criteria[j]
	sc := c.scale()
	x := (s - sc.Min) / (sc.Max - sc.Min)
	if c.Direction == tot.Cost {
		x = 1 - x
	}
	return a.w[j] * x * 10
}

func (a *auditor) inScale(j int, s float64) bool {
	sc := a.r.Criteria[j].scale()
	return s >= sc.Min-1e-9 && s <= sc.Max+1e-9
}

// gateFailures lists the critical criteria scores fails.
func (a *auditor) gateFailures(scores []float64) []string {
	var out []string
	for j, c := range a.r.Criteria {
		if c.Critical == nil || j >= len(scores) || math.IsNaN(scores[j]) {
			continue
		}
		if (c.Direction == tot.Cost && scores[j] > *c.Critical) || (c.Direction != tot.Cost && scores[j] < *c.Critical) {
			out = append(out, c.Name)
		}
	}
	return out
}

// composite returns the composite (0–100) of scores aligned with the
// criteria, NaN when one is missing or weights are unknown.
func (a *auditor) composite(scores []float64) float64 {
	if a.w == nil || len(scores) != len(a.r.Criteria) {
		return math.NaN()
	}
	sum := 0.0
	for j, s := range scores {
		if math.IsNaN(s) {
			return math.NaN()
		}
		sum += a.contribution(j, s) * 10
	}
	return sum
}

func (a *auditor) option(i int) {
	r := a.r
	o := &r.Options[i]
	a.table[i] = make([]*Number, len(r.Criteria))
	base := fmt.Sprintf("options[%d]", optionNumber(o, i))
	if isPlaceholder(o.Name) {
		a.placeholder(base+".name", fmt.Sprintf("option %d's name %q", optionNumber(o, i), o.Name))
	}
	if len(o.Scores) == 0 {
		if isPlaceholder(strings.TrimSpace(o.Description)) {
			a.placeholder(base, fmt.Sprintf("option %d (%q)", optionNumber(o, i), o.Description))
		}
		return
	}
	scores := make([]float64, len(r.Criteria))
	for j := range scores {
		scores[j] = math.NaN()
	}
	for k, s := range o.Scores {
		where := fmt.Sprintf("%s.scores[%s]", base, s.Criterion)
		j := matchCriterion(r.Criteria, s.Criterion, k)
		if j >= 0 && a.table[i][j] == nil && s.Value.IsNumber() {
			a.table[i][j] = s.Value
		}
		switch {
		case s.Value == nil:
			a.add(CodeMissingScore, sevWarning, where, "option %d has no score on %s", optionNumber(o, i), s.Criterion)
		case !s.Value.IsNumber():
			if isPlaceholder(s.Value.Text) {
				a.placeholder(where, fmt.Sprintf("option %d's score on %s (%q)", optionNumber(o, i), s.Criterion, s.Value.Text))
			} else {
				a.add(CodeUnreadable, sevError, where, "option %d's score on %s is not a number: %q", optionNumber(o, i), s.Criterion, s.Value.Text)
			}
		case j >= 0:
			if !a.inScale(j, s.Value.Value) {
				sc := r.Criteria[j].scale()
				a.add(CodeScoreOutOfRange, sevError, where, "option %d scores %s on %s, outside its scale %s–%s", optionNumber(o, i), s.Value.String(), s.Criterion, numfmt.Trim(sc.Min, 6), numfmt.Trim(sc.Max, 6))
			}
			scores[j] = s.Value.Value
		}
		switch {
		case strings.TrimSpace(s.Rationale) == "":
			a.add(CodeMissingRationale, sevWarning, where, "option %d's score on %s has no rationale", optionNumber(o, i), s.Criterion)
		case isPlaceholder(s.Rationale):
			a.placeholder(where+".rationale", fmt.Sprintf("the rationale of option %d's score on %s (%q)", optionNumber(o, i), s.Criterion, s.Rationale))
		}
	}
	for j, c := range r.Criteria {
		if math.IsNaN(scores[j]) && !hasScoreFor(o, c, j) {
			a.add(CodeMissingScore, sevWarning, base+".scores", "option %d is not scored on %s", optionNumber(o, i), c.Name)
		}
	}
	a.scores[i] = scores
	a.fail[i] = a.gateFailures(scores)
	if a.method != "" {
		return // methodTotals checks the weighted score
	}
	comp := a.composite(scores)
	a.comp[i] = comp
	if ws := o.WeightedScore; ws != nil {
		where := base + ".weighted-score"
		switch {
		case !ws.IsNumber():
			if isPlaceholder(ws.Text) {
				a.placeholder(where, fmt.Sprintf("option %d's weighted score (%q)", optionNumber(o, i), ws.Text))
			}
		case !math.IsNaN(comp) && !agrees(ws, comp):
			a.add(CodeDeclaredMismatch, sevError, where, "option %d declares weighted score %s, computed %s", optionNumber(o, i), ws.String(), fmtAt(comp, ws))
		}
	}
}

func hasScoreFor(o *Option, c Criterion, j int) bool {
	for k, s := range o.Scores {
		if matchCriterion([]Criterion{c}, s.Criterion, -1) == 0 || (k == j && s.Value != nil && !s.Value.IsNumber()) {
			return true
		}
	}
	return false
}

// mapColumns maps each matrix column to a criterion index: same name or
// unique prefix first, then the remaining columns to the remaining criteria
// in order; -1 for none.
func mapColumns(cols []string, cs []Criterion) []int {
	out := make([]int, len(cols))
	used := make([]bool, len(cs))
	for i, c := range cols {
		out[i] = matchCriterion(cs, c, -1)
		if out[i] >= 0 {
			if used[out[i]] {
				out[i] = -1
			} else {
				used[out[i]] = true
			}
		}
	}
	next := 0
	for i := range out {
		if out[i] >= 0 {
			continue
		}
		for next < len(cs) && used[next] {
			next++
		}
		if next < len(cs) && i < len(cs) {
			out[i] = next
			used[next] = true
		}
	}
	return out
}

// rowOption finds the option a matrix row is about: by number ("1. X",
// "Option 1"), then by name; -1 for none.
func rowOption(label string, os []Option) (idx, number int) {
	if m := reOptNum.FindStringSubmatch(strings.TrimSpace(label)); m != nil {
		n, _ := strconv.Atoi(m[1])
		for i := range os {
			if optionNumber(&os[i], i) == n {
				return i, n
			}
		}
		return -1, n
	}
	for i := range os {
		if strings.EqualFold(strings.TrimSpace(os[i].Name), strings.TrimSpace(label)) {
			return i, optionNumber(&os[i], i)
		}
	}
	return -1, 0
}

func (a *auditor) matrix() {
	r := a.r
	m := r.Matrix
	if m == nil {
		a.add(CodeMissingMatrix, sevWarning, "matrix", "no options comparison matrix")
		return
	}
	cols := mapColumns(m.Columns, r.Criteria)
	for k, j := range cols {
		if j < 0 && len(r.Criteria) > 0 {
			a.add(CodeUnknownColumn, sevWarning, "matrix.columns["+strconv.Itoa(k)+"]", "matrix column %q matches no criterion", m.Columns[k])
		}
	}
	// the unit of contributions: the seed's (score × weight) unless more
	// cells agree with composite points
	points := a.contributionPoints(m, cols)
	allSmall := true
	for _, row := range m.Rows {
		if row.Total.IsNumber() && row.Total.Value > 10 {
			allSmall = false
		}
	}
	for ri, row := range m.Rows {
		oi, n := rowOption(row.Option, a.opts)
		if n == 0 {
			n = ri + 1
		}
		base := fmt.Sprintf("matrix.option[%d]", n)
		scores := make([]float64, len(r.Criteria))
		for j := range scores {
			scores[j] = math.NaN()
		}
		placeholders := 0
		for k, c := range row.Cells {
			if k >= len(cols) || cols[k] < 0 || a.w == nil {
				if c.Score != nil && !c.Score.IsNumber() || c.Contribution != nil && !c.Contribution.IsNumber() {
					placeholders++
				}
				continue
			}
			j := cols[k]
			where := base + "." + m.Columns[k]
			if c.Score == nil {
				if c.Text != "" {
					a.add(CodeUnreadable, sevError, where, "matrix cell %q of %s is not \"score (contribution)\"", c.Text, row.Option)
				}
				continue
			}
			if !c.Score.IsNumber() {
				placeholders++
				continue
			}
			s := c.Score.Value
			scores[j] = s
			if !a.inScale(j, s) {
				sc := r.Criteria[j].scale()
				a.add(CodeScoreOutOfRange, sevError, where, "%s scores %s on %s, outside its scale %s–%s", row.Option, c.Score.String(), m.Columns[k], numfmt.Trim(sc.Min, 6), numfmt.Trim(sc.Max, 6))
			}
			if oi >= 0 {
				a.scoreConflict(oi, j, s, where, row.Option)
			}
			if c.Contribution == nil {
				continue
			}
			if !c.Contribution.IsNumber() {
				placeholders++
				continue
			}
			if a.method != "" {
				continue // the method has no contributions to compare with
			}
			want := a.contribution(j, s)
			if points {
				want *= 10
			}
			if !agrees(c.Contribution, want) {
				a.add(CodeDeclaredMismatch, sevError, where, "option %d (%s), %s: declared contribution %s, computed %s (score %s × weight %s%%)",
					n, row.Option, m.Columns[k], c.Contribution.String(), fmtAt(want, c.Contribution), c.Score.String(), numfmt.Trim(a.w[j]*100, 4))
			}
		}
		if row.Total != nil && !row.Total.IsNumber() {
			placeholders++
		}
		if placeholders > 0 {
			a.placeholder(base, fmt.Sprintf("matrix row %q (%d placeholder cells)", row.Option, placeholders))
		}
		comp, by := a.rowComposite(oi, scores), ""
		if a.method != "" {
			by = " by " + methodLabel(a.method)
		}
		if row.Total.IsNumber() && !math.IsNaN(comp) {
			total := row.Total
			if allSmall && comp > 10+1e-9 {
				total = &Number{Value: total.Value * 10, Prec: max(total.Prec-1, 0)}
			}
			if !agrees(total, comp) {
				a.add(CodeDeclaredMismatch, sevError, base+".total", "option %d (%s): declared total %s, computed %s%s",
					n, row.Option, row.Total.String(), fmtAt(comp, total), by)
			}
		}
		a.passColumn(row, scores, base)
	}
}

// rowComposite returns the composite a matrix row's total is compared with
// (NaN for none) and records the gate failures of the option oi (-1 for
// none) when the row gives all its scores. With the weighted sum it is the
// row's own composite, which also becomes the option's; with another method
// it is the option's composite from methodTotals.
func (a *auditor) rowComposite(oi int, scores []float64) float64 {
	if a.method != "" {
		if oi < 0 {
			return math.NaN()
		}
		if complete(scores) {
			a.fail[oi] = a.gateFailures(scores)
		}
		if a.mcomp == nil {
			return math.NaN()
		}
		return a.mcomp[oi]
	}
	comp := a.composite(scores)
	if oi >= 0 && !math.IsNaN(comp) {
		a.comp[oi] = comp
		a.fail[oi] = a.gateFailures(scores)
	} else if oi >= 0 && !math.IsNaN(a.comp[oi]) {
		comp = math.NaN() // the row is incomplete; the option's table holds the scores
	}
	return comp
}

// complete reports whether scores holds a number for every criterion.
func complete(scores []float64) bool {
	if scores == nil {
		return false
	}
	for _, s := range scores {
		if math.IsNaN(s) {
			return false
		}
	}
	return true
}

// methodTotals recomputes every option's composite with the record's
// method (not the weighted sum) and checks the options' declared weighted
// scores against them; matrix checks the totals. The composites depend on
// every option, so nothing is recomputed unless each option has all its
// scores within their scales (the other findings say what is missing).
func (a *auditor) methodTotals() {
	r := a.r
	if _, err := tot.DescribeMethod(tot.Method(a.method)); err != nil || a.w == nil || len(a.opts) == 0 {
		return
	}
	scores := make([][]float64, len(a.opts))
	if m := r.Matrix; m != nil {
		cols := mapColumns(m.Columns, r.Criteria)
		for _, row := range m.Rows {
			oi, _ := rowOption(row.Option, a.opts)
			if oi < 0 || scores[oi] != nil {
				continue
			}
			if s := rowScores(row, cols, len(r.Criteria)); complete(s) {
				scores[oi] = s
			}
		}
	}
	for i := range scores {
		if scores[i] == nil && complete(a.scores[i]) {
			scores[i] = a.scores[i]
		}
		if scores[i] == nil {
			return
		}
		for j, s := range scores[i] {
			if !a.inScale(j, s) {
				return
			}
		}
	}
	res, err := tot.Evaluate(a.totDecision(scores))
	if err != nil {
		a.add(CodeMethodFailed, sevWarning, "method", "method %q cannot recompute the totals: %v", a.method, err)
		return
	}
	a.mcomp = make([]float64, len(a.opts))
	for _, rk := range res.Ranking {
		i, _ := strconv.Atoi(strings.TrimPrefix(rk.Alternative, "o"))
		a.mcomp[i] = rk.Score
	}
	copy(a.comp, a.mcomp)
	for i := range r.Options {
		o := &r.Options[i]
		if ws := o.WeightedScore; ws.IsNumber() && !agrees(ws, a.mcomp[i]) {
			a.add(CodeDeclaredMismatch, sevError, fmt.Sprintf("options[%d].weighted-score", optionNumber(o, i)), "option %d declares score %s, computed %s by %s",
				optionNumber(o, i), ws.String(), fmtAt(a.mcomp[i], ws), methodLabel(a.method))
		}
	}
}

// totDecision is the record as a tot.Decision for its method: the parsed
// criteria (weights, scales, directions, gates within their scales), the
// options with scores (aligned with the criteria), the threshold when it is
// within 0–100. Criteria and options get positional IDs "c0", "o0".
func (a *auditor) totDecision(scores [][]float64) *tot.Decision {
	r := a.r
	d := &tot.Decision{Method: tot.Method(a.method), Threshold: new(0.0)} // no threshold unless the record states one
	if t := r.Threshold; t.IsNumber() && t.Value >= 0 && t.Value <= 100 {
		d.Threshold = new(t.Value)
	}
	for j, c := range r.Criteria {
		tc := tot.Criterion{ID: "c" + strconv.Itoa(j), Name: c.Name, Weight: c.Weight.Value, Scale: c.scale(), Direction: c.Direction}
		if g := c.Critical; g != nil && a.inScale(j, *g) {
			v := *g
			tc.Critical = &v
		}
		d.Criteria = append(d.Criteria, tc)
	}
	for i, o := range a.opts {
		alt := tot.Alternative{ID: "o" + strconv.Itoa(i), Name: o.Name, Scores: make(map[string]tot.Score, len(r.Criteria))}
		for j, s := range scores[i] {
			alt.Scores["c"+strconv.Itoa(j)] = tot.Score{Value: s}
		}
		d.Alternatives = append(d.Alternatives, alt)
	}
	return d
}

// rowScores returns the numeric scores of a matrix row aligned with n
// criteria through cols (NaN where missing).
func rowScores(row MatrixRow, cols []int, n int) []float64 {
	s := make([]float64, n)
	for j := range s {
		s[j] = math.NaN()
	}
	for k, c := range row.Cells {
		if k < len(cols) && cols[k] >= 0 && c.Score.IsNumber() && math.IsNaN(s[cols[k]]) {
			s[cols[k]] = c.Score.Value
		}
	}
	return s
}

// unevaluated reports options of the matrix with no evaluation table: their
// scores have no rationale.
func (a *auditor) unevaluated() {
	if a.r.Matrix == nil {
		return
	}
	for i := range a.opts {
		o := &a.opts[i]
		if len(o.Scores) > 0 || isPlaceholder(strings.TrimSpace(o.Description)) && o.Description != "" {
			continue
		}
		a.add(CodeMissingRationale, sevWarning, fmt.Sprintf("options[%d]", optionNumber(o, i)),
			"option %d (%s) has no evaluation table: its scores have no rationale", optionNumber(o, i), o.Name)
	}
}

// contributionPoints reports whether the matrix writes contributions in
// composite points (22.5) rather than the seed's score × weight (2.25).
func (a *auditor) contributionPoints(m *Matrix, cols []int) bool {
	if a.w == nil {
		return false
	}
	seed, pts := 0, 0
	for _, row := range m.Rows {
		for k, c := range row.Cells {
			if k >= len(cols) || cols[k] < 0 || !c.Score.IsNumber() || !c.Contribution.IsNumber() {
				continue
			}
			want := a.contribution(cols[k], c.Score.Value)
			if agrees(c.Contribution, want) {
				seed++
			}
			if agrees(c.Contribution, want*10) {
				pts++
			}
		}
	}
	return pts > seed
}

func (a *auditor) scoreConflict(oi, j int, s float64, where, label string) {
	if oi >= len(a.table) || a.table[oi] == nil {
		return
	}
	if v := a.table[oi][j]; v != nil && v.Value != s {
		a.add(CodeScoreConflict, sevError, where, "%s scores %s on %s in the matrix but %s in its evaluation table",
			label, numfmt.Trim(s, 6), a.r.Criteria[j].Name, v.String())
	}
}

// passColumn checks a declared pass/fail against the critical gates.
func (a *auditor) passColumn(row MatrixRow, scores []float64, base string) {
	p := strings.ToLower(strings.TrimSpace(row.Pass))
	if p == "" || isPlaceholder(row.Pass) {
		return
	}
	hasGate := false
	for j, c := range a.r.Criteria {
		if c.Critical != nil {
			hasGate = true
			if math.IsNaN(scores[j]) {
				return
			}
		}
	}
	if !hasGate {
		return
	}
	declPass := strings.HasPrefix(p, "yes") || strings.HasPrefix(p, "pass") || strings.HasPrefix(p, "✓") || strings.HasPrefix(p, "✅")
	declFail := strings.HasPrefix(p, "no") || strings.HasPrefix(p, "fail") || strings.HasPrefix(p, "✗") || strings.HasPrefix(p, "❌")
	fails := a.gateFailures(scores)
	switch {
	case declPass && len(fails) > 0:
		a.add(CodeGateMismatch, sevError, base+".pass", "%s is declared passing but fails critical criteria: %s", row.Option, strings.Join(fails, ", "))
	case declFail && len(fails) == 0:
		a.add(CodeGateMismatch, sevError, base+".pass", "%s is declared failing but passes every critical criterion", row.Option)
	}
}

func (a *auditor) decision() {
	r := a.r
	d := &r.Decision
	if len(a.opts) < 3 {
		n := len(a.opts)
		if r.Matrix != nil && len(r.Matrix.Rows) > n {
			n = len(r.Matrix.Rows)
		}
		if n < 3 {
			a.add(CodeTooFewOptions, sevWarning, "options", "%d options; the protocol requires at least 3", n)
		}
	}
	if isPlaceholder(d.Selected) {
		a.placeholder("decision.selected", fmt.Sprintf("the selected option %q", d.Selected))
		return
	}
	sel := -1
	for i := range a.opts {
		if d.SelectedNumber > 0 && optionNumber(&a.opts[i], i) == d.SelectedNumber ||
			d.SelectedNumber == 0 && d.Selected != "" && strings.EqualFold(a.opts[i].Name, d.Selected) {
			sel = i
		}
	}
	if d.Selected == "" && d.SelectedNumber == 0 {
		a.add(CodeNoSelection, sevWarning, "decision.selected", "no option is selected")
	}
	rationale := strings.TrimSpace(d.Rationale)
	hasRationale := rationale != "" && !isPlaceholder(rationale)
	if rationale != "" && !hasRationale {
		a.placeholder("decision.rationale", "the decision rationale")
	}
	if sel >= 0 {
		a.selection(sel, hasRationale)
	}
	if !hasRationale && rationale == "" && (d.Selected != "" || d.SelectedNumber > 0) {
		a.add(CodeMissingQualitative, sevWarning, "decision.rationale", "the selection has no qualitative rationale (context factors)")
	}
	trade := 0
	for i, t := range d.TradeOffs {
		if isPlaceholder(t) {
			a.placeholder(fmt.Sprintf("decision.trade-offs[%d]", i), strconv.Quote(t))
			continue
		}
		trade++
	}
	if trade == 0 && len(d.TradeOffs) == 0 {
		a.add(CodeMissingTradeOffs, sevWarning, "decision.trade-offs", "no trade-offs are stated")
	}
}

// selection checks the selected option against the best viable one.
func (a *auditor) selection(sel int, hasRationale bool) {
	r := a.r
	name := a.opts[sel].Name
	if len(a.fail[sel]) > 0 {
		a.add(CodeCriticalFailureSelected, sevError, "decision.selected", "the selected option %q fails critical criteria: %s", name, strings.Join(a.fail[sel], ", "))
	}
	comp := a.comp[sel]
	if math.IsNaN(comp) {
		return
	}
	if r.Threshold.IsNumber() && comp < r.Threshold.Value-1e-9 {
		a.add(CodeBelowThresholdSelected, sevError, "decision.selected", "the selected option %q scores %s, below the minimum acceptable %s", name, numfmt.Fixed(comp, 1), r.Threshold.String())
	}
	best, bestScore := -1, math.Inf(-1)
	for i, c := range a.comp {
		if math.IsNaN(c) || len(a.fail[i]) > 0 || r.Threshold.IsNumber() && c < r.Threshold.Value-1e-9 {
			continue
		}
		if c > bestScore+1e-9 {
			best, bestScore = i, c
		}
	}
	if best >= 0 && best != sel && bestScore > comp+1e-9 && !hasRationale {
		a.add(CodeSelectionWithoutRationale, sevError, "decision.selected", "the selected option %q (%s) is not the best viable option %q (%s) and no qualitative rationale explains why",
			name, numfmt.Fixed(comp, 1), a.opts[best].Name, numfmt.Fixed(bestScore, 1))
	}
}

func (a *auditor) triggers() {
	measurable := 0
	for i, t := range a.r.Triggers {
		where := fmt.Sprintf("triggers[%d]", i)
		switch {
		case isPlaceholder(t):
			a.placeholder(where, strconv.Quote(t))
		case !strings.ContainsAny(t, "0123456789"):
			a.add(CodeVagueTrigger, sevWarning, where, "trigger %q states no measurable threshold", t)
		default:
			measurable++
		}
	}
	if measurable < 3 {
		a.add(CodeTooFewTriggers, sevWarning, "triggers", "%d measurable backtracking triggers; the protocol requires at least 3", measurable)
	}
}
