package grade

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// invalidRatings returns an assessment whose downgrades list has n items,
// each with an unknown factor and severity: two problems an item.
func invalidRatings(n int) []byte {
	var b strings.Builder
	b.WriteString("baseline: {level: high}\ndowngrades_applied:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {factor: vibes-%d, severity: medium}\n", i)
	}
	return []byte(b.String())
}

func TestParseManyInvalidRatingsCapped(t *testing.T) {
	data := invalidRatings(6000) // about 240 KB, issue 13 #5
	if len(data) < 200_000 {
		t.Fatalf("test input is %d bytes, want about 240 KB", len(data))
	}
	_, err := ParseAssessment(data)
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("ParseAssessment(6000 invalid ratings) err = %v, want *ValidationError", err)
	}
	if got := len(ve.Problems) + ve.Omitted; got != 12000 {
		t.Errorf("problems counted %d, want 12000 (factor and severity of each item)", got)
	}
	if len(ve.Problems) > 100 {
		t.Errorf("kept %d problems, want at most 100", len(ve.Problems))
	}
	if lines := strings.Count(err.Error(), "\n") + 1; lines > 102 {
		t.Errorf("message has %d lines, want at most 102", lines)
	}
	// the first item's severity, on line 3, is the second problem
	p := ve.Problems[1]
	if p.Path != "downgrades_applied[0].severity" || p.Line != 3 || p.Column == 0 {
		t.Errorf("second problem = %+v, want downgrades_applied[0].severity at line 3", p)
	}
}

func TestParseDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, in, path string
		lines          [2]int
	}{
		{"same key", "baseline:\n  level: high\n  level: very_low\n", "baseline.level", [2]int{2, 3}},
		{"same key other case", "baseline:\n  Level: high\n  level: very_low\n", "baseline.level", [2]int{2, 3}},
		{"synonyms", "baseline:\n  level: high\n  quality: very_low\n", "baseline.quality", [2]int{2, 3}},
		{"final level", "baseline: high\nfinal_quality:\n  level: high\n  level: low\n", "final_quality.level", [2]int{3, 4}},
		{"top level", "baseline: high\nbaseline: low\n", "baseline", [2]int{1, 2}},
		{"rating", "baseline: high\ndowngrades:\n  - factor: imprecision\n    severity: serious\n    severity: very_serious\n", "downgrades[0].severity", [2]int{4, 5}},
		{"template factor twice", "baseline: high\ndowngrade_assessment:\n  bias: {severity: serious}\n  risk_of_bias: {severity: none}\n", "downgrade_assessment.risk_of_bias", [2]int{3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAssessment([]byte(tt.in))
			if !errors.Is(err, ErrDuplicateKey) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseAssessment(%q) err = %v, want ErrDuplicateKey", tt.in, err)
			}
			var ve *ValidationError
			errors.As(err, &ve)
			var found bool
			for _, p := range ve.Problems {
				if p.Path == tt.path && p.Err == ErrDuplicateKey && p.Line == tt.lines[1] &&
					strings.Contains(p.Message, fmt.Sprint(tt.lines[0])) && strings.Contains(p.Message, fmt.Sprint(tt.lines[1])) {
					found = true
				}
			}
			if !found {
				t.Errorf("ParseAssessment(%q): problems %v lack a duplicate at %s naming lines %v", tt.in, ve.Problems, tt.path, tt.lines)
			}
		})
	}
}

func TestParseSeverityKeysMustAgree(t *testing.T) {
	ok := "baseline: high\ndowngrade_assessment:\n  imprecision: {severity: serious, impact: -1}\n"
	a, err := ParseAssessment([]byte(ok))
	if err != nil || len(a.Downgrades) != 1 || a.Downgrades[0].Severity != Serious {
		t.Errorf("ParseAssessment(agreeing severity and impact) = %+v, %v; want one serious downgrade", a, err)
	}
	bad := "baseline: high\ndowngrade_assessment:\n  imprecision: {severity: serious, levels: very_serious}\n"
	_, err = ParseAssessment([]byte(bad))
	if err == nil || !strings.Contains(err.Error(), "levels says very serious but severity says serious") {
		t.Errorf("ParseAssessment(disagreeing severity and levels) err = %v, want the disagreement", err)
	}
}

func TestParseSizeBound(t *testing.T) {
	pad := func(n int) []byte {
		head := "baseline: high\nnotes: "
		return []byte(head + strings.Repeat("x", n-len(head)))
	}
	if _, err := ParseAssessment(pad(MaxInputSize)); err != nil {
		t.Errorf("ParseAssessment(%d bytes) err = %v, want nil at the bound", MaxInputSize, err)
	}
	_, err := ParseAssessment(pad(MaxInputSize + 1))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("ParseAssessment(%d bytes) err = %v, want ErrTooLarge", MaxInputSize+1, err)
	}
}

// nested returns a document whose notes value nests depth lists deep.
func nested(depth int) []byte {
	return []byte("baseline: high\nnotes: " + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + "\n")
}

func TestParseDepthBound(t *testing.T) {
	// the root mapping is level 1 and each bracket one more
	if _, err := ParseAssessment(nested(MaxDepth)); err != nil {
		t.Errorf("ParseAssessment(nesting %d) err = %v, want nil at the bound", MaxDepth, err)
	}
	_, err := ParseAssessment(nested(MaxDepth + 1))
	if !errors.Is(err, ErrTooDeep) {
		t.Errorf("ParseAssessment(nesting %d) err = %v, want ErrTooDeep", MaxDepth+1, err)
	}
}

func TestParseAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("baseline: high\nnotes:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "  a%d: &a%d [*a%d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d]\n", i, i, i-1)
	}
	_, err := ParseAssessment([]byte(b.String()))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("ParseAssessment(alias bomb of 10^9 nodes) err = %v, want ErrTooLarge", err)
	}
}

func TestProblemPositions(t *testing.T) {
	_, err := ParseAssessment([]byte("baseline: high\ndowngrades_applied:\n  - factor: imprecision\n    severity: medium\ncolour: blue\n"))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want *ValidationError", err)
	}
	want := map[string][2]int{"downgrades_applied[0].severity": {4, 15}, "colour": {5, 1}}
	for _, p := range ve.Problems {
		if w, ok := want[p.Path]; ok {
			if p.Line != w[0] || p.Column != w[1] {
				t.Errorf("%s at line %d column %d, want %d:%d", p.Path, p.Line, p.Column, w[0], w[1])
			}
			delete(want, p.Path)
		}
	}
	if len(want) > 0 {
		t.Errorf("problems %v lack %v", ve.Problems, want)
	}
}

// BenchmarkParseInvalidRatings parses 240 KB of invalid ratings (issue 13 #5).
func BenchmarkParseInvalidRatings(b *testing.B) {
	data := invalidRatings(6000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseAssessment(data); err == nil {
			b.Fatal("no error")
		}
	}
}

func TestParseUnknownFieldSuggests(t *testing.T) {
	_, err := ParseAssessment([]byte("baseline:\n  levle: high\n"))
	if !errors.Is(err, ErrUnknownField) || !strings.Contains(err.Error(), `did you mean "level"`) {
		t.Errorf("ParseAssessment(levle) err = %v, want an unknown field suggesting level", err)
	}
}

func TestParseSecondDocument(t *testing.T) {
	if _, err := ParseAssessment([]byte("---\nbaseline: high\n---\n")); err != nil {
		t.Errorf("ParseAssessment(front matter) err = %v, want nil", err)
	}
	_, err := ParseAssessment([]byte("baseline: high\n---\nbaseline: low\n"))
	if err == nil || !strings.Contains(err.Error(), "more than one YAML document") {
		t.Errorf("ParseAssessment(two documents) err = %v, want an error", err)
	}
}

// BenchmarkParseUnknownKeys parses 240 KB of unknown top-level keys: the
// "did you mean" suggestions stop once the problem list is full.
func BenchmarkParseUnknownKeys(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("baseline: high\n")
	for i := 0; sb.Len() < 240_000; i++ {
		fmt.Fprintf(&sb, "unknown_%d: x\n", i)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseAssessment(data); err == nil {
			b.Fatal("no error")
		}
	}
}

// TestSeedAssessmentTemplate parses the assessment_template of the seed's
// quality-assessment.yaml verbatim (the testdata copy, so that it runs
// without spec/): bibliographic keys side by side, severity with impact,
// applies with impact.
func TestSeedAssessmentTemplate(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-assessment-template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseAssessment(data)
	if err != nil {
		t.Fatalf("ParseAssessment(assessment_template): %v", err)
	}
	// HIGH baseline, no downgrade, +1 large effect: High (clamped)
	l, err := a.Certainty()
	if err != nil || l != High || a.ID != "REF-XXX" || len(a.Downgrades) != 0 || len(a.Upgrades) != 1 || a.Baseline.AssessedBy != "Research Analyst" {
		t.Errorf("template = %+v, level %v, %v; want REF-XXX, High, one upgrade, assessed by Research Analyst", a, l, err)
	}
}

// TestSeedAssessmentTemplateSpec checks that the testdata copy reads as the
// template in the seed's own file does, when spec/ is there.
func TestSeedAssessmentTemplateSpec(t *testing.T) {
	dir := specDir(t)
	if dir == "" {
		t.Skip("shared/spec/aiwg/quality-assessment.yaml not found above the working directory; the testdata copy is tested by TestSeedAssessmentTemplate")
	}
	data, err := os.ReadFile(filepath.Join(dir, "aiwg", "quality-assessment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Template yaml.Node `yaml:"assessment_template"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	tmpl, err := yaml.Marshal(&doc.Template)
	if err != nil {
		t.Fatal(err)
	}
	copyData, err := os.ReadFile("testdata/seed-assessment-template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fromSpec, err1 := ParseAssessment(tmpl)
	fromCopy, err2 := ParseAssessment(copyData)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if d := cmp.Diff(fromSpec, fromCopy); d != "" {
		t.Errorf("testdata/seed-assessment-template.yaml reads differently from the spec's template (-spec +copy):\n%s", d)
	}
}
