package prov

import "testing"

// capProblems at its edge: MaxProblems problems are kept as they are; one
// more becomes MaxProblems and a count, an error when the omitted one is.
func TestCapProblemsEdge(t *testing.T) {
	mk := func(n int, last Severity) []Problem {
		ps := make([]Problem, n)
		for i := range ps {
			ps[i] = Problem{Code: "x", Severity: SeverityWarning}
		}
		ps[n-1].Severity = last
		return ps
	}
	if got := capProblems(mk(MaxProblems, SeverityError)); len(got) != MaxProblems || got[MaxProblems-1].Severity != SeverityError {
		t.Errorf("MaxProblems problems: %d kept", len(got))
	}
	got := capProblems(mk(MaxProblems+1, SeverityError))
	if len(got) != MaxProblems+1 || got[MaxProblems].Code != CodeProblemsOmitted || got[MaxProblems].Severity != SeverityError {
		t.Errorf("MaxProblems+1 problems: %d, last %+v; want the omitted error counted as an error", len(got), got[len(got)-1])
	}
	got = capProblems(mk(MaxProblems+1, SeverityWarning))
	if got[MaxProblems].Severity != SeverityWarning {
		t.Errorf("an omitted warning is counted as %s", got[MaxProblems].Severity)
	}
}
