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
type Log struct {
	// Dir is the ADR folder.
	Dir string
	// Format is the flavour of the records Add writes and of the edits
	// Supersede and Link make.
	Format Format
	// Now is the clock that dates new records whose Date is empty, as
	// adr-tools does with `date`; nil means time.Now. Set it for
	// reproducible output.
	Now func() time.Time
}

// ErrNotFound is returned for a record number the log does not hold.
var ErrNotFound = errors.New("adr: record not found")

// OpenLog opens the ADR folder dir, creating it if missing. When dir holds
// an adr-tools ".adr-dir" file, dir is a project root and the folder is the
// path that file names (relative to dir).
func OpenLog(dir string, f Format) (*Log, error) {
	if f < ToT || f > Log4brains {
		return nil, fmt.Errorf("adr: OpenLog: unknown format %d", int(f))
	}
	if b, err := os.ReadFile(filepath.Join(dir, ".adr-dir")); err == nil {
		sub := strings.TrimSpace(string(b))
		if sub == "" {
			return nil, fmt.Errorf("adr: OpenLog: %s: empty .adr-dir", dir)
		}
		if !filepath.IsAbs(sub) {
			sub = filepath.Join(dir, sub)
		}
		dir = sub
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("adr: OpenLog: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("adr: OpenLog: %w", err)
	}
	return &Log{Dir: dir, Format: f}, nil
}

// An Entry is one record of a log as List reads it.
type Entry struct {
	Number int    // from the file name's leading digits
	File   string // file name within the log folder
	Title  string
	Status string // the record's status as written
	Kind   StatusKind
	Links  []Link
}

var reLeadNum = regexp.MustCompile(`^([0-9]+)`)

// skipped are the files log4brains does not read as records.
var skipped = map[string]bool{"template.md": true, "readme.md": true, "index.md": true, "backlog.md": true}

// files lists the record files: *.md with a leading number, sorted by name.
func (l *Log) files() ([]string, error) {
	des, err := os.ReadDir(l.Dir)
	if err != nil {
		return nil, fmt.Errorf("adr: %w", err)
	}
	var out []string
	for _, de := range des {
		n := de.Name()
		if de.IsDir() || !strings.HasSuffix(n, ".md") || skipped[strings.ToLower(n)] || !reLeadNum.MatchString(n) {
			continue
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

func fileNumber(name string) int {
	m := reLeadNum.FindString(name)
	n, err := strconv.ParseInt(strings.TrimLeft(m, "0")+"0", 10, 64) // decimal, never octal
	if err != nil {
		return -1
	}
	return int(n / 10)
}

// List reads every record of the log, in file-name order. A file that does
// not parse is listed with its number and file name only.
func (l *Log) List() ([]Entry, error) {
	names, err := l.files()
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, n := range names {
		e := Entry{Number: fileNumber(n), File: n}
		b, err := os.ReadFile(filepath.Join(l.Dir, n))
		if err != nil {
			return nil, fmt.Errorf("adr: %w", err)
		}
		if r, err := Parse(b); err == nil {
			e.Title, e.Status, e.Kind, e.Links = r.Title, r.Status, r.Kind(), r.Links
		}
		out = append(out, e)
	}
	return out, nil
}

// NextNumber returns the number Add gives the next record: the highest
// leading number of any file in the folder plus one. An empty folder starts
// at 1, or at 0 for MADR (its first record is 0000).
func (l *Log) NextNumber() (int, error) {
	des, err := os.ReadDir(l.Dir)
	if err != nil {
		return 0, fmt.Errorf("adr: %w", err)
	}
	best := -1
	for _, de := range des {
		if m := reLeadNum.FindString(de.Name()); m != "" {
			if n := fileNumber(de.Name()); n > best {
				best = n
			}
		}
	}
	if best < 0 && l.Format == MADR {
		return 0, nil
	}
	if best < 0 {
		return 1, nil
	}
	return best + 1, nil
}

func (l *Log) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Add writes r as the log's next record, "%04d-<slug>.md" with adr-tools'
// slug of its title, in the log's flavour, and returns the file's path. The
// record written has the next number; its Date, when empty, is the log's
// clock's date (YYYY-MM-DD); r itself is not modified. The file is written to
// a temporary file in the folder and then linked to its name, so an existing
// file is never overwritten: when another writer takes the number first,
// Add takes the next one. A title with no ASCII letter or digit is an error.
func (l *Log) Add(r *Record) (string, error) {
	if r == nil {
		return "", errors.New("adr: Add: nil record")
	}
	slug := mdtext.Slug(r.Title)
	if slug == "" {
		return "", fmt.Errorf("adr: Add: title %q has no letter or digit to name the file", r.Title)
	}
	rc := *r
	if rc.Date == "" {
		rc.Date = l.now().Format("2006-01-02")
	}
	for attempt := 0; attempt < 100; attempt++ {
		n, err := l.NextNumber()
		if err != nil {
			return "", err
		}
		rc.Number = n
		var buf bytes.Buffer
		if err := rc.Render(&buf, l.Format); err != nil {
			return "", err
		}
		name := fmt.Sprintf("%04d-%s.md", n, slug)
		path := filepath.Join(l.Dir, name)
		err = createExclusive(path, buf.Bytes())
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("adr: Add: %w", err)
		}
		return path, nil
	}
	return "", errors.New("adr: Add: could not claim a record number")
}

// createExclusive writes data to a temporary file next to path and links
// it to path, failing with fs.ErrExist if path exists.
func createExclusive(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".adr-*.tmp")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		// no hard links here: exclusive create instead
		f, err2 := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err2 != nil {
			return err2
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return nil
}

// file returns the file name of record n.
func (l *Log) file(n int) (string, error) {
	names, err := l.files()
	if err != nil {
		return "", err
	}
	var found []string
	for _, name := range names {
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
// line without "# "), or for MADR the number and H1 title.
func (l *Log) linkTitle(name string, data []byte) string {
	if l.Format == Log4brains {
		return strings.TrimSuffix(name, ".md")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.HasPrefix(first, []byte("# ")) && l.Format != MADR {
		return string(first[2:])
	}
	title := strings.TrimSuffix(name, ".md")
	if r, err := Parse(data); err == nil && r.Title != "" {
		title = r.Title
	}
	return strconv.Itoa(fileNumber(name)) + ". " + title
}

type logFile struct {
	name string
	data []byte
}

func (l *Log) read(n int) (*logFile, error) {
	name, err := l.file(n)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(l.Dir, name))
	if err != nil {
		return nil, fmt.Errorf("adr: %w", err)
	}
	return &logFile{name: name, data: b}, nil
}

// write replaces a record's file atomically (temporary file and rename).
func (l *Log) write(f *logFile) error {
	path := filepath.Join(l.Dir, f.name)
	tmp, err := os.CreateTemp(l.Dir, ".adr-*.tmp")
	if err != nil {
		return fmt.Errorf("adr: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(f.data); err != nil {
		tmp.Close()
		return fmt.Errorf("adr: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("adr: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("adr: %w", err)
	}
	return nil
}

// Supersede records that record nw supersedes record old, updating both
// files in the log's flavour: adr-tools' "Superceded by"/"Supercedes" lines
// (the old record loses its "Accepted" line), MADR's status value
// ("superseded by ADR-0002") and a Links entry, or log4brains' status list
// item and Links section.
func (l *Log) Supersede(old, nw int) error {
	if old == nw {
		return fmt.Errorf("adr: Supersede: record %d cannot supersede itself", old)
	}
	of, err := l.read(old)
	if err != nil {
		return err
	}
	nf, err := l.read(nw)
	if err != nil {
		return err
	}
	oldLink := "[" + mdtext.Span(l.linkTitle(of.name, of.data)) + "](" + escapeHref(of.name) + ")"
	newLink := "[" + mdtext.Span(l.linkTitle(nf.name, nf.data)) + "](" + escapeHref(nf.name) + ")"
	switch l.Format {
	case Nygard, ToT:
		if l.Format == Nygard {
			of.data = removeStatus(of.data, "Accepted")
			of.data = addStatusLink(of.data, "Superceded by "+newLink)
			nf.data = addStatusLink(nf.data, "Supercedes "+oldLink)
		} else {
			of.data = setBoldStatus(of.data, "Superseded by "+newLink)
			nf.data = addLinksItem(nf.data, "Supersedes "+oldLink)
		}
	case MADR:
		of.data = setFrontMatterStatus(of.data, fmt.Sprintf("superseded by ADR-%04d", nw))
		nf.data = addLinksItem(nf.data, "Supersedes "+oldLink)
	case Log4brains:
		of.data = setListStatus(of.data, "superseded by "+newLink)
		nf.data = addLinksItem(nf.data, "Supersedes "+oldLink)
	}
	if err := l.write(of); err != nil {
		return err
	}
	return l.write(nf)
}

// Link adds the link "rel" from record from to record to and, when reverse
// is not empty, the link "reverse" back, like `adr link 3 Amends 1 "Amended
// by"`: in the Status section for adr-tools, in a Links section otherwise.
func (l *Log) Link(from int, rel string, to int, reverse string) error {
	rel, reverse = strings.TrimSpace(rel), strings.TrimSpace(reverse)
	if rel == "" || strings.ContainsAny(rel+reverse, "\n[]") {
		return fmt.Errorf("adr: Link: relation %q / %q must be one line without brackets", rel, reverse)
	}
	ff, err := l.read(from)
	if err != nil {
		return err
	}
	tf, err := l.read(to)
	if err != nil {
		return err
	}
	toLink := "[" + mdtext.Span(l.linkTitle(tf.name, tf.data)) + "](" + escapeHref(tf.name) + ")"
	fromLink := "[" + mdtext.Span(l.linkTitle(ff.name, ff.data)) + "](" + escapeHref(ff.name) + ")"
	add := addLinksItem
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

// WriteTOC writes adr-tools' table of contents: "# Architecture Decision
// Records", a blank line, then "* [1. Title](0001-title.md)" per record in
// file-name order.
func (l *Log) WriteTOC(w io.Writer) error {
	names, err := l.files()
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# Architecture Decision Records\n\n")
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(l.Dir, n))
		if err != nil {
			return fmt.Errorf("adr: %w", err)
		}
		title := l.linkTitle(n, data)
		if l.Format == Log4brains {
			title = strconv.Itoa(fileNumber(n)) + ". " + strings.TrimSuffix(n, ".md")
			if r, err := Parse(data); err == nil && r.Title != "" {
				title = strconv.Itoa(fileNumber(n)) + ". " + r.Title
			}
		}
		b.WriteString("* [" + title + "](" + escapeHref(n) + ")\n")
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// WriteIndex writes the table of contents with status: a Markdown table of
// every record's number, linked title, status and links, in file-name order.
// A record whose status line is empty (adr-tools removes "Accepted" when it
// supersedes one) shows its kind, e.g. "superseded".
func (l *Log) WriteIndex(w io.Writer) error {
	es, err := l.List()
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("| Number | Title | Status | Links |\n|--------|-------|--------|-------|\n")
	for _, e := range es {
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
	_, err = io.WriteString(w, b.String())
	return err
}

// Lint checks the log: numbers used by more than one file
// ("duplicate-number"), links to records the log does not hold
// ("broken-link"), superseded records without a "superseded by" link
// ("superseded-without-link") and supersessions not recorded on both sides
// ("missing-reverse-link"). Where is the file name.
func (l *Log) Lint() ([]Finding, error) {
	es, err := l.List()
	if err != nil {
		return nil, err
	}
	out := []Finding{}
	byNum := map[int][]string{}
	for _, e := range es {
		byNum[e.Number] = append(byNum[e.Number], e.File)
	}
	for _, e := range es {
		if fs := byNum[e.Number]; len(fs) > 1 && fs[0] == e.File {
			out = append(out, Finding{Code: "duplicate-number", Severity: sevError, Where: e.File,
				Message: fmt.Sprintf("number %d is used by %s", e.Number, strings.Join(fs, ", "))})
		}
	}
	// target resolves a link by its file name, else by its number
	target := func(k Link) int {
		base := k.Href
		if i := strings.LastIndex(base, "/"); i >= 0 {
			base = base[i+1:]
		}
		if reLeadNum.MatchString(base) {
			return fileNumber(base)
		}
		if k.Target > 0 {
			return k.Target
		}
		return -1
	}
	has := func(n int, pred func(string) bool, tgt int) bool {
		for _, e := range es {
			if e.Number != n {
				continue
			}
			for _, k := range e.Links {
				if pred(k.Rel) && target(k) == tgt {
					return true
				}
			}
		}
		return false
	}
	for _, e := range es {
		by := false
		for _, k := range e.Links {
			tgt := target(k)
			if tgt < 0 || len(byNum[tgt]) == 0 {
				out = append(out, Finding{Code: "broken-link", Severity: sevError, Where: e.File,
					Message: fmt.Sprintf("link %q to %q points to no record of the log", k.Rel, k.Href)})
				continue
			}
			if isSupersededBy(k.Rel) {
				by = true
				if !has(tgt, isSupersedes, e.Number) {
					out = append(out, Finding{Code: "missing-reverse-link", Severity: sevWarning, Where: e.File,
						Message: fmt.Sprintf("record %d is superseded by %d, which does not say it supersedes %d", e.Number, tgt, e.Number)})
				}
			}
			if isSupersedes(k.Rel) && !has(tgt, isSupersededBy, e.Number) {
				out = append(out, Finding{Code: "missing-reverse-link", Severity: sevWarning, Where: e.File,
					Message: fmt.Sprintf("record %d supersedes %d, which does not say it is superseded by %d", e.Number, tgt, e.Number)})
			}
		}
		if e.Kind == Superseded && !by {
			out = append(out, Finding{Code: "superseded-without-link", Severity: sevError, Where: e.File,
				Message: fmt.Sprintf("record %d is superseded but names no record that supersedes it", e.Number)})
		}
	}
	return out, nil
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

// addLinksItem appends "- item" to the "## Links" section, creating the
// section at the end of the file when missing.
func addLinksItem(data []byte, item string) []byte {
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
		ls = append(ls, "", "## Links", "", "- "+item)
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
	ins := []string{"- " + item}
	if last == start {
		ins = []string{"", "- " + item}
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
	return addLinksItem(data, status)
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
