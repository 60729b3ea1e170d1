package adr_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deliberate-dev/deliberate/adr"
)

// formatCodes are the codes of the checks the ADR formats define.
var formatCodes = []string{
	adr.CodeMissingSection, adr.CodeEmptySection, adr.CodeMissingStatus, adr.CodeUnknownStatus,
	adr.CodeMissingDate, adr.CodeDateFormat, adr.CodeTitleNumber, adr.CodeNoChosenOption,
	adr.CodeChosenNotConsidered,
}

// formatFindings returns Audit's findings of the format checks on src, as
// "code severity where" strings in order.
func formatFindings(t *testing.T, src string) []string {
	t.Helper()
	r, err := adr.Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, src)
	}
	return formatOf(adr.Audit(r))
}

func formatOf(fs []adr.Finding) []string {
	out := []string{}
	for _, f := range fs {
		if slices.Contains(formatCodes, f.Code) {
			out = append(out, f.Code+" "+string(f.Severity)+" "+f.Where)
		}
	}
	return out
}

const nygardOK = `# 2. Second Record

Date: 1992-01-12

## Status

Accepted

## Context

We need a database.

## Decision

We use PostgreSQL.

## Consequences

We run PostgreSQL.
`

const madrOK = `---
status: accepted
date: 2024-05-02
decision-makers: Ann
---

# Use PostgreSQL

## Context and Problem Statement

Which database should we use?

## Considered Options

* Option 1: PostgreSQL (the relational one)
* MySQL
* "SQLite"

## Decision Outcome

Chosen option: "PostgreSQL", because it is the one we know.
`

const log4brainsOK = `# Use PostgreSQL

- Status: accepted
- Date: 2024-05-02

## Context and Problem Statement

Which database should we use?

## Considered Options

* PostgreSQL
* MySQL

## Decision Outcome

Chosen option: **PostgreSQL**, because it is the one we know.
`

// Each check on hand-made records, each with a record that passes it.
func TestAuditFormatChecks(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"nygard complete", nygardOK, []string{}},
		{"nygard without consequences", strings.Replace(nygardOK, "## Consequences\n\nWe run PostgreSQL.\n", "", 1),
			[]string{"missing-section warning sections"}},
		{"nygard context under another heading", strings.Replace(nygardOK, "## Context", "## Background", 1),
			[]string{"missing-section warning sections"}},
		{"nygard empty decision", strings.Replace(nygardOK, "We use PostgreSQL.\n", "", 1),
			[]string{"empty-section warning sections[3]"}},
		{"nygard decision only in subsections", strings.Replace(nygardOK, "We use PostgreSQL.\n", "### Database\n\nWe use PostgreSQL.\n", 1),
			[]string{}},
		{"nygard consequences with a template comment only", strings.Replace(nygardOK, "We run PostgreSQL.\n", "<!-- what becomes easier or harder -->\n", 1),
			[]string{"empty-section warning sections[4]"}},
		{"nygard empty status", strings.Replace(nygardOK, "## Status\n\nAccepted\n\n", "## Status\n\n", 1),
			[]string{"missing-status warning status"}},
		{"nygard superseded by a link only", strings.Replace(nygardOK, "Accepted\n", "Superceded by [3. Third Record](0003-third-record.md)\n", 1),
			[]string{}},
		{"nygard emoji status", strings.Replace(nygardOK, "Accepted\n", "✅ Accepted\n", 1), []string{}},
		{"nygard unknown status", strings.Replace(nygardOK, "Accepted\n", "Parked\n", 1),
			[]string{"unknown-status info status"}},
		{"nygard without date", strings.Replace(nygardOK, "Date: 1992-01-12\n\n", "", 1),
			[]string{"missing-date info date"}},
		{"nygard date not ISO", strings.Replace(nygardOK, "1992-01-12", "12/01/1992", 1),
			[]string{"date-format warning date"}},
		{"nygard date not a calendar date", strings.Replace(nygardOK, "1992-01-12", "1992-02-30", 1),
			[]string{"date-format warning date"}},
		{"nygard title without number", strings.Replace(nygardOK, "# 2. Second Record", "# 2 Second Record", 1),
			[]string{"title-number info title"}},
		{"nygard headings with emoji, numbers and colons", strings.NewReplacer("## Status", "## 📌 Status:", "## Context", "## 1. **Context**",
			"## Consequences", "## Consequences ⚖️").Replace(nygardOK), []string{}},
		{"nygard sections as level-1 headings", strings.NewReplacer("## Status", "# Status", "## Context", "# Context",
			"## Decision", "# Decision", "## Consequences", "# Consequences").Replace(nygardOK), []string{}},
		{"nygard sections with front matter", "---\nstatus: Accepted\n---\n\n" + nygardOK, []string{}},

		{"madr complete", madrOK, []string{}},
		{"madr without considered options", strings.Replace(madrOK, "## Considered Options\n\n* Option 1: PostgreSQL (the relational one)\n* MySQL\n* \"SQLite\"\n\n", "", 1),
			[]string{"missing-section warning sections"}},
		{"madr without context", strings.Replace(madrOK, "## Context and Problem Statement\n\nWhich database should we use?\n\n", "", 1),
			[]string{"missing-section warning sections"}},
		{"madr plain context heading", strings.Replace(madrOK, "## Context and Problem Statement", "## Context", 1), []string{}},
		{"madr empty context", strings.Replace(madrOK, "Which database should we use?\n", "", 1),
			[]string{"empty-section warning sections[1]"}},
		{"madr without status", strings.Replace(madrOK, "status: accepted\n", "", 1),
			[]string{"missing-status info status"}},
		{"madr open status value", strings.Replace(madrOK, "status: accepted", "status: on hold", 1),
			[]string{"unknown-status info status"}},
		{"madr superseded", strings.Replace(madrOK, "status: accepted", `status: "superseded by ADR-0123"`, 1), []string{}},
		{"madr without date", strings.Replace(madrOK, "date: 2024-05-02\n", "", 1),
			[]string{"missing-date info date"}},
		{"madr date with time", strings.Replace(madrOK, "date: 2024-05-02", "date: 2024-05-02 10:00", 1),
			[]string{"date-format warning date"}},
		{"madr outcome without chosen option", strings.Replace(madrOK, `Chosen option: "PostgreSQL", because`, "We take PostgreSQL, because", 1),
			[]string{"no-chosen-option info sections[3]"}},
		{"madr chosen option not considered", strings.Replace(madrOK, `"PostgreSQL"`, `"Oracle"`, 1),
			[]string{"chosen-not-considered warning decision.selected"}},
		{"madr chosen option a longer name", strings.Replace(madrOK, `"PostgreSQL"`, `"PostgreSQL (the relational one)"`, 1), []string{}},
		{"madr chosen option in another case", strings.Replace(madrOK, `"PostgreSQL"`, `"postgresql"`, 1), []string{}},
		{"madr chosen option quoted in the list", strings.Replace(madrOK, `"PostgreSQL"`, `"SQLite"`, 1), []string{}},
		{"madr chosen option with its number", strings.Replace(madrOK, `"PostgreSQL"`, `"Option 1: PostgreSQL"`, 1), []string{}},
		{"madr chosen option by number", strings.Replace(madrOK, `"PostgreSQL"`, `"Option 2"`, 1), []string{}},
		{"madr chosen option by a number out of range", strings.Replace(madrOK, `"PostgreSQL"`, `"Option 7"`, 1),
			[]string{"chosen-not-considered warning decision.selected"}},
		{"madr options in a table", strings.Replace(madrOK, "* Option 1: PostgreSQL (the relational one)\n* MySQL\n* \"SQLite\"\n",
			"| Option | Notes |\n|---|---|\n| PostgreSQL | relational |\n| MySQL | relational |\n", 1), []string{}},
		{"madr options in a table, chosen not among them", strings.NewReplacer("* Option 1: PostgreSQL (the relational one)\n* MySQL\n* \"SQLite\"\n",
			"| Option | Notes |\n|---|---|\n| MySQL | relational |\n| SQLite | embedded |\n", `"PostgreSQL"`, `"Oracle"`).Replace(madrOK),
			[]string{"chosen-not-considered warning decision.selected"}},
		{"madr chosen option with inner quotes", strings.NewReplacer(`* MySQL`, `* Use "MySQL" as "the" store`,
			`Chosen option: "PostgreSQL"`, `Chosen option: 'Use "MySQL" as "the" store'`).Replace(madrOK), []string{}},

		{"log4brains complete", log4brainsOK, []string{}},
		{"log4brains unknown status reads as draft", strings.Replace(log4brainsOK, "Status: accepted", "Status: on hold", 1),
			[]string{"unknown-status warning status"}},
		{"log4brains status in capitals", strings.Replace(log4brainsOK, "Status: accepted", "Status: Accepted", 1), []string{}},
		{"log4brains draft", strings.Replace(log4brainsOK, "Status: accepted", "Status: draft", 1), []string{}},
		{"log4brains superseded", strings.Replace(log4brainsOK, "Status: accepted", "Status: superseded by [20201029-superseder](20201029-superseder.md)", 1), []string{}},
		{"log4brains without status", strings.Replace(log4brainsOK, "- Status: accepted\n", "", 1),
			[]string{"missing-status info status"}},
		{"log4brains date not ISO", strings.Replace(log4brainsOK, "2024-05-02", "2 May 2024", 1),
			[]string{"date-format warning date"}},
		{"log4brains chosen option in bold, not considered", strings.Replace(log4brainsOK, "**PostgreSQL**", "**Oracle**", 1),
			[]string{"chosen-not-considered warning decision.selected"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := formatFindings(t, tc.src)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("format findings (-want +got):\n%s\n%s", diff, tc.src)
			}
		})
	}
}

// A record without Sections (built in code, not parsed) is checked on its
// fields.
func TestAuditFormatFields(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *adr.Record
		want []string
	}{
		{"nygard complete", &adr.Record{Format: adr.Nygard, Status: "Accepted", Date: "2024-05-02", Context: "c",
			Decision: adr.Decision{Rationale: "d"}, Consequences: adr.Consequences{Negative: []string{"n"}}}, []string{}},
		{"nygard empty", &adr.Record{Format: adr.Nygard}, []string{
			"missing-date info date", "missing-status warning status",
			"missing-section warning sections", "missing-section warning sections", "missing-section warning sections"}},
		{"madr complete", &adr.Record{Format: adr.MADR, Status: "accepted", Date: "2024-05-02", Context: "c",
			Options: []adr.Option{{Name: "A"}}, Decision: adr.Decision{Selected: "A"}}, []string{}},
		{"madr without options", &adr.Record{Format: adr.MADR, Status: "accepted", Date: "2024-05-02", Context: "c",
			Decision: adr.Decision{Selected: "A"}}, []string{"missing-section warning sections"}},
		{"tot", &adr.Record{Format: adr.ToT}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := formatOf(adr.Audit(tc.r))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("format findings (-want +got):\n%s", diff)
			}
		})
	}
}

// handChecked are findings checked by reading the files: each is true of
// the file ("missing Consequences" means the file has no Consequences
// section).
var handChecked = []struct{ file, code, about string }{
	{"BrighterCommand__Brighter/docs__adr__0024-scheduling-requests-and-messages.md", adr.CodeMissingSection, `"Consequences"`},
	{"BrighterCommand__Brighter/docs__adr__0026-use-source-generated-logging.md", adr.CodeMissingSection, `"Consequences"`},
	{"BrighterCommand__Brighter/docs__adr__0027-allow-custom-publication-finder.md", adr.CodeMissingSection, `"Consequences"`},
	{"BrighterCommand__Brighter/docs__adr__0006-blocking-and-non-blocking-retries.md", adr.CodeTitleNumber, `"6 Blocking`},
	{"alphagov__govuk-aws/docs__architecture__decisions__0039-non-govuk-domain-policy.md", adr.CodeMissingSection, `"Decision"`},
	{"ministryofjustice__modernisation-platform/architecture-decision-record__0022-patching-strategy.md", adr.CodeMissingSection, `"Decision"`},
	{"ministryofjustice__modernisation-platform/architecture-decision-record__0037-give-teams-the-permissions-to-manage-unwanted-volumes.md", adr.CodeMissingSection, `"Consequences"`},
	{"ministryofjustice__modernisation-platform/architecture-decision-record__0039-cloudtrail-multi-region-org-trail.md", adr.CodeMissingSection, `"Consequences"`},
	{"adr__madr/docs__decisions__0003-provide-own-madr-tools.md", adr.CodeUnknownStatus, `"on hold"`},
	{"adr__madr/docs__decisions__0000-use-markdown-architectural-decision-records.md", adr.CodeMissingStatus, "no status"},
	{"thomvaill__log4brains/packages__core__docs__adr__20201002-use-explicit-architecture-and-ddd-for-the-core-api.md", adr.CodeMissingSection, `"Decision Outcome"`},
	{"thomvaill__log4brains/docs__adr__20210113-distribute-log4brains-as-a-global-npm-package.md", adr.CodeNoChosenOption, "Chosen option"},
	{"thomvaill__log4brains/packages__core__integration-tests__ro-project__docs__adr__20200102-adr-without-status.md", adr.CodeMissingStatus, "accepted"},
	{"thomvaill__log4brains/packages__core__integration-tests__ro-project__docs__adr__20201028-adr-without-date.md", adr.CodeMissingDate, "no date"},
}

// handCleared are real records on which a check must stay silent (read by
// hand: the record has what the check looks for).
var handCleared = []struct{ file, code string }{
	// "## Status" holds only "Superseded by [DNS Infrastructure](…)"
	{"alphagov__govuk-aws/docs__architecture__decisions__0004-dns-definitions-for-hosts-and-services.md", adr.CodeMissingStatus},
	// "Chosen option: 'Section "Consequences" … "Bad, because"', because …"
	{"adr__madr/docs__decisions__0017-use-same-format-for-outcomes-and-options.md", adr.CodeChosenNotConsidered},
	// "Chosen option: "Option 2: we introduce an "ADR link resolver" in the domain"."
	{"thomvaill__log4brains/packages__core__docs__adr__20201027-adr-link-resolver-in-the-domain.md", adr.CodeChosenNotConsidered},
	// "Chosen option: "ADR number"", option "ADR number (ie. filename prefixed number, …)"
	{"thomvaill__log4brains/docs__adr__20200926-use-the-adr-number-as-its-unique-id.md", adr.CodeChosenNotConsidered},
	// "- Status: superseded by 20201029-superseder"
	{"thomvaill__log4brains/packages__core__integration-tests__ro-project__docs__adr__20201028-superseded-adr.md", adr.CodeUnknownStatus},
	// "✅ Accepted"
	{"ministryofjustice__modernisation-platform/architecture-decision-record__0001-record-architecture-decisions.md", adr.CodeUnknownStatus},
}

// The format checks on the 245 real ADRs (testdata/real, licences in
// SOURCES.tsv): no error, only warnings and information, no chosen option
// reported missing from its considered options (each of the corpus's
// chosen options is among them), the findings checked by hand present and
// those cleared by hand absent. The count of each code per repository is
// logged (go test -v -run TestAuditFormatReal).
func TestAuditFormatReal(t *testing.T) {
	recs := realRecords(t)
	if len(recs) != 245 {
		t.Fatalf("%d real records, want 245", len(recs))
	}
	names := make([]string, 0, len(recs))
	for n := range recs {
		names = append(names, n)
	}
	slices.Sort(names)
	counts := map[string]map[string]int{} // repo → code → count
	found := map[string][]adr.Finding{}   // file under testdata/real → format findings
	chosenChecked := 0
	for _, name := range names {
		r, err := adr.Parse(recs[name])
		if err != nil {
			continue
		}
		rel := filepath.ToSlash(strings.TrimPrefix(name, filepath.Join("testdata", "real")+string(filepath.Separator)))
		repo, _, _ := strings.Cut(rel, "/")
		if counts[repo] == nil {
			counts[repo] = map[string]int{}
		}
		for _, f := range adr.Audit(r) {
			if f.Severity == "error" {
				t.Errorf("%s: error finding on a correct real record: %v", rel, f)
			}
			if !slices.Contains(formatCodes, f.Code) {
				continue
			}
			if f.Severity != "warning" && f.Severity != "info" {
				t.Errorf("%s: format finding of severity %q: %v", rel, f.Severity, f)
			}
			if f.Code == adr.CodeChosenNotConsidered {
				t.Errorf("%s: %v", rel, f)
			}
			counts[repo][f.Code]++
			found[rel] = append(found[rel], f)
		}
		if r.Decision.Selected != "" && len(r.Options) > 0 && (r.Format == adr.MADR || r.Format == adr.Log4brains) {
			chosenChecked++
		}
	}
	if chosenChecked < 20 {
		t.Errorf("only %d real MADR records with a chosen option and considered options; the chosen-option check is not exercised", chosenChecked)
	}
	for _, h := range handChecked {
		ok := false
		for _, f := range found[h.file] {
			ok = ok || f.Code == h.code && strings.Contains(f.Message, h.about)
		}
		if !ok {
			t.Errorf("%s: no %s finding about %s; got %v", h.file, h.code, h.about, found[h.file])
		}
	}
	for _, h := range handCleared {
		if _, ok := recs[filepath.Join("testdata", "real", filepath.FromSlash(h.file))]; !ok {
			t.Errorf("%s: not in the corpus", h.file)
		}
		for _, f := range found[h.file] {
			if f.Code == h.code {
				t.Errorf("%s: %v", h.file, f)
			}
		}
	}
	repos := make([]string, 0, len(counts))
	for r := range counts {
		repos = append(repos, r)
	}
	slices.Sort(repos)
	var b strings.Builder
	b.WriteString("format findings per repository:\n")
	for _, repo := range repos {
		fmt.Fprintf(&b, "  %s:", repo)
		total := 0
		for _, c := range formatCodes {
			if n := counts[repo][c]; n > 0 {
				fmt.Fprintf(&b, " %s=%d", c, n)
				total += n
			}
		}
		if total == 0 {
			b.WriteString(" none")
		}
		b.WriteByte('\n')
	}
	t.Log(b.String())
}

// The format checks on any input: warnings and information only, and the
// same findings twice.
func FuzzAuditFormat(f *testing.F) {
	for _, s := range []string{nygardOK, madrOK, log4brainsOK} {
		f.Add([]byte(s))
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "formats", "*.md"))
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := adr.Parse(data)
		if err != nil {
			return
		}
		fs := adr.Audit(r)
		for _, fd := range fs {
			if slices.Contains(formatCodes, fd.Code) && fd.Severity != "warning" && fd.Severity != "info" {
				t.Errorf("format finding %v", fd)
			}
		}
		if again := adr.Audit(r); fmt.Sprint(again) != fmt.Sprint(fs) {
			t.Errorf("Audit is not deterministic:\n%v\n%v", fs, again)
		}
	})
}

// The records of testdata/formats, each read by hand: what the format
// checks find in them.
func TestAuditFormatFiles(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		// front matter over Nygard sections; no Consequences section
		{"nygard-front-matter.md", []string{"missing-section warning sections"}},
		// MADR 2 metadata list; "Kafka" shortens "Kafka – the log"
		{"madr2.md", []string{}},
		// MADR 3; the chosen option is a link, the options a link and code
		{"madr3.md", []string{}},
		// log4brains reads "on hold" as draft; date not YYYY-MM-DD; no
		// Considered Options; no "Chosen option:"
		{"log4brains-unknown-status.md", []string{
			"date-format warning date", "unknown-status warning status",
			"missing-section warning sections", "no-chosen-option info sections[2]"}},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "formats", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, formatFindings(t, string(b))); diff != "" {
			t.Errorf("%s: format findings (-want +got):\n%s", tc.file, diff)
		}
	}
}

// The checks the Nygard format defines, on a record adr-tools would have
// written otherwise: its date is not YYYY-MM-DD and it has no Consequences
// section. Such findings are warnings or information, never errors.
func ExampleAudit_formatChecks() {
	src := `# 7. Use PostgreSQL

Date: 12/01/2024

## Status

Accepted

## Context

We need a database.

## Decision

We use PostgreSQL.
`
	r, err := adr.Parse([]byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range adr.Audit(r) {
		fmt.Println(f)
	}
	// Output:
	// date: warning [date-format] date "12/01/2024" is not a calendar date written YYYY-MM-DD
	// sections: warning [missing-section] no "Consequences" section: the Nygard format has Status, Context, Decision and Consequences
}

// Messages name what is wrong: the chosen option and how many distinct
// options were considered, the status as written.
func TestAuditFormatMessages(t *testing.T) {
	for _, tc := range []struct{ src, code, want string }{
		{strings.Replace(madrOK, `"PostgreSQL"`, `"Oracle"`, 1), adr.CodeChosenNotConsidered,
			`the chosen option "Oracle" is none of the 3 considered options`},
		{strings.Replace(log4brainsOK, "Status: accepted", "Status: on hold", 1), adr.CodeUnknownStatus,
			`status "on hold" is not one log4brains knows (draft, proposed, rejected, accepted, deprecated, superseded by …); log4brains reads it as draft`},
		{strings.Replace(nygardOK, "## Consequences\n\nWe run PostgreSQL.\n", "", 1), adr.CodeMissingSection,
			`no "Consequences" section: the Nygard format has Status, Context, Decision and Consequences`},
	} {
		r, err := adr.Parse([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range adr.Audit(r) {
			if f.Code == tc.code {
				got = append(got, f.Message)
			}
		}
		if diff := cmp.Diff([]string{tc.want}, got); diff != "" {
			t.Errorf("%s messages (-want +got):\n%s", tc.code, diff)
		}
	}
}
