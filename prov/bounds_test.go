package prov_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/prov"
)

// endless yields spaces forever and counts them.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

// Every reader accepts input of exactly its size bound, rejects one byte
// more with ErrTooLarge, and never reads more than one byte past the bound.
func TestReadersSizeBound(t *testing.T) {
	readers := []struct {
		format string
		read   func(io.Reader, int64) (*prov.Document, error)
		in     string
	}{
		{"PROV-JSON", prov.ReadJSONLimit, `{"entity": {"ex:e": {}}}`},
		{"PROV-N", prov.ReadProvNLimit, "document\n  entity(ex:e)\nendDocument"},
		{"PROV-YAML", prov.ReadRecordLimit, "entity:\n  id: urn:aiwg:artifact:e\n"},
	}
	for _, r := range readers {
		t.Run(r.format, func(t *testing.T) {
			limit := int64(len(r.in))
			if _, err := r.read(strings.NewReader(r.in), limit); err != nil {
				t.Errorf("input of exactly %d bytes: %v", limit, err)
			}
			want := fmt.Sprintf("%s: input larger than %d bytes", r.format, limit)
			_, err := r.read(strings.NewReader(r.in+" "), limit)
			if err == nil || err.Error() != want || !errors.Is(err, prov.ErrTooLarge) || !errors.Is(err, prov.ErrSyntax) {
				t.Errorf("input of %d bytes: error %v, want %q wrapping ErrTooLarge and ErrSyntax", limit+1, err, want)
			}
			src := &endless{}
			if _, err := r.read(io.MultiReader(strings.NewReader(r.in), src), limit); !errors.Is(err, prov.ErrTooLarge) {
				t.Errorf("endless input: error %v, want ErrTooLarge", err)
			}
			if read := limit - int64(len(r.in)) + src.n; read > 1 {
				t.Errorf("endless input: read %d bytes past the bound, want at most 1", read)
			}
		})
	}
}

// ReadRecord's bound is MaxRecordSize: a record padded with a comment to
// exactly that size is read, one byte more is not.
func TestReadRecordMaxRecordSize(t *testing.T) {
	rec := "entity:\n  id: urn:aiwg:artifact:e\n#"
	pad := strings.Repeat("x", prov.MaxRecordSize-len(rec)-1) + "\n"
	if _, err := prov.ReadRecord(strings.NewReader(rec + pad)); err != nil {
		t.Errorf("record of MaxRecordSize bytes: %v", err)
	}
	if _, err := prov.ReadRecord(strings.NewReader(rec + "x" + pad)); !errors.Is(err, prov.ErrTooLarge) {
		t.Errorf("record of MaxRecordSize+1 bytes: error %v, want ErrTooLarge", err)
	}
}

// PROV-JSON nests at most as deep as its structure: a typed literal in an
// attribute array in a record array in a bundle (8 levels) is read; one
// level more is an error where it starts.
func TestReadJSONNestingBound(t *testing.T) {
	deepest := `{"bundle": {"ex:b": {"entity": {"ex:e": [{"ex:a": [{"$": "1", "type": "xsd:int"}]}]}}}}`
	d, err := prov.ReadJSON(strings.NewReader(deepest))
	if err != nil {
		t.Fatalf("ReadJSON(%s): %v", deepest, err)
	}
	if got := d.Bundles[0].Statements[0].Attrs[0].Value; got != prov.Typed("1", prov.TypeInt) {
		t.Errorf("read %+v, want 1^^xsd:int", got)
	}
	tooDeep := strings.Replace(deepest, `{"$": "1", "type": "xsd:int"}`, `{"$": ["1"], "type": "xsd:int"}`, 1)
	want := `PROV-JSON: /bundle/ex:b/entity/ex:e/0/ex:a/0/$: expected a literal, found an array`
	if _, err := prov.ReadJSON(strings.NewReader(tooDeep)); err == nil || err.Error() != want {
		t.Errorf("ReadJSON(%s) error %v, want %q", tooDeep, err, want)
	}
	inBundle := `{"bundle": {"ex:b": {"bundle": {}}}}`
	want = `PROV-JSON: /bundle/ex:b/bundle: unknown record kind "bundle"`
	if _, err := prov.ReadJSON(strings.NewReader(inBundle)); err == nil || err.Error() != want {
		t.Errorf("ReadJSON(%s) error %v, want %q", inBundle, err, want)
	}
}

// PROV-YAML attribute values nest lists and maps at most 32 levels.
func TestReadRecordNestingBound(t *testing.T) {
	nested := func(n int) string {
		return "entity:\n  id: urn:aiwg:artifact:e\n  attributes:\n    deep: " + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + "\n"
	}
	d, err := prov.ReadRecord(strings.NewReader(nested(32)))
	if err != nil {
		t.Fatalf("32 levels: %v", err)
	}
	if got, want := d.Statements[0].Attrs[0].Value.Lexical, strings.Repeat("[", 32)+"1"+strings.Repeat("]", 32); got != want {
		t.Errorf("32 levels read as %s, want %s", got, want)
	}
	_, err = prov.ReadRecord(strings.NewReader(nested(33)))
	want := "PROV-YAML: entity.attributes.deep: lists and maps nest deeper than 32 levels (line 4)"
	if err == nil || err.Error() != want {
		t.Errorf("33 levels: error %v, want %q", err, want)
	}
}

// PROV-N bundles do not nest.
func TestReadProvNBundleInBundle(t *testing.T) {
	in := "document\nbundle ex:a\nbundle ex:b\nendBundle\nendBundle\nendDocument"
	if _, err := prov.ReadProvN(bytes.NewReader([]byte(in))); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("ReadProvN(bundle in a bundle) error %v, want one at line 3", err)
	}
}
