package adr

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/internal/mdtext"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// A Memory is a log of decisions read as data: what was decided when, which
// alternatives were turned down, how the weight of each criterion moved
// from record to record, how often decisions were reversed, and, for every
// superseded decision, which criteria's scores moved most between the old
// record and the one that replaced it: what the team got wrong.
//
// Build one with Remember from parsed records, or with Log.Memory from an
// ADR folder. Every query returns its results in log order (record number,
// then position), so they are deterministic.
type Memory struct {
	Records []Remembered `json:"records"`
}

// A Remembered record is one decision of a Memory.
type Remembered struct {
	Number int        `json:"number"` // the record's number (0 when unnumbered)
	File   string     `json:"file,omitempty"`
	Title  string     `json:"title"`
	Status string     `json:"status"` // as written
	Kind   StatusKind `json:"kind"`
	// Date is the decision date as written; Day is its YYYY-MM-DD part
	// when it has one, "" otherwise.
	Date string   `json:"date,omitempty"`
	Day  string   `json:"day,omitempty"`
	Tags []string `json:"tags,omitempty"`
	// Criteria are the weighted criteria with their weights as a share of
	// the record's total weight, in percent (0–100).
	Criteria []RememberedWeight `json:"criteria,omitempty"`
	// Alternatives are the names of the options considered, in order.
	Alternatives []string `json:"alternatives,omitempty"`
	Selected     string   `json:"selected,omitempty"`
	Triggers     []string `json:"triggers,omitempty"`
	// SupersededBy is the number of the record that supersedes this one
	// (0 when none or unknown); Supersedes the numbers this one supersedes.
	SupersededBy int   `json:"superseded_by,omitempty"`
	Supersedes   []int `json:"supersedes,omitempty"`

	rec *Record
}

// A RememberedWeight is one criterion's weight in one record.
type RememberedWeight struct {
	Criterion string  `json:"criterion"`
	Weight    float64 `json:"weight"` // percent of the record's total weight, 0–100
}

// Remember builds the memory of the given records. Records are ordered by
// number, then by their position in rs; supersede links are read in both
// directions ("Superseded by" on the old record, "Supersedes" on the new
// one), so a link written on one side only is still remembered on both.
func Remember(rs []*Record) *Memory {
	m := &Memory{}
	for _, r := range rs {
		if r == nil {
			continue
		}
		m.Records = append(m.Records, remember(r))
	}
	slices.SortStableFunc(m.Records, func(a, b Remembered) int { return cmp.Compare(a.Number, b.Number) })
	byNum := m.byNumber()
	for i := range m.Records {
		x := &m.Records[i]
		for _, to := range x.Supersedes {
			if j, ok := byNum[to]; ok && m.Records[j].SupersededBy == 0 {
				m.Records[j].SupersededBy = x.Number
			}
		}
	}
	for i := range m.Records {
		x := &m.Records[i]
		if x.SupersededBy == 0 {
			continue
		}
		if j, ok := byNum[x.SupersededBy]; ok && !slices.Contains(m.Records[j].Supersedes, x.Number) {
			m.Records[j].Supersedes = append(m.Records[j].Supersedes, x.Number)
			slices.Sort(m.Records[j].Supersedes)
		}
	}
	return m
}

// byNumber maps each record number above 0 to the index of its first
// record.
func (m *Memory) byNumber() map[int]int {
	byNum := map[int]int{}
	for i, x := range m.Records {
		if _, dup := byNum[x.Number]; !dup && x.Number > 0 {
			byNum[x.Number] = i
		}
	}
	return byNum
}

var reDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

func remember(r *Record) Remembered {
	x := Remembered{Number: r.Number, Title: r.Title, Status: r.Status, Kind: r.Kind(), Date: r.Date,
		Tags: r.Tags, Selected: r.Decision.Selected, Triggers: r.Triggers, rec: r}
	if d := reDay.FindString(strings.TrimSpace(r.Date)); d != "" {
		if _, err := time.Parse(time.DateOnly, d); err == nil {
			x.Day = d
		}
	}
	x.Criteria = weightShares(r.Criteria)
	for _, o := range r.Options {
		x.Alternatives = append(x.Alternatives, o.Name)
	}
	for _, l := range r.Links {
		switch {
		case supersededByRel(l.Rel) && l.Target > 0 && x.SupersededBy == 0:
			x.SupersededBy = l.Target
		case isSupersedes(l.Rel) && l.Target > 0 && !slices.Contains(x.Supersedes, l.Target):
			x.Supersedes = append(x.Supersedes, l.Target)
		}
	}
	slices.Sort(x.Supersedes)
	return x
}

// weightShares returns each criterion's weight as a share of the total of
// the positive weights, in percent (0–100); 0 for a weight that is not a
// positive number.
func weightShares(cs []Criterion) []RememberedWeight {
	sum := 0.0
	for _, c := range cs {
		if c.Weight.IsNumber() && c.Weight.Value > 0 {
			sum += c.Weight.Value
		}
	}
	var out []RememberedWeight
	for _, c := range cs {
		w := RememberedWeight{Criterion: c.Name}
		if sum > 0 && c.Weight.IsNumber() && c.Weight.Value > 0 {
			w.Weight = numfmt.Round(100*c.Weight.Value/sum, 4)
		}
		out = append(out, w)
	}
	return out
}

// supersededByRel reports a link relation that says the record is
// superseded: "Superseded by", adr-tools' "Superceded by", or a status
// line such as "⌛️ Superseded" whose link names the successor.
func supersededByRel(rel string) bool {
	return isSupersededBy(rel) || (!isSupersedes(rel) && ClassifyStatus(rel) == Superseded && !strings.Contains(strings.ToLower(rel), "partly"))
}

// Memory reads every record of the log once (the files List reads; those
// that are not read or do not parse are left out) and remembers them.
func (l *Log) Memory() (*Memory, error) {
	rs, files, err := l.records()
	if err != nil {
		return nil, err
	}
	m := Remember(rs)
	for i := range m.Records {
		m.Records[i].File = files[m.Records[i].rec]
	}
	return m, nil
}

// records parses every record of the log that List reads and parses,
// numbered from its file name when it states no number, with each record's
// file name.
func (l *Log) records() ([]*Record, map[*Record]string, error) {
	fo, err := l.scan()
	if err != nil {
		return nil, nil, err
	}
	var rs []*Record
	files := map[*Record]string{}
	for _, name := range fo.records {
		e, r := l.entry(name)
		if r == nil {
			continue
		}
		if r.Number == 0 {
			r.Number = e.Number
		}
		rs = append(rs, r)
		files[r] = e.File
	}
	return rs, files, nil
}

// Record returns the parsed record a Remembered entry was built from.
func (x *Remembered) Record() *Record { return x.rec }

// A Query selects records of a Memory. The zero Query selects all; each
// set field narrows the selection.
type Query struct {
	Kinds []StatusKind // any of these kinds
	// From and To bound the decision date (YYYY-MM-DD, inclusive); records
	// without a date are left out when either is set.
	From, To string
	// Tag, Criterion and Alternative select records with that tag, a
	// criterion of that name or an option of that name (case-insensitive,
	// surrounding spaces ignored).
	Tag, Criterion, Alternative string
}

// Find returns the records q selects, in log order.
func (m *Memory) Find(q Query) []Remembered {
	var out []Remembered
	for _, x := range m.Records {
		if q.matches(x) {
			out = append(out, x)
		}
	}
	return out
}

func (q Query) matches(x Remembered) bool {
	if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, x.Kind) {
		return false
	}
	if q.From != "" || q.To != "" {
		if x.Day == "" || (q.From != "" && x.Day < q.From) || (q.To != "" && x.Day > q.To) {
			return false
		}
	}
	eq := func(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }
	has := func(want string, list []string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return eq(s, want) })
	}
	if q.Tag != "" && !has(q.Tag, x.Tags) {
		return false
	}
	if q.Alternative != "" && !has(q.Alternative, x.Alternatives) {
		return false
	}
	if q.Criterion != "" && !slices.ContainsFunc(x.Criteria, func(c RememberedWeight) bool { return eq(c.Criterion, q.Criterion) }) {
		return false
	}
	return true
}

// A Rejection is an alternative a record considered and did not select.
type Rejection struct {
	Alternative string `json:"alternative"`
	Record      int    `json:"record"` // number of the record
	Title       string `json:"title"`  // the record's title
	Selected    string `json:"selected,omitempty"`
	// Score is the composite the record declares for the alternative
	// (0–100), nil when it declares none.
	Score *float64 `json:"score,omitempty"`
}

// Rejected lists every alternative turned down: every option of a record
// with a selection other than the selected one, in log order. Records
// without a selection reject nothing.
func (m *Memory) Rejected() []Rejection {
	var out []Rejection
	for _, x := range m.Records {
		if x.Selected == "" || x.rec == nil {
			continue
		}
		for _, o := range x.rec.Options {
			if sameName(o.Name, x.Selected) {
				continue
			}
			rj := Rejection{Alternative: o.Name, Record: x.Number, Title: x.Title, Selected: x.Selected}
			if o.WeightedScore.IsNumber() {
				v := o.WeightedScore.Value
				rj.Score = &v
			}
			out = append(out, rj)
		}
	}
	return out
}

// A WeightHistory is one criterion's weight across the records that use it.
type WeightHistory struct {
	Criterion string        `json:"criterion"` // name as first written
	Points    []WeightPoint `json:"points"`
}

// A WeightPoint is a criterion's weight in one record.
type WeightPoint struct {
	Record int     `json:"record"`
	Day    string  `json:"day,omitempty"`
	Weight float64 `json:"weight"` // percent of the record's total weight
}

// Weights returns the weight history of every criterion (criteria are the
// same when their names are, ignoring letter case), ordered by first use.
func (m *Memory) Weights() []WeightHistory {
	var out []WeightHistory
	idx := map[string]int{}
	for _, x := range m.Records {
		for _, c := range x.Criteria {
			k := key(c.Criterion)
			i, ok := idx[k]
			if !ok {
				i = len(out)
				idx[k] = i
				out = append(out, WeightHistory{Criterion: c.Criterion})
			}
			out[i].Points = append(out[i].Points, WeightPoint{Record: x.Number, Day: x.Day, Weight: c.Weight})
		}
	}
	return out
}

// Metrics are the protocol's success measures of a log.
type Metrics struct {
	Records int                `json:"records"`
	ByKind  map[StatusKind]int `json:"by_kind"` // JSON keys sorted
	// Decided counts the records that were ever in force: accepted,
	// superseded or deprecated.
	Decided int `json:"decided"`
	// Superseded counts the records superseded by another (by status or
	// link); Reversed those superseded within Months months of their date
	// (by the superseding record's date; both dates needed), or all of
	// them when Months is 0.
	Superseded int `json:"superseded"`
	Reversed   int `json:"reversed"`
	Months     int `json:"months"`
	// ReversalRate is Reversed / Decided (0–1); the protocol asks for less
	// than 0.05. Nil when nothing was decided.
	ReversalRate *float64 `json:"reversal_rate"`
	// DaysToSupersede lists, per superseded record whose and whose
	// successor's dates are known, the days between them, in log order;
	// MedianDaysToSupersede is their median (nil when none).
	DaysToSupersede       []int    `json:"days_to_supersede"`
	MedianDaysToSupersede *float64 `json:"median_days_to_supersede"`
	// TriggersPerRecord is the mean number of backtracking triggers of the
	// decided records (the protocol asks for 3–7); nil when none.
	TriggersPerRecord *float64 `json:"triggers_per_record"`
}

// Metrics computes the log's metrics; months is the reversal window (a
// decision superseded within it counts as reversed; 0 counts every
// supersession).
func (m *Memory) Metrics(months int) Metrics {
	mt := Metrics{Records: len(m.Records), ByKind: map[StatusKind]int{}, Months: months, DaysToSupersede: []int{}}
	byNum := m.byNumber()
	triggers := 0
	for _, x := range m.Records {
		mt.ByKind[x.Kind]++
		superseded := x.Kind == Superseded || x.SupersededBy != 0
		if x.Kind == Accepted || x.Kind == Deprecated || superseded {
			mt.Decided++
			triggers += len(x.Triggers)
		}
		if !superseded {
			continue
		}
		mt.Superseded++
		j, ok := byNum[x.SupersededBy]
		if !ok || x.Day == "" || m.Records[j].Day == "" {
			if months == 0 { // an undated supersession counts only without a window
				mt.Reversed++
			}
			continue
		}
		a, _ := time.Parse(time.DateOnly, x.Day)
		b, _ := time.Parse(time.DateOnly, m.Records[j].Day)
		mt.DaysToSupersede = append(mt.DaysToSupersede, int(b.Sub(a).Hours()/24))
		if months == 0 || !b.After(a.AddDate(0, months, 0)) {
			mt.Reversed++
		}
	}
	if mt.Decided > 0 {
		r := float64(mt.Reversed) / float64(mt.Decided)
		mt.ReversalRate = &r
		t := float64(triggers) / float64(mt.Decided)
		mt.TriggersPerRecord = &t
	}
	if n := len(mt.DaysToSupersede); n > 0 {
		s := slices.Clone(mt.DaysToSupersede)
		slices.Sort(s)
		med := float64(s[n/2])
		if n%2 == 0 {
			med = float64(s[n/2-1]+s[n/2]) / 2
		}
		mt.MedianDaysToSupersede = &med
	}
	return mt
}

// A Lesson is what one supersession teaches: how the scores of the
// alternatives both records evaluated moved, per criterion.
type Lesson struct {
	Old int `json:"old"` // number of the superseded record
	New int `json:"new"` // number of the record that superseded it
	// Moves are the criteria scored in both records, largest mean
	// absolute score change first (ties in the old record's order).
	Moves []ScoreMove `json:"moves"`
}

// A ScoreMove is the change of one criterion's scores between two records.
type ScoreMove struct {
	Criterion string `json:"criterion"`
	// MeanAbsChange is the mean of |new − old| over the alternatives scored
	// on the criterion in both records, on the old record's scale; Changes
	// lists them.
	MeanAbsChange float64       `json:"mean_abs_change"`
	Changes       []ScoreChange `json:"changes"`
}

// A ScoreChange is one alternative's score change on one criterion.
type ScoreChange struct {
	Alternative string  `json:"alternative"`
	Old         float64 `json:"old"`
	New         float64 `json:"new"`
}

// Lessons compares every superseded record that has scores with the record
// that superseded it.
func (m *Memory) Lessons() []Lesson {
	byNum := m.byNumber()
	var out []Lesson
	for _, x := range m.Records {
		j, ok := byNum[x.SupersededBy]
		if !ok || x.rec == nil || m.Records[j].rec == nil {
			continue
		}
		nx := m.Records[j]
		l := Lesson{Old: x.Number, New: nx.Number, Moves: scoreMoves(x.rec, nx.rec)}
		if len(l.Moves) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// scores returns an option's scores by lower-case criterion name.
func scores(o Option) map[string]float64 {
	m := map[string]float64{}
	for _, s := range o.Scores {
		if s.Value.IsNumber() {
			m[key(s.Criterion)] = s.Value.Value
		}
	}
	return m
}

func scoreMoves(old, nw *Record) []ScoreMove {
	var moves []ScoreMove
	var crits []string
	seen := map[string]bool{}
	for _, o := range old.Options {
		for _, s := range o.Scores {
			k := key(s.Criterion)
			if !seen[k] {
				seen[k] = true
				crits = append(crits, s.Criterion)
			}
		}
	}
	// Each old option is paired with the first new option of the same
	// name; their scores are read once.
	type pair struct {
		name     string
		old, new map[string]float64
	}
	var pairs []pair
	for _, oo := range old.Options {
		for _, no := range nw.Options {
			if sameName(oo.Name, no.Name) {
				pairs = append(pairs, pair{bareName(oo.Name), scores(oo), scores(no)})
				break
			}
		}
	}
	for _, c := range crits {
		k := key(c)
		mv := ScoreMove{Criterion: strings.TrimSpace(c)}
		sum := 0.0
		for _, p := range pairs {
			a, okA := p.old[k]
			b, okB := p.new[k]
			if okA && okB {
				mv.Changes = append(mv.Changes, ScoreChange{Alternative: p.name, Old: a, New: b})
				sum += math.Abs(b - a)
			}
		}
		if len(mv.Changes) > 0 {
			mv.MeanAbsChange = numfmt.Round(sum/float64(len(mv.Changes)), 6)
			moves = append(moves, mv)
		}
	}
	slices.SortStableFunc(moves, func(a, b ScoreMove) int { return cmp.Compare(b.MeanAbsChange, a.MeanAbsChange) })
	return moves
}

// A MemoryReport gathers a memory's answers for JSON output.
type MemoryReport struct {
	Metrics  Metrics         `json:"metrics"`
	Rejected []Rejection     `json:"rejected"`
	Weights  []WeightHistory `json:"weights"`
	Lessons  []Lesson        `json:"lessons"`
}

// Report returns the metrics (reversal window months), rejected
// alternatives, weight histories and lessons; nil slices are empty.
func (m *Memory) Report(months int) MemoryReport {
	r := MemoryReport{Metrics: m.Metrics(months), Rejected: m.Rejected(), Weights: m.Weights(), Lessons: m.Lessons()}
	if r.Rejected == nil {
		r.Rejected = []Rejection{}
	}
	if r.Weights == nil {
		r.Weights = []WeightHistory{}
	}
	if r.Lessons == nil {
		r.Lessons = []Lesson{}
	}
	return r
}

// WriteMarkdown writes the memory report as Markdown: the metrics, the
// records by status, the supersessions with their lessons, the rejected
// alternatives and the weight history of every criterion used more than
// once.
func (m *Memory) WriteMarkdown(w io.Writer, months int) error {
	rep := m.Report(months)
	mt := rep.Metrics
	var b strings.Builder
	b.WriteString("# Decision memory\n\n")
	fmt.Fprintf(&b, "- Records: %d (decided: %d)\n", mt.Records, mt.Decided)
	kinds := []StatusKind{Accepted, Proposed, Draft, Rejected, Deprecated, Superseded, Unknown}
	var parts []string
	for _, k := range kinds {
		if n := mt.ByKind[k]; n > 0 {
			parts = append(parts, string(k)+" "+strconv.Itoa(n))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, "- By status: %s\n", strings.Join(parts, ", "))
	}
	window := "at any time"
	if months > 0 {
		window = "within " + strconv.Itoa(months) + " months"
	}
	rate := "n/a"
	if mt.ReversalRate != nil {
		rate = numfmt.Trim(100**mt.ReversalRate, 1) + "%"
	}
	fmt.Fprintf(&b, "- Superseded: %d; reversed %s: %d; reversal rate: %s (target < 5%%)\n", mt.Superseded, window, mt.Reversed, rate)
	if mt.MedianDaysToSupersede != nil {
		fmt.Fprintf(&b, "- Median time to supersede: %s days (%d supersessions dated)\n", numfmt.Trim(*mt.MedianDaysToSupersede, 1), len(mt.DaysToSupersede))
	}
	if mt.TriggersPerRecord != nil {
		fmt.Fprintf(&b, "- Backtracking triggers per decided record: %s (target 3–7)\n", numfmt.Trim(*mt.TriggersPerRecord, 2))
	}
	b.WriteString("\n## Records\n\n| # | Title | Status | Date | Superseded by |\n|---|---|---|---|---|\n")
	for _, x := range m.Records {
		by := ""
		if x.SupersededBy != 0 {
			by = strconv.Itoa(x.SupersededBy)
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n", x.Number, mdtext.Cell(x.Title), x.Kind, mdtext.Cell(x.Date), by)
	}
	if len(rep.Lessons) > 0 {
		b.WriteString("\n## What the superseded decisions got wrong\n\n")
		for _, l := range rep.Lessons {
			fmt.Fprintf(&b, "### %d → %d\n\n| Criterion | Mean score change | Changes |\n|---|---|---|\n", l.Old, l.New)
			for _, mv := range l.Moves {
				var ch []string
				for _, c := range mv.Changes {
					ch = append(ch, mdtext.Cell(c.Alternative)+" "+numfmt.Trim(c.Old, 2)+"→"+numfmt.Trim(c.New, 2))
				}
				fmt.Fprintf(&b, "| %s | %s | %s |\n", mdtext.Cell(mv.Criterion), numfmt.Trim(mv.MeanAbsChange, 2), strings.Join(ch, ", "))
			}
			b.WriteString("\n")
		}
	}
	if len(rep.Rejected) > 0 {
		b.WriteString("\n## Rejected alternatives\n\n| Alternative | Record | Selected instead | Score |\n|---|---|---|---|\n")
		for _, rj := range rep.Rejected {
			score := ""
			if rj.Score != nil {
				score = numfmt.Trim(*rj.Score, 2)
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", mdtext.Cell(rj.Alternative), rj.Record, mdtext.Cell(rj.Selected), score)
		}
	}
	var multi []WeightHistory
	for _, h := range rep.Weights {
		if len(h.Points) > 1 {
			multi = append(multi, h)
		}
	}
	if len(multi) > 0 {
		b.WriteString("\n## Criterion weights across records\n\n| Criterion | Weights (record: %) |\n|---|---|\n")
		for _, h := range multi {
			var ps []string
			for _, p := range h.Points {
				ps = append(ps, strconv.Itoa(p.Record)+": "+numfmt.Trim(p.Weight, 1))
			}
			fmt.Fprintf(&b, "| %s | %s |\n", mdtext.Cell(h.Criterion), strings.Join(ps, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
