package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A bar is one horizontal bar (or one segment of a stacked bar) at row Y,
// from From to To on the X axis.
type bar struct {
	Y        int
	From, To float64
	Fill     color.Color
	Hatch    bool   // diagonal hatching over the fill
	Label    string // drawn right of the bar's end
	Bold     bool   // label in bold
	Inside   string // drawn centred inside the bar when it fits
	Marker   float64
	HasMark  bool // a black tick at Marker
}

// hbars draws horizontal bars; rows are centred on the integers.
type hbars struct {
	bars  []bar
	rows  int
	thick float64 // bar thickness as a share of the row, 0–1
}

func (h *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, b := range h.bars {
		xmin = math.Min(xmin, math.Min(b.From, b.To))
		xmax = math.Max(xmax, math.Max(b.From, b.To))
	}
	return xmin, xmax, -0.5, float64(h.rows) - 0.5
}

func (h *hbars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	half := (trY(1) - trY(0)) * vg.Length(h.thick) / 2
	outline := draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(0.5)}
	lsty := text.Style{Color: color.Black, Font: p.Y.Tick.Label.Font, XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: p.TextHandler}
	bold := lsty
	bold.Font = font.From(sansBold, lsty.Font.Size)
	inside := lsty
	inside.XAlign = draw.XCenter
	inside.Font.Size = vg.Points(8)
	for _, b := range h.bars {
		y := trY(float64(b.Y))
		x0, x1 := trX(math.Min(b.From, b.To)), trX(math.Max(b.From, b.To))
		rect := []vg.Point{{X: x0, Y: y - half}, {X: x1, Y: y - half}, {X: x1, Y: y + half}, {X: x0, Y: y + half}}
		if x1 > x0 {
			c.FillPolygon(b.Fill, c.ClipPolygonXY(rect))
			if b.Hatch {
				hatch(c, x0, x1, y-half, y+half)
			}
			c.StrokeLines(outline, c.ClipLinesXY(append(rect, rect[0]))...)
		}
		if b.Inside != "" && x1-x0 > inside.Width(b.Inside)+vg.Points(4) {
			sty := inside
			sty.Color = textOn(b.Fill)
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: y}, b.Inside)
		}
		if b.HasMark {
			xm := trX(b.Marker)
			c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(2)}, xm, y-half-vg.Points(2), xm, y+half+vg.Points(2))
		}
		if b.Label != "" {
			sty := lsty
			if b.Bold {
				sty = bold
			}
			c.FillText(sty, vg.Point{X: x1 + vg.Points(4), Y: y}, b.Label)
		}
	}
}

// hatch draws diagonal lines over the rectangle [x0, x1] × [y0, y1].
func hatch(c draw.Canvas, x0, x1, y0, y1 vg.Length) {
	sty := draw.LineStyle{Color: color.Gray{Y: 110}, Width: vg.Points(0.6)}
	step := vg.Points(5)
	hgt := y1 - y0
	for x := x0 - hgt; x < x1; x += step {
		// The segment from (x, y0) to (x+hgt, y1), clipped to [x0, x1].
		a, b := x, x+hgt
		ya, yb := y0, y1
		if a < x0 {
			ya += x0 - a
			a = x0
		}
		if b > x1 {
			yb -= b - x1
			b = x1
		}
		if b > a {
			c.StrokeLine2(sty, a, ya, b, yb)
		}
	}
}

// vline draws a dashed vertical line at X with a label at its top.
type vline struct {
	X     float64
	Label string
	Color color.Color
}

func (v vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.X)
	sty := draw.LineStyle{Color: v.Color, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	if v.Label != "" {
		ts := text.Style{Color: v.Color, Font: p.X.Tick.Label.Font, XAlign: draw.XCenter, YAlign: draw.YBottom, Handler: p.TextHandler}
		c.FillText(ts, vg.Point{X: x, Y: c.Max.Y + vg.Points(1)}, v.Label)
	}
}

// swatch is a legend thumbnail: a filled square.
type swatch struct {
	Fill color.Color
}

func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	pts := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	c.FillPolygon(s.Fill, pts)
	c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(0.5)}, append(pts, pts[0]))
}

// labelRoom returns the room needed right of the data area for bar labels:
// the widest label, as the longest bar may reach the axis's end.
func (h *hbars) labelRoom(p *plot.Plot) vg.Length {
	sty := text.Style{Font: font.From(sansBold, p.Y.Tick.Label.Font.Size), Handler: p.TextHandler}
	var room vg.Length
	for _, b := range h.bars {
		if b.Label != "" {
			room = max(room, sty.Width(b.Label)+vg.Points(6))
		}
	}
	return room
}

// textOn returns black or white, whichever reads better on fill (by the
// WCAG relative luminance of fill).
func textOn(fill color.Color) color.Color {
	r, g, b, _ := fill.RGBA()
	lin := func(v uint32) float64 {
		c := float64(v) / 0xffff
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	// Contrast with black (l+0.05)/0.05 against white 1.05/(l+0.05).
	if (l+0.05)/0.05 >= 1.05/(l+0.05) {
		return color.Black
	}
	return color.White
}
