package scenario_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/scenario"
)

func demoData(t testing.TB) *planner.Dataset {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func mustChange(t testing.TB, kind, text string) scenario.Change {
	t.Helper()
	c, err := scenario.ParseChange(kind, text)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseChangeErrors(t *testing.T) {
	tests := []struct{ kind, text, want string }{
		{"calls", "", "empty value"},
		{"calls", "20%", "is not +N%"},
		{"calls", "+abc%", "is not a number"},
		{"calls", "x-1", "outside 0..11"},
		{"calls", "-200%", "outside -100%"},
		{"calls", "08:00-10:00", "no value after the scope"},
		{"calls", "LLN,MONS:+5%", "two lines"},
		{"calls", "2027-01-05,2027-01-06:+5%", "two dates"},
		{"calls", "2027-13-05:+5%", "month 13 is not 1 to 12"},
		{"calls", "10:00-08:00:+5%", "ends before it starts"},
		{"calls", "L L N:+5%", "is not a line"},
		{"calls", "300s", "is not +N%"},
		{"aht", "=0", "0 s is outside 1..7200 s"},
		{"aht", "=7201", "outside 1..7200 s"},
		{"patience", "120m", "7200 s is outside 0..3600 s"},
		{"calls", "=1e308", "outside 0..100000"},
		{"target", "90", "PERCENT/SECONDS"},
		{"target", "190/60s", "190% is not above 0% and below 100%"},
		{"target", "100/0s", "100% is not above 0% and below 100%"},
		{"target", "80/3601s", "3601 s is outside 0..3600 s"},
		{"target", "80/1.5s", "not a whole number of seconds"},
		{"max-occupancy", "0", "0 is outside 0.1..1"},
		{"max-occupancy", "0.000000001", "is outside 0.1..1"},
		{"shrinkage", "100%", "1 is outside 0..0.9"},
		{"set", "target_percent=100", "100% is not above 0% and below 100%"},
		{"set", "max_occupancy=0.000000001", "is outside 0.1..1"},
		{"without", " , ", "no staff id"},
		{"add", "3 qualified", "COUNT STATUS HOURS"},
		{"add", "0 qualified 20h", "not a whole number 1..200"},
		{"add", "3 boss 20h", `status "boss"`},
		{"add", "3 qualified 20-10h", "minimum is above the maximum"},
		{"status", "p01", "ID=STATUS"},
		{"status", "p01=boss", `status "boss"`},
		{"open", "07:30", "HH:MM-HH:MM"},
		{"days", "XX", "is not one of MO"},
		{"max-shift", "30m", "outside 1h..24h"},
		{"max-shift", "nine", "is not a length"},
		{"set", "colour=red", "unknown setting"},
		{"set", "min_rest_hours", "KEY=VALUE"},
		{"teleport", "x", "unknown change"},
	}
	for _, tt := range tests {
		_, err := scenario.ParseChange(tt.kind, tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseChange(%q, %q) = %v, want an error with %q", tt.kind, tt.text, err, tt.want)
		}
	}
}

// TestScenarioApply applies each kind of change to the demo data and checks what it changed.
func TestScenarioApply(t *testing.T) {
	base := demoData(t)
	before, _ := json.Marshal(base)
	jan := calendar.MustDate("2027-01-05") // a Tuesday of the January session
	callsOf := func(ds *planner.Dataset, day calendar.Date, line string, from, to string) float64 {
		d, err := planner.BuildDemand(ds, "jan-2027", day, day)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for si, c := range d.Slots {
			if from != "" && (c < calendar.MustClock(from) || c >= calendar.MustClock(to)) {
				continue
			}
			for li, l := range d.Lines {
				if line == "" || l == line {
					sum += d.Load[0][si][li].Calls
				}
			}
		}
		return sum
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6*max(1, math.Abs(b)) }
	wed := jan.AddDays(1)
	tests := []struct {
		name    string
		changes [][2]string
		check   func(t *testing.T, ds *planner.Dataset)
	}{
		{"calls everywhere", [][2]string{{"calls", "+20%"}}, func(t *testing.T, ds *planner.Dataset) {
			if got, want := callsOf(ds, jan, "", "", ""), 1.2*callsOf(base, jan, "", "", ""); !near(got, want) {
				t.Errorf("calls = %v, want %v", got, want)
			}
		}},
		{"calls of a line", [][2]string{{"calls", "MONS:x1.5"}}, func(t *testing.T, ds *planner.Dataset) {
			if got, want := callsOf(ds, jan, "MONS", "", ""), 1.5*callsOf(base, jan, "MONS", "", ""); !near(got, want) {
				t.Errorf("MONS calls = %v, want %v", got, want)
			}
			if got, want := callsOf(ds, jan, "LLN", "", ""), callsOf(base, jan, "LLN", "", ""); !near(got, want) {
				t.Errorf("LLN calls = %v, want %v (unchanged)", got, want)
			}
		}},
		{"calls of a day only", [][2]string{{"calls", "2027-01-05:x2"}}, func(t *testing.T, ds *planner.Dataset) {
			if got, want := callsOf(ds, jan, "", "", ""), 2*callsOf(base, jan, "", "", ""); !near(got, want) {
				t.Errorf("Tuesday calls = %v, want %v", got, want)
			}
			next := jan.AddDays(7) // the next Tuesday shares the weekly profile
			if got, want := callsOf(ds, next, "", "", ""), callsOf(base, next, "", "", ""); !near(got, want) {
				t.Errorf("next Tuesday calls = %v, want %v (unchanged)", got, want)
			}
		}},
		{"calls of a time range", [][2]string{{"calls", "08:00-10:00:+30%"}}, func(t *testing.T, ds *planner.Dataset) {
			if got, want := callsOf(ds, wed, "", "08:00", "10:00"), 1.3*callsOf(base, wed, "", "08:00", "10:00"); !near(got, want) {
				t.Errorf("08:00-10:00 calls = %v, want %v", got, want)
			}
			if got, want := callsOf(ds, wed, "", "10:00", "19:30"), callsOf(base, wed, "", "10:00", "19:30"); !near(got, want) {
				t.Errorf("later calls = %v, want %v (unchanged)", got, want)
			}
		}},
		{"scopes narrow each other", [][2]string{{"calls", "LLN,2027-01-05,08:00-10:00:=0"}}, func(t *testing.T, ds *planner.Dataset) {
			if got := callsOf(ds, jan, "LLN", "08:00", "10:00"); got != 0 {
				t.Errorf("LLN 08:00-10:00 calls = %v, want 0", got)
			}
			if got, want := callsOf(ds, jan, "MONS", "08:00", "10:00"), callsOf(base, jan, "MONS", "08:00", "10:00"); !near(got, want) {
				t.Errorf("MONS calls = %v, want %v", got, want)
			}
		}},
		{"aht and patience", [][2]string{{"aht", "=420"}, {"patience", "-50%"}}, func(t *testing.T, ds *planner.Dataset) {
			for i, f := range ds.Forecast {
				if f.AHT != 420 || f.Patience != base.Forecast[i].Patience/2 {
					t.Fatalf("row %d: aht %v patience %v, want 420 and %v", i, f.AHT, f.Patience, base.Forecast[i].Patience/2)
				}
			}
		}},
		{"service settings", [][2]string{{"target", "90/30s"}, {"max-occupancy", "90%"}, {"shrinkage", "0.1"}, {"set", "min_rest_hours=12"}}, func(t *testing.T, ds *planner.Dataset) {
			s := ds.Settings
			if s.TargetPercent != 90 || s.TargetSeconds != 30 || s.MaxOccupancy != 0.9 || s.Shrinkage != 0.1 || s.MinRestHours != 12 {
				t.Errorf("settings = %+v", s)
			}
		}},
		{"staff removed by id and first name", [][2]string{{"without", "p03,anne"}}, func(t *testing.T, ds *planner.Dataset) {
			if len(ds.Staff) != len(base.Staff)-2 {
				t.Errorf("%d staff, want %d", len(ds.Staff), len(base.Staff)-2)
			}
			for _, id := range []string{"p01", "p03"} {
				if _, ok := ds.StaffByID(id); ok {
					t.Errorf("%s is still there", id)
				}
				for _, a := range ds.Availability {
					if a.StaffID == id {
						t.Errorf("availability of %s is still there", id)
					}
				}
			}
		}},
		{"staff added", [][2]string{{"add", "3 qualified 20h"}, {"add", "2 trainee 10-15h LLN"}, {"add", "1 qualified 30h coordinator"}}, func(t *testing.T, ds *planner.Dataset) {
			if len(ds.Staff) != len(base.Staff)+6 {
				t.Fatalf("%d staff, want %d", len(ds.Staff), len(base.Staff)+6)
			}
			want := planner.Staff{ID: "extra-trainee-2", Name: "Extra trainee 2", Lines: []string{"LLN"}, Status: planner.StatusTrainee,
				MinHoursWeek: 10, MaxHoursWeek: 15, MaxDaysWeek: 5, MaxHoursDay: 8}
			got, _ := ds.StaffByID("extra-trainee-2")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("extra-trainee-2 (-want +got):\n%s", diff)
			}
			q4, ok := ds.StaffByID("extra-qualified-4")
			if !ok || !q4.HasRole(planner.RoleCoordinator) || len(q4.Lines) != 2 {
				t.Errorf("extra-qualified-4 = %+v, want a coordinator on both lines", q4)
			}
		}},
		{"status changed", [][2]string{{"status", "p01=qualified"}}, func(t *testing.T, ds *planner.Dataset) {
			if s, _ := ds.StaffByID("p01"); s.Status != planner.StatusQualified {
				t.Errorf("p01 status = %s", s.Status)
			}
		}},
		{"opening hours and days", [][2]string{{"open", "07:30-20:00"}, {"days", "MO-FR"}}, func(t *testing.T, ds *planner.Dataset) {
			if ds.Settings.Close != calendar.MustClock("20:00") || len(ds.Settings.OpenDays) != 5 {
				t.Errorf("settings = %+v", ds.Settings)
			}
			if got, want := callsOf(ds, jan, "", "19:30", "20:00"), callsOf(base, jan, "", "19:00", "19:30"); !near(got, want) || got == 0 {
				t.Errorf("19:30 calls = %v, want %v (the 19:00 slot's)", got, want)
			}
			opts, err := planner.ShiftOptions(ds.Settings, ds.ShiftTemplates)
			if err != nil {
				t.Fatal(err)
			}
			late := false
			for _, o := range opts {
				late = late || o.End == calendar.MustClock("20:00")
			}
			if !late {
				t.Error("no shift option ends at 20:00")
			}
		}},
		{"max shift", [][2]string{{"max-shift", "6h"}}, func(t *testing.T, ds *planner.Dataset) {
			opts, err := planner.ShiftOptions(ds.Settings, ds.ShiftTemplates)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range opts {
				if o.End-o.Start > 360 {
					t.Fatalf("option %s-%s is longer than 6h", o.Start, o.End)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := scenario.Scenario{Name: "x"}
			for _, c := range tt.changes {
				sc.Changes = append(sc.Changes, mustChange(t, c[0], c[1]))
			}
			ds, err := sc.Apply(base)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, ds)
			if after, _ := json.Marshal(base); string(after) != string(before) {
				t.Fatal("Apply changed its base")
			}
		})
	}
}

func TestScenarioApplyErrors(t *testing.T) {
	base := demoData(t)
	tests := []struct {
		change [2]string
		want   string
	}{
		{[2]string{"without", "p01,marc,zed"}, `no staff member "zed"`},
		{[2]string{"status", "zed=mentor"}, `no staff member "zed"`},
		{[2]string{"calls", "BXL:+10%"}, `no line "BXL"`},
		{[2]string{"calls", "2027-03-01:+10%"}, "2027-03-01 is in no session"},
		{[2]string{"add", "1 qualified 20h BXL"}, `no line "BXL"`},
		{[2]string{"open", "07:45-19:30"}, "not on the 30-minute slot grid"},
		// the values a change gives must be in their ranges, like an import's
		{[2]string{"aht", "x0"}, "line LLN: aht 0 s is outside 1..7200 s"},
		{[2]string{"calls", "x11"}, ""},
		{[2]string{"patience", "=3600"}, ""},
	}
	for _, tt := range tests {
		sc := scenario.Scenario{Name: "bad", Changes: []scenario.Change{mustChange(t, tt.change[0], tt.change[1])}}
		_, err := sc.Apply(base)
		if tt.want == "" {
			if err != nil {
				t.Errorf("Apply(%s %q) = %v, want no error", tt.change[0], tt.change[1], err)
			}
			continue
		}
		var ie *planner.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "scenario bad: --"+tt.change[0]) {
			t.Errorf("Apply(%s %q) = %v, want an InputError naming the scenario, the change and %q", tt.change[0], tt.change[1], err, tt.want)
		}
	}
}

func TestScenarioChain(t *testing.T) {
	all := map[string]scenario.Scenario{
		"a": {Name: "a", From: "base", Changes: []scenario.Change{mustChange(t, "calls", "+10%")}},
		"b": {Name: "b", From: "a", Changes: []scenario.Change{mustChange(t, "calls", "+10%")}},
		"x": {Name: "x", From: "y"},
		"y": {Name: "y", From: "x"},
	}
	get := func(name string) (scenario.Scenario, error) {
		sc, ok := all[name]
		if !ok {
			return sc, fmt.Errorf("no scenario %q", name)
		}
		return sc, nil
	}
	chain, err := scenario.Chain("b", get)
	if err != nil || len(chain) != 2 || chain[0].Name != "a" || chain[1].Name != "b" {
		t.Fatalf("Chain(b) = %v, %v, want [a b]", chain, err)
	}
	base := demo.TinyDesk()
	ds, err := scenario.Apply(base, chain)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ds.Forecast[0].Calls, base.Forecast[0].Calls*1.21; math.Abs(got-want) > 1e-9 {
		t.Errorf("calls after a and b = %v, want %v", got, want)
	}
	if _, err := scenario.Chain("x", get); err == nil || !strings.Contains(err.Error(), "builds on itself") {
		t.Errorf("Chain(x) = %v, want a loop error", err)
	}
	if chain, err := scenario.Chain("base", get); err != nil || len(chain) != 0 {
		t.Errorf("Chain(base) = %v, %v, want none", chain, err)
	}
}

func TestValidScenarioName(t *testing.T) {
	for name, ok := range map[string]bool{"plus20": true, "two-mentors.ill_v2": true, "base": false, "Base": false, "": false,
		"-x": false, "with space": false, strings.Repeat("a", 41): false} {
		if err := scenario.ValidName(name); (err == nil) != ok {
			t.Errorf("ValidName(%q) = %v, want ok %v", name, err, ok)
		}
	}
}

func TestChangeJSON(t *testing.T) {
	sc := scenario.Scenario{Name: "s", From: "base", Changes: []scenario.Change{mustChange(t, "calls", "LLN:+20%"), mustChange(t, "add", "3 qualified 20h")}}
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"s","from":"base","changes":[{"kind":"calls","value":"LLN:+20%"},{"kind":"add","value":"3 qualified 20h"}]}`
	if string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var back scenario.Scenario
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	x, _ := back.Apply(demo.TinyDesk())
	y, _ := sc.Apply(demo.TinyDesk())
	if diff := cmp.Diff(y, x); diff != "" {
		t.Errorf("read back scenario applies differently:\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"name":"s","changes":[{"kind":"calls","value":"lots"}]}`), &back); err == nil {
		t.Error("a bad stored change was accepted")
	}
}

func FuzzParseChange(f *testing.F) {
	for _, s := range []string{"+20%", "LLN:+20%", "2027-01-05:x1.5", "08:00-10:00:+30%", "=420", "7m", "90/60s", "90%",
		"ana,marc", "3 qualified 20h", "2 trainee 10-15h LLN coordinator", "p01=mentor", "07:30-20:00", "MO-FR", "7h30", "shrinkage=0.1"} {
		for _, k := range scenario.ChangeKinds {
			f.Add(string(k), s)
		}
	}
	f.Fuzz(func(t *testing.T, kind, text string) {
		c, err := scenario.ParseChange(kind, text)
		if err != nil {
			return
		}
		// a parsed change survives the store's JSON form, and applying it never panics
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back scenario.Change
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: read back: %v", b, err)
		}
		if back.Kind != c.Kind || back.Text != c.Text {
			t.Fatalf("read back %v, want %v", back, c)
		}
		base := demo.TinyDesk()
		_, _ = scenario.Scenario{Name: "f", Changes: []scenario.Change{c}}.Apply(base)
		if err := base.Settings.Validate(); err != nil {
			t.Fatalf("Apply changed its base: %v", err)
		}
	})
}

func ExampleParseChange() {
	c, err := scenario.ParseChange("calls", "LLN,08:00-10:00:+30%")
	if err != nil {
		panic(err)
	}
	sc := scenario.Scenario{Name: "busy-mornings", Changes: []scenario.Change{c}}
	b, _ := json.Marshal(sc)
	fmt.Println(c)
	fmt.Println(string(b))
	// Output:
	// --calls "LLN,08:00-10:00:+30%"
	// {"name":"busy-mornings","from":"","changes":[{"kind":"calls","value":"LLN,08:00-10:00:+30%"}]}
}
