package search_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/tot/search"
)

// synth is a synthetic tree: a state is the path of child letters from the
// root ("" is the root, "ab" the second child of the first child); scores
// maps every state to its score and kids lists each state's children.
type synth struct {
	scores map[string]float64
	kids   map[string][]string
	calls  int // Generate calls
}

// newSynth builds a tree from "state=score" entries; the children of a
// state are the entries one letter longer that extend it, in the order given.
func newSynth(entries ...string) *synth {
	s := &synth{scores: map[string]float64{}, kids: map[string][]string{}}
	for _, e := range entries {
		var st string
		var v float64
		name, val, _ := strings.Cut(e, "=")
		if _, err := fmt.Sscan(val, &v); err != nil {
			panic(e)
		}
		st = strings.TrimPrefix(name, "root")
		s.scores[st] = v
		if st != "" {
			p := st[:len(st)-1]
			s.kids[p] = append(s.kids[p], st)
		}
	}
	return s
}

func (s *synth) search(a search.Algorithm) *search.Config[string] {
	return &search.Config[string]{
		Algorithm: a,
		Generate: func(_ context.Context, st string, k int) ([]string, error) {
			s.calls++
			return s.kids[st], nil
		},
		Evaluate: func(_ context.Context, st string) (search.Evaluation, error) {
			return search.Evaluation{Score: s.scores[st]}, nil
		},
	}
}

func ids(t *search.Tree[string], idx []int) []string {
	out := []string{}
	for _, i := range idx {
		out = append(out, t.Nodes[i].State)
	}
	return out
}

func statesWith(t *search.Tree[string], st search.Status) []string {
	out := []string{}
	for _, n := range t.Nodes {
		if n.Status == st {
			out = append(out, n.State)
		}
	}
	slices.Sort(out)
	return out
}

// A tree whose greedy choice at the root ("a", 0.9) leads to a worse leaf
// than "b" (0.6) does; "c" scores below every pruning threshold used.
var trap = []string{
	"root=0.5",
	"a=0.9", "b=0.6", "c=0.1",
	"aa=0.2", "ab=0.25", // below 0.3: pruned, "a" is a dead end
	"ba=0.7", "bb=0.95",
	"ca=1",
	"baa=0.4", "bba=0.8", "bbb=0.99",
}

func TestSearchAlgorithms(t *testing.T) {
	tests := []struct {
		name       string
		alg        search.Algorithm
		b          int
		noBack     bool
		wantPath   []string
		wantPruned []string
		wantBack   int // number of backtracks
		wantStop   search.Stop
	}{
		{"beam b=2", search.Beam, 2, false, []string{"", "b", "bb", "bbb"}, []string{"aa", "ab", "c"}, 0, search.StopExhausted},
		{"beam b=1 backtracks", search.Beam, 1, false, []string{"", "b", "bb", "bbb"}, []string{"aa", "ab", "c"}, 1, search.StopExhausted},
		{"beam b=1 no backtrack", search.Beam, 1, true, []string{"", "a"}, []string{"aa", "ab", "c"}, 0, search.StopExhausted},
		{"breadth-first", search.BreadthFirst, 0, false, []string{"", "b", "bb", "bbb"}, []string{"aa", "ab", "c"}, 0, search.StopExhausted},
		{"depth-first", search.DepthFirst, 0, false, []string{"", "b", "bb", "bbb"}, []string{"aa", "ab", "c"}, 3, search.StopExhausted},
		{"depth-first no backtrack", search.DepthFirst, 0, true, []string{"", "a"}, []string{"aa", "ab", "c"}, 0, search.StopExhausted},
		{"best-first", search.BestFirst, 0, false, []string{"", "b", "bb", "bbb"}, []string{"aa", "ab", "c"}, 2, search.StopExhausted},
		{"best-first no backtrack", search.BestFirst, 0, true, []string{"", "a"}, []string{"aa", "ab", "c"}, 0, search.StopExhausted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSynth(trap...)
			se := s.search(tc.alg)
			se.B, se.MaxDepth, se.PruneThreshold, se.NoBacktrack = tc.b, 3, 0.3, tc.noBack
			tree, err := se.Run(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantPath, ids(tree, tree.BestPath)); diff != "" {
				t.Errorf("best path (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantPruned, statesWith(tree, search.StatusPruned)); diff != "" {
				t.Errorf("pruned (-want +got):\n%s", diff)
			}
			if got := len(tree.Backtracks); got != tc.wantBack {
				t.Errorf("backtracks = %d, want %d: %+v", got, tc.wantBack, tree.Backtracks)
			}
			if tree.Stop != tc.wantStop {
				t.Errorf("stop = %q, want %q", tree.Stop, tc.wantStop)
			}
			if tree.Iterations != s.calls {
				t.Errorf("iterations = %d, generate calls = %d", tree.Iterations, s.calls)
			}
			if !slices.Contains(statesWith(tree, search.StatusDeadEnd), "a") && !tc.noBack {
				t.Errorf("node a not a dead end: %v", statesWith(tree, search.StatusDeadEnd))
			}
			for i, n := range tree.Nodes {
				if want := fmt.Sprintf("s%d", i); n.ID != want {
					t.Errorf("node %d ID = %q, want %q", i, n.ID, want)
				}
			}
		})
	}
}

// randomTree builds a random tree of the given branching and depth with
// scores in [0, 1], reproducibly from seed.
func randomTree(seed uint64, branching, depth int) *synth {
	rng := rand.New(rand.NewPCG(seed, 7))
	entries := []string{"root=0.5"}
	var grow func(p string, d int)
	grow = func(p string, d int) {
		if d == depth {
			return
		}
		n := rng.IntN(branching + 1)
		for i := range n {
			st := p + string(rune('a'+i))
			entries = append(entries, fmt.Sprintf("%s=%.3f", st, rng.Float64()))
			grow(st, d+1)
		}
	}
	grow("", 0)
	return newSynth(entries...)
}

// TestSearchRandomTrees checks invariants against brute force on random
// trees: exhaustive searches (breadth-first, depth-first with backtracking)
// visit every node reachable through unpruned nodes, prune exactly the
// nodes below the threshold among those generated, and select the best
// unpruned node.
func TestSearchRandomTrees(t *testing.T) {
	const threshold = 0.25
	for seed := range uint64(30) {
		s := randomTree(seed, 4, 4)
		// Brute force: nodes generated = children of the root and of every
		// unpruned node; best = highest unpruned score, deeper on ties.
		var generated []string
		best, bestScore, bestDepth := "", s.scores[""], 0
		var walk func(p string)
		walk = func(p string) {
			for _, c := range s.kids[p] {
				generated = append(generated, c)
				if s.scores[c] < threshold {
					continue
				}
				if v := s.scores[c]; v > bestScore || v == bestScore && len(c) > bestDepth {
					best, bestScore, bestDepth = c, v, len(c)
				}
				walk(c)
			}
		}
		walk("")
		var wantPruned []string
		for _, g := range generated {
			if s.scores[g] < threshold {
				wantPruned = append(wantPruned, g)
			}
		}
		slices.Sort(wantPruned)
		if wantPruned == nil {
			wantPruned = []string{}
		}
		for _, alg := range []search.Algorithm{search.BreadthFirst, search.DepthFirst, search.BestFirst} {
			se := s.search(alg)
			se.PruneThreshold = threshold
			tree, err := se.Run(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if got := len(tree.Nodes) - 1; got != len(generated) {
				t.Errorf("seed %d %s: %d nodes generated, brute force %d", seed, alg, got, len(generated))
			}
			if diff := cmp.Diff(wantPruned, statesWith(tree, search.StatusPruned)); diff != "" {
				t.Errorf("seed %d %s: pruned (-want +got):\n%s", seed, alg, diff)
			}
			if got := tree.Nodes[tree.Best].State; got != best {
				t.Errorf("seed %d %s: best = %q (%v), brute force %q (%v)", seed, alg, got, tree.Nodes[tree.Best].Eval.Score, best, bestScore)
			}
			if tree.Stop != search.StopExhausted {
				t.Errorf("seed %d %s: stop = %q", seed, alg, tree.Stop)
			}
		}
	}
}

func TestSearchTermination(t *testing.T) {
	// Goal: the leaf "bbb". Best-first reaches it on its 4th expansion
	// (root, a, b, bb).
	goal := func(st string) bool { return st == "bbb" }
	tests := []struct {
		name     string
		maxIter  int
		ctx      func() context.Context
		wantStop search.Stop
		wantIter int
		solved   bool
	}{
		{"solution first", 10, context.Background, search.StopSolution, 4, true},
		{"solution on last allowed", 4, context.Background, search.StopSolution, 4, true},
		{"iterations first", 3, context.Background, search.StopIterations, 3, false},
		{"deadline first", 0, func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, search.StopDeadline, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSynth(trap...)
			se := s.search(search.BestFirst)
			se.PruneThreshold, se.MaxIterations, se.Goal, se.ScoreThreshold = 0.3, tc.maxIter, goal, 0.5
			tree, err := se.Run(tc.ctx(), "")
			if err != nil {
				t.Fatal(err)
			}
			if tree.Stop != tc.wantStop || tree.Iterations != tc.wantIter || tree.Solved != tc.solved {
				t.Errorf("stop=%q iterations=%d solved=%v, want %q %d %v", tree.Stop, tree.Iterations, tree.Solved, tc.wantStop, tc.wantIter, tc.solved)
			}
			if tc.solved && tree.Nodes[tree.Best].State != "bbb" {
				t.Errorf("best = %q, want bbb", tree.Nodes[tree.Best].State)
			}
		})
	}
}

// TestSearchScoreThreshold: the first child at or above the threshold
// stops the search, whatever the algorithm.
func TestSearchScoreThreshold(t *testing.T) {
	for _, alg := range []search.Algorithm{search.Beam, search.BreadthFirst, search.DepthFirst, search.BestFirst} {
		s := newSynth(trap...)
		se := s.search(alg)
		se.PruneThreshold, se.ScoreThreshold, se.B = 0.3, 0.95, 3
		tree, err := se.Run(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		// "bb" (0.95) is the only node >= 0.95 reachable before "bbb";
		// "ca" (1) is under the pruned "c".
		if !tree.Solved || tree.Stop != search.StopSolution || tree.Nodes[tree.Best].State != "bb" {
			t.Errorf("%s: solved=%v stop=%q best=%q, want bb by score_threshold", alg, tree.Solved, tree.Stop, tree.Nodes[tree.Best].State)
		}
	}
}

func TestSearchDeterministic(t *testing.T) {
	s := randomTree(99, 5, 4)
	for _, alg := range []search.Algorithm{search.Beam, search.BreadthFirst, search.DepthFirst, search.BestFirst} {
		se := s.search(alg)
		se.B, se.PruneThreshold = 2, 0.2
		a, err1 := se.Run(context.Background(), "")
		b, err2 := se.Run(context.Background(), "")
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: two runs differ:\n%s", alg, diff)
		}
	}
}

func TestSearchErrors(t *testing.T) {
	boom := errors.New("boom")
	s := newSynth(trap...)
	se := s.search(search.Beam)
	se.Evaluate = func(_ context.Context, st string) (search.Evaluation, error) {
		if st == "b" {
			return search.Evaluation{}, boom
		}
		return search.Evaluation{Score: 0.5}, nil
	}
	if _, err := se.Run(context.Background(), ""); !errors.Is(err, boom) {
		t.Errorf("evaluator error: got %v", err)
	}
	se.Evaluate = func(context.Context, string) (search.Evaluation, error) { return search.Evaluation{Score: 1.5}, nil }
	if _, err := se.Run(context.Background(), ""); !errors.Is(err, search.ErrScoreRange) || !strings.Contains(err.Error(), "s0") {
		t.Errorf("score 1.5: got %v, want an error naming s0", err)
	}
	bad := &search.Config[string]{Algorithm: "a_star", PruneThreshold: 2}
	_, err := bad.Run(context.Background(), "")
	var verr *diag.ValidationError
	if !errors.Is(err, search.ErrInvalid) || !errors.As(err, &verr) || len(verr.Problems) != 4 {
		t.Errorf("bad search: got %v, want 4 problems (generate, evaluate, algorithm, prune_threshold)", err)
	}
}

func TestComplexityPreset(t *testing.T) {
	want := map[search.Complexity][2]int{search.Low: {3, 2}, search.Moderate: {5, 3}, search.High: {7, 4}, search.Critical: {10, 5}}
	for c, kb := range want {
		k, b, err := c.Preset()
		if err != nil || k != kb[0] || b != kb[1] {
			t.Errorf("%s.Preset() = %d, %d, %v; want %d, %d", c, k, b, err, kb[0], kb[1])
		}
	}
	if _, _, err := search.Complexity("extreme").Preset(); err == nil {
		t.Error("extreme: no error")
	}
	var s search.Config[int]
	if err := s.UsePreset(search.High); err != nil || s.K != 7 || s.B != 4 {
		t.Errorf("UsePreset(high): K=%d B=%d err=%v", s.K, s.B, err)
	}
	if err := s.UsePreset("extreme"); err == nil || s.K != 7 {
		t.Errorf("UsePreset(extreme): err=%v K=%d", err, s.K)
	}
}

// TestBeamBacktracksAtMaxDepth: with a solution test, a beam that reaches
// the maximum depth without a solution resumes from the candidates it left
// out (here "b", whose child is the solution).
func TestBeamBacktracksAtMaxDepth(t *testing.T) {
	for _, noBack := range []bool{false, true} {
		s := newSynth("root=0.5", "a=0.9", "b=0.8", "aa=0.5", "ba=1")
		se := s.search(search.Beam)
		se.B, se.MaxDepth, se.ScoreThreshold, se.NoBacktrack = 1, 2, 0.95, noBack
		tree, err := se.Run(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		wantSolved, wantBack, wantStop := true, 1, search.StopSolution
		if noBack {
			wantSolved, wantBack, wantStop = false, 0, search.StopExhausted
		}
		if tree.Solved != wantSolved || len(tree.Backtracks) != wantBack || tree.Stop != wantStop {
			t.Errorf("noBacktrack=%v: solved=%v backtracks=%d stop=%q; want %v %d %q", noBack, tree.Solved, len(tree.Backtracks), tree.Stop, wantSolved, wantBack, wantStop)
		}
		if wantSolved && tree.Nodes[tree.Best].State != "ba" {
			t.Errorf("best %q, want ba", tree.Nodes[tree.Best].State)
		}
	}
}

// TestSearchDeadlineInCallback: a generator that sees the context done
// and returns its error stops the search with StopDeadline and the tree so
// far.
func TestSearchDeadlineInCallback(t *testing.T) {
	s := newSynth(trap...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	se := s.search(search.BestFirst)
	gen := se.Generate
	se.Generate = func(ctx2 context.Context, st string, k int) ([]string, error) {
		if st == "b" {
			cancel()
			return nil, ctx2.Err()
		}
		return gen(ctx2, st, k)
	}
	tree, err := se.Run(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// Expanded: root, a (dead end), then b cancels.
	if tree.Stop != search.StopDeadline || tree.Iterations != 3 {
		t.Errorf("stop=%q iterations=%d, want deadline after 3", tree.Stop, tree.Iterations)
	}
}
