package prov_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/internal/interop"
	"github.com/deliberate-dev/deliberate/prov"
)

func readProvNFile(t *testing.T, name string) *prov.Document {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := prov.ReadProvN(bytes.NewReader(src))
	if err != nil {
		t.Fatalf("ReadProvN(%s): %v", name, err)
	}
	return d
}

// TestReadProvN checks records of all-kinds.provn against values read off
// the source text by hand.
func TestReadProvN(t *testing.T) {
	d := readProvNFile(t, "all-kinds.provn")
	if d.Default != "http://example.org/default/" {
		t.Errorf("Default = %q", d.Default)
	}
	if got, want := len(d.Statements), 27; got != want {
		t.Fatalf("%d records, want %d", got, want)
	}
	tests := []struct {
		i    int
		want prov.Statement
	}{
		{0, prov.Statement{Kind: prov.KindEntity, ID: "ex:report", Attrs: []prov.Attr{
			{Name: "prov:type", Value: prov.Ref("ex:Document")},
			{Name: "ex:pages", Value: prov.Typed("12", prov.TypeInt)},
			{Name: "ex:title", Value: prov.Value{Lexical: "Q3 report", Lang: "en"}},
			{Name: "ex:ratio", Value: prov.Typed("0.50", "xsd:decimal")},
		}}},
		{1, prov.Statement{Kind: prov.KindEntity, ID: "ex:data", Attrs: []prov.Attr{{Name: "ex:note", Value: prov.String("two\nlines with a \"quote\"")}}}},
		{4, prov.Statement{Kind: prov.KindEntity, ID: "localName"}},
		{5, prov.Statement{Kind: prov.KindActivity, ID: "ex:compile", Args: [prov.MaxArgs]string{"2026-01-25T19:29:45Z", "2026-01-25T19:30:00.250-05:00"},
			Attrs: []prov.Attr{{Name: "prov:label", Value: prov.String("compile")}}}},
		{9, prov.Statement{Kind: prov.KindGeneration, ID: "ex:gen1", Args: [prov.MaxArgs]string{"ex:report", "ex:compile", "2026-01-25T19:30:00Z"},
			Attrs: []prov.Attr{{Name: "prov:role", Value: prov.String("output")}}}},
		{10, prov.Statement{Kind: prov.KindUsage, Args: [prov.MaxArgs]string{"ex:compile", "ex:data"}}},
		{13, prov.Statement{Kind: prov.KindEnd, Args: [prov.MaxArgs]string{"ex:compile"}}},
		{15, prov.Statement{Kind: prov.KindDerivation, ID: "ex:der1", Args: [prov.MaxArgs]string{"ex:report", "ex:data", "ex:compile", "ex:gen1"}}},
		{16, prov.Statement{Kind: prov.KindDerivation, Args: [prov.MaxArgs]string{"ex:report", "ex:data"}, Attrs: []prov.Attr{{Name: "prov:type", Value: prov.Ref("prov:Revision")}}}},
		{21, prov.Statement{Kind: prov.KindDelegation, Args: [prov.MaxArgs]string{"ex:bob", "ex:acme", "ex:compile"}}},
		{26, prov.Statement{Kind: prov.KindMention, Args: [prov.MaxArgs]string{"ex:report", "ex:data", "ex:b1"}}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, d.Statements[tc.i]); diff != "" {
			t.Errorf("record %d (-want +got):\n%s", tc.i, diff)
		}
	}
	if len(d.Bundles) != 1 || d.Bundles[0].ID != "ex:b1" {
		t.Fatalf("bundles = %+v, want one ex:b1", d.Bundles)
	}
	want := prov.Statement{Kind: prov.KindEntity, ID: "b:e", Attrs: []prov.Attr{
		{Name: "ex:n", Value: prov.Typed("-3", prov.TypeInt)},
		{Name: "ex:s", Value: prov.String(`with \ backslash`)},
	}}
	if diff := cmp.Diff(want, d.Bundles[0].Statements[0]); diff != "" {
		t.Errorf("bundle record (-want +got):\n%s", diff)
	}
	if iri, ok := d.Bundles[0].Resolve("b:e"); !ok || iri != "http://example.org/bundle/e" {
		t.Errorf("Resolve(b:e) = %q, %v", iri, ok)
	}
}

func TestProvNRoundTripAndGolden(t *testing.T) {
	d := readProvNFile(t, "all-kinds.provn")
	var out bytes.Buffer
	if err := d.WriteProvN(&out); err != nil {
		t.Fatal(err)
	}
	golden(t, "all-kinds.provn.golden", out.Bytes())
	d2, err := prov.ReadProvN(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("ReadProvN(WriteProvN): %v\n%s", err, out.String())
	}
	if diff := cmp.Diff(d, d2); diff != "" {
		t.Errorf("ReadProvN(WriteProvN(d)) differs (-want +got):\n%s", diff)
	}
	var js bytes.Buffer
	if err := d.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	golden(t, "all-kinds.json.golden", js.Bytes())
	d3, err := prov.ReadJSON(&js)
	if err != nil {
		t.Fatal(err)
	}
	var out3 bytes.Buffer
	if err := d3.WriteProvN(&out3); err != nil {
		t.Fatal(err)
	}
	// JSON groups records by kind and orders attributes by name, so compare
	// the sets of records with attributes sorted.
	want, got := recordSet(d), recordSet(d3)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records via PROV-JSON differ (-want +got):\n%s", diff)
	}
}

// recordSet returns the PROV-N lines of d's records (bundles included), each
// with its attributes sorted by name, sorted.
func recordSet(d *prov.Document) []string {
	var lines []string
	add := func(prefix string, c *prov.Container) {
		for _, r := range c.Statements {
			r.Attrs = slices.Clone(r.Attrs)
			slices.SortStableFunc(r.Attrs, func(a, b prov.Attr) int { return strings.Compare(string(a.Name), string(b.Name)) })
			one := &prov.Document{}
			one.Add(r)
			var buf bytes.Buffer
			if err := one.WriteProvN(&buf); err != nil {
				panic(err)
			}
			lines = append(lines, prefix+strings.Split(buf.String(), "\n")[1])
		}
	}
	add("", &d.Container)
	for _, b := range d.Bundles {
		add(string(b.ID)+" ", &b.Container)
	}
	slices.Sort(lines)
	return lines
}

func TestReadProvNErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no document", "entity(ex:e)", `expected "document"`},
		{"unterminated", "document\nentity(ex:e", "line 2"},
		{"unknown expression", "document\nthing(ex:e)\nendDocument", `unknown expression "thing"`},
		{"too many arguments", "document\nwasAttributedTo(ex:e, ex:a, ex:x)\nendDocument", "at most 2"},
		{"bad literal", "document\nentity(ex:e, [ex:a = ?])\nendDocument", "expected a literal"},
		{"unterminated string", "document\nentity(ex:e, [ex:a = \"x])\nendDocument", "string literal"},
		{"missing endDocument", "document\nentity(ex:e)\n", "endDocument"},
		{"trailing text", "document\nendDocument\nentity(ex:e)", "after endDocument"},
		{"bad escape", "document\nentity(ex:e, [ex:a = \"\\q\"])\nendDocument", "unknown escape"},
		{"prefix declared twice", "document\nprefix ex <http://a/>\nprefix ex <http://a/>\nendDocument", "line 3, column 10: prefix ex declared twice"},
		{"prefix declared twice in a bundle", "document\nbundle ex:b\nprefix p <http://a/>\nprefix p <http://b/>\nendBundle\nendDocument", "line 4, column 9: prefix p declared twice"},
		{"default declared twice", "document\ndefault <http://a/>\ndefault <http://b/>\nendDocument", "line 3, column 8: default namespace declared twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := prov.ReadProvN(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("ReadProvN(%q) succeeded, want error", tc.in)
			}
			if !errors.Is(err, prov.ErrSyntax) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadProvN(%q) error = %v, want ErrSyntax mentioning %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestWriteProvNEscapes(t *testing.T) {
	d := &prov.Document{}
	d.Entity("ex:a b(c)", prov.Attr{Name: "ex:v", Value: prov.Ref("ex:it's")})
	d.Entity("-")
	d.Entity("//not-a-comment")
	d.Relation(prov.KindUsage, "/*x*/", []string{"ex:a", "ex:e", "2020-01-01 00:00"})
	var out bytes.Buffer
	if err := d.WriteProvN(&out); err != nil {
		t.Fatal(err)
	}
	d2, err := prov.ReadProvN(&out)
	if err != nil {
		t.Fatalf("ReadProvN: %v\n%s", err, out.String())
	}
	if diff := cmp.Diff(d, d2); diff != "" {
		t.Errorf("escaped names do not round-trip (-want +got):\n%s", diff)
	}
}

func TestWriteDOTGolden(t *testing.T) {
	for _, name := range []string{"all-kinds.provn"} {
		d := readProvNFile(t, name)
		var out bytes.Buffer
		if err := d.WriteDOT(&out); err != nil {
			t.Fatal(err)
		}
		golden(t, strings.TrimSuffix(name, ".provn")+".dot.golden", out.Bytes())
	}
	d, _ := readRecordFile(t, "record_valid.yaml")
	var out bytes.Buffer
	if err := d.WriteDOT(&out); err != nil {
		t.Fatal(err)
	}
	golden(t, "record_valid.dot.golden", out.Bytes())
}

// TestDOTRenders renders our DOT for the test documents and every python prov
// corpus document with Graphviz (one dot process for all graphs).
func TestDOTRenders(t *testing.T) {
	dot := interop.LookPath(t, "graphviz dot (Debian graphviz)", "dot")
	var all bytes.Buffer
	docs := []*prov.Document{readProvNFile(t, "all-kinds.provn")}
	if _, err := os.Stat(pythonCorpus); err == nil {
		for _, p := range corpus(t) {
			docs = append(docs, readJSONFile(t, p))
		}
	}
	for _, d := range docs {
		if err := d.WriteDOT(&all); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = &all
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("dot -Tsvg on %d graphs: %v\n%s", len(docs), err, stderr.String())
	}
	if n := bytes.Count(stdout.Bytes(), []byte("</svg>")); n != len(docs) {
		t.Errorf("dot wrote %d SVG documents for %d graphs", n, len(docs))
	}
	t.Logf("dot rendered %d graphs", len(docs))
}
