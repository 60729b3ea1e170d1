package grade

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/internal/diag"
)

// ParseAssessment reads a GRADE assessment written as YAML (or JSON) in any
// of the seed's forms:
//
//   - the snake_case form of quality_rationale.assessment_schema in
//     grade-evidence-quality.yaml: baseline.level, downgrades_applied[] with
//     factor and severity, upgrades_applied[] with factor and magnitude,
//     final_quality;
//   - the Title Case form of its example_assessment ("Quality Assessment:",
//     "Downgrades Applied:", "Assessed By:"); keys match after lower-casing
//     and turning spaces and hyphens into underscores;
//   - the paper_metadata form (source_type, evidence_level,
//     baseline_quality, quality_assessment with downgrades, upgrades, final);
//   - the assessment_template of quality-assessment.yaml
//     (source_classification, downgrade_assessment and upgrade_assessment
//     keyed by factor, with severity "none" or applies: false for factors
//     that do not apply).
//
// Factor and severity values are accepted with "_", "-" or spaces in any
// case ("risk-of-bias", "Very Serious"), and the seed's aliases ("bias",
// "large_magnitude_effect", "opposing_confounders"). Values starting with
// "@" (the seed writes "Assessed By: @jmagly", which is not valid YAML) are
// read as strings. A study_design without a baseline level starts at GRADE's
// level for the design. Unknown fields are errors; every problem is reported
// with its path in one *ValidationError.
func ParseAssessment(data []byte) (*Assessment, error) {
	root, err := parseYAML(data)
	if err != nil {
		return nil, err
	}
	a := &Assessment{}
	if err := a.decodeNode(root); err != nil {
		return nil, err
	}
	return a, nil
}

// Bounds on the input of every parser in this package (ParseAssessment,
// ReadRegister, ParseWordingPolicy, Citations and CheckDocument): longer or
// deeper input is an error wrapping ErrTooLarge, never a long wait.
const (
	// MaxInputSize is the largest text, in bytes, a parser reads: 4 MiB,
	// a thousand times a typical assessment.
	MaxInputSize = 4 << 20
	// MaxDepth is the deepest nesting of YAML mappings and lists a parser
	// accepts, the root counting as 1; the seed's forms nest at most 5 deep.
	MaxDepth = 64
	// maxNodes bounds the YAML nodes of a document after expanding
	// aliases, so that an alias bomb fails instead of running for ever.
	maxNodes = 1 << 20
)

// Sentinels of specific problems; errors.Is on a *ValidationError reaches
// them through its problems.
var (
	// ErrTooLarge: the input exceeds MaxInputSize, MaxDepth or the node
	// bound.
	ErrTooLarge = errors.New("input too large")
	// ErrDuplicateKey: a mapping sets the same field twice ("level: high"
	// then "level: very_low", or a key and its synonym); the problem names
	// both lines.
	ErrDuplicateKey = errors.New("duplicate key")
)

func tooLarge(path, format string, args ...any) error {
	var l diag.List
	l.Add(Problem{Path: path, Message: fmt.Sprintf(format, args...), Err: ErrTooLarge})
	return l.Err(ErrInvalid)
}

func yamlError(err error) error { return invalid("", "yaml: "+trimYAMLErr(err)) }

// invalid returns a *ValidationError with one problem.
func invalid(path, msg string) error {
	var l diag.List
	l.Add(Problem{Path: path, Message: msg})
	return l.Err(ErrInvalid)
}

// parseYAML reads one YAML document within the bounds and returns its
// root node (never a document node). A value the seed writes starting with
// "@" is quoted first (see quoteReservedScalars).
func parseYAML(data []byte) (*yaml.Node, error) {
	if len(data) > MaxInputSize {
		return nil, tooLarge("", "input is %d bytes, more than the %d allowed", len(data), MaxInputSize)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		repaired, changed := quoteReservedScalars(data)
		if !changed {
			return nil, yamlError(err)
		}
		doc = yaml.Node{}
		if err2 := yaml.Unmarshal(repaired, &doc); err2 != nil {
			return nil, yamlError(err)
		}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, invalid("", "empty document")
	}
	root := doc.Content[0]
	if err := checkBounds(root); err != nil {
		return nil, err
	}
	return root, nil
}

// checkBounds walks n once, following aliases, and fails when the tree is
// deeper than MaxDepth or expands to more than maxNodes nodes. Every later
// walk of n visits fewer nodes, so decoding is bounded too.
func checkBounds(n *yaml.Node) error {
	type item struct {
		n     *yaml.Node
		depth int
	}
	stack := []item{{n, 1}}
	budget := maxNodes
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for it.n.Kind == yaml.AliasNode && it.n.Alias != nil {
			it.n = it.n.Alias
		}
		if budget--; budget < 0 {
			return tooLarge("", "document expands to more than %d YAML nodes (aliases included)", maxNodes)
		}
		if it.depth > MaxDepth && (it.n.Kind == yaml.MappingNode || it.n.Kind == yaml.SequenceNode) {
			return tooLarge("", "line %d: nesting deeper than %d levels", it.n.Line, MaxDepth)
		}
		for _, c := range it.n.Content {
			stack = append(stack, item{c, it.depth + 1})
		}
	}
	return nil
}

func trimYAMLErr(err error) string { return strings.TrimPrefix(err.Error(), "yaml: ") }

// UnmarshalYAML reads any form ParseAssessment accepts, so that an
// Assessment can be a field of a larger YAML document (a decision file's
// evidence list). The node is held to MaxDepth and the node bound.
func (a *Assessment) UnmarshalYAML(n *yaml.Node) error {
	*a = Assessment{}
	if err := checkBounds(n); err != nil {
		return err
	}
	return a.decodeNode(n)
}

func (a *Assessment) decodeNode(n *yaml.Node) error {
	for n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	d := &decoder{a: a}
	if n.Kind != yaml.MappingNode {
		d.problem(n, "", "an assessment must be a mapping, got %s", kindName(n))
	} else {
		d.top(n, "")
	}
	d.finish()
	return d.ps.Err(ErrInvalid)
}

// quoteReservedScalars single-quotes plain block values that start with the
// reserved indicators "@" or "`", which YAML forbids at the start of a plain
// scalar. It reports whether it changed anything.
func quoteReservedScalars(data []byte) ([]byte, bool) {
	lines := bytes.Split(data, []byte("\n"))
	changed := false
	for i, ln := range lines {
		s := string(ln)
		var prefix, val string
		if k := strings.Index(s, ": "); k >= 0 && !strings.ContainsAny(s[:k], "'\"#") {
			prefix, val = s[:k+2], s[k+2:]
		} else if t := strings.TrimLeft(s, " "); strings.HasPrefix(t, "- ") {
			prefix, val = s[:len(s)-len(t)+2], t[2:]
		} else {
			continue
		}
		trimmed := strings.TrimLeft(val, " ")
		if trimmed == "" || (trimmed[0] != '@' && trimmed[0] != '`') {
			continue
		}
		if c := strings.Index(trimmed, " #"); c >= 0 {
			trimmed = trimmed[:c]
		}
		trimmed = strings.TrimRight(trimmed, " \r")
		lines[i] = []byte(prefix + "'" + strings.ReplaceAll(trimmed, "'", "''") + "'")
		changed = true
	}
	return bytes.Join(lines, []byte("\n")), changed
}

type decoder struct {
	a  *Assessment
	ps diag.List
	// values seen under alternative keys, checked for agreement in finish
	baselineAlt []levelAt
	hasBaseline bool
	// baselineProblem is set once a problem under "baseline…" is reported,
	// so that finish does not add "missing" on top of it.
	baselineProblem bool
	// upNodes holds the YAML node of each entry of a.Upgrades, for
	// positions of problems found in finish.
	upNodes []*yaml.Node
}

type levelAt struct {
	l    Level
	path string
	n    *yaml.Node
}

// problem reports a problem at path, positioned at node n (nil: no
// position). It takes constant time.
func (d *decoder) problem(n *yaml.Node, path, format string, args ...any) {
	d.add(n, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (d *decoder) add(n *yaml.Node, p Problem) {
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	if strings.HasPrefix(p.Path, "baseline") {
		d.baselineProblem = true
	}
	d.ps.Add(p)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "a scalar"
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// fields calls fn for each key of mapping n with the normalised key. fn
// returns the canonical name of the field the key sets, or "" for an
// unknown key. A field set twice, by the same key or by synonyms ("level"
// and "quality"), is a problem naming both keys and lines (ErrDuplicateKey).
func (d *decoder) fields(n *yaml.Node, path string, fn func(key string, v *yaml.Node, p string) string) {
	type seenAt struct {
		key  string
		line int
	}
	seen := make(map[string]seenAt, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		key := normKey(k.Value)
		p := join(path, key)
		field := fn(key, v, p)
		if field == "" {
			d.problem(k, p, "unknown field")
			continue
		}
		if prev, dup := seen[field]; dup {
			msg := fmt.Sprintf("duplicate key %q (lines %d and %d)", k.Value, prev.line, k.Line)
			if prev.key != k.Value {
				msg = fmt.Sprintf("duplicate key: %q (line %d) and %q (line %d) both set %s", prev.key, prev.line, k.Value, k.Line, field)
			}
			d.add(k, Problem{Path: p, Message: msg, Err: ErrDuplicateKey})
			continue
		}
		seen[field] = seenAt{k.Value, k.Line}
	}
}

func (d *decoder) str(v *yaml.Node, p string) string {
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return ""
	case v.Kind == yaml.ScalarNode:
		return v.Value
	case v.Kind == yaml.SequenceNode:
		var parts []string
		for i, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				d.problem(c, fmt.Sprintf("%s[%d]", p, i), "must be a string")
				continue
			}
			parts = append(parts, c.Value)
		}
		return strings.Join(parts, "; ")
	}
	d.problem(v, p, "must be a string, got %s", kindName(v))
	return ""
}

func (d *decoder) level(v *yaml.Node, p string) Level {
	s := d.str(v, p)
	if strings.TrimSpace(s) == "" {
		return Unknown
	}
	l, err := ParseLevel(s)
	if err != nil {
		d.problem(v, p, "%v", err)
	}
	return l
}

// top decodes the keys an assessment may have at its top level or under a
// quality_assessment wrapper.
func (d *decoder) top(n *yaml.Node, path string) {
	a := d.a
	d.fields(n, path, func(key string, v *yaml.Node, p string) string {
		switch key {
		case "quality_assessment", "assessment", "grade":
			if v.Kind != yaml.MappingNode {
				d.problem(v, p, "must be a mapping, got %s", kindName(v))
			} else {
				d.top(v, p)
			}
			return "quality_assessment"
		case "id", "reference_id", "ref_id", "source_id", "ref":
			a.ID = d.str(v, p)
			return "id"
		case "title":
			a.Title = d.str(v, p)
		case "source_type":
			a.SourceType = d.str(v, p)
		case "evidence_level":
			a.EvidenceLevel = d.str(v, p)
		case "study_design", "design":
			if s := d.str(v, p); strings.TrimSpace(s) != "" {
				if ds, err := ParseDesign(s); err != nil {
					d.problem(v, p, "%v", err)
				} else {
					a.Design = ds
				}
			}
			return "study_design"
		case "grade_level", "final_quality", "final", "final_certainty", "certainty":
			if v.Kind == yaml.ScalarNode {
				d.finalScalar(v, p)
			} else {
				d.final(v, p)
			}
			return "final_quality"
		case "baseline_quality", "baseline_level":
			d.baselineAlt = append(d.baselineAlt, levelAt{d.level(v, p), p, v})
			return "baseline_quality"
		case "baseline":
			d.baseline(v, p)
		case "source_classification":
			d.sourceClassification(v, p)
		case "downgrades_applied", "downgrades":
			a.Downgrades = append(a.Downgrades, d.ratings(v, p, false)...)
			return "downgrades_applied"
		case "upgrades_applied", "upgrades":
			a.Upgrades = append(a.Upgrades, d.ratings(v, p, true)...)
			return "upgrades_applied"
		case "downgrade_assessment", "downgrade_factors":
			a.Downgrades = append(a.Downgrades, d.ratingMap(v, p, false)...)
			return "downgrade_assessment"
		case "upgrade_assessment", "upgrade_factors":
			a.Upgrades = append(a.Upgrades, d.ratingMap(v, p, true)...)
			return "upgrade_assessment"
		case "assessment_metadata":
			d.metadata(v, p)
		case "authors", "year", "url", "doi", "citation", "citation_guidance", "quality_adjustments_summary",
			"notes", "rationale", "version", "grade_version":
			// accepted and not modelled: bibliographic data and derived summaries
		default:
			return ""
		}
		return key
	})
}

func (d *decoder) finalScalar(v *yaml.Node, p string) {
	if l := d.level(v, p); l != Unknown {
		d.declared().Level = l
	}
}

func (d *decoder) declared() *Declared {
	if d.a.Declared == nil {
		d.a.Declared = &Declared{}
	}
	return d.a.Declared
}

func (d *decoder) baseline(v *yaml.Node, p string) {
	b := &d.a.Baseline
	if v.Kind == yaml.ScalarNode {
		b.Level = d.level(v, p)
		d.hasBaseline = b.Level != Unknown
		return
	}
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping or a level, got %s", kindName(v))
		return
	}
	d.fields(v, p, func(key string, v *yaml.Node, p string) string {
		switch key {
		case "level", "quality", "certainty":
			b.Level = d.level(v, p)
			d.hasBaseline = b.Level != Unknown
			return "level"
		case "rationale", "reason":
			b.Rationale = d.str(v, p)
			return "rationale"
		case "assessed_by", "reviewer":
			b.AssessedBy = d.str(v, p)
			return "assessed_by"
		case "assessed_date", "assessment_date", "date":
			b.AssessedDate = d.str(v, p)
			return "assessed_date"
		case "source_type":
			d.a.SourceType = d.str(v, p)
		case "evidence_level":
			d.a.EvidenceLevel = d.str(v, p)
		default:
			return ""
		}
		return key
	})
}

func (d *decoder) sourceClassification(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping, got %s", kindName(v))
		return
	}
	d.fields(v, p, func(key string, v *yaml.Node, p string) string {
		switch key {
		case "type", "source_type":
			d.a.SourceType = d.str(v, p)
			return "source_type"
		case "evidence_level":
			d.a.EvidenceLevel = d.str(v, p)
		case "baseline_quality", "baseline", "level":
			d.baselineAlt = append(d.baselineAlt, levelAt{d.level(v, p), p, v})
			return "baseline_quality"
		case "rationale":
			if d.a.Baseline.Rationale == "" {
				d.a.Baseline.Rationale = d.str(v, p)
			}
		default:
			return ""
		}
		return key
	})
}

func (d *decoder) metadata(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping, got %s", kindName(v))
		return
	}
	b := &d.a.Baseline
	d.fields(v, p, func(key string, v *yaml.Node, p string) string {
		switch key {
		case "assessed_by":
			if s := d.str(v, p); b.AssessedBy == "" {
				b.AssessedBy = s
			}
		case "assessment_date", "assessed_date":
			if s := d.str(v, p); b.AssessedDate == "" {
				b.AssessedDate = s
			}
			return "assessment_date"
		case "grade_version", "notes":
		default:
			return ""
		}
		return key
	})
}

func (d *decoder) final(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping or a level, got %s", kindName(v))
		return
	}
	f := d.declared()
	var sym levelAt
	d.fields(v, p, func(key string, v *yaml.Node, p string) string {
		switch key {
		case "level", "quality", "certainty":
			f.Level = d.level(v, p)
			return "level"
		case "symbol":
			sym = levelAt{d.level(v, p), p, v}
		case "calculation":
			f.Calculation = d.str(v, p)
		case "confidence":
			f.Confidence = d.str(v, p)
		case "notes":
			f.Notes = d.str(v, p)
		default:
			return ""
		}
		return key
	})
	if sym.l != Unknown && f.Level != Unknown && sym.l != f.Level {
		d.problem(sym.n, sym.path, "symbol says %s but level says %s", sym.l, f.Level)
	}
	if f.Level == Unknown {
		f.Level = sym.l
	}
}

// A severityAt is the seriousness (or magnitude) of a rating and the key
// that gave it; a rating may state it under several keys ("severity" and
// "impact" in the seed's template), which must agree.
type severityAt struct {
	s   Seriousness
	key string
	set bool
}

func (d *decoder) severity(cur *severityAt, key string, v *yaml.Node, p string) {
	s := d.seriousness(v, p)
	if cur.set && s != cur.s {
		d.problem(v, p, "%s says %s but %s says %s", key, s, cur.key, cur.s)
		return
	}
	*cur = severityAt{s, key, true}
}

// ratings decodes a list of {factor, severity|magnitude, rationale, evidence, reviewer}.
func (d *decoder) ratings(v *yaml.Node, p string, up bool) []Rating {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.problem(v, p, "must be a list, got %s", kindName(v))
		return nil
	}
	var out []Rating
	for i, item := range v.Content {
		ip := fmt.Sprintf("%s[%d]", p, i)
		if item.Kind != yaml.MappingNode {
			d.problem(item, ip, "must be a mapping, got %s", kindName(item))
			continue
		}
		var r Rating
		var sev severityAt
		before := d.ps.Len()
		d.fields(item, ip, func(key string, v *yaml.Node, p string) string {
			switch key {
			case "factor", "domain", "type":
				r.Domain = d.domain(v, p, up)
				return "factor"
			case "severity", "magnitude", "impact", "levels":
				d.severity(&sev, key, v, p)
				return key
			default:
				return d.justification(&r, key, v, p)
			}
		})
		// every problem added while decoding the item is under ip
		if r.Domain == NoDomain && d.ps.Len() == before {
			d.problem(item, ip+".factor", "missing")
		}
		if !sev.set {
			d.problem(item, ip+"."+sevKey(up), "missing")
			continue
		}
		r.Severity = sev.s
		if r.Severity == NoConcern {
			continue // listed but not applied
		}
		out = append(out, r)
		if up {
			d.upNodes = append(d.upNodes, item)
		}
	}
	return out
}

func sevKey(up bool) string {
	if up {
		return "magnitude"
	}
	return "severity"
}

// justification decodes the keys every rating may have and returns the
// canonical field name, or "" for another key.
func (d *decoder) justification(r *Rating, key string, v *yaml.Node, p string) string {
	switch key {
	case "rationale", "reason", "explanation":
		r.Rationale = d.str(v, p)
		return "rationale"
	case "evidence":
		r.Evidence = d.str(v, p)
		return "evidence"
	case "reviewer", "assessed_by", "reviewed_by":
		r.Reviewer = d.str(v, p)
		return "reviewer"
	}
	return ""
}

// ratingMap decodes the template form: a mapping from factor to
// {severity|impact|applies, rationale, ...} or to a number of levels.
func (d *decoder) ratingMap(v *yaml.Node, p string, up bool) []Rating {
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping from factor to rating, got %s", kindName(v))
		return nil
	}
	var out []Rating
	d.fields(v, p, func(key string, item *yaml.Node, ip string) string {
		dom, err := ParseDomain(key)
		notDomain := err != nil || dom.IsUpgrade() != up
		field := key
		if err == nil {
			field = dom.String() // "bias" and "risk_of_bias" are one field
		}
		r := Rating{Domain: dom}
		applies := true
		var sev severityAt
		switch item.Kind {
		case yaml.ScalarNode:
			d.severity(&sev, "levels", item, ip)
		case yaml.MappingNode:
			d.fields(item, ip, func(k string, v *yaml.Node, p string) string {
				switch k {
				case "severity", "magnitude", "impact", "levels":
					d.severity(&sev, k, v, p)
					return k
				case "applies":
					b, err := strconv.ParseBool(strings.ToLower(d.str(v, p)))
					if err != nil {
						d.problem(v, p, "must be true or false")
					}
					applies = b
					return k
				default:
					return d.justification(&r, k, v, p)
				}
			})
		default:
			d.problem(item, ip, "must be a mapping or a number of levels, got %s", kindName(item))
			return field
		}
		if !applies {
			return field
		}
		if up && !sev.set {
			sev = severityAt{Serious, "applies", true} // "applies: true" alone is one level
		}
		if !sev.set || sev.s == NoConcern {
			return field
		}
		r.Severity = sev.s
		if notDomain {
			kind := "rating down"
			if up {
				kind = "rating up"
			}
			d.problem(item, ip, "%q is not a GRADE domain for %s", key, kind)
			return field
		}
		out = append(out, r)
		if up {
			d.upNodes = append(d.upNodes, item)
		}
		return field
	})
	return out
}

func (d *decoder) domain(v *yaml.Node, p string, up bool) Domain {
	s := d.str(v, p)
	dom, err := ParseDomain(s)
	if err != nil {
		d.problem(v, p, "%v", err)
		return NoDomain
	}
	if dom.IsUpgrade() != up {
		if up {
			d.problem(v, p, "%s is a domain for rating down, not up", dom)
		} else {
			d.problem(v, p, "%s is a domain for rating up, not down", dom)
		}
		return NoDomain
	}
	return dom
}

func (d *decoder) seriousness(v *yaml.Node, p string) Seriousness {
	s, err := ParseSeriousness(d.str(v, p))
	if err != nil {
		d.problem(v, p, "%v", err)
	}
	return s
}

func (d *decoder) finish() {
	a := d.a
	for _, alt := range d.baselineAlt {
		if alt.l == Unknown {
			continue
		}
		if !d.hasBaseline {
			a.Baseline.Level, d.hasBaseline = alt.l, true
			continue
		}
		if alt.l != a.Baseline.Level {
			d.problem(alt.n, alt.path, "%s disagrees with baseline %s", alt.l, a.Baseline.Level)
		}
	}
	if !d.hasBaseline && a.Design != UnspecifiedDesign {
		a.Baseline.Level, d.hasBaseline = a.Design.Baseline(), true // GRADE's starting level for the design
	}
	if !d.hasBaseline && !d.baselineProblem {
		d.problem(nil, "baseline.level", "missing")
	}
	for i, r := range a.Upgrades {
		if max := domainTable[r.Domain].maxUp; r.Domain.valid() && r.Severity.Steps() > max {
			var n *yaml.Node
			if i < len(d.upNodes) {
				n = d.upNodes[i]
			}
			d.problem(n, fmt.Sprintf("upgrades_applied[%d].magnitude", i), "%s rates up by at most %d level%s", r.Domain, max, plural(max))
		}
	}
}
