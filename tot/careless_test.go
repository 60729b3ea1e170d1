package tot_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/tot"
)

// Careless and hostile input (issue 13): every case is an error or a
// finding that says what happened, never a silent change of the decision.

// The careless user's weights: 0.4 (meant as 40%) next to 35 and 25. Read
// as 0.4 points it is 0.7% of the weight and sqs would win; it is an error
// naming the rows of each form.
const mixedWeights = `
criteria:
  - {id: throughput, weight: 0.4}
  - {id: cost, weight: 35}
  - {id: ops, weight: 25}
alternatives:
  - {id: kafka, scores: {throughput: 10, cost: 5, ops: 6}}
  - {id: sqs, scores: {throughput: 5, cost: 8, ops: 8}}
`

func TestMixedWeightFormsRejected(t *testing.T) {
	_, err := tot.ParseDecision([]byte(mixedWeights))
	if !errors.Is(err, tot.ErrInvalid) {
		t.Fatalf("ParseDecision: %v, want ErrInvalid", err)
	}
	for _, want := range []string{
		"criteria (line 3, column 3): weights mix fractions (criteria[0] (throughput) 0.4) with points or percentages (criteria[1] (cost) 35, criteria[2] (ops) 25)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error\n%v\nwant it to contain\n%s", err, want)
		}
	}
	// The same in Go.
	d := mixedDecision(0.4)
	if _, err := tot.Evaluate(d); !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), "weights mix fractions") {
		t.Errorf("Evaluate(Go-built mix) = %v, want the weight-form error", err)
	}
	// Written in one form, kafka wins: 10×40% + 5×35% + 6×25% = 7.25 of 10
	// (72.5 points) against 5×40% + 8×35% + 8×25% = 6.8 (68 points).
	d = mixedDecision(40)
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	if res.Recommended != "kafka" || res.Ranking[0].Score != 72.5 || res.Ranking[1].Score != 68 {
		t.Errorf("recommended %s, ranking %+v; want kafka 72.5 over sqs 68", res.Recommended, res.Ranking)
	}
}

func mixedDecision(throughput float64) *tot.Decision {
	return &tot.Decision{
		Criteria: []tot.Criterion{{ID: "throughput", Weight: throughput}, {ID: "cost", Weight: 35}, {ID: "ops", Weight: 25}},
		Alternatives: []tot.Alternative{
			{ID: "kafka", Scores: map[string]tot.Score{"throughput": {Value: 10}, "cost": {Value: 5}, "ops": {Value: 6}}},
			{ID: "sqs", Scores: map[string]tot.Score{"throughput": {Value: 5}, "cost": {Value: 8}, "ops": {Value: 8}}},
		},
	}
}

// Weights 0 and 1 fit both forms: 1 with 0.5 is fractions, 1 with 30 is
// points; neither is a mix.
func TestWeightFormEdges(t *testing.T) {
	for _, ws := range [][]float64{{1, 0.5}, {1, 30}, {0, 0.3, 0.7}, {0, 40, 60}, {1, 1, 1}} {
		d := mixedDecision(0)
		for j, w := range ws {
			if j < len(d.Criteria) {
				d.Criteria[j].Weight = w
			}
		}
		d.Criteria = d.Criteria[:len(ws)]
		if len(ws) < 3 {
			for _, a := range d.Alternatives {
				delete(a.Scores, "ops")
			}
		}
		if err := d.Validate(); err != nil {
			t.Errorf("weights %v: %v", ws, err)
		}
	}
}

func TestWeightsRescaledWarning(t *testing.T) {
	for _, tc := range []struct {
		weights []float64
		want    string // "" for no finding
	}{
		{[]float64{30, 40, 35}, "weights (points or percentages) sum to 105, not 100: each was multiplied by 100/105 so that they sum to 100 (throughput 30 → 28.5714, cost 40 → 38.0952, ops 35 → 33.3333)"},
		{[]float64{0.3, 0.3, 0.3}, "weights (fractions) sum to 0.9, not 1: each was multiplied by 1/0.9 so that they sum to 1 (throughput 0.3 → 0.3333, cost 0.3 → 0.3333, ops 0.3 → 0.3333)"},
		{[]float64{40, 35, 25}, ""},
		{[]float64{0.1, 0.2, 0.7}, ""},          // 0.1 + 0.2 + 0.7 is 1 within rounding
		{[]float64{10.1, 20.2, 69.7}, ""},       // likewise 100
		{[]float64{1, 1, 1}, "sum to 3, not 1"}, // all 1: read as fractions
	} {
		d := mixedDecision(0)
		for j, w := range tc.weights {
			d.Criteria[j].Weight = w
		}
		res, err := tot.Evaluate(d)
		if err != nil {
			t.Fatalf("weights %v: %v", tc.weights, err)
		}
		var got []tot.Finding
		for _, f := range res.Findings {
			if f.Code == tot.CodeWeightsRescaled {
				got = append(got, f)
			}
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("weights %v: unexpected %v", tc.weights, got)
		case tc.want != "" && (len(got) != 1 || got[0].Severity != tot.SeverityWarning || !strings.Contains(got[0].Message, tc.want) || got[0].Where != "criteria"):
			t.Errorf("weights %v: findings %v, want one warning at criteria containing %q", tc.weights, got, tc.want)
		}
	}
}

// A decision built in Go and the same decision read from a file evaluate
// identically: nil Threshold and CloseCall mean 65 and 5 in both. The
// margin of 1.5 points is a close call and the 60-point alternative is
// below the threshold.
func TestGoAndFileDefaultsAgree(t *testing.T) {
	const file = `
criteria:
  - {id: perf, weight: 50}
  - {id: cost, weight: 50}
alternatives:
  - {id: a, scores: {perf: 8, cost: 7}}
  - {id: b, scores: {perf: 7, cost: 7.7}}
  - {id: c, scores: {perf: 6, cost: 6}}
`
	fromFile, err := tot.ParseDecision([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	inGo := &tot.Decision{
		Criteria: []tot.Criterion{{ID: "perf", Weight: 50}, {ID: "cost", Weight: 50}},
		Alternatives: []tot.Alternative{
			{ID: "a", Scores: map[string]tot.Score{"perf": {Value: 8}, "cost": {Value: 7}}},
			{ID: "b", Scores: map[string]tot.Score{"perf": {Value: 7}, "cost": {Value: 7.7}}},
			{ID: "c", Scores: map[string]tot.Score{"perf": {Value: 6}, "cost": {Value: 6}}},
		},
	}
	if diff := cmp.Diff(inGo, fromFile); diff != "" {
		t.Errorf("decision from the file differs from the Go one (-go +file):\n%s", diff)
	}
	r1, err1 := tot.Evaluate(fromFile)
	r2, err2 := tot.Evaluate(inGo)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if diff := cmp.Diff(r1, r2); diff != "" {
		t.Errorf("results differ (-file +go):\n%s", diff)
	}
	// a: (8+7)/2 = 7.5 → 75; b: (7+7.7)/2 = 7.35 → 73.5; c: 60.
	if !r2.CloseCall || r2.Margin == nil || *r2.Margin != 1.5 {
		t.Errorf("close call %v margin %v, want a close call at 1.5 (default close-call margin 5)", r2.CloseCall, r2.Margin)
	}
	if last := r2.Ranking[2]; last.Alternative != "c" || !last.BelowThreshold || last.Viable {
		t.Errorf("c: %+v, want below the default threshold 65", last)
	}
	if inGo.EffectiveThreshold() != 65 || inGo.EffectiveCloseCall() != 5 {
		t.Errorf("defaults %v %v, want 65 and 5", inGo.EffectiveThreshold(), inGo.EffectiveCloseCall())
	}
	// Zero, set explicitly, disables both, in Go and in the file.
	off, err := tot.ParseDecision([]byte(file + "threshold: 0\nclose_call: 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	inGo.Threshold, inGo.CloseCall = new(0.0), new(0.0)
	r3, _ := tot.Evaluate(off)
	r4, _ := tot.Evaluate(inGo)
	if diff := cmp.Diff(r3, r4); diff != "" || r4.CloseCall || !r4.Ranking[2].Viable {
		t.Errorf("with threshold and close_call 0: close call %v, c viable %v; file vs Go (-file +go):\n%s", r4.CloseCall, r4.Ranking[2].Viable, diff)
	}
}

// A scale whose width overflows float64 gave a NaN composite, ranked first.
// The edge: a width just below math.MaxFloat64 is accepted.
func TestScaleWidthBound(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		ok     bool
	}{
		{-1e308, 1e308, false},
		{-9e307, 9e307, false},    // width 1.8e308 > MaxFloat64 ≈ 1.7977e308
		{-8.9e307, 8.9e307, true}, // width 1.78e308
		{0, 5e-324, false},        // 1/width overflows
		{0, 1e-300, true},
	} {
		src := fmt.Sprintf("criteria:\n  - {id: x, weight: 1, scale: [%g, %g]}\nalternatives:\n  - {id: a, scores: {x: %g}}\n  - {id: b, scores: {x: %g}}\n", tc.lo, tc.hi, tc.hi, tc.lo)
		d, err := tot.ParseDecision([]byte(src))
		if !tc.ok {
			if !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), "criteria[0] (x).scale (line 2, column 31): width") {
				t.Errorf("scale [%g, %g]: ParseDecision error %v, want a width error at criteria[0] (x).scale", tc.lo, tc.hi, err)
			}
			m := tot.NewMatrix(1, 1)
			if _, err := tot.EvaluateMatrix(m, []tot.Column{{Weight: 1, Scale: tot.Scale{Min: tc.lo, Max: tc.hi}}}, 0); !errors.Is(err, tot.ErrInvalid) {
				t.Errorf("scale [%g, %g]: EvaluateMatrix error %v, want ErrInvalid", tc.lo, tc.hi, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("scale [%g, %g]: %v", tc.lo, tc.hi, err)
			continue
		}
		res, err := tot.Evaluate(d)
		if err != nil || res.Ranking[0].Score != 100 || res.Ranking[1].Score != 0 {
			t.Errorf("scale [%g, %g]: %+v, %v; want a at 100 and b at 0", tc.lo, tc.hi, res, err)
		}
	}
}

func TestIDControlCharactersAndLength(t *testing.T) {
	base := mixedDecision(40)
	for _, tc := range []struct {
		id   string
		want string // "" for valid
	}{
		{"a\x00b", `alternatives[0].id: "a\x00b" contains the control character U+0000`},
		{"line\nbreak", `contains the control character U+000A`},
		{"\x7f", `U+007F`},
		{"bad\xffutf8", `is not valid UTF-8`},
		{strings.Repeat("x", 256), ""},
		{strings.Repeat("x", 257), "is 257 bytes long, more than 256"},
		{"ünïcødé ✓", ""},
	} {
		d := *base
		d.Alternatives = append([]tot.Alternative(nil), base.Alternatives...)
		d.Alternatives[0].ID = tc.id
		err := d.Validate()
		if tc.want == "" {
			if err != nil {
				t.Errorf("id %q: %v", tc.id, err)
			}
			continue
		}
		if !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("id %.40q: error %v, want %q", tc.id, err, tc.want)
		}
	}
}

// Validation messages name IDs, one problem a line, with the YAML position
// and "did you mean" for unknown criterion IDs.
func TestProblemsNameIDs(t *testing.T) {
	const file = `criteria:
  - {id: security, weight: 60}
  - {id: cost, weight: 40}
alternatives:
  - {id: postgres, scores: {security: 8, cost: 6}}
  - {id: mongodb, scores: {securty: 5, cost: 6}}
`
	_, err := tot.ParseDecision([]byte(file))
	want := "invalid decision: 2 problems\n" +
		"\talternatives[1] (mongodb).scores.security (line 6, column 27): missing\n" +
		"\talternatives[1] (mongodb).scores.securty (line 6, column 37): unknown criterion \"securty\" (did you mean \"security\"?)"
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
}

func TestDuplicateKeyNamesBothLines(t *testing.T) {
	_, err := tot.ParseDecision([]byte("title: a\ncriteria: []\ntitle: b\n"))
	if !errors.Is(err, tot.ErrDuplicateKey) || !strings.Contains(err.Error(), `title (line 3, column 1): duplicate key "title" (lines 1 and 3)`) {
		t.Errorf("error %v, want a duplicate key naming lines 1 and 3", err)
	}
}

// emptyAlternatives is the attacker's input of issue 13 #1: n empty
// alternatives, n problems.
func emptyAlternatives(n int) []byte {
	var b strings.Builder
	b.WriteString("criteria: [{id: x, weight: 1}]\nalternatives:\n")
	for range n {
		b.WriteString("- {}\n")
	}
	return []byte(b.String())
}

// 40,000 problems: the message lists the first 100, one a line, and counts
// the rest; building it is linear (see BenchmarkManyProblems).
func TestManyProblemsCapped(t *testing.T) {
	data := emptyAlternatives(20000) // 2 problems each: id and score
	_, err := tot.ParseDecision(data)
	var verr *tot.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("ParseDecision: %v", err)
	}
	msg := err.Error()
	lines := strings.Count(msg, "\n") + 1
	if len(verr.Problems) != 100 || verr.Omitted != 39900 || lines != 102 {
		t.Errorf("%d problems kept, %d omitted, %d lines; want 100, 39900, 102", len(verr.Problems), verr.Omitted, lines)
	}
	if !strings.HasPrefix(msg, "invalid decision: 40000 problems\n\talternatives[0].id (line 3, column 3): required\n") ||
		!strings.HasSuffix(msg, "\n\t... and 39900 more") {
		t.Errorf("message starts %.120q and ends %q", msg, msg[len(msg)-40:])
	}
}

// An input past the node bound is one problem, not a cascade of "required".
func TestNodeBoundOneProblem(t *testing.T) {
	var b strings.Builder
	b.WriteString("title: &big [")
	for i := range 2000 {
		fmt.Fprintf(&b, "%d, ", i)
	}
	b.WriteString("0]\ncontext_factors: [")
	for range 1000 {
		b.WriteString("*big, ")
	}
	b.WriteString("*big]\n")
	_, err := tot.ParseDecision([]byte(b.String()))
	var verr *tot.ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 1 || !errors.Is(err, tot.ErrTooLarge) {
		t.Errorf("error %v, want one ErrTooLarge problem", err)
	}
}

func BenchmarkManyProblems(b *testing.B) {
	data := emptyAlternatives(20000) // 40,000 problems, 100 KB
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		_, err := tot.ParseDecision(data)
		if len(err.Error()) == 0 {
			b.Fatal("empty message")
		}
	}
}

// unknownScores is n alternatives citing an unknown criterion each, with
// 100 criteria to suggest from: the suggestions must not cost n × 100.
func unknownScores(n int) []byte {
	var b strings.Builder
	b.WriteString("criteria:\n")
	for j := range 100 {
		fmt.Fprintf(&b, "- {id: criterion_%03d, weight: 1}\n", j)
	}
	b.WriteString("alternatives:\n")
	for i := range n {
		fmt.Fprintf(&b, "- {id: a%d, scores: {criterion_x%03d: 1}}\n", i, i%1000)
	}
	return []byte(b.String())
}

func BenchmarkUnknownScores(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := unknownScores(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := tot.ParseDecision(data); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}

// An evidence entry's assessment built in Go is checked by grade.
func TestEvidenceAssessmentValidated(t *testing.T) {
	d := mixedDecision(40)
	d.Evidence = []tot.EvidenceRef{{ID: "REF-1", Assessment: &grade.Assessment{ID: "REF-1"}}} // no baseline level
	err := d.Validate()
	if !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), "evidence[0] (REF-1).baseline.level: missing or invalid certainty level") {
		t.Errorf("Validate: %v, want the assessment's baseline problem under evidence[0]", err)
	}
	d.Evidence[0].Assessment.Baseline.Level = grade.Moderate
	if err := d.Validate(); err != nil {
		t.Errorf("Validate with a baseline: %v", err)
	}
}

// TestEvidenceProblemKeepsGradePosition checks that a problem grade finds
// in an evidence entry's assessment keeps its sentinel and the position of
// the key (column 5), not only its path.
func TestEvidenceProblemKeepsGradePosition(t *testing.T) {
	file := "criteria: [{id: a, weight: 1}]\n" +
		"alternatives: [{id: p, scores: {a: 1}}]\n" +
		"evidence:\n" +
		"  - id: R\n" +
		"    Baseline: {Level: low}\n" +
		"    finl_quality: high\n"
	_, err := tot.ParseDecision([]byte(file))
	want := `evidence[0] (R).finl_quality (line 6, column 5): unknown field "finl_quality"`
	if !errors.Is(err, tot.ErrUnknownField) || err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ParseDecision of an evidence entry with an unknown field: error %v, want ErrUnknownField and %q", err, want)
	}
}
