package tot_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/tot"
)

// Condition and ParseCondition are inverses on random triggers.
func TestParseConditionRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ops := []string{">", ">=", "<", "<=", "==", "!="}
	units := []string{"", "ms", "USD", "%", "s"}
	for i := 0; i < 2000; i++ {
		th := float64(rng.IntN(2_000_000)-1_000_000) / float64([]int{1, 10, 1000}[rng.IntN(3)])
		tr := tot.Trigger{Metric: []string{"active_users", "p95_ms", "cost.monthly"}[rng.IntN(3)], Op: ops[rng.IntN(len(ops))], Threshold: &th, Unit: units[rng.IntN(len(units))]}
		switch rng.IntN(3) {
		case 1:
			tr.For = time.Duration(1+rng.IntN(500)) * []time.Duration{time.Minute, time.Hour, 24 * time.Hour}[rng.IntN(3)]
		case 2:
			tr.Consecutive = 1 + rng.IntN(30)
		}
		c := tr.Condition()
		got, err := tot.ParseCondition(c)
		if err != nil {
			t.Fatalf("ParseCondition(%q): %v", c, err)
		}
		if got.Metric != tr.Metric || got.Op != tr.Op || *got.Threshold != th || got.Unit != tr.Unit || got.For != tr.For || got.Consecutive != tr.Consecutive {
			t.Fatalf("ParseCondition(%q) = %+v (threshold %v), want %+v (threshold %v)", c, got, *got.Threshold, tr, th)
		}
	}
}

func TestParseConditionRejects(t *testing.T) {
	for _, s := range []string{"", "users exceed 40K", "active_users > ", "active_users >> 4", "active_users > 4 for", "x > 4 in 0 consecutive observations", "x > 4 for 3parsecs"} {
		if _, err := tot.ParseCondition(s); err == nil {
			t.Errorf("ParseCondition(%q) accepted", s)
		}
	}
}
