package adr_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/tot"
)

// largeDecision has n alternatives scored on 10 criteria.
func largeDecision(n int) *tot.Decision {
	d := &tot.Decision{Title: "Large", Threshold: new(50.0)}
	for j := 0; j < 10; j++ {
		d.Criteria = append(d.Criteria, tot.Criterion{ID: fmt.Sprintf("c%d", j), Name: fmt.Sprintf("Criterion %d", j), Weight: float64(j + 1)})
	}
	for i := 0; i < n; i++ {
		a := tot.Alternative{ID: fmt.Sprintf("a%d", i), Name: fmt.Sprintf("Alternative %d", i), Scores: map[string]tot.Score{}}
		for j, c := range d.Criteria {
			a.Scores[c.ID] = tot.Score{Value: float64((i*7 + j*3) % 11), Rationale: "measured"}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	return d
}

func benchRecord(b *testing.B, n int) *adr.Record {
	b.Helper()
	d := largeDecision(n)
	_, r := record(b, d)
	return r
}

func BenchmarkRender(b *testing.B) {
	for _, n := range []int{5, 100} {
		r := benchRecord(b, n)
		for _, f := range flavours {
			b.Run(fmt.Sprintf("%v/%d", f, n), func(b *testing.B) {
				for b.Loop() {
					if err := r.Render(io.Discard, f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkParseAudit(b *testing.B) {
	for _, n := range []int{5, 100} {
		var buf bytes.Buffer
		if err := benchRecord(b, n).Render(&buf, adr.ToT); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("tot/%d", n), func(b *testing.B) {
			b.SetBytes(int64(buf.Len()))
			for b.Loop() {
				r, err := adr.Parse(buf.Bytes())
				if err != nil {
					b.Fatal(err)
				}
				adr.Audit(r)
			}
		})
	}
}

func BenchmarkLogAdd(b *testing.B) {
	l, err := adr.OpenLog(b.TempDir(), adr.Nygard)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := l.Add(&adr.Record{Title: "Benchmark record", Date: "2026-01-01"}); err != nil {
			b.Fatal(err)
		}
	}
}
