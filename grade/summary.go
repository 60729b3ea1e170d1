package grade

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/diag"
)

// Importance of an outcome for a decision (GRADE's 1–9 scale: 7–9
// critical, 4–6 important, 1–3 of limited importance).
type Importance int

// Importance values. The zero value is unspecified and counts as critical
// for the overall certainty, so that forgetting to rate an outcome never
// raises the overall certainty.
const (
	Unspecified Importance = iota
	Limited
	Important
	Critical
)

// String returns "critical", "important", "of limited importance" or
// "unspecified".
func (i Importance) String() string {
	switch i {
	case Critical:
		return "critical"
	case Important:
		return "important"
	case Limited:
		return "of limited importance"
	}
	return "unspecified"
}

// An Effect is an effect estimate with its 95% confidence interval.
// Measure is a ratio ("RR", "OR", "HR": estimate and bounds > 0) or a
// difference ("MD", "SMD").
type Effect struct {
	Measure                string
	Estimate, Lower, Upper float64
	Unit                   string // unit of a mean difference, e.g. "ms"
}

func (e *Effect) ratio() bool {
	switch strings.ToUpper(e.Measure) {
	case "RR", "OR", "HR":
		return true
	}
	return false
}

// An Outcome is one row of a Summary-of-Findings table and of an evidence
// profile.
type Outcome struct {
	Name         string
	Importance   Importance
	Studies      int
	Participants int
	Design       Design
	Effect       *Effect // relative effect (or a mean difference); optional
	// ComparatorRisk is the assumed risk with the comparator, 0–1, for
	// ratio measures; the absolute effects are computed from it per 1000.
	// Nil when not given.
	ComparatorRisk *float64
	Assessment     *Assessment // certainty of the evidence for this outcome
	Comments       string
}

// A Summary is a set of outcomes for one question: the input of a
// Summary-of-Findings table and of an evidence profile.
type Summary struct {
	Title        string
	Population   string
	Setting      string
	Intervention string
	Comparison   string
	Outcomes     []Outcome
	Policy       UpgradePolicy // policy for every outcome's certainty
}

// MaxSoFOutcomes is the most outcomes a Summary-of-Findings table shows
// (Cochrane Handbook ch. 14).
const MaxSoFOutcomes = 7

type evaluated struct {
	o     *Outcome
	e     *Evaluation
	notes []string // footnote texts for this outcome's ratings
	refs  map[Domain][]int
	first int // number of this outcome's first footnote
}

func (s *Summary) evaluate() ([]evaluated, error) {
	var ps diag.List
	out := make([]evaluated, 0, len(s.Outcomes))
	n := 0
	for i := range s.Outcomes {
		o := &s.Outcomes[i]
		p := fmt.Sprintf("outcomes[%d]", i)
		if strings.TrimSpace(o.Name) == "" {
			ps.Add(Problem{Path: p + ".name", Message: "missing"})
		}
		if o.Studies < 0 || o.Participants < 0 {
			ps.Add(Problem{Path: p, Message: "numbers of studies and participants must be >= 0"})
		}
		o.Effect.problems(&ps, p+".effect")
		if cr := o.ComparatorRisk; cr != nil && (math.IsNaN(*cr) || *cr < 0 || *cr > 1) {
			ps.Add(Problem{Path: p + ".comparator_risk", Message: "must be between 0 and 1"})
		}
		if o.Assessment == nil {
			ps.Add(Problem{Path: p + ".assessment", Message: "missing"})
			continue
		}
		e, err := o.Assessment.Evaluate(s.Policy)
		if err != nil {
			addPrefixed(&ps, p+".assessment", err)
			continue
		}
		ev := evaluated{o: o, e: e, refs: map[Domain][]int{}, first: n + 1}
		for _, r := range o.Assessment.Downgrades {
			n++
			ev.refs[r.Domain] = append(ev.refs[r.Domain], n)
			ev.notes = append(ev.notes, footnote("Rated down", r))
		}
		for _, r := range o.Assessment.Upgrades {
			n++
			ev.refs[r.Domain] = append(ev.refs[r.Domain], n)
			verb := "Rated up"
			if refused(e, r) {
				verb = "Not rated up (refused by the strict policy)"
			}
			ev.notes = append(ev.notes, footnote(verb, r))
		}
		out = append(out, ev)
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return nil, err
	}
	return out, nil
}

func refused(e *Evaluation, r Rating) bool {
	for _, x := range e.Refused {
		if x == r {
			return true
		}
	}
	return false
}

var levelWords = [...]string{"", "one level", "two levels", "three levels"}

func footnote(verb string, r Rating) string {
	s := fmt.Sprintf("%s %s for %s (%s)", verb, levelWords[r.Severity], r.Domain, r.Severity)
	if r.Rationale != "" {
		s += ": " + strings.TrimRight(r.Rationale, ".")
	}
	if r.Evidence != "" {
		s += " (evidence: " + strings.TrimRight(r.Evidence, ".") + ")"
	}
	return s + "."
}

func (e *Effect) problems(ps *diag.List, p string) {
	if e == nil {
		return
	}
	for _, v := range []float64{e.Estimate, e.Lower, e.Upper} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			ps.Add(Problem{Path: p, Message: "estimate and bounds must be finite numbers"})
			return
		}
	}
	if !(e.Lower <= e.Estimate && e.Estimate <= e.Upper) {
		ps.Add(Problem{Path: p, Message: "need lower <= estimate <= upper"})
	}
	switch strings.ToUpper(e.Measure) {
	case "RR", "OR", "HR":
		if e.Lower <= 0 {
			ps.Add(Problem{Path: p, Message: e.Measure + " and its bounds must be > 0"})
		}
	case "MD", "SMD":
	default:
		ps.Addf(p+".measure", "unknown measure %q (want RR, OR, HR, MD or SMD)", e.Measure)
	}
}

// Overall returns the overall certainty across outcomes: the lowest
// certainty among the critical outcomes (unspecified importance counts as
// critical); when no outcome is critical, the lowest of all. It also returns
// the name of the outcome that sets it.
func (s *Summary) Overall() (Level, string, error) {
	evs, err := s.evaluate()
	if err != nil {
		return Unknown, "", err
	}
	return overall(evs)
}

func overall(evs []evaluated) (Level, string, error) {
	if len(evs) == 0 {
		return Unknown, "", invalid("outcomes", "no outcomes")
	}
	best, name := Unknown, ""
	for pass := 0; pass < 2 && best == Unknown; pass++ {
		for _, ev := range evs {
			crit := ev.o.Importance == Critical || ev.o.Importance == Unspecified
			if pass == 0 && !crit {
				continue
			}
			if best == Unknown || ev.e.Level < best {
				best, name = ev.e.Level, ev.o.Name
			}
		}
	}
	return best, name, nil
}

// WriteSoF writes a Summary-of-Findings table in Markdown (Cochrane
// Handbook ch. 14): outcomes, anticipated absolute effects computed from
// the comparator risk and the relative effect, relative effect, participants
// (studies), certainty with footnote references, comments; then the overall
// certainty and footnotes explaining every rating down or up.
func (s *Summary) WriteSoF(w io.Writer) error {
	if len(s.Outcomes) > MaxSoFOutcomes {
		return invalid("outcomes", fmt.Sprintf("a Summary-of-Findings table shows at most %d outcomes, got %d", MaxSoFOutcomes, len(s.Outcomes)))
	}
	evs, err := s.evaluate()
	if err != nil {
		return err
	}
	b := &strings.Builder{}
	s.writeHeader(b, "Summary of findings")
	b.WriteString("| Outcomes | Risk with comparator | Risk with intervention (95% CI) | Relative effect (95% CI) | № of participants (studies) | Certainty of the evidence (GRADE) | Comments |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, ev := range evs {
		o := ev.o
		comp, interv := absoluteRisks(o)
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s %s%s | %s |\n",
			Cell(o.Name), comp, interv, relative(o.Effect), participants(o),
			ev.e.Level.Symbol(), ev.e.Level, refsAll(ev), Cell(o.Comments))
	}
	writeOverall(b, evs)
	writeFootnotes(b, evs)
	_, err = io.WriteString(w, b.String())
	return err
}

func (s *Summary) writeHeader(b *strings.Builder, kind string) {
	if s.Title != "" {
		fmt.Fprintf(b, "## %s: %s\n\n", kind, strings.TrimSpace(strings.ReplaceAll(s.Title, "\n", " ")))
	} else {
		fmt.Fprintf(b, "## %s\n\n", kind)
	}
	for _, f := range []struct{ k, v string }{{"Population", s.Population}, {"Setting", s.Setting},
		{"Intervention", s.Intervention}, {"Comparison", s.Comparison}} {
		if f.v != "" {
			fmt.Fprintf(b, "**%s:** %s  \n", f.k, strings.TrimSpace(strings.ReplaceAll(f.v, "\n", " ")))
		}
	}
	if s.Population+s.Setting+s.Intervention+s.Comparison != "" {
		b.WriteString("\n")
	}
}

func writeOverall(b *strings.Builder, evs []evaluated) {
	l, name, err := overall(evs)
	if err != nil {
		return
	}
	fmt.Fprintf(b, "\nOverall certainty of the evidence: %s %s (lowest among critical outcomes: %s).\n",
		l.Symbol(), l, strings.ReplaceAll(name, "\n", " "))
}

func writeFootnotes(b *strings.Builder, evs []evaluated) {
	first := true
	for _, ev := range evs {
		for i, n := range ev.notes {
			if first {
				b.WriteString("\n")
				first = false
			}
			fmt.Fprintf(b, "[^%d]: %s\n", ev.first+i, strings.ReplaceAll(n, "\n", " "))
		}
	}
}

func refsAll(ev evaluated) string {
	var ids []string
	for i := range ev.notes {
		ids = append(ids, fmt.Sprintf("[^%d]", ev.first+i))
	}
	return strings.Join(ids, "")
}

func refsFor(ev evaluated, d Domain) string {
	var ids []string
	for _, n := range ev.refs[d] {
		ids = append(ids, fmt.Sprintf("[^%d]", n))
	}
	return strings.Join(ids, "")
}

func participants(o *Outcome) string {
	if o.Participants == 0 && o.Studies == 0 {
		return "—"
	}
	return fmt.Sprintf("%d (%d %s)", o.Participants, o.Studies, pluralWord(o.Studies, "study", "studies"))
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func relative(e *Effect) string {
	if e == nil {
		return "—"
	}
	if e.ratio() {
		return fmt.Sprintf("%s %s (%s to %s)", strings.ToUpper(e.Measure), num(e.Estimate, 2), num(e.Lower, 2), num(e.Upper, 2))
	}
	return "—"
}

// interventionRisk is the risk with the intervention for comparator risk cr
// under ratio r of the given measure.
func interventionRisk(measure string, cr, r float64) float64 {
	switch strings.ToUpper(measure) {
	case "OR":
		return r * cr / (1 - cr + r*cr)
	case "HR":
		return 1 - math.Pow(1-cr, r)
	}
	return math.Min(cr*r, 1)
}

// absoluteRisks returns the comparator and intervention cells: risks per
// 1000 for ratio measures with a comparator risk, the mean difference
// otherwise.
func absoluteRisks(o *Outcome) (string, string) {
	e := o.Effect
	if e == nil {
		return "—", "—"
	}
	if !e.ratio() {
		return "—", fmt.Sprintf("%s %s (%s to %s)", strings.ToUpper(e.Measure), signed(e.Estimate, e.Unit), signed(e.Lower, e.Unit), signed(e.Upper, e.Unit))
	}
	if o.ComparatorRisk == nil {
		return "—", "—"
	}
	cr := *o.ComparatorRisk
	per := func(v float64) string { return num(v*1000, 0) }
	return per(cr) + " per 1000", fmt.Sprintf("%s per 1000 (%s to %s)", per(interventionRisk(e.Measure, cr, e.Estimate)),
		per(interventionRisk(e.Measure, cr, e.Lower)), per(interventionRisk(e.Measure, cr, e.Upper)))
}

// absoluteDifference is the evidence profile's absolute effect: the
// difference per 1000 ("36 fewer per 1000 (from 60 fewer to 12 fewer)").
func absoluteDifference(o *Outcome) string {
	e := o.Effect
	if e == nil {
		return "—"
	}
	if !e.ratio() {
		_, s := absoluteRisks(o)
		return s
	}
	if o.ComparatorRisk == nil {
		return "—"
	}
	cr := *o.ComparatorRisk
	d := func(r float64) string {
		v := math.Round((interventionRisk(e.Measure, cr, r) - cr) * 1000)
		switch {
		case v < 0:
			return num(-v, 0) + " fewer"
		case v > 0:
			return num(v, 0) + " more"
		}
		return "0 fewer"
	}
	return fmt.Sprintf("%s per 1000 (from %s to %s)", d(e.Estimate), d(e.Lower), d(e.Upper))
}

// signed writes a mean difference as "2.5 higher" or "2.5 lower".
func signed(v float64, unit string) string {
	u := ""
	if unit != "" {
		u = " " + unit
	}
	switch {
	case v < 0:
		return num(-v, 2) + u + " lower"
	case v > 0:
		return num(v, 2) + u + " higher"
	}
	return "0" + u
}

// num formats v with at most prec decimals, trailing zeros dropped, never
// "-0".
func num(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// WriteProfile writes a GRADE evidence profile in Markdown (GRADEpro
// layout): per outcome the number of studies, design, the five domains for
// rating down, other considerations (publication bias and rating up),
// participants, relative and absolute effects, certainty and importance,
// with footnotes explaining every rating down or up.
func (s *Summary) WriteProfile(w io.Writer) error {
	evs, err := s.evaluate()
	if err != nil {
		return err
	}
	b := &strings.Builder{}
	s.writeHeader(b, "Evidence profile")
	b.WriteString("| Outcome | № of studies | Study design | Risk of bias | Inconsistency | Indirectness | Imprecision | Other considerations | № of participants | Relative effect (95% CI) | Absolute effect (95% CI) | Certainty | Importance |\n")
	b.WriteString("|---|---:|---|---|---|---|---|---|---:|---|---|---|---|\n")
	for _, ev := range evs {
		o := ev.o
		design := o.Design.String()
		if o.Design == UnspecifiedDesign {
			design = "—"
		}
		cells := []string{Cell(o.Name), strconv.Itoa(o.Studies), design}
		for _, d := range []Domain{RiskOfBias, Inconsistency, Indirectness, Imprecision} {
			cells = append(cells, domainCell(ev, d))
		}
		cells = append(cells, otherConsiderations(ev), strconv.Itoa(o.Participants), relative(o.Effect),
			absoluteDifference(o), fmt.Sprintf("%s %s", ev.e.Level.Symbol(), ev.e.Level), o.Importance.String())
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	writeOverall(b, evs)
	writeFootnotes(b, evs)
	_, err = io.WriteString(w, b.String())
	return err
}

func domainCell(ev evaluated, d Domain) string {
	worst := NoConcern
	for _, r := range ev.o.Assessment.Downgrades {
		if r.Domain == d {
			worst = max(worst, r.Severity)
		}
	}
	if worst == NoConcern {
		return "not serious"
	}
	return worst.String() + refsFor(ev, d)
}

var upgradeWords = map[Domain]string{
	LargeEffect:          "strong association",
	DoseResponse:         "dose-response gradient",
	PlausibleConfounding: "all plausible residual confounding would reduce the demonstrated effect",
}

func otherConsiderations(ev evaluated) string {
	var parts []string
	for _, r := range ev.o.Assessment.Downgrades {
		if r.Domain == PublicationBias {
			w := "publication bias strongly suspected"
			if r.Severity > Serious {
				w = "publication bias very strongly suspected"
			}
			parts = append(parts, w+refsFor(ev, PublicationBias))
			break
		}
	}
	for _, d := range UpgradeDomains() {
		for _, r := range ev.o.Assessment.Upgrades {
			if r.Domain == d {
				w := upgradeWords[d]
				if d == LargeEffect && r.Severity == VerySerious {
					w = "very strong association"
				}
				parts = append(parts, w+refsFor(ev, d))
				break
			}
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}
