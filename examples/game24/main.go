// Command game24 plays the Tree-of-Thoughts paper's Game of 24 with the tot
// search engine: a deterministic proposer (every way to combine two numbers
// with + − × ÷) and two deterministic evaluators (exact look-ahead and a
// cheap heuristic), beam widths 1–5, over all 1362 solvable puzzles of four
// numbers from 1–13. It prints one line per run:
//
//	evaluator=<exact|heuristic> width=<b> solved=<n>/1362 expanded=<m>
//
// followed by the paper's GPT-4 figures for comparison.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	if err := Main(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "game24:", err)
		os.Exit(1)
	}
}
