package tot

// Bounds returns the scale's interval, 0–10 for the zero Scale.
func (s Scale) Bounds() (lo, hi float64) {
	if s == (Scale{}) {
		return 0, 10
	}
	return s.Min, s.Max
}
