package grade

// FHIR code systems of the certainty value sets (FHIR R5 Evidence.certainty).
const (
	FHIRCertaintyTypeSystem   = "http://terminology.hl7.org/CodeSystem/certainty-type"
	FHIRCertaintyRatingSystem = "http://terminology.hl7.org/CodeSystem/certainty-rating"
)

// FHIRCoding is a FHIR Coding.
type FHIRCoding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

// FHIRConcept is a FHIR CodeableConcept.
type FHIRConcept struct {
	Coding []FHIRCoding `json:"coding"`
	Text   string       `json:"text,omitempty"`
}

// FHIRCertainty is a FHIR R5 Evidence.certainty element: the overall
// rating with one subcomponent per GRADE domain.
type FHIRCertainty struct {
	Description  string          `json:"description,omitempty"`
	Type         FHIRConcept     `json:"type"`
	Rating       FHIRConcept     `json:"rating"`
	Rater        string          `json:"rater,omitempty"`
	Subcomponent []FHIRCertainty `json:"subcomponent,omitempty"`
}

// FHIRRatingCode returns the certainty-rating code for a rating in a
// domain: for rating down "no-concern", "serious-concern",
// "very-serious-concern" or "extremely-serious-concern"; for rating up
// "upcode1" or "upcode2" ("no-change" when not rated up).
func FHIRRatingCode(d Domain, s Seriousness) string {
	if d.IsUpgrade() {
		switch s {
		case Serious:
			return "upcode1"
		case VerySerious:
			return "upcode2"
		}
		return "no-change"
	}
	switch s {
	case Serious:
		return "serious-concern"
	case VerySerious:
		return "very-serious-concern"
	case ExtremelySerious:
		return "extremely-serious-concern"
	}
	return "no-concern"
}

func concept(system, code, display string) FHIRConcept {
	return FHIRConcept{Coding: []FHIRCoding{{system, code, display}}}
}

// FHIR returns the assessment as a FHIR R5 Evidence.certainty element
// under policy p: type Overall with the computed level (high, moderate,
// low, very-low) and the calculation trail as description, and a
// subcomponent for each of the five domains for rating down (no-concern when
// not rated down) and for each upgrade counted.
func (a *Assessment) FHIR(p UpgradePolicy) (*FHIRCertainty, error) {
	e, err := a.Evaluate(p)
	if err != nil {
		return nil, err
	}
	c := &FHIRCertainty{
		Description: e.Trail,
		Type:        concept(FHIRCertaintyTypeSystem, "Overall", "Overall certainty"),
		Rating:      concept(FHIRCertaintyRatingSystem, e.Level.FHIR(), e.Level.String()+" quality"),
		Rater:       a.Baseline.AssessedBy,
	}
	for _, d := range DowngradeDomains() {
		worst, sub := NoConcern, FHIRCertainty{}
		for _, r := range a.Downgrades {
			if r.Domain == d && r.Severity > worst {
				worst = r.Severity
				sub.Description, sub.Rater = r.Rationale, r.Reviewer
			}
		}
		sub.Type = concept(FHIRCertaintyTypeSystem, d.FHIR(), "")
		sub.Rating = concept(FHIRCertaintyRatingSystem, FHIRRatingCode(d, worst), "")
		c.Subcomponent = append(c.Subcomponent, sub)
	}
	for _, r := range e.Counted {
		c.Subcomponent = append(c.Subcomponent, FHIRCertainty{
			Description: r.Rationale, Rater: r.Reviewer,
			Type:   concept(FHIRCertaintyTypeSystem, r.Domain.FHIR(), ""),
			Rating: concept(FHIRCertaintyRatingSystem, FHIRRatingCode(r.Domain, r.Severity), ""),
		})
	}
	return c, nil
}
