package xlsx_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/xlsx"
	"github.com/xuri/excelize/v2"
)

// fixtures are the decision files under testdata/.
var fixtures = []string{"costscales", "ties", "injection", "full"}

// load parses testdata/<name>.yaml.
func load(t testing.TB, name string) *tot.Decision {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := tot.ParseDecision(b)
	if err != nil {
		t.Fatalf("ParseDecision(%s): %v", name, err)
	}
	return d
}

// export returns Export(d)'s bytes.
func export(t testing.TB, d *tot.Decision) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Export(&buf, d); err != nil {
		t.Fatalf("Export(%q): %v", d.Title, err)
	}
	return buf.Bytes()
}

// evaluate returns tot.Evaluate(d) or fails.
func evaluate(t testing.TB, d *tot.Decision) *tot.Result {
	t.Helper()
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatalf("Evaluate(%q): %v", d.Title, err)
	}
	return res
}

// edit opens a workbook with excelize, lets fn change it and saves it.
func edit(t testing.TB, book []byte, fn func(f *excelize.File) error) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fn(f); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scales used by random decisions, including non-0–10 ones.
var randomScales = []tot.Scale{{}, {Min: 1, Max: 5}, {Min: 0, Max: 100}, {Min: -5, Max: 5}, {Min: 0, Max: 1}, {Min: 0, Max: 10}}

// randomDecision builds a valid decision from a seed: 1–7 criteria with
// random scales, directions, weights and gates, 2–12 alternatives with
// scores on two decimals, some rows copied (ties) or permuted.
func randomDecision(seed uint64) *tot.Decision {
	r := rand.New(rand.NewPCG(seed, 42))
	d := &tot.Decision{
		Title:     fmt.Sprintf("random %d", seed),
		Threshold: new(float64(r.IntN(8) * 10)),
		CloseCall: new(float64(r.IntN(6))),
	}
	n, m := 1+r.IntN(7), 2+r.IntN(11)
	for j := range n {
		c := tot.Criterion{ID: fmt.Sprintf("c%d", j), Name: fmt.Sprintf("Criterion %d", j),
			Weight: float64(r.IntN(10)), Scale: randomScales[r.IntN(len(randomScales))]}
		if r.IntN(3) == 0 && c.Weight > 0 { // points only: tot rejects fractions mixed with points
			c.Weight += float64(r.IntN(100)) / 100
		}
		if r.IntN(2) == 0 {
			c.Direction = tot.Cost
		}
		if r.IntN(4) == 0 {
			lo, hi := scaleOf(c)
			g := lo + (hi-lo)*float64(r.IntN(11))/10
			c.Critical = &g
		}
		d.Criteria = append(d.Criteria, c)
	}
	d.Criteria[0].Weight++ // weights never all zero
	for i := range m {
		a := tot.Alternative{ID: fmt.Sprintf("a%d", i), Name: fmt.Sprintf("Alternative %d", i), Scores: map[string]tot.Score{}}
		switch {
		case i > 0 && r.IntN(4) == 0: // an exact copy: a tie
			for k, v := range d.Alternatives[r.IntN(i)].Scores {
				a.Scores[k] = v
			}
		default:
			for _, c := range d.Criteria {
				lo, hi := scaleOf(c)
				v := lo + (hi-lo)*float64(r.IntN(101))/100
				a.Scores[c.ID] = tot.Score{Value: float64(int(v*100+0.5*sign(v))) / 100}
			}
		}
		d.Alternatives = append(d.Alternatives, a)
	}
	return d
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// scaleOf returns a criterion's scale, 0–10 for the zero Scale.
func scaleOf(c tot.Criterion) (lo, hi float64) {
	if c.Scale == (tot.Scale{}) {
		return 0, 10
	}
	return c.Scale.Min, c.Scale.Max
}

// single has one alternative and one criterion (a cost criterion on 1–5
// with a gate it fails).
func single() *tot.Decision {
	return &tot.Decision{Title: "single", Threshold: new(65.0), CloseCall: new(5.0),
		Criteria:     []tot.Criterion{{ID: "c", Weight: 3, Scale: tot.Scale{Min: 1, Max: 5}, Direction: tot.Cost, Critical: ptr(2.0)}},
		Alternatives: []tot.Alternative{{ID: "only", Scores: map[string]tot.Score{"c": {Value: 2.5}}}},
	}
}
