package tot

import (
	"testing"
	"time"
)

// parseWindow and formatWindow are the notation of a trigger's window (the
// decision file's "for:" and Trigger.Condition's "for 14d").
func TestWindow(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"14d", 14 * 24 * time.Hour, "14d"},
		{"7d", 7 * 24 * time.Hour, "7d"},
		{"3d", 3 * 24 * time.Hour, "3d"},
		{"36h", 36 * time.Hour, "36h"},
		{"90m", 90 * time.Minute, "90m"},
		{"1h30m", 90 * time.Minute, "90m"},
		{"2w", 14 * 24 * time.Hour, "14d"},
		{"-3d", -3 * 24 * time.Hour, "-3d"},
		{"1.5s", 1500 * time.Millisecond, "1.5s"},
	} {
		got, err := parseWindow(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseWindow(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if s := formatWindow(got); s != tc.out {
			t.Errorf("formatWindow(%v) = %q, want %q", got, s, tc.out)
		}
	}
	for _, bad := range []string{"", "d", "14", "fortnight", "1.5d", "99999999999999999d"} {
		if _, err := parseWindow(bad); err == nil {
			t.Errorf("parseWindow(%q): no error", bad)
		}
	}
}
