package tot

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
)

// An Observation is one timestamped value of a metric, as read from a
// monitoring system. EvaluateTriggers compares it with the triggers whose
// Metric is the same string.
type Observation struct {
	Metric string    // e.g. "p95_latency_ms"; matched exactly against Trigger.Metric
	Time   time.Time // when the value was observed
	Value  float64   // in the trigger's Unit; NaN and ±Inf are invalid
}

// A Firing reports that a trigger fired: its condition held (over its window,
// if it has one) at the observation at time At, whose value was Value.
//
// It marshals to JSON as {"trigger":"<id>","at":"<RFC 3339 time>","value":<number>}.
type Firing struct {
	Trigger string    `json:"trigger"` // Trigger.ID
	At      time.Time `json:"at"`      // time of the observation at which it fired
	Value   float64   `json:"value"`   // value of that observation

	// Since is the time of the first breaching observation of the episode
	// (equal to At for a trigger without a window).
	Since time.Time `json:"-"`
	// Count is the number of consecutive breaching observations of the
	// episode up to and including the one at At.
	Count int `json:"-"`
}

// Trigger operators accepted by EvaluateTriggers and LintTriggers.
var triggerOps = []string{">", ">=", "<", "<=", "==", "!="}

// breaches reports whether v satisfies "v op threshold". op must be one of
// triggerOps.
func breaches(op string, v, threshold float64) bool {
	switch op {
	case ">":
		return v > threshold
	case ">=":
		return v >= threshold
	case "<":
		return v < threshold
	case "<=":
		return v <= threshold
	case "==":
		return v == threshold
	case "!=":
		return v != threshold
	}
	return false
}

// EvaluateTriggers evaluates backtracking triggers against a series of
// observations and returns every firing, ordered by time, then by the
// trigger's position in ts.
//
// Semantics, per trigger:
//
//   - Only observations whose Metric equals the trigger's Metric are
//     considered, in time order (the input order need not be sorted; equal
//     times keep their input order).
//   - An observation breaches when "Value Op Threshold" holds (Op is one of
//     >, >=, <, <=, ==, !=; comparisons are exact).
//   - A breach episode is a maximal run of consecutive breaching
//     observations. A trigger fires at most once per episode and re-arms at
//     the next non-breaching observation.
//   - Without a window (For == 0 and Consecutive == 0) it fires at the
//     first observation of each episode.
//   - Consecutive: n fires at the n-th consecutive breaching observation
//     ("p95 > 500 for 7 consecutive days" with daily observations is
//     Consecutive: 7 and fires on the 7th day, not on a 6-day run).
//   - Each observation stands for the sampling period that ends at it: the
//     smallest positive gap between two observations of the metric (zero
//     when there is only one). An episode whose first observation is at t0
//     therefore covers t − t0 + period at the observation at t.
//   - For: d fires at the first observation of an episode whose coverage
//     is at least d: the condition held on every observation throughout a
//     window of length d. With daily observations "for: 7d" fires on the
//     7th consecutive breaching day, like Consecutive: 7, and not on a
//     6-day run; with hourly observations it needs 168 of them.
//   - With both set, both must hold.
//
// Invalid input (a trigger without an ID, a metric, a known operator or a
// threshold, a non-finite threshold or value, a negative window, duplicate
// trigger IDs, an observation without a metric, an observation at the zero
// time.Time, two observations of one metric at the same time) is an error
// listing every problem (at most diag.MaxProblems, the rest counted); it
// wraps ErrInvalid. The result is never nil on success.
func EvaluateTriggers(ts []Trigger, obs []Observation) ([]Firing, error) {
	if err := validateTriggerInput(ts, obs); err != nil {
		return nil, err
	}
	// Observations by metric, in time order (stable for equal times).
	byMetric := map[string][]Observation{}
	for _, o := range obs {
		byMetric[o.Metric] = append(byMetric[o.Metric], o)
	}
	for _, series := range byMetric {
		slices.SortStableFunc(series, func(a, b Observation) int { return a.Time.Compare(b.Time) })
	}
	type indexed struct {
		f       Firing
		trigger int
	}
	var all []indexed
	for i, t := range ts {
		for _, f := range fireSeries(t, byMetric[t.Metric]) {
			all = append(all, indexed{f, i})
		}
	}
	slices.SortStableFunc(all, func(a, b indexed) int {
		if c := a.f.At.Compare(b.f.At); c != 0 {
			return c
		}
		return cmp.Compare(a.trigger, b.trigger)
	})
	out := make([]Firing, 0, len(all))
	for _, x := range all {
		out = append(out, x.f)
	}
	return out, nil
}

// fireSeries evaluates one valid trigger against the time-ordered
// observations of its metric.
func fireSeries(t Trigger, series []Observation) []Firing {
	var out []Firing
	var (
		run   int       // consecutive breaching observations so far
		since time.Time // first observation of the current episode
		fired bool      // the trigger fired in the current episode
	)
	need := max(t.Consecutive, 1)
	period := samplingPeriod(series)
	for _, o := range series {
		if !breaches(t.Op, o.Value, *t.Threshold) {
			run, fired = 0, false
			continue
		}
		if run == 0 {
			since = o.Time
		}
		run++
		if fired || run < need || o.Time.Sub(since)+period < t.For {
			continue
		}
		fired = true
		out = append(out, Firing{Trigger: t.ID, At: o.Time, Value: o.Value, Since: since, Count: run})
	}
	return out
}

// samplingPeriod returns the smallest positive gap between consecutive
// observations of a time-ordered series, or 0 if there is none.
func samplingPeriod(series []Observation) time.Duration {
	var p time.Duration
	for i := 1; i < len(series); i++ {
		if g := series[i].Time.Sub(series[i-1].Time); g > 0 && (p == 0 || g < p) {
			p = g
		}
	}
	return p
}

// validateTriggerInput lists every problem of the triggers and observations.
func validateTriggerInput(ts []Trigger, obs []Observation) error {
	v := &validator{}
	add := v.addf
	seen := map[string]int{}
	for i, t := range ts {
		p := "triggers[" + strconv.Itoa(i) + "]"
		if t.ID == "" {
			add(p+".id", "missing")
		} else if j, dup := seen[t.ID]; dup {
			add(p+".id", "duplicate of triggers[%d].id %q", j, t.ID)
		} else {
			seen[t.ID] = i
		}
		if t.Metric == "" {
			add(p+".metric", "missing")
		}
		if t.Op == "" {
			add(p+".op", "missing")
		} else if !slices.Contains(triggerOps, t.Op) {
			add(p+".op", "unknown operator %q (want one of >, >=, <, <=, ==, !=)", t.Op)
		}
		switch {
		case t.Threshold == nil:
			add(p+".threshold", "missing")
		case math.IsNaN(*t.Threshold) || math.IsInf(*t.Threshold, 0):
			add(p+".threshold", "must be finite, got %v", *t.Threshold)
		}
		if t.For < 0 {
			add(p+".for", "must be >= 0, got %v", t.For)
		}
		if t.Consecutive < 0 {
			add(p+".consecutive", "must be >= 0, got %d", t.Consecutive)
		}
	}
	for i, o := range obs {
		p := "observations[" + strconv.Itoa(i) + "]"
		if o.Metric == "" {
			add(p+".metric", "missing")
		}
		if math.IsNaN(o.Value) || math.IsInf(o.Value, 0) {
			add(p+".value", "must be finite, got %v", o.Value)
		}
		if o.Time.IsZero() {
			add(p+".time", "missing (the zero time.Time): every observation needs the time it was made")
		}
	}
	duplicateTimes(obs, add)
	return v.err()
}

// duplicateTimes reports observations of one metric made at the same time:
// which of the two values held is unknown.
func duplicateTimes(obs []Observation, add func(path, format string, args ...any)) {
	idx := make([]int, 0, len(obs))
	for i, o := range obs {
		if !o.Time.IsZero() {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(obs[a].Metric, obs[b].Metric); c != 0 {
			return c
		}
		return obs[a].Time.Compare(obs[b].Time)
	})
	for k := 1; k < len(idx); k++ {
		a, b := obs[idx[k-1]], obs[idx[k]]
		if a.Metric == b.Metric && a.Time.Equal(b.Time) {
			add("observations["+strconv.Itoa(idx[k])+"].time", "duplicate: observations[%d] of %q is also at %s",
				idx[k-1], a.Metric, a.Time.Format(time.RFC3339Nano))
		}
	}
}
