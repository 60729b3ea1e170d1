package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/prov"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
	"github.com/google/go-cmp/cmp"
)

// testdata is the absolute path of the golden files: TestRun changes the
// working folder.
var testdata, _ = filepath.Abs("testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldentest.Check(t, filepath.Join(testdata, name), got)
}

func evaluate(t *testing.T) (*tot.Decision, *tot.Result) {
	t.Helper()
	b, err := os.ReadFile("decision.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := tot.ParseDecision(b)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	return d, res
}

// The printed report is a reviewed golden file.
func TestReportGolden(t *testing.T) {
	d, res := evaluate(t)
	var buf bytes.Buffer
	an, err := sensitivity.Analyze(context.Background(), d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := (&adr.Report{Decision: d, Result: res, Analysis: an}).WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden", buf.Bytes())
}

// The example's decision is what its README says: five options, five
// criteria, a security gate one option fails, a close call, and a selection
// overriding the top scorer with a rationale. The composites are checked by
// hand: dynamodb = 0.30×90 + 0.25×100 + 0.20×60 + 0.15×90 + 0.10×(10−4)×10.
func TestDecision(t *testing.T) {
	d, res := evaluate(t)
	if len(d.Alternatives) != 5 || len(d.Criteria) != 5 || len(d.Triggers) < 3 {
		t.Errorf("%d alternatives, %d criteria, %d triggers", len(d.Alternatives), len(d.Criteria), len(d.Triggers))
	}
	want := map[string]float64{"dynamodb": 83.5, "postgres": 79.5, "mongodb": 74, "mysql": 73.5, "cockroachdb": 69.5}
	for _, r := range res.Ranking {
		if r.Score != want[r.Alternative] {
			t.Errorf("%s: %v, want %v", r.Alternative, r.Score, want[r.Alternative])
		}
		if (r.Alternative == "mongodb") != (len(r.GateFailures) == 1) {
			t.Errorf("%s: gate failures %v", r.Alternative, r.GateFailures)
		}
	}
	if res.Recommended != "dynamodb" || d.Selected != "postgres" || !res.CloseCall {
		t.Errorf("recommended %q selected %q close call %v", res.Recommended, d.Selected, res.CloseCall)
	}
	for _, f := range res.Findings {
		if f.Severity == tot.SeverityError {
			t.Errorf("error finding %+v", f)
		}
	}
	for _, a := range d.Alternatives {
		for _, c := range d.Criteria {
			if s := a.Scores[c.ID]; s.Rationale == "" || len(s.Evidence) == 0 {
				t.Errorf("%s/%s: score without rationale or evidence", a.ID, c.ID)
			}
		}
	}
}

// at is the generation time the tests use.
var at = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// run writes the result, workbook, ADR and provenance records; each is a
// reviewed golden file (the workbook is checked by importing it back). The
// files record paths relative to the working folder, so the test runs in a
// temporary one.
func TestRun(t *testing.T) {
	decision, err := os.ReadFile("decision.yaml")
	if err != nil {
		t.Fatal(err)
	}
	assessments, err := os.ReadDir("evidence")
	if err != nil {
		t.Fatal(err)
	}
	evidence := map[string][]byte{}
	for _, e := range assessments {
		if evidence[e.Name()], err = os.ReadFile(filepath.Join("evidence", e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	d, want := evaluate(t)
	t.Chdir(t.TempDir())
	if err := os.WriteFile("decision.yaml", decision, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("evidence", 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range evidence {
		if err := os.WriteFile(filepath.Join("evidence", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := run(&buf, "decision.yaml", "out", at); err != nil {
		t.Fatal(err)
	}
	first := buf.String()
	files := snapshot(t, "out")

	// Rerunning rewrites the same files in place: same bytes, no new ADR.
	buf.Reset()
	if err := run(&buf, "decision.yaml", "out", at); err != nil {
		t.Fatal(err)
	}
	if buf.String() != first {
		t.Errorf("second run printed\n%s\nfirst\n%s", buf.String(), first)
	}
	if diff := cmp.Diff(files, snapshot(t, "out")); diff != "" {
		t.Errorf("second run changed the output folder (-first +second):\n%s", diff)
	}

	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	wantNames := []string{
		"adr/0007-primary-database-for-the-e-commerce-platform.md",
		"decision.xlsx",
		"provenance/0007-primary-database-for-the-e-commerce-platform.md.prov.yaml",
		"provenance/decision.xlsx.prov.yaml",
		"adr/figures/composites.svg",
		"adr/figures/contributions.svg",
		"adr/figures/stability.svg",
		"report.html",
		"result.json",
	}
	if diff := cmp.Diff(slices.Sorted(slices.Values(wantNames)), names); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}

	// result.json is the JSON of Evaluate's result.
	var got tot.Result
	if err := json.Unmarshal(files["result.json"], &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, &got); diff != "" {
		t.Errorf("result.json (-want +got):\n%s", diff)
	}

	// The workbook imports back to the decision.
	back, err := xlsx.Import(bytes.NewReader(files["decision.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	backRes, err := tot.Evaluate(back)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Ranking, backRes.Ranking); diff != "" {
		t.Errorf("imported workbook ranks differently (-want +got):\n%s", diff)
	}
	if back.Selected != d.Selected {
		t.Errorf("imported workbook selects %q, want %q", back.Selected, d.Selected)
	}

	// The ADR parses and audits clean: every number it prints is right, and
	// it links the charts written beside it.
	adrFile := files[wantNames[0]]
	for _, fig := range []string{"figures/composites.svg", "figures/contributions.svg", "figures/stability.svg"} {
		if !bytes.Contains(adrFile, []byte("]("+fig+")")) {
			t.Errorf("the ADR does not link %s", fig)
		}
	}
	rec, err := adr.Parse(adrFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range adr.Audit(rec) {
		if f.Code == "declared-mismatch" || f.Severity == "error" {
			t.Errorf("audit of the written ADR: %+v", f)
		}
	}

	// The ADR words the recommendation for the Very low certainty of its
	// deciding evidence (REF-045, a vendor blog), shows the Evidence
	// section, and passes the evidence gate as another author's record.
	for _, want := range []string{
		"- The evidence is very uncertain about whether Amazon DynamoDB with DAX will rank above PostgreSQL with read replicas on these criteria (REF-045).",
		"\n## Evidence\n", "| REF-045 | Very low ⊕◯◯◯ | LOW (baseline) - serious (risk of bias) = VERY LOW |",
		"- COST-MODEL-02 has no GRADE assessment (not deciding;",
	} {
		if !bytes.Contains(adrFile, []byte(want)) {
			t.Errorf("the ADR lacks %q", want)
		}
	}
	reg, err := grade.ReadRegister(os.DirFS("evidence"), ".")
	if err != nil {
		t.Fatal(err)
	}
	if g := adr.Gate(rec, reg, adr.GatePolicy{}); !g.Accept || g.Certainty != grade.VeryLow {
		t.Errorf("gate: accept %v certainty %v: %v", g.Accept, g.Certainty, g.Reasons)
	}

	// The provenance records are valid and name the checksum of the files.
	for _, name := range wantNames[2:4] {
		doc, err := prov.ReadRecord(bytes.NewReader(files[name]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range prov.Validate(doc) {
			t.Errorf("%s: %v", name, p)
		}
		generated := map[string]string{wantNames[2]: wantNames[0], wantNames[3]: wantNames[1]}[name]
		sum := sha256.Sum256(files[generated])
		if !bytes.Contains(files[name], []byte("sha256:"+hex.EncodeToString(sum[:]))) {
			t.Errorf("%s does not carry the sha256 of %s", name, generated)
		}
	}

	golden(t, "run.golden", []byte(first))
	golden(t, "adr.golden", adrFile)
	golden(t, "adr.prov.yaml.golden", files[wantNames[2]])
	golden(t, "xlsx.prov.yaml.golden", files[wantNames[3]])

	if err := run(&buf, "testdata/missing.yaml", "out", at); err == nil {
		t.Error("run with a missing file: no error")
	}
}

// snapshot reads every file below dir, by slash-separated relative path.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The README shows the real output of this example: the block after "and
// prints (real output):" is the reviewed run.golden.
func TestREADMEShowsRealOutput(t *testing.T) {
	goldentest.CheckBlock(t, filepath.Join("..", "..", "README.md"), "and prints (real output):", filepath.Join(testdata, "run.golden"))
}
