package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Import never recalculates a formula, so a formula in a cell it reads as
// input (a score, a weight, a threshold, an ID, ...) could only be read
// through the value cached with it, which may be stale (a hand-written
// "=1+1" cached as 9) or absent (openpyxl and excelize write formulas
// without a cached value). Such cells are rejected with their address.
//
// excelize's row iterator, which Import reads values with, does not report
// formulas, and GetCellFormula loads a whole sheet into memory; so the
// sheets are scanned here once more, streaming, for <c> elements with an
// <f> child. Only the element and attribute names of SpreadsheetML are
// read; every value still comes from excelize.

// maxFormulaProblems bounds the formula cells reported per sheet.
const maxFormulaProblems = 20

// sheetParts maps the sheet names of a workbook, in lower case, to their
// part names, from xl/workbook.xml and its relationships.
func sheetParts(zr *zip.Reader) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(zr, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := decodePart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := target[s.RID]; ok {
			parts[strings.ToLower(s.Name)] = t // sheet names are case-insensitive
		}
	}
	return parts, nil
}

// openPart opens a part of the container by name (ZIP names are
// case-sensitive; OOXML part names are not).
func openPart(zr *zip.Reader, name string) (io.ReadCloser, error) {
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), name) {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("part %s is missing", name)
}

func decodePart(zr *zip.Reader, name string, v any) error {
	r, err := openPart(zr, name)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := xml.NewDecoder(r).Decode(v); err != nil {
		return fmt.Errorf("part %s: %v", name, err)
	}
	return nil
}

// formulaCell is a cell holding a formula.
type formulaCell struct {
	col, row int
	formula  string
}

// formulaCells streams the sheet part and returns the formula cells for
// which want(col, row) holds, at most limit of them, and how many there
// are in all.
func formulaCells(zr *zip.Reader, part string, want func(col, row int) bool, limit int) ([]formulaCell, int, error) {
	r, err := openPart(zr, part)
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	dec := xml.NewDecoder(r)
	var (
		out               []formulaCell
		total             int
		row, col          int
		wanted, seen, inF bool // in a wanted cell; its formula seen; in the <f>
		formula           strings.Builder
	)
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return out, total, nil
		}
		if err != nil {
			return out, total, fmt.Errorf("part %s: %v", part, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row++
				if n, err := strconv.Atoi(attr(t, "r")); err == nil {
					row = n
				}
				col = 0
			case "c":
				col++
				if v := attr(t, "r"); v != "" {
					if c, r, err := excelize.CellNameToCoordinates(v); err == nil {
						col, row = c, r
					}
				}
				wanted, seen = want(col, row), false
			case "f":
				if wanted && !seen {
					seen, inF = true, true
					formula.Reset()
					if attr(t, "t") == "shared" && attr(t, "ref") == "" {
						formula.WriteString("(shared formula)")
					}
				}
			}
		case xml.CharData:
			if inF && formula.Len() < 60 {
				formula.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "f":
				inF = false
			case "c":
				if seen {
					total++
					if len(out) < limit {
						out = append(out, formulaCell{col: col, row: row, formula: formula.String()})
					}
				}
				wanted = false
			}
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}
