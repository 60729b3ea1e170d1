package tot_test

import (
	"errors"
	"math"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/google/go-cmp/cmp"
)

func TestValidate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	thr := 5.0
	tests := []struct {
		name   string
		mutate func(d *tot.Decision)
		want   []string
	}{
		{"valid", func(d *tot.Decision) {}, nil},
		{"negative weight", func(d *tot.Decision) { d.Criteria[1].Weight = -0.5 }, []string{"criteria[1].weight"}},
		{"NaN weight", func(d *tot.Decision) { d.Criteria[0].Weight = nan }, []string{"criteria[0].weight"}},
		{"infinite weight", func(d *tot.Decision) { d.Criteria[0].Weight = inf }, []string{"criteria[0].weight"}},
		{"all-zero weights", func(d *tot.Decision) { d.Criteria[0].Weight, d.Criteria[1].Weight = 0, 0 }, []string{"criteria"}},
		{"overflowing weights", func(d *tot.Decision) { d.Criteria[0].Weight, d.Criteria[1].Weight = math.MaxFloat64, math.MaxFloat64 }, []string{"criteria"}},
		{"no criteria", func(d *tot.Decision) { d.Criteria = nil }, []string{"criteria", "alternatives[0].scores.x", "alternatives[0].scores.y", "alternatives[1].scores.x", "alternatives[1].scores.y"}},
		{"no alternatives", func(d *tot.Decision) { d.Alternatives = nil; d.Selected = "" }, []string{"alternatives"}},
		{"missing score", func(d *tot.Decision) { delete(d.Alternatives[1].Scores, "y") }, []string{"alternatives[1].scores.y"}},
		{"NaN score", func(d *tot.Decision) { d.Alternatives[0].Scores["x"] = tot.Score{Value: nan} }, []string{"alternatives[0].scores.x"}},
		{"infinite score", func(d *tot.Decision) { d.Alternatives[0].Scores["y"] = tot.Score{Value: -inf} }, []string{"alternatives[0].scores.y"}},
		{"score outside scale", func(d *tot.Decision) { d.Alternatives[0].Scores["y"] = tot.Score{Value: 5.5} }, []string{"alternatives[0].scores.y"}},
		{"score for unknown criteria", func(d *tot.Decision) {
			d.Alternatives[1].Scores["z"] = tot.Score{Value: 1}
			d.Alternatives[1].Scores["w"] = tot.Score{Value: 1}
		}, []string{"alternatives[1].scores.w", "alternatives[1].scores.z"}},
		{"empty criterion id", func(d *tot.Decision) { d.Criteria[0].ID = "" }, []string{"criteria[0].id", "alternatives[0].scores.x", "alternatives[1].scores.x"}},
		{"duplicate criterion id", func(d *tot.Decision) { d.Criteria[1].ID = "x" }, []string{"criteria[1].id", "alternatives[0].scores.y", "alternatives[1].scores.y"}},
		{"duplicate alternative id", func(d *tot.Decision) { d.Alternatives[1].ID = "A" }, []string{"alternatives[1].id"}},
		{"empty alternative id", func(d *tot.Decision) { d.Alternatives[0].ID = ""; d.Selected = "" }, []string{"alternatives[0].id"}},
		{"scale min >= max", func(d *tot.Decision) { d.Criteria[1].Scale = tot.Scale{Min: 5, Max: 5} }, []string{"criteria[1].scale"}},
		{"scale not finite", func(d *tot.Decision) { d.Criteria[1].Scale = tot.Scale{Min: 1, Max: inf} }, []string{"criteria[1].scale"}},
		{"unknown direction", func(d *tot.Decision) { d.Criteria[0].Direction = 2 }, []string{"criteria[0].direction"}},
		{"gate outside scale", func(d *tot.Decision) { d.Criteria[1].Critical = coreGate(0) }, []string{"criteria[1].critical"}},
		{"NaN gate", func(d *tot.Decision) { d.Criteria[0].Critical = coreGate(nan) }, []string{"criteria[0].critical"}},
		{"selection naming nothing", func(d *tot.Decision) { d.Selected = "C" }, []string{"selected"}},
		{"threshold above 100", func(d *tot.Decision) { d.Threshold = new(100.5) }, []string{"threshold"}},
		{"threshold negative", func(d *tot.Decision) { d.Threshold = new(-1.0) }, []string{"threshold"}},
		{"threshold NaN", func(d *tot.Decision) { d.Threshold = new(float64(nan)) }, []string{"threshold"}},
		{"close call negative", func(d *tot.Decision) { d.CloseCall = new(-0.1) }, []string{"close_call"}},
		{"close call infinite", func(d *tot.Decision) { d.CloseCall = new(float64(inf)) }, []string{"close_call"}},
		{"unknown method", func(d *tot.Decision) { d.Method = "dice" }, []string{"method"}},
		{"trigger problems", func(d *tot.Decision) {
			d.Triggers = []tot.Trigger{
				{ID: "T1", Metric: "m", Op: "=<", Threshold: &thr},
				{ID: "T1", Metric: "m", Op: ">", Threshold: coreGate(inf), For: -1, Consecutive: -2},
				{Metric: "m"},
			}
		}, []string{"triggers[1].id", "triggers[2].id", "triggers[0].op", "triggers[1].threshold", "triggers[1].for",
			"triggers[1].consecutive", "triggers[2].op"}},
		{"evidence and node ids", func(d *tot.Decision) {
			d.Evidence = []tot.EvidenceRef{{ID: "R"}, {ID: "R"}}
			d.Nodes = []tot.ThoughtNode{{}}
		}, []string{"evidence[1].id", "nodes[0].id"}},
		{"declared", func(d *tot.Decision) {
			d.Declared = []tot.Declared{
				{Alternative: "A", Value: nan, Scale: -1, Decimals: 16, Kind: "total"},
				{Alternative: "Z", Kind: tot.DeclaredScore, Criterion: "q"},
			}
		}, []string{"declared[0].value", "declared[0].scale", "declared[0].decimals", "declared[0].kind",
			"declared[1].alternative", "declared[1].criterion"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// x: 0–10 benefit, y: 1–5 cost with a gate at 4.
			d := &tot.Decision{
				Threshold: new(65.0), CloseCall: new(5.0), Selected: "A",
				Criteria: []tot.Criterion{
					{ID: "x", Weight: 2},
					{ID: "y", Weight: 1, Scale: tot.Scale{Min: 1, Max: 5}, Direction: tot.Cost, Critical: coreGate(4)},
				},
				Alternatives: []tot.Alternative{
					{ID: "A", Scores: map[string]tot.Score{"x": {Value: 9}, "y": {Value: 2}}},
					{ID: "B", Scores: map[string]tot.Score{"x": {Value: 6}, "y": {Value: 1}}},
				},
			}
			tc.mutate(d)
			err := d.Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				return
			}
			var verr *tot.ValidationError
			if !errors.As(err, &verr) || !errors.Is(err, tot.ErrInvalid) {
				t.Fatalf("Validate: %v, want a *ValidationError wrapping ErrInvalid", err)
			}
			if got := coreUnlabelled(err); !cmp.Equal(got, tc.want) {
				t.Errorf("Validate: %v\npaths %q\n want %q", err, got, tc.want)
			}
			// Evaluate refuses the same decision with the same problems.
			if _, err2 := tot.Evaluate(d); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("Evaluate: %v, want %v", err2, err)
			}
		})
	}
	var nilDecision *tot.Decision
	if err := nilDecision.Validate(); !errors.Is(err, tot.ErrInvalid) {
		t.Errorf("nil Validate: %v", err)
	}
}
