package adr

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/tot"
)

// Codes of the reasons Gate gives, besides grade's wording codes
// (grade.CodeOverConfident, grade.CodeUnderConfident,
// grade.CodeUnassessedSource).
const (
	// CodeUnassessedDeciding: the Decision section cites a source without
	// a GRADE assessment (an error unless the policy allows it).
	CodeUnassessedDeciding = "unassessed-deciding-source"
	// CodeUnstatedUncertainty: the decision rests on evidence below the
	// policy's level and its Decision section does not say so.
	CodeUnstatedUncertainty = "unstated-uncertainty"
	// CodeDecisionCertainty: the certainty of a source the Decision section
	// cites, with its calculation (info).
	CodeDecisionCertainty = "decision-certainty"
	// CodeNoDecisionEvidence: the Decision section cites no evidence
	// (a warning).
	CodeNoDecisionEvidence = "no-decision-evidence"
	// CodeNotGated: the record could not be read for the gate (an error).
	CodeNotGated = "not-gated"
)

// A GatePolicy says what a record needs to move to Accepted. The zero
// GatePolicy is the seed's rules: the wording of every citing sentence under
// grade.SeedWordingPolicy (a blocked claim is an error), no unassessed
// source cited in the Decision section, and Very low evidence only when the
// Decision section states the uncertainty.
type GatePolicy struct {
	// Wording decides the severity of wording findings; nil means
	// grade.SeedWordingPolicy().
	Wording *grade.WordingPolicy
	// Sources lists identifiers the record may cite that the register does
	// not hold (e.g. a decision's evidence list), so that their citations
	// are found and reported as unassessed. The register's identifiers,
	// REF-123 identifiers and DOIs are always found.
	Sources []string
	// StateBelow is the level below which the evidence a decision rests on
	// must be matched by a statement of its uncertainty in the Decision
	// section. The zero value means grade.Low: Very low evidence needs it.
	StateBelow grade.Level
	// AllowUnassessed makes an unassessed source cited in the Decision
	// section a warning instead of an error.
	AllowUnassessed bool
}

// A GateResult is the verdict of Gate with every reason for it.
type GateResult struct {
	// Accept reports that no reason is an error: the record may move to
	// Accepted under the policy.
	Accept bool `json:"accept"`
	// Certainty is the weakest level among the assessed sources the
	// Decision section cites; Unknown when it cites none.
	Certainty grade.Level `json:"certainty"`
	// Reasons lists every reason, in document order of the sections, each
	// with Where "<section heading>, line N: SOURCE" (lines counted from
	// the section's first line after its heading); never nil.
	Reasons []Finding `json:"reasons"`
	// Citations are the wording and unassessed-source findings with the
	// citing sentence, the source and its level; never nil.
	Citations []grade.CitationFinding `json:"citations"`
}

// Gate says whether rec may move to Accepted under policy p, judging the
// evidence its text cites against the assessments of reg (nil: none). It
// works from the record's Markdown (rendered in its Format: a record Parse
// read unchanged gives its own text), so it audits records anyone wrote:
//
//   - every sentence citing a source is checked against the source's level
//     (grade.Checker.CheckCitations): a claim worded more strongly than its
//     evidence ("proves" over a Low source) is a reason with the sentence
//     and the source, with the policy's severity;
//   - the Decision section ("Decision" or MADR's "Decision Outcome") is what
//     the decision rests on: each source it cites is listed with its
//     certainty (info); one without an assessment is an error
//     (CodeUnassessedDeciding) unless p.AllowUnassessed; when the weakest
//     is below p.StateBelow, the section must state the uncertainty — a
//     citing sentence worded at or below that level (grade.Analyze: "may",
//     "very uncertain") or the level named ("low certainty", "⊕⊕◯◯") —
//     else CodeUnstatedUncertainty is an error; a Decision section citing
//     nothing is a warning;
//   - unassessed sources cited elsewhere are warnings, one reason per
//     source (the first citation; Citations has them all).
//
// The check is lexical (grade's word lists), not a reading of the text.
func Gate(rec *Record, reg *grade.Register, p GatePolicy) GateResult {
	res := GateResult{Reasons: []Finding{}, Citations: []grade.CitationFinding{}}
	if reg == nil {
		reg = &grade.Register{}
	}
	secs, err := gateSections(rec)
	if err != nil {
		res.Reasons = append(res.Reasons, Finding{Code: CodeNotGated, Severity: tot.SeverityError, Message: err.Error()})
		return res
	}
	ck := &grade.Checker{Policy: p.Wording, Patterns: citationPatterns(reg, p.Sources)}
	levels := reg.Levels()
	unassessed := map[string]int{} // lower-case source → index in res.Reasons
	times := map[int]int{}         // index in res.Reasons → citations of that source
	decided := false
	var deciding []grade.Citation // citations of the Decision section
	var decisionText string
	for _, s := range secs {
		isDecision := !decided && s.Level >= 2 && isDecisionHeading(s.Heading)
		if isDecision {
			decided = true
			decisionText = s.Body
			deciding = ck.Citations(s.Body)
		}
		for _, f := range ck.CheckCitations(s.Body, levels) {
			f.Where = sectionWhere(s.Heading, f.Where)
			if f.Code == grade.CodeUnassessedSource && isDecision {
				continue // reported below as a deciding source
			}
			res.Citations = append(res.Citations, f)
			if f.Code == grade.CodeUnassessedSource {
				key := strings.ToLower(f.Citation.Source)
				if i, ok := unassessed[key]; ok {
					times[i]++
					continue // one reason per source; Citations has every citation
				}
				unassessed[key] = len(res.Reasons)
				times[len(res.Reasons)] = 1
			}
			res.Reasons = append(res.Reasons, f.Finding)
		}
	}
	for i, n := range times {
		if n > 1 {
			res.Reasons[i].Message += fmt.Sprintf(" (and %d more citations of it outside the Decision section)", n-1)
		}
	}
	res.Reasons = append(res.Reasons, decisionReasons(&res, reg, p, deciding, decisionText)...)
	res.Accept = !slices.ContainsFunc(res.Reasons, func(f Finding) bool { return f.Severity == tot.SeverityError })
	return res
}

// decisionReasons judges the sources the Decision section cites.
func decisionReasons(res *GateResult, reg *grade.Register, p GatePolicy, cites []grade.Citation, text string) []Finding {
	var out []Finding
	where := func(c grade.Citation) string {
		return sectionWhere("Decision", fmt.Sprintf("line %d: %s", c.Line, c.Source))
	}
	if len(cites) == 0 {
		return append(out, Finding{Code: CodeNoDecisionEvidence, Severity: tot.SeverityWarning, Where: "Decision",
			Message: "the Decision section cites no evidence, so the gate cannot tell what the decision rests on"})
	}
	seen := map[string]bool{}
	var low []string // sources below StateBelow
	stateBelow := p.StateBelow
	if !stateBelow.Valid() {
		stateBelow = grade.Low
	}
	for _, c := range cites {
		key := strings.ToLower(c.Source)
		if seen[key] {
			continue
		}
		seen[key] = true
		e, ok := reg.Lookup(c.Source)
		if !ok {
			sev := tot.SeverityError
			if p.AllowUnassessed {
				sev = tot.SeverityWarning
			}
			f := Finding{Code: CodeUnassessedDeciding, Severity: sev, Where: where(c),
				Message: fmt.Sprintf("the Decision section cites %s, which has no GRADE assessment: %q", c.Source, clip(c.Sentence))}
			out = append(out, f)
			res.Citations = append(res.Citations, grade.CitationFinding{Finding: f, Citation: c})
			continue
		}
		if res.Certainty == grade.Unknown || e.Level < res.Certainty {
			res.Certainty = e.Level
		}
		msg := fmt.Sprintf("the decision rests on %s: %s %s (%s)", c.Source, e.Level, e.Level.Symbol(), e.Trail)
		for _, r := range e.Reasons {
			msg += "; " + r.String()
		}
		out = append(out, Finding{Code: CodeDecisionCertainty, Severity: tot.SeverityInfo, Where: where(c), Message: msg})
		if e.Level < stateBelow {
			low = append(low, c.Source+" ("+e.Level.String()+")")
		}
	}
	if len(low) > 0 && !statesUncertainty(cites, text, res.Certainty) {
		out = append(out, Finding{Code: CodeUnstatedUncertainty, Severity: tot.SeverityError, Where: "Decision",
			Message: fmt.Sprintf("the decision rests on evidence below %s certainty (%s) and the Decision section does not state the uncertainty (e.g. %q)",
				stateBelow, strings.Join(low, ", "), grade.Statement(res.Certainty, "the chosen option", "meet its criteria"))})
	}
	return out
}

// statesUncertainty reports whether the Decision section states certainty
// l or less: a citing sentence worded at or below l, or the level (or a
// lower one) named.
func statesUncertainty(cites []grade.Citation, text string, l grade.Level) bool {
	for _, c := range cites {
		if w := grade.Analyze(c.Sentence).Expressed; w.Valid() && w <= l {
			return true
		}
	}
	low := strings.ToLower(text)
	for _, x := range grade.Levels() {
		if x > l {
			continue
		}
		if strings.Contains(low, strings.ToLower(x.String())+" certainty") || strings.Contains(text, x.Symbol()) {
			return true
		}
	}
	return l == grade.VeryLow && strings.Contains(low, "very uncertain")
}

// gateSections returns the record's sections as its Markdown has them.
func gateSections(rec *Record) ([]Section, error) {
	if rec == nil {
		return nil, fmt.Errorf("nil record")
	}
	f := rec.Format
	if f < ToT || f > Log4brains {
		f = ToT
	}
	var b bytes.Buffer
	if err := rec.Render(&b, f); err != nil {
		return nil, err
	}
	pr, err := Parse(b.Bytes())
	if err != nil {
		return nil, err
	}
	return pr.Sections, nil
}

// isDecisionHeading reports a Decision section's heading: "Decision",
// "Decision Outcome", "The Decision", numbered or decorated.
func isDecisionHeading(h string) bool {
	words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) > 0 && words[0] == "the" {
		words = words[1:]
	}
	switch strings.Join(words, " ") {
	case "decision", "decision outcome":
		return true
	}
	return false
}

func sectionWhere(heading, where string) string {
	h := strings.TrimSpace(heading)
	if h == "" {
		h = "(preamble)"
	}
	if where == "" {
		return h
	}
	return h + ", " + where
}

func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

// citationPatterns are grade's default patterns and one for the
// identifiers of reg and extra that the defaults do not find.
func citationPatterns(reg *grade.Register, extra []string) []*regexp.Regexp {
	pats := grade.DefaultCitationPatterns()
	var alts []string
	seen := map[string]bool{}
	for _, id := range append(reg.IDs(), extra...) {
		id = strings.TrimSpace(id)
		key := strings.ToLower(id)
		if id == "" || seen[key] || foundByDefault(pats, id) {
			continue
		}
		seen[key] = true
		alts = append(alts, regexp.QuoteMeta(id))
	}
	if len(alts) == 0 {
		return pats
	}
	// Longest first, so that an identifier that prefixes another does
	// not cut it short.
	slices.SortStableFunc(alts, func(a, b string) int { return len(b) - len(a) })
	re := regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}_-])(` + strings.Join(alts, "|") + `)(?:$|[^\p{L}\p{N}_-])`)
	return append(pats, re)
}

func foundByDefault(pats []*regexp.Regexp, id string) bool {
	for _, p := range pats {
		if loc := p.FindStringIndex(id); loc != nil && loc[0] == 0 && loc[1] == len(id) {
			return true
		}
	}
	return false
}
