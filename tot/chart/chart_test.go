package chart_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/chart"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
)

func decision(t testing.TB, name string) (*tot.Decision, *tot.Result) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := tot.ParseDecision(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	return d, r
}

// wellFormed parses svg as XML and returns the text of its <text> elements.
func wellFormed(t *testing.T, svg []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var texts strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts.Write(tok)
				texts.WriteByte('\n')
			}
		}
	}
	return texts.String()
}

type drawFunc func(w io.Writer, d *tot.Decision, r *tot.Result, o *chart.Options) error

func TestChartsGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		draw drawFunc
	}{
		{"composites", chart.Composites},
		{"contributions", chart.Contributions},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, r := decision(t, "database.yaml")
			var b1, b2 bytes.Buffer
			if err := tc.draw(&b1, d, r, nil); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if err := tc.draw(&b2, d, r, nil); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
				t.Errorf("%s: two runs give different bytes", tc.name)
			}
			texts := wellFormed(t, b1.Bytes())
			for _, a := range d.Alternatives {
				if !strings.Contains(texts, a.Name) {
					t.Errorf("%s: no text element names %q", tc.name, a.Name)
				}
			}
			goldentest.Check(t, filepath.Join("testdata", tc.name+".svg"), b1.Bytes())
		})
	}
}

func TestCompositesMarks(t *testing.T) {
	d, r := decision(t, "database.yaml")
	var b bytes.Buffer
	if err := chart.Composites(&b, d, r, nil); err != nil {
		t.Fatal(err)
	}
	texts := wellFormed(t, b.Bytes())
	if !strings.Contains(texts, "recommended") {
		t.Errorf("the recommended alternative %s is not labelled", r.Recommended)
	}
	if d.EffectiveThreshold() > 0 && !strings.Contains(texts, "threshold 65") {
		t.Errorf("no threshold label in %q", texts)
	}
	for _, rk := range r.Ranking {
		if !rk.Viable && !strings.Contains(texts, "fails") && !strings.Contains(texts, "below threshold") {
			t.Errorf("%s is not viable but no label says why", rk.Alternative)
		}
	}
}

func TestNoData(t *testing.T) {
	var b bytes.Buffer
	if err := chart.Composites(&b, &tot.Decision{}, &tot.Result{}, nil); !errors.Is(err, chart.ErrNoData) {
		t.Errorf("Composites of an empty result: %v, want ErrNoData", err)
	}
	if err := chart.Contributions(&b, &tot.Decision{}, &tot.Result{}, nil); !errors.Is(err, chart.ErrNoData) {
		t.Errorf("Contributions of an empty result: %v, want ErrNoData", err)
	}
	d, r := decision(t, "database.yaml")
	if err := chart.Composites(&b, d, r, &chart.Options{Width: -1}); err == nil {
		t.Errorf("negative width accepted")
	}
}

func TestSensitivityChartsGolden(t *testing.T) {
	d, _ := decision(t, "database.yaml")
	stab, err := sensitivity.Weights(d)
	if err != nil {
		t.Fatal(err)
	}
	smaa, err := sensitivity.SMAADecision(context.Background(), d, sensitivity.SMAAOptions{Samples: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		draw func(w io.Writer) error
		want []string // texts that must appear
	}{
		{"stability", func(w io.Writer) error { return chart.WeightStability(w, d, stab, nil) }, criterionNames(d)},
		{"acceptability", func(w io.Writer) error { return chart.RankAcceptability(w, d, smaa, nil) }, alternativeNamesOf(d, smaa.Alternatives)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b1, b2 bytes.Buffer
			if err := tc.draw(&b1); err != nil {
				t.Fatal(err)
			}
			if err := tc.draw(&b2); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
				t.Errorf("two runs give different bytes")
			}
			texts := wellFormed(t, b1.Bytes())
			for _, s := range tc.want {
				if !strings.Contains(texts, s) {
					t.Errorf("no text element names %q", s)
				}
			}
			goldentest.Check(t, filepath.Join("testdata", tc.name+".svg"), b1.Bytes())
		})
	}
}

func criterionNames(d *tot.Decision) []string {
	var out []string
	for _, c := range d.Criteria {
		out = append(out, c.Name)
	}
	return out
}

func alternativeNamesOf(d *tot.Decision, ids []string) []string {
	var out []string
	for _, a := range d.Alternatives {
		if slices.Contains(ids, a.ID) {
			out = append(out, a.Name)
		}
	}
	return out
}

// Names with characters XML forbids still give well-formed SVG.
func TestControlCharactersInNames(t *testing.T) {
	d, r := decision(t, "database.yaml")
	d.Title = "bad\x01title"
	d.Alternatives[0].Name = "bad\x00name\xff<&>"
	for _, draw := range []drawFunc{chart.Composites, chart.Contributions} {
		var b bytes.Buffer
		if err := draw(&b, d, r, nil); err != nil {
			t.Fatal(err)
		}
		texts := wellFormed(t, b.Bytes())
		if !strings.Contains(texts, "bad\uFFFDname\uFFFD<&>") {
			t.Errorf("sanitised name missing from %q", texts)
		}
	}
}
