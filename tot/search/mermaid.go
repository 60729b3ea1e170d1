package search

import (
	"io"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// WriteMermaid renders the record's thought tree as a Mermaid flowchart
// (`graph TD`) for an ADR: one node per thought, labelled with its ID,
// alternative and overall score; parent–child edges labelled explore or
// expand, pruned children as dotted "prune" edges and backtracks as dotted
// "backtrack" edges; classes selected (the best path), pruned and dead_end.
// Labels are quoted and escaped with Mermaid entity codes (#quot;, #lt;, …),
// so any text is safe. The output is deterministic: nodes and edges in
// record order.
func (r *Record) WriteMermaid(w io.Writer) error {
	if err := r.check(); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("graph TD\n")
	classes := map[string][]string{}
	for _, n := range r.ThoughtTree.Nodes {
		// The text is escaped; the <br/> before the score is Mermaid markup.
		label := mermaidEscape(n.NodeID + ": " + n.Content.Alternative)
		if s := n.Evaluation.OverallScore; s != nil {
			label += "<br/>" + numfmt.Fixed(*s, 2)
		}
		b.WriteString("  " + n.NodeID + "[\"" + label + "\"]\n")
		switch st := n.Evaluation.Status; st {
		case string(StatusSelected), string(StatusPruned), string(StatusDeadEnd):
			classes[st] = append(classes[st], n.NodeID)
		}
	}
	for _, e := range r.ThoughtTree.Edges {
		arrow := " -->|"
		if e.BranchType == "prune" || e.BranchType == "backtrack" {
			arrow = " -.->|"
		}
		b.WriteString("  " + e.FromNode + arrow + e.BranchType + "| " + e.ToNode + "\n")
	}
	for _, c := range []struct{ name, style string }{
		{string(StatusSelected), "fill:#d4edda,stroke:#1e7e34,stroke-width:2px"},
		{string(StatusPruned), "fill:#f8d7da,stroke:#bd2130,stroke-dasharray:4 2"},
		{string(StatusDeadEnd), "fill:#e2e3e5,stroke:#6c757d"},
	} {
		if len(classes[c.name]) == 0 {
			continue
		}
		b.WriteString("  classDef " + c.name + " " + c.style + "\n")
		b.WriteString("  class " + strings.Join(classes[c.name], ",") + " " + c.name + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidEscaper replaces the characters that end or confuse a quoted
// Mermaid label with entity codes; '#' first, so the codes survive.
var mermaidEscaper = strings.NewReplacer(
	"#", "#35;",
	"\"", "#quot;",
	"<", "#lt;",
	">", "#gt;",
	"&", "#amp;",
	"`", "#96;",
	"\r\n", " ",
	"\n", " ",
	"\r", " ",
	"\t", " ",
)

func mermaidEscape(s string) string { return mermaidEscaper.Replace(s) }
