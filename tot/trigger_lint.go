package tot

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Finding codes of LintTriggers.
const (
	CodeTriggerNoMetric        = "trigger-no-metric"        // no metric to observe
	CodeTriggerNoOperator      = "trigger-no-operator"      // no comparison operator
	CodeTriggerUnknownOperator = "trigger-unknown-operator" // operator not one of >, >=, <, <=, ==, !=
	CodeTriggerNoThreshold     = "trigger-no-threshold"     // no (finite) threshold value
	CodeTriggerVague           = "trigger-vague"            // subjective wording without a number
	CodeTriggerBadWindow       = "trigger-bad-window"       // negative For or Consecutive
	CodeTriggerCount           = "trigger-count"            // fewer than 3 or more than 7 triggers
	CodeTriggerNoCategory      = "trigger-no-category"      // a trigger without a category
	CodeTriggerSingleCategory  = "trigger-single-category"  // every trigger in the same category
)

// Bounds on the number of triggers the protocol asks for (Phase 5: "aim for
// 3-7 triggers"); LintTriggers reports CodeTriggerCount outside them.
const (
	minTriggers = 3
	maxTriggers = 7
)

// vaguePhrases are wordings the protocol calls unmeasurable ("If it doesn't
// work out", "If performance becomes a problem", "If costs get too high").
// A description containing one and no digit is vague.
var vaguePhrases = []string{
	"becomes a problem", "become a problem", "becomes an issue", "become an issue",
	"is a problem", "causes problems", "causes issues",
	"work out", "doesn't work", "does not work", "not working",
	"struggle", "too high", "too low", "too slow", "too expensive", "too much",
	"too many", "too few", "too complex", "get worse", "gets worse", "getting worse",
	"degrade", "proves inadequate", "prove inadequate", "inadequate",
	"unacceptable", "not good enough", "poor", "bad", "significant", "a lot",
	"if needed", "as needed", "when necessary", "if necessary", "at some point",
	"rejects", "unhappy", "painful", "hard to", "difficult",
}

// LintTriggers checks backtracking triggers against the protocol's
// measurability standard (Phase 5; "Backtracking Trigger Standards"): each
// trigger needs a metric, a known operator and a finite threshold, and its
// description must not be vague ("If performance becomes a problem"); the
// list should hold 3 to 7 triggers (CodeTriggerCount otherwise) covering
// more than one category. A description is vague when it contains one of the
// subjective phrases the protocol warns against ("becomes a problem",
// "doesn't work out", "too high", ...) and no digit; the CodeTriggerVague
// finding quotes the phrase. It returns one finding per problem, with the
// stable codes CodeTrigger*, in trigger order then list-level findings;
// never nil.
func LintTriggers(ts []Trigger) []Finding {
	fs := []Finding{}
	add := func(code, where, format string, args ...any) {
		fs = append(fs, Finding{Code: code, Severity: SeverityWarning, Message: fmt.Sprintf(format, args...), Where: where})
	}
	categories := map[string]bool{}
	for i, t := range ts {
		p := "triggers[" + strconv.Itoa(i) + "]"
		name := triggerName(t, i)
		if strings.TrimSpace(t.Metric) == "" {
			add(CodeTriggerNoMetric, p+".metric", "trigger %s names no metric to observe", name)
		}
		switch {
		case strings.TrimSpace(t.Op) == "":
			add(CodeTriggerNoOperator, p+".op", "trigger %s has no comparison operator", name)
		case !slices.Contains(triggerOps, t.Op):
			add(CodeTriggerUnknownOperator, p+".op", "trigger %s has unknown operator %q (want one of >, >=, <, <=, ==, !=)", name, t.Op)
		}
		if t.Threshold == nil || math.IsNaN(*t.Threshold) || math.IsInf(*t.Threshold, 0) {
			add(CodeTriggerNoThreshold, p+".threshold", "trigger %s has no finite threshold value", name)
		}
		if t.For < 0 || t.Consecutive < 0 {
			add(CodeTriggerBadWindow, p, "trigger %s has a negative window (for %v, consecutive %d)", name, t.For, t.Consecutive)
		}
		if phrase, ok := vagueText(t.Description); ok {
			add(CodeTriggerVague, p+".description", "trigger %s is vague (%q) and states no number: %q", name, phrase, t.Description)
		}
		c := strings.ToLower(strings.TrimSpace(t.Category))
		if c == "" {
			add(CodeTriggerNoCategory, p+".category", "trigger %s has no category", name)
		} else {
			categories[c] = true
		}
	}
	if n := len(ts); n < minTriggers || n > maxTriggers {
		add(CodeTriggerCount, "triggers", "%d triggers; the protocol asks for %d to %d", n, minTriggers, maxTriggers)
	}
	if len(ts) > 0 && len(categories) < 2 {
		cs := make([]string, 0, len(categories))
		for c := range categories {
			cs = append(cs, c)
		}
		add(CodeTriggerSingleCategory, "triggers", "triggers cover %d categor%s %v; the protocol asks for diverse categories",
			len(cs), map[bool]string{true: "y", false: "ies"}[len(cs) == 1], cs)
	}
	return fs
}

// vagueText reports whether a trigger's wording is vague: it contains one
// of vaguePhrases and no digit. It returns the phrase found.
func vagueText(s string) (phrase string, vague bool) {
	if strings.IndexFunc(s, unicode.IsDigit) >= 0 {
		return "", false
	}
	low := strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	for _, p := range vaguePhrases {
		if containsWord(low, p) {
			return p, true
		}
	}
	return "", false
}

// containsWord reports whether phrase occurs in s starting at a word
// boundary ("bad" matches "bad" and "badly" but not "abad").
func containsWord(s, phrase string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], phrase)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !isWordByte(s[at-1]) {
			return true
		}
		i = at + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}

func triggerName(t Trigger, i int) string {
	if t.ID != "" {
		return strconv.Quote(t.ID)
	}
	return "#" + strconv.Itoa(i+1)
}
