package tot

import (
	"math"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// seedDocument reads a ToT document; rewrite maps a problem path of the
// Decision to the document's path.
func (r *nodeReader) seedDocument(root *yaml.Node) (*Decision, func(string) string) {
	d := &Decision{}
	s := &seedPaths{alt: map[int]int{}, node: map[int]int{}}
	var requirements, nfrs, existing []string
	var input string
	var synthesis *yaml.Node
	var synthesisPath string
	anything := func(*yaml.Node, string) {}
	r.Fields(root, "", yamlnode.Handlers{
		"tot_id": func(v *yaml.Node, p string) { d.ID = r.Str(v, p) },
		"task": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"description":   func(v *yaml.Node, p string) { d.Title = r.Str(v, p) },
				"decision_type": func(v *yaml.Node, p string) { r.Str(v, p) },
				"complexity":    func(v *yaml.Node, p string) { r.Str(v, p) },
				"context": func(v *yaml.Node, p string) {
					r.Fields(v, p, yamlnode.Handlers{
						"requirements":       func(v *yaml.Node, p string) { requirements = r.StrList(v, p) },
						"nfrs":               func(v *yaml.Node, p string) { nfrs = r.StrList(v, p) },
						"existing_decisions": func(v *yaml.Node, p string) { existing = r.StrList(v, p) },
					})
				},
			})
		},
		"root_state": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"state_id": func(v *yaml.Node, p string) { r.Str(v, p) },
				"input":    func(v *yaml.Node, p string) { input = r.Str(v, p) },
				"context":  anything,
			})
		},
		"search_strategy": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"algorithm": func(v *yaml.Node, p string) { r.Str(v, p) },
				"parameters": func(v *yaml.Node, p string) {
					r.Fields(v, p, yamlnode.Handlers{
						"k":                 func(v *yaml.Node, p string) { r.Int(v, p) },
						"b":                 func(v *yaml.Node, p string) { r.Int(v, p) },
						"max_depth":         func(v *yaml.Node, p string) { r.Int(v, p) },
						"pruning_threshold": func(v *yaml.Node, p string) { r.Number(v, p) },
						"backtrack_enabled": func(v *yaml.Node, p string) { r.Bool(v, p) },
					})
				},
			})
		},
		"evaluation_criteria": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"dimensions": func(v *yaml.Node, p string) {
					s.criteria = p
					r.List(v, p, func(_ int, v *yaml.Node, p string) { d.Criteria = append(d.Criteria, r.dimension(v, p)) })
				},
				"scoring_method": func(v *yaml.Node, p string) { r.Str(v, p) },
				"normalization":  func(v *yaml.Node, p string) { r.Str(v, p) },
			})
		},
		"thought_tree": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"nodes": func(v *yaml.Node, p string) {
					s.nodes = p
					r.List(v, p, func(i int, v *yaml.Node, p string) { r.seedNode(d, s, i, v, p) })
				},
				"edges": func(v *yaml.Node, p string) {
					r.List(v, p, func(_ int, v *yaml.Node, p string) {
						r.Fields(v, p, yamlnode.Handlers{
							"from_node":   func(v *yaml.Node, p string) { r.Str(v, p) },
							"to_node":     func(v *yaml.Node, p string) { r.Str(v, p) },
							"branch_type": func(v *yaml.Node, p string) { r.Str(v, p) },
						})
					})
				},
				"current_state": func(v *yaml.Node, p string) { r.Str(v, p) },
				"best_path":     func(v *yaml.Node, p string) { r.StrList(v, p) },
			})
		},
		"termination_conditions": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"max_iterations": func(v *yaml.Node, p string) { r.Int(v, p) },
				"solution_found": func(v *yaml.Node, p string) { r.Bool(v, p) },
				"score_threshold": func(v *yaml.Node, p string) {
					if x := r.optNumber(v, p); x != nil {
						t := math.Round(*x*100*1e10) / 1e10
						d.Threshold = &t
						s.threshold = p
					}
				},
				"time_budget_seconds": func(v *yaml.Node, p string) { r.Number(v, p) },
				"all_paths_exhausted": func(v *yaml.Node, p string) { r.Bool(v, p) },
			})
		},
		"synthesis": func(v *yaml.Node, p string) {
			// Read after the tree, whose alternatives it refers to.
			synthesis, synthesisPath = v, p
		},
		"integration": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"thought_protocol_types": func(v *yaml.Node, p string) { r.StrList(v, p) },
				"hitl_gates":             func(v *yaml.Node, p string) { r.StrList(v, p) },
				"ensemble_review":        func(v *yaml.Node, p string) { r.Bool(v, p) },
				"ralph_loop_integration": func(v *yaml.Node, p string) {
					r.Fields(v, p, yamlnode.Handlers{
						"enabled":              func(v *yaml.Node, p string) { r.Bool(v, p) },
						"use_tot_for_recovery": func(v *yaml.Node, p string) { r.Bool(v, p) },
					})
				},
			})
		},
		"backtrack_history": func(v *yaml.Node, p string) { r.backtrackHistory(v, p) },
		"metadata":          anything,
	})
	if synthesis != nil {
		r.synthesis(d, s, synthesis, synthesisPath)
	}
	d.Context = seedContext(input, requirements, nfrs, existing)
	r.seedUniqueNodes(d, s)
	return d, s.rewrite(d)
}

// seedContext joins the problem statement and the task's context lists.
func seedContext(input string, lists ...[]string) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(input))
	for i, title := range []string{"Requirements", "Non-functional requirements", "Existing decisions"} {
		if len(lists[i]) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(title + ":\n")
		for _, s := range lists[i] {
			b.WriteString("\n- " + s)
		}
	}
	return b.String()
}

// seedPaths remembers where the Decision's elements came from.
type seedPaths struct {
	criteria, nodes, threshold, selected string
	alt, node                            map[int]int // index in Alternatives / Nodes → index in thought_tree.nodes
	nodeIDs                              []seedID
}

type seedID struct {
	id   string
	path string
}

func (r *nodeReader) dimension(n *yaml.Node, path string) Criterion {
	c := Criterion{Scale: Scale{1, 10}}
	r.Fields(n, path, yamlnode.Handlers{
		"name":              func(v *yaml.Node, p string) { c.ID = r.Str(v, p); c.Name = c.ID },
		"description":       func(v *yaml.Node, p string) { c.Description = r.Str(v, p) },
		"weight":            func(v *yaml.Node, p string) { c.Weight = r.weight(v, p) },
		"scale":             func(v *yaml.Node, p string) { c.Scale = r.scale(v, p) },
		"evaluation_prompt": func(v *yaml.Node, p string) { r.Str(v, p) },
	})
	return c
}

func (r *nodeReader) seedNode(d *Decision, s *seedPaths, i int, n *yaml.Node, path string) {
	var (
		id, parent, name, desc, notes, status, reason string
		depth                                         int
		characteristics, strengths, weaknesses        []string
		scores                                        map[string]Score
		overall                                       *Declared
	)
	readReason := func(v *yaml.Node, p string) { reason = r.Str(v, p) }
	r.Fields(n, path, yamlnode.Handlers{
		"node_id":   func(v *yaml.Node, p string) { id = r.Str(v, p) },
		"depth":     func(v *yaml.Node, p string) { depth, _ = r.Int(v, p) },
		"parent_id": func(v *yaml.Node, p string) { parent = r.Str(v, p) },
		"content": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"alternative":          func(v *yaml.Node, p string) { name = r.Str(v, p) },
				"description":          func(v *yaml.Node, p string) { desc = r.Str(v, p) },
				"key_characteristics":  func(v *yaml.Node, p string) { characteristics = r.StrList(v, p) },
				"implementation_notes": func(v *yaml.Node, p string) { notes = r.Str(v, p) },
			})
		},
		"evaluation": func(v *yaml.Node, p string) {
			r.Fields(v, p, yamlnode.Handlers{
				"status":        func(v *yaml.Node, p string) { status = r.Str(v, p) },
				"overall_score": func(v *yaml.Node, p string) { overall = r.composite(v, p) },
				"dimension_scores": func(v *yaml.Node, p string) {
					scores = map[string]Score{}
					r.Mapping(v, p, func(_ *yaml.Node, k string, v *yaml.Node, p string) bool {
						x, ok := r.Number(v, p)
						if !ok {
							x = math.NaN() // reported; not also missing
						}
						scores[k] = Score{Value: x}
						return true
					}, nil)
				},
				"evaluation_timestamp":   func(v *yaml.Node, p string) { r.Str(v, p) },
				"evaluation_notes":       func(v *yaml.Node, p string) { r.Str(v, p) },
				"strengths":              func(v *yaml.Node, p string) { strengths = r.StrList(v, p) },
				"weaknesses":             func(v *yaml.Node, p string) { weaknesses = r.StrList(v, p) },
				"lookahead_projection":   func(v *yaml.Node, p string) { r.Str(v, p) },
				"projected_success_rate": func(v *yaml.Node, p string) { r.Number(v, p) },
				"prune_reason":           readReason, // as the schema's own example writes it
			})
		},
		"children":     func(v *yaml.Node, p string) { r.StrList(v, p) },
		"pruned":       func(v *yaml.Node, p string) { r.Bool(v, p) },
		"prune_reason": readReason,
		"visited":      func(v *yaml.Node, p string) { r.Bool(v, p) },
	})
	s.nodeIDs = append(s.nodeIDs, seedID{id: id, path: path + ".node_id"})
	if len(scores) == 0 {
		s.node[len(d.Nodes)] = i
		d.Nodes = append(d.Nodes, ThoughtNode{ID: id, Parent: parent, Depth: depth, Name: name,
			Description: desc, Status: status, Reason: reason})
		return
	}
	var b strings.Builder
	b.WriteString(desc)
	if len(characteristics) > 0 {
		b.WriteString("\n\nKey characteristics:\n")
		for _, c := range characteristics {
			b.WriteString("\n- " + c)
		}
	}
	if notes != "" {
		b.WriteString("\n\nImplementation notes: " + notes)
	}
	s.alt[len(d.Alternatives)] = i
	d.Alternatives = append(d.Alternatives, Alternative{ID: id, Name: name, Description: strings.TrimSpace(b.String()),
		Pros: strengths, Cons: weaknesses, Scores: scores})
	if overall != nil {
		overall.Alternative = id
		d.Declared = append(d.Declared, *overall)
	}
}

// composite reads an optional declared composite (0–1), at the precision
// it is written with: nil for null, and for a value that is not a number
// (a problem).
func (r *nodeReader) composite(n *yaml.Node, path string) *Declared {
	x := r.optNumber(n, path)
	if x == nil {
		return nil
	}
	return &Declared{Where: path, Kind: DeclaredComposite, Value: *x, Scale: 1, Decimals: yamlnode.Decimals(n)}
}

func (r *nodeReader) backtrackHistory(n *yaml.Node, path string) {
	r.List(n, path, func(_ int, v *yaml.Node, p string) {
		r.Fields(v, p, yamlnode.Handlers{
			"from_node": func(v *yaml.Node, p string) { r.Str(v, p) },
			"reason":    func(v *yaml.Node, p string) { r.Str(v, p) },
			"timestamp": func(v *yaml.Node, p string) { r.Str(v, p) },
		})
	})
}

func (r *nodeReader) synthesis(d *Decision, s *seedPaths, n *yaml.Node, path string) {
	var overall *Declared
	var dims []Declared
	var rejected []Declared
	r.Fields(n, path, yamlnode.Handlers{
		"selected_node":        func(v *yaml.Node, p string) { d.Selected = r.Str(v, p); s.selected = p },
		"selected_alternative": func(v *yaml.Node, p string) { r.Str(v, p) },
		"overall_score":        func(v *yaml.Node, p string) { overall = r.composite(v, p) },
		"dimension_scores": func(v *yaml.Node, p string) {
			r.Mapping(v, p, func(_ *yaml.Node, k string, v *yaml.Node, p string) bool {
				if x, ok := r.Number(v, p); ok {
					dims = append(dims, Declared{Where: p, Kind: DeclaredScore, Criterion: k, Value: x, Decimals: yamlnode.Decimals(v)})
				}
				return true
			}, nil)
		},
		"rationale":  func(v *yaml.Node, p string) { d.Rationale = strings.TrimSpace(r.Str(v, p)) },
		"trade_offs": func(v *yaml.Node, p string) { d.TradeOffs = r.StrList(v, p) },
		"rejected_alternatives": func(v *yaml.Node, p string) {
			r.List(v, p, func(_ int, v *yaml.Node, p string) {
				var name string
				var score *Declared
				r.Fields(v, p, yamlnode.Handlers{
					"alternative":      func(v *yaml.Node, p string) { name = r.Str(v, p) },
					"score":            func(v *yaml.Node, p string) { score = r.composite(v, p) },
					"rejection_reason": func(v *yaml.Node, p string) { r.Str(v, p) },
				})
				if score == nil {
					return
				}
				if id := seedAlternativeNamed(d, name); id != "" {
					score.Alternative = id
					rejected = append(rejected, *score)
				}
			})
		},
		"backtrack_history": func(v *yaml.Node, p string) { r.backtrackHistory(v, p) },
		"adr_reference":     func(v *yaml.Node, p string) { r.Str(v, p) },
	})
	// Numbers about the selected node are compared only when it is ranked;
	// an unknown selection is reported by validation.
	if d.Selected != "" && d.alternativeIndex(d.Selected) >= 0 {
		if overall != nil {
			overall.Alternative = d.Selected
			d.Declared = append(d.Declared, *overall)
		}
		_, crit := d.indexes()
		for _, x := range dims {
			x.Alternative = d.Selected
			if _, ok := crit[x.Criterion]; !ok {
				hint := ""
				if !r.Full() {
					hint = didYouMean(x.Criterion, d.criterionIDs())
				}
				r.addf(x.Where, "unknown dimension %q%s", x.Criterion, hint)
				continue
			}
			d.Declared = append(d.Declared, x)
		}
	}
	d.Declared = append(d.Declared, rejected...)
}

// seedAlternativeNamed returns the ID of the alternative whose name (or ID)
// is name, "" when there is none or more than one.
func seedAlternativeNamed(d *Decision, name string) string {
	id := ""
	for _, a := range d.Alternatives {
		if a.Name == name || a.ID == name {
			if id != "" && id != a.ID {
				return ""
			}
			id = a.ID
		}
	}
	return id
}

// seedUniqueNodes reports node IDs used twice across the tree.
func (r *nodeReader) seedUniqueNodes(d *Decision, s *seedPaths) {
	first := map[string]string{}
	for _, n := range s.nodeIDs {
		if n.id == "" {
			continue
		}
		if p, dup := first[n.id]; dup {
			r.addf(n.path, "duplicate node_id %q (also %s)", n.id, p)
			continue
		}
		first[n.id] = n.path
	}
}

// rewrite returns a function mapping a Decision path to the document path.
func (s *seedPaths) rewrite(d *Decision) func(string) string {
	return func(p string) string {
		head, rest := p, ""
		if i := strings.IndexAny(p, ".["); i >= 0 {
			head, rest = p[:i], p[i:]
		}
		switch head {
		case "selected":
			if s.selected != "" {
				return s.selected + rest
			}
		case "threshold":
			if s.threshold != "" {
				return s.threshold + rest
			}
		case "criteria":
			return seedIndexed(joinOr(s.criteria, "evaluation_criteria.dimensions"), rest, nil, map[string]string{".id": ".name"})
		case "alternatives":
			return seedIndexed(joinOr(s.nodes, "thought_tree.nodes"), rest, s.alt,
				map[string]string{".id": ".node_id", ".scores": ".evaluation.dimension_scores"})
		case "nodes":
			return seedIndexed(joinOr(s.nodes, "thought_tree.nodes"), rest, s.node, map[string]string{".id": ".node_id"})
		case "declared":
			if i, tail, ok := splitIndex(rest); ok && i < len(d.Declared) && d.Declared[i].Where != "" {
				return d.Declared[i].Where + " (" + strings.TrimPrefix(tail, ".") + ")"
			}
		}
		return p
	}
}

func joinOr(p, def string) string {
	if p == "" {
		return def
	}
	return p
}

// splitIndex splits "[3].rest" into 3 and ".rest".
func splitIndex(rest string) (int, string, bool) {
	if !strings.HasPrefix(rest, "[") {
		return 0, rest, false
	}
	j := strings.IndexByte(rest, ']')
	if j < 0 {
		return 0, rest, false
	}
	i, err := strconv.Atoi(rest[1:j])
	if err != nil {
		return 0, rest, false
	}
	return i, rest[j+1:], true
}

// seedIndexed rewrites "[i].field..." under base, mapping the index through
// index (when non-nil) and the first field through fields.
func seedIndexed(base, rest string, index map[int]int, fields map[string]string) string {
	i, tail, ok := splitIndex(rest)
	if !ok {
		return base + rest
	}
	if index != nil {
		if j, ok := index[i]; ok {
			i = j
		}
	}
	for from, to := range fields {
		if tail == from || strings.HasPrefix(tail, from+".") {
			tail = to + tail[len(from):]
			break
		}
	}
	return indexPath(base, i) + tail
}
