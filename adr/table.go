package adr

import (
	"regexp"
	"strconv"
	"strings"

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
	case h[0] == "option" || h[0] == "options" || h[0] == "alternative":
		if col(func(s string) bool { return strings.Contains(s, "total") }) > 0 {
			ps.matrix(h, header, rows)
		}
	case (h[0] == "criterion" || h[0] == "criteria") && col(has("weight")) > 0:
		ps.criteria(h, rows)
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
	}
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
	// weights written without "%" and all at most 1 are fractions
	fraction := true
	for _, row := range rows {
		w := strings.TrimSpace(cell(row, wi))
		if strings.HasSuffix(w, "%") {
			fraction = false
			break
		}
		if n := parseNumber(w); n.IsNumber() && n.Value > 1 {
			fraction = false
		}
	}
	for _, row := range rows {
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

func (ps *parser) matrix(h, header []string, rows [][]string) {
	ti, pi := -1, -1
	for i, x := range h {
		if i == 0 {
			continue
		}
		if ti < 0 && strings.Contains(x, "total") {
			ti = i
		} else if ti >= 0 && pi < 0 {
			pi = i
		}
	}
	m := &Matrix{Columns: append([]string(nil), header[1:ti]...)}
	for _, row := range rows {
		mr := MatrixRow{Option: cell(row, 0), Pass: cell(row, pi)}
		for j := 1; j < ti; j++ {
			mr.Cells = append(mr.Cells, parseMatrixCell(cell(row, j)))
		}
		if t := strings.TrimSpace(cell(row, ti)); t != "" {
			mr.Total = parseDeclaredTotal(t)
		}
		m.Rows = append(m.Rows, mr)
	}
	ps.r.Matrix = m
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
