package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
)

// maxColleagues caps the names listed in a person's "on duty with" cell.
const maxColleagues = 15

var dirHeader = []string{"ID", "Name", "E-mail", "Status", "Roles", "Lines", "Contract\n(hours a week)",
	"Max days\na week", "Max hours\na day", "Shifts", "Hours", "Beside a\nmentor (h)", "Training\nasked (h)", "Sheet"}

// writeDirectory writes the Staff sheet: the directory of staff, with a link to each
// person's sheet when there are person sheets (person[p] is the sheet of staff member p).
func (bk *book) writeDirectory(person []string) error {
	const sh = SheetStaff
	f, st, x := bk.f, bk.st, bk.x
	last := len(dirHeader)
	if person == nil {
		last--
	}
	if err := bk.setupPage(sh, page{landscape: true, titleRows: "$1:$1", title: "Staff",
		filter: "A1:" + ref(last, max(2, len(x.staff)+1))}); err != nil {
		return err
	}
	for p, name := range person {
		if err := f.SetCellHyperLink(sh, ref(last, p+2), quoteSheet(name)+"!A1", "Location"); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	if err := freeze(sw, 2, 1); err != nil {
		return err
	}
	if err := setColWidths(sw, []float64{12, bk.nameWidth(), 28, 10, 12, 10, 12, 9, 9, 7, 7, 10, 10, bk.nameWidth()}[:last]); err != nil {
		return err
	}
	header := make([]any, last)
	for i := range header {
		header[i] = cell(st.headerWrap, dirHeader[i])
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 28}); err != nil {
		return err
	}
	row := make([]any, last)
	for p := range x.staff {
		s := &x.staff[p]
		shifts := 0
		for _, d := range x.grid[p] {
			shifts += len(d)
		}
		row[0] = cell(st.text, s.ID)
		row[1] = cell(st.name, s.Name)
		row[2] = cell(st.text, s.Email)
		row[3] = cell(st.text, string(s.Status))
		row[4] = cell(st.text, strings.Join(s.Roles, ", "))
		row[5] = cell(st.text, strings.Join(s.Lines, "+"))
		row[6] = cell(st.text, contractText(s.MinHoursWeek, s.MaxHoursWeek))
		row[7] = cell(st.integer, nonZero(s.MaxDaysWeek))
		row[8] = cell(st.dec1, nonZero(s.MaxHoursDay))
		row[9] = cell(st.integer, shifts)
		row[10] = cell(st.dec1, x.hours(p))
		row[11], row[12] = cell(st.dec1, nil), cell(st.dec1, nil)
		if sr, ok := bk.staffReport(s.ID); ok {
			if s.Status == planner.StatusNew || s.Status == planner.StatusTrainee {
				row[11] = cell(st.dec1, sr.BesideMentor)
			}
			if s.Status == planner.StatusNew {
				row[12] = cell(st.dec1, sr.TrainingAsked)
			}
		}
		if person != nil {
			row[13] = cell(st.link, person[p])
		}
		if err := sw.SetRow(ref(1, p+2), row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func nonZero[T int | float64](v T) any {
	if v == 0 {
		return nil
	}
	return v
}

// pairChars is about how many characters of the Mentor / trainees column fit on one line.
const pairChars = 30

var personHeader = []string{"Date", "Day", "Start", "End", "Break", "Line", "Hours", "Mentor / trainees", "On duty with"}

// writePerson writes staff member p's sheet: who they are, their contract, their shifts with
// the mentor or trainees paired with them and the colleagues on duty on the same line, and
// their hours against contract. back adds a link to the Staff directory.
func (bk *book) writePerson(sh string, p int, back bool) error {
	s := &bk.x.staff[p]
	title := s.Name
	if !back && bk.draft() { // a person's own file of a draft says so
		title = "DRAFT – " + s.Name
	}
	if err := bk.personLayout(sh, title, back); err != nil {
		return err
	}
	row, err := bk.personInfo(sh, p, back)
	if err != nil {
		return err
	}
	if row, err = bk.personShifts(sh, p, row+1); err != nil {
		return err
	}
	return bk.personHours(sh, p, row+1)
}

// personLayout sets up a person's sheet: page, column widths, title and the link back to the
// Staff directory (when back).
func (bk *book) personLayout(sh, title string, back bool) error {
	f, st := bk.f, bk.st
	if err := bk.setupPage(sh, page{landscape: true, fitHeight: 1, title: title}); err != nil {
		return err
	}
	for c, w := range []float64{15, 6, 7, 7, 12, 10, 7, 26, 60} {
		if err := f.SetColWidth(sh, colName(c+1), colName(c+1), w); err != nil {
			return err
		}
	}
	if err := bk.put(sh, 1, 1, title, st.title); err != nil {
		return err
	}
	if back {
		if err := bk.put(sh, 9, 1, "Back to the staff directory", st.link); err != nil {
			return err
		}
		if err := f.SetCellHyperLink(sh, "I1", quoteSheet(SheetStaff)+"!A1", "Location"); err != nil {
			return err
		}
	}
	return nil
}

// personInfo writes who staff member p is from row 3 down: id, status, lines, roles, e-mail,
// contract and the roster. It returns the row after the last.
func (bk *book) personInfo(sh string, p int, back bool) (int, error) {
	st, x := bk.st, bk.x
	s := &x.staff[p]
	contract := contractText(s.MinHoursWeek, s.MaxHoursWeek)
	if contract != "" {
		contract += " hours a week"
	}
	if s.MaxDaysWeek > 0 {
		contract += fmt.Sprintf(", at most %d days a week", s.MaxDaysWeek)
	}
	if s.MaxHoursDay > 0 {
		contract += fmt.Sprintf(", at most %g hours a day", s.MaxHoursDay)
	}
	info := [][2]string{
		{"ID", s.ID},
		{"Status", string(s.Status)},
		{"Lines", strings.Join(s.Lines, "+")},
		{"E-mail", s.Email},
		{"Contract", strings.TrimPrefix(contract, ", ")},
		{"Roster", fmt.Sprintf("%s, %s, version %d", bk.horizon(), bk.session.Name, bk.in.Roster.Version)},
	}
	if !back && bk.draft() {
		info[len(info)-1][1] += " (DRAFT: not published, shifts may still change)"
	}
	if len(s.Roles) > 0 {
		info = append(info[:3], append([][2]string{{"Roles", strings.Join(s.Roles, ", ")}}, info[3:]...)...)
	}
	row := 3
	for _, kv := range info {
		if err := bk.putRow(sh, row, st.left, sv(st.label, kv[0]), kv[1]); err != nil {
			return 0, err
		}
		row++
	}
	return row, nil
}

// personShifts writes staff member p's shifts from row on, under a frozen header, or a note
// when there is none. It returns the row after the last.
func (bk *book) personShifts(sh string, p, row int) (int, error) {
	f, st, x := bk.f, bk.st, bk.x
	header := make([]any, len(personHeader))
	for i, h := range personHeader {
		header[i] = sv(st.header, h)
	}
	if err := bk.putRow(sh, row, 0, header...); err != nil {
		return 0, err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: ref(1, row+1), ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	row++
	n := 0
	for d := range x.days {
		if len(x.grid[p][d]) == 0 {
			continue
		}
		pair := x.mentors(d)
		for _, i := range x.grid[p][d] {
			if err := bk.personShift(sh, row, p, d, i, pair); err != nil {
				return 0, err
			}
			row++
			n++
		}
	}
	if n == 0 {
		if err := bk.put(sh, 1, row, "No shift in this roster.", st.note); err != nil {
			return 0, err
		}
		row++
	}
	return row, nil
}

// personShift writes shift i of staff member p, on day d with the day's mentor pairing, in
// row: times, break, line, hours, the mentor or trainees, and the colleagues on duty.
func (bk *book) personShift(sh string, row, p, d int, i int32, pair map[int32]int32) error {
	f, st, x := bk.f, bk.st, bk.x
	sft := x.shift(i)
	brk := ""
	if sft.BreakEnd > sft.BreakStart {
		brk = sft.BreakStart.String() + "-" + sft.BreakEnd.String()
	}
	others, mentor := x.colleagues(d, i, pair)
	pairText, pairStyle := bk.pairText(p, i, mentor, pair)
	withText := x.colleagueText(others)
	if err := bk.putRow(sh, row, st.text, sv(st.date, excelDate(sft.Date)), weekdayShort(sft.Date),
		sft.Start.String(), sft.End.String(), brk, x.lineLabel(sft), sv(st.dec1, float64(sft.Minutes())/60),
		sv(pairStyle, pairText), sv(st.textWrap, withText)); err != nil {
		return err
	}
	// Wrapped text does not grow a row in every program: size it for the colleagues and
	// for the mentor or trainees, so that neither spills over the grid.
	if lines := max((textWidth(withText)+79)/80, (textWidth(pairText)+pairChars-1)/pairChars); lines > 1 {
		if err := f.SetRowHeight(sh, row, wrappedRowHeight(lines, 13.5, 2)); err != nil {
			return err
		}
	}
	return nil
}

// pairText returns the Mentor / trainees cell of shift i of staff member p, and its style:
// the mentor on duty (mentor, -1: none) for a person in training, or the trainees of a
// mentor.
func (bk *book) pairText(p int, i, mentor int32, pair map[int32]int32) (string, int) {
	st, x := bk.st, bk.x
	s := &x.staff[p]
	switch {
	case mentor >= 0:
		return "mentor: " + x.person(x.shift(mentor).StaffID).Name, st.textWrap
	case supervised(s.Status):
		return "no mentor on duty", st.withMissing
	case s.Status == planner.StatusMentor:
		if names := x.traineesOf(i, pair); len(names) > 0 {
			return "trainees: " + strings.Join(names, ", "), st.textWrap
		}
	}
	return "", st.textWrap
}

// colleagueText returns the On duty with cell: the colleagues' names and times, the first
// maxColleagues of them.
func (x *roster) colleagueText(others []int32) string {
	names := make([]string, 0, min(len(others), maxColleagues))
	for k, o := range others {
		if k == maxColleagues {
			names = append(names, fmt.Sprintf("and %d more", len(others)-maxColleagues))
			break
		}
		os := x.shift(o)
		names = append(names, fmt.Sprintf("%s (%s-%s)", x.person(os.StaffID).Name, os.Start, os.End))
	}
	return strings.Join(names, ", ")
}

// personHours writes, from row on, staff member p's hours on duty against their contract.
func (bk *book) personHours(sh string, p, row int) error {
	f, st, x := bk.f, bk.st, bk.x
	lo, hi := x.contract(p, bk.staffRep)
	h := x.hours(p)
	against, ds := "within the contract", st.text
	switch {
	case h < lo-1e-9:
		against, ds = fmt.Sprintf("%.1f hours under the contract", lo-h), st.legendUnder
	case hi > 0 && h > hi+1e-9:
		against, ds = fmt.Sprintf("%.1f hours over the contract", h-hi), st.legendOver
	}
	contract := contractText(lo, hi)
	if contract != "" {
		contract += " hours"
	}
	if x.weeks > 1 {
		contract += fmt.Sprintf(" over %d weeks", x.weeks)
	}
	for _, r := range [][]any{
		{sv(st.label, "Hours on duty"), sv(st.dec1, h)},
		{sv(st.label, "Contract"), sv(st.text, contract)},
		{sv(st.label, "Against contract"), sv(ds, against)},
	} {
		if err := bk.putRow(sh, row, 0, r...); err != nil {
			return err
		}
		if err := f.MergeCell(sh, ref(2, row), ref(5, row)); err != nil {
			return err
		}
		row++
	}
	return nil
}

// wrappedRowHeight returns the height in points of a row showing lines lines of wrapped text
// of perLine points each plus pad, at most the tallest row a spreadsheet allows (the text
// beyond is still in the cell).
func wrappedRowHeight(lines int, perLine, pad float64) float64 {
	return min(perLine*float64(lines)+pad, excelize.MaxRowHeight)
}
