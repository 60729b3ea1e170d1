// Package search is a deterministic Tree-of-Thoughts search engine: a
// generic tree search over caller-supplied Generate and Evaluate functions
// (breadth first, depth first, beam or best first, with pruning, a solution
// threshold, an iteration bound and backtracking). No language model is
// involved and nothing reads the clock or draws random numbers: the same
// Config and root give the same Tree.
//
// A [Config] holds the search parameters; [Config.Run] explores from a root
// state and returns the [Tree] of every [Node] explored, the best path and
// the [Stop] condition that ended it. Run honours its context: a done
// context ends the search at the next expansion with [StopDeadline].
// [Complexity] levels give the protocol's presets of k (children per state)
// and b (beam width).
//
// [Tree.Record] converts a tree to a [Record] in the seed's ToT document
// schema (spec/aiwg/tree-of-thought.yaml): [Record.WriteYAML] and
// [Record.WriteJSON] write it, tot.ParseDecision loads it back (dimensions
// become criteria, scored nodes alternatives, and every declared
// overall_score is rechecked by tot.Evaluate), [ParseRecord] reads it as a
// record, and [Record.WriteMermaid] draws it as a Mermaid flowchart for an
// ADR.
//
// A [StagedDecision] is a decision made in stages (style, then database,
// then API) searched as a tree whose nodes are scored with tot's weighted
// sum.
package search
