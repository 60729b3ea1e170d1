package grade

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Vocabulary of claim wording, as data. Phrases are lower-case word
// sequences; a sentence matches a phrase when the same words occur in a row.
var (
	// veryLowMarkers express very low certainty (GRADE: "very uncertain";
	// the seed: "anecdotal", "insufficient", "practitioner reports").
	veryLowMarkers = []string{
		"very uncertain", "uncertain", "very little confidence", "insufficient", "anecdotal", "anecdotally",
		"unclear", "unclear whether", "unknown whether", "exploratory", "practitioner reports",
		"practitioners report", "informal observations", "speculative", "speculatively", "very low certainty",
	}
	// lowMarkers express low certainty (GRADE: "may"; the seed: "limited
	// evidence", "some data", "preliminary").
	lowMarkers = []string{
		"may", "might", "could", "would", "possibly", "perhaps", "potentially", "preliminary",
		"limited evidence", "some evidence", "some data", "early research", "early evidence",
		"early studies", "early findings", "tentative", "tentatively", "reportedly", "it is possible",
		"low certainty", "limited data", "conceivably",
	}
	// moderateMarkers express moderate certainty (GRADE: "probably",
	// "likely"; the seed: "suggests", "indicates", "supports", "points to").
	moderateMarkers = []string{
		"probably", "likely", "unlikely", "suggests", "suggest", "suggested", "indicates", "indicate",
		"indicated", "supports", "supported", "points to", "point to", "pointed to", "appears to",
		"appear to", "appeared to", "seems to", "seem to", "seemed to", "tends to", "tend to",
		"is expected to", "are expected to", "moderate certainty", "presumably",
	}
	// intensifiers state a claim as settled; they are over-confident for any
	// evidence below High, whatever hedges the sentence also has.
	intensifiers = []string{
		"clearly", "clear evidence", "definitely", "definitive", "definitively", "conclusively",
		"conclusive", "undoubtedly", "certainly", "unquestionably", "unequivocally", "indisputably",
		"proves", "prove", "proved", "proven", "demonstrates", "demonstrate", "demonstrated",
		"confirms", "confirm", "confirmed", "establishes", "establish", "established",
		"guarantees", "guarantee", "guaranteed", "without doubt", "beyond doubt", "no doubt",
		"strong evidence", "always", "high certainty",
	}
	// negators before an intensifier turn it into a hedge ("has not been
	// demonstrated").
	negators = map[string]bool{"not": true, "no": true, "never": true, "without": true, "nor": true,
		"neither": true, "n't": true, "cannot": true, "lack": true, "lacks": true}
	// determiners and words before a base form that make it a noun or an
	// infinitive, not an indicative verb ("an increase", "to improve").
	nounContext = map[string]bool{"a": true, "an": true, "the": true, "this": true, "that": true,
		"these": true, "those": true, "its": true, "their": true, "our": true, "his": true, "her": true,
		"any": true, "no": true, "each": true, "every": true, "of": true, "to": true, "for": true,
		"in": true, "on": true, "with": true, "by": true, "some": true, "such": true, "what": true}
	// copulas followed by these words make a comparative or evaluative claim
	// ("X is faster than Y", "X is effective").
	copulas      = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true, "been": true}
	claimAdjects = map[string]bool{"effective": true, "ineffective": true, "superior": true, "inferior": true,
		"faster": true, "slower": true, "better": true, "worse": true, "safer": true, "cheaper": true,
		"beneficial": true, "harmful": true, "associated": true, "linked": true, "responsible": true,
		"more": true, "less": true, "fewer": true, "higher": true, "lower": true, "equivalent": true,
		"noninferior": true, "correlated": true}
)

// effectVerbs are verbs of effect and of reporting a result, as base form,
// third person singular, past; a particle, when present, must follow ("lead
// to", "result in"). In the indicative without a hedge they state a claim
// with High certainty.
var effectVerbs = []struct{ base, third, past, particle string }{
	{"reduce", "reduces", "reduced", ""}, {"improve", "improves", "improved", ""},
	{"increase", "increases", "increased", ""}, {"decrease", "decreases", "decreased", ""},
	{"cause", "causes", "caused", ""}, {"prevent", "prevents", "prevented", ""},
	{"lead", "leads", "led", "to"}, {"result", "results", "resulted", "in"},
	{"lower", "lowers", "lowered", ""}, {"raise", "raises", "raised", ""},
	{"boost", "boosts", "boosted", ""}, {"enhance", "enhances", "enhanced", ""},
	{"eliminate", "eliminates", "eliminated", ""}, {"cut", "cuts", "cut", ""},
	{"accelerate", "accelerates", "accelerated", ""}, {"slow", "slows", "slowed", ""},
	{"mitigate", "mitigates", "mitigated", ""}, {"worsen", "worsens", "worsened", ""},
	{"degrade", "degrades", "degraded", ""}, {"minimise", "minimises", "minimised", ""},
	{"minimize", "minimizes", "minimized", ""}, {"maximise", "maximises", "maximised", ""},
	{"maximize", "maximizes", "maximized", ""}, {"shorten", "shortens", "shortened", ""},
	{"lengthen", "lengthens", "lengthened", ""}, {"affect", "affects", "affected", ""},
	{"benefit", "benefits", "benefited", ""}, {"harm", "harms", "harmed", ""},
	{"help", "helps", "helped", ""}, {"hurt", "hurts", "hurt", ""},
	{"enable", "enables", "enabled", ""}, {"outperform", "outperforms", "outperformed", ""},
	{"double", "doubles", "doubled", ""}, {"halve", "halves", "halved", ""},
	{"speed", "speeds", "sped", "up"}, {"save", "saves", "saved", ""},
	{"achieve", "achieves", "achieved", ""}, {"yield", "yields", "yielded", ""},
	{"produce", "produces", "produced", ""}, {"deliver", "delivers", "delivered", ""},
	{"protect", "protects", "protected", ""}, {"cure", "cures", "cured", ""},
	{"avoid", "avoids", "avoided", ""}, {"exceed", "exceeds", "exceeded", ""},
	{"surpass", "surpasses", "surpassed", ""}, {"beat", "beats", "beat", ""},
	{"show", "shows", "showed", ""}, {"shown", "shown", "shown", ""},
	{"work", "works", "worked", ""}, {"fail", "fails", "failed", ""},
	{"scale", "scales", "scaled", ""}, {"predict", "predicts", "predicted", ""},
	{"correlate", "correlates", "correlated", "with"}, {"drive", "drives", "drove", ""},
	{"strengthen", "strengthens", "strengthened", ""}, {"weaken", "weakens", "weakened", ""},
	{"simplify", "simplifies", "simplified", ""}, {"stabilise", "stabilises", "stabilised", ""},
	{"stabilize", "stabilizes", "stabilized", ""}, {"triple", "triples", "tripled", ""},
	{"decline", "declines", "declined", ""}, {"rise", "rises", "rose", ""},
	{"fall", "falls", "fell", ""}, {"drop", "drops", "dropped", ""},
	{"grow", "grows", "grew", ""}, {"shrink", "shrinks", "shrank", ""},
	{"eradicate", "eradicates", "eradicated", ""}, {"abolish", "abolishes", "abolished", ""},
	{"ensure", "ensures", "ensured", ""}, {"make", "makes", "made", ""},
}

// A word is one token of a sentence with its byte span.
type word struct {
	text       string // lower-case
	orig       string
	start, end int
}

func tokenize(s string) []word {
	var ws []word
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			j += n
		}
		orig := strings.Trim(s[i:j], "'’")
		if orig != "" {
			ws = append(ws, word{strings.ToLower(strings.ReplaceAll(orig, "’", "'")), orig, i, j})
		}
		i = j
	}
	// split contractions: "doesn't" -> "does", "n't"
	var out []word
	for _, w := range ws {
		if strings.HasSuffix(w.text, "n't") && len(w.text) > 3 {
			k := len(w.orig) - len("n't")
			if strings.HasSuffix(w.orig, "n’t") {
				k = len(w.orig) - len("n’t")
			}
			out = append(out, word{w.text[:len(w.text)-3], w.orig[:k], w.start, w.start + k},
				word{"n't", w.orig[k:], w.start + k, w.end})
			continue
		}
		out = append(out, w)
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
}

// A Marker is a word or phrase of a sentence that sets the certainty the
// sentence expresses.
type Marker struct {
	Text       string // as written in the sentence
	Start, End int    // byte offsets in the sentence
	Level      Level  // certainty the marker expresses
	Kind       string // "hedge", "intensifier", "verb" or "negated-intensifier"
}

// Wording is what a sentence claims and how confidently: the result of
// Analyze.
type Wording struct {
	// Expressed is the certainty the wording conveys: the weakest hedge
	// ("very uncertain" VeryLow, "may" Low, "probably" Moderate), else High
	// for an unhedged effect verb or an intensifier; Unknown when the sentence
	// makes no claim.
	Expressed Level
	// Markers lists the hedges, intensifiers and claim verbs found, in order.
	Markers []Marker
	// Intensifier is the first intensifier not negated, if any ("demonstrates").
	Intensifier *Marker
	// Verb is the first claim verb, if any ("improves").
	Verb *Marker

	verbIndex int // index of Verb in the tokens; -1 when none
	verbEntry int // index in effectVerbs
	tokens    []word
	sentence  string
}

// Analyze reads the certainty a sentence's wording expresses. It is a
// lexical check with data tables (hedges after GRADE guidelines 26 and the
// seed's hedging vocabulary, intensifiers, verbs of effect); it does not
// parse grammar, so it reads "may" as a hedge everywhere except the month
// ("in May 2024").
func Analyze(sentence string) Wording {
	toks := tokenize(sentence)
	w := Wording{verbIndex: -1, tokens: toks, sentence: sentence}
	used := make([]bool, len(toks))
	add := func(i, n int, l Level, kind string) {
		for k := i; k < i+n; k++ {
			used[k] = true
		}
		w.Markers = append(w.Markers, Marker{sentence[toks[i].start:toks[i+n-1].end], toks[i].start, toks[i+n-1].end, l, kind})
	}
	hedge := Unknown
	for i := 0; i < len(toks); i++ {
		if used[i] {
			continue
		}
		if n := matchPhrase(toks, i, intensifiers); n > 0 {
			if negatedAt(toks, i) {
				add(i, n, VeryLow, "negated-intensifier")
				hedge = minLevel(hedge, VeryLow)
			} else {
				add(i, n, High, "intensifier")
			}
			i += n - 1
			continue
		}
		for _, t := range []struct {
			list []string
			l    Level
		}{{veryLowMarkers, VeryLow}, {lowMarkers, Low}, {moderateMarkers, Moderate}} {
			n := matchPhrase(toks, i, t.list)
			if n == 0 || (toks[i].text == "may" && isMonth(toks, i)) {
				continue
			}
			add(i, n, t.l, "hedge")
			hedge = minLevel(hedge, t.l)
			i += n - 1
			break
		}
	}
	verbAt, entry := findClaimVerb(toks, used, 0)
	// "Research shows that X improves Y": the claim is the verb of the
	// that-clause, not the reporting verb.
	if verbAt >= 0 {
		for k := verbAt + 1; k < len(toks); k++ {
			if toks[k].text == "that" {
				if v2, e2 := findClaimVerb(toks, used, k+1); v2 >= 0 {
					verbAt, entry = v2, e2
				}
				break
			}
		}
	}
	// "Studies show X likely reduces Y": with "that" left out, a reporting
	// verb followed by another claim verb reports that claim.
	if verbAt >= 0 && entry >= 0 && effectVerbs[entry].base == "show" {
		if v2, e2 := findClaimVerb(toks, used, verbAt+1); v2 >= 0 {
			verbAt, entry = v2, e2
		}
	}
	if verbAt >= 0 {
		n := 1
		if entry >= 0 && effectVerbs[entry].particle != "" {
			n = 2
		}
		if entry < 0 {
			n = copulaClaimAt(toks, verbAt)
		}
		add(verbAt, n, High, "verb")
		w.verbIndex, w.verbEntry = verbAt, entry
	}
	slices.SortStableFunc(w.Markers, func(a, b Marker) int { return a.Start - b.Start })
	for i := range w.Markers {
		switch m := &w.Markers[i]; {
		case m.Kind == "intensifier" && w.Intensifier == nil:
			w.Intensifier = m
		case m.Kind == "verb" && w.Verb == nil:
			w.Verb = m
		}
	}
	switch {
	case hedge != Unknown:
		w.Expressed = hedge
	case w.Intensifier != nil || w.Verb != nil:
		w.Expressed = High
	}
	return w
}

func minLevel(a, b Level) Level {
	if a == Unknown {
		return b
	}
	return min(a, b)
}

// matchPhrase returns the number of tokens of the longest phrase of list
// that starts at toks[i], or 0.
func matchPhrase(toks []word, i int, list []string) int {
	best := 0
	for _, ws := range splitPhrases(list) {
		if len(ws) <= best || i+len(ws) > len(toks) {
			continue
		}
		ok := true
		for k, x := range ws {
			if toks[i+k].text != x {
				ok = false
				break
			}
		}
		if ok {
			best = len(ws)
		}
	}
	return best
}

func negatedAt(toks []word, i int) bool {
	for k := max(0, i-3); k < i; k++ {
		if negators[toks[k].text] {
			return true
		}
	}
	return false
}

// isMonth reports whether "may" at i is the month: written "May" after the
// first word, next to a number or after a date preposition.
func isMonth(toks []word, i int) bool {
	if toks[i].orig != "May" || i == 0 {
		return false
	}
	if i+1 < len(toks) && isNumber(toks[i+1].text) {
		return true
	}
	switch toks[i-1].text {
	case "in", "of", "since", "until", "from", "during", "by", "early", "late", "mid":
		return true
	}
	return isNumber(toks[i-1].text)
}

func isNumber(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// claimVerbAt returns the effectVerbs index of a claim verb at toks[i], or -1.
func claimVerbAt(toks []word, i int) int {
	t := toks[i].text
	for e, v := range effectVerbs {
		isBase := t == v.base
		if !isBase && t != v.third && t != v.past {
			continue
		}
		if v.particle != "" && (i+1 >= len(toks) || toks[i+1].text != v.particle) {
			continue
		}
		if i > 0 {
			prev := toks[i-1].text
			if nounContext[prev] && (isBase || prev != "by" && prev != "that" && prev != "to") {
				continue // "an increase", "to improve", "the reduced cost"
			}
			if i > 1 && nounContext[toks[i-2].text] && isBase && !copulas[prev] && !isAdverb(prev) {
				continue // "a large increase"
			}
		}
		if isBase && i == 0 {
			continue // imperative or fragment: "Reduce latency by caching"
		}
		return e
	}
	return -1
}

func isAdverb(s string) bool { return strings.HasSuffix(s, "ly") }

// copulaClaimAt returns the number of tokens of a copula claim starting at
// toks[i] ("is faster", "are associated"), or 0.
func copulaClaimAt(toks []word, i int) int {
	if !copulas[toks[i].text] {
		return 0
	}
	for k := i + 1; k < len(toks) && k <= i+3; k++ {
		if claimAdjects[toks[k].text] || toks[k].text == "than" {
			return k - i + 1
		}
	}
	return 0
}

// findClaimVerb returns the index of the first claim verb or copula claim
// at or after from, with its effectVerbs index (-1 for a copula claim).
func findClaimVerb(toks []word, used []bool, from int) (int, int) {
	for i := from; i < len(toks); i++ {
		if used[i] {
			continue
		}
		if e := claimVerbAt(toks, i); e >= 0 {
			return i, e
		}
		if copulaClaimAt(toks, i) > 0 {
			return i, -1
		}
	}
	return -1, -1
}

// phraseCache holds the phrase lists split into words, keyed by the address
// of the list's first element; the lists are package data, never modified.
var phraseCache = func() map[*string][][]string {
	m := map[*string][][]string{}
	for _, l := range [][]string{veryLowMarkers, lowMarkers, moderateMarkers, intensifiers} {
		var ps [][]string
		for _, p := range l {
			ps = append(ps, strings.Fields(p))
		}
		m[&l[0]] = ps
	}
	return m
}()

func splitPhrases(list []string) [][]string {
	if ps, ok := phraseCache[&list[0]]; ok {
		return ps
	}
	var ps [][]string
	for _, p := range list {
		ps = append(ps, strings.Fields(p))
	}
	return ps
}
