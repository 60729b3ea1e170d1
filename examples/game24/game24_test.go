package main

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/big"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/goldentest"
)

// ratSolvable is an independent brute force in math/big.Rat arithmetic:
// can the numbers make 24?
func ratSolvable(xs []*big.Rat) bool {
	if len(xs) == 1 {
		return xs[0].Cmp(big.NewRat(24, 1)) == 0
	}
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			var rest []*big.Rat
			for m := range xs {
				if m != i && m != j {
					rest = append(rest, xs[m])
				}
			}
			a, b := xs[i], xs[j]
			cands := []*big.Rat{new(big.Rat).Add(a, b), new(big.Rat).Sub(a, b), new(big.Rat).Sub(b, a), new(big.Rat).Mul(a, b)}
			if b.Sign() != 0 {
				cands = append(cands, new(big.Rat).Quo(a, b))
			}
			if a.Sign() != 0 {
				cands = append(cands, new(big.Rat).Quo(b, a))
			}
			for _, c := range cands {
				if ratSolvable(append(slices.Clone(rest), c)) {
					return true
				}
			}
		}
	}
	return false
}

func TestPuzzles(t *testing.T) {
	solvable, unsolvable := Puzzles(NewSolver())
	if len(solvable) != 1362 || len(unsolvable) != 458 {
		t.Fatalf("Puzzles: %d solvable, %d unsolvable; want 1362 and 458", len(solvable), len(unsolvable))
	}
	// Cross-check a spread of puzzles (every 7th of each list) against the
	// big.Rat brute force; the full cross-check is in -short=false runs.
	step := 7
	if !testing.Short() {
		step = 1
	}
	for list, want := range map[string]bool{"solvable": true, "unsolvable": false} {
		ps := solvable
		if !want {
			ps = unsolvable
		}
		for i := 0; i < len(ps); i += step {
			p := ps[i]
			xs := []*big.Rat{big.NewRat(int64(p[0]), 1), big.NewRat(int64(p[1]), 1), big.NewRat(int64(p[2]), 1), big.NewRat(int64(p[3]), 1)}
			if got := ratSolvable(xs); got != want {
				t.Errorf("%s puzzle %v: big.Rat brute force says solvable=%v", list, p, got)
			}
		}
	}
}

// evalExpr evaluates a solution expression in big.Rat arithmetic and
// returns the integer literals it uses.
func evalExpr(s string) (*big.Rat, []int, error) {
	e, err := parser.ParseExpr(s)
	if err != nil {
		return nil, nil, err
	}
	var lits []int
	var ev func(ast.Expr) (*big.Rat, error)
	ev = func(e ast.Expr) (*big.Rat, error) {
		switch e := e.(type) {
		case *ast.ParenExpr:
			return ev(e.X)
		case *ast.BasicLit:
			n, err := strconv.Atoi(e.Value)
			if err != nil || e.Kind != token.INT {
				return nil, fmt.Errorf("literal %s", e.Value)
			}
			lits = append(lits, n)
			return big.NewRat(int64(n), 1), nil
		case *ast.BinaryExpr:
			x, err := ev(e.X)
			if err != nil {
				return nil, err
			}
			y, err := ev(e.Y)
			if err != nil {
				return nil, err
			}
			switch e.Op {
			case token.ADD:
				return new(big.Rat).Add(x, y), nil
			case token.SUB:
				return new(big.Rat).Sub(x, y), nil
			case token.MUL:
				return new(big.Rat).Mul(x, y), nil
			case token.QUO:
				if y.Sign() == 0 {
					return nil, fmt.Errorf("division by zero")
				}
				return new(big.Rat).Quo(x, y), nil
			}
		}
		return nil, fmt.Errorf("unexpected %T", e)
	}
	v, err := ev(e)
	slices.Sort(lits)
	return v, lits, err
}

// TestTable runs the whole table over the 1362 solvable puzzles, checks
// every reported solution in big.Rat arithmetic, and compares the printed
// table with the golden file.
func TestTable(t *testing.T) {
	if testing.Short() {
		t.Skip("full table: a few seconds")
	}
	sv := NewSolver()
	solvable, _ := Puzzles(sv)
	checked := 0
	runs, err := RunAll(context.Background(), solvable, sv, 5, func(r Run, p [4]int, o Outcome) {
		if !o.Solved {
			if r.Evaluator == "exact" {
				t.Errorf("exact width %d: puzzle %v not solved", r.Width, p)
			}
			return
		}
		v, lits, err := evalExpr(o.Expr)
		if err != nil || v.Cmp(big.NewRat(24, 1)) != 0 || !slices.Equal(lits, p[:]) {
			t.Errorf("%s width %d puzzle %v: solution %q = %v (numbers %v), err %v", r.Evaluator, r.Width, p, o.Expr, v, lits, err)
		}
		if len(o.Steps) != 3 {
			t.Errorf("%s width %d puzzle %v: %d steps %q", r.Evaluator, r.Width, p, len(o.Steps), o.Steps)
		}
		checked++
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 5*1362 {
		t.Errorf("checked %d solutions, want at least the 5×1362 of the exact evaluator", checked)
	}
	for _, r := range runs {
		if r.Evaluator == "exact" && r.Solved != 1362 {
			t.Errorf("exact width %d solved %d/1362", r.Width, r.Solved)
		}
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, runs); err != nil {
		t.Fatal(err)
	}
	golden(t, "table.golden", buf.Bytes())
}

func TestUnsolvableNeverSolved(t *testing.T) {
	sv := NewSolver()
	_, unsolvable := Puzzles(sv)
	runs, err := RunAll(context.Background(), unsolvable, sv, 5, func(r Run, p [4]int, o Outcome) {
		if o.Solved {
			t.Errorf("%s width %d: unsolvable %v solved as %q", r.Evaluator, r.Width, p, o.Expr)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 10 {
		t.Errorf("%d runs, want 10", len(runs))
	}
}

func TestProposeAllCombinations(t *testing.T) {
	// 1 2 3 4: 6 pairs × 6 results, fewer after merging equal multisets.
	// Count distinct multisets independently.
	kids, err := Propose(context.Background(), NewState([4]int{1, 2, 3, 4}), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	xs := []int{1, 2, 3, 4}
	for i := range xs {
		for j := range xs {
			if i >= j {
				continue
			}
			var rest []*big.Rat
			for m := range xs {
				if m != i && m != j {
					rest = append(rest, big.NewRat(int64(xs[m]), 1))
				}
			}
			a, b := big.NewRat(int64(xs[i]), 1), big.NewRat(int64(xs[j]), 1)
			for _, c := range []*big.Rat{new(big.Rat).Add(a, b), new(big.Rat).Sub(a, b), new(big.Rat).Sub(b, a),
				new(big.Rat).Mul(a, b), new(big.Rat).Quo(a, b), new(big.Rat).Quo(b, a)} {
				all := append(slices.Clone(rest), c)
				slices.SortFunc(all, func(x, y *big.Rat) int { return x.Cmp(y) })
				want[fmt.Sprint(all)] = true
			}
		}
	}
	if len(kids) != len(want) {
		t.Errorf("Propose(1 2 3 4): %d proposals, want %d distinct multisets", len(kids), len(want))
	}
	if kids[0].Step() != "1 + 2 = 3 (left: 3 3 4)" {
		t.Errorf("first step %q", kids[0].Step())
	}
	if k3, _ := Propose(context.Background(), NewState([4]int{1, 2, 3, 4}), 3); len(k3) != 3 {
		t.Errorf("k=3: %d proposals", len(k3))
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldentest.Check(t, filepath.Join("testdata", name), got)
}

// BenchmarkHeuristicWidth5 is one full pass over the 1362 solvable puzzles
// at beam width 5 with the heuristic evaluator.
func BenchmarkHeuristicWidth5(b *testing.B) {
	solvable, _ := Puzzles(NewSolver())
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		solved := 0
		for _, p := range solvable {
			o, err := Solve(ctx, p, Heuristic, 5, HeuristicPrune)
			if err != nil {
				b.Fatal(err)
			}
			if o.Solved {
				solved++
			}
		}
		b.ReportMetric(float64(solved), "solved")
	}
}

// BenchmarkExactWidth5 is the same pass with the exact evaluator (a warm
// memo after the first pass).
func BenchmarkExactWidth5(b *testing.B) {
	sv := NewSolver()
	solvable, _ := Puzzles(sv)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range solvable {
			if _, err := Solve(ctx, p, sv.Exact, 5, ExactPrune); err != nil {
				b.Fatal(err)
			}
		}
	}
}
