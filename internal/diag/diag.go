// Package diag is the one vocabulary of diagnostics shared by every package
// of the module: a Finding is something an evaluation, an audit or a check
// noticed about an input that is otherwise usable; a Problem is one reason an
// input is invalid; a ValidationError carries every Problem of one input.
//
// The public packages alias these types (tot.Finding, grade.Finding,
// adr.Finding, prov.Problem, tot.ValidationError, ...), so a caller handles
// diagnostics from every package the same way.
package diag

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Severity says how much a Finding matters. The zero value is invalid; use
// one of Error, Warning or Info.
type Severity string

// Severities, most severe first.
const (
	Error   Severity = "error"   // the input is wrong: a declared number disagrees, a rule is broken
	Warning Severity = "warning" // probably wrong or incomplete; a human should look
	Info    Severity = "info"    // worth knowing; nothing to fix
)

// Rank orders severities: Error 0, Warning 1, Info 2, anything else 3.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	case Info:
		return 2
	}
	return 3
}

// Valid reports whether s is Error, Warning or Info.
func (s Severity) Valid() bool { return s.Rank() < 3 }

// A Finding is something an evaluation, an audit or a check noticed.
// It marshals to JSON as {"code","severity","message","where"}.
type Finding struct {
	Code     string   `json:"code"`     // stable, kebab-case, a named constant of the reporting package
	Severity Severity `json:"severity"` // error, warning or info
	Message  string   `json:"message"`  // human-readable; states the numbers involved
	Where    string   `json:"where"`    // path or position of the element concerned
}

// String formats f as "where: severity [code] message" (without "where: "
// when Where is empty).
func (f Finding) String() string {
	s := string(f.Severity) + " [" + f.Code + "] " + f.Message
	if f.Where != "" {
		s = f.Where + ": " + s
	}
	return s
}

// HasErrors reports whether any finding has severity Error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// A Problem is one reason an input is invalid: where it is and what is wrong.
type Problem struct {
	Path    string // e.g. "alternatives[3] (mongodb).scores.security"
	Message string // e.g. "must be >= 0"; lower case, no final period

	// Line and Column locate the problem in the input text (1-based) when
	// the input was a file; 0 when unknown.
	Line, Column int

	// Err, when set, is a sentinel error describing the condition, so that
	// callers can test for it with errors.Is on the ValidationError.
	Err error
}

// Error formats p as "path (line L, column C): message", or "line L,
// column C: message" without a path; parts that are unknown are left out.
func (p Problem) Error() string {
	var b strings.Builder
	p.write(&b)
	return b.String()
}

func (p Problem) write(b *strings.Builder) {
	if p.Path != "" {
		b.WriteString(p.Path)
	}
	if p.Line > 0 {
		if p.Path != "" {
			b.WriteString(" (")
		}
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(p.Line))
		if p.Column > 0 {
			b.WriteString(", column ")
			b.WriteString(strconv.Itoa(p.Column))
		}
		if p.Path != "" {
			b.WriteByte(')')
		}
	}
	if p.Path != "" || p.Line > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
}

// Unwrap returns p.Err.
func (p Problem) Unwrap() error { return p.Err }

// MaxProblems is how many problems a List keeps and an error message shows;
// further problems are counted, not stored.
const MaxProblems = 100

// ValidationError lists the problems found in one input. It unwraps to Kind
// (a package's ErrInvalid) and to every problem's Err, so errors.Is works
// for both the package sentinel and a specific condition.
type ValidationError struct {
	Kind     error     // the package's sentinel, e.g. tot.ErrInvalid
	Problems []Problem // at most MaxProblems when built with a List
	Omitted  int       // problems found beyond Problems and not kept
}

// Error lists the problems one per line: "invalid decision: path: message"
// for one problem, otherwise a first line "invalid decision: N problems"
// followed by one indented line a problem, and "... and N more" when some
// were omitted. It takes time linear in the problems kept.
func (e *ValidationError) Error() string {
	var b strings.Builder
	kind := "invalid input"
	if e.Kind != nil {
		kind = e.Kind.Error()
	}
	b.WriteString(kind)
	n := len(e.Problems) + e.Omitted
	if len(e.Problems) == 1 && e.Omitted == 0 {
		b.WriteString(": ")
		e.Problems[0].write(&b)
		return b.String()
	}
	fmt.Fprintf(&b, ": %d problems", n)
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		p.write(&b)
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n\t... and %d more", e.Omitted)
	}
	return b.String()
}

// Unwrap returns Kind and the Err of every problem that has one.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, 0, 1)
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	for _, p := range e.Problems {
		if p.Err != nil {
			errs = append(errs, p.Err)
		}
	}
	return errs
}

// A List collects problems up to a cap. The zero List keeps MaxProblems.
type List struct {
	Max      int // problems kept; 0 means MaxProblems
	problems []Problem
	omitted  int
}

// Add records p, or counts it when the list is full.
func (l *List) Add(p Problem) {
	if l.Full() {
		l.omitted++
		return
	}
	l.problems = append(l.problems, p)
}

// Omit counts n problems without keeping them: problems a caller did not
// build because the list is full, or that another list left out.
func (l *List) Omit(n int) { l.omitted += n }

// Full reports whether the list keeps no more problems: further ones are
// only counted.
func (l *List) Full() bool {
	max := l.Max
	if max <= 0 {
		max = MaxProblems
	}
	return len(l.problems) >= max
}

// Addf records a problem at path with a formatted message.
func (l *List) Addf(path, format string, args ...any) {
	l.Add(Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Len returns how many problems were added, kept or not.
func (l *List) Len() int { return len(l.problems) + l.omitted }

// Problems returns the problems kept.
func (l *List) Problems() []Problem { return l.problems }

// Err returns nil when no problem was added, otherwise a *ValidationError of
// the given kind holding them.
func (l *List) Err(kind error) error {
	if l.Len() == 0 {
		return nil
	}
	return &ValidationError{Kind: kind, Problems: l.problems, Omitted: l.omitted}
}

// Is reports whether err is a *ValidationError (at any depth) that holds a
// problem whose Err matches target. It is errors.Is restricted to problems.
func Is(err, target error) bool {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, p := range ve.Problems {
		if p.Err != nil && errors.Is(p.Err, target) {
			return true
		}
	}
	return false
}
