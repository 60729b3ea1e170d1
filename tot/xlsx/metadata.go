package xlsx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/deliberate-dev/deliberate/tot"
)

// metaFormat identifies the metadata of this package's workbooks.
const metaFormat = "deliberate-workbook/2"

// metaHeader is the text of Metadata!A1.
const metaHeader = "deliberate workbook metadata (" + metaFormat + "): JSON in column A from row 2; do not edit"

// metaChunk is the most bytes of JSON per cell (ASCII only, well below the
// cell limit).
const metaChunk = 8000

// metadata is what the hidden Metadata sheet holds: the decision without
// its scores (they are in the Matrix and Rationale sheets), and the exact
// form of score parts the cells cannot hold unchanged. Import starts from
// it and applies what people edited in the visible sheets.
type metadata struct {
	Format   string       `json:"format"`
	Decision metaDecision `json:"decision"`
	Scores   []exactScore `json:"scores,omitempty"`
}

// metaDecision is tot.Decision without its methods, so that encoding/json
// writes every field as it is (nil and empty lists stay distinct).
type metaDecision tot.Decision

// exactScore holds the parts of one score that its cells do not carry
// exactly: a value with more than 15 significant digits, a rationale a cell
// cannot hold, an evidence list its comma-separated cell does not give back.
type exactScore struct {
	Alternative string    `json:"alternative"`
	Criterion   string    `json:"criterion"`
	Value       *float64  `json:"value,omitempty"`
	Rationale   *string   `json:"rationale,omitempty"`
	Evidence    *[]string `json:"evidence,omitempty"`
}

// newMetadata returns the metadata of d.
func newMetadata(d *tot.Decision) metadata {
	md := metaDecision(*d)
	md.Alternatives = make([]tot.Alternative, len(d.Alternatives))
	var exact []exactScore
	for i, a := range d.Alternatives {
		a.Scores = nil
		md.Alternatives[i] = a
		for _, c := range d.Criteria {
			s := d.Alternatives[i].Scores[c.ID]
			x := exactScore{Alternative: a.ID, Criterion: c.ID}
			if round15(s.Value) != s.Value {
				x.Value = ptr(s.Value)
			}
			if cellText(s.Rationale) != s.Rationale {
				x.Rationale = ptr(s.Rationale)
			}
			if !slices.Equal(splitEvidence(cellText(joinEvidence(s.Evidence))), s.Evidence) || (s.Evidence != nil && len(s.Evidence) == 0) {
				x.Evidence = ptr(s.Evidence)
			}
			if x.Value != nil || x.Rationale != nil || x.Evidence != nil {
				exact = append(exact, x)
			}
		}
	}
	return metadata{Format: metaFormat, Decision: md, Scores: exact}
}

// encode returns the metadata as ASCII JSON.
func (m *metadata) encode() (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return "", err
	}
	return asciiJSON(strings.TrimSuffix(buf.String(), "\n")), nil
}

// asciiJSON escapes every non-ASCII character of a JSON text as \uXXXX, so
// that any cell holds it unchanged. (encoding/json leaves them raw.)
func asciiJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&b, `\u%04x`, u)
		}
	}
	return b.String()
}

func (e *exporter) metadata() error {
	js, err := e.meta.encode()
	if err != nil {
		return err
	}
	if err := e.f.SetSheetDimension(SheetMetadata, "A1:"+cell(1, 1+(len(js)+metaChunk-1)/metaChunk)); err != nil {
		return err
	}
	sw, err := e.f.NewStreamWriter(SheetMetadata)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{metaHeader}); err != nil {
		return err
	}
	for r := 2; js != ""; r++ {
		n := min(metaChunk, len(js))
		if err := sw.SetRow(cell(1, r), []any{js[:n]}); err != nil {
			return err
		}
		js = js[n:]
	}
	return sw.Flush()
}

// readMetadata decodes the rows of the Metadata sheet.
func readMetadata(rows [][]string) (*metadata, error) {
	if len(rows) == 0 || len(rows[0]) == 0 || rows[0][0] != metaHeader {
		const prefix = "deliberate workbook metadata ("
		if len(rows) > 0 && len(rows[0]) > 0 && strings.HasPrefix(rows[0][0], prefix) {
			if v, _, ok := strings.Cut(rows[0][0][len(prefix):], ")"); ok {
				return nil, fmt.Errorf("the workbook is in format %q, this version reads %q: export the decision again", v, metaFormat)
			}
		}
		return nil, fmt.Errorf("cell A1 does not hold the %s header", metaFormat)
	}
	var b strings.Builder
	for _, r := range rows[1:] {
		if len(r) > 0 {
			b.WriteString(r[0])
		}
	}
	dec := json.NewDecoder(strings.NewReader(b.String()))
	var m metadata
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("column A does not hold valid JSON: %v", err)
	}
	if m.Format != metaFormat {
		return nil, fmt.Errorf("format %q, want %q", m.Format, metaFormat)
	}
	return &m, nil
}
