package tot_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/tot"
)

func day(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }

func TestReadObservations(t *testing.T) {
	want := []tot.Observation{
		{Metric: "p95_ms", Time: day(1), Value: 480},
		{Metric: "p95_ms", Time: day(2), Value: 512.5},
		{Metric: "users", Time: day(2), Value: -3e4},
	}
	for _, tc := range []struct {
		name string
		in   string
	}{
		{"csv", "time,metric,value\n2026-01-01T00:00:00Z,p95_ms,480\n2026-01-02T00:00:00Z,p95_ms,512.5\n2026-01-02T00:00:00Z,users,-3e4\n"},
		{"csv columns in another order, CRLF, BOM", "\ufeffvalue,Time,metric\r\n480,2026-01-01T00:00:00Z,p95_ms\r\n512.5,2026-01-02T00:00:00Z,p95_ms\r\n-3e4,2026-01-02T01:00:00+01:00,users\r\n"},
		{"jsonl", `{"time":"2026-01-01T00:00:00Z","metric":"p95_ms","value":480}
{"metric":"p95_ms","value":512.5,"time":"2026-01-02T00:00:00Z"}

{"time":"2026-01-02T00:00:00Z","metric":"users","value":-3e4}
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tot.ReadObservations(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("ReadObservations (-want +got):\n%s", diff)
			}
		})
	}
}

// Every bad line is reported at once, each with its line number and field.
func TestReadObservationsProblems(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"csv", "time,metric,value\n" +
			"2026-01-01T00:00:00Z,p95_ms,480\n" +
			"2026-01-02,p95_ms,1\n" + // line 3: no time of day or zone
			"2026-01-03T00:00:00Z,,1\n" + // line 4: no metric
			"2026-01-04T00:00:00Z,p95_ms,NaN\n" + // line 5
			"0001-01-01T00:00:00Z,p95_ms,1\n" + // line 6: zero time
			"2026-01-07T00:00:00Z,p95_ms\n" + // line 7: two fields
			"2026-01-08T00:00:00Z,p\x01,1\n", // line 8: control character
			[]string{"line 3.time", "line 4.metric", "line 5.value", "line 6.time", "line 7", "line 8.metric"}},
		{"jsonl", `{"time":"2026-01-01T00:00:00Z","metric":"m","value":1}
{"time":"2026-01-01T00:00:00Z","metric":"m","value":1,"value":2}
{"time":"2026-01-01T00:00:00Z","metric":"m","value":"1"}
{"time":"2026-01-01T00:00:00Z","metric":"m","value":1,"unit":"ms"}
[1,2]
{"time":"2026-01-01T00:00:00Z","metric":"m"}
`, []string{"line 2", "line 3", "line 4", "line 5", "line 6.value"}},
		{"csv without header", "2026-01-01T00:00:00Z,p95_ms,480\n", []string{"line 1"}},
		{"empty", "", []string{"line 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tot.ReadObservations(strings.NewReader(tc.in))
			var ve *tot.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, tot.ErrInvalid) {
				t.Fatalf("ReadObservations: %v, want a *ValidationError wrapping ErrInvalid", err)
			}
			var paths []string
			for _, p := range ve.Problems {
				s := fmt.Sprintf("line %d", p.Line)
				if p.Path != "" {
					s += "." + p.Path
				}
				paths = append(paths, s)
			}
			if diff := cmp.Diff(tc.want, paths); diff != "" {
				t.Errorf("problem paths (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

// A line longer than MaxObservationLine is an error, not a memory sink; a
// line just under it is read.
func TestObservationLineBound(t *testing.T) {
	for _, f := range []string{"csv", "jsonl"} {
		for _, extra := range []int{0, 1} {
			// A metric field padded with spaces in the value to reach the bound.
			var line string
			if f == "csv" {
				line = "2026-01-01T00:00:00Z,m,"
			} else {
				line = `{"time":"2026-01-01T00:00:00Z","metric":"m","value":1}`
			}
			pad := tot.MaxObservationLine - len(line) - 1 + extra
			var in string
			if f == "csv" {
				in = "time,metric,value\n" + line + strings.Repeat(" ", pad) + "1\n"
			} else {
				in = line + strings.Repeat(" ", pad+1) + "\n"
			}
			_, err := tot.ReadObservations(strings.NewReader(in))
			if (err != nil) != (extra == 1) {
				t.Errorf("%s, line of %d bytes: err = %v", f, tot.MaxObservationLine+extra, err)
			}
		}
	}
}

// A series read from a file fires on the right day: "> 500 for 7 days"
// with daily observations fires on the 7th breaching day, not the 6th.
func TestObservationsFireTriggers(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("time,metric,value\n")
	for d := 1; d <= 20; d++ {
		v := 400
		if d >= 10 {
			v = 600
		}
		fmt.Fprintf(&b, "%s,p95_ms,%d\n", day(d).Format(time.RFC3339), v)
	}
	obs, err := tot.ReadObservations(&b)
	if err != nil {
		t.Fatal(err)
	}
	th := 500.0
	fs, err := tot.EvaluateTriggers([]tot.Trigger{{ID: "T1", Metric: "p95_ms", Op: ">", Threshold: &th, For: 7 * 24 * time.Hour}}, obs)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || !fs[0].At.Equal(day(16)) {
		t.Errorf("firings %+v, want one on day 16 (days 10–16 breach)", fs)
	}
}

// 500,000 rows (a year of per-minute metrics) read and evaluated against 50
// triggers.
func BenchmarkObservations500kWith50Triggers(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("time,metric,value\n")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 500_000; i++ {
		fmt.Fprintf(&buf, "%s,metric_%d,%d\n", start.Add(time.Duration(i/10)*time.Minute).Format(time.RFC3339), i%10, i%1000)
	}
	data := buf.Bytes()
	ts := make([]tot.Trigger, 50)
	for i := range ts {
		th := float64(900 + i)
		ts[i] = tot.Trigger{ID: fmt.Sprintf("T%d", i), Metric: fmt.Sprintf("metric_%d", i%10), Op: ">", Threshold: &th, Consecutive: 1 + i%3}
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		obs, err := tot.ReadObservations(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tot.EvaluateTriggers(ts, obs); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzReadObservations(f *testing.F) {
	f.Add("time,metric,value\n2026-01-01T00:00:00Z,m,1\n")
	f.Add(`{"time":"2026-01-01T00:00:00Z","metric":"m","value":1}` + "\n")
	f.Add("value,time,metric\n1,2026-01-01T00:00:00+02:00,\"m,\"\"q\"\"\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		obs, err := tot.ReadObservations(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, tot.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		for _, o := range obs {
			if o.Metric == "" || o.Time.IsZero() || o.Value != o.Value {
				t.Fatalf("invalid observation accepted: %+v", o)
			}
		}
	})
}
