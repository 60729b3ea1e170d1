package prov

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/internal/diag"

	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// Severity says how much a Problem matters: the module's one severity type
// (error, warning, info).
type Severity = diag.Severity

// Severities of the problems Validate reports.
const (
	SeverityError   = diag.Error   // the document breaks a rule
	SeverityWarning = diag.Warning // probably wrong; a human should look
)

// Problem codes reported by Validate. Each names the rule it checks; the
// PROV-CONSTRAINTS constraint numbers are given in brackets.
const (
	// CodeProblemsOmitted counts the problems past MaxProblems.
	CodeProblemsOmitted = "problems-omitted"

	// Seed (PROV-YAML record) rules.
	CodeRequiredField    = "required-field"             // a required record field is missing
	CodeURNFormat        = "urn-format"                 // an id does not have the urn:aiwg:… form of its kind
	CodeTimestampFormat  = "timestamp-format"           // a time is not an ISO 8601 / xsd:dateTime value
	CodeActivityOrder    = "activity-ends-before-start" // an activity ends before it starts
	CodeUpdatedOrder     = "updated-before-created"     // an entity's updated_at precedes its created_at
	CodeCreatedOrder     = "created-before-activity"    // an entity was created before its generating activity started
	CodeDuration         = "duration-mismatch"          // duration_seconds differs from ended_at - started_at
	CodeChecksumFormat   = "checksum-format"            // a checksum is not sha256:<64 lowercase hex digits>
	CodeDerivationType   = "derivation-type"            // derivation_type outside the seed vocabulary
	CodeTypeVocabulary   = "type-vocabulary"            // entity/activity/agent type outside the seed vocabulary
	CodeDanglingRef      = "dangling-reference"         // a relation refers to an element the document does not declare
	CodeDerivationCycle  = "derivation-cycle"           // wasDerivedFrom forms a cycle (C38 with inferred generations)
	CodeMissingArgument  = "missing-argument"           // a required positional argument is "-" or absent
	CodeSameID           = "same-id-conflict"           // records with one id disagree on an argument [C22, C23]
	CodeUniqueGeneration = "unique-generation"          // two generations of one entity by one activity differ [C24]
	CodeUniqueInvalidate = "unique-invalidation"        // likewise for invalidation [C25]
	CodeUniqueUsage      = "unique-usage"               // two usages of one entity by one activity differ (as ProvToolbox)
	CodeUniqueStart      = "unique-start"               // two starts of one activity by one starter differ [C26]
	CodeUniqueEnd        = "unique-end"                 // likewise for ends [C27]
	CodeStartTime        = "start-time"                 // wasStartedBy time differs from the activity's start time [C28]
	CodeEndTime          = "end-time"                   // wasEndedBy time differs from the activity's end time [C29]
	CodeUniqueMention    = "unique-mention"             // an entity mentions two entities or bundles (PROV-LINKS)
	CodeDisjoint         = "disjoint-types"             // an id is both entity and activity, or a relation id is reused [C50, C53-C55]
	CodeImpossibleDeriv  = "impossible-derivation"      // derivation with generation/usage but no activity [C51]
	CodeImpossibleSpec   = "impossible-specialization"  // specializationOf is reflexive or cyclic [C52]
	CodeImpossibleMember = "impossible-membership"      // hadMember on a prov:EmptyCollection [C56]
	CodeReservedAttr     = "reserved-attribute"         // an attribute in the prov namespace that PROV-DM does not define
	CodeEventOrder       = "event-order"                // timestamps contradict an ordering constraint [C30-C49]
)

// Problem is one finding of Validate: a code (one of the Code constants),
// a severity, a message and where in the document. It is the module's one
// Finding type, and marshals to JSON as {"code","severity","message","where"}.
type Problem = diag.Finding

// Validate checks d and returns the problems found, errors and warnings,
// sorted by location, then code, then message: at most MaxProblems of them,
// then one that counts the others. A document is valid when no problem has
// severity "error".
//
// Within each bundle (and the top level) it applies the cheap
// PROV-CONSTRAINTS checks: unification of records sharing an identifier and
// the key constraints of generation, invalidation, start, end and mention;
// the start and end times of activities; typing and disjointness; impossible
// derivations, specializations and memberships; derivation cycles; reserved
// prov attributes; and the ordering constraints reduced to the timestamps
// given. Absent optional arguments are existential, except the plan of an
// association, the activity of a delegation and the activity, generation and
// usage of a derivation without an activity, which stay absent.
//
// Documents read by ReadRecord (Metadata set) and any urn:aiwg: identifier are
// also checked against the seed's record rules: required fields, URN forms,
// timestamps (ended_at ≥ started_at, updated_at ≥ created_at, started_at ≤
// created_at), checksums and vocabularies. A reference to an undeclared
// element is an error in a record and a warning elsewhere.
func Validate(d *Document) []Problem {
	v := &validator{record: d.Metadata != nil}
	v.container(&d.Container, "", d)
	for _, b := range d.Bundles {
		v.container(&b.Container, "bundle "+string(b.ID)+": ", d)
	}
	sort.SliceStable(v.problems, func(i, j int) bool {
		a, b := v.problems[i], v.problems[j]
		if a.Where != b.Where {
			return a.Where < b.Where
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
	return capProblems(v.problems)
}

// MaxProblems is how many problems Validate lists; past it, one last
// problem with code CodeProblemsOmitted counts the rest.
const MaxProblems = 1000

// capProblems keeps the first MaxProblems problems and counts the rest in
// one more, an error when any omitted problem is one, so that a document
// with errors never looks valid.
func capProblems(ps []Problem) []Problem {
	if len(ps) <= MaxProblems {
		return ps
	}
	rest := ps[MaxProblems:]
	errs := 0
	for _, p := range rest {
		if p.Severity == SeverityError {
			errs++
		}
	}
	sev := SeverityWarning
	if errs > 0 {
		sev = SeverityError
	}
	out := append(ps[:MaxProblems:MaxProblems], Problem{Code: CodeProblemsOmitted, Severity: sev,
		Message: fmt.Sprintf("%d more problems not listed (%d of them errors)", len(rest), errs)})
	return out
}

type validator struct {
	record   bool
	problems []Problem
	seen     map[string]bool
}

func (v *validator) add(sev Severity, code, where, format string, args ...any) {
	p := Problem{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...), Where: where}
	key := p.Code + "\x00" + p.Where + "\x00" + p.Message
	if v.seen == nil {
		v.seen = map[string]bool{}
	}
	if v.seen[key] {
		return
	}
	v.seen[key] = true
	v.problems = append(v.problems, p)
}

func where(prefix string, r *Statement, i int) string {
	if r.ID != "" {
		return fmt.Sprintf("%s%s %s", prefix, r.Kind, r.ID)
	}
	return fmt.Sprintf("%s%s #%d", prefix, r.Kind, i+1)
}

// ParseTime parses an xsd:dateTime lexical form such as
// "2026-01-25T19:30:00Z", "2026-01-25T19:30:00.5-05:00" or, without a
// timezone, "2012-11-16T16:05:00" (taken as UTC).
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid xsd:dateTime %q", s)
}

// Union-find over terms: constants (names, times, the null of a
// non-expandable absent argument) and existential variables.
type terms struct {
	parent []int32
	val    []string // "" for a variable
	types  []uint32 // bit k: Kind k
	consts map[string]int32
	labels map[int32]string // constants: the name as first written
}

const nullTerm = "\x00null"

func (t *terms) fresh() int32 {
	t.parent = append(t.parent, int32(len(t.parent)))
	t.val = append(t.val, "")
	t.types = append(t.types, 0)
	return int32(len(t.parent) - 1)
}

func (t *terms) constant(key string) int32 {
	if i, ok := t.consts[key]; ok {
		return i
	}
	i := t.fresh()
	t.val[i] = key
	t.consts[key] = i
	return i
}

func (t *terms) find(i int32) int32 {
	for t.parent[i] != i {
		t.parent[i] = t.parent[t.parent[i]]
		i = t.parent[i]
	}
	return i
}

// union merges the classes of a and b. It returns changed=true when two
// classes were merged and conflict=true (merging nothing) when both hold
// different constants.
func (t *terms) union(a, b int32) (changed, conflict bool) {
	a, b = t.find(a), t.find(b)
	if a == b {
		return false, false
	}
	if t.val[a] != "" && t.val[b] != "" && t.val[a] != t.val[b] {
		return false, true
	}
	if t.val[a] == "" {
		a, b = b, a
	}
	t.parent[b] = a
	t.types[a] |= t.types[b]
	return true, false
}

// display returns a human-readable form of a term's value: a name as first
// written, a time, "-" or "an unknown value".
func (t *terms) display(key string) string {
	if i, ok := t.consts[key]; ok {
		if l, ok := t.labels[i]; ok {
			return l
		}
	}
	switch {
	case key == "":
		return "an unknown value"
	case key == nullTerm:
		return "-"
	}
	return key[2:]
}

type stmt struct {
	kind  Kind
	where string
	id    int32
	args  [MaxArgs]int32 // -1: not an argument of this kind
	synth bool           // inferred from a derivation
}

func (v *validator) container(c *Container, prefix string, d *Document) {
	t := &terms{consts: map[string]int32{}, labels: map[int32]string{}}
	display := t.display
	name := func(s string) int32 {
		key := "n:" + s
		if iri, ok := c.Resolve(QName(s)); ok {
			key = "n:" + iri
		} else if iri, ok := d.Container.Resolve(QName(s)); ok && c != &d.Container {
			key = "n:" + iri
		}
		i := t.constant(key)
		if _, ok := t.labels[i]; !ok {
			t.labels[i] = s
		}
		return i
	}
	timeTerm := func(s, w string) int32 {
		tm, err := ParseTime(s)
		if err != nil {
			v.add(SeverityError, CodeTimestampFormat, w, "%v", err)
			return t.fresh()
		}
		return t.constant("t:" + tm.UTC().Format(time.RFC3339Nano))
	}
	declared := map[int32]uint32{} // element term -> kinds declared
	actTimes := map[int32][2]int32{}
	var stmts []stmt
	emptyCollections := map[int32]bool{}

	for i := range c.Statements {
		r := &c.Statements[i]
		w := where(prefix, r, i)
		if r.Kind == 0 || r.Kind >= kindCount {
			v.add(SeverityError, CodeMissingArgument, w, "unknown record kind %d", r.Kind)
			continue
		}
		v.reservedAttrs(r, w)
		if r.Kind.IsElement() {
			if r.ID == "" {
				v.add(SeverityError, CodeMissingArgument, w, "%s without an identifier", r.Kind)
				continue
			}
			id := name(string(r.ID))
			t.types[id] |= 1 << r.Kind
			declared[id] |= 1 << r.Kind
			if r.Kind == KindEntity {
				for _, val := range r.Attr("prov:type") {
					if val.Datatype == TypeQualifiedName {
						if iri, ok := c.Resolve(QName(val.Lexical)); ok && iri == NamespacePROV+"EmptyCollection" {
							emptyCollections[id] = true
						}
					}
				}
			}
			if r.Kind == KindActivity {
				tt, ok := actTimes[id]
				if !ok {
					tt = [2]int32{t.fresh(), t.fresh()}
					actTimes[id] = tt
				}
				for j := 0; j < 2; j++ {
					if r.Args[j] != "" {
						if _, conflict := t.union(tt[j], timeTerm(r.Args[j], w)); conflict {
							v.add(SeverityError, CodeSameID, w, "activity %s has two different %s times", r.ID, kinds[KindActivity].args[j])
						}
					}
				}
			}
			continue
		}
		s := stmt{kind: r.Kind, where: w}
		if r.ID != "" {
			s.id = name(string(r.ID))
		} else {
			s.id = t.fresh()
		}
		t.types[s.id] |= 1 << r.Kind
		info := kinds[r.Kind]
		ok := true
		for j := range s.args {
			s.args[j] = -1
		}
		for j, an := range info.args {
			val := r.Args[j]
			switch {
			case val != "" && info.times&(1<<j) != 0:
				s.args[j] = timeTerm(val, w)
			case val != "":
				s.args[j] = name(val)
				if k := info.types[j]; k != 0 {
					t.types[s.args[j]] |= 1 << k
				}
			case info.need&(1<<j) != 0:
				v.add(SeverityError, CodeMissingArgument, w, "%s needs its %s argument", r.Kind, an)
				ok = false
			case r.Kind == KindAssociation && an == "plan",
				r.Kind == KindDelegation && an == "activity",
				r.Kind == KindDerivation && j >= 2 && r.Args[2] == "":
				s.args[j] = t.constant(nullTerm)
			default:
				s.args[j] = t.fresh()
			}
		}
		if r.Kind == KindDerivation && r.Args[2] == "" && (r.Args[3] != "" || r.Args[4] != "") {
			v.add(SeverityError, CodeImpossibleDeriv, w, "derivation names a generation or usage but no activity")
			ok = false
		}
		if !ok {
			continue
		}
		stmts = append(stmts, s)
		if r.Kind == KindDerivation && r.Args[2] != "" {
			// A derivation through activity a implies wasGeneratedBy(g; e2, a, -)
			// and used(u; a, e1, -).
			g := stmt{kind: KindGeneration, where: w, id: s.args[3], args: [MaxArgs]int32{s.args[0], s.args[2], t.fresh(), -1, -1}, synth: true}
			u := stmt{kind: KindUsage, where: w, id: s.args[4], args: [MaxArgs]int32{s.args[2], s.args[1], t.fresh(), -1, -1}, synth: true}
			stmts = append(stmts, g, u)
		}
	}

	v.unify(t, stmts, actTimes)

	// Disjointness of types [C53-C55].
	relMask := uint32(0)
	for k := KindGeneration; k < kindCount; k++ {
		if k != KindInfluence {
			relMask |= 1 << k
		}
	}
	reported := map[int32]bool{}
	check := func(term int32, w string) {
		root := t.find(term)
		if reported[root] || t.val[root] == "" || t.val[root] == nullTerm {
			return
		}
		ty := t.types[root]
		ent, act := ty&(1<<KindEntity) != 0, ty&(1<<KindActivity) != 0
		rel := ty & relMask
		elem := ty & (1<<KindEntity | 1<<KindActivity | 1<<KindAgent)
		switch {
		case ent && act:
			v.add(SeverityError, CodeDisjoint, w, "%s is both an entity and an activity", display(t.val[root]))
		case rel != 0 && rel&(rel-1) != 0:
			v.add(SeverityError, CodeDisjoint, w, "%s identifies relations of different kinds", display(t.val[root]))
		case rel != 0 && elem != 0:
			v.add(SeverityError, CodeDisjoint, w, "%s identifies both a relation and an element", display(t.val[root]))
		default:
			return
		}
		reported[root] = true
	}
	for _, s := range stmts {
		check(s.id, s.where)
		for _, a := range s.args {
			if a >= 0 {
				check(a, s.where)
			}
		}
	}
	for id := range declared {
		check(id, prefix+"element "+display(t.val[id]))
	}

	v.structural(t, stmts, emptyCollections, prefix)
	v.ordering(t, stmts, actTimes)
	v.references(c, stmts, t, declared)
	if v.record || hasAIWG(c) {
		v.seed(c, prefix)
	}
}

func hasAIWG(c *Container) bool {
	for i := range c.Statements {
		if strings.HasPrefix(string(c.Statements[i].ID), "urn:aiwg:") {
			return true
		}
	}
	return false
}

var allowedPROVAttrs = map[string]bool{"type": true, "label": true, "location": true, "role": true, "value": true}

func (v *validator) reservedAttrs(r *Statement, w string) {
	for _, a := range r.Attrs {
		local, ok := strings.CutPrefix(string(a.Name), "prov:")
		if !ok || allowedPROVAttrs[local] {
			continue
		}
		if argIndex(r.Kind, string(a.Name)) >= 0 {
			continue
		}
		v.add(SeverityError, CodeReservedAttr, w, "attribute %s is not a PROV-DM attribute", a.Name)
	}
}

// unify applies the key constraints until nothing changes.
func (v *validator) unify(t *terms, stmts []stmt, actTimes map[int32][2]int32) {
	display := t.display
	unionArgs := func(a, b *stmt, code string) bool {
		changed := false
		if ch, conflict := t.union(a.id, b.id); conflict {
			v.add(SeverityError, code, b.where, "%s conflicts with %s: identifiers %s and %s", b.kind, a.where, display(t.val[t.find(a.id)]), display(t.val[t.find(b.id)]))
		} else if ch {
			changed = true
		}
		for j := range a.args {
			if a.args[j] < 0 || b.args[j] < 0 {
				continue
			}
			ra, rb := t.find(a.args[j]), t.find(b.args[j])
			ch, conflict := t.union(ra, rb)
			if conflict {
				v.add(SeverityError, code, b.where, "%s conflicts with %s on %s: %s versus %s", b.kind, a.where, kinds[a.kind].args[j], display(t.val[ra]), display(t.val[rb]))
			}
			changed = changed || ch
		}
		return changed
	}
	type key struct {
		k    Kind
		a, b int32
	}
	for iter := 0; iter < 1000; iter++ {
		changed := false
		// Same identifier, same kind [C23].
		first := map[key]int{}
		for i := range stmts {
			s := &stmts[i]
			k := key{k: s.kind, a: t.find(s.id)}
			if j, ok := first[k]; ok {
				changed = unionArgs(&stmts[j], s, CodeSameID) || changed
			} else {
				first[k] = i
			}
		}
		// Key constraints [C24-C27] and mention.
		first = map[key]int{}
		for i := range stmts {
			s := &stmts[i]
			var k key
			var code string
			switch s.kind {
			case KindGeneration:
				k, code = key{KindGeneration, t.find(s.args[0]), t.find(s.args[1])}, CodeUniqueGeneration
			case KindUsage:
				k, code = key{KindUsage, t.find(s.args[0]), t.find(s.args[1])}, CodeUniqueUsage
			case KindInvalidation:
				k, code = key{KindInvalidation, t.find(s.args[0]), t.find(s.args[1])}, CodeUniqueInvalidate
			case KindStart:
				k, code = key{KindStart, t.find(s.args[0]), t.find(s.args[2])}, CodeUniqueStart
			case KindEnd:
				k, code = key{KindEnd, t.find(s.args[0]), t.find(s.args[2])}, CodeUniqueEnd
			case KindMention:
				k, code = key{KindMention, t.find(s.args[0]), -1}, CodeUniqueMention
			default:
				continue
			}
			if j, ok := first[k]; ok {
				changed = unionArgs(&stmts[j], s, code) || changed
			} else {
				first[k] = i
			}
		}
		// Start and end times of declared activities [C28, C29].
		for i := range stmts {
			s := &stmts[i]
			if s.kind != KindStart && s.kind != KindEnd {
				continue
			}
			tt, ok := actTimes[t.find(s.args[0])]
			if !ok {
				continue
			}
			j, code := 0, CodeStartTime
			if s.kind == KindEnd {
				j, code = 1, CodeEndTime
			}
			ra, rb := t.find(tt[j]), t.find(s.args[3])
			ch, conflict := t.union(ra, rb)
			if conflict {
				v.add(SeverityError, code, s.where, "time %s differs from the activity's %s %s", display(t.val[rb]), kinds[KindActivity].args[j], display(t.val[ra]))
			}
			changed = changed || ch
		}
		if !changed {
			return
		}
	}
}

// structural checks impossible specializations and memberships and
// derivation cycles.
func (v *validator) structural(t *terms, stmts []stmt, empty map[int32]bool, prefix string) {
	display := t.display
	spec := simple.NewDirectedGraph()
	der := simple.NewDirectedGraph()
	node := func(g *simple.DirectedGraph, id int32) {
		if g.Node(int64(id)) == nil {
			g.AddNode(simple.Node(id))
		}
	}
	for _, s := range stmts {
		if s.synth {
			continue
		}
		switch s.kind {
		case KindSpecialization, KindDerivation:
			a, b := t.find(s.args[0]), t.find(s.args[1])
			g, code := spec, CodeImpossibleSpec
			if s.kind == KindDerivation {
				g, code = der, CodeDerivationCycle
			}
			if a == b {
				v.add(SeverityError, code, s.where, "%s %s is derived from or specializes itself", s.kind, display(t.val[a]))
				continue
			}
			node(g, a)
			node(g, b)
			g.SetEdge(g.NewEdge(g.Node(int64(a)), g.Node(int64(b))))
		case KindMembership:
			for e := range empty {
				if t.find(e) == t.find(s.args[0]) {
					v.add(SeverityError, CodeImpossibleMember, s.where, "%s is a prov:EmptyCollection and cannot have members", display(t.val[t.find(e)]))
				}
			}
		}
	}
	for _, g := range []*simple.DirectedGraph{spec, der} {
		code, what := CodeImpossibleSpec, "specializationOf"
		if g == der {
			code, what = CodeDerivationCycle, "wasDerivedFrom"
		}
		for _, scc := range topo.TarjanSCC(g) {
			if len(scc) < 2 {
				continue
			}
			names := make([]string, len(scc))
			for i, n := range scc {
				names[i] = display(t.val[n.ID()])
			}
			sort.Strings(names)
			v.add(SeverityError, code, prefix+what, "cycle through %s", strings.Join(names, ", "))
		}
	}
}

// ordering checks the ordering constraints on the timestamps given.
func (v *validator) ordering(t *terms, stmts []stmt, actTimes map[int32][2]int32) {
	display := t.display
	timeOf := func(term int32) (time.Time, bool) {
		if term < 0 {
			return time.Time{}, false
		}
		val := t.val[t.find(term)]
		if !strings.HasPrefix(val, "t:") {
			return time.Time{}, false
		}
		tm, err := time.Parse(time.RFC3339Nano, val[2:])
		return tm, err == nil
	}
	for a, tt := range actTimes {
		s, ok1 := timeOf(tt[0])
		e, ok2 := timeOf(tt[1])
		if ok1 && ok2 && e.Before(s) {
			v.add(SeverityError, CodeActivityOrder, "activity "+display(t.val[a]), "ends at %s before it starts at %s", e.Format(time.RFC3339Nano), s.Format(time.RFC3339Nano))
		}
	}
	gen := map[int32]time.Time{} // entity -> latest generation time
	for _, s := range stmts {
		switch s.kind {
		case KindGeneration, KindUsage, KindInvalidation:
			tm, ok := timeOf(s.args[2])
			if !ok {
				continue
			}
			act := s.args[1]
			if s.kind == KindUsage {
				act = s.args[0]
			}
			if tt, ok := actTimes[t.find(act)]; ok {
				if st, ok := timeOf(tt[0]); ok && tm.Before(st) {
					v.add(SeverityError, CodeEventOrder, s.where, "%s at %s before its activity starts", s.kind, tm.Format(time.RFC3339Nano))
				}
				if en, ok := timeOf(tt[1]); ok && tm.After(en) {
					v.add(SeverityError, CodeEventOrder, s.where, "%s at %s after its activity ends", s.kind, tm.Format(time.RFC3339Nano))
				}
			}
			if s.kind == KindGeneration {
				e := t.find(s.args[0])
				if old, ok := gen[e]; !ok || tm.After(old) {
					gen[e] = tm
				}
			}
		}
	}
	for _, s := range stmts {
		var ent int32
		switch s.kind {
		case KindUsage:
			ent = s.args[1]
		case KindInvalidation:
			ent = s.args[0]
		case KindDerivation:
			g1, ok1 := gen[t.find(s.args[1])]
			g2, ok2 := gen[t.find(s.args[0])]
			if ok1 && ok2 && g2.Before(g1) {
				v.add(SeverityError, CodeEventOrder, s.where, "derived entity generated at %s before its source at %s", g2.Format(time.RFC3339Nano), g1.Format(time.RFC3339Nano))
			}
			continue
		default:
			continue
		}
		tm, ok := timeOf(s.args[2])
		g, ok2 := gen[t.find(ent)]
		if ok && ok2 && tm.Before(g) {
			v.add(SeverityError, CodeEventOrder, s.where, "%s at %s before the entity's generation at %s", s.kind, tm.Format(time.RFC3339Nano), g.Format(time.RFC3339Nano))
		}
	}
}

// references reports relation arguments naming elements that the container
// does not declare.
func (v *validator) references(c *Container, stmts []stmt, t *terms, declared map[int32]uint32) {
	display := t.display
	sev := SeverityWarning
	if v.record {
		sev = SeverityError
	}
	for _, s := range stmts {
		if s.synth {
			continue
		}
		info := kinds[s.kind]
		for j, k := range info.types {
			if s.args[j] < 0 || (k != KindEntity && k != KindActivity && k != KindAgent) {
				continue
			}
			term := s.args[j]
			if t.val[term] == "" || t.val[term] == nullTerm {
				continue
			}
			if declared[term]&(1<<k) == 0 {
				sev := sev
				if (s.kind == KindUsage || s.kind == KindDerivation) && j == 1 {
					sev = SeverityWarning // sources may be declared in their own records
				}
				v.add(sev, CodeDanglingRef, s.where, "%s %s is not declared as an %s", info.args[j], display(t.val[term]), k)
			}
		}
	}
}
