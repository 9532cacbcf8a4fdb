package xlsx

import (
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Timeline sheet layout: title, legend, header (name, status, line, with, one column per
// slot), then per day a day row and one row per shift.
const (
	tlHeaderRow = 3
	tlFirstSlot = 5
)

// BreakMark is the text of a Timeline cell where the person is on break.
const BreakMark = "B"

// withChars is about how many characters of the With column's small type fit on one line.
const withChars = 34

// CoordMark is the text of a Timeline cell where the person is the coordinator on duty.
const CoordMark = "C"

// writeTimeline writes the Timeline sheet: per day a Gantt chart with a row per shift and a
// column per slot, filled in the line's colour where the person is on duty (lighter for
// trainees and new staff), marked BreakMark on break and CoordMark where the person is the
// coordinator on duty. Each trainee's row sits right under
// the mentor on duty with them, and the With column names the pair.
func (bk *book) writeTimeline() error {
	const sh = SheetTimeline
	slots := bk.x.set.Slots()
	if err := bk.setupPage(sh, page{landscape: true, titleRows: "$1:$3", title: "Timeline " + bk.horizon()}); err != nil {
		return err
	}
	sw, err := bk.f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	if err := bk.timelineColumns(sw, slots); err != nil {
		return err
	}
	if err := bk.timelineHead(sw, slots); err != nil {
		return err
	}
	tl := &timeline{bk: bk, sw: sw, slots: slots, row: make([]any, tlFirstSlot+len(slots)-1), shared: map[int]*excelize.Cell{}}
	r := tlHeaderRow + 1
	for d := range bk.x.days {
		if r, err = tl.day(d, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// timelineColumns freezes the Timeline's header and names, and sets its column widths.
func (bk *book) timelineColumns(sw *excelize.StreamWriter, slots []calendar.Clock) error {
	if err := freeze(sw, tlFirstSlot-1, tlHeaderRow); err != nil {
		return err
	}
	slotWidth := 3.3
	if bk.x.set.SlotMinutes < 30 {
		slotWidth = 2.4
	}
	widths := []float64{bk.nameWidth(), 9, 10, 24}
	for range slots {
		widths = append(widths, slotWidth)
	}
	return setColWidths(sw, widths)
}

// timelineHead writes the Timeline's title, legend and header rows.
func (bk *book) timelineHead(sw *excelize.StreamWriter, slots []calendar.Clock) error {
	st, x := bk.st, bk.x
	if err := sw.SetRow("A1", []any{cell(st.subtitle, "Timeline "+bk.horizon())}, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	legend := []any{cell(st.label, "Legend"), nil, nil, cell(st.note, "trainees under their mentor")}
	for i, l := range x.ds.Lines {
		legend = append(legend, cell(st.ganttStyle(i, false), nil), cell(st.left, l.ID), nil)
	}
	legend = append(legend, cell(st.gPooled, nil), cell(st.left, "both lines"), nil, nil,
		cell(st.ganttStyle(min(0, len(x.ds.Lines)-1), true), nil), cell(st.left, "trainee, new"), nil, nil, nil,
		cell(st.gBreak, BreakMark), cell(st.left, "break"))
	if bk.hasCoordinators() {
		legend = append(legend, nil, nil, cell(st.gCoord, CoordMark), cell(st.left, "coordinator on duty"))
	}
	if err := sw.SetRow("A2", legend, excelize.RowOpts{Height: 18}); err != nil {
		return err
	}
	header := []any{cell(st.header, "Name"), cell(st.header, "Status"), cell(st.header, "Line"), cell(st.header, "With")}
	for _, c := range slots {
		header = append(header, cell(st.headerRot, c.String()))
	}
	return sw.SetRow(ref(1, tlHeaderRow), header, excelize.RowOpts{Height: 34})
}

// timeline streams the days of the Timeline sheet.
type timeline struct {
	bk    *book
	sw    *excelize.StreamWriter
	slots []calendar.Clock
	row   []any // a shift's row, reused
	// Slot cells are shared, valueless styled cells: no allocation per cell.
	shared map[int]*excelize.Cell
}

func (tl *timeline) slotCell(style int, v any) *excelize.Cell {
	c, ok := tl.shared[style]
	if !ok {
		c = &excelize.Cell{StyleID: style, Value: v}
		tl.shared[style] = c
	}
	return c
}

// day writes day d from row r on, on a new page after the first day: its day row, then its
// shifts, each trainee under their mentor. It returns the row after the last.
func (tl *timeline) day(d, r int) (int, error) {
	st, x := tl.bk.st, tl.bk.x
	if r > tlHeaderRow+1 {
		if err := tl.sw.InsertPageBreak(ref(1, r)); err != nil {
			return 0, err
		}
	}
	dayRow := make([]any, len(tl.row))
	for i := range dayRow {
		dayRow[i] = cell(st.dayRow, nil)
	}
	dayRow[0] = cell(st.dayRow, x.days[d].Weekday().String()+" "+x.days[d].String())
	if len(x.perDay[d]) == 0 {
		dayRow[3] = cell(st.dayRow, "nobody rostered")
	}
	if err := tl.sw.SetRow(ref(1, r), dayRow, excelize.RowOpts{Height: 18}); err != nil {
		return 0, err
	}
	r++
	pair := x.mentors(d)
	for _, i := range x.timelineOrder(d, pair) {
		if err := tl.shift(d, i, pair, r); err != nil {
			return 0, err
		}
		r++
	}
	return r, nil
}

// shift writes shift i of day d (with the day's mentor pairing) in row r: the person, the
// pair and a cell per slot on duty.
func (tl *timeline) shift(d int, i int32, pair map[int32]int32, r int) error {
	bk, st, x, row := tl.bk, tl.bk.st, tl.bk.x, tl.row
	s := x.shift(i)
	p := x.person(s.StaffID)
	clear(row)
	_, paired := pair[i]
	trainee := supervised(p.Status)
	nameStyle := st.name
	if paired {
		nameStyle = st.nameIndent
	}
	row[0] = cell(nameStyle, p.Name)
	row[1] = cell(st.text, string(p.Status))
	row[2] = cell(st.text, x.lineLabel(s))
	row[3] = tl.withCell(i, p, pair)
	on := st.ganttStyle(bk.lineGroup(s), trainee)
	coord, pi := x.coordinators()[d], x.byID[s.StaffID]
	for k, c := range tl.slots {
		end := c + calendar.Clock(x.set.SlotMinutes)
		if s.Start >= end || s.End <= c {
			continue
		}
		switch {
		case s.BreakEnd > s.BreakStart && s.BreakStart < end && s.BreakEnd > c:
			row[tlFirstSlot-1+k] = tl.slotCell(st.gBreak, BreakMark)
		case coord[k] == pi:
			row[tlFirstSlot-1+k] = tl.slotCell(st.gCoord, CoordMark)
		default:
			row[tlFirstSlot-1+k] = tl.slotCell(on, nil)
		}
	}
	// a long "mentor of" wraps in its cell, which grows: it never spills over the grid
	opts := excelize.RowOpts{}
	if c, ok := row[3].(excelize.Cell); ok {
		if text, ok := c.Value.(string); ok && textWidth(text) > withChars {
			opts.Height = wrappedRowHeight((textWidth(text)+withChars-1)/withChars, 12, 3)
		}
	}
	return tl.sw.SetRow(ref(1, r), row, opts)
}

// withCell returns the With cell of shift i of person p: the mentor on duty with a trainee,
// the trainees of a mentor, or a trainee's missing mentor.
func (tl *timeline) withCell(i int32, p *planner.Staff, pair map[int32]int32) excelize.Cell {
	st, x := tl.bk.st, tl.bk.x
	if m, paired := pair[i]; paired {
		return cell(st.with, "with: "+x.person(x.shift(m).StaffID).Name)
	}
	switch {
	case supervised(p.Status):
		return cell(st.withMissing, "no mentor on duty")
	case p.Status == planner.StatusMentor:
		if names := x.traineesOf(i, pair); len(names) > 0 {
			return cell(st.with, "mentor of: "+strings.Join(names, ", "))
		}
	}
	return cell(st.with, nil)
}

// lineGroup returns the index of a shift's line among the dataset's lines, or -1 for a
// pooled shift or an unknown line.
func (bk *book) lineGroup(s *planner.Shift) int {
	if s.Line == planner.PooledLine {
		return -1
	}
	return slices.IndexFunc(bk.x.ds.Lines, func(l planner.Line) bool { return l.ID == s.Line })
}
