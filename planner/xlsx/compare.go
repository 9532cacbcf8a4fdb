package xlsx

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/optimize"
)

// The sheets of the comparison workbook.
const (
	SheetCompare        = "Compare"
	SheetCompareChanges = "Changes"
	SheetCompareService = "Service" // by time of day, with its chart
	SheetCompareSlots   = "Slots"   // per slot of every day
)

// seriesColours are the chart colours of the scenarios, in order.
var seriesColours = []string{"404040", "5B9BD5", "ED7D31", "70AD47", "FFC000", "8E7CC3", "A5A5A5"}

// wbStyles are the few styles of the comparison and sizing workbooks.
type wbStyles struct {
	title, header, text, num0, num1, date int
}

func newWBStyles(f *excelize.File) (*wbStyles, error) {
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	border := []excelize.Border{{Type: "bottom", Color: "BFBFBF", Style: 1}}
	st := &wbStyles{
		title:  add(&excelize.Style{Font: &excelize.Font{Family: FontFamily, Size: 13, Bold: true}}),
		header: add(&excelize.Style{Font: &excelize.Font{Family: FontFamily, Size: fontSize, Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border}),
		text:   add(&excelize.Style{Font: &excelize.Font{Family: FontFamily, Size: fontSize}}),
		num0:   add(&excelize.Style{Font: &excelize.Font{Family: FontFamily, Size: fontSize}, NumFmt: 1}),
		num1:   add(&excelize.Style{Font: &excelize.Font{Family: FontFamily, Size: fontSize}, CustomNumFmt: ptrTo("0.0")}),
		date:   add(&excelize.Style{Font: &excelize.Font{Family: FontFamily, Size: fontSize}, CustomNumFmt: ptrTo("ddd yyyy-mm-dd")}),
	}
	return st, err
}

func ptrTo[T any](v T) *T { return &v }

// sheetWriter writes cells of one sheet, keeping the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) cell(col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil && w.err == nil {
		w.err = err
	}
	return c
}

// str writes text as a string cell: never a formula, whatever it starts with.
func (w *sheetWriter) str(col, row int, s string, style int) {
	c := w.cell(col, row)
	if w.err == nil {
		w.err = w.f.SetCellStr(w.sheet, c, s)
	}
	if w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, c, c, style)
	}
}

// num writes a number; NaN leaves the cell empty.
func (w *sheetWriter) num(col, row int, v float64, style int) {
	c := w.cell(col, row)
	if !math.IsNaN(v) && w.err == nil {
		w.err = w.f.SetCellFloat(w.sheet, c, v, -1, 64)
	}
	if w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, c, c, style)
	}
}

func (w *sheetWriter) widths(ws ...float64) {
	for i, x := range ws {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if w.err == nil {
			w.err = w.f.SetColWidth(w.sheet, col, col, x)
		}
	}
}

func (w *sheetWriter) freeze(col, row int) {
	if w.err == nil {
		w.err = w.f.SetPanes(w.sheet, &excelize.Panes{Freeze: true, XSplit: col, YSplit: row,
			TopLeftCell: w.cell(col+1, row+1), ActivePane: "bottomRight"})
	}
}

// chartRange is an absolute range of a sheet for a chart series: 'Sheet'!$B$2:$B$9.
func chartRange(sheet string, col1, row1, col2, row2 int) string {
	a, _ := excelize.CoordinatesToCellName(col1, row1, true)
	b, _ := excelize.CoordinatesToCellName(col2, row2, true)
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + a + ":" + b
}

// WriteComparison writes the comparison workbook: the side-by-side table (per day and in
// total, with the service of each line), the shifts that differ from the first scenario, the
// service level of each scenario by time of day against the target with a line chart, and
// the service level of each slot of every day. Every sheet prints landscape, one page wide,
// its header row repeated; the Service sheet and its chart on one page.
func WriteComparison(w io.Writer, c *optimize.Comparison) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newWBStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetCompare); err != nil {
		return err
	}
	if err := writeCompareTable(f, st, c); err != nil {
		return err
	}
	if err := writeCompareChanges(f, st, c); err != nil {
		return err
	}
	if err := writeCompareService(f, st, c); err != nil {
		return err
	}
	if err := writeCompareSlots(f, st, c); err != nil {
		return err
	}
	if err := printComparison(f, c); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// writeCompareTable writes the Compare sheet: the scenarios side by side, a column each, per
// day and in total, then the scenarios that could not be planned.
func writeCompareTable(f *excelize.File, st *wbStyles, c *optimize.Comparison) error {
	sw := &sheetWriter{f: f, sheet: SheetCompare}
	sw.str(1, 1, fmt.Sprintf("Scenarios on session %s, %s to %s (seed %d)", c.SessionID, c.From, c.To, c.Seed), st.title)
	row := 3
	sw.str(1, row, "Day", st.header)
	sw.str(2, row, "Figure", st.header)
	sw.str(3, row, "Unit", st.header)
	for i, s := range c.Scenarios {
		sw.str(4+i, row, s.Name, st.header)
	}
	for _, r := range c.Rows() {
		row++
		day := "total"
		if !r.Date.IsZero() {
			day = r.Date.Weekday().String()[:3] + " " + r.Date.String()
		}
		sw.str(1, row, day, st.text)
		sw.str(2, row, r.Metric, st.text)
		sw.str(3, row, r.Unit, st.text)
		style := st.num0
		if r.Unit == "%" || r.Unit == "h" {
			style = st.num1
		}
		for i, v := range r.Values {
			sw.num(4+i, row, v, style)
		}
	}
	for _, s := range c.Scenarios {
		if s.Error != "" {
			row += 2
			sw.str(1, row, fmt.Sprintf("%s: not planned: %s", s.Name, s.Error), st.text)
		}
	}
	ws := []float64{16, 30, 8}
	for range c.Scenarios {
		ws = append(ws, 14)
	}
	sw.widths(ws...)
	sw.freeze(3, 3)
	return sw.err
}

// writeCompareChanges writes the Changes sheet: each shift of a scenario that differs from
// the first scenario's.
func writeCompareChanges(f *excelize.File, st *wbStyles, c *optimize.Comparison) error {
	if _, err := f.NewSheet(SheetCompareChanges); err != nil {
		return err
	}
	cw := &sheetWriter{f: f, sheet: SheetCompareChanges}
	first := c.Scenarios[0].Name
	for i, h := range []string{"Scenario", "Staff", "Name", "Date", "Change", first, "Scenario's shift"} {
		cw.str(1+i, 1, h, st.header)
	}
	row := 1
	var people []*planner.Dataset // who answers which lines
	for _, s := range c.Scenarios {
		people = append(people, s.Dataset)
	}
	for _, p := range c.Staff {
		for _, ch := range p.Changes {
			row++
			cw.str(1, row, p.Scenario, st.text)
			cw.str(2, row, p.StaffID, st.text)
			cw.str(3, row, p.Name, st.text)
			cw.str(4, row, ch.Date.Weekday().String()[:3]+" "+ch.Date.String(), st.text)
			cw.str(5, row, ch.Kind, st.text)
			cw.str(6, row, shiftLabel(ch.Before, people...), st.text)
			cw.str(7, row, shiftLabel(ch.After, people...), st.text)
		}
	}
	cw.widths(14, 10, 24, 16, 10, 34, 34)
	cw.freeze(0, 1)
	return cw.err
}

// writeCompareSlots writes the Slots sheet: each scenario's service level in every slot of
// every day.
func writeCompareSlots(f *excelize.File, st *wbStyles, c *optimize.Comparison) error {
	if _, err := f.NewSheet(SheetCompareSlots); err != nil {
		return err
	}
	vw := &sheetWriter{f: f, sheet: SheetCompareSlots}
	labels, series := c.SlotSeries()
	for i, h := range []string{"Date", "Day", "Time"} {
		vw.str(1+i, 1, h, st.header)
	}
	for i, s := range c.Scenarios {
		vw.str(4+i, 1, s.Name+" (%)", st.header)
	}
	for r, l := range labels {
		date, clock, _ := strings.Cut(l, " ")
		day := ""
		if d, err := calendar.ParseDate(date); err == nil {
			day = weekdayShort(d)
		}
		vw.str(1, 2+r, date, st.text)
		vw.str(2, 2+r, day, st.text)
		vw.str(3, 2+r, clock, st.text)
		for i, v := range series {
			vw.num(4+i, 2+r, math.Round(v[r]*1000)/10, st.num1)
		}
	}
	vw.widths(12, 6, 7)
	vw.freeze(0, 1)
	return vw.err
}

// printComparison sets the print layout of the comparison's sheets: landscape, one page
// wide, the session in the header, the header rows repeated; the Service sheet on one page.
func printComparison(f *excelize.File, c *optimize.Comparison) error {
	left := fmt.Sprintf("Session %s, %s to %s", c.SessionID, c.From, c.To)
	for _, p := range []struct {
		sheet, centre, titles string
		tall                  int
	}{
		{SheetCompare, "Scenarios side by side", "$3:$3", 0},
		{SheetCompareChanges, "Shifts that differ", "$1:$1", 0},
		{SheetCompareService, "Service by time of day", "$1:$1", 1},
		{SheetCompareSlots, "Service per slot", "$1:$1", 0},
	} {
		if err := printPage(f, p.sheet, left, p.centre, p.tall, p.titles); err != nil {
			return err
		}
	}
	return nil
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func addLineChart(f *excelize.File, sheet, cell, title string, series []excelize.ChartSeries, skip int) error {
	axisFont := excelize.Font{Family: FontFamily, Size: 8}
	no := false
	return f.AddChart(sheet, cell, &excelize.Chart{
		Type:   excelize.Line,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title,
			Font: &excelize.Font{Family: FontFamily, Size: 10, Bold: true}}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Family: FontFamily, Size: 9}},
		XAxis:     excelize.ChartAxis{Font: axisFont, TickLabelSkip: skip},
		YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true, Minimum: ptrTo(0.0)},
		Dimension: excelize.ChartDimension{Width: 720, Height: 320},
		Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 4, PrintObject: ptrTo(true), Locked: &no},
	})
}

// shiftLabel is a shift as "07:30-15:30 LLN+MONS (break 12:00-12:30)", or "off".
func shiftLabel(s *planner.Shift, people ...*planner.Dataset) string {
	if s == nil {
		return "off"
	}
	t := fmt.Sprintf("%s-%s %s", s.Start, s.End, planner.ShiftLineLabel(*s, people...))
	if s.BreakEnd > s.BreakStart {
		t += fmt.Sprintf(" (break %s-%s)", s.BreakStart, s.BreakEnd)
	}
	return t
}

// writeCompareService writes the Service sheet: for each time of day, each scenario's service
// level over the horizon's days (weighted by their calls) and the first scenario's target,
// with a line chart of them, the target dashed.
func writeCompareService(f *excelize.File, st *wbStyles, c *optimize.Comparison) error {
	if _, err := f.NewSheet(SheetCompareService); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: SheetCompareService}
	var times []calendar.Clock
	calls := make([]map[calendar.Clock]float64, len(c.Scenarios))
	inTarget := make([]map[calendar.Clock]float64, len(c.Scenarios))
	slot := 30
	for i, s := range c.Scenarios {
		calls[i], inTarget[i] = map[calendar.Clock]float64{}, map[calendar.Clock]float64{}
		if s.Report == nil {
			continue
		}
		if s.Dataset != nil && s.Dataset.Settings.SlotMinutes > 0 {
			slot = s.Dataset.Settings.SlotMinutes
		}
		for _, x := range s.Report.Slots {
			if !slices.Contains(times, x.Time) {
				times = append(times, x.Time)
			}
			calls[i][x.Time] += x.Calls
			inTarget[i][x.Time] += x.Calls * x.ServiceLevel
		}
	}
	slices.Sort(times)
	target := math.NaN()
	if d := c.Scenarios[0].Dataset; d != nil {
		target = d.Settings.TargetPercent
	}
	w.str(1, 1, "Time", st.header)
	for i, s := range c.Scenarios {
		w.str(2+i, 1, s.Name+" (%)", st.header)
	}
	tcol := 2 + len(c.Scenarios)
	w.str(tcol, 1, "Target (%)", st.header)
	for r, t := range times {
		w.str(1, 2+r, t.String(), st.text)
		for i := range c.Scenarios {
			v := math.NaN()
			if calls[i][t] > 0 {
				v = math.Round(1000*inTarget[i][t]/calls[i][t]) / 10
			}
			w.num(2+i, 2+r, v, st.num1)
		}
		w.num(tcol, 2+r, target, st.num1)
	}
	ws := []float64{8}
	for range c.Scenarios {
		ws = append(ws, 14)
	}
	w.widths(append(ws, 11)...)
	w.freeze(1, 1)
	if w.err != nil || len(times) == 0 {
		return w.err
	}
	last := len(times) + 1
	var cs []excelize.ChartSeries
	for i := range c.Scenarios {
		cs = append(cs, excelize.ChartSeries{
			Name:       chartRange(SheetCompareService, 2+i, 1, 2+i, 1),
			Categories: chartRange(SheetCompareService, 1, 2, 1, last),
			Values:     chartRange(SheetCompareService, 2+i, 2, 2+i, last),
			Line:       excelize.LineOptions{Width: 2},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{seriesColours[i%len(seriesColours)]}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		})
	}
	cs = append(cs, excelize.ChartSeries{
		Name:       chartRange(SheetCompareService, tcol, 1, tcol, 1),
		Categories: chartRange(SheetCompareService, 1, 2, 1, last),
		Values:     chartRange(SheetCompareService, tcol, 2, tcol, last),
		Line:       excelize.LineOptions{Width: 1.5, Dash: excelize.LineDashDash},
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}},
		Marker:     excelize.ChartMarker{Symbol: "none"},
	})
	axisFont := excelize.Font{Family: FontFamily, Size: 8, Color: "404040"}
	no := false
	return f.AddChart(SheetCompareService, cellName(tcol+2, 2), &excelize.Chart{
		Type:   excelize.Line,
		Series: cs,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Service level by time of day, against the target (%)",
			Font: &excelize.Font{Family: FontFamily, Size: 10, Bold: true}}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Family: FontFamily, Size: 9}},
		XAxis:     excelize.ChartAxis{Font: axisFont, TickLabelSkip: max(1, 60/max(1, slot)), Alignment: excelize.Alignment{TextRotation: -90}},
		YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true, Minimum: ptrTo(0.0), Maximum: ptrTo(100.0)},
		Dimension: excelize.ChartDimension{Width: 640, Height: 360},
		Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 4, PrintObject: ptrTo(true), Locked: &no},
	})
}
