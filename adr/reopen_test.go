package adr_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/internal/interop"
	"github.com/deliberate-dev/deliberate/prov"
	"github.com/deliberate-dev/deliberate/tot"
)

// Three versions of one decision. The composites are computed by hand
// (weights normalised by their sum, scores on 0–10, × 10):
//
//	v1 (perf 40, ops 35, cost 25): Redis 0.40×9+0.35×7+0.25×6 = 7.55 → 75.5,
//	    PostgreSQL 0.40×5+0.35×9+0.25×8 = 7.15 → 71.5.
//	v2 (perf 30, ops 35, cost 35; Redis cost 6 → 4): Redis 2.7+2.45+1.4 = 6.55
//	    → 65.5, PostgreSQL 1.5+3.15+2.8 = 7.45 → 74.5.
//	v3 (v2 + Valkey 9, 7, 7): Valkey 2.7+2.45+2.45 = 7.6 → 76.
const reopenV1 = `title: Session store
context: Sessions of the web tier need a shared store.
criteria:
  - {id: perf, name: Performance, weight: 40}
  - {id: ops, name: Operability, weight: 35}
  - {id: cost, name: Cost, weight: 25}
alternatives:
  - {id: redis, name: Redis, scores: {perf: 9, ops: 7, cost: 6}}
  - {id: pg, name: PostgreSQL, scores: {perf: 5, ops: 9, cost: 8}}
selected: redis
rationale: Latency first.
triggers:
  - {id: T1, category: scalability, metric: sessions, op: ">", threshold: 1000, for: 2d, description: Sessions exceed 1000 for two days}
  - {id: T2, category: cost, metric: store_cost, op: ">", threshold: 500, description: Monthly store cost above 500}
`

const reopenV2 = `title: Session store
criteria:
  - {id: perf, name: Performance, weight: 30}
  - {id: ops, name: Operability, weight: 35}
  - {id: cost, name: Cost, weight: 35}
alternatives:
  - {id: redis, name: Redis, scores: {perf: 9, ops: 7, cost: 4}}
  - {id: pg, name: PostgreSQL, scores: {perf: 5, ops: 9, cost: 8}}
selected: pg
rationale: Cost matters more now that sessions grew.
triggers:
  - {id: T1, category: scalability, metric: sessions, op: ">", threshold: 5000, for: 2d, description: Sessions exceed 5000 for two days}
`

const reopenV3 = `title: Session store
criteria:
  - {id: perf, name: Performance, weight: 30}
  - {id: ops, name: Operability, weight: 35}
  - {id: cost, name: Cost, weight: 35}
alternatives:
  - {id: redis, name: Redis, scores: {perf: 9, ops: 7, cost: 4}}
  - {id: pg, name: PostgreSQL, scores: {perf: 5, ops: 9, cost: 8}}
  - {id: valkey, name: Valkey, scores: {perf: 9, ops: 7, cost: 7}}
selected: valkey
rationale: Same latency as Redis at a lower cost.
`

// sessionSeries is an hourly "sessions" series from 2026-03-01: 800 until
// 2026-03-10T00:00Z, 1200 from then on, up to 2026-03-20.
func sessionSeries() []byte {
	var b bytes.Buffer
	b.WriteString("time,metric,value\n")
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	jump := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for at := start; at.Before(start.AddDate(0, 0, 19)); at = at.Add(time.Hour) {
		v := 800
		if !at.Before(jump) {
			v = 1200
		}
		fmt.Fprintf(&b, "%s,sessions,%d\n", at.Format(time.RFC3339), v)
	}
	return b.Bytes()
}

// reopenLog returns a ToT log holding record 1, accepted, built from v1,
// with an "Operational Notes" section no field holds.
func reopenLog(t *testing.T) *adr.Log {
	t.Helper()
	l, err := adr.OpenLog(filepath.Join(t.TempDir(), "adr"), adr.ToT)
	if err != nil {
		t.Fatal(err)
	}
	d, err := tot.ParseDecision([]byte(reopenV1))
	if err != nil {
		t.Fatal(err)
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	r, err := adr.FromDecision(d, res)
	if err != nil {
		t.Fatal(err)
	}
	r.Status, r.Date = "Accepted", "2026-01-15"
	r.Deciders, r.Tags = []string{"Platform team"}, []string{"storage"}
	var b bytes.Buffer
	if err := r.Render(&b, adr.ToT); err != nil {
		t.Fatal(err)
	}
	b.WriteString("\n## Operational Notes\n\nFailover drills run every quarter.\n")
	pr, err := adr.Parse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Append(pr); err != nil {
		t.Fatal(err)
	}
	return l
}

func readRecord(t *testing.T, l *adr.Log, n int) (*adr.Record, []byte) {
	t.Helper()
	es, err := l.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Number == n {
			b, err := os.ReadFile(e.Path)
			if err != nil {
				t.Fatal(err)
			}
			r, err := adr.Parse(b)
			if err != nil {
				t.Fatal(err)
			}
			return r, b
		}
	}
	t.Fatalf("record %d not in the log", n)
	return nil, nil
}

// links returns a record's links as "rel target".
func links(r *adr.Record) []string {
	var out []string
	for _, k := range r.Links {
		out = append(out, fmt.Sprintf("%s %d", k.Rel, k.Target))
	}
	return out
}

var reopenAt = time.Date(2026, 3, 21, 9, 30, 0, 0, time.UTC)

func TestReopenProposed(t *testing.T) {
	l := reopenLog(t)
	re, err := l.Reopen(adr.ReopenOptions{
		Number: 1, Decision: []byte(reopenV2), DecisionName: "decisions/session-store.yaml",
		Observations: sessionSeries(), ObservationsName: "metrics/sessions.csv", LogPath: "docs/adr", At: reopenAt,
	})
	if err != nil {
		t.Fatal(err)
	}
	if re.New.Number != 2 || re.Old.Number != 1 {
		t.Fatalf("new %d, old %d; want 2 and 1", re.New.Number, re.Old.Number)
	}
	r2, b2 := readRecord(t, l, 2)
	r1, _ := readRecord(t, l, 1)
	if r2.Kind() != adr.Proposed || r1.Kind() != adr.Superseded {
		t.Errorf("kinds: record 1 %s, record 2 %s; want superseded, proposed", r1.Kind(), r2.Kind())
	}
	if r2.Date != "2026-03-21" {
		t.Errorf("date %q, want the re-evaluation's 2026-03-21", r2.Date)
	}
	if !bytes.Equal(b2, re.ADR) {
		t.Error("Reopened.ADR differs from the file in the log")
	}
	// carried over: people, tags, context (v2 has none), the unknown section
	if !slices.Equal(r2.Deciders, []string{"Platform team"}) || !slices.Equal(r2.Tags, []string{"storage"}) {
		t.Errorf("deciders %q, tags %q not carried over", r2.Deciders, r2.Tags)
	}
	if !strings.Contains(r2.Context, "shared store") {
		t.Errorf("context %q not carried over", r2.Context)
	}
	if !bytes.Contains(b2, []byte("## Operational Notes\n\nFailover drills run every quarter.")) {
		t.Errorf("the old record's Operational Notes section is not carried over:\n%s", b2)
	}
	// v2's own trigger replaces the old ones
	if len(r2.Triggers) != 1 || !strings.Contains(r2.Triggers[0], "5000") {
		t.Errorf("triggers %q, want v2's one", r2.Triggers)
	}
	// the fired trigger: above 1000 from 2026-03-10T00:00Z, for 2 days.
	// Each hourly observation stands for the hour that ends at it, so the
	// 48th breaching one, at 2026-03-11T23:00Z, completes the two days
	// (tot.EvaluateTriggers); not a day or an hour earlier.
	ch := re.Changes
	if len(ch.Fired) != 1 {
		t.Fatalf("fired %+v, want T1 only (T2's metric is not observed)", ch.Fired)
	}
	f := ch.Fired[0].Firing
	if want := time.Date(2026, 3, 11, 23, 0, 0, 0, time.UTC); !f.At.Equal(want) || f.Value != 1200 || f.Count != 48 {
		t.Errorf("fired at %v on %v after %d observations, want %v on 1200 after 48", f.At, f.Value, f.Count, want)
	}
	p := func(v float64) *float64 { return &v }
	wantW := []adr.WeightChange{{Criterion: "Performance", Old: p(40), New: p(30)}, {Criterion: "Operability", Old: p(35), New: p(35)}, {Criterion: "Cost", Old: p(25), New: p(35)}}
	if d := cmp.Diff(wantW, ch.Weights); d != "" {
		t.Errorf("weights (-want +got):\n%s", d)
	}
	wantS := []adr.ScoreDelta{{Alternative: "Redis", Criterion: "Cost", Old: 6, New: 4}}
	if d := cmp.Diff(wantS, ch.Scores); d != "" {
		t.Errorf("scores (-want +got):\n%s", d)
	}
	wantR := []adr.RankChange{
		{Alternative: "PostgreSQL", OldRank: 2, NewRank: 1, OldScore: p(71.5), NewScore: p(74.5)},
		{Alternative: "Redis", OldRank: 1, NewRank: 2, OldScore: p(75.5), NewScore: p(65.5)},
	}
	if d := cmp.Diff(wantR, ch.Ranks); d != "" {
		t.Errorf("ranks (-want +got):\n%s", d)
	}
	if ch.OldRanking != adr.RankRecomputed || ch.OldSelected != "Redis" || ch.NewSelected != "PostgreSQL" {
		t.Errorf("old ranking %q, selection %q → %q", ch.OldRanking, ch.OldSelected, ch.NewSelected)
	}
	// The What Changed section is in the file and parses as a section no
	// field holds; the record's own criteria are v2's three.
	var wc *adr.Section
	for i := range r2.Sections {
		if r2.Sections[i].Heading == adr.WhatChangedHeading {
			wc = &r2.Sections[i]
		}
	}
	if wc == nil || wc.Mapped {
		t.Fatalf("no unmapped What Changed section in:\n%s", b2)
	}
	for _, s := range []string{"| Performance | 40% | 30% | -10 |", "| Redis | Cost | 6 | 4 | -2 |", "| PostgreSQL | 2 | 1 | 71.5 | 74.5 |", "fired 2026-03-11T23:00:00Z at 1200, breaching since 2026-03-10T00:00:00Z"} {
		if !strings.Contains(wc.Body, s) {
			t.Errorf("What Changed lacks %q:\n%s", s, wc.Body)
		}
	}
	if len(r2.Criteria) != 3 || len(r2.Options) != 2 {
		t.Errorf("record 2 parses with %d criteria, %d options; want 3, 2", len(r2.Criteria), len(r2.Options))
	}
	if fs := adr.Audit(r2); hasError(fs) {
		t.Errorf("audit of the new record: %v", fs)
	}
	goldentest.Check(t, filepath.Join("testdata", "reopen", "0002-proposed.md"), b2)

	// A proposed record is not reopened.
	if _, err := l.Reopen(adr.ReopenOptions{Number: 2, Decision: []byte(reopenV3), DecisionName: "d.yaml", At: reopenAt}); err == nil || !strings.Contains(err.Error(), "not accepted") {
		t.Errorf("reopening a proposed record: %v", err)
	}
}

func hasError(fs []adr.Finding) bool {
	return slices.ContainsFunc(fs, func(f adr.Finding) bool { return f.Severity == tot.SeverityError })
}

func checksum(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// entityChecksums returns each entity's aiwg:checksum.
func entityChecksums(d *prov.Document) map[string]string {
	out := map[string]string{}
	for i := range d.Statements {
		r := &d.Statements[i]
		if r.Kind == prov.KindEntity {
			if v := r.Attr(prov.AttrChecksum); len(v) == 1 {
				out[string(r.ID)] = v[0].Lexical
			}
		}
	}
	return out
}

// Reopening twice gives the chain 1 → 2 → 3, linked both ways, and
// provenance whose checksums chain too.
func TestReopenChain(t *testing.T) {
	l := reopenLog(t)
	obs := sessionSeries()
	re2, err := l.Reopen(adr.ReopenOptions{Number: 1, Decision: []byte(reopenV2), DecisionName: "decisions/v2.yaml",
		Observations: obs, ObservationsName: "metrics/sessions.csv", At: reopenAt, Status: "Accepted"})
	if err != nil {
		t.Fatal(err)
	}
	at3 := reopenAt.AddDate(0, 2, 0)
	re3, err := l.Reopen(adr.ReopenOptions{Number: 2, Decision: []byte(reopenV3), DecisionName: "decisions/v3.yaml",
		Observations: obs, ObservationsName: "metrics/sessions.csv", At: at3})
	if err != nil {
		t.Fatal(err)
	}
	if re3.New.Number != 3 {
		t.Fatalf("second reopening wrote %d, want 3", re3.New.Number)
	}
	r1, _ := readRecord(t, l, 1)
	r2, b2 := readRecord(t, l, 2)
	r3, b3 := readRecord(t, l, 3)
	for _, c := range []struct {
		r     *adr.Record
		kind  adr.StatusKind
		links []string
	}{
		{r1, adr.Superseded, []string{"Superseded by 2"}},
		{r2, adr.Superseded, []string{"Supersedes 1", "Superseded by 3"}},
		{r3, adr.Proposed, []string{"Supersedes 2"}},
	} {
		if c.r.Kind() != c.kind {
			t.Errorf("record %d is %s, want %s", c.r.Number, c.r.Kind(), c.kind)
		}
		got := links(c.r)
		slices.Sort(got)
		want := slices.Sorted(slices.Values(c.links))
		if !slices.Equal(got, want) {
			t.Errorf("record %d links %q, want %q", c.r.Number, got, want)
		}
	}
	// One What Changed section each: the earlier one is not carried over.
	if n := bytes.Count(b3, []byte("## What Changed")); n != 1 {
		t.Errorf("record 3 has %d What Changed sections", n)
	}
	if !bytes.Contains(b3, []byte("Failover drills")) {
		t.Error("record 3 lost the Operational Notes carried from record 1 through 2")
	}
	// v2's trigger (sessions > 5000) never fires on the series.
	if len(re3.Changes.Fired) != 0 {
		t.Errorf("second reopening: fired %+v", re3.Changes.Fired)
	}
	if r := re3.Changes.Ranks[0]; r.Alternative != "Valkey" || r.OldRank != 0 || r.NewRank != 1 || *r.NewScore != 76 {
		t.Errorf("first rank %+v, want the new Valkey at 76", r)
	}
	if !slices.Equal(r3.Deciders, []string{"Platform team"}) {
		t.Errorf("deciders %q lost along the chain", r3.Deciders)
	}
	// The provenance: record 2's checksum as generated is the checksum of
	// the old record the second reopening read (Supersede(2, 3) changes
	// the file afterwards); record 3's is the file's.
	c2, c3 := entityChecksums(re2.Provenance), entityChecksums(re3.Provenance)
	id1, id2, id3 := "urn:aiwg:artifact:0001-session-store.md", "urn:aiwg:artifact:0002-session-store.md", "urn:aiwg:artifact:0003-session-store.md"
	if c2[id2] == "" || c2[id2] != c3[id2] || c2[id2] != checksum(re2.ADR) {
		t.Errorf("record 2: generated %s, read by the second reopening %s", c2[id2], c3[id2])
	}
	if c3[id3] != checksum(b3) || c2[id1] != checksum(re2.OldADR) {
		t.Errorf("checksums of records 1 and 3 do not match their bytes")
	}
	if c3[id2] == checksum(b2) {
		t.Error("record 2 on disk should differ from its generated bytes: Supersede(2, 3) marked it")
	}
	for _, d := range []*prov.Document{re2.Provenance, re3.Provenance} {
		for _, p := range prov.Validate(d) {
			if p.Severity == prov.SeverityError {
				t.Errorf("provenance problem: %v", p)
			}
		}
	}
	checkRevision(t, re3.Provenance, id3, id2)
}

// checkRevision checks the derivations of the new record: a revision of
// the old record, derived from the decision and the observations.
func checkRevision(t *testing.T, d *prov.Document, newID, oldID string) {
	t.Helper()
	var got []string
	for i := range d.Statements {
		r := &d.Statements[i]
		if r.Kind != prov.KindDerivation || r.Args[0] != newID {
			continue
		}
		typ := ""
		if v := r.Attr("prov:type"); len(v) == 1 {
			typ = " " + v[0].Lexical
		}
		got = append(got, r.Args[1]+typ)
	}
	want := []string{oldID + " prov:Revision", "urn:aiwg:artifact:decisions/v3.yaml", "urn:aiwg:artifact:metrics/sessions.csv"}
	if !slices.Equal(got, want) {
		t.Errorf("derivations of %s: %q, want %q", newID, got, want)
	}
}

func TestReopenErrors(t *testing.T) {
	l := reopenLog(t)
	_, err := l.Reopen(adr.ReopenOptions{Number: -1, DecisionName: "../x.yaml", ObservationsName: "a b.csv", Status: "Rejected"})
	if err == nil {
		t.Fatal("no error")
	}
	if !errors.Is(err, adr.ErrReopenOptions) {
		t.Errorf("error %v does not wrap ErrReopenOptions", err)
	}
	for _, s := range []string{"number:", "decision: empty", "decision_name:", "observations_name:", "status:", "at: required"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not name %q", err, s)
		}
	}
	for name, o := range map[string]adr.ReopenOptions{
		"missing record": {Number: 9, Decision: []byte(reopenV2), DecisionName: "d.yaml", At: reopenAt},
		"bad decision":   {Number: 1, Decision: []byte("criteria: 3\n"), DecisionName: "d.yaml", At: reopenAt},
		"bad series":     {Number: 1, Decision: []byte(reopenV2), DecisionName: "d.yaml", Observations: []byte("time,metric,value\nyesterday,x,1\n"), ObservationsName: "o.csv", At: reopenAt},
	} {
		if _, err := l.Reopen(o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	es, err := l.List()
	if err != nil || len(es) != 1 {
		t.Errorf("a failed reopening changed the log: %d records, %v", len(es), err)
	}
}

// pythonProvSummary is run by python prov: it reads a PROV-JSON document,
// checks that its own serialization reads back equal, and prints one line
// per record: its type, an element's identifier, its PROV-N-ordered
// arguments, then its prov:type values.
const pythonProvSummary = `
import sys
from prov.model import ProvDocument
a = ProvDocument.deserialize(source=sys.argv[1], format="json")
b = ProvDocument.deserialize(content=a.serialize(format="json"), format="json")
if not (a == b and b == a):
    print("FAIL: python's own serialization differs")
out = []
for r in a.get_records():
    args = [str(v) if v is not None else "-" for (k, v) in r.formal_attributes]
    types = sorted(str(v) for (k, v) in r.extra_attributes if str(k) == "prov:type")
    words = [r.get_type().localpart] + ([str(r.identifier)] if r.is_element() else []) + args + types
    out.append(" ".join(words))
for line in sorted(out):
    print(line)
`

// The provenance of a reopened record reads back in python prov with the
// same records and the revision typed prov:Revision.
func TestReopenProvenancePython(t *testing.T) {
	const python = "/usr/bin/python3"
	if out, err := exec.Command(python, "-c", "import prov.model").CombinedOutput(); err != nil {
		interop.Missing(t, "python3 with prov (Debian python3-prov)", fmt.Sprintf("%v: %s", err, out))
	}
	l := reopenLog(t)
	re, err := l.Reopen(adr.ReopenOptions{Number: 1, Decision: []byte(reopenV2), DecisionName: "decisions/v2.yaml",
		Observations: sessionSeries(), ObservationsName: "metrics/sessions.csv", At: reopenAt})
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := re.Provenance.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	goldentest.Check(t, filepath.Join("testdata", "reopen", "0002.prov.json"), js.Bytes())
	file := filepath.Join(t.TempDir(), "prov.json")
	if err := os.WriteFile(file, js.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", pythonProvSummary, file).CombinedOutput()
	if err != nil {
		t.Fatalf("python prov: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	// What python must see, written out by hand: 4 entities, 1 activity,
	// 1 agent, the generation, 3 usages, 3 derivations (one a revision),
	// the association and the attribution.
	n, o, dec, obs := "urn:aiwg:artifact:0002-session-store.md", "urn:aiwg:artifact:0001-session-store.md", "urn:aiwg:artifact:decisions/v2.yaml", "urn:aiwg:artifact:metrics/sessions.csv"
	act, agent := "urn:aiwg:activity:derivation:reevaluation-adr-2:001", "urn:aiwg:agent:tool:deliberate"
	at := "2026-03-21 09:30:00+00:00"
	want := []string{
		"Activity " + act + " " + at + " " + at,
		"Agent " + agent,
		"Association " + act + " " + agent + " -",
		"Attribution " + n + " " + agent,
		"Derivation " + n + " " + dec + " " + act + " - -",
		"Derivation " + n + " " + o + " " + act + " - - prov:Revision",
		"Derivation " + n + " " + obs + " " + act + " - -",
		"Entity " + dec, "Entity " + n, "Entity " + o, "Entity " + obs,
		"Generation " + n + " " + act + " " + at,
		"Usage " + act + " " + dec + " -",
		"Usage " + act + " " + o + " -",
		"Usage " + act + " " + obs + " -",
	}
	slices.Sort(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("python prov read (-want +got):\n%s", d)
	}
}

// Every flavour's log: the two records are linked both ways, the new one
// holds one matrix and one What Changed section, and a log named by date
// names the new record by the re-evaluation's date.
func TestReopenFlavours(t *testing.T) {
	for _, f := range []adr.Format{adr.ToT, adr.MADR, adr.Nygard, adr.Log4brains} {
		t.Run(f.String(), func(t *testing.T) {
			l, err := adr.OpenLog(filepath.Join(t.TempDir(), "adr"), f)
			if err != nil {
				t.Fatal(err)
			}
			l.Now = func() time.Time { return time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC) }
			d, _ := tot.ParseDecision([]byte(reopenV1))
			res, _ := tot.Evaluate(d)
			r, err := adr.FromDecision(d, res)
			if err != nil {
				t.Fatal(err)
			}
			r.Status = "Accepted"
			e, err := l.Append(r)
			if err != nil {
				t.Fatal(err)
			}
			re, err := l.Reopen(adr.ReopenOptions{Number: e.Number, Decision: []byte(reopenV2), DecisionName: "d.yaml",
				Observations: sessionSeries(), ObservationsName: "o.csv", At: reopenAt})
			if err != nil {
				t.Fatal(err)
			}
			wantNew := e.Number + 1
			if f == adr.Log4brains {
				wantNew = 20260321
			}
			if re.New.Number != wantNew {
				t.Errorf("new record %d, want %d", re.New.Number, wantNew)
			}
			if n := bytes.Count(re.ADR, []byte("| Option | Performance |")); n != 1 {
				t.Errorf("%d comparison matrices in:\n%s", n, re.ADR)
			}
			if n := bytes.Count(re.ADR, []byte("## "+adr.WhatChangedHeading)); n != 1 {
				t.Errorf("%d What Changed sections", n)
			}
			old, _ := readRecord(t, l, e.Number)
			nw, _ := readRecord(t, l, re.New.Number)
			if old.Kind() != adr.Superseded || nw.Kind() != adr.Proposed {
				t.Errorf("kinds %s, %s", old.Kind(), nw.Kind())
			}
			if got, want := links(old), []string{fmt.Sprintf("Superseded by %d", re.New.Number)}; f != adr.Nygard && !slices.Equal(got, want) {
				t.Errorf("old record's links %q, want %q", got, want)
			}
			if got, want := links(nw), []string{fmt.Sprintf("Supersedes %d", e.Number)}; f != adr.Nygard && !slices.Equal(got, want) {
				t.Errorf("new record's links %q, want %q", got, want)
			}
			if f == adr.Nygard && (!slices.Equal(links(old), []string{"Superceded by 2"}) || !slices.Equal(links(nw), []string{"Supercedes 1"})) {
				t.Errorf("adr-tools links %q, %q", links(old), links(nw))
			}
		})
	}
	// A log named by date cannot supersede a record with one of the same day.
	l, _ := adr.OpenLog(filepath.Join(t.TempDir(), "adr"), adr.Log4brains)
	l.Now = func() time.Time { return reopenAt }
	d, _ := tot.ParseDecision([]byte(reopenV1))
	res, _ := tot.Evaluate(d)
	r, _ := adr.FromDecision(d, res)
	r.Status = "Accepted"
	e, err := l.Append(r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Reopen(adr.ReopenOptions{Number: e.Number, Decision: []byte(reopenV2), DecisionName: "d.yaml", At: reopenAt}); err == nil || !strings.Contains(err.Error(), "same day") {
		t.Errorf("same-day reopening in a log named by date: %v", err)
	}
}

// Reopening with the decision the record was built from changes nothing:
// every weight is the same, no score moved, every rank and composite is
// kept, and no observation means no fired trigger.
func TestReopenSameDecision(t *testing.T) {
	l := reopenLog(t)
	re, err := l.Reopen(adr.ReopenOptions{Number: 1, Decision: []byte(reopenV1), DecisionName: "v1.yaml", At: reopenAt})
	if err != nil {
		t.Fatal(err)
	}
	ch := re.Changes
	for _, w := range ch.Weights {
		if w.Old == nil || w.New == nil || *w.Old != *w.New {
			t.Errorf("weight %+v changed", w)
		}
	}
	if len(ch.Scores) != 0 || len(ch.Fired) != 0 || ch.OldSelected != ch.NewSelected {
		t.Errorf("scores %+v, fired %+v, selection %q → %q", ch.Scores, ch.Fired, ch.OldSelected, ch.NewSelected)
	}
	for _, r := range ch.Ranks {
		if r.OldRank != r.NewRank || r.OldScore == nil || *r.OldScore != *r.NewScore {
			t.Errorf("rank %+v changed", r)
		}
	}
	for _, s := range []string{"No weight changed.", "No score changed.", "\n**Ranking"} {
		if !bytes.Contains(re.ADR, []byte(s)) {
			t.Errorf("record lacks %q", s)
		}
	}
	if bytes.Contains(re.ADR, []byte("Triggers that fired")) || bytes.Contains(re.ADR, []byte("observations in")) {
		t.Error("a reopening without observations names fired triggers or an observations file")
	}
	for i := range re.Provenance.Statements {
		if strings.Contains(re.Provenance.Statements[i].Args[1], "csv") || strings.Contains(string(re.Provenance.Statements[i].ID), "csv") {
			t.Error("provenance names an observations file that was not given")
		}
	}
}

// declaredOnly returns an empty log and an accepted record of reopenV1
// whose scores are incomplete (PostgreSQL loses its Cost score) and which
// has no matrix, so that Reopen ranks it by its declared composites.
func declaredOnly(t *testing.T) (*adr.Log, *adr.Record) {
	t.Helper()
	l, err := adr.OpenLog(filepath.Join(t.TempDir(), "adr"), adr.ToT)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := tot.ParseDecision([]byte(reopenV1))
	res, _ := tot.Evaluate(d)
	r, err := adr.FromDecision(d, res)
	if err != nil {
		t.Fatal(err)
	}
	r.Status, r.Date = "Accepted", "2026-01-15"
	r.Options[1].Scores = r.Options[1].Scores[:2]
	r.Matrix = nil
	return l, r
}

// An old record whose scores are incomplete is ranked by the composites
// it declares (its "Weighted Score" lines).
func TestReopenDeclaredRanking(t *testing.T) {
	l, r := declaredOnly(t)
	if _, err := l.Append(r); err != nil {
		t.Fatal(err)
	}
	re, err := l.Reopen(adr.ReopenOptions{Number: 1, Decision: []byte(reopenV2), DecisionName: "v2.yaml", At: reopenAt})
	if err != nil {
		t.Fatal(err)
	}
	p := func(v float64) *float64 { return &v }
	want := []adr.RankChange{
		{Alternative: "PostgreSQL", OldRank: 2, NewRank: 1, OldScore: p(71.5), NewScore: p(74.5)},
		{Alternative: "Redis", OldRank: 1, NewRank: 2, OldScore: p(75.5), NewScore: p(65.5)},
	}
	if d := cmp.Diff(want, re.Changes.Ranks); d != "" || re.Changes.OldRanking != adr.RankDeclared {
		t.Errorf("old ranking %q; ranks (-want +got):\n%s", re.Changes.OldRanking, d)
	}
	if !bytes.Contains(re.ADR, []byte("old record from its declared composites")) {
		t.Error("the record does not say the old ranks are declared")
	}
}

// Declared composites that tie share the old rank, as Evaluate ranks ties
// (competition ranking: 1, 1).
func TestReopenDeclaredTie(t *testing.T) {
	l, r := declaredOnly(t)
	for i := range r.Options {
		r.Options[i].WeightedScore = &adr.Number{Value: 70, Prec: 1}
	}
	if _, err := l.Append(r); err != nil {
		t.Fatal(err)
	}
	re, err := l.Reopen(adr.ReopenOptions{Number: 1, Decision: []byte(reopenV2), DecisionName: "v2.yaml", At: reopenAt})
	if err != nil {
		t.Fatal(err)
	}
	for _, rc := range re.Changes.Ranks {
		if rc.OldRank != 1 || rc.OldScore == nil || *rc.OldScore != 70 {
			t.Errorf("%s: old rank %d, composite %v; want 1 and 70 (a tie)", rc.Alternative, rc.OldRank, rc.OldScore)
		}
	}
	if len(re.Changes.Ranks) != 2 || re.Changes.OldRanking != adr.RankDeclared {
		t.Errorf("ranking %q, ranks %+v; want 2 declared", re.Changes.OldRanking, re.Changes.Ranks)
	}
}

// Real accepted records (every fourth of the corpus, to keep the test
// short) reopen: the old one is superseded and both are linked, the new one
// has one What Changed section, and every section of the old record that
// no field holds is carried over with its text.
func TestReopenRealRecords(t *testing.T) {
	n, carried := 0, 0
	for _, p := range realADRs(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		old, err := adr.Parse(b)
		if err != nil || old.Kind() != adr.Accepted {
			continue
		}
		if n++; n%4 != 1 {
			continue
		}
		l, re, err := reopenFile(t, b, adr.MADR)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		r1, _ := readRecord(t, l, 1)
		r2, _ := readRecord(t, l, 2)
		if r1.Kind() != adr.Superseded || !slices.Contains(links(r1), "Superseded by 2") || !slices.Contains(links(r2), "Supersedes 1") {
			t.Errorf("%s: old %s %q, new %q", p, r1.Kind(), links(r1), links(r2))
		}
		if c := bytes.Count(re.ADR, []byte("## "+adr.WhatChangedHeading+"\n")); c != 1 {
			t.Errorf("%s: %d What Changed sections", p, c)
		}
		for _, s := range old.Sections {
			if s.Level < 2 || s.Mapped || strings.TrimSpace(s.Body) == "" || known(s.Heading) {
				continue
			}
			carried++
			if !bytes.Contains(re.ADR, []byte(strings.TrimSpace(s.Body))) {
				t.Errorf("%s: section %q not carried over", p, s.Heading)
			}
		}
	}
	if n < 100 || carried < 5 {
		t.Errorf("%d accepted real records, %d sections to carry; want the corpus's 160 or more, 5 or more", n, carried)
	}
	t.Logf("%d accepted records, every fourth reopened; %d sections carried over", n, carried)
}

// reopenFile writes data as record 1 ("0001-record.md") of a new log in
// flavour f and reopens it with reopenV2.
func reopenFile(t *testing.T, data []byte, f adr.Format) (*adr.Log, *adr.Reopened, error) {
	t.Helper()
	l, err := adr.OpenLog(filepath.Join(t.TempDir(), "adr"), f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(l.Dir, "0001-record.md"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	re, err := l.Reopen(adr.ReopenOptions{Number: 1, Decision: []byte(reopenV2), DecisionName: "v2.yaml", At: reopenAt})
	return l, re, err
}

// known reports the headings of sections a record's fields write (a
// subset of what Parse knows, enough for the corpus).
func known(h string) bool {
	switch strings.ToLower(strings.TrimSpace(h)) {
	case "context", "decision", "consequences", "status", "options comparison matrix", "context and problem statement",
		"decision outcome", "more information", "decision drivers", "considered options", "links", "pros and cons of the options",
		"alternatives considered", "options considered":
		return true
	}
	return false
}

// FuzzReopen reopens arbitrary accepted records: Reopen never panics, and
// when it succeeds the new record supersedes the old one with one What
// Changed section.
func FuzzReopen(f *testing.F) {
	f.Add([]byte("# 1. Cache\n\n**Status:** Accepted\n\n## Context\n\nx\n\n## Notes\n\nkeep\n"))
	f.Add([]byte("# Use X\n\n## Status\n\nAccepted\n\n## Options Comparison Matrix\n\n| Option | A (50%) | B (50%) | Total |\n|---|---|---|---|\n| 1. Redis | 9 | 5 | 7 |\n| 2. PG | 5 | 9 | 7 |\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := adr.Parse(data); err != nil || r.Kind() != adr.Accepted {
			return
		}
		l, re, err := reopenFile(t, data, adr.ToT)
		if err != nil {
			return
		}
		r2, b2 := readRecord(t, l, 2)
		// (the link's relation is not checked: Parse may cut it at the old
		// title's text, "Sup" for a record titled "e")
		linked := slices.ContainsFunc(r2.Links, func(k adr.Link) bool { return k.Target == 1 })
		if !linked || bytes.Count(b2, []byte("## "+adr.WhatChangedHeading+"\n")) != 1 || re.Provenance == nil {
			t.Errorf("new record links %q:\n%s", links(r2), b2)
		}
	})
}
