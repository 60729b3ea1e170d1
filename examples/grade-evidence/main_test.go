package main

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/output.golden")

func TestOutputGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf, defaultDecision); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("testdata/output.golden", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("testdata/output.golden")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("output differs from testdata/output.golden (run go test -update after review)\n--- want\n%s\n--- got\n%s", want, buf.Bytes())
	}
}
