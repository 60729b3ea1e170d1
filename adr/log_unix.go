//go:build unix

package adr

import (
	"os"
	"syscall"
)

// openNoFollow opens path for reading without following a symbolic link in
// its last element (O_NOFOLLOW) and without blocking on a FIFO that has no
// writer (O_NONBLOCK); the caller checks the opened descriptor with fstat.
func openNoFollow(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
