package grade

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckClaimAcceptance(t *testing.T) {
	tests := []struct {
		sentence string
		level    Level
		code     string // "" for no finding
		severity Severity
	}{
		{"Research demonstrates that X improves Y", Low, CodeOverConfident, SeverityError},
		{"X probably reduces Y", Moderate, "", ""},
		{"X reduces Y", Moderate, CodeOverConfident, SeverityWarning},
		{"X may reduce Y", High, CodeUnderConfident, SeverityWarning},
	}
	for _, tt := range tests {
		fs := CheckClaim(tt.sentence, tt.level)
		if tt.code == "" {
			if len(fs) != 0 {
				t.Errorf("CheckClaim(%q, %v) = %v, want no finding", tt.sentence, tt.level, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Code != tt.code || fs[0].Severity != tt.severity {
			t.Errorf("CheckClaim(%q, %v) = %v, want one %s %s", tt.sentence, tt.level, fs, tt.severity, tt.code)
		}
	}
}

// TestCheckClaimMatrix: each wording style against each level; the expected
// verdict follows the seed's policy table: over-confident when the wording's
// level is above the evidence, under-confident below it.
func TestCheckClaimMatrix(t *testing.T) {
	wordings := map[Level][]string{
		High: {"Caching reduces p95 latency [REF-001].", "Microservices improve scalability.", "X leads to fewer outages.",
			"The new index cut query time by 40%.", "Postgres results in little to no difference in cost.",
			"Clearly, the queue prevents data loss.", "Sharding is faster than replication.", "X causes Y.",
			"Read replicas increase throughput.", "The team showed that batching lowers cost."},
		Moderate: {"Caching probably reduces latency.", "X likely improves Y.", "Evidence suggests that X improves Y.",
			"Studies indicate that caching lowers load.", "X appears to improve Y.", "The data points to lower cost."},
		Low: {"Caching may reduce latency.", "X might improve Y.", "Preliminary data show X helps.",
			"Limited evidence shows that X improves Y.", "X could possibly lower cost."},
		VeryLow: {"The evidence is very uncertain about the effect of X on Y.", "We are uncertain whether X reduces Y.",
			"Anecdotal reports say X helps.", "Evidence is insufficient to tell whether X improves Y."},
	}
	pol := SeedWordingPolicy()
	for expressed, sentences := range wordings {
		for _, s := range sentences {
			if got := Analyze(s).Expressed; got != expressed {
				t.Errorf("Analyze(%q).Expressed = %v, want %v", s, got, expressed)
			}
			for _, l := range Levels() {
				fs := CheckClaim(s, l)
				act := pol.Action(expressed, l)
				if strings.HasPrefix(s, "Clearly") && l < High {
					act = pol.Action(High, l)
				}
				var want string
				switch {
				case act == Allow:
				case expressed > l:
					want = CodeOverConfident
				default:
					want = CodeUnderConfident
				}
				if want == "" {
					if len(fs) != 0 {
						t.Errorf("CheckClaim(%q, %v) = %v, want none", s, l, fs)
					}
					continue
				}
				sev, _ := act.severity()
				if len(fs) != 1 || fs[0].Code != want || fs[0].Severity != sev {
					t.Errorf("CheckClaim(%q, %v) = %v, want %s %s", s, l, fs, sev, want)
				}
			}
		}
	}
}

func TestCheckClaimNoClaim(t *testing.T) {
	for _, s := range []string{"See REF-012 for the setup.", "In May 2024 the team adopted Postgres.",
		"An increase in load was observed in the test.", "The benchmark is described in REF-003.", ""} {
		for _, l := range Levels() {
			if fs := CheckClaim(s, l); len(fs) != 0 {
				t.Errorf("CheckClaim(%q, %v) = %v, want none", s, l, fs)
			}
		}
	}
	if fs := CheckClaim("X reduces Y", Unknown); fs == nil || len(fs) != 0 {
		t.Errorf("CheckClaim with Unknown level = %#v, want empty non-nil", fs)
	}
}

func TestIntensifierBeatsHedge(t *testing.T) {
	fs := CheckClaim("Research demonstrates that X may improve Y", Low)
	if len(fs) != 1 || fs[0].Severity != SeverityError || !strings.Contains(fs[0].Message, `"demonstrates"`) {
		t.Errorf("got %v, want the intensifier blocked", fs)
	}
	if fs := CheckClaim("It has not been demonstrated that X improves Y.", VeryLow); len(fs) != 0 {
		t.Errorf("negated intensifier: got %v, want none", fs)
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		sentence string
		level    Level
		want     string
	}{
		{"Research demonstrates that X improves Y", Low, "X may improve Y"},
		{"X reduces Y", Moderate, "X probably reduces Y"},
		{"X may reduce Y", High, "X reduces Y"},
		{"Caching reduces p95 latency [REF-001].", VeryLow, "The evidence is very uncertain about the effect of Caching on p95 latency"},
		{"Prompt chaining leads to higher accuracy.", Low, "Prompt chaining may lead to higher accuracy"},
		{"X does not reduce Y.", Low, "X may reduce Y"}, // negated: generic statement
		{"Nothing to see here.", Moderate, "X probably reduces Y"},
		// "that" left out after a reporting verb: the claim is the second verb
		{"Studies show TDD likely decreases defects.", Low, "Studies show TDD may decrease defects"},
		{"Benchmarks show caching reduces latency.", Moderate, "Benchmarks show caching probably reduces latency"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.sentence, tt.level); got != tt.want {
			t.Errorf("Suggest(%q, %v) = %q, want %q", tt.sentence, tt.level, got, tt.want)
		}
	}
	fs := CheckClaim("Research demonstrates that X improves Y", Low)
	if len(fs) == 0 || !strings.Contains(fs[0].Message, `"X may improve Y"`) {
		t.Errorf("finding %v does not suggest the GRADE wording", fs)
	}
}

func TestWordingPolicies(t *testing.T) {
	p, err := ParseWordingPolicy([]byte(`
hook:
  name: pre-cite-grade-check
  enforcement:
    high_for_low: block
    high_for_very_low: block
    moderate_for_very_low: block
    high_for_moderate: warn
    unassessed_source: warn
`))
	if err != nil {
		t.Fatal(err)
	}
	seed := SeedWordingPolicy()
	for _, pair := range [][2]Level{{High, Low}, {High, VeryLow}, {Moderate, VeryLow}, {High, Moderate}} {
		if p.Action(pair[0], pair[1]) != seed.Action(pair[0], pair[1]) {
			t.Errorf("%v for %v: parsed %v, preset %v", pair[0], pair[1], p.Action(pair[0], pair[1]), seed.Action(pair[0], pair[1]))
		}
	}
	if p.Unassessed != Warn || p.Action(Low, High) != Allow {
		t.Errorf("parsed policy = %+v", p)
	}
	c := Checker{Policy: p}
	if fs := c.CheckClaim("X may reduce Y", High); len(fs) != 0 {
		t.Errorf("custom policy without under-confidence rules gave %v", fs)
	}
	c.Policy = StrictWordingPolicy()
	if fs := c.CheckClaim("X probably reduces Y", Low); len(fs) != 1 || fs[0].Severity != SeverityError {
		t.Errorf("strict policy: %v, want blocked", fs)
	}
	if _, err := ParseWordingPolicy([]byte("high_for_low: maybe\nhigh_for_nothing: block\n")); err == nil {
		t.Error("bad policy accepted")
	}
}

// TestVerbsGenerally: claim verbs in their third-person, plural (bare) and
// past forms are indicative claims; hedged they are not.
func TestVerbsGenerally(t *testing.T) {
	verbs := [][3]string{{"reduce", "reduces", "reduced"}, {"improve", "improves", "improved"},
		{"increase", "increases", "increased"}, {"cause", "causes", "caused"}, {"prevent", "prevents", "prevented"},
		{"lead to", "leads to", "led to"}, {"result in", "results in", "resulted in"}, {"lower", "lowers", "lowered"},
		{"decrease", "decreases", "decreased"}, {"eliminate", "eliminates", "eliminated"}, {"outperform", "outperforms", "outperformed"}}
	for _, v := range verbs {
		claims := []string{
			"Caching " + v[1] + " latency.",
			"Read replicas " + v[0] + " latency.",
			"The migration " + v[2] + " latency.",
			"Caching will " + v[0] + " latency.",
		}
		for _, s := range claims {
			if fs := CheckClaim(s, Low); len(fs) != 1 || fs[0].Severity != SeverityError || fs[0].Code != CodeOverConfident {
				t.Errorf("CheckClaim(%q, Low) = %v, want blocked", s, fs)
			}
			if fs := CheckClaim(s, High); len(fs) != 0 {
				t.Errorf("CheckClaim(%q, High) = %v, want none", s, fs)
			}
		}
		for s, l := range map[string]Level{
			"Caching probably " + v[1] + " latency.": Moderate,
			"Caching likely " + v[1] + " latency.":   Moderate,
			"Caching may " + v[0] + " latency.":      Low,
			"Caching might " + v[0] + " latency.":    Low,
		} {
			if fs := CheckClaim(s, l); len(fs) != 0 {
				t.Errorf("CheckClaim(%q, %v) = %v, want none", s, l, fs)
			}
		}
	}
	// nouns and infinitives are not claims
	for _, s := range []string{"We measured the increase in load.", "The aim is to reduce latency.", "A large reduction was the goal."} {
		if w := Analyze(s); w.Verb != nil {
			t.Errorf("Analyze(%q) found claim verb %q", s, w.Verb.Text)
		}
	}
}

func TestFindingJSON(t *testing.T) {
	fs := CheckClaim("X reduces Y", Moderate)
	j, err := json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]string
	if err := json.Unmarshal(j, &got); err != nil || len(got) != 1 {
		t.Fatalf("%s: %v", j, err)
	}
	if len(got[0]) != 4 || got[0]["code"] != "over-confident" || got[0]["severity"] != "warning" || got[0]["where"] == "" || got[0]["message"] == "" {
		t.Errorf("finding JSON = %s", j)
	}
}
