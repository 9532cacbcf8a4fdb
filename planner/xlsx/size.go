package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner/optimize"
)

// The sheets of the sizing workbook.
const (
	SheetSize     = "Size"
	SheetTraining = "Training"
)

// WriteSize writes the sizing workbook: the answer, the curve of service level against
// headcount (screening and confirming runs) with a line chart, and the trainees' hours beside
// a mentor before the busiest week.
func WriteSize(w io.Writer, r *optimize.SizeResult) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newWBStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetSize); err != nil {
		return err
	}
	if err := writeSizeCurve(f, st, r); err != nil {
		return err
	}
	if err := addSizeChart(f, r); err != nil {
		return err
	}
	if err := writeSizeTraining(f, st, r); err != nil {
		return err
	}
	// the Size sheet and its chart on one page
	left := "Sizing session " + r.SessionID
	if err := printPage(f, SheetSize, left, "Extra staff", 1, "$4:$4"); err != nil {
		return err
	}
	if err := printPage(f, SheetTraining, left, "Training before the busiest week", 0, "$3:$3"); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// writeSizeCurve writes the Size sheet: the question, the answer, and a row per headcount
// tried, the screening runs then the confirming ones.
func writeSizeCurve(f *excelize.File, st *wbStyles, r *optimize.SizeResult) error {
	sw := &sheetWriter{f: f, sheet: SheetSize}
	sw.str(1, 1, fmt.Sprintf("Sizing session %s, %s to %s: %g%% of calls within %ds every day", r.SessionID, r.From, r.To, r.TargetPercent, r.TargetSeconds), st.title)
	answer := fmt.Sprintf("Answer: %d extra staff (%s), contracts of %gh a week", r.Extra, r.Staff, r.ContractHours)
	if r.Extra < 0 {
		answer = "Answer: none within the search"
	}
	sw.str(1, 2, answer, st.text)
	head := []string{"Extra staff", "Staff", "Method", "Service level %", "Worst day %", "Slots meeting target %", "Paid hours", "Cost", "Meets"}
	for i, h := range head {
		sw.str(1+i, 4, h, st.header)
	}
	row := 4
	points := append(append([]optimize.SizePoint{}, r.Curve...), r.Confirmed...)
	for _, p := range points {
		row++
		sw.num(1, row, float64(p.Extra), st.num0)
		sw.str(2, row, p.Staff, st.text)
		sw.str(3, row, p.Method, st.text)
		sw.num(4, row, 100*p.ServiceLevel, st.num1)
		sw.num(5, row, 100*p.WorstDay, st.num1)
		sw.num(6, row, 100*p.SlotShare, st.num1)
		sw.num(7, row, p.PaidHours, st.num1)
		sw.num(8, row, p.Cost, st.num0)
		meets := "no"
		if p.Meets {
			meets = "yes"
		}
		sw.str(9, row, meets, st.text)
	}
	sw.widths(11, 26, 9, 15, 12, 22, 11, 10, 7)
	sw.freeze(0, 4)
	return sw.err
}

// addSizeChart adds the Size sheet's chart of the screening curve (one point per headcount,
// in order): the service level and the worst day's; none without a curve.
func addSizeChart(f *excelize.File, r *optimize.SizeResult) error {
	n := len(r.Curve)
	if n == 0 {
		return nil
	}
	var cs []excelize.ChartSeries
	for i, col := range []int{4, 5} {
		cs = append(cs, excelize.ChartSeries{
			Name:       chartRange(SheetSize, col, 4, col, 4),
			Categories: chartRange(SheetSize, 1, 5, 1, 4+n),
			Values:     chartRange(SheetSize, col, 5, col, 4+n),
			Line:       excelize.LineOptions{Width: 2},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{seriesColours[1+i]}},
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5},
		})
	}
	return addLineChart(f, SheetSize, cellName(11, 4), "Service level against extra staff (greedy screening, %)", cs, 1)
}

// writeSizeTraining writes the Training sheet: each trainee's hours beside a mentor in each
// week before the busiest, and in total.
func writeSizeTraining(f *excelize.File, st *wbStyles, r *optimize.SizeResult) error {
	if _, err := f.NewSheet(SheetTraining); err != nil {
		return err
	}
	tw := &sheetWriter{f: f, sheet: SheetTraining}
	tw.str(1, 1, fmt.Sprintf("Hours beside a mentor before the busiest week (%s)", r.BusiestWeek), st.title)
	if len(r.TrainingWeeks) == 0 {
		tw.str(1, 2, "The busiest week is the session's first: no week before it was planned.", st.text)
	}
	for i, h := range []string{"Staff", "Name", "Status"} {
		tw.str(1+i, 3, h, st.header)
	}
	for i, wk := range r.TrainingWeeks {
		tw.str(4+i, 3, "Week "+wk.String(), st.header)
	}
	tw.str(4+len(r.TrainingWeeks), 3, "Total", st.header)
	for j, t := range r.Training {
		row := 4 + j
		tw.str(1, row, t.StaffID, st.text)
		tw.str(2, row, t.Name, st.text)
		tw.str(3, row, string(t.Status), st.text)
		for i, wk := range r.TrainingWeeks {
			tw.num(4+i, row, t.Weeks[wk.String()], st.num1)
		}
		tw.num(4+len(r.TrainingWeeks), row, t.Hours, st.num1)
	}
	tw.widths(12, 24, 10, 16, 16, 16, 16)
	return tw.err
}
