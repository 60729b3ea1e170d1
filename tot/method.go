package tot

import (
	"fmt"
	"math"
	"strings"
)

// A Method names the MCDA method Evaluate uses: a decision file's `method:`
// field and Decision.Method. The zero Method ("") is the weighted sum. Every
// method scores alternatives on 0–100, higher is better, so that gates, the
// threshold, the margin and the close call keep their meaning whatever the
// method. A method may carry a normalisation after a slash, e.g.
// "topsis/vector"; without one, methods that normalise use the criteria's
// scales (NormalizeScales), like the weighted sum.
//
//   - "weighted_sum" (or ""): the default; 100·Σ w·n(x).
//   - "weighted_product": 100·Π n(x)^w.
//   - "topsis": 100 × the closeness coefficient.
//   - "vikor": 100·(1 − Q) with v = 0.5 (Q is lower-is-better, so the score
//     is reversed); accepts no normalisation (VIKOR's is built in).
//   - "promethee_ii": 50·(1 + φ), φ the net flow with the usual preference
//     function; "promethee_ii/linear" uses the linear (V-shape) function
//     with q = 0 and p = the width of the criterion's scale.
//
// Normalisations after the slash: "scale" (the default), "minmax",
// "vector", "sum", "max". ParseMethod and Validate check a Method.
type Method string

// Methods, in the order documented on Method.
const (
	MethodWeightedSum     Method = "weighted_sum"
	MethodWeightedProduct Method = "weighted_product"
	MethodTOPSIS          Method = "topsis"
	MethodVIKOR           Method = "vikor"
	MethodPROMETHEEII     Method = "promethee_ii"
)

// Methods returns the base method names in the order documented on Method
// (a new slice each call).
func Methods() []Method {
	return []Method{MethodWeightedSum, MethodWeightedProduct, MethodTOPSIS, MethodVIKOR, MethodPROMETHEEII}
}

// ParseMethod reads a method name, with an optional normalisation or
// preference function after a slash, and returns it as a Method, or an
// error saying what is wrong ("" is the weighted sum).
func ParseMethod(s string) (Method, error) {
	m := Method(s)
	if err := m.Validate(); err != nil {
		return "", err
	}
	return m, nil
}

// Validate reports whether m is a method Evaluate supports.
func (m Method) Validate() error {
	_, err := parseMethod(m)
	return err
}

// IsWeightedSum reports whether m is the default weighted sum, spelled ""
// or "weighted_sum": the method whose Result has contributions. (Spelled
// with a normalisation, e.g. "weighted_sum/scale", it is scored as the
// other methods are.)
func (m Method) IsWeightedSum() bool {
	return m == "" || m == MethodWeightedSum
}

// String returns the method name, "weighted_sum" for the zero Method.
func (m Method) String() string {
	if m == "" {
		return string(MethodWeightedSum)
	}
	return string(m)
}

// methodSpec is a parsed method name.
type methodSpec struct {
	base   Method
	scaled bool          // normalise by the criteria's scales
	norm   Normalization // otherwise this normalisation
	linear bool          // promethee_ii/linear
}

func parseMethod(name Method) (methodSpec, error) {
	b, opt, hasOpt := strings.Cut(string(name), "/")
	base := Method(b)
	spec := methodSpec{base: base, scaled: true}
	switch base {
	case "", MethodWeightedSum, MethodWeightedProduct, MethodTOPSIS:
		if base == "" {
			spec.base = MethodWeightedSum
			if hasOpt {
				return spec, fmt.Errorf("method %q: a normalization needs a method name", name)
			}
		}
		if hasOpt && opt != "scale" {
			var n Normalization
			if err := n.UnmarshalText([]byte(opt)); err != nil {
				return spec, fmt.Errorf("method %q: %v (or scale)", name, err)
			}
			spec.scaled, spec.norm = false, n
		}
	case MethodVIKOR:
		if hasOpt {
			return spec, fmt.Errorf("method %q: vikor takes no normalization", name)
		}
	case MethodPROMETHEEII:
		switch opt {
		case "", "usual":
		case "linear":
			spec.linear = true
		default:
			return spec, fmt.Errorf("method %q: preference function must be usual or linear", name)
		}
		if hasOpt && opt == "" {
			return spec, fmt.Errorf("method %q: empty preference function", name)
		}
	default:
		names := make([]string, 0, 5)
		for _, m := range Methods() {
			names = append(names, string(m))
		}
		return spec, fmt.Errorf("method %q: unknown%s (want one of %s, optionally with /normalization)", name, didYouMean(string(base), names), strings.Join(names, ", "))
	}
	return spec, nil
}

// methodScores scores each alternative by method. x holds raw scores (rows =
// alternatives, columns = criteria), w the normalised weights (sum 1), cost
// marks cost criteria and scales gives each criterion's scale. It returns
// one score per alternative on 0–100, higher is better.
func methodScores(method Method, x [][]float64, w []float64, cost []bool, scales []Scale) ([]float64, error) {
	spec, err := parseMethod(method)
	if err != nil {
		return nil, err
	}
	norm := func() ([][]float64, error) {
		if spec.scaled {
			return NormalizeScales(x, cost, scales)
		}
		return Normalize(x, cost, spec.norm)
	}
	var s []float64
	switch spec.base {
	case MethodWeightedSum, MethodWeightedProduct, MethodTOPSIS:
		n, err := norm()
		if err != nil {
			return nil, err
		}
		// n is already higher-is-better in every column: score it as benefit
		// with the identity (a min-max of n would renormalise).
		switch spec.base {
		case MethodWeightedSum:
			s = make([]float64, len(n))
			for i, row := range n {
				for j, v := range row {
					s[i] += w[j] * v
				}
			}
		case MethodWeightedProduct:
			s, err = weightedProductRaw(n, w)
		case MethodTOPSIS:
			s, err = topsisNormalized(n, w)
		}
		if err != nil {
			return nil, err
		}
	case MethodVIKOR:
		r, err := VIKOR(x, w, cost, 0.5)
		if err != nil {
			return nil, err
		}
		s = make([]float64, len(r.Q))
		for i, q := range r.Q {
			s[i] = 1 - q
		}
	case MethodPROMETHEEII:
		var pref []Preference
		if spec.linear {
			pref = make([]Preference, len(scales))
			for j, sc := range scales {
				lo, hi := sc.Bounds()
				pref[j] = Preference{Func: Linear, P: hi - lo}
			}
		}
		phi, err := PROMETHEEII(x, w, cost, pref)
		if err != nil {
			return nil, err
		}
		s = make([]float64, len(phi))
		for i, f := range phi {
			s[i] = clamp((1+f)/2, 0, 1)
		}
	}
	for i := range s {
		s[i] = clamp(100*s[i], 0, 100)
	}
	return s, nil
}

// weightedProductRaw is Π v^w of already normalised values (0–1).
func weightedProductRaw(n [][]float64, w []float64) ([]float64, error) {
	out := make([]float64, len(n))
	for i, row := range n {
		p := 1.0
		for j, v := range row {
			if w[j] != 0 {
				p *= math.Pow(clamp(v, 0, 1), w[j])
			}
		}
		out[i] = p
	}
	return out, nil
}

// topsisNormalized is TOPSIS's closeness on an already normalised,
// higher-is-better matrix (no further normalisation).
func topsisNormalized(n [][]float64, w []float64) ([]float64, error) {
	cols := len(w)
	lo, hi := columnBounds(n, cols)
	out := make([]float64, len(n))
	for i, row := range n {
		var dp, dm float64
		for j, v := range row {
			p, q := w[j]*(v-hi[j]), w[j]*(v-lo[j])
			dp += p * p
			dm += q * q
		}
		out[i] = closeness(dp, dm)
	}
	return out, nil
}

// Description returns a one-line description of the method stating what
// its 0–100 score is and its direction, e.g. for an ADR: "TOPSIS closeness
// to the ideal × 100, scale normalisation (0–100, higher is better)". It is
// "" for a method Evaluate does not support (see Validate).
func (m Method) Description() string {
	spec, err := parseMethod(m)
	if err != nil {
		return ""
	}
	norm := "scale normalisation"
	if !spec.scaled {
		norm = spec.norm.String() + " normalisation"
	}
	var what string
	switch spec.base {
	case MethodWeightedSum:
		what = "weighted sum × 100, " + norm
	case MethodWeightedProduct:
		what = "weighted product × 100, " + norm
	case MethodTOPSIS:
		what = "TOPSIS closeness to the ideal × 100, " + norm
	case MethodVIKOR:
		what = "VIKOR 100 × (1 − Q), v = 0.5 (Q itself is lower-is-better)"
	case MethodPROMETHEEII:
		f := "usual"
		if spec.linear {
			f = "linear (p = scale width)"
		}
		what = "PROMETHEE II 50 × (1 + net flow), " + f + " preference function"
	}
	return what + " (0–100, higher is better)"
}
