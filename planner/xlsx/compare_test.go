package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/scenario"
)

func demoComparison(t *testing.T) *optimize.Comparison {
	t.Helper()
	if testing.Short() {
		t.Skip("plans two rosters of the demo week")
	}
	base, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	c, err := scenario.ParseChange("calls", "+20%")
	if err != nil {
		t.Fatal(err)
	}
	busy, err := scenario.Scenario{Name: "=busy", Changes: []scenario.Change{c}}.Apply(base)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := optimize.Compare(context.Background(), []optimize.ScenarioData{{Name: "base", Dataset: base}, {Name: "=busy", Dataset: busy}},
		optimize.CompareRequest{SessionID: "jan-2027", Week: calendar.MustDate("2027-01-04"), Seed: 1, Effort: 5})
	if err != nil {
		t.Fatal(err)
	}
	return cmp
}

func TestWriteComparison(t *testing.T) {
	c := demoComparison(t)
	var buf bytes.Buffer
	if err := WriteComparison(&buf, c); err != nil {
		t.Fatal(err)
	}
	raw := bytes.Clone(buf.Bytes())
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{SheetCompare, SheetCompareChanges, SheetCompareService, SheetCompareSlots}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for sheet, titles := range map[string]string{SheetCompare: "'Compare'!$3:$3", SheetCompareChanges: "'Changes'!$1:$1",
		SheetCompareService: "'Service'!$1:$1", SheetCompareSlots: "'Slots'!$1:$1"} {
		checkSheetPrint(t, f, sheet, titles)
	}
	// the header names the scenarios as text (a name starting with '=' is not a formula)
	for cell, want := range map[string]string{"D3": "base", "E3": "=busy", "A4": "total", "B6": "service level"} {
		got, _ := f.GetCellValue(SheetCompare, cell)
		if got != want {
			t.Errorf("%s!%s = %q, want %q", SheetCompare, cell, got, want)
		}
		if formula, _ := f.GetCellFormula(SheetCompare, cell); formula != "" {
			t.Errorf("%s!%s is a formula %q", SheetCompare, cell, formula)
		}
	}
	sl, _ := f.GetCellValue(SheetCompare, "D6")
	v, err := strconv.ParseFloat(sl, 64)
	if err != nil || v < 100*c.Scenarios[0].Total.ServiceLevel-0.1 || v > 100*c.Scenarios[0].Total.ServiceLevel+0.1 {
		t.Errorf("base service level cell = %q, want %.1f", sl, 100*c.Scenarios[0].Total.ServiceLevel)
	}
	rows, _ := f.GetRows(SheetCompareChanges)
	changes := 0
	for _, p := range c.Staff {
		changes += len(p.Changes)
	}
	if len(rows) != 1+changes {
		t.Errorf("%d rows of shift changes, want %d", len(rows)-1, changes)
	}
	labels, _ := c.SlotSeries()
	rows, _ = f.GetRows(SheetCompareSlots)
	if len(rows) != 1+len(labels) {
		t.Errorf("%d slot rows, want %d", len(rows)-1, len(labels))
	}
	// by time of day: a row per slot of the day, each scenario's service and the target
	rows, _ = f.GetRows(SheetCompareService)
	if want := []string{"Time", "base (%)", "=busy (%)", "Target (%)"}; !slices.Equal(rows[0], want) {
		t.Errorf("Service header %q, want %q", rows[0], want)
	}
	if len(rows) < 2 || rows[1][0] != "07:30" || rows[1][3] != "80.0" {
		t.Errorf("Service first row %q, want 07:30 ... 80.0", rows[1])
	}
	var chart string
	for _, x := range chartXML(t, raw) {
		if strings.Contains(x, "Service level by time of day") {
			chart = x
		}
	}
	for _, want := range []string{`<a:prstDash val="dash"`, "'Service'!$D$2:$D$", `rot="-5400000"`} {
		if !strings.Contains(chart, want) {
			t.Errorf("service chart lacks %q (the dashed target, upright hour labels)", want)
		}
	}
	st, _ := f.GetCellStyle(SheetCompare, "B6")
	style, err := f.GetStyle(st)
	if err != nil || style.Font == nil || style.Font.Family != FontFamily {
		t.Errorf("B6 font = %+v, want %s", style.Font, FontFamily)
	}
	if !bytes.Contains(workbookPart(t, raw, "xl/charts/chart1.xml"), []byte("<lineChart>")) {
		t.Error("no line chart in the workbook")
	}
}

// workbookPart returns one part of an .xlsx archive.
func workbookPart(t *testing.T, xlsx []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}
