package adr_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/internal/goldentest"
)

// repoRecords parses every record of one repository folder of the real
// corpus, numbering each from its file name when the record states none.
func repoRecords(t *testing.T, repo string) ([]*adr.Record, []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "real", repo, "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no records in %s: %v", repo, err)
	}
	re := regexp.MustCompile(`^([0-9]+)-`)
	var rs []*adr.Record
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := adr.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		base := filepath.Base(f)
		base = base[strings.LastIndex(base, "__")+2:]
		if m := re.FindStringSubmatch(base); m != nil && r.Number == 0 {
			r.Number, _ = strconv.Atoi(m[1])
		}
		rs = append(rs, r)
	}
	return rs, files
}

// statusByHand reads an adr-tools record's status the simplest way: the
// first non-blank line under "## Status", classified by its first word
// (after any emoji). It shares no code with the parser.
func statusByHand(t *testing.T, file string) (kind string, supersededBy int) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "## ") {
			in = strings.EqualFold(line, "## Status")
			continue
		}
		if !in || line == "" {
			continue
		}
		low := strings.ToLower(line)
		if m := regexp.MustCompile(`superseded (?:by )?\[[^\]]*\]\((\d+)`).FindStringSubmatch(low); m != nil {
			supersededBy, _ = strconv.Atoi(m[1])
		}
		words := map[string]string{"accepted": "accepted", "approved": "accepted", "proposed": "proposed",
			"pending": "proposed", "rejected": "rejected", "superseded": "superseded", "partly": "superseded", "deprecated": "deprecated"}
		for _, w := range strings.Fields(low) {
			if k, ok := words[w]; ok {
				return k, supersededBy
			}
		}
		return "unknown", supersededBy
	}
	return "unknown", 0
}

// The memory of the adr-tools repositories of the real corpus agrees with
// a count made by hand: statuses per kind, supersede links, and the
// reversal rate that follows from them.
func TestMemoryRealCorpus(t *testing.T) {
	for _, repo := range []string{"alphagov__govuk-aws", "SmartBear__git-en-boite", "ministryofjustice__modernisation-platform"} {
		t.Run(repo, func(t *testing.T) {
			rs, files := repoRecords(t, repo)
			want := map[adr.StatusKind]int{}
			superseded, links := 0, map[int]int{}
			for i, f := range files {
				k, by := statusByHand(t, f)
				want[adr.StatusKind(k)]++
				if k == "superseded" {
					superseded++
				}
				if by != 0 {
					links[rs[i].Number] = by
				}
			}
			m := adr.Remember(rs)
			mt := m.Metrics(0)
			if diff := cmp.Diff(want, mt.ByKind); diff != "" {
				t.Errorf("statuses by kind (-by hand +memory):\n%s", diff)
			}
			if mt.Superseded != superseded {
				t.Errorf("superseded: memory %d, by hand %d", mt.Superseded, superseded)
			}
			for _, x := range m.Records {
				if by, ok := links[x.Number]; ok && x.SupersededBy != by {
					t.Errorf("record %d: superseded by %d, by hand %d", x.Number, x.SupersededBy, by)
				}
			}
			decided := want[adr.Accepted] + want[adr.Superseded] + want[adr.Deprecated]
			if mt.Decided != decided || mt.ReversalRate == nil || *mt.ReversalRate != float64(superseded)/float64(decided) {
				t.Errorf("decided %d, reversal rate %v; by hand %d, %d/%d", mt.Decided, mt.ReversalRate, decided, superseded, decided)
			}
		})
	}
}

func parsed(t *testing.T, md string) *adr.Record {
	t.Helper()
	r, err := adr.Parse([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A hand-built log: 1 superseded by 3 after 100 days, 2 accepted, 3
// accepted with two triggers; 4 rejected.
func handLog(t *testing.T) *adr.Memory {
	one := parsed(t, `# 1. Use MySQL

Date: 2025-01-01

## Status

Superseded by [3. Use PostgreSQL](0003-use-postgresql.md)

## Context

Tags: none.

## Decision

Chosen option: **MySQL**.

| Option | Performance | Cost |
|---|---|---|
| MySQL | 7 | 8 |
| PostgreSQL | 6 | 8 |
`)
	two := parsed(t, "# 2. Use Go\n\nDate: 2025-02-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\ny\n")
	three := parsed(t, `# 3. Use PostgreSQL

Date: 2025-04-11

## Status

Accepted

Supersedes [1. Use MySQL](0001-use-mysql.md)

## Context

x

## Decision

y
`)
	four := parsed(t, "# 4. Use Oracle\n\nDate: 2025-05-01\n\n## Status\n\nRejected\n\n## Context\n\nx\n\n## Decision\n\nno\n")
	three.Triggers = []string{"p95 > 200 ms for 7d", "cost > 6000 USD"}
	return adr.Remember([]*adr.Record{four, three, two, one})
}

func TestMemoryMetrics(t *testing.T) {
	m := handLog(t)
	var nums []int
	for _, x := range m.Records {
		nums = append(nums, x.Number)
	}
	if diff := cmp.Diff([]int{1, 2, 3, 4}, nums); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if m.Records[0].SupersededBy != 3 || !cmp.Equal(m.Records[2].Supersedes, []int{1}) {
		t.Errorf("links: 1 by %d, 3 supersedes %v", m.Records[0].SupersededBy, m.Records[2].Supersedes)
	}
	// 2025-01-01 → 2025-04-11 is 100 days: within 4 months, not within 3.
	for _, tc := range []struct {
		months   int
		reversed int
	}{{0, 1}, {4, 1}, {3, 0}} {
		mt := m.Metrics(tc.months)
		if mt.Decided != 3 || mt.Superseded != 1 || mt.Reversed != tc.reversed {
			t.Errorf("Metrics(%d): decided %d superseded %d reversed %d, want 3 1 %d", tc.months, mt.Decided, mt.Superseded, mt.Reversed, tc.reversed)
		}
		if mt.ReversalRate == nil || *mt.ReversalRate != float64(tc.reversed)/3 {
			t.Errorf("Metrics(%d): reversal rate %v", tc.months, mt.ReversalRate)
		}
		if !cmp.Equal(mt.DaysToSupersede, []int{100}) || mt.MedianDaysToSupersede == nil || *mt.MedianDaysToSupersede != 100 {
			t.Errorf("days to supersede %v, median %v; want [100], 100", mt.DaysToSupersede, mt.MedianDaysToSupersede)
		}
		if mt.TriggersPerRecord == nil || *mt.TriggersPerRecord != 2.0/3 {
			t.Errorf("triggers per record %v, want 2/3", mt.TriggersPerRecord)
		}
	}
	if got := m.Find(adr.Query{Kinds: []adr.StatusKind{adr.Accepted}, From: "2025-03-01"}); len(got) != 1 || got[0].Number != 3 {
		t.Errorf("accepted since March: %+v, want record 3", got)
	}
	if got := m.Find(adr.Query{To: "2025-01-31"}); len(got) != 1 || got[0].Number != 1 {
		t.Errorf("decided in January: %+v, want record 1", got)
	}
}

func TestMemoryReportDeterministic(t *testing.T) {
	m := handLog(t)
	var j1, j2 bytes.Buffer
	for _, b := range []*bytes.Buffer{&j1, &j2} {
		enc := json.NewEncoder(b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(handLog(t).Report(6)); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(j1.Bytes(), j2.Bytes()) {
		t.Errorf("two JSON reports differ")
	}
	var md bytes.Buffer
	if err := m.WriteMarkdown(&md, 6); err != nil {
		t.Fatal(err)
	}
	goldentest.Check(t, filepath.Join("testdata", "memory", "hand.md"), md.Bytes())
	goldentest.Check(t, filepath.Join("testdata", "memory", "hand.json"), j1.Bytes())
}

// TestMemoryLessons checks the score moves of a supersession against
// changes worked out by hand: options are paired by bare name ("Option 1:
// Redis" is "redis"), criteria by name ignoring case, and an option or a
// score present on one side only moves nothing.
func TestMemoryLessons(t *testing.T) {
	n := func(v float64) *adr.Number { return &adr.Number{Value: v} }
	old := &adr.Record{Number: 1, Title: "Cache", Status: "Superseded",
		Links: []adr.Link{{Rel: "Superseded by", Target: 2}},
		Options: []adr.Option{
			{Name: "Option 1: Redis", Scores: []adr.Score{{Criterion: "Cost", Value: n(8)}, {Criterion: "Latency", Value: n(9)}}},
			{Name: "Option 2: Memcached", Scores: []adr.Score{{Criterion: "Cost", Value: n(6)}, {Criterion: "Latency", Value: n(7)}}},
			{Name: "Option 3: Varnish", Scores: []adr.Score{{Criterion: "Cost", Value: n(5)}}},
		}}
	nw := &adr.Record{Number: 2, Title: "Cache again", Status: "Accepted",
		Options: []adr.Option{
			{Name: "memcached", Scores: []adr.Score{{Criterion: "cost ", Value: n(9)}, {Criterion: "LATENCY", Value: n(7)}}},
			{Name: "1. Redis", Scores: []adr.Score{{Criterion: "Cost", Value: n(4)}, {Criterion: "Latency", Value: n(8)}}},
		}}
	got := adr.Remember([]*adr.Record{old, nw}).Lessons()
	// Cost: Redis 8→4, Memcached 6→9: mean |change| (4+3)/2 = 3.5.
	// Latency: Redis 9→8, Memcached 7→7: mean (1+0)/2 = 0.5.
	want := []adr.Lesson{{Old: 1, New: 2, Moves: []adr.ScoreMove{
		{Criterion: "Cost", MeanAbsChange: 3.5, Changes: []adr.ScoreChange{{Alternative: "Redis", Old: 8, New: 4}, {Alternative: "Memcached", Old: 6, New: 9}}},
		{Criterion: "Latency", MeanAbsChange: 0.5, Changes: []adr.ScoreChange{{Alternative: "Redis", Old: 9, New: 8}, {Alternative: "Memcached", Old: 7, New: 7}}},
	}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Lessons() (-want +got):\n%s", d)
	}
}
