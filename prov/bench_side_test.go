package prov_test

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/internal/cputime"
	"github.com/deliberate-dev/deliberate/prov"
)

// TestBenchSide is the Go half of testdata/bench/compare.sh, which runs it
// once per operation in a fresh process so that each reports its own peak
// resident memory. PROV_BENCH_SIDE selects the operation:
//
//	gen FILE        write the 350k-record benchmark document to FILE
//	read FILE       ReadJSON FILE
//	write FILE OUT  ReadJSON FILE, then WriteJSON to OUT
//
// It prints one line "go OP seconds=S cpu=C peak_rss_mb=M records=N". It
// is skipped when PROV_BENCH_SIDE is not set.
func TestBenchSide(t *testing.T) {
	args := strings.Fields(os.Getenv("PROV_BENCH_SIDE"))
	if len(args) == 0 {
		t.Skip("PROV_BENCH_SIDE not set: run testdata/bench/compare.sh")
	}
	var d *prov.Document
	read := func() {
		f, err := os.Open(args[1])
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if d, err = prov.ReadJSON(f); err != nil {
			t.Fatal(err)
		}
	}
	write := func(path string, d *prov.Document) {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<16)
		if err := d.WriteJSON(w); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	start, cpu0 := time.Now(), cputime.Process()
	switch {
	case args[0] == "gen" && len(args) == 2:
		d = benchDoc(benchN)
		write(args[1], d)
	case args[0] == "read" && len(args) == 2:
		read()
	case args[0] == "write" && len(args) == 3:
		read()
		runtime.GC() // the garbage of reading is not writing's (side.py collects too)
		start, cpu0 = time.Now(), cputime.Process()
		write(args[2], d)
	default:
		t.Fatalf("PROV_BENCH_SIDE=%q: want gen FILE, read FILE or write FILE OUT", args)
	}
	elapsed, cpu := time.Since(start), cputime.Process()-cpu0
	n := len(d.Statements)
	for _, b := range d.Bundles {
		n += len(b.Statements)
	}
	fmt.Printf("go %s seconds=%.3f cpu=%.3f peak_rss_mb=%.1f records=%d\n",
		args[0], elapsed.Seconds(), cpu.Seconds(), peakRSS()/1e6, n)
}
