package adr

import (
	"fmt"
	"strings"
)

// Format is a Markdown flavour of ADR.
type Format int

// Flavours Render writes and Parse reads. Parse also reads MADR 3 (front
// matter with "deciders") and MADR 2 (a metadata list), reported as MADR and
// Log4brains respectively.
const (
	// ToT is the seed's Tree-of-Thoughts template (adr-with-tot.md):
	// criteria table, per-option evaluation tables, comparison matrix.
	ToT Format = iota
	// MADR is MADR 4: YAML front matter, "Chosen option" outcome, pros and
	// cons of the options.
	MADR
	// Nygard is the format adr-tools writes: "# N. Title", "Date:", Status,
	// Context, Decision, Consequences.
	Nygard
	// Log4brains is MADR 2 with its metadata list ("- Status: accepted"),
	// which log4brains reads.
	Log4brains
)

var formatNames = []string{"tot", "madr", "nygard", "log4brains"}

// String returns the flavour's name: "tot", "madr", "nygard", "log4brains".
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat returns the Format named s (case-insensitive; "adr-tools" and
// "madr4" are accepted as aliases).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "tot", "adr-with-tot":
		return ToT, nil
	case "madr", "madr4", "madr-4":
		return MADR, nil
	case "nygard", "adr-tools":
		return Nygard, nil
	case "log4brains", "madr2", "madr-2":
		return Log4brains, nil
	}
	return 0, fmt.Errorf("adr: unknown format %q (want tot, madr, nygard or log4brains)", s)
}
