package tot_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/google/go-cmp/cmp"
)

// coreBase is a valid decision file that the cases below modify by textual
// replacement.
const coreBase = `
title: Base
criteria:
  - {id: perf, weight: 60}
  - {id: cost, weight: 40, direction: cost, scale: [0, 100], critical: 50}
alternatives:
  - {id: a, scores: {perf: 7, cost: 20}}
  - {id: b, scores: {perf: 5, cost: 10}}
`

// coreUnlabelled is coreProblemPaths without the IDs that label indexed
// elements ("alternatives[0] (a).id" → "alternatives[0].id").
func coreUnlabelled(err error) []string {
	ps := coreProblemPaths(err)
	for i, p := range ps {
		if j := strings.Index(p, "] ("); j >= 0 {
			if k := strings.Index(p[j:], ")"); k >= 0 {
				ps[i] = p[:j+1] + p[j+k+1:]
			}
		}
	}
	return ps
}

func coreProblemPaths(err error) []string {
	var verr *tot.ValidationError
	if !errors.As(err, &verr) {
		return nil
	}
	var out []string
	for _, p := range verr.Problems {
		out = append(out, p.Path)
	}
	return out
}

func TestParseDecisionBase(t *testing.T) {
	d, err := tot.ParseDecision([]byte(coreBase))
	if err != nil {
		t.Fatal(err)
	}
	want := &tot.Decision{
		Title: "Base",
		Criteria: []tot.Criterion{
			{ID: "perf", Weight: 60},
			{ID: "cost", Weight: 40, Direction: tot.Cost, Scale: tot.Scale{Min: 0, Max: 100}, Critical: coreGate(50)},
		},
		Alternatives: []tot.Alternative{
			{ID: "a", Scores: map[string]tot.Score{"perf": {Value: 7}, "cost": {Value: 20}}},
			{ID: "b", Scores: map[string]tot.Score{"perf": {Value: 5}, "cost": {Value: 10}}},
		},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("ParseDecision (-want +got):\n%s", diff)
	}
}

func TestParseDecisionInvalid(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // replace old by new in coreBase ("" old: append new)
		want     []string
	}{
		{"negative weight", "weight: 60", "weight: -1", []string{"criteria[0] (perf).weight"}},
		{"NaN weight", "weight: 60", "weight: .nan", []string{"criteria[0] (perf).weight"}},
		{"infinite weight", "weight: 60", "weight: .inf", []string{"criteria[0] (perf).weight"}},
		{"NaN percentage", "weight: 60", `weight: "NaN%"`, []string{"criteria[0] (perf).weight"}},
		{"bad percentage", "weight: 60", `weight: "sixty%"`, []string{"criteria[0] (perf).weight"}},
		{"all-zero weights", "weight: 60}\n  - {id: cost, weight: 40", "weight: 0}\n  - {id: cost, weight: 0", []string{"criteria"}},
		{"missing score", "{perf: 5, cost: 10}", "{perf: 5}", []string{"alternatives[1] (b).scores.cost"}},
		{"NaN score", "perf: 7", "perf: .nan", []string{"alternatives[0] (a).scores.perf"}},
		{"score above scale", "perf: 7", "perf: 11", []string{"alternatives[0] (a).scores.perf"}},
		{"score below scale", "cost: 10}", "cost: -1}", []string{"alternatives[1] (b).scores.cost"}},
		{"score not a number", "perf: 7", "perf: high", []string{"alternatives[0] (a).scores.perf"}},
		{"score mapping without score", "perf: 7", "perf: {rationale: fast}", []string{"alternatives[0] (a).scores.perf.score"}},
		{"unknown criterion score", "perf: 7,", "perf: 7, security: 3,", []string{"alternatives[0] (a).scores.security"}},
		{"duplicate criterion", "id: cost", "id: perf", []string{"criteria[1] (perf).id", "alternatives[0] (a).scores.cost", "alternatives[1] (b).scores.cost"}},
		{"empty criterion id", "{id: perf, weight: 60}", "{weight: 60}", []string{"criteria[0].id", "alternatives[0] (a).scores.perf", "alternatives[1] (b).scores.perf"}},
		{"duplicate alternative", "id: b,", "id: a,", []string{"alternatives[1] (a).id"}},
		{"empty alternative id", "{id: a, scores", "{scores", []string{"alternatives[0].id"}},
		{"gate outside scale", "critical: 50", "critical: 101", []string{"criteria[1] (cost).critical"}},
		{"bad gate", "critical: 50", "critical: lots", []string{"criteria[1] (cost).critical"}},
		{"scale reversed", "scale: [0, 100]", "scale: [100, 0]", []string{"criteria[1] (cost).scale"}},
		{"scale not a pair", "scale: [0, 100]", "scale: [0, 50, 100]", []string{"criteria[1] (cost).scale"}},
		{"bad scale string", "scale: [0, 100]", `scale: "ten"`, []string{"criteria[1] (cost).scale"}},
		{"bad direction", "direction: cost", "direction: down", []string{"criteria[1] (cost).direction"}},
		{"selection naming nothing", "", "selected: c\nrationale: x\n", []string{"selected"}},
		{"threshold above 100", "", "threshold: 120\n", []string{"threshold"}},
		{"threshold negative", "", "threshold: -1\n", []string{"threshold"}},
		{"threshold not a number", "", "threshold: high\n", []string{"threshold"}},
		{"negative close call", "", "close_call: -1\n", []string{"close_call"}},
		{"unknown method", "", "method: astrology\n", []string{"method"}},
		{"unknown top-level field", "", "owner: me\n", []string{"owner"}},
		{"unknown criterion field", "weight: 60", "weight: 60, wieght: 1", []string{"criteria[0] (perf).wieght"}},
		{"duplicate key", "weight: 60", "weight: 60, weight: 70", []string{"criteria[0] (perf).weight"}},
		{"duplicate score key", "perf: 7,", "perf: 7, perf: 8,", []string{"alternatives[0] (a).scores.perf"}},
		{"criteria not a list", "", "trade_offs: {a: 1}\n", []string{"trade_offs"}},
		{"status_quo not a bool", "{id: a, ", "{id: a, status_quo: maybe, ", []string{"alternatives[0] (a).status_quo"}},
		{"trigger op", "", "triggers: [{id: T1, metric: users, op: '=>', threshold: 5}]\n", []string{"triggers[0] (T1).op"}},
		{"trigger without op", "", "triggers: [{id: T1, metric: users, threshold: 5}]\n", []string{"triggers[0] (T1).op"}},
		{"trigger without threshold", "", "triggers: [{id: T1, metric: users, op: '>'}]\n", []string{"triggers[0] (T1).threshold"}},
		{"trigger window", "", "triggers: [{id: T1, metric: users, op: '>', threshold: 5, for: 2 weeks}]\n", []string{"triggers[0] (T1).for"}},
		{"negative window", "", "triggers: [{id: T1, metric: users, op: '>', threshold: 5, for: -3d}]\n", []string{"triggers[0] (T1).for"}},
		{"negative consecutive", "", "triggers: [{id: T1, metric: users, op: '>', threshold: 5, consecutive: -1}]\n", []string{"triggers[0] (T1).consecutive"}},
		{"trigger ids", "", "triggers: [{id: T1}, {id: T1}, {description: x}]\n", []string{"triggers[1] (T1).id", "triggers[2].id"}},
		{"evidence without id", "", "evidence: [{title: x}]\n", []string{"evidence[0].id"}},
		{"evidence not a mapping", "", "evidence: [REF-1]\n", []string{"evidence[0]"}},
		{"duplicate key in graded evidence", "", "evidence: [{id: R, baseline: low, final_quality: low, final_quality: high}]\n", []string{"evidence[0] (R).final_quality"}},
		{"declared naming nothing", "", "declared: [{alternative: z, value: 1}]\n", []string{"declared[0].alternative"}},
		{"several at once", "weight: 60", "weight: -60", []string{"criteria[0] (perf).weight"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := coreBase + tc.new
			if tc.old != "" {
				if !strings.Contains(coreBase, tc.old) {
					t.Fatalf("coreBase lacks %q", tc.old)
				}
				in = strings.Replace(coreBase, tc.old, tc.new, 1)
			}
			d, err := tot.ParseDecision([]byte(in))
			if err == nil {
				t.Fatalf("ParseDecision(%s) = %+v, want an error at %v", in, d, tc.want)
			}
			if !errors.Is(err, tot.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if got := coreProblemPaths(err); !cmp.Equal(got, tc.want) {
				t.Errorf("ParseDecision(%s):\nerror %v\npaths %q, want %q", in, err, got, tc.want)
			}
		})
	}
}

// Every problem is listed at once, in document order, each once.
func TestParseDecisionAllProblems(t *testing.T) {
	in := `
threshold: 150
close_call: -2
criteria:
  - {id: perf, weight: -1, critical: 12}
  - {id: perf, weight: .nan, typo: 1}
alternatives:
  - {id: a, scores: {perf: 11, extra: 2}}
  - {id: a, scores: {}}
selected: z
triggers: [{id: T, op: "~", threshold: 1}]
`
	_, err := tot.ParseDecision([]byte(in))
	want := []string{
		"criteria[1] (perf).weight", "criteria[1] (perf).typo",
		"criteria[1] (perf).id", "criteria[0] (perf).weight", "criteria[0] (perf).critical",
		"alternatives[1] (a).id", "alternatives[0] (a).scores.perf", "alternatives[0] (a).scores.extra",
		"alternatives[1] (a).scores.perf", "selected", "threshold", "close_call", "triggers[0] (T).op",
	}
	if got := coreProblemPaths(err); !cmp.Equal(got, want) {
		t.Errorf("error %v\npaths %q\n want %q", err, got, want)
	}
	var verr *tot.ValidationError
	if !errors.As(err, &verr) || !strings.HasPrefix(err.Error(), "invalid decision: 13 problems\n\tcriteria[1] (perf).weight (line 6, column 24): must be finite") ||
		strings.Count(err.Error(), "\n") != 13 {
		t.Errorf("error text %q", err)
	}
}

func TestParseDecisionSyntax(t *testing.T) {
	for _, in := range []string{"", "criteria: [", "- a\n- b\n", "42", "a: 1\n---\nb: 2\n", "{\"criteria\": [}"} {
		_, err := tot.ParseDecision([]byte(in))
		if !errors.Is(err, tot.ErrInvalid) {
			t.Errorf("ParseDecision(%q): %v, want ErrInvalid", in, err)
		}
		if got := coreProblemPaths(err); len(got) != 1 || got[0] != "" {
			t.Errorf("ParseDecision(%q): paths %q, want one at the top", in, got)
		}
	}
}

// 30, 0.30 and "30%" weights mean the same once normalised.
func TestParseDecisionWeightForms(t *testing.T) {
	forms := [][2]string{{"30", "70"}, {"0.30", "0.70"}, {`"30%"`, `"70%"`}, {`" 30 % "`, `"70"`}}
	var first []byte
	for _, f := range forms {
		in := `
criteria: [{id: x, weight: ` + f[0] + `}, {id: y, weight: ` + f[1] + `}]
alternatives: [{id: a, scores: {x: 10, y: 0}}, {id: b, scores: {x: 0, y: 10}}]
`
		d, err := tot.ParseDecision([]byte(in))
		if err != nil {
			t.Fatalf("weights %v: %v", f, err)
		}
		r := coreEvaluate(t, d)
		if r.Ranking[0].Alternative != "b" || r.Ranking[0].Score != 70 || r.Ranking[1].Score != 30 {
			t.Errorf("weights %v: ranking %+v, want b 70, a 30", f, r.Ranking)
		}
		b, _ := json.Marshal(r)
		if first == nil {
			first = b
		} else if string(b) != string(first) {
			t.Errorf("weights %v: result %s, want %s", f, b, first)
		}
	}
	d, err := tot.ParseDecision([]byte(`
criteria: [{id: x, weight: "30%"}]
alternatives: [{id: a, scores: {x: 1}}]`))
	if err != nil || d.Criteria[0].Weight != 30 {
		t.Errorf(`"30%%" parsed as %v, %v; want 30`, d, err)
	}
}

func TestParseDecisionFields(t *testing.T) {
	in := `
id: ADR-0007
title: T
context: |
  C
method: weighted_sum
threshold: 0
close_call: 2.5
criteria:
  - id: sec
    name: Security
    weight: "15%"
    scale: "1-10"
    critical: "8+"
    description: OWASP
    source: NFR-SEC-001
  - {id: lat, weight: 1, scale: {min: 0, max: 500}, direction: cost}
alternatives:
  - id: pg
    name: PostgreSQL
    description: D
    status_quo: true
    pros: [p]
    cons: [c]
    risks: [{risk: r, mitigation: m}, just a risk]
    scores:
      sec: {score: 8, rationale: why, evidence: [REF-1, REF-2]}
      lat: {score: 120, evidence: REF-3}
selected: pg
rationale: R
trade_offs: [t]
context_factors: [f]
triggers:
  - {id: T1, category: performance, metric: p95, op: ">=", threshold: 200, unit: ms, for: 14d, consecutive: 3, description: D, action: A}
evidence:
  - {id: REF-1, baseline: {level: high}, final_quality: moderate}
nodes:
  - {id: s9, parent: s0, depth: 1, name: N, description: D, status: pruned, reason: R}
declared:
  - {where: x, kind: composite, alternative: pg, value: 0.5, scale: 1, decimals: 1}
`
	d, err := tot.ParseDecision([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	thr := 200.0
	want := &tot.Decision{
		ID: "ADR-0007", Title: "T", Context: "C\n", Method: "weighted_sum", Threshold: new(0.0), CloseCall: new(2.5),
		Criteria: []tot.Criterion{
			{ID: "sec", Name: "Security", Weight: 15, Scale: tot.Scale{Min: 1, Max: 10}, Critical: coreGate(8), Description: "OWASP", Source: "NFR-SEC-001"},
			{ID: "lat", Weight: 1, Scale: tot.Scale{Min: 0, Max: 500}, Direction: tot.Cost},
		},
		Alternatives: []tot.Alternative{{
			ID: "pg", Name: "PostgreSQL", Description: "D", StatusQuo: true, Pros: []string{"p"}, Cons: []string{"c"},
			Risks: []tot.Risk{{Risk: "r", Mitigation: "m"}, {Risk: "just a risk"}},
			Scores: map[string]tot.Score{
				"sec": {Value: 8, Rationale: "why", Evidence: []string{"REF-1", "REF-2"}},
				"lat": {Value: 120, Evidence: []string{"REF-3"}},
			},
		}},
		Selected: "pg", Rationale: "R", TradeOffs: []string{"t"}, ContextFactors: []string{"f"},
		Triggers: []tot.Trigger{{ID: "T1", Category: "performance", Metric: "p95", Op: ">=", Threshold: &thr, Unit: "ms",
			For: 14 * 24 * time.Hour, Consecutive: 3, Description: "D", Action: "A"}},
		Evidence: []tot.EvidenceRef{{ID: "REF-1", Assessment: &grade.Assessment{ID: "REF-1", Baseline: grade.Baseline{Level: grade.High}, Declared: &grade.Declared{Level: grade.Moderate}}}},
		Nodes:    []tot.ThoughtNode{{ID: "s9", Parent: "s0", Depth: 1, Name: "N", Description: "D", Status: "pruned", Reason: "R"}},
		Declared: []tot.Declared{{Where: "x", Kind: "composite", Alternative: "pg", Value: 0.5, Scale: 1, Decimals: 1}},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("ParseDecision (-want +got):\n%s", diff)
	}
}

func TestParseSeedDocument(t *testing.T) {
	d := coreParseFile(t, "seed/tot-001.yaml")
	if d.ID != "tot-001" || d.Title != "Select API architecture for e-commerce platform" {
		t.Errorf("ID %q Title %q", d.ID, d.Title)
	}
	var crit []string
	for _, c := range d.Criteria {
		crit = append(crit, c.ID)
		if c.Scale != (tot.Scale{Min: 1, Max: 10}) {
			t.Errorf("criterion %s scale %v, want 1–10", c.ID, c.Scale)
		}
	}
	if want := []string{"performance", "developer_experience", "flexibility", "client_support", "ecosystem_maturity"}; !cmp.Equal(crit, want) {
		t.Errorf("criteria %v, want %v", crit, want)
	}
	var alts, nodes []string
	for _, a := range d.Alternatives {
		alts = append(alts, a.ID)
	}
	for _, n := range d.Nodes {
		nodes = append(nodes, n.ID)
	}
	if !cmp.Equal(alts, []string{"s1", "s2"}) || !cmp.Equal(nodes, []string{"s0", "s3"}) {
		t.Errorf("alternatives %v nodes %v, want [s1 s2] [s0 s3]", alts, nodes)
	}
	if d.Selected != "s2" || d.EffectiveThreshold() != 80 || !strings.HasPrefix(d.Rationale, "GraphQL selected") {
		t.Errorf("selected %q threshold %v rationale %q", d.Selected, d.EffectiveThreshold(), d.Rationale)
	}
	var where []string
	for _, x := range d.Declared {
		where = append(where, x.Where)
	}
	want := []string{
		"thought_tree.nodes[1].evaluation.overall_score",
		"thought_tree.nodes[2].evaluation.overall_score",
		"synthesis.overall_score",
		"synthesis.dimension_scores.performance",
		"synthesis.dimension_scores.developer_experience",
		"synthesis.dimension_scores.flexibility",
		"synthesis.dimension_scores.client_support",
		"synthesis.dimension_scores.ecosystem_maturity",
		"synthesis.rejected_alternatives[0].score",
	}
	if !cmp.Equal(where, want) {
		t.Errorf("declared at %q\nwant %q", where, want)
	}
	if x := d.Declared[0]; x.Alternative != "s1" || x.Value != 0.72 || x.Decimals != 2 || x.Scale != 1 {
		t.Errorf("declared[0] = %+v", x)
	}
}

func TestParseSeedDocumentInvalid(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "seed", "tot-001.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"unknown field", "  scoring_method:", "  scoring_methd:", []string{"evaluation_criteria.scoring_methd"}},
		{"negative weight", "weight: 0.25", "weight: -0.25", []string{"evaluation_criteria.dimensions[1].weight"}},
		{"score outside scale", "flexibility: 6", "flexibility: 11", []string{"thought_tree.nodes[1].evaluation.dimension_scores.flexibility"}},
		{"unknown dimension", "flexibility: 6", "flexibilty: 6", []string{
			"thought_tree.nodes[1].evaluation.dimension_scores.flexibility",
			"thought_tree.nodes[1].evaluation.dimension_scores.flexibilty"}},
		{"selected unknown", `selected_node: "s2"`, `selected_node: "s9"`, []string{"synthesis.selected_node"}},
		{"duplicate node", `node_id: "s3"`, `node_id: "s1"`, []string{"thought_tree.nodes[3].node_id"}},
		{"bad scale", `scale: "1-10"`, `scale: "1-ten"`, []string{"evaluation_criteria.dimensions[0].scale"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(string(b), tc.old, tc.new, 1)
			if in == string(b) {
				t.Fatalf("document lacks %q", tc.old)
			}
			_, err := tot.ParseDecision([]byte(in))
			got := coreProblemPaths(err)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !cmp.Equal(got, want) {
				t.Errorf("error %v\npaths %q, want %q", err, got, want)
			}
		})
	}
}

// A declared number's precision is the number of decimals it was written
// with.
func TestParseDeclaredDecimals(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  int
	}{{"0.72", 2}, {"72", 0}, {"72.50", 2}, {"7.25e1", 1}, {"5e-3", 3}, {"1.5E+2", 0}, {"0.1234567890123456789", 15}} {
		in := coreBase + "declared: [{alternative: a, value: " + tc.value + "}]\n"
		d, err := tot.ParseDecision([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", tc.value, err)
		}
		if d.Declared[0].Decimals != 0 {
			t.Errorf("decision file %s: decimals %d, want 0 (the field decimals, absent)", tc.value, d.Declared[0].Decimals)
		}
		doc := strings.Replace(seedMini, "OVERALL", tc.value, 1)
		d, err = tot.ParseDecision([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", tc.value, err)
		}
		if got := d.Declared[0].Decimals; got != tc.want {
			t.Errorf("overall_score %s: decimals %d, want %d", tc.value, got, tc.want)
		}
	}
}

// seedMini is a minimal ToT document; OVERALL is replaced by a number.
const seedMini = `
tot_id: tot-900
task: {description: Mini, decision_type: data_model, complexity: low}
root_state: {state_id: s0, input: Pick one}
search_strategy: {algorithm: beam_search, parameters: {k: 3, b: 1}}
evaluation_criteria:
  dimensions: [{name: d, weight: 1, scale: "0-100"}]
  scoring_method: independent_evaluation
thought_tree:
  nodes:
    - {node_id: s1, depth: 1, parent_id: s0, content: {alternative: A, description: a}, evaluation: {status: evaluated, overall_score: OVERALL, dimension_scores: {d: 72.5}}}
  edges: [{from_node: s0, to_node: s1, branch_type: explore}]
termination_conditions: {solution_found: true}
`

// An alias bomb fails with a problem instead of expanding without bound.
func TestParseDecisionAliasBomb(t *testing.T) {
	doc := "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 9; i++ {
		doc += fmt.Sprintf("a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	doc += "criteria: [{id: x, weight: 1}]\nalternatives: [{id: a, scores: {x: 1}}]\nevidence: [{id: R, bomb: *a8}]\ntrade_offs: *a8\n"
	start := time.Now()
	_, err := tot.ParseDecision([]byte(doc))
	if !errors.Is(err, tot.ErrInvalid) {
		t.Fatalf("alias bomb: %v, want ErrInvalid", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("alias bomb took %v", d)
	}
}
