package prov_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/prov"
)

// manyEntities returns n entity members "ex:e0" ... as PROV-JSON text, the
// one at index bad (if any) with a typed literal that lacks "$".
func manyEntities(n, bad int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		if i == bad {
			fmt.Fprintf(&b, `"ex:e%d": {"ex:a": {"type": "xsd:int"}}`, i)
			continue
		}
		fmt.Fprintf(&b, `"ex:e%d": {"ex:a": {"$": "%d", "type": "xsd:int"}, "prov:label": "e"}`, i, i)
	}
	return b.String()
}

// ReadJSON converts records while it reads on; the problem it reports must
// still be the first one in the document.
func TestReadJSONFirstProblem(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"record before syntax error",
			`{"entity": {"e": {"a": {"lang": "en"}}, "f": {"a": tru}}}`,
			`PROV-JSON: entity.e.a: typed literal without "$"`},
		{"record before unknown kind",
			`{"entity": {"e": {"prov:type": [[1]]}}, "foo": {}}`,
			`PROV-JSON: entity.e.prov:type: expected a value, found an array`},
		{"body before later body",
			`{"used": {"u": "x", "v": {"prov:activity": 1}}}`,
			`PROV-JSON: used.u: expected a record object, found string "x"`},
		{"array element",
			`{"used": {"u": [{"prov:activity": "a"}, 2, {"prov:activity": 1}]}}`,
			`PROV-JSON: used.u[1]: expected a record object, found number 2`},
		{"deep in a large document, before a syntax error",
			`{"entity": {` + manyEntities(5000, 3210) + `}, "activity": {"a": {]}}`,
			`PROV-JSON: entity.ex:e3210.ex:a: typed literal without "$"`},
		{"syntax error after many good records",
			`{"entity": {` + manyEntities(3000, -1) + `, "x": {"a": 1,}}}`,
			`PROV-JSON: entity.x: invalid character '}' looking for beginning of object key string`},
		{"trailing data",
			`{"entity": {` + manyEntities(700, -1) + `}} {}`,
			`PROV-JSON: unexpected data after the document`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := prov.ReadJSON(strings.NewReader(tt.in))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("ReadJSON = %v, %v; want error %q", d, err, tt.want)
			}
			if !errors.Is(err, prov.ErrSyntax) {
				t.Errorf("ReadJSON error %v does not wrap ErrSyntax", err)
			}
		})
	}
}

// largeDoc builds a document of every kind of record with n records of each
// element kind, repeated identifiers, collections of several members and a
// bundle, large enough to span many of the reader's chunks.
func largeDoc(n int) *prov.Document {
	d := &prov.Document{}
	d.AddNamespace("ex", "http://example.org/")
	d.AddNamespace("default", "http://default.example.org/")
	add := func(c *prov.Container, m int) {
		for i := range m {
			e, a, ag := fmt.Sprintf("ex:e%d", i), fmt.Sprintf("ex:a%d", i), fmt.Sprintf("ag%d", i)
			c.Entity(prov.QName(e),
				prov.Attr{Name: "prov:type", Value: prov.Ref("ex:Artifact")},
				prov.Attr{Name: "ex:n", Value: prov.Typed(fmt.Sprint(i), prov.TypeInt)},
				prov.Attr{Name: "ex:n", Value: prov.Typed("1.50", "xsd:decimal")},
				prov.Attr{Name: "prov:label", Value: prov.Value{Lexical: "é <&>", Lang: "fr"}})
			if i%7 == 0 {
				c.Entity(prov.QName(e), prov.Attr{Name: "ex:again", Value: prov.String("yes")})
			}
			c.Activity(prov.QName(a), "2026-01-25T19:29:45+01:00", "")
			c.Agent(prov.QName(ag))
			c.Relation(prov.KindGeneration, "", []string{e, a, "2026-01-25T19:30:00Z"})
			c.Relation(prov.KindUsage, prov.QName("ex:u"+fmt.Sprint(i%5)), []string{a, e})
			c.Relation(prov.KindMembership, "", []string{"ex:coll", e})
		}
	}
	add(&d.Container, n)
	add(&d.NewBundle("ex:b").Container, n/10)
	return d
}

func TestReadJSONLarge(t *testing.T) {
	d := largeDoc(3000)
	var text bytes.Buffer
	if err := d.WriteJSON(&text); err != nil {
		t.Fatal(err)
	}
	d1, err := prov.ReadJSON(bytes.NewReader(text.Bytes()))
	if err != nil {
		t.Fatalf("ReadJSON(WriteJSON(d)): %v", err)
	}
	if got, want := len(d1.Records), len(d.Records); got != want {
		t.Errorf("ReadJSON(WriteJSON(d)) has %d records, want %d", got, want)
	}
	var first, second bytes.Buffer
	if err := d1.WriteJSON(&first); err != nil {
		t.Fatal(err)
	}
	d2, err := prov.ReadJSON(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d1, d2); diff != "" {
		t.Errorf("ReadJSON(WriteJSON(d1)) differs from d1 (-want +got):\n%s", diff)
	}
	if err := d2.WriteJSON(&second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("WriteJSON is not stable")
	}
	// Records of one kind keep their order.
	var ids []prov.QName
	for _, r := range d1.Records {
		if r.Kind == prov.KindAgent {
			ids = append(ids, r.ID)
		}
	}
	for i, id := range ids {
		if want := prov.QName(fmt.Sprintf("ag%d", i)); id != want {
			t.Fatalf("agent %d is %s, want %s", i, id, want)
		}
	}
}

// A typed literal with several bad members is reported by the first in
// order of member name, whatever order the JSON object's members come in.
func TestReadJSONTypedLiteralProblemOrder(t *testing.T) {
	docs := []string{
		`{"entity": {"ex:e": {"ex:a": {"$": "1", "zz": 1, "type": 5, "lang": true}}}}`,
		`{"entity": {"ex:e": {"ex:a": {"lang": true, "type": 5, "zz": 1, "$": "1"}}}}`,
	}
	var first string
	for i := range 50 {
		_, err := prov.ReadJSON(strings.NewReader(docs[i%len(docs)]))
		if err == nil {
			t.Fatal("no error for a typed literal with bad members")
		}
		if !strings.Contains(err.Error(), "ex:a.lang") {
			t.Errorf("error %q does not name the first bad member, lang", err)
		}
		if i == 0 {
			first = err.Error()
		} else if err.Error() != first {
			t.Fatalf("errors differ between reads: %q and %q", first, err)
		}
	}
}
