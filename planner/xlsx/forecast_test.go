package xlsx

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// forecastDataset returns a dataset with two lines, a session of three dated days of
// forecast (30-minute slots, 07:30-19:30) whose name looks like a formula, and a second session
// with a weekly profile (Monday and Saturday).
func forecastDataset() *planner.Dataset {
	ds := &planner.Dataset{
		Settings: planner.DefaultSettings(),
		Lines:    []planner.Line{{ID: "LLN"}, {ID: "MONS"}},
		Sessions: []planner.Session{
			{ID: "jan", Name: "=HYPERLINK(\"http://x\")", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-09")},
			{ID: "jun", Name: "June", FirstDay: calendar.MustDate("2027-06-07"), LastDay: calendar.MustDate("2027-06-26")},
		},
	}
	first := calendar.MustDate("2027-01-04")
	for d := range 3 {
		day := first.AddDays(d)
		for c := calendar.MustClock("07:30"); c < calendar.MustClock("19:30"); c += 30 {
			for i, line := range []string{"MONS", "LLN"} { // not in dataset order
				calls := float64((d*7+int(c)/30+i*5)%11) / 2
				if d == 1 && c == calendar.MustClock("10:00") && line == "LLN" {
					calls = 40 // the peak of the second day
				}
				ds.Forecast = append(ds.Forecast, planner.ForecastRow{SessionID: "jan", Date: day, Weekday: day.Weekday(),
					Slot: c, Line: line, Calls: calls, AHT: 300 + float64(i)*60})
			}
		}
	}
	for _, wd := range []time.Weekday{time.Saturday, time.Monday} {
		for c := calendar.MustClock("07:30"); c < calendar.MustClock("19:30"); c += 30 {
			ds.Forecast = append(ds.Forecast, planner.ForecastRow{SessionID: "jun", Weekday: wd, Slot: c, Line: "LLN",
				Calls: float64(wd) + 0.5, AHT: 320})
		}
	}
	return ds
}

// writeForecastBook writes the forecast workbook and reopens it.
func writeForecastBook(t *testing.T, ds *planner.Dataset, session string) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteForecast(&buf, ds, session); err != nil {
		t.Fatalf("WriteForecast(%s): %v", session, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("reopen the forecast workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

// cellFloat reads a numeric cell.
func cellFloat(t *testing.T, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	s, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, want a number", sheet, cell, s)
	}
	return x
}

func cellText(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	s, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

func TestWriteForecastDays(t *testing.T) {
	ds := forecastDataset()
	f, _ := writeForecastBook(t, ds, "jan")
	if got, want := f.GetSheetList(), []string{SheetForecast, SheetForecastSlots, SheetForecastDays}; !cmp.Equal(got, want) {
		t.Fatalf("sheets = %v, want %v", got, want)
	}
	const sh = SheetForecast
	head := []string{"Date", "Day", "LLN", "MONS", "Total", "Peak slot", "Peak calls"}
	for i, want := range head {
		if got := cellText(t, f, sh, ref(i+1, fcHeaderRow)); got != want {
			t.Errorf("%s!%s = %q, want %q", sh, ref(i+1, fcHeaderRow), got, want)
		}
	}
	// Expected sums, computed from the rows.
	type sums struct {
		lln, mons, total float64
		slot             map[calendar.Clock]float64
	}
	want := map[calendar.Date]*sums{}
	var dates []calendar.Date
	for _, r := range ds.Forecast {
		if r.SessionID != "jan" {
			continue
		}
		s := want[r.Date]
		if s == nil {
			s = &sums{slot: map[calendar.Clock]float64{}}
			want[r.Date] = s
			dates = append(dates, r.Date)
		}
		if r.Line == "LLN" {
			s.lln += r.Calls
		} else {
			s.mons += r.Calls
		}
		s.total += r.Calls
		s.slot[r.Slot] += r.Calls
	}
	grand := 0.0
	for i, d := range dates {
		row := fcHeaderRow + 1 + i
		s := want[d]
		grand += s.total
		if got := cellFloat(t, f, sh, ref(1, row)); int(got) != d.Sub(calendar.Date{Year: 1899, Month: 12, Day: 30}) {
			t.Errorf("%s!A%d = %v, want the serial date of %s", sh, row, got, d)
		}
		if got := cellText(t, f, sh, ref(2, row)); got != d.Weekday().String()[:3] {
			t.Errorf("%s!B%d = %q, want %q", sh, row, got, d.Weekday().String()[:3])
		}
		for col, x := range map[int]float64{3: s.lln, 4: s.mons, 5: s.total} {
			if got := cellFloat(t, f, sh, ref(col, row)); !near(got, x) {
				t.Errorf("%s %s!%s = %v, want %v", d, sh, ref(col, row), got, x)
			}
		}
		var peak calendar.Clock
		best := -1.0
		for c := calendar.MustClock("07:30"); c < calendar.MustClock("19:30"); c += 30 {
			if s.slot[c] > best {
				peak, best = c, s.slot[c]
			}
		}
		if got := cellText(t, f, sh, ref(6, row)); got != peak.String() {
			t.Errorf("%s peak slot = %q, want %s", d, got, peak)
		}
		if got := cellFloat(t, f, sh, ref(7, row)); !near(got, best) {
			t.Errorf("%s peak calls = %v, want %v", d, got, best)
		}
	}
	if got := cellText(t, f, sh, ref(6, fcHeaderRow+2)); got != "10:00" {
		t.Errorf("peak slot of the second day = %q, want 10:00", got)
	}
	totalRow := fcHeaderRow + 1 + len(dates)
	if got := cellText(t, f, sh, ref(1, totalRow)); got != "Total" {
		t.Errorf("%s!A%d = %q, want Total", sh, totalRow, got)
	}
	if got := cellFloat(t, f, sh, ref(5, totalRow)); !near(got, grand) {
		t.Errorf("grand total = %v, want %v", got, grand)
	}
	if got := cellFloat(t, f, sh, "B4"); !near(got, grand) {
		t.Errorf("Calls (B4) = %v, want %v", got, grand)
	}

	// The session's name is text, never a formula.
	if got := cellText(t, f, sh, "B2"); got != `=HYPERLINK("http://x") (jan)` {
		t.Errorf("session cell = %q", got)
	}
	if fo, _ := f.GetCellFormula(sh, "B2"); fo != "" {
		t.Errorf("session cell has formula %q, want none", fo)
	}
	if typ, _ := f.GetCellType(sh, "B2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("session cell type = %v, want a string", typ)
	}

	panes, err := f.GetPanes(sh)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != fcHeaderRow || panes.XSplit != 0 {
		t.Errorf("%s panes = %+v, want rows 1-%d frozen", sh, panes, fcHeaderRow)
	}
}

func TestWriteForecastSlotsAndChart(t *testing.T) {
	ds := forecastDataset() // jan: Monday to Wednesday, weekdays only
	f, raw := writeForecastBook(t, ds, "jan")
	const sh = SheetForecastSlots
	wantHead := []string{"Slot", "LLN, weekdays", "MONS, weekdays", "Total, weekdays", ""}
	for i, want := range wantHead {
		if got := cellText(t, f, sh, ref(i+1, 1)); got != want {
			t.Errorf("%s!%s = %q, want %q", sh, ref(i+1, 1), got, want)
		}
	}
	slots := ds.Settings.Slots()
	for r, c := range slots {
		row := r + 2
		if got := cellText(t, f, sh, ref(1, row)); got != c.String() {
			t.Fatalf("%s!A%d = %q, want %s", sh, row, got, c)
		}
		var lln, mons float64
		for _, x := range ds.Forecast {
			if x.SessionID != "jan" || x.Slot != c {
				continue
			}
			if x.Line == "LLN" {
				lln += x.Calls
			} else {
				mons += x.Calls
			}
		}
		for col, want := range map[int]float64{2: lln / 3, 3: mons / 3, 4: (lln + mons) / 3} {
			if got := cellFloat(t, f, sh, ref(col, row)); !near(got, want) {
				t.Errorf("%s!%s (%s) = %v, want %v", sh, ref(col, row), c, got, want)
			}
		}
	}
	panes, err := f.GetPanes(sh)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 {
		t.Errorf("%s panes = %+v, want the first row and column frozen", sh, panes)
	}

	// The Days sheet: a row per day and slot, the lines' calls and their total.
	days, err := f.GetRows(SheetForecastDays)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Date", "Day", "Slot", "LLN", "MONS", "Total"}; !cmp.Equal(days[0], want) {
		t.Errorf("Days header = %q, want %q", days[0], want)
	}
	if len(days) != 1+3*len(slots) {
		t.Errorf("Days has %d rows, want a header and %d", len(days), 3*len(slots))
	}
	// the second day's 10:00: its peak, 40 calls on LLN
	row := 2 + len(slots) + slices.Index(slots, calendar.MustClock("10:00"))
	if got := cellText(t, f, SheetForecastDays, ref(3, row)); got != "10:00" {
		t.Fatalf("Days!C%d = %q, want 10:00", row, got)
	}
	if got := cellFloat(t, f, SheetForecastDays, ref(4, row)); got != 40 {
		t.Errorf("Days!D%d = %v, want 40", row, got)
	}
	checkSheetPrint(t, f, SheetForecastDays, "'Days'!$1:$1")
	checkSheetPrint(t, f, SheetForecastSlots, "'Slots'!$1:$1")

	// One line chart on the Forecast sheet (weekdays only), drawing the means of the Slots sheet.
	charts := chartXML(t, raw)
	if len(charts) != 1 {
		t.Fatalf("workbook has %d charts, want 1", len(charts))
	}
	last := len(slots) + 1
	for _, want := range []string{"lineChart>", "'Slots'!$A$2:$A$" + strconv.Itoa(last),
		"'Slots'!$B$2:$B$" + strconv.Itoa(last), "'Slots'!$C$2:$C$" + strconv.Itoa(last), "'Slots'!$D$2:$D$" + strconv.Itoa(last),
		`typeface="` + FontFamily + `"`, "Weekdays: calls per slot, mean of 3 days", `rot="-5400000"`} {
		if !strings.Contains(charts[0], want) {
			t.Errorf("chart XML lacks %q", want)
		}
	}
}

// chartXML returns the XML of the workbook's charts.
func chartXML(t *testing.T, raw []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var charts []string
	for _, file := range z.File {
		if strings.HasPrefix(file.Name, "xl/charts/chart") {
			rc, err := file.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			charts = append(charts, html.UnescapeString(string(b)))
		}
	}
	return charts
}

// TestWriteForecastBand: with the rows' spread, the Slots sheet holds each line's mean 10%
// and 90% quantiles and the band between them, the per-day table each line's day quantiles,
// and a chart per line draws its mean within the band.
func TestWriteForecastBand(t *testing.T) {
	ds := forecastDataset()
	for i := range ds.Forecast {
		ds.Forecast[i].DayCV, ds.Forecast[i].SlotCV = 0.1, 0.05
	}
	f, raw := writeForecastBook(t, ds, "jan")
	const sh = SheetForecastSlots
	wantHead := []string{"Slot", "LLN, weekdays", "MONS, weekdays", "Total, weekdays", "LLN 10%, weekdays", "LLN 90%, weekdays",
		"LLN band, weekdays", "MONS 10%, weekdays", "MONS 90%, weekdays", "MONS band, weekdays"}
	for i, want := range wantHead {
		if got := cellText(t, f, sh, ref(i+1, 1)); got != want {
			t.Errorf("%s!%s = %q, want %q", sh, ref(i+1, 1), got, want)
		}
	}
	for r, c := range ds.Settings.Slots() {
		row := r + 2
		var lo, hi float64
		for _, x := range ds.Forecast {
			if x.SessionID == "jan" && x.Slot == c && x.Line == "LLN" {
				lo += planner.SlotCallsQuantile(x, 0.1) / 3
				hi += planner.SlotCallsQuantile(x, 0.9) / 3
			}
		}
		for col, want := range map[int]float64{5: lo, 6: hi, 7: hi - lo} {
			if got := cellFloat(t, f, sh, ref(col, row)); !near(got, want) {
				t.Errorf("%s!%s (%s) = %v, want %v", sh, ref(col, row), c, got, want)
			}
		}
	}
	// The per-day table: after Date, Day, LLN, MONS, Total, Peak slot, Peak calls, each line's
	// 10% and 90% quantiles of the day.
	var rows []planner.ForecastRow
	for _, x := range ds.Forecast {
		if x.SessionID == "jan" && x.Date == calendar.MustDate("2027-01-04") && x.Line == "MONS" {
			rows = append(rows, x)
		}
	}
	if got := cellText(t, f, SheetForecast, ref(10, fcHeaderRow)); got != "MONS 10%" {
		t.Errorf("Forecast!%s = %q, want MONS 10%%", ref(10, fcHeaderRow), got)
	}
	if got, want := cellFloat(t, f, SheetForecast, ref(11, fcHeaderRow+1)), planner.DayCallsQuantile(rows, 0.9); !near(got, want) {
		t.Errorf("MONS 90%% of 2027-01-04 = %v, want %v", got, want)
	}
	charts := chartXML(t, raw)
	if len(charts) != 3 {
		t.Fatalf("workbook has %d charts, want the overview and one per line", len(charts))
	}
	band := charts[1]
	for _, want := range []string{"areaChart>", `<grouping val="stacked"`, "<a:noFill", "'Slots'!$E$2:$E$25", "'Slots'!$G$2:$G$25",
		"lineChart>", "'Slots'!$B$2:$B$25", "LLN on Weekdays calls per slot, mean of 3 days, and its 80% band"} {
		if !strings.Contains(band, want) {
			t.Errorf("band chart XML lacks %q", want)
		}
	}
}

func TestWriteForecastWeeklyProfile(t *testing.T) {
	f, raw := writeForecastBook(t, forecastDataset(), "jun")
	// Weekly rows: Monday before Saturday, labelled by weekday; one line only.
	for cell, want := range map[string]string{
		ref(1, fcHeaderRow+1): "weekly", ref(2, fcHeaderRow+1): "Mon",
		ref(2, fcHeaderRow+2): "Sat", ref(3, fcHeaderRow): "LLN", ref(4, fcHeaderRow): "Total",
	} {
		if got := cellText(t, f, SheetForecast, cell); got != want {
			t.Errorf("%s!%s = %q, want %q", SheetForecast, cell, got, want)
		}
	}
	// Weekdays and Saturdays apart: a chart and columns of means each.
	for cell, want := range map[string]string{"B1": "LLN, weekdays", "C1": "Total, weekdays", "D1": "LLN, Saturdays", "E1": "Total, Saturdays"} {
		if got := cellText(t, f, SheetForecastSlots, cell); got != want {
			t.Errorf("%s!%s = %q, want %q", SheetForecastSlots, cell, got, want)
		}
	}
	if got := cellFloat(t, f, SheetForecastSlots, "D2"); !near(got, 6.5) {
		t.Errorf("Saturday's mean at 07:30 = %v, want 6.5", got)
	}
	if got := cellFloat(t, f, SheetForecastSlots, "B2"); !near(got, 1.5) {
		t.Errorf("Monday's mean at 07:30 = %v, want 1.5", got)
	}
	charts := chartXML(t, raw)
	if len(charts) != 2 || !strings.Contains(strings.Join(charts, ""), "Saturdays: calls per slot") {
		t.Errorf("%d charts, want one for weekdays and one for Saturdays", len(charts))
	}
	if got, want := cellFloat(t, f, SheetForecast, ref(4, fcHeaderRow+2)), 24*6.5; !near(got, want) {
		t.Errorf("Saturday total = %v, want %v", got, want)
	}
}

func TestWriteForecastFonts(t *testing.T) {
	f, _ := writeForecastBook(t, forecastDataset(), "jan")
	if got, _ := f.GetDefaultFont(); got != FontFamily {
		t.Errorf("default font = %q, want %q", got, FontFamily)
	}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				id, err := f.GetCellStyle(sheet, ref(c+1, r+1))
				if err != nil {
					t.Fatal(err)
				}
				if id == 0 {
					continue
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				if st.Font == nil || st.Font.Family != FontFamily {
					t.Fatalf("%s!%s font = %+v, want family %s", sheet, ref(c+1, r+1), st.Font, FontFamily)
				}
			}
		}
	}
}

func TestWriteForecastErrors(t *testing.T) {
	ds := forecastDataset()
	ds.Sessions = append(ds.Sessions, planner.Session{ID: "empty", FirstDay: calendar.MustDate("2027-08-16"), LastDay: calendar.MustDate("2027-08-31")})
	tests := []struct {
		ds      *planner.Dataset
		session string
		want    string
	}{
		{nil, "jan", "needs a dataset"},
		{ds, "nope", `no session "nope"`},
		{ds, "empty", "session empty has no forecast"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		err := WriteForecast(&buf, tc.ds, tc.session)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("WriteForecast(%s) = %v, want an error with %q", tc.session, err, tc.want)
		}
	}
}

func BenchmarkWriteForecast(b *testing.B) {
	// A month of 15-minute slots on two lines.
	ds := &planner.Dataset{Settings: planner.DefaultSettings(), Lines: []planner.Line{{ID: "LLN"}, {ID: "MONS"}},
		Sessions: []planner.Session{{ID: "jan", FirstDay: calendar.MustDate("2027-01-04"), LastDay: calendar.MustDate("2027-01-30")}}}
	for d := range 27 {
		day := calendar.MustDate("2027-01-04").AddDays(d)
		for c := calendar.MustClock("07:30"); c < calendar.MustClock("19:30"); c += 15 {
			for _, l := range []string{"LLN", "MONS"} {
				ds.Forecast = append(ds.Forecast, planner.ForecastRow{SessionID: "jan", Date: day, Weekday: day.Weekday(),
					Slot: c, Line: l, Calls: float64(d%5) + 1, AHT: 300})
			}
		}
	}
	for b.Loop() {
		if err := WriteForecast(io.Discard, ds, "jan"); err != nil {
			b.Fatal(err)
		}
	}
}

// checkSheetPrint checks a sheet's print settings: A4 landscape, fit to one page wide, the
// rows titles repeated on every page ("" for none), a header and a footer.
func checkSheetPrint(t *testing.T, f *excelize.File, sheet, titles string) {
	t.Helper()
	checkPrint(t, f, sheet, true, titles)
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if hf == nil || hf.OddHeader == "" || hf.OddFooter == "" {
		t.Errorf("%s has no page header or footer", sheet)
	}
}
