package sensitivity

import (
	"context"
	"math"

	"github.com/deliberate-dev/deliberate/tot"
)

// Confidence grades how much a recommendation can be relied on.
type Confidence int

// Confidence levels.
const (
	ConfidenceLow Confidence = iota
	ConfidenceMedium
	ConfidenceHigh
)

// String returns "low", "medium" or "high".
func (c Confidence) String() string {
	switch c {
	case ConfidenceHigh:
		return "high"
	case ConfidenceMedium:
		return "medium"
	}
	return "low"
}

// Thresholds of the confidence rule, in weight share (0–1) and in multiples
// of the close-call margin.
const (
	LowSlack      = 0.05 // a weight move under 5 percentage points changes the recommendation: low
	HighSlack     = 0.15 // no weight move under 15 points changes it: can be high
	HighMarginFor = 2.0  // and the margin is at least twice the close-call margin
)

// ConfidenceFor grades a recommendation from its margin and its stability:
//
//   - Low: nothing is recommended, or the result is a close call, or moving
//     some criterion's weight share by less than LowSlack (5 percentage
//     points) changes the recommendation;
//   - High: the margin is at least HighMarginFor (2) times the close-call
//     margin (tot.DefaultCloseCall when closeCall is 0; a single viable
//     alternative has no margin and qualifies), and no weight move under
//     HighSlack (15 points) changes the recommendation;
//   - Medium: otherwise.
func ConfidenceFor(res *tot.Result, stab []Stability, closeCall float64) Confidence {
	if res == nil || res.Recommended == "" || res.CloseCall {
		return ConfidenceLow
	}
	slack := math.Inf(1)
	for _, s := range stab {
		slack = math.Min(slack, s.Slack())
	}
	if slack < LowSlack {
		return ConfidenceLow
	}
	if closeCall <= 0 {
		closeCall = tot.DefaultCloseCall
	}
	marginOK := res.Margin == nil || *res.Margin >= HighMarginFor*closeCall
	if marginOK && slack >= HighSlack {
		return ConfidenceHigh
	}
	return ConfidenceMedium
}

// An Analysis gathers the sensitivity of a decision's recommendation.
type Analysis struct {
	Result     *tot.Result
	Stability  []Stability   // per criterion, declared order
	Reversals  []Reversal    // per removed alternative, declared order
	SMAA       *DecisionSMAA // nil unless requested
	Confidence Confidence
}

// Analyze evaluates d and analyses the sensitivity of its recommendation:
// weight stability intervals (Weights), rank reversals (Reversals), the
// confidence grade, and, when smaa is non-nil, SMAA-2 with those options
// (SMAADecision). It checks ctx between steps and within each (every
// re-evaluation, removal and batch of SMAA samples), so that it returns
// ctx's error (such as context.DeadlineExceeded) soon after ctx is done.
func Analyze(ctx context.Context, d *tot.Decision, smaa *SMAAOptions) (*Analysis, error) {
	m, err := newModel(d, smaa != nil)
	if err != nil {
		return nil, err
	}
	a := &Analysis{Result: m.res}
	if a.Stability, err = m.weights(ctx); err != nil {
		return nil, err
	}
	if a.Reversals, err = m.reversals(ctx); err != nil {
		return nil, err
	}
	a.Confidence = ConfidenceFor(m.res, a.Stability, d.EffectiveCloseCall())
	if smaa != nil {
		if a.SMAA, err = m.smaa(ctx, *smaa); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// A DecisionSMAA is SMAA-2 run on a decision.
type DecisionSMAA struct {
	// Alternatives are the IDs of the alternatives analysed: those passing
	// every critical gate (gates do not depend on weights), declared order.
	Alternatives []string
	// Criteria are the criterion IDs, declared order.
	Criteria []string
	*SMAAResult
}

// SMAADecision runs SMAA-2 (see SMAA) on d's alternatives that pass every
// critical gate, with the weighted-sum value model of tot.Evaluate (scores
// mapped from their scales to 0–1), whatever d.Method. The threshold is not
// applied: rank acceptabilities compare alternatives with each other.
func SMAADecision(ctx context.Context, d *tot.Decision, opts SMAAOptions) (*DecisionSMAA, error) {
	m, err := newModel(d, true)
	if err != nil {
		return nil, err
	}
	return m.smaa(ctx, opts)
}

func (m *model) smaa(ctx context.Context, opts SMAAOptions) (*DecisionSMAA, error) {
	out := &DecisionSMAA{}
	var u [][]float64
	for i, ok := range m.gatesOK {
		if ok {
			u = append(u, m.u[i])
			out.Alternatives = append(out.Alternatives, m.id(i))
		}
	}
	for _, c := range m.d.Criteria {
		out.Criteria = append(out.Criteria, c.ID)
	}
	if len(u) == 0 {
		return nil, invalid("alternatives", "no alternative passes every critical gate")
	}
	var err error
	if out.SMAAResult, err = SMAA(ctx, u, opts); err != nil {
		return nil, err
	}
	return out, nil
}
