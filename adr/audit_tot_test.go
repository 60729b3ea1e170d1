package adr_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// The two disagreements issue 11 names, now one rule each.
//
// A total declared "73" for a computed 73.5 (weights 50/50, scores 7 and
// 7.7: 35 + 38.5 = 73.5) is a declared-mismatch in tot.Evaluate and in
// adr.Audit.
func TestAuditAgreesWithTotOnHalfUnit(t *testing.T) {
	w := 50.0
	d := &tot.Decision{
		Criteria: []tot.Criterion{{ID: "a", Weight: w}, {ID: "b", Weight: w}},
		Alternatives: []tot.Alternative{{ID: "x", Scores: map[string]tot.Score{"a": {Value: 7}, "b": {Value: 7.7}}},
			{ID: "y", Scores: map[string]tot.Score{"a": {Value: 5}, "b": {Value: 5}}}},
		Declared: []tot.Declared{{Alternative: "x", Value: 73, Decimals: 0}},
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	totSays := 0
	for _, f := range res.Findings {
		if f.Code == tot.CodeDeclaredMismatch {
			totSays++
		}
	}
	src := "# T\n\n| Criterion | Weight |\n|---|---|\n| A | 50% |\n| B | 50% |\n\n" +
		"| Option | A | B | Total |\n|---|---|---|---|\n| 1. X | 7 | 7.7 | 73 |\n| 2. Y | 5 | 5 | 50 |\n"
	fs := byCode(adr.Audit(mustParse(t, src)), adr.CodeDeclaredMismatch)
	if totSays != 1 || len(fs) != 1 || fs[0].Where != "matrix.option[1].total" || !strings.Contains(fs[0].Message, "declared total 73, computed 73.5") {
		t.Errorf("tot reports %d mismatches, Audit %v; want one each, at option 1's total", totSays, fs)
	}
}

// A trigger "…after the Q3 2025 launch" has a digit but no metric,
// operator or threshold: not measurable for tot.LintTriggers nor for Audit.
func TestAuditTriggerLintIsTots(t *testing.T) {
	const trig = "Revisit the decision after the Q3 2025 launch"
	lint := tot.LintTriggers([]tot.Trigger{tot.ParseTriggerText(trig)})
	unmeasurable := false
	for _, f := range lint {
		if f.Code == tot.CodeTriggerNoMetric || f.Code == tot.CodeTriggerNoOperator || f.Code == tot.CodeTriggerNoThreshold {
			unmeasurable = true
		}
	}
	r := &adr.Record{Triggers: []string{trig, "**Performance:** P95 latency exceeds 500ms for 7 consecutive days"}}
	fs := adr.AuditWith(r, adr.AuditOptions{Protocol: true})
	vague := byCode(fs, adr.CodeVagueTrigger)
	if !unmeasurable || len(vague) != 1 || vague[0].Where != "triggers[0]" {
		t.Errorf("tot finds it unmeasurable: %v (%v); Audit's vague-trigger findings: %v", unmeasurable, lint, vague)
	}
	few := byCode(fs, adr.CodeTooFewTriggers)
	if len(few) != 1 || !strings.HasPrefix(few[0].Message, "1 measurable") {
		t.Errorf("too-few-triggers = %v, want one counting 1 measurable trigger", few)
	}
	// outside the protocol, and not asked for, triggers are not linted
	r.Format = adr.Nygard
	if fs := adr.Audit(r); len(byCode(fs, adr.CodeVagueTrigger))+len(byCode(fs, adr.CodeTooFewTriggers)) > 0 {
		t.Errorf("trigger findings on a record that does not follow the protocol: %v", fs)
	}
}

// Random records: random weights (percent, fractions or raw importances),
// scores, and declared numbers right, wrong by less than half a unit of the
// declared precision (then right or wrong depending on rounding) or wrong
// by more: totals on 0–100 or "/10", and in half the records "score
// (contribution)" cells; options as rows or, in half the records, as
// columns with a bold Total row. adr.Audit (through Parse) and
// tot.Evaluate (given the same written numbers) give the same verdict on
// every declared number.
func TestAuditVerdictsMatchTotProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	// near writes v at a random precision: right, within half a unit, or
	// wrong by 1–5 units.
	near := func(v float64) (string, int) {
		prec := rng.IntN(3)
		unit := math.Pow(10, -float64(prec))
		switch rng.IntN(3) {
		case 1:
			v += (rng.Float64()*0.98 - 0.49) * unit
		case 2:
			v += float64(1+rng.IntN(5)) * unit * float64(1-2*rng.IntN(2))
		}
		return numfmt.Fixed(math.Max(v, 0), prec), prec
	}
	counts := map[bool]int{}
	for n := 0; n < 300; n++ {
		nc, no := 2+rng.IntN(4), 2+rng.IntN(4)
		style, transposed, cells := rng.IntN(3), rng.IntN(2) == 0, rng.IntN(2) == 0
		d := &tot.Decision{}
		wtext := make([]string, nc)
		for j := 0; j < nc; j++ {
			var w float64
			switch style {
			case 0:
				w = float64(1 + rng.IntN(60))
				wtext[j] = numfmt.Trim(w, 0) + "%"
			case 1:
				w = float64(1+rng.IntN(99)) / 100
				wtext[j] = numfmt.Fixed(w, 2)
			default:
				w = float64(1 + rng.IntN(5))
				wtext[j] = numfmt.Trim(w, 0)
			}
			d.Criteria = append(d.Criteria, tot.Criterion{ID: "c" + strconv.Itoa(j), Weight: w})
		}
		for i := 0; i < no; i++ {
			alt := tot.Alternative{ID: "o" + strconv.Itoa(i), Scores: map[string]tot.Score{}}
			for j := 0; j < nc; j++ {
				alt.Scores["c"+strconv.Itoa(j)] = tot.Score{Value: float64(rng.IntN(21)) / 2} // 0, 0.5, … 10
			}
			d.Alternatives = append(d.Alternatives, alt)
		}
		res, err := tot.Evaluate(d)
		if err != nil {
			t.Fatal(err)
		}
		rk := map[string]tot.Ranked{}
		for _, x := range res.Ranking {
			rk[x.Alternative] = x
		}
		scale := 100.0
		if rng.IntN(2) == 0 {
			scale = 10
		}
		// the cells and totals as written, and the same numbers declared to tot
		cell := make([][]string, no)
		total := make([]string, no)
		for i := 0; i < no; i++ {
			id := "o" + strconv.Itoa(i)
			label := "matrix.option[" + strconv.Itoa(i+1) + "]"
			cell[i] = make([]string, nc)
			for j := 0; j < nc; j++ {
				cid := "c" + strconv.Itoa(j)
				cell[i][j] = numfmt.Trim(d.Alternatives[i].Scores[cid].Value, 1)
				if cells {
					text, prec := near(rk[id].Contributions[cid] / 10)
					v, _ := strconv.ParseFloat(text, 64)
					cell[i][j] += " (" + text + ")"
					d.Declared = append(d.Declared, tot.Declared{Where: label + ".C" + strconv.Itoa(j), Kind: tot.DeclaredContribution, Alternative: id, Criterion: cid, Value: v, Decimals: prec, Scale: 10})
				}
			}
			text, prec := near(rk[id].Score * scale / 100)
			v, _ := strconv.ParseFloat(text, 64)
			d.Declared = append(d.Declared, tot.Declared{Where: label + ".total", Alternative: id, Value: v, Decimals: prec, Scale: scale})
			total[i] = text
			if scale == 10 {
				total[i] += "/10"
			}
		}
		var b strings.Builder
		b.WriteString("# Random\n\n")
		if transposed {
			b.WriteString("| Criterion | Weight |")
			for i := 0; i < no; i++ {
				fmt.Fprintf(&b, " %d. O%d |", i+1, i)
			}
			b.WriteString("\n|---|---|" + strings.Repeat("---|", no) + "\n")
			for j := 0; j < nc; j++ {
				fmt.Fprintf(&b, "| C%d | %s |", j, wtext[j])
				for i := 0; i < no; i++ {
					b.WriteString(" " + cell[i][j] + " |")
				}
				b.WriteString("\n")
			}
			b.WriteString("| **Total** | |")
			for i := 0; i < no; i++ {
				b.WriteString(" **" + total[i] + "** |")
			}
			b.WriteString("\n")
		} else {
			b.WriteString("| Criterion | Weight |\n|---|---|\n")
			for j := 0; j < nc; j++ {
				fmt.Fprintf(&b, "| C%d | %s |\n", j, wtext[j])
			}
			b.WriteString("\n| Option |")
			for j := 0; j < nc; j++ {
				fmt.Fprintf(&b, " C%d |", j)
			}
			b.WriteString(" Total |\n|---|" + strings.Repeat("---|", nc+1) + "\n")
			for i := 0; i < no; i++ {
				fmt.Fprintf(&b, "| %d. O%d | %s | %s |\n", i+1, i, strings.Join(cell[i], " | "), total[i])
			}
		}
		res, err = tot.Evaluate(d)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, f := range res.Findings {
			if f.Code == tot.CodeDeclaredMismatch {
				want[f.Where] = true
			}
		}
		got := map[string]bool{}
		for _, f := range byCode(adr.Audit(mustParse(t, b.String())), adr.CodeDeclaredMismatch) {
			got[f.Where] = true
		}
		for _, x := range d.Declared {
			if got[x.Where] != want[x.Where] {
				t.Errorf("record %d, %s (declared %v): Audit says mismatch %v, tot %v\n%s", n, x.Where, x.Value, got[x.Where], want[x.Where], b.String())
			}
			counts[want[x.Where]]++
		}
	}
	t.Logf("counts %v", counts)
	if counts[true] < 200 || counts[false] < 200 {
		t.Errorf("%d mismatching and %d agreeing numbers generated; want at least 200 of each", counts[true], counts[false])
	}
}
