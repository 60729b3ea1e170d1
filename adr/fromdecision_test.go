package adr_test

import (
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/tot"
)

func TestFromDecisionNumbers(t *testing.T) {
	d := protocolDecision()
	_, r := record(t, d)
	// by hand: option 1 = 7×.30 + 9×.25 + 6×.20 + 8×.15 + 5×.10 = 7.25 → 72.5
	want := []string{"72.5", "75.0", "85.0", "72.0", "67.0"}
	for i, row := range r.Matrix.Rows {
		if got := row.Total.String(); got != want[i] {
			t.Errorf("row %d total = %s, want %s", i+1, got, want[i])
		}
	}
	// 9 at 25% is "9 (2.25)"; 7 at 15% is 1.05
	if c := r.Matrix.Rows[0].Cells[1]; c.Score.String()+" ("+c.Contribution.String()+")" != "9 (2.25)" {
		t.Errorf("cell = %s (%s), want 9 (2.25)", c.Score, c.Contribution)
	}
	if c := r.Matrix.Rows[4].Cells[3]; c.Contribution.String() != "1.05" {
		t.Errorf("SOA security contribution = %s, want 1.05", c.Contribution)
	}
	if p := r.Matrix.Rows[4].Pass; !strings.HasPrefix(p, "Fail") {
		t.Errorf("SOA pass column = %q, want a failure (Security 7 < 8)", p)
	}
	dec := r.Decision
	if dec.SelectedNumber != 2 || dec.Recommended != "Serverless Lambda" || dec.RecommendedScore.String() != "85.0" || dec.Score.String() != "75.0" {
		t.Errorf("decision = %+v", dec)
	}
	if r.Status != "Accepted" || len(r.Triggers) != 3 || len(dec.TradeOffs) != 2 {
		t.Errorf("status %q, %d triggers, %d trade-offs", r.Status, len(r.Triggers), len(dec.TradeOffs))
	}
}

func TestFromDecisionErrors(t *testing.T) {
	d := protocolDecision()
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := adr.FromDecision(nil, res); err == nil {
		t.Error("nil decision: no error")
	}
	if _, err := adr.FromDecision(d, nil); err == nil {
		t.Error("nil result: no error")
	}
	short := *res
	short.Ranking = short.Ranking[:2]
	if _, err := adr.FromDecision(d, &short); err == nil || !strings.Contains(err.Error(), "not in the result's ranking") {
		t.Errorf("incomplete ranking: %v", err)
	}
	other := *res
	other.Method = "topsis"
	if _, err := adr.FromDecision(d, &other); err == nil {
		t.Error("a result without weighted contributions: no error")
	}
}
