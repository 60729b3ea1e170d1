package prov

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// DOT styles of the seed (prov-json.yaml visualization.graphviz).
var (
	dotNodeStyle = map[Kind]string{
		KindEntity:   `shape=ellipse, style=filled, color=yellow, fillcolor="#fffc87"`,
		KindActivity: `shape=box, style=filled, color=blue, fillcolor="#9fb1fc"`,
		KindAgent:    `shape=house, style=filled, color=green, fillcolor="#fed37f"`,
	}
	dotEdgeStyle = map[Kind]string{
		KindGeneration:  "color=blue",
		KindUsage:       "color=blue, style=dashed",
		KindAttribution: "color=green",
		KindDerivation:  "color=red",
	}
)

// dotQuote returns s as a DOT double-quoted string.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// WriteDOT writes d as a Graphviz digraph in the seed's styles: entities are
// yellow ellipses, activities blue boxes, agents green houses (elements only
// referenced by relations are drawn in their expected shape, dashed). Each
// relation is an edge from its first to its second argument labelled with its
// kind; further element arguments (activity of a derivation, plan of an
// association, starter, ...) are dotted edges labelled kind/argument. Bundles
// are clusters. Nodes are numbered in order of first appearance.
func (d *Document) WriteDOT(w io.Writer) error {
	if err := d.checkKinds(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("digraph prov {\n  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];\n")
	dw := &dotWriter{w: bw, ids: map[string]string{}}
	dw.container(&d.Container, "", "  ")
	for i, b := range d.Bundles {
		fmt.Fprintf(bw, "  subgraph cluster_%d {\n    label=%s;\n    style=dashed;\n", i+1, dotQuote(string(b.ID)))
		dw.container(&b.Container, string(b.ID), "    ")
		bw.WriteString("  }\n")
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

type dotWriter struct {
	w   *bufio.Writer
	ids map[string]string // scope + "\x00" + name -> node id
	n   int
}

func (dw *dotWriter) node(scope, name string, k Kind, declared bool, indent string) string {
	key := scope + "\x00" + name
	if id, ok := dw.ids[key]; ok {
		return id
	}
	dw.n++
	id := fmt.Sprintf("n%d", dw.n)
	dw.ids[key] = id
	style := dotNodeStyle[k]
	if style == "" {
		style = "shape=ellipse"
	}
	if !declared {
		style = strings.Replace(style, "style=filled", "style=dashed", 1)
	}
	fmt.Fprintf(dw.w, "%s%s [label=%s, %s];\n", indent, id, dotQuote(name), style)
	return id
}

func (dw *dotWriter) container(c *Container, scope, indent string) {
	for i := range c.Statements {
		r := &c.Statements[i]
		if r.Kind.IsElement() && r.ID != "" {
			dw.node(scope, string(r.ID), r.Kind, true, indent)
		}
	}
	for i := range c.Statements {
		r := &c.Statements[i]
		if r.Kind.IsElement() || r.Kind == 0 || r.Kind >= kindCount {
			continue
		}
		info := kinds[r.Kind]
		if r.Args[0] == "" {
			continue
		}
		node := func(j int) string {
			k := Kind(0)
			if j < len(info.types) {
				k = info.types[j]
			}
			return dw.node(scope, r.Args[j], k, false, indent)
		}
		from := node(0)
		if len(info.args) > 1 && r.Args[1] != "" && info.times&2 == 0 {
			style := dotEdgeStyle[r.Kind]
			if style != "" {
				style = ", " + style
			}
			fmt.Fprintf(dw.w, "%s%s -> %s [label=%s%s];\n", indent, from, node(1), dotQuote(r.Kind.String()), style)
		}
		for j := 2; j < len(info.args); j++ {
			if r.Args[j] == "" || info.times&(1<<j) != 0 || info.types[j] == KindGeneration || info.types[j] == KindUsage {
				continue
			}
			fmt.Fprintf(dw.w, "%s%s -> %s [label=%s, style=dotted];\n", indent, from, node(j), dotQuote(r.Kind.String()+"/"+info.args[j]))
		}
	}
}
