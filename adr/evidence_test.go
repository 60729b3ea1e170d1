package adr_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/tot"
)

// evidenceDecision: two options on three criteria. x = 50·0.9 + 30·0.5 +
// 20·0.5 = 70, y = 50·0.6 + 30·0.6 + 20·0.5 = 58, margin 12; the
// differences are a +15, b −3, c 0, so only a decides: x/a cites REF-001,
// y/a REF-002. Other scores cite REF-003; y/c cites nothing.
func evidenceDecision() *tot.Decision {
	sc := func(v float64, ids ...string) tot.Score { return tot.Score{Value: v, Evidence: ids} }
	zero := 0.0
	return &tot.Decision{
		ID: "ADR-0001", Title: "Cache for the catalogue", Threshold: &zero,
		Criteria: []tot.Criterion{{ID: "a", Name: "Latency", Weight: 50}, {ID: "b", Name: "Cost", Weight: 30}, {ID: "c", Name: "Operations", Weight: 20}},
		Alternatives: []tot.Alternative{
			{ID: "x", Name: "Redis", Scores: map[string]tot.Score{"a": sc(9, "REF-001"), "b": sc(5, "REF-003"), "c": sc(5, "REF-003")}},
			{ID: "y", Name: "Memcached", Scores: map[string]tot.Score{"a": sc(6, "REF-002"), "b": sc(6, "REF-003"), "c": sc(5)}},
		},
	}
}

func assessment(t *testing.T, id, level string, downs ...string) *grade.Assessment {
	t.Helper()
	y := fmt.Sprintf("id: %s\nbaseline: {level: %s, rationale: Vendor benchmark}\n", id, level)
	if len(downs) > 0 {
		y += "downgrades_applied:\n"
		for _, d := range downs {
			y += "  - {factor: " + d + ", severity: serious, rationale: Not our workload}\n"
		}
	}
	a, err := grade.ParseAssessment([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func registerOf(t *testing.T, as ...*grade.Assessment) *grade.Register {
	t.Helper()
	r := &grade.Register{}
	for _, a := range as {
		if err := r.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// evidenceRecord builds, evidences and renders the record of d.
func evidenceRecord(t *testing.T, d *tot.Decision, reg *grade.Register, f adr.Format) (*adr.Record, *tot.CertaintyReport, string) {
	t.Helper()
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := adr.FromDecision(d, res)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := adr.WithEvidence(rec, d, res, reg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := rec.Render(&b, f); err != nil {
		t.Fatal(err)
	}
	return rec, rep, b.String()
}

func reasonCodes(g adr.GateResult) []string {
	var out []string
	for _, f := range g.Reasons {
		out = append(out, string(f.Severity)+" "+f.Code)
	}
	return out
}

// A decision whose deciding score rests on Low evidence gets hedged wording
// and the gate lists why; a High assessment of the same source changes
// both.
func TestEvidenceLowThenHigh(t *testing.T) {
	d := evidenceDecision()
	low := registerOf(t, assessment(t, "REF-001", "high", "risk_of_bias", "indirectness"), // Low
		assessment(t, "REF-002", "high"), assessment(t, "REF-003", "moderate"))
	rec, rep, md := evidenceRecord(t, d, low, adr.ToT)
	if rep.Certainty != grade.Low {
		t.Fatalf("certainty %v, want Low", rep.Certainty)
	}
	const hedged = "Redis may rank above Memcached on these criteria (REF-001)."
	if !strings.Contains(md, hedged) {
		t.Errorf("the record lacks the hedged statement %q:\n%s", hedged, md)
	}
	strict := adr.GatePolicy{StateBelow: grade.Moderate}
	g := adr.Gate(rec, low, strict)
	if !g.Accept || g.Certainty != grade.Low {
		t.Errorf("gate on the hedged record: accept %v certainty %v, reasons %v", g.Accept, g.Certainty, g.Reasons)
	}
	why := ""
	for _, f := range g.Reasons {
		if f.Code == adr.CodeDecisionCertainty && strings.Contains(f.Message, "REF-001") {
			why = f.Message
		}
	}
	for _, want := range []string{"Low", "HIGH (baseline) - serious (risk of bias) - serious (indirectness) = LOW", "rated down 1 level for indirectness (serious): Not our workload"} {
		if !strings.Contains(why, want) {
			t.Errorf("the gate's reason for REF-001 %q lacks %q", why, want)
		}
	}

	// The same decision worded with certainty the evidence lacks: the gate
	// blocks it and says why, quoting the sentence.
	const claim = "The benchmark proves that Redis is faster than Memcached (REF-001)."
	bare := strings.Replace(md, hedged, claim, 1)
	parsed, err := adr.Parse([]byte(bare))
	if err != nil {
		t.Fatal(err)
	}
	g = adr.Gate(parsed, low, strict)
	codes := reasonCodes(g)
	if g.Accept || !slices.Contains(codes, "error over-confident") || len(g.Citations) != 1 || g.Citations[0].Citation.Sentence != claim {
		t.Errorf("gate on the unhedged record: accept %v, reasons %v, citations %+v", g.Accept, codes, g.Citations)
	}

	// A High assessment of REF-001: plain wording, High certainty.
	high := registerOf(t, assessment(t, "REF-001", "high"), assessment(t, "REF-002", "high"), assessment(t, "REF-003", "moderate"))
	rec, rep, md = evidenceRecord(t, d, high, adr.ToT)
	if rep.Certainty != grade.High {
		t.Fatalf("certainty %v, want High", rep.Certainty)
	}
	const plain = "The evidence shows that Redis will rank above Memcached on these criteria (REF-001, REF-002)."
	if !strings.Contains(md, plain) || strings.Contains(md, hedged) {
		t.Errorf("the record lacks the plain statement %q:\n%s", plain, md)
	}
	g = adr.Gate(rec, high, strict)
	if !g.Accept || g.Certainty != grade.High || slices.Contains(reasonCodes(g), "error unstated-uncertainty") {
		t.Errorf("gate with High evidence: accept %v certainty %v reasons %v", g.Accept, g.Certainty, g.Reasons)
	}
	// Over High evidence the claim passes.
	g = adr.Gate(mustParse(t, bare), high, strict)
	if !g.Accept || slices.Contains(reasonCodes(g), "error over-confident") {
		t.Errorf("the claim over High evidence: %v", g.Reasons)
	}
}

// A foreign ADR claiming "proves" over a Low source is flagged with the
// sentence and the source.
func TestGateForeignRecord(t *testing.T) {
	const doc = `# 12. Use PostgreSQL

Date: 2026-03-01

## Status

Proposed

## Context

We need a primary database for orders.

## Decision

We will use PostgreSQL. The benchmark proves that PostgreSQL handles our checkout load [REF-045].

## Consequences

The team keeps its SQL skills; TEAM-7 owns the migration (see REF-099).
`
	rec := mustParse(t, doc)
	reg := registerOf(t, assessment(t, "REF-045", "low"))
	g := adr.Gate(rec, reg, adr.GatePolicy{})
	if g.Accept {
		t.Errorf("gate accepts an over-confident claim: %v", g.Reasons)
	}
	var hit *grade.CitationFinding
	for i, c := range g.Citations {
		if c.Code == grade.CodeOverConfident {
			hit = &g.Citations[i]
		}
	}
	if hit == nil {
		t.Fatalf("no over-confident finding: %+v", g.Citations)
	}
	if hit.Citation.Source != "REF-045" || hit.Citation.Sentence != "The benchmark proves that PostgreSQL handles our checkout load [REF-045]." ||
		hit.Severity != tot.SeverityError || hit.Level != grade.Low || !strings.HasPrefix(hit.Where, "Decision, line ") {
		t.Errorf("finding %+v", *hit)
	}
	// REF-099 is cited outside the Decision section without assessment: a warning.
	found := false
	for _, f := range g.Reasons {
		if f.Code == grade.CodeUnassessedSource && strings.Contains(f.Where, "REF-099") && f.Severity == tot.SeverityWarning {
			found = true
		}
	}
	if !found {
		t.Errorf("no unassessed-source warning for REF-099: %v", g.Reasons)
	}
}

// A Decision section citing an unassessed source, or resting on Very low
// evidence without saying so, is blocked under the zero policy.
func TestGateZeroPolicy(t *testing.T) {
	tests := []struct {
		name     string
		decision string
		accept   bool
		codes    []string
	}{
		{"unassessed", "We will use PostgreSQL; see REF-099.", false, []string{"error unassessed-deciding-source"}},
		{"very low unstated", "We will use PostgreSQL, as the load test REF-007 found.", false, []string{"info decision-certainty", "error unstated-uncertainty"}},
		{"very low stated", "The evidence is very uncertain about whether PostgreSQL will hold the load (REF-007).", true, []string{"info decision-certainty"}},
		{"very low named", "We will use PostgreSQL (REF-007); the evidence is of very low certainty.", true, []string{"info decision-certainty"}},
		{"no citation", "We will use PostgreSQL.", true, []string{"warning no-decision-evidence"}},
	}
	reg := registerOf(t, assessment(t, "REF-007", "very_low"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := mustParse(t, "# 1. Database\n\n## Status\n\nProposed\n\n## Context\n\nOrders.\n\n## Decision\n\n"+tt.decision+"\n")
			g := adr.Gate(rec, reg, adr.GatePolicy{})
			if g.Accept != tt.accept || !slices.Equal(reasonCodes(g), tt.codes) {
				t.Errorf("accept %v reasons %v, want %v %v", g.Accept, g.Reasons, tt.accept, tt.codes)
			}
		})
	}
	if g := adr.Gate(nil, reg, adr.GatePolicy{}); g.Accept || len(g.Reasons) != 1 || g.Reasons[0].Code != adr.CodeNotGated {
		t.Errorf("nil record: %+v", g)
	}
}

// The record with its Evidence section, in every flavour.
func TestEvidenceGolden(t *testing.T) {
	d := evidenceDecision()
	reg := registerOf(t, assessment(t, "REF-001", "high", "risk_of_bias", "indirectness"), assessment(t, "REF-002", "high"))
	for _, f := range []adr.Format{adr.ToT, adr.MADR, adr.Nygard, adr.Log4brains} {
		_, _, md := evidenceRecord(t, d, reg, f)
		goldentest.Check(t, "testdata/golden/evidence."+f.String()+".md", []byte(md))
		// The Evidence section survives a parse and a render from the source.
		rec := mustParse(t, md)
		var b bytes.Buffer
		if err := rec.Render(&b, f); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "## Evidence\n") || !strings.Contains(b.String(), "| REF-001 | Low ⊕⊕◯◯ |") {
			t.Errorf("%s: the Evidence section is lost on a round trip:\n%s", f, b.String())
		}
		// The gate finds the Decision section in every flavour.
		if g := adr.Gate(rec, reg, adr.GatePolicy{StateBelow: grade.Moderate, AllowUnassessed: true}); !g.Accept || g.Certainty != grade.Low {
			t.Errorf("%s: gate accept %v certainty %v: %v", f, g.Accept, g.Certainty, g.Reasons)
		}
	}
}

// Property: the Decision section WithEvidence writes passes
// grade.CheckDocument against the levels of its own evidence — no claim
// worded more or less confidently than its sources allow — for random
// decisions, names and levels; only unassessed sources are reported.
func TestEvidenceWordingProperty(t *testing.T) {
	names := []string{"PostgreSQL", "MySQL", "Clearly Better DB", "May Store", "Proven Cache", "Redis", "DynamoDB with DAX", "Option X", "Likely Queue"}
	levels := []string{"high", "moderate", "low", "very_low", ""} // "" = unassessed
	rng := rand.New(rand.NewPCG(17, 1))
	for n := range 300 {
		nc, na := 1+rng.IntN(4), 2+rng.IntN(3)
		th := float64(rng.IntN(3)) * 20
		d := &tot.Decision{Title: "Property", Threshold: &th}
		for j := range nc {
			c := tot.Criterion{ID: fmt.Sprintf("c%d", j), Name: fmt.Sprintf("Criterion %d", j), Weight: float64(1 + rng.IntN(5))}
			if rng.IntN(4) == 0 {
				g := float64(rng.IntN(8))
				c.Critical = &g
			}
			d.Criteria = append(d.Criteria, c)
		}
		var srcs []string
		for k := range 4 {
			srcs = append(srcs, fmt.Sprintf("REF-%03d", 100+k))
		}
		for i := range na {
			a := tot.Alternative{ID: fmt.Sprintf("a%d", i), Name: names[rng.IntN(len(names))], Scores: map[string]tot.Score{}}
			for _, c := range d.Criteria {
				var ev []string
				for _, s := range srcs {
					if rng.IntN(3) == 0 {
						ev = append(ev, s)
					}
				}
				a.Scores[c.ID] = tot.Score{Value: float64(rng.IntN(11)), Evidence: ev}
			}
			d.Alternatives = append(d.Alternatives, a)
		}
		if rng.IntN(2) == 0 {
			d.Selected = d.Alternatives[rng.IntN(na)].ID
			d.Rationale = "Context."
		}
		reg := &grade.Register{}
		for _, s := range srcs {
			if l := levels[rng.IntN(len(levels))]; l != "" {
				if err := reg.Add(assessment(t, s, l)); err != nil {
					t.Fatal(err)
				}
			}
		}
		rec, rep, _ := evidenceRecord(t, d, reg, adr.ToT)
		dec := decisionSection(t, rec)
		for _, f := range grade.CheckDocument(dec, reg.Levels()) {
			if f.Code != grade.CodeUnassessedSource {
				t.Fatalf("case %d: %v\ncertainty %v unsupported %d\n%s", n, f, rep.Certainty, len(rep.Unsupported), dec)
			}
		}
		if rep.Recommended != "" && !strings.Contains(dec, "Certainty of the deciding evidence") {
			t.Fatalf("case %d: no certainty line:\n%s", n, dec)
		}
	}
}

// decisionSection returns the body of the rendered record's Decision section.
func decisionSection(t *testing.T, rec *adr.Record) string {
	t.Helper()
	var b bytes.Buffer
	if err := rec.Render(&b, adr.ToT); err != nil {
		t.Fatal(err)
	}
	for _, s := range mustParse(t, b.String()).Sections {
		if s.Heading == "Decision" {
			return s.Body
		}
	}
	return ""
}

// Gate never panics and always gives a verdict consistent with its
// reasons, whatever Markdown it audits.
func FuzzGate(f *testing.F) {
	f.Add("# 1. T\n\n## Decision\n\nThe benchmark proves it (REF-001).\n")
	f.Add("## Decision Outcome\n\nChosen option: X, see REF-999 and 10.1000/xyz.\n\n## Evidence\n\n| a | REF-002 |\n|---|---|\n")
	f.Add("")
	reg := &grade.Register{}
	for _, y := range []string{"id: REF-001\nbaseline: {level: low}\n", "id: REF-002\nbaseline: {level: very_low}\n"} {
		a, err := grade.ParseAssessment([]byte(y))
		if err != nil {
			f.Fatal(err)
		}
		if err := reg.Add(a); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, doc string) {
		rec, err := adr.Parse([]byte(doc))
		if err != nil {
			return
		}
		g := adr.Gate(rec, reg, adr.GatePolicy{StateBelow: grade.Moderate, Sources: []string{"X-1"}})
		blocked := slices.ContainsFunc(g.Reasons, func(f tot.Finding) bool { return f.Severity == tot.SeverityError })
		if g.Accept == blocked || g.Reasons == nil || g.Citations == nil {
			t.Fatalf("accept %v with reasons %v", g.Accept, g.Reasons)
		}
	})
}
