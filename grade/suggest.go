package grade

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// informative holds GRADE's informative statements for a moderate effect
// (Santesso et al., GRADE guidelines 26, 2020; Cochrane Handbook Table
// 15.6.b), the fallback when a sentence cannot be rephrased.
var informative = map[Level]string{
	High:     "X reduces Y",
	Moderate: "X probably reduces Y",
	Low:      "X may reduce Y",
	VeryLow:  "The evidence is very uncertain about the effect of X on Y",
}

// auxiliaries between a subject and its verb that the rephrasing drops.
var auxiliaries = map[string]bool{"will": true, "can": true, "does": true, "do": true, "did": true,
	"to": true, "has": true, "have": true, "had": true, "been": true, "is": true, "are": true,
	"was": true, "were": true, "also": true, "consistently": true, "significantly": true,
	"substantially": true, "greatly": true, "dramatically": true, "strongly": true}

// Suggest rephrases a claim with the wording GRADE recommends for
// certainty l: "X reduces Y" (High), "X probably reduces Y" (Moderate), "X
// may reduce Y" (Low), "The evidence is very uncertain about the effect of X
// on Y" (Very low). When the sentence's subject, claim verb and object
// cannot be found it returns the generic statement with X and Y.
func Suggest(sentence string, l Level) string {
	return rephrase(Analyze(sentence), l)
}

func suggestion(w Wording, l Level) string {
	return fmt.Sprintf("suggested wording for %s certainty (GRADE): %q", strings.ToLower(l.String()), clip(rephrase(w, l)))
}

func rephrase(w Wording, l Level) string {
	if !l.Valid() {
		return ""
	}
	generic := informative[l]
	if w.verbIndex < 0 || w.verbEntry < 0 {
		return generic
	}
	toks, v := w.tokens, effectVerbs[w.verbEntry]
	// the subject runs from after the last "that"/"whether" (or the start)
	// to the first hedge, auxiliary or negation before the verb
	from := 0
	for k := w.verbIndex - 1; k >= 0; k-- {
		if t := toks[k].text; t == "that" || t == "whether" || t == "if" {
			from = k + 1
			break
		}
	}
	to := from
	for to < w.verbIndex && !isMarkerAt(w, toks[to].start) && !auxiliaries[toks[to].text] && !negators[toks[to].text] {
		to++
	}
	for k := to; k < w.verbIndex; k++ {
		if negators[toks[k].text] {
			return generic // negated claims keep their own wording
		}
	}
	if to == from {
		return generic
	}
	subject := w.sentence[toks[from].start:toks[to-1].end]
	after := w.verbIndex + 1
	if v.particle != "" {
		after++
	}
	object := ""
	if after < len(toks) {
		object = cutCitation(w.sentence[toks[after].start:])
	}
	if object == "" {
		return generic
	}
	third, particle := v.third, ""
	if lastWord := subject[strings.LastIndexByte(subject, ' ')+1:]; isPluralNoun(lastWord) {
		third = v.base // "Edge caches cut", not "cuts"
	}
	if v.particle != "" {
		particle = " " + v.particle
	}
	var s string
	switch l {
	case High:
		s = fmt.Sprintf("%s %s%s %s", subject, third, particle, object)
	case Moderate:
		s = fmt.Sprintf("%s probably %s%s %s", subject, third, particle, object)
	case Low:
		s = fmt.Sprintf("%s may %s%s %s", subject, v.base, particle, object)
	case VeryLow:
		s = fmt.Sprintf("The evidence is very uncertain about the effect of %s on %s", lowerFirst(subject), object)
	}
	return upperFirst(s)
}

// isMarkerAt reports whether a hedge or intensifier covers byte offset
// start. Markers are sorted by Start and do not overlap, so a binary search
// finds the only one that can.
func isMarkerAt(w Wording, start int) bool {
	i := sort.Search(len(w.Markers), func(i int) bool { return w.Markers[i].Start > start }) - 1
	return i >= 0 && start < w.Markers[i].End && w.Markers[i].Kind != "verb"
}

// cutCitation keeps the text before the first bracket or citation and trims
// trailing punctuation: "latency [REF-012]." gives "latency".
func cutCitation(s string) string {
	if i := strings.IndexAny(s, "[("); i >= 0 {
		s = s[:i]
	}
	for _, re := range DefaultCitationPatterns() {
		if loc := re.FindStringIndex(s); loc != nil {
			s = s[:loc[0]]
		}
	}
	return strings.TrimRight(strings.TrimSpace(s), " .,;:!?")
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// lowerFirst lower-cases a leading article or determiner ("The cache" gives
// "the cache"); other words may be names and keep their case.
func lowerFirst(s string) string {
	first, _, _ := strings.Cut(s, " ")
	switch first {
	case "The", "A", "An", "This", "These", "That", "Those", "Our", "Their", "Its":
		return strings.ToLower(first) + s[len(first):]
	}
	return s
}

// isPluralNoun guesses a plural common noun: lower-case, ending in "s" but
// not "ss" ("caches", "microservices"; not "Redis", "access").
func isPluralNoun(w string) bool {
	return len(w) > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		strings.ToLower(w) == w
}
