package grade

import (
	"encoding/json"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// A decision file's evidence list holds assessments in any form.
func TestEmbeddedInDecision(t *testing.T) {
	var d struct {
		Evidence []Assessment `yaml:"evidence"`
	}
	err := yaml.Unmarshal([]byte(`
evidence:
  - id: REF-012
    baseline: {level: high}
    downgrades_applied:
      - factor: imprecision
        severity: serious
        evidence: [Table 2, Figure 3]
  - reference_id: REF-013
    source_classification: {type: preprint_arxiv, baseline_quality: MODERATE}
    assessment_metadata: {assessed_by: Research Analyst, assessment_date: "2026-01-25", grade_version: 1.0.0}
`), &d)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Evidence) != 2 || d.Evidence[0].ID != "REF-012" || d.Evidence[1].ID != "REF-013" {
		t.Fatalf("evidence = %+v", d.Evidence)
	}
	if got := d.Evidence[0].Downgrades[0].Evidence; got != "Table 2; Figure 3" {
		t.Errorf("evidence list joined = %q", got)
	}
	if b := d.Evidence[1].Baseline; b.Level != Moderate || b.AssessedBy != "Research Analyst" || b.AssessedDate != "2026-01-25" {
		t.Errorf("template metadata = %+v", b)
	}
	err = yaml.Unmarshal([]byte("evidence:\n  - baseline: {level: sky-high}\n"), &d)
	if err == nil || !strings.Contains(err.Error(), "baseline.level") {
		t.Errorf("bad embedded assessment: err = %v", err)
	}
}

func TestEvaluationJSON(t *testing.T) {
	a := &Assessment{Design: Observational, Baseline: Baseline{Level: Low},
		Downgrades: []Rating{{Domain: PublicationBias, Severity: Serious}},
		Upgrades:   []Rating{{Domain: DoseResponse, Severity: Serious, Rationale: "gradient"}}}
	e, err := a.Evaluate(StrictPolicy)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var back Evaluation
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatalf("%s: %v", j, err)
	}
	if back.Level != VeryLow || back.Policy != StrictPolicy || len(back.Refused) != 1 || back.Refused[0].Domain != DoseResponse ||
		back.Refused[0].Severity != Serious || back.Trail != e.Trail {
		t.Errorf("Evaluation JSON round trip: %s -> %+v", j, back)
	}
	if !strings.Contains(string(j), `"factor":"dose_response"`) || !strings.Contains(string(j), `"level":"very_low"`) {
		t.Errorf("Evaluation JSON = %s", j)
	}
	var d Design
	if err := json.Unmarshal([]byte(`"RCT"`), &d); err != nil || d != Randomised {
		t.Errorf("Design from JSON = %v, %v", d, err)
	}
	var p UpgradePolicy
	if err := json.Unmarshal([]byte(`"fancy"`), &p); err == nil {
		t.Error("unknown policy accepted")
	}
}
