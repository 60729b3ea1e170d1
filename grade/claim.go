package grade

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/internal/yamlnode"
)

// An Action is what a wording policy does with a claim: block it (an error
// finding), warn (a warning), inform (an info finding) or allow it.
type Action string

// Actions of a wording policy.
const (
	Allow  Action = "allow"
	Inform Action = "info"
	Warn   Action = "warn"
	Block  Action = "block"
)

func (a Action) severity() (Severity, bool) {
	switch a {
	case Block:
		return SeverityError, true
	case Warn:
		return SeverityWarning, true
	case Inform:
		return SeverityInfo, true
	}
	return "", false
}

// A WordingRule says what to do when a claim worded for Claim certainty
// cites evidence of Evidence certainty.
type WordingRule struct {
	Claim, Evidence Level
	Action          Action
}

// A WordingPolicy is the data that decides the severity of a wording
// finding, in the form of the seed's pre-cite-grade-check hook
// configuration ("high_for_low: block"). A pair without a rule is allowed.
type WordingPolicy struct {
	Name       string
	Rules      []WordingRule
	Unassessed Action // what to do with a citation of an unassessed source
}

// Action returns the action for a claim worded at claim certainty that
// cites evidence at evidence certainty; equal levels are always allowed.
func (p *WordingPolicy) Action(claim, evidence Level) Action {
	if claim == evidence {
		return Allow
	}
	for _, r := range p.Rules {
		if r.Claim == claim && r.Evidence == evidence {
			return r.Action
		}
	}
	return Allow
}

// SeedWordingPolicy returns the seed's block/warn policy
// (pre-cite-grade-check.md: high_for_low, high_for_very_low and
// moderate_for_very_low block; high_for_moderate and unassessed_source
// warn), completed from GRADE and the seed's validation rules for the pairs
// the hook leaves out: moderate wording for Low evidence and low wording for
// Very low evidence warn (the seed forbids "suggests" for LOW); a High claim
// hedged with "may" or "very uncertain" is an under-confidence warning
// (grade-rules.md); other under-confident wording is info ("HIGH evidence +
// weak language: info").
func SeedWordingPolicy() *WordingPolicy {
	return &WordingPolicy{
		Name: "aiwg pre-cite-grade-check",
		Rules: []WordingRule{
			{High, Low, Block}, {High, VeryLow, Block}, {Moderate, VeryLow, Block}, {High, Moderate, Warn},
			{Moderate, Low, Warn}, {Low, VeryLow, Warn},
			{Low, High, Warn}, {VeryLow, High, Warn}, {Moderate, High, Inform},
			{Low, Moderate, Inform}, {VeryLow, Moderate, Inform}, {VeryLow, Low, Inform},
		},
		Unassessed: Warn,
	}
}

// StrictWordingPolicy blocks every over-confident claim and warns about
// every under-confident one and about unassessed sources.
func StrictWordingPolicy() *WordingPolicy {
	p := &WordingPolicy{Name: "strict", Unassessed: Warn}
	for _, c := range Levels() {
		for _, e := range Levels() {
			switch {
			case c > e:
				p.Rules = append(p.Rules, WordingRule{c, e, Block})
			case c < e:
				p.Rules = append(p.Rules, WordingRule{c, e, Warn})
			}
		}
	}
	return p
}

// ParseWordingPolicy reads a policy in the seed's hook configuration form:
// a mapping of "<claim>_for_<evidence>" keys (high_for_low, ...) and
// "unassessed_source" to block, warn, info or allow, either at the top level,
// under "enforcement", or under "hook.enforcement". Pairs not listed are
// allowed. A pair given twice (also as "High_For_Low" and "high_for_low")
// is an error naming both lines. The input is bounded by MaxInputSize and
// MaxDepth.
func ParseWordingPolicy(data []byte) (*WordingPolicy, error) {
	r := newReader()
	n := r.Parse(data)
	if n == nil {
		return nil, r.Err(ErrInvalid)
	}
	path := ""
	if h := mappingValue(n, "hook"); h != nil {
		n, path = h, "hook"
	}
	if e := mappingValue(n, "enforcement"); e != nil {
		n, path = e, yamlnode.Join(path, "enforcement")
	}
	p := &WordingPolicy{Name: "custom", Unassessed: Allow}
	r.Mapping(n, path, func(_ *yaml.Node, key string, v *yaml.Node, at string) bool {
		act := Action(strings.ToLower(strings.TrimSpace(r.Str(v, at))))
		if act == "inform" {
			act = Inform
		}
		if act != Allow && act != Inform && act != Warn && act != Block {
			r.Errorf(v, at, "must be block, warn, info or allow")
			return true
		}
		if key == "unassessed_source" {
			p.Unassessed = act
			return true
		}
		c, e, found := strings.Cut(key, "_for_")
		cl, err1 := ParseLevel(c)
		el, err2 := ParseLevel(e)
		if !found || err1 != nil || err2 != nil {
			r.Errorf(v, at, `key must be "<claim level>_for_<evidence level>" or "unassessed_source"`)
			return true
		}
		p.Rules = append(p.Rules, WordingRule{cl, el, act})
		return true
	}, nil)
	if err := r.Err(ErrInvalid); err != nil {
		return nil, err
	}
	return p, nil
}

// mappingValue returns the mapping value of key in mapping n, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if v := yamlnode.Deref(n.Content[i+1]); n.Content[i].Value == key && v.Kind == yaml.MappingNode {
			return v
		}
	}
	return nil
}

// A Checker checks claim wording against evidence certainty. The zero
// Checker uses SeedWordingPolicy and DefaultCitationPatterns; fields can be
// changed before the first call.
type Checker struct {
	// Policy decides severities; nil means SeedWordingPolicy().
	Policy *WordingPolicy
	// Patterns find citations in documents; each match (or its first
	// submatch, when the pattern has one) is a source identifier. Nil means
	// DefaultCitationPatterns().
	Patterns []*regexp.Regexp
}

// CheckClaim checks one sentence against the certainty of the evidence it
// cites with the seed's policy (see Checker.CheckClaim).
func CheckClaim(sentence string, l Level) []Finding {
	var c Checker
	return c.CheckClaim(sentence, l)
}

// CheckClaim reports wording that is more confident than evidence of
// certainty l allows ("over-confident": an intensifier such as
// "demonstrates" or "clearly" below High, a bare indicative verb such as
// "reduces" for Low or Very low, no "probably/likely" for Moderate) or less
// confident than High evidence deserves ("under-confident": "may" for High).
// Severity follows the policy: the seed's blocks (error) High wording for Low
// and Very low evidence. Each message suggests wording from the GRADE table
// of informative statements. A sentence that makes no claim, or wording that
// matches the level, gives no finding; the result is never nil.
func (c *Checker) CheckClaim(sentence string, l Level) []Finding {
	if !l.Valid() {
		return []Finding{}
	}
	return c.checkWording(Analyze(sentence), l)
}

// checkWording is CheckClaim on an analysed sentence.
func (c *Checker) checkWording(w Wording, l Level) []Finding {
	fs := []Finding{}
	if !l.Valid() {
		return fs
	}
	pol := c.policy()
	if m := w.Intensifier; m != nil && l < High {
		if sev, ok := pol.Action(High, l).severity(); ok {
			fs = append(fs, newFinding(CodeOverConfident, sev, fmt.Sprintf(
				"%q states the claim as established (High certainty) but the evidence is %s certainty; %s",
				m.Text, strings.ToLower(l.String()), suggestion(w, l)), span(m)))
		}
		return fs
	}
	if w.Expressed == Unknown || w.Expressed == l {
		return fs
	}
	sev, ok := pol.Action(w.Expressed, l).severity()
	if !ok {
		return fs
	}
	m := decisiveMarker(w)
	if w.Expressed > l {
		what := fmt.Sprintf("%q is worded as %s certainty", m.Text, strings.ToLower(w.Expressed.String()))
		if m.Kind == "verb" {
			what = fmt.Sprintf("%q is a bare indicative claim (High certainty wording)", m.Text)
		}
		fs = append(fs, newFinding(CodeOverConfident, sev, fmt.Sprintf("%s but the evidence is %s certainty; %s",
			what, strings.ToLower(l.String()), suggestion(w, l)), span(m)))
	} else {
		fs = append(fs, newFinding(CodeUnderConfident, sev, fmt.Sprintf(
			"%q is worded as %s certainty but the evidence is %s certainty; %s",
			m.Text, strings.ToLower(w.Expressed.String()), strings.ToLower(l.String()), suggestion(w, l)), span(m)))
	}
	return fs
}

func (c *Checker) policy() *WordingPolicy {
	if c.Policy == nil {
		return SeedWordingPolicy()
	}
	return c.Policy
}

// decisiveMarker is the marker that set w.Expressed: the weakest hedge, else
// the claim verb.
func decisiveMarker(w Wording) *Marker {
	for i := range w.Markers {
		if m := &w.Markers[i]; m.Kind != "verb" && m.Kind != "intensifier" && m.Level == w.Expressed {
			return m
		}
	}
	if w.Verb != nil {
		return w.Verb
	}
	return &w.Markers[0]
}

func span(m *Marker) string { return fmt.Sprintf("sentence[%d:%d]", m.Start, m.End) }

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
