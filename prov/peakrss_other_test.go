//go:build !linux

package prov_test

func resetPeakRSS() bool { return false }
func peakRSS() float64   { return 0 }
