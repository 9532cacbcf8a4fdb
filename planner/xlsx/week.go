package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
)

// Week sheet layout: title, legend, header, then one row per staff member.
const (
	weekHeaderRow = 3
	weekFirstDay  = 5 // column of the first day: after Name, ID, Status, Line
)

// writeWeek writes the Week sheet: one row per staff member with their shift on each day the
// desk opens (a weekday it never opens has no column, unless someone works then), coloured by
// band, a line saying when they are the coordinator on duty, and their hours, contract and
// hours outside it, each in a cell of its own.
func (bk *book) writeWeek() error {
	const sh = SheetWeek
	x := bk.x
	shown := bk.weekDays()
	lastCol := weekFirstDay + len(shown) + 3
	lastRow := weekHeaderRow + len(x.staff)
	if err := bk.setupPage(sh, page{landscape: true, titleRows: fmt.Sprintf("$1:$%d", weekHeaderRow),
		title: "Week " + bk.horizon(), filter: ref(1, weekHeaderRow) + ":" + ref(lastCol, max(lastRow, weekHeaderRow+1))}); err != nil {
		return err
	}
	if err := bk.weekValidations(lastRow, len(shown)); err != nil {
		return err
	}
	sw, err := bk.f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	if err := freeze(sw, 1, weekHeaderRow); err != nil {
		return err
	}
	if err := setColWidths(sw, bk.weekWidths(shown)); err != nil {
		return err
	}
	if err := bk.weekHead(sw, shown); err != nil {
		return err
	}
	row := make([]any, lastCol)
	for p := range x.staff {
		if err := bk.weekRow(sw, p, shown, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// weekWidths returns the Week sheet's column widths. Day columns are wide enough for the
// longest shift on one line, "07:30-13:30 LLN+MONS", and the longest coordinator line.
func (bk *book) weekWidths(shown []int) []float64 {
	x := bk.x
	dayWidth := 17.0
	for i := range x.r.Shifts {
		if _, ok := x.dayIdx[x.r.Shifts[i].Date]; ok {
			dayWidth = max(dayWidth, float64(len(x.lineLabel(&x.r.Shifts[i]))+13))
		}
	}
	for p := range x.staff {
		for _, d := range shown {
			dayWidth = max(dayWidth, float64(len(x.coordinatorText(p, d))+2))
		}
	}
	widths := []float64{bk.nameWidth(), 10, 10, 10}
	for range shown {
		widths = append(widths, min(dayWidth, 40))
	}
	return append(widths, 8, 9, 9, 11)
}

// weekHead writes the Week sheet's title, legend and header rows.
func (bk *book) weekHead(sw *excelize.StreamWriter, shown []int) error {
	st, x := bk.st, bk.x
	title := "Week " + bk.horizon()
	if bk.session.Name != "" {
		title += ": " + bk.session.Name
	}
	if err := sw.SetRow("A1", []any{cell(st.subtitle, title)}, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	e, l := x.bandLimits()
	legend := []any{
		cell(st.label, "Legend"), nil, nil, nil,
		cell(st.band[bandEarly], fmt.Sprintf("Early shift\n(mostly before %s)", e)),
		cell(st.band[bandDay], fmt.Sprintf("Day shift\n(mostly %s-%s)", e, l)),
		cell(st.band[bandLate], fmt.Sprintf("Late shift\n(mostly after %s)", l)),
		cell(st.legendBreak, "(break ...) unpaid\nbreak in the shift"),
		cell(st.legendUnder, "Hours under\ncontract"),
		cell(st.legendOver, "Hours over\ncontract"),
	}
	if bk.hasCoordinators() {
		legend[1] = cell(st.legendCoord, "coordinator HH:MM-HH:MM:\nthe coordinator on duty then")
		legend[2], legend[3] = cell(st.legendCoord, nil), cell(st.legendCoord, nil)
		if err := sw.MergeCell("B2", "D2"); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A2", legend, excelize.RowOpts{Height: 28}); err != nil {
		return err
	}
	header := []any{cell(st.headerWrap, "Name"), cell(st.headerWrap, "ID"), cell(st.headerWrap, "Status"), cell(st.headerWrap, "Line")}
	for _, d := range shown {
		header = append(header, cell(st.headerWrap, weekdayShort(x.days[d])+"\n"+x.days[d].String()))
	}
	header = append(header, cell(st.headerWrap, "Hours"), cell(st.headerWrap, "Contract\nat least"),
		cell(st.headerWrap, "Contract\nat most"), cell(st.headerWrap, "Hours outside\ncontract"))
	return sw.SetRow(ref(1, weekHeaderRow), header, excelize.RowOpts{Height: 28})
}

// weekRow writes staff member p's row, using row as its buffer: who they are, their shifts on
// the shown days, and their hours against contract. The row is as high as its tallest cell.
func (bk *book) weekRow(sw *excelize.StreamWriter, p int, shown []int, row []any) error {
	st, x := bk.st, bk.x
	s := &x.staff[p]
	clear(row)
	row[0] = cell(st.name, s.Name)
	row[1] = cell(st.text, s.ID)
	row[2] = cell(st.text, string(s.Status))
	row[3] = cell(st.text, strings.Join(s.Lines, "+"))
	lines := 1
	for c, d := range shown {
		if len(x.grid[p][d]) == 0 {
			row[weekFirstDay-1+c] = cell(st.text, nil)
			continue
		}
		text, style := bk.weekCell(p, d)
		lines = max(lines, strings.Count(text, "\n")+1)
		row[weekFirstDay-1+c] = cell(style, text)
	}
	hoursCol := weekFirstDay + len(shown)
	h := x.hours(p)
	lo, hi := x.contract(p, bk.staffRep)
	diff, ds := 0.0, st.diffOK
	switch {
	case h < lo-1e-9:
		diff, ds = h-lo, st.diffUnder
	case hi > 0 && h > hi+1e-9:
		diff, ds = h-hi, st.diffOver
	}
	row[hoursCol-1] = cell(st.hoursOK, h)
	row[hoursCol] = cell(st.hoursOK, lo)
	row[hoursCol+1] = cell(st.hoursOK, nil)
	if hi > 0 {
		row[hoursCol+1] = cell(st.hoursOK, hi)
	}
	row[hoursCol+2] = cell(ds, diff)
	opts := excelize.RowOpts{Height: wrappedRowHeight(lines, 12, 3)}
	return sw.SetRow(ref(1, weekHeaderRow+1+p), row, opts)
}

// weekCell returns the text of staff member p's cell on day d, one line per shift and one for
// the coordinator on duty, and its style (the band of the first shift). p has a shift that
// day.
func (bk *book) weekCell(p, d int) (string, int) {
	st, x := bk.st, bk.x
	ids := x.grid[p][d]
	texts := make([]string, len(ids))
	for k, i := range ids {
		texts[k] = x.shiftText(x.shift(i))
	}
	style := st.band[x.band(x.shift(ids[0]))]
	if coord := x.coordinatorText(p, d); coord != "" {
		texts = append(texts, coord)
		style = st.bandCoord[x.band(x.shift(ids[0]))]
	}
	return strings.Join(texts, "\n"), style
}

// weekDays returns the indexes in x.days of the Week sheet's day columns: the days of the
// weekdays the desk opens, and any other day someone works.
func (bk *book) weekDays() []int {
	var out []int
	for d, day := range bk.x.days {
		if bk.x.set.IsOpen(day.Weekday()) || len(bk.x.perDay[d]) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// hasCoordinators reports whether someone of the team may be the coordinator on duty.
func (bk *book) hasCoordinators() bool {
	for _, s := range bk.x.staff {
		if s.IsCoordinator() {
			return true
		}
	}
	return false
}

// weekValidations helps whoever edits the Week sheet by hand (deskplan check reads it back):
// the Status column offers the statuses in a list, and each day cell explains the shift
// format when selected.
func (bk *book) weekValidations(lastRow, days int) error {
	if lastRow <= weekHeaderRow {
		return nil
	}
	status := excelize.NewDataValidation(true)
	status.Sqref = fmt.Sprintf("C%d:C%d", weekHeaderRow+1, lastRow)
	keys := make([]string, len(planner.Statuses))
	for i, s := range planner.Statuses {
		keys[i] = string(s)
	}
	if err := status.SetDropList(keys); err != nil {
		return err
	}
	status.SetError(excelize.DataValidationErrorStyleStop, "Status", "The status is one of "+strings.Join(keys, ", ")+".")
	if err := bk.f.AddDataValidation(SheetWeek, status); err != nil {
		return err
	}
	if days == 0 {
		return nil
	}
	shift := excelize.NewDataValidation(true)
	shift.Sqref = ref(weekFirstDay, weekHeaderRow+1) + ":" + ref(weekFirstDay+days-1, lastRow)
	shift.SetInput("Shift", "HH:MM-HH:MM LINE, e.g. 07:30-13:30 LLN (LLN+MONS: both lines), and on a second line "+
		"(break HH:MM-HH:MM) when there is a break. Empty: day off.")
	return bk.f.AddDataValidation(SheetWeek, shift)
}

// contractText is a contract range in hours: "20-38", "38" or "".
func contractText(lo, hi float64) string {
	switch {
	case lo == 0 && hi == 0:
		return ""
	case lo == hi:
		return fmt.Sprintf("%g", lo)
	}
	return fmt.Sprintf("%g-%g", lo, hi)
}
