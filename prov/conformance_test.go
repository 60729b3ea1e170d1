package prov_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/prov"
)

// conformanceDir is the PROV-CONSTRAINTS suite of ProvToolbox (MIT,
// LICENSE-ProvToolbox.txt), copied from the project's shared conformance
// cases with EXPECTED.tsv, so that CI runs it on a bare checkout.
const conformanceDir = "testdata/prov-constraints"

func errorsOf(ps []prov.Problem) []prov.Problem {
	var out []prov.Problem
	for _, p := range ps {
		if p.Severity == prov.SeverityError {
			out = append(out, p)
		}
	}
	return out
}

// TestConformance runs Validate on the PROV-CONSTRAINTS cases of ProvToolbox
// and compares valid/invalid with EXPECTED.tsv. Every case is claimed.
func TestConformance(t *testing.T) {
	f, err := os.Open(filepath.Join(conformanceDir, "EXPECTED.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	total, agree := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 2 {
			t.Fatalf("EXPECTED.tsv: malformed line %q", line)
		}
		name, want := fields[0], fields[1]
		total++
		src, err := os.ReadFile(filepath.Join(conformanceDir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		d, err := prov.ReadProvN(strings.NewReader(string(src)))
		if err != nil {
			t.Errorf("ReadProvN(%s): %v", name, err)
			continue
		}
		errs := errorsOf(prov.Validate(d))
		got := "valid"
		if len(errs) > 0 {
			got = "invalid"
		}
		if got != want {
			t.Errorf("Validate(%s) = %s, want %s; problems: %v", name, got, want, errs)
			continue
		}
		agree++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if total != 186 {
		t.Errorf("EXPECTED.tsv lists %d cases, want 186", total)
	}
	t.Logf("conformance: Validate agrees with EXPECTED.tsv on %d of %d cases", agree, total)
}
