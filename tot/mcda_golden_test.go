package tot_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

func init() {
	// The package's tests share one -update flag; register it unless
	// another test file already has.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func mcdaUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestSensitivityGolden renders the sensitivity of fixed decisions (one line
// per criterion, the rank reversals and the confidence) and compares it
// with testdata/mcda/*.golden; go test -run SensitivityGolden -update
// rewrites them (review the diff).
func TestSensitivityGolden(t *testing.T) {
	for _, method := range []string{"weighted_sum", "topsis", "vikor"} {
		t.Run(method, func(t *testing.T) {
			d := randomMCDADecision(17, 5, 4, method)
			if method == "weighted_sum" {
				d.Method = ""
			}
			a, err := tot.Analyze(context.Background(), d, &tot.SMAAOptions{Samples: 2000, Seed: 1})
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
			path := filepath.Join("testdata", "mcda", "sensitivity-"+method+".golden")
			if mcdaUpdating() {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(want, b.Bytes()) {
				t.Errorf("%s differs (-update rewrites it):\ngot:\n%s\nwant:\n%s", path, b.Bytes(), want)
			}
		})
	}
}
