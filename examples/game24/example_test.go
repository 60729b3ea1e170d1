package main

import (
	"context"
	"fmt"
)

func ExampleSolve() {
	sv := NewSolver()
	o, err := Solve(context.Background(), [4]int{4, 9, 10, 13}, sv.Exact, 1, ExactPrune)
	if err != nil {
		panic(err)
	}
	fmt.Println(o.Solved, o.Expr)
	for _, s := range o.Steps {
		fmt.Println(s)
	}
	// Output:
	// true ((4 - 10) * (9 - 13))
	// 4 - 10 = -6 (left: -6 9 13)
	// 9 - 13 = -4 (left: -6 -4)
	// -6 * -4 = 24 (left: 24)
}
