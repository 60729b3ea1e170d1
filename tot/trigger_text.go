package tot

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/deliberate-dev/deliberate/internal/numfmt"
)

// Condition writes the trigger's measurable condition in the decision
// file's notation: "active_users > 40000 for 14d", "p95_ms > 500 ms in 7
// consecutive observations". It is "" when the trigger has no metric,
// operator or threshold. Thresholds keep up to 6 decimals.
func (t Trigger) Condition() string {
	if t.Metric == "" || t.Op == "" || t.Threshold == nil {
		return ""
	}
	c := t.Metric + " " + t.Op + " " + numfmt.Trim(*t.Threshold, 6)
	if t.Unit != "" {
		c += " " + t.Unit
	}
	switch {
	case t.For > 0:
		c += " for " + formatWindow(t.For)
	case t.Consecutive > 0:
		c += " in " + strconv.Itoa(t.Consecutive) + " consecutive observations"
	}
	return c
}

// triggerComparators maps wordings of a comparison to operators, longest
// first so that "at least" wins over "least".
var triggerComparators = []struct{ text, op string }{
	{"is greater than or equal to", ">="}, {"is less than or equal to", "<="},
	{"greater than or equal to", ">="}, {"less than or equal to", "<="},
	{"drops below", "<"}, {"falls below", "<"}, {"goes below", "<"}, {"dips below", "<"},
	{"more than", ">"}, {"greater than", ">"}, {"higher than", ">"}, {"larger than", ">"},
	{"less than", "<"}, {"fewer than", "<"}, {"lower than", "<"},
	{"at least", ">="}, {"at most", "<="}, {"no more than", "<="}, {"no less than", ">="},
	{"exceeds", ">"}, {"exceed", ">"}, {"exceeding", ">"}, {"exceeded", ">"},
	{"surpasses", ">"}, {"surpass", ">"}, {"beyond", ">"},
	{"reaches", ">="}, {"hits", ">="}, {"above", ">"}, {"over", ">"}, {"below", "<"}, {"under", "<"},
	{">=", ">="}, {"<=", "<="}, {"≥", ">="}, {"≤", "<="}, {"!=", "!="}, {"==", "=="},
	{">", ">"}, {"<", "<"},
}

// triggerNumber matches a threshold after a comparator: an optional
// currency sign, a number with optional thousands separators and an
// attached suffix (a K/M/B multiplier or a unit such as "ms" or "%").
var triggerNumber = regexp.MustCompile(`^\s*(\$|€|£)?\s*([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)([a-z%/]*)`)

// triggerWindow matches "for 7+ consecutive days", "for 2 weeks", "for 3+
// consecutive months", "for one hour", "for a week".
var triggerWindow = regexp.MustCompile(`\bfor\s+(?:more\s+than\s+|over\s+|at\s+least\s+)?([0-9]+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\+?\s+(consecutive\s+)?(observation|reading|sample|minute|hour|day|week|month|quarter|sprint|release)s?\b`)

// windowCounts are the number words triggerWindow accepts.
var windowCounts = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

// triggerUnits are units recognised when written after the threshold with
// a space ("500 ms"); attached units ("500ms") are taken as written.
var triggerUnits = map[string]string{"ms": "ms", "s": "s", "sec": "s", "seconds": "s", "%": "%", "percent": "%",
	"mb": "MB", "gb": "GB", "tb": "TB", "rps": "rps", "qps": "qps", "req/s": "req/s", "usd": "USD", "eur": "EUR"}

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
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n = windowCounts[m[1]]
		}
		unit := m[3]
		switch {
		case m[2] != "" || unit == "observation" || unit == "reading" || unit == "sample" ||
			unit == "month" || unit == "quarter" || unit == "sprint" || unit == "release":
			t.Consecutive = n
		case unit == "minute":
			t.For = time.Duration(n) * time.Minute
		case unit == "hour":
			t.For = time.Duration(n) * time.Hour
		case unit == "day":
			t.For = time.Duration(n) * 24 * time.Hour
		case unit == "week":
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
	rest := low[end+len(m[0]):]
	if unit == "" {
		if f := strings.Fields(rest); len(f) > 0 {
			if u, ok := triggerUnits[strings.Trim(f[0], ",.;)")]; ok {
				unit = u
			}
		}
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
	// "re-evaluate if our p95": the metric follows the last "if"/"when".
	for _, w := range []string{" if ", " when ", " once "} {
		if i := strings.LastIndex(" "+before, w); i >= 0 {
			before = strings.TrimSpace((" " + before)[i+len(w):])
		}
	}
	for _, w := range []string{"if ", "when ", "the ", "our ", "we ", "it ", "they "} {
		before = strings.TrimPrefix(before, w)
	}
	if before == "we" || before == "it" || before == "they" {
		before = ""
	}
	for _, w := range []string{" consistently", " is", " are", " count", " ever"} {
		before = strings.TrimSuffix(before, w)
	}
	if before == "" {
		after := strings.Fields(rest)
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
