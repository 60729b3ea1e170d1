package adr

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
)

// WriteHTML writes the report as one self-contained HTML page: no script,
// no network access, styles inline, charts as inline SVG. It shows the
// outcome (recommendation, margin, close call, selection), the matrix as a
// heat-coloured table (each cell coloured by its score's position on the
// criterion's scale, cost criteria reversed), the charts of package
// tot/chart (composites, contributions and, when Analysis is set, weight
// stability and SMAA rank acceptability), the findings, the backtracking
// triggers, the evidence the scores cite, and the ADR itself (rendered in
// the MADR flavour and converted to HTML with goldmark; raw HTML in the
// record is not passed through). Its print styles fit A4 landscape.
func (r *Report) WriteHTML(w io.Writer) error {
	if err := r.check(); err != nil {
		return err
	}
	page, err := r.htmlPage()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, page); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// htmlPage is what the template shows; every text in it is escaped by
// html/template except the fields of type template.HTML, which this
// package generated: the SVG charts (gonum/plot escapes their text) and the
// ADR (goldmark without raw HTML).
type htmlPage struct {
	Title, Subtitle string
	Outcome         []string
	Criteria        []htmlCriterion
	Rows            []htmlRow
	Charts          []htmlChart
	Stability       []string
	Confidence      string
	Findings        []tot.Finding
	Triggers        []tot.Trigger
	Evidence        []htmlEvidence
	ADR             template.HTML
}

type htmlCriterion struct{ Name, Weight, Note string }

type htmlRow struct {
	Rank        int
	Name, ID    string
	Cells       []htmlCell
	Total       string
	Viable      string
	Recommended bool
	Selected    bool
}

type htmlCell struct {
	Text  string
	Style template.CSS
}

type htmlChart struct {
	Title string
	SVG   template.HTML
}

type htmlEvidence struct {
	ID      string
	CitedBy []string
}

func (r *Report) htmlPage() (*htmlPage, error) {
	d, res := r.Decision, r.Result
	pg := &htmlPage{Title: d.Title}
	if d.ID != "" {
		pg.Subtitle = d.ID
	}
	pg.Outcome = r.outcomeLines()
	shares := weightPercents(d)
	for j, c := range d.Criteria {
		hc := htmlCriterion{Name: criterionName(c), Weight: shares[j]}
		lo, hi := c.Scale.Bounds()
		hc.Note = numfmt.Trim(lo, 2) + "–" + numfmt.Trim(hi, 2)
		if c.Direction == tot.Cost {
			hc.Note += ", cost"
		}
		if c.Critical != nil {
			op := "≥"
			if c.Direction == tot.Cost {
				op = "≤"
			}
			hc.Note += ", gate " + op + " " + numfmt.Trim(*c.Critical, 2)
		}
		pg.Criteria = append(pg.Criteria, hc)
	}
	alts := alternativesByID(d)
	for _, rk := range res.Ranking {
		a := alts[rk.Alternative]
		row := htmlRow{Rank: rk.Rank, Name: a.Name, ID: rk.Alternative, Total: numfmt.Trim(rk.Score, 2),
			Viable: viability(d, rk), Recommended: rk.Alternative == res.Recommended, Selected: rk.Alternative == d.Selected}
		if row.Name == "" {
			row.Name = rk.Alternative
		}
		for _, c := range d.Criteria {
			cell := htmlCell{Text: "–"}
			if s, ok := a.Scores[c.ID]; ok {
				cell.Text = numfmt.Trim(s.Value, 2)
				if pts, ok := rk.Contributions[c.ID]; ok {
					cell.Text += " (" + numfmt.Trim(pts, 2) + ")"
				}
				cell.Style = heat(s.Value, c)
			}
			row.Cells = append(row.Cells, cell)
		}
		pg.Rows = append(pg.Rows, row)
	}
	if err := r.charts(pg); err != nil {
		return nil, err
	}
	if an := r.Analysis; an != nil {
		for _, s := range an.Stability {
			pg.Stability = append(pg.Stability, s.String())
		}
		if len(an.Stability) > 0 {
			pg.Confidence = an.Confidence.String()
		}
	}
	pg.Findings = res.Findings
	pg.Triggers = d.Triggers
	pg.Evidence = evidenceOf(d)
	rec := r.Record
	if rec == nil {
		var err error
		if rec, err = FromDecision(d, res); err != nil {
			return nil, err
		}
	}
	var md bytes.Buffer
	if err := rec.Render(&md, MADR); err != nil {
		return nil, err
	}
	var h bytes.Buffer
	if err := markdown.Convert(stripFrontMatter(md.Bytes()), &h); err != nil {
		return nil, err
	}
	pg.ADR = template.HTML(h.String())
	return pg, nil
}

// outcomeLines are the outcome sentences of the text report, as sentences.
func (r *Report) outcomeLines() []string {
	var out []string
	rec, margin, sel := outcome(r.Decision, r.Result)
	for _, l := range []string{rec, margin, sel} {
		if l != "" {
			out = append(out, l+".")
		}
	}
	return out
}

// charts adds the report's charts to the page.
func (r *Report) charts(pg *htmlPage) error {
	cs, err := r.Charts()
	if err != nil {
		return err
	}
	for _, c := range cs {
		pg.Charts = append(pg.Charts, htmlChart{Title: c.Title, SVG: template.HTML(inlineSVG(string(c.SVG)))})
	}
	return nil
}

// stripFrontMatter drops a leading YAML front matter block ("---" lines),
// whose fields the report shows elsewhere and goldmark would read as text.
func stripFrontMatter(md []byte) []byte {
	if !bytes.HasPrefix(md, []byte("---\n")) {
		return md
	}
	if i := bytes.Index(md[4:], []byte("\n---\n")); i >= 0 {
		return md[4+i+5:]
	}
	return md
}

// inlineSVG drops the XML declaration and comments before <svg, which do
// not belong inside an HTML document.
func inlineSVG(s string) string {
	if i := strings.Index(s, "<svg"); i > 0 {
		s = s[i:]
	}
	return s
}

// heat returns the background and text colours of a score cell: a blue
// ramp from white (worst end of the criterion's scale) to dark blue (best
// end), cost criteria reversed, with black or white text for contrast.
func heat(v float64, c tot.Criterion) template.CSS {
	lo, hi := c.Scale.Bounds()
	t := 0.5
	if hi > lo && !math.IsNaN(v) {
		t = (v - lo) / (hi - lo)
	}
	if c.Direction == tot.Cost {
		t = 1 - t
	}
	t = math.Max(0, math.Min(1, t))
	light := color.NRGBA{0xF7, 0xFB, 0xFF, 255}
	dark := color.NRGBA{0x08, 0x45, 0x94, 255}
	f := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }
	bg := color.NRGBA{f(light.R, dark.R), f(light.G, dark.G), f(light.B, dark.B), 255}
	fg := "#000"
	if t > 0.55 {
		fg = "#fff"
	}
	return template.CSS(fmt.Sprintf("background:#%02x%02x%02x;color:%s", bg.R, bg.G, bg.B, fg))
}

// evidenceOf lists the evidence the decision declares or its scores cite,
// in order of first mention, with the cells citing it.
func evidenceOf(d *tot.Decision) []htmlEvidence {
	var out []htmlEvidence
	idx := map[string]int{}
	get := func(id string) *htmlEvidence {
		i, ok := idx[id]
		if !ok {
			i = len(out)
			idx[id] = i
			out = append(out, htmlEvidence{ID: id})
		}
		return &out[i]
	}
	for _, e := range d.Evidence {
		get(e.ID)
	}
	for _, a := range d.Alternatives {
		for _, c := range d.Criteria {
			for _, id := range a.Scores[c.ID].Evidence {
				e := get(id)
				e.CitedBy = append(e.CitedBy, a.ID+"/"+c.ID)
			}
		}
	}
	return out
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:#111;margin:2rem auto;max-width:72rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
.sub{color:#555;margin:0 0 1rem}
.outcome{background:#eef4fa;border-left:4px solid #0072B2;padding:.6rem 1rem}
.outcome p{margin:.2rem 0}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.rec td.name{font-weight:bold}
.tag{display:inline-block;font-size:.75rem;border-radius:.2rem;padding:0 .3rem;margin-left:.3rem;color:#fff;background:#0072B2}
.tag.sel{background:#E69F00;color:#000}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(28rem,1fr));gap:1rem}
figure{margin:0;break-inside:avoid}
figure svg{max-width:100%;height:auto}
.sev-error{color:#b00020;font-weight:bold}.sev-warning{color:#8a5a00;font-weight:bold}.sev-info{color:#555}
.adr{border-top:2px solid #0072B2;margin-top:2rem}
.adr table{font-size:.85rem}
@media print{
 @page{size:A4 landscape;margin:12mm}
 body{margin:0;max-width:none;font-size:10pt}
 h2{break-after:avoid}
 table,figure,.outcome{break-inside:avoid}
 .charts{grid-template-columns:1fr 1fr}
 .adr{break-before:page}
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
{{with .Subtitle}}<p class="sub">{{.}}</p>{{end}}
</header>
<section class="outcome">
{{range .Outcome}}<p>{{.}}</p>
{{end}}</section>

<h2>Decision matrix</h2>
<table>
<thead><tr><th>Rank</th><th>Alternative</th>{{range .Criteria}}<th>{{.Name}}<br><small>{{.Weight}} · {{.Note}}</small></th>{{end}}<th>Total</th><th>Viable</th></tr></thead>
<tbody>
{{range .Rows}}<tr{{if .Recommended}} class="rec"{{end}}><td class="num">{{.Rank}}</td><td class="name">{{.Name}}{{if .Recommended}}<span class="tag">recommended</span>{{end}}{{if .Selected}}<span class="tag sel">selected</span>{{end}}</td>{{range .Cells}}<td class="num" style="{{.Style}}">{{.Text}}</td>{{end}}<td class="num"><strong>{{.Total}}</strong></td><td>{{.Viable}}</td></tr>
{{end}}</tbody>
</table>
<p class="sub">Cells show score (composite points); colour: position on the criterion's scale, darker is better.</p>

{{if .Charts}}<h2>Charts</h2>
<div class="charts">
{{range .Charts}}<figure aria-label="{{.Title}}">{{.SVG}}</figure>
{{end}}</div>{{end}}

{{if .Stability}}<h2>Sensitivity</h2>
<ul>
{{range .Stability}}<li>{{.}}</li>
{{end}}</ul>
<p>Confidence in the recommendation: <strong>{{.Confidence}}</strong></p>{{end}}

<h2>Findings</h2>
{{if .Findings}}<ul>
{{range .Findings}}<li><span class="sev-{{.Severity}}">{{.Severity}}</span> <code>{{.Code}}</code>{{with .Where}} ({{.}}){{end}}: {{.Message}}</li>
{{end}}</ul>{{else}}<p>None.</p>{{end}}

{{if .Triggers}}<h2>Backtracking triggers</h2>
<table>
<thead><tr><th>ID</th><th>Category</th><th>Condition</th><th>Description</th></tr></thead>
<tbody>
{{range .Triggers}}<tr><td>{{.ID}}</td><td>{{.Category}}</td><td>{{.Condition}}</td><td>{{.Description}}</td></tr>
{{end}}</tbody>
</table>{{end}}

{{if .Evidence}}<h2>Evidence</h2>
<table>
<thead><tr><th>Source</th><th>Cited by</th></tr></thead>
<tbody>
{{range .Evidence}}<tr><td>{{.ID}}</td><td>{{range $i, $c := .CitedBy}}{{if $i}}, {{end}}{{$c}}{{end}}</td></tr>
{{end}}</tbody>
</table>{{end}}

<section class="adr">
<h2>Architecture decision record</h2>
{{.ADR}}
</section>
</body>
</html>
`))
