package grade

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const testDoc = "# Caching decision\n" +
	"\n" +
	"Research demonstrates that a Redis cluster improves read latency [REF-045]. We chose it\n" +
	"for its operations story, e.g. managed failover. Caching probably reduces database load\n" +
	"(REF-012).\n" +
	"\n" +
	"- Edge caches may reduce egress cost [REF-078].\n" +
	"- Sharding is faster than replication for writes. [REF-012]\n" +
	"\n" +
	"```\n" +
	"REF-999 in code is ignored\n" +
	"```\n" +
	"\n" +
	"| Option | Note |\n" +
	"|---|---|\n" +
	"| CDN | Edge TTLs cut origin load (doi:10.1000/XYZ.123). |\n"

func TestCitations(t *testing.T) {
	var c Checker
	got := c.Citations(testDoc)
	want := []Citation{
		{"REF-045", 3, "Research demonstrates that a Redis cluster improves read latency [REF-045]."},
		{"REF-012", 5, "Caching probably reduces database load (REF-012)."},
		{"REF-078", 7, "Edge caches may reduce egress cost [REF-078]."},
		{"REF-012", 8, "Sharding is faster than replication for writes. [REF-012]"},
		{"10.1000/XYZ.123", 16, "Edge TTLs cut origin load (doi:10.1000/XYZ.123)."},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Citations mismatch (-want +got):\n%s", d)
	}
}

func TestCheckDocument(t *testing.T) {
	levels := map[string]Level{"REF-045": Low, "ref-012": Moderate, "10.1000/xyz.123": High}
	fs := CheckDocument(testDoc, levels)
	type key struct {
		Code  string
		Sev   Severity
		Where string
	}
	var got []key
	for _, f := range fs {
		got = append(got, key{f.Code, f.Severity, f.Where})
	}
	want := []key{
		{CodeOverConfident, SeverityError, "line 3: REF-045"},      // demonstrates, Low evidence: blocked
		{CodeUnassessedSource, SeverityWarning, "line 7: REF-078"}, // no assessment
		{CodeOverConfident, SeverityWarning, "line 8: REF-012"},    // "is faster than" for Moderate
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("CheckDocument findings mismatch (-want +got):\n%s\nall: %v", d, fs)
	}
}

func TestCustomPatterns(t *testing.T) {
	c := Checker{Patterns: []*regexp.Regexp{regexp.MustCompile(`\[@([a-z]+\d{4})\]`)}}
	fs := c.CheckDocument("Caching reduces latency [@smith2020].", map[string]Level{"smith2020": VeryLow})
	if len(fs) != 1 || fs[0].Severity != SeverityError || fs[0].Where != "line 1: smith2020" {
		t.Errorf("custom pattern findings = %v", fs)
	}
}

func TestSplitSentences(t *testing.T) {
	s := "Smith et al. found gains. Dr. Jones (J. Smith) agrees, i.e. it works! Does it? 2 more. end"
	var got []string
	for _, sp := range splitSentences(s) {
		got = append(got, s[sp[0]:sp[1]])
	}
	want := []string{"Smith et al. found gains.", "Dr. Jones (J. Smith) agrees, i.e. it works!", "Does it?", "2 more. end"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("splitSentences (-want +got):\n%s", d)
	}
}
