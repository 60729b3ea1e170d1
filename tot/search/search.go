package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// An Evaluation is Config.Evaluate's judgement of a state.
type Evaluation struct {
	// Score is the state's value on 0–1, higher is better.
	Score float64
	// Dimensions optionally breaks Score down by evaluation dimension
	// (criterion ID → score on the criterion's scale, e.g. 0–10).
	Dimensions map[string]float64
	// Notes optionally explains the score (the record's evaluation_notes).
	Notes string
}

// Algorithm is a tree-search strategy; its values are the seed schema's
// search_strategy.algorithm names.
type Algorithm string

// Search algorithms.
const (
	// BreadthFirst expands every unpruned node of a level before the next
	// level. It never backtracks.
	BreadthFirst Algorithm = "breadth_first_search"
	// DepthFirst expands the best child of the last expanded node first
	// (children by score, then generation order). On a dead end or at the
	// maximum depth it backtracks to the nearest ancestor with an unexplored
	// child; with backtracking disabled it stops there instead.
	DepthFirst Algorithm = "depth_first_search"
	// Beam keeps the B best children of each level (score, then generation
	// order) and expands them. When a level leaves no candidate and
	// backtracking is enabled, it resumes from the best B candidates that
	// earlier levels left out of the beam, deepest level first.
	Beam Algorithm = "beam_search"
	// BestFirst always expands the best unexpanded node of the whole tree
	// (score, then generation order); expanding a node that is not a child of
	// the previous one is recorded as a backtrack. With backtracking
	// disabled it only considers the children of the last expanded node.
	BestFirst Algorithm = "best_first"
)

// Stop is the termination condition that ended a search; its values are the
// seed schema's termination_conditions names.
type Stop string

// Termination conditions, checked in this order before each expansion
// (deadline, iterations, exhaustion) and after each evaluation (solution):
// the search stops at the first that holds.
const (
	StopSolution   Stop = "score_threshold"     // a node met the solution test
	StopIterations Stop = "max_iterations"      // MaxIterations expansions were made
	StopExhausted  Stop = "all_paths_exhausted" // nothing left to expand
	StopDeadline   Stop = "deadline"            // the context was done (deadline or cancellation)
)

// Complexity is the seed schema's task.complexity; it determines k and b.
type Complexity string

// Complexity levels of a decision task.
const (
	Low      Complexity = "low"      // k=3, b=2
	Moderate Complexity = "moderate" // k=5, b=3
	High     Complexity = "high"     // k=7, b=4
	Critical Complexity = "critical" // k=10, b=5
)

// Preset returns the number of alternatives per state k and the beam width b
// the protocol prescribes for a complexity level.
func (c Complexity) Preset() (k, b int, err error) {
	switch c {
	case Low:
		return 3, 2, nil
	case Moderate:
		return 5, 3, nil
	case High:
		return 7, 4, nil
	case Critical:
		return 10, 5, nil
	}
	return 0, 0, fmt.Errorf("complexity %q: want low, moderate, high or critical", string(c))
}

// UsePreset sets K and B to the preset of a complexity level.
func (s *Config[S]) UsePreset(c Complexity) error {
	k, b, err := c.Preset()
	if err != nil {
		return err
	}
	s.K, s.B = k, b
	return nil
}

// A Config configures a tree search over states of type S. Its fields can be
// changed before a call to Run; the zero value of every optional field is
// documented with it. Run does not modify the Config.
type Config[S any] struct {
	// Generate proposes the child states of a state: at most k of them (k
	// <= 0 means no limit), in a deterministic order. Extra states are
	// dropped. An empty result makes the state a dead end. Required.
	Generate func(ctx context.Context, s S, k int) ([]S, error)
	// Evaluate scores a state. Required.
	Evaluate func(ctx context.Context, s S) (Evaluation, error)

	// Goal, when non-nil, accepts the states that are complete answers (a
	// complete decision, a finished game): only they can be solutions, and
	// the selected node is the best of them when no solution is found. Nil
	// accepts every state.
	Goal func(S) bool

	Algorithm Algorithm // "" means Beam

	K        int // children per state; <= 0: no limit
	B        int // beam width; <= 0 means 1 (Beam only)
	MaxDepth int // nodes at this depth are not expanded; <= 0: no limit

	// PruneThreshold: a child scoring strictly below it is pruned (kept in
	// the tree with status "pruned", never expanded). 0 prunes nothing.
	PruneThreshold float64
	// ScoreThreshold: an unpruned node whose score is at least
	// ScoreThreshold and that Goal accepts is a solution, and the search
	// stops at the first one. 0 disables the solution test: the search runs
	// until another condition stops it and selects the best node.
	ScoreThreshold float64
	// MaxIterations bounds the number of expansions (Generate calls); <= 0:
	// no limit.
	MaxIterations int
	// NoBacktrack disables backtracking (see each Algorithm). The zero
	// value backtracks, as the schema's backtrack_enabled defaults to true.
	NoBacktrack bool
}

// Status of a node in a search tree: the seed schema's
// evaluation.status values.
type Status string

// Node statuses.
const (
	StatusEvaluated Status = "evaluated" // scored; not on the best path
	StatusSelected  Status = "selected"  // on the best path
	StatusPruned    Status = "pruned"    // scored below the pruning threshold
	StatusDeadEnd   Status = "dead_end"  // expanded, and no child survived
)

// A Node is one explored state.
type Node[S any] struct {
	ID       string // "s0" for the root, then "s1", "s2", … in generation order
	Parent   int    // index of the parent in Tree.Nodes; -1 for the root
	Depth    int    // 0 for the root
	State    S
	Eval     Evaluation
	Status   Status
	Reason   string // why the node was pruned, is a dead end or was left out
	Children []int  // indexes of the children in Tree.Nodes, in generation order
	Expanded bool   // Generate was called on the node
}

// A Backtrack records the search abandoning a node and resuming from another.
type Backtrack struct {
	From   int    // index of the node abandoned
	To     int    // index of the node the search resumes from
	Reason string // e.g. "dead end: no child above the pruning threshold"
}

// A Tree is the result of a search: every node explored, the best path and
// why the search stopped.
type Tree[S any] struct {
	Nodes      []Node[S] // in generation order; Nodes[i].ID == "s" + i
	Backtracks []Backtrack
	// Best is the index of the selected node: the solution if one was
	// found, otherwise the best-scoring unpruned node that Goal accepts (any
	// unpruned node if none does), ties to the deeper, then the earlier.
	Best     int
	BestPath []int // indexes from the root to Best
	Solved   bool  // Best is a solution
	Stop     Stop
	// Iterations is the number of expansions (Generate calls).
	Iterations int
}

// ErrScoreRange is wrapped by the error of Run when Evaluate returns a
// score outside [0, 1] (or NaN).
var ErrScoreRange = errors.New("score must be a number in [0, 1]")

// ErrInvalid is wrapped by the errors of an invalid Config or record:
// errors.Is(err, search.ErrInvalid) reports invalid input.
var ErrInvalid = errors.New("invalid search")

// searchRun holds the state of one Run.
type searchRun[S any] struct {
	s    *Config[S]
	ctx  context.Context
	tree *Tree[S]
	stop Stop // set when a termination condition holds
	last int  // last expanded node (for backtrack records), -1 before any
}

// Run searches from root and returns the explored tree. A search stopped by
// its context returns the tree so far with Stop == StopDeadline and a nil
// error. Errors from the callbacks, or scores outside [0, 1], end the search
// with an error.
func (s *Config[S]) Run(ctx context.Context, root S) (*Tree[S], error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	r := &searchRun[S]{s: s, ctx: ctx, tree: &Tree[S]{}, last: -1}
	if _, err := r.add(-1, root); err != nil {
		return nil, err
	}
	if !r.solution(0) {
		var err error
		switch s.algorithm() {
		case BreadthFirst:
			err = r.breadthFirst()
		case DepthFirst:
			err = r.depthFirst()
		case BestFirst:
			err = r.bestFirst()
		default:
			err = r.beam()
		}
		if err != nil {
			// A callback that gave up because the context is done stops
			// the search like the deadline check does.
			if ctx.Err() == nil || !errors.Is(err, ctx.Err()) {
				return nil, err
			}
			r.stop = StopDeadline
		}
	}
	r.finish()
	return r.tree, nil
}

func (s *Config[S]) algorithm() Algorithm {
	if s.Algorithm == "" {
		return Beam
	}
	return s.Algorithm
}

func (s *Config[S]) check() error {
	var l diag.List
	if s.Generate == nil {
		l.Addf("generate", "missing")
	}
	if s.Evaluate == nil {
		l.Addf("evaluate", "missing")
	}
	switch s.algorithm() {
	case BreadthFirst, DepthFirst, Beam, BestFirst:
	default:
		l.Addf("algorithm", "unknown algorithm %q", string(s.Algorithm))
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"prune_threshold", s.PruneThreshold}, {"score_threshold", s.ScoreThreshold}} {
		if math.IsNaN(f.v) || f.v < 0 || f.v > 1 {
			l.Addf(f.name, "must be in [0, 1], got %v", f.v)
		}
	}
	return l.Err(ErrInvalid)
}

// add evaluates a new state and appends it to the tree under parent.
func (r *searchRun[S]) add(parent int, st S) (int, error) {
	t := r.tree
	i := len(t.Nodes)
	n := Node[S]{ID: "s" + strconv.Itoa(i), Parent: parent, State: st, Status: StatusEvaluated}
	if parent >= 0 {
		n.Depth = t.Nodes[parent].Depth + 1
	}
	ev, err := r.s.Evaluate(r.ctx, st)
	if err != nil {
		return 0, fmt.Errorf("evaluate %s: %w", n.ID, err)
	}
	if math.IsNaN(ev.Score) || ev.Score < 0 || ev.Score > 1 {
		return 0, fmt.Errorf("evaluate %s: %w, got %v", n.ID, ErrScoreRange, ev.Score)
	}
	for _, k := range sortedKeys(ev.Dimensions) {
		if v := ev.Dimensions[k]; math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("evaluate %s: dimension %q: must be finite, got %v", n.ID, k, v)
		}
	}
	n.Eval = ev
	if parent >= 0 && ev.Score < r.s.PruneThreshold {
		n.Status = StatusPruned
		n.Reason = "score " + searchScore(ev.Score) + " below the pruning threshold " + searchScore(r.s.PruneThreshold)
	}
	t.Nodes = append(t.Nodes, n)
	if parent >= 0 {
		t.Nodes[parent].Children = append(t.Nodes[parent].Children, i)
	}
	return i, nil
}

// solution reports whether node i is a solution and, if so, records it and
// stops the search.
func (r *searchRun[S]) solution(i int) bool {
	n := &r.tree.Nodes[i]
	if n.Status == StatusPruned {
		return false
	}
	if !r.testsSolutions() {
		return false
	}
	if n.Eval.Score < r.s.ScoreThreshold || r.s.Goal != nil && !r.s.Goal(n.State) {
		return false
	}
	r.tree.Solved = true
	r.tree.Best = i
	r.stop = StopSolution
	return true
}

// canExpand checks the termination conditions that precede an expansion.
func (r *searchRun[S]) canExpand() bool {
	if r.stop != "" {
		return false
	}
	if r.ctx.Err() != nil {
		r.stop = StopDeadline
		return false
	}
	if r.s.MaxIterations > 0 && r.tree.Iterations >= r.s.MaxIterations {
		r.stop = StopIterations
		return false
	}
	return true
}

// leaf reports whether node i is at the maximum depth.
func (r *searchRun[S]) leaf(i int) bool {
	return r.s.MaxDepth > 0 && r.tree.Nodes[i].Depth >= r.s.MaxDepth
}

// expand generates and evaluates the children of node i. It returns the
// unpruned children, and whether the search must stop (a solution).
// canExpand must have returned true.
func (r *searchRun[S]) expand(i int) (alive []int, err error) {
	t := r.tree
	t.Iterations++
	t.Nodes[i].Expanded = true
	r.last = i
	kids, err := r.s.Generate(r.ctx, t.Nodes[i].State, r.s.K)
	if err != nil {
		return nil, fmt.Errorf("generate %s: %w", t.Nodes[i].ID, err)
	}
	if r.s.K > 0 && len(kids) > r.s.K {
		kids = kids[:r.s.K]
	}
	for _, st := range kids {
		c, err := r.add(i, st)
		if err != nil {
			return nil, err
		}
		if r.solution(c) {
			return alive, nil
		}
		if t.Nodes[c].Status != StatusPruned {
			alive = append(alive, c)
		}
	}
	if len(alive) == 0 {
		t.Nodes[i].Status = StatusDeadEnd
		if len(kids) == 0 {
			t.Nodes[i].Reason = "dead end: no child state"
		} else {
			t.Nodes[i].Reason = "dead end: every child scored below the pruning threshold " + searchScore(r.s.PruneThreshold)
		}
	}
	return alive, nil
}

// byScore orders node indexes by score, best first, then generation order.
func (r *searchRun[S]) byScore(a, b int) int {
	na, nb := &r.tree.Nodes[a], &r.tree.Nodes[b]
	if c := cmp.Compare(nb.Eval.Score, na.Eval.Score); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

func (r *searchRun[S]) backtrack(from, to int, reason string) {
	r.tree.Backtracks = append(r.tree.Backtracks, Backtrack{From: from, To: to, Reason: reason})
}

func (r *searchRun[S]) breadthFirst() error {
	level := []int{0}
	for len(level) > 0 {
		next, done, err := r.expandLevel(level)
		if done {
			return err
		}
		level = next
	}
	r.stop = StopExhausted
	return nil
}

// expandLevel expands the nodes of one level that are not leaves, in order,
// and returns their surviving children. done reports that the search must
// stop (the expansion budget is spent, a stop condition fired, or err).
func (r *searchRun[S]) expandLevel(level []int) (children []int, done bool, err error) {
	for _, i := range level {
		if r.leaf(i) {
			continue
		}
		if !r.canExpand() {
			return nil, true, nil
		}
		alive, err := r.expand(i)
		if err != nil || r.stop != "" {
			return nil, true, err
		}
		children = append(children, alive...)
	}
	return children, false, nil
}

func (r *searchRun[S]) beam() error {
	b := max(r.s.B, 1)
	level := []int{0}
	var reserve [][]int // per level, candidates left out of the beam, best first
	for {
		cands, done, err := r.expandLevel(level)
		if done {
			return err
		}
		slices.SortStableFunc(cands, r.byScore)
		if len(cands) > b {
			var spare []int // the candidates left out that could be expanded later
			for _, c := range cands[b:] {
				r.tree.Nodes[c].Reason = "left out of the beam (width " + strconv.Itoa(b) + ")"
				if !r.leaf(c) {
					spare = append(spare, c)
				}
			}
			reserve = append(reserve, spare)
			cands = cands[:b]
		}
		if len(cands) > 0 {
			level = cands
			continue
		}
		if !r.testsSolutions() && r.leaf(level[0]) {
			r.stop = StopExhausted // every path reached the maximum depth
			return nil
		}
		// The beam died: resume from the deepest reserve.
		for len(reserve) > 0 && len(reserve[len(reserve)-1]) == 0 {
			reserve = reserve[:len(reserve)-1]
		}
		if r.s.NoBacktrack || len(reserve) == 0 {
			r.stop = StopExhausted
			return nil
		}
		top := reserve[len(reserve)-1]
		n := min(b, len(top))
		level = slices.Clone(top[:n])
		reserve[len(reserve)-1] = top[n:]
		for _, c := range level {
			r.tree.Nodes[c].Reason = ""
		}
		from := r.last
		r.backtrack(from, level[0], "beam exhausted below "+r.tree.Nodes[from].ID+"; resuming from candidates left out of the beam")
	}
}

func (r *searchRun[S]) depthFirst() error {
	// stack of pending siblings, per depth, best last.
	type frame struct{ pending []int }
	var stack []frame
	cur := 0
	for {
		if !r.leaf(cur) {
			if !r.canExpand() {
				return nil
			}
			alive, err := r.expand(cur)
			if err != nil || r.stop != "" {
				return err
			}
			if len(alive) > 0 {
				slices.SortStableFunc(alive, r.byScore)
				slices.Reverse(alive)
				stack = append(stack, frame{alive})
				if r.s.NoBacktrack {
					stack[len(stack)-1].pending = alive[len(alive)-1:]
				}
				cur = r.pop(&stack[len(stack)-1].pending)
				continue
			}
		}
		// Dead end or maximum depth: backtrack.
		reason := "dead end"
		if r.leaf(cur) {
			reason = "maximum depth reached without a solution"
		}
		for len(stack) > 0 && len(stack[len(stack)-1].pending) == 0 {
			stack = stack[:len(stack)-1]
		}
		if r.s.NoBacktrack || len(stack) == 0 {
			r.stop = StopExhausted
			return nil
		}
		next := r.pop(&stack[len(stack)-1].pending)
		r.backtrack(cur, next, reason+" at "+r.tree.Nodes[cur].ID+"; resuming at "+r.tree.Nodes[next].ID)
		cur = next
	}
}

func (r *searchRun[S]) pop(p *[]int) int {
	s := *p
	i := s[len(s)-1]
	*p = s[:len(s)-1]
	return i
}

func (r *searchRun[S]) bestFirst() error {
	open := []int{0}
	prev := -1
	for {
		// Drop leaves: they cannot be expanded.
		open = slices.DeleteFunc(open, r.leaf)
		if len(open) == 0 {
			r.stop = StopExhausted
			return nil
		}
		if !r.canExpand() {
			return nil
		}
		slices.SortStableFunc(open, r.byScore)
		i := open[0]
		open = open[1:]
		if prev >= 0 && r.tree.Nodes[i].Parent != prev {
			r.backtrack(prev, i, "best open node "+r.tree.Nodes[i].ID+" is not a child of "+r.tree.Nodes[prev].ID)
		}
		alive, err := r.expand(i)
		if err != nil || r.stop != "" {
			return err
		}
		prev = i
		if r.s.NoBacktrack {
			open = alive
		} else {
			open = append(open, alive...)
		}
	}
}

// finish selects the best node and marks the best path.
func (r *searchRun[S]) finish() {
	t := r.tree
	t.Stop = r.stop
	if t.Stop == "" {
		t.Stop = StopExhausted
	}
	if !t.Solved {
		t.Best = r.bestUnsolved()
	}
	for i := t.Best; i >= 0; i = t.Nodes[i].Parent {
		t.BestPath = append(t.BestPath, i)
	}
	slices.Reverse(t.BestPath)
	for _, i := range t.BestPath {
		t.Nodes[i].Status = StatusSelected
	}
}

func (r *searchRun[S]) bestUnsolved() int {
	t := r.tree
	best, bestGoal := 0, false
	for i := 1; i < len(t.Nodes); i++ {
		n := &t.Nodes[i]
		if n.Status == StatusPruned {
			continue
		}
		goal := r.s.Goal != nil && r.s.Goal(n.State)
		bn := &t.Nodes[best]
		switch {
		case goal != bestGoal:
			if goal {
				best, bestGoal = i, true
			}
		case n.Eval.Score > bn.Eval.Score,
			n.Eval.Score == bn.Eval.Score && n.Depth > bn.Depth:
			best = i
		}
	}
	return best
}

// testsSolutions reports whether the search has a solution test.
func (r *searchRun[S]) testsSolutions() bool {
	return r.s.ScoreThreshold > 0
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// searchScore formats a 0–1 score for messages.
func searchScore(v float64) string { return numfmt.Trim(v, 4) }
