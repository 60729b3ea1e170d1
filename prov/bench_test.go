package prov_test

import (
	"bytes"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/internal/cputime"
	"github.com/deliberate-dev/deliberate/prov"
)

// benchDoc builds a document of n entities, n activities, n agents and 4n
// relations (generation, usage, association, derivation per index): with
// n = 50000, 350k records.
func benchDoc(n int) *prov.Document {
	d := &prov.Document{}
	d.AddNamespace("ex", "http://example.org/")
	d.Statements = make([]prov.Statement, 0, 7*n)
	name := func(p string, i int) string { return "ex:" + p + strconv.Itoa(i) }
	for i := range n {
		d.Entity(prov.QName(name("e", i)),
			prov.Attr{Name: "prov:type", Value: prov.Ref("ex:Artifact")},
			prov.Attr{Name: "ex:size", Value: prov.Typed(strconv.Itoa(i), prov.TypeInt)})
		d.Activity(prov.QName(name("a", i)), "2026-01-25T19:29:45Z", "2026-01-25T19:30:00Z")
		d.Agent(prov.QName(name("ag", i)), prov.Attr{Name: "prov:type", Value: prov.Ref("prov:SoftwareAgent")})
	}
	for i := range n {
		e, a := name("e", i), name("a", i)
		d.Relation(prov.KindGeneration, "", []string{e, a, "2026-01-25T19:30:00Z"})
		d.Relation(prov.KindUsage, "", []string{a, name("e", (i+n-1)%n)})
		d.Relation(prov.KindAssociation, "", []string{a, name("ag", i)})
		d.Relation(prov.KindDerivation, "", []string{e, name("e", (i+n-1)%n)})
	}
	return d
}

const benchN = 50000

// countingWriter counts the bytes written to it, as a file would take them.
type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// reportCPU reports the CPU seconds per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric((cputime.Process()-start).Seconds()/float64(b.N), "cpu-s/op")
}

func BenchmarkBuild350k(b *testing.B) {
	b.ReportAllocs()
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		benchDoc(benchN)
	}
}

func BenchmarkWriteJSON350k(b *testing.B) {
	d := benchDoc(benchN)
	var w countingWriter
	b.ReportAllocs()
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		w = 0
		if err := d.WriteJSON(&w); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w)/1e6, "MB-json")
}

func BenchmarkReadJSON350k(b *testing.B) {
	var buf bytes.Buffer
	if err := benchDoc(benchN).WriteJSON(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	runtime.GC()
	debug.FreeOSMemory()
	measured := resetPeakRSS()
	b.ReportAllocs()
	var d *prov.Document
	start := cputime.Process()
	for b.Loop() {
		d = nil // the previous document is not part of this read's memory
		var err error
		d, err = prov.ReadJSON(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	if measured {
		// Peak resident memory while reading, including the 40 MB input.
		b.ReportMetric(peakRSS()/1e6, "MB-peak-rss")
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/1e6, "MB-heap-live")
	if len(d.Statements) != 7*benchN {
		b.Fatalf("read %d records, want %d", len(d.Statements), 7*benchN)
	}
}

func BenchmarkWriteProvN350k(b *testing.B) {
	d := benchDoc(benchN)
	b.ReportAllocs()
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		if err := d.WriteProvN(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadProvN350k(b *testing.B) {
	var buf bytes.Buffer
	if err := benchDoc(benchN).WriteProvN(&buf); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		if _, err := prov.ReadProvN(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate350k(b *testing.B) {
	d := benchDoc(benchN)
	b.ReportAllocs()
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		prov.Validate(d)
	}
}
