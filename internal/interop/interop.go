// Package interop is for the interoperability tests, which run a real
// consumer of the module's output (LibreOffice, python prov, openpyxl,
// headless Chromium, Graphviz). Such a test must fail in CI when its tool is
// missing, so that CI never passes without running it, and may skip
// elsewhere with a message saying what to install.
//
// It is imported by tests only.
package interop

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Missing reports that the tool described by what is unavailable (why is
// the reason, e.g. the error of a check): a failure when the environment
// variable CI is "true", a skip otherwise.
func Missing(t testing.TB, what, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI: %s", what, why)
		return
	}
	t.Skipf("skipping: %s is not available: %s", what, why)
}

// LookPath returns the path of the first of names found on PATH, or
// reports the tool described by what as Missing.
func LookPath(t testing.TB, what string, names ...string) string {
	t.Helper()
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, what, "none of "+strings.Join(names, ", ")+" is on PATH")
	return ""
}
