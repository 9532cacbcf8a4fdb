package xlsx

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Workbook is what a roster workbook is made from.
type Workbook struct {
	Dataset *planner.Dataset
	Roster  *planner.Roster
	// Report is what the roster delivers; nil leaves the service figures out (the Coverage
	// sheet then says so).
	Report      *planner.Report
	GeneratedAt time.Time
	Options     Options
}

// Options tune a roster workbook. The zero value is the full workbook.
type Options struct {
	// NoPersonSheets leaves out the sheet per staff member (for large teams: the directory
	// on the Staff sheet and the Week sheet still list everyone).
	NoPersonSheets bool
	// WorstSlots is how many of the worst slots the Summary lists; 0 means 10.
	WorstSlots int
}

// The fixed sheets of the manager's workbook, in order.
const (
	SheetSummary  = "Summary"
	SheetWeek     = "Week"
	SheetCoverage = "Coverage"
	SheetTimeline = "Timeline"
	SheetStaff    = "Staff"
)

// book is one workbook being written.
type book struct {
	in  Workbook
	f   *excelize.File
	st  *styles
	x   *roster
	loc *time.Location
	// staffRep indexes the report's per-person figures by staff id.
	staffRep map[string]*planner.StaffReport
	session  planner.Session
	names    *sheetNames
	nameW    float64
}

func newBook(in Workbook) (*book, error) { return newBookIndexed(in, nil) }

// newBookIndexed starts a workbook for in, with the roster already indexed as x (nil: index
// it now).
func newBookIndexed(in Workbook, x *roster) (*book, error) {
	if in.Dataset == nil || in.Roster == nil {
		return nil, errors.New("xlsx: a roster workbook needs a dataset and a roster")
	}
	if x == nil {
		x = newRoster(in.Dataset, in.Roster)
	}
	bk := &book{in: in, f: excelize.NewFile(), staffRep: map[string]*planner.StaffReport{}, x: x}
	bk.loc = time.UTC
	if loc, err := bk.x.set.Location(); err == nil {
		bk.loc = loc
	}
	if in.Report != nil {
		for i := range in.Report.Staff {
			bk.staffRep[in.Report.Staff[i].StaffID] = &in.Report.Staff[i]
		}
	}
	if s, ok := in.Dataset.Session(in.Roster.SessionID); ok {
		bk.session = s
	} else {
		bk.session = planner.Session{ID: in.Roster.SessionID, Name: in.Roster.SessionID}
	}
	if err := bk.f.SetDefaultFont(FontFamily); err != nil {
		return nil, err
	}
	var err error
	if bk.st, err = newStyles(bk.f, len(in.Dataset.Lines)); err != nil {
		return nil, err
	}
	return bk, nil
}

// WriteRoster writes the manager's workbook for in to w: the sheets Summary, Week, Coverage,
// Timeline, Staff and, unless in.Options.NoPersonSheets, one sheet per staff member.
func WriteRoster(w io.Writer, in Workbook) error {
	bk, err := newBook(in)
	if err != nil {
		return err
	}
	defer bk.f.Close()
	bk.names = newSheetNames(SheetSummary, SheetWeek, SheetCoverage, SheetTimeline, SheetStaff)
	var person []string
	if !in.Options.NoPersonSheets {
		person = make([]string, len(bk.x.staff))
		for p, s := range bk.x.staff {
			person[p] = bk.names.name(s.Name)
		}
	}
	// Create every sheet first so that links and chart ranges resolve, then fill them.
	if err := bk.f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	for _, name := range append([]string{SheetWeek, SheetCoverage, SheetTimeline, SheetStaff}, person...) {
		if _, err := bk.f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
	}
	steps := []func() error{
		bk.writeSummary,
		bk.writeWeek,
		bk.writeCoverage,
		bk.writeTimeline,
		func() error { return bk.writeDirectory(person) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for p, name := range person {
		if err := bk.writePerson(name, p, true); err != nil {
			return err
		}
	}
	if err := bk.setDocProps(); err != nil {
		return err
	}
	_, err = bk.f.WriteTo(w)
	return err
}

// setDocProps sets the file's properties; a draft's say DRAFT in the title, the category and
// the description.
func (bk *book) setDocProps() error {
	p := &excelize.DocProperties{
		Creator:  "deskplan",
		Title:    "Helpdesk roster " + bk.horizon(),
		Subject:  bk.session.Name,
		Created:  bk.in.GeneratedAt.UTC().Format(time.RFC3339),
		Category: "Published roster",
		Version:  fmt.Sprint(bk.in.Roster.Version),
	}
	if bk.draft() {
		p.Title = "DRAFT " + p.Title
		p.Category = "DRAFT roster"
		p.Keywords = "DRAFT"
		p.Description = fmt.Sprintf("DRAFT: roster version %d is not published; shifts may still change.", bk.in.Roster.Version)
	}
	return bk.f.SetDocProps(p)
}

// draft reports whether the roster is not published.
func (bk *book) draft() bool { return bk.in.Roster.Status != planner.Published }

// staffReport returns the report's figures of staff member id, if the workbook has a report.
func (bk *book) staffReport(id string) (planner.StaffReport, bool) {
	if bk.in.Report == nil {
		return planner.StaffReport{}, false
	}
	for _, s := range bk.in.Report.Staff {
		if s.StaffID == id {
			return s, true
		}
	}
	return planner.StaffReport{}, false
}

// nameWidth is the width of a column of staff names: the longest name, within 16..40.
func (bk *book) nameWidth() float64 {
	if bk.nameW == 0 {
		w := 14
		for i := range bk.x.staff {
			w = max(w, textWidth(bk.x.staff[i].Name))
		}
		bk.nameW = float64(min(w, 38) + 2)
	}
	return bk.nameW
}

// horizon is the roster's span in words: "2027-01-04 to 2027-01-09".
func (bk *book) horizon() string {
	if len(bk.x.days) == 0 {
		return "(no days)"
	}
	return bk.x.days[0].String() + " to " + bk.x.days[len(bk.x.days)-1].String()
}

// weekLabel names the ISO weeks of the horizon: "week 1 of 2027" or "weeks 1-4 of 2027".
func (bk *book) weekLabel() string {
	if len(bk.x.days) == 0 {
		return ""
	}
	wt := func(d calendar.Date) (int, int) {
		return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
	}
	y1, w1 := wt(bk.x.days[0])
	y2, w2 := wt(bk.x.days[len(bk.x.days)-1])
	switch {
	case y1 == y2 && w1 == w2:
		return fmt.Sprintf("week %d of %d", w1, y1)
	case y1 == y2:
		return fmt.Sprintf("weeks %d-%d of %d", w1, w2, y1)
	}
	return fmt.Sprintf("week %d of %d to week %d of %d", w1, y1, w2, y2)
}

func (bk *book) generated() string {
	if bk.in.GeneratedAt.IsZero() {
		return ""
	}
	return bk.in.GeneratedAt.In(bk.loc).Format("2006-01-02 15:04 MST")
}

// page describes a sheet's print settings.
type page struct {
	landscape bool
	fitHeight int    // pages tall; 0: as many as needed
	titleRows string // rows repeated on every page, e.g. "$1:$3"
	title     string // centre of the page header
	filter    string // range of the autofilter, e.g. "A3:M25"
}

// setupPage sets the print settings of sheet: A4, fit to one page wide, the rows to repeat,
// and a header (session, title, version) and footer (generated, page n of m, sheet). It must
// run before the sheet's StreamWriter is created.
func (bk *book) setupPage(sheet string, p page) error {
	orient := "portrait"
	if p.landscape {
		orient = "landscape"
	}
	a4, one, tall := 9, 1, p.fitHeight
	yes := true
	// AutoFilter replaces the sheet properties: it comes first.
	if p.filter != "" {
		if err := bk.f.AutoFilter(sheet, p.filter, nil); err != nil {
			return err
		}
	}
	if err := bk.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	if err := bk.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &orient, FitToWidth: &one, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	m := 0.4
	hm := 0.25
	if err := bk.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &m, Right: &m, Top: &[]float64{0.6}[0], Bottom: &[]float64{0.6}[0], Header: &hm, Footer: &hm,
	}); err != nil {
		return err
	}
	if p.titleRows != "" {
		if err := bk.f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sheet) + "!" + p.titleRows, Scope: sheet,
		}); err != nil {
			return err
		}
	}
	session := cut(bk.session.Name, 60)
	if session == "" {
		session = bk.session.ID
	}
	header := "&L" + hfText(session) + "&C&\"" + FontFamily + ",Bold\"" + hfText(cut(p.title, 60)) +
		"&R" + hfText(fmt.Sprintf("Roster version %d", bk.in.Roster.Version))
	footer := "&L" + hfText(cut("deskplan, generated "+bk.generated(), 60)) + "&CPage &P of &N&R&A"
	return bk.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer})
}

// freeze freezes the first rows and columns of a stream sheet.
func freeze(sw *excelize.StreamWriter, cols, rows int) error {
	cell, err := excelize.CoordinatesToCellName(cols+1, rows+1)
	if err != nil {
		return err
	}
	pane := "bottomRight"
	switch {
	case cols == 0:
		pane = "bottomLeft"
	case rows == 0:
		pane = "topRight"
	}
	return sw.SetPanes(&excelize.Panes{
		Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: cell, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: cell, ActiveCell: cell, Pane: pane}},
	})
}

// setColWidths sets the widths of a stream sheet's columns: widths[i] is column i+1's width,
// 0 for the default. The StreamWriter lists columns in the reverse order of the calls, and
// Excel wants them in ascending order: so the calls go from the last column to the first.
func setColWidths(sw *excelize.StreamWriter, widths []float64) error {
	for c := len(widths); c >= 1; c-- {
		if widths[c-1] > 0 {
			if err := sw.SetColWidth(c, c, widths[c-1]); err != nil {
				return err
			}
		}
	}
	return nil
}

// cell is a shorthand for a styled stream cell.
func cell(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

// excelDate returns d as a time the spreadsheet stores as a date.
func excelDate(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

func colName(c int) string {
	s, _ := excelize.ColumnNumberToName(c)
	return s
}

func ref(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

func absRange(sheet string, col1, row1, col2, row2 int) string {
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sheet), colName(col1), row1, colName(col2), row2)
}

func weekdayShort(d calendar.Date) string { return d.Weekday().String()[:3] }
