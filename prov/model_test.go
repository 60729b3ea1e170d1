package prov_test

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/deliberate-dev/deliberate/prov"
)

func TestRelationErrors(t *testing.T) {
	var c prov.Container
	if err := c.Relation(prov.KindEntity, "", nil); err == nil {
		t.Error("Relation(KindEntity) succeeded, want an error")
	}
	if err := c.Relation(prov.KindAttribution, "", []string{"a", "b", "c"}); err == nil {
		t.Error("Relation(wasAttributedTo, 3 args) succeeded, want an error")
	}
	if err := c.Relation(prov.KindAttribution, "ex:r", []string{"ex:e", "ex:ag"}); err != nil {
		t.Errorf("Relation(wasAttributedTo, 2 args): %v", err)
	}
	if len(c.Statements) != 1 || c.Statements[0].Arg("agent") != "ex:ag" {
		t.Errorf("records = %+v, want one attribution to ex:ag", c.Statements)
	}
}

func TestWritersRejectUnknownKinds(t *testing.T) {
	d := &prov.Document{}
	d.Add(prov.Statement{Kind: prov.Kind(99), ID: "ex:x"})
	for name, write := range map[string]func(io.Writer) error{"WriteJSON": d.WriteJSON, "WriteProvN": d.WriteProvN, "WriteDOT": d.WriteDOT, "WriteRecord": d.WriteRecord} {
		if err := write(io.Discard); err == nil {
			t.Errorf("%s of a record of kind 99 succeeded, want an error", name)
		}
	}
}

func TestResolve(t *testing.T) {
	var c prov.Container
	c.AddNamespace("ex", "http://example.org/")
	c.AddNamespace("default", "http://d/")
	tests := []struct {
		q    prov.QName
		iri  string
		ok   bool
		pfx  string
		locl string
	}{
		{"ex:a/b", "http://example.org/a/b", true, "ex", "a/b"},
		{"local", "http://d/local", true, "", "local"},
		{"prov:Plan", "http://www.w3.org/ns/prov#Plan", true, "prov", "Plan"},
		{"nope:x", "", false, "nope", "x"},
	}
	for _, tc := range tests {
		iri, ok := c.Resolve(tc.q)
		if iri != tc.iri || ok != tc.ok || tc.q.Prefix() != tc.pfx || tc.q.Local() != tc.locl {
			t.Errorf("Resolve(%q) = %q, %v; Prefix %q Local %q; want %q, %v, %q, %q", tc.q, iri, ok, tc.q.Prefix(), tc.q.Local(), tc.iri, tc.ok, tc.pfx, tc.locl)
		}
	}
	for k := prov.KindEntity; k <= prov.KindMention; k++ {
		if got, ok := prov.KindOf(k.String()); !ok || got != k {
			t.Errorf("KindOf(%q) = %v, %v", k.String(), got, ok)
		}
	}
}

func TestProblemJSON(t *testing.T) {
	b, err := json.Marshal(prov.Problem{Code: "c", Severity: "error", Message: "m", Where: "w"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"code":"c","severity":"error","message":"m","where":"w"}`; got != want {
		t.Errorf("json.Marshal(Problem) = %s, want %s", got, want)
	}
}

// The seed vocabularies and argument names are copies: changing what a
// caller got changes nothing for the next caller.
func TestVocabulariesAreCopies(t *testing.T) {
	for name, get := range map[string]func() []string{
		"DerivationTypes": prov.DerivationTypes, "EntityTypes": prov.EntityTypes,
		"ActivityTypes": prov.ActivityTypes, "AgentTypes": prov.AgentTypes,
		"KindGeneration.ArgNames": prov.KindGeneration.ArgNames,
	} {
		got := get()
		if len(got) == 0 {
			t.Fatalf("%s() is empty", name)
		}
		first := got[0]
		got[0] = "changed"
		if again := get(); again[0] != first {
			t.Errorf("%s()[0] = %q after a caller changed its copy, want %q", name, again[0], first)
		}
	}
	if !slices.Contains(prov.DerivationTypes(), "implements") || len(prov.AgentTypes()) != 5 {
		t.Errorf("vocabularies differ from the seed's: %v, %v", prov.DerivationTypes(), prov.AgentTypes())
	}
}

// Validate lists at most MaxProblems problems and counts the rest in one
// more, an error when an omitted one is.
func TestValidateCapsProblems(t *testing.T) {
	for _, n := range []int{100, 3 * prov.MaxProblems} {
		d := &prov.Document{}
		d.AddNamespace("ex", "http://example.org/")
		for i := 0; i < n; i++ {
			// A generation of an undeclared entity by an undeclared activity.
			if err := d.Relation(prov.KindGeneration, "", []string{fmt.Sprintf("ex:e%05d", i), "ex:a"}); err != nil {
				t.Fatal(err)
			}
		}
		ps := prov.Validate(d)
		omitted := 0
		for _, p := range ps {
			if p.Code == prov.CodeProblemsOmitted {
				omitted++
			}
		}
		switch {
		case n == 100 && (omitted != 0 || len(ps) < n):
			t.Errorf("%d statements: %d problems, %d omitted-counts", n, len(ps), omitted)
		case n > 100 && (len(ps) != prov.MaxProblems+1 || ps[len(ps)-1].Code != prov.CodeProblemsOmitted):
			t.Errorf("%d statements: %d problems, last %v; want %d, the last counting the rest", n, len(ps), ps[len(ps)-1], prov.MaxProblems+1)
		}
	}
}
