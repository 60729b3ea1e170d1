package tot

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// reConditionText is the notation Trigger.Condition writes: metric, operator,
// threshold, an optional unit, and an optional window "for <window>" or
// "in N consecutive observations".
var reConditionText = regexp.MustCompile(`^([A-Za-z0-9_.:-]+) (>=|<=|==|!=|>|<) (-?[0-9]+(?:\.[0-9]+)?)(?: ([^ ]+))?(?: for ([0-9][0-9a-z.]*)| in ([0-9]+) consecutive observations?)?$`)

// ParseCondition reads a trigger's condition in the notation
// Trigger.Condition writes ("active_users > 40000 for 14d", "p95_ms > 500
// ms in 7 consecutive observations") into the Metric, Op, Threshold, Unit,
// For and Consecutive of a Trigger, exactly: for every trigger t with a
// condition, ParseCondition(t.Condition()) gives those fields back (the
// threshold to 6 decimals). Anything else is an error; prose is read,
// best effort, by ParseTriggerText.
func ParseCondition(s string) (Trigger, error) {
	m := reConditionText.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Trigger{}, fmt.Errorf("tot: %q is not a condition such as \"active_users > 40000 for 14d\"", s)
	}
	th, err := strconv.ParseFloat(m[3], 64)
	if err != nil || math.IsInf(th, 0) {
		return Trigger{}, fmt.Errorf("tot: condition %q: threshold %q is not a finite number", s, m[3])
	}
	if m[4] == "for" || m[4] == "in" {
		return Trigger{}, fmt.Errorf("tot: condition %q: incomplete window", s)
	}
	t := Trigger{Metric: m[1], Op: m[2], Threshold: &th, Unit: m[4]}
	if !slices.Contains(triggerOps, t.Op) {
		return Trigger{}, fmt.Errorf("tot: condition %q: unknown operator %q", s, t.Op)
	}
	if m[5] != "" {
		if t.For, err = parseWindow(m[5]); err != nil {
			return Trigger{}, fmt.Errorf("tot: condition %q: %w", s, err)
		}
	}
	if m[6] != "" {
		n, err := strconv.Atoi(m[6])
		if err != nil || n <= 0 {
			return Trigger{}, fmt.Errorf("tot: condition %q: %q consecutive observations", s, m[6])
		}
		t.Consecutive = n
	}
	return t, nil
}
