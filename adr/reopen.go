package adr

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/mdtext"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/prov"
	"github.com/deliberate-dev/deliberate/tot"
)

// ReopenOptions are the inputs of Log.Reopen. Files are passed as their
// bytes and their project-relative names, so that the provenance can name
// and hash them; nothing is read from the clock.
type ReopenOptions struct {
	// Number is the number of the accepted record to reopen (a MADR log
	// starts at 0).
	Number int
	// Decision is the updated decision file (as tot.ParseDecision reads
	// it): new scores, weights or alternatives. DecisionName is its
	// project-relative path, e.g. "decisions/database.yaml".
	Decision     []byte
	DecisionName string
	// Observations is the observation file (CSV or JSON Lines, see
	// tot.Observations) whose metrics made the record's triggers fire;
	// ObservationsName is its project-relative path. Both may be empty:
	// the reopened record then lists no fired trigger and the provenance
	// has no observations entity.
	Observations     []byte
	ObservationsName string
	// LogPath is the project-relative path of the log folder ("docs/adr"),
	// prefixed to the records' file names in the provenance; "" names them
	// by their file names alone.
	LogPath string
	// At is when the re-evaluation happened: the new record's date (its
	// YYYY-MM-DD in At's location) and the provenance's times. Required.
	At time.Time
	// Agent is who re-evaluated; the zero Agent means the library itself
	// ("tool:deliberate", an automated tool).
	Agent prov.Agent
	// Status is the new record's status: "" means "Proposed", the status
	// of a re-evaluation the team has yet to review; "Accepted" records
	// that the team accepted it (so that it can be reopened in turn). Any
	// other status is an error.
	Status string
}

// A Reopened decision is what Log.Reopen wrote and found.
type Reopened struct {
	// Old is the reopened record's entry before the supersession; New the
	// new record's entry as Append wrote it.
	Old, New Entry
	// Record is the new record as written to the log (parsed back).
	Record *Record
	// Result is the evaluation of the updated decision.
	Result *tot.Result
	// Changes is what changed between the old record and the new decision,
	// as the new record's "What Changed" section writes it.
	Changes Changes
	// ADR is the new record's file after the supersession, OldADR the old
	// record's file as it was read before it: the bytes the provenance
	// hashes.
	ADR, OldADR []byte
	// Provenance is the PROV document of the new record.
	Provenance *prov.Document
}

// Changes is what a re-evaluation changed. Weights are percent of the
// record's total weight (0–100), scores are on the criterion's scale and
// composites on 0–100; a nil Old or New means the criterion, option or
// score is absent on that side.
type Changes struct {
	// Weights lists every criterion of the new decision, then those only
	// the old record has.
	Weights []WeightChange `json:"weights"`
	// Scores lists the scores of options and criteria present on both sides
	// that changed, in the new decision's order.
	Scores []ScoreDelta `json:"scores"`
	// Ranks lists every option of the new decision (new rank order), then
	// those only the old record has.
	Ranks []RankChange `json:"ranks"`
	// OldRanking says how the old ranks were found: RankRecomputed,
	// RankDeclared, or "" when the old record has no usable numbers.
	OldRanking string `json:"old_ranking"`
	// OldSelected and NewSelected are the selected (or proposed) options.
	OldSelected string `json:"old_selected"`
	NewSelected string `json:"new_selected"`
	// Fired are the old record's triggers that fired on the observations,
	// with their first firing, in the record's order.
	Fired []FiredTrigger `json:"fired"`
}

// How Changes.OldRanking was found.
const (
	// RankRecomputed: the old record's criteria weights and option scores
	// evaluated by tot.Evaluate with the record's method.
	RankRecomputed = "recomputed"
	// RankDeclared: the old record's declared composites (weighted scores
	// or matrix totals), its scores being incomplete.
	RankDeclared = "declared"
)

// A WeightChange is one criterion's weight before and after.
type WeightChange struct {
	Criterion string   `json:"criterion"`
	Old       *float64 `json:"old"`
	New       *float64 `json:"new"`
}

// A ScoreDelta is one option's score on one criterion before and after.
type ScoreDelta struct {
	Alternative string  `json:"alternative"`
	Criterion   string  `json:"criterion"`
	Old         float64 `json:"old"`
	New         float64 `json:"new"`
}

// A RankChange is one option's rank and composite before and after; a rank
// is 0 on a side that does not have the option (or could not rank it).
type RankChange struct {
	Alternative string   `json:"alternative"`
	OldRank     int      `json:"old_rank"`
	NewRank     int      `json:"new_rank"`
	OldScore    *float64 `json:"old_score"`
	NewScore    *float64 `json:"new_score"`
}

// A FiredTrigger is a trigger of the old record that fired, with its first
// firing.
type FiredTrigger struct {
	Text   string     `json:"text"`
	Firing tot.Firing `json:"firing"`
}

// WhatChangedHeading is the heading of the section Reopen adds.
const WhatChangedHeading = "What Changed"

// reArtifactName is a project-relative path Reopen accepts as an artifact
// name: it becomes part of a PROV qualified name.
var reArtifactName = regexp.MustCompile(`^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$`)

func checkName(l *diag.List, field, name string) {
	switch {
	case name == "":
		l.Addf(field, "required")
	case !reArtifactName.MatchString(name) || slices.Contains(strings.Split(name, "/"), ".."):
		l.Addf(field, "%q must be a relative path of letters, digits, '.', '_', '-' and '/' without '..'", name)
	}
}

// ErrReopenOptions is the Kind of the *diag.ValidationError Reopen returns
// for invalid options: errors.Is(err, adr.ErrReopenOptions).
var ErrReopenOptions = errors.New("adr: Reopen: invalid options")

// Reopen re-evaluates the accepted record o.Number with the updated
// decision o.Decision and writes the result as a new record that
// supersedes it:
//
//   - the decision is evaluated by tot.Evaluate and built by FromDecision,
//     with the status o.Status ("Proposed" by default) and the date of
//     o.At; the log gives it the next number (the decision's ID is not
//     used);
//   - what the decision does not say is carried over from the old record:
//     deciders, consulted, informed, tags, context, drivers, reasoning,
//     consequences, implementation, references, more information, links
//     other than supersessions, the triggers when the decision has none,
//     and the old record's sections that no field holds (except an earlier
//     "What Changed");
//   - a "What Changed" section says why and what: the old record's
//     triggers that fired on o.Observations (see RevisitRecords), the
//     weight and score changes, and the ranks before (the old record
//     recomputed by tot, see Changes.OldRanking) and after;
//   - the log appends it (Append) and links both records (Supersede);
//   - its provenance: an entity per artifact with its sha256 (the new
//     record's file, the old record's file as read, the decision file, the
//     observations file), the new record generated by a re-evaluation
//     activity that used the others, a revision of the old record
//     (wasDerivedFrom with prov:type prov:Revision), derived from the
//     decision and observation files, associated with o.Agent.
//
// Invalid options are a *diag.ValidationError (every problem at once, each
// naming its field) wrapping ErrReopenOptions. A record that is not
// accepted, a decision that does not parse or evaluate, and unreadable
// observations are errors too; the log is then unchanged. An error of Supersede after
// Append leaves the new record in the log and is returned with the result.
func (l *Log) Reopen(o ReopenOptions) (*Reopened, error) {
	var probs diag.List
	if o.Number < 0 {
		probs.Addf("number", "%d is not a record number", o.Number)
	}
	if len(o.Decision) == 0 {
		probs.Addf("decision", "empty")
	}
	checkName(&probs, "decision_name", o.DecisionName)
	if len(o.Observations) > 0 || o.ObservationsName != "" {
		checkName(&probs, "observations_name", o.ObservationsName)
	}
	if o.LogPath != "" {
		checkName(&probs, "log_path", o.LogPath)
	}
	if k := ClassifyStatus(o.Status); o.Status != "" && k != Proposed && k != Accepted {
		probs.Addf("status", "%q is neither proposed nor accepted", o.Status)
	}
	if o.At.IsZero() {
		probs.Addf("at", "required (the time of the re-evaluation)")
	}
	if err := probs.Err(ErrReopenOptions); err != nil {
		return nil, err
	}
	of, err := l.read(o.Number)
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: %w", err)
	}
	old, err := Parse(of.data)
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: record %d: %w", o.Number, err)
	}
	if old.Number == 0 {
		old.Number = o.Number
	}
	if k := old.Kind(); k != Accepted {
		return nil, fmt.Errorf("adr: Reopen: record %d is %s (status %q), not accepted", o.Number, k, old.Status)
	}
	d, err := tot.ParseDecision(o.Decision)
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: %s: %w", o.DecisionName, err)
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: %s: %w", o.DecisionName, err)
	}
	var fired []FiredTrigger
	if len(o.Observations) > 0 {
		obs, err := tot.ReadObservations(bytes.NewReader(o.Observations))
		if err != nil {
			return nil, fmt.Errorf("adr: Reopen: %s: %w", o.ObservationsName, err)
		}
		if fired, err = firedTriggers(old, obs); err != nil {
			return nil, fmt.Errorf("adr: Reopen: %s: %w", o.ObservationsName, err)
		}
	}
	nr, err := FromDecision(d, res)
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: %w", err)
	}
	nr.ID, nr.Number, nr.Status, nr.Format = "", 0, cmp.Or(strings.TrimSpace(o.Status), "Proposed"), l.Format
	nr.Date = o.At.Format(time.DateOnly)
	carryOver(nr, old, d)
	ch := compare(old, nr, d, res)
	ch.Fired = fired
	src, err := reopenedSource(nr, old, ch, l.Format, o, of.name)
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: %w", err)
	}
	pr, err := Parse(src)
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: the new record does not parse back: %w", err)
	}
	// The sections the fields write are the fields' (Parse may find text in
	// them no field takes, such as the matrix's note): a render in another
	// flavour must not write them twice.
	for i := range pr.Sections {
		if knownSection(canon(pr.Sections[i].Heading)) {
			pr.Sections[i].Mapped = true
		}
	}
	fo, err := l.scan()
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: %w", err)
	}
	if fo.byDate && dateNumber(o.At) == o.Number {
		return nil, fmt.Errorf("adr: Reopen: this log names records by date: a record of %s cannot supersede record %d of the same day", o.At.Format(time.DateOnly), o.Number)
	}
	oldEntry := newEntry(old, o.Number, of.name, filepath.Join(l.Dir, of.name))
	// The new record is dated, and in a log named by date named, by o.At.
	lc := *l
	lc.Now = func() time.Time { return o.At }
	ne, err := lc.Append(pr)
	if err != nil {
		return nil, fmt.Errorf("adr: Reopen: %w", err)
	}
	out := &Reopened{Old: oldEntry, New: ne, Result: res, Changes: ch, OldADR: of.data}
	if err := l.Supersede(o.Number, ne.Number); err != nil {
		return out, fmt.Errorf("adr: Reopen: record %d was written but does not supersede %d: %w", ne.Number, o.Number, err)
	}
	nf, err := l.read(ne.Number)
	if err != nil {
		return out, fmt.Errorf("adr: Reopen: %w", err)
	}
	out.ADR = nf.data
	if out.Record, err = Parse(nf.data); err != nil {
		return out, fmt.Errorf("adr: Reopen: record %d: %w", ne.Number, err)
	}
	out.Provenance = reopenProvenance(o, path.Join(o.LogPath, nf.name), path.Join(o.LogPath, of.name), nf.data, of.data, ne.Number, o.Number)
	return out, nil
}

// firedTriggers returns the old record's triggers that fired on obs, with
// their first firing.
func firedTriggers(old *Record, obs []tot.Observation) ([]FiredTrigger, error) {
	rv, err := RevisitRecords([]*Record{old}, obs)
	if err != nil {
		return nil, err
	}
	var out []FiredTrigger
	for _, rr := range rv.Records {
		for _, t := range rr.Triggers {
			if t.State == TriggerFired && len(t.Firings) > 0 {
				out = append(out, FiredTrigger{Text: t.Text, Firing: t.Firings[0]})
			}
		}
	}
	return out, nil
}

// carryOver fills the fields of nr the decision left empty from old.
func carryOver(nr, old *Record, d *tot.Decision) {
	nr.Deciders, nr.Consulted, nr.Informed, nr.Tags = old.Deciders, old.Consulted, old.Informed, old.Tags
	if strings.TrimSpace(d.Context) == "" {
		nr.Context = old.Context
	}
	if len(nr.Drivers) == 0 {
		nr.Drivers = old.Drivers
	}
	if len(nr.Reasoning) == 0 {
		nr.Reasoning = old.Reasoning
	}
	if c := nr.Consequences; len(c.Positive)+len(c.Negative)+len(c.Neutral) == 0 {
		nr.Consequences = old.Consequences
	}
	if im := nr.Implementation; len(im.Components) == 0 && im.Migration == "" && len(im.Validation) == 0 && im.Notes == "" {
		nr.Implementation = old.Implementation
	}
	if len(nr.References) == 0 {
		nr.References = old.References
	}
	if nr.MoreInformation == "" {
		nr.MoreInformation = old.MoreInformation
	}
	if len(d.Triggers) == 0 {
		nr.Triggers = old.Triggers
	}
	for _, k := range old.Links {
		if !isSupersedes(k.Rel) && !supersededByRel(k.Rel) {
			nr.Links = append(nr.Links, k)
		}
	}
}

// reopenedSource renders the new record in flavour f with its "What
// Changed" section and the old record's sections that no field holds.
func reopenedSource(nr, old *Record, ch Changes, f Format, o ReopenOptions, oldFile string) ([]byte, error) {
	var b bytes.Buffer
	if err := nr.Render(&b, f); err != nil {
		return nil, err
	}
	src := bytes.TrimRight(b.Bytes(), "\n")
	var w strings.Builder
	w.Write(src)
	w.WriteString("\n\n## " + WhatChangedHeading + "\n\n")
	writeChanges(&w, ch, old, o, oldFile)
	for _, s := range carriedSections(old) {
		fmt.Fprintf(&w, "\n%s %s\n", strings.Repeat("#", s.Level), s.Heading)
		if body := strings.Trim(s.Body, "\n"); body != "" {
			w.WriteString("\n" + body + "\n")
		}
	}
	return []byte(w.String()), nil
}

// carriedSections returns the old record's sections of level 2 or more that
// no field holds and that are not sections the fields write (Context,
// Options Comparison Matrix...), each at its level relative to the nearest section the
// fields hold (at least 2), without any "What Changed" section of an
// earlier reopening and its subsections.
func carriedSections(old *Record) []Section {
	var out []Section
	var stack []Section
	skip := 0 // level of a skipped section; its subsections are skipped too
	for _, s := range old.Sections {
		if s.Level <= 1 {
			continue
		}
		for len(stack) > 0 && stack[len(stack)-1].Level >= s.Level {
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, s)
		if skip > 0 && s.Level > skip {
			continue
		}
		skip = 0
		if strings.EqualFold(strings.TrimSpace(s.Heading), WhatChangedHeading) {
			skip = s.Level
			continue
		}
		// A known section is the new record's own (its fields write it),
		// even when Parse found text in it that no field took.
		if s.Mapped || knownSection(canon(s.Heading)) {
			continue
		}
		base := 1
		for i := len(stack) - 2; i >= 0; i-- {
			if stack[i].Mapped {
				base = stack[i].Level
				break
			}
		}
		s.Level = max(2, min(6, s.Level-base+1))
		out = append(out, s)
	}
	return out
}

// writeChanges writes the body of the "What Changed" section.
func writeChanges(w *strings.Builder, ch Changes, old *Record, o ReopenOptions, oldFile string) {
	fmt.Fprintf(w, "Re-evaluated on %s from `%s`", o.At.Format(time.DateOnly), o.DecisionName)
	if o.ObservationsName != "" {
		fmt.Fprintf(w, " and the observations in `%s`", o.ObservationsName)
	}
	fmt.Fprintf(w, "; this record supersedes [%s](%s).\n", mdtext.Span(strconv.Itoa(old.Number)+". "+old.Title), escapeHref(oldFile))
	switch {
	case o.ObservationsName == "":
	case len(ch.Fired) == 0:
		w.WriteString("\nNo trigger of the old record fired on these observations.\n")
	default:
		w.WriteString("\nTriggers that fired:\n\n")
		for _, f := range ch.Fired {
			fmt.Fprintf(w, "- %s: fired %s at %s", mdtext.Inline(f.Text), f.Firing.At.Format(time.RFC3339), numfmt.Trim(f.Firing.Value, 6))
			if !f.Firing.Since.Equal(f.Firing.At) {
				fmt.Fprintf(w, ", breaching since %s", f.Firing.Since.Format(time.RFC3339))
			}
			fmt.Fprintf(w, " (%d observations)\n", f.Firing.Count)
		}
	}
	if ch.OldSelected != ch.NewSelected {
		fmt.Fprintf(w, "\nSelection: %s → %s.\n", mdtext.Inline(orNone(ch.OldSelected)), mdtext.Inline(orNone(ch.NewSelected)))
	}
	var rows [][]string
	for _, c := range ch.Weights {
		if c.Old == nil || c.New == nil || numfmt.Round(*c.New-*c.Old, 2) != 0 {
			rows = append(rows, []string{mdtext.Cell(c.Criterion), pct(c.Old), pct(c.New), delta(c.Old, c.New, 2)})
		}
	}
	changeTable(w, "Weights (percent of the total weight)", "No weight changed.", []string{"Criterion", "Old", "New", "Change"}, rows)
	rows = rows[:0]
	for _, s := range ch.Scores {
		rows = append(rows, []string{mdtext.Cell(s.Alternative), mdtext.Cell(s.Criterion), numfmt.Trim(s.Old, 6), numfmt.Trim(s.New, 6), delta(&s.Old, &s.New, 6)})
	}
	changeTable(w, "Scores", "No score changed.", []string{"Option", "Criterion", "Old", "New", "Change"}, rows)
	rows = rows[:0]
	for _, r := range ch.Ranks {
		rows = append(rows, []string{mdtext.Cell(r.Alternative), rank(r.OldRank), rank(r.NewRank), composite(r.OldScore), composite(r.NewScore)})
	}
	how := "not ranked: the old record has no usable scores"
	switch ch.OldRanking {
	case RankRecomputed:
		how = "recomputed from its weights and scores"
	case RankDeclared:
		how = "from its declared composites"
	}
	changeTable(w, "Ranking (old record "+how+")", "No option ranked.", []string{"Option", "Old rank", "New rank", "Old composite", "New composite"}, rows)
}

// changeTable writes a labelled table of the "What Changed" section, or
// none when there are no rows.
func changeTable(w *strings.Builder, label, none string, header []string, rows [][]string) {
	fmt.Fprintf(w, "\n**%s:**\n\n", label)
	if len(rows) == 0 {
		w.WriteString(none + "\n")
		return
	}
	w.WriteString(tableText(header, rows) + "\n")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func pct(v *float64) string {
	if v == nil {
		return "—"
	}
	return numfmt.Trim(*v, 2) + "%"
}

func composite(v *float64) string {
	if v == nil {
		return "—"
	}
	return numfmt.Fixed(*v, 1)
}

func rank(n int) string {
	if n == 0 {
		return "—"
	}
	return strconv.Itoa(n)
}

// delta writes new − old with its sign, "added" or "removed".
func delta(old, nw *float64, prec int) string {
	switch {
	case old == nil && nw == nil:
		return "—"
	case old == nil:
		return "added"
	case nw == nil:
		return "removed"
	}
	d := numfmt.Round(*nw-*old, prec)
	s := numfmt.Trim(d, prec)
	if d > 0 {
		s = "+" + s
	}
	return s
}

func ptr(v float64) *float64 { return &v }

// compare computes what changed from the old record to the new one (nr,
// built by FromDecision from d evaluated as res).
func compare(old, nr *Record, d *tot.Decision, res *tot.Result) Changes {
	ch := Changes{Weights: []WeightChange{}, Scores: []ScoreDelta{}, Ranks: []RankChange{}}
	oldW := map[string]float64{}
	for _, w := range weightShares(old.Criteria) {
		if _, dup := oldW[key(w.Criterion)]; !dup {
			oldW[key(w.Criterion)] = w.Weight
		}
	}
	newC := map[string]bool{}
	for _, c := range nr.Criteria {
		wc := WeightChange{Criterion: c.Name, New: ptr(numfmt.Round(c.Weight.Value, 4))}
		if v, ok := oldW[key(c.Name)]; ok {
			wc.Old = ptr(v)
		}
		newC[key(c.Name)] = true
		ch.Weights = append(ch.Weights, wc)
	}
	for _, c := range old.Criteria {
		if v, ok := oldW[key(c.Name)]; ok && !newC[key(c.Name)] {
			newC[key(c.Name)] = true
			ch.Weights = append(ch.Weights, WeightChange{Criterion: c.Name, Old: ptr(v)})
		}
	}
	oldIdx := nameIndex(old.Options)
	for _, no := range nr.Options {
		j, ok := oldIdx[bareKey(no.Name)]
		if !ok {
			continue
		}
		os := scores(old.Options[j])
		for _, s := range no.Scores {
			v, ok := os[key(s.Criterion)]
			if ok && s.Value.IsNumber() && v != s.Value.Value {
				ch.Scores = append(ch.Scores, ScoreDelta{Alternative: bareName(no.Name), Criterion: s.Criterion, Old: v, New: s.Value.Value})
			}
		}
	}
	oldRanks, oldScores, how := oldRanking(old)
	ch.OldRanking = how
	byID := map[string]int{}
	for i, a := range d.Alternatives {
		byID[a.ID] = i
	}
	seen := make([]bool, len(old.Options))
	for _, rk := range res.Ranking {
		i, ok := byID[rk.Alternative]
		if !ok {
			continue
		}
		no := nr.Options[i]
		rc := RankChange{Alternative: bareName(no.Name), NewRank: rk.Rank, NewScore: ptr(numfmt.Round(rk.Score, 1))}
		if j, ok := oldIdx[bareKey(no.Name)]; ok && !seen[j] {
			seen[j] = true
			rc.OldRank, rc.OldScore = oldRanks[j], oldScores[j]
		}
		ch.Ranks = append(ch.Ranks, rc)
	}
	for j, oo := range old.Options {
		if !seen[j] {
			ch.Ranks = append(ch.Ranks, RankChange{Alternative: bareName(oo.Name), OldRank: oldRanks[j], OldScore: oldScores[j]})
		}
	}
	ch.OldSelected = selectedName(old)
	ch.NewSelected = selectedName(nr)
	return ch
}

// selectedName returns the bare name of the record's selected option, or
// the selection as written when it names none.
func selectedName(r *Record) string {
	sel := strings.TrimSpace(r.Decision.Selected)
	if sel == "" {
		return ""
	}
	if i, _ := optionLookup(r.Options, bareKey)(sel); i >= 0 {
		return bareName(r.Options[i].Name)
	}
	if i, ok := nameIndex(r.Options)[bareKey(sel)]; ok {
		return bareName(r.Options[i].Name)
	}
	return bareName(sel)
}

// oldRanking ranks the old record's options: recomputed by tot.Evaluate
// from the record's weights and evaluation-table scores when every option
// scores every criterion, else from the declared composites, ranked by
// tot.Rank as Evaluate ranks (tied composites share a rank). ranks[i] is 0
// and composites[i] nil for an option that cannot be ranked.
func oldRanking(old *Record) (ranks []int, composites []*float64, how string) {
	ranks, composites = make([]int, len(old.Options)), make([]*float64, len(old.Options))
	if d := recordDecision(old); d != nil {
		if res, err := tot.Evaluate(d); err == nil {
			for _, rk := range res.Ranking {
				i, _ := strconv.Atoi(strings.TrimPrefix(rk.Alternative, "o"))
				ranks[i], composites[i] = rk.Rank, ptr(numfmt.Round(rk.Score, 1))
			}
			return ranks, composites, RankRecomputed
		}
	}
	// each option's first matrix total, for options without a weighted score
	rowTotals := map[int]float64{}
	if old.Matrix != nil {
		find := optionLookup(old.Options, bareKey)
		for _, row := range old.Matrix.Rows {
			if j, _ := find(row.Option); j >= 0 && row.Total.IsNumber() {
				if _, dup := rowTotals[j]; !dup {
					rowTotals[j] = row.Total.Value
				}
			}
		}
	}
	var opts []int         // the options with a declared composite
	var declared []float64 // their composites
	for i, o := range old.Options {
		if o.WeightedScore.IsNumber() {
			opts, declared = append(opts, i), append(declared, o.WeightedScore.Value)
		} else if total, ok := rowTotals[i]; ok {
			opts, declared = append(opts, i), append(declared, total)
		}
	}
	if len(opts) == 0 {
		return ranks, composites, ""
	}
	_, rank := tot.Rank(declared)
	for k, i := range opts {
		ranks[i], composites[i] = rank[k], ptr(declared[k])
	}
	return ranks, composites, RankDeclared
}

// recordDecision builds the record as a tot.Decision from its criteria
// weights and its options' evaluation-table scores (matched to criteria by
// name), with its method; nil unless every weight is a number and every
// option scores every criterion within its scale. Alternatives are "o0",
// "o1"… in option order; criteria "c0", "c1"….
func recordDecision(r *Record) *tot.Decision {
	if len(r.Criteria) == 0 || len(r.Options) == 0 {
		return nil
	}
	d := &tot.Decision{Method: tot.Method(r.Method)}
	for j, c := range r.Criteria {
		if !c.Weight.IsNumber() || c.Weight.Value < 0 {
			return nil
		}
		d.Criteria = append(d.Criteria, tot.Criterion{ID: "c" + strconv.Itoa(j), Name: c.Name, Weight: c.Weight.Value, Scale: c.scale(), Direction: c.Direction})
	}
	for i, o := range r.Options {
		ss := scores(o)
		a := tot.Alternative{ID: "o" + strconv.Itoa(i), Name: o.Name, Scores: map[string]tot.Score{}}
		for j, c := range r.Criteria {
			v, ok := ss[key(c.Name)]
			if sc := c.scale(); !ok || v < min(sc.Min, sc.Max) || v > max(sc.Min, sc.Max) {
				return nil
			}
			a.Scores["c"+strconv.Itoa(j)] = tot.Score{Value: v}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	return d
}

// reopenProvenance builds the PROV document of a reopened record.
func reopenProvenance(o ReopenOptions, newPath, oldPath string, newADR, oldADR []byte, newNum, oldNum int) *prov.Document {
	agent := o.Agent
	if agent.ID == "" {
		agent = prov.Agent{ID: "tool:deliberate", Type: "automated_tool", Name: "deliberate"}
	}
	inputs := []prov.Artifact{
		{Path: oldPath, Type: "document", Content: oldADR, Derivation: "refines", Role: "superseded-record"},
		{Path: o.DecisionName, Type: "data", Content: o.Decision, Role: "decision"},
	}
	if o.ObservationsName != "" {
		inputs = append(inputs, prov.Artifact{Path: o.ObservationsName, Type: "data", Content: o.Observations, Role: "observations"})
	}
	act := prov.Activity{
		Type:        "derivation",
		Name:        "reevaluation-adr-" + strconv.Itoa(newNum),
		Description: fmt.Sprintf("re-evaluation of ADR %d as ADR %d", oldNum, newNum),
	}
	doc := prov.Generated(prov.Artifact{Path: newPath, Type: "document", Content: newADR}, inputs, act, agent, o.At)
	// The derivation from the old record is a revision.
	oldID := string(inputs[0].ID())
	for i := range doc.Statements {
		r := &doc.Statements[i]
		if r.Kind == prov.KindDerivation && r.Args[1] == oldID {
			r.Attrs = append(r.Attrs, prov.Attr{Name: "prov:type", Value: prov.Ref("prov:Revision")})
		}
	}
	return doc
}
