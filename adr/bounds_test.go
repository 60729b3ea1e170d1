package adr_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/deliberate-dev/deliberate/adr"
)

// nested returns n lines of depth-deep block quotes ("> > … > x"), with a
// title, or lists when marker is "- ".
func nested(marker string, depth, lines int) []byte {
	var b strings.Builder
	b.WriteString("# Title\n\n## Context\n\n")
	row := strings.Repeat(marker, depth) + "x\n"
	for range lines {
		b.WriteString(row)
	}
	return []byte(b.String())
}

// indented returns a list nested by indentation: item i is indented by 2i
// spaces, so that the last one is depth items deep.
func indented(depth int) []byte {
	var b strings.Builder
	b.WriteString("# Title\n\n## Context\n\n")
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return []byte(b.String())
}

// Parse bounds its input size and nesting depth before parsing the
// Markdown, and accepts inputs at the bounds.
func TestParseBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		ok   bool
	}{
		{"quotes at MaxNesting", nested("> ", adr.MaxNesting, 10), true},
		{"quotes beyond MaxNesting", nested("> ", adr.MaxNesting+1, 1), false},
		{"quotes without spaces beyond MaxNesting", nested(">", adr.MaxNesting+1, 1), false},
		{"lists at MaxNesting", nested("- ", adr.MaxNesting, 10), true},
		{"lists beyond MaxNesting", nested("- ", adr.MaxNesting+1, 1), false},
		{"ordered lists beyond MaxNesting", nested("1. ", adr.MaxNesting+1, 1), false},
		{"mixed beyond MaxNesting", nested("> - ", adr.MaxNesting/2+1, 1), false},
		{"200 kB of nested quotes", nested(">", 200_000, 1), false},
		{"lists indented to MaxNesting", indented(adr.MaxNesting), true},
		{"lists indented beyond MaxNesting", indented(adr.MaxNesting + 1), false},
		{"deep indentation of text is no nesting", []byte("# T\n\n## C\n\n```\n" + strings.Repeat(" ", 200) + "x\n```\n"), true},
		{"a long rule is no nesting", []byte("# T\n\n## Context\n\n" + strings.Repeat("-", 100_000) + "\n" + strings.Repeat("*", 1000) + "\n"), true},
		{"numbers are no lists", []byte("# T\n\n## Context\n\n" + strings.Repeat("1.5 ", 10_000) + "\n"), true},
		{"at MaxSize", append([]byte("# T\n\n"), []byte(strings.Repeat("word ", (adr.MaxSize-5)/5)+strings.Repeat(" ", (adr.MaxSize-5)%5))...), true},
		{"beyond MaxSize", make([]byte, adr.MaxSize+1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "at MaxSize" && len(tc.src) != adr.MaxSize {
				t.Fatalf("test input is %d bytes, want %d", len(tc.src), adr.MaxSize)
			}
			_, err := adr.Parse(tc.src)
			if tc.ok && err != nil {
				t.Errorf("Parse: %v, want no error", err)
			}
			if !tc.ok && !errors.Is(err, adr.ErrTooLarge) {
				t.Errorf("Parse = %v, want ErrTooLarge", err)
			}
		})
	}
}

// BenchmarkParseNested parses 200 kB of block quotes, and of lists nested
// by indentation, at the deepest nesting Parse accepts, and 200 kB of one
// nesting too deep (rejected before goldmark).
func BenchmarkParseNested(b *testing.B) {
	row := len(strings.Repeat("> ", adr.MaxNesting) + "x\n")
	for _, bc := range []struct {
		name string
		src  []byte
	}{
		{"MaxNesting", nested("> ", adr.MaxNesting, 200_000/row)},
		{"TooDeep", nested(">", 200_000, 1)},
		{"IndentedMaxNesting", []byte(strings.Repeat(string(indented(adr.MaxNesting))+"\n", 200_000/len(indented(adr.MaxNesting))))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.src)))
			for b.Loop() {
				_, _ = adr.Parse(bc.src)
			}
		})
	}
}
