package adr_test

import (
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/tot"
)

// protocolDecision is the protocol's architecture example: Phase 1
// criteria (with "Security must score 8+"), Phase 4 scores, Option 2
// (75.0) selected over Option 3 (85.0) with a qualitative rationale.
func protocolDecision() *tot.Decision {
	crit := []tot.Criterion{
		{ID: "performance", Name: "Performance", Weight: 30, Description: "Sub-100ms API response times", Source: "@.aiwg/requirements/nfr-modules/performance.md"},
		{ID: "scalability", Name: "Scalability", Weight: 25, Description: "Handle 10x growth without redesign", Source: "@.aiwg/requirements/nfr-modules/scalability.md"},
		{ID: "maintainability", Name: "Maintainability", Weight: 20, Description: "Team can modify without expert", Source: "@.aiwg/requirements/nfr-modules/maintainability.md"},
		{ID: "security", Name: "Security", Weight: 15, Critical: fptr(8), Description: "OWASP Top 10 mitigation", Source: "@.aiwg/requirements/nfr-modules/security.md"},
		{ID: "cost", Name: "Cost", Weight: 10, Description: "Operational costs <$5K/month", Source: "Budget constraint"},
	}
	alt := func(id, name string, s ...float64) tot.Alternative {
		a := tot.Alternative{ID: id, Name: name, Scores: map[string]tot.Score{}}
		for j, c := range crit {
			a.Scores[c.ID] = tot.Score{Value: s[j], Rationale: name + " on " + c.Name + " | see <notes>"}
		}
		a.Pros = []string{"Pro of " + name}
		a.Cons = []string{"Con of " + name}
		return a
	}
	return &tot.Decision{
		ID:        "ADR-0012",
		Title:     "Application architecture for the platform rewrite",
		Context:   "Monolithic PHP app; 1K users today, 10K projected in 2 years.",
		Threshold: new(65.0),
		CloseCall: new(5.0),
		Criteria:  crit,
		Alternatives: []tot.Alternative{
			alt("micro", "Microservices REST", 7, 9, 6, 8, 5),
			alt("mono", "Modular Monolith", 8, 6, 8, 8, 8),
			alt("lambda", "Serverless Lambda", 9, 10, 7, 8, 7),
			alt("hybrid", "Hybrid Micro+Mono", 8, 8, 5, 8, 6),
			alt("soa", "SOA with ESB", 7, 7, 6, 7, 6),
		},
		Selected:       "mono",
		Rationale:      "Team capability alignment: strong monolith expertise, zero serverless experience.",
		ContextFactors: []string{"Cloud-agnostic strategy", "6-month deadline"},
		TradeOffs:      []string{"Lower scalability ceiling (~50K concurrent users)", "Technology diversity limited"},
		Triggers: []tot.Trigger{
			{ID: "T1", Category: "scalability", Metric: "active_users", Op: ">", Threshold: fptr(40000), Description: "Active user count exceeds 40K"},
			{ID: "T2", Category: "performance", Metric: "p95_latency_ms", Op: ">", Threshold: fptr(200), For: 14 * 24 * 3600 * 1e9, Description: "p95 latency above 200ms for 2 weeks"},
			{ID: "T3", Category: "cost", Metric: "infra_cost_usd_month", Op: ">", Threshold: fptr(15000), Description: "Infrastructure costs exceed $15K/month"},
		},
	}
}

// record evaluates d and builds its record, failing the test on any error.
func record(t testing.TB, d *tot.Decision) (*tot.Result, *adr.Record) {
	t.Helper()
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatalf("Evaluate (method %q): %v", d.Method, err)
	}
	r, err := adr.FromDecision(d, res)
	if err != nil {
		t.Fatalf("FromDecision (method %q): %v", d.Method, err)
	}
	return res, r
}
