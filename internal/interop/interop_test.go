package interop

import "testing"

// A fake testing.TB records whether the helper failed or skipped.
type fake struct {
	testing.TB
	failed, skipped bool
}

func (f *fake) Helper()               {}
func (f *fake) Fatalf(string, ...any) { f.failed = true }
func (f *fake) Skipf(string, ...any)  { f.skipped = true }

func TestMissingFailsInCI(t *testing.T) {
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		f := &fake{}
		Missing(f, "a tool", "not installed")
		if f.failed != (ci == "true") || f.skipped != (ci != "true") {
			t.Errorf("CI=%q: failed %v skipped %v", ci, f.failed, f.skipped)
		}
	}
}

func TestLookPath(t *testing.T) {
	t.Setenv("CI", "true")
	f := &fake{}
	if p := LookPath(f, "sh", "no-such-tool-deliberate", "sh"); p == "" || f.failed {
		t.Errorf("LookPath found %q, failed %v; want sh", p, f.failed)
	}
	if LookPath(f, "nothing", "no-such-tool-deliberate"); !f.failed {
		t.Errorf("a missing tool did not fail under CI=true")
	}
}
