package prov

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Well-known namespace URIs.
const (
	NamespacePROV = "http://www.w3.org/ns/prov#"
	NamespaceXSD  = "http://www.w3.org/2001/XMLSchema#"
	NamespaceAIWG = "https://aiwg.io/provenance/"
)

// QName is a qualified name exactly as written: "ex:e1" (prefix "ex", local
// part "e1"), "e1" (a name in the default namespace) or any other string that
// a PROV-JSON document uses as an identifier. It is resolved to an IRI with
// the namespaces in scope (see [Container.Resolve]); the written form is kept
// so that documents are written back exactly as they were read.
type QName string

// Prefix returns the part of q before the first colon, or "" when q has none.
func (q QName) Prefix() string {
	if i := strings.IndexByte(string(q), ':'); i >= 0 {
		return string(q[:i])
	}
	return ""
}

// Local returns the part of q after the first colon, or q itself when it has
// no colon.
func (q QName) Local() string {
	if i := strings.IndexByte(string(q), ':'); i >= 0 {
		return string(q[i+1:])
	}
	return string(q)
}

// Namespace binds a prefix to a namespace IRI.
type Namespace struct {
	Prefix string
	URI    string
}

// Value is an attribute value: a literal kept exactly as written, with its
// lexical form, its datatype (a qualified name as written, such as "xsd:int"
// or "prov:QUALIFIED_NAME") and its language tag. The zero Value is the empty
// plain string.
//
// A plain string has an empty Datatype. JSON numbers and booleans are read as
// typed literals with their JSON text as lexical form (datatype xsd:int for
// integers, xsd:double for other numbers, xsd:boolean for booleans), so no
// number ever passes through float64.
type Value struct {
	Lexical  string
	Datatype QName
	Lang     string
}

// Well-known datatypes.
const (
	TypeQualifiedName QName = "prov:QUALIFIED_NAME"
	TypeDateTime      QName = "xsd:dateTime"
	TypeString        QName = "xsd:string"
	TypeInt           QName = "xsd:int"
	TypeLong          QName = "xsd:long"
	TypeDouble        QName = "xsd:double"
	TypeBoolean       QName = "xsd:boolean"
	TypeIntlString    QName = "prov:InternationalizedString"
)

// String returns s as a plain string value.
func String(s string) Value { return Value{Lexical: s} }

// Ref returns a prov:QUALIFIED_NAME value naming q.
func Ref(q QName) Value { return Value{Lexical: string(q), Datatype: TypeQualifiedName} }

// Typed returns the typed literal lexical^^datatype.
func Typed(lexical string, datatype QName) Value {
	return Value{Lexical: lexical, Datatype: datatype}
}

// Attr is one attribute-value pair of a record. A record may hold several
// pairs with the same name; their order is kept.
type Attr struct {
	Name  QName
	Value Value
}

// Kind is the kind of a statement: an element (entity, activity, agent) or one of
// the relations of PROV-DM.
type Kind uint8

// Statement kinds. Revision, quotation and primary source are derivations
// (KindDerivation) with a prov:type attribute of prov:Revision,
// prov:Quotation or prov:PrimarySource, as in PROV-JSON.
const (
	KindEntity         Kind = iota + 1 // entity(id, attrs)
	KindActivity                       // activity(id, startTime, endTime, attrs)
	KindAgent                          // agent(id, attrs)
	KindGeneration                     // wasGeneratedBy(id; entity, activity, time)
	KindUsage                          // used(id; activity, entity, time)
	KindCommunication                  // wasInformedBy(id; informed, informant)
	KindStart                          // wasStartedBy(id; activity, trigger, starter, time)
	KindEnd                            // wasEndedBy(id; activity, trigger, ender, time)
	KindInvalidation                   // wasInvalidatedBy(id; entity, activity, time)
	KindDerivation                     // wasDerivedFrom(id; generatedEntity, usedEntity, activity, generation, usage)
	KindAttribution                    // wasAttributedTo(id; entity, agent)
	KindAssociation                    // wasAssociatedWith(id; activity, agent, plan)
	KindDelegation                     // actedOnBehalfOf(id; delegate, responsible, activity)
	KindInfluence                      // wasInfluencedBy(id; influencee, influencer)
	KindSpecialization                 // specializationOf(specificEntity, generalEntity)
	KindAlternate                      // alternateOf(alternate1, alternate2)
	KindMembership                     // hadMember(collection, entity)
	KindMention                        // mentionOf(specificEntity, generalEntity, bundle)
	kindCount
)

// MaxArgs is the largest number of positional arguments of any kind.
const MaxArgs = 5

type kindInfo struct {
	name  string   // PROV-N and PROV-JSON name
	args  []string // PROV-JSON attribute names (local parts in the prov namespace)
	times uint8    // bit i set: argument i is a time
	need  uint8    // bit i set: argument i is required
	types []Kind   // element kind expected for argument i (0: none/time/relation)
}

var kinds = [kindCount]kindInfo{
	KindEntity:         {name: "entity"},
	KindActivity:       {name: "activity", args: []string{"startTime", "endTime"}, times: 3},
	KindAgent:          {name: "agent"},
	KindGeneration:     {name: "wasGeneratedBy", args: []string{"entity", "activity", "time"}, times: 4, need: 1, types: []Kind{KindEntity, KindActivity, 0}},
	KindUsage:          {name: "used", args: []string{"activity", "entity", "time"}, times: 4, need: 1, types: []Kind{KindActivity, KindEntity, 0}},
	KindCommunication:  {name: "wasInformedBy", args: []string{"informed", "informant"}, need: 3, types: []Kind{KindActivity, KindActivity}},
	KindStart:          {name: "wasStartedBy", args: []string{"activity", "trigger", "starter", "time"}, times: 8, need: 1, types: []Kind{KindActivity, KindEntity, KindActivity, 0}},
	KindEnd:            {name: "wasEndedBy", args: []string{"activity", "trigger", "ender", "time"}, times: 8, need: 1, types: []Kind{KindActivity, KindEntity, KindActivity, 0}},
	KindInvalidation:   {name: "wasInvalidatedBy", args: []string{"entity", "activity", "time"}, times: 4, need: 1, types: []Kind{KindEntity, KindActivity, 0}},
	KindDerivation:     {name: "wasDerivedFrom", args: []string{"generatedEntity", "usedEntity", "activity", "generation", "usage"}, need: 3, types: []Kind{KindEntity, KindEntity, KindActivity, KindGeneration, KindUsage}},
	KindAttribution:    {name: "wasAttributedTo", args: []string{"entity", "agent"}, need: 3, types: []Kind{KindEntity, KindAgent}},
	KindAssociation:    {name: "wasAssociatedWith", args: []string{"activity", "agent", "plan"}, need: 1, types: []Kind{KindActivity, KindAgent, KindEntity}},
	KindDelegation:     {name: "actedOnBehalfOf", args: []string{"delegate", "responsible", "activity"}, need: 1, types: []Kind{KindAgent, KindAgent, KindActivity}},
	KindInfluence:      {name: "wasInfluencedBy", args: []string{"influencee", "influencer"}, need: 3, types: []Kind{0, 0}},
	KindSpecialization: {name: "specializationOf", args: []string{"specificEntity", "generalEntity"}, need: 3, types: []Kind{KindEntity, KindEntity}},
	KindAlternate:      {name: "alternateOf", args: []string{"alternate1", "alternate2"}, need: 3, types: []Kind{KindEntity, KindEntity}},
	KindMembership:     {name: "hadMember", args: []string{"collection", "entity"}, need: 3, types: []Kind{KindEntity, KindEntity}},
	KindMention:        {name: "mentionOf", args: []string{"specificEntity", "generalEntity", "bundle"}, need: 7, types: []Kind{KindEntity, KindEntity, KindEntity}},
}

var kindByName = func() map[string]Kind {
	m := make(map[string]Kind, kindCount)
	for k := KindEntity; k < kindCount; k++ {
		m[kinds[k].name] = k
	}
	return m
}()

// String returns the PROV-N (and PROV-JSON) name of k, such as "wasGeneratedBy".
func (k Kind) String() string {
	if k == 0 || k >= kindCount {
		return fmt.Sprintf("Kind(%d)", uint8(k))
	}
	return kinds[k].name
}

// KindOf returns the kind with the given PROV-N name ("entity",
// "wasDerivedFrom", ...), and false for an unknown name.
func KindOf(name string) (Kind, bool) {
	k, ok := kindByName[name]
	return k, ok
}

// IsElement reports whether k is an entity, activity or agent.
func (k Kind) IsElement() bool { return k == KindEntity || k == KindActivity || k == KindAgent }

// ArgNames returns the names of k's positional arguments, in PROV-N order, as
// PROV-JSON spells them without the "prov:" prefix (for example "entity",
// "activity", "time" for KindGeneration).
func (k Kind) ArgNames() []string {
	if k == 0 || k >= kindCount {
		return nil
	}
	return slices.Clone(kinds[k].args)
}

// IsTimeArg reports whether positional argument i of k is a time.
func (k Kind) IsTimeArg(i int) bool { return k < kindCount && kinds[k].times&(1<<i) != 0 }

// Statement is one PROV statement (a "record" in PROV-DM's terms, not to be
// confused with a PROV-YAML record of ReadRecord): an element or a relation.
// ID is empty when the statement has no identifier. Args holds the
// positional arguments in PROV-N order (see [Kind.ArgNames]); an empty string
// is an absent argument ("-" in PROV-N). Names are kept as written; times are kept as written
// (xsd:dateTime lexical forms, timezones included).
type Statement struct {
	Kind  Kind
	ID    QName
	Args  [MaxArgs]string
	Attrs []Attr
}

// Arg returns the argument named name (as in [Kind.ArgNames]), or "".
func (r *Statement) Arg(name string) string {
	if r.Kind == 0 || r.Kind >= kindCount {
		return ""
	}
	for i, n := range kinds[r.Kind].args {
		if n == name {
			return r.Args[i]
		}
	}
	return ""
}

// Attr returns the values of the attributes named name, in order.
func (r *Statement) Attr(name QName) []Value {
	var vs []Value
	for _, a := range r.Attrs {
		if a.Name == name {
			vs = append(vs, a.Value)
		}
	}
	return vs
}

// Container holds the namespace declarations and the statements of a
// document or of one bundle. Statements keep the order in which they were
// read or added.
type Container struct {
	// Default is the default namespace IRI, "" when none is declared.
	Default string
	// Namespaces are the prefix declarations, in declaration order.
	Namespaces []Namespace
	// Statements are the records of PROV-DM, in document order.
	Statements []Statement
}

// Bundle is a named set of statements with its own namespace declarations.
type Bundle struct {
	ID QName
	Container
}

// Document is a PROV document: top-level statements and bundles.
//
// Order is deterministic everywhere: records, attributes, namespaces and
// bundles keep the order in which they were read or added. ReadJSON reads the
// members of a PROV-JSON object in the order in which they appear in the text.
type Document struct {
	Container
	Bundles []*Bundle
	// Metadata is the metadata block of a PROV-YAML record (see ReadRecord).
	// Other formats neither read nor write it.
	Metadata *Metadata
}

// AddNamespace declares prefix for uri, replacing an earlier declaration of
// the same prefix. The prefix "default" sets the default namespace.
func (c *Container) AddNamespace(prefix, uri string) {
	if prefix == "default" {
		c.Default = uri
		return
	}
	for i := range c.Namespaces {
		if c.Namespaces[i].Prefix == prefix {
			c.Namespaces[i].URI = uri
			return
		}
	}
	c.Namespaces = append(c.Namespaces, Namespace{Prefix: prefix, URI: uri})
}

// declared reports whether c declares prefix ("default": the default
// namespace).
func (c *Container) declared(prefix string) bool {
	if prefix == "default" {
		return c.Default != ""
	}
	for _, ns := range c.Namespaces {
		if ns.Prefix == prefix {
			return true
		}
	}
	return false
}

// Namespace returns the IRI bound to prefix in c, and whether there is one.
// The prefixes prov and xsd are always bound.
func (c *Container) Namespace(prefix string) (string, bool) {
	for _, ns := range c.Namespaces {
		if ns.Prefix == prefix {
			return ns.URI, true
		}
	}
	switch prefix {
	case "prov":
		return NamespacePROV, true
	case "xsd":
		return NamespaceXSD, true
	}
	return "", false
}

// Resolve returns the IRI that q names in c: the namespace IRI of its prefix
// followed by its local part, or the default namespace followed by q when q
// has no colon. ok is false when q's prefix is not declared (or q has no
// prefix and there is no default namespace).
func (c *Container) Resolve(q QName) (iri string, ok bool) {
	s := string(q)
	if i := strings.IndexByte(s, ':'); i >= 0 {
		if uri, ok := c.Namespace(s[:i]); ok {
			return uri + s[i+1:], true
		}
		return "", false
	}
	if c.Default != "" {
		return c.Default + s, true
	}
	return "", false
}

// Add appends a statement.
func (c *Container) Add(r Statement) { c.Statements = append(c.Statements, r) }

// Entity appends entity(id, attrs).
func (c *Container) Entity(id QName, attrs ...Attr) {
	c.Add(Statement{Kind: KindEntity, ID: id, Attrs: attrs})
}

// Activity appends activity(id, start, end, attrs); start and end are
// xsd:dateTime lexical forms or "".
func (c *Container) Activity(id QName, start, end string, attrs ...Attr) {
	c.Add(Statement{Kind: KindActivity, ID: id, Args: [MaxArgs]string{start, end}, Attrs: attrs})
}

// Agent appends agent(id, attrs).
func (c *Container) Agent(id QName, attrs ...Attr) {
	c.Add(Statement{Kind: KindAgent, ID: id, Attrs: attrs})
}

// Relation appends a relation of kind k with an optional id and the
// positional arguments args in PROV-N order (names or times; "" for absent).
// It returns an error, adding nothing, when k is not a relation kind or there
// are more arguments than k takes.
func (c *Container) Relation(k Kind, id QName, args []string, attrs ...Attr) error {
	if k == 0 || k >= kindCount || k.IsElement() {
		return fmt.Errorf("prov: Relation: %v is not a relation kind", k)
	}
	if len(args) > len(kinds[k].args) {
		return fmt.Errorf("prov: Relation: %v takes %d arguments, got %d", k, len(kinds[k].args), len(args))
	}
	c.relation(k, id, args, attrs)
	return nil
}

func (c *Container) relation(k Kind, id QName, args []string, attrs []Attr) {
	r := Statement{Kind: k, ID: id, Attrs: attrs}
	copy(r.Args[:], args)
	c.Add(r)
}

// checkKinds returns an error naming every record of an unknown kind.
func (d *Document) checkKinds() error {
	var errs []error
	for _, c := range d.containers() {
		for i := range c.Statements {
			if k := c.Statements[i].Kind; k == 0 || k >= kindCount {
				errs = append(errs, fmt.Errorf("prov: record %d: unknown kind %d", i+1, uint8(k)))
			}
		}
	}
	return errors.Join(errs...)
}

// Bundle returns the bundle with the given id, or nil.
func (d *Document) Bundle(id QName) *Bundle {
	for _, b := range d.Bundles {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// NewBundle appends an empty bundle with the given id and returns it.
func (d *Document) NewBundle(id QName) *Bundle {
	b := &Bundle{ID: id}
	d.Bundles = append(d.Bundles, b)
	return b
}

// containers returns the document's top level followed by its bundles.
func (d *Document) containers() []*Container {
	cs := make([]*Container, 0, 1+len(d.Bundles))
	cs = append(cs, &d.Container)
	for _, b := range d.Bundles {
		cs = append(cs, &b.Container)
	}
	return cs
}
