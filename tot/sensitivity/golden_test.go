package sensitivity_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
)

// TestSensitivityGolden renders the sensitivity of fixed decisions (one line
// per criterion, the rank reversals and the confidence) and compares it
// with testdata/sensitivity-*.golden; go test -run SensitivityGolden -update
// rewrites them (review the diff).
func TestSensitivityGolden(t *testing.T) {
	for _, method := range []string{"weighted_sum", "topsis", "vikor"} {
		t.Run(method, func(t *testing.T) {
			d := randomMCDADecision(17, 5, 4, tot.Method(method))
			if method == "weighted_sum" {
				d.Method = ""
			}
			a, err := sensitivity.Analyze(context.Background(), d, &sensitivity.SMAAOptions{Samples: 2000, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			fmt.Fprintf(&b, "recommended: %q, confidence: %s\n", a.Result.Recommended, a.Confidence)
			for _, s := range a.Stability {
				fmt.Fprintf(&b, "%s\n", s)
			}
			for _, r := range a.Reversals {
				fmt.Fprintf(&b, "without %s: recommended %q, changed %v, reversed pairs %v\n", r.Removed, r.Recommended, r.Changed, r.Pairs)
			}
			for i, id := range a.SMAA.Alternatives {
				fmt.Fprintf(&b, "SMAA %s: first %s, central weights %s\n", id, numfmt.Fixed(a.SMAA.Acceptability[i][0], 4), fmtFloats(a.SMAA.CentralWeights[i], 4))
			}
			goldentest.Check(t, filepath.Join("testdata", "sensitivity-"+method+".golden"), b.Bytes())
		})
	}
}

// fmtFloats formats xs with prec decimals, "[a b c]".
func fmtFloats(xs []float64, prec int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = numfmt.Fixed(x, prec)
	}
	return "[" + strings.Join(s, " ") + "]"
}
