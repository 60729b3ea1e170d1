// Command database-selection is the main example of deliberate: it takes
// the primary-database decision of an e-commerce platform from a decision
// file to a recorded decision. It evaluates the weighted decision matrix with
// tot.Evaluate, analyses how stable the recommendation is with sensitivity.Analyze,
// prints the ranked matrix (every cell's score and composite points), the
// recommendation, margin, close call, human selection, weight stability and
// findings, then the GRADE certainty of the evidence behind the
// recommendation (tot.Certainty, with the assessments in the evidence/
// folder next to the decision file) and the evidence gate's verdict on the
// written ADR (adr.Gate), and writes into the output folder:
//
//	result.json                 the evaluation (tot.Result as JSON)
//	decision.xlsx               the matrix as a live workbook (tot/xlsx)
//	adr/NNNN-<title>.md         the ADR in the Tree-of-Thoughts flavour (adr.Log),
//	                            with its Evidence section (adr.WithEvidence)
//	provenance/*.prov.yaml      W3C PROV records of the ADR and the workbook (prov)
//
// Running it again rewrites the same ADR in place rather than adding another.
// The generation time is the -time flag, so every run writes the same bytes.
//
// Usage, from the module root:
//
//	go run ./examples/database-selection [-decision FILE] [-out DIR] [-time RFC3339|now]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/prov"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
)

// defaultDecision is the decision file, relative to the module root.
const defaultDecision = "examples/database-selection/decision.yaml"

// defaultTime is the generation time of the records unless -time is given.
const defaultTime = "2026-11-25T12:00:00Z"

// agent is the provenance agent of every generated file.
var agent = prov.Agent{ID: "tool:deliberate", Name: "deliberate database-selection example", Version: "0.1.0"}

func main() {
	decision := flag.String("decision", defaultDecision, "decision file (YAML or JSON)")
	out := flag.String("out", "out", "folder for the generated files")
	at := flag.String("time", defaultTime, `generation time of the ADR and provenance records (RFC 3339, or "now")`)
	flag.Parse()
	t, err := parseTime(*at)
	if err == nil {
		err = run(os.Stdout, *decision, *out, t)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "database-selection:", err)
		os.Exit(1)
	}
}

func parseTime(s string) (time.Time, error) {
	if s == "now" {
		return time.Now().UTC().Truncate(time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("-time: %w", err)
	}
	return t, nil
}

// run evaluates the decision file at path, prints the report to w and writes
// the result, the workbook, the ADR and the provenance records into the
// folder out (created if missing), dated at.
func run(w io.Writer, path, out string, at time.Time) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && path == defaultDecision {
		// Run from the example's own folder.
		path = filepath.Base(path)
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return err
	}
	d, err := tot.ParseDecision(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	an, err := sensitivity.Analyze(context.Background(), d, nil) // evaluates d: an.Result is tot.Evaluate(d)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	res := an.Result
	rep := &adr.Report{Decision: d, Result: res, Analysis: an}
	if err := rep.WriteText(w); err != nil {
		return err
	}
	reg, err := readEvidence(filepath.Join(filepath.Dir(path), "evidence"))
	if err != nil {
		return err
	}
	if err := d.AddEvidence(reg); err != nil { // assessments written in the decision file itself
		return fmt.Errorf("%s: %w", path, err)
	}
	rec, err := adr.FromDecision(d, res)
	if err != nil {
		return err
	}
	cert, err := adr.WithEvidence(rec, d, res, reg)
	if err != nil {
		return err
	}
	files, adrBytes, err := write(rep, rec, data, path, out, at)
	if err != nil {
		return err
	}
	if err := evidence(w, d, cert, reg, adrBytes); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Wrote:")
	for _, f := range files {
		fmt.Fprintln(w, "  "+f)
	}
	return nil
}

// write writes the generated files, with rec as the ADR, into out and
// returns their paths and the ADR's bytes.
func write(rep *adr.Report, rec *adr.Record, input []byte, inputPath, out string, at time.Time) ([]string, []byte, error) {
	d, res := rep.Decision, rep.Result
	for _, dir := range []string{out, filepath.Join(out, "adr", "figures"), filepath.Join(out, "provenance")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, err
		}
	}
	var files []string

	// The evaluation as JSON.
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	resultPath := filepath.Join(out, "result.json")
	if err := os.WriteFile(resultPath, append(b, '\n'), 0o644); err != nil {
		return nil, nil, err
	}
	files = append(files, resultPath)

	// The matrix as a workbook whose formulas recompute the result.
	var book bytes.Buffer
	if err := xlsx.Export(&book, d); err != nil {
		return nil, nil, err
	}
	bookPath := filepath.Join(out, "decision.xlsx")
	if err := os.WriteFile(bookPath, book.Bytes(), 0o644); err != nil {
		return nil, nil, err
	}
	files = append(files, bookPath)

	// The charts, beside the ADR that links them.
	charts, err := rep.Charts()
	if err != nil {
		return nil, nil, err
	}
	for _, c := range charts {
		p := filepath.Join(out, "adr", "figures", c.Name)
		if err := os.WriteFile(p, c.SVG, 0o644); err != nil {
			return nil, nil, err
		}
		files = append(files, p)
	}

	// The ADR, added to the log folder (or rewritten in place on a rerun).
	adrPath, adrBytes, err := writeADR(rec, adr.ChartLinks("figures", charts), filepath.Join(out, "adr"), at)
	if err != nil {
		return nil, nil, err
	}
	files = append(files, adrPath)

	// The decision report: one self-contained HTML page showing the ADR
	// with its Evidence section (the charts are in the page already, so
	// not the links to their files).
	shown := *rec
	shown.MoreInformation = ""
	rep.Record = &shown
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		return nil, nil, err
	}
	pagePath := filepath.Join(out, "report.html")
	if err := os.WriteFile(pagePath, page.Bytes(), 0o644); err != nil {
		return nil, nil, err
	}
	files = append(files, pagePath)

	// One provenance record per generated document.
	in := prov.Artifact{Path: slash(inputPath), Type: "data", Content: input, Derivation: "implements", Role: "decision"}
	for i, g := range []struct {
		path    string
		typ     string
		content []byte
		desc    string
	}{
		{adrPath, "document", adrBytes, "Render the evaluated decision as an ADR"},
		{bookPath, "data", book.Bytes(), "Export the decision matrix as a workbook"},
	} {
		doc := prov.Generated(prov.Artifact{Path: slash(g.path), Type: g.typ, Content: g.content},
			[]prov.Artifact{in}, prov.Activity{Seq: i + 1, Description: g.desc}, agent, at)
		var rec bytes.Buffer
		if err := doc.WriteRecord(&rec); err != nil {
			return nil, nil, err
		}
		p := filepath.Join(out, "provenance", filepath.Base(g.path)+".prov.yaml")
		if err := os.WriteFile(p, rec.Bytes(), 0o644); err != nil {
			return nil, nil, err
		}
		files = append(files, p)
	}
	return files, adrBytes, nil
}

// writeADR writes rec into the ADR log at dir, dated at, with figures
// (Markdown) as its More Information, and returns its path and its bytes.
// A record with the same title already in the log is rewritten in place,
// keeping its number, so rerunning the example does not grow the log.
func writeADR(rec *adr.Record, figures, dir string, at time.Time) (string, []byte, error) {
	rec.Date = at.Format(time.DateOnly)
	rec.MoreInformation = figures
	log, err := adr.OpenLog(dir, adr.ToT)
	if err != nil {
		return "", nil, err
	}
	log.Now = func() time.Time { return at }
	entries, err := log.List()
	if err != nil {
		return "", nil, err
	}
	path := ""
	for _, e := range entries {
		if e.Title == rec.Title {
			rec.Number = e.Number
			path = filepath.Join(dir, e.File)
			var buf bytes.Buffer
			if err := rec.Render(&buf, adr.ToT); err != nil {
				return "", nil, err
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				return "", nil, err
			}
			break
		}
	}
	if path == "" {
		if path, err = log.Add(rec); err != nil {
			return "", nil, err
		}
	}
	b, err := os.ReadFile(path)
	return path, b, err
}

// slash returns p relative to the working folder when it lies below it, with
// forward slashes, as a provenance record names project files.
func slash(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
				p = rel
			}
		}
	}
	return filepath.ToSlash(p)
}

// readEvidence reads the GRADE assessments in dir, one file per source in
// the seed's quality-assessment format; a missing folder is an empty
// register (every citation is then unassessed).
func readEvidence(dir string) (*grade.Register, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return &grade.Register{}, nil
	}
	reg, err := grade.ReadRegister(os.DirFS(dir), ".")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return reg, nil
}

// evidence prints rep, the certainty of the evidence behind the
// recommendation, and the evidence gate's verdict on the written ADR, read
// back as anyone else's record would be.
func evidence(w io.Writer, d *tot.Decision, rep *tot.CertaintyReport, reg *grade.Register, adrBytes []byte) error {
	rec, err := adr.Parse(adrBytes)
	if err != nil {
		return err
	}
	var ids []string
	for _, e := range d.Evidence {
		ids = append(ids, e.ID)
	}
	g := adr.Gate(rec, reg, adr.GatePolicy{Sources: ids})
	var b strings.Builder
	assessed, deciding := 0, 0
	for _, s := range rep.Sources {
		if s.Assessed {
			assessed++
		}
	}
	for _, s := range rep.Scores {
		if s.Deciding {
			deciding++
		}
	}
	fmt.Fprintf(&b, "\nEvidence (GRADE): %d of %d cited sources assessed\n", assessed, len(rep.Sources))
	cert := "not assessed"
	if rep.Certainty.Valid() {
		cert = rep.Certainty.String() + " " + rep.Certainty.Symbol()
	}
	fmt.Fprintf(&b, "  certainty behind the recommendation: %s, the weakest of %d deciding scores\n", cert, deciding)
	for _, t := range rep.Trail {
		fmt.Fprintf(&b, "  set by %s\n", t)
	}
	for _, s := range rep.Sources {
		if !s.Assessed {
			kind := "not deciding"
			if s.Deciding {
				kind = "deciding"
			}
			fmt.Fprintf(&b, "  unassessed: %s (%s)\n", s.ID, kind)
		}
	}
	verdict := "may move to Accepted"
	if !g.Accept {
		verdict = "may not move to Accepted"
	}
	fmt.Fprintf(&b, "Evidence gate on the written ADR: %s\n", verdict)
	for _, f := range g.Reasons {
		if f.Severity != tot.SeverityInfo {
			fmt.Fprintf(&b, "  - %s %s: %s\n", f.Severity, f.Code, f.Message)
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}
