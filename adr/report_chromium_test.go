package adr_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deliberate-dev/deliberate/internal/interop"
)

// chromium returns the path of a headless Chromium (see interop).
func chromium(t *testing.T) string {
	t.Helper()
	return interop.LookPath(t, "headless Chromium (Debian chromium-headless-shell)", "chromium-headless-shell", "chromium", "chromium-browser")
}

// runChromium runs Chromium headless on the file with the given extra
// arguments, in a fresh profile, without network or background services.
func runChromium(t *testing.T, bin, page string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, out)
	}
}

// The HTML report printed by a real browser: a PDF of a few A4 landscape
// pages whose text names the recommended alternative, and a screenshot
// that is not blank.
func TestReportHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	pdftotext := interop.LookPath(t, "pdftotext (Debian poppler-utils)", "pdftotext")
	pdfinfo := interop.LookPath(t, "pdfinfo (Debian poppler-utils)", "pdfinfo")
	r := report(t, "database", true)
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	pdf := filepath.Join(dir, "report.pdf")
	runChromium(t, bin, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	pages := strings.Count(text, "\f")
	if pages < 2 || pages > 30 {
		t.Errorf("printed report has %d pages", pages)
	}
	rec := r.Decision.Alternatives[0].Name
	for _, a := range r.Decision.Alternatives {
		if a.ID == r.Result.Recommended {
			rec = a.Name
		}
	}
	if !strings.Contains(text, "Recommended: "+rec) {
		t.Errorf("printed report does not show the recommended alternative %q", rec)
	}
	info, err := exec.Command(pdfinfo, pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	// A4 landscape is 841.89 × 595.28 points.
	if !strings.Contains(string(info), "841.") || !strings.Contains(string(info), "A4") {
		t.Errorf("pages are not A4 landscape:\n%s", info)
	}

	shot := filepath.Join(dir, "shot.png")
	runChromium(t, bin, page, "--window-size=1280,1600", "--screenshot="+shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if share := inked(img); share < 0.05 {
		t.Errorf("screenshot is nearly blank: %s of its pixels are not white", strconv.FormatFloat(100*share, 'f', 1, 64)+"%")
	}
}

// inked returns the share of pixels that are not near-white.
func inked(img image.Image) float64 {
	b := img.Bounds()
	n, ink := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			n++
			if r < 0xE000 || g < 0xE000 || bl < 0xE000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(n)
}
