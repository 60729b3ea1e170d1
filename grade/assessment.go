package grade

import (
	"errors"
	"fmt"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/diag"
)

// An Assessment is the GRADE certainty assessment of one source or one body
// of evidence for an outcome: a starting level, the reasons for rating it
// down and up, and optionally the final level its author declared.
type Assessment struct {
	ID            string // source identifier, e.g. "REF-012" or a DOI; optional
	Title         string
	SourceType    string // seed source type, e.g. "peer_reviewed_journal"; optional
	EvidenceLevel string // seed evidence level, e.g. "empirical_study"; optional
	Design        Design // study design; optional

	Baseline   Baseline
	Downgrades []Rating // rating down: domain with severity (1–3 levels)
	Upgrades   []Rating // rating up: domain with magnitude (1–2 levels)

	// Declared is the final level and calculation the author wrote, if any;
	// Evaluate compares it with the computed level.
	Declared *Declared

	// Policy decides how upgrades of downgraded or randomised evidence count
	// in Certainty. The zero value is DefaultPolicy. It is not part of the
	// YAML form.
	Policy UpgradePolicy
}

// Baseline is the starting certainty with its justification.
type Baseline struct {
	Level        Level
	Rationale    string
	AssessedBy   string
	AssessedDate string // as written, e.g. "2026-01-25"
}

// A Rating is one reason for rating certainty down or up: a domain, how many
// levels (Severity: serious 1, very serious 2, extremely serious 3), and the
// justification.
type Rating struct {
	Domain    Domain      `json:"factor"`
	Severity  Seriousness `json:"severity"`
	Rationale string      `json:"rationale,omitempty"`
	Evidence  string      `json:"evidence,omitempty"`
	Reviewer  string      `json:"reviewer,omitempty"`
}

// Declared is the final certainty as the assessment's author wrote it.
type Declared struct {
	Level       Level
	Calculation string
	Confidence  string
	Notes       string
}

// UpgradePolicy decides what happens to an upgrade that GRADE reserves for
// observational evidence with no reason to rate down, when it is applied to
// downgraded or randomised (High-baseline) evidence.
type UpgradePolicy int

const (
	// DefaultPolicy counts such upgrades, as published evidence profiles and
	// Cochrane Handbook 5.1 §12.2.3 do, and reports a warning finding.
	DefaultPolicy UpgradePolicy = iota
	// StrictPolicy refuses them (GRADE guidelines 18, Table 1): they are left
	// out of the level and reported as "upgrade-refused" findings.
	StrictPolicy
)

// String returns "default" or "strict".
func (p UpgradePolicy) String() string {
	if p == StrictPolicy {
		return "strict"
	}
	return "default"
}

// MarshalText writes "default" or "strict".
func (p UpgradePolicy) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads "default" or "strict".
func (p *UpgradePolicy) UnmarshalText(b []byte) error {
	switch normKey(string(b)) {
	case "default", "":
		*p = DefaultPolicy
	case "strict":
		*p = StrictPolicy
	default:
		return fmt.Errorf("unknown upgrade policy %q (want default or strict)", b)
	}
	return nil
}

// Severity of a Finding: the module's one severity type.
type Severity = diag.Severity

// Severities of findings. A claim that the seed's hook blocks is an error.
const (
	SeverityError   = diag.Error
	SeverityWarning = diag.Warning
	SeverityInfo    = diag.Info
)

// A Finding is something an evaluation or a check noticed. It marshals to
// JSON as {"code","severity","message","where"}; Code is one of the Code*
// constants of this package.
type Finding = diag.Finding

// Finding codes.
const (
	CodeDeclaredMismatch     = "declared-mismatch"       // declared final level differs from the computed one
	CodeCalculationMismatch  = "calculation-mismatch"    // declared calculation does not add up to its own result
	CodeUpgradeDowngraded    = "upgrade-of-downgraded"   // upgrade applied to evidence rated down
	CodeUpgradeRandomised    = "upgrade-of-randomised"   // upgrade applied to randomised / High-baseline evidence
	CodeUpgradeRefused       = "upgrade-refused"         // strict policy left an upgrade out
	CodeVeryLargeWithConcern = "very-large-with-concern" // +2 despite serious risk of bias or imprecision
	CodeDuplicateDomain      = "duplicate-domain"        // a domain rated more than once
	CodeClamped              = "clamped"                 // arithmetic left the four levels
	CodeMissingRationale     = "missing-rationale"       // a rating without rationale, evidence or reviewer
	CodeBaselineMismatch     = "baseline-mismatch"       // baseline differs from the design or table
	CodeOverConfident        = "over-confident"          // claim worded more strongly than its evidence
	CodeUnderConfident       = "under-confident"         // claim worded more weakly than its evidence
	CodeUnassessedSource     = "unassessed-source"       // cited source without assessment
	CodeTooManyUnassessed    = "too-many-unassessed"     // corpus has more than 30% unassessed sources
	CodeDuplicateSource      = "duplicate-source"        // a corpus lists a source twice
	CodeTooLarge             = "too-large"               // a document beyond MaxInputSize was not checked
)

// ErrInvalid is the error every validation failure wraps:
// errors.Is(err, grade.ErrInvalid) reports invalid input.
var ErrInvalid = errors.New("invalid assessment")

// A Problem is one reason an input is invalid: its path (e.g.
// "downgrades_applied[1].severity"), its line and column in the YAML when
// the input was text, and the message.
type Problem = diag.Problem

// ValidationError lists the problems found in an input, at most
// diag.MaxProblems of them plus a count of the rest; it unwraps to
// ErrInvalid (its Kind) and to the Err of each problem that has one
// (ErrDuplicateKey, ErrTooLarge).
type ValidationError = diag.ValidationError

// Validate checks that the assessment can be computed: a valid baseline,
// known domains in the right direction, severities in range. It reports
// every problem, with paths in the snake_case YAML form.
func (a *Assessment) Validate() error {
	var ps diag.List
	if !a.Baseline.Level.Valid() {
		ps.Add(Problem{Path: "baseline.level", Message: "missing or invalid certainty level"})
	}
	for i, r := range a.Downgrades {
		p := fmt.Sprintf("downgrades_applied[%d]", i)
		switch {
		case !r.Domain.valid():
			ps.Add(Problem{Path: p + ".factor", Message: "missing or unknown domain"})
		case !r.Domain.IsDowngrade():
			ps.Add(Problem{Path: p + ".factor", Message: fmt.Sprintf("%s is a domain for rating up, not down", r.Domain)})
		}
		if r.Severity < Serious || r.Severity > ExtremelySerious {
			ps.Add(Problem{Path: p + ".severity", Message: "must be serious, very serious or extremely serious"})
		}
	}
	for i, r := range a.Upgrades {
		p := fmt.Sprintf("upgrades_applied[%d]", i)
		switch {
		case !r.Domain.valid():
			ps.Add(Problem{Path: p + ".factor", Message: "missing or unknown domain"})
		case !r.Domain.IsUpgrade():
			ps.Add(Problem{Path: p + ".factor", Message: fmt.Sprintf("%s is a domain for rating down, not up", r.Domain)})
		case r.Severity < Serious || r.Severity.Steps() > domainTable[r.Domain].maxUp:
			ps.Add(Problem{Path: p + ".magnitude", Message: fmt.Sprintf("%s rates up by 1 to %d levels", r.Domain, domainTable[r.Domain].maxUp)})
		}
	}
	if a.Declared != nil && a.Declared.Level != Unknown && !a.Declared.Level.Valid() {
		ps.Add(Problem{Path: "final_quality.level", Message: "invalid certainty level"})
	}
	return ps.Err(ErrInvalid)
}

// An Evaluation is the computed certainty of an Assessment with everything
// that explains it.
type Evaluation struct {
	Level    Level         `json:"level"`             // final certainty
	Raw      int           `json:"raw"`               // baseline − downgrades + counted upgrades before clamping, on the 1–4 scale (may leave it)
	Trail    string        `json:"trail"`             // "HIGH (baseline) - serious (risk of bias) … = MODERATE"
	Counted  []Rating      `json:"counted,omitempty"` // upgrades that counted
	Refused  []Rating      `json:"refused,omitempty"` // upgrades the strict policy left out
	Policy   UpgradePolicy `json:"policy"`            // policy applied
	Findings []Finding     `json:"findings"`          // never nil
}

// Certainty returns the assessment's final level under a.Policy: the
// baseline minus the downgrades plus the upgrades, clamped to [VeryLow,
// High]. Under StrictPolicy an upgrade of downgraded or randomised evidence is
// refused (left out); Evaluate reports why.
func (a *Assessment) Certainty() (Level, error) {
	e, err := a.Evaluate(a.Policy)
	if err != nil {
		return Unknown, err
	}
	return e.Level, nil
}

// Evaluate computes the final level under policy p, the calculation trail in
// the seed's form and the findings: upgrades of downgraded or randomised
// evidence, refused upgrades, duplicate domains, clamping, missing
// justifications, and a "declared-mismatch" when the declared final level
// differs from the computed one.
func (a *Assessment) Evaluate(p UpgradePolicy) (*Evaluation, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	e := &Evaluation{Policy: p, Findings: []Finding{}}
	raw := int(a.Baseline.Level)
	terms := []string{a.Baseline.Level.Upper() + " (baseline)"}
	down := 0
	for _, r := range a.Downgrades {
		down += r.Severity.Steps()
		terms = append(terms, fmt.Sprintf("- %s (%s)", r.Severity, r.Domain))
	}
	raw -= down
	why := a.upgradeConcern(down)
	for i, r := range a.Upgrades {
		where := fmt.Sprintf("upgrades_applied[%d]", i)
		term := fmt.Sprintf("+ %s (%s)", r.Severity, r.Domain)
		if why != "" && p == StrictPolicy {
			e.Refused = append(e.Refused, r)
			terms = append(terms, term+" [refused]")
			e.Findings = append(e.Findings, newFinding(CodeUpgradeRefused, SeverityWarning,
				fmt.Sprintf("strict policy refuses rating up for %s of evidence %s; GRADE rates up only observational evidence with no reason to rate down", r.Domain, why), where))
			continue
		}
		if why != "" {
			code := CodeUpgradeDowngraded
			if down == 0 {
				code = CodeUpgradeRandomised
			}
			e.Findings = append(e.Findings, newFinding(code, SeverityWarning,
				fmt.Sprintf("rating up for %s applied to evidence %s; GRADE usually rates up only observational evidence with no reason to rate down (counted under the default policy)", r.Domain, why), where))
		}
		if r.Domain == LargeEffect && r.Severity == VerySerious {
			if c := a.concernIn(RiskOfBias, Imprecision); c != "" {
				e.Findings = append(e.Findings, newFinding(CodeVeryLargeWithConcern, SeverityWarning,
					fmt.Sprintf("a very large effect (+2) requires no serious risk of bias or imprecision, but %s is rated down", c), where))
			}
		}
		e.Counted = append(e.Counted, r)
		raw += r.Severity.Steps()
		terms = append(terms, term)
	}
	e.Raw = raw
	e.Level = clampLevel(a.Baseline.Level, raw)
	e.Trail = strings.Join(terms, " ") + " = " + e.Level.Upper()
	if raw != int(e.Level) {
		e.Trail += fmt.Sprintf(" (clamped from %+d levels)", raw-int(a.Baseline.Level))
		e.Findings = append(e.Findings, newFinding(CodeClamped, SeverityInfo,
			fmt.Sprintf("net change of %+d levels from %s leaves the scale; clamped to %s", raw-int(a.Baseline.Level), a.Baseline.Level, e.Level), "final_quality.level"))
	}
	e.Findings = append(e.Findings, a.structureFindings()...)
	e.Findings = append(e.Findings, a.declaredFindings(e)...)
	return e, nil
}

// upgradeConcern says why upgrading this assessment is outside GRADE's usual
// rule ("rated down 2 levels and starting at High ..."), or "" when it is not.
func (a *Assessment) upgradeConcern(down int) string {
	var why []string
	if down > 0 {
		why = append(why, fmt.Sprintf("rated down %d level%s", down, plural(down)))
	}
	switch {
	case a.Design == Randomised:
		why = append(why, "from randomised trials")
	case a.Design == UnspecifiedDesign && a.Baseline.Level == High:
		why = append(why, "starting at High as randomised evidence does")
	}
	return strings.Join(why, " and ")
}

func (a *Assessment) concernIn(ds ...Domain) string {
	for _, r := range a.Downgrades {
		for _, d := range ds {
			if r.Domain == d {
				return d.String()
			}
		}
	}
	return ""
}

func (a *Assessment) structureFindings() []Finding {
	var fs []Finding
	seen := map[Domain]string{}
	check := func(list string, rs []Rating) {
		for i, r := range rs {
			where := fmt.Sprintf("%s[%d]", list, i)
			if prev, ok := seen[r.Domain]; ok {
				fs = append(fs, newFinding(CodeDuplicateDomain, SeverityWarning,
					fmt.Sprintf("%s is rated more than once (also at %s); GRADE rates each domain once", r.Domain, prev), where))
			} else {
				seen[r.Domain] = where
			}
			var miss []string
			if strings.TrimSpace(r.Rationale) == "" {
				miss = append(miss, "rationale")
			}
			if strings.TrimSpace(r.Evidence) == "" {
				miss = append(miss, "evidence")
			}
			if strings.TrimSpace(r.Reviewer) == "" {
				miss = append(miss, "reviewer")
			}
			if len(miss) > 0 {
				fs = append(fs, newFinding(CodeMissingRationale, SeverityInfo,
					fmt.Sprintf("rating for %s has no %s", r.Domain, strings.Join(miss, ", ")), where))
			}
		}
	}
	check("downgrades_applied", a.Downgrades)
	check("upgrades_applied", a.Upgrades)
	if b := a.Design.Baseline(); b != Unknown && b != a.Baseline.Level {
		fs = append(fs, newFinding(CodeBaselineMismatch, SeverityWarning,
			fmt.Sprintf("baseline %s differs from GRADE's starting level %s for %s", a.Baseline.Level, b, a.Design), "baseline.level"))
	}
	return fs
}

func (a *Assessment) declaredFindings(e *Evaluation) []Finding {
	d := a.Declared
	if d == nil {
		return nil
	}
	var fs []Finding
	if d.Level.Valid() && d.Level != e.Level {
		fs = append(fs, newFinding(CodeDeclaredMismatch, SeverityError,
			fmt.Sprintf("declared final certainty %s, computed %s under the %s policy: %s", d.Level, e.Level, e.Policy, e.Trail), "final_quality.level"))
	}
	if d.Calculation != "" {
		if f, ok := checkCalculation(d.Calculation); !ok {
			fs = append(fs, f)
		}
	}
	return fs
}

// checkCalculation recomputes a declared trail such as "HIGH (baseline) -
// serious (bias) + very-serious (large effect) = MODERATE" from its own terms
// and reports when its stated result does not follow. Trails it cannot read
// are not judged.
func checkCalculation(calc string) (Finding, bool) {
	lhs, rhs, ok := strings.Cut(calc, "=")
	if !ok {
		return Finding{}, true
	}
	stated, err := ParseLevel(stripParens(rhs))
	if err != nil {
		return Finding{}, true
	}
	fields := splitTerms(lhs)
	if len(fields) == 0 {
		return Finding{}, true
	}
	base, err := ParseLevel(stripParens(fields[0].text))
	if err != nil {
		return Finding{}, true
	}
	v := int(base)
	for _, t := range fields[1:] {
		if strings.Contains(t.text, "[refused]") {
			continue
		}
		s, err := ParseSeriousness(stripParens(t.text))
		if err != nil {
			return Finding{}, true
		}
		v += t.sign * s.Steps()
	}
	got := clampLevel(base, v)
	if got == stated {
		return Finding{}, true
	}
	return newFinding(CodeCalculationMismatch, SeverityError,
		fmt.Sprintf("declared calculation %q gives %s by its own terms, not %s", calc, got, stated), "final_quality.calculation"), false
}

type term struct {
	sign int
	text string
}

// splitTerms splits "A (x) - B (y) + C (z)" at signs outside parentheses.
// A hyphen inside a word ("very-serious") is not a sign: signs are
// surrounded by spaces.
func splitTerms(s string) []term {
	var out []term
	cur, sign, depth := strings.Builder{}, 1, 0
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth--
		case depth == 0 && (r == '+' || r == '-' || r == '−') && (i == 0 || rs[i-1] == ' ') && (i+1 == len(rs) || rs[i+1] == ' '):
			out = append(out, term{sign, cur.String()})
			cur.Reset()
			sign = 1
			if r != '+' {
				sign = -1
			}
			continue
		}
		cur.WriteRune(r)
	}
	out = append(out, term{sign, cur.String()})
	var kept []term
	for _, t := range out {
		if strings.TrimSpace(t.text) != "" {
			kept = append(kept, t)
		}
	}
	return kept
}

func stripParens(s string) string {
	if i := strings.IndexByte(s, '('); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// newFinding returns a Finding; code is one of the Code* constants.
func newFinding(code string, sev Severity, msg, where string) Finding {
	return Finding{Code: code, Severity: sev, Message: msg, Where: where}
}
