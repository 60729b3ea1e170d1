// Command grade-evidence grades the evidence behind a decision's scores: for
// each cited source it prints the GRADE certainty with its calculation trail
// under the default and the strict upgrade policy, then checks the wording
// of every score rationale against the certainty of the sources it cites.
//
// Usage: go run ./examples/grade-evidence [decision.yaml]
package main

import (
	_ "embed"
	"fmt"
	"io"
	"os"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/grade"
)

//go:embed decision.yaml
var defaultDecision []byte

type decision struct {
	Title  string `yaml:"title"`
	Scores []struct {
		Alternative string  `yaml:"alternative"`
		Criterion   string  `yaml:"criterion"`
		Score       float64 `yaml:"score"`
		Rationale   string  `yaml:"rationale"`
	} `yaml:"scores"`
	Evidence []yaml.Node `yaml:"evidence"`
}

func main() {
	data := defaultDecision
	if len(os.Args) > 1 {
		var err error
		if data, err = os.ReadFile(os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := run(os.Stdout, data); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, data []byte) error {
	var d decision
	if err := yaml.Unmarshal(data, &d); err != nil {
		return err
	}
	fmt.Fprintf(w, "Evidence behind: %s\n\n", d.Title)
	levels := map[string]grade.Level{}
	for i := range d.Evidence {
		b, err := yaml.Marshal(&d.Evidence[i])
		if err != nil {
			return err
		}
		a, err := grade.ParseAssessment(b)
		if err != nil {
			return fmt.Errorf("evidence[%d]: %w", i, err)
		}
		id := a.ID
		if id == "" {
			id = idOf(&d.Evidence[i])
		}
		def, err := a.Evaluate(grade.DefaultPolicy)
		if err != nil {
			return fmt.Errorf("evidence[%d]: %w", i, err)
		}
		strict, _ := a.Evaluate(grade.StrictPolicy)
		levels[id] = def.Level
		fmt.Fprintf(w, "%s: %s %s\n  default: %s\n  strict:  %s\n", id, def.Level.Symbol(), def.Level, def.Trail, strict.Trail)
		for _, f := range def.Findings {
			if f.Severity != grade.SeverityInfo {
				fmt.Fprintf(w, "  %s %s: %s\n", f.Severity, f.Code, f.Message)
			}
		}
	}
	fmt.Fprintln(w, "\nScore rationales:")
	for _, s := range d.Scores {
		fmt.Fprintf(w, "- %s/%s = %g: %s\n", s.Alternative, s.Criterion, s.Score, s.Rationale)
		fs := grade.CheckDocument(s.Rationale, levels)
		if len(fs) == 0 {
			fmt.Fprintln(w, "  ok: wording matches the evidence")
		}
		for _, f := range fs {
			fmt.Fprintf(w, "  %s %s: %s\n", f.Severity, f.Code, f.Message)
		}
	}
	ids := make([]string, 0, len(levels))
	for id := range levels {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	fmt.Fprintf(w, "\nAssessed sources: %v\n", ids)
	return nil
}

// idOf finds an "id" key on an evidence entry whose assessment is wrapped
// (the Title Case form keeps the id outside "Quality Assessment").
func idOf(n *yaml.Node) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" {
			return n.Content[i+1].Value
		}
	}
	return ""
}
