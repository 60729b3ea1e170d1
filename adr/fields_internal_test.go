package adr

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestRealFieldsRender renders every real ADR from its fields (as after an
// edit) in the flavour it was read from, with the sections no field holds
// as extra sections, and reports the share of the source's words kept.
func TestRealFieldsRender(t *testing.T) {
	var shares []float64
	err := filepath.WalkDir(filepath.Join("testdata", "real"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || filepath.Dir(p) == filepath.Join("testdata", "real") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r, err := Parse(src)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		r.parsed.sum = [32]byte{} // as if edited
		var out bytes.Buffer
		if err := r.Render(&out, r.Format); err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		s := share(string(src), out.String())
		if s < 0.9 {
			t.Logf("%s (%v): %.3f", p, r.Format, s)
		}
		shares = append(shares, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(shares)
	t.Logf("fields render: median word share %.4f, minimum %.4f over %d files", shares[len(shares)/2], shares[0], len(shares))
}

func share(src, out string) float64 {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, w := range strings.FieldsFunc(s, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
			m[w]++
		}
		return m
	}
	ws, wo := count(src), count(out)
	total, kept := 0, 0
	for w, n := range ws {
		total += n
		kept += min(n, wo[w])
	}
	if total == 0 {
		return 1
	}
	return float64(kept) / float64(total)
}
