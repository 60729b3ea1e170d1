// Package xlsx exports a decision matrix (a tot.Decision) as a live
// spreadsheet workbook and reads it back after people have edited it. It is
// the only package of the module that imports excelize.
//
// # Workbook
//
// Export writes seven sheets, in this order:
//
//   - Matrix: one row per alternative (ID, name), one score column per
//     criterion (row 1 names the criterion, row 2 holds its ID), then the
//     composite (0–100, the sum of the alternative's points), the
//     competition rank, the number of critical gates failed, whether the
//     composite is below the threshold, and viability, then two hidden
//     columns with the series of the Summary chart (the recommended
//     alternative's composite, empty in the other rows, and the
//     threshold). Scores are validated against their criterion's scale and
//     coloured by a three-colour scale (reversed for cost criteria); the
//     header rows and the ID and name columns are frozen. Matrix comes
//     first so that tools converting only the first sheet (LibreOffice's
//     CSV export) convert it.
//   - Points, Rationale and Evidence: grids of the Matrix's shape, so that
//     the score in Matrix!E7 has its contribution in composite points in
//     Points!E7 (a formula reading the Matrix), its rationale in
//     Rationale!E7 and its evidence (IDs separated by commas) in
//     Evidence!E7. Their rows are found by the alternative ID in column A
//     and their columns by the criterion ID in row 2.
//   - Criteria: one column per criterion: ID, name, weight (as given),
//     normalised weight (formula), scale min and max, direction (benefit or
//     cost), critical gate, description and source.
//   - Summary: title, ID, context, method, threshold and close-call margin
//     (inputs the formulas read), then formulas for the number of viable
//     alternatives, the recommended alternative, its composite, the
//     runner-up's, the margin and the close call; the selection and its
//     rationale; and a column chart of the composites: every bar in one
//     colour, the recommended alternative's in another, the threshold as a
//     dashed line (Okabe–Ito colours, distinguishable with colour
//     blindness); the chart reads the Matrix, so it follows edits.
//   - Metadata (hidden): JSON with everything the other sheets do not show
//     (descriptions, pros and cons, risks, triggers, evidence, declared
//     numbers, nodes, ...) and the exact form of values the cells round.
//
// The formulas read defined names rather than cell ranges: Weights,
// NormWeights, ScaleMin, ScaleMax, Directions, Gates and CriterionIDs on the
// Criteria sheet, AlternativeIDs, Composites, Ranks and Viable on the Matrix
// sheet, Threshold and CloseCallMargin on the Summary sheet. A contribution
// (Points!C3) reads
//
//	100*INDEX(NormWeights,1)*IF(INDEX(Directions,1)="cost",INDEX(ScaleMax,1)-Matrix!C3,Matrix!C3-INDEX(ScaleMin,1))/(INDEX(ScaleMax,1)-INDEX(ScaleMin,1))
//
// which is tot.Evaluate's weighted sum: the score mapped linearly from its
// criterion's scale to 0–1, reversed for cost criteria, times the
// normalised weight, times 100. Gates are inclusive (a cost gate is an upper
// bound), so is the threshold, and composites within tot's tie tolerance
// (1e-9 relative) share a rank, as in tot.Evaluate; the composite is rounded
// to 12 decimals as Evaluate rounds it. Changing a weight, a score, a scale,
// a direction, a gate or the threshold in a spreadsheet application
// recomputes everything as Evaluate would. Only array-free functions
// available in Excel 2010 and LibreOffice are used (SUMPRODUCT evaluates
// the array expressions). For a decision whose Method is not the weighted
// sum, the composites are the values Evaluate computed (no formulas, no
// contributions) and the Summary says so; ranks, gates and viability are
// still formulas.
//
// Every formula cell carries the value tot.Evaluate computed as its cached
// value, so readers that do not recalculate (openpyxl with data_only=True,
// excelize's GetRows) see the library's numbers; the workbook also asks
// applications to recalculate fully on load. Numbers are rounded to 15
// significant digits before they are written (the precision of a cell); NaN
// and infinities are never written: Export validates the decision first
// and refuses one whose computed values are not finite (a scale as wide as
// [-1e308, 1e308] overflows).
//
// # Printing
//
// Every visible sheet prints on A4 landscape, one page wide (the Summary
// on one page), with the sheet name, the decision's title and page
// numbers in the page header and footer; the Matrix repeats its two header
// rows on every page, and so do the grids; the Criteria its label
// column. Columns are as wide as their header names (up to 40 characters
// wide, 16 for scores and points, 24 for evidence); longer names,
// descriptions, rationales and evidence lists wrap and their rows are made tall enough to show them. Each
// sheet declares its used range in its dimension element, which streaming
// readers (openpyxl in read-only mode) rely on.
//
// # Untrusted text
//
// Every text of the decision (IDs, names, rationales, ...) is written as a
// string cell, never as a formula, whatever it starts with (=, +, -, @, tab,
// CR, LF), and no formula, drop-down list or defined name is built from
// decision text. A spreadsheet application therefore shows
// =HYPERLINK("http://x","y") as that text. CSV files that an application
// exports from the workbook contain such texts as they are; whoever imports
// those CSV files again must treat them as text (OWASP CSV injection).
//
// # Determinism
//
// The same decision gives byte-identical workbooks: the document
// properties carry a fixed date (2000-01-01) instead of the current time,
// and the ZIP container is rewritten with its entries in a fixed order and
// a fixed, valid MS-DOS timestamp (2000-01-01 00:00).
//
// # Import
//
// Import reads the visible sheets as people edited them and the hidden
// metadata for the rest; Import(Export(d)) equals d. Problems are reported
// all at once with cell addresses, as a *tot.ValidationError. See Import.
//
// Import bounds what it reads (input size, number of parts, decompressed
// size, compression ratio: a zip bomb is refused from the ZIP directory),
// streams the sheets row by row with excelize's row iterator, and rejects
// formulas in the cells it reads as input rather than trusting their
// cached values. See Import.
//
// Large matrices are written with excelize's StreamWriter. The grids keep
// the cell count at one cell per score and sheet, which is what reading a
// large matrix costs: on a 2-core test machine, exporting 5,000
// alternatives × 40 criteria takes about 2 s, and importing it about
// 1.3 s (2 s of CPU time: Import reads the largest sheets at the same
// time); see BenchmarkExport and BenchmarkImport.
package xlsx
