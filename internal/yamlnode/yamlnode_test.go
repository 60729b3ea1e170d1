package yamlnode

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"go.yaml.in/yaml/v3"
)

var errKind = errors.New("invalid test input")

func parse(t *testing.T, r *Reader, src string) *yaml.Node {
	t.Helper()
	n := r.Parse([]byte(src))
	if n == nil {
		t.Fatalf("Parse(%q) failed: %v", src, r.Err(errKind))
	}
	return n
}

func onlyProblem(t *testing.T, r *Reader) diag.Problem {
	t.Helper()
	ps := r.Problems()
	if len(ps) != 1 {
		t.Fatalf("got %d problems %v, want 1", len(ps), ps)
	}
	return ps[0]
}

func TestMaxBytesEdge(t *testing.T) {
	src := "a: 1\n" // 5 bytes
	r := &Reader{MaxBytes: len(src)}
	parse(t, r, src)

	r = &Reader{MaxBytes: len(src) - 1}
	if r.Parse([]byte(src)) != nil {
		t.Fatal("Parse accepted a document one byte over MaxBytes")
	}
	if p := onlyProblem(t, r); !errors.Is(p.Err, ErrTooLarge) || !strings.Contains(p.Message, "5 bytes, more than the limit of 4") {
		t.Errorf("problem %+v, want ErrTooLarge naming 5 bytes and the limit 4", p)
	}
}

// A list of k scalars is k+1 nodes.
func TestMaxNodesEdge(t *testing.T) {
	src := "[1, 2, 3]" // 4 nodes
	parse(t, &Reader{MaxNodes: 4}, src)
	r := &Reader{MaxNodes: 3}
	if r.Parse([]byte(src)) != nil {
		t.Fatal("Parse accepted 4 nodes with MaxNodes 3")
	}
	if p := onlyProblem(t, r); !errors.Is(p.Err, ErrTooLarge) {
		t.Errorf("problem %+v, want ErrTooLarge", p)
	}
}

func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for k := 0; k < 10; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	// 10^12 nodes once expanded; yaml.v3 may refuse it itself.
	r := &Reader{}
	if r.Parse([]byte(b.String())) != nil {
		t.Fatal("Parse accepted an alias bomb")
	}
	if r.Len() != 1 {
		t.Errorf("got %d problems, want 1: %v", r.Len(), r.Problems())
	}
}

// Aliases count as many nodes as they expand to.
func TestMaxNodesCountsAliases(t *testing.T) {
	src := "a: &x [1, 2]\nb: *x\n" // mapping 1 + a 1 + [1,2] 3 + b 1 + alias 3 = 9
	parse(t, &Reader{MaxNodes: 9}, src)
	if (&Reader{MaxNodes: 8}).Parse([]byte(src)) != nil {
		t.Fatal("Parse accepted 9 expanded nodes with MaxNodes 8")
	}
}

func TestMaxDepthEdge(t *testing.T) {
	nest := func(k int) string { return strings.Repeat("[", k-1) + "1" + strings.Repeat("]", k-1) } // k levels
	parse(t, &Reader{MaxDepth: 5}, nest(5))
	r := &Reader{MaxDepth: 5}
	if r.Parse([]byte(nest(6))) != nil {
		t.Fatal("Parse accepted depth 6 with MaxDepth 5")
	}
	p := onlyProblem(t, r)
	if !errors.Is(p.Err, ErrTooDeep) || p.Line != 1 || p.Column != 6 {
		t.Errorf("problem %+v, want ErrTooDeep at line 1 column 6 (the scalar at depth 6)", p)
	}
}

func TestMaxDepthThroughAlias(t *testing.T) {
	src := "a: &x [[1]]\nb: [[*x]]\n" // b → [ → [ → x's [ → [ → 1: depth 6
	parse(t, &Reader{MaxDepth: 6}, src)
	if (&Reader{MaxDepth: 5}).Parse([]byte(src)) != nil {
		t.Fatal("Parse accepted depth 6 reached through an alias with MaxDepth 5")
	}
}

func TestDefaultDepthBound(t *testing.T) {
	r := &Reader{}
	if r.Parse([]byte(strings.Repeat("[", MaxDepth)+strings.Repeat("]", MaxDepth))) == nil {
		t.Fatalf("Parse rejected depth %d: %v", MaxDepth, r.Err(errKind))
	}
	r = &Reader{}
	if r.Parse([]byte(strings.Repeat("[", MaxDepth+1)+strings.Repeat("]", MaxDepth+1))) != nil {
		t.Fatalf("Parse accepted depth %d", MaxDepth+1)
	}
}

func TestParseDocumentProblems(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"empty", "", "empty document"},
		{"comment only", "# nothing\n", "empty document"},
		{"two documents", "a: 1\n---\nb: 2\n", "more than one YAML document"},
		{"syntax", "a: [1\n", "YAML: "},
	} {
		r := &Reader{}
		if r.Parse([]byte(tc.src)) != nil {
			t.Errorf("%s: Parse(%q) succeeded", tc.name, tc.src)
			continue
		}
		if p := onlyProblem(t, r); !strings.Contains(p.Message, tc.want) {
			t.Errorf("%s: problem %q, want it to contain %q", tc.name, p.Message, tc.want)
		}
	}
}

func TestDuplicateKey(t *testing.T) {
	r := &Reader{}
	n := parse(t, r, "level: high\nother: 1\nlevel: very_low\n")
	r.Fields(n, "", Handlers{"level": func(v *yaml.Node, p string) { r.Str(v, p) }, "other": func(*yaml.Node, string) {}})
	p := onlyProblem(t, r)
	if p.Path != "level" || p.Line != 3 || p.Column != 1 || !errors.Is(p.Err, ErrDuplicateKey) || !strings.Contains(p.Message, `"level" (lines 1 and 3)`) {
		t.Errorf("problem %+v, want level at 3:1, ErrDuplicateKey, naming both lines", p)
	}
	if err := r.Err(errKind); !errors.Is(err, ErrDuplicateKey) || !errors.Is(err, errKind) {
		t.Errorf("Err() = %v, want it to match ErrDuplicateKey and the kind", err)
	}
}

func TestDuplicateKeyAfterKeyFunc(t *testing.T) {
	r := &Reader{KeyFunc: func(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "_") }}
	n := parse(t, r, "Final Quality: high\nfinal_quality: low\n")
	r.Mapping(n, "", func(*yaml.Node, string, *yaml.Node, string) bool { return true }, nil)
	if p := onlyProblem(t, r); p.Path != "final_quality" || !errors.Is(p.Err, ErrDuplicateKey) {
		t.Errorf("problem %+v, want a duplicate final_quality", p)
	}
}

func TestUnknownFieldSuggestion(t *testing.T) {
	for _, tc := range []struct{ key, want string }{
		{"weigth", `unknown field "weigth" (did you mean "weight"?)`},
		{"Weight", `unknown field "Weight" (did you mean "weight"?)`},
		{"scal", `unknown field "scal" (did you mean "scale"?)`},
		{"colour", `unknown field "colour"`},
	} {
		r := &Reader{}
		n := parse(t, r, "id: x\n"+tc.key+": 3\n")
		r.Fields(n, "criteria[0]", Handlers{
			"id": func(*yaml.Node, string) {}, "weight": func(*yaml.Node, string) {}, "scale": func(*yaml.Node, string) {},
		})
		p := onlyProblem(t, r)
		if p.Message != tc.want || p.Path != "criteria[0]."+tc.key || p.Line != 2 || p.Column != 1 || !errors.Is(p.Err, ErrUnknownField) {
			t.Errorf("key %q: problem %+v, want %q at line 2, column 1", tc.key, p, tc.want)
		}
	}
}

// TestMappingKnownOnlyWhileKept checks that Mapping asks for the known
// fields (the suggestions' cost) only for unknown fields that are kept.
func TestMappingKnownOnlyWhileKept(t *testing.T) {
	r := &Reader{MaxProblems: 2}
	n := parse(t, r, "a: 1\nb: 2\nc: 3\nd: 4\n")
	calls := 0
	r.Mapping(n, "", func(*yaml.Node, string, *yaml.Node, string) bool { return false }, func() []string {
		calls++
		return []string{"b"}
	})
	if r.Len() != 4 || calls != 2 {
		t.Errorf("Mapping of 4 unknown keys with MaxProblems 2: %d problems, known called %d times, want 4 and 2", r.Len(), calls)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"alternatives", "criteria", "close_call", "threshold"}
	for _, tc := range []struct{ s, want string }{
		{"criterias", "criteria"},
		{"critera", "criteria"},
		{"thresold", "threshold"},
		{"closecall", "close_call"},
		{"close_call", ""}, // known itself is not a suggestion
		{"xyz", ""},
		{"", ""},
		{strings.Repeat("a", 65), ""},
	} {
		if got := Suggest(tc.s, known); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3},
		{"weigth", "weight", 1}, {"ab", "ba", 1}, {"ca", "abc", 3},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want float64
		ok   bool
	}{
		{"3", 3, true}, {"-2.5", -2.5, true}, {"1e308", 1e308, true}, {"0x10", 16, true},
		{".nan", 0, false}, {".inf", 0, false}, {"-.Inf", 0, false}, {"1e309", 0, false},
		{`"3"`, 0, false}, {"null", 0, false}, {"[1]", 0, false}, {"true", 0, false},
	} {
		r := &Reader{}
		n := parse(t, r, tc.src)
		got, ok := r.Number(n, "x")
		if ok != tc.ok || got != tc.want || (ok != (r.Len() == 0)) {
			t.Errorf("Number(%s) = %v, %v with %v; want %v, %v", tc.src, got, ok, r.Problems(), tc.want, tc.ok)
		}
	}
}

func TestInt(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want int
		ok   bool
	}{
		{"3", 3, true}, {"-7", -7, true}, {"9223372036854775807", 9223372036854775807, true},
		{"9223372036854775808", 0, false}, {"2.5", 0, false}, {"x", 0, false},
	} {
		r := &Reader{}
		got, ok := r.Int(parse(t, r, tc.src), "x")
		if ok != tc.ok || got != tc.want {
			t.Errorf("Int(%s) = %v, %v; want %v, %v", tc.src, got, ok, tc.want, tc.ok)
		}
	}
}

func TestStrBoolList(t *testing.T) {
	r := &Reader{}
	n := parse(t, r, "s: hello\nb: true\nl: [a, 2, null]\nbad: {x: 1}\nnb: yes\n")
	var s, bad string
	var b, nb bool
	var l []string
	r.Fields(n, "", Handlers{
		"s": func(v *yaml.Node, p string) { s = r.Str(v, p) }, "b": func(v *yaml.Node, p string) { b = r.Bool(v, p) },
		"l": func(v *yaml.Node, p string) { l = r.StrList(v, p) }, "bad": func(v *yaml.Node, p string) { bad = r.Str(v, p) },
		"nb": func(v *yaml.Node, p string) { nb = r.Bool(v, p) },
	})
	if s != "hello" || !b || strings.Join(l, ",") != "a,2," || bad != "" || nb {
		t.Errorf("got s=%q b=%v l=%q bad=%q nb=%v", s, b, l, bad, nb)
	}
	ps := r.Problems()
	if len(ps) != 2 || ps[0].Path != "bad" || ps[0].Line != 4 || ps[1].Path != "nb" || !errors.Is(ps[1].Err, ErrType) {
		t.Errorf("problems %+v, want bad (line 4) and nb (\"yes\" is a string in YAML 1.2)", ps)
	}
}

func TestDecimals(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want int
	}{
		{"0.72", 2}, {"72", 0}, {"7.25e1", 1}, {"5e-3", 3}, {"72.50", 2}, {"0x1F", 0}, {"1e-400", 15}, {"1e400", 0},
	} {
		if got := Decimals(&yaml.Node{Kind: yaml.ScalarNode, Value: tc.src}); got != tc.want {
			t.Errorf("Decimals(%s) = %d, want %d", tc.src, got, tc.want)
		}
	}
}

func TestIsNullKindName(t *testing.T) {
	r := &Reader{}
	n := parse(t, r, "a: ~\nb: [1]\nc: {}\nd: text\ne: &x null\nf: *x\n")
	want := map[string]string{"a": "null", "b": "a list", "c": "a mapping", "d": `"text"`, "e": "null", "f": "null"}
	r.Mapping(n, "", func(_ *yaml.Node, k string, v *yaml.Node, _ string) bool {
		if got := KindName(v); got != want[k] {
			t.Errorf("KindName(%s) = %s, want %s", k, got, want[k])
		}
		if IsNull(v) != (want[k] == "null") {
			t.Errorf("IsNull(%s) = %v", k, IsNull(v))
		}
		return true
	}, nil)
}

// Once the node budget is spent, the walk reports one problem and nothing
// about the fields it could not read.
func TestBudgetExhaustionStopsProblems(t *testing.T) {
	r := &Reader{MaxNodes: 100}
	src := "items: [" + strings.Repeat("{}, ", 60) + "{}]\n" // 64 nodes: passes Check
	n := parse(t, r, src)
	r.MaxNodes = 20 // the walk revisits: charge it
	r.Fields(n, "", Handlers{"items": func(v *yaml.Node, p string) {
		r.List(v, p, func(_ int, v *yaml.Node, p string) {
			r.Fields(v, p, Handlers{})
			r.Errorf(v, Join(p, "id"), "required")
		})
	}})
	if !r.Exhausted() {
		t.Fatal("budget not exhausted")
	}
	last := r.Problems()[r.Len()-1]
	if !errors.Is(last.Err, ErrTooLarge) {
		t.Errorf("last problem %+v, want the budget's", last)
	}
	if r.Len() > 20 {
		t.Errorf("%d problems, want at most one per node charged before the budget ran out", r.Len())
	}
}

func TestProblemsCapped(t *testing.T) {
	r := &Reader{MaxProblems: 3}
	for i := range 10 {
		r.Errorf(nil, Index("a", i), "bad")
	}
	if r.Len() != 10 || len(r.Problems()) != 3 {
		t.Errorf("Len %d kept %d, want 10 and 3", r.Len(), len(r.Problems()))
	}
}

func TestCoveredAndLocate(t *testing.T) {
	r := &Reader{}
	root := parse(t, r, "criteria:\n  - id: a\n    weight: 3\nalternatives:\n  - id: x\n    scores:\n      a: 7\n")
	r.Mark("criteria[0]")
	if !r.Covered("criteria[0].weight") || r.Covered("criteria") || r.Covered("alternatives[0]") {
		t.Error("Covered does not follow the path's ancestors")
	}
	for _, tc := range []struct {
		path      string
		line, col int
	}{
		{"", 1, 1},
		{"criteria[0].weight", 3, 13},
		{"alternatives[0].scores.a", 7, 10},
		{"alternatives[0].scores.b", 7, 7}, // missing: nearest ancestor, the scores mapping
		{"alternatives[3].id", 5, 3},       // no such element: the list
	} {
		if l, c := r.Locate(root, tc.path); l != tc.line || c != tc.col {
			t.Errorf("Locate(%q) = %d:%d, want %d:%d", tc.path, l, c, tc.line, tc.col)
		}
	}
}

// FuzzParse walks any document generically: no panic, at most MaxProblems
// problems kept, every kept problem has a message, and Locate finds a
// position for every path the walk produced.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a: 1\n", "a: &x [1, *x]\n", "- {b: c, b: d}\n", "[[[[1]]]]", "a: .nan\nb: 0x1F\n", "{x: *y}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &Reader{MaxNodes: 1000, MaxDepth: 20}
		root := r.Parse(data)
		if root != nil {
			var walk func(n *yaml.Node, path string)
			walk = func(n *yaml.Node, path string) {
				switch m := r.Resolve(n, path); {
				case m == nil:
				case m.Kind == yaml.MappingNode:
					r.Mapping(m, path, func(_ *yaml.Node, k string, v *yaml.Node, p string) bool {
						walk(v, p)
						return len(k)%2 == 0
					}, func() []string { return []string{"ab", "abc"} })
				case m.Kind == yaml.SequenceNode:
					r.List(m, path, func(_ int, v *yaml.Node, p string) { walk(v, p) })
				default:
					r.Number(m, path)
					Decimals(m)
				}
			}
			walk(root, "")
		}
		if len(r.Problems()) > diag.MaxProblems {
			t.Fatalf("%d problems kept", len(r.Problems()))
		}
		for _, p := range r.Problems() {
			if p.Message == "" {
				t.Fatalf("problem without a message: %+v", p)
			}
			if root != nil {
				r.Locate(root, p.Path)
			}
		}
	})
}
