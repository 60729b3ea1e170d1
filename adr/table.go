package adr

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	east "github.com/yuin/goldmark/extension/ast"

	"github.com/deliberate-dev/deliberate/tot"
)

func (ps *parser) table(t *east.Table) {
	header, rows := tableRows(t, ps.src)
	if len(header) == 0 {
		return
	}
	h := make([]string, len(header))
	for i, x := range header {
		h[i] = canon(x)
	}
	col := func(pred func(string) bool) int {
		for i, x := range h {
			if pred(x) {
				return i
			}
		}
		return -1
	}
	has := func(word string) func(string) bool {
		return func(s string) bool { return s == word || strings.HasPrefix(s, word+" ") }
	}
	switch {
	case (isCriterionHead(h[0]) || h[0] == "") && (col(has("weight")) > 0 || labelWeights(rows)):
		if oc := optionColumns(h, rows); len(oc) > 0 {
			ps.transposed(h, header, rows, oc)
		} else {
			ps.criteria(h, rows)
		}
	case (h[0] == "criterion" || h[0] == "criteria") && col(has("score")) > 0 && ps.opt != nil:
		ps.evaluation(h, rows)
	case h[0] == "date" && col(has("reviewer")) > 0:
		for _, row := range rows {
			row = pad(row, 4)
			ps.r.Reviews = append(ps.r.Reviews, Review{Date: row[0], Reviewer: row[col(has("reviewer"))], Status: cell(row, col(has("status"))), Notes: cell(row, col(has("notes")))})
		}
	case h[0] == "date" && col(has("status")) > 0:
		for _, row := range rows {
			ps.r.StatusHistory = append(ps.r.StatusHistory, StatusChange{Date: cell(row, 0), Status: cell(row, col(has("status"))), Note: cell(row, col(has("note")))})
		}
	case !isCriterionHead(h[0]) && h[0] != "date":
		if ti := totalColumn(h, header); ti > 1 {
			ps.matrix(h, header, rows, ti)
		}
	}
}

// isCriterionHead reports a first column header naming criteria
// ("Criterion", "Criteria / Option", "Factor").
func isCriterionHead(c string) bool {
	if i := strings.IndexByte(c, ' '); i > 0 {
		c = c[:i]
	}
	switch c {
	case "criterion", "criteria", "factor", "factors", "dimension", "dimensions", "aspect", "aspects",
		"attribute", "attributes", "requirement", "requirements", "consideration", "considerations", "metric", "metrics":
		return true
	}
	return false
}

// isTotalLabel reports a column header or row label that names the
// declared totals of a matrix rather than a criterion: "Total", "**Total
// Score**", "Weighted Score", "Weighted Total", "Overall".
func isTotalLabel(c string) bool {
	switch {
	case c == "total" || strings.HasPrefix(c, "total ") || strings.HasSuffix(c, " total"):
		return true
	case strings.HasPrefix(c, "weighted ") && (strings.Contains(c, "score") || strings.Contains(c, "sum") || strings.Contains(c, "total") || strings.Contains(c, "average")):
		return true
	}
	switch c {
	case "overall", "overall score", "final score", "sum", "score sum", "weighted", "σ":
		return true
	}
	return false
}

// isWeightLabel reports a row label or column header naming weights.
func isWeightLabel(c string) bool {
	return c == "weight" || c == "weights" || strings.HasPrefix(c, "weight ")
}

// totalColumn returns the index of a matrix's total column, -1 for none:
// a total header ("Total", "Weighted Score"), or a last column "Score"
// after criteria whose headers carry weights ("Cost (30%)").
func totalColumn(h []string, header []string) int {
	for i, x := range h {
		if i > 0 && isTotalLabel(x) {
			return i
		}
	}
	if n := len(h) - 1; n >= 2 && (h[n] == "score" || h[n] == "result" || h[n] == "rating") {
		for _, x := range header[1:n] {
			if headWeight(x) != "" {
				return n
			}
		}
	}
	return -1
}

// auxColumn reports a column of a criteria table that is not an option.
func auxColumn(c string) bool {
	for _, w := range []string{"weight", "direction", "scale", "description", "notes", "note", "source", "critical", "gate",
		"rationale", "justification", "comment", "comments", "why", "type", "unit", "target", "threshold", "priority", "importance", "rank", "id",
		"score", "scores", "weighted", "contribution", "points", "evidence", "confidence"} {
		if c == w || strings.HasPrefix(c, w+" ") {
			return true
		}
	}
	return c == ""
}

// optionColumns returns the columns of a criteria table that score options:
// not a known criteria column, with a score in at least half of their
// non-empty cells on criterion rows.
func optionColumns(h []string, rows [][]string) []int {
	// the criterion rows, found once for every column
	var crit [][]string
	for _, row := range rows {
		if l := canon(cell(row, 0)); !isTotalLabel(l) && !isWeightLabel(l) {
			crit = append(crit, row)
		}
	}
	var out []int
	for i := 1; i < len(h); i++ {
		if auxColumn(h[i]) || isContributionHead(h[i]) {
			continue
		}
		n, scored := 0, 0
		for _, row := range crit {
			v := strings.TrimSpace(cell(row, i))
			if v == "" {
				continue
			}
			n++
			if c := parseMatrixScore(v); c.Score.IsNumber() {
				scored++
			}
		}
		if n > 0 && 2*scored >= n {
			out = append(out, i)
		}
	}
	return out
}

// reHeadWeight reads a weight written in a criterion's header or label:
// "Performance (20%)", "Cost (0.3)", "Security [w=25%]", "Ops (weight: 3)",
// "Cost (×2)", "Latency – 30%", "Latency 30%".
var reHeadWeight = regexp.MustCompile(`(?s)^(.*?\S)\s*(?:[(\[]\s*(?:(?i:w|wt|weight)\s*[:=]?\s*)?[×x*]?\s*([0-9]+(?:\.[0-9]+)?)\s*(%)?\s*[)\]]|(?:[-–—:,]\s*)?()([0-9]+(?:\.[0-9]+)?)\s*(%))$`)

// headWeight returns the weight text a header or label declares ("20%",
// "0.3"), "" for none.
func headWeight(s string) string {
	m := reHeadWeight.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	if m[5] != "" {
		return m[5] + m[6] // "Performance – 20%"
	}
	if n := parseNumber(m[2]); m[3] == "" && (!n.IsNumber() || n.Value > 100) {
		return "" // "Release (2024)" is not a weight
	}
	return m[2] + m[3]
}

// labelWeights reports whether some row label of a criteria table
// declares a weight.
func labelWeights(rows [][]string) bool {
	for _, row := range rows {
		if headWeight(cell(row, 0)) != "" {
			return true
		}
	}
	return false
}

// weights reads weight texts as Criterion.Weight does: "30%", or "0.30"
// when every weight written without "%" is at most 1 (a fraction); nil
// entries for empty texts; nil when every text is empty.
func weights(ws []string) []*Number {
	if !slices.ContainsFunc(ws, func(w string) bool { return strings.TrimSpace(w) != "" }) {
		return nil
	}
	fraction := fractions(ws)
	out := make([]*Number, len(ws))
	for i, w := range ws {
		if strings.TrimSpace(w) == "" {
			continue
		}
		n := parseWeight(w, fraction)
		out[i] = &n
	}
	return out
}

func pad(row []string, n int) []string {
	for len(row) < n {
		row = append(row, "")
	}
	return row
}

func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}

func (ps *parser) criteria(h []string, rows [][]string) {
	idx := func(names ...string) int {
		for i, x := range h {
			for _, n := range names {
				if x == n || strings.HasPrefix(x, n+" ") {
					return i
				}
			}
		}
		return -1
	}
	wi, di, si := idx("weight"), idx("direction"), idx("scale")
	desc, src := idx("description", "notes"), idx("source nfr", "source")
	crit := idx("critical", "gate")
	var ws []string
	for _, row := range rows {
		if !isTotalLabel(canon(cell(row, 0))) {
			ws = append(ws, cell(row, wi))
		}
	}
	fraction := fractions(ws)
	for _, row := range rows {
		if l := canon(cell(row, 0)); isTotalLabel(l) || l == "" && strings.TrimSpace(cell(row, wi)) == "" {
			continue // a "**Total** | 100%" row is not a criterion
		}
		c := Criterion{Name: cell(row, 0), Description: cell(row, desc), Source: cell(row, src)}
		c.Weight = parseWeight(cell(row, wi), fraction)
		if strings.EqualFold(strings.TrimSpace(cell(row, di)), "cost") {
			c.Direction = tot.Cost
		}
		if s, ok := parseScale(cell(row, si)); ok {
			c.Scale = s
		}
		if g := parseNumber(strings.Trim(cell(row, crit), "+≥<=> ")); g.IsNumber() {
			v := g.Value
			c.Critical = &v
		}
		ps.r.Criteria = append(ps.r.Criteria, c)
	}
}

// fractions reports whether weights written as ws are fractions (0.30 for
// 30%): none is written with "%" and every number is at most 1.
func fractions(ws []string) bool {
	for _, w := range ws {
		w = strings.TrimSpace(w)
		if strings.HasSuffix(w, "%") {
			return false
		}
		if n := parseNumber(w); n.IsNumber() && n.Value > 1 {
			return false
		}
	}
	return true
}

func parseWeight(s string, fraction bool) Number {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	n := parseNumber(strings.TrimSpace(strings.TrimSuffix(s, "%")))
	if n == nil {
		return Number{Text: "(empty)"}
	}
	if !n.IsNumber() || pct || !fraction {
		return *n
	}
	// 0.30 → 30 (percent), two fewer decimals
	return Number{Value: n.Value * 100, Prec: max(n.Prec-2, 0)}
}

var reScale = regexp.MustCompile(`^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(?:–|-|—|to|\.\.)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$`)

func parseScale(s string) (tot.Scale, bool) {
	m := reScale.FindStringSubmatch(s)
	if m == nil {
		return tot.Scale{}, false
	}
	lo, err1 := strconv.ParseFloat(m[1], 64)
	hi, err2 := strconv.ParseFloat(m[2], 64)
	if err1 != nil || err2 != nil || hi <= lo {
		return tot.Scale{}, false
	}
	return tot.Scale{Min: lo, Max: hi}, true
}

func (ps *parser) evaluation(h []string, rows [][]string) {
	si, ri := -1, -1
	for i, x := range h {
		if si < 0 && strings.HasPrefix(x, "score") {
			si = i
		}
		if ri < 0 && (strings.HasPrefix(x, "rationale") || strings.HasPrefix(x, "justification")) {
			ri = i
		}
	}
	for _, row := range rows {
		s := Score{Criterion: cell(row, 0), Rationale: cell(row, ri)}
		if v := strings.TrimSpace(cell(row, si)); v != "" {
			s.Value = parseScore(v)
		}
		ps.opt.Scores = append(ps.opt.Scores, s)
	}
}

// matrix reads a comparison matrix with options as rows: the criteria
// columns between the first and the total column ti (weights in their
// headers when written there), an optional "Weight" row, the totals, and a
// pass/fail column after the total.
func (ps *parser) matrix(h, header []string, rows [][]string, ti int) {
	pi := -1
	for i := ti + 1; i < len(h); i++ {
		if pi < 0 && (strings.Contains(h[i], "pass") || strings.Contains(h[i], "critical") || strings.Contains(h[i], "gate") || strings.Contains(h[i], "viable")) {
			pi = i
		}
	}
	// the criteria columns; a "Perf (weighted)" column after "Perf" holds
	// the contributions of the column before it, which only add up to the
	// total: the total is checked, not they
	var crit []int
	for j := 1; j < ti; j++ {
		if len(crit) > 0 && isContributionHead(h[j]) && crit[len(crit)-1] == j-1 {
			continue
		}
		crit = append(crit, j)
	}
	m := &Matrix{}
	hw := make([]string, len(crit))
	for k, j := range crit {
		m.Columns = append(m.Columns, header[j])
		hw[k] = headWeight(header[j])
	}
	for _, row := range rows {
		if isWeightLabel(canon(cell(row, 0))) {
			for k, j := range crit {
				if hw[k] == "" {
					hw[k] = strings.TrimSpace(cell(row, j))
				}
			}
			continue
		}
		mr := MatrixRow{Option: cell(row, 0), Pass: cell(row, pi)}
		for _, j := range crit {
			mr.Cells = append(mr.Cells, parseMatrixScore(cell(row, j)))
		}
		if t := strings.TrimSpace(cell(row, ti)); t != "" {
			mr.Total, mr.TotalScale = parseTotal(t)
		}
		m.Rows = append(m.Rows, mr)
	}
	m.Weights = weights(hw)
	ps.setMatrix(m)
}

// isContributionHead reports a column header of weighted contributions:
// "Perf (weighted)", "Weighted", "Contribution", "Points".
func isContributionHead(c string) bool {
	for _, w := range []string{"weighted", "contribution", "points", "weighted score"} {
		if c == w || strings.HasSuffix(c, " "+w) || strings.HasPrefix(c, w+" ") {
			return true
		}
	}
	return false
}

// transposed reads a comparison matrix with criteria as rows and options as
// the columns oc: a weight column or weights in the row labels, one row
// per criterion, and a "Total" or "Weighted Score" row of totals.
func (ps *parser) transposed(h, header []string, rows [][]string, oc []int) {
	wi := -1
	for i, x := range h {
		if i > 0 && isWeightLabel(x) {
			wi = i
			break
		}
	}
	m := &Matrix{Transposed: true}
	// a "Weighted" column after an option's holds its contributions (not
	// checked: they add up to the total) and then its total
	cc := make([]int, len(oc))
	for k, i := range oc {
		m.Rows = append(m.Rows, MatrixRow{Option: header[i]})
		cc[k] = -1
		if i+1 < len(h) && isContributionHead(h[i+1]) {
			cc[k] = i + 1
		}
	}
	var ws []string
	for _, row := range rows {
		label := cell(row, 0)
		l := canon(label)
		if isTotalLabel(l) || (l == "score" || l == "result" || l == "rating" || l == "final") && strings.TrimSpace(cell(row, wi)) == "" {
			for k, i := range oc {
				t := strings.TrimSpace(cell(row, cc[k]))
				if t == "" {
					t = strings.TrimSpace(cell(row, i))
				}
				if t != "" && m.Rows[k].Total == nil {
					m.Rows[k].Total, m.Rows[k].TotalScale = parseTotal(t)
				}
			}
			continue
		}
		if strings.TrimSpace(label) == "" && strings.TrimSpace(cell(row, wi)) == "" {
			continue
		}
		w := strings.TrimSpace(cell(row, wi))
		if w == "" {
			w = headWeight(label)
		}
		m.Columns = append(m.Columns, label)
		ws = append(ws, w)
		for k, i := range oc {
			m.Rows[k].Cells = append(m.Rows[k].Cells, parseMatrixScore(cell(row, i)))
		}
	}
	m.Weights = weights(ws)
	ps.setMatrix(m)
}

// maxMatrices bounds the matrices one record keeps.
const maxMatrices = 100

// setMatrix keeps m as the record's matrix, or as one more after it.
func (ps *parser) setMatrix(m *Matrix) {
	switch {
	case ps.r.Matrix == nil:
		ps.r.Matrix = m
	case len(ps.r.MoreMatrices) < maxMatrices-1:
		ps.r.MoreMatrices = append(ps.r.MoreMatrices, m)
	}
}

// reOutOf reads a score out of a stated maximum: "4/5", "8 / 10".
var reOutOf = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)$`)

// parseMatrixScore reads a matrix cell: what parseMatrixCell reads, a star
// rating ("★★★★☆", "⭐⭐⭐") or a score out of a maximum ("4/5").
func parseMatrixScore(s string) MatrixCell {
	t := strings.TrimSpace(s)
	// "★★★★☆ (4/5)", "★★★★ 4": the stars count
	if i := strings.IndexFunc(t, func(r rune) bool { return !strings.ContainsRune("★⭐☆ \ufe0f", r) }); i > 0 {
		if _, _, ok := stars(t[:i]); ok && strings.IndexFunc(t[i:], unicode.IsLetter) < 0 {
			t = strings.TrimSpace(t[:i])
		}
	}
	if filled, empty, ok := stars(t); ok {
		c := MatrixCell{Score: &Number{Value: float64(filled)}, OutOf: 5}
		if filled+empty > 5 {
			c.OutOf = float64(filled + empty)
		}
		return c
	}
	if c, ok := outOf(t); ok {
		return c
	}
	// "High (3)", "Good (4/5)": a word and the score in parentheses
	if m := reCell.FindStringSubmatch(t); m != nil && !isPlaceholder(t) && !parseNumber(m[1]).IsNumber() && strings.IndexFunc(m[1], unicode.IsLetter) >= 0 {
		if n := parseNumber(m[2]); n.IsNumber() {
			return MatrixCell{Score: n}
		}
		if c, ok := outOf(m[2]); ok {
			return c
		}
	}
	return parseMatrixCell(s)
}

// outOf reads a score out of a stated maximum: "4/5".
func outOf(t string) (MatrixCell, bool) {
	if m := reOutOf.FindStringSubmatch(t); m != nil {
		sc, of := parseNumber(m[1]), parseNumber(m[2])
		if sc.IsNumber() && of.IsNumber() && of.Value > 0 {
			return MatrixCell{Score: sc, OutOf: of.Value}, true
		}
	}
	return MatrixCell{}, false
}

// stars counts a star rating: filled ★ or ⭐, empty ☆; ok is false for
// anything else.
func stars(s string) (filled, empty int, ok bool) {
	if s == "" {
		return 0, 0, false
	}
	for _, r := range s {
		switch r {
		case '★', '⭐':
			filled++
		case '☆':
			empty++
		case ' ', '\ufe0f':
		default:
			return 0, 0, false
		}
	}
	return filled, empty, filled+empty > 0
}

// reTotalCell reads a declared total with an optional stated scale:
// "7.25/10", "3.9 / 5", "70.5/100", "73.5%".
var reTotalCell = regexp.MustCompile(`^(\S+?)\s*(?:/\s*([0-9]+(?:\.[0-9]+)?)|(%))?$`)

// reDecorated splits a total cell into its number (with an optional
// stated scale) and what follows it.
var reDecorated = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?(?:\s*/\s*[0-9]+(?:\.[0-9]+)?|\s*%)?)\**\s+(\S.*)$`)

// parseTotal reads a total cell: "71", "**8.30**", "7.25/10", "3.9/5", or
// a formula ending in "= 72.5/100"; the number as written and the scale it
// states (0 for none).
func parseTotal(s string) (*Number, float64) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "*"))
	if m := reFormula.FindStringSubmatch(s); m != nil {
		return parseNumber(m[1]), 100
	}
	m := reTotalCell.FindStringSubmatch(s)
	if m == nil {
		// "**8.2** 🏆", "7.35 (winner)", "71 ✅": the number, decorated
		if d := reDecorated.FindStringSubmatch(s); d != nil && (strings.IndexFunc(d[2], unicode.IsDigit) < 0 || strings.HasPrefix(d[2], "(")) {
			m = reTotalCell.FindStringSubmatch(strings.TrimSpace(d[1]))
		}
	}
	if m == nil {
		return &Number{Text: s}, 0
	}
	n := parseNumber(m[1])
	if n == nil || !n.IsNumber() {
		return &Number{Text: s}, 0
	}
	switch {
	case m[3] != "":
		return n, 100
	case m[2] != "":
		if sc := parseNumber(m[2]); sc.IsNumber() && sc.Value > 0 {
			return n, sc.Value
		}
		return &Number{Text: s}, 0
	}
	return n, 0
}

// matchCriterion finds the criterion a column header or gate names: the
// same canonical name, else a unique prefix either way, else position pos.
func matchCriterion(cs []Criterion, name string, pos int) int {
	c := canon(name)
	for i, x := range cs {
		if c != "" && canon(x.Name) == c {
			return i
		}
	}
	found := -1
	for i, x := range cs {
		xc := canon(x.Name)
		if c != "" && (strings.HasPrefix(xc, c) || strings.HasPrefix(c, xc)) {
			if found >= 0 {
				found = -2
				break
			}
			found = i
		}
	}
	if found >= 0 {
		return found
	}
	if pos >= 0 && pos < len(cs) {
		return pos
	}
	return -1
}
