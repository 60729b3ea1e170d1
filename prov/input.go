package prov

import (
	"errors"
	"fmt"
	"io"
)

// ErrSyntax is returned (wrapped) for input that is not well-formed
// PROV-JSON, PROV-N or PROV-YAML.
var ErrSyntax = errors.New("prov: syntax error")

// ErrTooLarge is returned (wrapped) for input beyond a reader's size bound
// (MaxInputSize, MaxRecordSize).
var ErrTooLarge = errors.New("prov: input too large")

// MaxInputSize is the largest PROV-JSON or PROV-N input, in bytes, that
// ReadJSON and ReadProvN accept (256 MiB, about 2 million records); larger
// input is an error wrapping ErrTooLarge, found without reading past the
// bound. Reading takes about three times the input size in memory.
const MaxInputSize = 256 << 20

// MaxRecordSize is the largest PROV-YAML record, in bytes, that ReadRecord
// accepts (4 MiB; a record of the seed schema is a few kilobytes); larger
// input is an error wrapping ErrTooLarge.
const MaxRecordSize = 4 << 20

// SyntaxError reports a problem in the input at a location: a JSON pointer
// (RFC 6901) for PROV-JSON, a YAML path for PROV-YAML, a line and column for
// PROV-N. It unwraps to ErrSyntax and to Err.
type SyntaxError struct {
	Format string // "PROV-JSON", "PROV-N" or "PROV-YAML"
	Where  string // "/entity/ex:e1/prov:type", "entity.attributes.n" or "line 3, column 7"
	Msg    string
	Err    error // the underlying condition (jsontext.ErrDuplicateName, ErrTooLarge, ...), or nil
}

// Error formats the error as "format: where: message".
func (e *SyntaxError) Error() string {
	if e.Where == "" {
		return fmt.Sprintf("%s: %s", e.Format, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Format, e.Where, e.Msg)
}

// Unwrap returns ErrSyntax and Err.
func (e *SyntaxError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrSyntax}
	}
	return []error{ErrSyntax, e.Err}
}

// readAll reads r to its end, or fails with a *SyntaxError of the format
// wrapping ErrTooLarge once it has more than limit bytes.
func readAll(r io.Reader, format string, limit int64) ([]byte, error) {
	b, err := io.ReadAll(&limitedReader{r: r, n: limit})
	if errors.Is(err, ErrTooLarge) {
		return nil, tooLarge(format, limit)
	}
	return b, err
}

func tooLarge(format string, limit int64) error {
	return &SyntaxError{Format: format, Msg: fmt.Sprintf("input larger than %d bytes", limit), Err: ErrTooLarge}
}

// limitedReader reads from r until n bytes have been read, then fails with
// ErrTooLarge if r has more.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		if n, err := io.ReadFull(l.r, one[:]); n == 0 {
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			return 0, err
		}
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
