package tot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/internal/diag"
)

// CodeNoEvidence is the code of a Certainty finding for a score that cites
// no evidence at all. A score citing a source the register does not hold is
// a grade.CodeUnassessedSource ("unassessed-source") finding.
const CodeNoEvidence = "no-evidence"

// A CertaintyReport is the GRADE certainty of the evidence behind a
// decision: per score, per alternative and for the recommendation, with the
// citations that no assessment backs and the scores that cite nothing.
type CertaintyReport struct {
	Recommended string `json:"recommended"` // ID of the recommended alternative; "" when none
	RunnerUp    string `json:"runner_up"`   // ID of the next viable alternative; "" when none
	// Certainty is the certainty of the evidence behind the recommendation:
	// the weakest level among the assessed evidence of the deciding scores
	// (GRADE: a body of evidence is no more certain than its weakest
	// critical part). Unknown when no alternative is recommended or no
	// deciding score cites assessed evidence.
	Certainty grade.Level `json:"certainty"`
	// Trail explains Certainty: one line per source that sets it, with the
	// deciding scores citing it, its calculation and every rating down or
	// up ("REF-045 (dynamodb/scalability): LOW (baseline) = LOW").
	Trail []string `json:"trail"`
	// Unsupported lists the deciding scores that cite no assessed evidence
	// (none at all, or only unassessed sources): Certainty does not cover
	// them, and a statement about the recommendation can claim no more than
	// Very low certainty while there are any.
	Unsupported []ScoreCertainty `json:"unsupported"`
	// Scores holds every score, alternatives in declared order and, within
	// each, criteria in declared order.
	Scores []ScoreCertainty `json:"scores"`
	// Alternatives holds the certainty behind each alternative's composite,
	// in declared order.
	Alternatives []AlternativeCertainty `json:"alternatives"`
	// Sources lists every source cited by a score, in order of first
	// citation (Scores order, then citation order).
	Sources []SourceCertainty `json:"sources"`
	// Findings are an "unassessed-source" finding per citation of a source
	// the register does not hold (a warning when the score is deciding,
	// info otherwise) and a "no-evidence" finding per score that cites
	// nothing (likewise); never nil.
	Findings []Finding `json:"findings"`
}

// A ScoreCertainty is the certainty of the evidence behind one score.
type ScoreCertainty struct {
	Alternative string `json:"alternative"` // alternative ID
	Criterion   string `json:"criterion"`   // criterion ID
	// Level is the lowest certainty among the assessed sources the score
	// cites; Unknown when it cites none that is assessed.
	Level grade.Level `json:"level"`
	// Evidence lists the sources cited, as written; never nil.
	Evidence []string `json:"evidence"`
	// Unassessed lists the cited sources that the register does not hold;
	// never nil.
	Unassessed []string `json:"unassessed"`
	// Deciding reports a deciding score (see Certainty).
	Deciding bool `json:"deciding"`
}

// An AlternativeCertainty is the certainty of the evidence behind one
// alternative's composite, which rests on all of its scores.
type AlternativeCertainty struct {
	Alternative string `json:"alternative"` // alternative ID
	// Level is the lowest certainty among the assessed evidence of its
	// scores; Unknown when none of its scores cites assessed evidence.
	Level      grade.Level `json:"level"`
	Unassessed int         `json:"unassessed"`  // citations of sources without assessment
	NoEvidence int         `json:"no_evidence"` // scores citing nothing
}

// A SourceCertainty is one cited source: its register entry and the
// scores citing it.
type SourceCertainty struct {
	ID       string      `json:"id"`       // as first cited
	Assessed bool        `json:"assessed"` // the register holds it
	Entry    grade.Entry `json:"entry"`    // the register's entry; zero when not assessed
	// CitedBy lists the citing scores as "alternative/criterion", in
	// Scores order.
	CitedBy  []string `json:"cited_by"`
	Deciding bool     `json:"deciding"` // cited by a deciding score
}

// Certainty joins the scores of d, evaluated as res (the result of
// Evaluate(d)), to the GRADE assessments of reg through the evidence IDs the
// scores cite (Score.Evidence; IDs compare case-insensitively, as in
// grade.Register). A nil reg holds no assessment. A score's certainty is the
// lowest level among the assessed sources it cites (a body of evidence is
// no more certain than its weakest part); an alternative's, the lowest among
// its scores.
//
// The certainty of the recommendation is the lowest among its deciding
// scores. R is the recommended alternative, U the runner-up (the next
// viable alternative in the ranking), M the margin and Δj the difference
// between R's and U's contributions on criterion j, in composite points
// (they sum to M). The deciding scores are:
//
//  1. R's scores on critical criteria: R is viable only while it passes
//     each gate;
//  2. the scores on which an alternative ranked above R fails its gates:
//     they are what excludes it;
//  3. with a runner-up, R's and U's scores on the deciding criteria. A
//     criterion decides when |Δj| >= M: if the scores behind it erred by
//     the difference they establish, against R (the two equal where R
//     leads, U's lead doubled where U leads), U would tie or lead. When no
//     single criterion does (a wide margin carried by several together),
//     the deciding criteria are the fewest that do together: criteria in
//     decreasing order of |Δj| (ties in declared order) until their
//     differences add up to M. Criteria where R and U contribute equally
//     never decide between them, so in a tie (M = 0) every criterion
//     where they differ decides. Without contributions (a method other
//     than the weighted sum) every criterion where their scores differ
//     decides;
//  4. without a runner-up, every score of R: its being viable at all
//     rests on its composite and its gates.
//
// With no recommendation there are no deciding scores and the certainty is
// Unknown. Comparisons use the tie tolerance of Evaluate. Certainty returns
// a *ValidationError when d or res is nil, or res does not rank every
// alternative of d or recommends one d does not have.
func Certainty(d *Decision, res *Result, reg *grade.Register) (*CertaintyReport, error) {
	if d == nil || res == nil {
		return nil, invalid(Problem{Message: "nil decision or result"})
	}
	if reg == nil {
		reg = &grade.Register{}
	}
	alt, crit := d.indexes()
	if err := checkRanking(d, res, alt); err != nil {
		return nil, err
	}
	u := runnerUp(res)
	deciding := decidingScores(d, res, alt, crit, u)
	rep := &CertaintyReport{Recommended: res.Recommended, Trail: []string{}, Unsupported: []ScoreCertainty{}, Findings: []Finding{}}
	if u != nil {
		rep.RunnerUp = u.Alternative
	}
	src := map[string]int{} // lower-case ID → index in rep.Sources
	for i, a := range d.Alternatives {
		ac := AlternativeCertainty{Alternative: a.ID}
		for j, c := range d.Criteria {
			s := a.Scores[c.ID]
			sc := ScoreCertainty{Alternative: a.ID, Criterion: c.ID, Evidence: slices.Clone(s.Evidence), Unassessed: []string{}, Deciding: deciding[i][j]}
			if sc.Evidence == nil {
				sc.Evidence = []string{}
			}
			sev := SeverityInfo
			if sc.Deciding {
				sev = SeverityWarning
			}
			where := fmt.Sprintf("alternatives[%d].scores.%s", i, c.ID)
			if len(s.Evidence) == 0 {
				ac.NoEvidence++
				rep.Findings = append(rep.Findings, Finding{Code: CodeNoEvidence, Severity: sev, Where: where,
					Message: fmt.Sprintf("%s's score on %s cites no evidence", a.ID, c.ID)})
			}
			for k, id := range s.Evidence {
				key := strings.ToLower(strings.TrimSpace(id))
				n, seen := src[key]
				if !seen {
					n = len(rep.Sources)
					src[key] = n
					e, ok := reg.Lookup(id)
					rep.Sources = append(rep.Sources, SourceCertainty{ID: id, Assessed: ok, Entry: e, CitedBy: []string{}})
				}
				sr := &rep.Sources[n]
				if ref := a.ID + "/" + c.ID; len(sr.CitedBy) == 0 || sr.CitedBy[len(sr.CitedBy)-1] != ref { // a score's citations come together
					sr.CitedBy = append(sr.CitedBy, ref)
				}
				sr.Deciding = sr.Deciding || sc.Deciding
				if !sr.Assessed {
					sc.Unassessed = append(sc.Unassessed, id)
					ac.Unassessed++
					rep.Findings = append(rep.Findings, Finding{Code: grade.CodeUnassessedSource, Severity: sev, Where: fmt.Sprintf("%s.evidence[%d]", where, k),
						Message: fmt.Sprintf("%s's score on %s cites %s, which has no GRADE assessment", a.ID, c.ID, id)})
					continue
				}
				sc.Level = weakest(sc.Level, sr.Entry.Level)
			}
			ac.Level = weakest(ac.Level, sc.Level)
			if sc.Deciding {
				if sc.Level == grade.Unknown {
					rep.Unsupported = append(rep.Unsupported, sc)
				}
				rep.Certainty = weakest(rep.Certainty, sc.Level)
			}
			rep.Scores = append(rep.Scores, sc)
		}
		rep.Alternatives = append(rep.Alternatives, ac)
	}
	rep.Trail = certaintyTrail(rep)
	return rep, nil
}

// AddEvidence adds to reg the assessments that d's evidence list carries
// (EvidenceRef.Assessment; references without one are left out), so that
// a decision file's own assessments and the project's assessment files
// (grade.ReadRegister) make one register for Certainty. A source already in
// reg, or invalid, is a problem with its path ("evidence[2]"); every
// problem is reported in one *ValidationError and the other assessments
// are added. The register keeps the assessments; do not modify them
// afterwards.
func (d *Decision) AddEvidence(reg *grade.Register) error {
	var l diag.List
	if reg == nil {
		l.Addf("", "nil register")
		return l.Err(ErrInvalid)
	}
	for i, e := range d.Evidence {
		if e.Assessment == nil {
			continue
		}
		a := e.Assessment
		if strings.TrimSpace(a.ID) == "" && e.ID != "" {
			c := *a
			c.ID = e.ID
			a = &c
		}
		if err := reg.Add(a); err != nil {
			l.Add(Problem{Path: indexPath("evidence", i), Message: err.Error(), Err: err})
		}
	}
	return l.Err(ErrInvalid)
}

// weakest returns the lower of two levels, ignoring Unknown.
func weakest(a, b grade.Level) grade.Level {
	switch {
	case a == grade.Unknown:
		return b
	case b == grade.Unknown || a < b:
		return a
	}
	return b
}

// certaintyTrail writes one line per source at the report's certainty that
// a deciding score cites: the deciding scores citing it, its calculation
// and its reasons.
func certaintyTrail(rep *CertaintyReport) []string {
	out := []string{}
	if rep.Certainty == grade.Unknown {
		return out
	}
	byRef := make(map[string]*ScoreCertainty, len(rep.Scores))
	for i := range rep.Scores {
		sc := &rep.Scores[i]
		byRef[sc.Alternative+"/"+sc.Criterion] = sc
	}
	for _, s := range rep.Sources {
		if !s.Assessed || s.Entry.Level != rep.Certainty || !s.Deciding {
			continue
		}
		var by []string
		for _, ref := range s.CitedBy {
			if sc := byRef[ref]; sc.Deciding && sc.Level == rep.Certainty {
				by = append(by, ref)
			}
		}
		if len(by) == 0 {
			continue
		}
		line := s.ID + " (" + strings.Join(by, ", ") + "): " + s.Entry.Trail
		for _, r := range s.Entry.Reasons {
			line += "; " + r.String()
		}
		out = append(out, line)
	}
	return out
}

// checkRanking checks that res ranks every alternative of d (indexed by ID
// in alt), and only them, and recommends one of them.
func checkRanking(d *Decision, res *Result, alt map[string]int) error {
	var l diag.List
	ranked := make(map[string]bool, len(res.Ranking))
	for i, r := range res.Ranking {
		ranked[r.Alternative] = true
		if _, ok := alt[r.Alternative]; !ok {
			l.Addf(indexPath("ranking", i), "%q is not an alternative of the decision", r.Alternative)
		}
	}
	for i, a := range d.Alternatives {
		if !ranked[a.ID] {
			l.Addf(indexPath("alternatives", i), "%q is not in the result's ranking", a.ID)
		}
	}
	if _, ok := alt[res.Recommended]; res.Recommended != "" && !ok {
		l.Addf("recommended", "%q is not an alternative of the decision", res.Recommended)
	}
	return l.Err(ErrInvalid)
}

// runnerUp returns the second viable alternative of the ranking, nil when
// fewer than two are viable.
func runnerUp(res *Result) *Ranked {
	seen := 0
	for i := range res.Ranking {
		if res.Ranking[i].Viable {
			if seen++; seen == 2 {
				return &res.Ranking[i]
			}
		}
	}
	return nil
}

// decidingScores marks the deciding scores (see Certainty), indexed by
// alternative and criterion in declared order; alt and crit index d's
// alternatives and criteria by ID (Decision.indexes) and u is the
// runner-up, nil when none.
func decidingScores(d *Decision, res *Result, alt, crit map[string]int, u *Ranked) [][]bool {
	out := make([][]bool, len(d.Alternatives))
	for i := range out {
		out[i] = make([]bool, len(d.Criteria))
	}
	if res.Recommended == "" {
		return out
	}
	ri := alt[res.Recommended]
	for j, c := range d.Criteria {
		if c.Critical != nil {
			out[ri][j] = true // 1: R's gates
		}
	}
	var r *Ranked
	for i := range res.Ranking { // 2: gate failures of alternatives ranked above R
		if r = &res.Ranking[i]; r.Alternative == res.Recommended {
			break
		}
		for _, id := range r.GateFailures {
			if j, ok := crit[id]; ok {
				out[alt[r.Alternative]][j] = true
			}
		}
	}
	if u == nil { // 4: R alone
		for j := range d.Criteria {
			out[ri][j] = true
		}
		return out
	}
	ui := alt[u.Alternative]
	for _, j := range decidingCriteria(d, res, r, u, ri, ui) { // 3
		out[ri][j], out[ui][j] = true, true
	}
	return out
}

// decidingCriteria returns the indices of the criteria that decide between
// the recommended alternative r and the runner-up u (see Certainty), in
// declared order.
func decidingCriteria(d *Decision, res *Result, r, u *Ranked, ri, ui int) []int {
	type diff struct {
		j int
		x float64 // |Δj|
	}
	var diffs []diff
	for j, c := range d.Criteria {
		cr, okr := r.Contributions[c.ID]
		cu, oku := u.Contributions[c.ID]
		if !okr || !oku { // no contributions: where the scores differ
			if a, b := d.Alternatives[ri].Scores[c.ID].Value, d.Alternatives[ui].Scores[c.ID].Value; !tied(a, b) {
				diffs = append(diffs, diff{j, 1})
			}
			continue
		}
		if x := cr - cu; !tied(cr, cu) {
			diffs = append(diffs, diff{j, max(x, -x)})
		}
	}
	if len(r.Contributions) == 0 || len(u.Contributions) == 0 {
		out := make([]int, len(diffs))
		for k, x := range diffs {
			out[k] = x.j
		}
		return out
	}
	m := 0.0
	if res.Margin != nil {
		m = *res.Margin
	}
	var out []int
	for _, x := range diffs {
		if x.x >= m || tied(x.x, m) {
			out = append(out, x.j)
		}
	}
	if len(out) > 0 {
		return out
	}
	slices.SortStableFunc(diffs, func(a, b diff) int {
		switch {
		case a.x > b.x:
			return -1
		case a.x < b.x:
			return 1
		}
		return 0
	})
	sum := 0.0
	for _, x := range diffs {
		out = append(out, x.j)
		if sum += x.x; sum >= m || tied(sum, m) {
			break
		}
	}
	slices.Sort(out)
	return out
}
