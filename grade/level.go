package grade

import (
	"fmt"
	"strings"
	"unicode"
)

// A Level is the certainty of a body of evidence: High, Moderate, Low or
// VeryLow. Its numeric value is the number of filled circles in the GRADE
// symbol (High ⊕⊕⊕⊕ is 4, VeryLow ⊕◯◯◯ is 1), so levels compare with < and >.
// The zero Level is Unknown: not assessed.
type Level int

// Certainty levels, lowest first.
const (
	Unknown  Level = iota // not assessed; not a certainty
	VeryLow               // very little confidence in the effect estimate
	Low                   // limited confidence in the effect estimate
	Moderate              // moderately confident in the effect estimate
	High                  // very confident in the effect estimate
)

// Levels returns the four certainty levels, highest first, the order in
// which reports print them. The slice is new on every call.
func Levels() []Level { return []Level{High, Moderate, Low, VeryLow} }

type levelInfo struct {
	name    string // String: "Very low"
	code    string // text and YAML: "very_low"
	fhir    string // FHIR certainty-rating code: "very-low"
	meaning string // Balshem et al. 2011
}

var levelTable = [...]levelInfo{
	Unknown:  {"Unknown", "unknown", "", "not assessed"},
	VeryLow:  {"Very low", "very_low", "very-low", "very little confidence; the true effect is likely to be substantially different from the estimate"},
	Low:      {"Low", "low", "low", "confidence is limited; the true effect may be substantially different from the estimate"},
	Moderate: {"Moderate", "moderate", "moderate", "moderately confident; the true effect is likely close to the estimate, but may be substantially different"},
	High:     {"High", "high", "high", "very confident that the true effect lies close to the estimate"},
}

// Valid reports whether l is one of the four certainty levels.
func (l Level) Valid() bool { return l >= VeryLow && l <= High }

// String returns the level as GRADE writes it in prose and tables: "High",
// "Moderate", "Low", "Very low"; "Unknown" for the zero Level.
func (l Level) String() string {
	if !l.Valid() {
		if l == Unknown {
			return "Unknown"
		}
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelTable[l].name
}

// Code returns the seed's snake_case code: "high", "moderate", "low",
// "very_low"; "unknown" for the zero Level. Text, YAML and JSON use it.
func (l Level) Code() string {
	if !l.Valid() {
		return "unknown"
	}
	return levelTable[l].code
}

// Upper returns the level in capitals as the seed's calculation trail writes
// it: "HIGH", "MODERATE", "LOW", "VERY LOW".
func (l Level) Upper() string { return strings.ToUpper(l.String()) }

// Symbol returns the GRADE symbol: ⊕⊕⊕⊕, ⊕⊕⊕◯, ⊕⊕◯◯ or ⊕◯◯◯; "" for an
// invalid Level.
func (l Level) Symbol() string {
	if !l.Valid() {
		return ""
	}
	return strings.Repeat("⊕", int(l)) + strings.Repeat("◯", 4-int(l))
}

// Meaning returns the standard GRADE interpretation of the level (Balshem et
// al., GRADE guidelines 3, 2011).
func (l Level) Meaning() string {
	if !l.Valid() {
		return levelTable[Unknown].meaning
	}
	return levelTable[l].meaning
}

// FHIR returns the level's code in the FHIR R5 certainty-rating value set:
// "high", "moderate", "low" or "very-low"; "" for an invalid Level.
func (l Level) FHIR() string {
	if !l.Valid() {
		return ""
	}
	return levelTable[l].fhir
}

// Add returns l moved by steps levels (negative steps rate down), clamped to
// [VeryLow, High]. The zero Level stays Unknown.
func (l Level) Add(steps int) Level { return clampLevel(l, int(l)+steps) }

func clampLevel(l Level, v int) Level {
	if l == Unknown {
		return Unknown
	}
	return Level(min(max(v, int(VeryLow)), int(High)))
}

// ParseLevel reads a certainty level written in any of the common ways:
// the names in any case with spaces, hyphens or underscores ("Very low",
// "VERY_LOW", "very-low"), the GRADE symbols with ⊕ or ⨁ for filled and ◯, ○
// or O for empty circles ("⊕⊕◯◯", "⨁⨁⨁○"), the ASCII "++++"/"+++O" forms
// of GRADEpro exports, and a symbol followed by a name ("⊕⊕◯◯ LOW"), which
// must agree.
func ParseLevel(s string) (Level, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Unknown, fmt.Errorf("empty certainty level")
	}
	sym, rest := splitSymbol(t)
	var bySym, byName Level
	if sym != "" {
		var ok bool
		if bySym, ok = symbolLevel(sym); !ok {
			return Unknown, fmt.Errorf("unknown certainty symbol %q (want 4 circles, e.g. ⊕⊕◯◯)", sym)
		}
	}
	if rest != "" {
		var ok bool
		if byName, ok = nameLevel(rest); !ok {
			return Unknown, fmt.Errorf("unknown certainty level %q (want high, moderate, low or very low)", s)
		}
	}
	switch {
	case sym != "" && rest != "" && bySym != byName:
		return Unknown, fmt.Errorf("certainty level %q: symbol says %s, name says %s", s, bySym, byName)
	case sym != "":
		return bySym, nil
	default:
		return byName, nil
	}
}

// splitSymbol splits a leading run of circle symbols (and spaces) from the
// rest. A run without a filled circle is not a symbol: no level name starts
// with a circle character, so "o" or "0" alone are left to the name parser.
func splitSymbol(s string) (sym, rest string) {
	i := 0
	for i < len(s) {
		r, n := decodeRune(s[i:])
		if !isFilled(r) && !isEmpty(r) && r != ' ' {
			break
		}
		i += n
	}
	sym = strings.ReplaceAll(s[:i], " ", "")
	if !strings.ContainsFunc(sym, isFilled) {
		return "", s
	}
	return sym, strings.TrimSpace(s[i:])
}

func decodeRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

func isFilled(r rune) bool { return r == '⊕' || r == '⨁' || r == '+' }

func isEmpty(r rune) bool {
	return r == '◯' || r == '○' || r == 'O' || r == 'o' || r == '0'
}

func symbolLevel(sym string) (Level, bool) {
	filled, total := 0, 0
	seenEmpty := false
	for _, r := range sym {
		total++
		if isFilled(r) {
			if seenEmpty {
				return Unknown, false
			}
			filled++
		} else {
			seenEmpty = true
		}
	}
	if total != 4 || filled < 1 {
		return Unknown, false
	}
	return Level(filled), true
}

// normKey lower-cases s and turns runs of spaces, hyphens and underscores
// into one underscore: "Very Low", "very-low" and "VERY_LOW" all give
// "very_low".
func normKey(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.TrimSpace(s) {
		if r == ' ' || r == '-' || r == '_' || r == '\t' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('_')
		}
		sep = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var levelNames = map[string]Level{
	"high": High, "moderate": Moderate, "low": Low, "very_low": VeryLow,
	"verylow": VeryLow, "medium": Moderate,
	"high_certainty": High, "moderate_certainty": Moderate, "low_certainty": Low, "very_low_certainty": VeryLow,
	"high_quality": High, "moderate_quality": Moderate, "low_quality": Low, "very_low_quality": VeryLow,
}

func nameLevel(s string) (Level, bool) {
	l, ok := levelNames[normKey(s)]
	return l, ok
}

// MarshalText writes the seed's code ("very_low"); the zero Level writes
// "" (and a field tagged omitempty is left out); other values are an error.
func (l Level) MarshalText() ([]byte, error) {
	if l == Unknown {
		return []byte{}, nil
	}
	if !l.Valid() {
		return nil, fmt.Errorf("cannot marshal invalid certainty level %d", int(l))
	}
	return []byte(l.Code()), nil
}

// UnmarshalText reads any spelling ParseLevel accepts; empty text is the
// zero Level.
func (l *Level) UnmarshalText(b []byte) error {
	if strings.TrimSpace(string(b)) == "" {
		*l = Unknown
		return nil
	}
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}
