package store

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// FuzzParseStoredDate checks the fast date parser of loads against calendar.ParseDate: it
// accepts only what ParseDate accepts, with the same result, and every date ParseDate prints.
func FuzzParseStoredDate(f *testing.F) {
	for _, s := range []string{"2027-01-04", "2027-02-29", "2028-02-29", "0000-00-00", "2027-13-01",
		"2027-1-04", "2027-01-04T10:00:00", "", "abcd-ef-gh", "2027-01-4 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := parseStoredDate(s)
		want, err := calendar.ParseDate(s)
		if !got.IsZero() && (err != nil || got != want) {
			t.Errorf("parseStoredDate(%q) = %v, ParseDate = %v, %v", s, got, want, err)
		}
		if err == nil && want.String() == s && want.Year > 0 && got != want {
			t.Errorf("parseStoredDate(%q) = %v, want %v", s, got, want)
		}
	})
}

// FuzzTextRoundTrip checks that any text a user may type (names, notes, RRULEs) comes back
// from the store byte for byte.
func FuzzTextRoundTrip(f *testing.F) {
	for _, s := range []string{"", "Ana", "=HYPERLINK(\"x\")", "+cmd", "O'Brien; DROP TABLE staff; --",
		"日本語", "nul\x00inside", "\xff\xfe not UTF-8", "  spaces  "} {
		f.Add(s)
	}
	ctx := context.Background()
	s := newStore(f)
	f.Fuzz(func(t *testing.T, text string) {
		ds := &planner.Dataset{
			Lines: []planner.Line{{ID: "L", Name: text, Phone: text}},
			Staff: []planner.Staff{{ID: "p", Name: text, Email: text, Lines: []string{"L"},
				Status: planner.StatusQualified, Roles: []string{text}}},
			Availability: []planner.Availability{{StaffID: "p", Kind: planner.Avoid, RRule: text, Note: text}},
		}
		if _, err := s.Import(ctx, ds); err != nil {
			t.Fatal(err)
		}
		got, err := s.Dataset(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ds.Lines, got.Lines); diff != "" {
			t.Errorf("lines (-imported +loaded):\n%s", diff)
		}
		if diff := cmp.Diff(ds.Staff, got.Staff); diff != "" {
			t.Errorf("staff (-imported +loaded):\n%s", diff)
		}
		if diff := cmp.Diff(ds.Availability, got.Availability); diff != "" {
			t.Errorf("availability (-imported +loaded):\n%s", diff)
		}
	})
}
