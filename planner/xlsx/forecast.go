package xlsx

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// The sheets of the forecast workbook.
const (
	SheetForecast      = "Forecast"
	SheetForecastSlots = "Slots" // the mean calls per slot of each kind of day, and their charts
	SheetForecastDays  = "Days"  // the calls of every slot of every day, a row each
)

// dayKind is the kind of day the forecast workbook charts apart: the weekdays (Monday to
// Friday), Saturdays and Sundays, whose calls differ in level and shape.
type dayKind int

const (
	kindWeekday dayKind = iota
	kindSaturday
	kindSunday
)

func kindOf(wd time.Weekday) dayKind {
	switch wd {
	case time.Saturday:
		return kindSaturday
	case time.Sunday:
		return kindSunday
	}
	return kindWeekday
}

func (k dayKind) String() string { return [...]string{"weekdays", "Saturdays", "Sundays"}[k] }

// dayGroup is the days of one kind and the columns of their means on the Slots sheet.
type dayGroup struct {
	kind  dayKind
	days  []*forecastDay
	first int // the column of the first line's mean; then the other lines, the total, and with
	// spread each line's 10%, 90% and band
}

// groupDays returns the groups of days that have some, in kind order, with their columns.
func groupDays(days []*forecastDay, lines int, spread bool) []dayGroup {
	var out []dayGroup
	col := 2
	for k := kindWeekday; k <= kindSunday; k++ {
		g := dayGroup{kind: k, first: col}
		for _, d := range days {
			if kindOf(d.weekday) == k {
				g.days = append(g.days, d)
			}
		}
		if len(g.days) == 0 {
			continue
		}
		out = append(out, g)
		col += g.width(lines, spread)
	}
	return out
}

// width is the number of columns of a group on the Slots sheet.
func (g dayGroup) width(lines int, spread bool) int {
	if spread {
		return 4*lines + 1
	}
	return lines + 1
}

// bandCol is the column of line i's 10% quantile (then its 90% and band) in group g.
func (g dayGroup) bandCol(i, lines int) int { return g.first + lines + 1 + 3*i }

// Layout of the Forecast sheet: the per-day table's header row, and its columns.
const (
	fcHeaderRow = 7
	fcDateCol   = 1
	fcDayCol    = 2
	fcFirstLine = 3 // the lines' columns, then Total, Peak slot, Peak calls
)

// forecastDay is one day of a session's forecast (a weekly profile row's weekday when date is
// zero).
type forecastDay struct {
	date    calendar.Date
	weekday time.Weekday
	calls   map[string]float64                    // per line
	slots   map[calendar.Clock]float64            // all lines
	perLine map[string]map[calendar.Clock]float64 // per line and slot
	// low and high are, per line and slot, the 10% and 90% quantiles of the slot's calls,
	// when the rows give their spread.
	low, high map[string]map[calendar.Clock]float64
	rows      map[string][]planner.ForecastRow // per line
	total     float64
}

// peak returns the day's busiest slot (the earliest of equals) and its calls.
func (d *forecastDay) peak() (calendar.Clock, float64) {
	var at calendar.Clock
	best := -1.0
	for c, n := range d.slots {
		if n > best || n == best && c < at {
			at, best = c, n
		}
	}
	return at, max(best, 0)
}

// WriteForecast writes the forecast of session sessionID in ds to w as a workbook of three
// sheets: Forecast, with the session, the calls per day and line, each day's total and
// busiest slot, and for each kind of day (weekdays, Saturdays, Sundays: their calls differ in
// level and shape) a line chart of each line's mean calls per slot; Slots, those means per
// slot, the charts' data; and Days, the calls of every slot of every day, a row each.
// Weekly profile rows (no date) are days of their own, labelled by weekday.
//
// When the rows give the spread of their calls (DayCV, SlotCV), the Slots sheet also has, per
// kind of day and line, the mean of each slot's 10% and 90% quantiles, and below it a chart
// per line and kind of day of its mean calls per slot within that 80% band.
//
// Every sheet prints landscape, one page wide, its header row repeated; the Forecast sheet and
// its charts on one page while the session is short enough to stay readable.
//
// It returns an error when ds has no such session or the session has no forecast.
func WriteForecast(w io.Writer, ds *planner.Dataset, sessionID string) error {
	session, rows, err := sessionForecast(ds, sessionID)
	if err != nil {
		return err
	}
	lines := forecastLineOrder(ds, rows)
	days, slots := forecastDays(rows)
	spread := slices.ContainsFunc(rows, func(r planner.ForecastRow) bool { return r.DayCV > 0 || r.SlotCV > 0 })

	f := excelize.NewFile()
	defer f.Close()
	st, err := newForecastFile(f, len(lines))
	if err != nil {
		return err
	}
	if err := writeForecastDays(f, st, session, lines, days, spread); err != nil {
		return err
	}
	groups := groupDays(days, len(lines), spread)
	if _, err := f.NewSheet(SheetForecastDays); err != nil {
		return err
	}
	if err := writeForecastSlots(f, st, lines, groups, slots, spread); err != nil {
		return err
	}
	// a stream sheet gets its print settings before it is written
	if err := forecastPage(f, SheetForecastDays, session, 0, "$1:$1"); err != nil {
		return err
	}
	if err := writeForecastDaySlots(f, st, lines, days, slots); err != nil {
		return err
	}
	if err := addForecastCharts(f, lines, groups, slots, spread); err != nil {
		return err
	}
	if err := printForecast(f, session, len(days), len(groups)); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// sessionForecast returns session sessionID of ds and its forecast rows; an error when there
// is no such session or it has no forecast.
func sessionForecast(ds *planner.Dataset, sessionID string) (planner.Session, []planner.ForecastRow, error) {
	if ds == nil {
		return planner.Session{}, nil, errors.New("xlsx: a forecast workbook needs a dataset")
	}
	session, ok := ds.Session(sessionID)
	if !ok {
		return planner.Session{}, nil, fmt.Errorf("xlsx: no session %q in the dataset", sessionID)
	}
	var rows []planner.ForecastRow
	for _, f := range ds.Forecast {
		if f.SessionID == sessionID {
			rows = append(rows, f)
		}
	}
	if len(rows) == 0 {
		return planner.Session{}, nil, fmt.Errorf("xlsx: session %s has no forecast", sessionID)
	}
	return session, rows, nil
}

// newForecastFile prepares f for a forecast of n lines: its font, its styles, and its
// Forecast and Slots sheets.
func newForecastFile(f *excelize.File, n int) (*styles, error) {
	if err := f.SetDefaultFont(FontFamily); err != nil {
		return nil, err
	}
	st, err := newStyles(f, n)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SheetForecast); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(SheetForecastSlots); err != nil {
		return nil, err
	}
	return st, nil
}

// addForecastCharts adds the charts: beside the Forecast sheet's table, each kind of day's
// mean calls per slot; with spread, below the Slots table, a row of band charts per line (one
// per kind of day), two lines to a page.
func addForecastCharts(f *excelize.File, lines []string, groups []dayGroup, slots []calendar.Clock, spread bool) error {
	skip := 2
	if len(slots) > 1 {
		skip = max(1, 60/max(1, int(slots[1]-slots[0])))
	}
	chartCol := fcFirstLine + len(lines) + 4
	if spread {
		chartCol += 2 * len(lines)
	}
	for k, g := range groups {
		if err := addForecastChart(f, lines, g, len(slots), skip, ref(chartCol, fcHeaderRow+17*k)); err != nil {
			return err
		}
	}
	if !spread {
		return nil
	}
	bandRow := len(slots) + 4
	for i, l := range lines {
		if i%2 == 0 {
			if err := f.InsertPageBreak(SheetForecastSlots, ref(1, bandRow)); err != nil {
				return err
			}
		}
		for k, g := range groups {
			if err := addBandChart(f, l, i, len(lines), g, len(slots), skip, ref(1+8*k, bandRow)); err != nil {
				return err
			}
		}
		bandRow += 17
	}
	return nil
}

// printForecast sets the print settings of the Forecast and Slots sheets: the Forecast sheet
// (of days and groups kinds of day) and its charts on one page while that stays readable.
func printForecast(f *excelize.File, session planner.Session, days, groups int) error {
	tall := 0
	if fcHeaderRow+days+2 <= 60 && groups <= 3 {
		tall = 1
	}
	for _, p := range []struct {
		sheet  string
		tall   int
		titles string
	}{{SheetForecast, tall, fmt.Sprintf("$%d:$%d", fcHeaderRow, fcHeaderRow)}, {SheetForecastSlots, 0, "$1:$1"}} {
		if err := forecastPage(f, p.sheet, session, p.tall, p.titles); err != nil {
			return err
		}
	}
	return nil
}

// forecastPage sets a forecast sheet's print settings (printPage), the session named in the
// page header.
func forecastPage(f *excelize.File, sheet string, session planner.Session, tall int, titles string) error {
	name := session.Name
	if name == "" {
		name = session.ID
	}
	return printPage(f, sheet, name, "Call forecast", tall, titles)
}

// printPage sets the print settings of a sheet of the forecast, comparison and sizing
// workbooks: A4 landscape, one page wide (and tall pages high, 0: as many as needed), the
// rows titles ("$1:$1") repeated on every page, left and centre in the page header and the
// page number and sheet in the footer. For a stream sheet it must run before the
// StreamWriter is created.
func printPage(f *excelize.File, sheet, left, centre string, tall int, titles string) error {
	yes := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	if titles != "" {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sheet) + "!" + titles, Scope: sheet}); err != nil {
			return err
		}
	}
	a4, one, orient := 9, 1, "landscape"
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &orient, FitToWidth: &one, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + hfText(cut(left, 60)) + "&C&\"" + FontFamily + ",Bold\"" + hfText(cut(centre, 60)),
		OddFooter: "&CPage &P of &N&R&A",
	})
}

// forecastLineOrder returns the lines of rows: the dataset's lines in order, then others in
// order of appearance.
func forecastLineOrder(ds *planner.Dataset, rows []planner.ForecastRow) []string {
	has := map[string]bool{}
	var extra []string
	for _, r := range rows {
		if !has[r.Line] {
			has[r.Line] = true
			if !slices.ContainsFunc(ds.Lines, func(l planner.Line) bool { return l.ID == r.Line }) {
				extra = append(extra, r.Line)
			}
		}
	}
	var out []string
	for _, l := range ds.Lines {
		if has[l.ID] {
			out = append(out, l.ID)
		}
	}
	return append(out, extra...)
}

// forecastDays groups rows by day (weekly profile rows first, by weekday; then dates in
// order) and returns the days and every slot that has a row, in order.
func forecastDays(rows []planner.ForecastRow) ([]*forecastDay, []calendar.Clock) {
	type key struct {
		date    calendar.Date
		weekday time.Weekday
	}
	index := map[key]*forecastDay{}
	var days []*forecastDay
	var slots []calendar.Clock
	seen := map[calendar.Clock]bool{}
	for _, r := range rows {
		k := key{r.Date, r.Weekday}
		if !r.Date.IsZero() {
			k.weekday = r.Date.Weekday()
		}
		d := index[k]
		if d == nil {
			d = &forecastDay{date: k.date, weekday: k.weekday, calls: map[string]float64{},
				slots: map[calendar.Clock]float64{}, perLine: map[string]map[calendar.Clock]float64{},
				low: map[string]map[calendar.Clock]float64{}, high: map[string]map[calendar.Clock]float64{},
				rows: map[string][]planner.ForecastRow{}}
			index[k] = d
			days = append(days, d)
		}
		d.calls[r.Line] += r.Calls
		d.slots[r.Slot] += r.Calls
		if d.perLine[r.Line] == nil {
			d.perLine[r.Line] = map[calendar.Clock]float64{}
			d.low[r.Line] = map[calendar.Clock]float64{}
			d.high[r.Line] = map[calendar.Clock]float64{}
		}
		d.perLine[r.Line][r.Slot] += r.Calls
		d.rows[r.Line] = append(d.rows[r.Line], r)
		d.low[r.Line][r.Slot] += planner.SlotCallsQuantile(r, 0.1)
		d.high[r.Line][r.Slot] += planner.SlotCallsQuantile(r, 0.9)
		d.total += r.Calls
		if !seen[r.Slot] {
			seen[r.Slot] = true
			slots = append(slots, r.Slot)
		}
	}
	slices.SortStableFunc(days, func(a, b *forecastDay) int {
		if a.date.IsZero() != b.date.IsZero() {
			if a.date.IsZero() {
				return -1
			}
			return 1
		}
		if a.date.IsZero() {
			return int(a.weekday) - int(b.weekday)
		}
		return a.date.Compare(b.date)
	})
	slices.Sort(slots)
	return days, slots
}

// setStr writes a text cell (never a formula) with a style.
func setStr(f *excelize.File, sheet string, col, row int, s string, style int) error {
	c := ref(col, row)
	if err := f.SetCellStr(sheet, c, s); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, c, c, style)
}

// setNum writes a number cell with a style.
func setNum(f *excelize.File, sheet string, col, row int, v any, style int) error {
	c := ref(col, row)
	if err := f.SetCellValue(sheet, c, v); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, c, c, style)
}

// writeForecastDays writes the Forecast sheet's per-day table; with spread, each line's 10%
// and 90% quantiles of the day's calls follow the peak.
func writeForecastDays(f *excelize.File, st *styles, session planner.Session, lines []string, days []*forecastDay, spread bool) error {
	const sh = SheetForecast
	total, err := writeForecastInfo(f, st, session, lines, days)
	if err != nil {
		return err
	}
	head := append(append([]string{"Date", "Day"}, lines...), "Total", "Peak slot", "Peak calls")
	if spread {
		for _, l := range lines {
			head = append(head, l+" 10%", l+" 90%")
		}
	}
	for i, h := range head {
		if err := setStr(f, sh, i+1, fcHeaderRow, h, st.header); err != nil {
			return err
		}
	}
	lineTotals := make([]float64, len(lines))
	row := fcHeaderRow
	for _, d := range days {
		row++
		for i, l := range lines {
			lineTotals[i] += d.calls[l]
		}
		if err := writeForecastDay(f, st, row, lines, d, spread); err != nil {
			return err
		}
	}
	if err := writeForecastTotals(f, st, row+1, len(head), lineTotals, total); err != nil {
		return err
	}
	widths := append(append([]float64{12, 6}, repeat(9, len(lines))...), 9, 10, 10)
	if spread {
		widths = append(widths, repeat(9, 2*len(lines))...)
	}
	widths[0] = 14
	for i, w := range widths {
		if err := f.SetColWidth(sh, colName(i+1), colName(i+1), w); err != nil {
			return err
		}
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: fcHeaderRow, TopLeftCell: ref(1, fcHeaderRow+1),
		ActivePane: "bottomLeft", Selection: []excelize.Selection{{SQRef: ref(1, fcHeaderRow+1), ActiveCell: ref(1, fcHeaderRow+1), Pane: "bottomLeft"}}})
}

// writeForecastInfo writes the Forecast sheet's title and what the forecast is: session,
// days, calls and lines. It returns the calls of all days.
func writeForecastInfo(f *excelize.File, st *styles, session planner.Session, lines []string, days []*forecastDay) (float64, error) {
	const sh = SheetForecast
	name := session.Name
	if name == "" {
		name = session.ID
	} else if session.ID != name {
		name += " (" + session.ID + ")"
	}
	total := 0.0
	for _, d := range days {
		total += d.total
	}
	numFmt := "#,##0.0"
	calls, err := f.NewStyle(&excelize.Style{Font: font(false, fontSize, ""), CustomNumFmt: &numFmt,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}})
	if err != nil {
		return 0, err
	}
	if err := setStr(f, sh, 1, 1, "Call forecast", st.title); err != nil {
		return 0, err
	}
	info := []struct {
		label string
		value any
		style int
	}{
		{"Session", name, st.left},
		{"Days", fmt.Sprintf("%s to %s, %d days with a forecast", session.FirstDay, session.LastDay, len(days)), st.left},
		{"Calls", total, calls},
		{"Lines", strings.Join(lines, ", "), st.left},
	}
	for i, x := range info {
		row := 2 + i
		if err := setStr(f, sh, 1, row, x.label, st.label); err != nil {
			return 0, err
		}
		var err error
		if s, ok := x.value.(string); ok {
			err = setStr(f, sh, 2, row, s, x.style)
		} else {
			err = setNum(f, sh, 2, row, x.value, x.style)
		}
		if err != nil {
			return 0, err
		}
	}
	return total, nil
}

// writeForecastDay writes day d's row of the per-day table: date, weekday, each line's calls,
// the total, the busiest slot and its calls, and with spread each line's 10% and 90%
// quantiles of the day's calls.
func writeForecastDay(f *excelize.File, st *styles, row int, lines []string, d *forecastDay, spread bool) error {
	const sh = SheetForecast
	totalCol := fcFirstLine + len(lines)
	var err error
	if d.date.IsZero() {
		err = setStr(f, sh, fcDateCol, row, "weekly", st.text)
	} else {
		err = setNum(f, sh, fcDateCol, row, excelDate(d.date), st.date)
	}
	if err != nil {
		return err
	}
	if err := setStr(f, sh, fcDayCol, row, d.weekday.String()[:3], st.text); err != nil {
		return err
	}
	for i, l := range lines {
		if err := setNum(f, sh, fcFirstLine+i, row, d.calls[l], st.dec1); err != nil {
			return err
		}
	}
	at, n := d.peak()
	if err := setNum(f, sh, totalCol, row, d.total, st.dec1); err != nil {
		return err
	}
	if err := setStr(f, sh, totalCol+1, row, at.String(), st.text); err != nil {
		return err
	}
	if err := setNum(f, sh, totalCol+2, row, n, st.dec1); err != nil {
		return err
	}
	for i, l := range lines {
		if !spread {
			break
		}
		for q, p := range []float64{0.1, 0.9} {
			v := 0.0
			if rs := d.rows[l]; len(rs) > 0 {
				v = planner.DayCallsQuantile(rs, p)
			}
			if err := setNum(f, sh, totalCol+3+2*i+q, row, v, st.dec1); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeForecastTotals writes the per-day table's total row in row, over its columns: each
// line's calls and all calls.
func writeForecastTotals(f *excelize.File, st *styles, row, columns int, lineTotals []float64, total float64) error {
	const sh = SheetForecast
	totalCol := fcFirstLine + len(lineTotals)
	if err := setStr(f, sh, 1, row, "Total", st.totalLabel); err != nil {
		return err
	}
	if err := setStr(f, sh, 2, row, "", st.totalLabel); err != nil {
		return err
	}
	for i, v := range lineTotals {
		if err := setNum(f, sh, fcFirstLine+i, row, v, st.dec1Total); err != nil {
			return err
		}
	}
	if err := setNum(f, sh, totalCol, row, total, st.dec1Total); err != nil {
		return err
	}
	for c := totalCol + 1; c < columns+1; c++ {
		if err := setStr(f, sh, c, row, "", st.totalLabel); err != nil {
			return err
		}
	}
	return nil
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// writeForecastSlots writes the Slots sheet: per slot and kind of day (weekdays, Saturdays,
// Sundays), each line's mean calls over those days and the mean total; with spread, each
// line's mean 10% and 90% quantiles and the band between them (90% less 10%, which the band
// charts stack on the 10%). The charts draw these columns.
func writeForecastSlots(f *excelize.File, st *styles, lines []string, groups []dayGroup, slots []calendar.Clock, spread bool) error {
	const sh = SheetForecastSlots
	if err := setStr(f, sh, 1, 1, "Slot", st.headerWrap); err != nil {
		return err
	}
	for _, g := range groups {
		head := make([]string, 0, g.width(len(lines), spread))
		for _, l := range lines {
			head = append(head, l+", "+g.kind.String())
		}
		head = append(head, "Total, "+g.kind.String())
		if spread {
			for _, l := range lines {
				head = append(head, l+" 10%, "+g.kind.String(), l+" 90%, "+g.kind.String(), l+" band, "+g.kind.String())
			}
		}
		for i, h := range head {
			if err := setStr(f, sh, g.first+i, 1, h, st.headerWrap); err != nil {
				return err
			}
		}
	}
	for r, c := range slots {
		row := r + 2
		if err := setStr(f, sh, 1, row, c.String(), st.text); err != nil {
			return err
		}
		for _, g := range groups {
			n := float64(len(g.days))
			all := 0.0
			for i, l := range lines {
				sum := 0.0
				for _, d := range g.days {
					sum += d.perLine[l][c]
				}
				all += sum
				if err := setNum(f, sh, g.first+i, row, sum/n, st.dec1); err != nil {
					return err
				}
			}
			if err := setNum(f, sh, g.first+len(lines), row, all/n, st.dec1); err != nil {
				return err
			}
			for i, l := range lines {
				if !spread {
					break
				}
				var lo, hi float64
				for _, d := range g.days {
					lo += d.low[l][c]
					hi += d.high[l][c]
				}
				for q, v := range []float64{lo / n, hi / n, (hi - lo) / n} {
					if err := setNum(f, sh, g.bandCol(i, len(lines))+q, row, v, st.dec1); err != nil {
						return err
					}
				}
			}
		}
	}
	last := 1
	if len(groups) > 0 {
		g := groups[len(groups)-1]
		last = g.first + g.width(len(lines), spread) - 1
	}
	if err := f.SetColWidth(sh, "A", "A", 8); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, colName(2), colName(max(last, 17)), 10); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 1, 42); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2",
		ActivePane: "bottomRight", Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomRight"}}})
}

// writeForecastDaySlots writes the Days sheet: a row per day and slot, with each line's calls
// and their total, a day after the other: readable on paper, and ready for a filter.
func writeForecastDaySlots(f *excelize.File, st *styles, lines []string, days []*forecastDay, slots []calendar.Clock) error {
	const sh = SheetForecastDays
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	if err := freeze(sw, 0, 1); err != nil {
		return err
	}
	widths := append([]float64{14, 6, 8}, repeat(10, len(lines)+1)...)
	if err := setColWidths(sw, widths); err != nil {
		return err
	}
	head := []any{cell(st.header, "Date"), cell(st.header, "Day"), cell(st.header, "Slot")}
	for _, l := range lines {
		head = append(head, cell(st.header, l))
	}
	head = append(head, cell(st.header, "Total"))
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := 2
	for _, d := range days {
		var date any = cell(st.date, excelDate(d.date))
		if d.date.IsZero() {
			date = cell(st.text, "weekly")
		}
		for _, c := range slots {
			vals := []any{date, cell(st.text, d.weekday.String()[:3]), cell(st.text, c.String())}
			for _, l := range lines {
				vals = append(vals, cell(st.dec1, d.perLine[l][c]))
			}
			vals = append(vals, cell(st.dec1, d.slots[c]))
			if err := sw.SetRow(ref(1, row), vals); err != nil {
				return err
			}
			row++
		}
	}
	return sw.Flush()
}

// addForecastChart adds to the Forecast sheet, right of the per-day table (at cell), a line chart
// of each line's mean calls per slot over the days of group g and of their total, from the
// Slots sheet, with a slot label every skip slots.
func addForecastChart(f *excelize.File, lines []string, g dayGroup, slots, skip int, cell string) error {
	const sh = SheetForecastSlots
	cats := absRange(sh, 1, 2, 1, slots+1)
	var series []excelize.ChartSeries
	for i := range len(lines) + 1 {
		col := g.first + i
		colour := "404040" // the total
		if i < len(lines) {
			colour = lineColours[i%len(lineColours)][0]
		}
		series = append(series, excelize.ChartSeries{
			Name:       absRange(sh, col, 1, col, 1),
			Categories: cats,
			Values:     absRange(sh, col, 2, col, slots+1),
			Line:       excelize.LineOptions{Width: 2},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	return f.AddChart(SheetForecast, cell, &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     chartTitle(meanTitle(g)),
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Family: FontFamily, Size: 9}},
		XAxis:     hourAxis(skip),
		YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true, Minimum: &[]float64{0}[0]},
		Dimension: excelize.ChartDimension{Width: 560, Height: 300},
		Format:    chartFormat(),
	})
}

// hourAxis is the slot axis of a chart: a label every skip slots, upright, so that "07:30"
// never breaks over two lines.
func hourAxis(skip int) excelize.ChartAxis {
	return excelize.ChartAxis{Font: axisFont, TickLabelSkip: skip, Alignment: excelize.Alignment{TextRotation: -90}}
}

// axisFont is the font of the forecast charts' axes.
var axisFont = excelize.Font{Family: FontFamily, Size: 8, Color: "404040"}

// meanTitle is the title of a chart of the mean calls per slot over the days of g:
// "Weekdays: calls per slot, mean of 20 days".
func meanTitle(g dayGroup) string {
	kind := g.kind.String()
	kind = strings.ToUpper(kind[:1]) + kind[1:]
	if len(g.days) == 1 {
		return kind + ": calls per slot"
	}
	return fmt.Sprintf("%s: calls per slot, mean of %d days", kind, len(g.days))
}

func chartTitle(s string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s, Font: &excelize.Font{Family: FontFamily, Size: 10, Bold: true}}}}
}

func chartFormat() excelize.GraphicOptions {
	no := false
	return excelize.GraphicOptions{OffsetX: 4, OffsetY: 4, PrintObject: &[]bool{true}[0], Locked: &no}
}

// addBandChart adds to the Slots sheet, at cell, the chart of line l (the i-th of n lines):
// its mean calls per slot over the days as a line within its 80% band (the mean 10% and 90%
// quantiles), from the Slots sheet: a stacked area of the 10% quantile, not filled, and the
// band above it, translucent, under the line of the means.
func addBandChart(f *excelize.File, l string, i, n int, g dayGroup, slots, skip int, cell string) error {
	const sh = SheetForecastSlots
	cats := absRange(sh, 1, 2, 1, slots+1)
	lowCol := g.bandCol(i, n)
	colour := lineColours[i%len(lineColours)][0]
	band := &excelize.Chart{
		Type: excelize.AreaStacked,
		Series: []excelize.ChartSeries{
			{Name: absRange(sh, lowCol, 1, lowCol, 1), Categories: cats, Values: absRange(sh, lowCol, 2, lowCol, slots+1),
				Fill: excelize.Fill{Type: "pattern", Pattern: 0}},
			{Name: absRange(sh, lowCol+2, 1, lowCol+2, 1), Categories: cats, Values: absRange(sh, lowCol+2, 2, lowCol+2, slots+1),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}, Transparency: 70}},
		},
		Title:     chartTitle(fmt.Sprintf("%s on %s, and its 80%% band", l, strings.Replace(meanTitle(g), ":", "", 1))),
		Legend:    excelize.ChartLegend{Position: "none"},
		XAxis:     hourAxis(skip),
		YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true, Minimum: &[]float64{0}[0]},
		Dimension: excelize.ChartDimension{Width: 560, Height: 300},
		Format:    chartFormat(),
	}
	mean := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{Name: absRange(sh, g.first+i, 1, g.first+i, 1), Categories: cats, Values: absRange(sh, g.first+i, 2, g.first+i, slots+1),
			Line: excelize.LineOptions{Width: 2}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Marker: excelize.ChartMarker{Symbol: "none"}}},
		XAxis: band.XAxis,
		YAxis: band.YAxis,
	}
	return f.AddChart(SheetForecastSlots, cell, band, mean)
}
