package xlsx_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/internal/interop"
)

// recalcProfile makes LibreOffice recalculate every formula of an OOXML
// workbook when it loads it (instead of showing the cached values).
const recalcProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// csvFilter exports every sheet (token 12: -1) as UTF-8 (76) CSV with
// commas (44) and double quotes (34), quoting every text cell (token 7)
// and writing cell values unformatted (token 9 false: full precision).
const csvFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1"

// soffice returns the LibreOffice binary, skipping the test when it is
// missing, or failing it when CI=true.
func soffice(t testing.TB) string {
	t.Helper()
	return interop.LookPath(t, "LibreOffice (Debian libreoffice-calc-nogui)", "soffice", "libreoffice")
}

// recalc has LibreOffice load every workbook (name → bytes), recalculate
// all formulas and export every sheet to CSV, in one soffice run with a
// private profile. It returns name → sheet → rows.
func recalc(t testing.TB, books map[string][]byte) map[string]map[string][][]string {
	t.Helper()
	out := convert(t, books, csvFilter, "csv")
	got := make(map[string]map[string][][]string, len(books))
	for name, files := range out {
		sheets := map[string][][]string{}
		for file, b := range files {
			sheet := strings.TrimSuffix(strings.TrimPrefix(file, name+"-"), ".csv")
			r := csv.NewReader(bytes.NewReader(b))
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			sheets[sheet] = rows
		}
		got[name] = sheets
	}
	return got
}

// resave has LibreOffice load every workbook, recalculate it and save it
// again as xlsx (as a reviewer's spreadsheet application would), in one
// soffice run. It returns name → the saved workbook.
func resave(t testing.TB, books map[string][]byte) map[string][]byte {
	t.Helper()
	out := convert(t, books, "xlsx:Calc MS Excel 2007 XML", "xlsx")
	got := make(map[string][]byte, len(books))
	for name, files := range out {
		got[name] = files[name+".xlsx"]
	}
	return got
}

// convert has LibreOffice convert every workbook with filter in one
// soffice run, with a private profile that makes it recalculate on load.
// It returns name → output file name → content, for the outputs named
// after the workbook with extension ext.
func convert(t testing.TB, books map[string][]byte, filter, ext string) map[string]map[string][]byte {
	t.Helper()
	bin := soffice(t)
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	for _, d := range []string{in, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(books))
	for name := range books {
		names = append(names, name)
	}
	slices.Sort(names)
	args := []string{"--headless", "--norestore", "-env:UserInstallation=" + (&url.URL{Scheme: "file", Path: profile}).String(),
		"--convert-to", filter, "--outdir", out}
	for _, name := range names {
		p := filepath.Join(in, name+".xlsx")
		if err := os.WriteFile(p, books[name], 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	got := make(map[string]map[string][]byte, len(books))
	for _, name := range names {
		matches, err := filepath.Glob(filepath.Join(out, name+"*."+ext))
		if err != nil || len(matches) == 0 {
			t.Fatalf("soffice wrote no %s for %s (%v)\n%s", ext, name, err, stderr.String())
		}
		files := map[string][]byte{}
		for _, m := range matches {
			b, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(m)] = b
		}
		got[name] = files
	}
	return got
}

// column returns the index of header h in row, or fails.
func column(t testing.TB, row []string, h string) int {
	t.Helper()
	i := slices.Index(row, h)
	if i < 0 {
		t.Fatalf("header %q not found in %q", h, row)
	}
	return i
}
