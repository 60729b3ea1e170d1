package sensitivity_test

import (
	"math"
	"slices"
	"testing"

	"github.com/deliberate-dev/deliberate/tot/sensitivity"
)

func closeTo(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestRankCorrelation(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	tests := []struct {
		name         string
		y            []float64
		rho, tau, ws float64
	}{
		{"identical", []float64{1, 2, 3, 4, 5}, 1, 1, 1},
		{"reversed", []float64{5, 4, 3, 2, 1}, -1, -1, 1 - (0.5*4/4 + 0.25*2/3 + 0.125*0/2 + 0.0625*2/3 + 0.03125*4/4)},
		// Swap of the top two: Σd² = 2 → ρ = 1 − 12/120 = 0.9; one discordant
		// pair of 10 → τ = 0.8; WS = 1 − (0.5·1/4 + 0.25·1/3).
		{"top swap", []float64{2, 1, 3, 4, 5}, 0.9, 0.8, 1 - (0.5/4 + 0.25/3)},
		// Swap of the bottom two weighs less in WS.
		{"bottom swap", []float64{1, 2, 3, 5, 4}, 0.9, 0.8, 1 - (0.0625/3 + 0.03125/4)},
	}
	for _, tt := range tests {
		rho, err := sensitivity.Spearman(x, tt.y)
		if err != nil {
			t.Fatal(err)
		}
		tau, _ := sensitivity.KendallTau(x, tt.y)
		ws, _ := sensitivity.WSCoefficient(x, tt.y)
		if !closeTo(rho, tt.rho, 1e-12) || !closeTo(tau, tt.tau, 1e-12) || !closeTo(ws, tt.ws, 1e-12) {
			t.Errorf("%s: ρ, τ, WS = %v, %v, %v, want %v, %v, %v", tt.name, rho, tau, ws, tt.rho, tt.tau, tt.ws)
		}
	}
	// Ties: Ranks averages, τ-b accounts for them.
	r := sensitivity.Ranks([]float64{0.9, 0.5, 0.5, 0.1}, true)
	if want := []float64{1, 2.5, 2.5, 4}; !slices.Equal(r, want) {
		t.Errorf("Ranks = %v, want %v", r, want)
	}
	tau, _ := sensitivity.KendallTau([]float64{1, 2, 3, 4}, r)
	// concordant 5, discordant 0, ties in y 1: 5/√(6·5)
	if !closeTo(tau, 5/math.Sqrt(30), 1e-12) {
		t.Errorf("τ-b with a tie = %v, want %v", tau, 5/math.Sqrt(30))
	}
}
