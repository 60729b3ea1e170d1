package xlsx

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxCellChars is the most UTF-16 code units a cell can hold (Excel's limit,
// which excelize enforces by truncating).
const maxCellChars = 32767

// cellText returns s as a workbook cell holds it: characters XML 1.0 cannot
// carry (most C0 controls, U+FFFE, U+FFFF, invalid UTF-8) become U+FFFD and
// the text is cut at maxCellChars UTF-16 code units. A text for which
// cellText(s) == s survives the workbook unchanged.
func cellText(s string) string {
	if fits(s) {
		return s
	}
	var b strings.Builder
	units := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size <= 1 || !xmlChar(r) {
			r = utf8.RuneError
		}
		n := utf16.RuneLen(r)
		if units+n > maxCellChars {
			break
		}
		units += n
		b.WriteRune(r)
	}
	return b.String()
}

// fits reports whether s survives a cell unchanged.
func fits(s string) bool {
	if len(s) <= maxCellChars/3 && isPlain(s) {
		return true
	}
	units := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || !xmlChar(r) {
			return false
		}
		i += size
		units += utf16.RuneLen(r)
	}
	return units <= maxCellChars
}

// isPlain reports whether s is printable ASCII plus tab, LF and CR.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

// xmlChar reports whether r is a character XML 1.0 documents may contain.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// round15 rounds x to 15 significant decimal digits, the precision of a
// spreadsheet cell, and turns -0 into 0.
func round15(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return math.Abs(x) // -0 → 0; NaN and Inf are rejected before writing
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	if err != nil {
		return x
	}
	return r
}

// parseNumber reads a number from a cell's raw text. It reports false for
// an empty cell, text that is not a number and non-finite numbers.
func parseNumber(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}
