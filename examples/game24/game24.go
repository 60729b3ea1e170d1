package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot/search"
)

// Target is the number every puzzle must make.
const Target = 24

// frac is an exact rational number n/d in lowest terms with d > 0. The
// numbers of the game (1–13, three operations) stay far from overflow.
type frac struct{ n, d int64 }

func gcd(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func mk(n, d int64) frac {
	if d < 0 {
		n, d = -n, -d
	}
	g := gcd(n, d)
	if g == 0 {
		return frac{0, 1}
	}
	return frac{n / g, d / g}
}

func (a frac) String() string {
	if a.d == 1 {
		return strconv.FormatInt(a.n, 10)
	}
	return strconv.FormatInt(a.n, 10) + "/" + strconv.FormatInt(a.d, 10)
}

func (a frac) is(n int64) bool  { return a.d == 1 && a.n == n }
func (a frac) float() float64   { return float64(a.n) / float64(a.d) }
func (a frac) less(b frac) bool { return a.n*b.d < b.n*a.d }

// expr is how a number of a state was made: a leaf (op == 0) or op applied
// to l and r.
type expr struct {
	op   byte
	l, r *expr
	v    frac
}

func (e *expr) String() string {
	if e.op == 0 {
		return e.v.String()
	}
	return "(" + e.l.String() + " " + string(e.op) + " " + e.r.String() + ")"
}

// A State of the game: the numbers left, each with the expression that made
// it, and the operation that produced the state (nil for a puzzle).
type State struct {
	Nums []*expr
	Made *expr
}

// Step describes the operation that produced the state, as the paper
// writes it: "13 - 9 = 4 (left: 4 4 10)"; "" for a puzzle.
func (s State) Step() string {
	if s.Made == nil {
		return ""
	}
	vs := s.values()
	left := make([]string, len(vs))
	for i, v := range vs {
		left[i] = v.String()
	}
	return s.Made.l.v.String() + " " + string(s.Made.op) + " " + s.Made.r.v.String() + " = " + s.Made.v.String() +
		" (left: " + strings.Join(left, " ") + ")"
}

// NewState returns the initial state of a puzzle.
func NewState(puzzle [4]int) State {
	s := State{}
	for _, x := range puzzle {
		s.Nums = append(s.Nums, &expr{v: frac{int64(x), 1}})
	}
	return s
}

// Solved reports whether the state is a single number equal to Target.
func (s State) Solved() bool { return len(s.Nums) == 1 && s.Nums[0].v.is(Target) }

// Expr returns the expression of a solved state, e.g. "((13 - 9) * (10 - 4))".
func (s State) Expr() string {
	if len(s.Nums) != 1 {
		return ""
	}
	return s.Nums[0].String()
}

// values returns the state's numbers sorted ascending.
func (s State) values() []frac {
	vs := make([]frac, len(s.Nums))
	for i, e := range s.Nums {
		vs[i] = e.v
	}
	slices.SortFunc(vs, cmpFrac)
	return vs
}

// multiset is a comparable key of up to four sorted numbers.
type multiset struct {
	n  int
	vs [4]frac
}

func key(vs []frac) multiset {
	k := multiset{n: len(vs)}
	copy(k.vs[:], vs)
	return k
}

// combine returns every result of one operation on a and b: a+b, a−b, b−a,
// a×b, a÷b and b÷a (divisions by zero omitted), with its operator and
// operand order.
func combine(a, b frac) []struct {
	v    frac
	op   byte
	swap bool
} {
	type r = struct {
		v    frac
		op   byte
		swap bool
	}
	out := []r{
		{mk(a.n*b.d+b.n*a.d, a.d*b.d), '+', false},
		{mk(a.n*b.d-b.n*a.d, a.d*b.d), '-', false},
		{mk(b.n*a.d-a.n*b.d, a.d*b.d), '-', true},
		{mk(a.n*b.n, a.d*b.d), '*', false},
	}
	if b.n != 0 {
		out = append(out, r{mk(a.n*b.d, a.d*b.n), '/', false})
	}
	if a.n != 0 {
		out = append(out, r{mk(b.n*a.d, b.d*a.n), '/', true})
	}
	return out
}

// Propose is the proposer: every way to combine two of the numbers with
// + − × ÷, pairs in index order, operations in the order of combine;
// proposals leaving the same multiset of numbers as an earlier one are
// dropped. k <= 0 means all.
func Propose(_ context.Context, s State, k int) ([]State, error) {
	var out []State
	var seen []multiset // at most 36 proposals: a linear scan is cheapest
	n := len(s.Nums)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := s.Nums[i], s.Nums[j]
			for _, c := range combine(a.v, b.v) {
				l, r := a, b
				if c.swap {
					l, r = b, a
				}
				e := &expr{op: c.op, l: l, r: r, v: c.v}
				nums := make([]*expr, 0, n-1)
				for m := range n {
					if m != i && m != j {
						nums = append(nums, s.Nums[m])
					}
				}
				nums = append(nums, e)
				next := State{Nums: nums, Made: e}
				kk := key(next.values())
				if slices.Contains(seen, kk) {
					continue
				}
				seen = append(seen, kk)
				out = append(out, next)
				if k > 0 && len(out) == k {
					return out, nil
				}
			}
		}
	}
	return out, nil
}

// A Solver decides exactly whether numbers can make Target, memoising by
// multiset. The zero value is not usable; use NewSolver.
type Solver struct{ memo map[multiset]bool }

// NewSolver returns an empty Solver.
func NewSolver() *Solver { return &Solver{memo: map[multiset]bool{}} }

// Solvable reports whether the numbers can make Target using each exactly
// once with + − × ÷ (exhaustive look-ahead in exact rational arithmetic).
func (sv *Solver) Solvable(vs []frac) bool {
	if len(vs) == 1 {
		return vs[0].is(Target)
	}
	vs = slices.Clone(vs)
	slices.SortFunc(vs, cmpFrac)
	k := key(vs)
	if v, ok := sv.memo[k]; ok {
		return v
	}
	ok := false
	for i := 0; i < len(vs) && !ok; i++ {
		for j := i + 1; j < len(vs) && !ok; j++ {
			rest := make([]frac, 0, len(vs)-1)
			for m := range vs {
				if m != i && m != j {
					rest = append(rest, vs[m])
				}
			}
			for _, c := range combine(vs[i], vs[j]) {
				if sv.Solvable(append(rest, c.v)) {
					ok = true
					break
				}
			}
		}
	}
	sv.memo[k] = ok
	return ok
}

// Exact returns the exact evaluator: 1 when the state's numbers can still
// make Target, 0 otherwise.
func (sv *Solver) Exact(_ context.Context, s State) (search.Evaluation, error) {
	if sv.Solvable(s.values()) {
		return search.Evaluation{Score: 1}, nil
	}
	return search.Evaluation{Score: 0}, nil
}

// Heuristic is the cheap value heuristic, in the spirit of the paper's
// "sure / likely / impossible" judgements:
//
//   - one number: 1 if it is 24, else 0;
//   - two numbers: 1 if one operation makes 24 ("sure"), else 0
//     ("impossible");
//   - three numbers: "likely" in proportion to how close the nearest value
//     made with + and × alone ((x ∘ y) ∘ z for every pair) comes to 24,
//     0.9/(1+|v−24|/4), halved when a number is not an integer;
//   - four numbers: 0.5.
func Heuristic(_ context.Context, s State) (search.Evaluation, error) {
	vs := s.values()
	switch len(vs) {
	case 1:
		if vs[0].is(Target) {
			return search.Evaluation{Score: 1}, nil
		}
		return search.Evaluation{Score: 0}, nil
	case 2:
		for _, c := range combine(vs[0], vs[1]) {
			if c.v.is(Target) {
				return search.Evaluation{Score: 1}, nil
			}
		}
		return search.Evaluation{Score: 0}, nil
	case 3:
		best := math.Inf(1)
		integers := true
		for i, p := range [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 2, 0}} {
			_ = i
			x, y, z := vs[p[0]].float(), vs[p[1]].float(), vs[p[2]].float()
			for _, xy := range []float64{x + y, x * y} {
				for _, v := range []float64{xy + z, xy * z} {
					best = min(best, math.Abs(v-Target))
				}
			}
		}
		for _, v := range vs {
			integers = integers && v.d == 1
		}
		score := 0.9 / (1 + best/4)
		if !integers {
			score /= 2
		}
		return search.Evaluation{Score: score}, nil
	}
	return search.Evaluation{Score: 0.5}, nil
}

// Puzzles returns every multiset of four numbers from 1–13 (a ≤ b ≤ c ≤ d,
// 1820 in all), split into those that can make 24 and those that cannot.
func Puzzles(sv *Solver) (solvable, unsolvable [][4]int) {
	for a := 1; a <= 13; a++ {
		for b := a; b <= 13; b++ {
			for c := b; c <= 13; c++ {
				for d := c; d <= 13; d++ {
					p := [4]int{a, b, c, d}
					if sv.Solvable(NewState(p).values()) {
						solvable = append(solvable, p)
					} else {
						unsolvable = append(unsolvable, p)
					}
				}
			}
		}
	}
	return solvable, unsolvable
}

// An Outcome is the result of one beam search on one puzzle.
type Outcome struct {
	Solved   bool
	Expr     string   // the solution, e.g. "((13 - 9) * (10 - 4))"; "" unless Solved
	Steps    []string // the steps of the solution, paper style
	Expanded int      // states expanded
}

// Solve runs a beam search of the given width on one puzzle: depth 3, every
// proposal generated, states scoring below prune pruned, no backtracking
// (the paper's ToT-BFS), stopping at the first state that is 24 (a goal
// scoring 1).
func Solve(ctx context.Context, puzzle [4]int, eval func(context.Context, State) (search.Evaluation, error), width int, prune float64) (Outcome, error) {
	s := search.Config[State]{
		Generate:       Propose,
		Evaluate:       eval,
		Goal:           State.Solved,
		ScoreThreshold: 1, // both evaluators score 24 as 1
		Algorithm:      search.Beam,
		B:              width,
		MaxDepth:       3,
		PruneThreshold: prune,
		NoBacktrack:    true,
	}
	tree, err := s.Run(ctx, NewState(puzzle))
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Expanded: tree.Iterations}
	if tree.Solved {
		best := tree.Nodes[tree.Best].State
		o.Solved, o.Expr = true, best.Expr()
		for _, i := range tree.BestPath[1:] {
			o.Steps = append(o.Steps, tree.Nodes[i].State.Step())
		}
	}
	return o, nil
}

// A Run is one line of the table: an evaluator and a beam width over a set
// of puzzles.
type Run struct {
	Evaluator string // "exact" or "heuristic"
	Width     int
	Solved    int // puzzles solved
	Total     int // puzzles tried
	Expanded  int // states expanded over all puzzles
}

// Pruning thresholds of the two evaluators: the exact one prunes every
// state that cannot make 24, the heuristic every "impossible" one.
const (
	ExactPrune     = 0.5
	HeuristicPrune = 0.01
)

// RunAll solves every puzzle with beam widths 1–maxWidth for both
// evaluators, exact first. check, when non-nil, is called with every
// outcome (for tests).
func RunAll(ctx context.Context, puzzles [][4]int, sv *Solver, maxWidth int, check func(Run, [4]int, Outcome)) ([]Run, error) {
	var runs []Run
	evals := []struct {
		name  string
		eval  func(context.Context, State) (search.Evaluation, error)
		prune float64
	}{{"exact", sv.Exact, ExactPrune}, {"heuristic", Heuristic, HeuristicPrune}}
	for _, e := range evals {
		for w := 1; w <= maxWidth; w++ {
			r := Run{Evaluator: e.name, Width: w, Total: len(puzzles)}
			for _, p := range puzzles {
				o, err := Solve(ctx, p, e.eval, w, e.prune)
				if err != nil {
					return nil, fmt.Errorf("%s width %d puzzle %v: %w", e.name, w, p, err)
				}
				r.Expanded += o.Expanded
				if o.Solved {
					r.Solved++
				}
				if check != nil {
					check(r, p, o)
				}
			}
			runs = append(runs, r)
		}
	}
	return runs, nil
}

// WriteTable prints one line per run and the paper's GPT-4 figures.
func WriteTable(w io.Writer, runs []Run) error {
	var b strings.Builder
	b.WriteString("# Game of 24: beam search over all solvable puzzles of four numbers from 1-13\n")
	for _, r := range runs {
		fmt.Fprintf(&b, "evaluator=%s width=%d solved=%d/%d expanded=%d\n", r.Evaluator, r.Width, r.Solved, r.Total, r.Expanded)
	}
	b.WriteString("# paper (Yao et al. 2023, GPT-4, 100 hard games): ToT width=1 solved " + numfmt.Trim(45, 0) +
		"%, ToT width=5 solved " + numfmt.Trim(74, 0) + "%, CoT " + numfmt.Trim(4, 0) + "%\n")
	for _, r := range runs {
		if r.Width == 1 || r.Width == 5 {
			fmt.Fprintf(&b, "# evaluator=%s width=%d: %s%% solved\n", r.Evaluator, r.Width, numfmt.Fixed(100*float64(r.Solved)/float64(max(r.Total, 1)), 1))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Main computes the table for all 1362 solvable puzzles and writes it to w.
func Main(ctx context.Context, w io.Writer) error {
	sv := NewSolver()
	solvable, _ := Puzzles(sv)
	runs, err := RunAll(ctx, solvable, sv, 5, nil)
	if err != nil {
		return err
	}
	return WriteTable(w, runs)
}

// cmpFrac orders fractions by value, for sorting.
func cmpFrac(a, b frac) int {
	switch {
	case a.less(b):
		return -1
	case b.less(a):
		return 1
	}
	return 0
}
