package ics_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/ics"
)

func ExampleWriteStaff() {
	ds := &planner.Dataset{
		Settings: planner.DefaultSettings(), // time zone Europe/Brussels
		Lines:    []planner.Line{{ID: "LLN", Name: "Louvain-la-Neuve, Brussels"}},
		Staff:    []planner.Staff{{ID: "ana", Name: "Ana Martins", Lines: []string{"LLN"}, Status: planner.StatusMentor}},
	}
	r := &planner.Roster{Version: 2, SessionID: "jan-2027", CreatedAt: time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC),
		Shifts: []planner.Shift{{StaffID: "ana", Date: calendar.MustDate("2027-01-04"),
			Start: calendar.MustClock("07:30"), End: calendar.MustClock("15:30"), Line: "LLN",
			BreakStart: calendar.MustClock("11:30"), BreakEnd: calendar.MustClock("12:00")}}}
	var b bytes.Buffer
	if err := ics.WriteStaff(&b, ds, r, "ana", nil); err != nil {
		fmt.Println(err)
		return
	}
	// Print the event only, with LF line ends.
	out := strings.ReplaceAll(b.String(), "\r\n", "\n")
	fmt.Print(out[strings.Index(out, "BEGIN:VEVENT"):strings.Index(out, "END:VEVENT")])
	// Output:
	// BEGIN:VEVENT
	// UID:a8ac1d31d321aaba1789142bc31de736@deskplan
	// DTSTAMP:20270102T090000Z
	// LAST-MODIFIED:20270102T090000Z
	// SEQUENCE:4
	// DTSTART;TZID=Europe/Brussels:20270104T073000
	// DTEND;TZID=Europe/Brussels:20270104T153000
	// SUMMARY:DRAFT Helpdesk LLN
	// LOCATION:Louvain-la-Neuve\, Brussels
	// DESCRIPTION:Shift 07:30-15:30 on line LLN.\nBreak 11:30-12:00.\nDRAFT
	//   roster version 2\, jan-2027: not published\, it may still change.
	// STATUS:TENTATIVE
	// TRANSP:OPAQUE
}
