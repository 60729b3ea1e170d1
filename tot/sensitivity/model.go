package sensitivity

import (
	"context"
	"fmt"
	"slices"

	"github.com/deliberate-dev/deliberate/tot"
)

// model is what the analyses need of an evaluated decision.
type model struct {
	d       *tot.Decision
	res     *tot.Result
	share   []float64      // normalised weights, 0–1, summing to 1
	gatesOK []bool         // per alternative: passes every critical gate
	index   map[string]int // alternative ID → index
	rec     int            // index of the recommended alternative, -1 for none
	// weighted reports the weighted sum, whose composites are linear in
	// the weights; u then holds the scale-normalised values (0–1).
	weighted bool
	u        [][]float64
}

// newModel evaluates d and prepares the model; u is computed when needU.
func newModel(d *tot.Decision, needU bool) (*model, error) {
	res, err := tot.Evaluate(d)
	if err != nil {
		return nil, err
	}
	n := len(d.Criteria)
	m := &model{d: d, res: res, share: make([]float64, n), weighted: res.Method == "",
		gatesOK: make([]bool, len(d.Alternatives)), index: make(map[string]int, len(d.Alternatives)), rec: -1}
	sum := 0.0
	for _, c := range d.Criteria {
		sum += c.Weight
	}
	for j, c := range d.Criteria {
		m.share[j] = c.Weight / sum
	}
	for i, a := range d.Alternatives {
		m.index[a.ID] = i
	}
	for _, r := range res.Ranking {
		m.gatesOK[m.index[r.Alternative]] = len(r.GateFailures) == 0
	}
	if res.Recommended != "" {
		m.rec = m.index[res.Recommended]
	}
	if needU || m.weighted {
		x := make([][]float64, len(d.Alternatives))
		cost := make([]bool, n)
		scales := make([]tot.Scale, n)
		for j, c := range d.Criteria {
			cost[j] = c.Direction == tot.Cost
			scales[j] = c.Scale // NormalizeScales reads the zero Scale as 0–10
		}
		for i, a := range d.Alternatives {
			x[i] = make([]float64, n)
			for j, c := range d.Criteria {
				x[i][j] = a.Scores[c.ID].Value
			}
		}
		if m.u, err = tot.NormalizeScales(x, cost, scales); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// id returns the ID of alternative i, "" for -1.
func (m *model) id(i int) string {
	if i < 0 {
		return ""
	}
	return m.d.Alternatives[i].ID
}

// evaluate runs tot.Evaluate on d's matrix with the weights w (shares)
// and without alternative skip (-1 keeps all): the arithmetic, ranking and
// viability rule of Evaluate, for methods whose scores are not linear in
// the weights or depend on the other alternatives. It checks ctx first.
func (m *model) evaluate(ctx context.Context, w []float64, skip int) (*tot.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d := &tot.Decision{Method: m.d.Method, Threshold: m.d.Threshold, CloseCall: m.d.CloseCall,
		Criteria: m.d.Criteria, Alternatives: m.d.Alternatives}
	if w != nil {
		d.Criteria = slices.Clone(m.d.Criteria)
		for j := range d.Criteria {
			d.Criteria[j].Weight = w[j]
		}
	}
	if skip >= 0 {
		d.Alternatives = slices.Delete(slices.Clone(m.d.Alternatives), skip, skip+1)
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: re-evaluating the decision: %w", err)
	}
	return res, nil
}
