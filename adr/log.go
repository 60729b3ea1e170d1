package adr

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/internal/mdtext"
)

// A Log is a folder of ADRs, numbered and linked the way adr-tools, MADR and
// log4brains expect. Fields can be changed before the first call.
//
// Records are numbered in sequence ("0007-title.md", adr-tools and MADR)
// or by date ("20240101-title.md", log4brains), following the folder's
// files (see Append and NextNumber). Several processes may add records and
// edit a log at once: numbers stay unique and no edit is lost (see Append
// and Supersede).
//
// A Log never follows a symbolic link and never reads a special file
// (FIFO, device, socket) in its folder: such files are reported (Entry.Err,
// a Lint finding, an error from WriteTOC, Supersede or Link), never read,
// replaced or written through. It reads at most MaxRecordFileSize bytes of a
// file. Files it creates get 0666 less the process umask (0644 under umask
// 022), as adr-tools and editors give; a file it updates keeps its
// permissions.
type Log struct {
	// Dir is the ADR folder.
	Dir string
	// Format is the flavour of the records Add writes and of the edits
	// Supersede and Link make.
	Format Format
	// Now is the clock that dates new records whose Date is empty, as
	// adr-tools does with `date`, and names the files of a log numbered by
	// date (log4brains); nil means time.Now. Set it for reproducible output.
	Now func() time.Time

	// adrTools is set by OpenLog when an adr-tools .adr-dir names the folder.
	adrTools bool
}

// ErrNotFound is returned for a record number the log does not hold.
var ErrNotFound = errors.New("adr: record not found")

// MaxRecordNumber is the largest sequence number Add gives or accepts: a
// larger number would read as a log4brains date (YYYYMMDD).
const MaxRecordNumber = 9_999_999

// OpenLog opens the ADR folder dir, creating it if missing. When dir holds
// an adr-tools ".adr-dir" file, dir is a project root and the folder is the
// path that file names, which must be relative and stay inside dir: an
// absolute path, a path that leaves dir ("../x"), or a path through a
// symbolic link is an error, as is a .adr-dir that is not a regular file or
// holds more than one line or 4096 bytes.
func OpenLog(dir string, f Format) (*Log, error) {
	if f < ToT || f > Log4brains {
		return nil, fmt.Errorf("adr: OpenLog: unknown format %d", int(f))
	}
	l := &Log{Dir: dir, Format: f}
	b, _, err := readRegular(filepath.Join(dir, ".adr-dir"), maxAdrDirSize)
	switch {
	case err == nil:
		sub, err := adrDirPath(dir, b)
		if err != nil {
			return nil, fmt.Errorf("adr: OpenLog: %w", err)
		}
		l.Dir, l.adrTools = sub, true
	case errors.Is(err, fs.ErrNotExist):
	default:
		return nil, fmt.Errorf("adr: OpenLog: .adr-dir: %w", err)
	}
	if err := os.MkdirAll(l.Dir, 0o777); err != nil {
		return nil, fmt.Errorf("adr: OpenLog: %w", err)
	}
	return l, nil
}

// adrDirPath returns the folder a .adr-dir file in root names, checking
// that it stays inside root and passes through no symbolic link.
func adrDirPath(root string, content []byte) (string, error) {
	sub := strings.TrimSpace(string(content))
	switch {
	case sub == "":
		return "", fmt.Errorf("%s: empty .adr-dir", root)
	case strings.ContainsAny(sub, "\n\r\x00"):
		return "", fmt.Errorf("%s: .adr-dir holds more than one line", root)
	case strings.HasPrefix(sub, "/") || filepath.IsAbs(sub) || filepath.VolumeName(sub) != "":
		return "", fmt.Errorf("%s: .adr-dir names the absolute path %q; it must be relative to the project root", root, sub)
	}
	sub = filepath.FromSlash(sub)
	if !filepath.IsLocal(sub) {
		return "", fmt.Errorf("%s: .adr-dir path %q leaves the project root", root, filepath.ToSlash(sub))
	}
	p := root
	for _, part := range strings.Split(filepath.Clean(sub), string(filepath.Separator)) {
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("%s: .adr-dir path %q goes through the symbolic link %s, which is not followed", root, filepath.ToSlash(sub), p)
		}
		if !fi.IsDir() {
			return "", fmt.Errorf("%s: .adr-dir path %q: %s is not a folder", root, filepath.ToSlash(sub), p)
		}
	}
	return filepath.Join(root, sub), nil
}

// An Entry is one record of a log as List reads it, or as Append wrote it.
type Entry struct {
	Number int    // from the file name's leading digits (YYYYMMDD in a log numbered by date)
	File   string // file name within the log folder
	Path   string // the file's path: the log's Dir joined with File
	Title  string
	ID     string // the record's own identifier as written, e.g. "ADR-0007"
	Status string // the record's status as written
	Kind   StatusKind
	Links  []Link
	// Err is why the file was not read: it wraps ErrUnsafeFile for a
	// symbolic link, a special file or a file over MaxRecordFileSize.
	// Title, ID, Status and Links are empty then.
	Err error
}

var (
	reLeadNum  = regexp.MustCompile(`^([0-9]+)`)
	reDateName = regexp.MustCompile(`^([0-9]{8})-`)
	// reIDNum is a record ID that names a sequence number: "ADR-0007",
	// "adr_7", "ADR 12", "0007".
	reIDNum = regexp.MustCompile(`^(?i:adr)?[-_ ]?([0-9]+)$`)
)

// skipped are the files log4brains does not read as records.
var skipped = map[string]bool{"template.md": true, "readme.md": true, "index.md": true, "backlog.md": true}

// isDateName reports whether a file name starts with a date "YYYYMMDD-", as
// log4brains names records.
func isDateName(name string) bool {
	m := reDateName.FindStringSubmatch(name)
	if m == nil || m[1] < "19000101" {
		return false
	}
	_, err := time.Parse("20060102", m[1])
	return err == nil
}

// fileNumber is the decimal number name starts with (leading zeros are
// not octal): 0 when it starts with no digit, -1 when the number is too
// large.
func fileNumber(name string) int {
	m := reLeadNum.FindString(name)
	n, err := strconv.ParseInt(strings.TrimLeft(m, "0")+"0", 10, 64) // decimal, never octal
	if err != nil {
		return -1
	}
	return int(n / 10)
}

// A folder is what the names in a log folder say, read without opening a
// file.
type folder struct {
	records []string // record files: *.md with a leading number, sorted
	byDate  bool     // the log names its records by date (log4brains)
	highest int      // highest leading number of any file not named by date; -1 when none
}

// scan lists the log folder. The log is numbered by date when it holds
// records and all are named "YYYYMMDD-…", or when it holds none and its
// flavour is log4brains outside an adr-tools folder.
func (l *Log) scan() (*folder, error) {
	des, err := os.ReadDir(l.Dir)
	if err != nil {
		return nil, fmt.Errorf("adr: %w", err)
	}
	fo := &folder{highest: -1}
	seq := 0
	for _, de := range des {
		n := de.Name()
		if !reLeadNum.MatchString(n) {
			continue
		}
		rec := !de.IsDir() && strings.HasSuffix(n, ".md") && !skipped[strings.ToLower(n)]
		if rec {
			fo.records = append(fo.records, n)
		}
		if isDateName(n) {
			continue
		}
		if rec {
			seq++
		}
		if k := fileNumber(n); k > fo.highest {
			fo.highest = k
		}
	}
	slices.Sort(fo.records)
	if seq == 0 {
		fo.byDate = len(fo.records) > 0 || (l.Format == Log4brains && !l.adrToolsFolder())
	}
	return fo, nil
}

// adrToolsFolder reports whether the folder is adr-tools' (named by
// .adr-dir, or its default doc/adr).
func (l *Log) adrToolsFolder() bool {
	d := filepath.Clean(l.Dir)
	return l.adrTools || (filepath.Base(d) == "adr" && filepath.Base(filepath.Dir(d)) == "doc")
}

// first is the number of the first record of an empty log: 0 for MADR in a
// MADR folder (its first record is 0000), 1 otherwise, as adr-tools starts.
func (l *Log) first() int {
	if l.Format == MADR && !l.adrToolsFolder() {
		return 0
	}
	return 1
}

func (l *Log) next(fo *folder) int {
	if fo.byDate {
		return dateNumber(l.now())
	}
	if fo.highest < 0 {
		return l.first()
	}
	return fo.highest + 1
}

// List reads every record of the log, in file-name order. A file that does
// not parse is listed with its number and file name only; a file that is
// not read (a symbolic link, a special file, one over MaxRecordFileSize, one
// that cannot be opened) has Err set.
func (l *Log) List() ([]Entry, error) {
	fo, err := l.scan()
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(fo.records))
	for _, n := range fo.records {
		e, _ := l.entry(n)
		out = append(out, e)
	}
	return out, nil
}

// entry reads the record file name and returns its entry and the parsed
// record (nil when the file is not read or does not parse).
func (l *Log) entry(name string) (Entry, *Record) {
	e := Entry{Number: fileNumber(name), File: name, Path: filepath.Join(l.Dir, name)}
	b, _, err := readRegular(e.Path, MaxRecordFileSize)
	if err != nil {
		e.Err = err
		return e, nil
	}
	r, err := Parse(b)
	if err != nil {
		return e, nil
	}
	e.Title, e.ID, e.Status, e.Kind, e.Links = r.Title, r.ID, r.Status, r.Kind(), r.Links
	return e, r
}

// NextNumber returns the number Add gives the next record that asks for no
// number. In a log numbered in sequence it is adr-tools' rule: the highest
// leading number of any file in the folder plus one (files named by date
// are not counted); an empty folder starts at 1, or at 0 for MADR (its
// first record is 0000) unless the folder is adr-tools' (named by
// .adr-dir, or doc/adr), where MADR starts at 1 as adr-tools does. In a log
// numbered by date (see Append) it is the clock's date as YYYYMMDD.
func (l *Log) NextNumber() (int, error) {
	fo, err := l.scan()
	if err != nil {
		return 0, err
	}
	return l.next(fo), nil
}

func (l *Log) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Add writes r as a new record of the log and returns the file's path; it
// is Append without the entry.
func (l *Log) Add(r *Record) (string, error) {
	e, err := l.Append(r)
	if err != nil {
		return "", err
	}
	return e.Path, nil
}

// maxAddAttempts bounds the numbers Append tries when other writers take
// them first (a variable for tests).
var maxAddAttempts = 1000

// Append writes r as a new record of the log in the log's flavour, named
// with adr-tools' slug of its title, and returns its entry: the number it
// took, the file name and path, and r's title, ID, status and links. Its
// Date, when empty, is the log's clock's date (YYYY-MM-DD); r itself is not
// modified. A title with no ASCII letter or digit is an error.
//
// The log's numbering scheme decides the file name:
//
//   - In sequence ("%04d-<slug>.md", adr-tools and MADR), the record takes
//     the number it asks for, else NextNumber. A record asks for a number
//     with its Number (when > 0) or with an ID that names one ("ADR-0007",
//     "ADR-7", "0007"; other IDs such as "DB-7" or "ADR-XXX" name none and
//     are kept as written): the file is then 0007-….md and its heading and
//     ID agree. An ID and a Number that name different numbers, a number
//     already used by a file of the log (ErrNumberTaken), a number below the
//     log's first (0 or 1, see NextNumber) or above MaxRecordNumber are
//     errors; the record's ID is never rewritten.
//   - By date ("YYYYMMDD-<slug>.md", log4brains: a folder whose records are
//     all named so, or an empty log4brains folder), the prefix is the
//     clock's date; several records may share a date, and a second record
//     with the same date and slug gets "-2", "-3"... after its slug. The
//     record's Number is not written (the file name carries the date) and
//     its ID is kept as written.
//
// Numbers are unique across processes: before writing number n, Append
// reserves it by creating the marker file ".adr-<n>.lock" (4 digits or
// more) in the folder with O_EXCL, checks that no file of the folder has
// number n, writes the record to a temporary file and links it to its name
// (so a record appears complete, and an existing file or link is never
// overwritten), then removes the marker. A writer that finds the marker
// taken tries the next number (or, for a number the record asks for,
// fails with ErrNumberTaken). A marker left by a process killed while
// writing only leaves a gap in the numbers; delete it by hand to reuse the
// number.
func (l *Log) Append(r *Record) (Entry, error) {
	if r == nil {
		return Entry{}, errors.New("adr: Add: nil record")
	}
	slug := mdtext.Slug(r.Title)
	if slug == "" {
		return Entry{}, fmt.Errorf("adr: Add: title %q has no letter or digit to name the file", r.Title)
	}
	rc := *r
	if rc.Date == "" {
		rc.Date = l.now().Format("2006-01-02")
	}
	fo, err := l.scan()
	if err != nil {
		return Entry{}, err
	}
	if fo.byDate {
		return l.appendByDate(&rc, slug)
	}
	n, asked, err := askedNumber(r)
	if err != nil {
		return Entry{}, fmt.Errorf("adr: Add: %w", err)
	}
	if asked && n < l.first() {
		return Entry{}, fmt.Errorf("adr: Add: record asks for number %d; this log's numbers start at %d", n, l.first())
	}
	if !asked {
		n = l.next(fo)
	}
	for range maxAddAttempts {
		if n > MaxRecordNumber {
			return Entry{}, fmt.Errorf("adr: Add: number %d is above MaxRecordNumber (%d)", n, MaxRecordNumber)
		}
		release, err := reserveNumber(l.Dir, n)
		if errors.Is(err, fs.ErrExist) {
			if asked {
				return Entry{}, fmt.Errorf("adr: Add: %w: number %d is being written by another writer (marker %s; delete it if no writer runs)", ErrNumberTaken, n, markerName(n))
			}
			n++
			continue
		}
		if err != nil {
			return Entry{}, fmt.Errorf("adr: Add: %w", err)
		}
		e, used, err := l.writeNumbered(&rc, n, slug)
		release()
		if err != nil {
			return Entry{}, fmt.Errorf("adr: Add: %w", err)
		}
		if used == "" {
			return e, nil
		}
		if asked {
			return Entry{}, fmt.Errorf("adr: Add: %w: number %d asked by the record is used by %s", ErrNumberTaken, n, used)
		}
		if fo, err = l.scan(); err != nil {
			return Entry{}, err
		}
		n = max(l.next(fo), n+1)
	}
	return Entry{}, errors.New("adr: Add: could not claim a record number")
}

// askedNumber returns the number r asks for: its Number when > 0, else the
// number its ID names.
func askedNumber(r *Record) (n int, asked bool, err error) {
	if r.Number < 0 {
		return 0, false, fmt.Errorf("record number %d is negative", r.Number)
	}
	idNum, idHas := -1, false
	if m := reIDNum.FindStringSubmatch(strings.TrimSpace(r.ID)); m != nil {
		v := fileNumber(m[1]) // -1 when too large
		if v < 0 || v > MaxRecordNumber {
			return 0, false, fmt.Errorf("record ID %q names a number above MaxRecordNumber (%d)", r.ID, MaxRecordNumber)
		}
		idNum, idHas = v, true
	}
	switch {
	case r.Number > 0 && idHas && idNum != r.Number:
		return 0, false, fmt.Errorf("record number %d and ID %q name different numbers", r.Number, r.ID)
	case r.Number > MaxRecordNumber:
		return 0, false, fmt.Errorf("record number %d is above MaxRecordNumber (%d)", r.Number, MaxRecordNumber)
	case r.Number > 0:
		return r.Number, true, nil
	case idHas:
		return idNum, true, nil
	}
	return 0, false, nil
}

// writeNumbered writes rc as record n while holding n's marker: it returns
// the name of a file that already has number n instead of writing.
func (l *Log) writeNumbered(rc *Record, n int, slug string) (Entry, string, error) {
	des, err := os.ReadDir(l.Dir)
	if err != nil {
		return Entry{}, "", err
	}
	for _, de := range des {
		if nm := de.Name(); reLeadNum.MatchString(nm) && !isDateName(nm) && fileNumber(nm) == n {
			return Entry{}, nm, nil
		}
	}
	rc.Number = n
	var buf bytes.Buffer
	if err := rc.Render(&buf, l.Format); err != nil {
		return Entry{}, "", err
	}
	name := fmt.Sprintf("%04d-%s.md", n, slug)
	path := filepath.Join(l.Dir, name)
	if err := createExclusive(path, buf.Bytes()); err != nil {
		return Entry{}, "", err
	}
	return newEntry(rc, n, name, path), "", nil
}

// dateNumber is the number of a record named by date d: YYYYMMDD.
func dateNumber(d time.Time) int { return d.Year()*10000 + int(d.Month())*100 + d.Day() }

// maxSameName bounds the records of one date with one slug (a variable for
// tests).
var maxSameName = 1000

// appendByDate writes rc as "YYYYMMDD-<slug>.md" dated by the clock.
func (l *Log) appendByDate(rc *Record, slug string) (Entry, error) {
	d := l.now()
	prefix := d.Format("20060102")
	n := dateNumber(d)
	rc.Number = 0
	var buf bytes.Buffer
	if err := rc.Render(&buf, l.Format); err != nil {
		return Entry{}, err
	}
	for i := 1; i <= maxSameName; i++ {
		name := prefix + "-" + slug + ".md"
		if i > 1 {
			name = prefix + "-" + slug + "-" + strconv.Itoa(i) + ".md"
		}
		path := filepath.Join(l.Dir, name)
		err := createExclusive(path, buf.Bytes())
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return Entry{}, fmt.Errorf("adr: Add: %w", err)
		}
		return newEntry(rc, n, name, path), nil
	}
	return Entry{}, fmt.Errorf("adr: Add: %d records named %s-%s already", maxSameName, prefix, slug)
}

func newEntry(rc *Record, n int, name, path string) Entry {
	return Entry{Number: n, File: name, Path: path, Title: rc.Title, ID: rc.ID, Status: rc.Status, Kind: rc.Kind(), Links: rc.Links}
}

// file returns the file name of record n.
func (l *Log) file(n int) (string, error) {
	fo, err := l.scan()
	if err != nil {
		return "", err
	}
	var found []string
	for _, name := range fo.records {
		if fileNumber(name) == n {
			found = append(found, name)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%w: %d in %s", ErrNotFound, n, l.Dir)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("adr: record number %d is used by %s", n, strings.Join(found, ", "))
}

// linkTitle is the text of a link to file name: adr-tools' title (the first
// line without "# "), log4brains' file name without ".md", or for MADR the
// number and H1 title (the title alone in a log named by date).
func (l *Log) linkTitle(name string, data []byte) string {
	if l.Format == Log4brains {
		return strings.TrimSuffix(name, ".md")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.HasPrefix(first, []byte("# ")) && l.Format != MADR {
		return string(first[2:])
	}
	return numberedTitle(name, data)
}

// mdLink is the Markdown link to the record file f that Supersede and Link
// write: its linkTitle, escaped, and its file name.
func (l *Log) mdLink(f *logFile) string {
	return "[" + mdtext.Span(l.linkTitle(f.name, f.data)) + "](" + escapeHref(f.name) + ")"
}

// numberedTitle is "N. Title" from the file name's number and the record's
// H1 title (the file name without ".md" when it has none), or the title
// alone for a file named by date.
func numberedTitle(name string, data []byte) string {
	title := strings.TrimSuffix(name, ".md")
	if r, err := Parse(data); err == nil && r.Title != "" {
		title = r.Title
	}
	if isDateName(name) {
		return title
	}
	return strconv.Itoa(fileNumber(name)) + ". " + title
}

type logFile struct {
	name string
	data []byte
	perm fs.FileMode
}

func (l *Log) read(n int) (*logFile, error) {
	name, err := l.file(n)
	if err != nil {
		return nil, err
	}
	b, perm, err := readRegular(filepath.Join(l.Dir, name), MaxRecordFileSize)
	if err != nil {
		return nil, fmt.Errorf("adr: record %d: %w", n, err)
	}
	return &logFile{name: name, data: b, perm: perm}, nil
}

// write replaces a record's file atomically (temporary file in the folder,
// renamed over it), keeping its permissions.
func (l *Log) write(f *logFile) error {
	if err := replaceFile(filepath.Join(l.Dir, f.name), f.data, f.perm); err != nil {
		return fmt.Errorf("adr: %w", err)
	}
	return nil
}

// Supersede records that record nw supersedes record old, updating both
// files in the log's flavour: adr-tools' "Superceded by"/"Supercedes" lines
// (the old record loses its "Accepted" line), MADR's status value
// ("superseded by ADR-0002", or the file name without ".md" in a log
// named by date) with a "Superseded by" link in the old
// record's Links section and a "Supersedes" link in the new one's, or
// log4brains' status list item and Links section. A record file that is a
// symbolic link or a special file is an error (wrapping ErrUnsafeFile) and
// neither file is changed. Both records are locked while they are read and
// rewritten (see lockRecords), so concurrent edits are not lost.
func (l *Log) Supersede(old, nw int) error {
	if old == nw {
		return fmt.Errorf("adr: Supersede: record %d cannot supersede itself", old)
	}
	unlock, err := l.lockRecords(old, nw)
	if err != nil {
		return fmt.Errorf("adr: Supersede: %w", err)
	}
	defer unlock()
	of, err := l.read(old)
	if err != nil {
		return err
	}
	nf, err := l.read(nw)
	if err != nil {
		return err
	}
	oldLink, newLink := l.mdLink(of), l.mdLink(nf)
	switch l.Format {
	case Nygard:
		of.data = removeStatus(of.data, "Accepted")
		of.data = addStatusLink(of.data, "Superceded by "+newLink)
		nf.data = addStatusLink(nf.data, "Supercedes "+oldLink)
	case ToT:
		of.data = setBoldStatus(of.data, "Superseded by "+newLink)
		nf.data = addLinksItem(nf.data, "-", "Supersedes "+oldLink)
	case MADR:
		status := fmt.Sprintf("superseded by ADR-%04d", nw)
		if isDateName(nf.name) {
			status = "superseded by " + strings.TrimSuffix(nf.name, ".md")
		}
		of.data = setFrontMatterStatus(of.data, status)
		of.data = addLinksItem(of.data, "*", "Superseded by "+newLink)
		nf.data = addLinksItem(nf.data, "*", "Supersedes "+oldLink)
	case Log4brains:
		of.data = setListStatus(of.data, "superseded by "+newLink)
		nf.data = addLinksItem(nf.data, "-", "Supersedes "+oldLink)
	}
	if err := l.write(of); err != nil {
		return err
	}
	return l.write(nf)
}

// Link adds the link "rel" from record from to record to and, when reverse
// is not empty, the link "reverse" back, like `adr link 3 Amends 1 "Amended
// by"`: in the Status section for adr-tools, in a Links section otherwise.
// A record file that is a symbolic link or a special file is an error
// (wrapping ErrUnsafeFile) and no file is changed. Both records are locked
// while they are read and rewritten, as in Supersede.
func (l *Log) Link(from int, rel string, to int, reverse string) error {
	rel, reverse = strings.TrimSpace(rel), strings.TrimSpace(reverse)
	if rel == "" || strings.ContainsAny(rel+reverse, "\n[]") {
		return fmt.Errorf("adr: Link: relation %q / %q must be one line without brackets", rel, reverse)
	}
	unlock, err := l.lockRecords(from, to)
	if err != nil {
		return fmt.Errorf("adr: Link: %w", err)
	}
	defer unlock()
	ff, err := l.read(from)
	if err != nil {
		return err
	}
	tf, err := l.read(to)
	if err != nil {
		return err
	}
	toLink, fromLink := l.mdLink(tf), l.mdLink(ff)
	add := func(data []byte, item string) []byte { return addLinksItem(data, l.listMarker(), item) }
	if l.Format == Nygard {
		add = addStatusLink
	}
	ff.data = add(ff.data, mdtext.Inline(rel)+" "+toLink)
	if reverse != "" {
		if from == to {
			ff.data = add(ff.data, mdtext.Inline(reverse)+" "+fromLink)
		} else {
			tf.data = add(tf.data, mdtext.Inline(reverse)+" "+fromLink)
		}
	}
	if err := l.write(ff); err != nil {
		return err
	}
	if from == to || reverse == "" {
		return nil
	}
	return l.write(tf)
}

// listMarker is the bullet of the flavour's lists: "*" for MADR, "-"
// otherwise.
func (l *Log) listMarker() string {
	if l.Format == MADR {
		return "*"
	}
	return "-"
}

// maxReported bounds the files an error of WriteTOC or WriteIndex names.
const maxReported = 10

// unreadError reports the record files a listing left out, naming at most
// maxReported of them.
func unreadError(op string, errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	shown := errs[:min(len(errs), maxReported)]
	err := errors.Join(shown...)
	if len(errs) > len(shown) {
		err = fmt.Errorf("%w\n... and %d more", err, len(errs)-len(shown))
	}
	return fmt.Errorf("adr: %s: %d record files not read and not listed:\n%w", op, len(errs), err)
}

// WriteTOC writes adr-tools' table of contents: "# Architecture Decision
// Records", a blank line, then "* [1. Title](0001-title.md)" per record in
// file-name order. A record named by date (log4brains) is listed by its
// title alone: "* [Title](20240101-title.md)". Files that are not read (see
// Entry.Err) are left out of the table, which is still written, and the
// error returned names them (wrapping ErrUnsafeFile for links and special
// files).
func (l *Log) WriteTOC(w io.Writer) error {
	fo, err := l.scan()
	if err != nil {
		return err
	}
	var b strings.Builder
	var errs []error
	b.WriteString("# Architecture Decision Records\n\n")
	for _, n := range fo.records {
		data, _, err := readRegular(filepath.Join(l.Dir, n), MaxRecordFileSize)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var title string
		if l.Format == Log4brains {
			title = numberedTitle(n, data) // the title, not linkTitle's file name
		} else {
			title = l.linkTitle(n, data)
		}
		b.WriteString("* [" + title + "](" + escapeHref(n) + ")\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return unreadError("WriteTOC", errs)
}

// WriteIndex writes the table of contents with status: a Markdown table of
// every record's number, linked title, status and links, in file-name order.
// A record whose status line is empty (adr-tools removes "Accepted" when it
// supersedes one) shows its kind, e.g. "superseded". Files that are not
// read are left out and named by the error returned, as in WriteTOC.
func (l *Log) WriteIndex(w io.Writer) error {
	es, err := l.List()
	if err != nil {
		return err
	}
	var b strings.Builder
	var errs []error
	b.WriteString("| Number | Title | Status | Links |\n|--------|-------|--------|-------|\n")
	for _, e := range es {
		if e.Err != nil {
			errs = append(errs, e.Err)
			continue
		}
		status := strings.ReplaceAll(e.Status, "\n", " ")
		if status == "" {
			status = string(e.Kind)
		}
		var links []string
		for _, k := range e.Links {
			t := k.Rel
			if k.Target > 0 {
				t += " " + strconv.Itoa(k.Target)
			} else if k.Title != "" {
				t += " " + k.Title
			}
			links = append(links, t)
		}
		title := e.Title
		if title == "" {
			title = strings.TrimSuffix(e.File, ".md")
		}
		fmt.Fprintf(&b, "| %d | [%s](%s) | %s | %s |\n", e.Number, mdtext.Cell(title), escapeHref(e.File), mdtext.Cell(status), mdtext.Cell(strings.Join(links, "; ")))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return unreadError("WriteIndex", errs)
}

// ---- line edits, done the way adr-tools' awk scripts do them ----

func splitLines(data []byte) []string {
	s := strings.TrimSuffix(string(data), "\n")
	return strings.Split(s, "\n")
}

func joinLines(ls []string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }

// removeStatus drops the line equal to status from the "## Status" section,
// collapsing the blank lines around it (adr-tools' _adr_remove_status).
func removeStatus(data []byte, status string) []byte {
	var out []string
	in, afterBlank := false, false
	for _, ln := range splitLines(data) {
		if strings.HasPrefix(ln, "##") {
			in = false
		}
		if ln == "## Status" {
			in = true
		}
		if in && strings.TrimSpace(ln) == "" {
			if !afterBlank {
				out = append(out, ln)
			}
			afterBlank = true
			continue
		}
		if in && ln == status {
			continue
		}
		if in {
			afterBlank = false
		}
		out = append(out, ln)
	}
	return joinLines(out)
}

// addStatusLink appends a link line and a blank line at the end of the
// "## Status" section (adr-tools' _adr_add_link).
func addStatusLink(data []byte, link string) []byte {
	var out []string
	in, done := false, false
	for _, ln := range splitLines(data) {
		if strings.HasPrefix(ln, "##") {
			if in {
				out = append(out, link, "")
				done = true
			}
			in = false
		}
		if ln == "## Status" {
			in = true
		}
		out = append(out, ln)
	}
	if !done {
		for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
			out = out[:len(out)-1]
		}
		if !in {
			out = append(out, "", "## Status")
		}
		out = append(out, "", link)
	}
	return joinLines(out)
}

// addLinksItem appends "<marker> item" to the "## Links" section, creating
// the section at the end of the file when missing.
func addLinksItem(data []byte, marker, item string) []byte {
	ls := splitLines(data)
	start := -1
	for i, ln := range ls {
		if strings.TrimSpace(ln) == "## Links" {
			start = i
			break
		}
	}
	if start < 0 {
		for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
			ls = ls[:len(ls)-1]
		}
		ls = append(ls, "", "## Links", "", marker+" "+item)
		return joinLines(ls)
	}
	end := len(ls)
	for i := start + 1; i < len(ls); i++ {
		if strings.HasPrefix(ls[i], "#") {
			end = i
			break
		}
	}
	last := start
	for i := start + 1; i < end; i++ {
		if strings.TrimSpace(ls[i]) != "" {
			last = i
		}
	}
	ins := []string{marker + " " + item}
	if last == start {
		ins = []string{"", marker + " " + item}
	}
	out := append([]string{}, ls[:last+1]...)
	out = append(out, ins...)
	if end < len(ls) && (last+1 >= len(ls) || strings.TrimSpace(ls[last+1]) != "") {
		out = append(out, "")
	}
	out = append(out, ls[last+1:]...)
	return joinLines(out)
}

var reListStatus = regexp.MustCompile(`(?i)^([-*]\s+)status\s*:`)

// setListStatus replaces the "- Status:" item of the metadata list before
// the first "##", adding one under the title when missing.
func setListStatus(data []byte, status string) []byte {
	ls := splitLines(data)
	for i, ln := range ls {
		if strings.HasPrefix(ln, "## ") {
			break
		}
		if m := reListStatus.FindStringSubmatch(ln); m != nil {
			ls[i] = m[1] + "Status: " + status
			return joinLines(ls)
		}
	}
	for i, ln := range ls {
		if strings.HasPrefix(ln, "# ") {
			out := append([]string{}, ls[:i+1]...)
			out = append(out, "", "- Status: "+status)
			out = append(out, ls[i+1:]...)
			return joinLines(out)
		}
	}
	return joinLines(append([]string{"- Status: " + status, ""}, ls...))
}

var reBoldStatus = regexp.MustCompile(`^\*\*Status:\*\*`)

// setBoldStatus replaces the ToT flavour's "**Status:**" line.
func setBoldStatus(data []byte, status string) []byte {
	ls := splitLines(data)
	for i, ln := range ls {
		if reBoldStatus.MatchString(ln) {
			ls[i] = "**Status:** " + status
			return joinLines(ls)
		}
	}
	return addLinksItem(data, "-", status)
}

// setFrontMatterStatus sets "status:" in the YAML front matter, adding
// front matter when missing.
func setFrontMatterStatus(data []byte, status string) []byte {
	v, _ := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: status})
	line := "status: " + strings.TrimSpace(string(v))
	ls := splitLines(data)
	if len(ls) > 0 && ls[0] == "---" {
		for i := 1; i < len(ls); i++ {
			if ls[i] == "---" || ls[i] == "..." {
				out := append([]string{}, ls[:1]...)
				out = append(out, line)
				out = append(out, ls[1:]...)
				return joinLines(out)
			}
			if strings.HasPrefix(ls[i], "status:") {
				ls[i] = line
				return joinLines(ls)
			}
		}
	}
	return joinLines(append([]string{"---", line, "---", ""}, ls...))
}
