package adr_test

import (
	"os"
	"slices"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
)

// protocolCodes are the Tree-of-Thoughts protocol's completeness checks:
// they apply only to records that follow the protocol, or when asked.
var protocolCodes = []string{
	adr.CodeTooFewCriteria, adr.CodeTooFewOptions, adr.CodeMissingScore, adr.CodeMissingRationale,
	adr.CodeMissingMatrix, adr.CodeNoSelection, adr.CodeSelectionWithoutRationale, adr.CodeMissingQualitative,
	adr.CodeCriticalFailureSelected, adr.CodeBelowThresholdSelected, adr.CodeMissingTradeOffs,
	adr.CodeTooFewTriggers, adr.CodeVagueTrigger,
}

// realRecords returns the real ADRs of testdata/real (copied unchanged
// from six public repositories, licences in testdata/real/SOURCES.tsv) by
// path.
func realRecords(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range realADRs(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = b
	}
	return out
}

// Every real ADR of the corpus is a correct record: Audit reports no error
// on any, and no ToT-protocol warning on those of other flavours; asked
// for, the protocol checks do run on them.
func TestAuditRealRecords(t *testing.T) {
	recs := realRecords(t)
	if len(recs) != 245 {
		t.Fatalf("%d real records, want 245", len(recs))
	}
	names := make([]string, 0, len(recs))
	for n := range recs {
		names = append(names, n)
	}
	slices.Sort(names)
	asked := 0
	for _, name := range names {
		r, err := adr.Parse(recs[name])
		if err != nil {
			continue // not an ADR Parse reads; the parser's tests cover these
		}
		for _, f := range adr.Audit(r) {
			if f.Severity == "error" {
				t.Errorf("%s: error finding on a correct real record: %v", name, f)
			}
			if r.Format != adr.ToT && slices.Contains(protocolCodes, f.Code) {
				t.Errorf("%s (%v): ToT-protocol finding on a record that does not follow the protocol: %v", name, r.Format, f)
			}
		}
		for _, f := range adr.AuditWith(r, adr.AuditOptions{Protocol: true}) {
			if slices.Contains(protocolCodes, f.Code) {
				asked++
				break
			}
		}
	}
	if asked < len(names)/2 {
		t.Errorf("protocol checks asked for fired on %d of %d records; want most", asked, len(names))
	}
}
