package tot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// A Record is an explored search tree in the seed's ToT document schema
// (spec/aiwg/tree-of-thought.yaml): it serialises to YAML or JSON that
// ParseDecision loads back (the dimensions become criteria, the nodes with
// dimension scores alternatives, and every declared overall_score is
// rechecked by Evaluate), and renders as a Mermaid graph.
//
// Build one with Tree.Record; field names follow the schema.
type Record struct {
	TotID                 string             `yaml:"tot_id" json:"tot_id"`
	Task                  RecordTask         `yaml:"task" json:"task"`
	RootState             RecordRoot         `yaml:"root_state" json:"root_state"`
	SearchStrategy        RecordStrategy     `yaml:"search_strategy" json:"search_strategy"`
	EvaluationCriteria    RecordCriteria     `yaml:"evaluation_criteria" json:"evaluation_criteria"`
	ThoughtTree           RecordTree         `yaml:"thought_tree" json:"thought_tree"`
	TerminationConditions RecordTermination  `yaml:"termination_conditions" json:"termination_conditions"`
	Synthesis             *RecordSynthesis   `yaml:"synthesis,omitempty" json:"synthesis,omitempty"`
	Metadata              *RecordSearchStats `yaml:"metadata,omitempty" json:"metadata,omitempty"`
}

// RecordTask is the schema's task.
type RecordTask struct {
	Description  string `yaml:"description" json:"description"`
	DecisionType string `yaml:"decision_type" json:"decision_type"` // e.g. "technology_selection"
	Complexity   string `yaml:"complexity" json:"complexity"`       // low, moderate, high or critical
}

// RecordRoot is the schema's root_state.
type RecordRoot struct {
	StateID string `yaml:"state_id" json:"state_id"` // always "s0"
	Input   string `yaml:"input" json:"input"`
}

// RecordStrategy is the schema's search_strategy.
type RecordStrategy struct {
	Algorithm  string           `yaml:"algorithm" json:"algorithm"`
	Parameters RecordParameters `yaml:"parameters" json:"parameters"`
}

// RecordParameters are the schema's search_strategy.parameters; K and B are
// omitted when unlimited, MaxDepth when unlimited.
type RecordParameters struct {
	K                int     `yaml:"k,omitempty" json:"k,omitempty"`
	B                int     `yaml:"b,omitempty" json:"b,omitempty"`
	MaxDepth         int     `yaml:"max_depth,omitempty" json:"max_depth,omitempty"`
	PruningThreshold float64 `yaml:"pruning_threshold" json:"pruning_threshold"`
	BacktrackEnabled bool    `yaml:"backtrack_enabled" json:"backtrack_enabled"`
}

// RecordCriteria is the schema's evaluation_criteria.
type RecordCriteria struct {
	Dimensions    []RecordDimension `yaml:"dimensions" json:"dimensions"`
	ScoringMethod string            `yaml:"scoring_method" json:"scoring_method"`
}

// RecordDimension is one evaluation dimension.
type RecordDimension struct {
	Name        string  `yaml:"name" json:"name"`
	Weight      float64 `yaml:"weight" json:"weight"` // normalised: the weights sum to 1
	Scale       string  `yaml:"scale" json:"scale"`   // "min-max", e.g. "0-10"
	Description string  `yaml:"description,omitempty" json:"description,omitempty"`
}

// RecordTree is the schema's thought_tree.
type RecordTree struct {
	Nodes    []RecordNode `yaml:"nodes" json:"nodes"`
	Edges    []RecordEdge `yaml:"edges" json:"edges"`
	BestPath []string     `yaml:"best_path" json:"best_path"`
}

// RecordNode is one thought node.
type RecordNode struct {
	NodeID      string           `yaml:"node_id" json:"node_id"`
	Depth       int              `yaml:"depth" json:"depth"`
	ParentID    string           `yaml:"parent_id,omitempty" json:"parent_id,omitempty"`
	Content     RecordContent    `yaml:"content" json:"content"`
	Evaluation  RecordEvaluation `yaml:"evaluation" json:"evaluation"`
	Children    []string         `yaml:"children,omitempty" json:"children,omitempty"`
	Pruned      bool             `yaml:"pruned,omitempty" json:"pruned,omitempty"`
	PruneReason string           `yaml:"prune_reason,omitempty" json:"prune_reason,omitempty"`
	Visited     bool             `yaml:"visited" json:"visited"` // the node was expanded
}

// RecordContent is a node's content.
type RecordContent struct {
	Alternative string `yaml:"alternative" json:"alternative"`
	Description string `yaml:"description" json:"description"`
}

// RecordEvaluation is a node's evaluation. OverallScore is on 0–1;
// DimensionScores are on each dimension's scale.
type RecordEvaluation struct {
	Status          string             `yaml:"status" json:"status"`
	OverallScore    *float64           `yaml:"overall_score,omitempty" json:"overall_score,omitempty"`
	DimensionScores map[string]float64 `yaml:"dimension_scores,omitempty" json:"dimension_scores,omitempty"`
	EvaluationNotes string             `yaml:"evaluation_notes,omitempty" json:"evaluation_notes,omitempty"`
}

// RecordEdge is a parent–child or backtrack edge; BranchType is explore (a
// child evaluated, not expanded), expand (a child expanded), prune or
// backtrack (from the node abandoned to the node the search resumed from).
type RecordEdge struct {
	FromNode   string `yaml:"from_node" json:"from_node"`
	ToNode     string `yaml:"to_node" json:"to_node"`
	BranchType string `yaml:"branch_type" json:"branch_type"`
}

// RecordTermination is the schema's termination_conditions.
type RecordTermination struct {
	MaxIterations     int      `yaml:"max_iterations,omitempty" json:"max_iterations,omitempty"`
	SolutionFound     bool     `yaml:"solution_found" json:"solution_found"`
	ScoreThreshold    *float64 `yaml:"score_threshold,omitempty" json:"score_threshold,omitempty"`
	AllPathsExhausted bool     `yaml:"all_paths_exhausted" json:"all_paths_exhausted"`
}

// RecordSynthesis is the schema's synthesis.
type RecordSynthesis struct {
	SelectedNode         string             `yaml:"selected_node" json:"selected_node"`
	SelectedAlternative  string             `yaml:"selected_alternative" json:"selected_alternative"`
	OverallScore         float64            `yaml:"overall_score" json:"overall_score"`
	DimensionScores      map[string]float64 `yaml:"dimension_scores,omitempty" json:"dimension_scores,omitempty"`
	Rationale            string             `yaml:"rationale" json:"rationale"`
	RejectedAlternatives []RecordRejected   `yaml:"rejected_alternatives,omitempty" json:"rejected_alternatives,omitempty"`
	BacktrackHistory     []RecordBacktrack  `yaml:"backtrack_history,omitempty" json:"backtrack_history,omitempty"`
}

// RecordRejected is an alternative considered and not selected: a sibling
// of a node on the best path. Score is on 0–1.
type RecordRejected struct {
	Alternative     string  `yaml:"alternative" json:"alternative"`
	Score           float64 `yaml:"score" json:"score"`
	RejectionReason string  `yaml:"rejection_reason" json:"rejection_reason"`
}

// RecordBacktrack is one backtracking event.
type RecordBacktrack struct {
	FromNode string `yaml:"from_node" json:"from_node"`
	Reason   string `yaml:"reason" json:"reason"`
}

// RecordSearchStats is the record's metadata: what the schema's
// termination_conditions cannot say.
type RecordSearchStats struct {
	StoppedBy  string `yaml:"stopped_by" json:"stopped_by"` // a Stop value
	Iterations int    `yaml:"iterations" json:"iterations"` // expansions
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
	Criteria []Criterion

	// Describe names a state: its alternative (a short name) and a
	// description. Nil uses fmt's %v for both.
	Describe func(S) (alternative, description string)
}

// scoreDecimals is the precision of the 0–1 scores a Record declares.
const scoreDecimals = 4

// Record returns the tree as a ToT document in the seed schema. s is the
// search that produced the tree.
func (t *Tree[S]) Record(s *Search[S], o RecordOptions[S]) (*Record, error) {
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
	r := &Record{
		TotID: cmp0(o.ID, "tot-001"),
		Task: RecordTask{
			Description:  o.Task,
			DecisionType: cmp0(o.DecisionType, "technology_selection"),
			Complexity:   string(recordComplexity(o.Complexity, s.K, s.B)),
		},
		RootState: RecordRoot{StateID: "s0", Input: cmp0(o.Input, o.Task)},
		SearchStrategy: RecordStrategy{
			Algorithm: string(s.algorithm()),
			Parameters: RecordParameters{K: max(s.K, 0), B: recordB(s), MaxDepth: max(s.MaxDepth, 0),
				PruningThreshold: s.PruneThreshold, BacktrackEnabled: !s.NoBacktrack && s.algorithm() != BreadthFirst},
		},
		EvaluationCriteria: RecordCriteria{ScoringMethod: "independent_evaluation"},
		ThoughtTree:        RecordTree{Nodes: []RecordNode{}, Edges: []RecordEdge{}, BestPath: []string{}},
		TerminationConditions: RecordTermination{
			MaxIterations:     max(s.MaxIterations, 0),
			SolutionFound:     t.Solved,
			AllPathsExhausted: t.Stop == StopExhausted,
		},
		Metadata: &RecordSearchStats{StoppedBy: string(t.Stop), Iterations: t.Iterations},
	}
	if s.ScoreThreshold > 0 {
		v := s.ScoreThreshold
		r.TerminationConditions.ScoreThreshold = &v
	}
	sum := 0.0
	for _, c := range crits {
		sum += c.Weight
	}
	for _, c := range crits {
		lo, hi := c.Scale.bounds()
		desc := c.Description
		if c.Direction == Cost {
			desc = strings.TrimSpace(desc + " (cost criterion, scores reversed: higher is better)")
		}
		r.EvaluationCriteria.Dimensions = append(r.EvaluationCriteria.Dimensions, RecordDimension{
			Name: c.ID, Weight: c.Weight / sum, Scale: fmtNum(lo) + "-" + fmtNum(hi), Description: desc})
	}
	for i := range t.Nodes {
		n := &t.Nodes[i]
		alt, desc := describe(n.State)
		rn := RecordNode{NodeID: n.ID, Depth: n.Depth, Content: RecordContent{Alternative: alt, Description: desc},
			Visited: n.Expanded}
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
	r.Synthesis = t.synthesis(s, r)
	return r, nil
}

func cmp0(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// recordB is the beam width the record declares: none but for beam search.
func recordB[S any](s *Search[S]) int {
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
func recordCriteria[S any](t *Tree[S], cs []Criterion) ([]Criterion, error) {
	if len(cs) == 0 {
		for _, n := range t.Nodes {
			if len(n.Eval.Dimensions) > 0 {
				return nil, fmt.Errorf("record: node %s has dimension scores but no criteria were given", n.ID)
			}
		}
		return []Criterion{{ID: "score", Name: "score", Weight: 1, Scale: Scale{0, 1},
			Description: "the evaluator's score of the state"}}, nil
	}
	v := &validator{}
	v.criteria(cs)
	if len(v.problems) > 0 {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: v.problems}
	}
	return cs, nil
}

// recordDims returns a node's dimension scores as the record writes them.
func recordDims(crits []Criterion, ev Evaluation, scoreOnly bool) map[string]float64 {
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
		if c.Direction == Cost {
			lo, hi := c.Scale.bounds()
			v = lo + hi - v
		}
		out[c.ID] = v
	}
	return out
}

func (t *Tree[S]) synthesis(s *Search[S], r *Record) *RecordSynthesis {
	best := &r.ThoughtTree.Nodes[t.Best]
	syn := &RecordSynthesis{
		SelectedNode:        best.NodeID,
		SelectedAlternative: best.Content.Alternative,
		OverallScore:        numfmt.Round(t.Nodes[t.Best].Eval.Score, scoreDecimals),
		DimensionScores:     best.Evaluation.DimensionScores,
	}
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
			syn.RejectedAlternatives = append(syn.RejectedAlternatives, RecordRejected{
				Alternative: r.ThoughtTree.Nodes[c].Content.Alternative, Score: numfmt.Round(n.Eval.Score, scoreDecimals),
				RejectionReason: reason})
		}
	}
	for _, b := range t.Backtracks {
		syn.BacktrackHistory = append(syn.BacktrackHistory, RecordBacktrack{FromNode: t.Nodes[b.From].ID, Reason: b.Reason})
	}
	return syn
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
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Path: "", Message: err.Error()}}}
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	return &r, nil
}

// check lists the problems of a record: node IDs unique and in the s0, s1,
// … pattern, edges and the best path naming known nodes, finite numbers.
func (r *Record) check() error {
	var ps []Problem
	add := func(p, format string, args ...any) {
		ps = append(ps, Problem{Path: p, Message: fmt.Sprintf(format, args...)})
	}
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
		for _, k := range searchKeys(n.Evaluation.DimensionScores) {
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
	if len(ps) > 0 {
		return &ValidationError{Kind: ErrInvalid, Problems: ps}
	}
	return nil
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
