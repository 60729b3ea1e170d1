package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Bounds on what Import reads. A workbook is a ZIP container whose parts
// excelize decompresses; these bounds are checked on the container's
// central directory before any part is decompressed, so that a small
// hostile file (a "zip bomb") is refused at once, in bounded time and
// memory. Go's archive/zip refuses a part that decompresses to more than
// its directory entry declares, so the declared sizes are binding.
const (
	// maxImportBytes is the largest workbook file Import reads.
	maxImportBytes = 256 << 20
	// maxImportUnzipped bounds the total decompressed size of a
	// workbook's parts (the 5,000 × 40 workbook Export writes decompresses
	// to about 125 MB).
	maxImportUnzipped = 512 << 20
	// maxImportParts bounds the number of parts (ZIP entries) of a
	// workbook (Export writes 17).
	maxImportParts = 1000
	// maxInMemoryPart bounds each part that excelize holds in memory:
	// every part but the worksheets and the shared strings, which it
	// spills to a private temporary directory beyond this size.
	maxInMemoryPart = 16 << 20
	// maxRatio bounds the compression ratio of a part that decompresses to
	// more than ratioFloor bytes. Deflate cannot exceed about 1032:1; a
	// part near that is a run of one byte, not a worksheet.
	maxRatio   = 1000
	ratioFloor = 1 << 20
)

// readBounded reads r up to maxImportBytes.
func readBounded(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxImportBytes {
		return nil, fmt.Errorf("the file is larger than %d MiB", maxImportBytes>>20)
	}
	return b, nil
}

// spilled reports whether excelize may spill the part to a temporary file
// rather than hold it in memory.
func spilled(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	return strings.HasPrefix(n, "xl/worksheets/sheet") || n == "xl/sharedstrings.xml"
}

// checkZip opens b as a ZIP container and checks the bounds above on its
// central directory. It returns the reader for later scans.
func checkZip(b []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("not an xlsx workbook: %v", err)
	}
	if len(zr.File) > maxImportParts {
		return nil, fmt.Errorf("the workbook has %d parts, more than the %d Import reads", len(zr.File), maxImportParts)
	}
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if total > maxImportUnzipped {
			return nil, fmt.Errorf("the workbook decompresses to more than %d MiB", maxImportUnzipped>>20)
		}
		if size > maxInMemoryPart && !spilled(f.Name) {
			return nil, fmt.Errorf("part %q decompresses to %d bytes, more than the %d MiB Import reads for it", f.Name, size, maxInMemoryPart>>20)
		}
		if size > ratioFloor && size > maxRatio*f.CompressedSize64 {
			return nil, fmt.Errorf("part %q decompresses %d bytes to %d (more than %d:1): not a worksheet", f.Name, f.CompressedSize64, size, maxRatio)
		}
	}
	return zr, nil
}
