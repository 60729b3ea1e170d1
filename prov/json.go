package prov

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// ErrSyntax is returned (wrapped) for input that is not well-formed
// PROV-JSON, PROV-N or PROV-YAML.
var ErrSyntax = errors.New("prov: syntax error")

// SyntaxError reports a problem in the input at a path (PROV-JSON, PROV-YAML)
// or a line and column (PROV-N). It unwraps to ErrSyntax.
type SyntaxError struct {
	Format string // "PROV-JSON", "PROV-N" or "PROV-YAML"
	Where  string // a JSON/YAML path such as "entity.ex:e1.prov:type", or "line 3, column 7"
	Msg    string
}

// Error formats the error as "format: where: message".
func (e *SyntaxError) Error() string {
	if e.Where == "" {
		return fmt.Sprintf("%s: %s", e.Format, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Format, e.Where, e.Msg)
}

// Unwrap returns ErrSyntax.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// jsonReader reads PROV-JSON with a streaming json.Decoder so that object
// members are seen in the order in which they are written.
type jsonReader struct {
	dec    *json.Decoder
	conv   *converter
	finish []func() // completes the containers read once conv is done
}

func (jr *jsonReader) errf(where, format string, args ...any) error {
	return jsonErrorf(where, format, args...)
}

func jsonErrorf(where, format string, args ...any) error {
	return &SyntaxError{Format: "PROV-JSON", Where: where, Msg: fmt.Sprintf(format, args...)}
}

func (jr *jsonReader) token(where string) (json.Token, error) {
	t, err := jr.dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, jr.errf(where, "%v", err)
	}
	return t, nil
}

func (jr *jsonReader) expectDelim(where string, d json.Delim) error {
	t, err := jr.token(where)
	if err != nil {
		return err
	}
	if t != d {
		return jr.errf(where, "expected %q, found %s", d, describeToken(t))
	}
	return nil
}

func describeToken(t json.Token) string {
	if d, ok := t.(json.Delim); ok {
		return strconv.Quote(string(d))
	}
	return describeValue(t) // the decoder uses UseNumber: no float64
}

// key reads the next object key, or returns ok=false at the closing brace.
func (jr *jsonReader) key(where string) (string, bool, error) {
	t, err := jr.token(where)
	if err != nil {
		return "", false, err
	}
	switch v := t.(type) {
	case string:
		return v, true, nil
	case json.Delim:
		if v == '}' {
			return "", false, nil
		}
	}
	return "", false, jr.errf(where, "expected a member name, found %s", describeToken(t))
}

// ReadJSON reads a W3C PROV-JSON document. Records are kept in the order in
// which they appear; since JSON objects are unordered, the attributes of a
// record are taken in order of name (the values of one attribute keep their
// array order). Literal values are kept exactly as written: JSON numbers
// keep their text.
func ReadJSON(r io.Reader) (*Document, error) {
	jr := &jsonReader{dec: json.NewDecoder(r), conv: newConverter()}
	defer jr.conv.stop() // in case r panics
	jr.dec.UseNumber()
	d := &Document{}
	err := jr.document(d)
	// A problem in a record comes before anything the decoder found after
	// it.
	if cerr := jr.conv.wait(); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, err
	}
	for _, f := range jr.finish {
		f()
	}
	return d, nil
}

func (jr *jsonReader) document(d *Document) error {
	if err := jr.expectDelim("", '{'); err != nil {
		return err
	}
	if err := jr.container(&d.Container, "", d); err != nil {
		return err
	}
	if _, err := jr.dec.Token(); err != io.EOF {
		return jr.errf("", "unexpected data after the document")
	}
	return nil
}

// container reads the members of a document or bundle object after its '{'.
// d is nil inside a bundle.
func (jr *jsonReader) container(c *Container, path string, d *Document) error {
	recs := new(recordBuf) // filled by jr.conv
	for {
		k, ok, err := jr.key(path)
		if err != nil {
			return err
		}
		if !ok {
			jr.finish = append(jr.finish, func() { c.Records = recs.appendTo(c.Records) })
			return nil
		}
		where := join(path, k)
		switch {
		case k == "prefix":
			if err := jr.prefixes(c, where); err != nil {
				return err
			}
		case k == "bundle" && d != nil:
			if err := jr.expectDelim(where, '{'); err != nil {
				return err
			}
			for {
				id, ok, err := jr.key(where)
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				b := d.NewBundle(QName(id))
				if err := jr.expectDelim(join(where, id), '{'); err != nil {
					return err
				}
				if err := jr.container(&b.Container, join(where, id), nil); err != nil {
					return err
				}
			}
		default:
			kind, ok := kindByName[k]
			if !ok {
				return jr.errf(where, "unknown record kind %q", k)
			}
			if err := jr.records(recs, kind, where); err != nil {
				return err
			}
		}
	}
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func (jr *jsonReader) prefixes(c *Container, where string) error {
	if err := jr.expectDelim(where, '{'); err != nil {
		return err
	}
	for {
		p, ok, err := jr.key(where)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		t, err := jr.token(join(where, p))
		if err != nil {
			return err
		}
		uri, isStr := t.(string)
		if !isStr {
			return jr.errf(join(where, p), "namespace must be a string, found %s", describeToken(t))
		}
		c.AddNamespace(p, uri)
	}
}

// records reads the records of one kind. Their bodies are decoded here and
// converted by jr.conv.
func (jr *jsonReader) records(c *recordBuf, kind Kind, where string) error {
	if err := jr.expectDelim(where, '{'); err != nil {
		return err
	}
	for {
		id, ok, err := jr.key(where)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		// Each record body is decoded in one call. Decoding into an
		// interface takes the path of encoding/json without reflection.
		var body any
		if err := jr.dec.Decode(&body); err != nil {
			return jr.errf(join(where, id), "%v", err)
		}
		if !jr.conv.add(pending{c, kind, where, id, body}) {
			return errConversion
		}
	}
}

// errConversion stops reading after a conversion error, which
// converter.wait reports.
var errConversion = errors.New("prov: conversion failed")

// pending is a decoded record body (or array of bodies) to convert.
type pending struct {
	recs      *recordBuf
	kind      Kind
	where, id string
	body      any
}

// convert converts p's body into records.
func (cv *converter) convert(p *pending) error {
	switch b := p.body.(type) {
	case map[string]any:
		return cv.record(p.recs, p.kind, recPath{p.where, p.id, -1}, b)
	case []any:
		for i, e := range b {
			m, ok := e.(map[string]any)
			if !ok {
				return jsonErrorf(recPath{p.where, p.id, i}.String(), "expected a record object, found %s", describeValue(e))
			}
			if err := cv.record(p.recs, p.kind, recPath{p.where, p.id, i}, m); err != nil {
				return err
			}
		}
		return nil
	}
	return jsonErrorf(join(p.where, p.id), "expected a record object, found %s", describeValue(p.body))
}

// converter converts decoded record bodies into records on a goroutine of
// its own, in the order in which they were decoded, while the decoder reads
// on: the two halves of reading share the work of a large document.
type converter struct {
	// Used by the reader only.
	batch   []pending
	stopped bool
	// Shared.
	ch     chan []pending
	free   chan []pending // batches for reuse
	done   chan struct{}
	failed atomic.Bool // err is set
	// Used by the goroutine only, and by the reader once done is closed.
	err   error    // the first conversion error
	names []string // reused by record
	strs  strCache
}

// strCache lets records share the strings that documents repeat: attribute
// names, datatypes, times, short values. It remembers the last string seen
// for each of a fixed number of hash values.
type strCache struct {
	seed  maphash.Seed
	slots [1 << 10]string
}

// maxInterned is the length of the longest literal value interned.
const maxInterned = 40

// intern returns a string equal to s, one seen before if the cache has it.
func (c *strCache) intern(s string) string {
	i := maphash.String(c.seed, s) & (uint64(len(c.slots)) - 1)
	if c.slots[i] == s {
		return c.slots[i]
	}
	c.slots[i] = s
	return s
}

func (cv *converter) intern(s string) string { return cv.strs.intern(s) }

func (cv *converter) internValue(v Value) Value {
	if len(v.Lexical) <= maxInterned {
		v.Lexical = cv.intern(v.Lexical)
	}
	if v.Datatype != "" {
		v.Datatype = QName(cv.intern(string(v.Datatype)))
	}
	if v.Lang != "" {
		v.Lang = cv.intern(v.Lang)
	}
	return v
}

// convBatch is the number of record bodies handed over at once.
const convBatch = 256

func newConverter() *converter {
	cv := &converter{
		ch:   make(chan []pending, 4),
		free: make(chan []pending, 6),
		done: make(chan struct{}),
	}
	cv.strs.seed = maphash.MakeSeed()
	cv.batch = make([]pending, 0, convBatch)
	go cv.run()
	return cv
}

// add queues p; it returns false once a conversion has failed.
func (cv *converter) add(p pending) bool {
	cv.batch = append(cv.batch, p)
	if len(cv.batch) == convBatch {
		cv.ch <- cv.batch
		select {
		case b := <-cv.free:
			cv.batch = b
		default:
			cv.batch = make([]pending, 0, convBatch)
		}
	}
	return !cv.failed.Load()
}

// wait converts what is queued, stops the goroutine and returns the first
// conversion error.
func (cv *converter) wait() error {
	if len(cv.batch) > 0 {
		cv.ch <- cv.batch
	}
	cv.batch = nil
	cv.stop()
	<-cv.done
	return cv.err
}

// stop lets the goroutine end once it has converted what is queued.
func (cv *converter) stop() {
	if !cv.stopped {
		cv.stopped = true
		close(cv.ch)
	}
}

func (cv *converter) run() {
	defer close(cv.done)
	for batch := range cv.ch {
		for i := range batch {
			if cv.err != nil {
				break
			}
			if err := cv.convert(&batch[i]); err != nil {
				cv.err = err
				cv.failed.Store(true)
			}
		}
		clear(batch)
		select {
		case cv.free <- batch[:0]:
		default:
		}
	}
}

// recPath locates a record for error messages: kind path, id and index in
// an array of records (-1 for none).
type recPath struct {
	kind, id string
	index    int
}

func (p recPath) String() string {
	s := join(p.kind, p.id)
	if p.index >= 0 {
		s += "[" + strconv.Itoa(p.index) + "]"
	}
	return s
}

func describeValue(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "string " + strconv.Quote(x)
	case json.Number:
		return "number " + string(x)
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// argIndex returns the index of the PROV-JSON formal attribute name among
// kind's arguments, or -1.
func argIndex(kind Kind, name string) int {
	local, ok := strings.CutPrefix(name, "prov:")
	if !ok {
		return -1
	}
	for i, a := range kinds[kind].args {
		if a == local {
			return i
		}
	}
	return -1
}

// recordBuf collects the records of a container in chunks, so that records
// are copied once, into a slice of the exact size, however many there are.
type recordBuf struct {
	full [][]Record // full chunks
	cur  []Record
	n    int
}

func (b *recordBuf) add(r Record) {
	if len(b.cur) == cap(b.cur) {
		if b.cur != nil {
			b.full = append(b.full, b.cur)
		}
		b.cur = make([]Record, 0, min(max(16, 2*cap(b.cur)), 1<<14))
	}
	b.cur = append(b.cur, r)
	b.n++
}

// appendTo returns recs followed by the collected records.
func (b *recordBuf) appendTo(recs []Record) []Record {
	if recs == nil && len(b.full) == 0 {
		return b.cur
	}
	recs = slices.Grow(recs, b.n)
	for _, c := range b.full {
		recs = append(recs, c...)
	}
	return append(recs, b.cur...)
}

// record converts one decoded record object. JSON objects are unordered, so
// attributes are taken in order of name; the values of one attribute keep
// their array order.
func (cv *converter) record(c *recordBuf, kind Kind, rp recPath, m map[string]any) error {
	r := Record{Kind: kind}
	if !strings.HasPrefix(rp.id, "_:") {
		r.ID = QName(rp.id)
	}
	names := cv.names[:0]
	nattrs := 0 // attribute values
	for k, v := range m {
		names = append(names, k)
		if argIndex(kind, k) < 0 {
			if l, ok := v.([]any); ok {
				nattrs += len(l)
			} else {
				nattrs++
			}
		}
	}
	slices.Sort(names)
	cv.names = names
	if nattrs > 0 {
		r.Attrs = make([]Attr, 0, nattrs)
	} else if n := len(names) - len(kinds[kind].args); n > 0 {
		r.Attrs = make([]Attr, 0, n) // empty, not nil, as always
	}
	var extraMembers []string
	for _, name := range names {
		raw := m[name]
		if i := argIndex(kind, name); i >= 0 {
			vals, ok := raw.([]any)
			if !ok {
				vals = []any{raw}
			}
			if len(vals) == 0 {
				return jsonErrorf(join(rp.String(), name), "no value")
			}
			if len(vals) > 1 && !(kind == KindMembership && i == 1) {
				return jsonErrorf(join(rp.String(), name), "%s takes one value, found %d", name, len(vals))
			}
			for j, v := range vals {
				s, ok := v.(string)
				if !ok {
					return jsonErrorf(join(rp.String(), name), "%s must be a string, found %s", name, describeValue(v))
				}
				if j == 0 {
					if kind.IsTimeArg(i) {
						s = cv.intern(s)
					}
					r.Args[i] = s
				} else {
					extraMembers = append(extraMembers, s)
				}
			}
			continue
		}
		if l, ok := raw.([]any); ok {
			for _, e := range l {
				v, err := cv.value(e, name, rp)
				if err != nil {
					return err
				}
				r.Attrs = append(r.Attrs, Attr{Name: QName(cv.intern(name)), Value: cv.internValue(v)})
			}
			continue
		}
		v, err := cv.value(raw, name, rp)
		if err != nil {
			return err
		}
		r.Attrs = append(r.Attrs, Attr{Name: QName(cv.intern(name)), Value: cv.internValue(v)})
	}
	c.add(r)
	for _, mem := range extraMembers {
		c.add(Record{Kind: KindMembership, Args: [MaxArgs]string{r.Args[0], mem}})
	}
	return nil
}

func scalar(x any) (Value, bool) {
	switch v := x.(type) {
	case string:
		return Value{Lexical: v}, true
	case json.Number:
		s := string(v)
		if strings.ContainsAny(s, ".eE") {
			return Value{Lexical: s, Datatype: TypeDouble}, true
		}
		return Value{Lexical: s, Datatype: TypeInt}, true
	case bool:
		return Value{Lexical: strconv.FormatBool(v), Datatype: TypeBoolean}, true
	}
	return Value{}, false
}

func (cv *converter) value(x any, name string, rp recPath) (Value, error) {
	path := rp.String
	if v, ok := scalar(x); ok {
		return v, nil
	}
	m, ok := x.(map[string]any)
	if !ok {
		return Value{}, jsonErrorf(join(path(), name), "expected a value, found %s", describeValue(x))
	}
	var v Value
	lex, ok := m["$"]
	if !ok {
		return Value{}, jsonErrorf(join(path(), name), `typed literal without "$"`)
	}
	s, ok := scalar(lex)
	if !ok {
		return Value{}, jsonErrorf(join(path(), name)+".$", "expected a literal, found %s", describeValue(lex))
	}
	v.Lexical = s.Lexical
	for k, x := range m {
		if literalMember(&v, k, x) != "" {
			return Value{}, literalProblem(m, join(path(), name))
		}
	}
	return v, nil
}

// literalMember sets v from the member k of a typed literal, or returns
// what is wrong with the member.
func literalMember(v *Value, k string, x any) string {
	switch k {
	case "$":
	case "type", "lang":
		s, ok := x.(string)
		if !ok {
			return "expected a string, found " + describeValue(x)
		}
		if k == "type" {
			v.Datatype = QName(s)
		} else {
			v.Lang = s
		}
	default:
		return fmt.Sprintf("unknown member %q of a typed literal", k)
	}
	return ""
}

// literalProblem reports the problem with the typed literal m at where
// that comes first in order of member name, so that the report does not
// depend on the order of the map.
func literalProblem(m map[string]any, where string) error {
	var v Value
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if msg := literalMember(&v, k, m[k]); msg != "" {
			return jsonErrorf(where+"."+k, "%s", msg)
		}
	}
	return nil // not reached: m has a problem
}

// WriteJSON writes d as W3C PROV-JSON. Records are grouped by kind in the
// order of the Kind constants; within a kind they keep document order, and
// records sharing an identifier are written as one JSON array at the place of
// the first. Records without an identifier get blank-node keys "_:id1",
// "_:id2", ... numbered per document or bundle.
func (d *Document) WriteJSON(w io.Writer) error {
	if err := d.checkKinds(); err != nil {
		return err
	}
	jw := &jsonWriter{w: w, buf: make([]byte, 0, jsonFlushSize+4096)}
	jw.container(&d.Container, 0, d.Bundles)
	jw.buf = append(jw.buf, '\n')
	jw.flush()
	return jw.err
}

// jsonArgNames are the PROV-JSON names of each kind's arguments, quoted and
// followed by the member separator.
var jsonArgNames = func() (names [kindCount][]string) {
	for k := range names {
		for _, a := range kinds[k].args {
			names[k] = append(names[k], `"prov:`+a+`": `)
		}
	}
	return names
}()

// jsonFlushSize is the amount of buffered output that jsonWriter hands to
// the underlying writer at once.
const jsonFlushSize = 1 << 16

// jsonWriter appends the output to buf and writes it out in pieces of
// jsonFlushSize bytes; err is the first write error.
type jsonWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func (jw *jsonWriter) flush() {
	if jw.err == nil && len(jw.buf) > 0 {
		_, jw.err = jw.w.Write(jw.buf)
	}
	jw.buf = jw.buf[:0]
}

// spaces is the indentation of the deepest lines written (depth 6, a record
// in an array in a bundle).
const spaces = "                "

// indent starts a new line indented by n levels.
func (jw *jsonWriter) indent(n int) {
	jw.buf = append(jw.buf, '\n')
	for n > len(spaces)/2 {
		jw.buf = append(jw.buf, spaces...)
		n -= len(spaces) / 2
	}
	jw.buf = append(jw.buf, spaces[:2*n]...)
}

// str appends s as a JSON string, escaped as json.Marshal escapes it.
func (jw *jsonWriter) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always marshals
			jw.buf = append(jw.buf, b...)
			return
		}
	}
	jw.buf = append(jw.buf, '"')
	jw.buf = append(jw.buf, s...)
	jw.buf = append(jw.buf, '"')
}

// member appends the object member name s (escaped) and the separator.
func (jw *jsonWriter) member(s string) {
	jw.str(s)
	jw.buf = append(jw.buf, ": "...)
}

func (jw *jsonWriter) container(c *Container, depth int, bundles []*Bundle) {
	jw.buf = append(jw.buf, '{')
	first := true
	member := func(name string) {
		if !first {
			jw.buf = append(jw.buf, ',')
		}
		first = false
		jw.indent(depth + 1)
		jw.member(name)
	}
	if c.Default != "" || len(c.Namespaces) > 0 {
		member("prefix")
		jw.buf = append(jw.buf, '{')
		n := 0
		for _, ns := range c.Namespaces {
			if n > 0 {
				jw.buf = append(jw.buf, ',')
			}
			n++
			jw.indent(depth + 2)
			jw.member(ns.Prefix)
			jw.str(ns.URI)
		}
		if c.Default != "" {
			if n > 0 {
				jw.buf = append(jw.buf, ',')
			}
			jw.indent(depth + 2)
			jw.buf = append(jw.buf, `"default": `...)
			jw.str(c.Default)
		}
		jw.indent(depth + 1)
		jw.buf = append(jw.buf, '}')
	}
	// Group records by kind, then by identifier (first occurrence order).
	var count [kindCount]int
	for i := range c.Records {
		if k := c.Records[i].Kind; k < kindCount {
			count[k]++
		}
	}
	byKind := make([]int, len(c.Records))
	var start [kindCount + 1]int
	for k := KindEntity; k < kindCount; k++ {
		start[k+1] = start[k] + count[k]
	}
	pos := start
	for i := range c.Records {
		if k := c.Records[i].Kind; k != 0 && k < kindCount {
			byKind[pos[k]] = i
			pos[k]++
		}
	}
	var g grouper
	anon := 0
	for k := KindEntity; k < kindCount; k++ {
		idx := byKind[start[k]:start[k+1]]
		if len(idx) == 0 {
			continue
		}
		member(kinds[k].name)
		jw.buf = append(jw.buf, '{')
		g.group(c.Records, idx)
		for gi, i := range idx {
			if g.later(gi) {
				continue // written with the first record of its id
			}
			if gi > 0 {
				jw.buf = append(jw.buf, ',')
			}
			jw.indent(depth + 2)
			if id := c.Records[i].ID; id != "" {
				jw.member(string(id))
			} else {
				anon++
				jw.buf = append(jw.buf, `"_:id`...)
				jw.buf = strconv.AppendInt(jw.buf, int64(anon), 10)
				jw.buf = append(jw.buf, `": `...)
			}
			if !g.shared(gi) {
				jw.record(&c.Records[i], depth+2)
				continue
			}
			jw.buf = append(jw.buf, '[')
			for j, n := gi, 0; j >= 0; j, n = g.next[j], n+1 {
				if n > 0 {
					jw.buf = append(jw.buf, ',')
				}
				jw.indent(depth + 3)
				jw.record(&c.Records[idx[j]], depth+3)
			}
			jw.indent(depth + 2)
			jw.buf = append(jw.buf, ']')
		}
		jw.indent(depth + 1)
		jw.buf = append(jw.buf, '}')
	}
	if len(bundles) > 0 {
		member("bundle")
		jw.buf = append(jw.buf, '{')
		for i, b := range bundles {
			if i > 0 {
				jw.buf = append(jw.buf, ',')
			}
			jw.indent(depth + 2)
			jw.member(string(b.ID))
			jw.container(&b.Container, depth+2, nil)
		}
		jw.indent(depth + 1)
		jw.buf = append(jw.buf, '}')
	}
	if !first {
		jw.indent(depth)
	}
	jw.buf = append(jw.buf, '}')
}

// grouper groups the records of one kind by identifier, in order of first
// occurrence. Each anonymous record forms a group of its own.
type grouper struct {
	next  []int // position of the next record with the same id, or -1
	flags []uint8
	first map[QName]int // position of the last record seen for each id
}

const (
	groupLater  = 1 << iota // not the first record of its id
	groupShared             // the first of several records with one id
)

func (g *grouper) group(recs []Record, idx []int) {
	g.next = slices.Grow(g.next[:0], len(idx))[:len(idx)]
	g.flags = slices.Grow(g.flags[:0], len(idx))[:len(idx)]
	clear(g.flags)
	if g.first == nil {
		g.first = make(map[QName]int, len(idx))
	} else {
		clear(g.first)
	}
	for n, i := range idx {
		g.next[n] = -1
		id := recs[i].ID
		if id == "" {
			continue
		}
		if last, ok := g.first[id]; ok {
			g.next[last] = n
			g.flags[n] |= groupLater
		}
		g.first[id] = n
	}
	// A group is shared when its first record has a successor.
	for n := range idx {
		if g.flags[n]&groupLater == 0 && g.next[n] >= 0 {
			g.flags[n] |= groupShared
		}
	}
}

// later reports whether the record at position n is not the first of its id.
func (g *grouper) later(n int) bool { return g.flags[n]&groupLater != 0 }

// shared reports whether the record at position n starts a group of several.
func (g *grouper) shared(n int) bool { return g.flags[n]&groupShared != 0 }

func (jw *jsonWriter) record(r *Record, depth int) {
	if len(jw.buf) >= jsonFlushSize {
		jw.flush()
	}
	jw.buf = append(jw.buf, '{')
	n := 0
	sep := func() {
		if n > 0 {
			jw.buf = append(jw.buf, ',')
		}
		n++
		jw.indent(depth + 1)
	}
	for i, name := range jsonArgNames[r.Kind] {
		if r.Args[i] == "" {
			continue
		}
		sep()
		jw.buf = append(jw.buf, name...)
		jw.str(r.Args[i])
	}
	// Attributes: repeated names become one array at the first occurrence.
	for i := range r.Attrs {
		name := r.Attrs[i].Name
		count, earlier := 0, false
		for j := range r.Attrs {
			if r.Attrs[j].Name == name {
				if j < i {
					earlier = true
					break
				}
				count++
			}
		}
		if earlier {
			continue
		}
		sep()
		jw.member(string(name))
		if count == 1 {
			jw.value(r.Attrs[i].Value)
			continue
		}
		jw.buf = append(jw.buf, '[')
		k := 0
		for j := i; j < len(r.Attrs); j++ {
			if r.Attrs[j].Name == name {
				if k > 0 {
					jw.buf = append(jw.buf, ", "...)
				}
				k++
				jw.value(r.Attrs[j].Value)
			}
		}
		jw.buf = append(jw.buf, ']')
	}
	if n > 0 {
		jw.indent(depth)
	}
	jw.buf = append(jw.buf, '}')
}

func (jw *jsonWriter) value(v Value) {
	switch {
	case v.Lang != "":
		jw.buf = append(jw.buf, `{"$": `...)
		jw.str(v.Lexical)
		jw.buf = append(jw.buf, `, "lang": `...)
		jw.str(v.Lang)
		jw.buf = append(jw.buf, '}')
	case v.Datatype == "":
		jw.str(v.Lexical)
	default:
		jw.buf = append(jw.buf, `{"$": `...)
		jw.str(v.Lexical)
		jw.buf = append(jw.buf, `, "type": `...)
		jw.str(string(v.Datatype))
		jw.buf = append(jw.buf, '}')
	}
}
