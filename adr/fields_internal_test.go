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
// edit) in each flavour, with the sections no field holds as extra
// sections: the share of the source's words kept has a median of at least
// 0.98 in the flavour the record was read from and 0.95 in the others,
// at least 0.8 (0.5 in another flavour, whose headings differ) for every
// file, and the status kind never changes.
func TestRealFieldsRender(t *testing.T) {
	shares := map[string][]float64{}
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
		for _, f := range []Format{ToT, MADR, Nygard, Log4brains} {
			var out bytes.Buffer
			if err := r.Render(&out, f); err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			s := wordShare(string(src), out.String())
			floor := 0.8 // another flavour's headings replace the words of short records' headings
			if f != r.Format {
				floor = 0.5
			}
			if s < floor {
				t.Errorf("%s (%v) rendered as %v from its fields keeps %.3f of its words", p, r.Format, f, s)
			}
			key := "other"
			if f == r.Format {
				key = "same"
			}
			shares[key] = append(shares[key], s)
			back, err := Parse(out.Bytes())
			if err != nil {
				t.Errorf("%s: Parse(Render(%v)): %v", p, f, err)
				continue
			}
			if back.Kind() != r.Kind() {
				t.Errorf("%s (%v): rendered as %v, kind %v becomes %v", p, r.Format, f, r.Kind(), back.Kind())
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"same", "other"} {
		s := shares[k]
		slices.Sort(s)
		want := 0.98
		if k == "other" {
			want = 0.95
		}
		t.Logf("fields render, %s flavour: median word share %.4f, minimum %.4f over %d renders", k, s[len(s)/2], s[0], len(s))
		if s[len(s)/2] < want {
			t.Errorf("fields render, %s flavour: median word share %.4f, want >= %v", k, s[len(s)/2], want)
		}
	}
}

// WordShare gives the external tests (real_test.go) the same measure.
var WordShare = wordShare

// words returns the multiset of words of s: maximal runs of letters and
// digits, as written (letter case kept).
func words(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(s, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
		m[w]++
	}
	return m
}

// wordShare is the share of the source's words found in the output,
// counted as multisets: Σ min(count in src, count in out) / Σ count in src.
// A source without words has share 1.
func wordShare(src, out string) float64 {
	ws, wo := words(src), words(out)
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
