package tot_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/deliberate-dev/deliberate/tot"
)

func ExampleEvaluateTriggers() {
	t := tot.Trigger{ID: "T1", Category: "performance", Metric: "p95_latency_ms", Op: ">",
		Threshold: new(float64), Unit: "ms", Consecutive: 7,
		Description: "P95 latency > 500 ms for 7 consecutive days"}
	*t.Threshold = 500
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var obs []tot.Observation
	for i, v := range []float64{480, 510, 530, 520, 560, 590, 610, 640, 700} {
		obs = append(obs, tot.Observation{Metric: "p95_latency_ms", Time: day.AddDate(0, 0, i), Value: v})
	}
	fired, err := tot.EvaluateTriggers([]tot.Trigger{t}, obs)
	if err != nil {
		panic(err)
	}
	_ = json.NewEncoder(os.Stdout).Encode(fired)
	// Output:
	// [{"trigger":"T1","at":"2026-03-08T00:00:00Z","value":640}]
}

func ExampleLintTriggers() {
	ts := []tot.Trigger{
		{ID: "B1", Category: "performance", Description: "If performance becomes a problem"},
		{ID: "T2", Category: "performance", Metric: "active_users", Op: ">", Threshold: new(float64),
			Description: "Active user count exceeds 40K"},
	}
	*ts[1].Threshold = 40000
	for _, f := range tot.LintTriggers(ts) {
		fmt.Println(f.Code, f.Where)
	}
	// Output:
	// trigger-no-metric triggers[0].metric
	// trigger-no-operator triggers[0].op
	// trigger-no-threshold triggers[0].threshold
	// trigger-vague triggers[0].description
	// trigger-count triggers
	// trigger-single-category triggers
}
