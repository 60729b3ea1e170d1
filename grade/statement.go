package grade

import "strings"

// vocabulary is the seed's hedging vocabulary (pre-cite-grade-check's
// hedging_vocabulary, the "allowed" column of its table), by level.
var vocabulary = [...][]string{
	High:     {"demonstrates", "shows", "confirms", "establishes", "proves"},
	Moderate: {"suggests", "indicates", "supports", "points to"},
	Low:      {"limited evidence", "some data", "preliminary findings", "early research"},
	VeryLow:  {"anecdotal", "exploratory", "practitioner reports", "informal observations"},
}

// Vocabulary returns the wording the seed allows for claims citing evidence
// of certainty l (pre-cite-grade-check's hedging vocabulary): "demonstrates",
// "shows", ... for High; "suggests", "indicates", "supports", "points to"
// for Moderate; "limited evidence", "some data", ... for Low; "anecdotal",
// "exploratory", ... for Very low. Each of them, in a claim, passes
// CheckClaim at level l. It returns a new slice (nil for an invalid level).
func Vocabulary(l Level) []string {
	if !l.Valid() {
		return nil
	}
	return append([]string(nil), vocabulary[l]...)
}

// Hedge returns the word GRADE's informative statements use to express
// certainty l (Santesso et al., GRADE guidelines 26): "" for High (the
// claim is stated plainly), "probably" for Moderate, "may" for Low and
// "very uncertain" for Very low (and for an invalid level: evidence that
// was not assessed supports no more).
func Hedge(l Level) string {
	switch l {
	case High:
		return ""
	case Moderate:
		return "probably"
	case Low:
		return "may"
	}
	return "very uncertain"
}

// Statement words the claim that subject will do predicate with the
// confidence that evidence of certainty l allows, after GRADE's informative
// statements:
//
//	High:     "The evidence shows that PostgreSQL will meet the latency target."
//	Moderate: "PostgreSQL will probably meet the latency target."
//	Low:      "PostgreSQL may meet the latency target."
//	Very low: "The evidence is very uncertain about whether PostgreSQL will meet the latency target."
//
// An invalid level (unassessed evidence) is worded as Very low. predicate
// is a verb phrase in the bare infinitive ("be the better choice"); it must
// not carry hedges or intensifiers of its own ("clearly", "might"), which
// would change what the sentence expresses: the sentence passes
// CheckClaim at level l when predicate and subject carry none. Surrounding
// space and a final full stop of predicate are trimmed.
func Statement(l Level, subject, predicate string) string {
	subject = strings.TrimSpace(subject)
	predicate = strings.TrimSuffix(strings.TrimSpace(predicate), ".")
	switch l {
	case High:
		return "The evidence shows that " + subject + " will " + predicate + "."
	case Moderate:
		return capitalise(subject) + " will probably " + predicate + "."
	case Low:
		return capitalise(subject) + " may " + predicate + "."
	}
	return "The evidence is very uncertain about whether " + subject + " will " + predicate + "."
}

// capitalise upper-cases the first letter of s when it is an ASCII letter.
func capitalise(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
