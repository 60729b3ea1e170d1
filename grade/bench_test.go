package grade

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func BenchmarkParseAssessment(b *testing.B) {
	data, err := os.ReadFile("testdata/seed-example-assessment.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ParseAssessment(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckClaim(b *testing.B) {
	for b.Loop() {
		CheckClaim("Research demonstrates that a Redis cluster improves read latency [REF-045].", Low)
	}
}

// BenchmarkCheckDocument checks a 1000-paragraph document citing 100
// sources.
func BenchmarkCheckDocument(b *testing.B) {
	var sb strings.Builder
	levels := map[string]Level{}
	for i := range 1000 {
		fmt.Fprintf(&sb, "Caching probably reduces load [REF-%03d]. It may improve p95 latency, e.g. for reads (REF-%03d).\n\n", i%100, (i+1)%100)
		levels[fmt.Sprintf("REF-%03d", i%100)] = Level(1 + i%4)
	}
	doc := sb.String()
	b.ResetTimer()
	for b.Loop() {
		CheckDocument(doc, levels)
	}
}

// BenchmarkCorpusReport reports a corpus of 10,000 sources.
func BenchmarkCorpusReport(b *testing.B) {
	c := &Corpus{}
	for i := range 10000 {
		s := Source{ID: fmt.Sprintf("REF-%05d", i), SourceType: []string{"preprint", "industry_blog", "peer_reviewed_journal"}[i%3]}
		if i%4 != 0 {
			s.Assessment = &Assessment{Baseline: Baseline{Level: High}, Downgrades: []Rating{{Domain: Imprecision, Severity: Seriousness(1 + i%3)}}}
		}
		c.Sources = append(c.Sources, s)
	}
	for b.Loop() {
		if _, err := c.Report(); err != nil {
			b.Fatal(err)
		}
	}
}
