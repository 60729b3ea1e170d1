package grade

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var texts = []string{"", "plain", "@jmagly", "colon: inside", "multi\nline", "quote ' and \"", "- dash", "#hash", "yes", "2026-01-25", "12"}

func randomAssessment(r *rand.Rand) *Assessment {
	pick := func() string { return texts[r.IntN(len(texts))] }
	a := &Assessment{ID: pick(), Title: pick(), SourceType: pick(), EvidenceLevel: pick(),
		Design:   Design(r.IntN(4)),
		Baseline: Baseline{Level: Level(1 + r.IntN(4)), Rationale: pick(), AssessedBy: pick(), AssessedDate: pick()}}
	for range r.IntN(6) {
		a.Downgrades = append(a.Downgrades, Rating{DowngradeDomains()[r.IntN(5)], Seriousness(1 + r.IntN(3)), pick(), pick(), pick()})
	}
	for range r.IntN(4) {
		d := UpgradeDomains()[r.IntN(3)]
		a.Upgrades = append(a.Upgrades, Rating{d, Seriousness(1 + r.IntN(domainTable[d].maxUp)), pick(), pick(), pick()})
	}
	if r.IntN(2) == 0 {
		a.Declared = &Declared{Level: Level(r.IntN(5)), Calculation: pick(), Confidence: pick(), Notes: pick()}
	}
	return a
}

// TestRoundTrip: writing any valid assessment in the snake_case form and
// reading it back gives an equal assessment, in YAML and in JSON.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		a := randomAssessment(r)
		var buf bytes.Buffer
		if err := a.WriteYAML(&buf); err != nil {
			t.Fatalf("case %d: WriteYAML: %v", i, err)
		}
		back, err := ParseAssessment(buf.Bytes())
		if err != nil {
			t.Fatalf("case %d: ParseAssessment(%s): %v", i, buf.String(), err)
		}
		if d := cmp.Diff(a, back); d != "" {
			t.Fatalf("case %d: YAML round trip (-want +got):\n%s\n%s", i, d, buf.String())
		}
		j, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		back = &Assessment{}
		if err := json.Unmarshal(j, back); err != nil {
			t.Fatalf("case %d: json %s: %v", i, j, err)
		}
		if d := cmp.Diff(a, back); d != "" {
			t.Fatalf("case %d: JSON round trip (-want +got):\n%s", i, d)
		}
	}
}

// TestSeedWrittenBack: the Title Case seed example is written in the
// snake_case form of assessment_schema (golden) and reads back equal.
func TestSeedWrittenBack(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-example-assessment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseAssessment(data)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := a.WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "seed-example-snake.golden.yaml", buf.Bytes())
	back, err := ParseAssessment(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a, back); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}

func FuzzParseAssessment(f *testing.F) {
	f.Add([]byte("baseline: {level: high}\ndowngrades_applied: [{factor: bias, severity: serious}]\n"))
	f.Add([]byte("Quality Assessment:\n  Baseline:\n    Level: low\n    Assessed By: @x\n  Upgrades Applied:\n    - Factor: large-effect\n      Magnitude: very-serious\n"))
	f.Add([]byte("source_classification: {type: x, baseline_quality: HIGH}\ndowngrade_assessment: {imprecision: {severity: serious}}\nfinal_quality: ⊕⊕⊕◯\n"))
	f.Add([]byte(`{"baseline":"very low","final_quality":{"level":"++OO","calculation":"LOW (baseline) - serious (x) = VERY LOW"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAssessment(data)
		if err != nil {
			return
		}
		e, err := a.Evaluate(DefaultPolicy)
		if err != nil {
			t.Fatalf("parsed assessment does not evaluate: %v", err)
		}
		if !e.Level.Valid() {
			t.Fatalf("level %v out of range", e.Level)
		}
		var buf bytes.Buffer
		if err := a.WriteYAML(&buf); err != nil {
			t.Fatalf("WriteYAML: %v", err)
		}
		back, err := ParseAssessment(buf.Bytes())
		if err != nil {
			t.Fatalf("written form does not parse: %v\n%s", err, buf.String())
		}
		if d := cmp.Diff(a, back); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
	})
}
