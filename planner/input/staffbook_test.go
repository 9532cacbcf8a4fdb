package input_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/input"
)

// writeStaffBook writes staff member id's availability workbook of tricky() for session
// jan-2027 and returns its path.
func writeStaffBook(t testing.TB, ds *planner.Dataset, id string) string {
	t.Helper()
	sess, _ := ds.Session("jan-2027")
	var buf bytes.Buffer
	if err := input.WriteStaffAvailability(&buf, ds, id, &sess); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), id+".xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// edit opens a workbook, lets fn change it and saves it.
func edit(t testing.TB, path string, fn func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fn(f)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func set(t testing.TB, f *excelize.File, sheet, ref, v string) {
	t.Helper()
	if err := f.SetCellStr(sheet, ref, v); err != nil {
		t.Fatal(err)
	}
}

func TestStaffAvailabilityRoundTrip(t *testing.T) {
	ds := tricky()
	ds.Closures = append(ds.Closures, planner.Closure{FirstDay: calendar.MustDate("2027-01-15"), LastDay: calendar.MustDate("2027-01-15"), Note: "Dies natalis"})
	path := writeStaffBook(t, ds, "u2")
	got, err := input.ReadStaffAvailability(path, ds)
	if err != nil {
		t.Fatal(err)
	}
	want := &input.StaffAvailability{File: path, StaffID: "u2", Rules: ds.Availability[:2]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadStaffAvailability(WriteStaffAvailability) (-want +got):\n%s", diff)
	}

	// the layout: the team template's columns, the person's id as the only staff_id choice,
	// and the reference on the Read me sheet
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"Availability", "Read me"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	rows, _ := f.GetRows("Availability")
	if diff := cmp.Diff([]string{"staff_id", "kind", "rrule", "first_day", "last_day", "from", "to", "note"}, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(rows[1][0], "# ") {
		t.Errorf("row 2 = %q, want the instruction line", rows[1])
	}
	dvs, err := f.GetDataValidations("Availability")
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[dv.Sqref[:1]] = dv.Formula1
	}
	if !strings.Contains(lists["A"], `"u2"`) || !strings.Contains(lists["B"], "unavailable") {
		t.Errorf("drop-downs %v: want staff_id offering u2 and kind offering the kinds", lists)
	}
	readMe, _ := f.GetRows("Read me")
	text := fmt.Sprint(readMe)
	for _, want := range []string{"[staff_id u2]", "[first day 2027-01-04]", "[last day 2027-01-30]", "MO,TU,WE,TH,FR,SA 07:30-19:30",
		"[closed days 2027-01-15 (Dies natalis)]", "30 minutes"} {
		if !strings.Contains(text, want) {
			t.Errorf("Read me lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "summer closure") || strings.Contains(text, "New Year") {
		t.Error("Read me lists a closure outside the session")
	}
	if p, err := f.GetDocProps(); err != nil || !strings.Contains(p.Title, "+cmd (u2)") {
		t.Errorf("properties %+v (%v), want the person in the title", p, err)
	}
}

// TestStaffAvailabilityEdited: a person adds a day (staff_id left empty), removes a rule and
// the file gives exactly their new rules.
func TestStaffAvailabilityEdited(t *testing.T) {
	ds := tricky()
	path := writeStaffBook(t, ds, "u2")
	edit(t, path, func(f *excelize.File) {
		// row 3 is the first rule: replace it by an exam day, staff_id left empty
		for _, c := range []string{"A3", "C3", "F3", "G3"} {
			set(t, f, "Availability", c, "")
		}
		set(t, f, "Availability", "D3", "2027-01-14")
		set(t, f, "Availability", "H3", "exam")
		// and a wish on row 5
		set(t, f, "Availability", "A5", "u2")
		set(t, f, "Availability", "B5", "avoid")
		set(t, f, "Availability", "C5", "FREQ=WEEKLY;BYDAY=SA")
	})
	got, err := input.ReadStaffAvailability(path, ds)
	if err != nil {
		t.Fatal(err)
	}
	d := calendar.MustDate("2027-01-14")
	want := []planner.Availability{
		{StaffID: "u2", Kind: planner.Unavailable, FirstDay: d, LastDay: d, Note: "exam"},
		ds.Availability[1],
		{StaffID: "u2", Kind: planner.Avoid, RRule: "FREQ=WEEKLY;BYDAY=SA"},
	}
	if diff := cmp.Diff(want, got.Rules); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}

func TestStaffAvailabilityRefused(t *testing.T) {
	ds := tricky()
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, f *excelize.File)
		want []string
	}{
		{"another person's row", func(t *testing.T, f *excelize.File) {
			set(t, f, "Availability", "A4", "u3")
			set(t, f, "Availability", "B4", "away")
		}, []string{
			`u2.xlsx: Availability!A4 (staff_id): a rule for u3 in the file of u2: a person's file holds only their own rules`,
			`u2.xlsx: Availability!B4 (kind): kind "away" is not one of available, unavailable, prefer, avoid`,
		}},
		{"a bad date", func(t *testing.T, f *excelize.File) {
			set(t, f, "Availability", "D4", "2027-02-30")
		}, []string{`u2.xlsx: Availability!D4 (first_day): date "2027-02-30": February 2027 has 28 days, not 30`}},
		{"no person named", func(t *testing.T, f *excelize.File) {
			set(t, f, "Read me", "B3", "")
		}, []string{`u2.xlsx: Read me!B3 (staff_id): the staff_id cell is empty: the file names nobody`}},
		{"a person not in the store", func(t *testing.T, f *excelize.File) {
			set(t, f, "Read me", "B3", "zed")
		}, []string{`u2.xlsx: Read me: staff_id "zed" is not a staff member in the store`}},
		{"no Read me sheet", func(t *testing.T, f *excelize.File) {
			if err := f.DeleteSheet("Read me"); err != nil {
				t.Fatal(err)
			}
		}, []string{`u2.xlsx: no "Read me" sheet naming the person: not a person's availability file (deskplan availability export --per-staff writes them)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeStaffBook(t, ds, "u2")
			edit(t, path, func(f *excelize.File) { tc.fn(t, f) })
			got, err := input.ReadStaffAvailability(path, ds)
			if got != nil {
				t.Fatalf("read %+v, want a refusal", got)
			}
			var msgs []string
			for _, p := range problems(t, err) {
				msgs = append(msgs, strings.TrimPrefix(p, filepath.Dir(path)+string(filepath.Separator)))
			}
			if diff := cmp.Diff(tc.want, msgs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStaffAvailabilityFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.xlsx", "a.XLSX", "~$a.xlsx", ".hidden.xlsx", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := input.StaffAvailabilityFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{filepath.Join(dir, "a.XLSX"), filepath.Join(dir, "b.xlsx")}, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if _, err := input.StaffAvailabilityFiles(filepath.Join(dir, "nope")); err == nil {
		t.Error("a missing folder: no error")
	}
	if _, err := input.StaffAvailabilityFiles(t.TempDir()); err == nil {
		t.Error("an empty folder: no error")
	}
}

// FuzzReadStaffAvailability types arbitrary text into a new row of a person's file: the file
// is read or refused with every problem placed, and never yields another person's rule.
func FuzzReadStaffAvailability(f *testing.F) {
	f.Add("", "unavailable", "", "2027-01-14", "", "", "", "exam")
	f.Add("u3", "prefer", "FREQ=WEEKLY;BYDAY=XX", "", "", "08:00", "07:00", "=1+1")
	f.Add("u2", "avoid", "", "44000", "2027-01-01", "8", "12h", "")
	ds := tricky()
	path := writeStaffBook(f, ds, "u2")
	orig, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, id, kind, rule, first, last, from, to, note string) {
		p := filepath.Join(t.TempDir(), "u2.xlsx")
		if err := os.WriteFile(p, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		edit(t, p, func(f *excelize.File) {
			for i, v := range []string{id, kind, rule, first, last, from, to, note} {
				ref, _ := excelize.CoordinatesToCellName(i+1, 5)
				if err := f.SetCellStr("Availability", ref, v); err != nil {
					t.Skip() // text excelize cannot store
				}
			}
		})
		got, err := input.ReadStaffAvailability(p, ds)
		if err != nil {
			checkRejection(t, &planner.Dataset{}, err)
			return
		}
		for _, a := range got.Rules {
			if a.StaffID != "u2" {
				t.Fatalf("a rule of %s read from u2's file", a.StaffID)
			}
		}
	})
}
