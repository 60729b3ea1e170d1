package tot

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// triggerComparators maps wordings of a comparison to operators, longest
// first so that "at least" wins over "least".
var triggerComparators = []struct{ text, op string }{
	{"is greater than or equal to", ">="}, {"is less than or equal to", "<="},
	{"greater than or equal to", ">="}, {"less than or equal to", "<="},
	{"drops below", "<"}, {"falls below", "<"}, {"goes below", "<"}, {"dips below", "<"},
	{"more than", ">"}, {"greater than", ">"}, {"higher than", ">"}, {"larger than", ">"},
	{"less than", "<"}, {"fewer than", "<"}, {"lower than", "<"},
	{"at least", ">="}, {"at most", "<="}, {"no more than", "<="}, {"no less than", ">="},
	{"exceeds", ">"}, {"exceed", ">"}, {"exceeding", ">"}, {"surpasses", ">"},
	{"reaches", ">="}, {"hits", ">="}, {"above", ">"}, {"over", ">"}, {"below", "<"}, {"under", "<"},
	{">=", ">="}, {"<=", "<="}, {"≥", ">="}, {"≤", "<="}, {"!=", "!="}, {"==", "=="},
	{">", ">"}, {"<", "<"},
}

// triggerNumber matches a threshold after a comparator: an optional
// currency sign, a number with optional thousands separators and an
// attached suffix (a K/M/B multiplier or a unit such as "ms" or "%").
var triggerNumber = regexp.MustCompile(`^\s*(\$|€|£)?\s*([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)([a-z%/]*)`)

// triggerWindow matches "for 7+ consecutive days", "for 2 weeks", "for 3+
// consecutive months".
var triggerWindow = regexp.MustCompile(`\bfor\s+([0-9]+)\+?\s+(consecutive\s+)?(observations|readings|samples|hours|days|weeks|months|quarters|sprints|releases)\b`)

// triggerCategoryWords maps a word of a trigger's label to a category.
var triggerCategoryWords = []struct{ word, category string }{
	{"perform", "performance"}, {"latency", "performance"}, {"response", "performance"},
	{"scal", "scalability"}, {"growth", "scalability"}, {"capacity", "scalability"},
	{"team", "team"}, {"hiring", "team"}, {"skill", "team"}, {"staff", "team"},
	{"cost", "cost"}, {"budget", "cost"}, {"spend", "cost"},
	{"operat", "operational"}, {"deploy", "operational"}, {"reliab", "operational"}, {"availab", "operational"}, {"incident", "operational"},
	{"business", "business"}, {"regulat", "business"}, {"compliance", "business"}, {"market", "business"},
	{"security", "security"},
}

var listMarker = regexp.MustCompile(`^\s*(?:[-*+]|[0-9]+[.)])\s+`)

// ParseTriggerText reads a backtracking trigger written as prose, as in an
// ADR's "Backtracking Triggers" list ("**Performance:** P95 response time
// exceeds 500ms for 7+ consecutive days"), best effort: a leading
// "Label:" gives the category (mapped to performance, scalability, team,
// cost, operational, business or security when a word matches, else the
// label in lower case); the first comparison followed by a number gives Op
// and Threshold ("exceeds", "more than", "below", ">", …; "$20K" is 20000
// USD, "40K" 40000); the words before it (or after the number when the
// sentence starts with the comparison) give Metric, in snake case; "for N
// consecutive days|weeks|months|observations" gives Consecutive and "for N
// hours|days|weeks" For. Description is the text without the label.
// Whatever cannot be read stays zero, so that LintTriggers reports it.
func ParseTriggerText(s string) Trigger {
	s = strings.TrimSpace(listMarker.ReplaceAllString(strings.TrimSpace(s), ""))
	var t Trigger
	if i := strings.Index(s, ":"); i > 0 && i < 60 {
		label := strings.Trim(strings.TrimSpace(s[:i]), "*_ ")
		rest := strings.TrimSpace(strings.TrimLeft(s[i+1:], "*_ "))
		if label != "" && len(strings.Fields(label)) <= 5 && rest != "" {
			t.Category = triggerCategory(label)
			s = rest
		}
	}
	t.Description = s
	low := strings.ToLower(s)
	if t.Category == "" {
		t.Category = triggerCategory(low)
		if t.Category == strings.ToLower(strings.TrimSpace(low)) {
			t.Category = ""
		}
	}
	if m := triggerWindow.FindStringSubmatch(low); m != nil {
		n, _ := strconv.Atoi(m[1])
		unit := m[3]
		switch {
		case m[2] != "" || unit == "observations" || unit == "readings" || unit == "samples" ||
			unit == "months" || unit == "quarters" || unit == "sprints" || unit == "releases":
			t.Consecutive = n
		case unit == "hours":
			t.For = time.Duration(n) * time.Hour
		case unit == "days":
			t.For = time.Duration(n) * 24 * time.Hour
		case unit == "weeks":
			t.For = time.Duration(n) * 7 * 24 * time.Hour
		}
	}
	at, op, end := -1, "", 0
	for i := 0; i < len(low) && at < 0; i++ {
		if i > 0 && isWordByte(low[i-1]) && isWordByte(low[i]) {
			continue // comparators start at a word boundary
		}
		for _, c := range triggerComparators {
			if !strings.HasPrefix(low[i:], c.text) {
				continue
			}
			j := i + len(c.text)
			if j < len(low) && isWordByte(low[j]) && isWordByte(c.text[len(c.text)-1]) {
				continue
			}
			if triggerNumber.MatchString(low[j:]) {
				at, op, end = i, c.op, j
				break
			}
		}
	}
	if at < 0 {
		return t
	}
	m := triggerNumber.FindStringSubmatch(low[end:])
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[2], ",", ""), 64)
	if err != nil || math.IsInf(v, 0) {
		return t
	}
	unit := m[3]
	switch unit {
	case "k":
		v, unit = v*1e3, ""
	case "m":
		v, unit = v*1e6, ""
	case "b":
		v, unit = v*1e9, ""
	}
	t.Op, t.Threshold, t.Unit = op, &v, unit
	switch m[1] {
	case "$":
		t.Unit = "USD"
	case "€":
		t.Unit = "EUR"
	case "£":
		t.Unit = "GBP"
	}
	before := strings.TrimSpace(low[:at])
	for _, w := range []string{"if ", "when ", "the "} {
		before = strings.TrimPrefix(before, w)
	}
	for _, w := range []string{" consistently", " is", " are", " count", " ever"} {
		before = strings.TrimSuffix(before, w)
	}
	if before == "" {
		after := strings.Fields(low[end+len(m[0]):])
		before = strings.Join(after[:min(3, len(after))], " ")
	}
	t.Metric = snake(before)
	return t
}

func triggerCategory(label string) string {
	low := strings.ToLower(label)
	for _, c := range triggerCategoryWords {
		if strings.Contains(low, c.word) {
			return c.category
		}
	}
	return strings.TrimSpace(low)
}

// snake turns words into a snake_case identifier of letters and digits.
func snake(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		if !ok {
			under = b.Len() > 0
			continue
		}
		if under {
			b.WriteByte('_')
			under = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
