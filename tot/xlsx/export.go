package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/xuri/excelize/v2"
)

// docTime is the creation and modification time written to the document
// properties: fixed, so that the same decision gives the same bytes.
const docTime = "2000-01-01T00:00:00Z"

// Export writes d as a workbook to w. It validates d first (as
// Decision.Validate does) and evaluates it with tot.Evaluate; the formulas
// of the workbook recompute what Evaluate computes, and the values cached
// with them are Evaluate's. The same decision always gives the same bytes.
//
// Export fails for an invalid decision, for IDs a cell cannot hold
// unchanged (longer than 32,767 UTF-16 code units, control characters other
// than tab, CR and LF, invalid UTF-8), and for matrices beyond the sheet
// limits (1,048,576 rows: alternatives + 2; 16,384 columns: criteria + 9).
func Export(w io.Writer, d *tot.Decision) error {
	if d == nil {
		return fmt.Errorf("xlsx: Export: %w", invalid([]tot.Problem{{Message: "nil decision"}}))
	}
	res, err := tot.Evaluate(d)
	if err != nil {
		return fmt.Errorf("xlsx: Export: %w", err)
	}
	if err := checkExportable(d); err != nil {
		return fmt.Errorf("xlsx: Export: %w", err)
	}
	if err := checkFinite(d, res); err != nil {
		return fmt.Errorf("xlsx: Export: %w", err)
	}
	b, err := build(d, res)
	if err != nil {
		return fmt.Errorf("xlsx: Export: %w", err)
	}
	out, err := repack(b)
	if err != nil {
		return fmt.Errorf("xlsx: Export: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// checkExportable reports IDs that would not survive a cell and sizes
// beyond the sheet limits.
func checkExportable(d *tot.Decision) error {
	var probs []tot.Problem
	for i, c := range d.Criteria {
		if !fits(c.ID) {
			probs = append(probs, tot.Problem{Path: fmt.Sprintf("criteria[%d].id", i), Message: "a workbook cell cannot hold this id unchanged"})
		}
	}
	for i, a := range d.Alternatives {
		if !fits(a.ID) {
			probs = append(probs, tot.Problem{Path: fmt.Sprintf("alternatives[%d].id", i), Message: "a workbook cell cannot hold this id unchanged"})
		}
	}
	l := matrixLayout{n: len(d.Criteria), m: len(d.Alternatives)}
	if l.lastCol() > excelize.MaxColumns {
		probs = append(probs, tot.Problem{Path: "criteria", Message: fmt.Sprintf("%d criteria need more than the %d columns of a sheet", l.n, excelize.MaxColumns)})
	}
	if l.lastRow() > excelize.TotalRows {
		probs = append(probs, tot.Problem{Path: "alternatives", Message: fmt.Sprintf("%d alternatives need more than the %d rows of a sheet", l.m, excelize.TotalRows)})
	}
	if len(probs) > 0 {
		return invalid(probs)
	}
	return nil
}

// checkFinite reports values a formula cell would cache that are not
// finite numbers (tot.Evaluate of a scale as wide as [-1e308, 1e308]
// overflows): every formula cell carries its value, and a cell cannot
// hold NaN or an infinity.
func checkFinite(d *tot.Decision, res *tot.Result) error {
	var probs []tot.Problem
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	sum := 0.0
	for _, c := range d.Criteria {
		sum += c.Weight
	}
	for i, c := range d.Criteria {
		lo, hi := c.Scale.Bounds()
		if !finite(hi-lo) || !finite(c.Weight/sum) {
			probs = append(probs, tot.Problem{Path: fmt.Sprintf("criteria[%d] (%s).scale", i, c.ID),
				Message: "the width of the scale or the normalised weight is not a finite number: a workbook cannot compute it"})
		}
	}
	for _, r := range res.Ranking {
		ok := finite(r.Score)
		for _, v := range r.Contributions {
			ok = ok && finite(v)
		}
		if !ok {
			probs = append(probs, tot.Problem{Path: fmt.Sprintf("alternatives (%s)", r.Alternative),
				Message: "the composite or a contribution is not a finite number: a workbook cannot hold it"})
		}
	}
	if res.Margin != nil && !finite(*res.Margin) {
		probs = append(probs, tot.Problem{Path: "margin", Message: "the margin is not a finite number"})
	}
	if len(probs) > 0 {
		return invalid(probs)
	}
	return nil
}

// exporter holds the state of one Export.
type exporter struct {
	f      *excelize.File
	d      *tot.Decision
	res    *tot.Result
	byID   map[string]*tot.Ranked // alternative ID → its result
	lay    matrixLayout
	styles styles
	meta   metadata
}

type styles struct {
	header, label, points, composite, percent, wrap, top, input int
}

// build writes the workbook and returns its bytes as excelize saves them.
func build(d *tot.Decision, res *tot.Result) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	e := &exporter{f: f, d: d, res: res, byID: make(map[string]*tot.Ranked, len(res.Ranking)),
		lay: matrixLayout{n: len(d.Criteria), m: len(d.Alternatives)}}
	for i := range res.Ranking {
		e.byID[res.Ranking[i].Alternative] = &res.Ranking[i]
	}
	e.meta = newMetadata(d)
	steps := []func() error{
		e.sheets, e.newStyles, e.matrix, e.points, e.criteria, e.rationale, e.evidence, e.summary,
		e.metadata, e.definedNames, e.properties,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (e *exporter) sheets() error {
	if err := e.f.SetSheetName("Sheet1", SheetMatrix); err != nil {
		return err
	}
	for _, s := range []string{SheetPoints, SheetRationale, SheetEvidence, SheetCriteria, SheetSummary, SheetMetadata} {
		if _, err := e.f.NewSheet(s); err != nil {
			return err
		}
	}
	e.f.SetActiveSheet(0)
	return e.f.SetSheetVisible(SheetMetadata, false)
}

func (e *exporter) newStyles() error {
	specs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&e.styles.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&e.styles.label, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&e.styles.points, &excelize.Style{CustomNumFmt: ptr("0.00")}},
		{&e.styles.composite, &excelize.Style{CustomNumFmt: ptr("0.00"), Font: &excelize.Font{Bold: true}}},
		{&e.styles.percent, &excelize.Style{NumFmt: 10}}, // 0.00%
		{&e.styles.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&e.styles.top, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&e.styles.input, &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}}},
	}
	for _, sp := range specs {
		id, err := e.f.NewStyle(sp.s)
		if err != nil {
			return err
		}
		*sp.id = id
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// text returns a string cell for s, or nil (no cell) for "".
func text(s string) any {
	if s == "" {
		return nil
	}
	return cellText(s)
}

// num returns a number cell rounded to 15 significant digits.
func num(x float64) any { return round15(x) }

// criterionLabel is how a criterion is named in headers.
func criterionLabel(c tot.Criterion) string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

// contributionFormula is the formula of criterion j's contribution (1-based
// k = j+1) for the score in cell ref: the score mapped linearly from the
// scale to 0–1, reversed for cost criteria, times the normalised weight,
// times 100.
func contributionFormula(k int, ref string) string {
	return fmt.Sprintf(`100*INDEX(%[1]s,%[2]d)*IF(INDEX(%[3]s,%[2]d)="cost",INDEX(%[4]s,%[2]d)-%[5]s,%[5]s-INDEX(%[6]s,%[2]d))/(INDEX(%[4]s,%[2]d)-INDEX(%[6]s,%[2]d))`,
		nameNormWeights, k, nameDirections, nameScaleMax, ref, nameScaleMin)
}

// matCritWidth is the widest a score or points column of the Matrix gets.
const matCritWidth = 16

// tieTolerance is tot.Evaluate's relative tie tolerance, as the formulas
// write it: composites within 1e-9 × max(1, |a|, |b|) points tie.
const tieTolerance = "1E-9"

func (e *exporter) matrix() error {
	d, l := e.d, e.lay
	if err := e.printSetup(SheetMatrix, "A1:"+cell(l.lastCol(), max(l.lastRow(), matRowHeader)), false,
		fmt.Sprintf("$%d:$%d", matRowNames, matRowHeader)); err != nil {
		return err
	}
	sw, err := e.f.NewStreamWriter(SheetMatrix)
	if err != nil {
		return err
	}
	// Row 1: criterion names over the scores; row 2: IDs and labels. Every column is wide enough for its header's longest line up
	// to maxColWidth; longer names wrap and the header rows grow to show
	// them, so that no header overlaps the rows below.
	last := l.lastCol()
	names, hdr := make([]any, last), make([]any, last)
	widths := make([]float64, last)
	lines1, lines2 := 1, 1
	head := func(row []any, col int, s string) { row[col-1] = excelize.Cell{StyleID: e.styles.header, Value: s} }
	set := func(col int, name, label string) {
		if name != "" {
			head(names, col, name)
		}
		head(hdr, col, label)
		widths[col-1] = fitWidth(maxColWidth, name, label)
		lines1 = max(lines1, wrappedLines(name, widths[col-1]))
		lines2 = max(lines2, wrappedLines(label, widths[col-1]))
	}
	ids := []string{hdrID}
	altNames := []string{hdrAlternative, "Scores →"}
	for _, a := range d.Alternatives {
		ids = append(ids, a.ID)
		altNames = append(altNames, cellText(a.Name))
	}
	widths[matColID-1] = fitWidth(maxColWidth, ids...)
	widths[matColName-1] = fitWidth(maxColWidth, altNames...)
	head(hdr, matColID, hdrID)
	head(hdr, matColName, hdrAlternative)
	head(names, matColName, "Scores →")
	for j, c := range d.Criteria {
		name := cellText(criterionLabel(c))
		set(l.score(j), name, c.ID)
		// Scores are short numbers: their columns are at most
		// matCritWidth wide and longer criterion names wrap.
		col := l.score(j)
		widths[col-1] = min(widths[col-1], matCritWidth)
		lines1 = max(lines1, wrappedLines(name, widths[col-1]))
		lines2 = max(lines2, wrappedLines(c.ID, widths[col-1]))
	}
	set(l.composite(), "", hdrComposite)
	set(l.rank(), "", hdrRank)
	set(l.gateFailures(), "", hdrGateFailures)
	set(l.belowThreshold(), "", hdrBelowThreshold)
	set(l.viable(), "", hdrViable)
	set(l.chartRecommended(), "", hdrChartRecommended)
	set(l.chartThreshold(), "", hdrChartThreshold)
	for col := 1; col <= last; col++ {
		if err := sw.SetColWidth(col, col, widths[col-1]); err != nil {
			return err
		}
	}
	if err := sw.SetColVisible(l.chartRecommended(), l.chartThreshold(), false); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: matFirstCrit - 1, YSplit: matFirstRow - 1,
		TopLeftCell: cell(matFirstCrit, matFirstRow), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow(cell(1, matRowNames), names, excelize.RowOpts{Height: rowHeight(lines1)}); err != nil {
		return err
	}
	if err := sw.SetRow(cell(1, matRowHeader), hdr, excelize.RowOpts{Height: rowHeight(lines2)}); err != nil {
		return err
	}
	recommended := SheetSummary + "!" + abs(2, sumRow(sumRecommended))
	ws := d.Method.IsWeightedSum()
	row := make([]any, last)
	for i, a := range d.Alternatives {
		r := l.row(i)
		res := e.byID[a.ID]
		clear(row)
		row[matColID-1] = a.ID
		row[matColName-1] = text(a.Name)
		first, last := cell(l.score(0), r), cell(l.score(l.n-1), r)
		for j, c := range d.Criteria {
			row[l.score(j)-1] = excelize.Cell{StyleID: e.styles.input, Value: num(a.Scores[c.ID].Value)}
		}
		comp := excelize.Cell{StyleID: e.styles.composite, Value: num(res.Score)}
		if ws {
			comp.Formula = fmt.Sprintf("ROUND(SUM(%s!%s:%s),12)", SheetPoints, first, last)
		}
		row[l.composite()-1] = comp
		cr := cell(l.composite(), r)
		row[l.rank()-1] = excelize.Cell{Value: res.Rank,
			Formula: fmt.Sprintf("1+SUMPRODUCT(--(%s>%s+%s*MAX(1,ABS(%s))))", nameComposites, cr, tieTolerance, cr)}
		row[l.gateFailures()-1] = excelize.Cell{Value: len(res.GateFailures),
			Formula: fmt.Sprintf(`SUMPRODUCT((%[1]s<>"")*((%[2]s="cost")*(%[3]s:%[4]s>%[1]s)+(%[2]s<>"cost")*(%[3]s:%[4]s<%[1]s)))`,
				nameGates, nameDirections, first, last)}
		row[l.belowThreshold()-1] = excelize.Cell{Value: res.BelowThreshold,
			Formula: fmt.Sprintf("%[1]s<%[2]s-%[3]s*MAX(1,ABS(%[1]s),ABS(%[2]s))", cr, nameThreshold, tieTolerance)}
		row[l.viable()-1] = excelize.Cell{Value: res.Viable,
			Formula: fmt.Sprintf("AND(%s=0,NOT(%s))", cell(l.gateFailures(), r), cell(l.belowThreshold(), r))}
		var recValue any = ""
		if a.ID == e.res.Recommended {
			recValue = num(res.Score)
		}
		row[l.chartRecommended()-1] = excelize.Cell{StyleID: e.styles.points, Value: recValue,
			Formula: fmt.Sprintf(`IF(EXACT(%s,%s),%s,"")`, cell(matColID, r), recommended, cr)}
		row[l.chartThreshold()-1] = excelize.Cell{StyleID: e.styles.points, Value: num(d.EffectiveThreshold()), Formula: nameThreshold}
		if err := sw.SetRow(cell(1, r), row); err != nil {
			return err
		}
	}
	if err := e.scoreRules(); err != nil {
		return err
	}
	return sw.Flush()
}

// scoreRules adds data validation (the criterion's scale, read live from
// the Criteria sheet) and a colour scale to every score column.
func (e *exporter) scoreRules() error {
	l := e.lay
	for j, c := range e.d.Criteria {
		col := l.score(j)
		sqref := cell(col, matFirstRow) + ":" + cell(col, l.lastRow())
		dv := excelize.NewDataValidation(false)
		dv.Sqref = sqref
		cc := critFirstCol + j
		if err := dv.SetRange(SheetCriteria+"!"+abs(cc, critRowScaleMin), SheetCriteria+"!"+abs(cc, critRowScaleMax),
			excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		lo, hi := c.Scale.Bounds()
		dv.SetError(excelize.DataValidationErrorStyleStop, "Score outside the scale",
			cellText(fmt.Sprintf("Scores on %s must be within %s–%s.", criterionLabel(c), numfmt.Trim(lo, 15), numfmt.Trim(hi, 15))))
		if err := e.f.AddDataValidation(SheetMatrix, dv); err != nil {
			return err
		}
		low, high := "F8696B", "63BE7B" // red for the worst, green for the best
		if c.Direction == tot.Cost {
			low, high = high, low
		}
		if err := e.f.SetConditionalFormat(SheetMatrix, sqref, []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=",
			MinType: "num", MinValue: numfmt.Trim(round15(lo), 15), MinColor: low,
			MidType: "percentile", MidValue: "50", MidColor: "FFEB84",
			MaxType: "num", MaxValue: numfmt.Trim(round15(hi), 15), MaxColor: high,
		}}); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) criteria() error {
	d := e.d
	last := critFirstCol + len(d.Criteria) - 1
	if err := e.printSetup(SheetCriteria, "A1:"+cell(max(last, 1), critRowSource), false, "$A:$A"); err != nil {
		return err
	}
	sw, err := e.f.NewStreamWriter(SheetCriteria)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, fitWidth(maxColWidth, critLabels[:]...)); err != nil {
		return err
	}
	descLines := 1
	for j, c := range d.Criteria {
		w := max(fitWidth(maxColWidth, c.ID, cellText(c.Name), cellText(c.Source)), 12)
		descLines = max(descLines, wrappedLines(cellText(c.Description), w))
		if err := sw.SetColWidth(critFirstCol+j, critFirstCol+j, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	sum := 0.0
	for _, c := range d.Criteria {
		sum += c.Weight
	}
	for r := critRowID; r <= critRowSource; r++ {
		row := make([]any, last)
		row[0] = excelize.Cell{StyleID: e.styles.label, Value: critLabels[r]}
		for j, c := range d.Criteria {
			col := critFirstCol + j
			lo, hi := c.Scale.Bounds()
			var v any
			switch r {
			case critRowID:
				v = excelize.Cell{StyleID: e.styles.header, Value: c.ID}
			case critRowName:
				v = text(c.Name)
			case critRowWeight:
				v = excelize.Cell{StyleID: e.styles.input, Value: num(c.Weight)}
			case critRowNormWeight:
				v = excelize.Cell{StyleID: e.styles.percent, Formula: fmt.Sprintf("%s/SUM(%s)", cell(col, critRowWeight), nameWeights), Value: num(c.Weight / sum)}
			case critRowScaleMin:
				v = num(lo)
			case critRowScaleMax:
				v = num(hi)
			case critRowDirection:
				v = c.Direction.String()
			case critRowGate:
				if c.Critical != nil {
					v = num(*c.Critical)
				}
			case critRowDescription:
				v = excelize.Cell{StyleID: e.styles.wrap, Value: text(c.Description)}
			case critRowSource:
				v = text(c.Source)
			}
			row[col-1] = v
		}
		var opts []excelize.RowOpts
		if r == critRowDescription {
			opts = append(opts, excelize.RowOpts{Height: rowHeight(descLines)})
		}
		if err := sw.SetRow(cell(1, r), row, opts...); err != nil {
			return err
		}
	}
	if len(d.Criteria) > 0 {
		weights := excelize.NewDataValidation(false)
		weights.Sqref = cell(critFirstCol, critRowWeight) + ":" + cell(last, critRowWeight)
		if err := weights.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual); err != nil {
			return err
		}
		weights.Formula2 = ""
		weights.SetError(excelize.DataValidationErrorStyleStop, "Invalid weight", "Weights must be numbers >= 0.")
		dirs := excelize.NewDataValidation(false)
		dirs.Sqref = cell(critFirstCol, critRowDirection) + ":" + cell(last, critRowDirection)
		if err := dirs.SetDropList([]string{"benefit", "cost"}); err != nil {
			return err
		}
		for _, dv := range []*excelize.DataValidation{weights, dirs} {
			if err := e.f.AddDataValidation(SheetCriteria, dv); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

// joinEvidence is how a score's evidence list appears in its cell.
func joinEvidence(ev []string) string { return strings.Join(ev, ", ") }

// splitEvidence reads an evidence cell: IDs separated by commas, spaces
// around them ignored, empty entries dropped; nil for an empty cell.
func splitEvidence(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// grid writes one of the sheets shaped like the Matrix (Points, Rationale,
// Evidence): the two header rows, then a row per alternative with its ID
// and name (formulas reading the Matrix when live, values otherwise) and
// the cell of each criterion that value returns with its text (wrapped,
// "" for a number). Criterion columns are width wide at most, or as wide
// as their longest text up to it (fit); a row is as tall as its longest
// wrapped text.
func (e *exporter) grid(sheet, arrow string, live bool, width float64, fit bool,
	value func(i, j int) (any, string)) error {
	d, l := e.d, e.lay
	if err := e.printSetup(sheet, "A1:"+cell(l.gridLastCol(), max(l.lastRow(), matRowHeader)), false,
		fmt.Sprintf("$%d:$%d", matRowNames, matRowHeader)); err != nil {
		return err
	}
	sw, err := e.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	last := l.gridLastCol()
	names, hdr := make([]any, last), make([]any, last)
	head := func(row []any, col int, s string) { row[col-1] = excelize.Cell{StyleID: e.styles.header, Value: s} }
	ids, altNames := []string{hdrID}, []string{hdrAlternative, arrow}
	for _, a := range d.Alternatives {
		ids, altNames = append(ids, a.ID), append(altNames, cellText(a.Name))
	}
	widths := make([]float64, last)
	widths[matColID-1] = fitWidth(maxColWidth, ids...)
	widths[matColName-1] = fitWidth(maxColWidth, altNames...)
	head(hdr, matColID, hdrID)
	head(hdr, matColName, hdrAlternative)
	head(names, matColName, arrow)
	lines1, lines2 := 1, 1
	for j, c := range d.Criteria {
		col := l.score(j)
		name := cellText(criterionLabel(c))
		head(names, col, name)
		head(hdr, col, c.ID)
		texts := []string{name, c.ID}
		if fit {
			for i := range d.Alternatives {
				if _, t := value(i, j); t != "" {
					texts = append(texts, t)
				}
			}
		}
		widths[col-1] = min(fitWidth(maxColWidth, texts...), width)
		lines1 = max(lines1, wrappedLines(name, widths[col-1]))
		lines2 = max(lines2, wrappedLines(c.ID, widths[col-1]))
	}
	for col := 1; col <= last; col++ {
		if err := sw.SetColWidth(col, col, widths[col-1]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: matFirstCrit - 1, YSplit: matFirstRow - 1,
		TopLeftCell: cell(matFirstCrit, matFirstRow), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetRow(cell(1, matRowNames), names, excelize.RowOpts{Height: rowHeight(lines1)}); err != nil {
		return err
	}
	if err := sw.SetRow(cell(1, matRowHeader), hdr, excelize.RowOpts{Height: rowHeight(lines2)}); err != nil {
		return err
	}
	row := make([]any, last)
	for i, a := range d.Alternatives {
		r := l.row(i)
		clear(row)
		row[matColID-1], row[matColName-1] = a.ID, text(a.Name)
		if live {
			row[matColID-1] = excelize.Cell{Formula: SheetMatrix + "!" + cell(matColID, r), Value: a.ID}
			row[matColName-1] = excelize.Cell{Formula: fmt.Sprintf(`T(%s!%s)`, SheetMatrix, cell(matColName, r)), Value: cellText(a.Name)}
		}
		n := 1
		for j := range d.Criteria {
			col := l.score(j)
			var t string
			row[col-1], t = value(i, j)
			if t != "" {
				n = max(n, wrappedLines(t, widths[col-1]))
			}
		}
		var opts []excelize.RowOpts
		if n > 1 {
			// A row that wraps is taller, and its cells top-aligned to
			// read along their first lines.
			opts = append(opts, excelize.RowOpts{StyleID: e.styles.top, Height: rowHeight(n)})
		}
		if err := sw.SetRow(cell(1, r), row, opts...); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// points writes the Points sheet: each score's contribution to the
// composite, in composite points (formulas reading the Matrix; empty for
// a method other than the weighted sum).
func (e *exporter) points() error {
	d, l := e.d, e.lay
	ws := d.Method.IsWeightedSum()
	return e.grid(SheetPoints, "Points →", true, matCritWidth, false, func(i, j int) (any, string) {
		if !ws {
			return nil, ""
		}
		a, c := d.Alternatives[i], d.Criteria[j]
		ref := SheetMatrix + "!" + cell(l.score(j), l.row(i))
		return excelize.Cell{StyleID: e.styles.points, Formula: contributionFormula(j+1, ref),
			Value: num(e.byID[a.ID].Contributions[c.ID])}, ""
	})
}

// ratWidth is the width of a Rationale column.
const ratWidth = 40

// rationale writes the Rationale sheet: each score's rationale, wrapped.
func (e *exporter) rationale() error {
	d := e.d
	return e.grid(SheetRationale, "Rationale →", false, ratWidth, true, func(i, j int) (any, string) {
		s := d.Alternatives[i].Scores[d.Criteria[j].ID].Rationale
		if s == "" {
			return nil, ""
		}
		return excelize.Cell{StyleID: e.styles.wrap, Value: cellText(s)}, cellText(s)
	})
}

// evWidth is the widest an Evidence column gets.
const evWidth = 24

// evidence writes the Evidence sheet: each score's evidence IDs,
// separated by commas.
func (e *exporter) evidence() error {
	d := e.d
	return e.grid(SheetEvidence, "Evidence →", false, evWidth, true, func(i, j int) (any, string) {
		s := cellText(joinEvidence(d.Alternatives[i].Scores[d.Criteria[j].ID].Evidence))
		if s == "" {
			return nil, ""
		}
		return excelize.Cell{StyleID: e.styles.wrap, Value: s}, s
	})
}

// The Summary's value column is sumValueWidth wide, and up to
// maxSumValueWidth when the context or the rationale would not fit the
// tallest row otherwise.
const (
	sumValueWidth    = 64
	maxSumValueWidth = 128
)

// summaryWidth returns the width of the Summary's value column for texts.
func summaryWidth(texts ...string) float64 {
	w := float64(sumValueWidth)
	for _, s := range texts {
		for w < maxSumValueWidth && rowHeight(wrappedLines(cellText(s), w)+1) >= maxRowHeight {
			w += 8
		}
	}
	return w
}

func (e *exporter) summary() error {
	d, res, l := e.d, e.res, e.lay
	if err := e.printSetup(SheetSummary, "A1:"+cell(2, len(sumRows)), true, ""); err != nil {
		return err
	}
	sw, err := e.f.NewStreamWriter(SheetSummary)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, fitWidth(maxColWidth, sumRows...)); err != nil {
		return err
	}
	valueWidth := summaryWidth(d.Title, d.Context, d.Rationale)
	if err := sw.SetColWidth(2, 2, valueWidth); err != nil {
		return err
	}
	b := func(label string) string { return cell(2, sumRow(label)) }
	viable, best, runnerUp := 0, any(""), any("")
	var recName any = ""
	for _, r := range res.Ranking {
		if !r.Viable {
			continue
		}
		viable++
		switch viable {
		case 1:
			best = num(r.Score)
			for _, a := range d.Alternatives {
				if a.ID == r.Alternative {
					recName = cellText(a.Name)
				}
			}
		case 2:
			runnerUp = num(r.Score)
		}
	}
	var margin any = ""
	if res.Margin != nil {
		margin = num(*res.Margin)
	}
	method := string(d.Method)
	if d.Method.IsWeightedSum() {
		method = "weighted sum (live formulas)"
	} else {
		method = cellText(method) + " (composites are values computed by deliberate)"
	}
	names := rangeRef(SheetMatrix, matColName, matFirstRow, matColName, l.lastRow())
	// SUMPRODUCT makes Excel and LibreOffice evaluate the array expressions
	// inside it without array-formula entry.
	recRow := fmt.Sprintf(`SUMPRODUCT(MATCH(1,%s*(%s>=%s-%s*MAX(1,%s)),0))`, nameViable, nameComposites, b(sumBest), tieTolerance, b(sumBest))
	values := map[string]any{
		sumTitle:     excelize.Cell{StyleID: e.styles.wrap, Value: text(d.Title)},
		sumID:        text(d.ID),
		sumContext:   excelize.Cell{StyleID: e.styles.wrap, Value: text(d.Context)},
		sumMethod:    method,
		sumThreshold: excelize.Cell{StyleID: e.styles.input, Value: num(d.EffectiveThreshold())},
		sumCloseCall: excelize.Cell{StyleID: e.styles.input, Value: num(d.EffectiveCloseCall())},
		sumViable:    excelize.Cell{Formula: fmt.Sprintf("SUMPRODUCT(--%s)", nameViable), Value: viable},
		sumBest: excelize.Cell{StyleID: e.styles.composite, Value: best,
			Formula: fmt.Sprintf(`IF(%s>0,SUMPRODUCT(MAX(%s*%s)),"")`, b(sumViable), nameViable, nameComposites)},
		sumRecommended: excelize.Cell{Value: res.Recommended,
			Formula: fmt.Sprintf(`IF(%s>0,INDEX(%s,%s),"")`, b(sumViable), nameAlternativeIDs, recRow)},
		sumRecName: excelize.Cell{Value: recName,
			Formula: fmt.Sprintf(`IF(%s>0,T(INDEX(%s,%s)),"")`, b(sumViable), names, recRow)},
		sumRunnerUp: excelize.Cell{StyleID: e.styles.composite, Value: runnerUp,
			Formula: fmt.Sprintf(`IF(%s>1,SUMPRODUCT(LARGE(%s*%s-(1-%s),2)),"")`, b(sumViable), nameViable, nameComposites, nameViable)},
		sumMargin: excelize.Cell{StyleID: e.styles.points, Value: margin,
			Formula: fmt.Sprintf(`IF(%[1]s>1,IF(%[2]s-%[3]s<=%[4]s*MAX(1,%[2]s),0,ROUND(%[2]s-%[3]s,12)),"")`, b(sumViable), b(sumBest), b(sumRunnerUp), tieTolerance)},
		sumIsClose: excelize.Cell{Value: res.CloseCall,
			Formula: fmt.Sprintf(`IF(%[1]s>1,OR(%[2]s=0,%[2]s<%[3]s),FALSE)`, b(sumViable), b(sumMargin), nameCloseCall)},
		sumSelected:  excelize.Cell{StyleID: e.styles.input, Value: text(d.Selected)},
		sumRationale: excelize.Cell{StyleID: e.styles.wrap, Value: text(d.Rationale)},
	}
	wrapped := map[string]string{sumTitle: d.Title, sumContext: d.Context, sumRationale: d.Rationale}
	for i, label := range sumRows {
		var opts []excelize.RowOpts
		if n := wrappedLines(cellText(wrapped[label]), valueWidth); n > 1 {
			opts = append(opts, excelize.RowOpts{Height: rowHeight(n)})
		}
		if err := sw.SetRow(cell(1, i+1), []any{excelize.Cell{StyleID: e.styles.label, Value: label}, values[label]}, opts...); err != nil {
			return err
		}
	}
	if err := e.chart(); err != nil {
		return err
	}
	return sw.Flush()
}

// Chart colours, from the Okabe–Ito palette (distinguishable with every
// common form of colour blindness).
const (
	colourBars        = "56B4E9" // sky blue: every alternative
	colourRecommended = "E69F00" // orange: the recommended alternative
	colourThreshold   = "D55E00" // vermilion: the threshold line
	colourText        = "000000"
)

// chart adds a column chart of the composites to the Summary sheet: every
// bar in one colour, the recommended alternative's bar over it in another
// (a second series, non-empty only in its row), and the threshold as a
// dashed line. All three series read the Matrix, so the chart follows
// edits.
func (e *exporter) chart() error {
	l := e.lay
	col := func(c int) string { return rangeRef(SheetMatrix, c, matFirstRow, c, l.lastRow()) }
	names := col(matColName)
	axisFont := excelize.Font{Color: colourText, Size: 10}
	overlap, gap := 100, uint(60)
	bars := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: SheetMatrix + "!" + abs(l.composite(), matRowHeader), Categories: names, Values: col(l.composite()),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colourBars}}},
			{Name: SheetSummary + "!" + abs(1, sumRow(sumRecommended)), Categories: names, Values: col(l.chartRecommended()),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colourRecommended}}},
		},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Composite scores (0–100)",
			Font: &excelize.Font{Bold: true, Size: 12, Color: colourText}}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		VaryColors: ptr(false),
		Overlap:    &overlap,
		GapWidth:   &gap,
		XAxis:      excelize.ChartAxis{Font: axisFont},
		YAxis: excelize.ChartAxis{Maximum: ptr(100.0), Minimum: ptr(0.0), MajorUnit: 10, MajorGridLines: true, Font: axisFont,
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "points", Font: &axisFont}}}},
		Dimension: excelize.ChartDimension{Width: 640, Height: 400},
	}
	threshold := &excelize.Chart{
		Type:  excelize.Line,
		XAxis: bars.XAxis, // the axes of a combination are drawn from its last chart
		YAxis: bars.YAxis,
		Series: []excelize.ChartSeries{{
			Name: SheetSummary + "!" + abs(1, sumRow(sumThreshold)), Categories: names, Values: col(l.chartThreshold()),
			Line:   excelize.LineOptions{Width: 2, Dash: excelize.LineDashDash, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colourThreshold}}},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colourThreshold}},
			Marker: excelize.ChartMarker{Symbol: "none"},
		}},
	}
	if l.m > 6 { // many bars: slanted labels and a wider chart
		bars.XAxis.Alignment = excelize.Alignment{TextRotation: -45}
		bars.Dimension = excelize.ChartDimension{Width: uint(min(max(640, 40*l.m), 1600)), Height: 480}
		threshold.XAxis = bars.XAxis
	}
	return e.f.AddChart(SheetSummary, "D1", bars, threshold)
}

func (e *exporter) definedNames() error {
	d, l := e.d, e.lay
	last := critFirstCol + len(d.Criteria) - 1
	critRow := func(r int) string { return rangeRef(SheetCriteria, critFirstCol, r, last, r) }
	matCol := func(c int) string { return rangeRef(SheetMatrix, c, matFirstRow, c, l.lastRow()) }
	names := []excelize.DefinedName{
		{Name: nameCriterionIDs, RefersTo: critRow(critRowID), Comment: "criterion IDs"},
		{Name: nameWeights, RefersTo: critRow(critRowWeight), Comment: "weights as given (any non-negative numbers)"},
		{Name: nameNormWeights, RefersTo: critRow(critRowNormWeight), Comment: "weights normalised to sum 1"},
		{Name: nameScaleMin, RefersTo: critRow(critRowScaleMin), Comment: "lowest score of each criterion's scale"},
		{Name: nameScaleMax, RefersTo: critRow(critRowScaleMax), Comment: "highest score of each criterion's scale"},
		{Name: nameDirections, RefersTo: critRow(critRowDirection), Comment: "benefit (higher is better) or cost (lower is better)"},
		{Name: nameGates, RefersTo: critRow(critRowGate), Comment: "critical gates: benefit scores must be >= the gate, cost scores <="},
		{Name: nameAlternativeIDs, RefersTo: matCol(matColID), Comment: "alternative IDs"},
		{Name: nameComposites, RefersTo: matCol(l.composite()), Comment: "composite scores, 0–100"},
		{Name: nameRanks, RefersTo: matCol(l.rank()), Comment: "competition ranks; ties share a rank"},
		{Name: nameViable, RefersTo: matCol(l.viable()), Comment: "passes every gate and the threshold"},
		{Name: nameThreshold, RefersTo: SheetSummary + "!" + abs(2, sumRow(sumThreshold)), Comment: "minimum acceptable composite (inclusive); 0 disables it"},
		{Name: nameCloseCall, RefersTo: SheetSummary + "!" + abs(2, sumRow(sumCloseCall)), Comment: "margin below which the result is a close call"},
	}
	for i := range names {
		if err := e.f.SetDefinedName(&names[i]); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) properties() error {
	d := e.d
	title := d.Title
	if title == "" {
		title = d.ID
	}
	if err := e.f.SetDocProps(&excelize.DocProperties{
		Title:          cellText(title),
		Subject:        "Decision matrix",
		Identifier:     cellText(d.ID),
		Creator:        "deliberate",
		LastModifiedBy: "deliberate",
		Description:    "Weighted decision matrix exported by deliberate (tot/xlsx); composites, ranks and viability are live formulas.",
		Keywords:       "decision matrix; ADR",
		Created:        docTime,
		Modified:       docTime,
		Revision:       "1",
	}); err != nil {
		return err
	}
	if err := e.f.SetAppProps(&excelize.AppProperties{Application: "deliberate", Company: ""}); err != nil {
		return err
	}
	return e.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: ptr(true)})
}
