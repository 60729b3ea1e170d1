// Command closed-loop closes the loop of a decision: a decision is
// recorded and accepted, a year of production metrics comes in, one of its
// backtracking triggers fires, and the decision is re-evaluated and
// superseded, with the provenance of every step and the memory of the log.
//
// It reads decision.yaml (the job-queue decision of January 2026) and
// revised.yaml (the same decision re-scored after the trigger fired) from
// the -dir folder, generates a year of hourly metrics deterministically, and
// writes into the output folder (every path in the provenance is relative
// to it):
//
//	decisions/decision.yaml, revised.yaml  copies of the decision files
//	metrics.csv                 2026's hourly metrics (time,metric,value)
//	adr/0001-….md               the accepted decision, then superseded
//	adr/0002-….md               the re-evaluation, proposed, with "What Changed"
//	revisit.md                  which triggers fired, when, on which values
//	provenance/0001.prov.json   ADR 1 generated from decision.yaml
//	provenance/0002.prov.json   ADR 2, a revision of ADR 1, derived from revised.yaml and metrics.csv
//	memory.md, memory.json      the decision memory of the log
//
// and prints a summary. Nothing reads the clock: every time comes from the
// data, so every run writes the same bytes. The output folder's adr
// subfolder must be empty or absent.
//
// Usage, from the module root:
//
//	go run ./examples/closed-loop [-dir examples/closed-loop] [-out DIR (default out/closed-loop)]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/prov"
	"github.com/deliberate-dev/deliberate/tot"
)

// agent is the provenance agent of every generated file.
var agent = prov.Agent{ID: "tool:deliberate", Name: "deliberate closed-loop example", Version: "0.1.0"}

// accepted is when the first decision was recorded and accepted.
var accepted = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// reversalMonths is the reversal window of the memory report.
const reversalMonths = 12

func main() {
	dir := flag.String("dir", "examples/closed-loop", "folder holding decision.yaml and revised.yaml")
	out := flag.String("out", filepath.Join("out", "closed-loop"), "folder for the generated files")
	flag.Parse()
	if err := run(os.Stdout, *dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "closed-loop:", err)
		os.Exit(1)
	}
}

// metrics returns 2026's hourly metrics as CSV: jobs per second growing
// from about 150 to 550 over the year with a daily cycle (±10%, peak at
// 14:00 UTC) and ±5% noise; the queue's p95 latency and the database's CPU
// follow the load. The noise comes from a PCG source with a fixed seed.
func metrics() []byte {
	rng := rand.New(rand.NewPCG(2026, 1))
	var b bytes.Buffer
	b.WriteString("time,metric,value\n")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	hours := end.Sub(start).Hours()
	for at := start; at.Before(end); at = at.Add(time.Hour) {
		t := at.Sub(start).Hours() / hours
		daily := 1 + 0.1*math.Cos(2*math.Pi*(float64(at.Hour())-14)/24)
		jobs := (150 + 400*t) * daily * (1 + 0.05*(2*rng.Float64()-1))
		latency := 60 + 0.25*jobs + 10*(2*rng.Float64()-1)
		cpu := min(100, 12+0.12*jobs+3*(2*rng.Float64()-1))
		ts := at.Format(time.RFC3339)
		fmt.Fprintf(&b, "%s,jobs_per_second,%s\n", ts, numfmt.Trim(jobs, 1))
		fmt.Fprintf(&b, "%s,queue_latency_p95_ms,%s\n", ts, numfmt.Trim(latency, 1))
		fmt.Fprintf(&b, "%s,db_cpu_percent,%s\n", ts, numfmt.Trim(cpu, 1))
	}
	return b.Bytes()
}

// run does the whole loop and prints the summary to w.
func run(w io.Writer, dir, out string) error {
	decision, err := os.ReadFile(filepath.Join(dir, "decision.yaml"))
	if err != nil {
		return err
	}
	revised, err := os.ReadFile(filepath.Join(dir, "revised.yaml"))
	if err != nil {
		return err
	}
	adrDir := filepath.Join(out, "adr")
	if des, err := os.ReadDir(adrDir); err == nil && len(des) > 0 {
		return fmt.Errorf("%s already holds files: remove it or choose another -out", adrDir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	series := metrics()
	files := map[string][]byte{
		"decisions/decision.yaml": decision,
		"decisions/revised.yaml":  revised,
		"metrics.csv":             series,
	}
	for _, name := range []string{"decisions/decision.yaml", "decisions/revised.yaml", "metrics.csv"} {
		if err := writeFile(out, name, files[name]); err != nil {
			return err
		}
	}

	// 1. The decision of January, recorded and accepted.
	l, err := adr.OpenLog(adrDir, adr.ToT)
	if err != nil {
		return err
	}
	l.Now = func() time.Time { return accepted }
	d, err := tot.ParseDecision(decision)
	if err != nil {
		return fmt.Errorf("decision.yaml: %w", err)
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		return fmt.Errorf("decision.yaml: %w", err)
	}
	r, err := adr.FromDecision(d, res)
	if err != nil {
		return err
	}
	r.Status, r.Date = "Accepted", accepted.Format(time.DateOnly)
	r.Deciders, r.Tags = []string{"Platform team"}, []string{"queues", "order-service"}
	e1, err := l.Append(r)
	if err != nil {
		return err
	}
	adr1, err := os.ReadFile(e1.Path)
	if err != nil {
		return err
	}
	a1 := prov.Artifact{Path: "adr/" + e1.File, Content: adr1}
	p1 := prov.Generated(
		a1,
		[]prov.Artifact{{Path: "decisions/decision.yaml", Type: "data", Content: decision}},
		prov.Activity{Type: "generation", Name: "adr-" + strconv.Itoa(e1.Number), Description: "evaluation of decisions/decision.yaml"},
		agent, accepted)
	fmt.Fprintf(w, "Decision: %s (ADR %d, %s %s)\n", r.Title, e1.Number, strings.ToLower(r.Status), r.Date)
	fmt.Fprintf(w, "  selected %s, %s/100; %d backtracking triggers\n", r.Decision.Selected, numfmt.Fixed(res.Ranking[0].Score, 1), len(r.Triggers))

	// 2. A year of metrics, checked against the accepted record's triggers.
	obs, err := tot.ReadObservations(bytes.NewReader(series))
	if err != nil {
		return fmt.Errorf("metrics.csv: %w", err)
	}
	rv, err := l.Revisit(obs)
	if err != nil {
		return err
	}
	var rvmd bytes.Buffer
	if err := rv.WriteMarkdown(&rvmd); err != nil {
		return err
	}
	if err := writeFile(out, "revisit.md", rvmd.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nMetrics: %d hourly observations of %d metrics in 2026 (metrics.csv)\n", len(obs), len(rv.Metrics))
	var first *tot.Firing
	for _, rr := range rv.Records {
		for _, t := range rr.Triggers {
			fmt.Fprintf(w, "  %s %s", t.Trigger.ID, t.State)
			if len(t.Firings) > 0 {
				f := t.Firings[0]
				fmt.Fprintf(w, " at %s: %s = %s, breaching since %s", f.At.Format(time.RFC3339), t.Metric, numfmt.Trim(f.Value, 1), f.Since.Format(time.RFC3339))
				if first == nil || f.At.Before(first.At) {
					first = &f
				}
			}
			fmt.Fprintln(w)
		}
	}
	if first == nil {
		return errors.New("no trigger fired: nothing to reopen")
	}

	// 3. The decision re-evaluated three days after the first firing.
	at := time.Date(first.At.Year(), first.At.Month(), first.At.Day()+3, 9, 0, 0, 0, time.UTC)
	re, err := l.Reopen(adr.ReopenOptions{
		Number: e1.Number, Decision: revised, DecisionName: "decisions/revised.yaml",
		Observations: series, ObservationsName: "metrics.csv", LogPath: "adr", At: at, Agent: agent,
	})
	if err != nil {
		return err
	}
	ch := re.Changes
	fmt.Fprintf(w, "\nReopened %s: ADR %d (%s) supersedes ADR %d\n", at.Format(time.DateOnly), re.New.Number, strings.ToLower(re.Record.Status), e1.Number)
	fmt.Fprintf(w, "  selection: %s → %s\n", ch.OldSelected, ch.NewSelected)
	for _, c := range ch.Weights {
		if c.Old != nil && c.New != nil && *c.Old != *c.New {
			fmt.Fprintf(w, "  weight %s: %s%% → %s%%\n", c.Criterion, numfmt.Trim(*c.Old, 2), numfmt.Trim(*c.New, 2))
		}
	}
	for _, s := range ch.Scores {
		fmt.Fprintf(w, "  score %s / %s: %s → %s\n", s.Alternative, s.Criterion, numfmt.Trim(s.Old, 2), numfmt.Trim(s.New, 2))
	}
	for _, k := range ch.Ranks {
		fmt.Fprintf(w, "  rank %s: %d (%s) → %d (%s)\n", k.Alternative, k.OldRank, numfmt.Fixed(*k.OldScore, 1), k.NewRank, numfmt.Fixed(*k.NewScore, 1))
	}

	// 4. The provenance chain.
	p2 := re.Provenance
	for name, doc := range map[string]*prov.Document{"provenance/0001.prov.json": p1, "provenance/0002.prov.json": p2} {
		var b bytes.Buffer
		if err := doc.WriteJSON(&b); err != nil {
			return err
		}
		if err := writeFile(out, name, b.Bytes()); err != nil {
			return err
		}
	}
	errs := 0
	for _, doc := range []*prov.Document{p1, p2} {
		for _, p := range prov.Validate(doc) {
			if p.Severity == prov.SeverityError {
				errs++
			}
		}
	}
	fmt.Fprintf(w, "\nProvenance (%d validation errors):\n", errs)
	sum1, sum2 := checksums(p1), checksums(p2)
	id1, id2 := a1.ID(), prov.Artifact{Path: "adr/" + re.New.File}.ID()
	fmt.Fprintf(w, "  adr/%s  %s  generated from decisions/decision.yaml\n", e1.File, short(sum1[id1]))
	fmt.Fprintf(w, "  adr/%s  %s  revision of adr/%s (%s), derived from decisions/revised.yaml and metrics.csv\n", re.New.File, short(sum2[id2]), e1.File, short(sum2[id1]))
	if sum1[id1] != sum2[id1] {
		return errors.New("provenance: ADR 1's checksum as generated differs from the one its revision names")
	}
	fmt.Fprintln(w, "  the revision names ADR 1 by the checksum it was generated with")

	// 5. The memory of the log.
	m, err := l.Memory()
	if err != nil {
		return err
	}
	var mmd bytes.Buffer
	if err := m.WriteMarkdown(&mmd, reversalMonths); err != nil {
		return err
	}
	mjs, err := json.MarshalIndent(m.Report(reversalMonths), "", "  ")
	if err != nil {
		return err
	}
	if err := writeFile(out, "memory.md", mmd.Bytes()); err != nil {
		return err
	}
	if err := writeFile(out, "memory.json", append(mjs, '\n')); err != nil {
		return err
	}
	mt := m.Metrics(reversalMonths)
	fmt.Fprintf(w, "\nMemory: %d records (%s), %d reversed within %d months", mt.Records, kinds(mt.ByKind), mt.Reversed, reversalMonths)
	if mt.MedianDaysToSupersede != nil {
		fmt.Fprintf(w, ", superseded after %s days", numfmt.Trim(*mt.MedianDaysToSupersede, 1))
	}
	fmt.Fprintln(w)
	for _, ls := range m.Lessons() {
		if len(ls.Moves) > 0 {
			mv := ls.Moves[0]
			fmt.Fprintf(w, "  ADR %d → %d: %s scores moved most (mean change %s)\n", ls.Old, ls.New, mv.Criterion, numfmt.Trim(mv.MeanAbsChange, 2))
		}
	}
	for _, rj := range m.Rejected() {
		fmt.Fprintf(w, "  rejected in ADR %d: %s\n", rj.Record, rj.Alternative)
	}
	fmt.Fprintln(w, "\nWrote decisions/, metrics.csv, adr/, revisit.md, provenance/, memory.md, memory.json")
	return nil
}

// kinds writes the counts by status kind in a fixed order.
func kinds(by map[adr.StatusKind]int) string {
	var parts []string
	for _, k := range []adr.StatusKind{adr.Accepted, adr.Proposed, adr.Superseded} {
		if by[k] > 0 {
			parts = append(parts, strconv.Itoa(by[k])+" "+string(k))
		}
	}
	return strings.Join(parts, ", ")
}

// checksums returns each entity's sha256 checksum.
func checksums(d *prov.Document) map[prov.QName]string {
	out := map[prov.QName]string{}
	for _, r := range d.Statements {
		if r.Kind == prov.KindEntity {
			if v := r.Attr(prov.AttrChecksum); len(v) == 1 {
				out[r.ID] = v[0].Lexical
			}
		}
	}
	return out
}

// short abbreviates a checksum to its first 12 hex digits.
func short(sum string) string {
	if len(sum) > len("sha256:")+12 {
		return sum[:len("sha256:")+12] + "…"
	}
	return sum
}

func writeFile(out, name string, data []byte) error {
	p := filepath.Join(out, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
