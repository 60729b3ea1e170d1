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
// scores, and declared totals right, wrong by less than half a unit of the
// declared precision (then right or wrong depending on rounding) or wrong
// by more, on 0–100 or "/10". adr.Audit (through Parse) and tot.Evaluate
// (given the same written numbers) give the same verdict on every total.
func TestAuditVerdictsMatchTotProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	mismatches, agreements := 0, 0
	for n := 0; n < 300; n++ {
		nc, no := 2+rng.IntN(4), 2+rng.IntN(4)
		style := rng.IntN(3)
		var b strings.Builder
		b.WriteString("# Random\n\n| Criterion | Weight |\n|---|---|\n")
		d := &tot.Decision{}
		for j := 0; j < nc; j++ {
			var text string
			var w float64
			switch style {
			case 0:
				w = float64(1 + rng.IntN(60))
				text = numfmt.Trim(w, 0) + "%"
			case 1:
				w = float64(1+rng.IntN(99)) / 100
				text = numfmt.Fixed(w, 2)
			default:
				w = float64(1 + rng.IntN(5))
				text = numfmt.Trim(w, 0)
			}
			fmt.Fprintf(&b, "| C%d | %s |\n", j, text)
			d.Criteria = append(d.Criteria, tot.Criterion{ID: "c" + strconv.Itoa(j), Weight: w})
		}
		b.WriteString("\n| Option |")
		for j := 0; j < nc; j++ {
			fmt.Fprintf(&b, " C%d |", j)
		}
		b.WriteString(" Total |\n|---|" + strings.Repeat("---|", nc+1) + "\n")
		onTen := rng.IntN(2) == 0
		rows := make([]string, no)
		declared := make([]float64, no)
		for i := 0; i < no; i++ {
			alt := tot.Alternative{ID: "o" + strconv.Itoa(i), Scores: map[string]tot.Score{}}
			rows[i] = fmt.Sprintf("| %d. O%d |", i+1, i)
			for j := 0; j < nc; j++ {
				s := float64(rng.IntN(21)) / 2 // 0, 0.5, … 10
				alt.Scores["c"+strconv.Itoa(j)] = tot.Score{Value: s}
				rows[i] += " " + numfmt.Trim(s, 1) + " |"
			}
			d.Alternatives = append(d.Alternatives, alt)
		}
		// the computed composites, to write totals near them
		res, err := tot.Evaluate(d)
		if err != nil {
			t.Fatal(err)
		}
		comp := map[string]float64{}
		for _, rk := range res.Ranking {
			comp[rk.Alternative] = rk.Score
		}
		scale := 100.0
		if onTen {
			scale = 10
		}
		for i := 0; i < no; i++ {
			id := "o" + strconv.Itoa(i)
			prec := rng.IntN(3)
			unit := math.Pow(10, -float64(prec))
			v := comp[id] * scale / 100
			switch rng.IntN(3) {
			case 1:
				v += (rng.Float64()*0.98 - 0.49) * unit // within half a unit
			case 2:
				v += float64(1+rng.IntN(5)) * unit * float64(1-2*rng.IntN(2))
			}
			v = math.Max(v, 0)
			text := numfmt.Fixed(v, prec)
			dv, _ := strconv.ParseFloat(text, 64)
			declared[i] = dv
			d.Declared = append(d.Declared, tot.Declared{Where: "matrix.option[" + strconv.Itoa(i+1) + "].total", Alternative: id, Value: dv, Decimals: prec, Scale: scale})
			if onTen {
				text += "/10"
			}
			b.WriteString(rows[i] + " " + text + " |\n")
		}
		out := &b
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
		for _, f := range byCode(adr.Audit(mustParse(t, out.String())), adr.CodeDeclaredMismatch) {
			got[f.Where] = true
		}
		for i := 0; i < no; i++ {
			w := "matrix.option[" + strconv.Itoa(i+1) + "].total"
			if got[w] != want[w] {
				t.Errorf("record %d, %s (declared %v, computed %v on 0–%v): Audit says mismatch %v, tot %v\n%s", n, w, declared[i], comp["o"+strconv.Itoa(i)]*scale/100, scale, got[w], want[w], out.String())
			}
			if want[w] {
				mismatches++
			} else {
				agreements++
			}
		}
	}
	if mismatches < 100 || agreements < 100 {
		t.Errorf("%d mismatching and %d agreeing totals generated; want at least 100 of each", mismatches, agreements)
	}
}
