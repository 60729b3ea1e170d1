package prov_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/prov"
)

func addSeedFiles(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzReadJSON: ReadJSON never panics; what it reads is written and read
// back to the same document, and validates without panicking.
func FuzzReadJSON(f *testing.F) {
	addSeedFiles(f, "all-kinds.json.golden")
	f.Add([]byte(`{"prefix":{"ex":"http://e/"},"entity":{"ex:e":[{"ex:a":[1,true,{"$":"x","lang":"en"}]},{}]},"hadMember":{"_:m":{"prov:collection":"ex:c","prov:entity":["ex:a","ex:b"]}}}`))
	f.Add([]byte(`{"bundle":{"ex:b":{"used":{"u":{"prov:activity":"a","prov:time":"2020-01-01T00:00:00Z"}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := prov.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		prov.Validate(d)
		prov.NewGraph(d).Stats()
		var out bytes.Buffer
		if err := d.WriteJSON(&out); err != nil {
			t.Fatalf("WriteJSON: %v", err)
		}
		d2, err := prov.ReadJSON(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("ReadJSON(WriteJSON(d)): %v\n%s", err, out.String())
		}
		var out2 bytes.Buffer
		if err := d2.WriteJSON(&out2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("WriteJSON is not stable:\n%s\n%s", out.String(), out2.String())
		}
		if err := d.WriteDOT(&out); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzReadProvN: ReadProvN never panics and WriteProvN output reads back to
// the same document.
func FuzzReadProvN(f *testing.F) {
	addSeedFiles(f, "all-kinds.provn")
	f.Add([]byte("document\nwasStartedBy(s; a, -, -, 2020-01-01T00:00:00Z)\nentity(e\\ x, [k = \"\"\"a\n\"\"\" %% xsd:string])\nendDocument"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := prov.ReadProvN(bytes.NewReader(data))
		if err != nil {
			return
		}
		prov.Validate(d)
		var out bytes.Buffer
		if err := d.WriteProvN(&out); err != nil {
			t.Fatalf("WriteProvN: %v", err)
		}
		d2, err := prov.ReadProvN(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("ReadProvN(WriteProvN(d)): %v\n%s", err, out.String())
		}
		if diff := cmp.Diff(d, d2); diff != "" {
			t.Fatalf("PROV-N round trip differs (-want +got):\n%s\n%s", diff, out.String())
		}
	})
}

// FuzzReadRecord: ReadRecord never panics; a record it reads validates, and
// when WriteRecord accepts it, reads back to the same document.
func FuzzReadRecord(f *testing.F) {
	addSeedFiles(f, "record_valid.yaml", "record_template.yaml")
	f.Add([]byte("entity:\n  - id: urn:aiwg:artifact:a\n    attributes: {n: 1, l: [1, 2]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := prov.ReadRecord(bytes.NewReader(data))
		if err != nil {
			return
		}
		prov.Validate(d)
		var out bytes.Buffer
		if err := d.WriteRecord(&out); err != nil {
			return
		}
		d2, err := prov.ReadRecord(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("ReadRecord(WriteRecord(d)): %v\n%s", err, out.String())
		}
		var out2 bytes.Buffer
		if err := d2.WriteRecord(&out2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("WriteRecord is not stable:\n%s\n---\n%s", out.String(), out2.String())
		}
	})
}
