package adr

import (
	"fmt"
	"math"
	"slices"
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
	// CodeVagueTrigger: a backtracking trigger tot.LintTriggers finds
	// unmeasurable (no metric, operator or threshold, or vague wording)
	// once tot.ParseTriggerText has read it.
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
	sevInfo    = tot.SeverityInfo
)

// AuditOptions tunes AuditWith.
type AuditOptions struct {
	// Protocol applies the Tree-of-Thoughts protocol's completeness checks
	// (too-few-criteria, too-few-options, missing-matrix, missing-score,
	// missing-rationale, no-selection, missing-qualitative-rationale,
	// missing-trade-offs, too-few-triggers, vague-trigger, weights-sum,
	// template placeholders in the metadata and the selection rules) even
	// to a record that does not follow the protocol.
	Protocol bool
}

// Audit is AuditWith(r, AuditOptions{}).
func Audit(r *Record) []Finding { return AuditWith(r, AuditOptions{}) }

// AuditWith checks the numbers r declares and, for a record that follows
// the Tree-of-Thoughts protocol (or when opts.Protocol is set), the
// protocol's minimum acceptable ADR and red flags.
//
// Every record's comparison matrix is recomputed through tot.Evaluate,
// whatever its flavour and whichever way round the table is written:
// weights from the criteria table, the column headers ("Performance
// (20%)") or a weight column or row; scores as numbers, "score
// (contribution)" cells, star ratings or "4/5"; totals in a total column or
// a bold "Total" / "Weighted Score" row, on 0–100, on the scores' scale
// (a weighted average: "8.30" where the weights give 8.35), as a raw
// weighted sum, or on the scale the cell states ("7.25/10"); when a table
// does not state its scale, Audit takes, for all its totals (and, apart,
// for all its contributions), the candidate scale with which tot finds the
// fewest disagreements, then the one closest in magnitude. A declared
// number agrees with the computed one when both round to the same value at
// the declared precision (tot's rule: "73" for a computed 73.5 is a
// declared-mismatch). Each disagreement is reported with both numbers.
// Every further matrix of the record (MoreMatrices) is checked the same
// way against the record's criteria, its findings under "matrices[N]";
// outside the protocol a table whose columns do not name the criteria is
// not taken for a comparison matrix.
//
// A record follows the protocol when it is in the ToT flavour and has one
// of the protocol's marks: backtracking triggers, reasoning steps, a
// minimum acceptable score, option evaluation tables, a method line or a
// "score (contribution)" matrix. Records of the other flavours (Nygard,
// MADR, log4brains) get the checks of their numbers and the checks their
// own format defines, reported first: the sections it requires, a status
// it knows, a YYYY-MM-DD date, the Nygard title's number, MADR's chosen
// option among the considered ones (the Code* constants of those checks,
// CodeMissingSection to CodeChosenNotConsidered, are warnings or
// information, never errors).
//
// Severities: "error" for numbers that are wrong (declared-mismatch,
// score-conflict, gate-mismatch, score-out-of-range, unreadable-number in a
// protocol record) and for selections the protocol forbids
// (critical-failure-selected, below-threshold-selected,
// selection-without-rationale) and for a method Audit does not know
// (unknown-method); "warning" for a record that is incomplete (placeholders,
// the minimum acceptable ADR's missing parts, vague triggers, a cell that
// is not a number outside protocol records) or whose totals its method
// could not recompute (method-failed).
//
// For a record whose Method is not the weighted sum, Audit recomputes the
// totals and weighted scores with that method; cells then carry no
// contributions and none are checked. Such totals depend on every option,
// so they are recomputed only when every option has all its scores.
//
// Each finding has a stable code (the Code* constants), a severity, a
// message stating the numbers involved, and where: a path such as
// "matrix.option[1].total" or "criteria[2].weight". Placeholders ("X
// (X.X)", "[Why this score?]") are reported as "placeholder" (incomplete),
// never as arithmetic errors. Findings come in document order; AuditWith
// never returns nil.
func AuditWith(r *Record, opts AuditOptions) []Finding {
	a := &auditor{r: r, protocol: opts.Protocol || followsProtocol(r), out: []Finding{}}
	a.run()
	// the checks the record's own format defines (Nygard, MADR, log4brains)
	out := append(afFindings(r), a.compact()...)
	// further matrices: their arithmetic, against the record's criteria
	for i, m := range r.MoreMatrices {
		if m == nil {
			continue
		}
		sub := &auditor{r: &Record{Format: r.Format, Criteria: r.Criteria, Method: r.Method, Matrix: m}, out: []Finding{}}
		sub.run()
		prefix := "matrices[" + strconv.Itoa(i+1) + "]"
		for _, f := range sub.compact() {
			if rest, ok := strings.CutPrefix(f.Where, "matrix"); ok {
				f.Where = prefix + rest
			}
			out = append(out, f)
		}
	}
	return out
}

// followsProtocol reports whether r is a ToT record with one of the
// protocol's marks.
func followsProtocol(r *Record) bool {
	if r.Format != ToT {
		return false
	}
	if len(r.Triggers) > 0 || len(r.Reasoning) > 0 || r.Threshold != nil || strings.TrimSpace(r.Method) != "" || len(r.CriticalNotes) > 0 {
		return true
	}
	for _, o := range r.Options {
		if len(o.Scores) > 0 || o.WeightedScore != nil {
			return true
		}
	}
	if m := r.Matrix; m != nil {
		for _, row := range m.Rows {
			for _, c := range row.Cells {
				if c.Contribution != nil {
					return true
				}
			}
		}
	}
	for _, c := range r.Criteria {
		if c.Critical != nil {
			return true
		}
	}
	return false
}

// acrit is a criterion as Audit uses it: the record's, or one the matrix
// declares with its own weights.
type acrit struct {
	Name      string
	Weight    Number
	Scale     tot.Scale
	Direction tot.Direction
	Critical  *float64
	where     string // path of the weight
}

// A pending declared number: the finding it becomes when tot disagrees.
type pending struct {
	slot     int    // index in out of the finding's slot
	alt      string // tot alternative ID
	crit     int    // criterion index for a contribution, -1 for a composite
	value    *Number
	scale    float64 // stated scale; 0 when inferred
	unit     int     // unit group: 0 totals of the matrix, 1 contributions, 2 option weighted scores
	where    string
	describe func(computed string) string
}

type auditor struct {
	r        *Record
	protocol bool
	out      []Finding
	dead     []bool // slots of out left empty

	crit []acrit
	cs   []Criterion // crit as Criterion values, for matching names
	w    bool        // weights usable
	wsum float64     // the sum of the weights as written, when usable
	// fromMatrix: the criteria are the matrix's own columns
	fromMatrix bool
	cols       []int // matrix column → criterion index, -1 for none
	opts       []Option

	// method is the record's method when it is not the weighted sum.
	method string

	table   [][]*Number // per option, the evaluation-table score per criterion
	tscores [][]float64 // per option, table scores (NaN missing)
	rscores [][]float64 // per matrix row, scores (NaN missing)
	rowOpt  []int       // per matrix row, option index or -1

	decl []pending
	// passSlot holds the slot of each matrix row's pass/fail finding;
	// rowFail the gate failures tot found for each complete row.
	passSlot map[int]int
	rowFail  map[int][]string
	// findRow looks up the option of a matrix row (see rowOption).
	findRow func(label string) (idx, number int)

	// results
	comp []float64  // composite per option index (NaN unknown)
	fail [][]string // gate failures per option index
}

func (a *auditor) add(code string, sev tot.Severity, where, format string, args ...any) {
	a.out = append(a.out, Finding{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...), Where: where})
}

// addIf adds a finding of the protocol's checks.
func (a *auditor) addIf(code string, sev tot.Severity, where, format string, args ...any) {
	if a.protocol {
		a.add(code, sev, where, format, args...)
	}
}

// unreadable is an error in a protocol record, a warning elsewhere: a real
// table may hold words where the protocol wants numbers.
func (a *auditor) unreadable() tot.Severity {
	if a.protocol {
		return sevError
	}
	return sevWarning
}

func (a *auditor) placeholder(where, what string) {
	a.add(CodePlaceholder, sevWarning, where, "%s is a template placeholder: the record is incomplete", what)
}

// compact drops the slots of declared numbers tot agreed with.
func (a *auditor) compact() []Finding {
	out := a.out[:0]
	for i, f := range a.out {
		if i < len(a.dead) && a.dead[i] {
			continue
		}
		out = append(out, f)
	}
	return out
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
	if a.protocol {
		a.metadata()
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
	a.criteria()
	if !isWeightedSum(r.Method) {
		a.method = strings.TrimSpace(r.Method)
		if tot.Method(a.method).Validate() != nil {
			a.add(CodeUnknownMethod, sevError, "method", "method %q is not one Audit can recompute (want one of %s, optionally with /normalization)", a.method, methodNameList())
		}
	}
	n := len(a.opts)
	a.comp = make([]float64, n)
	a.fail = make([][]string, n)
	a.table = make([][]*Number, n)
	a.tscores = make([][]float64, n)
	for i := range a.comp {
		a.comp[i] = math.NaN()
	}
	for i := range r.Options {
		a.option(i)
	}
	a.matrix()
	a.evaluate()
	a.passColumns()
	if a.protocol {
		a.unevaluated()
		a.decision()
		a.triggers()
	}
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

// criteria takes the criteria from the record, or from the matrix when the
// matrix declares its own weights (for every column, when the record also
// has a criteria table), and checks the weights.
func (a *auditor) criteria() {
	r := a.r
	m := r.Matrix
	if m != nil && m.Weights != nil && (len(r.Criteria) == 0 || !slices.Contains(m.Weights, nil)) {
		a.fromMatrix = true
		for k, name := range m.Columns {
			c := acrit{Name: name, where: "matrix.weights[" + strconv.Itoa(k) + "]"}
			if k < len(m.Weights) && m.Weights[k] != nil {
				c.Weight = *m.Weights[k]
			} else {
				c.Weight = Number{Text: "(empty)"}
			}
			if j := matchCriterion(r.Criteria, name, -1); j >= 0 {
				rc := r.Criteria[j]
				c.Scale, c.Direction, c.Critical = rc.Scale, rc.Direction, rc.Critical
			}
			a.crit = append(a.crit, c)
		}
	} else {
		for i, c := range r.Criteria {
			a.crit = append(a.crit, acrit{Name: c.Name, Weight: c.Weight, Scale: c.Scale, Direction: c.Direction, Critical: c.Critical, where: fmt.Sprintf("criteria[%d].weight", i)})
		}
	}
	a.inferScales()
	weighted := 0
	sum, tol := 0.0, 1e-9
	ok := true
	for i, c := range a.crit {
		switch {
		case !c.Weight.IsNumber():
			ok = false
			if isPlaceholder(c.Weight.Text) {
				a.placeholder(c.where, fmt.Sprintf("weight %q of %s", c.Weight.Text, c.Name))
			} else if a.protocol || !a.fromMatrix || c.Weight.Text != "(empty)" {
				a.add(CodeUnreadable, a.unreadable(), c.where, "weight %q of %s is not a number", c.Weight.Text, c.Name)
			}
		case c.Weight.Value < 0:
			ok = false
			a.add(CodeUnreadable, a.unreadable(), c.where, "weight of %s is negative (%s)", c.Name, c.Weight.String())
		default:
			if c.Weight.Value > 0 {
				weighted++
			}
			sum += c.Weight.Value
			tol += 0.5 * math.Pow(10, -float64(c.Weight.Prec))
		}
		if !a.fromMatrix && isPlaceholder(c.Name) {
			a.placeholder(fmt.Sprintf("criteria[%d].name", i), strconv.Quote(c.Name))
		}
	}
	if weighted < 3 {
		a.addIf(CodeTooFewCriteria, sevWarning, "criteria", "%d weighted criteria; the protocol requires at least 3", weighted)
	}
	// outside protocol records only weights meant as percentages (summing
	// to within 10 points of 100) are expected to sum to 100
	if ok && len(a.crit) > 0 && math.Abs(sum-100) > tol && (a.protocol || math.Abs(sum-100) <= 10) {
		a.add(CodeWeightsSum, sevWarning, "criteria", "weights sum to %s%%, not 100%%; they are normalised for the audit", numfmt.Trim(sum, 4))
	}
	a.w = ok && sum > 0
	a.wsum = sum
	a.cs = make([]Criterion, len(a.crit))
	for j, c := range a.crit {
		a.cs[j] = Criterion{Name: c.Name}
	}
}

// inferScales gives the criteria with no declared scale one: 0–10 in a
// protocol record (the protocol's scale); elsewhere 0 to the maximum the
// cells state (★★★☆☆ is out of 5), else the smallest of 5, 10 and 100 that
// holds every score.
func (a *auditor) inferScales() {
	if a.protocol {
		return
	}
	hi, outOf := 0.0, 0.0
	note := func(v *Number) {
		if v.IsNumber() {
			hi = math.Max(hi, v.Value)
		}
	}
	if m := a.r.Matrix; m != nil {
		for _, row := range m.Rows {
			for _, c := range row.Cells {
				note(c.Score)
				outOf = math.Max(outOf, c.OutOf)
			}
		}
	}
	for _, o := range a.r.Options {
		for _, s := range o.Scores {
			note(s.Value)
		}
	}
	max := outOf
	if max < hi {
		max = 0
		for _, s := range []float64{5, 10, 100} {
			if hi <= s {
				max = s
				break
			}
		}
	}
	if max == 0 {
		return // out of every scale: reported as out of range on 0–10
	}
	if outOf == 0 && max == 5 {
		max = 10 // numbers up to 5 with no stated maximum: the common 0–10
	}
	for j := range a.crit {
		if a.crit[j].Scale == (tot.Scale{}) {
			a.crit[j].Scale = tot.Scale{Min: 0, Max: max}
		}
	}
}

// scale returns criterion j's scale, 0–10 for the zero Scale.
func (a *auditor) scale(j int) tot.Scale {
	return Criterion{Scale: a.crit[j].Scale}.scale()
}

func (a *auditor) inScale(j int, s float64) bool {
	sc := a.scale(j)
	return s >= sc.Min-1e-9 && s <= sc.Max+1e-9
}

func (a *auditor) option(i int) {
	r := a.r
	o := &r.Options[i]
	nc := len(a.crit)
	a.table[i] = make([]*Number, nc)
	base := fmt.Sprintf("options[%d]", optionNumber(o, i))
	if a.protocol && isPlaceholder(o.Name) {
		a.placeholder(base+".name", fmt.Sprintf("option %d's name %q", optionNumber(o, i), o.Name))
	}
	if len(o.Scores) == 0 {
		if a.protocol && isPlaceholder(strings.TrimSpace(o.Description)) {
			a.placeholder(base, fmt.Sprintf("option %d (%q)", optionNumber(o, i), o.Description))
		}
		return
	}
	scores := nanScores(nc)
	cs := a.cs
	for k, s := range o.Scores {
		where := fmt.Sprintf("%s.scores[%s]", base, s.Criterion)
		j := matchCriterion(cs, s.Criterion, k)
		if j >= 0 && a.table[i][j] == nil && s.Value.IsNumber() {
			a.table[i][j] = s.Value
		}
		switch {
		case s.Value == nil:
			a.addIf(CodeMissingScore, sevWarning, where, "option %d has no score on %s", optionNumber(o, i), s.Criterion)
		case !s.Value.IsNumber():
			if isPlaceholder(s.Value.Text) {
				a.placeholder(where, fmt.Sprintf("option %d's score on %s (%q)", optionNumber(o, i), s.Criterion, s.Value.Text))
			} else {
				a.add(CodeUnreadable, a.unreadable(), where, "option %d's score on %s is not a number: %q", optionNumber(o, i), s.Criterion, s.Value.Text)
			}
		case j >= 0:
			if !a.inScale(j, s.Value.Value) {
				sc := a.scale(j)
				a.add(CodeScoreOutOfRange, sevError, where, "option %d scores %s on %s, outside its scale %s–%s", optionNumber(o, i), s.Value.String(), s.Criterion, numfmt.Trim(sc.Min, 6), numfmt.Trim(sc.Max, 6))
			}
			scores[j] = s.Value.Value
		}
		if a.protocol {
			switch {
			case strings.TrimSpace(s.Rationale) == "":
				a.add(CodeMissingRationale, sevWarning, where, "option %d's score on %s has no rationale", optionNumber(o, i), s.Criterion)
			case isPlaceholder(s.Rationale):
				a.placeholder(where+".rationale", fmt.Sprintf("the rationale of option %d's score on %s (%q)", optionNumber(o, i), s.Criterion, s.Rationale))
			}
		}
	}
	for j, c := range cs {
		if math.IsNaN(scores[j]) && !hasScoreFor(o, c, j) {
			a.addIf(CodeMissingScore, sevWarning, base+".scores", "option %d is not scored on %s", optionNumber(o, i), c.Name)
		}
	}
	a.tscores[i] = scores
	if ws := o.WeightedScore; ws != nil {
		where := base + ".weighted-score"
		switch {
		case !ws.IsNumber():
			if isPlaceholder(ws.Text) {
				a.placeholder(where, fmt.Sprintf("option %d's weighted score (%q)", optionNumber(o, i), ws.Text))
			}
		default:
			num := optionNumber(o, i)
			a.declare(pending{alt: a.optionAlt(i), crit: -1, value: ws, scale: 100, unit: 2, where: where, describe: func(got string) string {
				if a.method != "" {
					return fmt.Sprintf("option %d declares score %s, computed %s by %s", num, ws.String(), got, methodLabel(a.method))
				}
				return fmt.Sprintf("option %d declares weighted score %s, computed %s", num, ws.String(), got)
			}})
		}
	}
}

// optionAlt is the tot alternative of option i's evaluation table.
func (a *auditor) optionAlt(i int) string {
	if a.method != "" {
		return "o" + strconv.Itoa(i)
	}
	return "t" + strconv.Itoa(i)
}

// rowAlt is the tot alternative of matrix row k.
func (a *auditor) rowAlt(k int) string {
	if a.method != "" {
		if oi := a.rowOpt[k]; oi >= 0 {
			return "o" + strconv.Itoa(oi)
		}
		return ""
	}
	return "m" + strconv.Itoa(k)
}

// declare adds a declared number whose finding goes in the next slot.
func (a *auditor) declare(p pending) {
	p.slot = len(a.out)
	a.out = append(a.out, Finding{})
	a.decl = append(a.decl, p)
}

func nanScores(n int) []float64 {
	s := make([]float64, n)
	for j := range s {
		s[j] = math.NaN()
	}
	return s
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

// namesEveryColumn reports whether each column names a criterion.
func namesEveryColumn(cols []string, cs []Criterion) bool {
	for _, c := range cols {
		if matchCriterion(cs, c, -1) < 0 {
			return false
		}
	}
	return len(cs) > 0
}

// rowOption finds the option a matrix row is about: by number ("1. X",
// "Option 1"), then by name; -1 for none. The first call indexes the
// options, so that a matrix is read in linear time.
func (a *auditor) rowOption(label string) (idx, number int) {
	if a.findRow == nil {
		a.findRow = optionLookup(a.opts, key)
	}
	return a.findRow(label)
}

// rowBase returns the path of matrix row k, the index of its option (-1
// for none, see rowOption) and its number (k+1 when the row names none).
func (a *auditor) rowBase(k int) (base string, idx, number int) {
	idx, number = a.rowOption(a.r.Matrix.Rows[k].Option)
	if number == 0 {
		number = k + 1
	}
	return fmt.Sprintf("matrix.option[%d]", number), idx, number
}

func (a *auditor) matrix() {
	r := a.r
	m := r.Matrix
	if m == nil {
		a.addIf(CodeMissingMatrix, sevWarning, "matrix", "no options comparison matrix")
		return
	}
	if a.fromMatrix {
		a.cols = make([]int, len(m.Columns))
		for k := range a.cols {
			a.cols[k] = k
		}
	} else {
		a.cols = mapColumns(m.Columns, a.cs)
		if !a.protocol && !namesEveryColumn(m.Columns, a.cs) {
			// outside the protocol a table whose columns are not the
			// criteria by name is not this record's comparison matrix
			return
		}
		for k, j := range a.cols {
			if j < 0 && len(a.crit) > 0 {
				a.add(CodeUnknownColumn, sevWarning, "matrix.columns["+strconv.Itoa(k)+"]", "matrix column %q matches no criterion", m.Columns[k])
			}
		}
	}
	a.rscores = make([][]float64, len(m.Rows))
	a.rowOpt = make([]int, len(m.Rows))
	a.passSlot = map[int]int{}
	a.rowFail = map[int][]string{}
	for k, row := range m.Rows {
		base, oi, n := a.rowBase(k)
		a.rowOpt[k] = oi
		scores := nanScores(len(a.crit))
		placeholders := 0
		for ci, c := range row.Cells {
			if ci >= len(a.cols) || a.cols[ci] < 0 || !a.w {
				if c.Score != nil && !c.Score.IsNumber() || c.Contribution != nil && !c.Contribution.IsNumber() {
					placeholders++
				}
				continue
			}
			j := a.cols[ci]
			where := base + "." + m.Columns[ci]
			if c.Score == nil {
				if c.Text != "" {
					a.add(CodeUnreadable, a.unreadable(), where, "matrix cell %q of %s is not a score", c.Text, row.Option)
				}
				continue
			}
			if !c.Score.IsNumber() {
				placeholders++
				continue
			}
			s := c.Score.Value
			if !math.IsNaN(scores[j]) {
				continue // a column mapped twice: the first cell counts
			}
			scores[j] = s
			if !a.inScale(j, s) {
				sc := a.scale(j)
				a.add(CodeScoreOutOfRange, sevError, where, "%s scores %s on %s, outside its scale %s–%s", row.Option, c.Score.String(), m.Columns[ci], numfmt.Trim(sc.Min, 6), numfmt.Trim(sc.Max, 6))
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
			cell, col := c, m.Columns[ci]
			a.declare(pending{alt: "m" + strconv.Itoa(k), crit: j, value: c.Contribution, unit: 1, where: where, describe: func(got string) string {
				return fmt.Sprintf("option %d (%s), %s: declared contribution %s, computed %s (score %s × weight %s%%)",
					n, row.Option, col, cell.Contribution.String(), got, cell.Score.String(), numfmt.Trim(a.normWeight(j)*100, 4))
			}})
		}
		if row.Total != nil && !row.Total.IsNumber() {
			if isPlaceholder(row.Total.Text) {
				placeholders++
			} else if a.w {
				a.add(CodeUnreadable, a.unreadable(), base+".total", "matrix total %q of %s is not a number", row.Total.Text, row.Option)
			}
		}
		if placeholders > 0 {
			a.placeholder(base, fmt.Sprintf("matrix row %q (%d placeholder cells)", row.Option, placeholders))
		}
		a.rscores[k] = scores
		if strings.TrimSpace(row.Pass) != "" && !isPlaceholder(row.Pass) {
			a.passSlot[k] = len(a.out)
			a.out = append(a.out, Finding{})
			a.markDead(a.passSlot[k])
		}
		if t := row.Total; t.IsNumber() && a.w {
			by := ""
			if a.method != "" {
				by = " by " + methodLabel(a.method)
			}
			nn, label := n, row.Option
			scale := row.TotalScale
			a.declare(pending{alt: a.rowAlt(k), crit: -1, value: t, scale: scale, unit: 0, where: base + ".total", describe: func(got string) string {
				return fmt.Sprintf("option %d (%s): declared total %s, computed %s%s", nn, label, t.String(), got, by)
			}})
		}
	}
}

// normWeight returns criterion j's normalised weight.
func (a *auditor) normWeight(j int) float64 {
	return a.crit[j].Weight.Value / a.wsum
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

// inScales reports whether every score of a complete row is in its scale.
func (a *auditor) inScales(scores []float64) bool {
	for j, s := range scores {
		if !a.inScale(j, s) {
			return false
		}
	}
	return true
}

// evaluate builds the record as a tot.Decision, evaluates it, chooses the
// unit of the declared numbers whose scale the record does not state, and
// evaluates again with the declared numbers: tot's verdicts fill or drop the
// slots.
func (a *auditor) evaluate() {
	defer func() {
		// declared numbers that could not be checked leave no finding
		for _, p := range a.decl {
			if a.out[p.slot].Code == "" {
				a.markDead(p.slot)
			}
		}
	}()
	if !a.w || len(a.crit) == 0 {
		return
	}
	if a.method != "" {
		if tot.Method(a.method).Validate() != nil {
			return
		}
	}
	first := a.firstRows()
	d, alts := a.decision0(first)
	if d == nil || len(d.Alternatives) == 0 {
		return
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		method := a.method
		if method == "" {
			method = string(tot.MethodWeightedSum)
		}
		a.add(CodeMethodFailed, sevWarning, "method", "method %q cannot recompute the totals: %v", method, err)
		return
	}
	ranked := map[string]tot.Ranked{}
	for _, rk := range res.Ranking {
		ranked[rk.Alternative] = rk
	}
	a.results(ranked, alts, first)
	// the computed value of each declared number on 0–100 points
	var keep []int
	pts := make([]float64, len(a.decl))
	for k, p := range a.decl {
		rk, ok := ranked[p.alt]
		if !ok || !alts[p.alt].complete && p.crit < 0 {
			continue
		}
		if p.crit >= 0 {
			pts[k] = rk.Contributions["c"+strconv.Itoa(p.crit)]
		} else {
			pts[k] = rk.Score
		}
		keep = append(keep, k)
	}
	// the candidate scales of each declared number; tot's verdicts on a
	// sample of each group at every candidate choose the group's scale,
	// then tot judges every number at its scale
	cands := make([][]float64, len(a.decl))
	var sample []int
	per := [3]int{}
	for _, k := range keep {
		p := a.decl[k]
		cands[k] = a.candidates(p.unit)
		if p.scale > 0 {
			cands[k] = []float64{p.scale}
		} else if per[p.unit] < unitSample {
			per[p.unit]++
			sample = append(sample, k)
		}
	}
	var pairs [][2]int
	for _, k := range sample {
		for ci := range cands[k] {
			pairs = append(pairs, [2]int{k, ci})
		}
	}
	bad, ok := a.verdicts(d, pairs, cands)
	if !ok {
		return
	}
	chosen := a.units(sample, pts, cands, bad)
	pairs = pairs[:0]
	for _, k := range keep {
		ci := 0
		if a.decl[k].scale == 0 {
			ci = chosen[a.decl[k].unit]
		}
		pairs = append(pairs, [2]int{k, ci})
	}
	if bad, ok = a.verdicts(d, pairs, cands); !ok {
		return
	}
	for _, kc := range pairs {
		if !bad[kc] {
			continue
		}
		p := a.decl[kc[0]]
		u := cands[kc[0]][kc[1]]
		msg := p.describe(fmtAt(pts[kc[0]]*u/100, p.value))
		if p.scale == 0 && p.unit == 0 && u != 100 {
			msg += " (" + a.unitName(u) + ")"
		}
		a.out[p.slot] = Finding{Code: CodeDeclaredMismatch, Severity: sevError, Message: msg, Where: p.where}
	}
}

// unitSample is how many declared numbers of a group choose its scale.
const unitSample = 64

// verdicts evaluates d with the declared numbers pairs (declared number,
// candidate scale) and returns those tot finds mismatched.
func (a *auditor) verdicts(d *tot.Decision, pairs [][2]int, cands [][]float64) (map[[2]int]bool, bool) {
	dd := *d
	dd.Declared = make([]tot.Declared, 0, len(pairs))
	for i, kc := range pairs {
		p := a.decl[kc[0]]
		x := tot.Declared{Where: "d" + strconv.Itoa(i), Kind: tot.DeclaredComposite, Alternative: p.alt, Value: p.value.Value, Scale: cands[kc[0]][kc[1]], Decimals: min(p.value.Prec, 15)}
		if p.crit >= 0 {
			x.Kind, x.Criterion = tot.DeclaredContribution, "c"+strconv.Itoa(p.crit)
		}
		dd.Declared = append(dd.Declared, x)
	}
	res, err := tot.Evaluate(&dd)
	if err != nil {
		return nil, false
	}
	bad := map[[2]int]bool{}
	for _, f := range res.Findings {
		if f.Code != tot.CodeDeclaredMismatch || !strings.HasPrefix(f.Where, "d") {
			continue
		}
		if i, err := strconv.Atoi(f.Where[1:]); err == nil && i >= 0 && i < len(pairs) {
			bad[pairs[i]] = true
		}
	}
	return bad, true
}

// unitName describes the scale u of totals whose scale the record does
// not state.
func (a *auditor) unitName(u float64) string {
	hi := a.scale(0).Max
	switch {
	case u == hi:
		return "the weighted average of the scores"
	case u == hi*a.wsum:
		return "the sum of weight × score, at most " + numfmt.Trim(u, 4)
	}
	return "on a 0–" + numfmt.Trim(u, 4) + " scale"
}

func (a *auditor) markDead(i int) {
	for len(a.dead) <= i {
		a.dead = append(a.dead, false)
	}
	a.dead[i] = true
}

// altInfo says what a tot alternative stands for.
type altInfo struct {
	option   int  // option index, -1 for none
	complete bool // every score is the record's (not filled in)
	row      int  // matrix row, -1 for an evaluation table
}

// decision0 builds the record as a tot.Decision without declared numbers;
// first is each option's first complete matrix row (see firstRows).
// With the weighted sum every evaluation table with all its scores and
// every matrix row is an alternative of its own (a row's missing scores
// are filled with the scale's minimum so that its contributions can be
// checked; its total is not). With another method each option is one
// alternative, scored by its matrix row where complete, else by its
// table, and nothing is evaluated unless every option has all its scores.
func (a *auditor) decision0(first []int) (*tot.Decision, map[string]altInfo) {
	r := a.r
	d := &tot.Decision{Method: tot.Method(a.method), Threshold: new(0.0)} // no threshold unless the record states one
	if t := r.Threshold; t.IsNumber() && t.Value >= 0 && t.Value <= 100 {
		d.Threshold = new(t.Value)
	}
	for j, c := range a.crit {
		tc := tot.Criterion{ID: "c" + strconv.Itoa(j), Weight: c.Weight.Value, Scale: a.scale(j), Direction: c.Direction}
		if g := c.Critical; g != nil && a.inScale(j, *g) {
			v := *g
			tc.Critical = &v
		}
		d.Criteria = append(d.Criteria, tc)
	}
	alts := map[string]altInfo{}
	addAlt := func(id string, scores []float64, info altInfo) {
		alt := tot.Alternative{ID: id, Scores: make(map[string]tot.Score, len(scores))}
		for j, s := range scores {
			if math.IsNaN(s) {
				s = a.scale(j).Min
			}
			alt.Scores["c"+strconv.Itoa(j)] = tot.Score{Value: s}
		}
		d.Alternatives = append(d.Alternatives, alt)
		alts[id] = info
	}
	if a.method != "" {
		for i := range a.opts {
			var s []float64
			if k := first[i]; k >= 0 {
				s = a.rscores[k]
			}
			if s == nil && complete(a.tscores[i]) {
				s = a.tscores[i]
			}
			if s == nil || !a.inScales(s) {
				return nil, nil
			}
			addAlt("o"+strconv.Itoa(i), s, altInfo{option: i, complete: true, row: -1})
		}
		return d, alts
	}
	for i, s := range a.tscores {
		if complete(s) && a.inScales(s) {
			addAlt("t"+strconv.Itoa(i), s, altInfo{option: i, complete: true, row: -1})
		}
	}
	for k, s := range a.rscores {
		if s == nil {
			continue
		}
		ok := true
		for j, v := range s {
			if !math.IsNaN(v) && !a.inScale(j, v) {
				ok = false
			}
		}
		if ok {
			addAlt("m"+strconv.Itoa(k), s, altInfo{option: a.rowOpt[k], complete: complete(s), row: k})
		}
	}
	return d, alts
}

// results records each option's composite and gate failures: its first
// complete matrix row's (first, see firstRows), else its evaluation
// table's.
func (a *auditor) results(ranked map[string]tot.Ranked, alts map[string]altInfo, first []int) {
	set := func(id string) bool {
		rk, ok := ranked[id]
		info := alts[id]
		if !ok || !info.complete || info.option < 0 {
			return false
		}
		a.comp[info.option] = rk.Score
		a.fail[info.option] = a.gateNames(rk)
		return true
	}
	for id, info := range alts {
		if rk, ok := ranked[id]; ok && info.complete && info.row >= 0 && a.method == "" {
			a.rowFail[info.row] = a.gateNames(rk)
		}
	}
	for i := range a.opts {
		if a.method != "" {
			set("o" + strconv.Itoa(i))
			continue
		}
		if k := first[i]; k < 0 || !set("m"+strconv.Itoa(k)) {
			set("t" + strconv.Itoa(i))
		}
	}
}

// units chooses, for each group of declared numbers (0 totals, 1
// contributions, 2 option weighted scores), the scale they are written on
// among the candidates: the one with which tot finds the fewest mismatches
// among the sample, then the one whose magnitude best fits the declared
// numbers, then the first. It returns the chosen candidate's index for each
// group.
func (a *auditor) units(sample []int, pts []float64, cands [][]float64, bad map[[2]int]bool) [3]int {
	var out [3]int
	for group := 0; group < 3; group++ {
		cs := a.candidates(group)
		best, bestBad, bestErr := 0, math.MaxInt, math.Inf(1)
		for ci, u := range cs {
			nbad, e := 0, 0.0
			for _, k := range sample {
				p := a.decl[k]
				if p.unit != group {
					continue
				}
				if bad[[2]int{k, ci}] {
					nbad++
				}
				if p.value.Value > 0 && pts[k] > 0 {
					e += math.Abs(math.Log(p.value.Value / (pts[k] * u / 100)))
				}
			}
			if nbad < bestBad || nbad == bestBad && e < bestErr-1e-12 {
				best, bestBad, bestErr = ci, nbad, e
			}
		}
		out[group] = best
	}
	return out
}

// candidates lists the possible scales of a group of declared numbers,
// the preferred first: 100 (composite points) and 10 (the seed's unit,
// composite ÷ 10) always; with every criterion on one scale 0–max, also max
// (a weighted average of the scores) and max × the sum of the weights as
// written (a raw weighted sum). A method other than the weighted sum and
// the options' weighted scores have composites on 0–100 only.
func (a *auditor) candidates(group int) []float64 {
	if a.method != "" || group == 2 {
		return []float64{100}
	}
	c := []float64{100, 10}
	if group == 1 {
		c = []float64{10, 100}
	}
	hi, same := 0.0, true
	for j := range a.crit {
		sc := a.scale(j)
		if j > 0 && sc.Max != hi || sc.Min != 0 {
			same = false
		}
		hi = sc.Max
	}
	if same && hi > 0 {
		for _, u := range []float64{hi, hi * a.wsum} {
			if u > 0 && !math.IsInf(u, 0) && !slices.Contains(c, u) {
				c = append(c, u)
			}
		}
	}
	return c
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

func (a *auditor) scoreConflict(oi, j int, s float64, where, label string) {
	if oi >= len(a.table) || a.table[oi] == nil {
		return
	}
	if v := a.table[oi][j]; v != nil && v.Value != s {
		a.add(CodeScoreConflict, sevError, where, "%s scores %s on %s in the matrix but %s in its evaluation table",
			label, numfmt.Trim(s, 6), a.crit[j].Name, v.String())
	}
}

// passColumns checks each matrix row's declared pass/fail against the
// critical gates, as tot.Evaluate applies them to the row's scores.
func (a *auditor) passColumns() {
	m := a.r.Matrix
	if m == nil || !a.w {
		return
	}
	hasGate := false
	for _, c := range a.crit {
		hasGate = hasGate || c.Critical != nil
	}
	if !hasGate {
		return
	}
	for k, row := range m.Rows {
		p := strings.ToLower(strings.TrimSpace(row.Pass))
		fails, ok := a.rowFail[k]
		if _, slotted := a.passSlot[k]; !slotted || !ok {
			continue
		}
		base, _, _ := a.rowBase(k)
		slot := a.passSlot[k]
		declPass := strings.HasPrefix(p, "yes") || strings.HasPrefix(p, "pass") || strings.HasPrefix(p, "✓") || strings.HasPrefix(p, "✅")
		declFail := strings.HasPrefix(p, "no") || strings.HasPrefix(p, "fail") || strings.HasPrefix(p, "✗") || strings.HasPrefix(p, "❌")
		switch {
		case declPass && len(fails) > 0:
			a.out[slot] = Finding{Code: CodeGateMismatch, Severity: sevError, Where: base + ".pass", Message: fmt.Sprintf("%s is declared passing but fails critical criteria: %s", row.Option, strings.Join(fails, ", "))}
			a.dead[slot] = false
		case declFail && len(fails) == 0:
			a.out[slot] = Finding{Code: CodeGateMismatch, Severity: sevError, Where: base + ".pass", Message: fmt.Sprintf("%s is declared failing but passes every critical criterion", row.Option)}
			a.dead[slot] = false
		}
	}
}

// firstRows returns, per option, its first matrix row with every score
// (-1 for none).
func (a *auditor) firstRows() []int {
	first := make([]int, len(a.opts))
	for i := range first {
		first[i] = -1
	}
	for k, oi := range a.rowOpt {
		if oi >= 0 && first[oi] < 0 && complete(a.rscores[k]) {
			first[oi] = k
		}
	}
	return first
}

// gateNames returns the names of the critical criteria rk fails.
func (a *auditor) gateNames(rk tot.Ranked) []string {
	out := []string{}
	for _, g := range rk.GateFailures {
		j, err := strconv.Atoi(strings.TrimPrefix(g, "c"))
		if err == nil && j >= 0 && j < len(a.crit) {
			out = append(out, a.crit[j].Name)
		}
	}
	return out
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

// selection checks the selected option against the best viable one, with
// the composites and gate failures tot.Evaluate computed.
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

// measurabilityCodes are tot.LintTriggers' codes that make one trigger
// unmeasurable.
var measurabilityCodes = []string{tot.CodeTriggerNoMetric, tot.CodeTriggerNoOperator, tot.CodeTriggerUnknownOperator, tot.CodeTriggerNoThreshold, tot.CodeTriggerVague}

// triggers reads each backtracking trigger with tot.ParseTriggerText and
// lints it with tot.LintTriggers: a trigger is measurable when it has a
// metric, a known operator and a finite threshold and is not vague.
func (a *auditor) triggers() {
	measurable := 0
	for i, t := range a.r.Triggers {
		where := fmt.Sprintf("triggers[%d]", i)
		if isPlaceholder(t) {
			a.placeholder(where, strconv.Quote(t))
			continue
		}
		var missing []string
		for _, f := range tot.LintTriggers([]tot.Trigger{tot.ParseTriggerText(t)}) {
			if slices.Contains(measurabilityCodes, f.Code) {
				missing = append(missing, strings.TrimPrefix(f.Code, "trigger-"))
			}
		}
		if len(missing) > 0 {
			a.add(CodeVagueTrigger, sevWarning, where, "trigger %q is not measurable (%s)", t, strings.Join(missing, ", "))
			continue
		}
		measurable++
	}
	if measurable < 3 {
		a.add(CodeTooFewTriggers, sevWarning, "triggers", "%d measurable backtracking triggers; the protocol requires at least 3", measurable)
	}
}
