package tot

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

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
//     for (a window: "14d", "2w", "36h", "90m"; see ParseWindow),
//     consecutive, description, action.
//   - evidence: entries with an id; their other fields are kept in
//     EvidenceRef.YAML.
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
// Unknown fields, duplicate keys, values of the wrong type and everything
// Decision.Validate rejects are errors. An invalid input yields a
// *ValidationError listing every problem with its path in the input
// ("criteria[2].weight", "thought_tree.nodes[1].evaluation.dimension_scores.flexibility");
// it wraps ErrInvalid. A YAML syntax error is one problem at path "".
// Aliases are expanded, up to a bound on the document's size.
func ParseDecision(data []byte) (*Decision, error) {
	root, err := decodeDocument(data)
	if err != nil {
		return nil, err
	}
	r := newNodeReader()
	var d *Decision
	var rewrite func(string) string
	if isToTDocument(root) {
		d, rewrite = r.seedDocument(root)
	} else {
		d = r.decision(root)
	}
	if rewrite == nil {
		rewrite = func(p string) string { return p }
	}
	r.markUnreadScales(d, rewrite)
	problems := r.problems
	if verr := d.validate(); verr != nil {
		for _, p := range verr.Problems {
			if r.coveredByProblem(p.Path) {
				continue
			}
			p.Path = rewrite(p.Path)
			if !r.coveredByProblem(p.Path) {
				problems = append(problems, p)
			}
		}
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	return d, nil
}

// markUnreadScales marks the gates and scores of criteria whose scale could
// not be read, so that validation does not check them against the default
// scale.
func (r *nodeReader) markUnreadScales(d *Decision, rewrite func(string) string) {
	for i, c := range d.Criteria {
		prefix := indexPath("criteria", i)
		if !r.bad[rewrite(prefix+".scale")] {
			continue
		}
		r.bad[prefix+".critical"] = true
		for k := range d.Alternatives {
			r.bad[indexPath("alternatives", k)+".scores."+c.ID] = true
		}
	}
}

// coveredByProblem reports whether path, or a path it lies under, already
// has a parse problem.
func (r *nodeReader) coveredByProblem(path string) bool {
	for p := path; ; {
		if r.bad[p] {
			return true
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			return false
		}
		p = p[:i]
	}
}

// decodeDocument parses the single YAML document in data.
func decodeDocument(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ValidationError{Problems: []Problem{{Path: "", Message: "empty document"}}}
		}
		return nil, &ValidationError{Problems: []Problem{{Path: "", Message: "YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}}}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		msg := "more than one YAML document"
		if err != nil {
			msg = "YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")
		}
		return nil, &ValidationError{Problems: []Problem{{Path: "", Message: msg}}}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, &ValidationError{Problems: []Problem{{Path: "", Message: "must be a mapping, not " + kindName(root)}}}
	}
	return root, nil
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
	d := &Decision{Threshold: DefaultThreshold, CloseCall: DefaultCloseCall}
	r.fields(root, "", map[string]func(*yaml.Node, string){
		"id":      func(v *yaml.Node, p string) { d.ID = r.str(v, p) },
		"title":   func(v *yaml.Node, p string) { d.Title = r.str(v, p) },
		"context": func(v *yaml.Node, p string) { d.Context = r.str(v, p) },
		"method":  func(v *yaml.Node, p string) { d.Method = r.str(v, p) },
		"threshold": func(v *yaml.Node, p string) {
			if !isNull(v) {
				d.Threshold, _ = r.number(v, p)
			}
		},
		"close_call": func(v *yaml.Node, p string) {
			if !isNull(v) {
				d.CloseCall, _ = r.number(v, p)
			}
		},
		"criteria": func(v *yaml.Node, p string) {
			r.list(v, p, func(_ int, v *yaml.Node, p string) { d.Criteria = append(d.Criteria, r.criterion(v, p)) })
		},
		"alternatives": func(v *yaml.Node, p string) {
			r.list(v, p, func(_ int, v *yaml.Node, p string) { d.Alternatives = append(d.Alternatives, r.alternative(v, p)) })
		},
		"selected":        func(v *yaml.Node, p string) { d.Selected = r.str(v, p) },
		"rationale":       func(v *yaml.Node, p string) { d.Rationale = r.str(v, p) },
		"trade_offs":      func(v *yaml.Node, p string) { d.TradeOffs = r.strList(v, p) },
		"context_factors": func(v *yaml.Node, p string) { d.ContextFactors = r.strList(v, p) },
		"triggers": func(v *yaml.Node, p string) {
			r.list(v, p, func(_ int, v *yaml.Node, p string) { d.Triggers = append(d.Triggers, r.trigger(v, p)) })
		},
		"evidence": func(v *yaml.Node, p string) {
			r.list(v, p, func(_ int, v *yaml.Node, p string) { d.Evidence = append(d.Evidence, r.evidence(v, p)) })
		},
		"declared": func(v *yaml.Node, p string) {
			r.list(v, p, func(_ int, v *yaml.Node, p string) { d.Declared = append(d.Declared, r.declared(v, p)) })
		},
		"nodes": func(v *yaml.Node, p string) {
			r.list(v, p, func(_ int, v *yaml.Node, p string) { d.Nodes = append(d.Nodes, r.thoughtNode(v, p)) })
		},
	})
	return d
}

func (r *nodeReader) criterion(n *yaml.Node, path string) Criterion {
	var c Criterion
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"id":          func(v *yaml.Node, p string) { c.ID = r.str(v, p) },
		"name":        func(v *yaml.Node, p string) { c.Name = r.str(v, p) },
		"weight":      func(v *yaml.Node, p string) { c.Weight = r.weight(v, p) },
		"scale":       func(v *yaml.Node, p string) { c.Scale = r.scale(v, p) },
		"direction":   func(v *yaml.Node, p string) { c.Direction = r.direction(v, p) },
		"critical":    func(v *yaml.Node, p string) { c.Critical = r.gate(v, p) },
		"description": func(v *yaml.Node, p string) { c.Description = r.str(v, p) },
		"source":      func(v *yaml.Node, p string) { c.Source = r.str(v, p) },
	})
	return c
}

// weight reads 30, 0.30, "30%" (read as 30) or a numeric string.
func (r *nodeReader) weight(n *yaml.Node, path string) float64 {
	n = r.resolve(n, path)
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
	w, _ := r.number(n, path)
	return w
}

// scale reads [min, max], {min, max} or a seed scale string such as "1-10".
func (r *nodeReader) scale(n *yaml.Node, path string) Scale {
	n = r.resolve(n, path)
	if n == nil || isNull(n) {
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
		s.Min, okMin = r.number(n.Content[0], indexPath(path, 0))
		s.Max, okMax = r.number(n.Content[1], indexPath(path, 1))
	case yaml.MappingNode:
		seenMin, seenMax := false, false
		r.fields(n, path, map[string]func(*yaml.Node, string){
			"min": func(v *yaml.Node, p string) { s.Min, okMin = r.number(v, p); seenMin = true },
			"max": func(v *yaml.Node, p string) { s.Max, okMax = r.number(v, p); seenMax = true },
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
		r.addf(path, "must be [min, max], not %s", kindName(n))
		return Scale{}
	}
	if !okMin || !okMax {
		return Scale{}
	}
	if !(s.Min < s.Max) {
		r.addf(path, "min %s must be less than max %s", fmtNum(s.Min), fmtNum(s.Max))
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
	s := r.str(n, path)
	var d Direction
	if err := d.UnmarshalText([]byte(s)); err != nil && s != "" {
		r.addf(path, "must be benefit or cost, not %q", s)
	}
	return d
}

// gate reads a critical gate: a number, or a string such as "8+".
func (r *nodeReader) gate(n *yaml.Node, path string) *float64 {
	n = r.resolve(n, path)
	if n == nil || isNull(n) {
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
	g, ok := r.number(n, path)
	if !ok {
		return nil
	}
	return &g
}

func (r *nodeReader) alternative(n *yaml.Node, path string) Alternative {
	var a Alternative
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"id":          func(v *yaml.Node, p string) { a.ID = r.str(v, p) },
		"name":        func(v *yaml.Node, p string) { a.Name = r.str(v, p) },
		"description": func(v *yaml.Node, p string) { a.Description = r.str(v, p) },
		"status_quo":  func(v *yaml.Node, p string) { a.StatusQuo = r.boolean(v, p) },
		"pros":        func(v *yaml.Node, p string) { a.Pros = r.strList(v, p) },
		"cons":        func(v *yaml.Node, p string) { a.Cons = r.strList(v, p) },
		"risks": func(v *yaml.Node, p string) {
			r.list(v, p, func(_ int, v *yaml.Node, p string) { a.Risks = append(a.Risks, r.risk(v, p)) })
		},
		"scores": func(v *yaml.Node, p string) {
			a.Scores = map[string]Score{}
			r.mapping(v, p, func(k string, v *yaml.Node, p string) {
				if s, ok := r.score(v, p); ok {
					a.Scores[k] = s
				}
			})
		},
	})
	return a
}

func (r *nodeReader) risk(n *yaml.Node, path string) Risk {
	var k Risk
	if m := r.resolve(n, path); m != nil && m.Kind == yaml.ScalarNode && !isNull(m) {
		return Risk{Risk: m.Value}
	}
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"risk":       func(v *yaml.Node, p string) { k.Risk = r.str(v, p) },
		"mitigation": func(v *yaml.Node, p string) { k.Mitigation = r.str(v, p) },
	})
	return k
}

// score reads a number or {score, rationale, evidence}.
func (r *nodeReader) score(n *yaml.Node, path string) (Score, bool) {
	n = r.resolve(n, path)
	if n == nil {
		return Score{}, false
	}
	if n.Kind != yaml.MappingNode {
		v, ok := r.number(n, path)
		return Score{Value: v}, ok
	}
	var s Score
	ok, seen := true, false
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"score":     func(v *yaml.Node, p string) { s.Value, ok = r.number(v, p); seen = true },
		"rationale": func(v *yaml.Node, p string) { s.Rationale = r.str(v, p) },
		"evidence": func(v *yaml.Node, p string) {
			if m := r.resolve(v, p); m != nil && m.Kind == yaml.ScalarNode && !isNull(m) {
				s.Evidence = []string{m.Value}
				return
			}
			s.Evidence = r.strList(v, p)
		},
	})
	if !seen {
		r.addf(joinPath(path, "score"), "required")
		ok = false
	}
	if !ok {
		r.bad[path] = true
	}
	return s, ok
}

func (r *nodeReader) trigger(n *yaml.Node, path string) Trigger {
	var t Trigger
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"id":       func(v *yaml.Node, p string) { t.ID = r.str(v, p) },
		"category": func(v *yaml.Node, p string) { t.Category = r.str(v, p) },
		"metric":   func(v *yaml.Node, p string) { t.Metric = r.str(v, p) },
		"op":       func(v *yaml.Node, p string) { t.Op = r.str(v, p) },
		"threshold": func(v *yaml.Node, p string) {
			if !isNull(v) {
				if x, ok := r.number(v, p); ok {
					t.Threshold = &x
				}
			}
		},
		"unit": func(v *yaml.Node, p string) { t.Unit = r.str(v, p) },
		"for": func(v *yaml.Node, p string) {
			s := r.str(v, p)
			if s == "" {
				return
			}
			d, err := ParseWindow(s)
			if err != nil {
				r.addf(p, "%v", err)
			}
			t.For = d
		},
		"consecutive": func(v *yaml.Node, p string) { t.Consecutive, _ = r.integer(v, p) },
		"description": func(v *yaml.Node, p string) { t.Description = r.str(v, p) },
		"action":      func(v *yaml.Node, p string) { t.Action = r.str(v, p) },
	})
	return t
}

// ParseWindow reads a trigger window: a Go duration ("36h", "90m",
// "1h30m") or a whole number of days or weeks ("14d", "2w"), optionally
// signed.
func ParseWindow(s string) (time.Duration, error) {
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
	m := r.resolve(n, path)
	if m == nil {
		return e
	}
	if m.Kind != yaml.MappingNode {
		r.addf(path, "must be a mapping with an id, not %s", kindName(m))
		return e
	}
	rest := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	r.mapping(m, path, func(k string, v *yaml.Node, p string) {
		if k == "id" {
			e.ID = r.str(v, p)
		}
	})
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind != yaml.ScalarNode || k.Value != "id" {
			rest.Content = append(rest.Content, k, m.Content[i+1])
		}
	}
	if len(rest.Content) > 0 {
		// Canonical form: decoded and marshalled again (keys sorted), so
		// that the text does not depend on the syntax of the input.
		var v any
		if err := rest.Decode(&v); err != nil {
			r.addf(path, "cannot keep the entry: %v", err)
			return e
		}
		b, err := yaml.Marshal(v)
		if err != nil {
			r.addf(path, "cannot keep the entry: %v", err)
			return e
		}
		e.YAML = string(b)
	}
	return e
}

func (r *nodeReader) declared(n *yaml.Node, path string) Declared {
	var d Declared
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"where":       func(v *yaml.Node, p string) { d.Where = r.str(v, p) },
		"kind":        func(v *yaml.Node, p string) { d.Kind = r.str(v, p) },
		"alternative": func(v *yaml.Node, p string) { d.Alternative = r.str(v, p) },
		"criterion":   func(v *yaml.Node, p string) { d.Criterion = r.str(v, p) },
		"value": func(v *yaml.Node, p string) {
			d.Value, _ = r.number(v, p)
		},
		"scale":    func(v *yaml.Node, p string) { d.Scale, _ = r.number(v, p) },
		"decimals": func(v *yaml.Node, p string) { d.Decimals, _ = r.integer(v, p) },
	})
	return d
}

func (r *nodeReader) thoughtNode(n *yaml.Node, path string) ThoughtNode {
	var t ThoughtNode
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"id":          func(v *yaml.Node, p string) { t.ID = r.str(v, p) },
		"parent":      func(v *yaml.Node, p string) { t.Parent = r.str(v, p) },
		"depth":       func(v *yaml.Node, p string) { t.Depth, _ = r.integer(v, p) },
		"name":        func(v *yaml.Node, p string) { t.Name = r.str(v, p) },
		"description": func(v *yaml.Node, p string) { t.Description = r.str(v, p) },
		"status":      func(v *yaml.Node, p string) { t.Status = r.str(v, p) },
		"reason":      func(v *yaml.Node, p string) { t.Reason = r.str(v, p) },
	})
	return t
}
