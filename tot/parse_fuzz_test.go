package tot_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/google/go-cmp/cmp"
)

// FuzzParseDecision checks that ParseDecision never panics, that what it
// accepts is valid, evaluates without NaN and survives a write/parse round
// trip unchanged.
func FuzzParseDecision(f *testing.F) {
	for _, name := range []string{"core/protocol.yaml", "core/tot-decide.json", "seed/tot-001.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(coreBase))
	f.Add([]byte("criteria: [{id: x, weight: '30%', scale: '1-5', critical: '3+'}]\nalternatives: [{id: a, scores: {x: {score: 3, evidence: R}}}]\nevidence: [{id: R, a: &x [1], b: *x}]\ntriggers: [{id: T, metric: m, op: '>', threshold: 1, for: 2w}]"))
	f.Add([]byte("criteria: [{id: x, weight: 1}]\nalternatives: [{id: a, scores: {x: {score: 3, evidence: [R]}}}]\nevidence: [{id: R, title: T, baseline: {level: high}, downgrades_applied: [{factor: imprecision, severity: serious}]}, {id: S, title: U}]\nthreshold: 0\nmethod: topsis"))
	f.Add([]byte("tot_id: t\nevaluation_criteria: {dimensions: [{name: d, weight: 1, scale: binary}]}\nthought_tree: {nodes: [{node_id: s1, evaluation: {dimension_scores: {d: 1}, overall_score: 0.5}}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := tot.ParseDecision(data)
		if err != nil {
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("ParseDecision accepted an invalid decision: %v", err)
		}
		if r, err := tot.Evaluate(d); err == nil {
			for _, x := range r.Ranking {
				if math.IsNaN(x.Score) {
					t.Fatalf("NaN score for %q", x.Alternative)
				}
			}
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("json.Marshal(result): %v", err)
			}
		}
		var buf bytes.Buffer
		if err := tot.WriteDecision(&buf, d); err != nil {
			t.Fatalf("WriteDecision: %v", err)
		}
		back, err := tot.ParseDecision(buf.Bytes())
		if err != nil {
			t.Fatalf("ParseDecision(WriteDecision(d)): %v\n%s", err, buf.Bytes())
		}
		if diff := cmp.Diff(d, back); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}
