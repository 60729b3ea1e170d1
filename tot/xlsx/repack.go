package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"time"
)

// zipDate and zipTime are the MS-DOS date and time of every entry:
// 2000-01-01 00:00:00, the date of the document properties. (The zero
// MS-DOS date, which excelize writes, is the invalid 1980-00-00.) No
// extended timestamp is written, so every reader sees the same local date.
const (
	zipDate = (2000-1980)<<9 | 1<<5 | 1
	zipTime = 0
)

const contentTypesPart = "[Content_Types].xml"

// repack rewrites the ZIP container excelize produced with its entries in
// a fixed order ([Content_Types].xml first, then by name) and fixed
// timestamps, copying the compressed data as it is, and sorts the entries
// of [Content_Types].xml. excelize writes streamed sheets and the image
// content types in map order, so its own output is not byte-stable.
func repack(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(x, y *zip.File) int {
		if px, py := x.Name == contentTypesPart, y.Name == contentTypesPart; px != py {
			if px {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Name, y.Name)
	})
	var out bytes.Buffer
	out.Grow(len(b))
	zw := zip.NewWriter(&out)
	for _, f := range files {
		if f.Name == contentTypesPart {
			if err := writeContentTypes(zw, f); err != nil {
				return nil, err
			}
			continue
		}
		h := f.FileHeader
		h.Modified = time.Time{}
		//lint:ignore SA1019 CreateRaw writes the MS-DOS fields as they are; it does not derive them from Modified
		h.ModifiedDate, h.ModifiedTime = zipDate, zipTime
		h.Extra = nil
		h.Comment = ""
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return nil, err
		}
		r, err := f.OpenRaw()
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, r); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// contentTypes is the [Content_Types].xml part of an OPC package.
type contentTypes struct {
	XMLName   xml.Name          `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentDefault  `xml:"Default"`
	Overrides []contentOverride `xml:"Override"`
}

type contentDefault struct {
	Extension   string `xml:",attr"`
	ContentType string `xml:",attr"`
}

type contentOverride struct {
	PartName    string `xml:",attr"`
	ContentType string `xml:",attr"`
}

// writeContentTypes writes f, the content types part, with its entries
// sorted.
func writeContentTypes(zw *zip.Writer, f *zip.File) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	var ct contentTypes
	if err := xml.NewDecoder(r).Decode(&ct); err != nil {
		return err
	}
	slices.SortFunc(ct.Defaults, func(a, b contentDefault) int { return strings.Compare(a.Extension, b.Extension) })
	slices.SortStableFunc(ct.Overrides, func(a, b contentOverride) int { return strings.Compare(a.PartName, b.PartName) })
	b, err := xml.Marshal(&ct)
	if err != nil {
		return err
	}
	h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate}
	//lint:ignore SA1019 the MS-DOS fields without Modified: no extended timestamp, the same date as the raw entries
	h.ModifiedDate, h.ModifiedTime = zipDate, zipTime
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
