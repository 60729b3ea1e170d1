package grade

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCheckDocumentSizeBound(t *testing.T) {
	head := "Caching demonstrates lower latency [REF-001].\n\n"
	doc := head + strings.Repeat("x", MaxInputSize-len(head))
	levels := map[string]Level{"REF-001": Low}
	fs := CheckDocument(doc, levels)
	if len(fs) != 1 || fs[0].Code != CodeOverConfident {
		t.Errorf("CheckDocument(%d bytes) = %v, want one over-confident finding", len(doc), fs)
	}
	fs = CheckDocument(doc+"x", levels)
	if len(fs) != 1 || fs[0].Code != CodeTooLarge || fs[0].Severity != SeverityError {
		t.Errorf("CheckDocument(%d bytes) = %v, want one too-large error", len(doc)+1, fs)
	}
	var c Checker
	if cs := c.Citations(doc + "x"); len(cs) != 0 {
		t.Errorf("Citations beyond the bound = %d citations, want none", len(cs))
	}
}

// TestCheckDocumentLongSentence: one 600 KB sentence citing 20,000
// sources is analysed once, and its messages quote a clipped sentence
// (BenchmarkCheckDocumentLongSentence runs 2 MB).
func TestCheckDocumentLongSentence(t *testing.T) {
	doc, levels := longSentence(20000)
	start := time.Now()
	fs := CheckDocument(doc, levels)
	if d := time.Since(start); d > time.Minute {
		t.Fatalf("CheckDocument took %v", d) // a guard against hanging, not a timing assertion
	}
	if len(fs) != 20000 {
		t.Fatalf("CheckDocument gave %d findings, want one per citation (20000)", len(fs))
	}
	for _, f := range fs[:10] {
		if len(f.Message) > 1000 {
			t.Errorf("finding message is %d bytes, want a clipped quote", len(f.Message))
		}
	}
}

// longSentence returns one sentence citing n sources, every fourth of them
// unassessed and the rest at Low, worded with "demonstrates".
func longSentence(n int) (string, map[string]Level) {
	var b strings.Builder
	b.WriteString("We measured. Caching demonstrates lower latency")
	levels := map[string]Level{}
	for i := range n {
		id := fmt.Sprintf("REF-%d", i)
		fmt.Fprintf(&b, " and %s shows it", id)
		if i%4 != 0 {
			levels[id] = Low
		}
	}
	b.WriteString(".")
	return b.String(), levels
}

func TestParseWordingPolicyDuplicate(t *testing.T) {
	_, err := ParseWordingPolicy([]byte("enforcement:\n  high_for_low: block\n  High_For_Low: allow\n"))
	if !errors.Is(err, ErrDuplicateKey) || !strings.Contains(err.Error(), "lines 2 and 3") {
		t.Errorf("ParseWordingPolicy(pair twice) err = %v, want ErrDuplicateKey naming lines 2 and 3", err)
	}
	_, err = ParseWordingPolicy([]byte("high_for_low: block\n" + strings.Repeat("#", MaxInputSize)))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("ParseWordingPolicy(beyond MaxInputSize) err = %v, want ErrTooLarge", err)
	}
}

func BenchmarkCheckDocumentLongSentence(b *testing.B) {
	doc, levels := longSentence(60000)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		CheckDocument(doc, levels)
	}
}

func TestParseWordingPolicyBounds(t *testing.T) {
	head := "high_for_low: block\n"
	at := head + strings.Repeat("#", MaxInputSize-len(head))
	if _, err := ParseWordingPolicy([]byte(at)); err != nil {
		t.Errorf("ParseWordingPolicy(%d bytes) err = %v, want nil at the bound", len(at), err)
	}
	deep := func(depth int) []byte { // the top mapping is level 1
		return []byte("high_for_low: block\nx: " + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + "\n")
	}
	if _, err := ParseWordingPolicy(deep(MaxDepth)); errors.Is(err, ErrTooDeep) {
		t.Errorf("ParseWordingPolicy(nesting %d) err = %v, want no depth error at the bound", MaxDepth, err)
	}
	if _, err := ParseWordingPolicy(deep(MaxDepth + 1)); !errors.Is(err, ErrTooDeep) {
		t.Errorf("ParseWordingPolicy(nesting %d) err = %v, want ErrTooDeep", MaxDepth+1, err)
	}
}

// BenchmarkCheckClaimLongSentence: a 400 KB sentence with 40,000 hedges
// checked at High, so that a suggestion is computed (it was quadratic in
// the hedges before the rephrasing looked markers up by binary search).
func BenchmarkCheckClaimLongSentence(b *testing.B) {
	s := "Research shows that " + strings.Repeat("cache ", 40000) + strings.Repeat("may ", 40000) + "reduces latency."
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if fs := CheckClaim(s, High); len(fs) != 1 {
			b.Fatalf("CheckClaim = %v, want one under-confident finding", fs)
		}
	}
}
