package adr

import (
	"regexp"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/mdtext"
	"github.com/deliberate-dev/deliberate/tot"
)

// isWeightedSum reports whether a record's method is the weighted sum, the
// method whose per-criterion contributions the matrix shows: "" or
// "weighted_sum" exactly ("weighted_sum/vector" normalises differently and
// has no contributions).
func isWeightedSum(method string) bool {
	return tot.Method(strings.TrimSpace(method)).IsWeightedSum()
}

// methodNameList lists tot's methods: "weighted_sum, weighted_product, ...".
func methodNameList() string {
	var names []string
	for _, m := range tot.Methods() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}

// methodNames are the short human names of tot's methods.
var methodNames = map[string]string{
	string(tot.MethodWeightedSum):     "the weighted sum",
	string(tot.MethodWeightedProduct): "the weighted product",
	string(tot.MethodTOPSIS):          "TOPSIS",
	string(tot.MethodVIKOR):           "VIKOR",
	string(tot.MethodPROMETHEEII):     "PROMETHEE II",
}

// methodOptions are the human names of what may follow the slash.
var methodOptions = map[string]string{
	"scale":  "scale normalisation",
	"minmax": "min–max normalisation",
	"vector": "vector normalisation",
	"sum":    "sum normalisation",
	"max":    "max normalisation",
	"usual":  "the usual preference function",
	"linear": "the linear preference function",
}

// methodLabel is a short human name of a method: "TOPSIS", "TOPSIS with
// vector normalisation", "PROMETHEE II with the linear preference function";
// a name it does not know is returned as written.
func methodLabel(method string) string {
	base, opt, hasOpt := strings.Cut(strings.TrimSpace(method), "/")
	name, ok := methodNames[base]
	if !ok {
		return strings.TrimSpace(method)
	}
	if !hasOpt {
		return name
	}
	o, ok := methodOptions[opt]
	if !ok {
		return strings.TrimSpace(method)
	}
	return name + " with " + o
}

// reMethodName matches the method names written as a code span.
var reMethodName = regexp.MustCompile(`^[A-Za-z0-9_./-]+$`)

// methodLine is the value of the "**Method:**" line: the machine name as a
// code span, then tot's description of the method when it knows it:
// "`topsis` — TOPSIS closeness to the ideal × 100, scale normalisation
// (0–100, higher is better)".
func methodLine(method string) string {
	m := strings.TrimSpace(method)
	if !reMethodName.MatchString(m) {
		return mdtext.Span(m)
	}
	s := "`" + m + "`"
	if desc := tot.Method(m).Description(); desc != "" {
		s += " — " + mdtext.Span(desc)
	}
	return s
}

// parseMethod reads the value of a "**Method:**" line (its inline text, code
// spans kept with their backticks): the name in the leading code span, else
// the text before " — ". A name written for people ("TOPSIS", "weighted
// sum", "PROMETHEE II") is turned into tot's name when that is a method tot
// knows; anything else is kept as written, for Audit to report.
func parseMethod(v string) string {
	v = strings.TrimSpace(v)
	if rest, ok := strings.CutPrefix(v, "`"); ok {
		if name, _, ok := strings.Cut(rest, "`"); ok {
			v = name
		}
	} else if name, _, ok := strings.Cut(v, " — "); ok {
		v = name
	}
	v = strings.TrimSpace(v)
	if tot.Method(v).Validate() == nil {
		return v
	}
	machine := strings.ToLower(strings.Join(strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '-' }), "_"))
	if machine != "" && tot.Method(machine).Validate() == nil {
		return machine
	}
	return v
}
