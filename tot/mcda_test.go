package tot_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
)

// Literature cases. Data and expected values are those published in the
// cited papers, as reproduced in the test suites of pymcdm 1.4,
// scikit-criteria 0.9 and pyrepo-mcda; expected values are compared to the
// precision they are published with.

func closeTo(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func checkFloats(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values %v, want %d %v", what, len(got), got, len(want), want)
	}
	for i := range want {
		if !closeTo(got[i], want[i], tol) || math.IsNaN(got[i]) {
			t.Errorf("%s[%d] = %.6f, want %.6f (±%g); got %v", what, i, got[i], want[i], tol, got)
		}
	}
}

// Opricovic & Tzeng (2004), Compromise solution by MCDM methods: a comparative
// analysis of VIKOR and TOPSIS. EJOR 156(2) 445–455: risk (cost) and altitude
// (benefit), equal weights.
var opricovic2004 = [][]float64{{1, 3000}, {2, 3750}, {5, 4500}}

// Tzeng & Huang (2011), Multiple attribute decision making: methods and
// applications, CRC press: durability, capacity, reliability.
var tzeng2011 = [][]float64{{5, 8, 4}, {7, 6, 8}, {8, 8, 6}, {7, 4, 6}}

func TestTOPSISLiterature(t *testing.T) {
	tests := []struct {
		name string
		m    [][]float64
		w    []float64
		cost []bool
		n    tot.Normalization
		want []float64
		tol  float64
	}{
		{"Opricovic&Tzeng2004/minmax", opricovic2004, []float64{0.5, 0.5}, []bool{true, false}, tot.MinMax,
			[]float64{0.5, 0.617, 0.5}, 5e-4},
		{"Tzeng&Huang2011/vector", tzeng2011, []float64{0.3, 0.4, 0.3}, nil, tot.Vector,
			[]float64{0.5037, 0.6581, 0.7482, 0.3340}, 1e-4},
		// Ersoy (2021), Equipment selection for an e-commerce company using
		// entropy-based TOPSIS, EDAS and CODAS, LogForum 17(3).
		{"Ersoy2021/vector", ersoy2021, []float64{0.405, 0.221, 0.134, 0.199, 0.007, 0.034},
			[]bool{false, false, false, false, true, true}, tot.Vector,
			[]float64{0.308, 0.254, 0.327, 0.263, 0.857, 0.192}, 5e-3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tot.TOPSIS(tt.m, tt.w, tt.cost, tt.n)
			if err != nil {
				t.Fatalf("TOPSIS: %v", err)
			}
			checkFloats(t, "TOPSIS", got, tt.want, tt.tol)
		})
	}
}

var ersoy2021 = [][]float64{
	{256, 8, 41, 1.6, 1.77, 7347.16},
	{256, 8, 32, 1.0, 1.8, 6919.99},
	{256, 8, 53, 1.6, 1.9, 8400},
	{256, 8, 41, 1.0, 1.75, 6808.9},
	{512, 8, 35, 1.6, 1.7, 8479.99},
	{256, 4, 35, 1.6, 1.7, 7499.99},
}

// Opricovic & Tzeng (2007), Extended VIKOR method in comparison with
// outranking methods, EJOR 178(2) 514–529: hydroelectric power plants.
var opricovic2007 = [][]float64{
	{4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41},
	{5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41},
	{5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42},
	{5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36},
	{5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04},
	{4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36},
}
var opricovic2007Cost = []bool{false, true, false, false, true, true, true, false}

func sumToOne(w []float64) []float64 {
	s := 0.0
	for _, v := range w {
		s += v
	}
	out := make([]float64, len(w))
	for i, v := range w {
		out[i] = v / s
	}
	return out
}

func TestVIKORLiterature(t *testing.T) {
	tests := []struct {
		name       string
		m          [][]float64
		w          []float64
		cost       []bool
		s, r, q    []float64
		tol        float64
		adv, stab  bool
		compromise []int
	}{
		{name: "Opricovic&Tzeng2004", m: opricovic2004, w: []float64{0.5, 0.5}, cost: []bool{true, false},
			s: []float64{0.5, 0.375, 0.5}, r: []float64{0.5, 0.25, 0.5}, q: []float64{1, 0, 1}, tol: 1e-9,
			adv: true, stab: true, compromise: []int{1}},
		{name: "Tzeng&Huang2011", m: tzeng2011, w: []float64{0.3, 0.4, 0.3},
			s: []float64{0.6, 0.3, 0.15, 0.65}, r: []float64{0.3, 0.2, 0.15, 0.4}, q: []float64{0.75, 0.25, 0, 1}, tol: 1e-9,
			adv: false, stab: true, compromise: []int{2, 1}},
		// Yang & Wu (2020), A new improvement method to avoid rank reversal in
		// VIKOR, IEEE Access 8, 21261–21271 (Q only).
		{name: "Yang&Wu2020", m: [][]float64{{78, 56, 34, 6}, {4, 45, 3, 97}, {18, 2, 50, 63}, {9, 14, 11, 92}, {85, 9, 100, 29}},
			w: []float64{0.25, 0.25, 0.25, 0.25}, q: []float64{0.5679, 0.7667, 1, 0.7493, 0}, tol: 1e-4,
			adv: true, stab: true, compromise: []int{4}},
		{name: "Opricovic&Tzeng2007/W1", m: opricovic2007, w: sumToOne([]float64{1, 1, 1, 1, 1, 1, 1, 1}), cost: opricovic2007Cost,
			s: []float64{0.692, 0.7, 0.29, 0.423, 0.28, 0.346}, r: []float64{0.125, 0.125, 0.121, 0.125, 0.067, 0.125},
			q: []float64{0.991, 1.0, 0.473, 0.670, 0.0, 0.578}, tol: 1e-3, adv: true, stab: true, compromise: []int{4}},
		{name: "Opricovic&Tzeng2007/W3", m: opricovic2007, w: sumToOne([]float64{1, 1, 1, 1, 2, 2, 2, 2}), cost: opricovic2007Cost,
			s: []float64{0.683, 0.8, 0.193, 0.48, 0.243, 0.232}, r: []float64{0.113, 0.167, 0.08, 0.122, 0.044, 0.083},
			q: []float64{0.684, 1.0, 0.147, 0.554, 0.041, 0.191}, tol: 1e-3, adv: false, stab: true, compromise: []int{4, 2, 5}},
		{name: "Opricovic&Tzeng2007/W4", m: opricovic2007, w: sumToOne([]float64{1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2}), cost: opricovic2007Cost,
			s: []float64{0.678, 0.857, 0.138, 0.513, 0.222, 0.167}, r: []float64{0.129, 0.190, 0.057, 0.139, 0.042, 0.060},
			q: []float64{0.668, 1.0, 0.051, 0.588, 0.058, 0.078}, tol: 1e-3, adv: false, stab: true, compromise: []int{2, 4, 5}},
		// scikit-criteria's case of an acceptable advantage without stability.
		{name: "advantage-without-stability", m: [][]float64{{1, 101, 1, 101, 1}, {101, 1, 101, 1, 101}, {1, 1, 1, 1, 101}, {11, 11, 11, 16, 61}, {56, 56, 56, 56, 56}},
			w: []float64{0.2, 0.2, 0.2, 0.2, 0.2}, cost: []bool{true, true, true, true, true},
			s: []float64{0.4, 0.6, 0.2, 0.21, 0.55}, r: []float64{0.2, 0.2, 0.2, 0.12, 0.11}, q: []float64{0.75, 1, 0.5, 0.068, 0.4375}, tol: 1e-3,
			adv: true, stab: false, compromise: []int{3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tot.VIKOR(tt.m, tt.w, tt.cost, 0.5)
			if err != nil {
				t.Fatalf("VIKOR: %v", err)
			}
			if tt.s != nil {
				checkFloats(t, "S", got.S, tt.s, tt.tol)
				checkFloats(t, "R", got.R, tt.r, tt.tol)
			}
			checkFloats(t, "Q", got.Q, tt.q, tt.tol)
			if got.AcceptableAdvantage != tt.adv || got.AcceptableStability != tt.stab {
				t.Errorf("conditions C1, C2 = %v, %v, want %v, %v", got.AcceptableAdvantage, got.AcceptableStability, tt.adv, tt.stab)
			}
			if !sameInts(got.Compromise, tt.compromise) {
				t.Errorf("Compromise = %v, want %v", got.Compromise, tt.compromise)
			}
		})
	}
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Papathanasiou & Ploskas (2018), VIKOR, in Multiple Criteria Decision Aid,
// Springer, 31–55 (pyrepo-mcda's case): v = 0.625.
func TestVIKORPapathanasiou(t *testing.T) {
	m := [][]float64{{8, 7, 2, 1}, {5, 3, 7, 5}, {7, 5, 6, 4}, {9, 9, 7, 3}, {11, 10, 3, 7}, {6, 9, 5, 4}}
	got, err := tot.VIKOR(m, []float64{0.4, 0.3, 0.1, 0.2}, nil, 0.625)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "Q", got.Q, []float64{0.640, 1.000, 0.693, 0.271, 0.000, 0.694}, 5e-4)
}

// pymcdm's WSM and WPM reference case (sum normalisation, weights not
// summing to 1, used as given).
func TestWSMWPM(t *testing.T) {
	m := [][]float64{{96, 83, 75, 7}, {63, 5, 56, 9}, {72, 30, 32, 48}, {11, 4, 27, 9}, {77, 21, 17, 11}}
	w := []float64{8.0 / 13, 5.0 / 13, 6.0 / 13, 7.0 / 13}
	cost := []bool{false, false, true, true}
	ws, err := tot.WSM(m, w, cost, tot.Sum)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "WSM", ws, []float64{0.609, 0.313, 0.334, 0.265, 0.479}, 5e-4)
	wp, err := tot.WPM(m, w, cost, tot.Sum)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "WPM", wp, []float64{0.065, 0.017, 0.019, 0.007, 0.052}, 5e-4)

	// Hand arithmetic, min-max: column 1 → 1, 0.6, 0.0; column 2 (cost) → 1, 0.5, 0.
	m2 := [][]float64{{10, 2}, {6, 3}, {0, 4}}
	got, err := tot.WSM(m2, []float64{0.75, 0.25}, []bool{false, true}, tot.MinMax)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "WSM minmax", got, []float64{1, 0.575, 0}, 1e-12)
	got, err = tot.WPM(m2, []float64{0.5, 0.5}, []bool{false, true}, tot.Max)
	if err != nil {
		t.Fatal(err)
	}
	// Max: column 1 → 1, 0.6, 0; column 2 (cost, min/x) → 1, 2/3, 0.5.
	checkFloats(t, "WPM max", got, []float64{1, math.Sqrt(0.6 * 2 / 3), 0}, 1e-12)
}

// Zhao, Peng & Li (2013), Revised PROMETHEE II for improving efficiency in
// emergency response, Procedia Computer Science 17, 181–188 (usual criterion).
func TestPROMETHEEII(t *testing.T) {
	m := [][]float64{{4, 3, 2}, {3, 2, 4}, {5, 1, 3}}
	got, err := tot.PROMETHEEII(m, []float64{0.5, 0.3, 0.2}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "phi", got, []float64{0.1, -0.3, 0.2}, 1e-12)

	// Linear (V-shape, q = 0, p = 2), hand arithmetic: differences on
	// column 1 are A1−A2 = 1, A1−A3 = −1, A2−A3 = −2.
	pref := []tot.Preference{{Func: tot.Linear, P: 2}, {Func: tot.Linear, P: 2}, {Func: tot.Linear, P: 2}}
	got, err = tot.PROMETHEEII(m, []float64{0.5, 0.3, 0.2}, nil, pref)
	if err != nil {
		t.Fatal(err)
	}
	// π(1,2) = .5·.5 + .3·.5 = .4, π(2,1) = .2·1 = .2; π(1,3) = .3·1 = .3,
	// π(3,1) = .5·.5 + .2·.5 = .35; π(2,3) = .3·.5 + .2·.5 = .25, π(3,2) = .5·1 = .5.
	want := []float64{((.4 - .2) + (.3 - .35)) / 2, ((.2 - .4) + (.25 - .5)) / 2, ((.35 - .3) + (.5 - .25)) / 2}
	checkFloats(t, "phi linear", got, want, 1e-12)
	// Cost criterion flips differences: same flows with the columns negated.
	neg := [][]float64{{-4, -3, -2}, {-3, -2, -4}, {-5, -1, -3}}
	got, err = tot.PROMETHEEII(neg, []float64{0.5, 0.3, 0.2}, []bool{true, true, true}, pref)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "phi linear cost", got, want, 1e-12)
}

func TestNormalizeConventions(t *testing.T) {
	m := [][]float64{{1, 4}, {3, 2}, {4, 4}}
	cost := []bool{false, true}
	r3 := math.Sqrt(26) // ‖(1,3,4)‖
	r2 := 6.0           // ‖(4,2,4)‖
	tests := []struct {
		n    tot.Normalization
		want [][]float64
	}{
		{tot.MinMax, [][]float64{{0, 0}, {2.0 / 3, 1}, {1, 0}}},
		{tot.Vector, [][]float64{{1 / r3, 1 - 4/r2}, {3 / r3, 1 - 2/r2}, {4 / r3, 1 - 4/r2}}},
		{tot.Sum, [][]float64{{1.0 / 8, 0.25 / 1}, {3.0 / 8, 0.5 / 1}, {4.0 / 8, 0.25 / 1}}},
		{tot.Max, [][]float64{{0.25, 0.5}, {0.75, 1}, {1, 0.5}}},
	}
	for _, tt := range tests {
		got, err := tot.Normalize(m, cost, tt.n)
		if err != nil {
			t.Fatalf("Normalize(%v): %v", tt.n, err)
		}
		for i := range tt.want {
			checkFloats(t, tt.n.String()+" row", got[i], tt.want[i], 1e-12)
		}
	}
	got, err := tot.NormalizeScales([][]float64{{7, 2}, {10, 0}}, []bool{false, true}, []tot.Scale{{}, {Min: 0, Max: 5}})
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "scales row 0", got[0], []float64{0.7, 0.6}, 1e-12)
	checkFloats(t, "scales row 1", got[1], []float64{1, 1}, 1e-12)
}

// Degenerate inputs: every method returns finite values (never NaN) with a
// documented value.
func TestDegenerateNoNaN(t *testing.T) {
	cases := []struct {
		name string
		m    [][]float64
		w    []float64
	}{
		{"constant column", [][]float64{{5, 1}, {5, 2}, {5, 3}}, []float64{0.5, 0.5}},
		{"zero weight", [][]float64{{1, 1}, {2, 3}, {3, 2}}, []float64{0, 1}},
		{"all weights zero", [][]float64{{1, 1}, {2, 3}}, []float64{0, 0}},
		{"single alternative", [][]float64{{4, 2}}, []float64{0.3, 0.7}},
		{"all alternatives equal", [][]float64{{4, 2}, {4, 2}, {4, 2}}, []float64{0.3, 0.7}},
		{"zero column", [][]float64{{0, 1}, {0, 2}}, []float64{0.5, 0.5}},
	}
	finite := func(t *testing.T, what string, xs []float64) {
		t.Helper()
		for i, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s[%d] = %v", what, i, x)
			}
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, cost := range [][]bool{nil, {true, false}} {
				for _, n := range []tot.Normalization{tot.MinMax, tot.Vector, tot.Sum, tot.Max} {
					if cost != nil && (n == tot.Sum || n == tot.Max) && c.m[0][0] == 0 {
						continue // zero values of a cost criterion: an error, tested below
					}
					nm, err := tot.Normalize(c.m, cost, n)
					if err != nil {
						t.Fatalf("Normalize %v: %v", n, err)
					}
					for i := range nm {
						finite(t, "Normalize "+n.String(), nm[i])
					}
					for name, f := range map[string]func([][]float64, []float64, []bool, tot.Normalization) ([]float64, error){
						"WSM": tot.WSM, "WPM": tot.WPM, "TOPSIS": tot.TOPSIS,
					} {
						got, err := f(c.m, c.w, cost, n)
						if err != nil {
							t.Fatalf("%s %v: %v", name, n, err)
						}
						finite(t, name+" "+n.String(), got)
					}
				}
				v, err := tot.VIKOR(c.m, c.w, cost, 0.5)
				if err != nil {
					t.Fatalf("VIKOR: %v", err)
				}
				finite(t, "VIKOR S", v.S)
				finite(t, "VIKOR R", v.R)
				finite(t, "VIKOR Q", v.Q)
				if len(v.Compromise) == 0 {
					t.Errorf("VIKOR: empty compromise set")
				}
				p, err := tot.PROMETHEEII(c.m, c.w, cost, nil)
				if err != nil {
					t.Fatalf("PROMETHEEII: %v", err)
				}
				finite(t, "PROMETHEEII", p)
			}
			if c.m[0][0] >= 0 {
				ew, err := tot.EntropyWeights(c.m)
				if err != nil {
					t.Fatalf("EntropyWeights: %v", err)
				}
				finite(t, "EntropyWeights", ew)
			}
			cw, err := tot.CRITICWeights(c.m, nil)
			if err != nil {
				t.Fatalf("CRITICWeights: %v", err)
			}
			finite(t, "CRITICWeights", cw)
		})
	}
	// Documented values: all alternatives equal → TOPSIS 1 (at the ideal),
	// VIKOR Q 0, PROMETHEE 0, WSM min-max Σw.
	eq := [][]float64{{4, 2}, {4, 2}}
	w := []float64{0.3, 0.7}
	tp, _ := tot.TOPSIS(eq, w, nil, tot.MinMax)
	checkFloats(t, "TOPSIS equal", tp, []float64{1, 1}, 0)
	vk, _ := tot.VIKOR(eq, w, nil, 0.5)
	checkFloats(t, "VIKOR Q equal", vk.Q, []float64{0, 0}, 0)
	ws, _ := tot.WSM(eq, w, nil, tot.MinMax)
	checkFloats(t, "WSM equal", ws, []float64{1, 1}, 1e-15)
	ew, _ := tot.EntropyWeights(eq)
	checkFloats(t, "entropy equal", ew, []float64{0.5, 0.5}, 0)
}

func TestNumericErrors(t *testing.T) {
	good := [][]float64{{1, 2}, {3, 4}}
	w := []float64{0.5, 0.5}
	tests := []struct {
		name  string
		call  func() error
		paths []string
	}{
		{"ragged", func() error { _, err := tot.TOPSIS([][]float64{{1, 2}, {3}}, w, nil, tot.MinMax); return err }, []string{"m[1]"}},
		{"NaN", func() error { _, err := tot.WSM([][]float64{{1, math.NaN()}, {3, 4}}, w, nil, tot.MinMax); return err }, []string{"m[0][1]"}},
		{"Inf", func() error { _, err := tot.WPM([][]float64{{1, 2}, {math.Inf(1), 4}}, w, nil, tot.MinMax); return err }, []string{"m[1][0]"}},
		{"negative weight", func() error { _, err := tot.VIKOR(good, []float64{0.5, -1}, nil, 0.5); return err }, []string{"w[1]"}},
		{"weights length", func() error { _, err := tot.TOPSIS(good, []float64{1}, nil, tot.Vector); return err }, []string{"w"}},
		{"cost length", func() error { _, err := tot.Normalize(good, []bool{true}, tot.MinMax); return err }, []string{"cost"}},
		{"all problems at once", func() error {
			_, err := tot.TOPSIS([][]float64{{1, math.NaN()}, {3}}, []float64{-1, 1}, []bool{true}, tot.MinMax)
			return err
		}, []string{"m[0][1]", "m[1]", "cost", "w[0]"}},
		{"empty", func() error { _, err := tot.WSM(nil, w, nil, tot.MinMax); return err }, []string{"m"}},
		{"sum cost zero", func() error {
			_, err := tot.Normalize([][]float64{{0, 1}, {1, 1}}, []bool{true, false}, tot.Sum)
			return err
		}, []string{"m[0][0]"}},
		{"WPM negative", func() error { _, err := tot.WPM([][]float64{{-1, 1}, {1, 2}}, w, nil, tot.Vector); return err }, []string{"m[0][0]"}},
		{"VIKOR v", func() error { _, err := tot.VIKOR(good, w, nil, 1.5); return err }, []string{"v"}},
		{"PROMETHEE thresholds", func() error {
			_, err := tot.PROMETHEEII(good, w, nil, []tot.Preference{{}, {Func: tot.Linear, Q: 2, P: 1}})
			return err
		}, []string{"pref[1]"}},
		{"entropy negative", func() error { _, err := tot.EntropyWeights([][]float64{{-1, 1}, {1, 2}}); return err }, []string{"m[0][0]"}},
		{"AHP not square", func() error { _, err := tot.AHP([][]float64{{1, 2}, {0.5}}); return err }, []string{"pairwise[1]"}},
		{"AHP not reciprocal", func() error { _, err := tot.AHP([][]float64{{1, 2}, {2, 1}}); return err }, []string{"pairwise[1][0]"}},
		{"AHP non-positive", func() error { _, err := tot.AHP([][]float64{{1, 0}, {1, 1}}); return err }, []string{"pairwise[0][1]"}},
		{"ROC ranks", func() error { _, err := tot.ROCWeights([]int{1, 4, 2}); return err }, []string{"ranks[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil {
				t.Fatalf("got no error, want one naming %v", tt.paths)
			}
			if !errors.Is(err, tot.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			var ve *tot.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError", err)
			}
			var got []string
			for _, p := range ve.Problems {
				got = append(got, p.Path)
			}
			for _, p := range tt.paths {
				found := false
				for _, g := range got {
					found = found || g == p
				}
				if !found {
					t.Errorf("problems %v do not name %q (error: %v)", got, p, err)
				}
			}
			if strings.Contains(err.Error(), "NaN") && tt.name != "NaN" && tt.name != "all problems at once" {
				t.Errorf("unexpected NaN in %v", err)
			}
		})
	}
}

// Huge weights and values overflow nothing: TOPSIS is invariant to the
// scale of the weights.
func TestTOPSISHugeWeights(t *testing.T) {
	m := [][]float64{{1, 3000}, {2, 3750}, {5, 4500}}
	got, err := tot.TOPSIS(m, []float64{1e300, 1e300}, []bool{true, false}, tot.MinMax)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "TOPSIS", got, []float64{0.5, 0.617, 0.5}, 5e-4)
}

// FuzzMethods feeds arbitrary small matrices and weights to every method:
// they return a ValidationError or finite values, never panic or NaN.
func FuzzMethods(f *testing.F) {
	f.Add(3, 2, []byte{1, 2, 3, 4, 5, 6, 7, 8}, uint8(1))
	f.Add(1, 1, []byte{0}, uint8(0))
	f.Add(2, 3, []byte{0, 0, 0, 0, 0, 0, 9}, uint8(7))
	f.Fuzz(func(t *testing.T, rows, cols int, data []byte, costBits uint8) {
		if rows < 1 || rows > 6 || cols < 1 || cols > 5 {
			return
		}
		at := func(k int) float64 {
			if len(data) == 0 {
				return 0
			}
			return float64(int8(data[k%len(data)])) / 4
		}
		m := make([][]float64, rows)
		for i := range m {
			m[i] = make([]float64, cols)
			for j := range m[i] {
				m[i][j] = at(i*cols + j)
			}
		}
		w := make([]float64, cols)
		cost := make([]bool, cols)
		for j := range w {
			w[j] = math.Abs(at(rows*cols + j))
			cost[j] = costBits>>j&1 == 1
		}
		check := func(name string, xs []float64, err error) {
			if err != nil {
				var ve *tot.ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("%s: error %v is not a ValidationError", name, err)
				}
				return
			}
			for i, x := range xs {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("%s(%v, %v, %v)[%d] = %v", name, m, w, cost, i, x)
				}
			}
		}
		for _, n := range []tot.Normalization{tot.MinMax, tot.Vector, tot.Sum, tot.Max} {
			x, err := tot.WSM(m, w, cost, n)
			check("WSM "+n.String(), x, err)
			x, err = tot.WPM(m, w, cost, n)
			check("WPM "+n.String(), x, err)
			x, err = tot.TOPSIS(m, w, cost, n)
			check("TOPSIS "+n.String(), x, err)
		}
		v, err := tot.VIKOR(m, w, cost, 0.5)
		if err == nil {
			check("VIKOR Q", v.Q, nil)
			check("VIKOR S", v.S, nil)
		}
		x, err := tot.PROMETHEEII(m, w, cost, nil)
		check("PROMETHEEII", x, err)
		x, err = tot.EntropyWeights(m)
		check("EntropyWeights", x, err)
		x, err = tot.CRITICWeights(m, cost)
		check("CRITICWeights", x, err)
	})
}
