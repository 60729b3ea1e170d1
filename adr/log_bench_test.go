package adr_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
)

// benchRecords is the log size issue 13 names for List and WriteTOC.
const benchRecords = 1000

// benchLog writes a log of n records in flavour f, each superseding the
// previous one, with a few paragraphs of context.
func benchLog(b *testing.B, f adr.Format, n int) *adr.Log {
	b.Helper()
	dir := b.TempDir()
	ctx := strings.Repeat("The team weighed latency, cost and operability against each other. ", 20)
	for i := 1; i <= n; i++ {
		r := &adr.Record{Number: i, Title: fmt.Sprintf("Decision %d on the storage layer", i), Status: "Accepted",
			Date: "2026-01-01", Context: ctx, Decision: adr.Decision{Rationale: "Chosen after review."}}
		if i > 1 {
			r.Links = []adr.Link{{Rel: "Supersedes", Target: i - 1, Title: fmt.Sprintf("%d. Decision %d", i-1, i-1),
				Href: fmt.Sprintf("%04d-decision-%d-on-the-storage-layer.md", i-1, i-1)}}
		}
		var buf bytes.Buffer
		if err := r.Render(&buf, f); err != nil {
			b.Fatal(err)
		}
		name := fmt.Sprintf("%04d-decision-%d-on-the-storage-layer.md", i, i)
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return &adr.Log{Dir: dir, Format: f}
}

func BenchmarkLogList(b *testing.B) {
	for _, f := range []adr.Format{adr.Nygard, adr.MADR} {
		b.Run(fmt.Sprintf("%s/%d", f, benchRecords), func(b *testing.B) {
			l := benchLog(b, f, benchRecords)
			for b.Loop() {
				es, err := l.List()
				if err != nil || len(es) != benchRecords {
					b.Fatalf("List = %d entries, %v", len(es), err)
				}
			}
		})
	}
}

func BenchmarkLogWriteTOC(b *testing.B) {
	for _, f := range []adr.Format{adr.Nygard, adr.MADR, adr.Log4brains} {
		b.Run(fmt.Sprintf("%s/%d", f, benchRecords), func(b *testing.B) {
			l := benchLog(b, f, benchRecords)
			for b.Loop() {
				if err := l.WriteTOC(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLogLint(b *testing.B) {
	l := benchLog(b, adr.Nygard, benchRecords)
	for b.Loop() {
		if _, err := l.Lint(); err != nil {
			b.Fatal(err)
		}
	}
}
