package tot_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/tot"
)

func ptr(v float64) *float64 { return &v }

var day0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// daily returns one observation a day from day0 on.
func daily(metric string, values ...float64) []tot.Observation {
	obs := make([]tot.Observation, len(values))
	for i, v := range values {
		obs[i] = tot.Observation{Metric: metric, Time: day0.AddDate(0, 0, i), Value: v}
	}
	return obs
}

// p95 is the protocol's good performance trigger: "P95 response time
// exceeds 500ms for 7+ consecutive days".
var p95 = tot.Trigger{ID: "T1", Category: "performance", Metric: "p95_latency_ms", Op: ">", Threshold: ptr(500),
	Unit: "ms", Consecutive: 7, Description: "P95 response time exceeds 500ms for 7+ consecutive days"}

func TestEvaluateTriggers(t *testing.T) {
	forSix := p95
	forSix.Consecutive, forSix.For = 0, 6*24*time.Hour
	plain := p95
	plain.Consecutive = 0
	forSeven := forSix
	forSeven.For = 7 * 24 * time.Hour
	both := p95
	both.For = 8 * 24 * time.Hour // 7 observations and 8 days: the 8th day
	tests := []struct {
		name    string
		trigger tot.Trigger
		values  []float64
		want    []int // days (indexes) at which it fires
	}{
		{"6-day run does not fire", p95, []float64{510, 520, 530, 540, 550, 560, 400}, nil},
		{"7th consecutive day fires", p95, []float64{510, 520, 530, 540, 550, 560, 570}, []int{6}},
		{"fires once per episode", p95, []float64{510, 520, 530, 540, 550, 560, 570, 580, 590}, []int{6}},
		{"6 days, a dip, then 7 days", p95, []float64{600, 600, 600, 600, 600, 600, 500, 600, 600, 600, 600, 600, 600, 600}, []int{13}},
		{"re-arms after a dip", p95, []float64{600, 600, 600, 600, 600, 600, 600, 100, 600, 600, 600, 600, 600, 600, 600}, []int{6, 14}},
		{"equal to the threshold is no breach", p95, []float64{500, 500, 500, 500, 500, 500, 500}, nil},
		{"for 6 days fires on the 6th day", forSix, []float64{510, 520, 530, 540, 550, 560, 570}, []int{5}},
		{"for 6 days, 5-day run", forSix, []float64{510, 520, 530, 540, 550, 1}, nil},
		{"for 7 days fires on the 7th day", forSeven, []float64{510, 520, 530, 540, 550, 560, 570, 580}, []int{6}},
		{"for 7 days, 6-day run", forSeven, []float64{510, 520, 530, 540, 550, 560, 1}, nil},
		{"consecutive and for: both", both, []float64{510, 520, 530, 540, 550, 560, 570, 580}, []int{7}},
		{"plain fires at each episode's first breach", plain, []float64{1, 501, 502, 1, 1, 900}, []int{1, 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			obs := daily("p95_latency_ms", tc.values...)
			got, err := tot.EvaluateTriggers([]tot.Trigger{tc.trigger}, obs)
			if err != nil {
				t.Fatal(err)
			}
			want := []tot.Firing{}
			for _, d := range tc.want {
				want = append(want, tot.Firing{Trigger: "T1", At: obs[d].Time, Value: tc.values[d]})
			}
			if diff := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool {
				return p.Last().String() == ".Since" || p.Last().String() == ".Count"
			}, cmp.Ignore())); diff != "" {
				t.Errorf("EvaluateTriggers(%v) (-want +got):\n%s", tc.values, diff)
			}
		})
	}
}

func TestEvaluateTriggersOps(t *testing.T) {
	values := []float64{1, 2, 3}
	// For each operator against threshold 2, the days that breach, by hand.
	breach := map[string][]bool{
		">": {false, false, true}, ">=": {false, true, true}, "<": {true, false, false},
		"<=": {true, true, false}, "==": {false, true, false}, "!=": {true, false, true},
	}
	for op, b := range breach {
		tr := tot.Trigger{ID: "T", Metric: "m", Op: op, Threshold: ptr(2)}
		got, err := tot.EvaluateTriggers([]tot.Trigger{tr}, daily("m", values...))
		if err != nil {
			t.Fatal(err)
		}
		// Plain trigger: one firing per run of breaching days.
		var want []float64
		for i := range b {
			if b[i] && (i == 0 || !b[i-1]) {
				want = append(want, values[i])
			}
		}
		var gotV []float64
		for _, f := range got {
			gotV = append(gotV, f.Value)
		}
		if !cmp.Equal(want, gotV) {
			t.Errorf("op %s: fired on %v, want %v", op, gotV, want)
		}
	}
}

func TestEvaluateTriggersOrder(t *testing.T) {
	// Unsorted observations of two metrics; two triggers on the same metric.
	users := tot.Trigger{ID: "users", Category: "scalability", Metric: "active_users", Op: ">", Threshold: ptr(40000)}
	cost := tot.Trigger{ID: "cost", Category: "cost", Metric: "infra_cost_usd", Op: ">", Threshold: ptr(20000), Consecutive: 3}
	usersHigh := tot.Trigger{ID: "users-high", Category: "scalability", Metric: "active_users", Op: ">=", Threshold: ptr(50000)}
	month := func(m int) time.Time { return time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	obs := []tot.Observation{
		{Metric: "infra_cost_usd", Time: month(4), Value: 23000},
		{Metric: "active_users", Time: month(3), Value: 52000},
		{Metric: "infra_cost_usd", Time: month(2), Value: 21000},
		{Metric: "infra_cost_usd", Time: month(3), Value: 22000},
		{Metric: "active_users", Time: month(1), Value: 30000},
		{Metric: "cpu", Time: month(1), Value: 99},
	}
	got, err := tot.EvaluateTriggers([]tot.Trigger{users, cost, usersHigh}, obs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"trigger":"users","at":"2026-03-01T00:00:00Z","value":52000},` +
		`{"trigger":"users-high","at":"2026-03-01T00:00:00Z","value":52000},` +
		`{"trigger":"cost","at":"2026-04-01T00:00:00Z","value":23000}]`
	if string(b) != want {
		t.Errorf("firings\n got %s\nwant %s", b, want)
	}
	if got[2].Since != month(2) || got[2].Count != 3 {
		t.Errorf("cost firing since %v count %d, want %v and 3", got[2].Since, got[2].Count, month(2))
	}
	none, err := tot.EvaluateTriggers(nil, nil)
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("no triggers: %v, %v; want an empty non-nil slice", none, err)
	}
}

// Two observations of one metric at the same time leave it unknown which
// value held (input order used to decide): an error naming both. The zero
// time.Time is an error, not an observation 2025 years before the others
// (which made the sampling period 2025 years and fired a "for: 14d"
// trigger on one breach, issue 13 #13).
func TestEvaluateTriggersBadTimes(t *testing.T) {
	tr := tot.Trigger{ID: "T", Metric: "m", Op: ">", Threshold: ptr(500), For: 14 * 24 * time.Hour}
	t1, t2 := day0, day0.Add(time.Hour)
	for _, tc := range []struct {
		name string
		obs  []tot.Observation
		want string
	}{
		{"same time twice", []tot.Observation{{Metric: "m", Time: t2, Value: 600}, {Metric: "m", Time: t1, Value: 600}, {Metric: "m", Time: t1, Value: 100}},
			`observations[2].time: duplicate: observations[1] of "m" is also at 2026-01-01T00:00:00Z`},
		{"zero time", []tot.Observation{{Metric: "m", Value: 600}, {Metric: "m", Time: t1, Value: 600}},
			"observations[0].time: missing (the zero time.Time)"},
	} {
		got, err := tot.EvaluateTriggers([]tot.Trigger{tr}, tc.obs)
		if !errors.Is(err, tot.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: EvaluateTriggers = %v, %v; want an error containing %q", tc.name, got, err, tc.want)
		}
	}
	// The same time for two different metrics is fine.
	other := []tot.Observation{{Metric: "m", Time: t1, Value: 600}, {Metric: "n", Time: t1, Value: 1}}
	if _, err := tot.EvaluateTriggers([]tot.Trigger{tr}, other); err != nil {
		t.Errorf("one time, two metrics: %v", err)
	}
}

func TestEvaluateTriggersErrors(t *testing.T) {
	ts := []tot.Trigger{
		{ID: "A", Metric: "m", Op: "=>", Threshold: ptr(1)},
		{ID: "A", Metric: "", Op: ">"},
		{ID: "", Metric: "m", Op: ">", Threshold: ptr(math.NaN()), Consecutive: -1},
	}
	obs := []tot.Observation{{Metric: "m", Time: day0, Value: math.NaN()}, {Metric: "", Time: day0, Value: math.Inf(1)}}
	_, err := tot.EvaluateTriggers(ts, obs)
	if !errors.Is(err, tot.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	var verr *tot.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err %T is not a *ValidationError", err)
	}
	var paths []string
	for _, p := range verr.Problems {
		paths = append(paths, p.Path)
	}
	want := []string{"triggers[0].op", "triggers[1].id", "triggers[1].metric", "triggers[1].threshold",
		"triggers[2].id", "triggers[2].threshold", "triggers[2].consecutive",
		"observations[0].value", "observations[1].metric", "observations[1].value"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("problem paths (-want +got):\n%s\n%v", diff, err)
	}
}

// The protocol's Backtracking Trigger Standards: three bad (unmeasurable)
// triggers and three good ones.
var (
	badTriggers = []tot.Trigger{
		{ID: "B1", Category: "performance", Description: "If performance becomes a problem"},
		{ID: "B2", Category: "team", Description: "If the team struggles with the technology"},
		{ID: "B3", Category: "cost", Description: "If costs get too high"},
	}
	goodTriggers = []tot.Trigger{
		p95,
		{ID: "T2", Category: "team", Metric: "senior_developers_left_6mo", Op: ">", Threshold: ptr(3), Unit: "developers",
			Description: ">3 senior developers leave within 6 months AND replacements not hired within 60 days"},
		{ID: "T3", Category: "cost", Metric: "monthly_infra_cost_usd", Op: ">", Threshold: ptr(20000), Unit: "USD", Consecutive: 3,
			Description: "Monthly infrastructure cost exceeds $20K (2x projection) for 3+ consecutive months"},
	}
)

func codes(fs []tot.Finding) map[string][]string {
	m := map[string][]string{}
	for _, f := range fs {
		m[f.Where] = append(m[f.Where], f.Code)
	}
	return m
}

func TestLintTriggers(t *testing.T) {
	if fs := tot.LintTriggers(goodTriggers); len(fs) != 0 {
		t.Errorf("good triggers: %+v", fs)
	}
	fs := tot.LintTriggers(badTriggers)
	got := codes(fs)
	for i := range badTriggers {
		p := "triggers[" + string(rune('0'+i)) + "]"
		want := map[string]string{p + ".metric": tot.CodeTriggerNoMetric, p + ".op": tot.CodeTriggerNoOperator,
			p + ".threshold": tot.CodeTriggerNoThreshold, p + ".description": tot.CodeTriggerVague}
		for where, code := range want {
			if !cmp.Equal(got[where], []string{code}) {
				t.Errorf("bad trigger %d: %s has %v, want [%s]", i, where, got[where], code)
			}
		}
	}
	// A structured trigger whose wording is vague is still flagged.
	vague := goodTriggers[0]
	vague.Description = "If it doesn't work out"
	if got := codes(tot.LintTriggers([]tot.Trigger{vague, goodTriggers[1], goodTriggers[2]})); !cmp.Equal(got["triggers[0].description"], []string{tot.CodeTriggerVague}) {
		t.Errorf("doesn't work out: %v", got)
	}
}

func TestLintTriggersList(t *testing.T) {
	one := goodTriggers[:1]
	eight := make([]tot.Trigger, 8)
	for i := range eight {
		eight[i] = goodTriggers[i%3]
	}
	same := []tot.Trigger{goodTriggers[0], goodTriggers[0], goodTriggers[0]}
	tests := []struct {
		name string
		ts   []tot.Trigger
		want []string
	}{
		{"none", nil, []string{tot.CodeTriggerCount}},
		{"one", one, []string{tot.CodeTriggerCount, tot.CodeTriggerSingleCategory}},
		{"eight", eight, []string{tot.CodeTriggerCount}},
		{"single category", same, []string{tot.CodeTriggerSingleCategory}},
		{"seven, three categories", append(append(append([]tot.Trigger{}, goodTriggers...), goodTriggers...), goodTriggers[0]), nil},
	}
	for _, tc := range tests {
		var got []string
		for _, f := range tot.LintTriggers(tc.ts) {
			if f.Where == "triggers" {
				got = append(got, f.Code)
			}
		}
		if !cmp.Equal(tc.want, got) {
			t.Errorf("%s: list findings %v, want %v", tc.name, got, tc.want)
		}
	}
}

// LintTriggers reports a description as vague when it uses a subjective
// phrase and states no number.
func TestLintTriggersVague(t *testing.T) {
	tests := []struct {
		s     string
		vague bool
	}{
		{"If performance becomes a problem", true},
		{"If it doesn't work out", true},
		{"If it doesn’t work out", true},
		{"If costs get too high", true},
		{"Caching strategy proves inadequate", true},
		{"Active user count exceeds 40K", false},
		{"Costs too high: above $15K/month", false}, // states a number
		{"95th percentile API response time consistently exceeds 200ms for 2+ weeks", false},
		{"Regulatory requirement demands strict data isolation", false},
		{"", false},
	}
	threshold := 1.0
	for _, tc := range tests {
		tr := tot.Trigger{ID: "T1", Category: "performance", Metric: "m", Op: ">", Threshold: &threshold, Description: tc.s}
		got := false
		for _, f := range tot.LintTriggers([]tot.Trigger{tr}) {
			if f.Code == tot.CodeTriggerVague && f.Where == "triggers[0].description" {
				got = true
			}
		}
		if got != tc.vague {
			t.Errorf("LintTriggers(description %q): vague finding %v, want %v", tc.s, got, tc.vague)
		}
	}
	if !strings.Contains(tot.LintTriggers(badTriggers[:1])[3].Message, "becomes a problem") {
		t.Errorf("vague finding does not quote the phrase: %+v", tot.LintTriggers(badTriggers[:1]))
	}
}

// A window counts the sampling period of each observation: hourly data needs
// 7×24 breaching hours for "for: 7d"; a lone observation covers nothing.
func TestEvaluateTriggersWindowSampling(t *testing.T) {
	tr := tot.Trigger{ID: "T", Metric: "m", Op: ">", Threshold: ptr(0), For: 7 * 24 * time.Hour}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var obs []tot.Observation
	for h := range 200 {
		obs = append(obs, tot.Observation{Metric: "m", Time: start.Add(time.Duration(h) * time.Hour), Value: 1})
	}
	got, err := tot.EvaluateTriggers([]tot.Trigger{tr}, obs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].At.Equal(obs[167].Time) || got[0].Count != 168 {
		t.Errorf("hourly: got %+v, want one firing at hour 168 (%v)", got, obs[167].Time)
	}
	got, err = tot.EvaluateTriggers([]tot.Trigger{tr}, obs[:1])
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("one observation: got %+v, want no firing", got)
	}
}
