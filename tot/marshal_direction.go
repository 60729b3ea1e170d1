package tot

import "fmt"

// String returns "benefit" or "cost".
func (d Direction) String() string {
	switch d {
	case Benefit:
		return "benefit"
	case Cost:
		return "cost"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// MarshalText returns "benefit" or "cost"; other values are an error.
func (d Direction) MarshalText() ([]byte, error) {
	if d != Benefit && d != Cost {
		return nil, fmt.Errorf("tot: invalid direction %d", int(d))
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads "benefit" or "cost"; "" reads as Benefit.
func (d *Direction) UnmarshalText(b []byte) error {
	switch string(b) {
	case "benefit", "":
		*d = Benefit
	case "cost":
		*d = Cost
	default:
		return fmt.Errorf("tot: direction must be benefit or cost, not %q", b)
	}
	return nil
}
