// Package ics writes staff calendars: one RFC 5545 iCalendar file per staff member with one
// event per shift, in the desk's time zone.
//
// Events carry the desk's time zone (Settings.TimeZone, e.g. Europe/Brussels) as TZID, and the
// file holds a VTIMEZONE for it derived from the time-zone database, so a calendar shows
// 07:30 as 07:30 on both sides of a daylight-saving change. Each event's UID is a hash of the
// staff id and the date, so importing the calendar of a newer roster version updates the
// events of the earlier one instead of adding copies; SEQUENCE is the roster version.
//
// The files are built with github.com/arran4/golang-ical, which escapes TEXT values and folds
// lines at 75 octets without splitting a UTF-8 character; deskplan asks it for CRLF line ends
// (its default on Unix is a bare LF, which RFC 5545 does not allow).
package ics

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	ical "github.com/arran4/golang-ical"

	"deskplan/planner"
	"deskplan/planner/calendar"
	"deskplan/planner/safefile"
)

// ProductID is the PRODID of the calendars deskplan writes.
const ProductID = "-//deskplan//helpdesk roster//EN"

// UID returns the stable UID of a staff member's shift on a day: the same in every roster
// version, so an updated roster replaces the event.
func UID(staffID string, day calendar.Date) string {
	sum := sha256.Sum256([]byte(staffID + "\x00" + day.String()))
	return hex.EncodeToString(sum[:16]) + "@deskplan"
}

// WriteStaff writes the calendar of staff member staffID for roster r to w: one VEVENT per
// shift, in the time zone of the dataset's settings. A person with no shift gets a calendar
// with the time zone only.
func WriteStaff(w io.Writer, ds *planner.Dataset, r *planner.Roster, staffID string) error {
	if ds == nil || r == nil {
		return errors.New("ics: a calendar needs a dataset and a roster")
	}
	person, ok := ds.StaffByID(staffID)
	if !ok {
		return fmt.Errorf("ics: no staff member %q", staffID)
	}
	set := ds.Settings
	if set.TimeZone == "" {
		set = r.Settings
	}
	tzid := cmp.Or(set.TimeZone, "Europe/Brussels")
	loc, err := time.LoadLocation(tzid)
	if err != nil {
		return fmt.Errorf("ics: time zone %q: %w", tzid, err)
	}
	var shifts []planner.Shift
	for _, s := range r.Shifts {
		if s.StaffID == staffID {
			shifts = append(shifts, s)
		}
	}
	slices.SortFunc(shifts, func(a, b planner.Shift) int {
		return cmp.Or(a.Date.Sub(b.Date), cmp.Compare(a.Start, b.Start))
	})
	from, to := r.From, r.To
	if len(shifts) > 0 {
		if from.IsZero() || shifts[0].Date.Before(from) {
			from = shifts[0].Date
		}
		if to.IsZero() || shifts[len(shifts)-1].Date.After(to) {
			to = shifts[len(shifts)-1].Date
		}
	}
	if from.IsZero() {
		from = calendar.DateOf(r.CreatedAt)
		to = from
	}

	stamp := r.CreatedAt.UTC()
	if r.CreatedAt.IsZero() {
		stamp = time.Now().UTC()
	}
	cal := ical.NewCalendar()
	cal.SetProductId(ProductID)
	cal.SetMethod(ical.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRCalName(clean("Helpdesk shifts: " + person.Name))
	cal.SetXWRTimezone(tzid)
	cal.AddVTimezone(vtimezone(tzid, loc, from.Year-1, to.Year+1))

	session := r.SessionID
	if s, ok := ds.Session(r.SessionID); ok && s.Name != "" {
		session = s.Name
	}
	for _, s := range shifts {
		ev := cal.AddEvent(UID(staffID, s.Date))
		ev.SetDtStampTime(stamp)
		ev.SetModifiedAt(stamp)
		ev.SetSequence(max(0, r.Version))
		ev.SetProperty(ical.ComponentPropertyDtStart, localTime(s.Date, s.Start), ical.WithTZID(tzid))
		ev.SetProperty(ical.ComponentPropertyDtEnd, localTime(s.Date, s.End), ical.WithTZID(tzid))
		line := lineLabel(ds, person, s)
		ev.SetSummary(clean("Helpdesk " + line))
		if l, ok := lineByID(ds, s.Line); ok && l.Name != "" {
			ev.SetLocation(clean(l.Name))
		}
		desc := []string{fmt.Sprintf("Shift %s-%s on line %s.", s.Start, s.End, line)}
		if s.BreakEnd > s.BreakStart {
			desc = append(desc, fmt.Sprintf("Break %s-%s.", s.BreakStart, s.BreakEnd))
		}
		if l, ok := lineByID(ds, s.Line); ok && l.Phone != "" {
			desc = append(desc, "Line phone: "+l.Phone+".")
		}
		if person.Status == planner.StatusTrainee || person.Status == planner.StatusNew {
			if m := mentorsOnDuty(ds, r, s); len(m) > 0 {
				desc = append(desc, "Mentor on duty: "+strings.Join(m, ", ")+".")
			}
		}
		desc = append(desc, fmt.Sprintf("Roster version %d, %s.", r.Version, session))
		ev.SetDescription(clean(strings.Join(desc, "\n")))
		if r.Status == planner.Published {
			ev.SetStatus(ical.ObjectStatusConfirmed)
		} else {
			ev.SetStatus(ical.ObjectStatusTentative)
		}
		ev.SetTimeTransparency(ical.TransparencyOpaque)
	}
	return cal.SerializeTo(w, ical.WithNewLineWindows)
}

// WriteAll writes one calendar per staff member of ds into dir (created if missing), named
// after a safe form of the staff id (ASCII letters, digits, '-', '_' and '.', with a short
// hash when the id had to change) with the extension .ics. It returns the paths written, in
// staff order. Each file is written atomically (see writeFile) and a new one gets the
// permissions the umask allows.
func WriteAll(dir string, ds *planner.Dataset, r *planner.Roster) ([]string, error) {
	if ds == nil || r == nil {
		return nil, errors.New("ics: calendars need a dataset and a roster")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	used := map[string]bool{}
	var paths []string
	for _, s := range ds.Staff {
		path := filepath.Join(dir, planner.FileStem(s.ID, used)+".ics")
		if err := writeFile(path, ds, r, s.ID); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// writeFile writes the calendar atomically (package safefile): a link planted at path is
// replaced, never followed, and a failed write leaves the old file.
func writeFile(path string, ds *planner.Dataset, r *planner.Roster, id string) error {
	return safefile.Write(path, func(w io.Writer) error { return WriteStaff(w, ds, r, id) })
}

// localTime formats the wall-clock time c of day d as an iCalendar local DATE-TIME.
func localTime(d calendar.Date, c calendar.Clock) string {
	return time.Date(d.Year, d.Month, d.Day, 0, int(c), 0, 0, time.UTC).Format("20060102T150405")
}

// clean drops control characters other than newline and tab: iCalendar TEXT cannot carry them.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
}

func lineByID(ds *planner.Dataset, id string) (planner.Line, bool) {
	i := slices.IndexFunc(ds.Lines, func(l planner.Line) bool { return l.ID == id })
	if i < 0 {
		return planner.Line{}, false
	}
	return ds.Lines[i], true
}

func lineLabel(ds *planner.Dataset, p planner.Staff, s planner.Shift) string {
	if s.Line != planner.PooledLine {
		return s.Line
	}
	if len(p.Lines) > 0 {
		return strings.Join(p.Lines, "+")
	}
	return strings.Join(ds.LineIDs(), "+")
}

func shiftLines(ds *planner.Dataset, p planner.Staff, s planner.Shift) []string {
	if s.Line != planner.PooledLine {
		return []string{s.Line}
	}
	if len(p.Lines) > 0 {
		return p.Lines
	}
	return ds.LineIDs()
}

// mentorsOnDuty returns the names of the mentors whose shift overlaps s on a common line.
func mentorsOnDuty(ds *planner.Dataset, r *planner.Roster, s planner.Shift) []string {
	me, _ := ds.StaffByID(s.StaffID)
	mine := shiftLines(ds, me, s)
	var names []string
	for _, o := range r.Shifts {
		if o.Date != s.Date || o.StaffID == s.StaffID || o.Start >= s.End || o.End <= s.Start {
			continue
		}
		m, ok := ds.StaffByID(o.StaffID)
		if !ok || m.Status != planner.StatusMentor {
			continue
		}
		if slices.ContainsFunc(shiftLines(ds, m, o), func(l string) bool { return slices.Contains(mine, l) }) {
			names = append(names, m.Name)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
