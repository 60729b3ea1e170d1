package prov

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// PROV-N subtypes of derivation and the prov:type they stand for.
var derivationSubtypes = map[string]QName{
	"wasRevisionOf":    "prov:Revision",
	"wasQuotedFrom":    "prov:Quotation",
	"hadPrimarySource": "prov:PrimarySource",
}

// ReadProvN reads a PROV-N document (W3C PROV-N): namespace and default
// namespace declarations, every PROV-DM expression with optional identifiers
// ("id;"), markers ("-"), attribute lists, typed literals ("1" %% xsd:int),
// language-tagged strings ("x"@en), qualified-name literals ('ex:n'), integer
// literals, long strings ("""…"""), comments and bundles. wasRevisionOf,
// wasQuotedFrom and hadPrimarySource are read as wasDerivedFrom with a
// prov:type of prov:Revision, prov:Quotation or prov:PrimarySource.
//
// As an extension, every expression accepts an optional identifier and
// attribute list (PROV-JSON allows them everywhere), and a backslash escapes
// any character of a qualified name.
//
// Input is bounded by MaxInputSize bytes (an error wrapping ErrTooLarge
// beyond); bundles are the only nesting and do not nest. A prefix declared
// twice in one document or bundle is an error.
func ReadProvN(r io.Reader) (*Document, error) { return readProvN(r, MaxInputSize) }

func readProvN(r io.Reader, limit int64) (*Document, error) {
	src, err := readAll(r, "PROV-N", limit)
	if err != nil {
		return nil, err
	}
	p := &pnParser{src: src, line: 1, col: 1}
	d := &Document{}
	if err := p.document(d); err != nil {
		return nil, err
	}
	return d, nil
}

type pnParser struct {
	src       []byte
	pos       int
	line, col int
}

func (p *pnParser) errf(format string, args ...any) error {
	return &SyntaxError{Format: "PROV-N", Where: fmt.Sprintf("line %d, column %d", p.line, p.col), Msg: fmt.Sprintf(format, args...)}
}

func (p *pnParser) advance(n int) {
	for i := 0; i < n && p.pos < len(p.src); i++ {
		if p.src[p.pos] == '\n' {
			p.line++
			p.col = 1
		} else if p.src[p.pos]&0xC0 != 0x80 {
			p.col++
		}
		p.pos++
	}
}

func (p *pnParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *pnParser) skipSpace() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.advance(1)
		case c == '/' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '/':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.advance(1)
			}
		case c == '/' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '*':
			end := strings.Index(string(p.src[p.pos+2:]), "*/")
			if end < 0 {
				p.advance(len(p.src))
				return
			}
			p.advance(end + 4)
		default:
			return
		}
	}
}

// describe names the input at the current position for error messages.
func (p *pnParser) describe() string {
	if p.pos >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	return fmt.Sprintf("%q", r)
}

func (p *pnParser) expect(c byte) error {
	p.skipSpace()
	if p.peek() != c {
		return p.errf("expected %q, found %s", c, p.describe())
	}
	p.advance(1)
	return nil
}

// word reads a keyword: ASCII letters.
func (p *pnParser) word() string {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			break
		}
		p.advance(1)
	}
	return string(p.src[start:p.pos])
}

// isNameDelim reports whether c ends a qualified name or time token.
func isNameDelim(c byte) bool {
	switch c {
	case '(', ')', ',', ';', '[', ']', '=', '\'', '"', '<', '>', '{', '}', ' ', '\t', '\n', '\r':
		return true
	}
	return c < 0x20 || c == 0x7f
}

// name reads a qualified name or time token; marker is true for an
// unescaped "-".
func (p *pnParser) name() (s string, marker bool, err error) {
	p.skipSpace()
	var b strings.Builder
	escaped := false
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '\\' {
			if p.pos+1 >= len(p.src) {
				return "", false, p.errf("backslash at end of input")
			}
			_, size := utf8.DecodeRune(p.src[p.pos+1:])
			b.Write(p.src[p.pos+1 : p.pos+1+size])
			p.advance(1 + size)
			escaped = true
			continue
		}
		if isNameDelim(c) {
			break
		}
		b.WriteByte(c)
		p.advance(1)
	}
	s = b.String()
	if s == "" {
		return "", false, p.errf("expected a name, found %s", p.describe())
	}
	return s, s == "-" && !escaped, nil
}

func (p *pnParser) document(d *Document) error {
	if w := p.word(); w != "document" {
		return p.errf(`expected "document", found %q`, w)
	}
	if err := p.body(&d.Container, d); err != nil {
		return err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return p.errf("unexpected %s after endDocument", p.describe())
	}
	return nil
}

// body reads declarations and expressions up to endDocument (d != nil) or
// endBundle (d == nil).
func (p *pnParser) body(c *Container, d *Document) error {
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			if d != nil {
				return p.errf(`missing "endDocument"`)
			}
			return p.errf(`missing "endBundle"`)
		}
		w := p.word()
		switch {
		case w == "endDocument" && d != nil, w == "endBundle" && d == nil:
			return nil
		case w == "prefix":
			pfx, _, err := p.name()
			if err != nil {
				return err
			}
			if c.declared(pfx) {
				return p.errf("prefix %s declared twice", pfx)
			}
			uri, err := p.iri()
			if err != nil {
				return err
			}
			c.AddNamespace(pfx, uri)
		case w == "default":
			if c.Default != "" {
				return p.errf("default namespace declared twice")
			}
			uri, err := p.iri()
			if err != nil {
				return err
			}
			c.Default = uri
		case w == "bundle" && d != nil:
			id, _, err := p.name()
			if err != nil {
				return err
			}
			b := d.NewBundle(QName(id))
			if err := p.body(&b.Container, nil); err != nil {
				return err
			}
		case w == "":
			return p.errf("expected an expression, found %s", p.describe())
		default:
			if err := p.expression(c, w); err != nil {
				return err
			}
		}
	}
}

func (p *pnParser) iri() (string, error) {
	p.skipSpace()
	if p.peek() != '<' {
		return "", p.errf("expected <IRI>, found %s", p.describe())
	}
	end := strings.IndexByte(string(p.src[p.pos:]), '>')
	if end < 0 {
		return "", p.errf("unterminated IRI")
	}
	s := string(p.src[p.pos+1 : p.pos+end])
	p.advance(end + 1)
	return s, nil
}

func (p *pnParser) expression(c *Container, w string) error {
	kind, ok := kindByName[w]
	subtype, isSub := derivationSubtypes[w]
	if isSub {
		kind, ok = KindDerivation, true
	}
	if !ok {
		return p.errf("unknown expression %q", w)
	}
	if err := p.expect('('); err != nil {
		return err
	}
	r := Statement{Kind: kind}
	if isSub {
		r.Attrs = append(r.Attrs, Attr{Name: "prov:type", Value: Ref(subtype)})
	}
	nargs := len(kinds[kind].args)
	// Items: the identifier (elements), then the positional arguments.
	var items []string
	first, marker, err := p.name()
	if err != nil {
		return err
	}
	p.skipSpace()
	switch {
	case kind.IsElement():
		if !marker {
			r.ID = QName(first)
		}
	case p.peek() == ';':
		p.advance(1)
		if !marker {
			r.ID = QName(first)
		}
		s, m, err := p.name()
		if err != nil {
			return err
		}
		items = append(items, argValue(s, m))
	default:
		items = append(items, argValue(first, marker))
	}
	for {
		p.skipSpace()
		switch p.peek() {
		case ')':
			p.advance(1)
			if len(items) > nargs {
				return p.errf("%s takes at most %d arguments, found %d", w, nargs, len(items))
			}
			copy(r.Args[:], items)
			c.Statements = append(c.Statements, r)
			return nil
		case ',':
			p.advance(1)
			p.skipSpace()
			if p.peek() == '[' {
				attrs, err := p.attributes()
				if err != nil {
					return err
				}
				r.Attrs = append(r.Attrs, attrs...)
				if err := p.expect(')'); err != nil {
					return err
				}
				if len(items) > nargs {
					return p.errf("%s takes at most %d arguments, found %d", w, nargs, len(items))
				}
				copy(r.Args[:], items)
				c.Statements = append(c.Statements, r)
				return nil
			}
			s, marker, err := p.name()
			if err != nil {
				return err
			}
			items = append(items, argValue(s, marker))
		default:
			return p.errf("expected ',' or ')', found %s", p.describe())
		}
	}
}

func argValue(s string, marker bool) string {
	if marker {
		return ""
	}
	return s
}

func (p *pnParser) attributes() ([]Attr, error) {
	if err := p.expect('['); err != nil {
		return nil, err
	}
	var attrs []Attr
	p.skipSpace()
	if p.peek() == ']' {
		p.advance(1)
		return attrs, nil
	}
	for {
		n, _, err := p.name()
		if err != nil {
			return nil, err
		}
		if err := p.expect('='); err != nil {
			return nil, err
		}
		v, err := p.literal()
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, Attr{Name: QName(n), Value: v})
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.advance(1)
		case ']':
			p.advance(1)
			return attrs, nil
		default:
			return nil, p.errf("expected ',' or ']', found %s", p.describe())
		}
	}
}

func (p *pnParser) literal() (Value, error) {
	p.skipSpace()
	switch c := p.peek(); {
	case c == '"':
		s, err := p.stringLiteral()
		if err != nil {
			return Value{}, err
		}
		v := Value{Lexical: s}
		if p.peek() == '@' {
			p.advance(1)
			start := p.pos
			for p.pos < len(p.src) {
				c := p.src[p.pos]
				if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
					break
				}
				p.advance(1)
			}
			if p.pos == start {
				return Value{}, p.errf("empty language tag")
			}
			v.Lang = string(p.src[start:p.pos])
			return v, nil
		}
		p.skipSpace()
		if strings.HasPrefix(string(p.src[p.pos:min(p.pos+2, len(p.src))]), "%%") {
			p.advance(2)
			dt, _, err := p.name()
			if err != nil {
				return Value{}, err
			}
			v.Datatype = QName(dt)
		}
		return v, nil
	case c == '\'':
		p.advance(1)
		var b strings.Builder
		for {
			if p.pos >= len(p.src) {
				return Value{}, p.errf("unterminated qualified name literal")
			}
			c := p.src[p.pos]
			if c == '\'' {
				p.advance(1)
				break
			}
			if c == '\\' && p.pos+1 < len(p.src) {
				_, size := utf8.DecodeRune(p.src[p.pos+1:])
				b.Write(p.src[p.pos+1 : p.pos+1+size])
				p.advance(1 + size)
				continue
			}
			b.WriteByte(c)
			p.advance(1)
		}
		return Value{Lexical: b.String(), Datatype: TypeQualifiedName}, nil
	case c == '-' || '0' <= c && c <= '9':
		start := p.pos
		p.advance(1)
		for '0' <= p.peek() && p.peek() <= '9' {
			p.advance(1)
		}
		s := string(p.src[start:p.pos])
		if s == "-" {
			return Value{}, p.errf("expected an integer after '-'")
		}
		return Value{Lexical: s, Datatype: TypeInt}, nil
	}
	return Value{}, p.errf("expected a literal, found %s", p.describe())
}

// stringLiteral reads "…" or """…""" with PROV-N escapes.
func (p *pnParser) stringLiteral() (string, error) {
	long := strings.HasPrefix(string(p.src[p.pos:min(p.pos+3, len(p.src))]), `"""`)
	if long {
		p.advance(3)
	} else {
		p.advance(1)
	}
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return "", p.errf("unterminated string literal")
		}
		c := p.src[p.pos]
		switch {
		case long && c == '"' && strings.HasPrefix(string(p.src[p.pos:min(p.pos+3, len(p.src))]), `"""`):
			p.advance(3)
			return b.String(), nil
		case !long && c == '"':
			p.advance(1)
			return b.String(), nil
		case !long && c == '\n':
			return "", p.errf("newline in string literal")
		case c == '\\':
			if p.pos+1 >= len(p.src) {
				return "", p.errf("backslash at end of input")
			}
			e := p.src[p.pos+1]
			switch e {
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 'f':
				b.WriteByte('\f')
			case '"', '\'', '\\':
				b.WriteByte(e)
			default:
				return "", p.errf("unknown escape \\%c", e)
			}
			p.advance(2)
		default:
			b.WriteByte(c)
			p.advance(1)
		}
	}
}

// WriteProvN writes d as PROV-N, one expression per line, in document order,
// with every positional argument written (absent ones as "-"). Names that
// contain characters PROV-N does not allow in a qualified name are written
// with backslash escapes.
func (d *Document) WriteProvN(w io.Writer) error {
	if err := d.checkKinds(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("document\n")
	writeProvNBody(bw, &d.Container, "  ")
	for _, b := range d.Bundles {
		bw.WriteString("  bundle ")
		bw.WriteString(escapeName(string(b.ID)))
		bw.WriteString("\n")
		writeProvNBody(bw, &b.Container, "    ")
		bw.WriteString("  endBundle\n")
	}
	bw.WriteString("endDocument\n")
	return bw.Flush()
}

func writeProvNBody(bw *bufio.Writer, c *Container, indent string) {
	for _, ns := range c.Namespaces {
		fmt.Fprintf(bw, "%sprefix %s <%s>\n", indent, escapeName(ns.Prefix), ns.URI)
	}
	if c.Default != "" {
		fmt.Fprintf(bw, "%sdefault <%s>\n", indent, c.Default)
	}
	if len(c.Namespaces) > 0 || c.Default != "" {
		bw.WriteString("\n")
	}
	for i := range c.Statements {
		bw.WriteString(indent)
		writeProvNRecord(bw, &c.Statements[i])
		bw.WriteByte('\n')
	}
}

func writeProvNRecord(bw *bufio.Writer, r *Statement) {
	info := kinds[r.Kind]
	bw.WriteString(info.name)
	bw.WriteByte('(')
	if r.Kind.IsElement() {
		bw.WriteString(nameOrMarker(string(r.ID)))
	} else if r.ID != "" {
		bw.WriteString(escapeName(string(r.ID)))
		bw.WriteString("; ")
	}
	for i := range info.args {
		if i > 0 || r.Kind.IsElement() {
			bw.WriteString(", ")
		}
		bw.WriteString(nameOrMarker(r.Args[i]))
	}
	if len(r.Attrs) > 0 {
		if r.Kind.IsElement() || len(info.args) > 0 {
			bw.WriteString(", ")
		}
		bw.WriteByte('[')
		for i, a := range r.Attrs {
			if i > 0 {
				bw.WriteString(", ")
			}
			bw.WriteString(escapeName(string(a.Name)))
			bw.WriteString(" = ")
			writeProvNValue(bw, a.Value)
		}
		bw.WriteByte(']')
	}
	bw.WriteByte(')')
}

func nameOrMarker(s string) string {
	if s == "" {
		return "-"
	}
	return escapeName(s)
}

// escapeName backslash-escapes the characters of s that would end a PROV-N
// qualified name, and a lone "-" (the marker).
func escapeName(s string) string {
	if s == "-" {
		return `\-`
	}
	if strings.HasPrefix(s, "/") { // "//" and "/*" would start a comment
		return `\/` + escapeName(s[1:])
	}
	clean := true
	for i := 0; i < len(s); i++ {
		if isNameDelim(s[i]) || s[i] == '\\' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isNameDelim(s[i]) || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var provnStringEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "\b", `\b`, "\f", `\f`)

func writeProvNValue(bw *bufio.Writer, v Value) {
	if v.Datatype == TypeQualifiedName && v.Lang == "" {
		bw.WriteByte('\'')
		for i := 0; i < len(v.Lexical); i++ {
			if c := v.Lexical[i]; c == '\'' || c == '\\' {
				bw.WriteByte('\\')
			}
			bw.WriteByte(v.Lexical[i])
		}
		bw.WriteByte('\'')
		return
	}
	bw.WriteByte('"')
	bw.WriteString(provnStringEscaper.Replace(v.Lexical))
	bw.WriteByte('"')
	switch {
	case v.Lang != "":
		bw.WriteByte('@')
		bw.WriteString(v.Lang)
	case v.Datatype != "":
		bw.WriteString(" %% ")
		bw.WriteString(escapeName(string(v.Datatype)))
	}
}
