package tot

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxNodes bounds the number of YAML nodes a document may expand to
// (aliases included), so that alias bombs fail instead of exhausting memory.
const maxNodes = 1 << 20

// A nodeReader walks a YAML node tree, converting values and collecting
// every problem with its path.
type nodeReader struct {
	problems []Problem
	budget   int
	// bad records the paths that already have a problem, so that
	// validation does not report them a second time.
	bad map[string]bool
}

func newNodeReader() *nodeReader {
	return &nodeReader{budget: maxNodes, bad: map[string]bool{}}
}

func (r *nodeReader) addf(path, format string, args ...any) {
	r.problems = append(r.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	r.bad[path] = true
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// resolve follows aliases and charges the node budget; it returns nil once
// the budget is exhausted.
func (r *nodeReader) resolve(n *yaml.Node, path string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if r.budget <= 0 {
		return nil
	}
	r.budget--
	if r.budget == 0 {
		r.addf(path, "document too large (more than %d nodes after expanding aliases)", maxNodes)
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "a document"
}

// fields walks the mapping n, calling the handler of each key in document
// order. Unknown and duplicate keys are problems. It reports whether n was
// a mapping (null counts as an empty mapping).
func (r *nodeReader) fields(n *yaml.Node, path string, handlers map[string]func(v *yaml.Node, path string)) bool {
	return r.mapping(n, path, func(key string, v *yaml.Node, p string) {
		h, ok := handlers[key]
		if !ok {
			r.addf(p, "unknown field")
			return
		}
		h(v, p)
	})
}

// mapping walks a mapping with arbitrary keys in document order, reporting
// duplicate keys. It reports whether n was a mapping (null counts as an
// empty mapping).
func (r *nodeReader) mapping(n *yaml.Node, path string, each func(key string, v *yaml.Node, path string)) bool {
	n = r.resolve(n, path)
	if n == nil || isNull(n) {
		return n != nil
	}
	if n.Kind != yaml.MappingNode {
		r.addf(path, "must be a mapping, not %s", kindName(n))
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := r.resolve(n.Content[i], path)
		if k == nil {
			return true
		}
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			r.addf(path, "unsupported key %s", kindName(k))
			continue
		}
		p := joinPath(path, k.Value)
		if seen[k.Value] {
			r.addf(p, "duplicate key")
			continue
		}
		seen[k.Value] = true
		each(k.Value, n.Content[i+1], p)
	}
	return true
}

// list walks a sequence (null counts as empty).
func (r *nodeReader) list(n *yaml.Node, path string, each func(i int, v *yaml.Node, path string)) {
	n = r.resolve(n, path)
	if n == nil || isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		r.addf(path, "must be a list, not %s", kindName(n))
		return
	}
	for i, v := range n.Content {
		each(i, v, indexPath(path, i))
	}
}

// str reads any non-null scalar as a string.
func (r *nodeReader) str(n *yaml.Node, path string) string {
	n = r.resolve(n, path)
	if n == nil || isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		r.addf(path, "must be a string, not %s", kindName(n))
		return ""
	}
	return n.Value
}

func (r *nodeReader) strList(n *yaml.Node, path string) []string {
	var out []string
	r.list(n, path, func(_ int, v *yaml.Node, p string) {
		out = append(out, r.str(v, p))
	})
	return out
}

func (r *nodeReader) boolean(n *yaml.Node, path string) bool {
	n = r.resolve(n, path)
	if n == nil || isNull(n) {
		return false
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		r.addf(path, "must be true or false, not %s", kindName(n))
	}
	return b
}

// number reads a YAML number. ok is false (with a problem) for anything
// else, including NaN and infinities.
func (r *nodeReader) number(n *yaml.Node, path string) (v float64, ok bool) {
	n = r.resolve(n, path)
	if n == nil {
		return 0, false
	}
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		r.addf(path, "must be a number, not %s", kindName(n))
		return 0, false
	}
	if err := n.Decode(&v); err != nil {
		r.addf(path, "must be a number, not %s", kindName(n))
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r.addf(path, "must be finite, not %s", n.Value)
		return 0, false
	}
	return v, true
}

// integer reads a YAML integer.
func (r *nodeReader) integer(n *yaml.Node, path string) (int, bool) {
	n = r.resolve(n, path)
	if n == nil {
		return 0, false
	}
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		r.addf(path, "must be an integer, not %s", kindName(n))
		return 0, false
	}
	return v, true
}

// decimals returns the number of digits after the decimal point a number
// scalar was written with, which is its precision: 2 for "0.72", 0 for
// "72", 1 for "7.25e1" (72.5), 3 for "5e-3"; at most 15.
func decimals(n *yaml.Node) int {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return 0
	}
	s := strings.ToLower(strings.TrimSpace(n.Value))
	if strings.HasPrefix(strings.TrimLeft(s, "+-"), "0x") || strings.HasPrefix(strings.TrimLeft(s, "+-"), "0o") {
		return 0
	}
	mant, exp := s, 0
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil {
			return 0
		}
		mant, exp = s[:i], e
	}
	d := 0
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		d = len(strings.TrimRight(mant[i+1:], "_")) // YAML 1.1 digit separators are not expected here
	}
	d -= exp
	return max(0, min(d, 15))
}
