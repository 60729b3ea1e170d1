package adr_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
)

// Real-style weighted matrices (testdata/matrices, written for these tests
// in the forms real ADRs use) with known wrong totals. Each expected value
// is computed by hand in the comment; every wrong total must be reported
// with both numbers, no right one may be, and nothing else is an error.
func TestAuditRealStyleMatrices(t *testing.T) {
	type wrong struct{ where, declared, computed string }
	for _, tc := range []struct {
		file  string
		wrong []wrong
	}{
		// weights in the column headers, scores 1–5, totals the weighted
		// average: RabbitMQ .2×4+.3×3+.5×5 = 4.20 ✓; Kafka .2×5+.3×2+.5×3 =
		// 1.0+0.6+1.5 = 3.10 (declared 3.30); NATS 0.6+1.2+2.0 = 3.80 ✓.
		{"header-weights.md", []wrong{{"matrix.option[2].total", "3.30", "3.10"}}},
		// criteria as rows, options as columns, a bold Weighted Score row:
		// PostgreSQL 2.25+1.5+2.4+1.4 = 7.55 ✓; MongoDB 1.5+2.0+2.1+1.4 =
		// 7.00 (declared 7.10); Cassandra 1.25+2.25+1.2+1.2 = 5.90 ✓ (5.9).
		{"transposed.md", []wrong{{"matrix.option[2].total", "7.10", "7.00"}}},
		// star ratings, header weights, totals "/5": MkDocs 1.6+1.05+1.25 =
		// 3.9 ✓; Docusaurus 1.2+1.75+0.75 = 3.7 (declared 3.6); Sphinx
		// 0.8+1.4+1.0 = 3.2 ✓.
		{"stars.md", []wrong{{"matrix.option[2].total", "3.6", "3.7"}}},
		// a criteria table and a matrix, totals on the scores' 0–10 scale:
		// Kubernetes 2.7+1.4+4.25 = 8.35 (declared 8.30); Nomad 1.8+1.8+3.5
		// = 7.10 ✓; VMs 2.4+1.6+3.0 = 7.00 ✓.
		{"ten-scale.md", []wrong{{"matrix.option[1].total", "8.30", "8.35"}}},
		// a Weight row of raw importances, totals Σ weight × score: Redis
		// 15+4+4 = 23 ✓; Memcached 9+8+5 = 22 (declared 24); Hazelcast
		// 12+8+2 = 22 ✓.
		{"raw-weights.md", []wrong{{"matrix.option[2].total", "24", "22"}}},
		// totals in points out of 100: React 32+24.5+22.5 = 79 ✓; Vue
		// 24+31.5+17.5 = 73 ✓; Svelte 28+28+15 = 71 (declared 72); Angular
		// 30+24.5+19 = 73.5 (declared 73: wrong at its precision).
		{"points.md", []wrong{{"matrix.option[3].total", "72", "71"}, {"matrix.option[4].total", "73", "73.5"}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := parseFile(t, "testdata/matrices/"+tc.file)
			if r.Matrix == nil {
				t.Fatalf("no matrix read from %s", tc.file)
			}
			fs := adr.Audit(r)
			var got []string
			for _, f := range fs {
				switch {
				case f.Code == adr.CodeDeclaredMismatch:
					got = append(got, f.Where)
				case f.Severity == "error":
					t.Errorf("unexpected error %v", f)
				case slices.Contains(protocolCodes, f.Code):
					t.Errorf("ToT-protocol finding on a %v record: %v", r.Format, f)
				}
			}
			var want []string
			for _, w := range tc.wrong {
				want = append(want, w.where)
				for _, f := range byCode(fs, adr.CodeDeclaredMismatch) {
					if f.Where == w.where && !strings.Contains(f.Message, "declared total "+w.declared+", computed "+w.computed) {
						t.Errorf("%s: message %q does not state declared %s and computed %s", w.where, f.Message, w.declared, w.computed)
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("declared-mismatch at %v, want %v\n%v", got, want, fs)
			}
		})
	}
}
