package prov_test

import (
	"path/filepath"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/goldentest"
)

// golden compares got with testdata/name (go test -update rewrites it).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldentest.Check(t, filepath.Join("testdata", name), got)
}
