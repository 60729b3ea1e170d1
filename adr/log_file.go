package adr

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// MaxRecordFileSize is the largest file, in bytes, that a Log reads: a
// record file (or .adr-dir) larger than this is reported, not read.
const MaxRecordFileSize = 1 << 20

// maxAdrDirSize bounds the .adr-dir file, which holds one relative path.
const maxAdrDirSize = 4096

// ErrUnsafeFile is wrapped by the error for a file of a log folder that the
// log does not read or replace: a symbolic link (never followed), a FIFO,
// device, socket or directory (never opened for reading), or a file larger
// than MaxRecordFileSize.
var ErrUnsafeFile = errors.New("adr: not a regular file of the log")

// ErrNumberTaken is wrapped by Add's error when the number a record asks
// for (its Number, or the number its ID names) is already used in the log.
var ErrNumberTaken = errors.New("adr: record number already used")

// readRegular reads the regular file at path, at most limit bytes. It never
// follows a symbolic link, never blocks on a FIFO and never reads a special
// file: it opens with O_NOFOLLOW|O_NONBLOCK and checks the opened
// descriptor (fstat), so a file swapped after a check is still caught. It
// returns the file's permission bits too.
func readRegular(path string, limit int64) ([]byte, fs.FileMode, error) {
	f, err := openNoFollow(path)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, 0, fmt.Errorf("%w: %s is a symbolic link, not followed", ErrUnsafeFile, filepath.Base(path))
		}
		return nil, 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("%w: %s is a %s, not read", ErrUnsafeFile, filepath.Base(path), fileKind(fi.Mode()))
	}
	if fi.Size() > limit {
		return nil, 0, fmt.Errorf("%w: %s has %d bytes, over the limit of %d", ErrUnsafeFile, filepath.Base(path), fi.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, 0, err
	}
	if int64(len(b)) > limit {
		return nil, 0, fmt.Errorf("%w: %s grew over the limit of %d bytes while read", ErrUnsafeFile, filepath.Base(path), limit)
	}
	return b, fi.Mode().Perm(), nil
}

// fileKind names the type of a file that is not regular.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m.IsDir():
		return "directory"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

var tempSeq atomic.Uint64

// createTemp creates a new empty file in dir named ".adr-<pid>-<seq>.tmp"
// with permissions 0666 less the umask (os.CreateTemp would give 0600).
func createTemp(dir string) (*os.File, error) {
	for range 1000 {
		name := filepath.Join(dir, ".adr-"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatUint(tempSeq.Add(1), 10)+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("adr: no free temporary file name in %s", dir)
}

// writeTemp writes data to a new temporary file in dir, flushed to disk,
// and returns its name. A non-zero perm is applied to it.
func writeTemp(dir string, data []byte, perm fs.FileMode) (string, error) {
	f, err := createTemp(dir)
	if err != nil {
		return "", err
	}
	name := f.Name()
	err = func() error {
		if perm != 0 {
			if err := f.Chmod(perm); err != nil {
				return err
			}
		}
		if _, err := f.Write(data); err != nil {
			return err
		}
		return f.Sync()
	}()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// createExclusive writes data to a temporary file next to path and links
// it to path, so the record appears complete or not at all, failing with
// fs.ErrExist when path exists (a symbolic link there is never followed nor
// replaced). The file gets 0666 less the umask, as adr-tools and editors
// give.
func createExclusive(path string, data []byte) error {
	tmp, err := writeTemp(filepath.Dir(path), data, 0)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	err = os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// no hard links on this file system: exclusive create instead
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// replaceFile replaces the file at path with data atomically: a temporary
// file in the same folder, with perm, renamed over path.
func replaceFile(path string, data []byte, perm fs.FileMode) error {
	tmp, err := writeTemp(filepath.Dir(path), data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// reserveNumber takes the marker file ".adr-<n>.lock" in dir by exclusive
// create, so that no other process (or goroutine) uses number n while this
// one checks that no record has it and writes its record. It fails with
// fs.ErrExist when another writer holds n. release removes the marker.
func reserveNumber(dir string, n int) (release func(), err error) {
	name := filepath.Join(dir, markerName(n))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return nil, err
	}
	_, werr := f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(name)
		return nil, werr
	}
	return func() { os.Remove(name) }, nil
}

// markerName is the name of the marker that reserves number n.
func markerName(n int) string { return fmt.Sprintf(".adr-%04d.lock", n) }

// lockWait bounds how long lockRecords waits for a record another writer
// holds (a variable for tests).
var lockWait = 5 * time.Second

// lockRecords takes the markers of record numbers nums (see
// reserveNumber), in ascending order so that two writers never wait for
// each other, waiting up to lockWait for each: Supersede and Link hold them
// while they read and rewrite the records, so that concurrent edits of one
// record (in this process or another) are applied one after the other
// instead of one being lost. A marker still held after lockWait (left by a
// killed process) is an error that names it.
func (l *Log) lockRecords(nums ...int) (unlock func(), err error) {
	nums = slices.Clone(nums)
	slices.Sort(nums)
	nums = slices.Compact(nums)
	var releases []func()
	unlock = func() {
		for i := len(releases) - 1; i >= 0; i-- {
			releases[i]()
		}
	}
	for _, n := range nums {
		deadline := time.Now().Add(lockWait)
		pause := time.Millisecond
		for {
			release, err := reserveNumber(l.Dir, n)
			if err == nil {
				releases = append(releases, release)
				break
			}
			if !errors.Is(err, fs.ErrExist) {
				unlock()
				return nil, err
			}
			if time.Now().After(deadline) {
				unlock()
				return nil, fmt.Errorf("record %d is held by another writer for over %v (marker %s; delete it if no writer runs)", n, lockWait, markerName(n))
			}
			time.Sleep(pause)
			pause = min(2*pause, 50*time.Millisecond)
		}
	}
	return unlock, nil
}
