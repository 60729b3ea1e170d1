package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/deliberate-dev/deliberate/tot"
)

// Options set a chart's size and title. The zero value and a nil *Options
// give a 16 cm wide chart whose height grows with the number of bars, and
// the chart's own title.
type Options struct {
	Width  float64 // centimetres; 0 means 16
	Height float64 // centimetres; 0 means 3.8 + 0.9 per bar
	Title  string  // "" means the chart's default title
}

// ErrNoData is returned when there is nothing to draw (no alternative, no
// criterion, no contribution).
var ErrNoData = errors.New("chart: nothing to draw")

// maxBars bounds the bars of one chart: beyond it no label is readable.
const maxBars = 200

// Okabe–Ito colours.
var (
	blue       = rgb(0x00, 0x72, 0xB2)
	skyBlue    = rgb(0x56, 0xB4, 0xE9)
	orange     = rgb(0xE6, 0x9F, 0x00)
	vermillion = rgb(0xD5, 0x5E, 0x00)
	grey       = rgb(0xBB, 0xBB, 0xBB)
	darkGrey   = rgb(0x55, 0x55, 0x55)
)

// categorical are the Okabe–Ito colours in an order whose neighbours
// contrast, black and yellow last.
var categorical = [...]color.Color{
	rgb(0x00, 0x72, 0xB2), rgb(0xE6, 0x9F, 0x00), rgb(0x00, 0x9E, 0x73), rgb(0xCC, 0x79, 0xA7),
	rgb(0x56, 0xB4, 0xE9), rgb(0xD5, 0x5E, 0x00), rgb(0xF0, 0xE4, 0x42), rgb(0x33, 0x33, 0x33),
}

func rgb(r, g, b uint8) color.Color { return color.NRGBA{R: r, G: g, B: b, A: 255} }

// categoryColor returns the colour of the i-th series; past the palette
// the colours repeat lighter, then darker.
func categoryColor(i int) color.Color {
	c := categorical[i%len(categorical)].(color.NRGBA)
	switch (i / len(categorical)) % 3 {
	case 1:
		return mix(c, color.NRGBA{255, 255, 255, 255}, 0.45)
	case 2:
		return mix(c, color.NRGBA{0, 0, 0, 255}, 0.35)
	}
	return c
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.NRGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 255}
}

// viridis samples the viridis colour map at t in [0, 1].
func viridis(t float64) color.Color {
	stops := [...]color.NRGBA{
		{0x44, 0x01, 0x54, 255}, {0x3B, 0x52, 0x8B, 255}, {0x21, 0x91, 0x8C, 255},
		{0x5E, 0xC9, 0x62, 255}, {0xFD, 0xE7, 0x25, 255},
	}
	t = math.Max(0, math.Min(1, t))
	x := t * float64(len(stops)-1)
	i := int(math.Floor(x))
	if i >= len(stops)-1 {
		return stops[len(stops)-1]
	}
	return mix(stops[i], stops[i+1], x-float64(i))
}

var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// newPlot returns a plot with the module's fonts and an X axis label.
func newPlot(xLabel string) *plot.Plot {
	p := plot.New()
	p.X.Label.Text = xLabel
	p.X.Label.TextStyle.Font = font.From(sans, 10)
	p.X.Tick.Label.Font = font.From(sans, 9)
	p.Y.Label.TextStyle.Font = font.From(sans, 10)
	p.Y.Tick.Label.Font = font.From(sans, 10)
	p.X.Tick.Label.Color = darkGrey
	p.Add(xGrid{})
	return p
}

// size returns the chart's width and height.
func (o *Options) size(bars int) (vg.Length, vg.Length) {
	w, h := 16.0, 3.8+0.9*float64(bars)
	if o != nil && o.Width > 0 {
		w = o.Width
	}
	if o != nil && o.Height > 0 {
		h = o.Height
	}
	return vg.Length(w) * vg.Centimeter, vg.Length(h) * vg.Centimeter
}

func (o *Options) title(def string) string {
	if o != nil && o.Title != "" {
		return xmlSafe(o.Title)
	}
	return xmlSafe(def)
}

func (o *Options) check() error {
	if o == nil {
		return nil
	}
	for _, v := range []float64{o.Width, o.Height} {
		if math.IsNaN(v) || v < 0 || v > 200 {
			return fmt.Errorf("chart: size %v cm out of range (0–200)", v)
		}
	}
	return nil
}

// A figure is a plot with a title above it, an optional legend below it
// and an optional margin right of the data area for bar labels.
type figure struct {
	title  string
	plot   *plot.Plot
	legend legend
	margin vg.Length // right of the data area, for labels past the bars
}

// A legend is a list of entries drawn in rows under the plot, wrapped to
// the width.
type legend []legendEntry

type legendEntry struct {
	text  string
	thumb plot.Thumbnailer
}

func (l *legend) add(text string, t plot.Thumbnailer) { *l = append(*l, legendEntry{text, t}) }

// layout places the entries in rows no wider than width and returns, per
// entry, its row and its X offset, and the number of rows.
func (l legend) layout(sty text.Style, width vg.Length) (row []int, x []vg.Length, rows int) {
	thumb, gap := vg.Points(12), vg.Points(4)
	var cur vg.Length
	for _, e := range l {
		w := thumb + gap + sty.Width(e.text) + vg.Points(14)
		if cur > 0 && cur+w > width {
			rows++
			cur = 0
		}
		row = append(row, rows)
		x = append(x, cur)
		cur += w
	}
	if len(l) > 0 {
		rows++
	}
	return row, x, rows
}

// render draws f into an SVG canvas of w × h and writes it to out. The title
// is drawn left-aligned and wrapped to the width, not by the plot, so a long
// decision title is never cut off.
func (f *figure) render(out io.Writer, w, h vg.Length) error {
	c := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(false))
	dc := draw.New(c)
	// A white background: SVGs are shown on dark pages too.
	dc.FillPolygon(color.White, []vg.Point{{X: 0, Y: 0}, {X: w, Y: 0}, {X: w, Y: h}, {X: 0, Y: h}})
	pad := vg.Points(6)
	ts := text.Style{Color: color.Black, Font: font.From(sansBold, 12), XAlign: draw.XLeft, YAlign: draw.YTop, Handler: f.plot.TextHandler}
	lh := ts.Height("Mg") * 1.2
	lines := wrap(f.title, func(s string) bool { return ts.Width(s) <= w-2*pad })
	for i, l := range lines {
		dc.FillText(ts, vg.Point{X: pad, Y: h - pad - vg.Length(i)*lh}, l)
	}
	body := draw.Crop(dc, pad, -pad, pad, -pad-vg.Length(len(lines))*lh-vg.Points(8))
	if len(f.legend) > 0 {
		sty := text.Style{Color: color.Black, Font: font.From(sans, 9), XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: f.plot.TextHandler}
		row, xs, rows := f.legend.layout(sty, body.Max.X-body.Min.X)
		rh := vg.Points(14)
		for i, e := range f.legend {
			y := body.Min.Y + vg.Length(rows-1-row[i])*rh + rh/2
			x := body.Min.X + xs[i]
			thumb := draw.Canvas{Canvas: body.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: y - vg.Points(5)}, Max: vg.Point{X: x + vg.Points(12), Y: y + vg.Points(5)}}}
			e.thumb.Thumbnail(&thumb)
			body.FillText(sty, vg.Point{X: x + vg.Points(16), Y: y}, e.text)
		}
		body = draw.Crop(body, 0, 0, vg.Length(rows)*rh+vg.Points(6), 0)
	}
	// Labels may take at most 40% of the width beside the data.
	right := min(f.margin, 0.4*(body.Max.X-body.Min.X))
	f.plot.Draw(draw.Crop(body, 0, -right, 0, 0))
	_, err := c.WriteTo(out)
	return err
}

// wrap splits s into lines at spaces so that each line fits (a single word
// longer than the width stays on its own line).
func wrap(s string, fits func(string) bool) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case fits(line + " " + word):
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// label is the name shown for an alternative or criterion: its name, or its
// ID when it has none, with characters XML forbids replaced by U+FFFD.
func label(id, name string) string {
	if name == "" {
		name = id
	}
	return xmlSafe(name)
}

// xmlSafe replaces the characters XML 1.0 does not allow in text (control
// characters other than tab, newline and carriage return, and invalid
// UTF-8) with U+FFFD, so that every SVG stays well-formed.
func xmlSafe(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000
	}
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !ok(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if !ok(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// alternativeNames maps alternative IDs to display names.
func alternativeNames(d *tot.Decision) map[string]string {
	m := make(map[string]string, len(d.Alternatives))
	for _, a := range d.Alternatives {
		m[a.ID] = label(a.ID, a.Name)
	}
	return m
}

// xGrid draws light vertical grid lines at the X axis's ticks.
type xGrid struct{}

func (xGrid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.Gray{Y: 225}, Width: vg.Points(0.5)}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.IsMinor() {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	}
}
