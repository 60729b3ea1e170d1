package prov

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Namespaces declared by ReadRecord and Generated. With the prefix "urn"
// bound to "urn:", a seed identifier such as "urn:aiwg:artifact:src/a.go" is
// a qualified name that resolves to itself, in PROV-JSON and PROV-N alike.
const (
	NamespaceURN       = "urn:"
	NamespaceAttribute = "https://aiwg.io/provenance/attribute/"
)

// Attribute names that carry the fields of a PROV-YAML record.
const (
	AttrType           QName = "aiwg:type"            // entity, activity and agent type (seed vocabulary)
	AttrCreatedAt      QName = "aiwg:createdAt"       // entity created_at (xsd:dateTime)
	AttrUpdatedAt      QName = "aiwg:updatedAt"       // entity updated_at (xsd:dateTime)
	AttrChecksum       QName = "aiwg:checksum"        // entity checksum, "sha256:<hex>"
	AttrSizeBytes      QName = "aiwg:sizeBytes"       // entity size_bytes (xsd:long)
	AttrDuration       QName = "aiwg:durationSeconds" // activity duration_seconds (xsd:long)
	AttrDescription    QName = "aiwg:description"     // activity description
	AttrName           QName = "aiwg:name"            // agent name
	AttrVersion        QName = "aiwg:version"         // agent version
	AttrTool           QName = "aiwg:tool"            // agent tool
	AttrDerivationType QName = "aiwg:derivationType"  // wasDerivedFrom derivation_type
	AttrRole           QName = "prov:role"            // used and wasAssociatedWith role
	typeJSON           QName = "aiwg:json"            // datatype of a list or map attribute value (JSON text)
)

// Seed vocabularies (prov-record.yaml), unexported so that no caller can
// change them for the whole process; the functions below return copies.
var (
	derivationVocab = []string{"implements", "conforms_to", "follows_pattern", "extends", "tests", "documents", "refines", "derives_from"}
	entityVocab     = []string{"document", "schema", "code", "test", "configuration", "agent_definition", "command_definition", "template", "data", "artifact_bundle"}
	activityVocab   = []string{"generation", "modification", "refactoring", "testing", "review", "merge", "derivation", "validation", "deployment"}
	agentVocab      = []string{"ai_assistant", "aiwg_agent", "human", "automated_tool", "ci_system"}
)

// DerivationTypes returns the seed's vocabulary for
// wasDerivedFrom.derivation_type, in the seed's order.
func DerivationTypes() []string { return slices.Clone(derivationVocab) }

// EntityTypes returns the seed's vocabulary of entity types.
func EntityTypes() []string { return slices.Clone(entityVocab) }

// ActivityTypes returns the seed's vocabulary of activity types.
func ActivityTypes() []string { return slices.Clone(activityVocab) }

// AgentTypes returns the seed's vocabulary of agent types.
func AgentTypes() []string { return slices.Clone(agentVocab) }

// Metadata is the metadata block of a PROV-YAML record.
type Metadata struct {
	SchemaVersion string `yaml:"schema_version,omitempty"`
	CreatedAt     string `yaml:"created_at,omitempty"`
	Description   string `yaml:"description,omitempty"`
}

type yamlEntity struct {
	ID         string    `yaml:"id"`
	Type       string    `yaml:"type,omitempty"`
	CreatedAt  string    `yaml:"created_at,omitempty"`
	UpdatedAt  string    `yaml:"updated_at,omitempty"`
	Checksum   string    `yaml:"checksum,omitempty"`
	SizeBytes  yaml.Node `yaml:"size_bytes,omitempty"`
	Attributes yaml.Node `yaml:"attributes,omitempty"`
}

type yamlActivity struct {
	ID              string    `yaml:"id"`
	Type            string    `yaml:"type,omitempty"`
	StartedAt       string    `yaml:"started_at,omitempty"`
	EndedAt         string    `yaml:"ended_at,omitempty"`
	DurationSeconds yaml.Node `yaml:"duration_seconds,omitempty"`
	Description     string    `yaml:"description,omitempty"`
	Attributes      yaml.Node `yaml:"attributes,omitempty"`
}

type yamlAgent struct {
	ID         string    `yaml:"id"`
	Type       string    `yaml:"type,omitempty"`
	Name       string    `yaml:"name,omitempty"`
	Version    string    `yaml:"version,omitempty"`
	Tool       string    `yaml:"tool,omitempty"`
	Attributes yaml.Node `yaml:"attributes,omitempty"`
}

type yamlGeneration struct {
	Entity   string `yaml:"entity"`
	Activity string `yaml:"activity"`
	Time     string `yaml:"time,omitempty"`
}

type yamlUsage struct {
	Activity string `yaml:"activity"`
	Entity   string `yaml:"entity"`
	Role     string `yaml:"role,omitempty"`
	Time     string `yaml:"time,omitempty"`
}

type yamlDerivation struct {
	Entity         string `yaml:"entity"`
	Source         string `yaml:"source"`
	DerivationType string `yaml:"derivation_type,omitempty"`
	Activity       string `yaml:"activity,omitempty"`
}

type yamlAssociation struct {
	Activity string `yaml:"activity"`
	Agent    string `yaml:"agent"`
	Role     string `yaml:"role,omitempty"`
	Plan     string `yaml:"plan,omitempty"`
}

type yamlAttribution struct {
	Entity string `yaml:"entity"`
	Agent  string `yaml:"agent"`
}

type yamlDelegation struct {
	Delegate    string `yaml:"delegate"`
	Responsible string `yaml:"responsible"`
	Activity    string `yaml:"activity,omitempty"`
}

type yamlRelationships struct {
	WasGeneratedBy    section[yamlGeneration]  `yaml:"wasGeneratedBy,omitempty"`
	Used              section[yamlUsage]       `yaml:"used,omitempty"`
	WasDerivedFrom    section[yamlDerivation]  `yaml:"wasDerivedFrom,omitempty"`
	WasAssociatedWith section[yamlAssociation] `yaml:"wasAssociatedWith,omitempty"`
	WasAttributedTo   section[yamlAttribution] `yaml:"wasAttributedTo,omitempty"`
	ActedOnBehalfOf   section[yamlDelegation]  `yaml:"actedOnBehalfOf,omitempty"`
}

type yamlRecord struct {
	Metadata      *Metadata             `yaml:"metadata,omitempty"`
	Entity        section[yamlEntity]   `yaml:"entity,omitempty"`
	Activity      section[yamlActivity] `yaml:"activity,omitempty"`
	Agent         section[yamlAgent]    `yaml:"agent,omitempty"`
	Relationships *yamlRelationships    `yaml:"relationships,omitempty"`
}

// section is a PROV-YAML section: one mapping, as in the seed, or a list of
// them. It decodes with the record's decoder, so that unknown fields and
// duplicate keys are reported, all at once, at their lines.
type section[T any] struct {
	items []T
	list  bool
}

// UnmarshalYAML implements the yaml.v3 Unmarshaler of old, whose unmarshal
// keeps the decoder's options (KnownFields).
func (s *section[T]) UnmarshalYAML(unmarshal func(any) error) error {
	var probe any
	if err := unmarshal(&probe); err != nil {
		return err
	}
	switch probe.(type) {
	case map[string]any, map[any]any:
		s.items = make([]T, 1)
		return unmarshal(&s.items[0])
	case []any:
		s.list = true
		return unmarshal(&s.items)
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("expected a mapping or a list of mappings, found %v", probe)}}
}

// path returns the path of item i of the section at where.
func (s *section[T]) path(where string, i int) string {
	if s.list {
		return fmt.Sprintf("%s[%d]", where, i)
	}
	return where
}

// recordErrors collects every problem of a PROV-YAML input.
type recordErrors struct{ errs []error }

func (re *recordErrors) add(where, format string, args ...any) {
	re.errs = append(re.errs, &SyntaxError{Format: "PROV-YAML", Where: where, Msg: fmt.Sprintf(format, args...)})
}

// ReadRecord reads a PROV-YAML provenance record of the seed schema
// (prov-record.yaml): metadata, entity, activity, agent and relationships
// (wasGeneratedBy, used, wasDerivedFrom, wasAssociatedWith, wasAttributedTo,
// actedOnBehalfOf). Each section may be one mapping, as in the seed, or a list
// of them. Unknown fields are errors; all problems are reported at once.
//
// The record becomes a Document: entity, activity and agent are elements with
// the record's identifiers as qualified names (prefix "urn" bound to "urn:"),
// their fields are attributes in the aiwg namespace (AttrType, AttrCreatedAt,
// …), activity times are its start and end, user attributes are attributes in
// the "attr" namespace, roles are prov:role and derivation types
// AttrDerivationType. Field values are kept as written, except that YAML
// numbers and booleans are written as xsd lexical forms (see the attributes
// paragraph below).
//
// Attribute values: strings stay as written; integers, floats and booleans
// become xsd:long, xsd:double and xsd:boolean literals, as written when that
// is a valid xsd lexical form of the value YAML reads, otherwise in the
// canonical form of that value (0x10 becomes 16, 1_000 becomes 1000, .inf
// becomes INF, True becomes true); null, NaN and integers beyond xsd:long are
// errors; lists and maps become JSON text (datatype aiwg:json) and may nest
// at most 32 levels. An attribute given twice is an error, as is any mapping
// key given twice.
//
// Input is bounded by MaxRecordSize bytes (an error wrapping ErrTooLarge
// beyond), and holds one YAML document.
func ReadRecord(r io.Reader) (*Document, error) { return readRecord(r, MaxRecordSize) }

func readRecord(r io.Reader, limit int64) (*Document, error) {
	data, err := readAll(r, "PROV-YAML", limit)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var y yamlRecord
	re := &recordErrors{}
	if err := dec.Decode(&y); err != nil {
		var te *yaml.TypeError
		switch {
		case errors.Is(err, io.EOF):
			return nil, &SyntaxError{Format: "PROV-YAML", Msg: "empty record"}
		case errors.As(err, &te):
			// y holds what could be decoded: go on to report all problems.
			for _, e := range te.Errors {
				re.add("", "%s", e)
			}
		default:
			return nil, &SyntaxError{Format: "PROV-YAML", Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
		}
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, &SyntaxError{Format: "PROV-YAML", Msg: "more than one YAML document"}
	}
	d := newRecordDocument()
	d.Metadata = y.Metadata
	if d.Metadata == nil {
		d.Metadata = &Metadata{}
	}
	for i, e := range y.Entity.items {
		where := y.Entity.path("entity", i)
		var attrs []Attr
		attrs = appendString(attrs, AttrType, e.Type)
		attrs = appendTyped(attrs, AttrCreatedAt, e.CreatedAt, TypeDateTime)
		attrs = appendTyped(attrs, AttrUpdatedAt, e.UpdatedAt, TypeDateTime)
		attrs = appendString(attrs, AttrChecksum, e.Checksum)
		attrs = appendScalar(re, attrs, AttrSizeBytes, &e.SizeBytes, where+".size_bytes")
		attrs = appendAttributes(re, attrs, &e.Attributes, where+".attributes")
		d.Entity(QName(e.ID), attrs...)
	}
	for i, a := range y.Activity.items {
		where := y.Activity.path("activity", i)
		var attrs []Attr
		attrs = appendString(attrs, AttrType, a.Type)
		attrs = appendScalar(re, attrs, AttrDuration, &a.DurationSeconds, where+".duration_seconds")
		attrs = appendString(attrs, AttrDescription, a.Description)
		attrs = appendAttributes(re, attrs, &a.Attributes, where+".attributes")
		d.Activity(QName(a.ID), a.StartedAt, a.EndedAt, attrs...)
	}
	for i, a := range y.Agent.items {
		where := y.Agent.path("agent", i)
		var attrs []Attr
		attrs = appendString(attrs, AttrType, a.Type)
		attrs = appendString(attrs, AttrName, a.Name)
		attrs = appendString(attrs, AttrVersion, a.Version)
		attrs = appendString(attrs, AttrTool, a.Tool)
		attrs = appendAttributes(re, attrs, &a.Attributes, where+".attributes")
		d.Agent(QName(a.ID), attrs...)
	}
	if rel := y.Relationships; rel != nil {
		for _, g := range rel.WasGeneratedBy.items {
			d.relation(KindGeneration, "", []string{g.Entity, g.Activity, g.Time}, nil)
		}
		for _, u := range rel.Used.items {
			d.relation(KindUsage, "", []string{u.Activity, u.Entity, u.Time}, appendString(nil, AttrRole, u.Role))
		}
		for _, x := range rel.WasDerivedFrom.items {
			d.relation(KindDerivation, "", []string{x.Entity, x.Source, x.Activity}, appendString(nil, AttrDerivationType, x.DerivationType))
		}
		for _, x := range rel.WasAssociatedWith.items {
			d.relation(KindAssociation, "", []string{x.Activity, x.Agent, x.Plan}, appendString(nil, AttrRole, x.Role))
		}
		for _, x := range rel.WasAttributedTo.items {
			d.relation(KindAttribution, "", []string{x.Entity, x.Agent}, nil)
		}
		for _, x := range rel.ActedOnBehalfOf.items {
			d.relation(KindDelegation, "", []string{x.Delegate, x.Responsible, x.Activity}, nil)
		}
	}
	if len(re.errs) > 0 {
		return nil, errors.Join(re.errs...)
	}
	return d, nil
}

func newRecordDocument() *Document {
	d := &Document{}
	d.AddNamespace("urn", NamespaceURN)
	d.AddNamespace("aiwg", NamespaceAIWG)
	d.AddNamespace("attr", NamespaceAttribute)
	return d
}

func appendString(attrs []Attr, name QName, s string) []Attr {
	if s == "" {
		return attrs
	}
	return append(attrs, Attr{Name: name, Value: String(s)})
}

func appendTyped(attrs []Attr, name QName, s string, dt QName) []Attr {
	if s == "" {
		return attrs
	}
	return append(attrs, Attr{Name: name, Value: Typed(s, dt)})
}

// maxValueDepth is how deeply lists and maps may nest in a PROV-YAML
// attribute value.
const maxValueDepth = 32

// yamlValue converts a YAML node to a Value: a scalar as yamlScalar does, a
// list or map as JSON text (datatype aiwg:json).
func yamlValue(n *yaml.Node) (Value, error) {
	if n.Kind == yaml.ScalarNode {
		return yamlScalar(n)
	}
	if depth(n, maxValueDepth+1) > maxValueDepth {
		return Value{}, fmt.Errorf("lists and maps nest deeper than %d levels", maxValueDepth)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return Value{}, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return Value{}, err
	}
	return Typed(string(b), typeJSON), nil
}

// depth returns how deeply lists and maps nest in n (a scalar is 0), looking
// no deeper than limit levels.
func depth(n *yaml.Node, limit int) int {
	if limit <= 0 || n.Kind == yaml.ScalarNode || n.Kind == yaml.AliasNode {
		return 0
	}
	d := 0
	for _, c := range n.Content {
		d = max(d, depth(c, limit-1))
	}
	return d + 1
}

// xsd lexical forms of integers and (finite) doubles.
var (
	xsdInteger = regexp.MustCompile(`^[+-]?[0-9]+$`)
	xsdDouble  = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
)

// yamlScalar converts a YAML scalar to a Value. Strings stay as written.
// Integers, floats and booleans become xsd:long, xsd:double and xsd:boolean
// literals in a valid xsd lexical form: the text as written when it is one
// and means the value YAML reads (42, +42, 1.50, 1e3, true), otherwise the
// canonical form of that value (0x10 → 16, 0o17 → 15, 1_000 → 1000,
// .inf → INF, True → true). A null, a NaN and an integer beyond xsd:long are
// errors.
func yamlScalar(n *yaml.Node) (Value, error) {
	tag := n.ShortTag()
	switch tag {
	case "!!null":
		return Value{}, fmt.Errorf("null value")
	case "!!int", "!!float", "!!bool":
	default:
		return String(n.Value), nil
	}
	var x any
	if err := n.Decode(&x); err != nil {
		return Value{}, fmt.Errorf("%s: %v", n.Value, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	switch v := x.(type) {
	case int:
		if tag == "!!int" {
			if w, err := strconv.ParseInt(n.Value, 10, 64); err == nil && xsdInteger.MatchString(n.Value) && w == int64(v) {
				return Typed(n.Value, TypeLong), nil
			}
			return Typed(strconv.Itoa(v), TypeLong), nil
		}
	case float64:
		switch {
		case math.IsNaN(v):
			return Value{}, fmt.Errorf("%s is not a number (NaN equals no value, itself included)", n.Value)
		case math.IsInf(v, 1):
			return Typed("INF", TypeDouble), nil
		case math.IsInf(v, -1):
			return Typed("-INF", TypeDouble), nil
		}
		if w, err := strconv.ParseFloat(n.Value, 64); err == nil && xsdDouble.MatchString(n.Value) && w == v {
			return Typed(n.Value, TypeDouble), nil
		}
		return Typed(strconv.FormatFloat(v, 'g', -1, 64), TypeDouble), nil
	case bool:
		return Typed(strconv.FormatBool(v), TypeBoolean), nil
	}
	return Value{}, fmt.Errorf("%s is out of the range of xsd:long", n.Value)
}

func appendScalar(re *recordErrors, attrs []Attr, name QName, n *yaml.Node, where string) []Attr {
	if n.Kind == 0 {
		return attrs
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		re.add(where, "expected an integer, found %q (line %d)", n.Value, n.Line)
		return attrs
	}
	v, err := yamlScalar(n)
	if err != nil {
		re.add(where, "%v (line %d)", err, n.Line)
		return attrs
	}
	return append(attrs, Attr{Name: name, Value: v})
}

// appendAttributes appends the attributes of the mapping n: a key without a
// prefix is in the attr namespace; a name given twice ("n" and "attr:n"
// included) is an error.
func appendAttributes(re *recordErrors, attrs []Attr, n *yaml.Node, where string) []Attr {
	if n.Kind == 0 {
		return attrs
	}
	if n.Kind != yaml.MappingNode {
		re.add(where, "expected a mapping (line %d)", n.Line)
		return attrs
	}
	lines := map[QName]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		k := key.Value
		name := QName(k)
		if !strings.Contains(k, ":") {
			name = "attr:" + QName(k)
		}
		if first, dup := lines[name]; dup {
			re.add(where+"."+k, "attribute %s given twice (lines %d and %d)", name, first, key.Line)
			continue
		}
		lines[name] = key.Line
		v, err := yamlValue(val)
		if err != nil {
			re.add(where+"."+k, "%v (line %d)", err, val.Line)
			continue
		}
		attrs = append(attrs, Attr{Name: name, Value: v})
	}
	return attrs
}

// WriteRecord writes d as a PROV-YAML record of the seed schema, the inverse
// of ReadRecord: each section is one mapping when d has exactly one record of
// its kind and a list otherwise; relationships are written in the seed's order
// (wasGeneratedBy, used, wasDerivedFrom, wasAssociatedWith, wasAttributedTo,
// actedOnBehalfOf). Attributes outside the aiwg namespace are written under
// attributes (keys without the "attr:" prefix); every entity, activity and
// agent has an attributes mapping, empty ("{}") as in the seed's template when
// there are none. It returns an error, writing
// nothing, when d holds what a record cannot: bundles, relation kinds the seed
// does not define, relation identifiers, or relation attributes other than
// the role and derivation type. Attribute values are written as YAML
// integers, floats and booleans for xsd:int/long/integer, xsd:double and
// xsd:boolean, as lists and maps for values read from them, and as strings
// (their lexical form) otherwise.
func (d *Document) WriteRecord(w io.Writer) error {
	var errs []error
	if len(d.Bundles) > 0 {
		errs = append(errs, fmt.Errorf("prov: WriteRecord: a record has no bundles (found %d)", len(d.Bundles)))
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	if d.Metadata != nil && *d.Metadata != (Metadata{}) {
		var m yaml.Node
		if err := m.Encode(d.Metadata); err != nil {
			return err
		}
		addPair(root, "metadata", &m)
	}
	sections := map[string][]*yaml.Node{}
	order := []string{"entity", "activity", "agent"}
	relOrder := []Kind{KindGeneration, KindUsage, KindDerivation, KindAssociation, KindAttribution, KindDelegation}
	rels := map[Kind][]*yaml.Node{}
	for i := range d.Statements {
		r := &d.Statements[i]
		switch r.Kind {
		case KindEntity:
			sections["entity"] = append(sections["entity"], elementNode(r, []fieldMap{
				{"type", AttrType}, {"created_at", AttrCreatedAt}, {"updated_at", AttrUpdatedAt},
				{"checksum", AttrChecksum}, {"size_bytes", AttrSizeBytes}}))
		case KindActivity:
			sections["activity"] = append(sections["activity"], elementNode(r, []fieldMap{
				{"type", AttrType}, {"started_at", ""}, {"ended_at", ""},
				{"duration_seconds", AttrDuration}, {"description", AttrDescription}}))
		case KindAgent:
			sections["agent"] = append(sections["agent"], elementNode(r, []fieldMap{
				{"type", AttrType}, {"name", AttrName}, {"version", AttrVersion}, {"tool", AttrTool}}))
		case KindGeneration, KindUsage, KindDerivation, KindAssociation, KindAttribution, KindDelegation:
			if r.ID != "" {
				errs = append(errs, fmt.Errorf("prov: WriteRecord: %s %s: a record's relations have no identifiers", r.Kind, r.ID))
				continue
			}
			n, err := relationNode(r)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			rels[r.Kind] = append(rels[r.Kind], n)
		default:
			errs = append(errs, fmt.Errorf("prov: WriteRecord: record %d: a record cannot hold %s", i+1, r.Kind))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for _, s := range order {
		if ns := sections[s]; len(ns) > 0 {
			addPair(root, s, oneOrList(ns))
		}
	}
	relNode := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range relOrder {
		if ns := rels[k]; len(ns) > 0 {
			addPair(relNode, k.String(), oneOrList(ns))
		}
	}
	if len(relNode.Content) > 0 {
		addPair(root, "relationships", relNode)
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return err
	}
	return enc.Close()
}

type fieldMap struct {
	key  string
	attr QName // "" for activity start/end times
}

func addPair(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func oneOrList(ns []*yaml.Node) *yaml.Node {
	if len(ns) == 1 {
		return ns[0]
	}
	return &yaml.Node{Kind: yaml.SequenceNode, Content: ns}
}

// strNode returns a scalar node for s that reads back as the string s.
func strNode(s string) *yaml.Node {
	var n yaml.Node
	_ = n.Encode(s) // a string always encodes
	return &n
}

// valueNode returns the YAML node for an attribute value.
func valueNode(v Value) *yaml.Node {
	switch v.Datatype {
	case TypeLong, TypeInt, "xsd:integer":
		if _, err := strconv.ParseInt(v.Lexical, 10, 64); err == nil {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: v.Lexical}
		}
	case TypeDouble:
		lex := map[string]string{"INF": ".inf", "+INF": ".inf", "-INF": "-.inf", "NaN": ".nan"}[v.Lexical]
		if lex == "" {
			lex = v.Lexical
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: lex}
	case TypeBoolean:
		if v.Lexical == "true" || v.Lexical == "false" {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v.Lexical}
		}
	case typeJSON:
		var x any
		if json.Unmarshal([]byte(v.Lexical), &x) == nil {
			var n yaml.Node
			if n.Encode(x) == nil {
				return &n
			}
		}
	}
	return strNode(v.Lexical)
}

func elementNode(r *Statement, fields []fieldMap) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	addPair(m, "id", strNode(string(r.ID)))
	used := map[QName]bool{}
	times := 0
	for _, f := range fields {
		if f.attr == "" {
			if r.Args[times] != "" {
				addPair(m, f.key, strNode(r.Args[times]))
			}
			times++
			continue
		}
		used[f.attr] = true
		if vs := r.Attr(f.attr); len(vs) > 0 {
			addPair(m, f.key, valueNode(vs[0]))
		}
	}
	attrs := &yaml.Node{Kind: yaml.MappingNode}
	for _, a := range r.Attrs {
		if used[a.Name] {
			continue
		}
		key := string(a.Name)
		if a.Name.Prefix() == "attr" {
			key = a.Name.Local()
		}
		addPair(attrs, key, valueNode(a.Value))
	}
	// Always written, as in the seed's template ("attributes: {}").
	addPair(m, "attributes", attrs)
	return m
}

func relationNode(r *Statement) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	put := func(key, val string, optional bool) {
		if val != "" || !optional {
			addPair(m, key, strNode(val))
		}
	}
	attr := func(name QName) string {
		if vs := r.Attr(name); len(vs) > 0 {
			return vs[0].Lexical
		}
		return ""
	}
	known := map[QName]bool{}
	switch r.Kind {
	case KindGeneration:
		put("entity", r.Args[0], false)
		put("activity", r.Args[1], false)
		put("time", r.Args[2], true)
	case KindUsage:
		put("activity", r.Args[0], false)
		put("entity", r.Args[1], false)
		put("role", attr(AttrRole), true)
		put("time", r.Args[2], true)
		known[AttrRole] = true
	case KindDerivation:
		put("entity", r.Args[0], false)
		put("source", r.Args[1], false)
		put("derivation_type", attr(AttrDerivationType), true)
		put("activity", r.Args[2], true)
		known[AttrDerivationType] = true
		if r.Args[3] != "" || r.Args[4] != "" {
			return nil, fmt.Errorf("prov: WriteRecord: wasDerivedFrom %s from %s: a record cannot name its generation or usage", r.Args[0], r.Args[1])
		}
	case KindAssociation:
		put("activity", r.Args[0], false)
		put("agent", r.Args[1], false)
		put("role", attr(AttrRole), true)
		put("plan", r.Args[2], true)
		known[AttrRole] = true
	case KindAttribution:
		put("entity", r.Args[0], false)
		put("agent", r.Args[1], false)
	case KindDelegation:
		put("delegate", r.Args[0], false)
		put("responsible", r.Args[1], false)
		put("activity", r.Args[2], true)
	}
	for _, a := range r.Attrs {
		if !known[a.Name] || len(r.Attr(a.Name)) > 1 {
			return nil, fmt.Errorf("prov: WriteRecord: %s: a record cannot hold attribute %s", r.Kind, a.Name)
		}
	}
	return m, nil
}

// Checksum returns the seed's checksum of content: "sha256:" followed by the
// lowercase hex SHA-256 digest.
func Checksum(content []byte) string {
	sum := sha256.Sum256(content)
	return "sha256:" + hex.EncodeToString(sum[:])
}
