package tot

import "errors"

// A Result is the evaluation of a Decision.
type Result struct {
	// Method is the MCDA method that produced the scores; omitted for the
	// default weighted sum.
	Method string `json:"method,omitempty"`
	// Ranking lists every ranked alternative, best first.
	Ranking []Ranked `json:"ranking"`
	// Recommended is the ID of the best viable alternative, "" when none is viable.
	Recommended string `json:"recommended"`
	// Margin is the recommended composite minus the next viable one's, in
	// composite points; nil when fewer than two alternatives are viable.
	Margin *float64 `json:"margin"`
	// CloseCall reports a margin below the decision's close-call margin, or a tie.
	CloseCall bool `json:"close_call"`
	// Findings are the problems found while evaluating; never nil.
	Findings []Finding `json:"findings"`
}

// Ranked is one alternative's line in a Result.
type Ranked struct {
	Alternative    string             `json:"alternative"`     // alternative ID
	Score          float64            `json:"score"`           // composite, 0–100
	Rank           int                `json:"rank"`            // competition rank: 1, 2, 2, 4
	Viable         bool               `json:"viable"`          // passes every gate and the threshold
	GateFailures   []string           `json:"gate_failures"`   // IDs of the critical criteria failed; never nil
	BelowThreshold bool               `json:"below_threshold"` // composite below the decision's threshold
	Contributions  map[string]float64 `json:"contributions"`   // composite points per criterion ID; they sum to Score
}

// A Finding is something an evaluation or an audit noticed: an inconsistency,
// a missing rationale, a close call.
type Finding struct {
	Code     string   `json:"code"`     // stable, e.g. "declared-mismatch"
	Severity Severity `json:"severity"` // error, warning or info
	Message  string   `json:"message"`  // human-readable, states the numbers involved
	Where    string   `json:"where"`    // path of the element concerned, e.g. "alternatives[1]"
}

// Severity of a Finding.
type Severity string

// Severities of findings.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// ErrInvalid is the error every validation failure wraps:
// errors.Is(err, tot.ErrInvalid) reports invalid input.
var ErrInvalid = errors.New("invalid decision")

// A Problem is one reason an input is invalid.
type Problem struct {
	Path    string // e.g. "criteria[2].weight"
	Message string // e.g. "must be >= 0"
}

// ValidationError lists every problem found in an input. It unwraps to
// ErrInvalid.
type ValidationError struct {
	Problems []Problem
}

// Error lists every problem with its path.
func (e *ValidationError) Error() string {
	s := ErrInvalid.Error() + ": "
	for i, p := range e.Problems {
		if i > 0 {
			s += "; "
		}
		s += p.Path + ": " + p.Message
	}
	return s
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }
