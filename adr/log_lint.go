package adr

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Finding codes of Log.Lint.
const (
	// CodeDuplicateNumber: a sequence number used by more than one record
	// file (records named by date may share a date).
	CodeDuplicateNumber = "duplicate-number"
	// CodeBrokenLink: a link to a record of the log that the log does not
	// hold. Links to URLs ("https://…"), anchors and documents that are not
	// records are not checked.
	CodeBrokenLink = "broken-link"
	// CodeSupersededWithoutLink: a superseded record that names no record
	// superseding it (a warning: prose or a URL may say what replaced it).
	CodeSupersededWithoutLink = "superseded-without-link"
	// CodeMissingReverseLink: a supersession recorded on one side only.
	CodeMissingReverseLink = "missing-reverse-link"
	// CodeUnsafeFile: a record file the log does not read: a symbolic link,
	// a special file (FIFO, device, socket), a file over MaxRecordFileSize,
	// or one that cannot be opened.
	CodeUnsafeFile = "unsafe-file"
)

// reScheme matches an href with a URL scheme ("https:", "mailto:").
var (
	reScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
	reNumber = regexp.MustCompile(`[0-9]+`)
)

// Lint checks the log: record files it does not read ("unsafe-file"),
// numbers used by more than one file ("duplicate-number"), links to records
// the log does not hold ("broken-link"), superseded records without a
// "superseded by" link ("superseded-without-link") and supersessions not
// recorded on both sides ("missing-reverse-link"). Where is the file name.
//
// A link is resolved by its file name in the folder, else, in a log
// numbered in sequence, by the number its file name starts with (as
// adr-tools reads links), else, without a destination, by the number its
// text names (MADR's "superseded by ADR-0007"). Links to URLs (any scheme:
// http, https, mailto…), to anchors, and to files whose name does not start
// with a number are not record links and are not checked.
//
// Severities: "error" for unsafe-file, duplicate-number and broken-link,
// which break tools reading the log; "warning" for superseded-without-link
// and missing-reverse-link, records that are incomplete.
func (l *Log) Lint() ([]Finding, error) {
	es, err := l.List()
	if err != nil {
		return nil, err
	}
	out := []Finding{}
	byNum := map[int][]int{}
	byFile := map[string]int{}
	for i, e := range es {
		byFile[e.File] = i
		if !isDateName(e.File) {
			byNum[e.Number] = append(byNum[e.Number], i)
		}
	}
	for _, e := range es {
		if e.Err != nil {
			out = append(out, Finding{Code: CodeUnsafeFile, Severity: sevError, Where: e.File,
				Message: fmt.Sprintf("not read: %v", e.Err)})
		}
	}
	for i, e := range es {
		if idx := byNum[e.Number]; !isDateName(e.File) && len(idx) > 1 && idx[0] == i {
			names := make([]string, len(idx))
			for j, k := range idx {
				names[j] = es[k].File
			}
			out = append(out, Finding{Code: CodeDuplicateNumber, Severity: sevError, Where: e.File,
				Message: fmt.Sprintf("number %d is used by %s", e.Number, strings.Join(names, ", "))})
		}
	}
	resolve := func(k Link) (targets []int, checked bool) {
		return resolveLink(k, byFile, byNum)
	}
	has := func(from int, pred func(string) bool, to int) bool {
		for _, k := range es[from].Links {
			if t, _ := resolve(k); pred(k.Rel) && slices.Contains(t, to) {
				return true
			}
		}
		return false
	}
	for i, e := range es {
		if e.Err != nil {
			continue
		}
		by := false
		for _, k := range e.Links {
			by = by || isSupersededBy(k.Rel)
			ts, checked := resolve(k)
			if !checked {
				continue
			}
			if len(ts) == 0 {
				out = append(out, Finding{Code: CodeBrokenLink, Severity: sevError, Where: e.File,
					Message: fmt.Sprintf("link %q to %q points to no record of the log", k.Rel, linkDest(k))})
				continue
			}
			if isSupersededBy(k.Rel) && !slices.ContainsFunc(ts, func(t int) bool { return has(t, isSupersedes, i) }) {
				out = append(out, Finding{Code: CodeMissingReverseLink, Severity: sevWarning, Where: e.File,
					Message: fmt.Sprintf("%s is superseded by %s, which does not say it supersedes %s", e.File, es[ts[0]].File, e.File)})
			}
			if isSupersedes(k.Rel) && !slices.ContainsFunc(ts, func(t int) bool { return has(t, isSupersededBy, i) }) {
				out = append(out, Finding{Code: CodeMissingReverseLink, Severity: sevWarning, Where: e.File,
					Message: fmt.Sprintf("%s supersedes %s, which does not say it is superseded by %s", e.File, es[ts[0]].File, e.File)})
			}
		}
		if e.Kind == Superseded && !by {
			out = append(out, Finding{Code: CodeSupersededWithoutLink, Severity: sevWarning, Where: e.File,
				Message: fmt.Sprintf("%s is superseded but names no record that supersedes it", e.File)})
		}
	}
	return out, nil
}

// linkDest is what a link points to, for messages.
func linkDest(k Link) string {
	if k.Href != "" {
		return k.Href
	}
	return k.Title
}

// resolveLink returns the entries a link points to, and whether it is a
// record link at all (see Lint).
func resolveLink(k Link, byFile map[string]int, byNum map[int][]int) ([]int, bool) {
	h := strings.TrimSpace(k.Href)
	if h == "" {
		if i, ok := byFile[strings.TrimSpace(k.Title)+".md"]; ok {
			return []int{i}, true
		}
		if m := reNumber.FindString(k.Title); m != "" {
			return byNum[fileNumber(m)], true
		}
		return nil, true // "superseded by" something the log cannot find
	}
	if reScheme.MatchString(h) || strings.HasPrefix(h, "//") || strings.HasPrefix(h, "#") {
		return nil, false
	}
	h, _, _ = strings.Cut(h, "#")
	h, _, _ = strings.Cut(h, "?")
	base := h[strings.LastIndex(h, "/")+1:]
	if u, err := url.PathUnescape(base); err == nil {
		base = u
	}
	if i, ok := byFile[base]; ok {
		return []int{i}, true
	}
	if !reLeadNum.MatchString(base) {
		return nil, false
	}
	if isDateName(base) {
		return nil, true
	}
	return byNum[fileNumber(base)], true
}
