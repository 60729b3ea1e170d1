package grade

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/yamlnode"
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
// level for the design. Unknown fields are errors (with the closest known
// field suggested), and so is a field set twice, by the same key or by
// synonyms ("level" and "quality"), naming both lines; every problem is
// reported with its path, line and column in one *ValidationError (at most
// diag.MaxProblems of them listed, the rest counted).
//
// The input is bounded: at most MaxInputSize bytes, mappings and lists
// nested at most MaxDepth deep, and at most a million YAML nodes once
// aliases are expanded; beyond them the error wraps ErrTooLarge or
// ErrTooDeep. Time is linear in the input.
func ParseAssessment(data []byte) (*Assessment, error) {
	d := newDecoder()
	root := d.parse(data)
	if root == nil {
		return nil, d.r.Err(ErrInvalid)
	}
	a := &Assessment{}
	d.assessment(a, root, "")
	if err := d.r.Err(ErrInvalid); err != nil {
		return nil, err
	}
	return a, nil
}

// Bounds on the input of every parser in this package (ParseAssessment,
// ReadRegister, ParseWordingPolicy, Citations and CheckDocument): longer or
// deeper input is an error wrapping ErrTooLarge or ErrTooDeep, never a long
// wait.
const (
	// MaxInputSize is the largest text, in bytes, a parser reads: 4 MiB,
	// a thousand times a typical assessment.
	MaxInputSize = 4 << 20
	// MaxDepth is the deepest nesting of YAML mappings and lists a parser
	// accepts, the top level counting as 1; the seed's forms nest at most 5
	// deep.
	MaxDepth = 64
)

// Sentinels of specific problems; errors.Is on a *ValidationError reaches
// them through its problems. They are the sentinels of the module's YAML
// reader, so the same conditions test alike in every package.
var (
	// ErrTooLarge: the input exceeds MaxInputSize or expands, through
	// aliases, to more than a million YAML nodes.
	ErrTooLarge = yamlnode.ErrTooLarge
	// ErrTooDeep: mappings and lists nest deeper than MaxDepth.
	ErrTooDeep = yamlnode.ErrTooDeep
	// ErrDuplicateKey: a mapping sets the same field twice ("level: high"
	// then "level: very_low", or a key and its synonym); the problem names
	// both lines.
	ErrDuplicateKey = yamlnode.ErrDuplicateKey
	// ErrUnknownField: a key that is not a field of the form; the problem
	// suggests the closest field.
	ErrUnknownField = yamlnode.ErrUnknownField
)

// invalid returns a *ValidationError with one problem.
func invalid(path, msg string) error {
	var l diag.List
	l.Add(Problem{Path: path, Message: msg})
	return l.Err(ErrInvalid)
}

// newReader returns a YAML reader with this package's bounds and key
// normalisation ("Final Quality" reads as final_quality).
func newReader() *yamlnode.Reader {
	return &yamlnode.Reader{MaxBytes: MaxInputSize, MaxDepth: MaxDepth, KeyFunc: normKey}
}

// parse reads one YAML document within the bounds and returns its top node,
// or nil with the problems in d.r. A value the seed writes starting with
// "@" is quoted first (see quoteReservedScalars), and a closing front-matter
// delimiter ("---" on the last line) does not start a second document; any
// other second document is an error.
func (d *decoder) parse(data []byte) *yaml.Node {
	data = trimFrontMatterEnd(data)
	if root := d.r.Parse(data); root != nil || !diag.Is(d.r.Err(ErrInvalid), yamlnode.ErrSyntax) {
		return root
	}
	repaired, changed := quoteReservedScalars(data)
	if !changed {
		return nil
	}
	r := newReader()
	root := r.Parse(repaired)
	if root != nil {
		d.r = r
	}
	return root
}

// trimFrontMatterEnd removes a last line "---" (with trailing space): the
// seed writes assessments as front matter between two delimiters, and the
// closing one would otherwise start a second, empty document.
func trimFrontMatterEnd(data []byte) []byte {
	t := bytes.TrimRight(data, " \t\r\n")
	i := bytes.LastIndexByte(t, '\n')
	if i < 0 || string(t[i+1:]) != "---" {
		return data
	}
	return t[:i+1]
}

// UnmarshalYAML reads any form ParseAssessment accepts, so that an
// Assessment can be a field of a larger YAML document (a decision file's
// evidence list). The node is held to MaxDepth and the node bound.
func (a *Assessment) UnmarshalYAML(n *yaml.Node) error {
	*a = Assessment{}
	d := newDecoder()
	if d.r.Check(n) {
		d.assessment(a, n, "")
	}
	return d.r.Err(ErrInvalid)
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

// A decoder reads assessments from YAML nodes with a yamlnode.Reader, which
// holds the problems, and tracks what the forms spread over several keys.
type decoder struct {
	r *yamlnode.Reader
	a *Assessment
	// values seen under alternative keys, checked for agreement in finish
	baselineAlt []levelAt
	hasBaseline bool
	// baselineBad is set when reading a baseline key gave a problem, so
	// that finish does not add "missing" on top of it.
	baselineBad bool
	// upNodes holds the YAML node of each entry of a.Upgrades, for
	// positions of problems found in finish.
	upNodes []*yaml.Node
	node    *yaml.Node // the assessment's mapping
}

func newDecoder() *decoder { return &decoder{r: newReader()} }

type levelAt struct {
	l    Level
	path string
	n    *yaml.Node
}

// problem reports a problem at path, positioned at node n (nil: no
// position).
func (d *decoder) problem(n *yaml.Node, path, format string, args ...any) {
	d.r.Errorf(n, path, format, args...)
}

// assessment decodes one assessment from n into a at path, appending the
// problems to d.r.
func (d *decoder) assessment(a *Assessment, n *yaml.Node, path string) {
	d.a, d.baselineAlt, d.hasBaseline, d.baselineBad, d.upNodes = a, nil, false, false, nil
	n = d.r.Resolve(n, path)
	if n == nil {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.problem(n, path, "an assessment must be a mapping, not %s", yamlnode.KindName(n))
		return
	}
	d.node = n
	d.top(n, path)
	d.finish(path)
}

// A fieldTable maps each key a mapping may have (normalised) to the field
// it sets; synonyms ("level", "quality", "certainty") set one field.
type fieldTable map[string]string

func (t fieldTable) keys() []string {
	ks := make([]string, 0, len(t))
	for k := range t {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// fields walks mapping n (null counts as empty), calling fn with the field
// each key sets (per table t; when t is nil, keys are GRADE domains and
// synonyms of a domain set one field) and the resolved value. Unknown keys are problems suggesting the closest key
// of t; a field set twice, by the same key or by synonyms, is a problem
// naming both keys and lines (ErrDuplicateKey). fn returns false for a key
// it does not know (only when t is nil).
func (d *decoder) fields(n *yaml.Node, path string, t fieldTable, fn func(field, key string, v *yaml.Node, p string) bool) {
	var known func() []string // the keys of t, for suggestions
	if t != nil {
		known = t.keys
	}
	set := map[string]*yaml.Node{} // field → key node that set it
	d.r.Mapping(n, path, func(k *yaml.Node, key string, v *yaml.Node, p string) bool {
		field, ok := t[key]
		if t == nil {
			field, ok = key, true
			if dom, err := ParseDomain(key); err == nil {
				field = dom.String()
			}
		}
		if !ok {
			return false
		}
		if first, dup := set[field]; dup {
			d.r.Add(k, Problem{Path: p, Err: ErrDuplicateKey, Message: fmt.Sprintf(
				"duplicate key: %q (line %d) and %q (line %d) both set %s", first.Value, first.Line, k.Value, k.Line, field)})
			return true
		}
		set[field] = k
		if v = d.r.Resolve(v, p); v == nil {
			return true
		}
		before := d.r.Len()
		known := fn(field, key, v, p)
		if baselineKeys[field] && d.r.Len() > before {
			d.baselineBad = true
		}
		return known
	}, known)
}

// str reads a scalar, or a list of scalars joined with "; ", as a string.
func (d *decoder) str(v *yaml.Node, p string) string {
	if v.Kind == yaml.SequenceNode {
		return strings.Join(d.r.StrList(v, p), "; ")
	}
	return d.r.Str(v, p)
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

// baselineKeys are the fields that give the baseline level.
var baselineKeys = map[string]bool{"baseline": true, "baseline_quality": true}

var topFields = fieldTable{
	"quality_assessment": "quality_assessment", "assessment": "quality_assessment", "grade": "quality_assessment",
	"id": "id", "reference_id": "id", "ref_id": "id", "source_id": "id", "ref": "id",
	"title": "title", "source_type": "source_type", "evidence_level": "evidence_level",
	"study_design": "study_design", "design": "study_design",
	"grade_level": "final_quality", "final_quality": "final_quality", "final": "final_quality",
	"final_certainty": "final_quality", "certainty": "final_quality",
	"baseline_quality": "baseline_quality", "baseline_level": "baseline_quality",
	"baseline": "baseline", "source_classification": "source_classification",
	"downgrades_applied": "downgrades_applied", "downgrades": "downgrades_applied",
	"upgrades_applied": "upgrades_applied", "upgrades": "upgrades_applied",
	"downgrade_assessment": "downgrade_assessment", "downgrade_factors": "downgrade_assessment",
	"upgrade_assessment": "upgrade_assessment", "upgrade_factors": "upgrade_assessment",
	"assessment_metadata": "assessment_metadata",
	// accepted and not modelled: bibliographic data and derived summaries
	"authors": "authors", "year": "year", "url": "url", "doi": "doi", "citation": "citation",
	"citation_guidance": "citation_guidance", "quality_adjustments_summary": "quality_adjustments_summary",
	"notes": "notes", "rationale": "rationale", "version": "version", "grade_version": "grade_version",
}

// top decodes the keys an assessment may have at its top level or under a
// quality_assessment wrapper.
func (d *decoder) top(n *yaml.Node, path string) {
	a := d.a
	d.fields(n, path, topFields, func(field, key string, v *yaml.Node, p string) bool {
		switch field {
		case "quality_assessment":
			if v.Kind != yaml.MappingNode {
				d.problem(v, p, "must be a mapping, not %s", yamlnode.KindName(v))
			} else {
				d.top(v, p)
			}
		case "id":
			a.ID = d.str(v, p)
		case "title":
			a.Title = d.str(v, p)
		case "source_type":
			a.SourceType = d.str(v, p)
		case "evidence_level":
			a.EvidenceLevel = d.str(v, p)
		case "study_design":
			if s := d.str(v, p); strings.TrimSpace(s) != "" {
				if ds, err := ParseDesign(s); err != nil {
					d.problem(v, p, "%v", err)
				} else {
					a.Design = ds
				}
			}
		case "final_quality":
			if v.Kind == yaml.ScalarNode {
				if l := d.level(v, p); l != Unknown {
					d.declared().Level = l
				}
			} else {
				d.final(v, p)
			}
		case "baseline_quality":
			d.baselineAlt = append(d.baselineAlt, levelAt{d.level(v, p), p, v})
		case "baseline":
			d.baseline(v, p)
		case "source_classification":
			d.sourceClassification(v, p)
		case "downgrades_applied":
			a.Downgrades = append(a.Downgrades, d.ratings(v, p, false)...)
		case "upgrades_applied":
			a.Upgrades = append(a.Upgrades, d.ratings(v, p, true)...)
		case "downgrade_assessment":
			a.Downgrades = append(a.Downgrades, d.ratingMap(v, p, false)...)
		case "upgrade_assessment":
			a.Upgrades = append(a.Upgrades, d.ratingMap(v, p, true)...)
		case "assessment_metadata":
			d.metadata(v, p)
		}
		return true
	})
}

func (d *decoder) declared() *Declared {
	if d.a.Declared == nil {
		d.a.Declared = &Declared{}
	}
	return d.a.Declared
}

var baselineFields = fieldTable{
	"level": "level", "quality": "level", "certainty": "level",
	"rationale": "rationale", "reason": "rationale",
	"assessed_by": "assessed_by", "reviewer": "assessed_by",
	"assessed_date": "assessed_date", "assessment_date": "assessed_date", "date": "assessed_date",
	"source_type": "source_type", "evidence_level": "evidence_level",
}

func (d *decoder) baseline(v *yaml.Node, p string) {
	b := &d.a.Baseline
	if v.Kind == yaml.ScalarNode {
		b.Level = d.level(v, p)
		d.hasBaseline = b.Level != Unknown
		return
	}
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping or a level, not %s", yamlnode.KindName(v))
		return
	}
	d.fields(v, p, baselineFields, func(field, _ string, v *yaml.Node, p string) bool {
		switch field {
		case "level":
			b.Level = d.level(v, p)
			d.hasBaseline = b.Level != Unknown
		case "rationale":
			b.Rationale = d.str(v, p)
		case "assessed_by":
			b.AssessedBy = d.str(v, p)
		case "assessed_date":
			b.AssessedDate = d.str(v, p)
		case "source_type":
			d.a.SourceType = d.str(v, p)
		case "evidence_level":
			d.a.EvidenceLevel = d.str(v, p)
		}
		return true
	})
}

var classificationFields = fieldTable{
	"type": "source_type", "source_type": "source_type", "evidence_level": "evidence_level",
	"baseline_quality": "baseline_quality", "baseline": "baseline_quality", "level": "baseline_quality",
	"rationale": "rationale",
}

func (d *decoder) sourceClassification(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping, not %s", yamlnode.KindName(v))
		return
	}
	d.fields(v, p, classificationFields, func(field, _ string, v *yaml.Node, p string) bool {
		switch field {
		case "source_type":
			d.a.SourceType = d.str(v, p)
		case "evidence_level":
			d.a.EvidenceLevel = d.str(v, p)
		case "baseline_quality":
			d.baselineAlt = append(d.baselineAlt, levelAt{d.level(v, p), p, v})
		case "rationale":
			if s := d.str(v, p); d.a.Baseline.Rationale == "" {
				d.a.Baseline.Rationale = s
			}
		}
		return true
	})
}

var metadataFields = fieldTable{
	"assessed_by": "assessed_by", "assessment_date": "assessment_date", "assessed_date": "assessment_date",
	"grade_version": "grade_version", "notes": "notes",
}

func (d *decoder) metadata(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping, not %s", yamlnode.KindName(v))
		return
	}
	b := &d.a.Baseline
	d.fields(v, p, metadataFields, func(field, _ string, v *yaml.Node, p string) bool {
		switch field {
		case "assessed_by":
			if s := d.str(v, p); b.AssessedBy == "" {
				b.AssessedBy = s
			}
		case "assessment_date":
			if s := d.str(v, p); b.AssessedDate == "" {
				b.AssessedDate = s
			}
		}
		return true
	})
}

var finalFields = fieldTable{
	"level": "level", "quality": "level", "certainty": "level",
	"symbol": "symbol", "calculation": "calculation", "confidence": "confidence", "notes": "notes",
}

func (d *decoder) final(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping or a level, not %s", yamlnode.KindName(v))
		return
	}
	f := d.declared()
	var sym levelAt
	d.fields(v, p, finalFields, func(field, _ string, v *yaml.Node, p string) bool {
		switch field {
		case "level":
			f.Level = d.level(v, p)
		case "symbol":
			sym = levelAt{d.level(v, p), p, v}
		case "calculation":
			f.Calculation = d.str(v, p)
		case "confidence":
			f.Confidence = d.str(v, p)
		case "notes":
			f.Notes = d.str(v, p)
		}
		return true
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

// ratingFields are the keys of one rating; the severity keys are separate
// fields that must agree (severityAt).
var ratingFields = fieldTable{
	"factor": "factor", "domain": "factor", "type": "factor",
	"severity": "severity", "magnitude": "magnitude", "impact": "impact", "levels": "levels",
	"applies":   "applies",
	"rationale": "rationale", "reason": "rationale", "explanation": "rationale",
	"evidence": "evidence",
	"reviewer": "reviewer", "assessed_by": "reviewer", "reviewed_by": "reviewer",
}

// rating decodes the keys of one rating into r. factor says whether a
// factor key is allowed (the list form) and applies whether "applies" is
// (the template form).
func (d *decoder) rating(r *Rating, sev *severityAt, applies *bool, item *yaml.Node, ip string, up bool) {
	d.fields(item, ip, ratingFields, func(field, key string, v *yaml.Node, p string) bool {
		switch field {
		case "factor":
			if applies != nil {
				return false // the template form names the factor by its key
			}
			r.Domain = d.domain(v, p, up)
		case "severity", "magnitude", "impact", "levels":
			d.severity(sev, key, v, p)
		case "applies":
			if applies == nil {
				return false
			}
			b, err := strconv.ParseBool(strings.ToLower(d.str(v, p)))
			if err != nil {
				d.problem(v, p, "must be true or false")
			}
			*applies = b
		case "rationale":
			r.Rationale = d.str(v, p)
		case "evidence":
			r.Evidence = d.str(v, p)
		case "reviewer":
			r.Reviewer = d.str(v, p)
		}
		return true
	})
}

// ratings decodes a list of {factor, severity|magnitude, rationale, evidence, reviewer}.
func (d *decoder) ratings(v *yaml.Node, p string, up bool) []Rating {
	var out []Rating
	d.r.List(v, p, func(_ int, item *yaml.Node, ip string) {
		if item = d.r.Resolve(item, ip); item == nil {
			return
		}
		if item.Kind != yaml.MappingNode {
			d.problem(item, ip, "must be a mapping, not %s", yamlnode.KindName(item))
			return
		}
		var r Rating
		var sev severityAt
		before := d.r.Len()
		d.rating(&r, &sev, nil, item, ip, up)
		// every problem added while decoding the item is under ip
		if r.Domain == NoDomain && d.r.Len() == before {
			d.problem(item, ip+".factor", "missing")
		}
		if !sev.set {
			d.problem(item, ip+"."+sevKey(up), "missing")
			return
		}
		if r.Severity = sev.s; r.Severity == NoConcern {
			return // listed but not applied
		}
		out = append(out, r)
		if up {
			d.upNodes = append(d.upNodes, item)
		}
	})
	return out
}

func sevKey(up bool) string {
	if up {
		return "magnitude"
	}
	return "severity"
}

// ratingMap decodes the template form: a mapping from factor to
// {severity|impact|applies, rationale, ...} or to a number of levels. A
// factor named twice ("bias" and "risk_of_bias") is a duplicate.
func (d *decoder) ratingMap(v *yaml.Node, p string, up bool) []Rating {
	if v.Kind != yaml.MappingNode {
		d.problem(v, p, "must be a mapping from factor to rating, not %s", yamlnode.KindName(v))
		return nil
	}
	var out []Rating
	d.fields(v, p, nil, func(_, key string, item *yaml.Node, ip string) bool {
		dom, err := ParseDomain(key)
		notDomain := err != nil || dom.IsUpgrade() != up
		r := Rating{Domain: dom}
		applies := true
		var sev severityAt
		switch item.Kind {
		case yaml.ScalarNode:
			d.severity(&sev, "levels", item, ip)
		case yaml.MappingNode:
			d.rating(&r, &sev, &applies, item, ip, up)
		default:
			d.problem(item, ip, "must be a mapping or a number of levels, not %s", yamlnode.KindName(item))
			return true
		}
		if !applies {
			return true
		}
		if up && !sev.set {
			sev = severityAt{Serious, "applies", true} // "applies: true" alone is one level
		}
		if !sev.set || sev.s == NoConcern {
			return true
		}
		r.Severity = sev.s
		if notDomain {
			kind := "rating down"
			if up {
				kind = "rating up"
			}
			d.problem(item, ip, "%q is not a GRADE domain for %s", key, kind)
			return true
		}
		out = append(out, r)
		if up {
			d.upNodes = append(d.upNodes, item)
		}
		return true
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

// finish reconciles the baseline given under several keys, falls back to
// the design's level and checks upgrade magnitudes; path is the
// assessment's own path.
func (d *decoder) finish(path string) {
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
	if !d.hasBaseline && !d.baselineBad {
		d.problem(d.node, yamlnode.Join(path, "baseline.level"), "missing")
	}
	for i, r := range a.Upgrades {
		if max := domainTable[r.Domain].maxUp; r.Domain.valid() && r.Severity.Steps() > max {
			var n *yaml.Node
			if i < len(d.upNodes) {
				n = d.upNodes[i]
			}
			d.problem(n, yamlnode.Join(path, fmt.Sprintf("upgrades_applied[%d].magnitude", i)), "%s rates up by at most %d level%s", r.Domain, max, plural(max))
		}
	}
}
