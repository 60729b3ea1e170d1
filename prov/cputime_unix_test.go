//go:build unix

package prov_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) the process has used so far:
// benchmarks report it because wall time on a shared machine is noisy.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
