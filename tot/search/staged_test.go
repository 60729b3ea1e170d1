package search_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/search"
)

func opt(id, name string, perf, scal, cost, team, maint float64) tot.Alternative {
	return tot.Alternative{ID: id, Name: name, Scores: map[string]tot.Score{
		"performance": {Value: perf}, "scalability": {Value: scal}, "cost": {Value: cost},
		"team_fit": {Value: team}, "maintainability": {Value: maint},
	}}
}

// platform is a three-stage decision: architecture style, then database,
// then API style. cost is a cost criterion (monthly cost on 0–10, lower is
// better). Serverless with gRPC is ruled out.
func platform() *search.StagedDecision {
	return &search.StagedDecision{
		Criteria: []tot.Criterion{
			{ID: "performance", Name: "Performance", Weight: 30},
			{ID: "scalability", Name: "Scalability", Weight: 25},
			{ID: "cost", Name: "Cost", Weight: 20, Direction: tot.Cost},
			{ID: "team_fit", Name: "Team fit", Weight: 15},
			{ID: "maintainability", Name: "Maintainability", Weight: 10},
		},
		Stages: []search.Stage{
			{ID: "style", Name: "Architecture style", Options: []tot.Alternative{
				opt("monolith", "Modular monolith", 8, 6, 3, 9, 8),
				opt("microservices", "Microservices", 7, 9, 7, 5, 6),
				opt("serverless", "Serverless", 6, 9, 4, 6, 7),
			}},
			{ID: "database", Name: "Database", Options: []tot.Alternative{
				opt("postgres", "PostgreSQL", 8, 7, 3, 9, 8),
				opt("dynamodb", "DynamoDB", 9, 10, 6, 4, 6),
				opt("mongodb", "MongoDB", 7, 8, 5, 5, 6),
			}},
			{ID: "api", Name: "API", Options: []tot.Alternative{
				opt("rest", "REST", 7, 7, 2, 9, 8),
				opt("graphql", "GraphQL", 8, 7, 4, 6, 6),
				opt("grpc", "gRPC", 10, 8, 3, 4, 5),
			}},
		},
		Compatible: func(c []string) bool {
			return !(len(c) == 3 && c[0] == "serverless" && c[2] == "grpc")
		},
	}
}

// handComposite computes the composite on 0–1 of the mean scores of the
// chosen options by the weighted-sum formula, written out independently of
// Evaluate: Σ w_j · x_j/10 for benefit criteria, w_j · (10 − x_j)/10 for cost.
func handComposite(sd *search.StagedDecision, c []string) float64 {
	w := map[string]float64{"performance": 0.30, "scalability": 0.25, "cost": 0.20, "team_fit": 0.15, "maintainability": 0.10}
	total := 0.0
	for crit, wt := range w {
		mean := 0.0
		for i, id := range c {
			for _, o := range sd.Stages[i].Options {
				if o.ID == id {
					mean += o.Scores[crit].Value
				}
			}
		}
		mean /= float64(len(c))
		if crit == "cost" {
			mean = 10 - mean
		}
		total += wt * mean / 10
	}
	return total
}

func TestStagedDecisionSearch(t *testing.T) {
	sd := platform()
	// Brute force over every compatible complete decision.
	var best []string
	bestScore := -1.0
	for _, s := range sd.Stages[0].Options {
		for _, d := range sd.Stages[1].Options {
			for _, a := range sd.Stages[2].Options {
				c := []string{s.ID, d.ID, a.ID}
				if !sd.Compatible(c) {
					continue
				}
				if v := handComposite(sd, c); v > bestScore+1e-12 {
					best, bestScore = c, v
				}
			}
		}
	}
	for _, alg := range []search.Algorithm{search.BreadthFirst, search.DepthFirst, search.BestFirst, search.Beam} {
		se, err := sd.Config(alg, 3, 9) // beam width 9 keeps every partial choice
		if err != nil {
			t.Fatal(err)
		}
		tree, err := se.Run(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := tree.Nodes[tree.Best]
		if !slices.Equal(got.State, best) {
			t.Errorf("%s: best %v (%v), brute force %v (%v)", alg, got.State, got.Eval.Score, best, bestScore)
		}
		for _, n := range tree.Nodes[1:] {
			if want := handComposite(sd, n.State); math.Abs(n.Eval.Score-want) > 1e-12 {
				t.Errorf("%s: %v scores %v, hand formula %v", alg, n.State, n.Eval.Score, want)
			}
		}
		if len(tree.Nodes) != 1+3+9+24 {
			t.Errorf("%s: %d nodes, want 37 (1 + 3 + 9 + 27 - 3 serverless with gRPC)", alg, len(tree.Nodes))
		}
	}
}

func TestStagedDecisionValidate(t *testing.T) {
	sd := platform()
	sd.Stages[1].Options[0].Scores = map[string]tot.Score{"performance": {Value: 11}}
	sd.Stages = append(sd.Stages, search.Stage{ID: "style"})
	_, err := sd.Config(search.Beam, 3, 2)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"stages[1].options[0] (postgres).scores.performance", "stages[1].options[0] (postgres).scores.cost", "stages[3].id", "stages[3].options"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}
