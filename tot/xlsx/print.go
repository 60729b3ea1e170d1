package xlsx

import (
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Column widths are in characters of the default font; row heights in
// points (a line of the default 11-point font takes 15 points).
const (
	minColWidth   = 8
	maxColWidth   = 40
	lineHeight    = 15.0
	maxRowHeight  = 409.0 // the largest row height a sheet allows
	paperA4       = 9     // OOXML paper size code of A4
	widthPadding  = 2     // characters added to the longest line
	maxWidthProbe = 4096  // bytes of a text measured (longer texts wrap anyway)
)

// textWidth returns the length in characters of the longest line of s
// (measured on its first maxWidthProbe bytes).
func textWidth(s string) int {
	if len(s) > maxWidthProbe {
		s = s[:maxWidthProbe]
	}
	w := 0
	for line := range strings.SplitSeq(s, "\n") {
		w = max(w, utf8.RuneCountInString(line))
	}
	return w
}

// fitWidth returns a column width that shows the longest line of the
// texts unwrapped, between minColWidth and limit.
func fitWidth(limit int, texts ...string) float64 {
	w := 0
	for _, s := range texts {
		w = max(w, textWidth(s))
	}
	return float64(min(max(w+widthPadding, minColWidth), limit))
}

// wrappedLines returns how many lines s takes when wrapped in a column of
// width characters (each paragraph at least one line). The width of a
// column counts the widest digit of the default font; an average letter
// is narrower, so a line holds about charsPerWidth characters per unit.
func wrappedLines(s string, width float64) int {
	const charsPerWidth = 1.1
	per := max(int(width*charsPerWidth)-2, 1)
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		n += max(1, (utf8.RuneCountInString(line)+per-1)/per)
		if float64(n)*lineHeight >= maxRowHeight {
			break
		}
	}
	return n
}

// rowHeight returns the height in points of a row whose cells wrap to at
// most lines lines.
func rowHeight(lines int) float64 {
	return min(float64(max(lines, 1))*lineHeight+2, maxRowHeight)
}

// printSetup sets a sheet up for printing before its stream writer is
// created: A4 landscape, one page wide (and one page tall when onePage),
// the used range in its dimension element, and the print titles repeated
// on every page (titles is a defined-name reference such as "$1:$2", or
// "").
func (e *exporter) printSetup(sheet, dimension string, onePage bool, titles string) error {
	f := e.f
	if err := f.SetSheetDimension(sheet, dimension); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	tall := 0 // as many pages tall as needed
	if onePage {
		tall = 1
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: ptr(paperA4), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(tall),
	}); err != nil {
		return err
	}
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: ptr(0.5), Right: ptr(0.5), Top: ptr(0.6), Bottom: ptr(0.6), Header: ptr(0.3), Footer: ptr(0.3),
	}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L&A&R" + headerFooterText(e.d.Title), OddFooter: "&CPage &P of &N",
	}); err != nil {
		return err
	}
	if titles == "" {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: sheet + "!" + titles, Scope: sheet})
}

// headerFooterText returns s for a page header: '&' (the header's control
// character) doubled, cut to 60 characters on one line, so that no text of
// the decision acts as a header code.
func headerFooterText(s string) string {
	s = cellText(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:59]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}
