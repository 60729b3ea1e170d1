package prov_test

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/interop"
	"github.com/deliberate-dev/deliberate/prov"
)

const (
	pythonPath   = "/usr/bin/python3"
	pythonCorpus = "/usr/lib/python3/dist-packages/prov/tests/json"
)

// requireTool reports the tool as missing (see interop.Missing) when check
// fails.
func requireTool(t *testing.T, name string, check func() error) {
	t.Helper()
	if err := check(); err != nil {
		interop.Missing(t, name, err.Error())
	}
}

func requirePythonProv(t *testing.T) {
	t.Helper()
	requireTool(t, "python3 with prov (python3-prov)", func() error {
		out, err := exec.Command(pythonPath, "-c", "import prov.model").CombinedOutput()
		if err != nil {
			return &toolError{err, string(out)}
		}
		if _, err := os.Stat(pythonCorpus); err != nil {
			return err
		}
		return nil
	})
}

type toolError struct {
	err error
	out string
}

func (e *toolError) Error() string { return e.err.Error() + ": " + strings.TrimSpace(e.out) }

// corpus returns the paths of python prov's PROV-JSON test documents.
func corpus(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(pythonCorpus, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no PROV-JSON documents in %s (err %v)", pythonCorpus, err)
	}
	sort.Strings(paths)
	return paths
}

// pythonEqual asks python prov, in one process, whether each pair of PROV-JSON
// files holds equal documents; it returns "ok" or a failure reason per pair.
func pythonEqual(t *testing.T, pairs [][2]string) []string {
	t.Helper()
	var in bytes.Buffer
	for _, p := range pairs {
		in.WriteString(p[0] + "\t" + p[1] + "\n")
	}
	cmd := exec.Command(pythonPath, filepath.Join("testdata", "provcompare.py"))
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("provcompare.py: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != len(pairs) {
		t.Fatalf("provcompare.py answered %d lines for %d pairs\n%s", len(lines), len(pairs), stderr.String())
	}
	return lines
}

func writeFile(t *testing.T, path string, write func(io.Writer) error) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatalf("writing %s: %v", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readJSONFile(t *testing.T, path string) *prov.Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := prov.ReadJSON(f)
	if err != nil {
		t.Fatalf("ReadJSON(%s): %v", path, err)
	}
	return d
}

// TestPythonInterop reads each of python prov's 398 PROV-JSON test documents,
// writes it back (as PROV-JSON directly, and through PROV-N: ReadProvN of
// WriteProvN), and asks python prov whether the result equals the original.
func TestPythonInterop(t *testing.T) {
	requirePythonProv(t)
	dir := t.TempDir()
	var pairs [][2]string
	var names []string
	for _, path := range corpus(t) {
		base := filepath.Base(path)
		d := readJSONFile(t, path)
		direct := filepath.Join(dir, base)
		writeFile(t, direct, d.WriteJSON)
		pairs = append(pairs, [2]string{path, direct})
		names = append(names, "json "+base)

		var pn bytes.Buffer
		if err := d.WriteProvN(&pn); err != nil {
			t.Errorf("WriteProvN(%s): %v", base, err)
			continue
		}
		d2, err := prov.ReadProvN(bytes.NewReader(pn.Bytes()))
		if err != nil {
			t.Errorf("ReadProvN(WriteProvN(%s)): %v\n%s", base, err, pn.String())
			continue
		}
		viaN := filepath.Join(dir, strings.TrimSuffix(base, ".json")+".provn.json")
		writeFile(t, viaN, d2.WriteJSON)
		pairs = append(pairs, [2]string{path, viaN})
		names = append(names, "provn "+base)
	}
	// Our own documents (PROV-YAML record, all kinds of PROV-N): PROV-JSON
	// written directly and through PROV-N must be equal for python prov.
	rec, _ := readRecordFile(t, "record_valid.yaml")
	for name, d := range map[string]*prov.Document{"record_valid": rec, "all-kinds": readProvNFile(t, "all-kinds.provn")} {
		a := filepath.Join(dir, name+".json")
		writeFile(t, a, d.WriteJSON)
		var pn bytes.Buffer
		if err := d.WriteProvN(&pn); err != nil {
			t.Fatal(err)
		}
		d2, err := prov.ReadProvN(&pn)
		if err != nil {
			t.Fatal(err)
		}
		b := filepath.Join(dir, name+".provn.json")
		writeFile(t, b, d2.WriteJSON)
		pairs = append(pairs, [2]string{a, b})
		names = append(names, "ours "+name)
	}
	// YAML number spellings (0x10, 1_000, .inf, True) reach PROV-JSON in
	// forms python prov reads as the values of a hand-written document.
	numbers, _ := readRecordFile(t, "record_numbers.yaml")
	ours := filepath.Join(dir, "record_numbers.json")
	writeFile(t, ours, numbers.WriteJSON)
	pairs = append(pairs, [2]string{filepath.Join("testdata", "record_numbers.expected.json"), ours})
	names = append(names, "ours record_numbers")

	// Controls: python prov must tell different documents apart, or the
	// comparisons above prove nothing.
	paths := corpus(t)
	controls := [][2]string{{paths[0], paths[1]}}
	d := readJSONFile(t, filepath.Join(pythonCorpus, "usage5.json"))
	d.Statements[0].Attrs[0].Value.Lexical += "x"
	mutated := filepath.Join(dir, "mutated.json")
	writeFile(t, mutated, d.WriteJSON)
	controls = append(controls, [2]string{filepath.Join(pythonCorpus, "usage5.json"), mutated})
	// ... and must fail to read a YAML spelling written as an xsd:long, as
	// ReadRecord wrote 0x10 before.
	numbers.Statements[0].Attrs[0].Value.Lexical = "0x10"
	invalid := filepath.Join(dir, "record_numbers_invalid.json")
	writeFile(t, invalid, numbers.WriteJSON)
	controls = append(controls, [2]string{ours, invalid})
	for i, res := range pythonEqual(t, controls) {
		if res == "ok" {
			t.Errorf("control %d: python prov judged %s and %s equal", i, controls[i][0], controls[i][1])
		}
	}
	if n := len(paths); n != 398 {
		t.Errorf("python prov corpus has %d documents, want 398", n)
	}
	results := pythonEqual(t, pairs)
	if len(results) != 2*398+3 {
		t.Errorf("%d comparisons, want %d", len(results), 2*398+3)
	}
	failed := 0
	for i, res := range results {
		if res != "ok" {
			failed++
			if failed <= 20 {
				t.Errorf("%s: python prov: %s", names[i], res)
			}
		}
	}
	t.Logf("%d of %d comparisons equal per python prov", len(results)-failed, len(results))
}
