// Package yamlnode walks a YAML node tree (go.yaml.in/yaml/v3) for the
// parsers of the module (tot's decision files, grade's assessments): it
// converts values, follows aliases within a node budget, rejects duplicate
// and unknown keys (suggesting the closest known field), bounds the
// document's size and nesting, and collects every problem in a diag.List
// with its path and the node's line and column.
//
// # Bounds
//
// Parse rejects a document longer than MaxBytes bytes, with more than
// MaxNodes nodes once aliases are expanded (an alias bomb: a few lines whose
// aliases expand to billions of nodes), or with mappings and lists nested
// more than MaxDepth deep. Check applies the last two bounds to a tree
// decoded elsewhere. The walk itself charges every node it resolves to the
// same node budget, so a walk that revisits nodes is bounded too; once the
// budget is spent, the Reader reports one problem and ignores the rest of
// the walk's problems, so that an exhausted budget does not read as a
// cascade of missing fields.
package yamlnode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"go.yaml.in/yaml/v3"
)

// Default bounds of a Reader (see the package documentation).
const (
	MaxBytes = 8 << 20 // bytes of YAML text Parse accepts
	MaxNodes = 1 << 20 // nodes after expanding aliases
	MaxDepth = 100     // nesting of mappings and lists (a scalar at the top is depth 1)
)

// Sentinel errors carried by the problems a Reader reports (diag.Problem.Err),
// so that callers can test for them with errors.Is on the ValidationError.
var (
	ErrSyntax       = errors.New("YAML syntax error")
	ErrTooLarge     = errors.New("document too large")
	ErrTooDeep      = errors.New("document nested too deeply")
	ErrDuplicateKey = errors.New("duplicate key")
	ErrUnknownField = errors.New("unknown field")
	ErrType         = errors.New("value of the wrong type")
)

// A Reader walks YAML nodes and collects problems. The zero Reader uses the
// default bounds and keeps diag.MaxProblems problems; its fields can be
// changed before the first call.
type Reader struct {
	// MaxBytes, MaxNodes and MaxDepth override the package bounds when > 0.
	MaxBytes, MaxNodes, MaxDepth int

	// KeyFunc, when set, normalises every mapping key before it is matched
	// against handlers, checked for duplicates and joined to paths (grade
	// matches "Final Quality" as final_quality).
	KeyFunc func(string) string

	// MaxProblems is how many problems are kept (diag.List.Max).
	MaxProblems int

	list      diag.List
	used      int  // nodes resolved
	exhausted bool // the node budget is spent
	bad       map[string]bool
}

func (r *Reader) maxBytes() int { return cmpOr(r.MaxBytes, MaxBytes) }
func (r *Reader) maxNodes() int { return cmpOr(r.MaxNodes, MaxNodes) }
func (r *Reader) maxDepth() int { return cmpOr(r.MaxDepth, MaxDepth) }

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// Add records p. When n is non-nil and p has no line, p gets n's line and
// column. The path is marked bad (see Bad). Once the node budget is spent,
// problems other than the budget's own are dropped.
func (r *Reader) Add(n *yaml.Node, p diag.Problem) {
	if r.exhausted {
		return
	}
	if n != nil && p.Line == 0 {
		p.Line, p.Column = n.Line, n.Column
	}
	r.list.Max = r.MaxProblems
	r.list.Add(p)
	r.Mark(p.Path)
}

// Errorf records a problem at path, located at n (nil for no position).
func (r *Reader) Errorf(n *yaml.Node, path, format string, args ...any) {
	r.Add(n, diag.Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// typeErrorf records a problem of the wrong type (ErrType).
func (r *Reader) typeErrorf(n *yaml.Node, path, format string, args ...any) {
	r.Add(n, diag.Problem{Path: path, Message: fmt.Sprintf(format, args...), Err: ErrType})
}

// Mark marks path as having a problem without recording one.
func (r *Reader) Mark(path string) {
	if r.bad == nil {
		r.bad = map[string]bool{}
	}
	r.bad[path] = true
}

// Bad reports whether path itself has a problem (or was marked).
func (r *Reader) Bad(path string) bool { return r.bad[path] }

// Covered reports whether path, or a path it lies under ("a.b" under "a",
// "a[2]" under "a"), has a problem, so that a later check of the decoded
// value does not report the same place twice.
func (r *Reader) Covered(path string) bool {
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

// Omit counts n problems without keeping them (see diag.List.Omit).
func (r *Reader) Omit(n int) {
	if !r.exhausted {
		r.list.Omit(n)
	}
}

// Full reports whether the problem list is full: further problems are
// counted, not kept, so work spent on their messages is wasted.
func (r *Reader) Full() bool {
	r.list.Max = r.MaxProblems
	return r.list.Full()
}

// Len returns the number of problems recorded, kept or not.
func (r *Reader) Len() int { return r.list.Len() }

// Exhausted reports whether the node budget was spent: the walk stopped
// early and values it returned may be incomplete.
func (r *Reader) Exhausted() bool { return r.exhausted }

// Problems returns the problems kept.
func (r *Reader) Problems() []diag.Problem { return r.list.Problems() }

// Err returns nil without problems, otherwise a *diag.ValidationError of
// the given kind (e.g. tot.ErrInvalid).
func (r *Reader) Err(kind error) error { return r.list.Err(kind) }

// Parse decodes the single YAML (or JSON) document in data and returns its
// top node (the content of the document node), or nil with a problem at
// path "": a syntax error (ErrSyntax), an empty document, more than one
// document, or a document beyond the Reader's bounds (ErrTooLarge,
// ErrTooDeep).
func (r *Reader) Parse(data []byte) *yaml.Node {
	if max := r.maxBytes(); len(data) > max {
		r.Add(nil, diag.Problem{Message: fmt.Sprintf("document is %d bytes, more than the limit of %d", len(data), max), Err: ErrTooLarge})
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.Add(nil, diag.Problem{Message: "empty document"})
			return nil
		}
		r.Add(nil, syntaxProblem(err))
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			r.Add(nil, syntaxProblem(err))
		} else {
			r.Add(&extra, diag.Problem{Message: "more than one YAML document"})
		}
		return nil
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) != 1 {
			r.Add(nil, diag.Problem{Message: "empty document"})
			return nil
		}
		root = root.Content[0]
	}
	if !r.Check(root) {
		return nil
	}
	return root
}

// syntaxProblem turns a yaml error into a problem, taking the line from the
// message ("yaml: line 3: ...") when it has one.
func syntaxProblem(err error) diag.Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	p := diag.Problem{Err: ErrSyntax}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(num); err == nil && l > 0 {
				p.Line, msg = l, tail
			}
		}
	}
	p.Message = "YAML: " + msg
	return p
}

// Check verifies that the tree under n, aliases expanded, has at most
// MaxNodes nodes and at most MaxDepth levels of nesting, recording a problem
// (ErrTooLarge or ErrTooDeep, at the offending node's position) otherwise.
// It takes time linear in the tree as written, whatever the aliases expand
// to.
func (r *Reader) Check(n *yaml.Node) bool {
	c := checker{maxNodes: r.maxNodes(), maxDepth: r.maxDepth(), memo: map[*yaml.Node]shape{}}
	s := c.shape(n, 1)
	switch {
	case c.deep != nil:
		r.Add(c.deep, diag.Problem{Message: fmt.Sprintf("nested more than %d levels deep", c.maxDepth), Err: ErrTooDeep})
		return false
	case s.nodes > c.maxNodes:
		r.Add(nil, diag.Problem{Message: fmt.Sprintf("more than %d nodes after expanding aliases", c.maxNodes), Err: ErrTooLarge})
		return false
	}
	return true
}

type shape struct{ nodes, depth int }

type checker struct {
	maxNodes, maxDepth int
	memo               map[*yaml.Node]shape // alias targets
	deep               *yaml.Node           // first node beyond maxDepth
}

// shape returns the expanded node count (saturated at maxNodes+1) and the
// height of n; level is n's depth, for locating the first node too deep.
func (c *checker) shape(n *yaml.Node, level int) shape {
	if n == nil || c.deep != nil {
		return shape{}
	}
	if n.Kind == yaml.AliasNode {
		t := n.Alias
		if s, ok := c.memo[t]; ok {
			if level+s.depth-1 > c.maxDepth {
				c.deep = n
			}
			return s
		}
		s := c.shape(t, level)
		c.memo[t] = s
		return s
	}
	if level > c.maxDepth {
		c.deep = n
		return shape{}
	}
	s := shape{nodes: 1, depth: 1}
	for _, k := range n.Content {
		// the document node does not count as a level
		childLevel := level + 1
		if n.Kind == yaml.DocumentNode {
			childLevel = level
		}
		cs := c.shape(k, childLevel)
		s.nodes = min(s.nodes+cs.nodes, c.maxNodes+1)
		s.depth = max(s.depth, cs.depth+childLevel-level)
	}
	return s
}

// Resolve follows aliases and charges n to the node budget. It returns nil
// when n is nil or once the budget is spent (recording one ErrTooLarge
// problem at path the first time).
func (r *Reader) Resolve(n *yaml.Node, path string) *yaml.Node {
	n = Deref(n)
	if n == nil || r.exhausted {
		return nil
	}
	r.used++
	if r.used > r.maxNodes() {
		r.Add(n, diag.Problem{Path: path, Message: fmt.Sprintf("document too large (more than %d nodes after expanding aliases)", r.maxNodes()), Err: ErrTooLarge})
		r.exhausted = true
		return nil
	}
	return n
}

// IsNull reports whether n is nil or the null scalar (null, ~ or empty).
func IsNull(n *yaml.Node) bool {
	n = Deref(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// KindName describes n for a message: "a mapping", "a list", "null", or a
// scalar's quoted value (cut at 40 bytes).
func KindName(n *yaml.Node) string {
	n = Deref(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "null"
		}
		v := n.Value
		if len(v) > 40 {
			v = strings.ToValidUTF8(v[:40], "") + "…"
		}
		return strconv.Quote(v)
	}
	return "a document"
}

// Join returns the path of key under path: "a.b", or "b" when path is "".
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index returns the path of element i under path: "a[2]".
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// Handlers maps each known field of a mapping to the function that reads
// its value.
type Handlers map[string]func(v *yaml.Node, path string)

// Fields walks the mapping n, calling the handler of each key in document
// order. Unknown keys are problems (ErrUnknownField) suggesting the closest
// known field. It reports whether n was a mapping (null counts as an empty
// one).
func (r *Reader) Fields(n *yaml.Node, path string, handlers Handlers) bool {
	var known []string
	return r.Mapping(n, path, func(_ *yaml.Node, key string, v *yaml.Node, p string) bool {
		h, ok := handlers[key]
		if !ok {
			if known == nil {
				known = make([]string, 0, len(handlers))
				for k := range handlers {
					known = append(known, k)
				}
				slices.Sort(known)
			}
			return false
		}
		h(v, p)
		return true
	}, func() []string { return known })
}

// Mapping walks the mapping n in document order, calling each with every
// key's node (aliases followed), the key (normalised by KeyFunc), its value
// and its path. Duplicate keys are
// problems (ErrDuplicateKey, naming the lines of both); merge keys and keys
// that are not scalars are problems. When each returns false the key is an
// unknown field (ErrUnknownField); known, when non-nil, returns the known
// fields for a "did you mean" suggestion (called only while the problem
// list is not full, see UnknownField). Mapping reports whether n was a
// mapping (null counts as an empty one).
func (r *Reader) Mapping(n *yaml.Node, path string, each func(k *yaml.Node, key string, v *yaml.Node, path string) bool, known func() []string) bool {
	n = r.Resolve(n, path)
	if n == nil || IsNull(n) {
		return n != nil
	}
	if n.Kind != yaml.MappingNode {
		r.typeErrorf(n, path, "must be a mapping, not %s", KindName(n))
		return false
	}
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := r.Resolve(n.Content[i], path)
		if k == nil {
			return true
		}
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			r.typeErrorf(k, path, "unsupported key %s", KindName(k))
			continue
		}
		key := k.Value
		if r.KeyFunc != nil {
			key = r.KeyFunc(key)
		}
		p := Join(path, key)
		if first, dup := seen[key]; dup {
			r.Add(k, diag.Problem{Path: p, Message: fmt.Sprintf("duplicate key %q (lines %d and %d)", key, first.Line, k.Line), Err: ErrDuplicateKey})
			continue
		}
		seen[key] = k
		if !each(k, key, n.Content[i+1], p) {
			var ks []string
			if known != nil && !r.Full() {
				ks = known()
			}
			r.UnknownField(k, p, key, ks)
		}
	}
	return true
}

// UnknownField records that key (at path, located at node k) is not a
// field, suggesting the closest of known (only for problems that are kept,
// so that a million unknown keys cost no more than counting them).
func (r *Reader) UnknownField(k *yaml.Node, path, key string, known []string) {
	msg := fmt.Sprintf("unknown field %q", key)
	if !r.Full() {
		if s := Suggest(key, known); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
	}
	r.Add(k, diag.Problem{Path: path, Message: msg, Err: ErrUnknownField})
}

// List walks the sequence n (null counts as empty), calling each with every
// element and its path. It reports whether n was a list or null.
func (r *Reader) List(n *yaml.Node, path string, each func(i int, v *yaml.Node, path string)) bool {
	n = r.Resolve(n, path)
	if n == nil || IsNull(n) {
		return n != nil
	}
	if n.Kind != yaml.SequenceNode {
		r.typeErrorf(n, path, "must be a list, not %s", KindName(n))
		return false
	}
	for i, v := range n.Content {
		each(i, v, Index(path, i))
	}
	return true
}

// Str reads any non-null scalar as a string ("" for null).
func (r *Reader) Str(n *yaml.Node, path string) string {
	n = r.Resolve(n, path)
	if n == nil || IsNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		r.typeErrorf(n, path, "must be a string, not %s", KindName(n))
		return ""
	}
	return n.Value
}

// StrList reads a list of strings (null is an empty list).
func (r *Reader) StrList(n *yaml.Node, path string) []string {
	var out []string
	r.List(n, path, func(_ int, v *yaml.Node, p string) {
		out = append(out, r.Str(v, p))
	})
	return out
}

// Bool reads true or false (null is false).
func (r *Reader) Bool(n *yaml.Node, path string) bool {
	n = r.Resolve(n, path)
	if n == nil || IsNull(n) {
		return false
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		r.typeErrorf(n, path, "must be true or false, not %s", KindName(n))
	}
	return b
}

// Number reads a YAML number (integer or float). ok is false, with a
// problem, for anything else: null, strings, NaN and infinities
// (.nan, .inf) and numbers beyond the float64 range.
func (r *Reader) Number(n *yaml.Node, path string) (v float64, ok bool) {
	n = r.Resolve(n, path)
	if n == nil {
		return 0, false
	}
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		r.typeErrorf(n, path, "must be a number, not %s", KindName(n))
		return 0, false
	}
	if err := n.Decode(&v); err != nil {
		r.typeErrorf(n, path, "must be a number within ±%g, not %s", math.MaxFloat64, KindName(n))
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r.typeErrorf(n, path, "must be finite, not %s", n.Value)
		return 0, false
	}
	return v, true
}

// Int reads a YAML integer that fits an int.
func (r *Reader) Int(n *yaml.Node, path string) (int, bool) {
	n = r.Resolve(n, path)
	if n == nil {
		return 0, false
	}
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		r.typeErrorf(n, path, "must be an integer, not %s", KindName(n))
		return 0, false
	}
	return v, true
}

// Decimals returns the number of digits after the decimal point a number
// scalar was written with, which is its precision: 2 for "0.72", 0 for
// "72", 1 for "7.25e1" (72.5), 3 for "5e-3"; 0 for hexadecimal and octal;
// at most 15.
func Decimals(n *yaml.Node) int {
	n = Deref(n)
	if n == nil {
		return 0
	}
	s := strings.ToLower(strings.TrimSpace(n.Value))
	unsigned := strings.TrimLeft(s, "+-")
	if strings.HasPrefix(unsigned, "0x") || strings.HasPrefix(unsigned, "0o") {
		return 0
	}
	mant, exp := s, 0
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil {
			return 0
		}
		mant, exp = s[:i], max(-100, min(e, 100))
	}
	d := 0
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		d = len(strings.TrimRight(mant[i+1:], "_"))
	}
	d -= exp
	return max(0, min(d, 15))
}

// maxSuggest bounds the length of the strings Suggest compares, keeping its
// cost (quadratic in the lengths) small.
const maxSuggest = 64

// Suggest returns the string of known closest to s by edit distance
// (insertions, deletions, substitutions and transpositions of adjacent
// characters, case-insensitive), when it is close enough to be a likely typo:
// at most 1 + len(s)/4 edits. Ties go to the earlier of known. It returns ""
// when nothing is close or s is longer than 64 bytes.
func Suggest(s string, known []string) string {
	if len(s) > maxSuggest || s == "" {
		return ""
	}
	ls := strings.ToLower(s)
	best, bestD := "", 1+len(s)/4+1
	for _, k := range known {
		if len(k) > maxSuggest || k == s {
			continue
		}
		if d := distance(ls, strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b (bytes).
func distance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// Locate returns the line and column of the node at path under root (a
// path as the walk builds it: "a.b[2].c"), or of its nearest ancestor that
// exists; 0, 0 when root is nil. Keys are compared after KeyFunc.
func (r *Reader) Locate(root *yaml.Node, path string) (line, column int) {
	n := Deref(root)
	if n == nil {
		return 0, 0
	}
	line, column = n.Line, n.Column
	rest := path
	for rest != "" && n != nil {
		var seg string
		idx := -1
		if rest[0] == '[' {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return
			}
			i, err := strconv.Atoi(rest[1:end])
			if err != nil {
				return
			}
			idx, rest = i, rest[end+1:]
		} else {
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			seg, rest = rest[:end], rest[end:]
		}
		rest = strings.TrimPrefix(rest, ".")
		n = r.child(n, seg, idx)
		if n == nil {
			return
		}
		line, column = n.Line, n.Column
	}
	return
}

// Deref follows n through aliases to the node they name (nil stays nil).
// Unlike Resolve it charges no node budget.
func Deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// child returns the element idx (when >= 0) or the value of key seg of n.
func (r *Reader) child(n *yaml.Node, seg string, idx int) *yaml.Node {
	switch {
	case idx >= 0:
		if n.Kind == yaml.SequenceNode && idx < len(n.Content) {
			return Deref(n.Content[idx])
		}
	case n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := Deref(n.Content[i])
			key := k.Value
			if r.KeyFunc != nil {
				key = r.KeyFunc(key)
			}
			if k.Kind == yaml.ScalarNode && key == seg {
				return Deref(n.Content[i+1])
			}
		}
	}
	return nil
}
