package xlsx

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Coverage sheet columns.
const (
	covDate = iota + 1
	covDay
	covTime
	covLine
	covCalls
	covNeeded
	covStaff
	covEffective
	covShortBy
	covSL
	covTarget
	covASA
	covAbandon
	covOccupancy
	covLast  = covOccupancy
	covChart = covLast + 2 // charts sit right of the table
)

var covHeader = []string{"Date", "Day", "Time", "Line", "Calls", "Needed", "Staff on duty",
	"Staffed (effective)", "Short by", "Service level", "Target", "ASA (s)", "Abandonment", "Occupancy"}

// covBlock is the rows of one day and line.
type covBlock struct {
	date        calendar.Date
	line        string
	first, last int // sheet rows
}

// writeCoverage writes the Coverage sheet: one row per day, line and slot with the agents
// needed and staffed and the predicted service, short slots in red, and a column+line chart of
// needed against staffed for each day and line beside its rows.
func (bk *book) writeCoverage() error {
	const sh = SheetCoverage
	f, st := bk.f, bk.st
	var slots []planner.SlotReport
	if bk.in.Report != nil {
		slots = slices.Clone(bk.in.Report.Slots)
	}
	lineOrder := func(id string) int {
		if i := slices.IndexFunc(bk.x.ds.Lines, func(l planner.Line) bool { return l.ID == id }); i >= 0 {
			return i
		}
		return len(bk.x.ds.Lines)
	}
	slices.SortStableFunc(slots, func(a, b planner.SlotReport) int {
		return cmp.Or(cmp.Compare(a.Date.Sub(b.Date), 0), cmp.Compare(lineOrder(a.Line), lineOrder(b.Line)),
			cmp.Compare(a.Line, b.Line), cmp.Compare(a.Time, b.Time))
	})
	var blocks []covBlock
	for i, s := range slots {
		r := i + 2
		if n := len(blocks); n == 0 || blocks[n-1].date != s.Date || blocks[n-1].line != s.Line {
			blocks = append(blocks, covBlock{date: s.Date, line: s.Line, first: r})
		}
		blocks[len(blocks)-1].last = r
	}
	lastRow := max(2, len(slots)+1)
	if err := bk.setupPage(sh, page{landscape: true, titleRows: "$1:$1", title: "Coverage " + bk.horizon(),
		filter: ref(1, 1) + ":" + ref(covLast, lastRow)}); err != nil {
		return err
	}
	for _, b := range blocks {
		if err := bk.addCoverageChart(b); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	if err := freeze(sw, 0, 1); err != nil {
		return err
	}
	widths := []float64{11, 5, 7, 7, 7, 8, 8, 10, 7, 9, 7, 8, 12, 10}
	// The charts' columns get explicit widths so that every program places them alike.
	for len(widths) < covChart+12 {
		widths = append(widths, 9)
	}
	if err := setColWidths(sw, widths); err != nil {
		return err
	}
	header := make([]any, len(covHeader))
	for i, h := range covHeader {
		header[i] = cell(st.headerWrap, h)
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 28}); err != nil {
		return err
	}
	if len(slots) == 0 {
		return cmp.Or(sw.SetRow("A2", []any{cell(st.note, "No service figures: the roster has not been evaluated.")}), sw.Flush())
	}
	// Each day starts on a new page.
	prev := calendar.Date{}
	row := make([]any, covLast)
	for i, s := range slots {
		r := i + 2
		if s.Date != prev && i > 0 {
			if err := sw.InsertPageBreak(ref(1, r)); err != nil {
				return err
			}
		}
		prev = s.Date
		short := s.Short()
		shortBy := any(nil)
		if short {
			shortBy = float64(s.Needed) - s.Effective
		}
		row[covDate-1] = cell(st.date, excelDate(s.Date))
		row[covDay-1] = cell(st.text, weekdayShort(s.Date))
		row[covTime-1] = cell(st.text, s.Time.String())
		row[covLine-1] = cell(st.text, s.Line)
		row[covCalls-1] = cell(st.dec1, s.Calls)
		row[covNeeded-1] = cell(st.integer, s.Needed)
		row[covStaff-1] = cell(st.integer, s.Staff)
		row[covEffective-1] = cell(shortStyle(st, short, st.dec1, st.shortDec), s.Effective)
		row[covShortBy-1] = cell(shortStyle(st, short, st.dec1, st.shortDec), shortBy)
		below := s.Calls > 0 && s.ServiceLevel < bk.x.set.TargetPercent/100-1e-9
		row[covSL-1] = cell(shortStyle(st, below, st.pct0, st.shortPct0), s.ServiceLevel)
		row[covTarget-1] = cell(st.pct0, bk.x.set.TargetPercent/100)
		row[covASA-1] = cell(st.secs, s.ASA)
		row[covAbandon-1] = cell(st.pct1, s.PAbandon)
		row[covOccupancy-1] = cell(st.pct0, s.Occupancy)
		if err := sw.SetRow(ref(1, r), row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// addCoverageChart adds the chart of one day and line: needed agents as columns, effective
// agents staffed as a line, and on the right-hand axis the service level against the target
// (a dashed line); slots along the axis, labelled every hour.
func (bk *book) addCoverageChart(b covBlock) error {
	const sh = SheetCoverage
	cats := absRange(sh, covTime, b.first, covTime, b.last)
	axisFont := excelize.Font{Family: FontFamily, Size: 8, Color: "404040"}
	// every chart of the combination carries the axis (the program may take either's):
	// hour labels, one every hour, upright
	xAxis := excelize.ChartAxis{Font: axisFont, TickLabelSkip: max(1, 60/max(1, bk.x.set.SlotMinutes)), Alignment: excelize.Alignment{TextRotation: -90}}
	rows := b.last - b.first + 1
	height := uint(min(320, max(140, rows*20-12)))
	title := fmt.Sprintf("%s %s, line %s: agents needed and staffed", weekdayShort(b.date), b.date, b.line)
	no := false
	col := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       absRange(sh, covNeeded, 1, covNeeded, 1),
			Categories: cats,
			Values:     absRange(sh, covNeeded, b.first, covNeeded, b.last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"A6A6A6"}},
		}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title,
			Font: &excelize.Font{Family: FontFamily, Size: 10, Bold: true}}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Family: FontFamily, Size: 9}},
		XAxis:     xAxis,
		YAxis:     excelize.ChartAxis{Font: axisFont, MajorGridLines: true, Minimum: &[]float64{0}[0]},
		Dimension: excelize.ChartDimension{Width: 560, Height: height},
		Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 4, PrintObject: &[]bool{true}[0], Locked: &no},
	}
	line := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name:       absRange(sh, covEffective, 1, covEffective, 1),
			Categories: cats,
			Values:     absRange(sh, covEffective, b.first, covEffective, b.last),
			Line:       excelize.LineOptions{Width: 2.25},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}},
		XAxis: xAxis,
		YAxis: col.YAxis,
	}
	one := 1.0
	service := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name:       absRange(sh, covSL, 1, covSL, 1),
			Categories: cats,
			Values:     absRange(sh, covSL, b.first, covSL, b.last),
			Line:       excelize.LineOptions{Width: 1.25},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"548235"}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}, {
			Name:       absRange(sh, covTarget, 1, covTarget, 1),
			Categories: cats,
			Values:     absRange(sh, covTarget, b.first, covTarget, b.last),
			Line:       excelize.LineOptions{Width: 1.25, Dash: excelize.LineDashDash},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"ED7D31"}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}},
		XAxis: xAxis,
		YAxis: excelize.ChartAxis{Secondary: true, Font: axisFont, Minimum: &[]float64{0}[0], Maximum: &one,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	}
	return bk.f.AddChart(sh, ref(covChart, b.first), col, line, service)
}
