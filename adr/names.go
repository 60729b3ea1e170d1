package adr

import (
	"regexp"
	"strconv"
	"strings"
)

// key is the lower-case trimmed name used to match criteria across records.
func key(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// sameName compares option names the way records write them: letter case,
// surrounding spaces and a leading "Option N:" / "N." are ignored.
func sameName(a, b string) bool {
	return strings.EqualFold(bareName(a), bareName(b))
}

var reOptionPrefix = regexp.MustCompile(`(?i)^\s*(option\s+[0-9a-z]+\s*[:.—–-]\s*|[0-9]+\.\s+)`)

func bareName(s string) string {
	return strings.TrimSpace(reOptionPrefix.ReplaceAllString(strings.TrimSpace(s), ""))
}

// bareKey is the key of an option's bare name: two names are the same
// option (sameName) when their bare keys are equal.
func bareKey(s string) string { return key(bareName(s)) }

// nameIndex maps each option's bare key to its first index.
func nameIndex(os []Option) map[string]int {
	m := make(map[string]int, len(os))
	for i, o := range os {
		if _, dup := m[bareKey(o.Name)]; !dup {
			m[bareKey(o.Name)] = i
		}
	}
	return m
}

// optionLookup returns a lookup of the option a label names (a matrix row,
// a selection): by number ("1. X", "Option 1"), then by name, names being
// compared by norm (key or bareKey); it returns the option's index (-1 for
// none) and the number the label or option carries (0 for none). The
// options are indexed once, so that a lookup is constant time.
func optionLookup(os []Option, norm func(string) string) func(label string) (idx, number int) {
	byNum, byName := map[int]int{}, map[string]int{}
	for i := range os {
		if _, ok := byNum[optionNumber(&os[i], i)]; !ok {
			byNum[optionNumber(&os[i], i)] = i
		}
		if k := norm(os[i].Name); k != "" {
			if _, ok := byName[k]; !ok {
				byName[k] = i
			}
		}
	}
	return func(label string) (int, int) {
		if m := reOptNum.FindStringSubmatch(strings.TrimSpace(label)); m != nil {
			n, _ := strconv.Atoi(m[1])
			if i, ok := byNum[n]; ok {
				return i, n
			}
			return -1, n
		}
		if i, ok := byName[norm(label)]; ok {
			return i, optionNumber(&os[i], i)
		}
		return -1, 0
	}
}
