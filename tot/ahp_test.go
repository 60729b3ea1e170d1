package tot

import "testing"

// The random-index table is the one AHP's doc lists (Saaty 1980 and its
// extension to n = 15).
func TestSaatyRI(t *testing.T) {
	want := []float64{0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59}
	if len(saatyRI) != len(want)+1 {
		t.Fatalf("saatyRI has %d entries, want %d (index 0 unused)", len(saatyRI), len(want)+1)
	}
	for i, w := range want {
		if n := i + 1; saatyRI[n] != w {
			t.Errorf("saatyRI[%d] = %v, want %v", n, saatyRI[n], w)
		}
	}
}
