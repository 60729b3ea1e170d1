//go:build !unix

package adr

import (
	"fmt"
	"io/fs"
	"os"
)

// openNoFollow opens path for reading after checking with Lstat that it is
// not a symbolic link (systems without O_NOFOLLOW); the caller checks the
// opened file with Stat.
func openNoFollow(path string) (*os.File, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s: symbolic link", path)
	}
	return os.Open(path)
}
