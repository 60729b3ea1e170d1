package grade_test

import (
	"fmt"
	"os"
	"testing/fstest"

	"github.com/deliberate-dev/deliberate/grade"
)

// Grading the seed's example assessment: the arithmetic gives High, the
// strict policy Low, and the declared Moderate is a finding.
func ExampleParseAssessment() {
	a, err := grade.ParseAssessment([]byte(`
Quality Assessment:
  Baseline:
    Level: high
    Assessed By: @jmagly
  Downgrades Applied:
    - Factor: risk-of-bias
      Severity: serious
    - Factor: indirectness
      Severity: serious
  Upgrades Applied:
    - Factor: large-effect
      Magnitude: very-serious
  Final Quality:
    Level: moderate
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []grade.UpgradePolicy{grade.DefaultPolicy, grade.StrictPolicy} {
		e, _ := a.Evaluate(p)
		fmt.Printf("%s: %s\n", p, e.Trail)
		for _, f := range e.Findings {
			if f.Severity != grade.SeverityInfo {
				fmt.Printf("  %s %s\n", f.Severity, f.Code)
			}
		}
	}
	// Output:
	// default: HIGH (baseline) - serious (risk of bias) - serious (indirectness) + very serious (large effect) = HIGH
	//   warning upgrade-of-downgraded
	//   warning very-large-with-concern
	//   error declared-mismatch
	// strict: HIGH (baseline) - serious (risk of bias) - serious (indirectness) + very serious (large effect) [refused] = LOW
	//   warning upgrade-refused
	//   error declared-mismatch
}

// Computing certainty for a randomised body of evidence with one serious
// concern.
func ExampleAssessment_Certainty() {
	a := &grade.Assessment{
		Design:     grade.Randomised,
		Baseline:   grade.Baseline{Level: grade.Randomised.Baseline()},
		Downgrades: []grade.Rating{{Domain: grade.Imprecision, Severity: grade.Serious, Rationale: "wide CI"}},
	}
	l, err := a.Certainty()
	fmt.Println(l, l.Symbol(), err)
	// Output: Moderate ⊕⊕⊕◯ <nil>
}

// Checking a claim's wording against the certainty of its evidence.
func ExampleCheckClaim() {
	for _, c := range []struct {
		s string
		l grade.Level
	}{
		{"Research demonstrates that X improves Y", grade.Low},
		{"X probably reduces Y", grade.Moderate},
		{"X reduces Y", grade.Moderate},
		{"X may reduce Y", grade.High},
	} {
		fs := grade.CheckClaim(c.s, c.l)
		if len(fs) == 0 {
			fmt.Printf("%s (%s): ok\n", c.s, c.l)
			continue
		}
		fmt.Printf("%s (%s): %s %s, suggest %q\n", c.s, c.l, fs[0].Severity, fs[0].Code, grade.Suggest(c.s, c.l))
	}
	// Output:
	// Research demonstrates that X improves Y (Low): error over-confident, suggest "X may improve Y"
	// X probably reduces Y (Moderate): ok
	// X reduces Y (Moderate): warning over-confident, suggest "X probably reduces Y"
	// X may reduce Y (High): warning under-confident, suggest "X reduces Y"
}

// Checking every cited sentence of a Markdown document.
func ExampleCheckDocument() {
	doc := "We adopt Redis. Research demonstrates that caching improves latency [REF-045].\n\n" +
		"- Edge caches may reduce cost (REF-078).\n"
	for _, f := range grade.CheckDocument(doc, map[string]grade.Level{"REF-045": grade.Low}) {
		fmt.Println(f.Severity, f.Code, f.Where)
	}
	// Output:
	// error over-confident line 1: REF-045
	// warning unassessed-source line 3: REF-078
}

// Reading levels in the spellings found in the wild.
func ExampleParseLevel() {
	for _, s := range []string{"Very Low", "VERY_LOW", "⊕⊕⊕◯", "⨁⨁○○", "++++"} {
		l, _ := grade.ParseLevel(s)
		fmt.Printf("%s: %s %s %s\n", s, l, l.Symbol(), l.FHIR())
	}
	// Output:
	// Very Low: Very low ⊕◯◯◯ very-low
	// VERY_LOW: Very low ⊕◯◯◯ very-low
	// ⊕⊕⊕◯: Moderate ⊕⊕⊕◯ moderate
	// ⨁⨁○○: Low ⊕⊕◯◯ low
	// ++++: High ⊕⊕⊕⊕ high
}

// Choosing a baseline table: the seed's two files disagree on technical
// reports.
func ExamplePreset() {
	for _, name := range []string{grade.PresetSeedSchema, grade.PresetSeedQuality} {
		t, _ := grade.Preset(name)
		l, trail, _ := t.Baseline("technical_report", "")
		fmt.Println(name, l, trail)
	}
	// Output:
	// aiwg-schema Low technical_report = LOW
	// aiwg-quality Moderate technical_report = MODERATE
}

// Writing a Summary-of-Findings table; the overall certainty is the lowest
// among critical outcomes.
func ExampleSummary_WriteSoF() {
	cr := 0.10
	s := &grade.Summary{Outcomes: []grade.Outcome{{
		Name: "Outage", Importance: grade.Critical, Studies: 2, Participants: 500,
		Effect: &grade.Effect{Measure: "RR", Estimate: 0.5, Lower: 0.25, Upper: 1}, ComparatorRisk: &cr,
		Assessment: &grade.Assessment{Baseline: grade.Baseline{Level: grade.High},
			Downgrades: []grade.Rating{{Domain: grade.Imprecision, Severity: grade.Serious, Rationale: "CI includes no effect"}}},
	}}}
	_ = s.WriteSoF(os.Stdout)
	// Output:
	// ## Summary of findings
	//
	// | Outcomes | Risk with comparator | Risk with intervention (95% CI) | Relative effect (95% CI) | № of participants (studies) | Certainty of the evidence (GRADE) | Comments |
	// |---|---|---|---|---|---|---|
	// | Outage | 100 per 1000 | 50 per 1000 (25 to 100) | RR 0.5 (0.25 to 1) | 500 (2 studies) | ⊕⊕⊕◯ Moderate[^1] |  |
	//
	// Overall certainty of the evidence: ⊕⊕⊕◯ Moderate (lowest among critical outcomes: Outage).
	//
	// [^1]: Rated down one level for imprecision (serious): CI includes no effect.
}

// Reporting a corpus: distribution and the seed's unassessed flag.
func ExampleCorpus_Report() {
	c := &grade.Corpus{Sources: []grade.Source{
		{ID: "REF-001", Assessment: &grade.Assessment{Baseline: grade.Baseline{Level: grade.High}}},
		{ID: "REF-002"},
	}}
	r, _ := c.Report()
	fmt.Println(r.Assessed, r.Unassessed, r.TooManyUnassessed)
	// Output: 1 [REF-002] true
}

// Exporting certainty as FHIR codes.
func ExampleAssessment_FHIR() {
	a := &grade.Assessment{Baseline: grade.Baseline{Level: grade.High},
		Downgrades: []grade.Rating{{Domain: grade.RiskOfBias, Severity: grade.VerySerious}}}
	c, _ := a.FHIR(grade.DefaultPolicy)
	fmt.Println(c.Rating.Coding[0].Code, c.Subcomponent[0].Type.Coding[0].Code, c.Subcomponent[0].Rating.Coding[0].Code)
	// Output: low RiskOfBias very-serious-concern
}

// Writing an assessment back in the seed's snake_case form, with the
// computed result declared.
func ExampleAssessment_WriteYAML() {
	a, _ := grade.ParseAssessment([]byte(`
Quality Assessment:
  Baseline: {Level: low, Rationale: observational cohort}
  Upgrades Applied:
    - {Factor: dose-response, Magnitude: serious, Reviewer: ana}
`))
	_ = a.Declare(grade.DefaultPolicy)
	_ = a.WriteYAML(os.Stdout)
	// Output:
	// baseline:
	//   level: low
	//   rationale: observational cohort
	// upgrades_applied:
	//   - factor: dose_response
	//     magnitude: serious
	//     reviewer: ana
	// final_quality:
	//   level: moderate
	//   calculation: LOW (baseline) + serious (dose-response gradient) = MODERATE
}

// An evidence register read from the seed's quality-assessments folder:
// one file per source, the id taken from the file name when the assessment
// leaves it out. Lookup gives a source's certainty and the reasons for it.
func ExampleReadRegister() {
	fsys := fstest.MapFS{
		".aiwg/research/quality-assessments/REF-045-assessment.yaml": {Data: []byte(`
source_type: industry_blog
baseline: {level: low, rationale: Vendor blog with a benchmark}
downgrades_applied:
  - factor: risk-of-bias
    severity: serious
    rationale: Vendor-run benchmark
`)},
		".aiwg/research/quality-assessments/REF-012-assessment.yaml": {Data: []byte(`
Quality Assessment:
  Baseline:
    Level: high
  Downgrades Applied:
    - Factor: indirectness
      Severity: serious
      Rationale: Different workload mix
`)},
	}
	reg, err := grade.ReadRegister(fsys, ".aiwg/research/quality-assessments")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range reg.IDs() {
		e, _ := reg.Lookup(id)
		fmt.Printf("%s %s %s: %s\n", id, e.Level.Symbol(), e.Level, e.Trail)
		for _, r := range e.Reasons {
			fmt.Println("  " + r.String())
		}
	}
	// Claims citing the sources, checked against the register's levels.
	doc := "Redis probably reduces stale reads [REF-012]. A benchmark proves that Redis cuts latency [REF-045]."
	for _, f := range grade.CheckDocument(doc, reg.Levels()) {
		fmt.Println(f.Where, f.Severity, f.Code)
	}
	// Output:
	// REF-012 ⊕⊕⊕◯ Moderate: HIGH (baseline) - serious (indirectness) = MODERATE
	//   rated down 1 level for indirectness (serious): Different workload mix
	// REF-045 ⊕◯◯◯ Very low: LOW (baseline) - serious (risk of bias) = VERY LOW
	//   rated down 1 level for risk of bias (serious): Vendor-run benchmark
	// line 1: REF-045 error over-confident
}

// Wording a decision's confidence statement for the certainty of the
// evidence behind it: each statement passes CheckClaim at its level.
func ExampleStatement() {
	for _, l := range grade.Levels() {
		s := grade.Statement(l, "PostgreSQL", "meet the 100 ms latency target")
		fmt.Printf("%-8s %s (findings: %d)\n", l.String()+":", s, len(grade.CheckClaim(s, l)))
	}
	// Output:
	// High:    The evidence shows that PostgreSQL will meet the 100 ms latency target. (findings: 0)
	// Moderate: PostgreSQL will probably meet the 100 ms latency target. (findings: 0)
	// Low:     PostgreSQL may meet the 100 ms latency target. (findings: 0)
	// Very low: The evidence is very uncertain about whether PostgreSQL will meet the 100 ms latency target. (findings: 0)
}
