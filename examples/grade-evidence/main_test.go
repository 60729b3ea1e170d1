package main

import (
	"bytes"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/goldentest"
)

func TestOutputGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf, defaultDecision); err != nil {
		t.Fatal(err)
	}
	goldentest.Check(t, "testdata/output.golden", buf.Bytes())
}
