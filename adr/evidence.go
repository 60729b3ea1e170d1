package adr

import (
	"errors"
	"fmt"
	"strings"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/internal/mdtext"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// EvidenceHeading is the heading of the section WithEvidence adds.
const EvidenceHeading = "Evidence"

// WithEvidence adds to rec, the record FromDecision(d, res) built, what the
// GRADE assessments of reg say about the evidence behind it (see
// tot.Certainty, which it returns):
//
//   - in the Decision section's quantitative rationale, the certainty of
//     the deciding evidence; a confidence statement about the
//     recommendation worded for that certainty with grade.Statement
//     (GRADE's informative statements: plain for High, "probably" for
//     Moderate, "may" for Low, "very uncertain" for Very low), citing the
//     sources that set it, so that it passes grade.CheckDocument against
//     their levels; the deciding sources with their levels; and the
//     deciding scores no assessed evidence supports, when there are any —
//     the statement is then worded as Very low and cites the unassessed
//     deciding sources, since unassessed evidence supports no more;
//   - an Evidence section (Sections entries with Mapped false, which Render
//     writes after the fields in every flavour): the certainty and how it
//     was found, a Summary-of-Findings table of the criteria (the scores of
//     the recommended option and the runner-up with the sources they cite,
//     their difference in composite points, the certainty and whether it
//     decides), the certainty behind each option's composite, the cited
//     sources with their certainty, calculation and
//     every reason for rating down or up, the citations of sources without
//     assessment and the scores that cite no evidence.
//
// The statement's subject and object are the options' names, or "Option
// N" when a name carries wording that grade reads as a hedge or an
// intensifier. Call WithEvidence once per record. A nil reg holds no
// assessment.
func WithEvidence(rec *Record, d *tot.Decision, res *tot.Result, reg *grade.Register) (*tot.CertaintyReport, error) {
	if rec == nil {
		return nil, errors.New("adr: WithEvidence: nil record")
	}
	rep, err := tot.Certainty(d, res, reg)
	if err != nil {
		return nil, fmt.Errorf("adr: WithEvidence: %w", err)
	}
	ev := newEvidenceView(d, res, rep)
	rec.Decision.Quantitative = append(rec.Decision.Quantitative, ev.decisionLines()...)
	rec.Sections = append(rec.Sections, ev.sections()...)
	return rep, nil
}

// evidenceView holds what the evidence text needs about a decision.
type evidenceView struct {
	d        *tot.Decision
	res      *tot.Result
	rep      *tot.CertaintyReport
	altName  map[string]string // alternative ID → name
	altNum   map[string]int    // alternative ID → option number
	critName map[string]string // criterion ID → name
	score    map[string]*tot.ScoreCertainty
	source   map[string]*tot.SourceCertainty // lower-case ID
}

func newEvidenceView(d *tot.Decision, res *tot.Result, rep *tot.CertaintyReport) *evidenceView {
	v := &evidenceView{d: d, res: res, rep: rep, altName: map[string]string{}, altNum: map[string]int{}, critName: map[string]string{},
		score: map[string]*tot.ScoreCertainty{}, source: map[string]*tot.SourceCertainty{}}
	for i, a := range d.Alternatives {
		v.altName[a.ID] = nameOr(a.Name, a.ID)
		v.altNum[a.ID] = i + 1
	}
	for _, c := range d.Criteria {
		v.critName[c.ID] = nameOr(c.Name, c.ID)
	}
	for i := range rep.Scores {
		s := &rep.Scores[i]
		v.score[s.Alternative+"/"+s.Criterion] = s
	}
	for i := range rep.Sources {
		v.source[strings.ToLower(strings.TrimSpace(rep.Sources[i].ID))] = &rep.Sources[i]
	}
	return v
}

// wordingLevel is the level the statement may express: the certainty, or
// Unknown (worded as Very low) while a deciding score has no assessed
// evidence.
func (v *evidenceView) wordingLevel() grade.Level {
	if len(v.rep.Unsupported) > 0 {
		return grade.Unknown
	}
	return v.rep.Certainty
}

// plainName returns the option's name for a statement, or "Option N" when
// the name carries certainty wording of its own.
func (v *evidenceView) plainName(id string) string {
	n := v.altName[id]
	if len(grade.Analyze(n).Markers) > 0 || strings.ContainsAny(n, ".!?\n") {
		return fmt.Sprintf("Option %d", v.altNum[id])
	}
	return n
}

func levelText(l grade.Level) string {
	if !l.Valid() {
		return "not assessed"
	}
	return l.String() + " " + l.Symbol()
}

// decidingSources returns the sources deciding scores cite, in order of
// first citation.
func (v *evidenceView) decidingSources() []*tot.SourceCertainty {
	var out []*tot.SourceCertainty
	for i := range v.rep.Sources {
		if v.rep.Sources[i].Deciding {
			out = append(out, &v.rep.Sources[i])
		}
	}
	return out
}

// statementSources are the sources the statement cites: the deciding
// sources at the certainty level, or the unassessed deciding sources when
// the wording level is Unknown.
func (v *evidenceView) statementSources() []string {
	var out []string
	l := v.wordingLevel()
	for _, s := range v.decidingSources() {
		if (l.Valid() && s.Assessed && s.Entry.Level == l) || (!l.Valid() && !s.Assessed) {
			out = append(out, s.ID)
		}
	}
	return out
}

// statement words the claim the evidence supports about the recommendation.
func (v *evidenceView) statement() string {
	r := v.rep
	subject := v.plainName(r.Recommended)
	pred := "be the only viable option on these criteria"
	if r.RunnerUp != "" {
		pred = "rank above " + v.plainName(r.RunnerUp) + " on these criteria"
	}
	s := grade.Statement(v.wordingLevel(), subject, pred)
	if ids := v.statementSources(); len(ids) > 0 {
		s = strings.TrimSuffix(s, ".") + " (" + strings.Join(ids, ", ") + ")."
	}
	return s
}

// decisionLines are the lines WithEvidence adds to the quantitative
// rationale.
func (v *evidenceView) decisionLines() []string {
	r := v.rep
	if r.Recommended == "" {
		return []string{"Certainty of the deciding evidence: none (no option is recommended)"}
	}
	n := 0
	for _, s := range r.Scores {
		if s.Deciding {
			n++
		}
	}
	first := fmt.Sprintf("Certainty of the deciding evidence: %s, the weakest of the %d deciding scores (see Evidence)", levelText(r.Certainty), n)
	if r.Certainty == grade.Unknown {
		first = fmt.Sprintf("Certainty of the deciding evidence: not assessed (%d deciding scores; see Evidence)", n)
	}
	lines := []string{first, v.statement()}
	var ds []string
	for _, s := range v.decidingSources() {
		ds = append(ds, s.ID+" ("+levelText(s.Entry.Level)+")")
	}
	if len(ds) > 0 {
		lines = append(lines, "Deciding evidence: "+strings.Join(ds, ", "))
	}
	if len(r.Unsupported) > 0 {
		var us []string
		for _, s := range r.Unsupported {
			us = append(us, v.altName[s.Alternative]+" on "+v.critName[s.Criterion])
		}
		lines = append(lines, "Deciding scores without assessed evidence: "+strings.Join(us, "; "))
	}
	return lines
}

// sections builds the Evidence section and its subsections.
func (v *evidenceView) sections() []Section {
	out := []Section{{Level: 2, Heading: EvidenceHeading, Body: v.intro()}}
	add := func(h, body string) {
		if body != "" {
			out = append(out, Section{Level: 3, Heading: h, Body: body})
		}
	}
	add("Summary of Findings", v.sofTable())
	add("Certainty by Option", v.optionsTable())
	add("Sources", v.sourcesTable())
	add("Unassessed Citations", v.unassessed())
	add("Scores Without Evidence", v.noEvidence())
	return out
}

func (v *evidenceView) intro() string {
	r := v.rep
	if r.Recommended == "" {
		return "No option is recommended, so no score decides the recommendation; the sources cited by the scores are listed below."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Certainty of the evidence behind the recommendation of %s: **%s**.", mdtext.Inline(v.altName[r.Recommended]), levelText(r.Certainty))
	b.WriteString(" It is the weakest certainty among the deciding scores: the recommended option's scores on critical criteria, the scores on which an option ranked above it fails a gate, and ")
	if r.RunnerUp != "" {
		fmt.Fprintf(&b, "both its and the runner-up's (%s) scores on the criteria whose difference alone is at least the margin (or, when none is, the fewest that are together).", mdtext.Inline(v.altName[r.RunnerUp]))
	} else {
		b.WriteString("every score of the recommended option, since no other option is viable.")
	}
	first := true
	for _, src := range v.decidingSources() {
		if !src.Assessed || src.Entry.Level != r.Certainty {
			continue
		}
		if first {
			b.WriteString("\n\nThe certainty is set by (reasons under Sources):\n")
			first = false
		}
		var by []string
		for _, ref := range src.CitedBy {
			if sc := v.score[ref]; sc != nil && sc.Deciding && sc.Level == r.Certainty {
				by = append(by, v.altName[sc.Alternative]+": "+v.critName[sc.Criterion])
			}
		}
		b.WriteString("\n- " + mdtext.Inline(src.ID+" ("+strings.Join(by, "; ")+"): "+src.Entry.Trail))
	}
	return b.String()
}

// cell writes a score with the sources it cites.
func (v *evidenceView) cell(alt, crit string) string {
	var s tot.Score
	for _, a := range v.d.Alternatives {
		if a.ID == alt {
			s = a.Scores[crit]
		}
	}
	t := numfmt.Trim(s.Value, 6)
	if sc := v.score[alt+"/"+crit]; sc != nil && len(sc.Evidence) > 0 {
		t += " (" + strings.Join(sc.Evidence, ", ") + ")"
	}
	return mdtext.Cell(t)
}

func (v *evidenceView) sofTable() string {
	r := v.rep
	if r.Recommended == "" {
		return ""
	}
	head := []string{"Criterion", mdtext.Cell(v.altName[r.Recommended])}
	if r.RunnerUp != "" {
		head = append(head, mdtext.Cell(v.altName[r.RunnerUp]+" (runner-up)"), "Difference (points)")
	}
	head = append(head, "Certainty", "Deciding")
	var rows [][]string
	rr, ru := v.ranked(r.Recommended), v.ranked(r.RunnerUp)
	for _, c := range v.d.Criteria {
		sr := v.score[r.Recommended+"/"+c.ID]
		row := []string{mdtext.Cell(v.critName[c.ID]), v.cell(r.Recommended, c.ID)}
		lvl, dec := sr.Level, sr.Deciding
		if r.RunnerUp != "" {
			su := v.score[r.RunnerUp+"/"+c.ID]
			diff := "-"
			if rr != nil && ru != nil {
				a, oka := rr.Contributions[c.ID]
				b, okb := ru.Contributions[c.ID]
				if oka && okb {
					diff = signed(a - b)
				}
			}
			row = append(row, v.cell(r.RunnerUp, c.ID), diff)
			lvl = lowest(lvl, su.Level)
			dec = dec || su.Deciding
		}
		row = append(row, levelText(lvl), yesNo(dec))
		rows = append(rows, row)
	}
	return tableText(head, rows)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// lowest returns the lower of two levels, Unknown when either is.
func lowest(a, b grade.Level) grade.Level {
	if a == grade.Unknown || b == grade.Unknown {
		return grade.Unknown
	}
	return min(a, b)
}

// signed writes a difference in composite points with one decimal and its
// sign ("+3.0", "-1.5", "0.0"; numfmt.Fixed never prints "-0.0").
func signed(x float64) string {
	s := numfmt.Fixed(x, 1)
	if x > 0 && s != "0.0" {
		s = "+" + s
	}
	return s
}

func (v *evidenceView) ranked(id string) *tot.Ranked {
	for i := range v.res.Ranking {
		if v.res.Ranking[i].Alternative == id {
			return &v.res.Ranking[i]
		}
	}
	return nil
}

// optionsTable gives the certainty behind each option's composite: the
// weakest assessed evidence among all its scores.
func (v *evidenceView) optionsTable() string {
	var rows [][]string
	for _, a := range v.rep.Alternatives {
		rows = append(rows, []string{mdtext.Cell(v.altName[a.Alternative]), levelText(a.Level), fmt.Sprint(a.Unassessed), fmt.Sprint(a.NoEvidence)})
	}
	if len(rows) == 0 {
		return ""
	}
	return tableText([]string{"Option", "Certainty (weakest of its scores)", "Unassessed citations", "Scores without evidence"}, rows)
}

func (v *evidenceView) sourcesTable() string {
	if len(v.rep.Sources) == 0 {
		return ""
	}
	var rows [][]string
	for _, s := range v.rep.Sources {
		var by []string
		for _, ref := range s.CitedBy {
			alt, crit, _ := strings.Cut(ref, "/")
			by = append(by, v.altName[alt]+": "+v.critName[crit])
		}
		calc, reasons := "-", "-"
		if s.Assessed {
			calc = s.Entry.Trail
			var rs []string
			for _, x := range s.Entry.Reasons {
				rs = append(rs, x.String())
			}
			if len(rs) > 0 {
				reasons = strings.Join(rs, "; ")
			}
		}
		rows = append(rows, []string{mdtext.Cell(s.ID), levelText(s.Entry.Level), mdtext.Cell(calc), mdtext.Cell(reasons),
			mdtext.Cell(strings.Join(by, "; ")), yesNo(s.Deciding)})
	}
	return tableText([]string{"Source", "Certainty", "Calculation", "Reasons", "Cited by", "Deciding"}, rows)
}

func (v *evidenceView) unassessed() string {
	var b strings.Builder
	for _, s := range v.rep.Sources {
		if s.Assessed {
			continue
		}
		var by []string
		for _, ref := range s.CitedBy {
			alt, crit, _ := strings.Cut(ref, "/")
			by = append(by, v.altName[alt]+" on "+v.critName[crit])
		}
		kind := "not deciding"
		if s.Deciding {
			kind = "deciding"
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("- " + mdtext.Inline(fmt.Sprintf("%s has no GRADE assessment (%s; cited by %s)", s.ID, kind, strings.Join(by, "; "))))
	}
	return b.String()
}

func (v *evidenceView) noEvidence() string {
	var b strings.Builder
	for _, s := range v.rep.Scores {
		if len(s.Evidence) > 0 {
			continue
		}
		kind := ""
		if s.Deciding {
			kind = " (deciding)"
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("- " + mdtext.Inline(v.altName[s.Alternative]+" on "+v.critName[s.Criterion]+kind))
	}
	return b.String()
}

// tableText writes a GFM table; header and cells are already escaped.
func tableText(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(header, " | ") + " |\n|")
	for range header {
		b.WriteString("---|")
	}
	for _, r := range rows {
		b.WriteString("\n| " + strings.Join(r, " | ") + " |")
	}
	return b.String()
}
