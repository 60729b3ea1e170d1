// Package cputime reads the process's CPU time, so that benchmarks can
// report CPU time per operation on a machine shared with other work, where
// wall time is noisy.
package cputime
