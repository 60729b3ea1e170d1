package prov_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/prov"
)

// traceDoc: UC-1 <- code <- test; UC-1 <- docs; UC-2 (nothing derives from
// it); code <- code2 (refines); lone entity.
func traceDoc() *prov.Document {
	d := &prov.Document{}
	d.AddNamespace("ex", "http://example.org/")
	for _, e := range []prov.QName{"ex:UC-1", "ex:UC-2", "ex:code", "ex:test", "ex:docs", "ex:code2", "ex:lone"} {
		d.Entity(e)
	}
	der := func(to, from, typ string) {
		d.Relation(prov.KindDerivation, "", []string{to, from}, prov.Attr{Name: prov.AttrDerivationType, Value: prov.String(typ)})
	}
	der("ex:code", "ex:UC-1", "implements")
	der("ex:test", "ex:code", "tests")
	der("ex:docs", "ex:UC-1", "documents")
	der("ex:code2", "ex:code", "refines")
	return d
}

func TestGraphQueries(t *testing.T) {
	g := prov.NewGraph(traceDoc())
	tests := []struct {
		name string
		got  []prov.QName
		want []prov.QName
	}{
		{"Derived(UC-1)", slices.Collect(g.Derived("ex:UC-1")), []prov.QName{"ex:code", "ex:docs", "ex:test", "ex:code2"}},
		{"Derived(test)", slices.Collect(g.Derived("ex:test")), nil},
		{"Sources(test)", slices.Collect(g.Sources("ex:test")), []prov.QName{"ex:code", "ex:UC-1"}},
		{"Sources(unknown)", slices.Collect(g.Sources("ex:nope")), nil},
		{"requirements nothing implements", slices.Collect(g.Gaps(func(q prov.QName) bool { return strings.HasPrefix(string(q), "ex:UC-") }, "implements")), []prov.QName{"ex:UC-2"}},
		{"code nothing tests", slices.Collect(g.Gaps(func(q prov.QName) bool { return strings.HasPrefix(string(q), "ex:code") }, "tests")), []prov.QName{"ex:code2"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	// By hand: 7 nodes, 4 edges; orphans (derived from nothing): UC-1, UC-2,
	// lone; leaves (nothing derived from them): UC-2, test, docs, code2, lone;
	// longest chain UC-1 -> code -> test: 2 edges.
	want := prov.Stats{Nodes: 7, Edges: 4, Orphans: 3, Leaves: 5, Depth: 2}
	if diff := cmp.Diff(want, g.Stats()); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
	if c := g.Cycles(); c != nil {
		t.Errorf("Cycles() = %v, want none", c)
	}
}

func TestGraphCycles(t *testing.T) {
	d := traceDoc()
	d.Relation(prov.KindDerivation, "", []string{"ex:UC-1", "ex:test"}) // closes UC-1 -> code -> test -> UC-1
	d.Relation(prov.KindDerivation, "", []string{"ex:lone", "ex:lone"})
	g := prov.NewGraph(d)
	want := [][]prov.QName{{"ex:UC-1", "ex:code", "ex:test"}, {"ex:lone"}}
	if diff := cmp.Diff(want, g.Cycles()); diff != "" {
		t.Errorf("Cycles (-want +got):\n%s", diff)
	}
	s := g.Stats()
	// The cycle {UC-1, code, test} condenses to one node with successors docs
	// and code2: the longest chain is one edge.
	if !s.Cyclic || s.Depth != 1 {
		t.Errorf("Stats() = %+v, want Cyclic and Depth 1", s)
	}
	if !slices.ContainsFunc(prov.Validate(d), func(p prov.Problem) bool { return p.Code == prov.CodeDerivationCycle }) {
		t.Errorf("Validate does not report %s: %v", prov.CodeDerivationCycle, prov.Validate(d))
	}
}
