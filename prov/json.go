package prov

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// ReadJSON reads a W3C PROV-JSON document in one streaming pass. Records
// are kept in the order in which they appear; since JSON objects are
// unordered, the attributes of a record are taken in order of name (the
// values of one attribute keep their array order). Literal values are kept
// exactly as written: JSON numbers keep their text.
//
// The input must be strict JSON (RFC 7493): a duplicated member name (an
// attribute, a prefix, a record identifier) and invalid UTF-8 are errors.
// Every error is a *SyntaxError whose Where is the JSON pointer of the
// offending member. Input is bounded by MaxInputSize bytes; nesting is
// bounded by the PROV-JSON structure itself (at most 8 levels: document,
// bundles, bundle, kind, record array, record, attribute array, typed
// literal), anything deeper being an error where it starts. ReadJSON reads
// on the calling goroutine and holds nothing of the input but the token
// being read.
func ReadJSON(r io.Reader) (*Document, error) { return readJSON(r, MaxInputSize) }

func readJSON(r io.Reader, limit int64) (*Document, error) {
	lr := &limitedReader{r: r, n: limit}
	// The reader checks for duplicate names itself (see nameSet): the
	// decoder's check would keep a second copy of every name.
	jr := &jsonReader{dec: jsontext.NewDecoder(lr, jsontext.AllowDuplicateNames(true))}
	d := &Document{}
	if err := jr.document(d); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, tooLarge("PROV-JSON", limit)
		}
		return nil, err
	}
	return d, nil
}

// jsonReader builds a Document from the tokens of a jsontext.Decoder.
type jsonReader struct {
	dec     *jsontext.Decoder
	attrs   []Attr            // the attributes of the record being read
	members nameSet           // the member names of the record being read
	words   map[string]string // see vocab
}

// fail reports a problem with the value read last.
func (jr *jsonReader) fail(format string, args ...any) error {
	return &SyntaxError{Format: "PROV-JSON", Where: string(jr.dec.StackPointer()), Msg: fmt.Sprintf(format, args...)}
}

// wrap turns an error of the decoder into a *SyntaxError.
func (jr *jsonReader) wrap(err error) error {
	if errors.Is(err, ErrTooLarge) {
		return ErrTooLarge
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	var se *jsontext.SyntacticError
	if !errors.As(err, &se) {
		return &SyntaxError{Format: "PROV-JSON", Where: string(jr.dec.StackPointer()), Msg: err.Error(), Err: err}
	}
	return &SyntaxError{Format: "PROV-JSON", Where: string(se.JSONPointer),
		Msg: fmt.Sprintf("%v (byte offset %d)", se.Err, se.ByteOffset), Err: se.Err}
}

// token reads the next token.
func (jr *jsonReader) token() (jsontext.Token, error) {
	t, err := jr.dec.ReadToken()
	if err != nil {
		return t, jr.wrap(err)
	}
	return t, nil
}

// scalar reads the next value when it is a string, number or literal.
func (jr *jsonReader) scalar() (jsontext.Value, error) {
	v, err := jr.dec.ReadValue()
	if err != nil {
		return nil, jr.wrap(err)
	}
	return v, nil
}

// open reads the '{' of an object; what names the object expected.
func (jr *jsonReader) open(what string) error {
	if k := jr.dec.PeekKind(); k != '{' {
		return jr.unexpected("expected "+what, k)
	}
	_, err := jr.token()
	return err
}

// unexpected reports the next value, of kind k, as not what was expected.
func (jr *jsonReader) unexpected(expected string, k jsontext.Kind) error {
	switch k {
	case '{', '[', '}', ']':
		// The pointer of the value is the pointer of its first member or
		// element; report at the member that holds it.
		return jr.fail("%s, found %s", expected, describe(k, nil))
	case jsontext.KindInvalid:
		_, err := jr.token() // reports the decoder's error
		return err
	}
	v, err := jr.scalar()
	if err != nil {
		return err
	}
	return jr.fail("%s, found %s", expected, describe(k, v))
}

func describe(k jsontext.Kind, v jsontext.Value) string {
	switch k {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '}':
		return "the end of the object"
	case ']':
		return "the end of the array"
	case '"':
		return "string " + string(v)
	case '0':
		return "number " + string(v)
	case 't', 'f':
		return "boolean"
	}
	return "null"
}

// name reads the next member name of an object, or its '}' (ok false). A
// name seen before in seen (when not nil) is an error. Names that repeat
// across objects (attributes, members of literals) are shared (see vocab).
func (jr *jsonReader) name(seen *nameSet, shared bool) (s string, ok bool, err error) {
	if jr.dec.PeekKind() == '}' {
		_, err := jr.token()
		return "", false, err
	}
	v, err := jr.scalar()
	if err != nil {
		return "", false, err
	}
	if shared {
		s = jr.vocab(v)
	} else {
		s = unquote(v)
	}
	if seen != nil && !seen.add(s) {
		return "", false, jr.duplicate(s)
	}
	return s, true, nil
}

// duplicate reports the member name just read as a duplicate.
func (jr *jsonReader) duplicate(name string) error {
	return &SyntaxError{Format: "PROV-JSON", Where: string(jr.dec.StackPointer()),
		Msg: fmt.Sprintf("duplicate member name %q", name), Err: jsontext.ErrDuplicateName}
}

// nameSet holds the member names of one object read so far. Small sets are
// a list; large ones (the records of one kind) a map.
type nameSet struct {
	list []string
	set  map[string]struct{}
}

// add adds name and reports whether it was not in s.
func (s *nameSet) add(name string) bool {
	if len(s.list) < 16 {
		if slices.Contains(s.list, name) {
			return false
		}
		s.list = append(s.list, name)
		return true
	}
	if len(s.set) == 0 {
		s.set = make(map[string]struct{})
		for _, n := range s.list {
			s.set[n] = struct{}{}
		}
	}
	if _, dup := s.set[name]; dup {
		return false
	}
	s.set[name] = struct{}{}
	return true
}

// vocab returns the text of the JSON string v, which is a member name, a
// datatype or a language tag: these repeat throughout a document, so the
// first maxVocab distinct ones are kept and shared.
func (jr *jsonReader) vocab(v jsontext.Value) string {
	if len(v) < 2 || bytes.IndexByte(v, '\\') >= 0 {
		return unquote(v)
	}
	if s, ok := jr.words[string(v[1:len(v)-1])]; ok {
		return s
	}
	s := string(v[1 : len(v)-1])
	if len(jr.words) < maxVocab {
		if jr.words == nil {
			jr.words = make(map[string]string)
		}
		jr.words[s] = s
	}
	return s
}

// maxVocab is the number of distinct strings that vocab shares.
const maxVocab = 1024

// unquote returns the text of the JSON string v.
func unquote(v jsontext.Value) string {
	if len(v) >= 2 && bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1])
	}
	b, _ := jsontext.AppendUnquote(nil, v) // v was validated by the decoder
	return string(b)
}

func (jr *jsonReader) document(d *Document) error {
	if err := jr.container("a PROV-JSON document object", &d.Container, d); err != nil {
		return err
	}
	if _, err := jr.dec.ReadToken(); err != io.EOF {
		if err != nil {
			return jr.wrap(err)
		}
		return &SyntaxError{Format: "PROV-JSON", Msg: "unexpected data after the document"}
	}
	return nil
}

// container reads a document or bundle object (what names the object
// expected). d is nil inside a bundle.
func (jr *jsonReader) container(what string, c *Container, d *Document) error {
	var recs chunks
	err := jr.object(what, func(k string) error {
		switch kind, known := kindByName[k]; {
		case k == "prefix":
			return jr.prefixes(c)
		case k == "bundle" && d != nil:
			return jr.bundles(d)
		case known:
			return jr.records(&recs, kind)
		}
		return jr.fail("unknown record kind %q", k)
	})
	if err != nil {
		return err
	}
	c.Statements = recs.appendTo(c.Statements)
	return nil
}

// object reads an object whose member names are unique (what names the
// object expected), calling fn with each name to read the member's value.
func (jr *jsonReader) object(what string, fn func(name string) error) error {
	if err := jr.open(what); err != nil {
		return err
	}
	var seen nameSet
	for {
		name, ok, err := jr.name(&seen, false)
		if err != nil || !ok {
			return err
		}
		if err := fn(name); err != nil {
			return err
		}
	}
}

func (jr *jsonReader) prefixes(c *Container) error {
	return jr.object("an object of namespaces", func(p string) error {
		if k := jr.dec.PeekKind(); k != '"' {
			return jr.unexpected("namespace must be a string", k)
		}
		v, err := jr.scalar()
		if err != nil {
			return err
		}
		c.AddNamespace(p, unquote(v))
		return nil
	})
}

func (jr *jsonReader) bundles(d *Document) error {
	return jr.object("an object of bundles", func(id string) error {
		return jr.container("a bundle object", &d.NewBundle(QName(id)).Container, nil)
	})
}

// records reads the object of the records of one kind: each member is a
// record object, or an array of them for records that share an identifier.
func (jr *jsonReader) records(c *chunks, kind Kind) error {
	return jr.object("an object of "+kind.String()+" records", func(id string) error {
		if strings.HasPrefix(id, "_:") {
			id = "" // a blank node: a record without identifier
		}
		switch k := jr.dec.PeekKind(); k {
		case '{':
			return jr.record(c, kind, QName(id))
		case '[':
			if _, err := jr.token(); err != nil {
				return err
			}
			for {
				k := jr.dec.PeekKind()
				if k == ']' {
					_, err := jr.token()
					return err
				}
				if k != '{' {
					return jr.unexpected("expected a record object", k)
				}
				if err := jr.record(c, kind, QName(id)); err != nil {
					return err
				}
			}
		default:
			return jr.unexpected("expected a record object", k)
		}
	})
}

// record reads one record object and appends it to c (followed by one
// hadMember record for each further member of a collection).
func (jr *jsonReader) record(c *chunks, kind Kind, id QName) error {
	if _, err := jr.token(); err != nil { // '{'
		return err
	}
	r := Statement{Kind: kind, ID: id}
	attrs := jr.attrs[:0]
	seen := &jr.members
	seen.list = seen.list[:0]
	clear(seen.set)
	var members []string // hadMember entities after the first
	for {
		name, ok, err := jr.name(seen, true)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if i := argIndex(kind, name); i >= 0 {
			if members, err = jr.argument(&r, i, members); err != nil {
				return err
			}
			continue
		}
		if attrs, err = jr.attribute(attrs, QName(name)); err != nil {
			return err
		}
	}
	// JSON objects are unordered: take attributes in order of name.
	slices.SortStableFunc(attrs, func(a, b Attr) int { return strings.Compare(string(a.Name), string(b.Name)) })
	if len(attrs) > 0 {
		r.Attrs = slices.Clone(attrs)
	}
	jr.attrs = attrs
	c.add(r)
	for _, m := range members {
		c.add(Statement{Kind: KindMembership, Args: [MaxArgs]string{r.Args[0], m}})
	}
	return nil
}

// chunks collects statements in chunks of bounded size, so that each is
// copied once, into a slice of the exact size, however many there are.
type chunks struct {
	full [][]Statement
	cur  []Statement
	n    int
}

func (c *chunks) add(r Statement) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]Statement, 0, min(max(16, 2*cap(c.cur)), 1<<13))
	}
	c.cur = append(c.cur, r)
	c.n++
}

// appendTo returns recs followed by the collected statements.
func (c *chunks) appendTo(recs []Statement) []Statement {
	if recs == nil && len(c.full) == 0 {
		return c.cur
	}
	recs = slices.Grow(recs, c.n)
	for _, f := range c.full {
		recs = append(recs, f...)
	}
	return append(recs, c.cur...)
}

// argument reads the value of positional argument i of r: a string, or for
// the entities of hadMember an array of them (returned after the first in
// members).
func (jr *jsonReader) argument(r *Statement, i int, members []string) ([]string, error) {
	name := kinds[r.Kind].args[i]
	k := jr.dec.PeekKind()
	if k == '[' && r.Kind == KindMembership && i == 1 {
		if _, err := jr.token(); err != nil {
			return members, err
		}
		for n := 0; ; n++ {
			k := jr.dec.PeekKind()
			if k == ']' {
				if n == 0 {
					return members, jr.fail("no value")
				}
				_, err := jr.token()
				return members, err
			}
			if k != '"' {
				return members, jr.unexpected("prov:"+name+" must be a string", k)
			}
			v, err := jr.scalar()
			if err != nil {
				return members, err
			}
			if n == 0 {
				r.Args[i] = unquote(v)
			} else {
				members = append(members, unquote(v))
			}
		}
	}
	if k != '"' {
		return members, jr.unexpected("prov:"+name+" must be a string", k)
	}
	v, err := jr.scalar()
	if err != nil {
		return members, err
	}
	r.Args[i] = unquote(v)
	return members, nil
}

// attribute reads the value, or array of values, of the attribute name.
func (jr *jsonReader) attribute(attrs []Attr, name QName) ([]Attr, error) {
	if jr.dec.PeekKind() != '[' {
		v, err := jr.value()
		return append(attrs, Attr{Name: name, Value: v}), err
	}
	if _, err := jr.token(); err != nil {
		return attrs, err
	}
	for jr.dec.PeekKind() != ']' {
		v, err := jr.value()
		if err != nil {
			return attrs, err
		}
		attrs = append(attrs, Attr{Name: name, Value: v})
	}
	_, err := jr.token()
	return attrs, err
}

// value reads an attribute value: a string, number or boolean, or a typed
// literal object {"$": ..., "type": ...} or {"$": ..., "lang": ...}.
func (jr *jsonReader) value() (Value, error) {
	switch k := jr.dec.PeekKind(); k {
	case '{':
		return jr.literal()
	case '"', '0', 't', 'f':
		v, err := jr.scalar()
		return scalarValue(k, v), err
	default:
		return Value{}, jr.unexpected("expected a value", k)
	}
}

// scalarValue converts a JSON string, number or boolean of kind k: numbers
// keep their text, as xsd:int without a fraction or exponent and as
// xsd:double with one.
func scalarValue(k jsontext.Kind, v jsontext.Value) Value {
	switch k {
	case '0':
		if bytes.ContainsAny(v, ".eE") {
			return Value{Lexical: string(v), Datatype: TypeDouble}
		}
		return Value{Lexical: string(v), Datatype: TypeInt}
	case 't':
		return Value{Lexical: "true", Datatype: TypeBoolean}
	case 'f':
		return Value{Lexical: "false", Datatype: TypeBoolean}
	}
	return Value{Lexical: unquote(v)}
}

// literal reads a typed or language-tagged literal object.
func (jr *jsonReader) literal() (Value, error) {
	if _, err := jr.token(); err != nil { // '{'
		return Value{}, err
	}
	var v Value
	var seen uint8 // 1 "$", 2 "type", 4 "lang"
	hasLexical := false
	for {
		m, ok, err := jr.name(nil, true)
		if err != nil {
			return v, err
		}
		if !ok {
			break
		}
		var bit uint8
		switch m {
		case "$":
			bit = 1
		case "type":
			bit = 2
		case "lang":
			bit = 4
		}
		if seen&bit != 0 {
			return v, jr.duplicate(m)
		}
		seen |= bit
		k := jr.dec.PeekKind()
		switch {
		case m == "$" && (k == '"' || k == '0' || k == 't' || k == 'f'):
			x, err := jr.scalar()
			if err != nil {
				return v, err
			}
			v.Lexical, hasLexical = scalarValue(k, x).Lexical, true
		case m == "$":
			return v, jr.unexpected("expected a literal", k)
		case (m == "type" || m == "lang") && k == '"':
			x, err := jr.scalar()
			if err != nil {
				return v, err
			}
			if m == "type" {
				v.Datatype = QName(jr.vocab(x))
			} else {
				v.Lang = jr.vocab(x)
			}
		case m == "type" || m == "lang":
			return v, jr.unexpected("expected a string", k)
		default:
			return v, jr.fail("unknown member %q of a typed literal", m)
		}
	}
	if !hasLexical {
		return v, jr.fail(`typed literal without "$"`)
	}
	return v, nil
}

// argIndex returns the index of the PROV-JSON formal attribute name among
// kind's arguments, or -1.
func argIndex(kind Kind, name string) int {
	return slices.Index(jsonArgNames[kind], name)
}

// WriteJSON writes d as W3C PROV-JSON, indented by two spaces, with strings
// escaped only where JSON requires it (RFC 8785). Records are grouped by kind
// in the order of the Kind constants; within a kind they keep document order,
// and records sharing an identifier are written as one JSON array at the
// place of the first. Records without an identifier get blank-node keys
// "_:id1", "_:id2", ... numbered per document or bundle (skipping any that a
// record uses as its identifier). It returns an error, and the output is
// incomplete, when d cannot be written as valid PROV-JSON: invalid UTF-8, a
// prefix declared twice, two bundles with one identifier, or an attribute
// named like one of its record's arguments (such as prov:time).
func (d *Document) WriteJSON(w io.Writer) error {
	if err := d.checkKinds(); err != nil {
		return err
	}
	if err := d.checkJSONNames(); err != nil {
		return err
	}
	// The names of every object are unique by construction (checked above,
	// grouped below), so the encoder need not check them again.
	enc := jsontext.NewEncoder(w, jsontext.WithIndent("  "), jsontext.AllowDuplicateNames(true))
	jw := &jsonWriter{enc: enc}
	jw.container(&d.Container, d.Bundles)
	if jw.err != nil {
		return fmt.Errorf("prov: WriteJSON: %w", jw.err)
	}
	return nil
}

// checkJSONNames returns an error naming every member name that WriteJSON
// would write twice in one object.
func (d *Document) checkJSONNames() error {
	var errs []error
	bundles := map[QName]bool{}
	for _, b := range d.Bundles {
		if bundles[b.ID] {
			errs = append(errs, fmt.Errorf("prov: WriteJSON: two bundles %s", b.ID))
		}
		bundles[b.ID] = true
	}
	for _, c := range d.containers() {
		prefixes := map[string]bool{"default": c.Default != ""}
		for _, ns := range c.Namespaces {
			if prefixes[ns.Prefix] {
				errs = append(errs, fmt.Errorf("prov: WriteJSON: prefix %s declared twice", ns.Prefix))
			}
			prefixes[ns.Prefix] = true
		}
		for i := range c.Statements {
			r := &c.Statements[i]
			for _, a := range r.Attrs {
				if argIndex(r.Kind, string(a.Name)) >= 0 {
					errs = append(errs, fmt.Errorf("prov: WriteJSON: %s %s: attribute %s is one of its arguments", r.Kind, r.ID, a.Name))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// jsonArgNames are the PROV-JSON names of each kind's arguments.
var jsonArgNames = func() (names [kindCount][]string) {
	for k := range names {
		for _, a := range kinds[k].args {
			names[k] = append(names[k], "prov:"+a)
		}
	}
	return names
}()

// jsonWriter writes tokens to enc; err is the first error.
type jsonWriter struct {
	enc   *jsontext.Encoder
	err   error
	ids   links          // the records of one kind, by identifier
	names links          // the attributes of one record, by name
	taken map[QName]bool // identifiers of the kind being written that look like blank nodes
	key   []byte         // see blank
}

func (jw *jsonWriter) tok(t jsontext.Token) {
	if jw.err == nil {
		jw.err = jw.enc.WriteToken(t)
	}
}

func (jw *jsonWriter) str(s string) { jw.tok(jsontext.String(s)) }

func (jw *jsonWriter) container(c *Container, bundles []*Bundle) {
	jw.tok(jsontext.BeginObject)
	if c.Default != "" || len(c.Namespaces) > 0 {
		jw.str("prefix")
		jw.tok(jsontext.BeginObject)
		for _, ns := range c.Namespaces {
			jw.str(ns.Prefix)
			jw.str(ns.URI)
		}
		if c.Default != "" {
			jw.str("default")
			jw.str(c.Default)
		}
		jw.tok(jsontext.EndObject)
	}
	idx, start := byKind(c.Statements)
	anon := 0
	for k := KindEntity; k < kindCount && jw.err == nil; k++ {
		idx := idx[start[k]:start[k+1]]
		if len(idx) == 0 {
			continue
		}
		jw.str(k.String())
		jw.tok(jsontext.BeginObject)
		jw.taken = nil // see blank
		// Records sharing an identifier become one array at the first.
		ids := jw.ids.link(len(idx), func(n int) (QName, bool) {
			id := c.Statements[idx[n]].ID
			return id, id != ""
		})
		for n, i := range idx {
			if ids.later[n] {
				continue // written with the first record of its id
			}
			if id := c.Statements[i].ID; id != "" {
				jw.str(string(id))
			} else {
				jw.str(jw.blank(&anon, c.Statements, idx))
			}
			if ids.next[n] < 0 {
				jw.record(&c.Statements[i])
				continue
			}
			jw.tok(jsontext.BeginArray)
			for m := n; m >= 0; m = ids.next[m] {
				jw.record(&c.Statements[idx[m]])
			}
			jw.tok(jsontext.EndArray)
		}
		jw.tok(jsontext.EndObject)
	}
	if len(bundles) > 0 {
		jw.str("bundle")
		jw.tok(jsontext.BeginObject)
		for _, b := range bundles {
			jw.str(string(b.ID))
			jw.container(&b.Container, nil)
		}
		jw.tok(jsontext.EndObject)
	}
	jw.tok(jsontext.EndObject)
}

// byKind returns the positions of recs grouped by kind, in the order of the
// Kind constants and in document order within a kind: those of kind k are
// idx[start[k]:start[k+1]]. The kinds must be valid.
func byKind(recs []Statement) (idx []int, start [kindCount + 1]int) {
	for i := range recs {
		start[recs[i].Kind+1]++
	}
	for k := 1; k <= int(kindCount); k++ {
		start[k] += start[k-1]
	}
	idx = make([]int, len(recs))
	next := start
	for i := range recs {
		k := recs[i].Kind
		idx[next[k]] = i
		next[k]++
	}
	return idx, start
}

// blank returns the next blank-node key "_:idN" after *anon that no record
// of the kind being written (recs[idx]) uses as its identifier.
func (jw *jsonWriter) blank(anon *int, recs []Statement, idx []int) string {
	if jw.taken == nil {
		jw.taken = map[QName]bool{}
		for _, i := range idx {
			if id := recs[i].ID; strings.HasPrefix(string(id), "_:") {
				jw.taken[id] = true
			}
		}
	}
	for {
		*anon++
		jw.key = strconv.AppendInt(append(jw.key[:0], "_:id"...), int64(*anon), 10)
		if !jw.taken[QName(jw.key)] {
			return string(jw.key)
		}
	}
}

// links links the items of a list that share a key, in order of first
// occurrence: next[i] is the position of the next item with i's key, or -1;
// later[i] tells that item i is not the first of its key.
type links struct {
	next  []int
	later []bool
	last  map[QName]int // position of the last item seen with each key
}

// link links items 0..n-1 by key; items without one (ok false) stand alone.
// It takes linear time (a map beyond a few items) and reuses l's memory.
func (l *links) link(n int, key func(i int) (k QName, ok bool)) *links {
	l.next = slices.Grow(l.next[:0], n)[:n]
	l.later = slices.Grow(l.later[:0], n)[:n]
	if n > 16 && l.last == nil {
		l.last = make(map[QName]int, n)
	}
	clear(l.last)
	for i := range n {
		l.next[i], l.later[i] = -1, false
		k, ok := key(i)
		if !ok {
			continue
		}
		prev, seen := -1, false
		if n <= 16 {
			for prev = i - 1; prev >= 0; prev-- {
				if pk, ok := key(prev); ok && pk == k {
					seen = true
					break
				}
			}
		} else {
			prev, seen = l.last[k]
			l.last[k] = i
		}
		if seen {
			l.next[prev], l.later[i] = i, true
		}
	}
	return l
}

func (jw *jsonWriter) record(r *Statement) {
	jw.tok(jsontext.BeginObject)
	for i, name := range jsonArgNames[r.Kind] {
		if r.Args[i] != "" {
			jw.str(name)
			jw.str(r.Args[i])
		}
	}
	// Attributes: repeated names become one array at the first occurrence.
	names := jw.names.link(len(r.Attrs), func(i int) (QName, bool) { return r.Attrs[i].Name, true })
	for i := range r.Attrs {
		if names.later[i] {
			continue // written with the first of its name
		}
		jw.str(string(r.Attrs[i].Name))
		if names.next[i] < 0 {
			jw.value(r.Attrs[i].Value)
			continue
		}
		jw.tok(jsontext.BeginArray)
		for j := i; j >= 0; j = names.next[j] {
			jw.value(r.Attrs[j].Value)
		}
		jw.tok(jsontext.EndArray)
	}
	jw.tok(jsontext.EndObject)
}

func (jw *jsonWriter) value(v Value) {
	if v.Datatype == "" && v.Lang == "" {
		jw.str(v.Lexical)
		return
	}
	jw.tok(jsontext.BeginObject)
	jw.str("$")
	jw.str(v.Lexical)
	if v.Lang != "" {
		jw.str("lang")
		jw.str(v.Lang)
	} else {
		jw.str("type")
		jw.str(string(v.Datatype))
	}
	jw.tok(jsontext.EndObject)
}
