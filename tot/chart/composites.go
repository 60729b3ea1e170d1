package chart

import (
	"fmt"
	"io"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// Composites writes an SVG bar chart of r's composite scores (0–100), one
// horizontal bar per ranked alternative, best at the top. The decision's
// threshold (when above 0) is a dashed vertical line. Alternatives that are
// not viable (a failed gate or a composite below the threshold) are grey
// and hatched, with the reason in their label; the recommended alternative
// is blue and labelled "recommended", and a human selection that differs
// from it is orange and labelled "selected". r must be d's evaluation
// (tot.Evaluate(d)).
func Composites(w io.Writer, d *tot.Decision, r *tot.Result, o *Options) error {
	if err := checkResult(d, r, o); err != nil {
		return err
	}
	names := alternativeNames(d)
	n := len(r.Ranking)
	rows := make([]string, n)
	h := &hbars{rows: n, thick: 0.62}
	for i, rk := range r.Ranking {
		y := n - 1 - i
		rows[y] = names[rk.Alternative]
		b := bar{Y: y, From: 0, To: rk.Score, Fill: skyBlue}
		var notes []string
		switch {
		case rk.Alternative == r.Recommended:
			b.Fill, b.Bold = blue, true
			notes = append(notes, "recommended")
			if d.Selected != "" && d.Selected == rk.Alternative {
				notes = append(notes, "selected")
			}
		case d.Selected != "" && rk.Alternative == d.Selected:
			b.Fill, b.Bold = orange, true
			notes = append(notes, "selected")
		}
		if !rk.Viable {
			b.Fill, b.Hatch = grey, true
			if len(rk.GateFailures) > 0 {
				notes = append(notes, "fails "+strings.Join(gateNames(d, rk.GateFailures), ", "))
			}
			if rk.BelowThreshold {
				notes = append(notes, "below threshold")
			}
		}
		b.Label = numfmt.Trim(rk.Score, 1)
		if len(notes) > 0 {
			b.Label += " · " + strings.Join(notes, " · ")
		}
		h.bars = append(h.bars, b)
	}
	title := "Composite scores"
	if d.Title != "" {
		title += ": " + d.Title
	}
	xl := "composite score (0–100 points)"
	if r.Method != "" {
		xl = "composite score (0–100 points, " + string(r.Method) + ")"
	}
	p := newPlot(xl)
	p.X.Min, p.X.Max = 0, 100
	p.Add(h)
	if t := d.EffectiveThreshold(); t > 0 {
		p.Add(vline{X: t, Label: "threshold " + numfmt.Trim(t, 1), Color: vermillion})
	}
	p.NominalY(rows...)
	wd, ht := o.size(n)
	f := &figure{title: o.title(title), plot: p, margin: h.labelRoom(p)}
	return f.render(w, wd, ht)
}

// checkResult checks the options and that there is a ranking to draw, of at
// most maxBars alternatives.
func checkResult(d *tot.Decision, r *tot.Result, o *Options) error {
	if err := o.check(); err != nil {
		return err
	}
	if d == nil || r == nil || len(r.Ranking) == 0 {
		return ErrNoData
	}
	if len(r.Ranking) > maxBars {
		return fmt.Errorf("chart: %d alternatives, at most %d fit a chart", len(r.Ranking), maxBars)
	}
	return nil
}

// gateNames returns the names of the criteria with the given IDs.
func gateNames(d *tot.Decision, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		for _, c := range d.Criteria {
			if c.ID == id {
				out[i] = label(c.ID, c.Name)
				break
			}
		}
	}
	return out
}

// Contributions writes an SVG stacked bar chart of r's composites split
// into the points each criterion contributes (they add up to the
// composite), one bar per ranked alternative, best at the top, one colour
// per criterion in declared order with a legend. It returns ErrNoData when
// r carries no contributions (methods other than the weighted sum).
func Contributions(w io.Writer, d *tot.Decision, r *tot.Result, o *Options) error {
	if err := checkResult(d, r, o); err != nil {
		return err
	}
	if len(d.Criteria) == 0 {
		return ErrNoData
	}
	names := alternativeNames(d)
	n := len(r.Ranking)
	rows := make([]string, n)
	h := &hbars{rows: n, thick: 0.62}
	any := false
	for i, rk := range r.Ranking {
		y := n - 1 - i
		rows[y] = names[rk.Alternative]
		x := 0.0
		for j, c := range d.Criteria {
			v, ok := rk.Contributions[c.ID]
			if !ok || v == 0 {
				continue
			}
			any = true
			h.bars = append(h.bars, bar{Y: y, From: x, To: x + v, Fill: categoryColor(j), Inside: numfmt.Trim(v, 1)})
			x += v
		}
		h.bars = append(h.bars, bar{Y: y, From: x, To: x, Label: numfmt.Trim(rk.Score, 1), Bold: rk.Alternative == r.Recommended})
	}
	if !any {
		return ErrNoData
	}
	title := "Contributions to the composite"
	if d.Title != "" {
		title += ": " + d.Title
	}
	p := newPlot("composite points per criterion (0–100 in total)")
	p.X.Min, p.X.Max = 0, 100
	p.Add(h)
	p.NominalY(rows...)
	var l legend
	for j, c := range d.Criteria {
		l.add(label(c.ID, c.Name), swatch{Fill: categoryColor(j)})
	}
	wd, ht := o.size(n)
	f := &figure{title: o.title(title), plot: p, legend: l, margin: h.labelRoom(p)}
	return f.render(w, wd, ht)
}
