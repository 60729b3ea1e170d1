package tot

import (
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// seedDocument reads a ToT document; rewrite maps a problem path of the
// Decision to the document's path.
func (r *nodeReader) seedDocument(root *yaml.Node) (*Decision, func(string) string) {
	d := &Decision{Threshold: DefaultThreshold, CloseCall: DefaultCloseCall}
	s := &seedPaths{alt: map[int]int{}, node: map[int]int{}}
	var requirements, nfrs, existing []string
	var input string
	var synthesis *yaml.Node
	var synthesisPath string
	anything := func(*yaml.Node, string) {}
	r.fields(root, "", map[string]func(*yaml.Node, string){
		"tot_id": func(v *yaml.Node, p string) { d.ID = r.str(v, p) },
		"task": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"description":   func(v *yaml.Node, p string) { d.Title = r.str(v, p) },
				"decision_type": func(v *yaml.Node, p string) { r.str(v, p) },
				"complexity":    func(v *yaml.Node, p string) { r.str(v, p) },
				"context": func(v *yaml.Node, p string) {
					r.fields(v, p, map[string]func(*yaml.Node, string){
						"requirements":       func(v *yaml.Node, p string) { requirements = r.strList(v, p) },
						"nfrs":               func(v *yaml.Node, p string) { nfrs = r.strList(v, p) },
						"existing_decisions": func(v *yaml.Node, p string) { existing = r.strList(v, p) },
					})
				},
			})
		},
		"root_state": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"state_id": func(v *yaml.Node, p string) { r.str(v, p) },
				"input":    func(v *yaml.Node, p string) { input = r.str(v, p) },
				"context":  anything,
			})
		},
		"search_strategy": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"algorithm": func(v *yaml.Node, p string) { r.str(v, p) },
				"parameters": func(v *yaml.Node, p string) {
					r.fields(v, p, map[string]func(*yaml.Node, string){
						"k":                 func(v *yaml.Node, p string) { r.integer(v, p) },
						"b":                 func(v *yaml.Node, p string) { r.integer(v, p) },
						"max_depth":         func(v *yaml.Node, p string) { r.integer(v, p) },
						"pruning_threshold": func(v *yaml.Node, p string) { r.number(v, p) },
						"backtrack_enabled": func(v *yaml.Node, p string) { r.boolean(v, p) },
					})
				},
			})
		},
		"evaluation_criteria": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"dimensions": func(v *yaml.Node, p string) {
					s.criteria = p
					r.list(v, p, func(_ int, v *yaml.Node, p string) { d.Criteria = append(d.Criteria, r.dimension(v, p)) })
				},
				"scoring_method": func(v *yaml.Node, p string) { r.str(v, p) },
				"normalization":  func(v *yaml.Node, p string) { r.str(v, p) },
			})
		},
		"thought_tree": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"nodes": func(v *yaml.Node, p string) {
					s.nodes = p
					r.list(v, p, func(i int, v *yaml.Node, p string) { r.seedNode(d, s, i, v, p) })
				},
				"edges": func(v *yaml.Node, p string) {
					r.list(v, p, func(_ int, v *yaml.Node, p string) {
						r.fields(v, p, map[string]func(*yaml.Node, string){
							"from_node":   func(v *yaml.Node, p string) { r.str(v, p) },
							"to_node":     func(v *yaml.Node, p string) { r.str(v, p) },
							"branch_type": func(v *yaml.Node, p string) { r.str(v, p) },
						})
					})
				},
				"current_state": func(v *yaml.Node, p string) { r.str(v, p) },
				"best_path":     func(v *yaml.Node, p string) { r.strList(v, p) },
			})
		},
		"termination_conditions": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"max_iterations": func(v *yaml.Node, p string) { r.integer(v, p) },
				"solution_found": func(v *yaml.Node, p string) { r.boolean(v, p) },
				"score_threshold": func(v *yaml.Node, p string) {
					if isNull(v) {
						return
					}
					if x, ok := r.number(v, p); ok {
						d.Threshold = math.Round(x*100*1e10) / 1e10
						s.threshold = p
					}
				},
				"time_budget_seconds": func(v *yaml.Node, p string) { r.number(v, p) },
				"all_paths_exhausted": func(v *yaml.Node, p string) { r.boolean(v, p) },
			})
		},
		"synthesis": func(v *yaml.Node, p string) {
			// Read after the tree, whose alternatives it refers to.
			synthesis, synthesisPath = v, p
		},
		"integration": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"thought_protocol_types": func(v *yaml.Node, p string) { r.strList(v, p) },
				"hitl_gates":             func(v *yaml.Node, p string) { r.strList(v, p) },
				"ensemble_review":        func(v *yaml.Node, p string) { r.boolean(v, p) },
				"ralph_loop_integration": func(v *yaml.Node, p string) {
					r.fields(v, p, map[string]func(*yaml.Node, string){
						"enabled":              func(v *yaml.Node, p string) { r.boolean(v, p) },
						"use_tot_for_recovery": func(v *yaml.Node, p string) { r.boolean(v, p) },
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
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"name":              func(v *yaml.Node, p string) { c.ID = r.str(v, p); c.Name = c.ID },
		"description":       func(v *yaml.Node, p string) { c.Description = r.str(v, p) },
		"weight":            func(v *yaml.Node, p string) { c.Weight = r.weight(v, p) },
		"scale":             func(v *yaml.Node, p string) { c.Scale = r.scale(v, p) },
		"evaluation_prompt": func(v *yaml.Node, p string) { r.str(v, p) },
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
	readReason := func(v *yaml.Node, p string) { reason = r.str(v, p) }
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"node_id":   func(v *yaml.Node, p string) { id = r.str(v, p) },
		"depth":     func(v *yaml.Node, p string) { depth, _ = r.integer(v, p) },
		"parent_id": func(v *yaml.Node, p string) { parent = r.str(v, p) },
		"content": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"alternative":          func(v *yaml.Node, p string) { name = r.str(v, p) },
				"description":          func(v *yaml.Node, p string) { desc = r.str(v, p) },
				"key_characteristics":  func(v *yaml.Node, p string) { characteristics = r.strList(v, p) },
				"implementation_notes": func(v *yaml.Node, p string) { notes = r.str(v, p) },
			})
		},
		"evaluation": func(v *yaml.Node, p string) {
			r.fields(v, p, map[string]func(*yaml.Node, string){
				"status": func(v *yaml.Node, p string) { status = r.str(v, p) },
				"overall_score": func(v *yaml.Node, p string) {
					if isNull(v) {
						return
					}
					if x, ok := r.number(v, p); ok {
						overall = &Declared{Where: p, Kind: DeclaredComposite, Value: x, Scale: 1, Decimals: decimals(v)}
					}
				},
				"dimension_scores": func(v *yaml.Node, p string) {
					scores = map[string]Score{}
					r.mapping(v, p, func(k string, v *yaml.Node, p string) {
						if x, ok := r.number(v, p); ok {
							scores[k] = Score{Value: x}
						}
					})
				},
				"evaluation_timestamp":   func(v *yaml.Node, p string) { r.str(v, p) },
				"evaluation_notes":       func(v *yaml.Node, p string) { r.str(v, p) },
				"strengths":              func(v *yaml.Node, p string) { strengths = r.strList(v, p) },
				"weaknesses":             func(v *yaml.Node, p string) { weaknesses = r.strList(v, p) },
				"lookahead_projection":   func(v *yaml.Node, p string) { r.str(v, p) },
				"projected_success_rate": func(v *yaml.Node, p string) { r.number(v, p) },
				"prune_reason":           readReason, // as the schema's own example writes it
			})
		},
		"children":     func(v *yaml.Node, p string) { r.strList(v, p) },
		"pruned":       func(v *yaml.Node, p string) { r.boolean(v, p) },
		"prune_reason": readReason,
		"visited":      func(v *yaml.Node, p string) { r.boolean(v, p) },
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

func (r *nodeReader) backtrackHistory(n *yaml.Node, path string) {
	r.list(n, path, func(_ int, v *yaml.Node, p string) {
		r.fields(v, p, map[string]func(*yaml.Node, string){
			"from_node": func(v *yaml.Node, p string) { r.str(v, p) },
			"reason":    func(v *yaml.Node, p string) { r.str(v, p) },
			"timestamp": func(v *yaml.Node, p string) { r.str(v, p) },
		})
	})
}

func (r *nodeReader) synthesis(d *Decision, s *seedPaths, n *yaml.Node, path string) {
	var overall *Declared
	var dims []Declared
	var rejected []Declared
	r.fields(n, path, map[string]func(*yaml.Node, string){
		"selected_node":        func(v *yaml.Node, p string) { d.Selected = r.str(v, p); s.selected = p },
		"selected_alternative": func(v *yaml.Node, p string) { r.str(v, p) },
		"overall_score": func(v *yaml.Node, p string) {
			if isNull(v) {
				return
			}
			if x, ok := r.number(v, p); ok {
				overall = &Declared{Where: p, Kind: DeclaredComposite, Value: x, Scale: 1, Decimals: decimals(v)}
			}
		},
		"dimension_scores": func(v *yaml.Node, p string) {
			r.mapping(v, p, func(k string, v *yaml.Node, p string) {
				if x, ok := r.number(v, p); ok {
					dims = append(dims, Declared{Where: p, Kind: DeclaredScore, Criterion: k, Value: x, Decimals: decimals(v)})
				}
			})
		},
		"rationale":  func(v *yaml.Node, p string) { d.Rationale = strings.TrimSpace(r.str(v, p)) },
		"trade_offs": func(v *yaml.Node, p string) { d.TradeOffs = r.strList(v, p) },
		"rejected_alternatives": func(v *yaml.Node, p string) {
			r.list(v, p, func(_ int, v *yaml.Node, p string) {
				var name string
				var score *Declared
				r.fields(v, p, map[string]func(*yaml.Node, string){
					"alternative": func(v *yaml.Node, p string) { name = r.str(v, p) },
					"score": func(v *yaml.Node, p string) {
						if isNull(v) {
							return
						}
						if x, ok := r.number(v, p); ok {
							score = &Declared{Where: p, Kind: DeclaredComposite, Value: x, Scale: 1, Decimals: decimals(v)}
						}
					},
					"rejection_reason": func(v *yaml.Node, p string) { r.str(v, p) },
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
		"adr_reference":     func(v *yaml.Node, p string) { r.str(v, p) },
	})
	// Numbers about the selected node are compared only when it is ranked;
	// an unknown selection is reported by validation.
	if d.Selected != "" && d.alternativeIndex(d.Selected) >= 0 {
		if overall != nil {
			overall.Alternative = d.Selected
			d.Declared = append(d.Declared, *overall)
		}
		for _, x := range dims {
			x.Alternative = d.Selected
			if d.criterionIndex(x.Criterion) < 0 {
				r.addf(x.Where, "unknown dimension")
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
