package calendar

import (
	"fmt"
	"testing"
)

func TestEaster(t *testing.T) {
	// Dates from published Easter tables, including the earliest (22 March) and latest
	// (25 April) possible days.
	for _, tc := range []struct {
		year int
		want string
	}{
		{1818, "1818-03-22"},
		{1943, "1943-04-25"},
		{1961, "1961-04-02"},
		{2000, "2000-04-23"},
		{2008, "2008-03-23"},
		{2011, "2011-04-24"},
		{2019, "2019-04-21"},
		{2024, "2024-03-31"},
		{2025, "2025-04-20"},
		{2026, "2026-04-05"},
		{2027, "2027-03-28"},
		{2028, "2028-04-16"},
		{2038, "2038-04-25"},
		{2285, "2285-03-22"},
	} {
		if got := Easter(tc.year); got.String() != tc.want {
			t.Errorf("Easter(%d) = %s, want %s", tc.year, got, tc.want)
		}
	}
}

func TestEasterIsASundayInRange(t *testing.T) {
	for y := 1583; y <= 3000; y++ {
		e := Easter(y)
		if e.Weekday() != 0 {
			t.Fatalf("Easter(%d) = %s, a %s", y, e, e.Weekday())
		}
		lo, hi := Date{Year: y, Month: 3, Day: 22}, Date{Year: y, Month: 4, Day: 25}
		if e.Before(lo) || e.After(hi) {
			t.Fatalf("Easter(%d) = %s, outside 22 March..25 April", y, e)
		}
	}
}

func TestPublicHolidaysBE(t *testing.T) {
	got, err := PublicHolidays("be", 2027)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2027-01-01 New Year's Day",
		"2027-03-29 Easter Monday",
		"2027-05-01 Labour Day",
		"2027-05-06 Ascension Day",
		"2027-05-17 Whit Monday",
		"2027-07-21 Belgian National Day",
		"2027-08-15 Assumption Day",
		"2027-11-01 All Saints' Day",
		"2027-11-11 Armistice Day",
		"2027-12-25 Christmas Day",
	}
	if len(got) != len(want) {
		t.Fatalf("PublicHolidays(BE, 2027) = %d days, want %d: %v", len(got), len(want), got)
	}
	for i, h := range got {
		if s := h.Date.String() + " " + h.Name; s != want[i] {
			t.Errorf("holiday %d = %s, want %s", i, s, want[i])
		}
	}
	if _, err := PublicHolidays("XX", 2027); err == nil {
		t.Error("PublicHolidays(XX) gave no error")
	}
	if _, err := PublicHolidays("BE", 1200); err == nil {
		t.Error("PublicHolidays(BE, 1200) gave no error")
	}
}

func ExamplePublicHolidays() {
	days, _ := PublicHolidays("BE", 2027)
	for _, h := range days[1:5] {
		fmt.Println(h.Date, h.Date.Weekday(), h.Name)
	}
	// Output:
	// 2027-03-29 Monday Easter Monday
	// 2027-05-01 Saturday Labour Day
	// 2027-05-06 Thursday Ascension Day
	// 2027-05-17 Monday Whit Monday
}
