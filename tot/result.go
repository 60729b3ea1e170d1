package tot

import (
	"errors"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/yamlnode"
)

// A Result is the evaluation of a Decision.
type Result struct {
	// Method is the MCDA method that produced the scores; omitted for the
	// default weighted sum.
	Method Method `json:"method,omitempty"`
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
// a missing rationale, a close call. It is the module's one Finding type
// (internal/diag), shared with grade and adr.
type Finding = diag.Finding

// Severity of a Finding: SeverityError, SeverityWarning or SeverityInfo.
type Severity = diag.Severity

// Severities of findings.
const (
	SeverityError   = diag.Error
	SeverityWarning = diag.Warning
	SeverityInfo    = diag.Info
)

// ErrInvalid is the error every validation failure wraps:
// errors.Is(err, tot.ErrInvalid) reports invalid input. It is the Kind of
// every *ValidationError tot returns.
var ErrInvalid = errors.New("invalid decision")

// A Problem is one reason an input is invalid: its path, its position in
// the file (when the input was one) and, for some conditions, a sentinel
// Err such as ErrUnknownField.
type Problem = diag.Problem

// ValidationError lists the problems found in an input (at most
// diag.MaxProblems, the rest counted in Omitted), one a line. It unwraps to
// ErrInvalid and to the Err of each problem.
type ValidationError = diag.ValidationError

// Sentinel errors that problems of ParseDecision carry, for errors.Is.
var (
	ErrUnknownField = yamlnode.ErrUnknownField // a field the format does not have
	ErrDuplicateKey = yamlnode.ErrDuplicateKey // a mapping key given twice
	ErrTooLarge     = yamlnode.ErrTooLarge     // the input exceeds a size bound
)
