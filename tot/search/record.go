package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
	"go.yaml.in/yaml/v3"
)

// A Record is an explored search tree in the seed's ToT document schema
// (spec/aiwg/tree-of-thought.yaml): it serialises to YAML or JSON that
// tot.ParseDecision loads back (the dimensions become criteria, the nodes
// with dimension scores alternatives, and every declared overall_score is
// rechecked by tot.Evaluate), and renders as a Mermaid graph.
//
// Build one with Tree.Record; field names follow the schema. Scores
// (overall_score, rejected scores) are on 0–1; dimension scores are on each
// dimension's scale.
type Record struct {
	TotID string `yaml:"tot_id" json:"tot_id"`
	Task  struct {
		Description  string `yaml:"description" json:"description"`
		DecisionType string `yaml:"decision_type" json:"decision_type"` // e.g. "technology_selection"
		Complexity   string `yaml:"complexity" json:"complexity"`       // low, moderate, high or critical
	} `yaml:"task" json:"task"`
	RootState struct {
		StateID string `yaml:"state_id" json:"state_id"` // always "s0"
		Input   string `yaml:"input" json:"input"`
	} `yaml:"root_state" json:"root_state"`
	SearchStrategy struct {
		Algorithm string `yaml:"algorithm" json:"algorithm"`
		// Parameters: K and B are omitted when unlimited (B but for beam
		// search), MaxDepth when unlimited.
		Parameters struct {
			K                int     `yaml:"k,omitempty" json:"k,omitempty"`
			B                int     `yaml:"b,omitempty" json:"b,omitempty"`
			MaxDepth         int     `yaml:"max_depth,omitempty" json:"max_depth,omitempty"`
			PruningThreshold float64 `yaml:"pruning_threshold" json:"pruning_threshold"`
			BacktrackEnabled bool    `yaml:"backtrack_enabled" json:"backtrack_enabled"`
		} `yaml:"parameters" json:"parameters"`
	} `yaml:"search_strategy" json:"search_strategy"`
	EvaluationCriteria struct {
		Dimensions []struct {
			Name        string  `yaml:"name" json:"name"`
			Weight      float64 `yaml:"weight" json:"weight"` // normalised: the weights sum to 1
			Scale       string  `yaml:"scale" json:"scale"`   // "min-max", e.g. "0-10"
			Description string  `yaml:"description,omitempty" json:"description,omitempty"`
		} `yaml:"dimensions" json:"dimensions"`
		ScoringMethod string `yaml:"scoring_method" json:"scoring_method"`
	} `yaml:"evaluation_criteria" json:"evaluation_criteria"`
	ThoughtTree struct {
		Nodes    []RecordNode `yaml:"nodes" json:"nodes"`
		Edges    []RecordEdge `yaml:"edges" json:"edges"`
		BestPath []string     `yaml:"best_path" json:"best_path"`
	} `yaml:"thought_tree" json:"thought_tree"`
	TerminationConditions struct {
		MaxIterations     int      `yaml:"max_iterations,omitempty" json:"max_iterations,omitempty"`
		SolutionFound     bool     `yaml:"solution_found" json:"solution_found"`
		ScoreThreshold    *float64 `yaml:"score_threshold,omitempty" json:"score_threshold,omitempty"`
		AllPathsExhausted bool     `yaml:"all_paths_exhausted" json:"all_paths_exhausted"`
	} `yaml:"termination_conditions" json:"termination_conditions"`
	Synthesis *struct {
		SelectedNode        string             `yaml:"selected_node" json:"selected_node"`
		SelectedAlternative string             `yaml:"selected_alternative" json:"selected_alternative"`
		OverallScore        float64            `yaml:"overall_score" json:"overall_score"`
		DimensionScores     map[string]float64 `yaml:"dimension_scores,omitempty" json:"dimension_scores,omitempty"`
		Rationale           string             `yaml:"rationale" json:"rationale"`
		// RejectedAlternatives are the alternatives considered and not
		// selected: the siblings of the nodes on the best path.
		RejectedAlternatives []struct {
			Alternative     string  `yaml:"alternative" json:"alternative"`
			Score           float64 `yaml:"score" json:"score"`
			RejectionReason string  `yaml:"rejection_reason" json:"rejection_reason"`
		} `yaml:"rejected_alternatives,omitempty" json:"rejected_alternatives,omitempty"`
		BacktrackHistory []struct {
			FromNode string `yaml:"from_node" json:"from_node"`
			Reason   string `yaml:"reason" json:"reason"`
		} `yaml:"backtrack_history,omitempty" json:"backtrack_history,omitempty"`
	} `yaml:"synthesis,omitempty" json:"synthesis,omitempty"`
	// Metadata is what the schema's termination_conditions cannot say.
	Metadata *struct {
		StoppedBy  string `yaml:"stopped_by" json:"stopped_by"` // a Stop value
		Iterations int    `yaml:"iterations" json:"iterations"` // expansions
	} `yaml:"metadata,omitempty" json:"metadata,omitempty"`
}

// A RecordNode is one thought node of a Record.
type RecordNode struct {
	NodeID   string `yaml:"node_id" json:"node_id"`
	Depth    int    `yaml:"depth" json:"depth"`
	ParentID string `yaml:"parent_id,omitempty" json:"parent_id,omitempty"`
	Content  struct {
		Alternative string `yaml:"alternative" json:"alternative"`
		Description string `yaml:"description" json:"description"`
	} `yaml:"content" json:"content"`
	Evaluation struct {
		Status          string             `yaml:"status" json:"status"`
		OverallScore    *float64           `yaml:"overall_score,omitempty" json:"overall_score,omitempty"`
		DimensionScores map[string]float64 `yaml:"dimension_scores,omitempty" json:"dimension_scores,omitempty"`
		EvaluationNotes string             `yaml:"evaluation_notes,omitempty" json:"evaluation_notes,omitempty"`
	} `yaml:"evaluation" json:"evaluation"`
	Children    []string `yaml:"children,omitempty" json:"children,omitempty"`
	Pruned      bool     `yaml:"pruned,omitempty" json:"pruned,omitempty"`
	PruneReason string   `yaml:"prune_reason,omitempty" json:"prune_reason,omitempty"`
	Visited     bool     `yaml:"visited" json:"visited"` // the node was expanded
}

// A RecordEdge is a parent–child or backtrack edge of a Record; BranchType
// is explore (a child evaluated, not expanded), expand (a child expanded),
// prune or backtrack (from the node abandoned to the node the search
// resumed from).
type RecordEdge struct {
	FromNode   string `yaml:"from_node" json:"from_node"`
	ToNode     string `yaml:"to_node" json:"to_node"`
	BranchType string `yaml:"branch_type" json:"branch_type"`
}

// RecordOptions describe the task of a search for its Record. The zero
// value is usable.
type RecordOptions[S any] struct {
	ID           string     // tot_id; "" means "tot-001"
	Task         string     // task.description
	DecisionType string     // task.decision_type; "" means "technology_selection"
	Complexity   Complexity // task.complexity; "" means the preset matching K and B, else moderate
	Input        string     // root_state.input; "" means Task

	// Criteria are the evaluation dimensions that the nodes' dimension
	// scores refer to (Evaluation.Dimensions, keyed by criterion ID, on each
	// criterion's scale). Weights are written normalised; a cost criterion's
	// scores are written reversed (min+max−score, "higher is better"), as the
	// seed's dimensions are all benefit; critical gates are not kept. With
	// no criteria, when no node has dimension scores, the record has one
	// dimension "score" (weight 1, scale 0-1) holding each node's score.
	Criteria []tot.Criterion

	// Describe names a state: its alternative (a short name) and a
	// description. Nil uses fmt's %v for both.
	Describe func(S) (alternative, description string)
}

// scoreDecimals is the precision of the 0–1 scores a Record declares.
const scoreDecimals = 4

// Record returns the tree as a ToT document in the seed schema. s is the
// search that produced the tree.
func (t *Tree[S]) Record(s *Config[S], o RecordOptions[S]) (*Record, error) {
	if t == nil || len(t.Nodes) == 0 || s == nil {
		return nil, fmt.Errorf("record: empty tree or nil search")
	}
	crits, err := recordCriteria(t, o.Criteria)
	if err != nil {
		return nil, err
	}
	describe := o.Describe
	if describe == nil {
		describe = func(st S) (string, string) { v := fmt.Sprintf("%v", st); return v, v }
	}
	r := &Record{TotID: cmp0(o.ID, "tot-001")}
	r.Task.Description = o.Task
	r.Task.DecisionType = cmp0(o.DecisionType, "technology_selection")
	r.Task.Complexity = string(recordComplexity(o.Complexity, s.K, s.B))
	r.RootState.StateID, r.RootState.Input = "s0", cmp0(o.Input, o.Task)
	r.SearchStrategy.Algorithm = string(s.algorithm())
	ps := &r.SearchStrategy.Parameters
	ps.K, ps.B, ps.MaxDepth = max(s.K, 0), recordB(s), max(s.MaxDepth, 0)
	ps.PruningThreshold = s.PruneThreshold
	ps.BacktrackEnabled = !s.NoBacktrack && s.algorithm() != BreadthFirst
	r.EvaluationCriteria.ScoringMethod = "independent_evaluation"
	r.ThoughtTree.Nodes, r.ThoughtTree.Edges, r.ThoughtTree.BestPath = []RecordNode{}, []RecordEdge{}, []string{}
	tc := &r.TerminationConditions
	tc.MaxIterations = max(s.MaxIterations, 0)
	tc.SolutionFound = t.Solved
	tc.AllPathsExhausted = t.Stop == StopExhausted
	md := alloc(&r.Metadata)
	md.StoppedBy, md.Iterations = string(t.Stop), t.Iterations
	if s.ScoreThreshold > 0 {
		v := s.ScoreThreshold
		r.TerminationConditions.ScoreThreshold = &v
	}
	sum := 0.0
	for _, c := range crits {
		sum += c.Weight
	}
	for _, c := range crits {
		lo, hi := c.Scale.Bounds()
		desc := c.Description
		if c.Direction == tot.Cost {
			desc = strings.TrimSpace(desc + " (cost criterion, scores reversed: higher is better)")
		}
		d := grow(&r.EvaluationCriteria.Dimensions)
		d.Name, d.Weight, d.Scale, d.Description = c.ID, c.Weight/sum, numfmt.Shortest(lo)+"-"+numfmt.Shortest(hi), desc
	}
	for i := range t.Nodes {
		n := &t.Nodes[i]
		alt, desc := describe(n.State)
		rn := RecordNode{NodeID: n.ID, Depth: n.Depth, Visited: n.Expanded}
		rn.Content.Alternative, rn.Content.Description = alt, desc
		rn.Evaluation.Status = string(n.Status)
		rn.Evaluation.DimensionScores = recordDims(crits, n.Eval, len(o.Criteria) == 0)
		if len(rn.Evaluation.DimensionScores) > 0 || len(o.Criteria) == 0 {
			// A node without dimension scores (the root of a staged
			// decision) declares no score: it is not ranked.
			score := numfmt.Round(n.Eval.Score, scoreDecimals)
			rn.Evaluation.OverallScore = &score
		}
		rn.Evaluation.EvaluationNotes = n.Eval.Notes
		if n.Parent >= 0 {
			rn.ParentID = t.Nodes[n.Parent].ID
			bt := "explore"
			switch {
			case n.Status == StatusPruned:
				bt = "prune"
			case n.Expanded:
				bt = "expand"
			}
			r.ThoughtTree.Edges = append(r.ThoughtTree.Edges, RecordEdge{FromNode: rn.ParentID, ToNode: n.ID, BranchType: bt})
		}
		for _, c := range n.Children {
			rn.Children = append(rn.Children, t.Nodes[c].ID)
		}
		switch n.Status {
		case StatusPruned:
			rn.Pruned, rn.PruneReason = true, n.Reason
		case StatusDeadEnd:
			rn.Evaluation.EvaluationNotes = strings.TrimSpace(n.Reason + "\n" + n.Eval.Notes)
		}
		r.ThoughtTree.Nodes = append(r.ThoughtTree.Nodes, rn)
	}
	for _, b := range t.Backtracks {
		r.ThoughtTree.Edges = append(r.ThoughtTree.Edges, RecordEdge{FromNode: t.Nodes[b.From].ID, ToNode: t.Nodes[b.To].ID, BranchType: "backtrack"})
	}
	for _, i := range t.BestPath {
		r.ThoughtTree.BestPath = append(r.ThoughtTree.BestPath, t.Nodes[i].ID)
	}
	t.synthesis(s, r)
	return r, nil
}

// grow appends a zero element to *s and returns it.
func grow[E any](s *[]E) *E {
	var zero E
	*s = append(*s, zero)
	return &(*s)[len(*s)-1]
}

// alloc sets *p to a new zero T and returns it.
func alloc[T any](p **T) *T {
	*p = new(T)
	return *p
}

func cmp0(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// recordB is the beam width the record declares: none but for beam search.
func recordB[S any](s *Config[S]) int {
	if s.algorithm() == Beam {
		return max(s.B, 1)
	}
	return 0
}

func recordComplexity(c Complexity, k, b int) Complexity {
	if c != "" {
		return c
	}
	for _, c := range []Complexity{Low, Moderate, High, Critical} {
		if pk, pb, _ := c.Preset(); pk == k && pb == b {
			return c
		}
	}
	return Moderate
}

// recordCriteria returns the criteria of a record: the given ones, checked,
// or the single "score" dimension.
func recordCriteria[S any](t *Tree[S], cs []tot.Criterion) ([]tot.Criterion, error) {
	if len(cs) == 0 {
		for _, n := range t.Nodes {
			if len(n.Eval.Dimensions) > 0 {
				return nil, fmt.Errorf("record: node %s has dimension scores but no criteria were given", n.ID)
			}
		}
		return []tot.Criterion{{ID: "score", Name: "score", Weight: 1, Scale: tot.Scale{Min: 0, Max: 1},
			Description: "the evaluator's score of the state"}}, nil
	}
	return cs, checkCriteria(cs)
}

// recordDims returns a node's dimension scores as the record writes them.
func recordDims(crits []tot.Criterion, ev Evaluation, scoreOnly bool) map[string]float64 {
	if scoreOnly {
		return map[string]float64{"score": numfmt.Round(ev.Score, scoreDecimals)}
	}
	if len(ev.Dimensions) == 0 {
		return nil
	}
	out := make(map[string]float64, len(ev.Dimensions))
	for _, c := range crits {
		v, ok := ev.Dimensions[c.ID]
		if !ok {
			continue
		}
		if c.Direction == tot.Cost {
			lo, hi := c.Scale.Bounds()
			v = lo + hi - v
		}
		out[c.ID] = v
	}
	return out
}

func (t *Tree[S]) synthesis(s *Config[S], r *Record) {
	best := &r.ThoughtTree.Nodes[t.Best]
	syn := alloc(&r.Synthesis)
	syn.SelectedNode = best.NodeID
	syn.SelectedAlternative = best.Content.Alternative
	syn.OverallScore = numfmt.Round(t.Nodes[t.Best].Eval.Score, scoreDecimals)
	syn.DimensionScores = best.Evaluation.DimensionScores
	how := "the best-scoring node found"
	if t.Solved {
		how = "the first solution found"
	}
	syn.Rationale = fmt.Sprintf("%s (%s, score %s) is %s by %s; the search stopped by %s after %d expansions.",
		best.NodeID, best.Content.Alternative, numfmt.Trim(syn.OverallScore, scoreDecimals), how,
		strings.ReplaceAll(string(s.algorithm()), "_", " "), strings.ReplaceAll(string(t.Stop), "_", " "), t.Iterations)
	// Rejected: the siblings of the nodes on the best path.
	for _, p := range t.BestPath[1:] {
		parent := t.Nodes[p].Parent
		for _, c := range t.Nodes[parent].Children {
			if c == p {
				continue
			}
			n := &t.Nodes[c]
			reason := n.Reason
			if reason == "" {
				reason = fmt.Sprintf("score %s against %s for %s on the selected path",
					numfmt.Trim(numfmt.Round(n.Eval.Score, scoreDecimals), scoreDecimals),
					numfmt.Trim(numfmt.Round(t.Nodes[p].Eval.Score, scoreDecimals), scoreDecimals), t.Nodes[p].ID)
				if n.Expanded {
					reason += "; explored without reaching a better node"
				}
			}
			rej := grow(&syn.RejectedAlternatives)
			rej.Alternative = r.ThoughtTree.Nodes[c].Content.Alternative
			rej.Score = numfmt.Round(n.Eval.Score, scoreDecimals)
			rej.RejectionReason = reason
		}
	}
	for _, b := range t.Backtracks {
		h := grow(&syn.BacktrackHistory)
		h.FromNode, h.Reason = t.Nodes[b.From].ID, b.Reason
	}
}

// WriteYAML writes the record as YAML.
func (r *Record) WriteYAML(w io.Writer) error {
	if err := r.check(); err != nil {
		return err
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteJSON writes the record as indented JSON.
func (r *Record) WriteJSON(w io.Writer) error {
	if err := r.check(); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ParseRecord reads a record written by WriteYAML or WriteJSON (JSON is read
// as YAML). Unknown fields are errors. To evaluate a record, load it with
// ParseDecision.
func ParseRecord(data []byte) (*Record, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var r Record
	if err := dec.Decode(&r); err != nil {
		var l diag.List
		l.Addf("", "%v", err)
		return nil, l.Err(ErrInvalid)
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	return &r, nil
}

// check lists the problems of a record: node IDs unique and in the s0, s1,
// … pattern, edges and the best path naming known nodes, finite numbers.
func (r *Record) check() error {
	var l diag.List
	add := l.Addf
	seen := map[string]bool{}
	for i, n := range r.ThoughtTree.Nodes {
		p := "thought_tree.nodes[" + strconv.Itoa(i) + "]"
		if !validNodeID(n.NodeID) {
			add(p+".node_id", "must match s[0-9]+, got %q", n.NodeID)
		} else if seen[n.NodeID] {
			add(p+".node_id", "duplicate %q", n.NodeID)
		}
		seen[n.NodeID] = true
		if s := n.Evaluation.OverallScore; s != nil && !(*s >= 0 && *s <= 1) {
			add(p+".evaluation.overall_score", "must be in [0, 1], got %v", *s)
		}
		for _, k := range sortedKeys(n.Evaluation.DimensionScores) {
			if v := n.Evaluation.DimensionScores[k]; math.IsNaN(v) || math.IsInf(v, 0) {
				add(p+".evaluation.dimension_scores."+k, "must be finite")
			}
		}
	}
	for i, n := range r.ThoughtTree.Nodes {
		if n.ParentID != "" && !seen[n.ParentID] {
			add("thought_tree.nodes["+strconv.Itoa(i)+"].parent_id", "unknown node %q", n.ParentID)
		}
	}
	for i, e := range r.ThoughtTree.Edges {
		p := "thought_tree.edges[" + strconv.Itoa(i) + "]"
		if !seen[e.FromNode] {
			add(p+".from_node", "unknown node %q", e.FromNode)
		}
		if !seen[e.ToNode] {
			add(p+".to_node", "unknown node %q", e.ToNode)
		}
		if !slices.Contains([]string{"explore", "expand", "prune", "backtrack"}, e.BranchType) {
			add(p+".branch_type", "must be explore, expand, prune or backtrack, got %q", e.BranchType)
		}
	}
	for i, id := range r.ThoughtTree.BestPath {
		if !seen[id] {
			add("thought_tree.best_path["+strconv.Itoa(i)+"]", "unknown node %q", id)
		}
	}
	for i, d := range r.EvaluationCriteria.Dimensions {
		if math.IsNaN(d.Weight) || math.IsInf(d.Weight, 0) {
			add("evaluation_criteria.dimensions["+strconv.Itoa(i)+"].weight", "must be finite")
		}
	}
	return l.Err(ErrInvalid)
}

func validNodeID(s string) bool {
	if len(s) < 2 || s[0] != 's' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
