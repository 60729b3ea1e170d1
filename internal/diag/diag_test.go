package diag

import (
	"errors"
	"strings"
	"testing"
)

var errKind = errors.New("invalid thing")
var errSpecific = errors.New("unknown field")

func TestValidationErrorOneProblem(t *testing.T) {
	var l List
	l.Add(Problem{Path: "criteria[2].weight", Message: "must be >= 0", Line: 4, Column: 13})
	got := l.Err(errKind).Error()
	want := "invalid thing: criteria[2].weight (line 4, column 13): must be >= 0"
	if got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestValidationErrorManyProblemsCapped(t *testing.T) {
	var l List
	for i := 0; i < 40000; i++ {
		l.Add(Problem{Path: "alternatives[0].id", Message: "required", Err: errSpecific})
	}
	if l.Len() != 40000 || len(l.Problems()) != MaxProblems {
		t.Fatalf("Len %d, kept %d; want 40000, %d", l.Len(), len(l.Problems()), MaxProblems)
	}
	err := l.Err(errKind)
	msg := err.Error()
	lines := strings.Split(msg, "\n")
	if len(lines) != MaxProblems+2 {
		t.Errorf("message has %d lines, want %d", len(lines), MaxProblems+2)
	}
	if lines[0] != "invalid thing: 40000 problems" || lines[len(lines)-1] != "\t... and 39900 more" {
		t.Errorf("first and last lines %q, %q", lines[0], lines[len(lines)-1])
	}
	if !errors.Is(err, errKind) || !errors.Is(err, errSpecific) || !Is(err, errSpecific) {
		t.Errorf("errors.Is does not reach the kind and the problem's sentinel")
	}
	if Is(err, errKind) {
		t.Errorf("Is matched the kind, want only problem sentinels")
	}
}

func TestListFull(t *testing.T) {
	l := List{Max: 2}
	for i, want := range []bool{false, false, true, true} {
		if got := l.Full(); got != want {
			t.Errorf("List{Max: 2} with %d problems added: Full() = %v, want %v", i, got, want)
		}
		l.Addf("a", "bad")
	}
	var def List
	for range MaxProblems - 1 {
		def.Addf("a", "bad")
	}
	if def.Full() {
		t.Errorf("zero List with MaxProblems-1 problems is full")
	}
	def.Addf("a", "bad")
	if !def.Full() || def.Len() != MaxProblems {
		t.Errorf("zero List with MaxProblems problems: Full() = %v, Len() = %d", def.Full(), def.Len())
	}
}

func TestListOmit(t *testing.T) {
	l := List{Max: 1}
	l.Add(Problem{Message: "kept"})
	l.Omit(3)
	var ve *ValidationError
	if !errors.As(l.Err(errors.New("invalid")), &ve) || len(ve.Problems) != 1 || ve.Omitted != 3 || l.Len() != 4 {
		t.Errorf("List{Max: 1} after Add and Omit(3): Len() = %d, error %+v; want 4, 1 problem kept and 3 omitted", l.Len(), ve)
	}
}

func TestListEmpty(t *testing.T) {
	var l List
	if err := l.Err(errKind); err != nil {
		t.Errorf("empty list Err = %v, want nil", err)
	}
}

func TestFindingString(t *testing.T) {
	f := Finding{Code: "declared-mismatch", Severity: Error, Message: "declared 70.5, computed 72.5", Where: "alternatives[0]"}
	if got, want := f.String(), "alternatives[0]: error [declared-mismatch] declared 70.5, computed 72.5"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if !HasErrors([]Finding{{Severity: Info}, f}) || HasErrors([]Finding{{Severity: Warning}}) {
		t.Errorf("HasErrors wrong")
	}
	if Error.Rank() >= Warning.Rank() || Warning.Rank() >= Info.Rank() || Severity("x").Valid() {
		t.Errorf("severity ranks wrong")
	}
}

func BenchmarkError40k(b *testing.B) {
	var l List
	for i := 0; i < 40000; i++ {
		l.Add(Problem{Path: "alternatives[0].id", Message: "required"})
	}
	err := l.Err(errKind)
	for b.Loop() {
		_ = err.Error()
	}
}
