package search_test

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/search"
)

func goldenSearch(t *testing.T, name string, got []byte) {
	t.Helper()
	goldentest.Check(t, filepath.Join("testdata", name), got)
}

// platformRecord runs a beam search (k=3, b=2, pruning below 0.5) over the
// platform decision and returns the tree and its record.
func platformRecord(t *testing.T) (*search.Tree[search.Choices], *search.Record) {
	t.Helper()
	sd := platform()
	se, err := sd.Config(search.Beam, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	se.PruneThreshold = 0.5
	tree, err := se.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := tree.Record(se, sd.RecordOptions("tot-007", "Choose architecture style, database and API for the e-commerce platform"))
	if err != nil {
		t.Fatal(err)
	}
	return tree, rec
}

// trapRecord runs a depth-first search with backtracking over the trap tree
// (generic states, no dimension scores).
func trapRecord(t *testing.T) (*search.Tree[string], *search.Record) {
	t.Helper()
	s := newSynth(trap...)
	se := s.search(search.DepthFirst)
	se.K, se.MaxDepth, se.PruneThreshold, se.ScoreThreshold, se.MaxIterations = 3, 3, 0.3, 0.99, 100
	tree, err := se.Run(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := tree.Record(se, search.RecordOptions[string]{ID: "tot-008", Task: "Synthetic tree with a trap",
		Describe: func(s string) (string, string) {
			if s == "" {
				return "root", "the root state"
			}
			return "path " + s, "the path " + strings.Join(strings.Split(s, ""), " → ") + ` with "quotes" <html> & #hash`
		}})
	if err != nil {
		t.Fatal(err)
	}
	return tree, rec
}

func TestRecordGolden(t *testing.T) {
	_, p := platformRecord(t)
	_, q := trapRecord(t)
	for _, c := range []struct {
		name string
		rec  *search.Record
	}{{"platform", p}, {"trap", q}} {
		var y, j, m bytes.Buffer
		if err := c.rec.WriteYAML(&y); err != nil {
			t.Fatal(err)
		}
		if err := c.rec.WriteJSON(&j); err != nil {
			t.Fatal(err)
		}
		if err := c.rec.WriteMermaid(&m); err != nil {
			t.Fatal(err)
		}
		goldenSearch(t, c.name+".yaml", y.Bytes())
		goldenSearch(t, c.name+".json", j.Bytes())
		goldenSearch(t, c.name+".mmd", m.Bytes())
	}
}

// TestRecordLoadsThroughParseDecision: the YAML and JSON of a record load
// through ParseDecision, and Evaluate gives every scored node the composite
// the search computed, with no declared-mismatch finding.
func TestRecordLoadsThroughParseDecision(t *testing.T) {
	pt, p := platformRecord(t)
	qt, q := trapRecord(t)
	scores := func(nodes int, at func(int) (string, float64, bool)) map[string]float64 {
		m := map[string]float64{}
		for i := range nodes {
			if id, s, ok := at(i); ok {
				m[id] = s
			}
		}
		return m
	}
	cases := []struct {
		name string
		rec  *search.Record
		want map[string]float64 // node ID → score on 0–1 of every node with dimension scores
	}{
		{"platform", p, scores(len(pt.Nodes), func(i int) (string, float64, bool) {
			n := pt.Nodes[i]
			return n.ID, n.Eval.Score, len(n.Eval.Dimensions) > 0
		})},
		{"trap", q, scores(len(qt.Nodes), func(i int) (string, float64, bool) {
			n := qt.Nodes[i]
			return n.ID, n.Eval.Score, true
		})},
	}
	for _, c := range cases {
		for _, format := range []string{"yaml", "json"} {
			var buf bytes.Buffer
			write := c.rec.WriteYAML
			if format == "json" {
				write = c.rec.WriteJSON
			}
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			d, err := tot.ParseDecision(buf.Bytes())
			if err != nil {
				t.Fatalf("%s %s: ParseDecision: %v", c.name, format, err)
			}
			res, err := tot.Evaluate(d)
			if err != nil {
				t.Fatalf("%s %s: Evaluate: %v", c.name, format, err)
			}
			if len(res.Ranking) != len(c.want) {
				t.Errorf("%s %s: %d ranked alternatives, want %d", c.name, format, len(res.Ranking), len(c.want))
			}
			for _, r := range res.Ranking {
				want, ok := c.want[r.Alternative]
				if !ok {
					t.Errorf("%s %s: unexpected alternative %s", c.name, format, r.Alternative)
					continue
				}
				if math.Abs(r.Score/100-want) > 1e-9 {
					t.Errorf("%s %s: %s re-evaluates to %v, search scored %v", c.name, format, r.Alternative, r.Score/100, want)
				}
			}
			for _, f := range res.Findings {
				if f.Code == tot.CodeDeclaredMismatch {
					t.Errorf("%s %s: %+v", c.name, format, f)
				}
			}
			if d.Selected != c.rec.Synthesis.SelectedNode {
				t.Errorf("%s %s: selected %q, want %q", c.name, format, d.Selected, c.rec.Synthesis.SelectedNode)
			}
		}
	}
}

// TestRecordTamperedScore: a declared score that disagrees with the
// dimension scores is reported by Evaluate.
func TestRecordTamperedScore(t *testing.T) {
	_, p := platformRecord(t)
	n := &p.ThoughtTree.Nodes[1]
	bad := *n.Evaluation.OverallScore + 0.05
	n.Evaluation.OverallScore = &bad
	var buf bytes.Buffer
	if err := p.WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	d, err := tot.ParseDecision(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Findings {
		found = found || f.Code == tot.CodeDeclaredMismatch && strings.Contains(f.Where, "nodes[1]")
	}
	if !found {
		t.Errorf("no declared-mismatch for thought_tree.nodes[1]: %+v", res.Findings)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	_, p := platformRecord(t)
	_, q := trapRecord(t)
	for _, rec := range []*search.Record{p, q} {
		var y, j bytes.Buffer
		if err := rec.WriteYAML(&y); err != nil {
			t.Fatal(err)
		}
		if err := rec.WriteJSON(&j); err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string][]byte{"yaml": y.Bytes(), "json": j.Bytes()} {
			got, err := search.ParseRecord(data)
			if err != nil {
				t.Fatalf("%s %s: %v", rec.TotID, name, err)
			}
			if diff := cmp.Diff(rec, got); diff != "" {
				t.Errorf("%s %s round trip (-want +got):\n%s", rec.TotID, name, diff)
			}
		}
	}
}

// TestRecordStructure checks the record of the trap tree against the
// search: statuses, edges and backtracks, derived by hand from the tree.
func TestRecordStructure(t *testing.T) {
	tree, rec := trapRecord(t)
	// Depth-first with scores: root → a (0.9, dead end: aa, ab pruned),
	// backtrack → b (0.6) → bb (0.95) → bbb (0.99 >= 0.99: solution).
	if diff := cmp.Diff([]string{"", "b", "bb", "bbb"}, ids(tree, tree.BestPath)); diff != "" {
		t.Errorf("best path (-want +got):\n%s", diff)
	}
	if !rec.TerminationConditions.SolutionFound || rec.Metadata.StoppedBy != "score_threshold" {
		t.Errorf("termination %+v, metadata %+v", rec.TerminationConditions, rec.Metadata)
	}
	status := map[string]string{}
	for _, n := range rec.ThoughtTree.Nodes {
		status[n.Content.Alternative] = n.Evaluation.Status
	}
	want := map[string]string{"root": "selected", "path a": "dead_end", "path b": "selected", "path c": "pruned",
		"path aa": "pruned", "path ab": "pruned", "path bb": "selected", "path ba": "evaluated",
		"path bba": "evaluated", "path bbb": "selected"}
	if diff := cmp.Diff(want, status); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	var backtracks, prunes int
	for _, e := range rec.ThoughtTree.Edges {
		switch e.BranchType {
		case "backtrack":
			backtracks++
		case "prune":
			prunes++
		}
	}
	if backtracks != 1 || prunes != 3 || len(rec.Synthesis.BacktrackHistory) != 1 {
		t.Errorf("backtrack edges %d (want 1), prune edges %d (want 3), history %d (want 1)", backtracks, prunes, len(rec.Synthesis.BacktrackHistory))
	}
	// Rejected: the siblings of b (a, c), of bb (ba) and of bbb (bba).
	var rejected []string
	for _, r := range rec.Synthesis.RejectedAlternatives {
		rejected = append(rejected, r.Alternative)
	}
	if diff := cmp.Diff([]string{"path a", "path c", "path ba", "path bba"}, rejected); diff != "" {
		t.Errorf("rejected (-want +got):\n%s", diff)
	}
}

func TestMermaidEscapes(t *testing.T) {
	_, rec := trapRecord(t)
	var m bytes.Buffer
	if err := rec.WriteMermaid(&m); err != nil {
		t.Fatal(err)
	}
	out := m.String()
	if !strings.HasPrefix(out, "graph TD\n") {
		t.Errorf("no graph TD header: %q", out[:20])
	}
	rec.ThoughtTree.Nodes[0].Content.Alternative = "say \"hi\" <b>&</b> #1\nnext"
	m.Reset()
	if err := rec.WriteMermaid(&m); err != nil {
		t.Fatal(err)
	}
	line := strings.Split(m.String(), "\n")[1]
	if want := `  s0["s0: say #quot;hi#quot; #lt;b#gt;#amp;#lt;/b#gt; #35;1 next<br/>0.50"]`; line != want {
		t.Errorf("escaped label\n got %s\nwant %s", line, want)
	}
	// Markup in the text is text: only the <br/> before the score is a
	// line break.
	rec.ThoughtTree.Nodes[0].Content.Alternative = "a<br/>b"
	m.Reset()
	if err := rec.WriteMermaid(&m); err != nil {
		t.Fatal(err)
	}
	line = strings.Split(m.String(), "\n")[1]
	if want := `  s0["s0: a#lt;br/#gt;b<br/>0.50"]`; line != want {
		t.Errorf("escaped label\n got %s\nwant %s", line, want)
	}
}

func FuzzParseRecord(f *testing.F) {
	f.Add([]byte("tot_id: tot-001\nthought_tree:\n  nodes:\n    - node_id: s0\n      depth: 0\n      content: {alternative: a, description: b}\n      evaluation: {status: evaluated, overall_score: 0.5}\n      visited: true\n  edges: []\n  best_path: [s0]\n"))
	f.Add([]byte(`{"tot_id":"tot-002","thought_tree":{"nodes":[{"node_id":"s1x"}],"edges":[{"from_node":"s0","to_node":"s9","branch_type":"jump"}]}}`))
	f.Add([]byte("tot_id: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := search.ParseRecord(data)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := r.WriteYAML(&buf); err != nil {
			t.Fatalf("WriteYAML of a parsed record: %v", err)
		}
		r2, err := search.ParseRecord(buf.Bytes())
		if err != nil {
			t.Fatalf("reparse: %v\n%s", err, buf.Bytes())
		}
		var m bytes.Buffer
		if err := r2.WriteMermaid(&m); err != nil {
			t.Fatalf("WriteMermaid: %v", err)
		}
	})
}
