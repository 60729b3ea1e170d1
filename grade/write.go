package grade

import (
	"encoding/json"
	"io"

	"go.yaml.in/yaml/v3"
)

// yamlAssessment is the snake_case form of quality_rationale.assessment_schema
// that the writers produce.
type yamlAssessment struct {
	ID            string       `yaml:"id,omitempty" json:"id,omitempty"`
	Title         string       `yaml:"title,omitempty" json:"title,omitempty"`
	SourceType    string       `yaml:"source_type,omitempty" json:"source_type,omitempty"`
	EvidenceLevel string       `yaml:"evidence_level,omitempty" json:"evidence_level,omitempty"`
	StudyDesign   string       `yaml:"study_design,omitempty" json:"study_design,omitempty"`
	Baseline      yamlBaseline `yaml:"baseline" json:"baseline"`
	Downgrades    []yamlRating `yaml:"downgrades_applied,omitempty" json:"downgrades_applied,omitempty"`
	Upgrades      []yamlRating `yaml:"upgrades_applied,omitempty" json:"upgrades_applied,omitempty"`
	Final         *yamlFinal   `yaml:"final_quality,omitempty" json:"final_quality,omitempty"`
}

type yamlBaseline struct {
	Level        string `yaml:"level" json:"level"`
	Rationale    string `yaml:"rationale,omitempty" json:"rationale,omitempty"`
	AssessedBy   string `yaml:"assessed_by,omitempty" json:"assessed_by,omitempty"`
	AssessedDate string `yaml:"assessed_date,omitempty" json:"assessed_date,omitempty"`
}

type yamlRating struct {
	Factor    string `yaml:"factor" json:"factor"`
	Severity  string `yaml:"severity,omitempty" json:"severity,omitempty"`
	Magnitude string `yaml:"magnitude,omitempty" json:"magnitude,omitempty"`
	Rationale string `yaml:"rationale,omitempty" json:"rationale,omitempty"`
	Evidence  string `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	Reviewer  string `yaml:"reviewer,omitempty" json:"reviewer,omitempty"`
}

type yamlFinal struct {
	Level       string `yaml:"level,omitempty" json:"level,omitempty"`
	Calculation string `yaml:"calculation,omitempty" json:"calculation,omitempty"`
	Confidence  string `yaml:"confidence,omitempty" json:"confidence,omitempty"`
	Notes       string `yaml:"notes,omitempty" json:"notes,omitempty"`
}

func (a *Assessment) form() (*yamlAssessment, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	y := &yamlAssessment{
		ID: a.ID, Title: a.Title, SourceType: a.SourceType, EvidenceLevel: a.EvidenceLevel,
		StudyDesign: a.Design.Code(),
		Baseline: yamlBaseline{
			Level: a.Baseline.Level.Code(), Rationale: a.Baseline.Rationale,
			AssessedBy: a.Baseline.AssessedBy, AssessedDate: a.Baseline.AssessedDate,
		},
	}
	for _, r := range a.Downgrades {
		y.Downgrades = append(y.Downgrades, yamlRating{Factor: r.Domain.Code(), Severity: r.Severity.Code(),
			Rationale: r.Rationale, Evidence: r.Evidence, Reviewer: r.Reviewer})
	}
	for _, r := range a.Upgrades {
		y.Upgrades = append(y.Upgrades, yamlRating{Factor: r.Domain.Code(), Magnitude: r.Severity.Code(),
			Rationale: r.Rationale, Evidence: r.Evidence, Reviewer: r.Reviewer})
	}
	if f := a.Declared; f != nil {
		y.Final = &yamlFinal{Calculation: f.Calculation, Confidence: f.Confidence, Notes: f.Notes}
		if f.Level.Valid() {
			y.Final.Level = f.Level.Code()
		}
	}
	return y, nil
}

// MarshalYAML returns the snake_case form of the seed's assessment_schema:
// baseline, downgrades_applied (factor, severity), upgrades_applied (factor,
// magnitude) and final_quality as declared. The upgrade policy is not
// written. ParseAssessment reads the result back to an equal Assessment.
func (a *Assessment) MarshalYAML() (any, error) { return a.form() }

// MarshalJSON writes the same snake_case form as JSON.
func (a *Assessment) MarshalJSON() ([]byte, error) {
	y, err := a.form()
	if err != nil {
		return nil, err
	}
	return json.Marshal(y)
}

// UnmarshalJSON reads any form ParseAssessment accepts.
func (a *Assessment) UnmarshalJSON(b []byte) error {
	v, err := ParseAssessment(b)
	if err != nil {
		return err
	}
	*a = *v
	return nil
}

// WriteYAML writes the assessment in the snake_case form with two-space
// indentation.
func (a *Assessment) WriteYAML(w io.Writer) error {
	y, err := a.form()
	if err != nil {
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(y); err != nil {
		return err
	}
	return enc.Close()
}

// Declare sets the assessment's declared final level and calculation to the
// ones computed under policy p, so that a written assessment carries its
// result.
func (a *Assessment) Declare(p UpgradePolicy) error {
	e, err := a.Evaluate(p)
	if err != nil {
		return err
	}
	if a.Declared == nil {
		a.Declared = &Declared{}
	}
	a.Declared.Level = e.Level
	a.Declared.Calculation = e.Trail
	return nil
}
