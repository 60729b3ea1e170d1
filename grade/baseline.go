package grade

import (
	"fmt"
	"slices"
	"strings"
)

// A Design is the study design that sets the GRADE starting level.
type Design int

// Study designs. The zero Design is unspecified: the baseline then comes
// from the assessment (or the seed's source type).
const (
	UnspecifiedDesign Design = iota
	Randomised               // randomised trials: start High
	Observational            // non-randomised studies: start Low
	ROBINSI                  // non-randomised studies assessed with ROBINS-I: start High (GRADE 18, 2019)
)

var designInfo = [...]struct {
	code, label string
	baseline    Level
}{
	UnspecifiedDesign: {"", "unspecified", Unknown},
	Randomised:        {"randomised", "randomised trials", High},
	Observational:     {"observational", "observational studies", Low},
	ROBINSI:           {"robins_i", "non-randomised studies (ROBINS-I)", High},
}

var designAliases = map[string]Design{
	"randomised": Randomised, "randomized": Randomised, "rct": Randomised, "rcts": Randomised,
	"randomised_trial": Randomised, "randomized_trial": Randomised, "randomised_trials": Randomised,
	"randomized_trials": Randomised, "randomised_controlled_trial": Randomised,
	"randomized_controlled_trial": Randomised,
	"observational":               Observational, "observational_study": Observational, "observational_studies": Observational,
	"non_randomised": Observational, "non_randomized": Observational, "nrs": Observational,
	"robins_i": ROBINSI, "robinsi": ROBINSI, "non_randomised_robins_i": ROBINSI, "non_randomized_robins_i": ROBINSI,
}

// ParseDesign reads a study design: "randomised" (or "randomized", "RCT"),
// "observational" (or "non-randomised"), "ROBINS-I".
func ParseDesign(s string) (Design, error) {
	if d, ok := designAliases[normKey(s)]; ok {
		return d, nil
	}
	return UnspecifiedDesign, fmt.Errorf("unknown study design %q (want randomised, observational or robins_i)", s)
}

// String returns the design as prose: "randomised trials".
func (d Design) String() string {
	if d < 0 || int(d) >= len(designInfo) {
		return fmt.Sprintf("Design(%d)", int(d))
	}
	return designInfo[d].label
}

// Code returns the snake_case code: "randomised", "observational",
// "robins_i"; "" when unspecified.
func (d Design) Code() string {
	if d < 0 || int(d) >= len(designInfo) {
		return ""
	}
	return designInfo[d].code
}

// Baseline returns GRADE's starting level for the design: High for
// randomised trials and ROBINS-I-assessed studies, Low for observational
// studies, Unknown when unspecified.
func (d Design) Baseline() Level {
	if d < 0 || int(d) >= len(designInfo) {
		return Unknown
	}
	return designInfo[d].baseline
}

// MarshalText writes the snake_case code.
func (d Design) MarshalText() ([]byte, error) { return []byte(d.Code()), nil }

// UnmarshalText reads any spelling ParseDesign accepts; empty text is
// UnspecifiedDesign.
func (d *Design) UnmarshalText(b []byte) error {
	if strings.TrimSpace(string(b)) == "" {
		*d = UnspecifiedDesign
		return nil
	}
	v, err := ParseDesign(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// A SourceType is a kind of source with its starting level in a baseline
// table: the seed grades sources by type instead of by study design.
type SourceType struct {
	Name        string // snake_case, e.g. "peer_reviewed_journal"
	Baseline    Level
	Description string
}

// An EvidenceLevel modifies the source type's starting level in the seed's
// schema: systematic review +1, case study −1, opinion −2.
type EvidenceLevel struct {
	Name        string // snake_case, e.g. "systematic_review"
	Modifier    int    // levels added to the source type's baseline
	Description string
}

// A MatrixEntry fixes the starting level of one source type and evidence
// level pair, overriding the sum of baseline and modifier (the seed's
// classification_matrix).
type MatrixEntry struct {
	SourceType    string
	EvidenceLevel string
	Baseline      Level
}

// A BaselineTable is data: the starting certainty of each source type or
// study design, evidence-level modifiers and explicit overrides. The
// published GRADE table and the seed's tables are presets (see Preset); they
// disagree in places (technical_report is Low in the seed's schema, Moderate
// in its quality-assessment file), so callers choose one or build their own.
// A table must not be modified while in use by another goroutine.
type BaselineTable struct {
	Name           string
	Source         string // where the table comes from
	SourceTypes    []SourceType
	EvidenceLevels []EvidenceLevel
	Matrix         []MatrixEntry
}

// Preset names.
const (
	PresetGRADE         = "grade"          // GRADE: study designs (Balshem 2011; Schünemann 2019)
	PresetSeedSchema    = "aiwg-schema"    // spec/aiwg/grade-evidence-quality.yaml
	PresetSeedQuality   = "aiwg-quality"   // spec/aiwg/quality-assessment.yaml
	PresetSeedOnIngest  = "aiwg-on-ingest" // spec/aiwg/grade-on-ingest.md
	DefaultBaselineName = PresetGRADE
)

// PresetNames lists the preset baseline tables in a fixed order.
func PresetNames() []string {
	return []string{PresetGRADE, PresetSeedSchema, PresetSeedQuality, PresetSeedOnIngest}
}

// Preset returns a fresh copy of the named baseline table.
func Preset(name string) (*BaselineTable, error) {
	switch normKey(name) {
	case "grade", "":
		return &BaselineTable{
			Name: PresetGRADE, Source: "GRADE guidelines 3 (2011) and 18 (2019)",
			SourceTypes: []SourceType{
				{"randomised", High, "randomised trials"},
				{"observational", Low, "non-randomised (observational) studies"},
				{"robins_i", High, "non-randomised studies assessed with ROBINS-I"},
			},
		}, nil
	case "aiwg_schema":
		return &BaselineTable{
			Name: PresetSeedSchema, Source: "spec/aiwg/grade-evidence-quality.yaml",
			SourceTypes: []SourceType{
				{"peer_reviewed_journal", High, "Published in peer-reviewed venue"},
				{"conference_proceedings", Moderate, "Peer-reviewed conference paper"},
				{"preprint", Moderate, "arXiv, bioRxiv, etc. without peer review"},
				{"industry_blog", Low, "Company blog or industry publication"},
				{"thesis", Moderate, "PhD or Masters thesis"},
				{"book", Moderate, "Academic textbook or monograph"},
				{"technical_report", Low, "White paper or technical report"},
			},
			EvidenceLevels: []EvidenceLevel{
				{"empirical_study", 0, "Controlled experiments with data"},
				{"systematic_review", 1, "Systematic review of multiple studies"},
				{"meta_analysis", 1, "Statistical synthesis of studies"},
				{"case_study", -1, "Single case or observational"},
				{"opinion_piece", -2, "Expert opinion without data"},
				{"tutorial", -1, "Educational content"},
			},
			Matrix: []MatrixEntry{
				{"peer_reviewed_journal", "empirical_study", High},
				{"peer_reviewed_journal", "systematic_review", High},
				{"peer_reviewed_journal", "meta_analysis", High},
				{"conference_proceedings", "empirical_study", Moderate},
				{"preprint", "empirical_study", Moderate},
				{"industry_blog", "case_study", Low},
				{"opinion_piece", "opinion_piece", VeryLow},
			},
		}, nil
	case "aiwg_quality":
		return &BaselineTable{
			Name: PresetSeedQuality, Source: "spec/aiwg/quality-assessment.yaml",
			SourceTypes: []SourceType{
				{"peer_reviewed_journal", High, "Peer-reviewed academic journal"},
				{"peer_reviewed_conference", High, "Top-tier peer-reviewed conference"},
				{"preprint_arxiv", Moderate, "Self-published preprint"},
				{"workshop_paper", Moderate, "Academic workshop or non-archival venue"},
				{"technical_report", Moderate, "Technical report from a reputable institution"},
				{"industry_blog", Low, "Blog post or informal publication"},
				{"standards_body", High, "Official standard or recommendation"},
				{"book_academic", High, "Academic textbook or research monograph"},
				{"book_trade", Moderate, "Trade book from a practitioner"},
			},
		}, nil
	case "aiwg_on_ingest":
		return &BaselineTable{
			Name: PresetSeedOnIngest, Source: "spec/aiwg/grade-on-ingest.md",
			SourceTypes: []SourceType{
				{"peer_reviewed_journal", High, ""},
				{"peer_reviewed_conference", High, ""},
				{"preprint", Moderate, ""},
				{"technical_report", Moderate, ""},
				{"industry_whitepaper", Low, ""},
				{"blog_post", VeryLow, ""},
				{"forum_discussion", VeryLow, ""},
			},
		}, nil
	}
	return nil, fmt.Errorf("unknown baseline preset %q (want one of %s)", name, strings.Join(PresetNames(), ", "))
}

// Baseline returns the starting level of a source of the given type and
// evidence level (evidence level may be empty), with the rule that gave it in
// the seed's trail style: "peer_reviewed_journal HIGH + systematic_review
// (+1) = HIGH (clamped)". An explicit matrix entry wins over the sum. Names
// are matched after normalisation ("Peer-reviewed journal" finds
// peer_reviewed_journal).
func (t *BaselineTable) Baseline(sourceType, evidenceLevel string) (Level, string, error) {
	st, el := normKey(sourceType), normKey(evidenceLevel)
	for _, m := range t.Matrix {
		if normKey(m.SourceType) == st && normKey(m.EvidenceLevel) == el && el != "" {
			return m.Baseline, fmt.Sprintf("%s × %s = %s (classification matrix)", st, el, m.Baseline.Upper()), nil
		}
	}
	i := slices.IndexFunc(t.SourceTypes, func(s SourceType) bool { return normKey(s.Name) == st })
	if i < 0 {
		return Unknown, "", fmt.Errorf("baseline table %s: unknown source type %q (known: %s)", t.Name, sourceType, strings.Join(t.sourceTypeNames(), ", "))
	}
	base := t.SourceTypes[i].Baseline
	if el == "" {
		return base, fmt.Sprintf("%s = %s", st, base.Upper()), nil
	}
	j := slices.IndexFunc(t.EvidenceLevels, func(e EvidenceLevel) bool { return normKey(e.Name) == el })
	if j < 0 {
		return Unknown, "", fmt.Errorf("baseline table %s: unknown evidence level %q", t.Name, evidenceLevel)
	}
	mod := t.EvidenceLevels[j].Modifier
	raw := int(base) + mod
	got := base.Add(mod)
	trail := fmt.Sprintf("%s %s %s %s (%+d) = %s", st, base.Upper(), sign(mod), el, mod, got.Upper())
	if raw != int(got) {
		trail += " (clamped)"
	}
	return got, trail, nil
}

func (t *BaselineTable) sourceTypeNames() []string {
	var s []string
	for _, x := range t.SourceTypes {
		s = append(s, x.Name)
	}
	return s
}

func sign(n int) string {
	if n < 0 {
		return "-"
	}
	return "+"
}

// CheckBaseline compares the assessment's baseline with the starting level
// that table t gives its source type and evidence level (or its study
// design, for the GRADE table). It returns a "baseline-mismatch" warning when
// they differ, an info finding when the table does not know the source type,
// and nothing when the assessment names neither a source type nor a design.
func (a *Assessment) CheckBaseline(t *BaselineTable) []Finding {
	st := a.SourceType
	if st == "" {
		st = a.Design.Code()
	}
	if st == "" {
		return nil
	}
	want, trail, err := t.Baseline(st, a.EvidenceLevel)
	if err != nil {
		return []Finding{newFinding(CodeBaselineMismatch, SeverityInfo, err.Error(), "source_type")}
	}
	if want != a.Baseline.Level {
		return []Finding{newFinding(CodeBaselineMismatch, SeverityWarning,
			fmt.Sprintf("baseline %s differs from %s in the %s table (%s)", a.Baseline.Level, want, t.Name, trail), "baseline.level")}
	}
	return nil
}
