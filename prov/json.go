package prov

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
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
	dec     *json.Decoder
	scratch map[string]any // reused record object
}

// nextIsObject reports whether the decoder's buffered input shows that the
// next value is an object (false when it cannot tell).
func (jr *jsonReader) nextIsObject() bool {
	b, ok := jr.dec.Buffered().(*bytes.Reader)
	if !ok {
		return false
	}
	for b.Len() > 0 {
		c, _ := b.ReadByte()
		switch c {
		case ' ', '\t', '\n', '\r', ':':
			continue
		}
		return c == '{'
	}
	return false
}

func (jr *jsonReader) errf(where, format string, args ...any) error {
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
	switch v := t.(type) {
	case json.Delim:
		return strconv.Quote(string(v))
	case string:
		return "string " + strconv.Quote(v)
	case json.Number:
		return "number " + string(v)
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", t)
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
	jr := &jsonReader{dec: json.NewDecoder(r)}
	jr.dec.UseNumber()
	d := &Document{}
	if err := jr.expectDelim("", '{'); err != nil {
		return nil, err
	}
	if err := jr.container(&d.Container, "", d); err != nil {
		return nil, err
	}
	if _, err := jr.dec.Token(); err != io.EOF {
		return nil, jr.errf("", "unexpected data after the document")
	}
	return d, nil
}

// container reads the members of a document or bundle object after its '{'.
// d is nil inside a bundle.
func (jr *jsonReader) container(c *Container, path string, d *Document) error {
	for {
		k, ok, err := jr.key(path)
		if err != nil {
			return err
		}
		if !ok {
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
			if err := jr.records(c, kind, where); err != nil {
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

func (jr *jsonReader) records(c *Container, kind Kind, where string) error {
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
		// Each record body is decoded in one call (the fast path of
		// encoding/json for interface values); paths are built only for
		// error messages.
		var body any
		if jr.nextIsObject() {
			// Reuse one map for the common case of a single record object.
			clear(jr.scratch)
			if err := jr.dec.Decode(&jr.scratch); err != nil {
				return jr.errf(join(where, id), "%v", err)
			}
			body = jr.scratch
		} else if err := jr.dec.Decode(&body); err != nil {
			return jr.errf(join(where, id), "%v", err)
		}
		switch b := body.(type) {
		case map[string]any:
			if err := jr.record(c, kind, recPath{where, id, -1}, b); err != nil {
				return err
			}
		case []any:
			for i, e := range b {
				m, ok := e.(map[string]any)
				if !ok {
					return jr.errf(recPath{where, id, i}.String(), "expected a record object, found %s", describeValue(e))
				}
				if err := jr.record(c, kind, recPath{where, id, i}, m); err != nil {
					return err
				}
			}
		default:
			return jr.errf(join(where, id), "expected a record object, found %s", describeValue(body))
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

// record converts one decoded record object. JSON objects are unordered, so
// attributes are taken in order of name; the values of one attribute keep
// their array order.
func (jr *jsonReader) record(c *Container, kind Kind, rp recPath, m map[string]any) error {
	path := rp.String
	r := Record{Kind: kind}
	if !strings.HasPrefix(rp.id, "_:") {
		r.ID = QName(rp.id)
	}
	var buf [8]string
	names := buf[:0]
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var extraMembers []string
	if n := len(names) - len(kinds[kind].args); n > 0 {
		r.Attrs = make([]Attr, 0, n)
	}
	for _, name := range names {
		raw := m[name]
		if i := argIndex(kind, name); i >= 0 {
			var vals []any
			if l, ok := raw.([]any); ok {
				vals = l
			} else {
				vals = []any{raw}
			}
			if len(vals) == 0 {
				return jr.errf(join(path(), name), "no value")
			}
			if len(vals) > 1 && !(kind == KindMembership && i == 1) {
				return jr.errf(join(path(), name), "%s takes one value, found %d", name, len(vals))
			}
			for j, v := range vals {
				s, ok := v.(string)
				if !ok {
					return jr.errf(join(path(), name), "%s must be a string, found %s", name, describeValue(v))
				}
				if j == 0 {
					r.Args[i] = s
				} else {
					extraMembers = append(extraMembers, s)
				}
			}
			continue
		}
		if l, ok := raw.([]any); ok {
			for _, e := range l {
				v, err := jr.value(e, name, rp)
				if err != nil {
					return err
				}
				r.Attrs = append(r.Attrs, Attr{Name: QName(name), Value: v})
			}
			continue
		}
		v, err := jr.value(raw, name, rp)
		if err != nil {
			return err
		}
		r.Attrs = append(r.Attrs, Attr{Name: QName(name), Value: v})
	}
	c.Records = append(c.Records, r)
	for _, mem := range extraMembers {
		c.Records = append(c.Records, Record{Kind: KindMembership, Args: [MaxArgs]string{r.Args[0], mem}})
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

func (jr *jsonReader) value(x any, name string, rp recPath) (Value, error) {
	path := rp.String
	if v, ok := scalar(x); ok {
		return v, nil
	}
	m, ok := x.(map[string]any)
	if !ok {
		return Value{}, jr.errf(join(path(), name), "expected a value, found %s", describeValue(x))
	}
	var v Value
	lex, ok := m["$"]
	if !ok {
		return Value{}, jr.errf(join(path(), name), `typed literal without "$"`)
	}
	s, ok := scalar(lex)
	if !ok {
		return Value{}, jr.errf(join(path(), name)+".$", "expected a literal, found %s", describeValue(lex))
	}
	v.Lexical = s.Lexical
	for k, x := range m {
		switch k {
		case "$":
		case "type", "lang":
			s, ok := x.(string)
			if !ok {
				return Value{}, jr.errf(join(path(), name)+"."+k, "expected a string, found %s", describeValue(x))
			}
			if k == "type" {
				v.Datatype = QName(s)
			} else {
				v.Lang = s
			}
		default:
			return Value{}, jr.errf(join(path(), name)+"."+k, "unknown member %q of a typed literal", k)
		}
	}
	return v, nil
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
	jw := &jsonWriter{w: bufio.NewWriterSize(w, 1<<16)}
	jw.container(&d.Container, 0, d.Bundles)
	jw.w.WriteString("\n")
	return jw.w.Flush()
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

type jsonWriter struct {
	w *bufio.Writer
}

func (jw *jsonWriter) indent(n int) {
	jw.w.WriteByte('\n')
	for range n {
		jw.w.WriteString("  ")
	}
}

func (jw *jsonWriter) str(s string) {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf || c == '<' || c == '>' || c == '&' {
			ok = false
			break
		}
	}
	if ok {
		jw.w.WriteByte('"')
		jw.w.WriteString(s)
		jw.w.WriteByte('"')
		return
	}
	b, _ := json.Marshal(s) // a string always marshals
	jw.w.Write(b)
}

func (jw *jsonWriter) container(c *Container, depth int, bundles []*Bundle) {
	jw.w.WriteByte('{')
	first := true
	member := func(name string) {
		if !first {
			jw.w.WriteByte(',')
		}
		first = false
		jw.indent(depth + 1)
		jw.str(name)
		jw.w.WriteString(": ")
	}
	if c.Default != "" || len(c.Namespaces) > 0 {
		member("prefix")
		jw.w.WriteByte('{')
		n := 0
		for _, ns := range c.Namespaces {
			if n > 0 {
				jw.w.WriteByte(',')
			}
			n++
			jw.indent(depth + 2)
			jw.str(ns.Prefix)
			jw.w.WriteString(": ")
			jw.str(ns.URI)
		}
		if c.Default != "" {
			if n > 0 {
				jw.w.WriteByte(',')
			}
			jw.indent(depth + 2)
			jw.w.WriteString(`"default": `)
			jw.str(c.Default)
		}
		jw.indent(depth + 1)
		jw.w.WriteByte('}')
	}
	// Group records by kind, then by identifier (first occurrence order).
	var byKind [kindCount][]int
	for i := range c.Records {
		k := c.Records[i].Kind
		if k == 0 || k >= kindCount {
			continue
		}
		byKind[k] = append(byKind[k], i)
	}
	anon := 0
	var num [20]byte
	for k := KindEntity; k < kindCount; k++ {
		idx := byKind[k]
		if len(idx) == 0 {
			continue
		}
		member(kinds[k].name)
		jw.w.WriteByte('{')
		for gi, g := range groupByID(c.Records, idx) {
			if gi > 0 {
				jw.w.WriteByte(',')
			}
			jw.indent(depth + 2)
			if id := c.Records[g[0]].ID; id != "" {
				jw.str(string(id))
			} else {
				anon++
				jw.w.WriteString(`"_:id`)
				jw.w.Write(strconv.AppendInt(num[:0], int64(anon), 10))
				jw.w.WriteByte('"')
			}
			jw.w.WriteString(": ")
			if len(g) == 1 {
				jw.record(&c.Records[g[0]], depth+2)
				continue
			}
			jw.w.WriteByte('[')
			for j, ri := range g {
				if j > 0 {
					jw.w.WriteByte(',')
				}
				jw.indent(depth + 3)
				jw.record(&c.Records[ri], depth+3)
			}
			jw.indent(depth + 2)
			jw.w.WriteByte(']')
		}
		jw.indent(depth + 1)
		jw.w.WriteByte('}')
	}
	if len(bundles) > 0 {
		member("bundle")
		jw.w.WriteByte('{')
		for i, b := range bundles {
			if i > 0 {
				jw.w.WriteByte(',')
			}
			jw.indent(depth + 2)
			jw.str(string(b.ID))
			jw.w.WriteString(": ")
			jw.container(&b.Container, depth+2, nil)
		}
		jw.indent(depth + 1)
		jw.w.WriteByte('}')
	}
	if !first {
		jw.indent(depth)
	}
	jw.w.WriteByte('}')
}

// groupByID groups the record indexes idx by identifier, in order of first
// occurrence. Each anonymous record forms a group of its own.
func groupByID(recs []Record, idx []int) [][]int {
	groups := make([][]int, 0, len(idx))
	flat := make([]int, len(idx)) // backing store for single-record groups
	first := map[QName]int{}
	for n, i := range idx {
		id := recs[i].ID
		if id != "" {
			if g, ok := first[id]; ok {
				groups[g] = append(groups[g][:len(groups[g]):len(groups[g])], i)
				continue
			}
			first[id] = len(groups)
		}
		flat[n] = i
		groups = append(groups, flat[n:n+1:n+1])
	}
	return groups
}

func (jw *jsonWriter) record(r *Record, depth int) {
	jw.w.WriteByte('{')
	n := 0
	sep := func() {
		if n > 0 {
			jw.w.WriteByte(',')
		}
		n++
		jw.indent(depth + 1)
	}
	for i, name := range jsonArgNames[r.Kind] {
		if r.Args[i] == "" {
			continue
		}
		sep()
		jw.str(name)
		jw.w.WriteString(": ")
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
		jw.str(string(name))
		jw.w.WriteString(": ")
		if count == 1 {
			jw.value(r.Attrs[i].Value)
			continue
		}
		jw.w.WriteByte('[')
		k := 0
		for j := i; j < len(r.Attrs); j++ {
			if r.Attrs[j].Name == name {
				if k > 0 {
					jw.w.WriteString(", ")
				}
				k++
				jw.value(r.Attrs[j].Value)
			}
		}
		jw.w.WriteByte(']')
	}
	if n > 0 {
		jw.indent(depth)
	}
	jw.w.WriteByte('}')
}

func (jw *jsonWriter) value(v Value) {
	switch {
	case v.Lang != "":
		jw.w.WriteString(`{"$": `)
		jw.str(v.Lexical)
		jw.w.WriteString(`, "lang": `)
		jw.str(v.Lang)
		jw.w.WriteByte('}')
	case v.Datatype == "":
		jw.str(v.Lexical)
	default:
		jw.w.WriteString(`{"$": `)
		jw.str(v.Lexical)
		jw.w.WriteString(`, "type": `)
		jw.str(string(v.Datatype))
		jw.w.WriteByte('}')
	}
}
