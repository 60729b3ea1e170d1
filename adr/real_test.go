package adr_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
)

func TestWordShare(t *testing.T) {
	for _, tc := range []struct {
		src, out string
		want     float64
	}{
		{"a b c d", "a b c d", 1},
		{"a a b b", "a b", 0.5},
		{"Use `bash`", "Use bash!", 1},
		{"x y", "X Y", 0},
		{"", "anything", 1},
		{"one two three four", "four", 0.25},
	} {
		if got := adr.WordShare(tc.src, tc.out); got != tc.want {
			t.Errorf("WordShare(%q, %q) = %v, want %v", tc.src, tc.out, got, tc.want)
		}
	}
}

// realADRs returns the paths of the real records under testdata/real.
func realADRs(t *testing.T) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(filepath.Join("testdata", "real"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") && filepath.Dir(p) != filepath.Join("testdata", "real") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths)
	if len(paths) < 200 {
		t.Fatalf("found %d real ADRs under testdata/real, want the 245 of the corpus", len(paths))
	}
	return paths
}

// keyFields are the fields a round trip must keep, up to letter case.
type keyFields struct {
	Title        string
	Kind         adr.StatusKind
	Date         string
	Context      string
	Decision     adr.Decision
	Options      []string
	Consequences adr.Consequences
}

func keys(r *adr.Record) keyFields {
	k := keyFields{Title: r.Title, Kind: r.Kind(), Date: r.Date, Context: r.Context, Decision: r.Decision, Consequences: r.Consequences}
	for _, o := range r.Options {
		k.Options = append(k.Options, o.Name)
	}
	return k
}

// lower lower-cases every string of the key fields.
var lower = cmp.Transformer("lower", strings.ToLower)

// The same-flavour round trip of every real ADR (Parse, Render in the
// flavour Parse detected) keeps the source's words, and parsing the output
// gives the same key fields.
func TestRealRoundTrip(t *testing.T) {
	paths := realADRs(t)
	var shares []float64
	below := 0
	for _, p := range paths {
		src := mustRead(t, p)
		r, err := adr.Parse(src)
		if err != nil {
			t.Errorf("%s: Parse: %v", p, err)
			continue
		}
		var out bytes.Buffer
		if err := r.Render(&out, r.Format); err != nil {
			t.Errorf("%s: Render(%v): %v", p, r.Format, err)
			continue
		}
		s := adr.WordShare(string(src), out.String())
		shares = append(shares, s)
		if s < 0.95 {
			below++
			t.Logf("%s: %v keeps %.3f of the source's words", p, r.Format, s)
		}
		back, err := adr.Parse(out.Bytes())
		if err != nil {
			t.Errorf("%s: Parse(Render(%v)): %v", p, r.Format, err)
			continue
		}
		if diff := cmp.Diff(keys(r), keys(back), lower); diff != "" {
			t.Errorf("%s: key fields changed by the %v round trip (-first +second):\n%s", p, r.Format, diff)
		}
	}
	slices.Sort(shares)
	median := shares[len(shares)/2]
	if len(shares)%2 == 0 {
		median = (shares[len(shares)/2-1] + shares[len(shares)/2]) / 2
	}
	frac := float64(below) / float64(len(shares))
	t.Logf("%d real ADRs: median word share %.4f, %d (%.1f%%) below 0.95", len(shares), median, below, 100*frac)
	if median < 0.98 {
		t.Errorf("median word share %.4f, want >= 0.98", median)
	}
	if frac >= 0.03 {
		t.Errorf("%d of %d files (%.1f%%) keep under 95%% of their words, want under 3%%", below, len(shares), 100*frac)
	}
}

// FuzzLosslessRoundTrip: a record that parses renders in its own flavour
// to a document that parses to the same key fields and renders to itself,
// and keeps the words of the input.
func FuzzLosslessRoundTrip(f *testing.F) {
	for _, p := range []string{
		"testdata/real/ministryofjustice__modernisation-platform/architecture-decision-record__0034-use-cloud-map.md",
		"testdata/real/BrighterCommand__Brighter/docs__adr__0001-record-architecture-decisions.md",
		"testdata/real/adr__madr/docs__decisions__0000-use-markdown-architectural-decision-records.md",
		"testdata/golden/protocol.nygard.md",
	} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("---\n---\n# T\n"))
	f.Add([]byte("Two\nlines\n===\n\nOption\none\n---\n## #\n"))
	f.Add([]byte("Title\n=====\n\n## Status\n\n✅ Accepted\n\nSub\n---\n\n###\n\ntext\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := adr.Parse(data)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := r.Render(&out, r.Format); err != nil {
			t.Fatalf("Render(%v): %v", r.Format, err)
		}
		back, err := adr.Parse(out.Bytes())
		if err != nil {
			t.Fatalf("Parse(Render(%v)): %v\n%s", r.Format, err, out.String())
		}
		if diff := cmp.Diff(keys(r), keys(back), lower); diff != "" {
			t.Fatalf("key fields changed (-first +second):\n%s\n%s", diff, out.String())
		}
		var again bytes.Buffer
		if err := back.Render(&again, r.Format); err != nil {
			t.Fatal(err)
		}
		if again.String() != out.String() {
			t.Fatalf("second render differs:\n%s\n---\n%s", out.String(), again.String())
		}
		if s := adr.WordShare(strings.ReplaceAll(string(data), "\r\n", "\n"), out.String()); s < 1 {
			t.Fatalf("render keeps %.3f of the words:\n%q\n%q", s, data, out.String())
		}
	})
}
