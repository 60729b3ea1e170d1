package grade

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
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
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		repaired, changed := quoteReservedScalars(data)
		if !changed {
			return nil, &ValidationError{[]Problem{{"", "yaml: " + trimYAMLErr(err)}}}
		}
		doc = yaml.Node{}
		if err2 := yaml.Unmarshal(repaired, &doc); err2 != nil {
			return nil, &ValidationError{[]Problem{{"", "yaml: " + trimYAMLErr(err)}}}
		}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &ValidationError{[]Problem{{"", "empty document"}}}
	}
	a := &Assessment{}
	if err := a.decodeNode(doc.Content[0]); err != nil {
		return nil, err
	}
	return a, nil
}

func trimYAMLErr(err error) string { return strings.TrimPrefix(err.Error(), "yaml: ") }

// UnmarshalYAML reads any form ParseAssessment accepts, so that an
// Assessment can be a field of a larger YAML document (a decision file's
// evidence list).
func (a *Assessment) UnmarshalYAML(n *yaml.Node) error {
	*a = Assessment{}
	return a.decodeNode(n)
}

func (a *Assessment) decodeNode(n *yaml.Node) error {
	for n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	d := &decoder{a: a}
	if n.Kind != yaml.MappingNode {
		d.problem("", "an assessment must be a mapping, got %s", kindName(n))
	} else {
		d.top(n, "")
	}
	d.finish()
	if len(d.problems) > 0 {
		return &ValidationError{d.problems}
	}
	return nil
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
	a        *Assessment
	problems []Problem
	// values seen under alternative keys, checked for agreement in finish
	baselineAlt []levelAt
	hasBaseline bool
}

type levelAt struct {
	l    Level
	path string
}

func (d *decoder) problem(path, format string, args ...any) {
	d.problems = append(d.problems, Problem{path, fmt.Sprintf(format, args...)})
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

// fields calls fn for each key of mapping n with the normalised key.
func (d *decoder) fields(n *yaml.Node, path string, fn func(key string, v *yaml.Node, p string) bool) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		key := normKey(k.Value)
		p := join(path, key)
		if !fn(key, v, p) {
			d.problem(p, "unknown field")
		}
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
				d.problem(fmt.Sprintf("%s[%d]", p, i), "must be a string")
				continue
			}
			parts = append(parts, c.Value)
		}
		return strings.Join(parts, "; ")
	}
	d.problem(p, "must be a string, got %s", kindName(v))
	return ""
}

func (d *decoder) level(v *yaml.Node, p string) Level {
	s := d.str(v, p)
	if strings.TrimSpace(s) == "" {
		return Unknown
	}
	l, err := ParseLevel(s)
	if err != nil {
		d.problem(p, "%v", err)
	}
	return l
}

// top decodes the keys an assessment may have at its top level or under a
// quality_assessment wrapper.
func (d *decoder) top(n *yaml.Node, path string) {
	a := d.a
	d.fields(n, path, func(key string, v *yaml.Node, p string) bool {
		switch key {
		case "quality_assessment", "assessment", "grade":
			if v.Kind != yaml.MappingNode {
				d.problem(p, "must be a mapping, got %s", kindName(v))
			} else {
				d.top(v, p)
			}
		case "id", "reference_id", "ref_id", "source_id", "ref":
			a.ID = d.str(v, p)
		case "title":
			a.Title = d.str(v, p)
		case "source_type":
			a.SourceType = d.str(v, p)
		case "evidence_level":
			a.EvidenceLevel = d.str(v, p)
		case "study_design", "design":
			if s := d.str(v, p); strings.TrimSpace(s) != "" {
				if ds, err := ParseDesign(s); err != nil {
					d.problem(p, "%v", err)
				} else {
					a.Design = ds
				}
			}
		case "grade_level":
			return d.finalScalar(v, p)
		case "baseline_quality", "baseline_level":
			d.baselineAlt = append(d.baselineAlt, levelAt{d.level(v, p), p})
		case "baseline":
			d.baseline(v, p)
		case "source_classification":
			d.sourceClassification(v, p)
		case "downgrades_applied", "downgrades":
			a.Downgrades = append(a.Downgrades, d.ratings(v, p, false)...)
		case "upgrades_applied", "upgrades":
			a.Upgrades = append(a.Upgrades, d.ratings(v, p, true)...)
		case "downgrade_assessment", "downgrade_factors":
			a.Downgrades = append(a.Downgrades, d.ratingMap(v, p, false)...)
		case "upgrade_assessment", "upgrade_factors":
			a.Upgrades = append(a.Upgrades, d.ratingMap(v, p, true)...)
		case "final_quality", "final", "final_certainty", "certainty":
			if v.Kind == yaml.ScalarNode {
				return d.finalScalar(v, p)
			}
			d.final(v, p)
		case "assessment_metadata":
			d.metadata(v, p)
		case "authors", "year", "url", "doi", "citation", "citation_guidance", "quality_adjustments_summary",
			"notes", "rationale", "version", "grade_version":
			// accepted and not modelled: bibliographic data and derived summaries
		default:
			return false
		}
		return true
	})
}

func (d *decoder) finalScalar(v *yaml.Node, p string) bool {
	if l := d.level(v, p); l != Unknown {
		d.declared().Level = l
	}
	return true
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
		d.problem(p, "must be a mapping or a level, got %s", kindName(v))
		return
	}
	d.fields(v, p, func(key string, v *yaml.Node, p string) bool {
		switch key {
		case "level", "quality", "certainty":
			b.Level = d.level(v, p)
			d.hasBaseline = b.Level != Unknown
		case "rationale", "reason":
			b.Rationale = d.str(v, p)
		case "assessed_by", "reviewer":
			b.AssessedBy = d.str(v, p)
		case "assessed_date", "assessment_date", "date":
			b.AssessedDate = d.str(v, p)
		case "source_type":
			d.a.SourceType = d.str(v, p)
		case "evidence_level":
			d.a.EvidenceLevel = d.str(v, p)
		default:
			return false
		}
		return true
	})
}

func (d *decoder) sourceClassification(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(p, "must be a mapping, got %s", kindName(v))
		return
	}
	d.fields(v, p, func(key string, v *yaml.Node, p string) bool {
		switch key {
		case "type", "source_type":
			d.a.SourceType = d.str(v, p)
		case "evidence_level":
			d.a.EvidenceLevel = d.str(v, p)
		case "baseline_quality", "baseline", "level":
			d.baselineAlt = append(d.baselineAlt, levelAt{d.level(v, p), p})
		case "rationale":
			if d.a.Baseline.Rationale == "" {
				d.a.Baseline.Rationale = d.str(v, p)
			}
		default:
			return false
		}
		return true
	})
}

func (d *decoder) metadata(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(p, "must be a mapping, got %s", kindName(v))
		return
	}
	b := &d.a.Baseline
	d.fields(v, p, func(key string, v *yaml.Node, p string) bool {
		switch key {
		case "assessed_by":
			if s := d.str(v, p); b.AssessedBy == "" {
				b.AssessedBy = s
			}
		case "assessment_date", "assessed_date":
			if s := d.str(v, p); b.AssessedDate == "" {
				b.AssessedDate = s
			}
		case "grade_version", "notes":
		default:
			return false
		}
		return true
	})
}

func (d *decoder) final(v *yaml.Node, p string) {
	if v.Kind != yaml.MappingNode {
		d.problem(p, "must be a mapping or a level, got %s", kindName(v))
		return
	}
	f := d.declared()
	var sym levelAt
	d.fields(v, p, func(key string, v *yaml.Node, p string) bool {
		switch key {
		case "level", "quality", "certainty":
			f.Level = d.level(v, p)
		case "symbol":
			sym = levelAt{d.level(v, p), p}
		case "calculation":
			f.Calculation = d.str(v, p)
		case "confidence":
			f.Confidence = d.str(v, p)
		case "notes":
			f.Notes = d.str(v, p)
		default:
			return false
		}
		return true
	})
	if sym.l != Unknown && f.Level != Unknown && sym.l != f.Level {
		d.problem(sym.path, "symbol says %s but level says %s", sym.l, f.Level)
	}
	if f.Level == Unknown {
		f.Level = sym.l
	}
}

// ratings decodes a list of {factor, severity|magnitude, rationale, evidence, reviewer}.
func (d *decoder) ratings(v *yaml.Node, p string, up bool) []Rating {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.problem(p, "must be a list, got %s", kindName(v))
		return nil
	}
	var out []Rating
	for i, item := range v.Content {
		ip := fmt.Sprintf("%s[%d]", p, i)
		if item.Kind != yaml.MappingNode {
			d.problem(ip, "must be a mapping, got %s", kindName(item))
			continue
		}
		var r Rating
		var hasSev bool
		d.fields(item, ip, func(key string, v *yaml.Node, p string) bool {
			switch key {
			case "factor", "domain", "type":
				r.Domain = d.domain(v, p, up)
			case "severity", "magnitude", "impact", "levels":
				r.Severity, hasSev = d.seriousness(v, p), true
			default:
				return d.justification(&r, key, v, p)
			}
			return true
		})
		if r.Domain == NoDomain && !hasProblemUnder(d.problems, ip+".") {
			d.problem(ip+".factor", "missing")
		}
		if !hasSev {
			d.problem(ip+"."+sevKey(up), "missing")
			continue
		}
		if r.Severity == NoConcern {
			continue // listed but not applied
		}
		out = append(out, r)
	}
	return out
}

func sevKey(up bool) string {
	if up {
		return "magnitude"
	}
	return "severity"
}

func hasProblemUnder(ps []Problem, prefix string) bool {
	for _, p := range ps {
		if strings.HasPrefix(p.Path, prefix) {
			return true
		}
	}
	return false
}

func (d *decoder) justification(r *Rating, key string, v *yaml.Node, p string) bool {
	switch key {
	case "rationale", "reason", "explanation":
		r.Rationale = d.str(v, p)
	case "evidence":
		r.Evidence = d.str(v, p)
	case "reviewer", "assessed_by", "reviewed_by":
		r.Reviewer = d.str(v, p)
	default:
		return false
	}
	return true
}

// ratingMap decodes the template form: a mapping from factor to
// {severity|impact|applies, rationale, ...} or to a number of levels.
func (d *decoder) ratingMap(v *yaml.Node, p string, up bool) []Rating {
	if v.Kind != yaml.MappingNode {
		d.problem(p, "must be a mapping from factor to rating, got %s", kindName(v))
		return nil
	}
	var out []Rating
	d.fields(v, p, func(key string, item *yaml.Node, ip string) bool {
		dom, err := ParseDomain(key)
		notDomain := err != nil || dom.IsUpgrade() != up
		r := Rating{Domain: dom}
		applies := true
		var hasSev bool
		switch item.Kind {
		case yaml.ScalarNode:
			r.Severity, hasSev = d.seriousness(item, ip), true
		case yaml.MappingNode:
			d.fields(item, ip, func(k string, v *yaml.Node, p string) bool {
				switch k {
				case "severity", "magnitude", "impact", "levels":
					s := d.seriousness(v, p)
					if !hasSev || s > r.Severity {
						r.Severity = s
					}
					hasSev = true
				case "applies":
					b, err := strconv.ParseBool(strings.ToLower(d.str(v, p)))
					if err != nil {
						d.problem(p, "must be true or false")
					}
					applies = b
				default:
					return d.justification(&r, k, v, p)
				}
				return true
			})
		default:
			d.problem(ip, "must be a mapping or a number of levels, got %s", kindName(item))
			return true
		}
		if !applies {
			return true
		}
		if up && !hasSev {
			r.Severity, hasSev = Serious, true // "applies: true" alone is one level
		}
		if !hasSev || r.Severity == NoConcern {
			return true
		}
		if notDomain {
			kind := "rating down"
			if up {
				kind = "rating up"
			}
			d.problem(ip, "%q is not a GRADE domain for %s", key, kind)
			return true
		}
		out = append(out, r)
		return true
	})
	return out
}

func (d *decoder) domain(v *yaml.Node, p string, up bool) Domain {
	s := d.str(v, p)
	dom, err := ParseDomain(s)
	if err != nil {
		d.problem(p, "%v", err)
		return NoDomain
	}
	if dom.IsUpgrade() != up {
		if up {
			d.problem(p, "%s is a domain for rating down, not up", dom)
		} else {
			d.problem(p, "%s is a domain for rating up, not down", dom)
		}
		return NoDomain
	}
	return dom
}

func (d *decoder) seriousness(v *yaml.Node, p string) Seriousness {
	s, err := ParseSeriousness(d.str(v, p))
	if err != nil {
		d.problem(p, "%v", err)
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
			d.problem(alt.path, "%s disagrees with baseline %s", alt.l, a.Baseline.Level)
		}
	}
	if !d.hasBaseline && a.Design != UnspecifiedDesign {
		a.Baseline.Level, d.hasBaseline = a.Design.Baseline(), true // GRADE's starting level for the design
	}
	if !d.hasBaseline && !hasProblemUnder(d.problems, "baseline") {
		d.problem("baseline.level", "missing")
	}
	for i, r := range a.Upgrades {
		if r.Domain.valid() && r.Severity.Steps() > domainTable[r.Domain].maxUp {
			d.problem(fmt.Sprintf("upgrades_applied[%d].magnitude", i), "%s rates up by at most %d level%s", r.Domain, domainTable[r.Domain].maxUp, plural(domainTable[r.Domain].maxUp))
		}
	}
}
