package prov_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/prov"
)

func readRecordFile(t *testing.T, name string) (*prov.Document, []byte) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := prov.ReadRecord(bytes.NewReader(src))
	if err != nil {
		t.Fatalf("ReadRecord(%s): %v", name, err)
	}
	return d, src
}

// dropEmptyMaps removes empty mappings (the seed's "attributes: {}"), which
// carry no information, from a decoded YAML value.
func dropEmptyMaps(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if m, ok := e.(map[string]any); ok && len(m) == 0 {
				continue
			}
			out[k] = dropEmptyMaps(e)
		}
		return out
	case []any:
		for i := range x {
			x[i] = dropEmptyMaps(x[i])
		}
	}
	return v
}

func yamlValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatalf("yaml.Unmarshal: %v\n%s", err, b)
	}
	return dropEmptyMaps(v)
}

// TestRecordRoundTrip reads the seed's record template and a complete record,
// writes them, and checks that the output says what the input said (as YAML
// data) and reads back to the same document.
func TestRecordRoundTrip(t *testing.T) {
	for _, name := range []string{"record_template.yaml", "record_valid.yaml"} {
		t.Run(name, func(t *testing.T) {
			d, src := readRecordFile(t, name)
			var out bytes.Buffer
			if err := d.WriteRecord(&out); err != nil {
				t.Fatalf("WriteRecord: %v", err)
			}
			if name == "record_template.yaml" {
				// The template round-trips exactly, "attributes: {}" included.
				var in, got any
				if err := yaml.Unmarshal(src, &in); err != nil {
					t.Fatal(err)
				}
				if err := yaml.Unmarshal(out.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(in, got); diff != "" {
					t.Errorf("WriteRecord(ReadRecord(template)) differs as YAML data (-input +output):\n%s", diff)
				}
			}
			if diff := cmp.Diff(yamlValue(t, src), yamlValue(t, out.Bytes())); diff != "" {
				t.Errorf("WriteRecord(ReadRecord(%s)) differs as YAML data (-input +output):\n%s", name, diff)
			}
			d2, err := prov.ReadRecord(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatalf("ReadRecord(WriteRecord(%s)): %v\n%s", name, err, out.String())
			}
			if diff := cmp.Diff(d, d2); diff != "" {
				t.Errorf("ReadRecord(WriteRecord(%s)) differs (-first +second):\n%s", name, diff)
			}
			golden(t, strings.TrimSuffix(name, ".yaml")+".record.golden", out.Bytes())
		})
	}
}

func codes(ps []prov.Problem, sev prov.Severity) []string {
	var cs []string
	for _, p := range ps {
		if sev == "" || p.Severity == sev {
			cs = append(cs, p.Code)
		}
	}
	return cs
}

// TestValidateRecord breaks the valid record one rule at a time and checks
// that Validate reports the rule's code as an error.
func TestValidateRecord(t *testing.T) {
	_, src := readRecordFile(t, "record_valid.yaml")
	d, err := prov.ReadRecord(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if errs := codes(prov.Validate(d), prov.SeverityError); len(errs) > 0 {
		t.Fatalf("Validate(record_valid.yaml) errors %v, want none; problems: %v", errs, prov.Validate(d))
	}
	const act = "urn:aiwg:activity:generation:tracker:001"
	tests := []struct {
		name     string
		old, new string // replace every occurrence
		want     string
	}{
		{"activity ends before it starts", `ended_at: "2026-01-25T19:30:00Z"`, `ended_at: "2026-01-25T19:29:00Z"`, prov.CodeActivityOrder},
		{"malformed activity URN", act, "urn:aiwg:activity:generation:tracker", prov.CodeURNFormat},
		{"malformed entity URN", "urn:aiwg:artifact:src/provenance/tracker.ts", "src/provenance/tracker.ts", prov.CodeURNFormat},
		{"absolute artifact path", "urn:aiwg:artifact:src/", "urn:aiwg:artifact:/home/me/src/", prov.CodeURNFormat},
		{"malformed agent URN", "urn:aiwg:agent:software-implementer", "agent:software-implementer", prov.CodeURNFormat},
		{"dangling agent", "    agent: \"urn:aiwg:agent:software-implementer\"\n    role", "    agent: \"urn:aiwg:agent:nobody\"\n    role", prov.CodeDanglingRef},
		{"dangling activity", "  wasGeneratedBy:\n    entity: \"urn:aiwg:artifact:src/provenance/tracker.ts\"\n    activity: \"" + act, "  wasGeneratedBy:\n    entity: \"urn:aiwg:artifact:src/provenance/tracker.ts\"\n    activity: \"urn:aiwg:activity:generation:other:002", prov.CodeDanglingRef},
		{"derivation cycle", "  wasAssociatedWith:", "    - entity: \"urn:aiwg:artifact:.aiwg/requirements/use-cases/UC-104-provenance.md\"\n      source: \"urn:aiwg:artifact:src/provenance/tracker.ts\"\n      derivation_type: \"documents\"\n  wasAssociatedWith:", prov.CodeDerivationCycle},
		{"updated before created", `updated_at: "2026-01-25T20:15:00Z"`, `updated_at: "2026-01-25T19:00:00Z"`, prov.CodeUpdatedOrder},
		{"created before activity started", `  created_at: "2026-01-25T19:30:00Z"
  updated_at`, `  created_at: "2026-01-25T19:00:00Z"
  updated_at`, prov.CodeCreatedOrder},
		{"bad checksum", "sha256:a3c8", "sha256:A3C8", prov.CodeChecksumFormat},
		{"missing type", "  type: \"code\"\n", "", prov.CodeRequiredField},
		{"duration mismatch", "duration_seconds: 15", "duration_seconds: 16", prov.CodeDuration},
		{"unknown derivation type", `derivation_type: "implements"`, `derivation_type: "inspired_by"`, prov.CodeDerivationType},
		{"bad timestamp", `started_at: "2026-01-25T19:29:45Z"`, `started_at: "25/01/2026 19:29"`, prov.CodeTimestampFormat},
		{"missing started_at", "  started_at: \"2026-01-25T19:29:45Z\"\n", "", prov.CodeRequiredField},
		{"generation after activity end", `time: "2026-01-25T19:30:00Z"`, `time: "2026-01-25T19:31:00Z"`, prov.CodeEventOrder},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.ReplaceAll(string(src), tc.old, tc.new)
			if in == string(src) {
				t.Fatalf("replacement %q did not apply", tc.old)
			}
			d, err := prov.ReadRecord(strings.NewReader(in))
			if err != nil {
				t.Fatalf("ReadRecord: %v", err)
			}
			ps := prov.Validate(d)
			errs := codes(ps, prov.SeverityError)
			found := false
			for _, c := range errs {
				found = found || c == tc.want
			}
			if !found {
				t.Errorf("Validate error codes = %v, want %q among them; problems: %v", errs, tc.want, ps)
			}
		})
	}
}

func TestReadRecordErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // substrings of the error
	}{
		{"unknown field", "entity:\n  id: urn:aiwg:artifact:a\n  colour: red\n", []string{"colour"}},
		{"two problems at once", "entity:\n  id: urn:aiwg:artifact:a\n  colour: red\nagent:\n  id: urn:aiwg:agent:x\n  size: 3\n", []string{"colour", "size"}},
		{"size not an integer", "entity:\n  id: urn:aiwg:artifact:a\n  size_bytes: big\n", []string{"entity.size_bytes"}},
		{"scalar section", "entity: 3\n", []string{"expected a mapping or a list of mappings, found 3"}},
		{"unknown field at its line in a list", "entity:\n  - id: urn:aiwg:artifact:a\n  - id: urn:aiwg:artifact:b\n    colour: red\n", []string{"line 4: field colour not found"}},
		{"field twice", "entity:\n  id: urn:aiwg:artifact:a\n  type: code\n  type: test\n", []string{`line 4: mapping key "type" already defined at line 3`}},
		{"section twice", "entity:\n  id: urn:aiwg:artifact:a\nentity:\n  id: urn:aiwg:artifact:b\n", []string{`line 3: mapping key "entity" already defined at line 1`}},
		{"attribute twice", "entity:\n  id: urn:aiwg:artifact:a\n  attributes:\n    n: 1\n    n: 2\n", []string{`PROV-YAML: line 5: mapping key "n" already defined at line 4`}},
		{"attribute twice, with and without prefix", "entity:\n  - id: urn:aiwg:artifact:a\n  - id: urn:aiwg:artifact:b\n    attributes:\n      n: 1\n      attr:n: 2\n", []string{"PROV-YAML: entity[1].attributes.attr:n: attribute attr:n given twice (lines 5 and 6)"}},
		{"key twice in an attribute's map", "entity:\n  id: urn:aiwg:artifact:a\n  attributes:\n    m: {a: 1, a: 2}\n", []string{`PROV-YAML: line 4: mapping key "a" already defined at line 4`}},
		{"NaN attribute", "entity:\n  id: urn:aiwg:artifact:a\n  attributes:\n    x: .nan\n", []string{"PROV-YAML: entity.attributes.x: .nan is not a number (NaN equals no value, itself included) (line 4)"}},
		{"integer beyond xsd:long", "activity:\n  id: urn:aiwg:activity:a\n  duration_seconds: 9223372036854775808\n", []string{"PROV-YAML: activity.duration_seconds: 9223372036854775808 is out of the range of xsd:long (line 3)"}},
		{"two documents", "entity:\n  id: urn:aiwg:artifact:a\n---\nentity:\n  id: urn:aiwg:artifact:b\n", []string{"more than one YAML document"}},
		{"unknown top-level field", "entities: []\n", []string{"entities"}},
		{"empty", "", []string{"empty record"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := prov.ReadRecord(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("ReadRecord(%q) succeeded, want an error", tc.in)
			}
			if !errors.Is(err, prov.ErrSyntax) {
				t.Errorf("ReadRecord(%q) error %v does not wrap ErrSyntax", tc.in, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ReadRecord(%q) error %q does not mention %q", tc.in, err, w)
				}
			}
		})
	}
}

// YAML number spellings become valid xsd lexical forms: as written when
// they are one, otherwise the canonical form of the value YAML reads.
func TestReadRecordNumberSpellings(t *testing.T) {
	tests := []struct {
		yaml string
		want prov.Value
	}{
		{"0x10", prov.Typed("16", prov.TypeLong)},
		{"-0x10", prov.Typed("-16", prov.TypeLong)},
		{"0o17", prov.Typed("15", prov.TypeLong)},
		{"0b11", prov.Typed("3", prov.TypeLong)},
		{"1_000", prov.Typed("1000", prov.TypeLong)},
		{"012", prov.Typed("10", prov.TypeLong)}, // yaml.v3 reads a leading 0 as octal
		{"42", prov.Typed("42", prov.TypeLong)},
		{"+42", prov.Typed("+42", prov.TypeLong)},
		{".inf", prov.Typed("INF", prov.TypeDouble)},
		{"+.inf", prov.Typed("INF", prov.TypeDouble)},
		{"-.Inf", prov.Typed("-INF", prov.TypeDouble)},
		{"1_0.5", prov.Typed("10.5", prov.TypeDouble)},
		{"1.50", prov.Typed("1.50", prov.TypeDouble)},
		{"1e3", prov.Typed("1e3", prov.TypeDouble)},
		{"-0.0", prov.Typed("-0.0", prov.TypeDouble)},
		{"True", prov.Typed("true", prov.TypeBoolean)},
		{"FALSE", prov.Typed("false", prov.TypeBoolean)},
		{"'0x10'", prov.String("0x10")},
		{"0x", prov.String("0x")},
	}
	for _, tc := range tests {
		in := "entity:\n  id: urn:aiwg:artifact:a\n  attributes:\n    n: " + tc.yaml + "\n"
		d, err := prov.ReadRecord(strings.NewReader(in))
		if err != nil {
			t.Errorf("ReadRecord(n: %s): %v", tc.yaml, err)
			continue
		}
		if got := d.Statements[0].Attrs[0].Value; got != tc.want {
			t.Errorf("ReadRecord(n: %s) = %+v, want %+v", tc.yaml, got, tc.want)
		}
	}
	d, err := prov.ReadRecord(strings.NewReader("entity:\n  id: urn:aiwg:artifact:a\n  size_bytes: 0x10\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Statements[0].Attr(prov.AttrSizeBytes), []prov.Value{prov.Typed("16", prov.TypeLong)}; !cmp.Equal(got, want) {
		t.Errorf("size_bytes: 0x10 read as %v, want %v", got, want)
	}
}

func TestGenerated(t *testing.T) {
	at := time.Date(2026, 11, 25, 21, 0, 0, 0, time.FixedZone("", -5*3600))
	out := prov.Artifact{Path: "docs/adr/0007-database.md", Content: []byte("# ADR 7\n")}
	in := []prov.Artifact{
		{Path: "decisions/database.yaml", Type: "data", Content: []byte("title: db\n"), Derivation: "implements", Role: "decision"},
		{Path: "templates/adr.md", Type: "template", Content: []byte(""), Derivation: "follows_pattern"},
	}
	d := prov.Generated(out, in, prov.Activity{Started: at.Add(-2 * time.Second)}, prov.Agent{ID: "tool:deliberate", Version: "0.1.0"}, at)
	if ps := codes(prov.Validate(d), prov.SeverityError); len(ps) > 0 {
		t.Errorf("Validate(Generated(...)) errors %v, want none: %v", ps, prov.Validate(d))
	}
	// Checksums computed independently: sha256 of "" is the well-known e3b0c442...
	var buf bytes.Buffer
	if err := d.WriteRecord(&buf); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{
		"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"size_bytes: 8",
		"urn:aiwg:activity:generation:0007-database:001",
		"2026-11-25T21:00:00-05:00",
		"duration_seconds: 2",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("WriteRecord(Generated(...)) lacks %q:\n%s", want, got)
		}
	}
	golden(t, "generated.record.golden", buf.Bytes())
	d2, err := prov.ReadRecord(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, d2); diff != "" {
		t.Errorf("ReadRecord(WriteRecord(Generated(...))) differs (-want +got):\n%s", diff)
	}
}
