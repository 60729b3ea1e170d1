package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/internal/goldentest"
	"github.com/deliberate-dev/deliberate/prov"
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldentest.Check(t, filepath.Join("testdata", name), got)
}

// runOnce runs the example into a fresh folder and returns the summary and
// the folder.
func runOnce(t *testing.T) (string, string) {
	t.Helper()
	out := t.TempDir()
	var buf bytes.Buffer
	if err := run(&buf, ".", out); err != nil {
		t.Fatal(err)
	}
	return buf.String(), out
}

func read(t *testing.T, out, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The summary and every written text file are reviewed golden files; a
// second run writes the same bytes.
func TestRunGolden(t *testing.T) {
	summary, out := runOnce(t)
	golden(t, "run.golden", []byte(summary))
	for _, name := range []string{
		"adr/0001-job-queue-for-background-work.md", "adr/0002-job-queue-for-background-work.md",
		"revisit.md", "memory.md", "memory.json", "provenance/0001.prov.json", "provenance/0002.prov.json",
	} {
		golden(t, strings.ReplaceAll(name, "/", "_")+".golden", read(t, out, name))
	}
	again, out2 := runOnce(t)
	if again != summary {
		t.Error("a second run prints another summary")
	}
	for _, name := range []string{"metrics.csv", "adr/0002-job-queue-for-background-work.md", "provenance/0002.prov.json"} {
		if !bytes.Equal(read(t, out, name), read(t, out2, name)) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	// A folder that already holds records is refused, not appended to.
	if err := run(&bytes.Buffer{}, ".", out); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Errorf("second run into the same folder: %v", err)
	}
}

// The trigger "jobs_per_second > 400 for 14d" fires, by an independent scan
// of the CSV, at the 336th consecutive hourly observation above 400 (each
// stands for the hour that ends at it: 336 hours are 14 days), and the
// summary and ADR 2 say so.
func TestTriggerFiresOnTheRightHour(t *testing.T) {
	summary, out := runOnce(t)
	rows, err := csv.NewReader(bytes.NewReader(read(t, out, "metrics.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+3*8760 {
		t.Errorf("%d rows, want a header and 3 metrics × 8760 hours", len(rows))
	}
	run := 0
	var fired, since string
	for _, r := range rows[1:] {
		if r[1] != "jobs_per_second" {
			continue
		}
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		if v > 400 {
			if run == 0 {
				since = r[0]
			}
			run++
		} else {
			run = 0
		}
		if run == 336 {
			fired = r[0]
			break
		}
	}
	if fired == "" {
		t.Fatal("the scan finds no firing")
	}
	want := "T1 fired at " + fired + ": jobs_per_second = "
	if !strings.Contains(summary, want) || !strings.Contains(summary, "breaching since "+since) {
		t.Errorf("summary does not report the firing at %s (since %s):\n%s", fired, since, summary)
	}
	at, _ := time.Parse(time.RFC3339, fired)
	reopened := time.Date(at.Year(), at.Month(), at.Day()+3, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	r2, err := adr.Parse(read(t, out, "adr/0002-job-queue-for-background-work.md"))
	if err != nil {
		t.Fatal(err)
	}
	if r2.Date != reopened || r2.Kind() != adr.Proposed {
		t.Errorf("ADR 2 dated %q, %s; want %s, proposed", r2.Date, r2.Kind(), reopened)
	}
}

// The re-evaluation's composites, by hand (weights 35/25/20/20, scores
// ×10): RabbitMQ 0.35×8+0.25×7+0.20×8+0.20×6 = 7.35 → 73.5; Kafka
// 0.35×10+0.25×5+0.20×7+0.20×3 = 6.75 → 67.5; PostgreSQL queue
// 0.35×3+0.25×9+0.20×5+0.20×9 = 6.1 → 61. The old ones (25/30/20/25):
// PostgreSQL queue 1.25+2.7+1.4+2.25 = 7.6 → 76; RabbitMQ 1.75+1.8+1.6+1.5
// = 6.65 → 66.5; Kafka 2.5+1.2+1.4+1.0 = 6.1 → 61.
func TestRanks(t *testing.T) {
	summary, _ := runOnce(t)
	for _, s := range []string{
		"rank RabbitMQ: 2 (66.5) → 1 (73.5)",
		"rank Kafka: 3 (61.0) → 2 (67.5)",
		"rank PostgreSQL queue (SKIP LOCKED): 1 (76.0) → 3 (61.0)",
		"selection: PostgreSQL queue (SKIP LOCKED) → RabbitMQ",
	} {
		if !strings.Contains(summary, s) {
			t.Errorf("summary lacks %q", s)
		}
	}
}

// The provenance files validate, and ADR 2's names ADR 1 by the checksum
// of the bytes it was generated with, and every artifact still on disk
// unchanged (the decision files, the metrics, ADR 2) by its own bytes.
func TestProvenanceChain(t *testing.T) {
	_, out := runOnce(t)
	docs := map[string]*prov.Document{}
	for _, name := range []string{"provenance/0001.prov.json", "provenance/0002.prov.json"} {
		d, err := prov.ReadJSON(bytes.NewReader(read(t, out, name)))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range prov.Validate(d) {
			if p.Severity == prov.SeverityError {
				t.Errorf("%s: %v", name, p)
			}
		}
		docs[name] = d
	}
	s1, s2 := checksums(docs["provenance/0001.prov.json"]), checksums(docs["provenance/0002.prov.json"])
	const a1 = "urn:aiwg:artifact:adr/0001-job-queue-for-background-work.md"
	if s1[a1] == "" || s1[a1] != s2[a1] {
		t.Errorf("ADR 1: generated %q, revised from %q", s1[a1], s2[a1])
	}
	for _, name := range []string{"decisions/decision.yaml"} {
		if got := s1[prov.QName("urn:aiwg:artifact:"+name)]; got != prov.Checksum(read(t, out, name)) {
			t.Errorf("%s: checksum %s does not match the file", name, got)
		}
	}
	for _, name := range []string{"decisions/revised.yaml", "metrics.csv", "adr/0002-job-queue-for-background-work.md"} {
		if got := s2[prov.QName("urn:aiwg:artifact:"+name)]; got != prov.Checksum(read(t, out, name)) {
			t.Errorf("%s: checksum %s does not match the file", name, got)
		}
	}
	if s2[a1] == prov.Checksum(read(t, out, "adr/0001-job-queue-for-background-work.md")) {
		t.Error("ADR 1 on disk should be the superseded version, not the one generated")
	}
}

// The README shows the real output of this example: the block after
// "prints (real output):" is the reviewed run.golden.
func TestREADMEShowsRealOutput(t *testing.T) {
	goldentest.CheckBlock(t, "README.md", "prints (real output):", filepath.Join("testdata", "run.golden"))
}
