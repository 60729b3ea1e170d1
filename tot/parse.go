package tot

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/grade"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// ParseDecision reads a decision file, YAML or JSON (JSON is read as
// YAML), or a ToT document of the seed system.
//
// # Decision file
//
// The top-level fields are id, title, context, method (see Methods; default
// the weighted sum), threshold (minimum acceptable composite, 0–100,
// default DefaultThreshold, 0 disables it), close_call (default
// DefaultCloseCall), criteria, alternatives, selected (an alternative id),
// rationale, trade_offs, context_factors, triggers, evidence, declared and
// nodes.
//
//   - criteria: id, name, weight (30, 0.30 or "30%", read as 30; weights are
//     normalised for evaluation), scale ([min, max], {min, max} or a string
//     such as "1-10", "1-5", "low-medium-high" (1–3) or "binary" (0–1);
//     default 0–10), direction (benefit, the default, or cost), critical (a
//     gate: 8 or "8+"), description, source.
//   - alternatives: id, name, description, status_quo, pros, cons, risks
//     (each {risk, mitigation} or a plain string), scores (criterion id →
//     a number or {score, rationale, evidence: [ids]}).
//   - triggers: id, category, metric, op (> >= < <= == !=), threshold, unit,
//     for (a window: a Go duration such as "36h", "90m" or "1h30m", or
//     whole days or weeks, "14d", "2w"), consecutive, description, action.
//   - evidence: entries with an id, title and source_type and, optionally, a
//     GRADE assessment of the evidence in any form grade.ParseAssessment
//     reads (its fields next to the id), kept in EvidenceRef.Assessment.
//   - declared: {where, kind, alternative, criterion, value, scale,
//     decimals}, see Declared; nodes: {id, parent, depth, name, description,
//     status, reason}, see ThoughtNode.
//
// # ToT document
//
// A document with a top-level tot_id follows the seed's
// tree-of-thought.yaml schema, every field of which is accepted
// (metadata and the context objects may hold anything). It maps as follows:
//
//   - tot_id → ID; task.description → Title; root_state.input → Context,
//     followed by task.context's requirements, nfrs and existing_decisions
//     as Markdown lists;
//   - evaluation_criteria.dimensions → Criteria (ID and Name = name;
//     weight; scale strings such as "1-10", default "1-10"; benefit);
//   - thought_tree.nodes with evaluation.dimension_scores → Alternatives
//     (ID = node_id, Name = content.alternative, Description =
//     content.description with key_characteristics and implementation_notes,
//     Pros = strengths, Cons = weaknesses); nodes without scores → Nodes
//     (not ranked; Evaluate reports each as an "unranked-node" finding);
//   - declared numbers → Declared, at the precision they are written with:
//     each scored node's overall_score and synthesis.overall_score
//     (composites on 0–1), synthesis.dimension_scores (scores of the
//     selected node) and the score of each synthesis.rejected_alternatives
//     entry naming an alternative;
//   - synthesis.selected_node → Selected; rationale, trade_offs → Rationale,
//     TradeOffs; termination_conditions.score_threshold (0–1) → Threshold
//     (×100; DefaultThreshold when absent); CloseCall is DefaultCloseCall.
//
// The other fields (search_strategy, edges, best_path, backtrack_history,
// integration, ...) are checked for their type and not kept.
//
// # Errors
//
// Unknown fields (with the closest known field suggested), duplicate keys
// (naming the lines of both), values of the wrong type and everything
// Decision.Validate rejects are errors. An invalid input yields a
// *ValidationError, which wraps ErrInvalid, listing the problems one a line
// with their path, the IDs of the elements they are in and their YAML line
// and column: "alternatives[3] (mongodb).scores.security (line 41, column
// 17): missing". At most diag.MaxProblems (100) are listed, the rest
// counted. Problems carry ErrUnknownField, ErrDuplicateKey or ErrTooLarge
// where they apply, for errors.Is. A YAML syntax error is one problem at
// path "".
//
// # Bounds
//
// An input is rejected (one problem, ErrTooLarge) when it is longer than
// 8 MiB, when its aliases expand to more than 2^20 YAML nodes, or when
// mappings and lists nest more than 100 deep (see internal/yamlnode). IDs
// are at most 256 bytes. Time and memory are linear in the input.
func ParseDecision(data []byte) (*Decision, error) {
	r := &nodeReader{}
	root := r.Parse(data)
	if root == nil {
		return nil, r.Err(ErrInvalid)
	}
	if root.Kind != yaml.MappingNode {
		r.Errorf(root, "", "must be a mapping, not %s", yamlnode.KindName(root))
		return nil, r.Err(ErrInvalid)
	}
	var d *Decision
	var rewrite func(string) string
	if isToTDocument(root) {
		d, rewrite = r.seedDocument(root)
	} else {
		d = r.decision(root)
	}
	if r.Exhausted() {
		return nil, r.Err(ErrInvalid) // the decision is incomplete: do not validate it
	}
	if rewrite == nil {
		rewrite = func(p string) string { return p }
	}
	v := &validator{skip: func(p string) bool { return r.Covered(p) || r.Covered(rewrite(p)) }, badScale: r.unreadScales(d, rewrite)}
	d.check(v)
	for _, p := range v.list.Problems() {
		p.Path = rewrite(p.Path)
		r.Add(nil, p)
	}
	r.Omit(v.list.Len() - len(v.list.Problems()))
	ps := r.Problems()
	if len(ps) == 0 && r.Len() == 0 {
		return d, nil
	}
	for i := range ps {
		if ps[i].Line == 0 {
			ps[i].Line, ps[i].Column = r.Locate(root, ps[i].Path)
		}
		ps[i].Path = d.labelPath(ps[i].Path)
	}
	return nil, r.Err(ErrInvalid)
}

// unreadScales returns the IDs of criteria whose scale could not be read,
// and marks their gates, so that validation does not check the gates and
// scores against the default scale.
func (r *nodeReader) unreadScales(d *Decision, rewrite func(string) string) map[string]bool {
	bad := map[string]bool{}
	for i, c := range d.Criteria {
		prefix := indexPath("criteria", i)
		if r.Bad(rewrite(prefix + ".scale")) {
			r.Mark(prefix + ".critical")
			bad[c.ID] = true
		}
	}
	return bad
}

// isToTDocument reports whether the top-level mapping has a tot_id key.
func isToTDocument(root *yaml.Node) bool {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Kind == yaml.ScalarNode && k.Value == "tot_id" {
			return true
		}
	}
	return false
}

// decision reads the decision file format.
func (r *nodeReader) decision(root *yaml.Node) *Decision {
	d := &Decision{}
	r.Fields(root, "", yamlnode.Handlers{
		"id":              func(v *yaml.Node, p string) { d.ID = r.Str(v, p) },
		"title":           func(v *yaml.Node, p string) { d.Title = r.Str(v, p) },
		"context":         func(v *yaml.Node, p string) { d.Context = r.Str(v, p) },
		"method":          func(v *yaml.Node, p string) { d.Method = Method(r.Str(v, p)) },
		"threshold":       func(v *yaml.Node, p string) { d.Threshold = r.optNumber(v, p) }, // null: the default
		"close_call":      func(v *yaml.Node, p string) { d.CloseCall = r.optNumber(v, p) },
		"criteria":        appendEach(r, &d.Criteria, r.criterion),
		"alternatives":    appendEach(r, &d.Alternatives, r.alternative),
		"selected":        func(v *yaml.Node, p string) { d.Selected = r.Str(v, p) },
		"rationale":       func(v *yaml.Node, p string) { d.Rationale = r.Str(v, p) },
		"trade_offs":      func(v *yaml.Node, p string) { d.TradeOffs = r.StrList(v, p) },
		"context_factors": func(v *yaml.Node, p string) { d.ContextFactors = r.StrList(v, p) },
		"triggers":        appendEach(r, &d.Triggers, r.trigger),
		"evidence":        appendEach(r, &d.Evidence, r.evidence),
		"declared":        appendEach(r, &d.Declared, r.declared),
		"nodes":           appendEach(r, &d.Nodes, r.thoughtNode),
	})
	return d
}

// appendEach returns a handler that reads a list, each element with read,
// appending them to *dst.
func appendEach[T any](r *nodeReader, dst *[]T, read func(*yaml.Node, string) T) func(*yaml.Node, string) {
	return func(v *yaml.Node, p string) {
		r.List(v, p, func(_ int, v *yaml.Node, p string) { *dst = append(*dst, read(v, p)) })
	}
}

func (r *nodeReader) criterion(n *yaml.Node, path string) Criterion {
	var c Criterion
	r.Fields(n, path, yamlnode.Handlers{
		"id":          func(v *yaml.Node, p string) { c.ID = r.Str(v, p) },
		"name":        func(v *yaml.Node, p string) { c.Name = r.Str(v, p) },
		"weight":      func(v *yaml.Node, p string) { c.Weight = r.weight(v, p) },
		"scale":       func(v *yaml.Node, p string) { c.Scale = r.scale(v, p) },
		"direction":   func(v *yaml.Node, p string) { c.Direction = r.direction(v, p) },
		"critical":    func(v *yaml.Node, p string) { c.Critical = r.gate(v, p) },
		"description": func(v *yaml.Node, p string) { c.Description = r.Str(v, p) },
		"source":      func(v *yaml.Node, p string) { c.Source = r.Str(v, p) },
	})
	return c
}

// optNumber reads an optional number: nil for null, and for a value that
// is not a number (a problem).
func (r *nodeReader) optNumber(n *yaml.Node, path string) *float64 {
	if yamlnode.IsNull(n) {
		return nil
	}
	x, ok := r.Number(n, path)
	if !ok {
		return nil
	}
	return &x
}

// weight reads 30, 0.30, "30%" (read as 30) or a numeric string.
func (r *nodeReader) weight(n *yaml.Node, path string) float64 {
	n = r.Resolve(n, path)
	if n == nil {
		return 0
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n.Value), "%"))
		w, err := strconv.ParseFloat(s, 64)
		if err != nil {
			r.addf(path, "must be a number or a percentage such as \"30%%\", not %q", n.Value)
			return 0
		}
		if math.IsNaN(w) || math.IsInf(w, 0) {
			r.addf(path, "must be finite, not %q", n.Value)
			return 0
		}
		return w
	}
	w, _ := r.Number(n, path)
	return w
}

// scale reads [min, max], {min, max} or a seed scale string such as "1-10".
func (r *nodeReader) scale(n *yaml.Node, path string) Scale {
	n = r.Resolve(n, path)
	if n == nil || yamlnode.IsNull(n) {
		return Scale{}
	}
	var s Scale
	var okMin, okMax bool
	switch n.Kind {
	case yaml.SequenceNode:
		if len(n.Content) != 2 {
			r.addf(path, "must be [min, max]")
			return Scale{}
		}
		s.Min, okMin = r.Number(n.Content[0], indexPath(path, 0))
		s.Max, okMax = r.Number(n.Content[1], indexPath(path, 1))
	case yaml.MappingNode:
		seenMin, seenMax := false, false
		r.Fields(n, path, yamlnode.Handlers{
			"min": func(v *yaml.Node, p string) { s.Min, okMin = r.Number(v, p); seenMin = true },
			"max": func(v *yaml.Node, p string) { s.Max, okMax = r.Number(v, p); seenMax = true },
		})
		if !seenMin || !seenMax {
			r.addf(path, "must have both min and max")
			return Scale{}
		}
	case yaml.ScalarNode:
		var ok bool
		s, ok = parseScaleString(n.Value)
		if !ok {
			r.addf(path, "must be [min, max] or one of \"1-10\", \"1-5\", \"0-10\", \"low-medium-high\", \"binary\", not %q", n.Value)
			return Scale{}
		}
		okMin, okMax = true, true
	default:
		r.addf(path, "must be [min, max], not %s", yamlnode.KindName(n))
		return Scale{}
	}
	if !okMin || !okMax {
		return Scale{}
	}
	if !(s.Min < s.Max) {
		r.addf(path, "min %s must be less than max %s", numfmt.Shortest(s.Min), numfmt.Shortest(s.Max))
		return Scale{}
	}
	return s
}

// parseScaleString reads the seed's scale strings: "1-10", "1-5", any
// "a-b" or "a..b" with numbers a < b, "low-medium-high" (1–3) and "binary"
// (0–1).
func parseScaleString(v string) (Scale, bool) {
	v = strings.TrimSpace(strings.ToLower(v))
	switch v {
	case "low-medium-high":
		return Scale{1, 3}, true
	case "binary":
		return Scale{0, 1}, true
	}
	sep := "-"
	if strings.Contains(v, "..") {
		sep = ".."
	}
	i := strings.Index(v[min(1, len(v)):], sep) // skip a leading minus sign
	if i < 0 {
		return Scale{}, false
	}
	i += min(1, len(v))
	lo, err1 := strconv.ParseFloat(strings.TrimSpace(v[:i]), 64)
	hi, err2 := strconv.ParseFloat(strings.TrimSpace(v[i+len(sep):]), 64)
	if err1 != nil || err2 != nil || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
		return Scale{}, false
	}
	return Scale{lo, hi}, true
}

func (r *nodeReader) direction(n *yaml.Node, path string) Direction {
	s := r.Str(n, path)
	var d Direction
	if err := d.UnmarshalText([]byte(s)); err != nil && s != "" {
		r.addf(path, "must be benefit or cost, not %q", s)
	}
	return d
}

// gate reads a critical gate: a number, or a string such as "8+".
func (r *nodeReader) gate(n *yaml.Node, path string) *float64 {
	n = r.Resolve(n, path)
	if n == nil || yamlnode.IsNull(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n.Value), "+"))
		g, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(g) || math.IsInf(g, 0) {
			r.addf(path, "must be a number such as 8 or \"8+\", not %q", n.Value)
			return nil
		}
		return &g
	}
	g, ok := r.Number(n, path)
	if !ok {
		return nil
	}
	return &g
}

func (r *nodeReader) alternative(n *yaml.Node, path string) Alternative {
	var a Alternative
	r.Fields(n, path, yamlnode.Handlers{
		"id":          func(v *yaml.Node, p string) { a.ID = r.Str(v, p) },
		"name":        func(v *yaml.Node, p string) { a.Name = r.Str(v, p) },
		"description": func(v *yaml.Node, p string) { a.Description = r.Str(v, p) },
		"status_quo":  func(v *yaml.Node, p string) { a.StatusQuo = r.Bool(v, p) },
		"pros":        func(v *yaml.Node, p string) { a.Pros = r.StrList(v, p) },
		"cons":        func(v *yaml.Node, p string) { a.Cons = r.StrList(v, p) },
		"risks":       appendEach(r, &a.Risks, r.risk),
		"scores": func(v *yaml.Node, p string) {
			a.Scores = map[string]Score{}
			r.Mapping(v, p, func(_ *yaml.Node, k string, v *yaml.Node, p string) bool {
				s, ok := r.score(v, p)
				if !ok {
					// A placeholder, so that the score does not also read
					// as missing; its problem is already reported.
					s = Score{Value: math.NaN()}
				}
				a.Scores[k] = s
				return true
			}, nil)
		},
	})
	return a
}

func (r *nodeReader) risk(n *yaml.Node, path string) Risk {
	var k Risk
	if m := r.Resolve(n, path); m != nil && m.Kind == yaml.ScalarNode && !yamlnode.IsNull(m) {
		return Risk{Risk: m.Value}
	}
	r.Fields(n, path, yamlnode.Handlers{
		"risk":       func(v *yaml.Node, p string) { k.Risk = r.Str(v, p) },
		"mitigation": func(v *yaml.Node, p string) { k.Mitigation = r.Str(v, p) },
	})
	return k
}

// score reads a number or {score, rationale, evidence}.
func (r *nodeReader) score(n *yaml.Node, path string) (Score, bool) {
	n = r.Resolve(n, path)
	if n == nil {
		return Score{}, false
	}
	if n.Kind != yaml.MappingNode {
		v, ok := r.Number(n, path)
		return Score{Value: v}, ok
	}
	var s Score
	ok, seen := true, false
	r.Fields(n, path, yamlnode.Handlers{
		"score":     func(v *yaml.Node, p string) { s.Value, ok = r.Number(v, p); seen = true },
		"rationale": func(v *yaml.Node, p string) { s.Rationale = r.Str(v, p) },
		"evidence": func(v *yaml.Node, p string) {
			if m := r.Resolve(v, p); m != nil && m.Kind == yaml.ScalarNode && !yamlnode.IsNull(m) {
				s.Evidence = []string{m.Value}
				return
			}
			s.Evidence = r.StrList(v, p)
		},
	})
	if !seen {
		r.addf(yamlnode.Join(path, "score"), "required")
		ok = false
	}
	if !ok {
		r.Mark(path)
	}
	return s, ok
}

func (r *nodeReader) trigger(n *yaml.Node, path string) Trigger {
	var t Trigger
	r.Fields(n, path, yamlnode.Handlers{
		"id":        func(v *yaml.Node, p string) { t.ID = r.Str(v, p) },
		"category":  func(v *yaml.Node, p string) { t.Category = r.Str(v, p) },
		"metric":    func(v *yaml.Node, p string) { t.Metric = r.Str(v, p) },
		"op":        func(v *yaml.Node, p string) { t.Op = r.Str(v, p) },
		"threshold": func(v *yaml.Node, p string) { t.Threshold = r.optNumber(v, p) },
		"unit":      func(v *yaml.Node, p string) { t.Unit = r.Str(v, p) },
		"for": func(v *yaml.Node, p string) {
			s := r.Str(v, p)
			if s == "" {
				return
			}
			d, err := parseWindow(s)
			if err != nil {
				r.addf(p, "%v", err)
			}
			t.For = d
		},
		"consecutive": func(v *yaml.Node, p string) { t.Consecutive, _ = r.Int(v, p) },
		"description": func(v *yaml.Node, p string) { t.Description = r.Str(v, p) },
		"action":      func(v *yaml.Node, p string) { t.Action = r.Str(v, p) },
	})
	return t
}

// parseWindow reads a trigger window: a Go duration ("36h", "90m",
// "1h30m") or a whole number of days or weeks ("14d", "2w"), optionally
// signed.
func parseWindow(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if n := len(t); n > 1 && (t[n-1] == 'd' || t[n-1] == 'w') {
		unit := 24 * time.Hour
		if t[n-1] == 'w' {
			unit *= 7
		}
		k, err := strconv.ParseInt(t[:n-1], 10, 64)
		if err == nil && k <= int64(math.MaxInt64/unit) && k >= int64(math.MinInt64/unit) {
			return time.Duration(k) * unit, nil
		}
	} else if d, err := time.ParseDuration(t); err == nil {
		return d, nil
	}
	return 0, errors.New("must be a duration such as \"14d\", \"2w\", \"36h\" or \"90m\", not " + strconv.Quote(s))
}

func (r *nodeReader) evidence(n *yaml.Node, path string) EvidenceRef {
	var e EvidenceRef
	m := r.Resolve(n, path)
	if m == nil {
		return e
	}
	if m.Kind != yaml.MappingNode {
		r.Errorf(m, path, "must be a mapping with an id, not %s", yamlnode.KindName(m))
		return e
	}
	rest := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: m.Line, Column: m.Column}
	graded := false
	r.Mapping(m, path, func(kn *yaml.Node, k string, v *yaml.Node, p string) bool {
		switch k {
		case "id":
			e.ID = r.Str(v, p)
			return true
		case "title":
			e.Title = r.Str(v, p)
		case "source_type":
			e.SourceType = r.Str(v, p)
		default:
			graded = true
		}
		rest.Content = append(rest.Content, kn, v)
		return true
	}, nil)
	if !graded || r.Covered(path) {
		return e
	}
	a := &grade.Assessment{}
	if err := a.UnmarshalYAML(rest); err != nil {
		var ve *grade.ValidationError
		if !errors.As(err, &ve) {
			r.Errorf(m, path, "GRADE assessment: %v", err)
			return e
		}
		for _, p := range ve.Problems { // grade read the same nodes: keep its positions and sentinels
			p.Path = yamlnode.Join(path, p.Path)
			r.Add(nil, p)
		}
		return e
	}
	a.ID = e.ID
	e.Title, e.SourceType = a.Title, a.SourceType // as grade read them ("Title:" too)
	e.Assessment = a
	return e
}

func (r *nodeReader) declared(n *yaml.Node, path string) Declared {
	var d Declared
	r.Fields(n, path, yamlnode.Handlers{
		"where":       func(v *yaml.Node, p string) { d.Where = r.Str(v, p) },
		"kind":        func(v *yaml.Node, p string) { d.Kind = r.Str(v, p) },
		"alternative": func(v *yaml.Node, p string) { d.Alternative = r.Str(v, p) },
		"criterion":   func(v *yaml.Node, p string) { d.Criterion = r.Str(v, p) },
		"value": func(v *yaml.Node, p string) {
			d.Value, _ = r.Number(v, p)
		},
		"scale":    func(v *yaml.Node, p string) { d.Scale, _ = r.Number(v, p) },
		"decimals": func(v *yaml.Node, p string) { d.Decimals, _ = r.Int(v, p) },
	})
	return d
}

func (r *nodeReader) thoughtNode(n *yaml.Node, path string) ThoughtNode {
	var t ThoughtNode
	r.Fields(n, path, yamlnode.Handlers{
		"id":          func(v *yaml.Node, p string) { t.ID = r.Str(v, p) },
		"parent":      func(v *yaml.Node, p string) { t.Parent = r.Str(v, p) },
		"depth":       func(v *yaml.Node, p string) { t.Depth, _ = r.Int(v, p) },
		"name":        func(v *yaml.Node, p string) { t.Name = r.Str(v, p) },
		"description": func(v *yaml.Node, p string) { t.Description = r.Str(v, p) },
		"status":      func(v *yaml.Node, p string) { t.Status = r.Str(v, p) },
		"reason":      func(v *yaml.Node, p string) { t.Reason = r.Str(v, p) },
	})
	return t
}
