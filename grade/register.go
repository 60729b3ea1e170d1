package grade

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/deliberate-dev/deliberate/internal/diag"
	"github.com/deliberate-dev/deliberate/internal/yamlnode"
)

// A Register is a project's evidence register: the GRADE assessment of
// every assessed source, keyed by source identifier ("REF-012", a DOI),
// with the certainty each gives under one upgrade policy and the reasons
// for it. Identifiers compare case-insensitively, as citations do in
// CheckDocument. The zero Register is empty and uses DefaultPolicy; build
// it with Add or ReadRegister. It is not safe for concurrent Add.
type Register struct {
	// Policy decides how upgrades count (see UpgradePolicy); set it before
	// the first Add: entries are evaluated when they are added.
	Policy UpgradePolicy

	entries map[string]*Entry // by lower-case identifier
}

// An Entry is one source of a Register: its certainty and why.
type Entry struct {
	ID    string `json:"id"`    // as the assessment writes it
	Level Level  `json:"level"` // certainty under the register's policy
	// Trail is the calculation as the seed writes it: "HIGH (baseline) -
	// serious (risk of bias) = MODERATE".
	Trail string `json:"trail"`
	// Baseline is the starting level and its rationale.
	Baseline Baseline `json:"-"`
	// Reasons lists every rating down and up, in the assessment's order,
	// with its rationale: the reason trail of Level.
	Reasons []Reason `json:"reasons"`
	// Findings are the evaluation's findings (a declared level that
	// differs, upgrades GRADE would not make, ...); never nil.
	Findings []Finding `json:"findings"`
	// Origin says where the entry was read: "q/REF-012-assessment.yaml",
	// "register.yaml:[3]", "decision.yaml:evidence[0]"; "" for an entry
	// added with Add.
	Origin string `json:"origin,omitempty"`
	// Assessment is the assessment itself; do not modify it.
	Assessment *Assessment `json:"-"`
}

// A Reason is one step of an entry's reason trail: a rating down or up.
type Reason struct {
	Domain   Domain      `json:"factor"`   // the GRADE domain rated
	Severity Seriousness `json:"severity"` // serious, very serious, extremely serious (magnitude for upgrades)
	// Steps is the signed change in levels: -1 for a serious concern, +2
	// for a very large effect; 0 for an upgrade the strict policy refused.
	Steps     int    `json:"steps"`
	Refused   bool   `json:"refused,omitempty"` // an upgrade left out by the strict policy
	Rationale string `json:"rationale,omitempty"`
	Evidence  string `json:"evidence,omitempty"`
}

// String writes the reason as "rated down 1 level for risk of bias
// (serious): Vendor-run benchmark"; the rationale part is left out when
// empty.
func (r Reason) String() string {
	var s string
	switch {
	case r.Refused:
		s = fmt.Sprintf("not rated up for %s (%s): refused by the strict policy", r.Domain, r.Severity)
	case r.Steps < 0:
		s = fmt.Sprintf("rated down %d level%s for %s (%s)", -r.Steps, plural(-r.Steps), r.Domain, r.Severity)
	default:
		s = fmt.Sprintf("rated up %d level%s for %s (%s)", r.Steps, plural(r.Steps), r.Domain, r.Severity)
	}
	if t := strings.TrimSpace(r.Rationale); t != "" {
		s += ": " + t
	}
	return s
}

// Sentinels of register problems, reached with errors.Is.
var (
	// ErrDuplicateSource: two assessments of one source identifier; the
	// problem names both places.
	ErrDuplicateSource = errors.New("duplicate source")
	// ErrMissingID: an assessment without a source identifier, in a file
	// whose name does not give one.
	ErrMissingID = errors.New("missing source id")
	// ErrNotRegular: a symbolic link or special file where an assessment
	// file was expected; it is never read.
	ErrNotRegular = errors.New("not a regular file")
)

// Add evaluates a and adds it under a.ID. It fails, adding nothing, when
// a has no ID, when the register already has that ID (ErrDuplicateSource),
// or when a is invalid; the error is a *ValidationError wrapping
// ErrInvalid. The register keeps a; do not modify it afterwards.
func (r *Register) Add(a *Assessment) error {
	var l diag.List
	if a == nil {
		l.Add(Problem{Message: "nil assessment"})
	} else {
		r.add(&l, a, "", nil, "")
	}
	return l.Err(ErrInvalid)
}

// add adds a read from origin (n its node, path its YAML path) or records
// why not.
func (r *Register) add(l *diag.List, a *Assessment, origin string, n *yaml.Node, path string) {
	at := func(p string) Problem {
		q := Problem{Path: joinOrigin(origin, yamlnode.Join(path, p))}
		if n != nil {
			q.Line, q.Column = n.Line, n.Column
		}
		return q
	}
	id := strings.TrimSpace(a.ID)
	if id == "" {
		p := at("id")
		p.Message, p.Err = "missing: every assessment in a register needs its source id", ErrMissingID
		l.Add(p)
		return
	}
	key := strings.ToLower(id)
	if prev, dup := r.entries[key]; dup {
		p := at("id")
		where := prev.Origin
		if where == "" {
			where = "an earlier Add"
		}
		p.Message, p.Err = fmt.Sprintf("%s is assessed twice (also in %s)", id, where), ErrDuplicateSource
		l.Add(p)
		return
	}
	e, err := a.Evaluate(r.Policy)
	if err != nil {
		addUnder(l, origin, err, func(origin, p string) string { return joinOrigin(origin, yamlnode.Join(path, p)) })
		return
	}
	if r.entries == nil {
		r.entries = map[string]*Entry{}
	}
	r.entries[key] = &Entry{ID: id, Level: e.Level, Trail: e.Trail, Baseline: a.Baseline,
		Reasons: reasons(a, e), Findings: e.Findings, Origin: joinOrigin(origin, path), Assessment: a}
}

func joinOrigin(origin, path string) string {
	switch {
	case origin == "":
		return path
	case path == "":
		return origin
	}
	return origin + ":" + path
}

func reasons(a *Assessment, e *Evaluation) []Reason {
	out := make([]Reason, 0, len(a.Downgrades)+len(a.Upgrades))
	for _, g := range a.Downgrades {
		out = append(out, Reason{Domain: g.Domain, Severity: g.Severity, Steps: -g.Severity.Steps(),
			Rationale: g.Rationale, Evidence: g.Evidence})
	}
	refused := 0
	for _, u := range a.Upgrades {
		rs := Reason{Domain: u.Domain, Severity: u.Severity, Steps: u.Severity.Steps(),
			Rationale: u.Rationale, Evidence: u.Evidence}
		// e.Refused lists refused upgrades in order; match them in turn
		if refused < len(e.Refused) && e.Refused[refused] == u {
			rs.Steps, rs.Refused = 0, true
			refused++
		}
		out = append(out, rs)
	}
	return out
}

// Lookup returns the entry of source id (compared case-insensitively). The
// entry's slices are copies; its Assessment is shared.
func (r *Register) Lookup(id string) (Entry, bool) {
	e, ok := r.entries[strings.ToLower(strings.TrimSpace(id))]
	if !ok {
		return Entry{}, false
	}
	c := *e
	c.Reasons, c.Findings = slices.Clone(e.Reasons), slices.Clone(e.Findings)
	return c, true
}

// Len returns the number of sources in the register.
func (r *Register) Len() int { return len(r.entries) }

// IDs returns the source identifiers, as written, in sorted order (byte
// order of the lower-case identifier, then of the identifier).
func (r *Register) IDs() []string {
	ids := make([]string, 0, len(r.entries))
	for _, e := range r.entries {
		ids = append(ids, e.ID)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return ids
}

// Levels returns the certainty of every source by identifier, the form
// CheckDocument takes.
func (r *Register) Levels() map[string]Level {
	m := make(map[string]Level, len(r.entries))
	for _, e := range r.entries {
		m[e.ID] = e.Level
	}
	return m
}

// ReadRegister reads the assessment files at the given paths of fsys into
// a new register under DefaultPolicy (see Register.ReadFS); the register is
// nil when there is any problem.
func ReadRegister(fsys fs.FS, paths ...string) (*Register, error) {
	r := &Register{}
	if err := r.ReadFS(fsys, paths...); err != nil {
		return nil, err
	}
	return r, nil
}

// ReadFS adds the assessments of the files at the given paths of fsys,
// evaluated under r.Policy. A path is a file or a directory; a directory
// contributes its files ending in .yaml, .yml or .json (not its
// subdirectories), in name order, such as the seed's
// .aiwg/research/quality-assessments/ with one {ref-id}-assessment.yaml per
// source. Each file is read as with Read. Symbolic links and special files
// are never read: they are problems (ErrNotRegular). Every problem of every
// file, duplicate sources across files included, is reported in one
// *ValidationError; the assessments without problems are added.
func (r *Register) ReadFS(fsys fs.FS, paths ...string) error {
	var l diag.List
	for _, p := range paths {
		r.readPath(&l, fsys, p)
	}
	return l.Err(ErrInvalid)
}

func (r *Register) readPath(l *diag.List, fsys fs.FS, p string) {
	info, err := lstat(fsys, p)
	if err != nil {
		l.Add(Problem{Path: p, Message: err.Error(), Err: err})
		return
	}
	if !info.IsDir() {
		r.readFile(l, fsys, p, info.Mode().Type())
		return
	}
	ents, err := fs.ReadDir(fsys, p)
	if err != nil {
		l.Add(Problem{Path: p, Message: err.Error(), Err: err})
		return
	}
	for _, de := range ents { // sorted by name
		switch strings.ToLower(path.Ext(de.Name())) {
		case ".yaml", ".yml", ".json":
		default:
			continue
		}
		if de.IsDir() {
			continue
		}
		r.readFile(l, fsys, path.Join(p, de.Name()), de.Type())
	}
}

// lstat describes p without following a final symbolic link when fsys
// can (os.DirFS can).
func lstat(fsys fs.FS, p string) (fs.FileInfo, error) {
	if lfs, ok := fsys.(fs.ReadLinkFS); ok {
		return lfs.Lstat(p)
	}
	return fs.Stat(fsys, p)
}

func (r *Register) readFile(l *diag.List, fsys fs.FS, name string, mode fs.FileMode) {
	if !mode.IsRegular() {
		l.Add(Problem{Path: name, Message: fmt.Sprintf("%s is not a regular file (%s); not read", name, mode.Type()), Err: ErrNotRegular})
		return
	}
	f, err := fsys.Open(name)
	if err != nil {
		l.Add(Problem{Path: name, Message: err.Error(), Err: err})
		return
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		l.Add(Problem{Path: name, Message: "not a regular file; not read", Err: ErrNotRegular})
		return
	}
	r.read(l, name, f)
}

// Read adds the assessments of one file, named name (used in problem paths
// and, for a file holding one assessment without an id, to take the id from
// a name such as "REF-012-assessment.yaml"). The file holds one assessment
// in any form ParseAssessment reads, a list of them, or a mapping with one
// key "assessments" or "evidence" holding the list. At most MaxInputSize
// bytes are read. Problems are returned in a *ValidationError; the
// assessments without problems are added.
func (r *Register) Read(name string, rd io.Reader) error {
	var l diag.List
	r.read(&l, name, rd)
	return l.Err(ErrInvalid)
}

func (r *Register) read(l *diag.List, name string, rd io.Reader) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxInputSize+1))
	if err != nil {
		l.Add(Problem{Path: name, Message: err.Error(), Err: err})
		return
	}
	d := newDecoder()
	root := d.parse(data)
	if root == nil {
		addUnder(l, name, d.r.Err(ErrInvalid), joinOrigin)
		return
	}
	items, listPath := registerItems(root)
	if items == nil {
		a := &Assessment{}
		d.assessment(a, root, "")
		if err := d.r.Err(ErrInvalid); err != nil {
			addUnder(l, name, err, joinOrigin)
			return
		}
		if strings.TrimSpace(a.ID) == "" {
			a.ID = idFromName(name)
		}
		r.add(l, a, name, root, "")
		return
	}
	for i, n := range items {
		p := yamlnode.Index(listPath, i)
		a := &Assessment{}
		before := d.r.Len()
		d.assessment(a, n, p)
		if d.r.Len() > before {
			continue // reported below with the rest of the file's problems
		}
		r.add(l, a, name, yamlnode.Deref(n), p)
	}
	if err := d.r.Err(ErrInvalid); err != nil {
		addUnder(l, name, err, joinOrigin)
	}
}

// registerItems returns the assessments of a register file that holds a
// list (top level, or under "assessments" or "evidence"), with the list's
// path; nil for a file of one assessment.
func registerItems(root *yaml.Node) ([]*yaml.Node, string) {
	if root.Kind == yaml.SequenceNode {
		return root.Content, ""
	}
	if root.Kind == yaml.MappingNode && len(root.Content) == 2 {
		k, v := normKey(root.Content[0].Value), yamlnode.Deref(root.Content[1])
		if (k == "assessments" || k == "evidence") && v.Kind == yaml.SequenceNode {
			return v.Content, k
		}
	}
	return nil, ""
}

// idFromName takes a source id from a seed file name:
// "REF-012-assessment.yaml" gives "REF-012"; "" when the name does not end
// in "-assessment" before its extension.
func idFromName(name string) string {
	base := path.Base(name)
	base = strings.TrimSuffix(base, path.Ext(base))
	id, ok := strings.CutSuffix(base, "-assessment")
	if !ok {
		return ""
	}
	return id
}
