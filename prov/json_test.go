package prov_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
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

// ReadJSON reports the first problem in the document, located by the JSON
// pointer (RFC 6901) of the offending member or element.
func TestReadJSONErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // the whole message, or its start when it ends in "…"
		is       error  // also matched by errors.Is, when not nil
	}{
		{"record before syntax error",
			`{"entity": {"e": {"a": {"lang": "en"}}, "f": {"a": tru}}}`,
			`PROV-JSON: /entity/e/a: typed literal without "$"`, nil},
		{"record before unknown kind",
			`{"entity": {"e": {"prov:type": [[1]]}}, "foo": {}}`,
			`PROV-JSON: /entity/e/prov:type: expected a value, found an array`, nil},
		{"unknown kind",
			`{"entity": {}, "foo": {}}`,
			`PROV-JSON: /foo: unknown record kind "foo"`, nil},
		{"body before later body",
			`{"used": {"u": "x", "v": {"prov:activity": 1}}}`,
			`PROV-JSON: /used/u: expected a record object, found string "x"`, nil},
		{"array element",
			`{"used": {"u": [{"prov:activity": "a"}, 2, {"prov:activity": 1}]}}`,
			`PROV-JSON: /used/u/1: expected a record object, found number 2`, nil},
		{"argument not a string",
			`{"used": {"u": {"prov:activity": 1}}}`,
			`PROV-JSON: /used/u/prov:activity: prov:activity must be a string, found number 1`, nil},
		{"null value",
			`{"entity": {"e": {"ex:a": null}}}`,
			`PROV-JSON: /entity/e/ex:a: expected a value, found null`, nil},
		{"name with a slash and a tilde",
			`{"entity": {"ex:a/b~c": {"ex:x": {"type": "xsd:int"}}}}`,
			`PROV-JSON: /entity/ex:a~1b~0c/ex:x: typed literal without "$"`, nil},
		{"first bad member of a typed literal in text order",
			`{"entity": {"ex:e": {"ex:a": {"$": "1", "zz": 1, "type": 5, "lang": true}}}}`,
			`PROV-JSON: /entity/ex:e/ex:a/zz: unknown member "zz" of a typed literal`, nil},
		{"first bad member of a typed literal in text order, reversed",
			`{"entity": {"ex:e": {"ex:a": {"lang": true, "type": 5, "zz": 1, "$": "1"}}}}`,
			`PROV-JSON: /entity/ex:e/ex:a/lang: expected a string, found boolean`, nil},
		{"deep in a large document, before a syntax error",
			`{"entity": {` + manyEntities(5000, 3210) + `}, "activity": {"a": {]}}`,
			`PROV-JSON: /entity/ex:e3210/ex:a: typed literal without "$"`, nil},
		{"syntax error after many good records",
			`{"entity": {` + manyEntities(3000, -1) + `, "x": {"a": 1,}}}`,
			`PROV-JSON: /entity/x: invalid character ',' at start of value (byte offset …`, nil},
		{"trailing data",
			`{"entity": {` + manyEntities(700, -1) + `}} {}`,
			`PROV-JSON: unexpected data after the document`, nil},
		{"truncated",
			`{"entity": {"e": {`,
			`PROV-JSON: /entity/e: unexpected EOF (byte offset 18)`, io.ErrUnexpectedEOF},
		{"not an object",
			`[1]`,
			`PROV-JSON: expected a PROV-JSON document object, found an array`, nil},
		{"nesting deeper than PROV-JSON",
			`{"entity": {"e": {"ex:a": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`,
			`PROV-JSON: /entity/e/ex:a: expected a value, found an array`, nil},

		// Duplicate names: every object of PROV-JSON.
		{"duplicate attribute",
			`{"entity": {"ex:e": {"ex:a": 1, "prov:label": "x", "ex:a": 2}}}`,
			`PROV-JSON: /entity/ex:e/ex:a: duplicate member name "ex:a"`, jsontext.ErrDuplicateName},
		{"duplicate argument",
			`{"used": {"u": {"prov:activity": "a", "prov:activity": "b"}}}`,
			`PROV-JSON: /used/u/prov:activity: duplicate member name "prov:activity"`, jsontext.ErrDuplicateName},
		{"prefix bound twice",
			`{"prefix": {"ex": "http://a/", "ex": "http://b/"}}`,
			`PROV-JSON: /prefix/ex: duplicate member name "ex"`, jsontext.ErrDuplicateName},
		{"prefix object twice",
			`{"prefix": {"ex": "http://a/"}, "entity": {}, "prefix": {"ex": "http://b/"}}`,
			`PROV-JSON: /prefix: duplicate member name "prefix"`, jsontext.ErrDuplicateName},
		{"record identifier twice",
			`{"entity": {` + manyEntities(40, -1) + `, "ex:e17": {}}}`,
			`PROV-JSON: /entity/ex:e17: duplicate member name "ex:e17"`, jsontext.ErrDuplicateName},
		{"blank node twice",
			`{"used": {"_:u1": {"prov:activity": "a"}, "_:u1": {"prov:activity": "b"}}}`,
			`PROV-JSON: /used/_:u1: duplicate member name "_:u1"`, jsontext.ErrDuplicateName},
		{"kind twice",
			`{"entity": {"a": {}}, "activity": {}, "entity": {"b": {}}}`,
			`PROV-JSON: /entity: duplicate member name "entity"`, jsontext.ErrDuplicateName},
		{"typed literal member twice",
			`{"entity": {"e": {"ex:a": {"$": "1", "type": "xsd:int", "$": "2"}}}}`,
			`PROV-JSON: /entity/e/ex:a/$: duplicate member name "$"`, jsontext.ErrDuplicateName},
		{"bundle twice",
			`{"bundle": {"ex:b": {}, "ex:b": {}}}`,
			`PROV-JSON: /bundle/ex:b: duplicate member name "ex:b"`, jsontext.ErrDuplicateName},
		{"prefix bound twice in a bundle",
			`{"bundle": {"ex:b": {"prefix": {"p": "http://a/", "q": "http://q/", "p": "http://a/"}}}}`,
			`PROV-JSON: /bundle/ex:b/prefix/p: duplicate member name "p"`, jsontext.ErrDuplicateName},
		{"same name, spelled with an escape",
			`{"entity": {"e": {"ex:a": 1, "ex:\u0061": 2}}}`,
			`PROV-JSON: /entity/e/ex:a: duplicate member name "ex:a"`, jsontext.ErrDuplicateName},

		// Invalid UTF-8.
		{"invalid UTF-8 in a value",
			"{\"entity\": {\"e\": {\"ex:a\": \"caf\xe9\"}}}",
			`PROV-JSON: /entity/e/ex:a: invalid UTF-8 (byte offset 30)`, nil},
		{"invalid UTF-8 in a name",
			"{\"entity\": {\"e\xff\": {}}}",
			`PROV-JSON: /entity: invalid UTF-8 (byte offset 14)`, nil},
		{"lone surrogate escape",
			`{"entity": {"e": {"ex:a": "\ud800"}}}`,
			"PROV-JSON: /entity/e/ex:a: invalid surrogate pair …", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := prov.ReadJSON(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("ReadJSON = %v, nil; want error %q", d, tt.want)
			}
			prefix, partial := strings.CutSuffix(tt.want, "…")
			if got := err.Error(); partial && !strings.HasPrefix(got, prefix) || !partial && got != tt.want {
				t.Errorf("ReadJSON error\n got %q\nwant %q", got, tt.want)
			}
			if !errors.Is(err, prov.ErrSyntax) {
				t.Errorf("ReadJSON error %v does not wrap ErrSyntax", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("ReadJSON error %v does not wrap %v", err, tt.is)
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
	if got, want := len(d1.Statements), len(d.Statements); got != want {
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
	for _, r := range d1.Statements {
		if r.Kind == prov.KindAgent {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) != 3000 {
		t.Fatalf("read %d agents, want 3000", len(ids))
	}
	for i, id := range ids {
		if want := prov.QName(fmt.Sprintf("ag%d", i)); id != want {
			t.Fatalf("agent %d is %s, want %s", i, id, want)
		}
	}
}

// WriteJSON refuses what would be a name written twice in one object, and
// numbers blank nodes around identifiers that look like them.
func TestWriteJSONNames(t *testing.T) {
	bad := []struct {
		name string
		doc  func() *prov.Document
		want string
	}{
		{"prefix declared twice", func() *prov.Document {
			d := &prov.Document{}
			d.Namespaces = []prov.Namespace{{Prefix: "ex", URI: "http://a/"}, {Prefix: "ex", URI: "http://b/"}}
			return d
		}, "prov: WriteJSON: prefix ex declared twice"},
		{"two bundles with one id", func() *prov.Document {
			d := &prov.Document{}
			d.NewBundle("ex:b")
			d.NewBundle("ex:b")
			return d
		}, "prov: WriteJSON: two bundles ex:b"},
		{"attribute named like an argument", func() *prov.Document {
			d := &prov.Document{}
			d.Relation(prov.KindGeneration, "ex:g", []string{"ex:e", "ex:a"}, prov.Attr{Name: "prov:activity", Value: prov.String("x")})
			return d
		}, "prov: WriteJSON: wasGeneratedBy ex:g: attribute prov:activity is one of its arguments"},
	}
	for _, tt := range bad {
		var out bytes.Buffer
		if err := tt.doc().WriteJSON(&out); err == nil || err.Error() != tt.want {
			t.Errorf("%s: WriteJSON error %v, want %q", tt.name, err, tt.want)
		}
	}

	d := &prov.Document{}
	d.Relation(prov.KindGeneration, "", []string{"ex:e", "ex:a"})
	d.Relation(prov.KindUsage, "_:id2", []string{"ex:a", "ex:e"})
	d.Relation(prov.KindUsage, "", []string{"ex:a", "ex:f"})
	var out bytes.Buffer
	if err := d.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	want := `{
  "wasGeneratedBy": {
    "_:id1": {
      "prov:entity": "ex:e",
      "prov:activity": "ex:a"
    }
  },
  "used": {
    "_:id2": {
      "prov:activity": "ex:a",
      "prov:entity": "ex:e"
    },
    "_:id3": {
      "prov:activity": "ex:a",
      "prov:entity": "ex:f"
    }
  }
}
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("WriteJSON (-want +got):\n%s", diff)
	}
}

// WriteJSON escapes only what JSON requires: no \u003c for "<", and
// control characters and quotes escaped.
func TestWriteJSONEscapes(t *testing.T) {
	d := &prov.Document{}
	d.Entity("ex:e", prov.Attr{Name: "ex:s", Value: prov.String("é <&> \"q\" \\ \t\x01")})
	var out bytes.Buffer
	if err := d.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	want := `"ex:s": "é <&> \"q\" \\ \t\u0001"`
	if !strings.Contains(out.String(), want) {
		t.Errorf("WriteJSON wrote\n%s\nwant it to contain %s", out.String(), want)
	}
	d.Statements[0].Attrs[0].Value.Lexical = "bad \xff"
	if err := d.WriteJSON(io.Discard); err == nil || !strings.Contains(err.Error(), "invalid UTF-8") {
		t.Errorf("WriteJSON of invalid UTF-8: error %v, want one naming invalid UTF-8", err)
	}
}

// Attributes repeating a name are written as one array at the first, in
// order, also for records with more attributes than the writer scans
// directly.
func TestWriteJSONRepeatedAttributes(t *testing.T) {
	for _, names := range []int{3, 40} {
		var attrs, want []prov.Attr
		for round := range 2 {
			for i := range names {
				attrs = append(attrs, prov.Attr{Name: prov.QName(fmt.Sprintf("ex:n%02d", i)), Value: prov.String(fmt.Sprint(round*names + i))})
			}
		}
		for i := range names { // as ReadJSON returns them: by name, values in order
			for round := range 2 {
				want = append(want, prov.Attr{Name: prov.QName(fmt.Sprintf("ex:n%02d", i)), Value: prov.String(fmt.Sprint(round*names + i))})
			}
		}
		d := &prov.Document{}
		d.Entity("ex:e", attrs...)
		var out bytes.Buffer
		if err := d.WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), fmt.Sprintf(`"ex:n01": [
        "1",
        "%d"
      ]`, names+1)) {
			t.Errorf("%d names: WriteJSON did not write ex:n01 as one array:\n%s", names, out.String())
		}
		d2, err := prov.ReadJSON(&out)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, d2.Statements[0].Attrs); diff != "" {
			t.Errorf("%d names: attributes read back (-want +got):\n%s", names, diff)
		}
	}
}
