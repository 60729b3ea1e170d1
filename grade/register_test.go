package grade

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

const ref045 = `reference_id: REF-045
source_classification:
  type: industry_blog
  baseline_quality: LOW
  rationale: Vendor blog with a benchmark
downgrade_assessment:
  risk_of_bias:
    severity: serious
    impact: -1
    rationale: Vendor-run benchmark
  imprecision: {severity: none, impact: 0, rationale: Enough runs}
upgrade_assessment:
  large_magnitude_effect: {applies: false, impact: 0}
final_quality: {level: VERY_LOW}
`

const ref012 = `Quality Assessment:
  Baseline:
    Level: high
    Rationale: Peer-reviewed measurement study
  Downgrades Applied:
    - Factor: indirectness
      Severity: serious
      Rationale: Different workload mix
`

const manyFile = `- id: REF-001
  baseline: {level: moderate}
- id: REF-002
  study_design: observational
  upgrades_applied:
    - {factor: large effect, magnitude: serious, rationale: "9x effect"}
`

func TestReadRegisterDirectory(t *testing.T) {
	fsys := fstest.MapFS{
		"q/REF-045-assessment.yaml": {Data: []byte(ref045)},
		"q/REF-012-assessment.yaml": {Data: []byte(ref012)}, // no id: taken from the name
		"q/INDEX.md":                {Data: []byte("# index\n")},
		"q/more.yml":                {Data: []byte(manyFile)},
		"q/schemas/x.yaml":          {Data: []byte("not: an assessment\n")},
	}
	r, err := ReadRegister(fsys, "q")
	if err != nil {
		t.Fatalf("ReadRegister: %v", err)
	}
	if diff := cmp.Diff([]string{"REF-001", "REF-002", "REF-012", "REF-045"}, r.IDs()); diff != "" {
		t.Errorf("IDs() (-want +got):\n%s", diff)
	}
	tests := []struct {
		id      string
		level   Level
		trail   string
		reasons []string
		origin  string
	}{
		// Low baseline, rated down once: Very low; the declared level agrees
		{"ref-045", VeryLow, "LOW (baseline) - serious (risk of bias) = VERY LOW",
			[]string{"rated down 1 level for risk of bias (serious): Vendor-run benchmark"}, "q/REF-045-assessment.yaml"},
		{"REF-012", Moderate, "HIGH (baseline) - serious (indirectness) = MODERATE",
			[]string{"rated down 1 level for indirectness (serious): Different workload mix"}, "q/REF-012-assessment.yaml"},
		{"REF-001", Moderate, "MODERATE (baseline) = MODERATE", []string{}, "q/more.yml:[0]"},
		// observational evidence starts Low and is rated up one level
		{"REF-002", Moderate, "LOW (baseline) + serious (large effect) = MODERATE",
			[]string{"rated up 1 level for large effect (serious): 9x effect"}, "q/more.yml:[1]"},
	}
	for _, tt := range tests {
		e, ok := r.Lookup(tt.id)
		if !ok {
			t.Errorf("Lookup(%q) not found", tt.id)
			continue
		}
		reasons := []string{}
		for _, rs := range e.Reasons {
			reasons = append(reasons, rs.String())
		}
		if e.Level != tt.level || e.Trail != tt.trail || e.Origin != tt.origin || !cmp.Equal(reasons, tt.reasons) {
			t.Errorf("Lookup(%q) = level %v, trail %q, origin %q, reasons %q;\nwant %v, %q, %q, %q",
				tt.id, e.Level, e.Trail, e.Origin, reasons, tt.level, tt.trail, tt.origin, tt.reasons)
		}
	}
	if _, ok := r.Lookup("REF-999"); ok {
		t.Error("Lookup(REF-999) found an entry")
	}
	if diff := cmp.Diff(map[string]Level{"REF-001": Moderate, "REF-002": Moderate, "REF-012": Moderate, "REF-045": VeryLow}, r.Levels()); diff != "" {
		t.Errorf("Levels() (-want +got):\n%s", diff)
	}
}

func TestReadRegisterDuplicateSources(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte("- {id: REF-001, baseline: high}\n- {id: REF-002, baseline: low}\n")},
		"b.yaml": {Data: []byte("evidence:\n  - {id: REF-003, baseline: low}\n  - {id: ref-001, baseline: low}\n")},
	}
	r, err := ReadRegister(fsys, "a.yaml", "b.yaml")
	if r != nil || !errors.Is(err, ErrDuplicateSource) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("ReadRegister = %v, %v; want ErrDuplicateSource", r, err)
	}
	want := "invalid assessment: b.yaml:evidence[1].id (line 3, column 5): ref-001 is assessed twice (also in a.yaml:[0])"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err.Error(), want)
	}
}

func TestRegisterAdd(t *testing.T) {
	var r Register
	if err := r.Add(&Assessment{ID: "REF-9", Baseline: Baseline{Level: High}}); err != nil {
		t.Fatal(err)
	}
	if err := r.Add(&Assessment{ID: "REF-9", Baseline: Baseline{Level: Low}}); !errors.Is(err, ErrDuplicateSource) {
		t.Errorf("second Add(REF-9) err = %v, want ErrDuplicateSource", err)
	}
	if err := r.Add(nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("Add(nil) err = %v, want ErrInvalid", err)
	}
	if err := r.Add(&Assessment{Baseline: Baseline{Level: Low}}); !errors.Is(err, ErrMissingID) {
		t.Errorf("Add(no id) err = %v, want ErrMissingID", err)
	}
	err := r.Add(&Assessment{ID: "REF-10"})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "baseline.level") {
		t.Errorf("Add(no baseline) err = %v, want the baseline problem", err)
	}
	if e, _ := r.Lookup("REF-9"); r.Len() != 1 || e.Level != High {
		t.Errorf("register after Adds: len %d, REF-9 %v; want 1, High", r.Len(), e.Level)
	}
}

// TestRegisterStrictPolicy: the register's policy decides the levels and
// marks refused upgrades in the reason trail.
func TestRegisterStrictPolicy(t *testing.T) {
	a, err := ParseAssessment([]byte("id: R\nbaseline: high\ndowngrades: [{factor: bias, severity: serious}]\nupgrades: [{factor: large effect, magnitude: serious}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := Register{Policy: StrictPolicy}
	if err := r.Add(a); err != nil {
		t.Fatal(err)
	}
	e, _ := r.Lookup("R")
	if e.Level != Moderate || len(e.Reasons) != 2 || !e.Reasons[1].Refused || e.Reasons[1].Steps != 0 {
		t.Errorf("strict entry = %v %+v, want Moderate with the upgrade refused", e.Level, e.Reasons)
	}
}

func TestRegisterInvalidFile(t *testing.T) {
	fsys := fstest.MapFS{
		"q/REF-1-assessment.yaml": {Data: []byte("baseline:\n  level: high\n  level: low\n")},
		"q/notes.yaml":            {Data: []byte("baseline: high\n")}, // no id, no id in the name
	}
	_, err := ReadRegister(fsys, "q")
	if !errors.Is(err, ErrDuplicateKey) || !errors.Is(err, ErrMissingID) {
		t.Errorf("ReadRegister err = %v, want the duplicate key and the missing id", err)
	}
	if !strings.Contains(err.Error(), "q/REF-1-assessment.yaml:baseline.level (line 3, column 3)") {
		t.Errorf("ReadRegister err = %v, want the file, path and position", err)
	}
}

func TestReadRegisterSizeBound(t *testing.T) {
	head := "id: REF-1\nbaseline: high\nnotes: "
	at := head + strings.Repeat("x", MaxInputSize-len(head))
	if _, err := ReadRegister(fstest.MapFS{"a.yaml": {Data: []byte(at)}}, "a.yaml"); err != nil {
		t.Errorf("ReadRegister(%d bytes) err = %v, want nil", len(at), err)
	}
	_, err := ReadRegister(fstest.MapFS{"a.yaml": {Data: []byte(at + "x")}}, "a.yaml")
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadRegister(%d bytes) err = %v, want ErrTooLarge", len(at)+1, err)
	}
}

// TestReadRegisterNeverFollowsLinks: a symbolic link to a file outside the
// folder and a FIFO are reported and never read (a FIFO would block).
func TestReadRegisterNeverFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	q := filepath.Join(dir, "q")
	if err := os.Mkdir(q, 0o755); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(dir, "secret.yaml")
	if err := os.WriteFile(secret, []byte("id: SECRET\nbaseline: high\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(q, "REF-1-assessment.yaml")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	if err := syscall.Mkfifo(filepath.Join(q, "REF-2-assessment.yaml"), 0o644); err != nil {
		t.Skipf("mkfifo unavailable: %v", err)
	}
	if err := os.WriteFile(filepath.Join(q, "REF-3-assessment.yaml"), []byte("baseline: low\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := ReadRegister(os.DirFS(dir), "q")
	if r != nil || !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadRegister = %v, %v; want ErrNotRegular", r, err)
	}
	var ve *ValidationError
	errors.As(err, &ve)
	if len(ve.Problems) != 2 || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("ReadRegister err = %v, want the link and the FIFO reported, nothing read from them", err)
	}
	// a link named directly is not followed either
	if _, err := ReadRegister(os.DirFS(dir), "q/REF-1-assessment.yaml"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadRegister(link) err = %v, want ErrNotRegular", err)
	}
}

// FuzzRegisterRead: any input either fails with a *ValidationError or
// gives entries that each look up to a valid level, in sorted IDs.
func FuzzRegisterRead(f *testing.F) {
	f.Add([]byte(manyFile))
	f.Add([]byte(ref045))
	f.Add([]byte("evidence:\n  - {id: A, baseline: low}\n  - {id: a, baseline: low}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Register
		err := r.Read("REF-1-assessment.yaml", bytes.NewReader(data))
		var ve *ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("Read error %v is not a *ValidationError", err)
		}
		ids := r.IDs()
		if !slices.IsSortedFunc(ids, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
			t.Fatalf("IDs %q not sorted", ids)
		}
		for _, id := range ids {
			if e, ok := r.Lookup(id); !ok || !e.Level.Valid() {
				t.Fatalf("Lookup(%q) = %+v, %v", id, e, ok)
			}
		}
	})
}

// TestForeignADRAgainstRegister: an ADR someone else wrote claims "proves"
// over a Low source; CheckCitations flags it with the sentence and the
// source, and a High assessment of the same source clears it.
func TestForeignADRAgainstRegister(t *testing.T) {
	adr := "# 7. Use Redis\n\n## Decision\n\nWe use Redis. A vendor benchmark proves that Redis halves read latency [REF-045].\n"
	low := fstest.MapFS{"q/REF-045-assessment.yaml": {Data: []byte(ref045)}} // Very low after rating down
	reg, err := ReadRegister(low, "q")
	if err != nil {
		t.Fatal(err)
	}
	var c Checker
	cfs := c.CheckCitations(adr, reg.Levels())
	if len(cfs) != 1 {
		t.Fatalf("CheckCitations = %v, want one finding", cfs)
	}
	cf := cfs[0]
	wantSentence := "A vendor benchmark proves that Redis halves read latency [REF-045]."
	if cf.Code != CodeOverConfident || cf.Severity != SeverityError || cf.Citation.Source != "REF-045" ||
		cf.Citation.Sentence != wantSentence || cf.Citation.Line != 5 || cf.Level != VeryLow || !strings.Contains(cf.Message, `"proves"`) {
		t.Errorf("finding = %+v, want an over-confident error on REF-045 at line 5 quoting %q", cf, wantSentence)
	}
	var high Register
	if err := high.Add(&Assessment{ID: "REF-045", Baseline: Baseline{Level: High}}); err != nil {
		t.Fatal(err)
	}
	if cfs := c.CheckCitations(adr, high.Levels()); len(cfs) != 0 {
		t.Errorf("with a High assessment CheckCitations = %v, want none", cfs)
	}
	if cfs := c.CheckCitations(adr, nil); len(cfs) != 1 || cfs[0].Code != CodeUnassessedSource || cfs[0].Level != Unknown {
		t.Errorf("without an assessment CheckCitations = %v, want one unassessed-source finding", cfs)
	}
}

func TestRegisterReadFSStrict(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte("- {id: R, baseline: high, downgrades: [{factor: bias, severity: serious}], upgrades: [{factor: large effect, magnitude: serious}]}\n")}}
	for _, tt := range []struct {
		p    UpgradePolicy
		want Level
	}{{DefaultPolicy, High}, {StrictPolicy, Moderate}} {
		r := &Register{Policy: tt.p}
		if err := r.ReadFS(fsys, "a.yaml"); err != nil {
			t.Fatal(err)
		}
		if e, _ := r.Lookup("R"); e.Level != tt.want {
			t.Errorf("ReadFS under %v: level %v, want %v", tt.p, e.Level, tt.want)
		}
	}
}
