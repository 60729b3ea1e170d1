package grade

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestStatementPassesItsLevel: a statement worded for level l expresses l
// and passes CheckClaim and CheckDocument at l under the strict policy,
// which flags every mismatch, over random subjects and predicates.
func TestStatementPassesItsLevel(t *testing.T) {
	subjects := []string{"PostgreSQL", "the modular monolith", "Kafka with tiered storage", "a Redis cluster", "SQS", "option B", "the status quo"}
	predicates := []string{"meet the latency target", "be the better choice", "reduce operating cost", "scale to 40,000 active users",
		"improve read latency", "cut egress cost by a third", "keep p95 below 100 ms", "lead to fewer incidents", "outperform the alternatives"}
	strict := Checker{Policy: StrictWordingPolicy()}
	rng := rand.New(rand.NewPCG(17, 2026))
	for range 500 {
		l := Level(1 + rng.IntN(4))
		s := Statement(l, subjects[rng.IntN(len(subjects))], predicates[rng.IntN(len(predicates))])
		if got := Analyze(s).Expressed; got != l {
			t.Errorf("Analyze(%q).Expressed = %v, want %v", s, got, l)
		}
		if fs := strict.CheckClaim(s, l); len(fs) != 0 {
			t.Errorf("CheckClaim(%q, %v) = %v, want none", s, l, fs)
		}
		doc := fmt.Sprintf("## Decision\n\n%s [REF-001]\n", s)
		if fs := strict.CheckDocument(doc, map[string]Level{"REF-001": l}); len(fs) != 0 {
			t.Errorf("CheckDocument(%q, %v) = %v, want none", doc, l, fs)
		}
		// one level lower evidence makes the same sentence over-confident
		if l > VeryLow {
			if fs := strict.CheckClaim(s, l-1); len(fs) == 0 || fs[0].Code != CodeOverConfident {
				t.Errorf("CheckClaim(%q, %v) = %v, want over-confident", s, l-1, fs)
			}
		}
	}
}

func TestStatementUnassessedIsVeryLow(t *testing.T) {
	if got, want := Statement(Unknown, "X", "be better."), Statement(VeryLow, "X", "be better"); got != want {
		t.Errorf("Statement(Unknown) = %q, want the Very low wording %q", got, want)
	}
	if Hedge(Unknown) != Hedge(VeryLow) || Hedge(High) != "" || Hedge(Moderate) != "probably" || Hedge(Low) != "may" {
		t.Errorf("Hedge values wrong")
	}
}

// TestVocabularyPassesItsLevel: every phrase of the seed's vocabulary for
// a level, used in a claim, expresses that level.
func TestVocabularyPassesItsLevel(t *testing.T) {
	for _, l := range Levels() {
		for _, v := range Vocabulary(l) {
			s := fmt.Sprintf("The benchmark %s that caching lowers read latency.", v)
			if got := Analyze(s).Expressed; got != l {
				t.Errorf("Analyze(%q).Expressed = %v, want %v", s, got, l)
			}
			if fs := CheckClaim(s, l); len(fs) != 0 {
				t.Errorf("CheckClaim(%q, %v) = %v, want none", s, l, fs)
			}
		}
	}
	v := Vocabulary(High)
	v[0] = "changed"
	if Vocabulary(High)[0] == "changed" {
		t.Error("Vocabulary returned the package's own slice")
	}
	if Vocabulary(Unknown) != nil {
		t.Error("Vocabulary(Unknown) not nil")
	}
}
