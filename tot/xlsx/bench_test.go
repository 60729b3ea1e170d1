package xlsx_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/cputime"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
)

// largeDecision has m alternatives × n criteria with scores on two
// decimals, a cost criterion every fourth column and a gate every tenth.
func largeDecision(m, n int) *tot.Decision {
	r := rand.New(rand.NewPCG(uint64(m), uint64(n)))
	d := &tot.Decision{Title: fmt.Sprintf("%d × %d", m, n), Threshold: new(50.0), CloseCall: new(5.0)}
	for j := range n {
		c := tot.Criterion{ID: fmt.Sprintf("c%02d", j), Name: fmt.Sprintf("Criterion %d", j), Weight: float64(1 + r.IntN(10))}
		if j%4 == 3 {
			c.Direction = tot.Cost
		}
		if j%10 == 9 {
			c.Critical = ptr(2.0)
		}
		d.Criteria = append(d.Criteria, c)
	}
	for i := range m {
		a := tot.Alternative{ID: fmt.Sprintf("a%05d", i), Name: fmt.Sprintf("Alternative %d", i), Scores: make(map[string]tot.Score, n)}
		for _, c := range d.Criteria {
			a.Scores[c.ID] = tot.Score{Value: float64(r.IntN(1001)) / 100, Rationale: "measured"}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	return d
}

// BenchmarkExport exports 5,000 alternatives × 40 criteria (200,000
// scores, each with a rationale row).
func BenchmarkExport(b *testing.B) {
	d := largeDecision(5000, 40)
	b.ReportAllocs()
	var size int
	cpu := cputime.Process()
	for b.Loop() {
		var buf bytes.Buffer
		if err := xlsx.Export(&buf, d); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric((cputime.Process()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(size)/1e6, "MB/workbook")
}

// BenchmarkImport reads back the 5,000 × 40 workbook.
func BenchmarkImport(b *testing.B) {
	var buf bytes.Buffer
	if err := xlsx.Export(&buf, largeDecision(5000, 40)); err != nil {
		b.Fatal(err)
	}
	book := buf.Bytes()
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		if _, err := xlsx.Import(bytes.NewReader(book)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cputime.Process()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
