package tot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// WriteDecision writes d as a YAML decision file (two-space indentation),
// so that ParseDecision reads back a Decision equal to d when d is valid.
// Every field is written as it is; threshold and close_call are omitted
// when nil (their defaults apply, in Go as in the file); empty texts and
// lists are omitted; scores are written in criteria order, as a plain
// number when they carry no rationale or evidence. WriteDecision does not
// validate d, so that drafts can be saved. For JSON, use json.Marshal(d)
// (see Decision.MarshalJSON).
func WriteDecision(w io.Writer, d *Decision) error {
	if d == nil {
		return fmt.Errorf("tot: WriteDecision: nil decision")
	}
	fd, err := toFile(d)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(fd); err != nil {
		return fmt.Errorf("tot: WriteDecision: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("tot: WriteDecision: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// MarshalYAML writes d in the decision file format (see WriteDecision).
func (d Decision) MarshalYAML() (any, error) { return toFile(&d) }

// MarshalJSON writes d in the decision file format as JSON, with the fields
// WriteDecision writes, so that ParseDecision reads back a Decision equal
// to d when d is valid. JSON cannot hold NaN or infinities. json.Marshal
// escapes <, > and & in texts (as \u003c, ...); for a file people read,
// use a json.Encoder with SetEscapeHTML(false) and SetIndent.
func (d Decision) MarshalJSON() ([]byte, error) {
	fd, err := toFile(&d)
	if err != nil {
		return nil, err
	}
	return json.Marshal(fd)
}

// UnmarshalYAML reads the decision file format (or a ToT document) as
// ParseDecision does, including its validation.
func (d *Decision) UnmarshalYAML(n *yaml.Node) error {
	b, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	return d.UnmarshalJSON(b)
}

// UnmarshalJSON reads the decision file format (or a ToT document) as
// ParseDecision does, including its validation.
func (d *Decision) UnmarshalJSON(b []byte) error {
	p, err := ParseDecision(b)
	if err != nil {
		return err
	}
	*d = *p
	return nil
}

// The decision file, as written. Field order is the order of the file.
type fileDecision struct {
	ID             string            `yaml:"id,omitempty" json:"id,omitempty"`
	Title          string            `yaml:"title,omitempty" json:"title,omitempty"`
	Context        string            `yaml:"context,omitempty" json:"context,omitempty"`
	Method         Method            `yaml:"method,omitempty" json:"method,omitempty"`
	Threshold      *float64          `yaml:"threshold,omitempty" json:"threshold,omitempty"`
	CloseCall      *float64          `yaml:"close_call,omitempty" json:"close_call,omitempty"`
	Criteria       []fileCriterion   `yaml:"criteria" json:"criteria"`
	Alternatives   []fileAlternative `yaml:"alternatives" json:"alternatives"`
	Selected       string            `yaml:"selected,omitempty" json:"selected,omitempty"`
	Rationale      string            `yaml:"rationale,omitempty" json:"rationale,omitempty"`
	TradeOffs      []string          `yaml:"trade_offs,omitempty" json:"trade_offs,omitempty"`
	ContextFactors []string          `yaml:"context_factors,omitempty" json:"context_factors,omitempty"`
	Triggers       []fileTrigger     `yaml:"triggers,omitempty" json:"triggers,omitempty"`
	Evidence       []fileEvidence    `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	Declared       []fileDeclared    `yaml:"declared,omitempty" json:"declared,omitempty"`
	Nodes          []fileNode        `yaml:"nodes,omitempty" json:"nodes,omitempty"`
}

type fileCriterion struct {
	ID          string    `yaml:"id" json:"id"`
	Name        string    `yaml:"name,omitempty" json:"name,omitempty"`
	Weight      float64   `yaml:"weight" json:"weight"`
	Scale       []float64 `yaml:"scale,omitempty,flow" json:"scale,omitempty"`
	Direction   string    `yaml:"direction,omitempty" json:"direction,omitempty"`
	Critical    *float64  `yaml:"critical,omitempty" json:"critical,omitempty"`
	Description string    `yaml:"description,omitempty" json:"description,omitempty"`
	Source      string    `yaml:"source,omitempty" json:"source,omitempty"`
}

type fileAlternative struct {
	ID          string     `yaml:"id" json:"id"`
	Name        string     `yaml:"name,omitempty" json:"name,omitempty"`
	Description string     `yaml:"description,omitempty" json:"description,omitempty"`
	StatusQuo   bool       `yaml:"status_quo,omitempty" json:"status_quo,omitempty"`
	Pros        []string   `yaml:"pros,omitempty" json:"pros,omitempty"`
	Cons        []string   `yaml:"cons,omitempty" json:"cons,omitempty"`
	Risks       []fileRisk `yaml:"risks,omitempty" json:"risks,omitempty"`
	Scores      fileScores `yaml:"scores" json:"scores"`
}

type fileRisk struct {
	Risk       string `yaml:"risk" json:"risk"`
	Mitigation string `yaml:"mitigation,omitempty" json:"mitigation,omitempty"`
}

type fileScore struct {
	Score     float64  `yaml:"score" json:"score"`
	Rationale string   `yaml:"rationale,omitempty" json:"rationale,omitempty"`
	Evidence  []string `yaml:"evidence,omitempty,flow" json:"evidence,omitempty"`
}

type scoreEntry struct {
	criterion string
	score     Score
}

// fileScores is a scores mapping in a fixed key order.
type fileScores []scoreEntry

func (e scoreEntry) value() any {
	if e.score.Rationale == "" && len(e.score.Evidence) == 0 {
		return e.score.Value
	}
	return fileScore{Score: e.score.Value, Rationale: e.score.Rationale, Evidence: e.score.Evidence}
}

func (s fileScores) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, e := range s {
		var v yaml.Node
		if err := v.Encode(e.value()); err != nil {
			return nil, err
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.criterion}, &v)
	}
	return n, nil
}

func (s fileScores) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.criterion)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(e.value())
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type fileTrigger struct {
	ID          string   `yaml:"id" json:"id"`
	Category    string   `yaml:"category,omitempty" json:"category,omitempty"`
	Metric      string   `yaml:"metric,omitempty" json:"metric,omitempty"`
	Op          string   `yaml:"op,omitempty" json:"op,omitempty"`
	Threshold   *float64 `yaml:"threshold,omitempty" json:"threshold,omitempty"`
	Unit        string   `yaml:"unit,omitempty" json:"unit,omitempty"`
	For         string   `yaml:"for,omitempty" json:"for,omitempty"`
	Consecutive int      `yaml:"consecutive,omitempty" json:"consecutive,omitempty"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Action      string   `yaml:"action,omitempty" json:"action,omitempty"`
}

// fileEvidence is an evidence entry: its id and then the fields of its
// assessment, in grade's snake_case form.
type fileEvidence EvidenceRef

func (e fileEvidence) node() (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "id"},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.ID})
	str := func(k, v string) {
		if v != "" {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k},
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
		}
	}
	str("title", e.Title)
	str("source_type", e.SourceType)
	if e.Assessment == nil {
		return n, nil
	}
	a := *e.Assessment
	a.ID, a.Title, a.SourceType = "", "", "" // written once, from the entry
	var doc yaml.Node
	if err := doc.Encode(&a); err != nil {
		return nil, fmt.Errorf("tot: evidence %q: %w", e.ID, err)
	}
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("tot: evidence %q: the assessment is not a mapping", e.ID)
	}
	n.Content = append(n.Content, doc.Content...)
	return n, nil
}

func (e fileEvidence) MarshalYAML() (any, error) { return e.node() }

func (e fileEvidence) MarshalJSON() ([]byte, error) {
	n, err := e.node()
	if err != nil {
		return nil, err
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	// encoding/json sorts the keys of v; the id is among them.
	return json.Marshal(jsonSafe(v))
}

// jsonSafe converts the map[any]any values yaml may produce into
// map[string]any so that encoding/json can write them.
func jsonSafe(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = jsonSafe(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = jsonSafe(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = jsonSafe(e)
		}
		return x
	}
	return v
}

type fileDeclared struct {
	Where       string  `yaml:"where,omitempty" json:"where,omitempty"`
	Kind        string  `yaml:"kind,omitempty" json:"kind,omitempty"`
	Alternative string  `yaml:"alternative" json:"alternative"`
	Criterion   string  `yaml:"criterion,omitempty" json:"criterion,omitempty"`
	Value       float64 `yaml:"value" json:"value"`
	Scale       float64 `yaml:"scale,omitempty" json:"scale,omitempty"`
	Decimals    int     `yaml:"decimals,omitempty" json:"decimals,omitempty"`
}

type fileNode struct {
	ID          string `yaml:"id" json:"id"`
	Parent      string `yaml:"parent,omitempty" json:"parent,omitempty"`
	Depth       int    `yaml:"depth,omitempty" json:"depth,omitempty"`
	Name        string `yaml:"name,omitempty" json:"name,omitempty"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	Status      string `yaml:"status,omitempty" json:"status,omitempty"`
	Reason      string `yaml:"reason,omitempty" json:"reason,omitempty"`
}

// formatWindow writes a trigger window the way parseWindow reads it: whole
// days as "14d", whole hours as "36h", whole minutes as "90m", else a Go
// duration ("1.5s"). Zero is "0s".
func formatWindow(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == 0:
		return "0s"
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return d.String()
}

func toFile(d *Decision) (*fileDecision, error) {
	fd := &fileDecision{
		ID: d.ID, Title: d.Title, Context: d.Context, Method: d.Method,
		Threshold: d.Threshold, CloseCall: d.CloseCall,
		Criteria: []fileCriterion{}, Alternatives: []fileAlternative{},
		Selected: d.Selected, Rationale: d.Rationale, TradeOffs: d.TradeOffs, ContextFactors: d.ContextFactors,
	}
	for _, c := range d.Criteria {
		fc := fileCriterion{ID: c.ID, Name: c.Name, Weight: c.Weight, Critical: c.Critical,
			Description: c.Description, Source: c.Source}
		if c.Scale != (Scale{}) {
			fc.Scale = []float64{c.Scale.Min, c.Scale.Max}
		}
		if c.Direction != Benefit {
			b, err := c.Direction.MarshalText()
			if err != nil {
				return nil, err
			}
			fc.Direction = string(b)
		}
		fd.Criteria = append(fd.Criteria, fc)
	}
	for _, a := range d.Alternatives {
		fa := fileAlternative{ID: a.ID, Name: a.Name, Description: a.Description, StatusQuo: a.StatusQuo,
			Pros: a.Pros, Cons: a.Cons, Scores: fileScores{}}
		for _, r := range a.Risks {
			fa.Risks = append(fa.Risks, fileRisk(r))
		}
		written := map[string]bool{}
		for _, c := range d.Criteria {
			if s, ok := a.Scores[c.ID]; ok && !written[c.ID] {
				fa.Scores = append(fa.Scores, scoreEntry{c.ID, s})
				written[c.ID] = true
			}
		}
		var rest []string
		for k := range a.Scores {
			if !written[k] {
				rest = append(rest, k)
			}
		}
		slices.Sort(rest)
		for _, k := range rest {
			fa.Scores = append(fa.Scores, scoreEntry{k, a.Scores[k]})
		}
		fd.Alternatives = append(fd.Alternatives, fa)
	}
	for _, t := range d.Triggers {
		ft := fileTrigger{ID: t.ID, Category: t.Category, Metric: t.Metric, Op: t.Op, Threshold: t.Threshold,
			Unit: t.Unit, Consecutive: t.Consecutive, Description: t.Description, Action: t.Action}
		if t.For != 0 {
			ft.For = formatWindow(t.For)
		}
		fd.Triggers = append(fd.Triggers, ft)
	}
	for _, e := range d.Evidence {
		fd.Evidence = append(fd.Evidence, fileEvidence(e))
	}
	for _, x := range d.Declared {
		fd.Declared = append(fd.Declared, fileDeclared(x))
	}
	for _, n := range d.Nodes {
		fd.Nodes = append(fd.Nodes, fileNode(n))
	}
	return fd, nil
}
