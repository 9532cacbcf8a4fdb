package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Easter returns Easter Sunday of year in the Gregorian calendar (the anonymous algorithm
// published by Meeus, Jones and Butcher), for years 1583 and later.
func Easter(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{Year: year, Month: time.Month(month), Day: day}
}

// Holiday is a public holiday: a day and its name.
type Holiday struct {
	Date Date   `json:"date"`
	Name string `json:"name"`
}

// holidayCountries maps a country code to its public holidays of a year.
var holidayCountries = map[string]func(year int) []Holiday{
	"BE": belgianHolidays,
}

// HolidayCountries lists the country codes PublicHolidays knows, sorted.
func HolidayCountries() []string {
	out := make([]string, 0, len(holidayCountries))
	for c := range holidayCountries {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// PublicHolidays returns the public holidays of country (an ISO 3166 code such as BE, in any
// case) in year, in date order. An unknown country or a year before 1583 (Easter's dates are
// Gregorian) is an error.
func PublicHolidays(country string, year int) ([]Holiday, error) {
	fn, ok := holidayCountries[strings.ToUpper(strings.TrimSpace(country))]
	if !ok {
		return nil, fmt.Errorf("no public holidays known for country %q (known: %s)", country, strings.Join(HolidayCountries(), ", "))
	}
	if year < 1583 || year > 9999 {
		return nil, fmt.Errorf("year %d is outside 1583..9999", year)
	}
	out := fn(year)
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out, nil
}

// belgianHolidays are Belgium's ten legal public holidays: the fixed days and those that
// follow Easter (Easter Monday, Ascension Day 39 days after Easter, Whit Monday 50 days
// after). Easter Sunday and Whit Sunday are Sundays and not in the legal list.
func belgianHolidays(year int) []Holiday {
	easter := Easter(year)
	fixed := func(m time.Month, d int, name string) Holiday {
		return Holiday{Date: Date{Year: year, Month: m, Day: d}, Name: name}
	}
	return []Holiday{
		fixed(time.January, 1, "New Year's Day"),
		{Date: easter.AddDays(1), Name: "Easter Monday"},
		fixed(time.May, 1, "Labour Day"),
		{Date: easter.AddDays(39), Name: "Ascension Day"},
		{Date: easter.AddDays(50), Name: "Whit Monday"},
		fixed(time.July, 21, "Belgian National Day"),
		fixed(time.August, 15, "Assumption Day"),
		fixed(time.November, 1, "All Saints' Day"),
		fixed(time.November, 11, "Armistice Day"),
		fixed(time.December, 25, "Christmas Day"),
	}
}
