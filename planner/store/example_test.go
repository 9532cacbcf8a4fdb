package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/store"
)

// A store is created once (`deskplan init`), then fed by imports; importing the same data
// again changes nothing.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "deskplan")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	s, err := store.Init(ctx, filepath.Join(dir, "deskplan.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	ds := &planner.Dataset{
		Lines: []planner.Line{{ID: "LLN"}, {ID: "MONS"}},
		Staff: []planner.Staff{{ID: "ana", Name: "Ana", Lines: []string{"LLN", "MONS"}, Status: planner.StatusMentor}},
	}
	if err := ds.SetSetting("slot_minutes", "15"); err != nil {
		log.Fatal(err)
	}
	for range 2 {
		st, err := s.Import(ctx, ds)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("settings %+v, lines %+v, staff %+v\n", st.Settings, st.Lines, st.Staff)
	}

	got, err := s.Dataset(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.LineIDs(), got.Settings.SlotMinutes, got.Settings.TimeZone)
	// Output:
	// settings {Inserted:0 Updated:1 Unchanged:0 Deleted:0}, lines {Inserted:2 Updated:0 Unchanged:0 Deleted:0}, staff {Inserted:1 Updated:0 Unchanged:0 Deleted:0}
	// settings {Inserted:0 Updated:0 Unchanged:1 Deleted:0}, lines {Inserted:0 Updated:0 Unchanged:2 Deleted:0}, staff {Inserted:0 Updated:0 Unchanged:1 Deleted:0}
	// [LLN MONS] 15 Europe/Brussels
}

// Rosters are stored as numbered versions, drafts until published.
func ExampleStore_SaveRoster() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "deskplan")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := store.Init(ctx, filepath.Join(dir, "deskplan.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	day := calendar.MustDate("2027-01-04")
	for seed := range int64(2) {
		r := &planner.Roster{SessionID: "jan-2027", From: day, To: day.AddDays(5), Seed: seed, Method: "greedy",
			Shifts: []planner.Shift{{StaffID: "ana", Date: day, Start: calendar.MustClock("07:30"), End: calendar.MustClock("13:30"), Line: "LLN"}}}
		if _, err := s.SaveRoster(ctx, r); err != nil {
			log.Fatal(err)
		}
	}
	if err := s.Publish(ctx, 1); err != nil {
		log.Fatal(err)
	}
	list, err := s.Rosters(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range list {
		fmt.Println(r.Version, r.SessionID, r.Status, r.Seed)
	}
	latest, err := s.LatestRoster(ctx, "jan-2027")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("latest:", latest.Version, len(latest.Shifts), "shift(s)")
	// Output:
	// 2 jan-2027 draft 1
	// 1 jan-2027 published 0
	// latest: 2 1 shift(s)
}
