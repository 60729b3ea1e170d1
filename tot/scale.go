package tot

// Bounds returns the scale's interval, 0–10 for the zero Scale.
func (s Scale) Bounds() (lo, hi float64) { return s.bounds() }
