package xlsx

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/deliberate-dev/deliberate/tot"
	"github.com/xuri/excelize/v2"
)

// Import reads a workbook written by Export, after people may have edited
// it, back into a Decision. The visible sheets are authoritative for what
// they show: the Criteria sheet for the criteria (their order, IDs, names,
// weights, scales, directions, gates, descriptions and sources), the Matrix
// sheet for the alternatives (order, IDs, names) and their scores, the
// Rationale sheet for each score's rationale and evidence (IDs separated by
// commas; rows for scores no longer in the matrix are ignored), and the Summary sheet for the title, ID, context, threshold,
// close-call margin, selection and rationale. Everything else (descriptions,
// pros and cons, risks, triggers, evidence, ...) comes from the hidden
// Metadata sheet, matched by ID; a cell still holding what Export wrote
// gives back the exact value it was written from, so Import(Export(d))
// equals d. Formula columns (contributions, composites, ranks, ...) are
// ignored: Evaluate recomputes them.
//
// A workbook without a Metadata sheet is read from its visible sheets
// alone. Rows may be added to the Matrix sheet (an alternative needs a score
// for every criterion) and removed from it.
//
// Import validates the result as tot.ParseDecision does. It reports every
// problem at once as a *tot.ValidationError (errors.Is(err, tot.ErrInvalid))
// whose paths are cell addresses, such as `Matrix!C5: score "abc" is not a
// number`, a sheet name for a missing sheet, or the decision path when no
// cell holds the value.
func Import(r io.Reader) (d *tot.Decision, err error) {
	defer func() {
		// excelize is not hardened against every malformed file; a panic in
		// it must not take the caller down.
		if p := recover(); p != nil {
			d, err = nil, &tot.ValidationError{Kind: tot.ErrInvalid, Problems: []tot.Problem{{Message: fmt.Sprintf("malformed workbook: %v", p)}}}
		}
	}()
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, &tot.ValidationError{Kind: tot.ErrInvalid, Problems: []tot.Problem{{Message: "not an xlsx workbook: " + err.Error()}}}
	}
	defer f.Close()
	im := &importer{f: f, bad: map[string]bool{}}
	return im.run()
}

// importer holds the state of one Import.
type importer struct {
	f        *excelize.File
	problems []tot.Problem
	bad      map[string]bool // cell addresses with a problem already

	meta  *metadata
	exact map[[2]string]*exactScore

	critCol   []int // Criteria sheet column of each criterion
	scoreCol  []int // Matrix column of each criterion's scores
	altRow    []int // Matrix row of each alternative
	sumRowOf  map[string]int
	rationale map[[2]string]ratCell
}

type ratCell struct {
	rationale, evidence string
	row                 int
}

// addf records a problem at a cell address (or sheet, or path).
func (im *importer) addf(where, format string, args ...any) {
	im.problems = append(im.problems, tot.Problem{Path: where, Message: fmt.Sprintf(format, args...)})
	im.bad[where] = true
}

// at returns the cell at 1-based col and row of rows, "" when absent.
func at(rows [][]string, col, row int) string {
	if row < 1 || row > len(rows) || col < 1 || col > len(rows[row-1]) {
		return ""
	}
	return rows[row-1][col-1]
}

func addr(sheet string, col, row int) string { return sheet + "!" + cell(col, row) }

func (im *importer) run() (*tot.Decision, error) {
	sheets := map[string][][]string{}
	for _, s := range []string{SheetMatrix, SheetCriteria, SheetRationale, SheetSummary} {
		idx, err := im.f.GetSheetIndex(s)
		if err != nil || idx < 0 {
			im.addf(s, "sheet is missing")
			continue
		}
		rows, err := im.f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			im.addf(s, "cannot read the sheet: %v", err)
			continue
		}
		sheets[s] = rows
	}
	if idx, err := im.f.GetSheetIndex(SheetMetadata); err == nil && idx >= 0 {
		rows, err := im.f.GetRows(SheetMetadata, excelize.Options{RawCellValue: true})
		if err == nil {
			im.meta, err = readMetadata(rows)
		}
		if err != nil {
			im.addf(SheetMetadata, "%v", err)
		}
	}
	if len(im.problems) > 0 {
		return nil, &tot.ValidationError{Kind: tot.ErrInvalid, Problems: im.problems}
	}
	var d tot.Decision
	im.exact = map[[2]string]*exactScore{}
	if im.meta != nil {
		d = tot.Decision(im.meta.Decision)
		for i := range im.meta.Scores {
			x := &im.meta.Scores[i]
			im.exact[[2]string{x.Alternative, x.Criterion}] = x
		}
	}
	base := d
	d.Criteria = im.criteria(sheets[SheetCriteria], base.Criteria)
	im.readRationale(sheets[SheetRationale])
	d.Alternatives = im.alternatives(sheets[SheetMatrix], d.Criteria, base.Alternatives)
	im.summary(sheets[SheetSummary], &d, base)
	if err := d.Validate(); err != nil {
		if verr, ok := err.(*tot.ValidationError); ok {
			for _, p := range verr.Problems {
				where, ok := im.cellOf(p.Path, &d)
				if ok && im.bad[where] {
					continue // already reported where the cell was read
				}
				msg := p.Message
				if ok {
					msg = p.Path + ": " + msg
				} else {
					where = p.Path
				}
				im.problems = append(im.problems, tot.Problem{Path: where, Message: msg})
			}
		} else {
			im.problems = append(im.problems, tot.Problem{Message: err.Error()})
		}
	}
	if len(im.problems) > 0 {
		return nil, &tot.ValidationError{Kind: tot.ErrInvalid, Problems: im.problems}
	}
	return &d, nil
}

// keepText returns the exact base value when the cell still holds what
// Export wrote for it, and the cell's text otherwise.
func keepText(cellValue, base string, have bool) string {
	if have && cellValue == cellText(base) {
		return base
	}
	return cellValue
}

// keepNum does for numbers what keepText does for texts.
func keepNum(v, base float64, have bool) float64 {
	if have && v == round15(base) {
		return base
	}
	return v
}

// number reads a required number cell.
func (im *importer) number(sheet string, rows [][]string, col, row int, what string) (float64, bool) {
	s := at(rows, col, row)
	v, ok := parseNumber(s)
	switch {
	case ok:
		return v, true
	case strings.TrimSpace(s) == "":
		im.addf(addr(sheet, col, row), "%s is empty", what)
	default:
		im.addf(addr(sheet, col, row), "%s %q is not a number", what, s)
	}
	return 0, false
}

// optNumber reads a number cell that may be empty.
func (im *importer) optNumber(sheet string, rows [][]string, col, row int, what string) (v float64, set, ok bool) {
	if strings.TrimSpace(at(rows, col, row)) == "" {
		return 0, false, true
	}
	v, ok = im.number(sheet, rows, col, row, what)
	return v, ok, ok
}

func (im *importer) criteria(rows [][]string, base []tot.Criterion) []tot.Criterion {
	const s = SheetCriteria
	for r := critRowID; r <= critRowSource; r++ {
		if got := at(rows, 1, r); got != critLabels[r] {
			im.addf(addr(s, 1, r), "label %q, want %q: the sheet's layout was changed", got, critLabels[r])
		}
	}
	byID := map[string]int{}
	for i := len(base) - 1; i >= 0; i-- {
		byID[base[i].ID] = i
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	var out []tot.Criterion
	for col := critFirstCol; col <= width; col++ {
		id := at(rows, col, critRowID)
		if id == "" {
			for r := critRowName; r <= critRowSource; r++ {
				if r != critRowNormWeight && strings.TrimSpace(at(rows, col, r)) != "" {
					im.addf(addr(s, col, critRowID), "criterion ID is missing")
					break
				}
			}
			continue
		}
		var b tot.Criterion
		bi, have := byID[id]
		if have {
			b = base[bi]
		}
		c := tot.Criterion{ID: id, Critical: nil}
		c.Name = keepText(at(rows, col, critRowName), b.Name, have)
		c.Description = keepText(at(rows, col, critRowDescription), b.Description, have)
		c.Source = keepText(at(rows, col, critRowSource), b.Source, have)
		if w, ok := im.number(s, rows, col, critRowWeight, "weight"); ok {
			c.Weight = keepNum(w, b.Weight, have)
		}
		lo, ok1 := im.number(s, rows, col, critRowScaleMin, "scale min")
		hi, ok2 := im.number(s, rows, col, critRowScaleMax, "scale max")
		if ok1 && ok2 {
			blo, bhi := bounds(b)
			if have && lo == round15(blo) && hi == round15(bhi) {
				c.Scale = b.Scale
			} else {
				c.Scale = tot.Scale{Min: lo, Max: hi}
			}
		}
		switch dir := strings.ToLower(strings.TrimSpace(at(rows, col, critRowDirection))); dir {
		case "benefit", "":
			c.Direction = tot.Benefit
		case "cost":
			c.Direction = tot.Cost
		default:
			im.addf(addr(s, col, critRowDirection), "direction %q must be benefit or cost", at(rows, col, critRowDirection))
		}
		if g, set, ok := im.optNumber(s, rows, col, critRowGate, "critical gate"); ok && set {
			if have && b.Critical != nil {
				g = keepNum(g, *b.Critical, true)
			}
			c.Critical = &g
		}
		out = append(out, c)
		im.critCol = append(im.critCol, col)
	}
	return out
}

func (im *importer) readRationale(rows [][]string) {
	const s = SheetRationale
	for i, h := range ratHeaders {
		if got := at(rows, i+1, 1); got != h {
			im.addf(addr(s, i+1, 1), "header %q, want %q: the sheet's layout was changed", got, h)
		}
	}
	im.rationale = map[[2]string]ratCell{}
	for r := ratFirstRow; r <= len(rows); r++ {
		alt, crit := at(rows, ratColAlt, r), at(rows, ratColCrit, r)
		rat, ev := at(rows, ratColRationale, r), at(rows, ratColEvidence, r)
		if alt == "" && crit == "" {
			if strings.TrimSpace(rat+ev) != "" {
				im.addf(addr(s, ratColAlt, r), "alternative and criterion IDs are missing")
			}
			continue
		}
		k := [2]string{alt, crit}
		if prev, dup := im.rationale[k]; dup {
			im.addf(addr(s, ratColAlt, r), "second row for alternative %q on criterion %q (first in row %d)", alt, crit, prev.row)
			continue
		}
		im.rationale[k] = ratCell{rationale: rat, evidence: ev, row: r}
	}
}

func (im *importer) alternatives(rows [][]string, crits []tot.Criterion, base []tot.Alternative) []tot.Alternative {
	const s = SheetMatrix
	if got := at(rows, matColID, matRowHeader); got != hdrID {
		im.addf(addr(s, matColID, matRowHeader), "header %q, want %q: the sheet's layout was changed", got, hdrID)
	}
	im.scoreCol = make([]int, len(crits))
	width := 0
	if matRowHeader <= len(rows) {
		width = len(rows[matRowHeader-1])
	}
	for j, c := range crits {
		for col := matFirstCrit; col <= width; col++ {
			if at(rows, col, matRowHeader) == c.ID {
				im.scoreCol[j] = col
				break
			}
		}
		if im.scoreCol[j] == 0 {
			im.addf(fmt.Sprintf("%s!%d:%d", s, matRowHeader, matRowHeader), "no score column for criterion %q", c.ID)
		}
	}
	byID := map[string]int{}
	for i := len(base) - 1; i >= 0; i-- {
		byID[base[i].ID] = i
	}
	var out []tot.Alternative
	for r := matFirstRow; r <= len(rows); r++ {
		id, name := at(rows, matColID, r), at(rows, matColName, r)
		empty := strings.TrimSpace(id+name) == ""
		for _, col := range im.scoreCol {
			if col > 0 && strings.TrimSpace(at(rows, col, r)) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		if id == "" {
			im.addf(addr(s, matColID, r), "alternative ID is missing")
			continue
		}
		var a tot.Alternative
		bi, have := byID[id]
		if have {
			a = base[bi]
		}
		a.ID = id
		a.Name = keepText(name, a.Name, have)
		a.Scores = make(map[string]tot.Score, len(crits))
		for j, c := range crits {
			col := im.scoreCol[j]
			if col == 0 {
				continue
			}
			k := [2]string{id, c.ID}
			x := im.exact[k]
			var sc tot.Score
			if v, ok := im.number(s, rows, col, r, "score"); ok {
				if x != nil && x.Value != nil {
					v = keepNum(v, *x.Value, true)
				}
				sc.Value = v
			} else {
				continue
			}
			if rc, ok := im.rationale[k]; ok {
				sc.Rationale = rc.rationale
				if x != nil && x.Rationale != nil {
					sc.Rationale = keepText(rc.rationale, *x.Rationale, true)
				}
				sc.Evidence = splitEvidence(rc.evidence)
				if x != nil && x.Evidence != nil && rc.evidence == cellText(joinEvidence(*x.Evidence)) {
					sc.Evidence = *x.Evidence
				}
			}
			a.Scores[c.ID] = sc
		}
		out = append(out, a)
		im.altRow = append(im.altRow, r)
	}
	return out
}

func (im *importer) summary(rows [][]string, d *tot.Decision, base tot.Decision) {
	const s = SheetSummary
	im.sumRowOf = map[string]int{}
	for r := 1; r <= len(rows); r++ {
		if l := at(rows, 1, r); l != "" {
			if _, dup := im.sumRowOf[l]; !dup {
				im.sumRowOf[l] = r
			}
		}
	}
	have := im.meta != nil
	get := func(label string) (int, bool) {
		r, ok := im.sumRowOf[label]
		if !ok {
			im.addf(s, "no %q row (column A)", label)
		}
		return r, ok
	}
	texts := []struct {
		label string
		field *string
		base  string
	}{
		{sumTitle, &d.Title, base.Title},
		{sumID, &d.ID, base.ID},
		{sumContext, &d.Context, base.Context},
		{sumSelected, &d.Selected, base.Selected},
		{sumRationale, &d.Rationale, base.Rationale},
	}
	for _, t := range texts {
		if r, ok := get(t.label); ok {
			*t.field = keepText(at(rows, 2, r), t.base, have)
		}
	}
	nums := []struct {
		label string
		field **float64
		base  *float64
		def   float64
		what  string
	}{
		{sumThreshold, &d.Threshold, base.Threshold, tot.DefaultThreshold, "threshold"},
		{sumCloseCall, &d.CloseCall, base.CloseCall, tot.DefaultCloseCall, "close-call margin"},
	}
	for _, n := range nums {
		r, ok := get(n.label)
		if !ok {
			continue
		}
		if v, set, ok := im.optNumber(s, rows, 2, r, n.what); ok {
			if !set {
				v = 0
			}
			b := n.def
			if n.base != nil {
				b = *n.base
			}
			x := keepNum(v, b, have)
			if n.base == nil && x == n.def {
				*n.field = nil // the default, as exported
				continue
			}
			*n.field = &x
		}
	}
}

var (
	critPath = regexp.MustCompile(`^criteria\[(\d+)\](?: \([^)]*\))?\.(\w+)`)
	altPath  = regexp.MustCompile(`^alternatives\[(\d+)\](?: \([^)]*\))?\.(id|name|scores\.(.+))$`)
)

// cellOf maps a Validate path to the cell that holds the value.
func (im *importer) cellOf(path string, d *tot.Decision) (string, bool) {
	if m := critPath.FindStringSubmatch(path); m != nil {
		j, _ := strconv.Atoi(m[1])
		rows := map[string]int{"id": critRowID, "name": critRowName, "weight": critRowWeight, "scale": critRowScaleMin,
			"direction": critRowDirection, "critical": critRowGate, "description": critRowDescription, "source": critRowSource}
		if r, ok := rows[m[2]]; ok && j < len(im.critCol) {
			return addr(SheetCriteria, im.critCol[j], r), true
		}
	}
	if m := altPath.FindStringSubmatch(path); m != nil {
		i, _ := strconv.Atoi(m[1])
		if i >= len(im.altRow) {
			return "", false
		}
		switch {
		case m[2] == "id":
			return addr(SheetMatrix, matColID, im.altRow[i]), true
		case m[2] == "name":
			return addr(SheetMatrix, matColName, im.altRow[i]), true
		}
		for j, c := range d.Criteria {
			if c.ID == m[3] && im.scoreCol[j] > 0 {
				return addr(SheetMatrix, im.scoreCol[j], im.altRow[i]), true
			}
			if c.ID == m[3] {
				return fmt.Sprintf("%s!%d:%d", SheetMatrix, matRowHeader, matRowHeader), true // the missing column
			}
		}
	}
	labels := map[string]string{"threshold": sumThreshold, "close_call": sumCloseCall, "selected": sumSelected, "rationale": sumRationale, "id": sumID, "title": sumTitle}
	if l, ok := labels[path]; ok {
		if r, ok := im.sumRowOf[l]; ok {
			return addr(SheetSummary, 2, r), true
		}
	}
	switch path {
	case "criteria":
		return SheetCriteria, true
	case "alternatives":
		return SheetMatrix, true
	}
	return "", false
}
