package prov_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/prov"
)

// conformanceDir finds shared/conformance/prov-constraints by walking up from
// the working directory (the suite lives beside the repository, outside it).
func conformanceDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "conformance", "prov-constraints")
		if st, err := os.Stat(filepath.Join(cand, "EXPECTED.tsv")); err == nil && !st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("skipping: shared/conformance/prov-constraints not found beside the repository")
		}
		dir = parent
	}
}

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
	dir := conformanceDir(t)
	f, err := os.Open(filepath.Join(dir, "EXPECTED.tsv"))
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
		src, err := os.ReadFile(filepath.Join(dir, name))
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
