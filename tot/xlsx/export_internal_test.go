package xlsx

import (
	"strconv"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
)

// The formulas write the tie tolerance as text; it must stay the one
// tot.Evaluate ranks with.
func TestTieToleranceIsTots(t *testing.T) {
	if v, err := strconv.ParseFloat(tieTolerance, 64); err != nil || v != tot.TieTolerance {
		t.Errorf("tieTolerance %q = %v (%v), want tot.TieTolerance %v", tieTolerance, v, err, tot.TieTolerance)
	}
}
