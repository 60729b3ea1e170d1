package grade

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func mustParse(t *testing.T, s string) *Assessment {
	t.Helper()
	a, err := ParseAssessment([]byte(s))
	if err != nil {
		t.Fatalf("ParseAssessment(%q): %v", s, err)
	}
	return a
}

func testCorpus(t *testing.T) *Corpus {
	return &Corpus{Sources: []Source{
		{ID: "REF-001", SourceType: "peer_reviewed_journal", Assessment: mustParse(t, "baseline: {level: high}")},
		{ID: "REF-002", SourceType: "peer_reviewed_journal", Assessment: mustParse(t,
			"baseline: {level: high}\ndowngrades_applied: [{factor: indirectness, severity: serious, rationale: \"GPT-3.5 | not GPT-4\", evidence: p.4, reviewer: ana}]")},
		{ID: "REF-003", SourceType: "industry_blog", Assessment: mustParse(t, "baseline: {level: low}\nfinal_quality: {level: moderate}")},
		{ID: "REF-004", SourceType: "industry_blog"},
		{ID: "REF-005", SourceType: "preprint"},
		{ID: "REF-006", Assessment: mustParse(t, "source_type: preprint\nbaseline: {level: moderate}\ndowngrades_applied: [{factor: imprecision, severity: very serious, rationale: n=3, evidence: Table 1, reviewer: ana}]")},
		{ID: "REF-007", SourceType: "thesis"},
	}}
}

func TestCorpusReport(t *testing.T) {
	r, err := testCorpus(t).Report()
	if err != nil {
		t.Fatal(err)
	}
	// 7 sources, 3 unassessed: 3/7 = 42.9% > 30%
	if r.Total != 7 || r.Assessed != 4 || len(r.Unassessed) != 3 || !r.TooManyUnassessed {
		t.Errorf("report totals = %d/%d/%v/%v", r.Total, r.Assessed, r.Unassessed, r.TooManyUnassessed)
	}
	wantLevels := map[Level]int{High: 1, Moderate: 1, Low: 1, VeryLow: 1}
	for _, lc := range r.ByLevel {
		if lc.Count != wantLevels[lc.Level] {
			t.Errorf("level %v count %d, want %d", lc.Level, lc.Count, wantLevels[lc.Level])
		}
	}
	if !hasCode(r.Findings, CodeDeclaredMismatch) || !hasCode(r.Findings, CodeTooManyUnassessed) {
		t.Errorf("findings %v", r.Findings)
	}
	var buf bytes.Buffer
	if err := r.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "corpus-report.golden.md", buf.Bytes())
	levels, _ := testCorpus(t).Levels()
	if levels["REF-006"] != VeryLow || levels["REF-002"] != Moderate {
		t.Errorf("Levels() = %v", levels)
	}
}

func TestUnassessedThreshold(t *testing.T) {
	// exactly 30% is not "more than 30%"
	for _, tt := range []struct {
		total, unassessed int
		flag              bool
	}{{10, 3, false}, {10, 4, true}, {3, 1, true}, {7, 2, false}, {0, 0, false}} {
		c := &Corpus{}
		for i := range tt.total {
			s := Source{ID: "S" + string(rune('A'+i))}
			if i >= tt.unassessed {
				s.Assessment = &Assessment{Baseline: Baseline{Level: Low}}
			}
			c.Sources = append(c.Sources, s)
		}
		r, err := c.Report()
		if err != nil || r.TooManyUnassessed != tt.flag {
			t.Errorf("%d of %d unassessed: flag %v, %v; want %v", tt.unassessed, tt.total, r.TooManyUnassessed, err, tt.flag)
		}
	}
	_, err := (&Corpus{Sources: []Source{{ID: "x", Assessment: &Assessment{}}}}).Report()
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "sources[0].baseline.level") {
		t.Errorf("invalid assessment: err = %v", err)
	}
}

func ptr(v float64) *float64 { return &v }

func testSummary(t *testing.T) *Summary {
	return &Summary{
		Title: "Read-through cache for the product catalogue", Population: "catalogue API requests",
		Intervention: "Redis read-through cache", Comparison: "direct database reads",
		Outcomes: []Outcome{
			{Name: "Requests over 1 s | p95", Importance: Critical, Studies: 3, Participants: 1200, Design: Randomised,
				Effect: &Effect{Measure: "RR", Estimate: 0.5, Lower: 0.4, Upper: 0.8}, ComparatorRisk: ptr(0.12),
				Assessment: mustParse(t, "baseline: {level: high}\ndowngrades_applied: [{factor: risk of bias, severity: serious, rationale: \"vendor-run\nbenchmarks\", evidence: REF-045, reviewer: ana}]"),
				Comments:   "Line one\nline two"},
			{Name: "Stale reads", Importance: Critical, Studies: 2, Participants: 400, Design: Observational,
				Effect: &Effect{Measure: "OR", Estimate: 2, Lower: 1.5, Upper: 3}, ComparatorRisk: ptr(0.05),
				Assessment: mustParse(t, "study_design: observational\nbaseline: {level: low}\ndowngrades_applied: [{factor: imprecision, severity: serious, rationale: few events}]\nupgrades_applied: [{factor: large effect, magnitude: serious, rationale: OR 2}]")},
			{Name: "Cost per month", Importance: Important, Studies: 1, Participants: 0, Design: Observational,
				Effect:     &Effect{Measure: "MD", Estimate: -120, Lower: -200, Upper: -40, Unit: "USD"},
				Assessment: mustParse(t, "study_design: observational\nbaseline: {level: low}\nupgrades_applied: [{factor: dose response, magnitude: serious, rationale: more nodes more savings}]")},
		},
	}
}

func TestSummaryOfFindings(t *testing.T) {
	s := testSummary(t)
	l, name, err := s.Overall()
	// critical outcomes: Moderate (High − 1) and Low (Low − 1 + 1); lowest is Low
	if err != nil || l != Low || name != "Stale reads" {
		t.Errorf("Overall() = %v, %q, %v; want Low from Stale reads", l, name, err)
	}
	var buf bytes.Buffer
	if err := s.WriteSoF(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	golden(t, "sof.golden.md", buf.Bytes())
	// RR 0.5 on 120 per 1000 is 60 per 1000 (48 to 96); OR 2 on 5%: 2·0.05/(0.95+0.1) = 0.0952 → 95 per 1000
	for _, want := range []string{"120 per 1000", "60 per 1000 (48 to 96)", "95 per 1000", `Requests over 1 s \| p95`, "Line one<br>line two", "[^1]: Rated down one level for risk of bias (serious): vendor-run benchmarks"} {
		if !strings.Contains(out, want) {
			t.Errorf("SoF lacks %q:\n%s", want, out)
		}
	}
	buf.Reset()
	if err := s.WriteProfile(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "profile.golden.md", buf.Bytes())
	s.Policy = StrictPolicy
	buf.Reset()
	if err := s.WriteSoF(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Not rated up (refused by the strict policy)") {
		t.Errorf("strict SoF does not explain the refused upgrade:\n%s", buf.String())
	}
	if l, _, _ := s.Overall(); l != VeryLow {
		t.Errorf("strict overall = %v, want Very low (Low − 1, upgrade refused)", l)
	}
}

func TestSummaryErrors(t *testing.T) {
	s := &Summary{Outcomes: make([]Outcome, 8)}
	if err := s.WriteSoF(&bytes.Buffer{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("8 outcomes: err = %v", err)
	}
	s = testSummary(t)
	s.Outcomes[0].Effect.Upper = 0.1
	s.Outcomes[1].Assessment = nil
	err := s.WriteProfile(&bytes.Buffer{})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "outcomes[0].effect") || !strings.Contains(err.Error(), "outcomes[1].assessment") {
		t.Errorf("err = %v", err)
	}
}

func TestCell(t *testing.T) {
	for in, want := range map[string]string{"a|b": `a\|b`, "x\ny": "x<br>y", "x\r\ny": "x<br>y", " t ": "t", `a\|`: `a\\\|`} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFHIR(t *testing.T) {
	a := mustParse(t, "study_design: observational\nbaseline: {level: low}\ndowngrades_applied: [{factor: risk of bias, severity: extremely serious}]\nupgrades_applied: [{factor: large effect, magnitude: very serious}]")
	c, err := a.FHIR(DefaultPolicy)
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(c)
	var got struct {
		Type   struct{ Coding []FHIRCoding }
		Rating struct{ Coding []FHIRCoding }
		Sub    []struct {
			Type   struct{ Coding []FHIRCoding }
			Rating struct{ Coding []FHIRCoding }
		} `json:"subcomponent"`
	}
	if err := json.Unmarshal(j, &got); err != nil {
		t.Fatal(err)
	}
	// Low − 3 + 2 = 0 → clamped to Very low
	if got.Type.Coding[0].Code != "Overall" || got.Rating.Coding[0].Code != "very-low" || got.Rating.Coding[0].System != FHIRCertaintyRatingSystem {
		t.Errorf("overall = %s", j)
	}
	codes := map[string]string{}
	for _, s := range got.Sub {
		codes[s.Type.Coding[0].Code] = s.Rating.Coding[0].Code
	}
	want := map[string]string{"RiskOfBias": "extremely-serious-concern", "Inconsistency": "no-concern", "Indirectness": "no-concern",
		"Imprecision": "no-concern", "PublicationBias": "no-concern", "LargeEffect": "upcode2"}
	for k, v := range want {
		if codes[k] != v {
			t.Errorf("subcomponent %s = %q, want %q (all: %v)", k, codes[k], v, codes)
		}
	}
}

// TestFHIRGolden: the seed example as FHIR Evidence.certainty JSON.
func TestFHIRGolden(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-example-assessment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a := mustParse(t, string(data))
	c, err := a.FHIR(DefaultPolicy)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "seed-example-fhir.golden.json", append(j, '\n'))
}
