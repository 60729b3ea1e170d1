package chart

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/deliberate-dev/deliberate/tot/sensitivity"
)

// WeightStability writes an SVG tornado chart of weight stability
// intervals: one bar per criterion spanning the weights (as a share of the
// total, 0–100%) within which the recommendation holds, the current weight
// marked with a black tick, and the alternative that takes over past each
// end named (by ID) beside it. The most sensitive criterion (the smallest move that
// changes the recommendation) is at the top; ties keep declared order.
// d supplies the display names of the alternatives; s is
// sensitivity.Weights(d).
func WeightStability(w io.Writer, d *tot.Decision, s []sensitivity.Stability, o *Options) error {
	if err := o.check(); err != nil {
		return err
	}
	if d == nil || len(s) == 0 {
		return ErrNoData
	}
	if len(s) > maxBars {
		return fmt.Errorf("chart: %d criteria, at most %d fit a chart", len(s), maxBars)
	}
	order := make([]int, len(s))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s[a].Slack(), s[b].Slack()) })
	n := len(s)
	rows := make([]string, n)
	h := &hbars{rows: n, thick: 0.5}
	names := alternativeNames(d)
	name := func(id string) string {
		if id == "" {
			return "none viable"
		}
		return label(id, names[id])
	}
	rec := ""
	changes, holds := false, false
	for i, k := range order {
		st := s[k]
		y := n - 1 - i
		rows[y] = label(st.Criterion, st.Name)
		if st.Recommended != "" {
			rec = st.Recommended
		}
		fill := blue
		if math.IsInf(st.Slack(), 1) {
			fill, holds = skyBlue, true
		} else {
			changes = true
		}
		b := bar{Y: y, From: 100 * st.Lower, To: 100 * st.Upper, Fill: fill,
			HasMark: true, Marker: 100 * st.Weight,
			Label: numfmt.Trim(100*st.Lower, 1) + "–" + pct(st.Upper)}
		var then []string
		if st.LowerChanges {
			then = append(then, "below: "+short(st.BelowTo))
		}
		if st.UpperChanges {
			then = append(then, "above: "+short(st.AboveTo))
		}
		if len(then) > 0 {
			b.Label += " (" + strings.Join(then, "; ") + ")"
		}
		h.bars = append(h.bars, b)
	}
	title := "Weight stability"
	if rec != "" {
		title += ": where " + name(rec) + " stays recommended"
	}
	p := newPlot("weight of the criterion (share of the total, %; tick: current weight)")
	p.X.Min, p.X.Max = 0, 100
	p.Add(h)
	p.NominalY(rows...)
	var l legend
	if changes {
		l.add("recommendation changes", swatch{Fill: blue})
	}
	if holds {
		l.add("holds at any weight", swatch{Fill: skyBlue})
	}
	l.add("current weight", tick{})
	wd, ht := o.size(n)
	f := &figure{title: o.title(title), plot: p, legend: l, margin: h.labelRoom(p)}
	return f.render(w, wd, ht)
}

// short names an alternative by its ID, which is short, in bar labels.
func short(id string) string {
	if id == "" {
		return "none viable"
	}
	return xmlSafe(id)
}

func pct(x float64) string { return numfmt.Trim(100*x, 1) + "%" }

// tick is a legend thumbnail: the black tick marking a current weight.
type tick struct{}

func (tick) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(2)}, x, c.Min.Y, x, c.Max.Y)
}

// RankAcceptability writes an SVG stacked bar chart of SMAA-2 rank
// acceptability indices: one bar per alternative (ordered by their
// acceptability of rank 1, then rank 2, …, ties in declared order), one
// segment per rank, rank 1 darkest, in percent of the sampled weights.
// d supplies the display names of the alternatives; s is
// sensitivity.SMAADecision(ctx, d, …).
func RankAcceptability(w io.Writer, d *tot.Decision, s *sensitivity.DecisionSMAA, o *Options) error {
	if err := o.check(); err != nil {
		return err
	}
	if d == nil || s == nil || s.SMAAResult == nil || len(s.Alternatives) == 0 || len(s.Acceptability) != len(s.Alternatives) {
		return ErrNoData
	}
	n := len(s.Alternatives)
	if n > maxBars {
		return fmt.Errorf("chart: %d alternatives, at most %d fit a chart", n, maxBars)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	acc := s.Acceptability
	slices.SortStableFunc(order, func(a, b int) int {
		for r := range acc[a] {
			if c := cmp.Compare(acc[b][r], acc[a][r]); c != 0 {
				return c
			}
		}
		return 0
	})
	names := alternativeNames(d)
	rows := make([]string, n)
	h := &hbars{rows: n, thick: 0.62}
	ranks := len(acc[0])
	for i, k := range order {
		y := n - 1 - i
		id := s.Alternatives[k]
		rows[y] = label(id, names[id])
		x := 0.0
		for r, v := range acc[k] {
			if v <= 0 {
				continue
			}
			h.bars = append(h.bars, bar{Y: y, From: x, To: x + 100*v, Fill: rankColor(r, ranks), Inside: numfmt.Trim(100*v, 0) + "%"})
			x += 100 * v
		}
	}
	p := newPlot("share of sampled weight vectors (%), by rank reached")
	p.X.Min, p.X.Max = 0, 100
	p.Add(h)
	p.NominalY(rows...)
	var l legend
	for r := 0; r < ranks; r++ {
		l.add("rank "+strconv.Itoa(r+1), swatch{Fill: rankColor(r, ranks)})
	}
	wd, ht := o.size(n)
	title := "Rank acceptability (SMAA-2, " + strconv.Itoa(s.Samples) + " weight samples)"
	f := &figure{title: o.title(title), plot: p, legend: l}
	return f.render(w, wd, ht)
}

// rankColor is rank r's colour among n: viridis from dark (rank 1) to light.
func rankColor(r, n int) color.Color {
	if n <= 1 {
		return viridis(0)
	}
	return viridis(0.92 * float64(r) / float64(n-1))
}
