package xlsx

import (
	"fmt"
	"strconv"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// put writes one cell in normal (not stream) mode: strings always as string cells, never as
// formulas.
func (bk *book) put(sheet string, col, row int, v any, style int) error {
	c := ref(col, row)
	var err error
	switch v := v.(type) {
	case string:
		err = bk.f.SetCellStr(sheet, c, v)
	case nil:
	default:
		err = bk.f.SetCellValue(sheet, c, v)
	}
	if err == nil && style != 0 {
		err = bk.f.SetCellStyle(sheet, c, c, style)
	}
	return err
}

// putRow writes cells from column 1 of row; each value is a cell (styled) or a plain value
// with style def.
func (bk *book) putRow(sheet string, row, def int, values ...any) error {
	for i, v := range values {
		style := def
		if c, ok := v.(styled); ok {
			v, style = c.v, c.style
		}
		if err := bk.put(sheet, i+1, row, v, style); err != nil {
			return err
		}
	}
	return nil
}

type styled struct {
	style int
	v     any
}

func sv(style int, v any) styled { return styled{style, v} }

// writeSummary writes the Summary sheet: what the roster is, then, when it has been evaluated,
// the service per day and per line, the worst slots, the rules broken and the wishes not met.
func (bk *book) writeSummary() error {
	const sh = SheetSummary
	f, st := bk.f, bk.st
	if err := bk.setupPage(sh, page{landscape: true, title: "Summary " + bk.horizon()}); err != nil {
		return err
	}
	for col, w := range []float64{18, 9, 10, 11, 10, 12, 10, 11, 11, 12, 12, 40} {
		if err := f.SetColWidth(sh, colName(col+1), colName(col+1), w); err != nil {
			return err
		}
	}
	if err := bk.put(sh, 1, 1, "Helpdesk roster", st.title); err != nil {
		return err
	}
	row, err := bk.summaryInfo(3)
	if err != nil {
		return err
	}
	rep := bk.in.Report
	row++
	if rep == nil {
		return bk.put(sh, 1, row, "No service figures: the roster has not been evaluated.", st.note)
	}
	if row, err = bk.summaryDays(row); err != nil {
		return err
	}
	if row, err = bk.writeLines(row); err != nil {
		return err
	}
	if row, err = bk.summaryWorst(row); err != nil {
		return err
	}
	// Violations, then the soft rules missed.
	if row, err = bk.writeViolations(row+1, "Rules broken", "None: the roster keeps every rule.", rep.Violations); err != nil {
		return err
	}
	if len(rep.Unmet) > 0 {
		row++
		if _, err = bk.writeViolations(row, "Wishes and training not met", "", rep.Unmet); err != nil {
			return err
		}
	}
	return nil
}

// summaryInfo writes what the roster is from row on: session, week, version, seed, method,
// when, the service target and the scenario. It returns the row after the last.
func (bk *book) summaryInfo(row int) (int, error) {
	const sh = SheetSummary
	st, in, set := bk.st, bk.in, bk.x.set
	version := strconv.Itoa(in.Roster.Version)
	if in.Roster.Status != "" {
		version += " (" + string(in.Roster.Status) + ")"
	}
	session := bk.session.Name
	if bk.session.ID != "" && bk.session.ID != session {
		session += " (" + bk.session.ID + ")"
	}
	info := [][2]any{
		{"Session", session},
		{"Week", bk.horizon() + ", " + bk.weekLabel()},
		{"Roster version", version},
		{"Seed", in.Roster.Seed},
		{"Planned by", in.Roster.Method},
		{"Generated", bk.generated()},
		{"Service target", fmt.Sprintf("%g%% of calls answered within %d s", set.TargetPercent, set.TargetSeconds)},
	}
	if in.Roster.Scenario != "" {
		info = append(info, [2]any{"Scenario", in.Roster.Scenario})
	}
	for _, kv := range info {
		if err := bk.put(sh, 1, row, kv[0], st.label); err != nil {
			return 0, err
		}
		if err := bk.put(sh, 2, row, kv[1], st.left); err != nil {
			return 0, err
		}
		row++
	}
	return row, nil
}

// summaryDays writes the table of the service per day, with its total, from row on, and
// returns the next free row.
func (bk *book) summaryDays(row int) (int, error) {
	const sh = SheetSummary
	f, st, rep := bk.f, bk.st, bk.in.Report
	if err := bk.put(sh, 1, row, "Per day", st.subtitle); err != nil {
		return 0, err
	}
	row++
	if err := bk.putRow(sh, row, st.headerWrap, "Date", "Day", "Calls", "Service level", "ASA (s)",
		"Abandonment", "Paid hours", "Slots short"); err != nil {
		return 0, err
	}
	if err := f.SetRowHeight(sh, row, 28); err != nil {
		return 0, err
	}
	row++
	for _, d := range rep.Days {
		if err := bk.putRow(sh, row, 0, sv(st.date, excelDate(d.Date)), sv(st.text, weekdayShort(d.Date)),
			sv(st.integer, d.Calls), sv(st.pct1, d.ServiceLevel), sv(st.secs, d.ASA), sv(st.pct1, d.PAbandon),
			sv(st.dec1, d.PaidHours), sv(shortStyle(st, d.SlotsShort > 0, st.integer, st.shortInt), d.SlotsShort)); err != nil {
			return 0, err
		}
		row++
	}
	if err := bk.putRow(sh, row, 0, sv(st.totalLabel, "Total"), sv(st.totalLabel, ""), sv(st.totalNum, rep.Calls),
		sv(st.pctTotal, rep.ServiceLevel), sv(st.secsTotal, rep.ASA), sv(st.pctTotal, rep.PAbandon),
		sv(st.dec1Total, rep.PaidHours), sv(st.totalNum, rep.SlotsShort)); err != nil {
		return 0, err
	}
	return row + 2, nil
}

// summaryWorst writes the table of the worst slots (Options.WorstSlots, 10 by default) from
// row on, and returns the row after the last.
func (bk *book) summaryWorst(row int) (int, error) {
	const sh = SheetSummary
	f, st := bk.f, bk.st
	n := bk.in.Options.WorstSlots
	if n <= 0 {
		n = 10
	}
	worst := bk.in.Report.WorstSlots(n)
	if err := bk.put(sh, 1, row, fmt.Sprintf("Worst slots (most calls not answered in time, up to %d)", n), st.subtitle); err != nil {
		return 0, err
	}
	row++
	if len(worst) == 0 {
		if err := bk.put(sh, 1, row, "No slot with calls.", st.note); err != nil {
			return 0, err
		}
		return row + 1, nil
	}
	if err := bk.putRow(sh, row, st.headerWrap, "Date", "Day", "Time", "Line", "Calls", "Needed",
		"Staffed (effective)", "Service level", "ASA (s)", "Abandonment"); err != nil {
		return 0, err
	}
	if err := f.SetRowHeight(sh, row, 28); err != nil {
		return 0, err
	}
	row++
	for _, s := range worst {
		short := s.Short()
		if err := bk.putRow(sh, row, 0, sv(st.date, excelDate(s.Date)), sv(st.text, weekdayShort(s.Date)),
			sv(st.text, slotLabel(s.Time, bk.x.set.SlotMinutes)), sv(st.text, s.Line), sv(st.dec1, s.Calls),
			sv(st.integer, s.Needed), sv(shortStyle(st, short, st.dec1, st.shortDec), s.Effective),
			sv(st.pct0, s.ServiceLevel), sv(st.secs, s.ASA), sv(st.pct1, s.PAbandon)); err != nil {
			return 0, err
		}
		row++
	}
	return row, nil
}

// writeLines writes the table of the service per line from row on, when the desk has two
// lines or more, and returns the next free row. A line below the target is marked.
func (bk *book) writeLines(row int) (int, error) {
	const sh = SheetSummary
	f, st, rep := bk.f, bk.st, bk.in.Report
	if len(rep.Lines) < 2 {
		return row, nil
	}
	if err := bk.put(sh, 1, row, "Per line", st.subtitle); err != nil {
		return row, err
	}
	row++
	// the columns of the table per day above: Line over Date and Day
	if err := bk.putRow(sh, row, st.headerWrap, "Line", "", "Calls", "Service level", "ASA (s)", "Abandonment",
		"Slots nobody answers", "Against the target", ""); err != nil {
		return row, err
	}
	for _, m := range [][2]int{{1, 2}, {8, 9}} {
		if err := f.MergeCell(sh, ref(m[0], row), ref(m[1], row)); err != nil {
			return row, err
		}
	}
	if err := f.SetRowHeight(sh, row, 28); err != nil {
		return row, err
	}
	row++
	for _, l := range rep.Lines {
		below, far := l.TargetGap(bk.x.set)
		mark, pct := "met", st.pct1
		switch {
		case far:
			mark, pct = "FAR BELOW TARGET", st.shortPct
		case below:
			mark, pct = "below target", st.shortPct
		case l.Calls <= 0:
			mark = "no calls"
		}
		if err := bk.putRow(sh, row, 0, sv(st.text, l.Line), sv(st.text, ""), sv(st.integer, l.Calls), sv(pct, l.ServiceLevel),
			sv(st.secs, l.ASA), sv(st.pct1, l.PAbandon), sv(shortStyle(st, l.SlotsUnanswered > 0, st.integer, st.shortInt), l.SlotsUnanswered),
			sv(st.text, mark), sv(st.text, "")); err != nil {
			return row, err
		}
		for _, m := range [][2]int{{1, 2}, {8, 9}} {
			if err := f.MergeCell(sh, ref(m[0], row), ref(m[1], row)); err != nil {
				return row, err
			}
		}
		row++
	}
	return row + 1, nil
}

// writeViolations writes the table of vs under title from row on (none when vs is empty),
// and returns the next free row.
func (bk *book) writeViolations(row int, title, none string, vs []planner.Violation) (int, error) {
	const sh = SheetSummary
	f, st := bk.f, bk.st
	if err := bk.put(sh, 1, row, title, st.subtitle); err != nil {
		return row, err
	}
	row++
	if len(vs) == 0 {
		return row + 1, bk.put(sh, 1, row, none, st.note)
	}
	if err := bk.putRow(sh, row, st.header, "Rule", "Date", "", "Time", "Line", "Staff"); err != nil {
		return row, err
	}
	if err := bk.put(sh, 7, row, "Message", st.header); err != nil {
		return row, err
	}
	if err := f.MergeCell(sh, ref(2, row), ref(3, row)); err != nil {
		return row, err
	}
	if err := f.MergeCell(sh, ref(7, row), ref(12, row)); err != nil {
		return row, err
	}
	row++
	for _, v := range vs {
		var date, clock any = "", ""
		if !v.Date.IsZero() {
			date = excelDate(v.Date)
		}
		if v.Time != 0 {
			clock = v.Time.String()
		}
		who := v.StaffID
		if p, ok := bk.x.byID[v.StaffID]; ok && v.StaffID != "" {
			who = bk.x.staff[p].Name
		}
		if err := bk.putRow(sh, row, st.text, v.Rule, sv(st.date, date), sv(st.text, ""), clock, v.Line, who); err != nil {
			return row, err
		}
		if err := bk.put(sh, 7, row, v.Msg, st.textWrap); err != nil {
			return row, err
		}
		for _, m := range [][2]int{{2, 3}, {7, 12}} {
			if err := f.MergeCell(sh, ref(m[0], row), ref(m[1], row)); err != nil {
				return row, err
			}
		}
		// Merged cells do not grow with wrapped text: size the row for the message.
		lines := len([]rune(v.Msg))/95 + 1
		if err := f.SetRowHeight(sh, row, wrappedRowHeight(lines, 13, 2)); err != nil {
			return row, err
		}
		row++
	}
	return row, nil
}

func shortStyle(_ *styles, short bool, normal, red int) int {
	if short {
		return red
	}
	return normal
}

// slotLabel is a slot as "07:30-08:00".
func slotLabel(c calendar.Clock, minutes int) string {
	return c.String() + "-" + (c + calendar.Clock(minutes)).String()
}
