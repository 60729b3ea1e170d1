package tot_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

var coreTexts = []string{
	"plain", "with: colon", "multi\nline\n", "  leading spaces", "quote \" and 'single'", "# not a comment",
	"ünïcødé ✓", "- dash", "true", "null", "30%", "0.5", "{braces}", "[brackets]", "tab\there", "",
}

func corePick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func coreText(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return ""
	}
	return corePick(r, coreTexts)
}

func coreTextList(r *rand.Rand) []string {
	n := r.IntN(3)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = corePick(r, coreTexts)
	}
	return out
}

// coreGenDecision returns a valid decision generated from seed: random scales,
// directions, weights, gates, scores, coreTexts, triggers, evidence, declared
// numbers and nodes.
func coreGenDecision(seed int) *tot.Decision {
	r := rand.New(rand.NewPCG(uint64(seed), 0x70742d636f7265))
	d := &tot.Decision{
		ID:        coreText(r),
		Title:     coreText(r),
		Context:   coreText(r),
		Threshold: new(float64(r.IntN(5) * 20)),
		CloseCall: new(float64(r.IntN(4)) * 2.5),
	}
	if r.IntN(4) == 0 {
		d.Method = "weighted_sum"
	}
	nc := 1 + r.IntN(6)
	points := r.IntN(2) == 0 // one weight form per decision
	for j := range nc {
		c := tot.Criterion{ID: fmt.Sprintf("c%d", j), Name: coreText(r), Description: coreText(r), Source: coreText(r)}
		switch k := r.IntN(4); {
		case k == 0 && points:
			c.Weight = float64(r.IntN(50))
		case k == 0:
			c.Weight = float64(r.IntN(100)) / 100
		case k == 1 && points:
			c.Weight = 1 + r.Float64()*10
		case k == 1:
			c.Weight = r.Float64()
		case k == 2:
			c.Weight = 0
		default:
			c.Weight = 1
		}
		switch r.IntN(4) {
		case 0: // default 0–10
		case 1:
			c.Scale = tot.Scale{Min: 1, Max: 5}
		case 2:
			c.Scale = tot.Scale{Min: -5, Max: 5}
		default:
			c.Scale = tot.Scale{Min: float64(r.IntN(10)), Max: 10 + r.Float64()*1000}
		}
		if r.IntN(3) == 0 {
			c.Direction = tot.Cost
		}
		if r.IntN(4) == 0 {
			lo, hi := c.Scale.Min, c.Scale.Max
			if c.Scale == (tot.Scale{}) {
				hi = 10
			}
			g := lo + (hi-lo)*r.Float64()
			c.Critical = &g
		}
		d.Criteria = append(d.Criteria, c)
	}
	if c := &d.Criteria[r.IntN(nc)]; c.Weight == 0 { // never all zero
		c.Weight = 1
	}
	na := 1 + r.IntN(6)
	for i := range na {
		a := tot.Alternative{ID: fmt.Sprintf("a%d", i), Name: coreText(r), Description: coreText(r),
			StatusQuo: r.IntN(5) == 0, Pros: coreTextList(r), Cons: coreTextList(r), Scores: map[string]tot.Score{}}
		for range r.IntN(3) {
			a.Risks = append(a.Risks, tot.Risk{Risk: corePick(r, coreTexts[:len(coreTexts)-1]), Mitigation: coreText(r)})
		}
		for _, c := range d.Criteria {
			lo, hi := c.Scale.Min, c.Scale.Max
			if c.Scale == (tot.Scale{}) {
				hi = 10
			}
			var v float64
			switch r.IntN(4) {
			case 0:
				v = lo
			case 1:
				v = hi
			case 2:
				v = lo + float64(r.IntN(int(hi-lo)+1))
			default:
				v = lo + (hi-lo)*r.Float64()
			}
			s := tot.Score{Value: min(v, hi)}
			if r.IntN(2) == 0 {
				s.Rationale = coreText(r)
				if r.IntN(2) == 0 {
					s.Evidence = []string{fmt.Sprintf("REF-%03d", r.IntN(5))}
				}
			}
			a.Scores[c.ID] = s
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	if r.IntN(2) == 0 {
		d.Selected = d.Alternatives[r.IntN(na)].ID
		d.Rationale = coreText(r)
	}
	d.TradeOffs, d.ContextFactors = coreTextList(r), coreTextList(r)
	ops := []string{">", ">=", "<", "<=", "==", "!="}
	for k := range r.IntN(4) {
		t := tot.Trigger{ID: fmt.Sprintf("T%d", k), Category: coreText(r), Description: coreText(r), Action: coreText(r)}
		if r.IntN(3) > 0 {
			x := float64(r.IntN(100000)) / 4
			t.Metric, t.Op, t.Threshold, t.Unit = "metric_"+fmt.Sprint(k), corePick(r, ops), &x, coreText(r)
			t.For = corePick(r, []time.Duration{0, 14 * 24 * time.Hour, 36 * time.Hour, 90 * time.Minute, 21 * 24 * time.Hour, 1500 * time.Millisecond})
			t.Consecutive = r.IntN(4)
		}
		d.Triggers = append(d.Triggers, t)
	}
	for k := range r.IntN(3) {
		e := tot.EvidenceRef{ID: fmt.Sprintf("REF-%03d", k)}
		if r.IntN(2) == 0 {
			e.Assessment = &grade.Assessment{ID: e.ID, Title: corePick(r, coreTexts),
				Baseline: grade.Baseline{Level: corePick(r, []grade.Level{grade.High, grade.Low}), Rationale: corePick(r, coreTexts)}}
			e.Title = e.Assessment.Title // the entry's title is the assessment's
			if r.IntN(2) == 0 {
				e.Assessment.Downgrades = []grade.Rating{{Domain: grade.Imprecision, Severity: grade.Serious, Rationale: corePick(r, coreTexts)}}
			}
		}
		d.Evidence = append(d.Evidence, e)
	}
	for k := range r.IntN(3) {
		x := tot.Declared{Where: coreText(r), Alternative: d.Alternatives[r.IntN(na)].ID, Value: float64(r.IntN(1000)) / 10,
			Decimals: r.IntN(3), Scale: corePick(r, []float64{0, 1, 10, 100})}
		switch k % 3 {
		case 1:
			x.Kind, x.Criterion = tot.DeclaredContribution, d.Criteria[r.IntN(nc)].ID
		case 2:
			x.Kind, x.Criterion = tot.DeclaredScore, d.Criteria[r.IntN(nc)].ID
		}
		d.Declared = append(d.Declared, x)
	}
	for k := range r.IntN(3) {
		d.Nodes = append(d.Nodes, tot.ThoughtNode{ID: fmt.Sprintf("s%d", 10+k), Parent: coreText(r), Depth: r.IntN(3),
			Name: coreText(r), Description: coreText(r), Status: corePick(r, []string{"", "pruned", "not_evaluated"}), Reason: coreText(r)})
	}
	return d
}

func TestGenDecisionValid(t *testing.T) {
	for seed := range 300 {
		if err := coreGenDecision(seed).Validate(); err != nil {
			t.Fatalf("seed %d: generated decision invalid: %v", seed, err)
		}
	}
}

// ParseDecision(WriteDecision(d)) == d, and ParseDecision(json.Marshal(d))
// == d.
func TestWriteDecisionRoundTrip(t *testing.T) {
	for seed := range 300 {
		d := coreGenDecision(seed)
		var buf bytes.Buffer
		if err := tot.WriteDecision(&buf, d); err != nil {
			t.Fatalf("seed %d: WriteDecision: %v", seed, err)
		}
		j, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("seed %d: json.Marshal: %v", seed, err)
		}
		for _, f := range []struct {
			name string
			data []byte
		}{{"YAML", buf.Bytes()}, {"JSON", j}} {
			got, err := tot.ParseDecision(f.data)
			if err != nil {
				t.Fatalf("seed %d %s: ParseDecision: %v\n%s", seed, f.name, err, f.data)
			}
			if diff := cmp.Diff(d, got); diff != "" {
				t.Fatalf("seed %d %s: round trip (-want +got):\n%s\n%s", seed, f.name, diff, f.data)
			}
		}
	}
}

// Loaded documents, written and read back, are unchanged too (the seed
// document becomes a decision file).
func TestWriteDecisionRoundTripFiles(t *testing.T) {
	for _, name := range []string{"core/protocol.yaml", "core/tot-decide.json", "seed/tot-001.yaml"} {
		d := coreParseFile(t, name)
		var buf bytes.Buffer
		if err := tot.WriteDecision(&buf, d); err != nil {
			t.Fatal(err)
		}
		got, err := tot.ParseDecision(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, buf.Bytes())
		}
		if diff := cmp.Diff(d, got); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", name, diff)
		}
	}
}

func TestDecisionJSONAndYAMLMarshalers(t *testing.T) {
	d := coreGenDecision(7)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var got tot.Decision
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("json.Unmarshal: %v\n%s", err, b)
	}
	if diff := cmp.Diff(*d, got); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	y, err := yaml.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	got = tot.Decision{}
	if err := yaml.Unmarshal(y, &got); err != nil {
		t.Fatalf("yaml.Unmarshal: %v\n%s", err, y)
	}
	if diff := cmp.Diff(*d, got); diff != "" {
		t.Errorf("YAML round trip (-want +got):\n%s", diff)
	}
}

func TestNormalizationText(t *testing.T) {
	for _, n := range []tot.Normalization{tot.MinMax, tot.Vector, tot.Sum, tot.Max} {
		b, err := n.MarshalText()
		if err != nil || string(b) != n.String() {
			t.Fatalf("%v.MarshalText() = %q, %v, want %q", n, b, err, n.String())
		}
		got := tot.Normalization(-1)
		if err := got.UnmarshalText(b); err != nil || got != n {
			t.Errorf("UnmarshalText(%q) = %v, %v, want %v", b, got, err, n)
		}
	}
	if _, err := tot.Normalization(7).MarshalText(); err == nil {
		t.Error("Normalization(7).MarshalText(): no error")
	}
	n := tot.Vector
	err := n.UnmarshalText([]byte("l2"))
	if want := `unknown normalization "l2" (want minmax, vector, sum or max)`; err == nil || err.Error() != want || n != tot.Vector {
		t.Errorf(`UnmarshalText("l2") = %v, n = %v, want error %q, n unchanged`, err, n, want)
	}
}

func TestDirectionText(t *testing.T) {
	for _, d := range []tot.Direction{tot.Benefit, tot.Cost} {
		b, err := d.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got tot.Direction
		if err := got.UnmarshalText(b); err != nil || got != d {
			t.Errorf("round trip of %v: %v, %v", d, got, err)
		}
	}
	if _, err := tot.Direction(7).MarshalText(); err == nil {
		t.Error("MarshalText(7): no error")
	}
	var d tot.Direction
	if err := d.UnmarshalText([]byte("costly")); err == nil {
		t.Error(`UnmarshalText("costly"): no error`)
	}
}
