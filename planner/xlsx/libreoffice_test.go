package xlsx

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLibreOfficePDF converts the demo workbook to PDF with LibreOffice, which fails or asks
// for a repair on an invalid workbook, and checks the page count the print settings imply:
// Summary, Week and Staff on one page each, Coverage and Timeline one page per day, and one
// page per person. It needs libreoffice (Debian: libreoffice-calc, fonts-crosextra-carlito);
// pdfinfo and pdftotext (poppler-utils) sharpen the checks when present.
func TestLibreOfficePDF(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("libreoffice is not on PATH: install libreoffice-calc and fonts-crosextra-carlito to run this test")
	}
	if testing.Short() {
		t.Skip("LibreOffice conversion takes tens of seconds; skipped with -short")
	}
	fx := demoFixture()
	path := writeFile(t, fx.workbook())
	out := t.TempDir()
	// A private profile, kept between runs: the first start of a profile is slow.
	profile := filepath.Join(os.TempDir(), "deskplan-test-libreoffice-profile")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, lo, "-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, path)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, msg)
	}
	pdf := filepath.Join(out, "roster.pdf")
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("no PDF: %v\n%s", err, msg)
	}
	want := 1 + 1 + len(fx.roster.Days()) + len(fx.roster.Days()) + 1 + len(fx.ds.Staff)
	if got := pdfPages(t, pdf, data); got != want {
		t.Errorf("PDF has %d pages, want %d (Summary, Week, %d Coverage days, %d Timeline days, Staff, %d people)",
			got, want, len(fx.roster.Days()), len(fx.roster.Days()), len(fx.ds.Staff))
	}
	if pt, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command(pt, "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		s := string(text)
		if strings.Contains(s, "###") {
			t.Error("a number is too wide for its column (### in the PDF)")
		}
		for _, want := range []string{"Helpdesk roster", "07:30-13:30 LLN", "Zoë Lambert", "Łukasz Nowak", `=HYPERLINK("http://x")`,
			"Page 1 of", "R&D"} {
			if !strings.Contains(s, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
	}
}

// pdfPages counts the pages of a PDF with pdfinfo, or from its page objects.
func pdfPages(t *testing.T, path string, data []byte) int {
	if pi, err := exec.LookPath("pdfinfo"); err == nil {
		out, err := exec.Command(pi, path).Output()
		if err != nil {
			t.Fatal(err)
		}
		if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out); m != nil {
			n, _ := strconv.Atoi(string(m[1]))
			return n
		}
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(data, -1))
}
