package tot_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/tot"
)

func TestParseTriggerText(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		in   string
		want tot.Trigger
	}{
		{"1. **Performance:** P95 response time exceeds 500ms for 7+ consecutive days",
			tot.Trigger{Category: "performance", Metric: "p95_response_time", Op: ">", Threshold: ptr(500), Unit: "ms", Consecutive: 7,
				Description: "P95 response time exceeds 500ms for 7+ consecutive days"}},
		{"2. **Team capability:** >3 senior developers leave within 6 months AND replacements not hired within 60 days",
			tot.Trigger{Category: "team", Metric: "senior_developers_leave", Op: ">", Threshold: ptr(3),
				Description: ">3 senior developers leave within 6 months AND replacements not hired within 60 days"}},
		{"3. **Cost:** Monthly infrastructure cost exceeds $20K (2x projection) for 3+ consecutive months",
			tot.Trigger{Category: "cost", Metric: "monthly_infrastructure_cost", Op: ">", Threshold: ptr(20000), Unit: "USD", Consecutive: 3,
				Description: "Monthly infrastructure cost exceeds $20K (2x projection) for 3+ consecutive months"}},
		{"**Scalability ceiling:** Active user count exceeds 40K (approaching monolith capacity limit)",
			tot.Trigger{Category: "scalability", Metric: "active_user", Op: ">", Threshold: ptr(40000),
				Description: "Active user count exceeds 40K (approaching monolith capacity limit)"}},
		{"**Performance degradation:** 95th percentile API response time consistently exceeds 200ms for 2+ weeks",
			tot.Trigger{Category: "performance", Metric: "95th_percentile_api_response_time", Op: ">", Threshold: ptr(200), Unit: "ms", For: 14 * day,
				Description: "95th percentile API response time consistently exceeds 200ms for 2+ weeks"}},
		{"- Query latency exceeds 200ms p95",
			tot.Trigger{Category: "performance", Metric: "query_latency", Op: ">", Threshold: ptr(200), Unit: "ms",
				Description: "Query latency exceeds 200ms p95"}},
		{"- If performance becomes a problem",
			tot.Trigger{Category: "performance", Description: "If performance becomes a problem"}},
		{"- If costs get too high", tot.Trigger{Category: "cost", Description: "If costs get too high"}},
		{"- If the team struggles with the technology", tot.Trigger{Category: "team", Description: "If the team struggles with the technology"}},
		{"Error rate >= 2.5% for 36 hours", tot.Trigger{Metric: "error_rate", Op: ">=", Threshold: ptr(2.5), Unit: "%", For: 36 * time.Hour,
			Description: "Error rate >= 2.5% for 36 hours"}},
		{"Error rate above 1% for 1 hour", tot.Trigger{Metric: "error_rate", Op: ">", Threshold: ptr(1), Unit: "%", For: time.Hour,
			Description: "Error rate above 1% for 1 hour"}},
		{"Scalability: Daily active users exceed 40K for two weeks", tot.Trigger{Category: "scalability", Metric: "daily_active_users",
			Op: ">", Threshold: ptr(40000), For: 14 * day, Description: "Daily active users exceed 40K for two weeks"}},
		{"P95 latency > 500 ms for 7 consecutive days", tot.Trigger{Category: "performance", Metric: "p95_latency", Op: ">",
			Threshold: ptr(500), Unit: "ms", Consecutive: 7, Description: "P95 latency > 500 ms for 7 consecutive days"}},
		{"Team grows beyond 20 engineers", tot.Trigger{Category: "team", Metric: "team_grows", Op: ">", Threshold: ptr(20),
			Description: "Team grows beyond 20 engineers"}},
		{"Re-evaluate if our p95 latency exceeds 300 ms for a week", tot.Trigger{Category: "performance", Metric: "p95_latency", Op: ">",
			Threshold: ptr(300), Unit: "ms", For: 7 * day, Description: "Re-evaluate if our p95 latency exceeds 300 ms for a week"}},
	}
	for _, tc := range tests {
		got := tot.ParseTriggerText(tc.in)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseTriggerText(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// The protocol's bad and good trigger lists, as prose, through
// ParseTriggerText and LintTriggers.
func TestLintTriggerText(t *testing.T) {
	parse := func(lines ...string) []tot.Trigger {
		var ts []tot.Trigger
		for i, l := range lines {
			tr := tot.ParseTriggerText(l)
			tr.ID = string(rune('A' + i))
			ts = append(ts, tr)
		}
		return ts
	}
	good := parse(
		"1. **Performance:** P95 response time exceeds 500ms for 7+ consecutive days",
		"2. **Team capability:** >3 senior developers leave within 6 months AND replacements not hired within 60 days",
		"3. **Cost:** Monthly infrastructure cost exceeds $20K (2x projection) for 3+ consecutive months",
	)
	if fs := tot.LintTriggers(good); len(fs) != 0 {
		t.Errorf("good prose triggers: %+v", fs)
	}
	bad := parse("- If performance becomes a problem", "- If the team struggles with the technology", "- If costs get too high")
	got := codes(tot.LintTriggers(bad))
	for i := range bad {
		w := "triggers[" + string(rune('0'+i)) + "]"
		for _, f := range []string{".metric", ".op", ".threshold", ".description"} {
			if len(got[w+f]) != 1 {
				t.Errorf("bad prose trigger %d: %s findings %v", i, f, got[w+f])
			}
		}
	}
}

func FuzzParseTriggerText(f *testing.F) {
	f.Add("**Cost:** Monthly infrastructure cost exceeds $20K for 3+ consecutive months")
	f.Add(">3 senior developers leave")
	f.Add("If it doesn't work out")
	f.Fuzz(func(t *testing.T, s string) {
		tr := tot.ParseTriggerText(s)
		if (tr.Op == "") != (tr.Threshold == nil) {
			t.Errorf("ParseTriggerText(%q): op %q with threshold %v", s, tr.Op, tr.Threshold)
		}
		if tr.For < 0 || tr.Consecutive < 0 {
			t.Errorf("ParseTriggerText(%q): negative window %+v", s, tr)
		}
		_ = tot.LintTriggers([]tot.Trigger{tr})
	})
}

func TestTriggerCondition(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		tr   tot.Trigger
		want string
	}{
		{tot.Trigger{Metric: "active_users", Op: ">", Threshold: ptr(40000), For: 14 * day}, "active_users > 40000 for 14d"},
		{tot.Trigger{Metric: "p95_ms", Op: ">=", Threshold: ptr(500), Unit: "ms", Consecutive: 7}, "p95_ms >= 500 ms in 7 consecutive observations"},
		{tot.Trigger{Metric: "error_rate", Op: "<", Threshold: ptr(0.0125), Unit: "%"}, "error_rate < 0.0125 %"},
		{tot.Trigger{Metric: "m", Op: ">"}, ""},                 // no threshold
		{tot.Trigger{Op: ">", Threshold: ptr(1)}, ""},           // no metric
		{tot.Trigger{Description: "If costs get too high"}, ""}, // nothing measurable
	}
	for _, tc := range tests {
		if got := tc.tr.Condition(); got != tc.want {
			t.Errorf("%+v.Condition() = %q, want %q", tc.tr, got, tc.want)
		}
	}
}
