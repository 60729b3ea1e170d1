// Package prov records where generated artifacts come from, in the W3C PROV
// data model, and reads and writes it in the formats provenance tools speak.
//
// # Model
//
// A [Document] holds namespace declarations, statements and bundles. A
// [Statement] (a "record" in PROV-DM; the word record is kept here for the
// PROV-YAML records of [ReadRecord]) is an element (entity, activity, agent) or one of the relations of PROV-DM
// (wasGeneratedBy, used, wasInformedBy, wasStartedBy, wasEndedBy,
// wasInvalidatedBy, wasDerivedFrom — revision, quotation and primary source
// are derivations with a prov:type —, wasAttributedTo, wasAssociatedWith with
// a plan, actedOnBehalfOf, wasInfluencedBy, specializationOf, alternateOf,
// hadMember, mentionOf), with an optional identifier, positional arguments
// and attributes. Names are [QName] values kept as written ("ex:e1", or "e1"
// in the default namespace) and resolved with [Container.Resolve]. Attribute
// values are [Value] literals kept exactly as written: lexical form, datatype
// and language tag; numbers never pass through float64 and times keep their
// timezone.
//
// Order is deterministic everywhere: records, attributes, namespaces and
// bundles keep document order (the order read or added), except that ReadJSON
// takes a record's attributes in order of name (JSON objects are unordered;
// repeated values keep their array order). WriteJSON groups records by kind in
// the order of the Kind constants, keeping document order within a kind.
// Validate sorts its problems by location, code and message; graph queries
// yield in the order the document first names each entity.
//
// # Formats
//
//   - PROV-JSON (W3C member submission): [ReadJSON], [Document.WriteJSON],
//     streamed through jsontext (github.com/go-json-experiment/json): strict
//     JSON, a duplicated name or invalid UTF-8 is an error at its JSON
//     pointer. The output reads back in Python's prov library as an equal
//     document.
//   - PROV-N: [ReadProvN] (the full grammar: prefixes, default namespace,
//     bundles, optional identifiers, markers, typed and language-tagged
//     literals, qualified-name literals, comments), [Document.WriteProvN].
//   - Graphviz DOT: [Document.WriteDOT], in the seed's styles (entities yellow
//     ellipses, activities blue boxes, agents green houses).
//   - PROV-YAML records of the aiwg seed schema: [ReadRecord],
//     [Document.WriteRecord], and the builder [Generated] for the common case
//     "this program generated file F from inputs I1…In at time T", with sha256
//     checksums ([Checksum]) and urn:aiwg: identifiers.
//
// Every reader bounds its input ([MaxInputSize], [MaxRecordSize]; beyond,
// an error wrapping [ErrTooLarge]) and its nesting, and reports malformed
// input as a [*SyntaxError] wrapping [ErrSyntax].
//
// # Validation
//
// [Validate] returns every [Problem] (the module's one Finding type) with a
// stable code (the Code* constants name the rules), a [Severity] and a
// location: the seed's record rules
// (required fields, URN forms, timestamp order, references, derivation
// cycles) and the cheap checks of W3C PROV-CONSTRAINTS (unification of
// records that share an identifier and of the key constraints, activity start
// and end times, typing and disjointness, impossible statements, ordering of
// the timestamps given). It agrees with ProvToolbox's validator on all 186
// cases of its unification, typing and ordering test suites.
//
// # Derivation graph
//
// [NewGraph] builds the wasDerivedFrom graph (gonum) for forward and backward
// traces ([Graph.Derived], [Graph.Sources]), gap detection ([Graph.Gaps]),
// cycle detection ([Graph.Cycles]) and statistics ([Graph.Stats]).
//
// Nothing in the package reads the clock: times come from the caller.
package prov
