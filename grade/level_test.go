package grade

import (
	"encoding/json"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in   string
		want Level
	}{
		{"High", High}, {"HIGH", High}, {"moderate", Moderate}, {"Low", Low},
		{"very low", VeryLow}, {"Very Low", VeryLow}, {"very_low", VeryLow}, {"VERY_LOW", VeryLow},
		{"very-low", VeryLow}, {"Very low", VeryLow}, {" low ", Low},
		{"⊕⊕⊕⊕", High}, {"⊕⊕⊕◯", Moderate}, {"⊕⊕◯◯", Low}, {"⊕◯◯◯", VeryLow},
		{"⨁⨁⨁○", Moderate}, {"⨁○○○", VeryLow}, {"++++", High}, {"+++O", Moderate}, {"++OO", Low},
		{"+OOO", VeryLow}, {"⊕⊕◯◯ LOW", Low}, {"⨁⨁⨁⨁ High", High}, {"⊕ ⊕ ◯ ◯", Low},
	}
	for _, tt := range tests {
		got, err := ParseLevel(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "medium-high", "⊕⊕⊕", "⊕⊕⊕⊕⊕", "◯◯◯◯", "⊕◯⊕◯", "⊕⊕◯◯ High", "oooo", "very"} {
		if got, err := ParseLevel(bad); err == nil {
			t.Errorf("ParseLevel(%q) = %v, want an error", bad, got)
		}
	}
}

func TestLevelStrings(t *testing.T) {
	// symbol: as many filled circles as the level's rank from Very low (1) to High (4)
	for i, l := range []Level{VeryLow, Low, Moderate, High} {
		filled := 0
		for _, r := range l.Symbol() {
			if r == '⊕' {
				filled++
			}
		}
		if filled != i+1 || len([]rune(l.Symbol())) != 4 {
			t.Errorf("%v.Symbol() = %q", l, l.Symbol())
		}
		back, err := ParseLevel(l.Symbol())
		if err != nil || back != l {
			t.Errorf("ParseLevel(%v.Symbol()) = %v, %v", l, back, err)
		}
		for _, s := range []string{l.String(), l.Code(), l.Upper(), l.FHIR()} {
			if back, err := ParseLevel(s); err != nil || back != l {
				t.Errorf("ParseLevel(%q) = %v, %v; want %v", s, back, err, l)
			}
		}
	}
	if VeryLow.String() != "Very low" || VeryLow.FHIR() != "very-low" || VeryLow.Code() != "very_low" || Unknown.String() != "Unknown" {
		t.Errorf("VeryLow strings: %q %q %q", VeryLow.String(), VeryLow.FHIR(), VeryLow.Code())
	}
}

func TestLevelMarshalling(t *testing.T) {
	type doc struct {
		L []Level `json:"l" yaml:"l"`
	}
	in := doc{[]Level{High, Moderate, Low, VeryLow}}
	j, err := json.Marshal(in)
	if err != nil || string(j) != `{"l":["high","moderate","low","very_low"]}` {
		t.Fatalf("json = %s, %v", j, err)
	}
	var back doc
	if err := json.Unmarshal([]byte(`{"l":["HIGH","⊕⊕⊕◯","Low","Very Low"]}`), &back); err != nil || !equalLevels(back.L, in.L) {
		t.Errorf("json read = %v, %v", back.L, err)
	}
	y, err := yaml.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	back = doc{}
	if err := yaml.Unmarshal(y, &back); err != nil || !equalLevels(back.L, in.L) {
		t.Errorf("yaml round trip of %s = %v, %v", y, back.L, err)
	}
	if j, err := json.Marshal(doc{[]Level{Unknown}}); err != nil || string(j) != `{"l":[""]}` {
		t.Errorf("marshalling Unknown = %s, %v; want an empty string", j, err)
	}
	if _, err := json.Marshal(doc{[]Level{Level(9)}}); err == nil {
		t.Error("marshalling Level(9) succeeded, want an error")
	}
}

func equalLevels(a, b []Level) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAddClamps(t *testing.T) {
	for _, l := range []Level{VeryLow, Low, Moderate, High} {
		for steps := -5; steps <= 5; steps++ {
			want := int(l) + steps
			want = min(max(want, 1), 4)
			if got := l.Add(steps); int(got) != want {
				t.Errorf("%v.Add(%d) = %v, want level %d", l, steps, got, want)
			}
		}
	}
}

func TestParseVocabulary(t *testing.T) {
	for _, s := range []string{"risk_of_bias", "risk-of-bias", "Risk of Bias", "RISK OF BIAS", "bias", "RiskOfBias"} {
		if d, err := ParseDomain(s); err != nil || d != RiskOfBias {
			t.Errorf("ParseDomain(%q) = %v, %v", s, d, err)
		}
	}
	for _, d := range append(append([]Domain{}, DowngradeDomains()...), UpgradeDomains()...) {
		for _, s := range []string{d.Code(), d.String(), d.FHIR()} {
			if back, err := ParseDomain(s); err != nil || back != d {
				t.Errorf("ParseDomain(%q) = %v, %v; want %v", s, back, err, d)
			}
		}
	}
	for s, want := range map[string]Seriousness{"serious": Serious, "very_serious": VerySerious, "very-serious": VerySerious,
		"Very Serious": VerySerious, "EXTREMELY_SERIOUS": ExtremelySerious, "extremely serious": ExtremelySerious, "-2": VerySerious, "none": NoConcern} {
		if got, err := ParseSeriousness(s); err != nil || got != want {
			t.Errorf("ParseSeriousness(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for s, want := range map[string]Design{"randomised": Randomised, "Randomized": Randomised, "RCT": Randomised,
		"observational": Observational, "non-randomised": Observational, "ROBINS-I": ROBINSI} {
		if got, err := ParseDesign(s); err != nil || got != want || got.Baseline() == Unknown {
			t.Errorf("ParseDesign(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
}

func TestBaselinePresets(t *testing.T) {
	tests := []struct {
		preset, st, el string
		want           Level
	}{
		{PresetGRADE, "randomised", "", High},
		{PresetGRADE, "observational", "", Low},
		{PresetGRADE, "ROBINS-I", "", High},
		{PresetSeedSchema, "peer_reviewed_journal", "", High},
		{PresetSeedSchema, "technical_report", "", Low},       // schema: low
		{PresetSeedQuality, "technical_report", "", Moderate}, // quality-assessment.yaml: moderate
		{PresetSeedOnIngest, "blog_post", "", VeryLow},
		{PresetSeedSchema, "preprint", "systematic_review", High}, // moderate + 1
		{PresetSeedSchema, "preprint", "opinion_piece", VeryLow},  // moderate - 2
		{PresetSeedSchema, "thesis", "case_study", Low},           // moderate - 1
		{PresetSeedSchema, "industry_blog", "case_study", Low},    // matrix entry overrides low - 1
		{PresetSeedSchema, "Peer-reviewed journal", "meta analysis", High},
	}
	for _, tt := range tests {
		tab, err := Preset(tt.preset)
		if err != nil {
			t.Fatal(err)
		}
		got, trail, err := tab.Baseline(tt.st, tt.el)
		if err != nil || got != tt.want || trail == "" {
			t.Errorf("%s.Baseline(%q, %q) = %v, %q, %v; want %v", tt.preset, tt.st, tt.el, got, trail, err, tt.want)
		}
	}
	tab, _ := Preset(PresetSeedQuality)
	if _, _, err := tab.Baseline("tiktok", ""); err == nil {
		t.Error("unknown source type accepted")
	}
	if _, err := Preset("nope"); err == nil {
		t.Error("unknown preset accepted")
	}
}

func TestCheckBaseline(t *testing.T) {
	schema, _ := Preset(PresetSeedSchema)
	quality, _ := Preset(PresetSeedQuality)
	a := &Assessment{SourceType: "technical_report", Baseline: Baseline{Level: Moderate}}
	if fs := a.CheckBaseline(quality); len(fs) != 0 {
		t.Errorf("quality table: %v, want none (technical_report is Moderate there)", fs)
	}
	if fs := a.CheckBaseline(schema); len(fs) != 1 || fs[0].Severity != SeverityWarning {
		t.Errorf("schema table: %v, want a mismatch (technical_report is Low there)", fs)
	}
	g, _ := Preset(PresetGRADE)
	b := &Assessment{Design: Observational, Baseline: Baseline{Level: High}}
	if fs := b.CheckBaseline(g); len(fs) != 1 {
		t.Errorf("observational starting High: %v, want a mismatch", fs)
	}
}
