package xlsx

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/scenario"
)

// skipWithoutLibreOfficeRuns skips a test that runs LibreOffice (tens of seconds each) unless
// DESKPLAN_LIBREOFFICE=1, as .ci/run sets it: the plain go test ./... stays quick.
func skipWithoutLibreOfficeRuns(t *testing.T) {
	t.Helper()
	if testing.Short() || os.Getenv("DESKPLAN_LIBREOFFICE") != "1" {
		t.Skip("runs LibreOffice: set DESKPLAN_LIBREOFFICE=1 to run it (.ci/run does)")
	}
}

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
	skipWithoutLibreOfficeRuns(t)
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

var updatePictures = flag.Bool("update-pictures", false, "copy the rendered pictures of the workbooks into docs/pictures")

// picture is a page of a rendered workbook kept as a picture: the first page of sheet.
type picture struct {
	book, sheet, name string
}

// TestLibreOfficePictures writes the workbooks a manager gets from the demo data (a week's
// roster, a trainee's own workbook, a comparison of two scenarios, the session's forecast),
// renders each with LibreOffice to PDF and the first page of each sheet to PNG (pdftoppm),
// and checks what a reader would: no number too wide for its column, every sheet printed,
// the charts' hour labels whole. With -update-pictures it copies the pictures named in
// docs/workbooks.md into docs/pictures:
//
//	go test ./planner/xlsx -run LibreOfficePictures -update-pictures
func TestLibreOfficePictures(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("libreoffice is not on PATH: install libreoffice-calc and fonts-crosextra-carlito to run this test")
	}
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH: install poppler-utils to run this test", tool)
		}
	}
	if !*updatePictures {
		skipWithoutLibreOfficeRuns(t)
	}
	dir := t.TempDir()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	week := calendar.MustDate("2027-01-04")
	r, rep, err := optimize.Plan(ctx, ds, optimize.PlanRequest{SessionID: "jan-2027", Week: week, Seed: 1, Effort: 30, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r.Version = 1
	generated := time.Date(2026, 12, 20, 9, 30, 0, 0, time.UTC)
	in := Workbook{Dataset: ds, Roster: r, Report: rep, GeneratedAt: generated}
	write := func(name string, fn func(io.Writer) error) {
		t.Helper()
		var buf bytes.Buffer
		if err := fn(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("roster.xlsx", func(w io.Writer) error { return WriteRoster(w, in) })
	staffDir := filepath.Join(dir, "staff")
	if _, err := WriteStaffFiles(staffDir, in); err != nil {
		t.Fatal(err)
	}
	// a trainee's own workbook: her mentor on each shift
	trainee := ""
	for _, s := range ds.Staff {
		if s.Status == planner.StatusTrainee {
			trainee = s.ID
			break
		}
	}
	data, err := os.ReadFile(filepath.Join(staffDir, trainee+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "staff.xlsx"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	change, err := scenario.ParseChange("calls", "+20%")
	if err != nil {
		t.Fatal(err)
	}
	busy, err := scenario.Scenario{Name: "plus20", Changes: []scenario.Change{change}}.Apply(ds)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := optimize.Compare(ctx, []optimize.ScenarioData{{Name: "base", Dataset: ds}, {Name: "plus20", Dataset: busy}},
		optimize.CompareRequest{SessionID: "jan-2027", Week: week, Seed: 1, Effort: 20})
	if err != nil {
		t.Fatal(err)
	}
	write("compare.xlsx", func(w io.Writer) error { return WriteComparison(w, cmp) })
	write("forecast.xlsx", func(w io.Writer) error { return WriteForecast(w, ds, "jan-2027") })

	books := []string{"roster", "staff", "compare", "forecast"}
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(os.TempDir(), "deskplan-test-libreoffice-profile")),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir}
	for _, b := range books {
		args = append(args, filepath.Join(dir, b+".xlsx"))
	}
	cctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	if msg, err := exec.CommandContext(cctx, lo, args...).CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, msg)
	}
	sheets := map[string][]string{
		"roster":   {SheetSummary, SheetWeek, SheetCoverage, SheetTimeline, SheetStaff},
		"staff":    nil, // one sheet, named after the person
		"compare":  {SheetCompare, SheetCompareChanges, SheetCompareService, SheetCompareSlots},
		"forecast": {SheetForecast, SheetForecastSlots, SheetForecastDays},
	}
	pictures := []picture{
		{"roster", SheetSummary, "roster-summary"}, {"roster", SheetWeek, "roster-week"},
		{"roster", SheetCoverage, "roster-coverage"}, {"roster", SheetTimeline, "roster-timeline"},
		{"staff", "", "staff"}, {"compare", SheetCompare, "compare"}, {"compare", SheetCompareService, "compare-service"},
		{"forecast", SheetForecast, "forecast"}, {"forecast", SheetForecastSlots, "forecast-slots"},
	}
	pages := map[string][]string{} // per book, the text of each page
	for _, b := range books {
		pdf := filepath.Join(dir, b+".pdf")
		text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatalf("%s.pdf: %v", b, err)
		}
		pages[b] = strings.Split(strings.TrimRight(string(text), "\f"), "\f")
		if strings.Contains(string(text), "###") {
			t.Errorf("%s: a number is too wide for its column (### in the PDF)", b)
		}
		for _, sh := range sheets[b] {
			if pageOf(pages[b], sh) == 0 {
				t.Errorf("%s.pdf has no page of sheet %s", b, sh)
			}
		}
	}
	// the charts' hour labels are whole ("07:30", not "07:3" over "0")
	if s := strings.Join(pages["roster"], ""); regexp.MustCompile(`\b\d\d:\d\s*\n`).MatchString(s) {
		t.Error("the roster's charts cut hour labels (\"07:3\" at the end of a line)")
	}
	for _, p := range pictures {
		n := 1
		if p.sheet != "" {
			n = pageOf(pages[p.book], p.sheet)
		}
		if n == 0 {
			continue
		}
		prefix := filepath.Join(dir, p.name)
		out, err := exec.Command("pdftoppm", "-r", "60", "-png", "-singlefile", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n),
			filepath.Join(dir, p.book+".pdf"), prefix).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm %s: %v\n%s", p.name, err, out)
		}
		png, err := os.ReadFile(prefix + ".png")
		if err != nil || len(png) < 1000 || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Fatalf("%s.png: %d bytes, %v", p.name, len(png), err)
		}
		if *updatePictures {
			docs := filepath.Join("..", "..", "docs", "pictures")
			if err := os.MkdirAll(docs, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(docs, p.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// pageOf returns the 1-based number of the first page whose footer names sheet (the footer
// ends with the sheet's name), 0 when none does.
func pageOf(pages []string, sheet string) int {
	for i, p := range pages {
		lines := strings.Split(strings.TrimRight(p, "\n "), "\n")
		if last := strings.TrimSpace(lines[len(lines)-1]); strings.HasSuffix(last, " "+sheet) || last == sheet {
			return i + 1
		}
	}
	return 0
}
