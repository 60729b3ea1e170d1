// Package numfmt formats numbers for every document the module prints, in one
// place, deterministically: no exponent, no "-0", no NaN.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Trim formats v with at most prec digits after the decimal point, dropping
// trailing zeros and a trailing point: Trim(72.50, 2) == "72.5",
// Trim(70, 2) == "70". A value that rounds to zero prints "0", never "-0".
// NaN and infinities print as "NaN", "+Inf" and "-Inf"; callers validate first.
func Trim(v float64, prec int) string {
	s := Fixed(v, prec)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// Shortest formats v as the shortest decimal that reads back as v, without
// an exponent: Shortest(0.1) == "0.1", Shortest(1e21) ==
// "1000000000000000000000". Zero prints "0", never "-0".
func Shortest(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Fixed formats v with exactly prec digits after the decimal point:
// Fixed(72.5, 1) == "72.5", Fixed(85, 1) == "85.0". It never prints "-0".
func Fixed(v float64, prec int) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	if prec < 0 {
		prec = 0
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

// Round returns the float64 nearest to v printed with prec digits after the
// decimal point, as Fixed prints it, so that Round and Fixed agree; it never
// returns -0.
func Round(v float64, prec int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', prec, 64), 64)
	if err != nil {
		return v
	}
	if r == 0 {
		return 0
	}
	return r
}
