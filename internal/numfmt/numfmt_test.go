package numfmt

import (
	"math"
	"testing"
)

func TestTrimFixed(t *testing.T) {
	tests := []struct {
		v     float64
		prec  int
		trim  string
		fixed string
	}{
		{72.5, 2, "72.5", "72.50"},
		{70, 1, "70", "70.0"},
		{-0.0001, 2, "0", "0.00"},
		{math.Copysign(0, -1), 1, "0", "0.0"},
		{0.1 + 0.2, 4, "0.3", "0.3000"},
		{-3.25, 1, "-3.2", "-3.2"},
		{1e21, 0, "1000000000000000000000", "1000000000000000000000"},
		{math.NaN(), 2, "NaN", "NaN"},
	}
	for _, tt := range tests {
		if got := Trim(tt.v, tt.prec); got != tt.trim {
			t.Errorf("Trim(%v, %d) = %q, want %q", tt.v, tt.prec, got, tt.trim)
		}
		if got := Fixed(tt.v, tt.prec); got != tt.fixed {
			t.Errorf("Fixed(%v, %d) = %q, want %q", tt.v, tt.prec, got, tt.fixed)
		}
	}
}

func TestRound(t *testing.T) {
	if got := Round(72.49999999999999, 2); got != 72.5 {
		t.Errorf("Round(72.49999999999999, 2) = %v, want 72.5", got)
	}
	if got := Round(-0.0004, 2); got != 0 || math.Signbit(got) {
		t.Errorf("Round(-0.0004, 2) = %v, want +0", got)
	}
}

func TestShortest(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {0.1, "0.1"}, {-2.5, "-2.5"}, {1e21, "1000000000000000000000"}, {7.3999999999999995, "7.3999999999999995"},
	} {
		if got := Shortest(c.v); got != c.want {
			t.Errorf("Shortest(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
