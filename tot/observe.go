package tot

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/deliberate-dev/deliberate/internal/diag"
)

// Bounds of an observation file, per line.
const (
	// maxObservationLine is the longest line (CSV record or JSON Lines
	// line) accepted, in bytes.
	maxObservationLine = 64 << 10
	// maxMetricLength is the longest metric name, in bytes.
	maxMetricLength = 256
)

// The formats of observation files.
const (
	formatCSV = iota
	formatJSONLines
)

// Observations reads observations from r one at a time, without holding
// the file in memory: JSON Lines ({"time":…,"metric":…,"value":…}, each
// member exactly once, no others; blank lines skipped) when the first
// non-blank byte is "{", otherwise RFC 4180 CSV with a header row naming the
// columns time, metric and value (in any order, each once, no others; a
// byte order mark is skipped). Times are RFC 3339 with a time zone,
// values finite numbers, metric names non-empty without control
// characters. The sequence yields each observation with a nil error, or a
// zero Observation with an error that names the line (a *ValidationError
// wrapping ErrInvalid), and goes on with the next line after a bad
// one; an I/O error or an unreadable CSV header ends it. Metric names are
// interned: observations of one metric share one string. A line may hold
// at most 64 KiB and a metric name 256 bytes; a longer line is an error
// that ends the sequence.
func Observations(r io.Reader) iter.Seq2[Observation, error] {
	return func(yield func(Observation, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		in := interner{}
		if detect(br) == formatJSONLines {
			readJSONLines(br, in, yield)
			return
		}
		readCSV(br, in, yield)
	}
}

// ReadObservations reads a whole observation file (see Observations) and
// returns its observations in file order, or every problem found (capped
// at diag.MaxProblems, each naming its line) as one *ValidationError that
// wraps ErrInvalid.
func ReadObservations(r io.Reader) ([]Observation, error) {
	var out []Observation
	var l diag.List
	for o, err := range Observations(r) {
		if err == nil {
			out = append(out, o)
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) {
			return nil, err
		}
		for _, p := range ve.Problems {
			l.Add(p)
		}
	}
	if err := l.Err(ErrInvalid); err != nil {
		return nil, err
	}
	if out == nil {
		out = []Observation{}
	}
	return out, nil
}

// detect peeks at the first non-blank byte.
func detect(br *bufio.Reader) int {
	b, _ := br.Peek(4096) // fewer bytes at the end of a short input
	switch i := bytes.IndexFunc(b, func(r rune) bool { return r != ' ' && r != '\t' && r != '\r' && r != '\n' }); {
	case i >= 0 && b[i] == '{':
		return formatJSONLines
	default: // CSV, also after a byte order mark from a spreadsheet
		return formatCSV
	}
}

type interner map[string]string

// intern returns the one copy of s that observations share.
func (in interner) intern(s string) string {
	if c, ok := in[s]; ok {
		return c
	}
	in[s] = s
	return s
}

// lineProblem is the error for one bad line: Path names the field (empty
// for the line as a whole), Line the line.
func lineProblem(line, col int, field, format string, args ...any) error {
	p := diag.Problem{Path: field, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
	return &ValidationError{Kind: ErrInvalid, Problems: []Problem{p}}
}

// checkObservation validates the three fields of one observation.
func checkObservation(line int, metric, ts, value string, in interner) (Observation, error) {
	var l diag.List
	add := func(field, format string, args ...any) {
		l.Add(diag.Problem{Path: field, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	var o Observation
	switch m := metric; {
	case len(m) == 0:
		add("metric", "missing")
	case len(m) > maxMetricLength:
		add("metric", "longer than %d bytes", maxMetricLength)
	case !utf8.ValidString(m) || strings.ContainsFunc(m, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		add("metric", "%q contains invalid UTF-8 or control characters", m)
	default:
		o.Metric = in.intern(m)
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	switch {
	case ts == "":
		add("time", "missing")
	case err != nil:
		add("time", "%q is not an RFC 3339 time with a time zone (e.g. 2026-01-31T09:00:00Z)", ts)
	case t.IsZero() || t.Year() < 1:
		add("time", "%q is the zero time", ts)
	default:
		o.Time = t
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	switch {
	case value == "":
		add("value", "missing")
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		add("value", "%q is not a finite number", value)
	default:
		o.Value = v
	}
	if err := l.Err(ErrInvalid); err != nil {
		return Observation{}, err
	}
	return o, nil
}

func readCSV(br *bufio.Reader, in interner, yield func(Observation, error) bool) {
	// A byte order mark from a spreadsheet is not part of the header.
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(&lineLimiter{r: br, max: maxObservationLine})
	cr.ReuseRecord = true
	cr.FieldsPerRecord = 3
	head, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			err = lineProblem(1, 0, "", "empty file: the header time,metric,value is required")
		} else if !errors.Is(err, errLongLine) {
			err = lineProblem(1, 0, "", "unreadable header: %v", err)
		}
		yield(Observation{}, err)
		return
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup || (h != "time" && h != "metric" && h != "value") {
			yield(Observation{}, lineProblem(1, i+1, "", "the header must name the columns time, metric and value once each, got %q", strings.Join(head, ",")))
			return
		}
		col[h] = i
	}
	ti, mi, vi := col["time"], col["metric"], col["value"]
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, errLongLine) {
				if !yield(Observation{}, lineProblem(pe.Line, pe.Column, "", "%v", pe.Err)) {
					return
				}
				continue
			}
			yield(Observation{}, err)
			return
		}
		line, _ := cr.FieldPos(0)
		o, err := checkObservation(line, rec[mi], rec[ti], rec[vi], in)
		if !yield(o, err) {
			return
		}
	}
}

// errLongLine is returned for a line longer than maxObservationLine.
var errLongLine = errors.New("line too long")

// lineLimiter passes r through, failing with errLongLine when a line runs
// longer than max bytes, so that one huge CSV field cannot take the
// memory.
type lineLimiter struct {
	r   io.Reader
	max int
	cur int // bytes since the last newline
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.cur = 0
			continue
		}
		l.cur++
		if l.cur > l.max {
			return i, fmt.Errorf("%w: longer than %d bytes", errLongLine, l.max)
		}
	}
	return n, err
}

func readJSONLines(br *bufio.Reader, in interner, yield func(Observation, error) bool) {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 4096), maxObservationLine+1) // +1: the newline
	line := 0
	dec := jsontext.NewDecoder(bytes.NewReader(nil))
	var rd bytes.Reader
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		rd.Reset(b)
		dec.Reset(&rd)
		o, err := jsonObservation(dec, line, in)
		if !yield(o, err) {
			return
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = lineProblem(line+1, 0, "", "longer than %d bytes", maxObservationLine)
		}
		yield(Observation{}, err)
	}
}

// jsonObservation reads one JSON Lines object; duplicate and unknown
// members are errors.
func jsonObservation(dec *jsontext.Decoder, line int, in interner) (Observation, error) {
	fail := func(format string, args ...any) (Observation, error) {
		return Observation{}, lineProblem(line, int(dec.InputOffset())+1, "", format, args...)
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return fail("%v", err)
	}
	if tok.Kind() != '{' {
		return fail("want a JSON object, got %s", tok.Kind())
	}
	var metric, ts, value string
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return fail("%v", err)
		}
		key := name.String()
		v, err := dec.ReadToken()
		if err != nil {
			return fail("%v", err)
		}
		switch key {
		case "metric", "time":
			if v.Kind() != '"' {
				return fail("%s: want a string, got %s", key, v.Kind())
			}
			if key == "metric" {
				metric = v.String()
			} else {
				ts = v.String()
			}
		case "value":
			if v.Kind() != '0' {
				return fail("value: want a number, got %s", v.Kind())
			}
			value = v.String()
		default:
			return fail("unknown member %q (want time, metric and value)", key)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return fail("%v", err)
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return fail("more than one JSON value on the line")
	}
	return checkObservation(line, metric, ts, value, in)
}
