package adr

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Regular expressions over the text of ONE table cell or label value (never
// over table text).
var (
	reNum       = regexp.MustCompile(`^[+-]?[0-9]+(?:\.([0-9]+))?$`)
	reCell      = regexp.MustCompile(`^(\S+)\s*\(\s*([^()]*?)\s*\)$`)
	reTotal     = regexp.MustCompile(`^(\S+?)\s*(?:/\s*(100|10))?$`)
	reFormula   = regexp.MustCompile(`=\s*([^=\s]+?)\s*/\s*100\s*\]?\s*$`)
	rePlacehold = regexp.MustCompile(`^(?:\[.*\]|[Xx]+(?:\.[Xx]+)?|[Xx]+(?:\.[Xx]+)?\s*\([Xx]+(?:\.[Xx]+)?\)|YYYY-MM-DD|.*\bXX+\b.*|Pass/Fail)$`)
)

// parseNumber reads a decimal number; anything else is kept as text.
func parseNumber(s string) *Number {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	m := reNum.FindStringSubmatch(s)
	if m == nil {
		return &Number{Text: s}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return &Number{Text: s}
	}
	if v == 0 {
		v = 0 // no -0
	}
	return &Number{Value: v, Prec: len(m[1])}
}

// parseScore reads a score cell: "8", "8/10", "8.5".
func parseScore(s string) *Number {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "/"); i > 0 {
		if d := parseNumber(s[i+1:]); d.IsNumber() {
			s = s[:i]
		}
	}
	return parseNumber(s)
}

// parseMatrixCell reads "8 (2.4)", "8", or a placeholder "X (X.X)".
func parseMatrixCell(s string) MatrixCell {
	s = strings.TrimSpace(s)
	if s == "" {
		return MatrixCell{}
	}
	if m := reCell.FindStringSubmatch(s); m != nil {
		sc, ct := parseNumber(m[1]), parseNumber(m[2])
		if sc.IsNumber() || ct.IsNumber() || isPlaceholder(s) {
			return MatrixCell{Score: sc, Contribution: ct}
		}
	}
	n := parseNumber(s)
	if n.IsNumber() || isPlaceholder(s) {
		return MatrixCell{Score: n}
	}
	return MatrixCell{Text: s}
}

// parseDeclaredTotal reads "71", "70.5/100", "7.25/10" or a formula ending
// in "= 72.5/100". A "/10" total is converted to 0–100 with one digit less
// of precision lost.
func parseDeclaredTotal(s string) *Number {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "*"))
	if m := reFormula.FindStringSubmatch(s); m != nil {
		return parseNumber(m[1])
	}
	m := reTotal.FindStringSubmatch(s)
	if m == nil {
		return &Number{Text: s}
	}
	n := parseNumber(m[1])
	if n == nil {
		return nil
	}
	if n.IsNumber() && m[2] == "10" {
		return &Number{Value: n.Value * 10, Prec: max(n.Prec-1, 0)}
	}
	return n
}

// isPlaceholder reports template placeholders: "[Name]", "X", "XX",
// "X (X.X)", "YYYY-MM-DD", "ADR-XXX", "Pass/Fail".
func isPlaceholder(s string) bool {
	return rePlacehold.MatchString(strings.TrimSpace(s))
}
