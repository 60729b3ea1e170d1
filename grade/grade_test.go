package grade

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldentest.Check(t, filepath.Join("testdata", name), got)
}

// Published GRADE cases (GRADE guidelines 3, 9, 18; grade-rules.md). The
// expected level is hand arithmetic: start level, minus one level per
// serious concern, two per very serious, three per extremely serious, plus the
// upgrades, clamped to Very low..High.
func TestPublishedCases(t *testing.T) {
	tests := []struct {
		name   string
		yaml   string
		policy UpgradePolicy
		want   Level
	}{
		{"randomised one serious", `
study_design: randomised
baseline: {level: high}
downgrades_applied: [{factor: risk of bias, severity: serious}]`, DefaultPolicy, Moderate},
		{"randomised two serious", `
study_design: randomised
baseline: {level: high}
downgrades_applied:
  - {factor: imprecision, severity: serious}
  - {factor: inconsistency, severity: serious}`, DefaultPolicy, Low},
		{"observational large effect", `
study_design: observational
baseline: {level: low}
upgrades_applied: [{factor: large effect, magnitude: serious}]`, DefaultPolicy, Moderate},
		{"observational very large effect", `
study_design: observational
baseline: {level: low}
upgrades_applied: [{factor: large_effect, magnitude: very_serious}]`, DefaultPolicy, High},
		{"observational dose-response and confounding", `
study_design: observational
baseline: {level: low}
upgrades_applied: [{factor: dose-response, magnitude: serious}, {factor: plausible confounding, magnitude: serious}]`, DefaultPolicy, High},
		{"five downgrades clamp at very low", `
baseline: {level: high}
downgrades_applied:
  - {factor: risk_of_bias, severity: serious}
  - {factor: inconsistency, severity: serious}
  - {factor: indirectness, severity: serious}
  - {factor: imprecision, severity: serious}
  - {factor: publication_bias, severity: serious}`, DefaultPolicy, VeryLow},
		{"extremely serious counts three", `
study_design: robins_i
baseline: {level: high}
downgrades_applied: [{factor: risk of bias, severity: extremely serious}]`, DefaultPolicy, VeryLow},
		{"extremely serious then very large effect", `
study_design: robins_i
baseline: {level: high}
downgrades_applied: [{factor: risk of bias, severity: extremely_serious}]
upgrades_applied: [{factor: large effect, magnitude: very large}]`, DefaultPolicy, Moderate},
		{"very serious counts two", `
baseline: {level: high}
downgrades_applied: [{factor: indirectness, severity: very-serious}]`, DefaultPolicy, Low},
		{"strict refuses upgrade after downgrade", `
study_design: observational
baseline: {level: low}
downgrades_applied: [{factor: imprecision, severity: serious}]
upgrades_applied: [{factor: large effect, magnitude: serious}]`, StrictPolicy, VeryLow},
		{"default counts upgrade after downgrade", `
study_design: observational
baseline: {level: low}
downgrades_applied: [{factor: imprecision, severity: serious}]
upgrades_applied: [{factor: large effect, magnitude: serious}]`, DefaultPolicy, Low},
		{"strict allows upgrade of clean observational", `
study_design: observational
baseline: {level: low}
upgrades_applied: [{factor: large effect, magnitude: serious}]`, StrictPolicy, Moderate},
		{"upgrade cannot pass high", `
study_design: robins_i
baseline: {level: high}
upgrades_applied: [{factor: dose_response, magnitude: serious}]`, DefaultPolicy, High},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAssessment([]byte(tt.yaml))
			if err != nil {
				t.Fatalf("ParseAssessment: %v", err)
			}
			a.Policy = tt.policy
			got, err := a.Certainty()
			if err != nil || got != tt.want {
				t.Errorf("Certainty() under %v = %v, %v; want %v", tt.policy, got, err, tt.want)
			}
		})
	}
}

func TestStrictRefusalIsReported(t *testing.T) {
	a := &Assessment{Design: Observational, Baseline: Baseline{Level: Low},
		Downgrades: []Rating{{Domain: Imprecision, Severity: Serious}},
		Upgrades:   []Rating{{Domain: LargeEffect, Severity: Serious}}}
	e, err := a.Evaluate(StrictPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Refused) != 1 || len(e.Counted) != 0 || !hasCode(e.Findings, CodeUpgradeRefused) {
		t.Errorf("strict: refused %v counted %v findings %v; want the upgrade refused and reported", e.Refused, e.Counted, e.Findings)
	}
	want := "LOW (baseline) - serious (imprecision) + serious (large effect) [refused] = VERY LOW"
	if e.Trail != want {
		t.Errorf("trail = %q, want %q", e.Trail, want)
	}
	e, _ = a.Evaluate(DefaultPolicy)
	if !hasCode(e.Findings, CodeUpgradeDowngraded) || e.Level != Low {
		t.Errorf("default: level %v findings %v; want Low with %s", e.Level, e.Findings, CodeUpgradeDowngraded)
	}
}

func hasCode(fs []Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func findCode(fs []Finding, code string) *Finding {
	for i := range fs {
		if fs[i].Code == code {
			return &fs[i]
		}
	}
	return nil
}

// specDir walks up from the working directory to find shared/spec.
func specDir(t *testing.T) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		for _, c := range []string{filepath.Join(dir, "shared", "spec"), filepath.Join(dir, "spec")} {
			if _, err := os.Stat(filepath.Join(c, "aiwg", "grade-evidence-quality.yaml")); err == nil {
				return c
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// seedExample returns the example_assessment string of the seed's schema.
func seedExample(t *testing.T) []byte {
	dir := specDir(t)
	if dir == "" {
		t.Skip("shared/spec/aiwg/grade-evidence-quality.yaml not found above the working directory; the testdata copy is tested by TestSeedExampleCopy")
	}
	data, err := os.ReadFile(filepath.Join(dir, "aiwg", "grade-evidence-quality.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Example string `yaml:"example_assessment"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Example == "" {
		t.Fatal("grade-evidence-quality.yaml has no example_assessment")
	}
	return []byte(doc.Example)
}

func TestSeedExampleSpec(t *testing.T) {
	data := seedExample(t)
	checkSeedExample(t, data)
	copyData, err := os.ReadFile("testdata/seed-example-assessment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fromSpec, err1 := ParseAssessment(data)
	fromCopy, err2 := ParseAssessment(copyData)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if d := cmp.Diff(fromSpec, fromCopy); d != "" {
		t.Errorf("testdata copy differs from the spec's example_assessment (-spec +copy):\n%s", d)
	}
}

func TestSeedExampleCopy(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-example-assessment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checkSeedExample(t, data)
}

// checkSeedExample: baseline High, two serious downgrades (−1 −1) and a very
// large effect (+2): arithmetic gives High; without the upgrade (strict) it
// gives Low; the seed declares Moderate.
func checkSeedExample(t *testing.T, data []byte) {
	t.Helper()
	a, err := ParseAssessment(data)
	if err != nil {
		t.Fatalf("ParseAssessment(seed example): %v", err)
	}
	if a.Baseline.Level != High || len(a.Downgrades) != 2 || len(a.Upgrades) != 1 ||
		a.Upgrades[0].Severity != VerySerious || a.Declared == nil || a.Declared.Level != Moderate {
		t.Fatalf("parsed seed example = %+v", a)
	}
	if a.Baseline.AssessedBy != "@jmagly" || a.Downgrades[0].Domain != RiskOfBias || a.Downgrades[1].Domain != Indirectness ||
		a.Upgrades[0].Domain != LargeEffect || a.Downgrades[0].Reviewer != "@jmagly" {
		t.Errorf("parsed seed example fields = %+v", a)
	}
	got, err := a.Certainty()
	if err != nil || got != High {
		t.Errorf("default Certainty() = %v, %v; want High", got, err)
	}
	def, _ := a.Evaluate(DefaultPolicy)
	if !hasCode(def.Findings, CodeUpgradeDowngraded) {
		t.Errorf("default findings %v lack %s", def.Findings, CodeUpgradeDowngraded)
	}
	if f := findCode(def.Findings, CodeDeclaredMismatch); f == nil || !strings.Contains(f.Message, "Moderate") || !strings.Contains(f.Message, "High") {
		t.Errorf("default findings %v lack a declared-mismatch stating Moderate and High", def.Findings)
	}
	wantTrail := "HIGH (baseline) - serious (risk of bias) - serious (indirectness) + very serious (large effect) = HIGH"
	if def.Trail != wantTrail {
		t.Errorf("trail = %q, want %q", def.Trail, wantTrail)
	}
	strict, _ := a.Evaluate(StrictPolicy)
	if strict.Level != Low || !hasCode(strict.Findings, CodeUpgradeRefused) || !hasCode(strict.Findings, CodeDeclaredMismatch) {
		t.Errorf("strict = %v with %v; want Low, upgrade-refused, declared-mismatch", strict.Level, strict.Findings)
	}
	a.Policy = StrictPolicy
	if got, _ := a.Certainty(); got != Low {
		t.Errorf("strict Certainty() = %v, want Low", got)
	}
	if !hasCode(def.Findings, CodeCalculationMismatch) {
		t.Errorf("the seed's calculation string adds up to High by its own terms, not MODERATE; findings %v", def.Findings)
	}
}

func TestValidationListsEveryProblem(t *testing.T) {
	_, err := ParseAssessment([]byte(`
baseline: {level: middling}
downgrades_applied:
  - {factor: vibes, severity: serious}
  - {factor: imprecision, severity: medium}
  - {factor: large effect, severity: serious}
upgrades_applied:
  - {factor: dose response, magnitude: very serious}
colour: blue
`))
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want *ValidationError wrapping ErrInvalid", err)
	}
	want := []string{"baseline.level", "downgrades_applied[0].factor", "downgrades_applied[1].severity",
		"downgrades_applied[2].factor", "upgrades_applied[0].magnitude", "colour"}
	for _, p := range want {
		found := false
		for _, q := range ve.Problems {
			found = found || q.Path == p
		}
		if !found {
			t.Errorf("problems %v lack path %s", ve.Problems, p)
		}
	}
}

func TestParseForms(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Level // computed under the default policy
		down int
		up   int
	}{
		{"paper_metadata", `
source_type: peer_reviewed_journal
evidence_level: empirical_study
baseline_quality: high
quality_assessment:
  downgrades: [{factor: "Risk Of Bias", severity: "Very Serious"}]
  final: {level: low}`, Low, 1, 0},
		{"assessment_template", `
reference_id: "REF-013"
source_classification: {type: peer_reviewed_conference, baseline_quality: "HIGH", rationale: "ICLR"}
downgrade_assessment:
  risk_of_bias: {severity: "none", impact: 0, rationale: "fine"}
  indirectness: {severity: "serious", impact: -1, rationale: "other domain"}
upgrade_assessment:
  large_magnitude_effect: {applies: true, impact: +1, rationale: "28%"}
  independent_replication: {applies: false, impact: 0}
  opposing_confounders: {applies: false, impact: 0}
final_quality: {level: "HIGH", symbol: "⊕⊕⊕⊕"}`, High, 1, 1},
		{"scalar levels", `
baseline: Moderate
final_quality: ⊕⊕⊕◯`, Moderate, 0, 0},
		{"json", `{"baseline": {"level": "very_low"}, "upgrades_applied": []}`, VeryLow, 0, 0},
		{"baseline from design", "study_design: RCT\ndowngrades_applied: [{factor: imprecision, severity: serious}]", Moderate, 1, 0},
		{"baseline from observational design", "study_design: observational\nbaseline: {rationale: cohort}", Low, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAssessment([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseAssessment: %v", err)
			}
			got, err := a.Certainty()
			if err != nil || got != tt.want || len(a.Downgrades) != tt.down || len(a.Upgrades) != tt.up {
				t.Errorf("got %v, %v with %d downgrades, %d upgrades; want %v, %d, %d", got, err, len(a.Downgrades), len(a.Upgrades), tt.want, tt.down, tt.up)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "- a\n- b\n", "baseline: {level: high}\nupgrade_assessment: {independent_replication: {applies: true}}\n",
		"baseline: {level: high}\nfinal_quality: {level: low, symbol: ⊕⊕⊕⊕}\n", "source_classification: {baseline_quality: high}\nbaseline: {level: low}\n", "{{{"} {
		if _, err := ParseAssessment([]byte(in)); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseAssessment(%q) error = %v, want ErrInvalid", in, err)
		}
	}
}
