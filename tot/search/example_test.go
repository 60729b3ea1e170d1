package search_test

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/search"
)

// A beam search over a tiny tree of strings: each state has two children
// (append "a" or "b"); a state scores the share of "b"s in it, and "ab…"
// paths are pruned.
func ExampleConfig_Run() {
	s := search.Config[string]{
		Generate: func(_ context.Context, st string, k int) ([]string, error) {
			return []string{st + "a", st + "b"}, nil
		},
		Evaluate: func(_ context.Context, st string) (search.Evaluation, error) {
			if st == "" {
				return search.Evaluation{Score: 0.5}, nil
			}
			b := 0
			for _, c := range st {
				if c == 'b' {
					b++
				}
			}
			return search.Evaluation{Score: float64(b) / float64(len(st))}, nil
		},
		Algorithm:      search.Beam,
		K:              2,
		B:              1,
		MaxDepth:       3,
		PruneThreshold: 0.3,
		ScoreThreshold: 1,
		Goal:           func(st string) bool { return len(st) == 3 },
	}
	tree, err := s.Run(context.Background(), "")
	if err != nil {
		panic(err)
	}
	for _, i := range tree.BestPath {
		n := tree.Nodes[i]
		fmt.Printf("%s %q %.2f\n", n.ID, n.State, n.Eval.Score)
	}
	fmt.Println("stopped by", tree.Stop, "after", tree.Iterations, "expansions")
	// Output:
	// s0 "" 0.50
	// s2 "b" 1.00
	// s4 "bb" 1.00
	// s6 "bbb" 1.00
	// stopped by score_threshold after 3 expansions
}

// A three-stage decision (style, then database, then API) as a beam search
// over a decision tree, each partial choice scored as a decision matrix.
func ExampleStagedDecision() {
	option := func(id string, perf, cost, team float64) tot.Alternative {
		return tot.Alternative{ID: id, Name: id, Scores: map[string]tot.Score{
			"performance": {Value: perf}, "cost": {Value: cost}, "team": {Value: team}}}
	}
	sd := &search.StagedDecision{
		Criteria: []tot.Criterion{
			{ID: "performance", Weight: 50},
			{ID: "cost", Weight: 30, Direction: tot.Cost},
			{ID: "team", Weight: 20},
		},
		Stages: []search.Stage{
			{ID: "style", Options: []tot.Alternative{option("monolith", 7, 2, 9), option("microservices", 8, 7, 5)}},
			{ID: "database", Options: []tot.Alternative{option("postgres", 8, 3, 9), option("dynamodb", 9, 6, 4)}},
			{ID: "api", Options: []tot.Alternative{option("rest", 7, 2, 9), option("grpc", 10, 4, 4)}},
		},
	}
	s, err := sd.Config(search.Beam, 2, 2)
	if err != nil {
		panic(err)
	}
	tree, err := s.Run(context.Background(), nil)
	if err != nil {
		panic(err)
	}
	best := tree.Nodes[tree.Best]
	name, _ := sd.Describe(best.State)
	// monolith + postgres + rest: performance 7.33, cost 2.33 (7.67 reversed),
	// team 9: 0.5×0.733 + 0.3×0.767 + 0.2×0.9 = 0.7767.
	fmt.Printf("%s: %.4f (%d nodes, %d expansions)\n", name, best.Eval.Score, len(tree.Nodes), tree.Iterations)
	// Output:
	// monolith + postgres + rest: 0.7767 (11 nodes, 5 expansions)
}

// The explored tree as a seed ToT document, and as a Mermaid graph for
// the ADR.
func ExampleTree_Record() {
	kids := map[string][]string{"": {"REST", "GraphQL", "gRPC"}}
	score := map[string]float64{"": 0.5, "REST": 0.72, "GraphQL": 0.81, "gRPC": 0.38}
	s := &search.Config[string]{
		Generate: func(_ context.Context, st string, k int) ([]string, error) { return kids[st], nil },
		Evaluate: func(_ context.Context, st string) (search.Evaluation, error) {
			return search.Evaluation{Score: score[st]}, nil
		},
		Algorithm:      search.Beam,
		K:              5,
		B:              3,
		MaxDepth:       1,
		PruneThreshold: 0.4,
	}
	tree, err := s.Run(context.Background(), "")
	if err != nil {
		panic(err)
	}
	rec, err := tree.Record(s, search.RecordOptions[string]{Task: "Select API architecture",
		Describe: func(st string) (string, string) {
			if st == "" {
				return "Root State", "Initial decision point"
			}
			return st, st + " API"
		}})
	if err != nil {
		panic(err)
	}
	d, err := tot.ParseDecision(mustYAML(rec))
	if err != nil {
		panic(err)
	}
	fmt.Println(d.ID, d.Selected, len(d.Alternatives), "alternatives")
	if err := rec.WriteMermaid(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// tot-001 s2 4 alternatives
	// graph TD
	//   s0["s0: Root State<br/>0.50"]
	//   s1["s1: REST<br/>0.72"]
	//   s2["s2: GraphQL<br/>0.81"]
	//   s3["s3: gRPC<br/>0.38"]
	//   s0 -->|explore| s1
	//   s0 -->|explore| s2
	//   s0 -.->|prune| s3
	//   classDef selected fill:#d4edda,stroke:#1e7e34,stroke-width:2px
	//   class s0,s2 selected
	//   classDef pruned fill:#f8d7da,stroke:#bd2130,stroke-dasharray:4 2
	//   class s3 pruned
}

func mustYAML(r *search.Record) []byte {
	var b bytes.Buffer
	if err := r.WriteYAML(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}
