// Command provenance generates a small Markdown file from an input file and
// writes its W3C PROV provenance next to it: a PROV-YAML record (the aiwg seed
// schema), PROV-JSON, PROV-N and Graphviz DOT.
//
// Usage:
//
//	go run ./examples/provenance [-dir out] [-time 2026-01-25T19:30:00Z]
//
// The generation time is a flag (default fixed), so the output is
// byte-identical on every run.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/prov"
)

const input = `title: Primary database
options: [PostgreSQL, MongoDB, DynamoDB]
chosen: PostgreSQL
`

func main() {
	dir := flag.String("dir", filepath.Join(os.TempDir(), "deliberate-provenance"), "output directory")
	at := flag.String("time", "2026-01-25T19:30:00Z", "generation time (RFC 3339)")
	flag.Parse()
	t, err := time.Parse(time.RFC3339, *at)
	if err != nil {
		log.Fatalf("-time: %v", err)
	}
	if err := run(*dir, t, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(dir string, at time.Time, stdout io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The "program": turn the decision input into a summary.
	var summary strings.Builder
	summary.WriteString("# Primary database\n\nChosen: PostgreSQL (of 3 options).\n")
	out := prov.Artifact{Path: "docs/summary.md", Content: []byte(summary.String())}
	inputs := []prov.Artifact{{Path: "decisions/database.yaml", Type: "data", Content: []byte(input), Derivation: "implements", Role: "decision"}}
	d := prov.Generated(out, inputs,
		prov.Activity{Description: "Summarise the database decision"},
		prov.Agent{ID: "tool:deliberate-example", Name: "provenance example", Version: "0.1.0"}, at)

	files := map[string]func(io.Writer) error{
		"summary.md":           func(w io.Writer) error { _, err := io.WriteString(w, summary.String()); return err },
		"summary.md.prov.yaml": d.WriteRecord,
		"summary.md.prov.json": d.WriteJSON,
		"summary.md.provn":     d.WriteProvN,
		"summary.md.prov.dot":  d.WriteDOT,
	}
	for _, name := range []string{"summary.md", "summary.md.prov.yaml", "summary.md.prov.json", "summary.md.provn", "summary.md.prov.dot"} {
		var buf bytes.Buffer
		if err := files[name](&buf); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "wrote", path)
	}
	problems := prov.Validate(d)
	fmt.Fprintf(stdout, "validation: %d problems\n", len(problems))
	for _, p := range problems {
		fmt.Fprintln(stdout, " ", p)
	}
	return nil
}
