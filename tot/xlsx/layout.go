package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Sheet names, in workbook order. Matrix comes first so that tools that
// convert only the first sheet (LibreOffice's CSV export) convert it.
//
// Matrix, Points, Rationale and Evidence are grids of the same shape: the
// score of an alternative on a criterion, its points, its rationale and its
// evidence are in the same cell (Matrix!E7, Points!E7, Rationale!E7,
// Evidence!E7).
const (
	SheetMatrix    = "Matrix"
	SheetPoints    = "Points"
	SheetRationale = "Rationale"
	SheetEvidence  = "Evidence"
	SheetCriteria  = "Criteria"
	SheetSummary   = "Summary"
	// SheetMetadata is hidden; it holds what the other sheets do not show.
	SheetMetadata = "Metadata"
)

// Defined names the formulas use.
const (
	nameCriterionIDs   = "CriterionIDs"
	nameWeights        = "Weights"
	nameNormWeights    = "NormWeights"
	nameScaleMin       = "ScaleMin"
	nameScaleMax       = "ScaleMax"
	nameDirections     = "Directions"
	nameGates          = "Gates"
	nameAlternativeIDs = "AlternativeIDs"
	nameComposites     = "Composites"
	nameRanks          = "Ranks"
	nameViable         = "Viable"
	nameThreshold      = "Threshold"
	nameCloseCall      = "CloseCallMargin"
)

// Criteria sheet: one column per criterion from column B, one row per
// attribute; column A holds the labels.
const (
	critRowID          = 1
	critRowName        = 2
	critRowWeight      = 3
	critRowNormWeight  = 4
	critRowScaleMin    = 5
	critRowScaleMax    = 6
	critRowDirection   = 7
	critRowGate        = 8
	critRowDescription = 9
	critRowSource      = 10
	critFirstCol       = 2
)

// critLabels are the labels of column A of the Criteria sheet, by row.
var critLabels = [...]string{
	critRowID:          "ID",
	critRowName:        "Name",
	critRowWeight:      "Weight",
	critRowNormWeight:  "Normalised weight",
	critRowScaleMin:    "Scale min",
	critRowScaleMax:    "Scale max",
	critRowDirection:   "Direction",
	critRowGate:        "Critical gate",
	critRowDescription: "Description",
	critRowSource:      "Source",
}

// Matrix sheet, and the Points, Rationale and Evidence grids: two header
// rows (criterion names, then IDs and labels), then one row per
// alternative.
const (
	matRowNames  = 1
	matRowHeader = 2
	matFirstRow  = 3
	matColID     = 1
	matColName   = 2
	matFirstCrit = 3
)

// Headers of the Matrix sheet.
const (
	hdrID             = "ID"
	hdrAlternative    = "Alternative"
	hdrComposite      = "Composite"
	hdrRank           = "Rank"
	hdrGateFailures   = "Gate failures"
	hdrBelowThreshold = "Below threshold"
	hdrViable         = "Viable"
	// The two chart columns (hidden) hold the series of the Summary chart
	// that the visible columns do not: the recommended alternative's
	// composite (empty for the others) and the threshold.
	hdrChartRecommended = "Recommended (chart)"
	hdrChartThreshold   = "Threshold (chart)"
)

// matrixLayout gives the columns of a Matrix sheet with n criteria and m
// alternatives; the grids (Points, Rationale, Evidence) have the same
// rows and the same criterion columns, and end after the last criterion.
type matrixLayout struct {
	n, m int
}

func (l matrixLayout) score(j int) int       { return matFirstCrit + j }
func (l matrixLayout) gridLastCol() int      { return max(matColName, matFirstCrit+l.n-1) }
func (l matrixLayout) composite() int        { return matFirstCrit + l.n }
func (l matrixLayout) rank() int             { return l.composite() + 1 }
func (l matrixLayout) gateFailures() int     { return l.composite() + 2 }
func (l matrixLayout) belowThreshold() int   { return l.composite() + 3 }
func (l matrixLayout) viable() int           { return l.composite() + 4 }
func (l matrixLayout) chartRecommended() int { return l.composite() + 5 }
func (l matrixLayout) chartThreshold() int   { return l.composite() + 6 }
func (l matrixLayout) lastCol() int          { return l.chartThreshold() }
func (l matrixLayout) lastRow() int          { return matFirstRow + l.m - 1 }
func (l matrixLayout) row(i int) int         { return matFirstRow + i }

// Summary sheet labels (column A); the values are in column B.
const (
	sumTitle       = "Title"
	sumID          = "ID"
	sumContext     = "Context"
	sumMethod      = "Method"
	sumThreshold   = "Threshold"
	sumCloseCall   = "Close-call margin"
	sumViable      = "Viable alternatives"
	sumRecommended = "Recommended"
	sumRecName     = "Recommended name"
	sumBest        = "Recommended composite"
	sumRunnerUp    = "Runner-up composite"
	sumMargin      = "Margin"
	sumIsClose     = "Close call"
	sumSelected    = "Selected"
	sumRationale   = "Rationale"
)

// sumRows lists the Summary labels in row order (row = index + 1).
var sumRows = []string{
	sumTitle, sumID, sumContext, sumMethod, sumThreshold, sumCloseCall,
	sumViable, sumRecommended, sumRecName, sumBest, sumRunnerUp, sumMargin,
	sumIsClose, sumSelected, sumRationale,
}

// sumRow returns the Summary row of a label.
func sumRow(label string) int {
	for i, l := range sumRows {
		if l == label {
			return i + 1
		}
	}
	panic("xlsx: unknown summary label " + label)
}

// cell returns the A1 reference of a 1-based column and row.
func cell(col, row int) string {
	s, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err) // layouts stay within the sheet limits; Export checks sizes first
	}
	return s
}

// abs returns the absolute reference $C$5.
func abs(col, row int) string {
	s, err := excelize.CoordinatesToCellName(col, row, true)
	if err != nil {
		panic(err)
	}
	return s
}

// rangeRef returns Sheet!$A$1:$B$2.
func rangeRef(sheet string, c1, r1, c2, r2 int) string {
	return fmt.Sprintf("%s!%s:%s", sheet, abs(c1, r1), abs(c2, r2))
}
