// Package ics writes staff calendars: one RFC 5545 iCalendar file per staff member with one
// event per shift, in the desk's time zone.
//
// Events carry the desk's time zone (Settings.TimeZone, e.g. Europe/Brussels) as TZID, and the
// file holds a VTIMEZONE for it derived from the time-zone database, so a calendar shows
// 07:30 as 07:30 on both sides of a daylight-saving change. Each event's UID is a hash of the
// staff id and the date, so importing the calendar of a newer roster version updates the
// events of the earlier one instead of adding copies. SEQUENCE grows with the version and
// with publication (see Sequence), so a calendar program always keeps the newest event.
//
// Calendars follow changes: given the earlier version staff hold (Options.Since), a shift of
// that version on a day the person no longer works is written again, with the same UID,
// STATUS:CANCELLED and the higher SEQUENCE, so the calendar program removes it. A draft's
// calendar says DRAFT in its name, its description and each event's summary; its events are
// TENTATIVE, a published roster's CONFIRMED.
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

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/safefile"
)

// ProductID is the PRODID of the calendars deskplan writes.
const ProductID = "-//deskplan//helpdesk roster//EN"

// UID returns the stable UID of a staff member's shift on a day: the same in every roster
// version, so an updated roster replaces the event.
func UID(staffID string, day calendar.Date) string {
	sum := sha256.Sum256([]byte(staffID + "\x00" + day.String()))
	return hex.EncodeToString(sum[:16]) + "@deskplan"
}

// Options are the optional parts of staff calendars; nil means none.
type Options struct {
	// Since is the earlier roster version staff may hold in their calendars: each of its
	// shifts within the roster's horizon, on a day the person has no shift in the roster, is
	// written as a cancelled event. Its version must be below the roster's.
	Since *planner.Roster
	// Former are people of Since who are not in the dataset (a what-if scenario without them):
	// each gets a calendar holding their cancelled shifts.
	Former []planner.Staff
}

// Sequence is the SEQUENCE of every event of roster r's calendars: twice the version, plus one
// once published. It grows from one version to the next and from draft to published, so an
// event, its update and its cancellation always reach a calendar program in order.
func Sequence(r *planner.Roster) int {
	n := 2 * max(0, r.Version)
	if r.Status == planner.Published {
		n++
	}
	return n
}

// Cancelled returns the shifts of since, within r's horizon, on a day their person has no
// shift in r: those the calendars of r cancel. They are in staff, date and time order.
func Cancelled(since, r *planner.Roster) []planner.Shift {
	if since == nil {
		return nil
	}
	has := map[planner.StaffDay]bool{}
	for _, s := range r.Shifts {
		has[planner.StaffDay{StaffID: s.StaffID, Date: s.Date}] = true
	}
	var out []planner.Shift
	for _, s := range since.Shifts {
		in := (r.From.IsZero() || !s.Date.Before(r.From)) && (r.To.IsZero() || !s.Date.After(r.To))
		if in && !has[planner.StaffDay{StaffID: s.StaffID, Date: s.Date}] {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b planner.Shift) int {
		return cmp.Or(cmp.Compare(a.StaffID, b.StaffID), a.Date.Compare(b.Date), cmp.Compare(a.Start, b.Start))
	})
	return out
}

// check reports options that cannot apply to roster r.
func (o *Options) check(r *planner.Roster) error {
	if o == nil || o.Since == nil {
		return nil
	}
	if o.Since.Version > 0 && r.Version > 0 && o.Since.Version >= r.Version {
		return fmt.Errorf("ics: roster v%d cannot cancel the shifts of v%d: give an earlier version", r.Version, o.Since.Version)
	}
	return nil
}

// person finds staffID in ds, or among the former staff of opts.
func (o *Options) person(ds *planner.Dataset, staffID string) (planner.Staff, bool) {
	if p, ok := ds.StaffByID(staffID); ok {
		return p, true
	}
	if o != nil {
		if i := slices.IndexFunc(o.Former, func(s planner.Staff) bool { return s.ID == staffID }); i >= 0 {
			return o.Former[i], true
		}
	}
	return planner.Staff{}, false
}

// WriteStaff writes the calendar of staff member staffID for roster r to w: one VEVENT per
// shift, in the time zone of the dataset's settings, and one cancelled VEVENT per shift of
// opts.Since the person lost. A person with no event gets a calendar with the time zone only.
func WriteStaff(w io.Writer, ds *planner.Dataset, r *planner.Roster, staffID string, opts *Options) error {
	if ds == nil || r == nil {
		return errors.New("ics: a calendar needs a dataset and a roster")
	}
	if err := opts.check(r); err != nil {
		return err
	}
	person, ok := opts.person(ds, staffID)
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
	type event struct {
		planner.Shift
		cancelled bool
	}
	var shifts []event
	for _, s := range r.Shifts {
		if s.StaffID == staffID {
			shifts = append(shifts, event{Shift: s})
		}
	}
	if opts != nil {
		for _, s := range Cancelled(opts.Since, r) {
			if s.StaffID == staffID {
				shifts = append(shifts, event{Shift: s, cancelled: true})
			}
		}
	}
	slices.SortFunc(shifts, func(a, b event) int {
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
	draft := r.Status != planner.Published
	if draft {
		cal.SetXWRCalName(clean("DRAFT Helpdesk shifts: " + person.Name))
		desc := fmt.Sprintf("DRAFT: roster version %d is not published; shifts may still change.", r.Version)
		cal.SetXWRCalDesc(desc)
		cal.SetDescription(desc)
	} else {
		cal.SetXWRCalName(clean("Helpdesk shifts: " + person.Name))
	}
	cal.SetXWRTimezone(tzid)
	cal.AddVTimezone(vtimezone(tzid, loc, from.Year-1, to.Year+1))

	session := r.SessionID
	if s, ok := ds.Session(r.SessionID); ok && s.Name != "" {
		session = s.Name
	}
	for _, e := range shifts {
		s := e.Shift
		ev := cal.AddEvent(UID(staffID, s.Date))
		ev.SetDtStampTime(stamp)
		ev.SetModifiedAt(stamp)
		ev.SetSequence(Sequence(r))
		ev.SetProperty(ical.ComponentPropertyDtStart, localTime(s.Date, s.Start), ical.WithTZID(tzid))
		ev.SetProperty(ical.ComponentPropertyDtEnd, localTime(s.Date, s.End), ical.WithTZID(tzid))
		line := lineLabel(ds, person, s)
		if e.cancelled {
			ev.SetSummary(clean("Cancelled: Helpdesk " + line))
			ev.SetDescription(clean(fmt.Sprintf("Shift %s-%s on line %s cancelled: roster version %d, %s, no longer has it.",
				s.Start, s.End, line, r.Version, session)))
			ev.SetStatus(ical.ObjectStatusCancelled)
			ev.SetTimeTransparency(ical.TransparencyTransparent)
			continue
		}
		if draft {
			ev.SetSummary(clean("DRAFT Helpdesk " + line))
		} else {
			ev.SetSummary(clean("Helpdesk " + line))
		}
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
		if draft {
			desc = append(desc, fmt.Sprintf("DRAFT roster version %d, %s: not published, it may still change.", r.Version, session))
		} else {
			desc = append(desc, fmt.Sprintf("Roster version %d, %s.", r.Version, session))
		}
		ev.SetDescription(clean(strings.Join(desc, "\n")))
		if draft {
			ev.SetStatus(ical.ObjectStatusTentative)
		} else {
			ev.SetStatus(ical.ObjectStatusConfirmed)
		}
		ev.SetTimeTransparency(ical.TransparencyOpaque)
	}
	return cal.SerializeTo(w, ical.WithNewLineWindows)
}

// WriteAll writes one calendar per staff member of ds into dir (created if missing), named
// after a safe form of the staff id (ASCII letters, digits, '-', '_' and '.', with a short
// hash when the id had to change) with the extension .ics, then one per former staff member
// of opts with a shift to cancel. It returns the paths written, in that order. Each file is
// written atomically (see writeFile) and a new one gets the permissions the umask allows.
func WriteAll(dir string, ds *planner.Dataset, r *planner.Roster, opts *Options) ([]string, error) {
	if ds == nil || r == nil {
		return nil, errors.New("ics: calendars need a dataset and a roster")
	}
	if err := opts.check(r); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(ds.Staff))
	for _, s := range ds.Staff {
		ids = append(ids, s.ID)
	}
	if opts != nil {
		o := *opts
		o.Former = slices.Clone(opts.Former)
		for _, s := range Cancelled(opts.Since, r) {
			if slices.Contains(ids, s.StaffID) {
				continue
			}
			if _, ok := o.person(ds, s.StaffID); !ok { // a person deleted since: named by id
				o.Former = append(o.Former, planner.Staff{ID: s.StaffID, Name: s.StaffID})
			}
			ids = append(ids, s.StaffID)
		}
		opts = &o
	}
	used := map[string]bool{}
	var paths []string
	for _, id := range ids {
		path := filepath.Join(dir, planner.FileStem(id, used)+".ics")
		if err := writeFile(path, ds, r, id, opts); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// writeFile writes the calendar atomically (package safefile): a link planted at path is
// replaced, never followed, and a failed write leaves the old file.
func writeFile(path string, ds *planner.Dataset, r *planner.Roster, id string, opts *Options) error {
	return safefile.Write(path, func(w io.Writer) error { return WriteStaff(w, ds, r, id, opts) })
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
