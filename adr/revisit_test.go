package adr_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/tot"
)

// accepted returns the database decision's record, accepted, numbered n.
func accepted(t *testing.T, n int) *adr.Record {
	t.Helper()
	r := report(t, "database", false)
	rec, err := adr.FromDecision(r.Decision, r.Result)
	if err != nil {
		t.Fatal(err)
	}
	rec.Number, rec.Status = n, "Accepted"
	return rec
}

// users returns daily active_users observations for days 1..days of 2027:
// 30000 until day from-1, 45000 from day from on.
func users(days, from int) []tot.Observation {
	var obs []tot.Observation
	for d := 1; d <= days; d++ {
		v := 30000.0
		if d >= from {
			v = 45000
		}
		obs = append(obs, tot.Observation{Metric: "active_users", Time: time.Date(2027, 1, d, 0, 0, 0, 0, time.UTC), Value: v})
	}
	return obs
}

// T1 is "active_users > 40000 for 14d": with daily observations breaching
// from day 31 it fires on day 44 (14 breaching days: 31..44), not on day 43.
func TestRevisitFiresOnTheRightDay(t *testing.T) {
	rec := accepted(t, 1)
	early, err := adr.RevisitRecords([]*adr.Record{rec}, users(43, 31))
	if err != nil {
		t.Fatal(err)
	}
	if len(early.Records) != 1 || early.Records[0].Fired() {
		t.Fatalf("fired on 13 breaching days: %+v", early.Records)
	}
	rv, err := adr.RevisitRecords([]*adr.Record{rec}, users(60, 31))
	if err != nil {
		t.Fatal(err)
	}
	r := rv.Records[0]
	if !r.Fired() {
		t.Fatalf("did not fire on 14 breaching days: %+v", r)
	}
	t1 := r.Triggers[0]
	if t1.State != adr.TriggerFired || len(t1.Firings) != 1 || !t1.Firings[0].At.Equal(time.Date(2027, 1, 44, 0, 0, 0, 0, time.UTC)) || t1.Metric != "active_users" {
		t.Errorf("T1 %+v, want one firing on 2027-02-13 (day 44)", t1)
	}
	for _, tr := range r.Triggers[1:] {
		if tr.State != adr.TriggerUnknownMetric {
			t.Errorf("%s: state %s, want %s (no observation of %s)", tr.Text, tr.State, adr.TriggerUnknownMetric, tr.Metric)
		}
	}
	if rate, ok := rv.FireRate(); !ok || rate != 1 {
		t.Errorf("fire rate %v %v, want 1 (the one measurable trigger fired)", rate, ok)
	}
	var md bytes.Buffer
	if err := rv.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	goldentest.Check(t, filepath.Join("testdata", "revisit", "database.md"), md.Bytes())
}

// Only accepted records are revisited.
func TestRevisitSkipsOtherStatuses(t *testing.T) {
	rec := accepted(t, 1)
	rec.Status = "Proposed"
	rv, err := adr.RevisitRecords([]*adr.Record{rec}, users(60, 31))
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.Records) != 0 {
		t.Errorf("a proposed record was revisited: %+v", rv.Records)
	}
}

// Nil records are skipped, wherever they are in the list (the records are
// sorted by number first).
func TestRevisitSkipsNil(t *testing.T) {
	rv, err := adr.RevisitRecords([]*adr.Record{accepted(t, 2), nil, accepted(t, 1)}, users(60, 31))
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.Records) != 2 || rv.Records[0].Number != 1 || rv.Records[1].Number != 2 || !rv.Records[0].Fired() {
		t.Errorf("records %+v, want 1 and 2, fired", rv.Records)
	}
}

func TestReadTrigger(t *testing.T) {
	for _, tc := range []struct {
		text, metric, op string
		threshold        float64
		window           time.Duration
		consecutive      int
	}{
		{"Scalability: Daily active users exceed 40K (active_users > 40000 for 14d)", "active_users", ">", 40000, 14 * 24 * time.Hour, 0},
		{"Cost: bills (database_cost_monthly > 6000 USD in 3 consecutive observations); then review", "database_cost_monthly", ">", 6000, 0, 3},
		{"**Performance:** P95 response time exceeds 500ms for 7+ consecutive days", "p95_response_time", ">", 500, 0, 7},
	} {
		got := adr.ReadTrigger(tc.text)
		if got.Metric != tc.metric || got.Op != tc.op || got.Threshold == nil || *got.Threshold != tc.threshold || got.For != tc.window || got.Consecutive != tc.consecutive {
			th := "nil"
			if got.Threshold != nil {
				th = time.Duration(*got.Threshold).String()
			}
			t.Errorf("ReadTrigger(%q) = metric %q op %q threshold %s for %v consecutive %d", tc.text, got.Metric, got.Op, th, got.For, got.Consecutive)
		}
	}
}

// Log.Revisit reads the log's records, numbered by their file names, and
// names each revisited record's file.
func TestLogRevisit(t *testing.T) {
	l, err := adr.OpenLog(filepath.Join(t.TempDir(), "adr"), adr.Nygard)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for n := 1; n <= 2; n++ {
		rec := accepted(t, 0)
		rec.ID = "" // the log numbers it
		if n == 2 {
			rec.Triggers = slices.Clone(rec.Triggers[1:]) // none on active_users
		}
		e, err := l.Append(rec)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, e.File)
	}
	rv, err := l.Revisit(users(60, 31))
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.Records) != 2 {
		t.Fatalf("%d records revisited, want 2", len(rv.Records))
	}
	for i, r := range rv.Records {
		if r.Number != i+1 || r.File != files[i] || r.Fired() != (i == 0) {
			t.Errorf("record %d: number %d, file %q, fired %v; want %d, %q, %v", i, r.Number, r.File, r.Fired(), i+1, files[i], i == 0)
		}
	}
}
