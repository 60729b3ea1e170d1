package prov

import (
	"iter"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// Graph is the derivation graph of a document: one node per entity (declared
// or named by a wasDerivedFrom) and one edge from each source to each entity
// derived from it, labelled with the derivation types. Nodes keep the order
// in which the document first names them; every query yields in that order.
// Records of all bundles are merged by name.
type Graph struct {
	g     *simple.DirectedGraph
	names []QName
	index map[QName]int64
	types map[[2]int64][]string // derivation types of edge source->derived
	selfs []int64               // entities derived from themselves
}

// NewGraph builds the derivation graph of d. The type of a derivation is its
// AttrDerivationType value, else its prov:type values (such as
// prov:Revision), else "derives_from".
func NewGraph(d *Document) *Graph {
	g := &Graph{g: simple.NewDirectedGraph(), index: map[QName]int64{}, types: map[[2]int64][]string{}}
	for _, c := range d.containers() {
		for i := range c.Statements {
			r := &c.Statements[i]
			switch {
			case r.Kind == KindEntity && r.ID != "":
				g.node(r.ID)
			case r.Kind == KindDerivation && r.Args[0] != "" && r.Args[1] != "":
				derived, source := g.node(QName(r.Args[0])), g.node(QName(r.Args[1]))
				types := derivationTypes(r)
				if derived == source {
					if !slices.Contains(g.selfs, derived) {
						g.selfs = append(g.selfs, derived)
					}
					continue
				}
				g.g.SetEdge(simple.Edge{F: simple.Node(source), T: simple.Node(derived)})
				key := [2]int64{source, derived}
				for _, t := range types {
					if !slices.Contains(g.types[key], t) {
						g.types[key] = append(g.types[key], t)
					}
				}
			}
		}
	}
	return g
}

func derivationTypes(r *Statement) []string {
	var ts []string
	for _, v := range r.Attr(AttrDerivationType) {
		ts = append(ts, v.Lexical)
	}
	if len(ts) == 0 {
		for _, v := range r.Attr("prov:type") {
			ts = append(ts, v.Lexical)
		}
	}
	if len(ts) == 0 {
		ts = []string{"derives_from"}
	}
	return ts
}

func (g *Graph) node(q QName) int64 {
	if id, ok := g.index[q]; ok {
		return id
	}
	id := int64(len(g.names))
	g.names = append(g.names, q)
	g.index[q] = id
	g.g.AddNode(simple.Node(id))
	return id
}

// Nodes yields every entity of the graph.
func (g *Graph) Nodes() iter.Seq[QName] { return slices.Values(g.names) }

// Edge is a derivation: To was derived from From, with the derivation types.
type Edge struct {
	From, To QName
	Types    []string
}

// Edges yields every derivation edge, ordered by source then derived entity.
func (g *Graph) Edges() iter.Seq[Edge] {
	return func(yield func(Edge) bool) {
		for id := range g.names {
			for _, to := range g.neighbours(int64(id), true) {
				if !yield(Edge{From: g.names[id], To: g.names[to], Types: g.types[[2]int64{int64(id), to}]}) {
					return
				}
			}
		}
	}
}

func ids(it graph.Nodes) []int64 {
	var out []int64
	for it.Next() {
		out = append(out, it.Node().ID())
	}
	slices.Sort(out)
	return out
}

func (g *Graph) neighbours(id int64, forward bool) []int64 {
	if forward {
		return ids(g.g.From(id))
	}
	return ids(g.g.To(id))
}

// Derived yields, breadth first, every entity derived directly or indirectly
// from id (the forward trace, or impact analysis: what to review when id
// changes). It yields nothing for an unknown id.
func (g *Graph) Derived(id QName) iter.Seq[QName] { return g.trace(id, true) }

// Sources yields, breadth first, every entity that id was derived from,
// directly or indirectly (the backward trace).
func (g *Graph) Sources(id QName) iter.Seq[QName] { return g.trace(id, false) }

func (g *Graph) trace(start QName, forward bool) iter.Seq[QName] {
	return func(yield func(QName) bool) {
		s, ok := g.index[start]
		if !ok {
			return
		}
		seen := map[int64]bool{s: true}
		queue := []int64{s}
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			for _, m := range g.neighbours(n, forward) {
				if seen[m] {
					continue
				}
				seen[m] = true
				if !yield(g.names[m]) {
					return
				}
				queue = append(queue, m)
			}
		}
	}
}

// Gaps yields the entities selected by want from which no entity is derived
// with one of the given derivation types (any type when none is given): for
// example the requirements that nothing implements, or the code that no test
// tests (gap detection).
func (g *Graph) Gaps(want func(QName) bool, types ...string) iter.Seq[QName] {
	return func(yield func(QName) bool) {
		for id, name := range g.names {
			if !want(name) {
				continue
			}
			covered := false
			for _, to := range g.neighbours(int64(id), true) {
				et := g.types[[2]int64{int64(id), to}]
				if len(types) == 0 || slices.ContainsFunc(et, func(t string) bool { return slices.Contains(types, t) }) {
					covered = true
					break
				}
			}
			if !covered && !yield(name) {
				return
			}
		}
	}
}

// Cycles returns the circular derivations: each strongly connected set of
// entities that derive from one another (and each entity derived from
// itself), with entities and cycles in graph order. It returns nil for an
// acyclic graph.
func (g *Graph) Cycles() [][]QName {
	var out [][]QName
	for _, scc := range topo.TarjanSCC(g.g) {
		if len(scc) < 2 {
			continue
		}
		var c []int64
		for _, n := range scc {
			c = append(c, n.ID())
		}
		slices.Sort(c)
		out = append(out, g.qnames(c))
	}
	for _, s := range g.selfs {
		out = append(out, []QName{g.names[s]})
	}
	slices.SortFunc(out, func(a, b []QName) int { return int(g.index[a[0]] - g.index[b[0]]) })
	return out
}

func (g *Graph) qnames(c []int64) []QName {
	out := make([]QName, len(c))
	for i, id := range c {
		out[i] = g.names[id]
	}
	return out
}

// Stats summarises a derivation graph (the statistics of the seed's
// derivation-graph schema).
type Stats struct {
	Nodes   int  `json:"total_nodes"`
	Edges   int  `json:"total_edges"`
	Orphans int  `json:"orphan_nodes"`    // entities derived from nothing (no incoming edge)
	Leaves  int  `json:"leaf_nodes"`      // entities nothing is derived from (no outgoing edge)
	Depth   int  `json:"max_depth"`       // edges on the longest derivation chain (cycles count once)
	Cyclic  bool `json:"cycles_detected"` // some derivation is circular
}

// Stats computes the graph's statistics.
func (g *Graph) Stats() Stats {
	s := Stats{Nodes: len(g.names), Edges: g.g.Edges().Len(), Cyclic: len(g.Cycles()) > 0}
	for id := range g.names {
		if g.g.To(int64(id)).Len() == 0 {
			s.Orphans++
		}
		if g.g.From(int64(id)).Len() == 0 {
			s.Leaves++
		}
	}
	// Longest path over the condensation: TarjanSCC returns the components in
	// reverse topological order.
	sccs := topo.TarjanSCC(g.g)
	comp := make(map[int64]int, len(g.names))
	for i, scc := range sccs {
		for _, n := range scc {
			comp[n.ID()] = i
		}
	}
	depth := make([]int, len(sccs)) // longest chain starting in component i
	for i, scc := range sccs {
		for _, n := range scc {
			for _, m := range g.neighbours(n.ID(), true) {
				if j := comp[m]; j != i && depth[j]+1 > depth[i] {
					depth[i] = depth[j] + 1
				}
			}
		}
		s.Depth = max(s.Depth, depth[i])
	}
	return s
}
