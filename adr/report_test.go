package adr_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
)

// report evaluates testdata/report/<name>.yaml and analyses its
// sensitivity, with SMAA when smaa is set.
func report(t testing.TB, name string, smaa bool) *adr.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "report", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := tot.ParseDecision(data)
	if err != nil {
		t.Fatal(err)
	}
	var o *sensitivity.SMAAOptions
	if smaa {
		o = &sensitivity.SMAAOptions{Samples: 2000, Seed: 7}
	}
	an, err := sensitivity.Analyze(context.Background(), d, o)
	if err != nil {
		t.Fatal(err)
	}
	return &adr.Report{Decision: d, Result: an.Result, Analysis: an}
}

func TestReportTextGolden(t *testing.T) {
	r := report(t, "database", false)
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	goldentest.Check(t, filepath.Join("testdata", "report", "database.txt"), b.Bytes())
	// Numbers checked by hand (see examples/database-selection TestDecision):
	// dynamodb = 0.30×90 + 0.25×100 + 0.20×60 + 0.15×90 + 0.10×60 = 83.5.
	for _, want := range []string{"1     dynamodb     9 (27)", "83.5", "Margin: 4 points", "close call", "Confidence in the recommendation:"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text report lacks %q", want)
		}
	}
}

func TestReportHTMLGolden(t *testing.T) {
	r := report(t, "database", true)
	var b1, b2 bytes.Buffer
	if err := r.WriteHTML(&b1); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteHTML(&b2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Errorf("two runs give different HTML")
	}
	html := b1.String()
	for _, a := range r.Decision.Alternatives {
		if !strings.Contains(html, a.Name) {
			t.Errorf("HTML report lacks alternative %q", a.Name)
		}
	}
	if n := strings.Count(html, "<svg"); n != 4 {
		t.Errorf("HTML report has %d charts, want 4", n)
	}
	// Self-contained: nothing that loads a resource.
	if m := regexp.MustCompile(`(?i)<script|<link|<img|<iframe|@import|url\(|src=`).FindString(html); m != "" {
		t.Errorf("HTML report loads a resource: %q", m)
	}
	// Numbers and colours checked by hand: dynamodb's total is 83.5 (see
	// TestReportTextGolden); its Performance score 9 on 0–10 is 0.9 of the
	// way from #f7fbff to #084594: 0.1·247+0.9·8 = 31.9 → 0x20, 0.1·251+0.9·69
	// = 87.2 → 0x57, 0.1·255+0.9·148 = 158.7 → 0x9f, dark enough for white
	// text; its score 10 is the dark end; its cost score 4 on 0–10 is read
	// as 6 on a benefit scale.
	for _, want := range []string{`<strong>83.5</strong>`, `style="background:#20579f;color:#fff">9 (27)<`,
		`style="background:#084594;color:#fff">10 (25)<`, `style="background:#688ebf;color:#fff">6 (12)<`,
		`style="background:#688ebf;color:#fff">4 (6)<`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	goldentest.Check(t, filepath.Join("testdata", "report", "database.html"), b1.Bytes())
}

// User text cannot inject markup into the HTML report.
func TestReportHTMLEscapes(t *testing.T) {
	r := report(t, "database", false)
	r.Decision.Title = `<script>alert(1)</script>`
	r.Decision.Alternatives[0].Name = `<img src=x onerror=alert(1)>`
	res, err := tot.Evaluate(r.Decision)
	if err != nil {
		t.Fatal(err)
	}
	r.Result, r.Analysis = res, nil
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "<script>") || strings.Contains(s, "<img") {
		t.Errorf("user text injected markup")
	}
}

func TestReportIncomplete(t *testing.T) {
	var b bytes.Buffer
	if err := (&adr.Report{}).WriteText(&b); !errors.Is(err, adr.ErrIncompleteReport) {
		t.Errorf("WriteText of an empty report: %v", err)
	}
	if err := (&adr.Report{}).WriteHTML(&b); !errors.Is(err, adr.ErrIncompleteReport) {
		t.Errorf("WriteHTML of an empty report: %v", err)
	}
}

func TestReportChartsAndLinks(t *testing.T) {
	r := report(t, "database", true)
	cs, err := r.Charts()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
		if !bytes.HasPrefix(c.SVG, []byte("<?xml")) || !bytes.Contains(c.SVG, []byte("<svg")) {
			t.Errorf("%s is not an SVG document", c.Name)
		}
	}
	if want := "composites.svg contributions.svg stability.svg acceptability.svg"; strings.Join(names, " ") != want {
		t.Errorf("charts %v, want %s", names, want)
	}
	got := adr.ChartLinks("figures/", cs[:2])
	want := "![Composite scores](figures/composites.svg)\n\n![Contributions](figures/contributions.svg)"
	if got != want {
		t.Errorf("ChartLinks = %q, want %q", got, want)
	}
}
