package adr

import (
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/mdtext"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// A Revisit is the outcome of checking the backtracking triggers of a
// log's accepted records against observations: which triggers fired, when
// and on which values, and which can never fire because no observation has
// their metric.
type Revisit struct {
	Records []RevisitedRecord `json:"records"`
	// Metrics are the metric names the observations hold, sorted.
	Metrics []string `json:"metrics"`
}

// A RevisitedRecord is one accepted record with triggers.
type RevisitedRecord struct {
	Number   int                `json:"number"`
	Title    string             `json:"title"`
	File     string             `json:"file,omitempty"`
	Triggers []RevisitedTrigger `json:"triggers"`
}

// Trigger states of a revisit.
const (
	TriggerFired         = "fired"          // the condition held (over its window)
	TriggerQuiet         = "quiet"          // observed, never held
	TriggerUnknownMetric = "unknown-metric" // no observation has its metric: it can never fire
	TriggerUnmeasurable  = "unmeasurable"   // no metric, operator or threshold could be read
)

// A RevisitedTrigger is one trigger of a record and what the observations
// say of it.
type RevisitedTrigger struct {
	Text    string       `json:"text"`    // as the record writes it
	Trigger tot.Trigger  `json:"-"`       // as read from Text
	State   string       `json:"state"`   // TriggerFired, TriggerQuiet, TriggerUnknownMetric or TriggerUnmeasurable
	Metric  string       `json:"metric"`  // the metric read from Text
	Firings []tot.Firing `json:"firings"` // when it fired, in time order; empty unless fired
}

// Fired reports whether any trigger of the record fired.
func (r RevisitedRecord) Fired() bool {
	return slices.ContainsFunc(r.Triggers, func(t RevisitedTrigger) bool { return t.State == TriggerFired })
}

// reParenthesised finds the parenthesised groups of a trigger's text; the
// notation inside is tot.ParseCondition's to judge.
var reParenthesised = regexp.MustCompile(`\(([^()]+)\)`)

// ReadTrigger reads one backtracking trigger as a record writes it. A
// condition in the decision file's notation in parentheses ("Scalability:
// users exceed 40K (active_users > 40000 for 14d)", as FromDecision writes
// it) is read exactly; otherwise the prose is read by tot.ParseTriggerText.
// The category comes from a leading "Label:".
func ReadTrigger(text string) tot.Trigger {
	t := tot.ParseTriggerText(text)
	ms := reParenthesised.FindAllStringSubmatch(text, -1)
	for i := len(ms) - 1; i >= 0; i-- { // the last condition wins
		if c, err := tot.ParseCondition(ms[i][1]); err == nil {
			t.Metric, t.Op, t.Threshold, t.Unit, t.For, t.Consecutive = c.Metric, c.Op, c.Threshold, c.Unit, c.For, c.Consecutive
			break
		}
	}
	return t
}

// RevisitRecords checks the triggers of every accepted record of rs against
// obs (see tot.EvaluateTriggers for when a trigger fires). Records are taken
// in number order; a record's triggers get the IDs "T1", "T2", … in the
// order it lists them; nil records are skipped. Observations are validated
// by tot.EvaluateTriggers: an invalid one is an error.
func RevisitRecords(rs []*Record, obs []tot.Observation) (*Revisit, error) {
	metrics := map[string]bool{}
	for _, o := range obs {
		metrics[o.Metric] = true
	}
	rv := &Revisit{Records: []RevisitedRecord{}, Metrics: make([]string, 0, len(metrics))}
	for m := range metrics {
		rv.Metrics = append(rv.Metrics, m)
	}
	slices.Sort(rv.Metrics)
	sorted := slices.DeleteFunc(slices.Clone(rs), func(r *Record) bool { return r == nil })
	slices.SortStableFunc(sorted, func(a, b *Record) int { return cmp.Compare(a.Number, b.Number) })
	// Every measurable trigger of every record is evaluated in one pass
	// over the observations, under the ID "record/trigger" (indexes).
	var ts []tot.Trigger
	for _, r := range sorted {
		if r.Kind() != Accepted || len(r.Triggers) == 0 {
			continue
		}
		ri := len(rv.Records)
		rr := RevisitedRecord{Number: r.Number, Title: r.Title}
		for i, text := range r.Triggers {
			t := ReadTrigger(text)
			t.ID = "T" + strconv.Itoa(i+1)
			rt := RevisitedTrigger{Text: text, Trigger: t, Metric: t.Metric, Firings: []tot.Firing{}}
			switch {
			case t.Metric == "" || t.Op == "" || t.Threshold == nil:
				rt.State = TriggerUnmeasurable
			case !metrics[t.Metric]:
				rt.State = TriggerUnknownMetric
			default:
				rt.State = TriggerQuiet
				t.ID = strconv.Itoa(ri) + "/" + strconv.Itoa(i)
				ts = append(ts, t)
			}
			rr.Triggers = append(rr.Triggers, rt)
		}
		rv.Records = append(rv.Records, rr)
	}
	if len(ts) == 0 {
		return rv, nil
	}
	fs, err := tot.EvaluateTriggers(ts, obs)
	if err != nil {
		return nil, fmt.Errorf("adr: revisit: %w", err)
	}
	for _, f := range fs {
		a, b, _ := strings.Cut(f.Trigger, "/")
		ri, _ := strconv.Atoi(a)
		ti, _ := strconv.Atoi(b)
		rt := &rv.Records[ri].Triggers[ti]
		f.Trigger = rt.Trigger.ID
		rt.State = TriggerFired
		rt.Firings = append(rt.Firings, f)
	}
	return rv, nil
}

// Revisit reads the log (the records Log.Memory reads) and checks its
// accepted records' triggers against obs (see RevisitRecords). Each
// record's File is set.
func (l *Log) Revisit(obs []tot.Observation) (*Revisit, error) {
	rs, byRec, err := l.records()
	if err != nil {
		return nil, err
	}
	files := map[int]string{}
	for _, r := range rs {
		files[r.Number] = byRec[r]
	}
	rv, err := RevisitRecords(rs, obs)
	if err != nil {
		return nil, err
	}
	for i := range rv.Records {
		rv.Records[i].File = files[rv.Records[i].Number]
	}
	return rv, nil
}

// FireRate returns the share of measurable triggers (those whose metric is
// observed) that fired, 0–1, and false when none is measurable.
func (rv *Revisit) FireRate() (float64, bool) {
	fired, n := 0, 0
	for _, r := range rv.Records {
		for _, t := range r.Triggers {
			switch t.State {
			case TriggerFired:
				fired++
				n++
			case TriggerQuiet:
				n++
			}
		}
	}
	if n == 0 {
		return 0, false
	}
	return float64(fired) / float64(n), true
}

// WriteMarkdown writes the revisit as a Markdown report: the records whose
// triggers fired first, with every firing (time, value, since when, how
// many observations), then the triggers that can never fire on the
// metrics observed, then the quiet records.
func (rv *Revisit) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Revisit\n\n")
	fired, never := 0, 0
	for _, r := range rv.Records {
		if r.Fired() {
			fired++
		}
		for _, t := range r.Triggers {
			if t.State == TriggerUnknownMetric || t.State == TriggerUnmeasurable {
				never++
			}
		}
	}
	fmt.Fprintf(&b, "%d accepted records with triggers; %d to revisit; %d triggers that cannot fire on the metrics observed (%s).\n",
		len(rv.Records), fired, never, strings.Join(rv.Metrics, ", "))
	if fired > 0 {
		b.WriteString("\n## To revisit\n")
		for _, r := range rv.Records {
			if !r.Fired() {
				continue
			}
			fmt.Fprintf(&b, "\n### %d. %s\n\n| Trigger | Fired at | Value | Since | Observations |\n|---|---|---|---|---|\n", r.Number, mdtext.Inline(r.Title))
			for _, t := range r.Triggers {
				for _, f := range t.Firings {
					fmt.Fprintf(&b, "| %s | %s | %s | %s | %d |\n", mdtext.Cell(t.Text), f.At.Format("2006-01-02T15:04:05Z07:00"),
						numfmt.Trim(f.Value, 6), f.Since.Format("2006-01-02T15:04:05Z07:00"), f.Count)
				}
			}
		}
	}
	if never > 0 {
		b.WriteString("\n## Triggers that cannot fire\n\n| Record | Trigger | Why |\n|---|---|---|\n")
		for _, r := range rv.Records {
			for _, t := range r.Triggers {
				switch t.State {
				case TriggerUnknownMetric:
					fmt.Fprintf(&b, "| %d | %s | no observation of %s |\n", r.Number, mdtext.Cell(t.Text), mdtext.Cell(t.Metric))
				case TriggerUnmeasurable:
					fmt.Fprintf(&b, "| %d | %s | no metric, operator or threshold could be read |\n", r.Number, mdtext.Cell(t.Text))
				}
			}
		}
	}
	quiet := false
	for _, r := range rv.Records {
		if r.Fired() {
			continue
		}
		if !quiet {
			b.WriteString("\n## Quiet\n\n")
			quiet = true
		}
		fmt.Fprintf(&b, "- %d. %s\n", r.Number, mdtext.Inline(r.Title))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
