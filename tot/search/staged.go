package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/tot"
)

// A Stage is one step of a multi-stage decision ("choose the style, then
// the database, then the API"): the options to choose from, each scored on
// every criterion of the StagedDecision.
type Stage struct {
	ID      string // e.g. "database"
	Name    string
	Options []tot.Alternative
}

// A StagedDecision is a decision made in stages, searched as a tree: the
// root chooses nothing, a node at depth d has chosen one option of each of
// the first d stages, and a complete node has chosen one option per stage.
//
// A node is scored as a combined decision matrix: its score on a criterion
// is the mean of its chosen options' scores on it, and its overall score is
// the weighted-sum composite of those scores (Evaluate's rule, with the
// criteria's weights, scales and directions) divided by 100, on 0–1. Its
// Evaluation.Dimensions hold the mean scores, so a Record of the search
// loads through tot.ParseDecision and re-evaluates to the same scores. Critical
// gates do not change the score; a node that fails one has a note saying so.
type StagedDecision struct {
	Criteria []tot.Criterion
	Stages   []Stage
	// Compatible, when non-nil, reports whether a partial choice (option IDs,
	// one per stage so far) is allowed; the generator omits the others.
	Compatible func(choices []string) bool
}

// Choices are the option IDs chosen so far, one per stage in stage order.
type Choices []string

// Validate reports every problem of the staged decision: criteria as in
// Decision.Validate, at least one stage, stage and option IDs, and a valid
// score of every option on every criterion.
func (sd *StagedDecision) Validate() error {
	var l diag.List
	if len(sd.Stages) == 0 {
		l.Addf("stages", "at least one stage is required")
	}
	seen := map[string]bool{}
	for i, st := range sd.Stages {
		p := "stages[" + strconv.Itoa(i) + "]"
		switch {
		case st.ID == "":
			l.Addf(p+".id", "missing")
		case seen[st.ID]:
			l.Addf(p+".id", "duplicate %q", st.ID)
		}
		seen[st.ID] = true
		if len(st.Options) == 0 {
			l.Addf(p+".options", "at least one option is required")
			continue
		}
		d := &tot.Decision{Criteria: sd.Criteria, Alternatives: st.Options}
		for _, q := range problems(d.Validate()) {
			q.Path = strings.Replace(q.Path, "alternatives", p+".options", 1)
			if i > 0 && strings.HasPrefix(q.Path, "criteria") {
				continue // reported for the first stage
			}
			l.Add(q)
		}
	}
	return l.Err(tot.ErrInvalid)
}

// checkCriteria validates criteria as tot.Decision.Validate does.
func checkCriteria(cs []tot.Criterion) error {
	alt := tot.Alternative{ID: "a", Scores: make(map[string]tot.Score, len(cs))}
	for _, c := range cs {
		lo, _ := c.Scale.Bounds()
		alt.Scores[c.ID] = tot.Score{Value: lo}
	}
	d := &tot.Decision{Criteria: cs, Alternatives: []tot.Alternative{alt}}
	var l diag.List
	for _, q := range problems(d.Validate()) {
		if strings.HasPrefix(q.Path, "criteria") {
			l.Add(q)
		}
	}
	return l.Err(tot.ErrInvalid)
}

// problems returns the problems of a validation error of tot, or err as a
// single problem.
func problems(err error) []diag.Problem {
	if err == nil {
		return nil
	}
	var ve *diag.ValidationError
	if !errors.As(err, &ve) {
		return []diag.Problem{{Message: err.Error(), Err: err}}
	}
	return ve.Problems
}

// option returns the option with the given ID of stage i, or nil.
func (sd *StagedDecision) option(i int, id string) *tot.Alternative {
	for j := range sd.Stages[i].Options {
		if sd.Stages[i].Options[j].ID == id {
			return &sd.Stages[i].Options[j]
		}
	}
	return nil
}

// Complete reports whether c chooses an option for every stage.
func (sd *StagedDecision) Complete(c Choices) bool { return len(c) == len(sd.Stages) }

// Generate is the decision's Config.Generate: the options of the next stage, in
// declared order, that Compatible allows; at most k (k <= 0: all).
func (sd *StagedDecision) Generate(_ context.Context, c Choices, k int) ([]Choices, error) {
	if len(c) >= len(sd.Stages) {
		return nil, nil
	}
	var out []Choices
	for _, o := range sd.Stages[len(c)].Options {
		next := append(slices.Clip(slices.Clone(c)), o.ID)
		if sd.Compatible != nil && !sd.Compatible(next) {
			continue
		}
		out = append(out, next)
		if k > 0 && len(out) == k {
			break
		}
	}
	return out, nil
}

// Evaluate is the decision's Config.Evaluate (see StagedDecision). The root (no
// choice) scores 0 with no dimensions.
func (sd *StagedDecision) Evaluate(_ context.Context, c Choices) (Evaluation, error) {
	if len(c) == 0 {
		return Evaluation{}, nil
	}
	if len(c) > len(sd.Stages) {
		return Evaluation{}, fmt.Errorf("choices %v: more than the %d stages", []string(c), len(sd.Stages))
	}
	opts := make([]*tot.Alternative, len(c))
	for i, id := range c {
		if opts[i] = sd.option(i, id); opts[i] == nil {
			return Evaluation{}, fmt.Errorf("choices %v: stage %q has no option %q", []string(c), sd.Stages[i].ID, id)
		}
	}
	alt := tot.Alternative{ID: strings.Join(c, "+"), Scores: map[string]tot.Score{}}
	dims := map[string]float64{}
	for _, cr := range sd.Criteria {
		sum := 0.0
		for _, o := range opts {
			sum += o.Scores[cr.ID].Value
		}
		v := sum / float64(len(c))
		dims[cr.ID] = v
		alt.Scores[cr.ID] = tot.Score{Value: v}
	}
	res, err := tot.Evaluate(&tot.Decision{Criteria: sd.Criteria, Alternatives: []tot.Alternative{alt}})
	if err != nil {
		return Evaluation{}, fmt.Errorf("choices %v: %w", []string(c), err)
	}
	ev := Evaluation{Score: res.Ranking[0].Score / 100, Dimensions: dims}
	if g := res.Ranking[0].GateFailures; len(g) > 0 {
		ev.Notes = "fails the critical gate of " + strings.Join(g, ", ")
	}
	return ev, nil
}

// Describe names a node: its choices by option name joined with " + "
// ("Root" for none) and a description listing stage: option.
func (sd *StagedDecision) Describe(c Choices) (alternative, description string) {
	if len(c) == 0 {
		return "Root", "nothing chosen yet; stages: " + sd.stageNames()
	}
	names := make([]string, len(c))
	parts := make([]string, len(c))
	for i, id := range c {
		name := id
		if o := sd.option(i, id); o != nil && o.Name != "" {
			name = o.Name
		}
		names[i] = name
		parts[i] = cmp0(sd.Stages[i].Name, sd.Stages[i].ID) + ": " + name
	}
	return strings.Join(names, " + "), strings.Join(parts, "; ")
}

func (sd *StagedDecision) stageNames() string {
	names := make([]string, len(sd.Stages))
	for i, st := range sd.Stages {
		names[i] = cmp0(st.Name, st.ID)
	}
	return strings.Join(names, ", ")
}

// Config returns a search over the decision tree with this decision's
// generator, evaluator and goal (a complete choice), the given algorithm,
// k and b, and maximum depth the number of stages; the caller may change
// its other fields (pruning threshold, score threshold, …) before Run. It
// validates the decision first.
func (sd *StagedDecision) Config(alg Algorithm, k, b int) (*Config[Choices], error) {
	if err := sd.Validate(); err != nil {
		return nil, err
	}
	return &Config[Choices]{
		Generate:  sd.Generate,
		Evaluate:  sd.Evaluate,
		Goal:      sd.Complete,
		Algorithm: alg,
		K:         k,
		B:         b,
		MaxDepth:  len(sd.Stages),
	}, nil
}

// RecordOptions returns record options describing the decision: its
// criteria and Describe, with the given task.
func (sd *StagedDecision) RecordOptions(id, task string) RecordOptions[Choices] {
	return RecordOptions[Choices]{ID: id, Task: task, Criteria: sd.Criteria, Describe: sd.Describe,
		DecisionType: "architecture_style"}
}
