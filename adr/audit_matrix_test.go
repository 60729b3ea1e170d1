package adr_test

import (
	"fmt"
	"os"
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
		// two matrices against one criteria table, and a cost table between
		// them that is no comparison matrix (matrices[1]): today Kong
		// 4+1.8+1.4 = 7.2 ✓, Envoy 3+2.7+1.6 = 7.3 ✓; in two years Kong
		// 3.5+1.8+1.4 = 6.7 (declared 6.9), Envoy 4+2.4+1.6 = 8.0 ✓.
		{"two-matrices.md", []wrong{{"matrices[2].option[1].total", "6.9", "6.7"}}},
		// a last "Score" column after weighted headers, scores 1–5: Zod
		// 2+1.25+0.75 = 4.0 ✓; Yup 1.5+0.75+1 = 3.25 (declared 3.5); Joi
		// 1+1+1 = 3.0 ✓.
		{"score-column.md", []wrong{{"matrix.option[2].total", "3.5", "3.25"}}},
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

// The matrix readers and Audit on any input: no panic, never nil, no NaN
// or infinity in a message, the same findings twice.
func FuzzAudit(f *testing.F) {
	for _, name := range []string{"header-weights.md", "transposed.md", "stars.md", "ten-scale.md", "raw-weights.md", "points.md", "two-matrices.md", "score-column.md"} {
		b, err := os.ReadFile("testdata/matrices/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("| Criteria | Weight | A | B |\n|-|-|-|-|\n| X (30%) | | ★★☆ | 4/5 |\n| **Total** | 100% | 1e308 | -0 |\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := adr.Parse(data)
		if err != nil {
			return
		}
		for _, opts := range []adr.AuditOptions{{}, {Protocol: true}} {
			fs := adr.AuditWith(r, opts)
			if fs == nil {
				t.Fatal("AuditWith returned nil")
			}
			for _, f := range fs {
				if strings.Contains(f.Message, "NaN") || strings.Contains(f.Message, "Inf") || f.Code == "" {
					t.Errorf("finding %v", f)
				}
			}
			if again := adr.AuditWith(r, opts); fmt.Sprint(again) != fmt.Sprint(fs) {
				t.Errorf("AuditWith is not deterministic:\n%v\n%v", fs, again)
			}
		}
	})
}

// The forms of issue 12 as Parse reads them.
func TestParseRealMatrixForms(t *testing.T) {
	r := parseFile(t, "testdata/matrices/transposed.md")
	m := r.Matrix
	if !m.Transposed || fmt.Sprint(m.Columns) != "[Consistency Scalability Operability Cost]" || len(m.Rows) != 3 || m.Rows[1].Option != "MongoDB" {
		t.Fatalf("transposed matrix read as %+v", m)
	}
	if len(r.Criteria) != 0 {
		t.Errorf("the Weighted Score row or the matrix became criteria: %+v", r.Criteria)
	}
	if w := m.Weights[2]; w == nil || w.Value != 30 || m.Rows[1].Total.String() != "7.10" {
		t.Errorf("weight %v, total %v; want 30 and 7.10", w, m.Rows[1].Total)
	}
	s := parseFile(t, "testdata/matrices/stars.md").Matrix
	if c := s.Rows[0].Cells[0]; c.Score.Value != 4 || c.OutOf != 5 || s.Rows[0].TotalScale != 5 || s.Weights[1].Value != 35 {
		t.Errorf("stars read as %+v, total scale %v, weights %v", c, s.Rows[0].TotalScale, s.Weights)
	}
	raw := parseFile(t, "testdata/matrices/raw-weights.md").Matrix
	if len(raw.Rows) != 3 || raw.Weights[0].Value != 3 || raw.Rows[0].Option != "Redis" {
		t.Errorf("raw weights read as %+v", raw)
	}
	// asked for, the protocol checks run on a MADR record too
	md := parseFile(t, "testdata/matrices/header-weights.md")
	if fs := adr.AuditWith(md, adr.AuditOptions{Protocol: true}); len(byCode(fs, adr.CodeTooFewTriggers)) != 1 {
		t.Errorf("AuditWith(Protocol) on MADR: %v", fs)
	}
}

// More ways of writing a matrix, each with one wrong total computed by hand.
func TestAuditMatrixVariants(t *testing.T) {
	for _, tc := range []struct{ name, src, where, declared, computed string }{
		// weights after a dash, a "Weighted" total column: A .6×8+.4×5 =
		// 6.8 ✓; B .6×6+.4×9 = 3.6+3.6 = 7.2 (declared 7.0)
		{"dash weights", "# M\n\n| Option | Latency – 60% | Cost – 40% | Weighted |\n|---|---|---|---|\n| A | 8 | 5 | 6.8 |\n| B | 6 | 9 | 7.0 |\n",
			"matrix.option[2].total", "7.0", "7.2"},
		// criteria as rows, raw weights, a "Score" row with no weight: A
		// 3×4+1×2 = 14 ✓; B 3×2+1×5 = 11 (declared 12)
		{"score row", "# M\n\n| Criteria | Weight | A | B |\n|---|---|---|---|\n| Speed | 3 | 4 | 2 |\n| Price | 1 | 2 | 5 |\n| Score | | 14 | 12 |\n",
			"matrix.option[2].total", "12", "11"},
		// percent totals: A .5×9+.5×7 = 8 → 80% ✓; B .5×6+.5×6 = 6 → 60%
		// (declared 65%)
		{"percent totals", "# M\n\n| Option | Build (50%) | Run (50%) | Total |\n|---|---|---|---|\n| A | 9 | 7 | 80% |\n| B | 6 | 6 | 65% |\n",
			"matrix.option[2].total", "65", "60"},
		// words with the score in parentheses, stars with their count,
		// decorated totals: A .5×4+.5×3 = 3.5 ✓; B .5×2+.5×5 = 3.5
		// (declared 3.0)
		{"decorated", "# M\n\n| Option | Speed (50%) | Cost (50%) | Total |\n|---|---|---|---|\n| A | High (4) | ★★★☆☆ (3/5) | **3.5** 🏆 |\n| B | Low (2) | ★★★★★ | 3.0 (runner-up) |\n",
			"matrix.option[2].total", "3.0", "3.5"},
		// a weighted column after each criterion: contributions A .6×8 =
		// 4.8 ✓, .4×5 = 2.0 ✓, total 6.8 ✓; B .6×6 = 3.6 ✓, .4×9 = 3.6 ✓,
		// total 7.2 (declared 7.4)
		{"weighted columns", "# M\n\n| Option | Perf (60%) | Perf (weighted) | Cost (40%) | Cost (weighted) | Total |\n|---|---|---|---|---|---|\n" +
			"| A | 8 | 4.8 | 5 | 2.0 | 6.8 |\n| B | 6 | 3.6 | 9 | 3.6 | 7.4 |\n",
			"matrix.option[2].total", "7.4", "7.2"},
		// the same as rows: the Total row's raw-score sums are not totals,
		// the weighted columns' are
		{"weighted columns transposed", "# M\n\n| Criterion | Weight | A | A weighted | B | B weighted |\n|---|---|---|---|---|---|\n" +
			"| Perf | 0.6 | 8 | 4.8 | 6 | 3.6 |\n| Cost | 0.4 | 5 | 2.0 | 9 | 3.6 |\n| **Total** | 1.0 | 13 | 6.8 | 15 | 7.4 |\n",
			"matrix.option[2].total", "7.4", "7.2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := adr.Audit(mustParse(t, tc.src))
			got := byCode(fs, adr.CodeDeclaredMismatch)
			if len(got) != 1 || got[0].Where != tc.where || !strings.Contains(got[0].Message, "declared total "+tc.declared+", computed "+tc.computed) {
				t.Errorf("findings %v; want one declared-mismatch at %s stating %s and %s", fs, tc.where, tc.declared, tc.computed)
			}
			for _, f := range fs {
				if f.Severity == "error" && f.Code != adr.CodeDeclaredMismatch {
					t.Errorf("unexpected %v", f)
				}
			}
		})
	}
}
