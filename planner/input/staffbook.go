package input

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/workbook"
)

// A person's availability workbook (deskplan availability export --per-staff) has two sheets:
// Availability, the team workbook's Availability sheet with that person's rows only, and
// Read me, which says whose file it is (the staff_id row) and gives the session's days, the
// opening hours and the closed days for reference, with instructions.
const (
	readMeSheet  = "Read me"
	readMeIDCell = "staff_id" // the label, in column A of the Read me sheet, of the person's id
)

// StaffAvailability is what a person's availability workbook holds.
type StaffAvailability struct {
	File    string // the path read
	StaffID string // whose file it is, from its Read me sheet
	// Rules are the person's availability rules, in the order of the sheet (none: the person
	// removed them all).
	Rules []planner.Availability
}

// WriteStaffAvailability writes the availability workbook of staff member staffID of ds to w:
// the Availability sheet with the person's current rules (columns, instruction line,
// drop-downs and styles of the team template; the staff_id drop-down offers the person's id
// only), and the Read me sheet naming the person, with session (nil: none) and the desk's
// opening hours and closures for reference. The bytes depend only on the arguments.
func WriteStaffAvailability(w io.Writer, ds *planner.Dataset, staffID string, session *planner.Session) error {
	person, ok := ds.StaffByID(staffID)
	if !ok {
		return fmt.Errorf("input: no staff member %q", staffID)
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "deskplan", LastModifiedBy: "deskplan",
		Title: "Availability of " + person.Name + " (" + person.ID + ")", Subject: person.ID,
		Keywords: "deskplan availability", Created: docTime, Modified: docTime}); err != nil {
		return err
	}
	t := tblAvailability
	if err := f.SetSheetName("Sheet1", t.Name); err != nil {
		return err
	}
	sh := &sheet{f: f, t: t, st: st, row: firstDataRow, widths: make([]int, len(t.Columns)),
		lists: map[string][]string{"staff_id": {person.ID}}}
	if err := sh.head(); err != nil {
		return err
	}
	mine := &planner.Dataset{}
	for _, a := range ds.Availability {
		if a.StaffID == staffID {
			mine.Availability = append(mine.Availability, a)
		}
	}
	for _, r := range tableRows(t, mine, false) {
		sh.put(r)
	}
	if sh.err != nil {
		return sh.err
	}
	if err := sh.finish(); err != nil {
		return err
	}
	if err := writeReadMe(f, st, ds, person, session); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// writeReadMe writes the Read me sheet: whose file it is, the reference and the instructions.
func writeReadMe(f *excelize.File, st styles, ds *planner.Dataset, person planner.Staff, session *planner.Session) error {
	if _, err := f.NewSheet(readMeSheet); err != nil {
		return err
	}
	set := ds.Settings
	rows := [][2]string{
		{readMeIDCell, person.ID},
		{"name", person.Name},
	}
	if session != nil {
		name := session.ID
		if session.Name != "" && session.Name != session.ID {
			name = session.Name + " (" + session.ID + ")"
		}
		exam := session.ExamDays
		if exam == "" {
			exam = planner.DefaultExamDays
		}
		rows = append(rows, [][2]string{
			{"session", name},
			{"first day", session.FirstDay.String()},
			{"last day", session.LastDay.String()},
			{"exam days", exam},
		}...)
	}
	rows = append(rows, [][2]string{
		{"opening hours", fmt.Sprintf("%s %s-%s", calendar.FormatWeekdays(set.OpenDays), set.Open, set.Close)},
		{"slot grid", fmt.Sprintf("%d minutes: times are %s, %s, ...", set.SlotMinutes, set.Open, set.Open+calendar.Clock(set.SlotMinutes))},
	}...)
	var closed []planner.Closure
	if session != nil {
		closed = ds.ClosuresBetween(session.FirstDay, session.LastDay)
	} else {
		closed = slices.Clone(ds.Closures)
	}
	if len(closed) == 0 {
		rows = append(rows, [2]string{"closed days", "none"})
	}
	for i, c := range closed {
		label := ""
		if i == 0 {
			label = "closed days"
		}
		rows = append(rows, [2]string{label, c.String()})
	}
	help := []string{
		"How to fill in your availability",
		"On the Availability sheet, one row is one rule. Rows you delete are removed, rows you add are added; send the whole file back.",
		"kind: unavailable (you cannot work then: an exam, a class), available (you work only within such rules), prefer or avoid (wishes).",
		"One day: give first_day only. A range of days: first_day and last_day. Every week: rrule FREQ=WEEKLY;BYDAY=TU (MO TU WE TH FR SA SU).",
		"from and to: times on the slot grid above (e.g. 08:00 to 12:00); leave both empty for the whole day.",
		"staff_id: your id, " + person.ID + ", or leave it empty. A row for someone else is refused.",
		"Dates as YYYY-MM-DD. Keep the first two rows (the header and the # line) as they are.",
		"Do not change this sheet: its staff_id row says whose file this is.",
	}
	if err := f.SetCellStr(readMeSheet, "A1", "Availability of "+person.Name); err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: fontFamily, Size: 14, Bold: true, Color: "1F3864"}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(readMeSheet, "A1", "A1", title); err != nil {
		return err
	}
	r := 3
	for _, kv := range rows {
		if err := f.SetCellStr(readMeSheet, fmt.Sprintf("A%d", r), kv[0]); err != nil {
			return err
		}
		if err := f.SetCellStr(readMeSheet, fmt.Sprintf("B%d", r), kv[1]); err != nil {
			return err
		}
		if kv[0] != "" {
			if err := f.SetCellStyle(readMeSheet, fmt.Sprintf("A%d", r), fmt.Sprintf("A%d", r), st.header); err != nil {
				return err
			}
		}
		r++
	}
	r++
	for i, h := range help {
		ref := fmt.Sprintf("A%d", r)
		if err := f.SetCellStr(readMeSheet, ref, h); err != nil {
			return err
		}
		style := st.note
		if i == 0 {
			style = st.header
		}
		if err := f.SetCellStyle(readMeSheet, ref, ref, style); err != nil {
			return err
		}
		r++
	}
	if err := f.SetColWidth(readMeSheet, "A", "A", 18); err != nil {
		return err
	}
	return f.SetColWidth(readMeSheet, "B", "B", 60)
}

// ReadStaffAvailability reads a person's availability workbook (WriteStaffAvailability, filled
// in): the person from its Read me sheet, the rules from its Availability sheet, checked as
// the team workbook's are against known (what the store holds: the person must be one of its
// staff). A staff_id cell left empty is the person's; a row for anyone else is refused. Every
// problem is reported in one *planner.InputError naming the file, sheet, row and column.
func ReadStaffAvailability(path string, known *planner.Dataset) (*StaffAvailability, error) {
	return ReadStaffAvailabilityContext(context.Background(), path, known)
}

// ReadStaffAvailabilityContext is ReadStaffAvailability stopping with ctx.Err() when ctx is
// cancelled while reading. The file is read as a team workbook is (see ReadWorkbook): a
// damaged or oversized one is refused whole.
func ReadStaffAvailabilityContext(ctx context.Context, path string, known *planner.Dataset) (*StaffAvailability, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read: %v", unwrapPath(err))
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read: %v", unwrapPath(err))
	}
	book, err := workbook.Open(fh, fi.Size(), Limits)
	if err != nil {
		var se *workbook.Error
		if errors.As(err, &se) {
			return nil, inputErr(planner.Place{File: path}, "%v", se)
		}
		return nil, inputErr(planner.Place{File: path}, "not an Excel workbook (.xlsx): %v", err)
	}
	if known == nil {
		known = &planner.Dataset{}
	}
	var errs planner.InputError
	id, err := readMeID(ctx, book, path, &errs)
	if err != nil {
		return nil, err
	}
	if id != "" {
		if _, ok := known.StaffByID(id); !ok {
			errs.Add(planner.Place{File: path, Sheet: readMeSheet}, "staff_id %q is not a staff member in the store", id)
			return nil, errs.Err()
		}
	}
	var rt *rawTable
	for _, sheet := range book.Sheets() {
		if tableByName(sheet) != tblAvailability {
			continue
		}
		if rt, err = readSheet(ctx, book, path, sheet, tblAvailability, &errs); err != nil {
			return nil, err
		}
		if rt == nil {
			break
		}
		// a staff_id left empty is the person's; another person's is refused (and then read
		// as the person's, so that the row's other cells are still checked)
		col, has := rt.pos["staff_id"]
		for i := range rt.rows {
			r := &rt.rows[i]
			if !has || id == "" {
				break
			}
			c, ok := r.at(col)
			switch other := strings.TrimSpace(c.text); {
			case !ok || other == "" || other == id:
			default:
				errs.Add(rt.place(r.n, "staff_id"), "a rule for %s in the file of %s: a person's file holds only their own rules", other, id)
			}
			r.set(cell{col: col, text: id, raw: id})
		}
		break
	}
	if rt == nil && errs.Len() == 0 {
		errs.Add(planner.Place{File: path}, "no Availability sheet (write a fresh file with deskplan availability export --per-staff)")
	}
	if rt == nil || id == "" {
		return nil, errs.Err()
	}
	ds, err := parse([]*rawTable{rt}, known, &errs)
	if err != nil {
		return nil, err
	}
	return &StaffAvailability{File: path, StaffID: id, Rules: ds.Availability}, nil
}

// readMeID returns the staff id the Read me sheet names, reporting a file that names nobody.
func readMeID(ctx context.Context, book *workbook.Book, path string, errs *planner.InputError) (string, error) {
	for _, sheet := range book.Sheets() {
		if normName(sheet) != normName(readMeSheet) {
			continue
		}
		id, found := "", false
		err := book.Rows(ctx, sheet, func(r workbook.Row) error {
			if found || len(r.Cells) == 0 || r.Cells[0].Col != 1 || normName(r.Cells[0].Value) != readMeIDCell {
				return nil
			}
			found = true
			if len(r.Cells) > 1 && r.Cells[1].Col == 2 {
				id = strings.TrimSpace(r.Cells[1].Value)
			}
			if id == "" {
				errs.Add(planner.Place{File: path, Sheet: sheet, Row: r.Num, Col: "B", Column: readMeIDCell}, "the staff_id cell is empty: the file names nobody")
			}
			return nil
		})
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if err != nil {
			return "", sheetError(path, err)
		}
		if !found {
			errs.Add(planner.Place{File: path, Sheet: sheet}, "no staff_id row: the file names nobody (write a fresh file with deskplan availability export --per-staff)")
		}
		return id, nil
	}
	errs.Add(planner.Place{File: path}, "no %q sheet naming the person: not a person's availability file (deskplan availability export --per-staff writes them)", readMeSheet)
	return "", nil
}

// StaffAvailabilityFiles returns the workbooks of path: path itself when it is a file, else
// the .xlsx files of the folder (not those starting with '.' or "~$", which are lock and
// hidden files), sorted by name.
func StaffAvailabilityFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read: %v", unwrapPath(err))
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, inputErr(planner.Place{File: path}, "cannot read folder: %v", unwrapPath(err))
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(n), ".xlsx") || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "~$") {
			continue
		}
		out = append(out, filepath.Join(path, n))
	}
	if len(out) == 0 {
		return nil, inputErr(planner.Place{File: path}, "no .xlsx file in the folder")
	}
	slices.Sort(out)
	return out, nil
}
