package grade

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/yamlnode"
)

// A Source is one entry of a research corpus: an identifier and, when it
// has been assessed, its assessment.
type Source struct {
	ID         string      // "REF-012"; when empty, Assessment.ID
	Title      string      // optional
	SourceType string      // seed source type; when empty, Assessment.SourceType
	Assessment *Assessment // nil when not assessed
}

func (s *Source) id() string {
	if s.ID == "" && s.Assessment != nil {
		return s.Assessment.ID
	}
	return s.ID
}

func (s *Source) sourceType() string {
	t := s.SourceType
	if t == "" && s.Assessment != nil {
		t = s.Assessment.SourceType
	}
	if t == "" {
		return "unspecified"
	}
	return normKey(t)
}

// A Corpus is the set of sources a project cites.
type Corpus struct {
	Sources []Source
	Policy  UpgradePolicy // policy for every assessment's certainty
}

// UnassessedLimit is the share of unassessed sources above which the seed
// flags a corpus (grade-on-ingest: "more than 30% unassessed").
const UnassessedLimit = 0.30

// Levels returns the certainty of every assessed source by identifier, for
// CheckDocument. An invalid assessment is an error naming the source.
func (c *Corpus) Levels() (map[string]Level, error) {
	r, err := c.Report()
	if err != nil {
		return nil, err
	}
	return r.levels, nil
}

// A CorpusReport is the distribution of certainty in a corpus.
type CorpusReport struct {
	Policy       UpgradePolicy `json:"policy"`
	Total        int           `json:"total"`          // sources
	Assessed     int           `json:"assessed"`       // sources with an assessment
	ByLevel      []LevelCount  `json:"by_level"`       // High first; every level listed
	BySourceType []TypeCount   `json:"by_source_type"` // by source type name
	Unassessed   []string      `json:"unassessed"`     // identifiers, in corpus order; never nil
	// UnassessedShare is Unassessed/Total, 0–1 (0 for an empty corpus).
	UnassessedShare float64 `json:"unassessed_share"`
	// TooManyUnassessed is the seed's flag: more than 30% unassessed.
	TooManyUnassessed bool      `json:"too_many_unassessed"`
	Findings          []Finding `json:"findings"` // per-source evaluation findings and the flag; never nil

	levels map[string]Level
}

// LevelCount is the number of sources at one level.
type LevelCount struct {
	Level Level `json:"level"`
	Count int   `json:"count"`
}

// TypeCount is the distribution of one source type: counts per level (in
// Levels order) and unassessed.
type TypeCount struct {
	SourceType string `json:"source_type"`
	ByLevel    [4]int `json:"by_level"` // High, Moderate, Low, Very low
	Unassessed int    `json:"unassessed"`
	Total      int    `json:"total"`
}

// Report computes the corpus distribution. Every assessment is evaluated
// under c.Policy; invalid assessments are reported together in one
// *ValidationError with paths "sources[i]…".
func (c *Corpus) Report() (*CorpusReport, error) {
	r := &CorpusReport{Policy: c.Policy, Total: len(c.Sources), Unassessed: []string{}, Findings: []Finding{}, levels: map[string]Level{}}
	seenID := map[string]int{}
	counts := map[Level]int{}
	types := map[string]*TypeCount{}
	var ps diag.List
	for i := range c.Sources {
		s := &c.Sources[i]
		id := s.id()
		if id == "" {
			id = fmt.Sprintf("sources[%d]", i)
		}
		if prev, ok := seenID[id]; ok {
			r.Findings = append(r.Findings, newFinding(CodeDuplicateSource, SeverityWarning,
				fmt.Sprintf("%s is listed twice (also sources[%d]); the later entry wins", id, prev), fmt.Sprintf("sources[%d]", i)))
		}
		seenID[id] = i
		st := s.sourceType()
		tc := types[st]
		if tc == nil {
			tc = &TypeCount{SourceType: st}
			types[st] = tc
		}
		tc.Total++
		if s.Assessment == nil {
			r.Unassessed = append(r.Unassessed, id)
			tc.Unassessed++
			continue
		}
		e, err := s.Assessment.Evaluate(c.Policy)
		if err != nil {
			addPrefixed(&ps, fmt.Sprintf("sources[%d]", i), err)
			continue
		}
		r.Assessed++
		counts[e.Level]++
		tc.ByLevel[High-e.Level]++
		r.levels[id] = e.Level
		for _, f := range e.Findings {
			f.Where = id + ": " + f.Where
			r.Findings = append(r.Findings, f)
		}
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return nil, err
	}
	for _, l := range Levels() {
		r.ByLevel = append(r.ByLevel, LevelCount{l, counts[l]})
	}
	for _, k := range sortedKeys(types) {
		r.BySourceType = append(r.BySourceType, *types[k])
	}
	if r.Total > 0 {
		r.UnassessedShare = float64(len(r.Unassessed)) / float64(r.Total)
	}
	// integer comparison: unassessed/total > 3/10
	r.TooManyUnassessed = len(r.Unassessed)*10 > r.Total*3
	if r.TooManyUnassessed {
		r.Findings = append(r.Findings, newFinding(CodeTooManyUnassessed, SeverityWarning,
			fmt.Sprintf("%d of %d sources (%s) have no GRADE assessment, more than %s", len(r.Unassessed), r.Total,
				percent(len(r.Unassessed), r.Total), percent(3, 10)), "corpus"))
	}
	return r, nil
}

// addPrefixed adds the problems of err to ps with their paths under
// prefix; an error that is not a *ValidationError is one problem at prefix.
func addPrefixed(ps *diag.List, prefix string, err error) {
	addUnder(ps, prefix, err, yamlnode.Join)
}

// addUnder is addPrefixed with the function that joins prefix and a path.
func addUnder(ps *diag.List, prefix string, err error, join func(prefix, path string) string) {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		ps.Add(Problem{Path: prefix, Message: err.Error(), Err: err})
		return
	}
	for _, p := range ve.Problems {
		p.Path = join(prefix, p.Path)
		ps.Add(p)
	}
	ps.Omit(ve.Omitted)
}

// percent formats n/d as a percentage with at most one decimal: "33.3%".
func percent(n, d int) string {
	if d == 0 {
		return "0%"
	}
	// round half up on tenths of a percent with integers: 1000*n/d
	tenths := (2000*n + d) / (2 * d)
	s := strconv.Itoa(tenths / 10)
	if f := tenths % 10; f != 0 {
		s += "." + strconv.Itoa(f)
	}
	return s + "%"
}

// WriteMarkdown writes the report as Markdown: totals, the distribution by
// level and by source type, the unassessed sources and the findings.
func (r *CorpusReport) WriteMarkdown(w io.Writer) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "# Evidence certainty report\n\n")
	fmt.Fprintf(b, "%d sources: %d assessed, %d unassessed (%s). Upgrade policy: %s.\n\n",
		r.Total, r.Assessed, len(r.Unassessed), percent(len(r.Unassessed), r.Total), r.Policy)
	if r.TooManyUnassessed {
		fmt.Fprintf(b, "**More than %s of the sources are unassessed**: assess them before citing them.\n\n", percent(3, 10))
	}
	b.WriteString("## Certainty by level\n\n")
	b.WriteString("| Certainty | Symbol | Sources | Share of assessed |\n|---|---|---:|---:|\n")
	for _, lc := range r.ByLevel {
		fmt.Fprintf(b, "| %s | %s | %d | %s |\n", lc.Level, lc.Level.Symbol(), lc.Count, percent(lc.Count, r.Assessed))
	}
	b.WriteString("\n## Certainty by source type\n\n")
	b.WriteString("| Source type | High | Moderate | Low | Very low | Unassessed | Total |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, tc := range r.BySourceType {
		fmt.Fprintf(b, "| %s | %d | %d | %d | %d | %d | %d |\n", Cell(tc.SourceType),
			tc.ByLevel[0], tc.ByLevel[1], tc.ByLevel[2], tc.ByLevel[3], tc.Unassessed, tc.Total)
	}
	b.WriteString("\n## Unassessed sources\n\n")
	if len(r.Unassessed) == 0 {
		b.WriteString("None.\n")
	}
	for _, id := range r.Unassessed {
		fmt.Fprintf(b, "- %s\n", Cell(id))
	}
	writeFindings(b, r.Findings)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFindings(b *strings.Builder, fs []Finding) {
	b.WriteString("\n## Findings\n\n")
	if len(fs) == 0 {
		b.WriteString("None.\n")
		return
	}
	b.WriteString("| Severity | Code | Where | Message |\n|---|---|---|---|\n")
	for _, f := range fs {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", f.Severity, Cell(f.Code), Cell(f.Where), Cell(f.Message))
	}
}

// Cell escapes text for a Markdown table cell: "|" becomes "\|", line
// breaks become "<br>", surrounding space is trimmed.
func Cell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", "<br>")
}
