package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/tot"
	"github.com/xuri/excelize/v2"
)

// Import reads a workbook written by Export, after people may have edited
// it, back into a Decision. The visible sheets are authoritative for what
// they show: the Criteria sheet for the criteria (their order, IDs, names,
// weights, scales, directions, gates, descriptions and sources), the Matrix
// sheet for the alternatives (order, IDs, names) and their scores, the
// Rationale and Evidence sheets for each score's rationale and evidence
// (IDs separated by commas), found by alternative ID (column A) and
// criterion ID (row 2), cells of scores no longer in the matrix ignored,
// and the Summary sheet for the title, ID, context, threshold, close-call margin,
// selection and rationale. Everything else (descriptions,
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
// cell holds the value; at most 100 problems are listed.
//
// Import never recalculates: a formula in a cell it reads as input (an ID,
// name or score of the Matrix, any attribute of a criterion on the
// Criteria sheet but its normalised weight, the title, ID, context,
// threshold, close-call margin, selection and rationale of the Summary) is
// rejected with the cell's address, whatever value is cached with it, even
// a constant formula such as =8: the cached value may be stale or, as
// openpyxl and excelize write formulas, absent. (The cells of the
// Rationale and Evidence sheets are read as their values.)
//
// Bounds: Import reads at most 256 MiB of input, and refuses, from the ZIP
// directory and before decompressing anything, a workbook with more than
// 1,000 parts, parts that decompress to more than 512 MiB in total, a part
// other than a worksheet or the shared strings larger than 16 MiB, or a
// part larger than 1 MiB compressed more than 1000:1 (a zip bomb). Sheets
// are streamed row by row; worksheets larger than 16 MiB are decompressed
// to a private temporary directory that Import removes before it returns.
// The Rationale and Evidence sheets, and the scan for formulas, are read
// in three goroutines while the Matrix is read; all have ended when Import
// returns, and the result does not depend on their timing.
func Import(r io.Reader) (d *tot.Decision, err error) {
	defer func() {
		// excelize is not hardened against every malformed file; a panic in
		// it must not take the caller down.
		if p := recover(); p != nil {
			d, err = nil, invalid([]tot.Problem{{Message: fmt.Sprintf("malformed workbook: %v", p)}})
		}
	}()
	b, err := readBounded(r)
	if err != nil {
		return nil, invalid([]tot.Problem{{Message: "cannot read the workbook: " + err.Error()}})
	}
	zr, err := checkZip(b)
	if err != nil {
		return nil, invalid([]tot.Problem{{Message: err.Error()}})
	}
	// excelize spills large worksheets to temporary files: they go to a
	// private directory removed on return, whatever happens.
	tmp, err := os.MkdirTemp("", "deliberate-xlsx-")
	if err != nil {
		return nil, fmt.Errorf("xlsx: Import: %w", err)
	}
	defer os.RemoveAll(tmp)
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit: maxImportUnzipped, UnzipXMLSizeLimit: maxInMemoryPart, TmpDir: tmp})
	if err != nil {
		return nil, invalid([]tot.Problem{{Message: "not an xlsx workbook: " + err.Error()}})
	}
	defer f.Close()
	im := &importer{f: f, zr: zr, bad: map[string]bool{}}
	return im.run()
}

// invalid returns the validation error (tot.ErrInvalid) of these problems,
// at most diag.MaxProblems of them listed and the rest counted.
func invalid(probs []tot.Problem) error {
	var l diag.List
	for _, p := range probs {
		l.Add(p)
	}
	return l.Err(tot.ErrInvalid)
}

// importer holds the state of one Import.
type importer struct {
	f        *excelize.File
	zr       *zip.Reader
	problems []tot.Problem
	bad      map[string]bool // cell addresses with a problem already

	meta  *metadata
	exact map[[2]string]*exactScore

	critCol   []int // Criteria sheet column of each criterion
	scoreCol  []int // Matrix column of each criterion's scores
	altRow    []int // Matrix row of each alternative
	sumRowOf  map[string]int
	pending   []func() error       // goroutines to wait for
	rationale map[[2]string]string // Rationale sheet texts by alternative and criterion ID
	evidence  map[[2]string]string // Evidence sheet texts
}

// addf records a problem at a cell address (or sheet, or path).
func (im *importer) addf(where, format string, args ...any) {
	im.problems = append(im.problems, tot.Problem{Path: where, Message: fmt.Sprintf(format, args...)})
	im.bad[where] = true
}

// at returns the cell at 1-based col and row of rows, "" when absent.
func at(rows [][]string, col, row int) string {
	if row < 1 || row > len(rows) {
		return ""
	}
	return atCol(rows[row-1], col)
}

// atCol returns the cell at 1-based col of a row, "" when absent.
func atCol(cells []string, col int) string {
	if col < 1 || col > len(cells) {
		return ""
	}
	return cells[col-1]
}

func addr(sheet string, col, row int) string { return sheet + "!" + cell(col, row) }

// stream calls fn with the number and cells (raw values) of every row of
// a sheet, empty rows included, streaming them with excelize's row
// iterator; fn returns false to stop. Reading different sheets of one file
// at once is safe (excelize's row iterator is).
func stream(f *excelize.File, sheet string, fn func(row int, cells []string) bool) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		return err
	}
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			rows.Close()
			return err
		}
		if !fn(n, cells) {
			break
		}
	}
	return rows.Close()
}

// async runs fn in a goroutine; wait returns its error, a panic in it
// (excelize is not hardened against every malformed file) as an error.
// The goroutine is the importer's: run waits for it before it returns,
// whatever happens.
func (im *importer) async(fn func() error) (wait func() error) {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("malformed workbook: %v", p)
			}
		}()
		done <- fn()
	}()
	wait = sync.OnceValue(func() error { return <-done })
	im.pending = append(im.pending, wait)
	return wait
}

// collect returns the first maxRows rows of a sheet, each cut to maxCols
// cells (0: all).
func (im *importer) collect(sheet string, maxRows, maxCols int) ([][]string, error) {
	var out [][]string // out[r-1] is row r: stream yields every row
	err := stream(im.f, sheet, func(r int, cells []string) bool {
		if r > maxRows {
			return false
		}
		if maxCols > 0 && len(cells) > maxCols {
			cells = cells[:maxCols]
		}
		out = append(out, cells)
		return true
	})
	return out, err
}

func (im *importer) run() (*tot.Decision, error) {
	defer func() {
		for _, wait := range im.pending {
			wait()
		}
	}()
	for _, s := range []string{SheetMatrix, SheetCriteria, SheetRationale, SheetEvidence, SheetSummary} {
		if idx, err := im.f.GetSheetIndex(s); err != nil || idx < 0 {
			im.addf(s, "sheet is missing")
		}
	}
	if idx, err := im.f.GetSheetIndex(SheetMetadata); err == nil && idx >= 0 {
		rows, err := im.collect(SheetMetadata, excelize.TotalRows, 1)
		if err == nil {
			im.meta, err = readMetadata(rows)
		}
		if err != nil {
			im.addf(SheetMetadata, "%v", err)
		}
	}
	if len(im.problems) > 0 {
		return nil, invalid(im.problems)
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
	crit, err := im.collect(SheetCriteria, critRowSource, 0)
	if err != nil {
		im.addf(SheetCriteria, "cannot read the sheet: %v", err)
	}
	d.Criteria = im.criteria(crit, base.Criteria)

	// The largest sheets are read at the same time: the Rationale and the
	// Evidence each in a goroutine, the formula scans in another once the
	// Matrix header says which columns are inputs, the Matrix here. Each
	// keeps its problems; they are added in this fixed order after all
	// are read, so the result does not depend on timing.
	var grids [2]grid
	waitGrid := [2]func() error{}
	for i, sheet := range []string{SheetRationale, SheetEvidence} {
		waitGrid[i] = im.async(func() (err error) {
			grids[i], err = readGrid(im.f, sheet)
			return err
		})
	}
	sum, err := im.collect(SheetSummary, excelize.TotalRows, 2)
	if err != nil {
		im.addf(SheetSummary, "cannot read the sheet: %v", err)
	}
	im.summaryRows(sum)
	var scans []formulaScan
	var waitScans func() error
	startScans := func() {
		if waitScans == nil {
			checks := im.formulaChecks()
			waitScans = im.async(func() error {
				scans = scanFormulas(im.zr, checks)
				return nil
			})
		}
	}
	var rows []rawRow
	header := false // stream yields every row: the header before the data
	err = stream(im.f, SheetMatrix, func(r int, cells []string) bool {
		switch {
		case r == matRowHeader:
			header = true
			im.matrixHeader(cells, d.Criteria)
			startScans()
		case r >= matFirstRow:
			rows = append(rows, rawRow{r, cells})
		}
		return true
	})
	switch {
	case !header && err == nil:
		im.matrixHeader(nil, d.Criteria)
	case !header:
		im.scoreCol = make([]int, len(d.Criteria)) // unread: no column
	}
	startScans()
	for i, sheet := range []string{SheetRationale, SheetEvidence} {
		werr := waitGrid[i]()
		for _, p := range grids[i].problems {
			im.addf(p.Path, "%s", p.Message)
		}
		if werr != nil {
			im.addf(sheet, "cannot read the sheet: %v", werr)
		}
	}
	im.rationale, im.evidence = grids[0].cells, grids[1].cells
	scanErr := waitScans()
	if err != nil {
		im.addf(SheetMatrix, "cannot read the sheet: %v", err)
	}
	d.Alternatives = im.alternatives(rows, d.Criteria, base.Alternatives)
	im.summary(sum, &d, base)
	if scanErr != nil {
		im.addf("", "cannot look for formulas: %v", scanErr)
	}
	im.applyFormulas(scans)
	im.validate(&d)
	if len(im.problems) > 0 {
		return nil, invalid(im.problems)
	}
	return &d, nil
}

// rawRow is a row of the Matrix as read: its number and cells.
type rawRow struct {
	r     int
	cells []string
}

// validate adds the problems Decision.Validate finds, at the cells that
// hold the values.
func (im *importer) validate(d *tot.Decision) {
	err := d.Validate()
	if err == nil {
		return
	}
	verr, ok := err.(*tot.ValidationError)
	if !ok {
		im.problems = append(im.problems, tot.Problem{Message: err.Error()})
		return
	}
	for _, p := range verr.Problems {
		where, ok := im.cellOf(p.Path, d)
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
}

// formulaCheck is a sheet and the cells of it Import reads as input.
type formulaCheck struct {
	sheet string
	want  func(col, row int) bool
}

// formulaScan is what scanning one sheet for formulas found.
type formulaScan struct {
	sheet string
	cells []formulaCell
	total int
	err   error
}

// formulaChecks returns the input cells of the Criteria, Matrix and
// Summary sheets; it needs the Matrix's score columns and the Summary's
// rows.
func (im *importer) formulaChecks() []formulaCheck {
	scoreCols := map[int]bool{}
	for _, c := range im.scoreCol {
		scoreCols[c] = true
	}
	sumInputs := map[int]bool{}
	for _, l := range []string{sumTitle, sumID, sumContext, sumThreshold, sumCloseCall, sumSelected, sumRationale} {
		if r, ok := im.sumRowOf[l]; ok {
			sumInputs[r] = true
		}
	}
	return []formulaCheck{
		{SheetCriteria, func(col, row int) bool {
			return col >= critFirstCol && row >= critRowID && row <= critRowSource && row != critRowNormWeight
		}},
		{SheetMatrix, func(col, row int) bool {
			return row >= matFirstRow && (col == matColID || col == matColName || scoreCols[col])
		}},
		{SheetSummary, func(col, row int) bool { return col == 2 && sumInputs[row] }},
	}
}

// scanFormulas finds the formulas in the input cells of each check (see
// formulas.go). It touches nothing but zr, so that it runs while the
// sheets are read.
func scanFormulas(zr *zip.Reader, checks []formulaCheck) []formulaScan {
	parts, err := sheetParts(zr)
	if err != nil {
		return []formulaScan{{err: fmt.Errorf("cannot find the sheets of the workbook: %v", err)}}
	}
	var out []formulaScan
	for _, c := range checks {
		sc := formulaScan{sheet: c.sheet}
		part, ok := parts[strings.ToLower(c.sheet)]
		if !ok {
			// excelize found the sheet (a missing one stops Import
			// earlier), so its part must be found too.
			sc.err = errors.New("cannot find the sheet's part in the workbook")
		} else {
			sc.cells, sc.total, sc.err = formulaCells(zr, part, c.want, maxFormulaProblems)
			if sc.err != nil {
				sc.err = fmt.Errorf("cannot read the sheet: %v", sc.err)
			}
		}
		out = append(out, sc)
	}
	return out
}

// applyFormulas rejects formulas in the cells Import reads as input: each
// replaces the problems already found at its cell.
func (im *importer) applyFormulas(scans []formulaScan) {
	for _, sc := range scans {
		if sc.err != nil {
			im.addf(sc.sheet, "%v", sc.err)
			continue
		}
		for _, fc := range sc.cells {
			where := addr(sc.sheet, fc.col, fc.row)
			im.problems = slices.DeleteFunc(im.problems, func(p tot.Problem) bool { return p.Path == where })
			im.addf(where, "holds the formula =%s: type the value (Import does not recalculate formulas and does not trust their cached values)", fc.formula)
		}
		if sc.total > len(sc.cells) {
			im.addf(sc.sheet, "%d more input cells hold formulas", sc.total-len(sc.cells))
		}
	}
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
	return im.numberIn(sheet, at(rows, col, row), col, row, what)
}

// numberIn reads a required number cell s at col and row of sheet.
func (im *importer) numberIn(sheet, s string, col, row int, what string) (float64, bool) {
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
			blo, bhi := b.Scale.Bounds()
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

// grid is what readGrid read: the texts of the non-empty cells by
// alternative and criterion ID, and the problems found.
type grid struct {
	cells    map[[2]string]string
	problems []tot.Problem
}

// readGrid reads a sheet shaped like the Matrix (Rationale, Evidence): the
// criterion IDs of row 2 name the columns and the alternative IDs of
// column A the rows. Rows and columns may be reordered, added and removed;
// cells of IDs no longer in the Matrix are ignored by the caller. Text
// in a row without an alternative ID or in a column without a criterion
// ID, a second column for a criterion and a second row for an
// alternative are problems. It touches nothing but f, so that grids are
// read while the rest of the workbook is.
func readGrid(f *excelize.File, sheet string) (grid, error) {
	g := grid{cells: map[[2]string]string{}}
	addf := func(where, format string, args ...any) {
		g.problems = append(g.problems, tot.Problem{Path: where, Message: fmt.Sprintf(format, args...)})
	}
	var critOf []string // criterion ID of each column (index col-1)
	firstCol := map[string]int{}
	firstRow := map[string]int{}
	header := false
	checkHeader := func(cells []string) {
		header = true
		if got := atCol(cells, matColID); got != hdrID {
			addf(addr(sheet, matColID, matRowHeader), "header %q, want %q: the sheet's layout was changed", got, hdrID)
		}
		critOf = make([]string, len(cells))
		for col := matFirstCrit; col <= len(cells); col++ {
			id := cells[col-1]
			if id == "" {
				continue
			}
			if prev, dup := firstCol[id]; dup {
				addf(addr(sheet, col, matRowHeader), "second column for criterion %q (first in column %s)", id, colName(prev))
				continue
			}
			firstCol[id] = col
			critOf[col-1] = id
		}
	}
	err := stream(f, sheet, func(r int, cells []string) bool {
		switch {
		case r == matRowHeader:
			checkHeader(cells)
		case r >= matFirstRow:
			alt := atCol(cells, matColID)
			if alt != "" {
				if prev, dup := firstRow[alt]; dup {
					addf(addr(sheet, matColID, r), "second row for alternative %q (first in row %d)", alt, prev)
					return true
				}
				firstRow[alt] = r
			}
			for col := matFirstCrit; col <= len(cells); col++ {
				t := cells[col-1]
				crit := ""
				if col <= len(critOf) {
					crit = critOf[col-1]
				}
				switch {
				case t == "" || (alt == "" || crit == "") && strings.TrimSpace(t) == "":
					continue // blank
				case alt == "":
					addf(addr(sheet, matColID, r), "alternative ID is missing")
					return true
				case crit == "":
					addf(addr(sheet, col, r), "text in a column without a criterion ID in row %d", matRowHeader)
					continue
				}
				g.cells[[2]string{alt, crit}] = t
			}
		}
		return true
	})
	if err == nil && !header {
		checkHeader(nil)
	}
	return g, err
}

// colName returns the letters of a 1-based column.
func colName(col int) string {
	s, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return strconv.Itoa(col)
	}
	return s
}

// alternatives reads the data rows of the Matrix.
func (im *importer) alternatives(rows []rawRow, crits []tot.Criterion, base []tot.Alternative) []tot.Alternative {
	byID := map[string]int{}
	for i := len(base) - 1; i >= 0; i-- {
		byID[base[i].ID] = i
	}
	var out []tot.Alternative
	for _, row := range rows {
		if a, ok := im.alternative(row.r, row.cells, crits, base, byID); ok {
			out = append(out, a)
			im.altRow = append(im.altRow, row.r)
		}
	}
	return out
}

// matrixHeader reads the header row of the Matrix: the score column of
// each criterion.
func (im *importer) matrixHeader(cells []string, crits []tot.Criterion) {
	const s = SheetMatrix
	if got := atCol(cells, matColID); got != hdrID {
		im.addf(addr(s, matColID, matRowHeader), "header %q, want %q: the sheet's layout was changed", got, hdrID)
	}
	im.scoreCol = make([]int, len(crits))
	for j, c := range crits {
		for col := matFirstCrit; col <= len(cells); col++ {
			if cells[col-1] == c.ID {
				im.scoreCol[j] = col
				break
			}
		}
		if im.scoreCol[j] == 0 {
			im.addf(fmt.Sprintf("%s!%d:%d", s, matRowHeader, matRowHeader), "no score column for criterion %q", c.ID)
		}
	}
}

// alternative reads the Matrix row r; it reports false for an empty row
// and one without an ID.
func (im *importer) alternative(r int, cells []string, crits []tot.Criterion, base []tot.Alternative, byID map[string]int) (tot.Alternative, bool) {
	const s = SheetMatrix
	id, name := atCol(cells, matColID), atCol(cells, matColName)
	empty := strings.TrimSpace(id+name) == ""
	for _, col := range im.scoreCol {
		if col > 0 && strings.TrimSpace(atCol(cells, col)) != "" {
			empty = false
		}
	}
	if empty {
		return tot.Alternative{}, false
	}
	if id == "" {
		im.addf(addr(s, matColID, r), "alternative ID is missing")
		return tot.Alternative{}, false
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
		v, ok := im.numberIn(s, atCol(cells, col), col, r, "score")
		if !ok {
			continue
		}
		if x != nil && x.Value != nil {
			v = keepNum(v, *x.Value, true)
		}
		sc.Value = v
		rat, ev := im.rationale[k], im.evidence[k]
		sc.Rationale = rat
		if x != nil && x.Rationale != nil {
			sc.Rationale = keepText(rat, *x.Rationale, true)
		}
		sc.Evidence = splitEvidence(ev)
		if x != nil && x.Evidence != nil && ev == cellText(joinEvidence(*x.Evidence)) {
			sc.Evidence = *x.Evidence
		}
		a.Scores[c.ID] = sc
	}
	return a, true
}

// summaryRows finds the row of each label of the Summary (the first, if
// a label is there twice).
func (im *importer) summaryRows(rows [][]string) {
	im.sumRowOf = map[string]int{}
	for r := 1; r <= len(rows); r++ {
		if l := at(rows, 1, r); l != "" {
			if _, dup := im.sumRowOf[l]; !dup {
				im.sumRowOf[l] = r
			}
		}
	}
}

func (im *importer) summary(rows [][]string, d *tot.Decision, base tot.Decision) {
	const s = SheetSummary
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
