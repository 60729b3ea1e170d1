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
	"text/tabwriter"
	"time"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
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
	res, err := tot.Evaluate(d)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	an, err := sensitivity.Analyze(context.Background(), d, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := report(w, d, res, an); err != nil {
		return err
	}
	reg, err := readEvidence(filepath.Join(filepath.Dir(path), "evidence"))
	if err != nil {
		return err
	}
	files, adrBytes, err := write(d, res, reg, data, path, out, at)
	if err != nil {
		return err
	}
	if err := evidence(w, d, res, reg, adrBytes); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Wrote:")
	for _, f := range files {
		fmt.Fprintln(w, "  "+f)
	}
	return nil
}

// write writes the generated files into out and returns their paths and
// the ADR's bytes.
func write(d *tot.Decision, res *tot.Result, reg *grade.Register, input []byte, inputPath, out string, at time.Time) ([]string, []byte, error) {
	for _, dir := range []string{out, filepath.Join(out, "adr"), filepath.Join(out, "provenance")} {
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

	// The ADR, added to the log folder (or rewritten in place on a rerun).
	adrPath, adrBytes, err := writeADR(d, res, reg, filepath.Join(out, "adr"), at)
	if err != nil {
		return nil, nil, err
	}
	files = append(files, adrPath)

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

// writeADR renders the record of d, with the evidence of reg, into the ADR
// log at dir. A record with the
// same title already in the log is rewritten in place, keeping its number, so
// rerunning the example does not grow the log.
func writeADR(d *tot.Decision, res *tot.Result, reg *grade.Register, dir string, at time.Time) (string, []byte, error) {
	rec, err := adr.FromDecision(d, res)
	if err != nil {
		return "", nil, err
	}
	if _, err := adr.WithEvidence(rec, d, res, reg); err != nil {
		return "", nil, err
	}
	rec.Date = at.Format(time.DateOnly)
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

// report prints the decision and its evaluation as text. Every number is
// taken from res or computed from d here.
func report(w io.Writer, d *tot.Decision, res *tot.Result, an *sensitivity.Analysis) error {
	p := &printer{w: w}
	title := d.Title
	if d.ID != "" {
		title = d.ID + ": " + title
	}
	p.line(title)
	p.line(strings.Repeat("=", len([]rune(title))))
	p.line("")
	p.criteria(d)
	p.line("")
	p.matrix(d, res)
	p.line("")
	p.outcome(d, res)
	p.selection(d, res)
	p.triggers(d)
	p.stability(an)
	p.findings(res)
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(format string, args ...any) {
	if p.err != nil {
		return
	}
	if len(args) == 0 {
		_, p.err = io.WriteString(p.w, format+"\n")
		return
	}
	_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
}

// table writes tab-separated rows aligned in columns.
func (p *printer) table(rows [][]string) {
	if p.err != nil {
		return
	}
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		if _, err := io.WriteString(tw, strings.Join(r, "\t")+"\n"); err != nil {
			p.err = err
			return
		}
	}
	p.err = tw.Flush()
}

func name(c tot.Criterion) string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

func scale(s tot.Scale) (lo, hi float64) {
	if s == (tot.Scale{}) {
		return 0, 10
	}
	return s.Min, s.Max
}

func (p *printer) criteria(d *tot.Decision) {
	sum := 0.0
	for _, c := range d.Criteria {
		sum += c.Weight
	}
	rows := [][]string{{"Criterion", "Weight", "Scale", "Direction", "Gate", "Source"}}
	for _, c := range d.Criteria {
		lo, hi := scale(c.Scale)
		gate := "-"
		if c.Critical != nil {
			op := ">="
			if c.Direction == tot.Cost {
				op = "<="
			}
			gate = op + " " + numfmt.Trim(*c.Critical, 2)
		}
		rows = append(rows, []string{name(c), numfmt.Trim(100*c.Weight/sum, 2) + "%",
			numfmt.Trim(lo, 2) + "-" + numfmt.Trim(hi, 2), c.Direction.String(), gate, c.Source})
	}
	p.table(rows)
	threshold := "none"
	if d.Threshold > 0 {
		threshold = numfmt.Trim(d.Threshold, 2) + "/100"
	}
	p.line("Minimum acceptable score: %s. Cells show score (composite points).", threshold)
}

func (p *printer) matrix(d *tot.Decision, res *tot.Result) {
	head := []string{"Rank", "Alternative"}
	for _, c := range d.Criteria {
		head = append(head, name(c))
	}
	head = append(head, "Total", "Viable")
	rows := [][]string{head}
	for _, r := range res.Ranking {
		a := alternative(d, r.Alternative)
		row := []string{fmt.Sprint(r.Rank), a.ID}
		for _, c := range d.Criteria {
			cell := numfmt.Trim(a.Scores[c.ID].Value, 2)
			if pts, ok := r.Contributions[c.ID]; ok {
				cell += " (" + numfmt.Trim(pts, 2) + ")"
			}
			row = append(row, cell)
		}
		row = append(row, numfmt.Trim(r.Score, 2), viability(d, r))
		rows = append(rows, row)
	}
	p.table(rows)
}

func alternative(d *tot.Decision, id string) tot.Alternative {
	for _, a := range d.Alternatives {
		if a.ID == id {
			return a
		}
	}
	return tot.Alternative{ID: id}
}

func viability(d *tot.Decision, r tot.Ranked) string {
	if r.Viable {
		return "yes"
	}
	var why []string
	for _, id := range r.GateFailures {
		for _, c := range d.Criteria {
			if c.ID == id {
				why = append(why, "fails "+name(c)+" gate")
			}
		}
	}
	if r.BelowThreshold {
		why = append(why, "below "+numfmt.Trim(d.Threshold, 2))
	}
	return "no: " + strings.Join(why, ", ")
}

func label(d *tot.Decision, id string) string {
	a := alternative(d, id)
	if a.Name != "" {
		return a.Name + " (" + a.ID + ")"
	}
	return a.ID
}

func score(res *tot.Result, id string) string {
	for _, r := range res.Ranking {
		if r.Alternative == id {
			return numfmt.Trim(r.Score, 2)
		}
	}
	return "?"
}

func (p *printer) outcome(d *tot.Decision, res *tot.Result) {
	if res.Recommended == "" {
		p.line("Recommended: none - no alternative is viable")
	} else {
		p.line("Recommended: %s, %s points", label(d, res.Recommended), score(res, res.Recommended))
	}
	if res.Margin != nil {
		m := "Margin: " + numfmt.Trim(*res.Margin, 2) + " points over the next viable alternative"
		if res.CloseCall {
			m += " - close call (close-call margin " + numfmt.Trim(d.CloseCall, 2) + "): a human decision is needed"
		}
		p.line("%s", m)
	}
}

func (p *printer) selection(d *tot.Decision, res *tot.Result) {
	if d.Selected == "" {
		return
	}
	s := fmt.Sprintf("Selected: %s, %s points", label(d, d.Selected), score(res, d.Selected))
	if d.Selected != res.Recommended {
		s += ", overriding the recommendation"
	}
	p.line("%s", s)
	if r := strings.TrimSpace(d.Rationale); r != "" {
		p.line("")
		p.line("Rationale:")
		for _, l := range strings.Split(r, "\n") {
			p.line("  %s", l)
		}
	}
	p.list("Context factors", d.ContextFactors)
	p.list("Trade-offs accepted", d.TradeOffs)
}

func (p *printer) list(title string, items []string) {
	if len(items) == 0 {
		return
	}
	p.line("")
	p.line("%s:", title)
	for _, s := range items {
		p.line("  - %s", s)
	}
}

func (p *printer) triggers(d *tot.Decision) {
	if len(d.Triggers) == 0 {
		return
	}
	p.line("")
	p.line("Backtracking triggers:")
	rows := [][]string{}
	for _, t := range d.Triggers {
		cond := t.Condition()
		rows = append(rows, []string{"  " + t.ID, t.Category, cond})
	}
	p.table(rows)
}

func (p *printer) stability(an *sensitivity.Analysis) {
	if an == nil || len(an.Stability) == 0 {
		return
	}
	p.line("")
	p.line("Weight stability (each criterion's share moved, the others kept in proportion):")
	for _, s := range an.Stability {
		p.line("  %s", s)
	}
	p.line("Confidence in the recommendation: %s", an.Confidence)
}

func (p *printer) findings(res *tot.Result) {
	p.line("")
	if len(res.Findings) == 0 {
		p.line("Findings: none")
		return
	}
	p.line("Findings:")
	for _, f := range res.Findings {
		p.line("  - %s %s: %s", f.Severity, f.Code, f.Message)
	}
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

// evidence prints the certainty of the evidence behind the recommendation
// and the evidence gate's verdict on the written ADR, read back as anyone
// else's record would be.
func evidence(w io.Writer, d *tot.Decision, res *tot.Result, reg *grade.Register, adrBytes []byte) error {
	rep, err := tot.Certainty(d, res, reg)
	if err != nil {
		return err
	}
	rec, err := adr.Parse(adrBytes)
	if err != nil {
		return err
	}
	var ids []string
	for _, e := range d.Evidence {
		ids = append(ids, e.ID)
	}
	g := adr.Gate(rec, reg, adr.GatePolicy{Sources: ids})
	p := &printer{w: w}
	p.line("")
	p.line("Evidence (GRADE): %d of %d cited sources assessed", assessed(rep), len(rep.Sources))
	deciding := 0
	for _, s := range rep.Scores {
		if s.Deciding {
			deciding++
		}
	}
	cert := "not assessed"
	if rep.Certainty.Valid() {
		cert = rep.Certainty.String() + " " + rep.Certainty.Symbol()
	}
	p.line("  certainty behind the recommendation: %s, the weakest of %d deciding scores", cert, deciding)
	for _, t := range rep.Trail {
		p.line("  set by %s", t)
	}
	for _, s := range rep.Sources {
		if !s.Assessed {
			kind := "not deciding"
			if s.Deciding {
				kind = "deciding"
			}
			p.line("  unassessed: %s (%s)", s.ID, kind)
		}
	}
	verdict := "may move to Accepted"
	if !g.Accept {
		verdict = "may not move to Accepted"
	}
	p.line("Evidence gate on the written ADR: %s", verdict)
	for _, f := range g.Reasons {
		if f.Severity != tot.SeverityInfo {
			p.line("  - %s %s: %s", f.Severity, f.Code, f.Message)
		}
	}
	return p.err
}

func assessed(rep *tot.CertaintyReport) int {
	n := 0
	for _, s := range rep.Sources {
		if s.Assessed {
			n++
		}
	}
	return n
}
