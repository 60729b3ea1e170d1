package adr_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/tot"
)

// Reopen an accepted record whose trigger fired: the new record supersedes
// it and says what changed. By hand: Redis 0.6×9+0.4×7 = 8.2 → 82, then
// 0.4×9+0.6×4 = 6.0 → 60; Memcached 8 on both criteria → 80 throughout.
func ExampleLog_Reopen() {
	dir, _ := os.MkdirTemp("", "adr")
	defer os.RemoveAll(dir)
	l, _ := adr.OpenLog(filepath.Join(dir, "adr"), adr.ToT)

	v1 := []byte(`title: Cache
criteria: [{id: speed, name: Speed, weight: 60}, {id: cost, name: Cost, weight: 40}]
alternatives:
  - {id: redis, name: Redis, scores: {speed: 9, cost: 7}}
  - {id: memcached, name: Memcached, scores: {speed: 8, cost: 8}}
selected: redis
rationale: Fastest.
triggers: [{id: T1, metric: hit_ratio, op: "<", threshold: 0.8, description: Hit ratio below 80%}]
`)
	d, _ := tot.ParseDecision(v1)
	res, _ := tot.Evaluate(d)
	r, _ := adr.FromDecision(d, res)
	r.Status, r.Date = "Accepted", "2026-01-10"
	e, _ := l.Append(r)

	v2 := []byte(`title: Cache
criteria: [{id: speed, name: Speed, weight: 40}, {id: cost, name: Cost, weight: 60}]
alternatives:
  - {id: redis, name: Redis, scores: {speed: 9, cost: 4}}
  - {id: memcached, name: Memcached, scores: {speed: 8, cost: 8}}
selected: memcached
rationale: Cost now matters more.
`)
	obs := []byte("time,metric,value\n2026-05-01T00:00:00Z,hit_ratio,0.9\n2026-05-02T00:00:00Z,hit_ratio,0.7\n")
	re, err := l.Reopen(adr.ReopenOptions{
		Number: e.Number, Decision: v2, DecisionName: "cache.yaml",
		Observations: obs, ObservationsName: "metrics.csv",
		At: time.Date(2026, 5, 3, 9, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ADR %d (%s) supersedes ADR %d\n", re.New.Number, re.Record.Status, re.Old.Number)
	for _, f := range re.Changes.Fired {
		fmt.Printf("fired: %s at %s\n", f.Text, f.Firing.At.Format(time.DateOnly))
	}
	for _, k := range re.Changes.Ranks {
		fmt.Printf("%s: rank %d → %d (%.1f → %.1f)\n", k.Alternative, k.OldRank, k.NewRank, *k.OldScore, *k.NewScore)
	}
	// Output:
	// ADR 2 (Proposed) supersedes ADR 1
	// fired: Hit ratio below 80% (hit_ratio < 0.8) at 2026-05-02
	// Memcached: rank 2 → 1 (80.0 → 80.0)
	// Redis: rank 1 → 2 (82.0 → 60.0)
}
