package prov

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// URN forms of the seed (prov-record.yaml validation_rules.urn_format).
var (
	urnEntity   = regexp.MustCompile(`^urn:aiwg:artifact:.+`)
	urnActivity = regexp.MustCompile(`^urn:aiwg:activity:[^:]+:[^:]+:\d+$`)
	urnAgent    = regexp.MustCompile(`^urn:aiwg:agent:.+`)
	checksumRE  = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
)

func firstAttr(r *Statement, name QName) (Value, bool) {
	for _, a := range r.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return Value{}, false
}

// seed applies the seed's record rules to the elements and relations of c.
func (v *validator) seed(c *Container, prefix string) {
	generated := map[string]string{} // entity -> generating activity
	counts := map[Kind]int{}
	for i := range c.Statements {
		r := &c.Statements[i]
		counts[r.Kind]++
		if r.Kind == KindGeneration && r.Args[0] != "" {
			generated[r.Args[0]] = r.Args[1]
		}
		if r.Kind == KindDerivation {
			if dt, ok := firstAttr(r, AttrDerivationType); ok && !slices.Contains(derivationVocab, dt.Lexical) {
				v.add(SeverityError, CodeDerivationType, where(prefix, r, i), "derivation_type %q is not one of %s", dt.Lexical, strings.Join(derivationVocab, ", "))
			}
		}
	}
	activityStart := map[string]string{}
	for i := range c.Statements {
		if r := &c.Statements[i]; r.Kind == KindActivity && r.Args[0] != "" {
			activityStart[string(r.ID)] = r.Args[0]
		}
	}
	for i := range c.Statements {
		r := &c.Statements[i]
		if !r.Kind.IsElement() {
			continue
		}
		w := where(prefix, r, i)
		id := string(r.ID)
		if v.record || strings.HasPrefix(id, "urn:aiwg:") {
			var re *regexp.Regexp
			var form string
			switch r.Kind {
			case KindEntity:
				re, form = urnEntity, "urn:aiwg:artifact:<project-relative-path>"
				if strings.HasPrefix(id, "urn:aiwg:artifact:/") {
					v.add(SeverityError, CodeURNFormat, w, "entity id %q must use a project-relative path, not an absolute one", id)
				}
			case KindActivity:
				re, form = urnActivity, "urn:aiwg:activity:<type>:<name>:<sequence>"
			case KindAgent:
				re, form = urnAgent, "urn:aiwg:agent:<identifier>"
			}
			if !re.MatchString(id) {
				v.add(SeverityError, CodeURNFormat, w, "%s id %q does not have the form %s", r.Kind, id, form)
			}
		}
		typ, hasType := firstAttr(r, AttrType)
		if v.record && !hasType {
			v.add(SeverityError, CodeRequiredField, w, "%s has no type", r.Kind)
		}
		vocab := map[Kind][]string{KindEntity: entityVocab, KindActivity: activityVocab, KindAgent: agentVocab}[r.Kind]
		if hasType && !slices.Contains(vocab, typ.Lexical) {
			v.add(SeverityWarning, CodeTypeVocabulary, w, "%s type %q is not one of %s", r.Kind, typ.Lexical, strings.Join(vocab, ", "))
		}
		switch r.Kind {
		case KindEntity:
			v.seedEntity(r, w, generated, activityStart)
		case KindActivity:
			if v.record && r.Args[0] == "" {
				v.add(SeverityError, CodeRequiredField, w, "activity has no started_at")
			}
			if v.record && r.Args[1] == "" {
				v.add(SeverityError, CodeRequiredField, w, "activity has no ended_at")
			}
			if dur, ok := firstAttr(r, AttrDuration); ok && r.Args[0] != "" && r.Args[1] != "" {
				s, err1 := ParseTime(r.Args[0])
				e, err2 := ParseTime(r.Args[1])
				n, err3 := strconv.ParseInt(dur.Lexical, 10, 64)
				if err1 == nil && err2 == nil {
					if want := int64(e.Sub(s).Seconds()); err3 != nil || n != want {
						v.add(SeverityError, CodeDuration, w, "duration_seconds is %s, but ended_at - started_at is %d s", dur.Lexical, want)
					}
				}
			}
		}
	}
	if v.record && counts[KindGeneration] == 0 {
		v.add(SeverityError, CodeRequiredField, prefix+"relationships", "the record has no wasGeneratedBy")
	}
	if v.record && counts[KindAttribution] == 0 {
		v.add(SeverityWarning, CodeRequiredField, prefix+"relationships", "the record has no wasAttributedTo")
	}
}

func (v *validator) seedEntity(r *Statement, w string, generated, activityStart map[string]string) {
	created, hasCreated := firstAttr(r, AttrCreatedAt)
	act, isGenerated := generated[string(r.ID)]
	if v.record && !hasCreated && isGenerated {
		v.add(SeverityError, CodeRequiredField, w, "generated entity has no created_at")
	}
	if cs, ok := firstAttr(r, AttrChecksum); ok && !checksumRE.MatchString(cs.Lexical) {
		v.add(SeverityError, CodeChecksumFormat, w, "checksum %q is not sha256:<64 lowercase hex digits>", cs.Lexical)
	}
	if !hasCreated {
		return
	}
	ct, err := ParseTime(created.Lexical)
	if err != nil {
		v.add(SeverityError, CodeTimestampFormat, w, "created_at: %v", err)
		return
	}
	if up, ok := firstAttr(r, AttrUpdatedAt); ok {
		ut, err := ParseTime(up.Lexical)
		switch {
		case err != nil:
			v.add(SeverityError, CodeTimestampFormat, w, "updated_at: %v", err)
		case ut.Before(ct):
			v.add(SeverityError, CodeUpdatedOrder, w, "updated_at %s is before created_at %s", up.Lexical, created.Lexical)
		}
	}
	if start, ok := activityStart[act]; ok && isGenerated {
		if st, err := ParseTime(start); err == nil && ct.Before(st) {
			v.add(SeverityError, CodeCreatedOrder, w, "created_at %s is before its generating activity %s started at %s", created.Lexical, act, start)
		}
	}
}
