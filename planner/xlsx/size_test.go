package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/optimize"
)

func TestWriteSize(t *testing.T) {
	mon := calendar.MustDate("2027-01-11")
	res := &optimize.SizeResult{SessionID: "jan-2027", From: mon, To: mon.AddDays(6), BusiestWeek: mon, TargetPercent: 80, TargetSeconds: 60,
		ContractHours: 20, Extra: 1, Staff: "1 qualified",
		Curve: []optimize.SizePoint{{Extra: 0, Staff: "none", Method: "greedy", ServiceLevel: 0.78, WorstDay: 0.7},
			{Extra: 1, Staff: "1 qualified", Method: "greedy", ServiceLevel: 0.83, WorstDay: 0.81, Meets: true}},
		Confirmed:     []optimize.SizePoint{{Extra: 1, Staff: "1 qualified", Method: "solver", ServiceLevel: 0.85, WorstDay: 0.82, Meets: true}},
		TrainingWeeks: []calendar.Date{mon.AddDays(-7)},
		Training:      []optimize.TraineeTraining{{StaffID: "t01", Name: "@Olivier", Status: planner.StatusTrainee, Weeks: map[string]float64{mon.AddDays(-7).String(): 7.5}, Hours: 7.5}},
	}
	var buf bytes.Buffer
	if err := WriteSize(&buf, res); err != nil {
		t.Fatal(err)
	}
	raw := bytes.Clone(buf.Bytes())
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checkSheetPrint(t, f, SheetSize, "'Size'!$4:$4")
	checkSheetPrint(t, f, SheetTraining, "'Training'!$3:$3")
	for _, c := range []struct{ sheet, cell, want string }{
		{SheetSize, "A5", "0"}, {SheetSize, "D6", "83.0"}, {SheetSize, "C7", "solver"}, {SheetSize, "I7", "yes"},
		{SheetTraining, "B4", "@Olivier"}, {SheetTraining, "D3", "Week 2027-01-04"}, {SheetTraining, "E4", "7.5"},
	} {
		if got, _ := f.GetCellValue(c.sheet, c.cell); got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.want)
		}
	}
	if formula, _ := f.GetCellFormula(SheetTraining, "B4"); formula != "" {
		t.Errorf("a name became the formula %q", formula)
	}
	if !bytes.Contains(workbookPart(t, raw, "xl/charts/chart1.xml"), []byte("<lineChart>")) {
		t.Error("no line chart")
	}
}
