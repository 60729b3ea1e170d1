package xlsx

import (
	"strings"
	"testing"
)

func TestFitWidth(t *testing.T) {
	tests := []struct {
		limit int
		texts []string
		want  float64
	}{
		{40, nil, minColWidth},
		{40, []string{"ID"}, minColWidth},                        // 2 + 2 < 8
		{40, []string{"Maintainability"}, 17},                    // 15 + 2
		{40, []string{"short", "Below threshold"}, 17},           // the longest text
		{40, []string{"two\nlines of text"}, 15},                 // the longest line: 13 + 2
		{40, []string{strings.Repeat("x", 50)}, 40},              // capped
		{16, []string{"points: maintainability"}, 16},            // capped lower
		{40, []string{strings.Repeat("é", 20)}, 22},              // characters, not bytes
		{40, []string{strings.Repeat("x", maxWidthProbe+9)}, 40}, // long texts measured on a prefix
	}
	for _, tt := range tests {
		if got := fitWidth(tt.limit, tt.texts...); got != tt.want {
			t.Errorf("fitWidth(%d, %q) = %v, want %v", tt.limit, tt.texts, got, tt.want)
		}
	}
}

func TestWrappedLines(t *testing.T) {
	// A column 10 wide holds int(10 × 1.1) - 2 = 9 characters a line.
	tests := []struct {
		s    string
		want int
	}{
		{"", 1},
		{strings.Repeat("x", 9), 1},
		{strings.Repeat("x", 10), 2},
		{strings.Repeat("x", 27), 3},
		{"a\nb\n\nc", 4}, // every paragraph, even an empty one, takes a line
	}
	for _, tt := range tests {
		if got := wrappedLines(tt.s, 10); got != tt.want {
			t.Errorf("wrappedLines(%q, 10) = %d, want %d", tt.s, got, tt.want)
		}
	}
	// The count stops once the tallest row is reached (linear in that, not
	// in the text).
	if got := wrappedLines(strings.Repeat("x\n", 1e6), 10); float64(got)*lineHeight > maxRowHeight+lineHeight {
		t.Errorf("wrappedLines of a million lines = %d, want it to stop near %v points", got, maxRowHeight)
	}
	if got, want := rowHeight(1000), maxRowHeight; got != want {
		t.Errorf("rowHeight(1000) = %v, want the largest row height %v", got, want)
	}
}

func TestHeaderFooterText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Primary database", "Primary database"},
		{"R&D budget", "R&&D budget"}, // & starts a header code
		{"first line\nsecond", "first line"},
		{strings.Repeat("a", 61), strings.Repeat("a", 59) + "…"},
		{strings.Repeat("a", 60), strings.Repeat("a", 60)},
	}
	for _, tt := range tests {
		if got := headerFooterText(tt.in); got != tt.want {
			t.Errorf("headerFooterText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSummaryWidth(t *testing.T) {
	if got := summaryWidth("short context"); got != sumValueWidth {
		t.Errorf("summaryWidth(short) = %v, want %v", got, float64(sumValueWidth))
	}
	// 64 wide holds 68 characters a line and the tallest row 27 lines:
	// 3,000 characters need a wider column; 100,000 get the widest.
	if got := summaryWidth(strings.Repeat("word ", 600)); got <= sumValueWidth || got > maxSumValueWidth {
		t.Errorf("summaryWidth(3,000 characters) = %v, want between %d and %d", got, sumValueWidth, maxSumValueWidth)
	}
	if got := summaryWidth(strings.Repeat("word ", 20000)); got != maxSumValueWidth {
		t.Errorf("summaryWidth(100,000 characters) = %v, want %d", got, maxSumValueWidth)
	}
}
