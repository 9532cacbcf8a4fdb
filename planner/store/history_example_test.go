package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/forecast"
	"github.com/deskplan/deskplan/planner/store"
)

// The call history keeps each call once, however often a log is imported; a session's
// forecast, when replaced, is kept as a numbered version.
func ExampleStore_ReplaceForecast() {
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

	const log1 = `arrival,line,wait_seconds,handle_seconds,abandoned
2026-06-08 09:31:05,LLN,12.5,300,false
2026-06-08 09:40:00,LLN,61,,true
`
	loc, _ := time.LoadLocation("Europe/Brussels")
	calls, err := forecast.ReadCalls(strings.NewReader(log1), "calls.csv", loc)
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		added, err := s.ImportCalls(ctx, calls)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("calls added:", added)
	}

	day := calendar.MustDate("2027-01-11")
	if _, err := s.Import(ctx, &planner.Dataset{
		Lines:    []planner.Line{{ID: "LLN"}},
		Sessions: []planner.Session{{ID: "jan-2027", FirstDay: day, LastDay: day}},
	}); err != nil {
		log.Fatal(err)
	}
	row := func(calls float64) []planner.ForecastRow {
		return []planner.ForecastRow{{Date: day, Weekday: day.Weekday(), Slot: calendar.MustClock("09:00"),
			Line: "LLN", Calls: calls, AHT: 300}}
	}
	for i, note := range []string{"first build", "second build"} {
		v, err := s.ReplaceForecast(ctx, "jan-2027", row(float64(10*(i+1))), note, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(note+": previous forecast archived as version", v)
	}
	versions, err := s.ForecastVersions(ctx, "jan-2027")
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range versions {
		fmt.Printf("version %d: %q, %d row, %.0f calls\n", v.Version, v.Note, v.Rows, v.Calls)
	}
	// Output:
	// calls added: 2
	// calls added: 0
	// first build: previous forecast archived as version 0
	// second build: previous forecast archived as version 1
	// version 1: "first build", 1 row, 10 calls
}
