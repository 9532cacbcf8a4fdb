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
	tzid, loc, err := timeZone(ds, r)
	if err != nil {
		return err
	}
	events := staffEvents(r, staffID, opts)
	c := &staffCalendar{ds: ds, r: r, person: person, staffID: staffID, tzid: tzid,
		draft: r.Status != planner.Published, session: sessionName(ds, r)}
	from, to := span(r, events)
	cal := c.calendar(loc, from, to)
	stamp := r.CreatedAt.UTC()
	if r.CreatedAt.IsZero() {
		stamp = time.Now().UTC()
	}
	for _, e := range events {
		c.addEvent(cal, e, stamp)
	}
	return cal.SerializeTo(w, ical.WithNewLineWindows)
}

// timeZone returns the desk's time zone: that of the dataset's settings, else of the
// roster's, else Europe/Brussels.
func timeZone(ds *planner.Dataset, r *planner.Roster) (string, *time.Location, error) {
	set := ds.Settings
	if set.TimeZone == "" {
		set = r.Settings
	}
	tzid := cmp.Or(set.TimeZone, "Europe/Brussels")
	loc, err := time.LoadLocation(tzid)
	if err != nil {
		return "", nil, fmt.Errorf("ics: time zone %q: %w", tzid, err)
	}
	return tzid, loc, nil
}

// event is a shift of a calendar: one to work, or one cancelled.
type event struct {
	planner.Shift
	cancelled bool
}

// staffEvents returns the events of staffID's calendar for roster r in date and time order:
// the person's shifts, and the shifts of opts.Since the roster cancels.
func staffEvents(r *planner.Roster, staffID string, opts *Options) []event {
	var events []event
	for _, s := range r.Shifts {
		if s.StaffID == staffID {
			events = append(events, event{Shift: s})
		}
	}
	if opts != nil {
		for _, s := range Cancelled(opts.Since, r) {
			if s.StaffID == staffID {
				events = append(events, event{Shift: s, cancelled: true})
			}
		}
	}
	slices.SortFunc(events, func(a, b event) int {
		return cmp.Or(a.Date.Sub(b.Date), cmp.Compare(a.Start, b.Start))
	})
	return events
}

// span returns the days the calendar covers: the roster's horizon widened to its events (in
// date order), or the roster's day of creation when it has neither.
func span(r *planner.Roster, events []event) (from, to calendar.Date) {
	from, to = r.From, r.To
	if len(events) > 0 {
		if from.IsZero() || events[0].Date.Before(from) {
			from = events[0].Date
		}
		if to.IsZero() || events[len(events)-1].Date.After(to) {
			to = events[len(events)-1].Date
		}
	}
	if from.IsZero() {
		from = calendar.DateOf(r.CreatedAt)
		to = from
	}
	return from, to
}

// sessionName returns the name of the roster's session, or its id.
func sessionName(ds *planner.Dataset, r *planner.Roster) string {
	if s, ok := ds.Session(r.SessionID); ok && s.Name != "" {
		return s.Name
	}
	return r.SessionID
}

// staffCalendar is the calendar of one staff member for one roster, being written.
type staffCalendar struct {
	ds      *planner.Dataset
	r       *planner.Roster
	person  planner.Staff
	staffID string
	tzid    string
	draft   bool   // the roster is not published
	session string // the session's name, for the descriptions
}

// calendar returns the calendar without events: its name and description, and the time zone
// with its changes from the year before from to the year after to.
func (c *staffCalendar) calendar(loc *time.Location, from, to calendar.Date) *ical.Calendar {
	cal := ical.NewCalendar()
	cal.SetProductId(ProductID)
	cal.SetMethod(ical.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	if c.draft {
		cal.SetXWRCalName(clean("DRAFT Helpdesk shifts: " + c.person.Name))
		desc := fmt.Sprintf("DRAFT: roster version %d is not published; shifts may still change.", c.r.Version)
		cal.SetXWRCalDesc(desc)
		cal.SetDescription(desc)
	} else {
		cal.SetXWRCalName(clean("Helpdesk shifts: " + c.person.Name))
	}
	cal.SetXWRTimezone(c.tzid)
	cal.AddVTimezone(vtimezone(c.tzid, loc, from.Year-1, to.Year+1))
	return cal
}

// addEvent adds the VEVENT of e, stamped at stamp.
func (c *staffCalendar) addEvent(cal *ical.Calendar, e event, stamp time.Time) {
	s := e.Shift
	ev := cal.AddEvent(UID(c.staffID, s.Date))
	ev.SetDtStampTime(stamp)
	ev.SetModifiedAt(stamp)
	ev.SetSequence(Sequence(c.r))
	ev.SetProperty(ical.ComponentPropertyDtStart, localTime(s.Date, s.Start), ical.WithTZID(c.tzid))
	ev.SetProperty(ical.ComponentPropertyDtEnd, localTime(s.Date, s.End), ical.WithTZID(c.tzid))
	line := lineLabel(c.ds, c.person, s)
	if e.cancelled {
		ev.SetSummary(clean("Cancelled: Helpdesk " + line))
		ev.SetDescription(clean(fmt.Sprintf("Shift %s-%s on line %s cancelled: roster version %d, %s, no longer has it.",
			s.Start, s.End, line, c.r.Version, c.session)))
		ev.SetStatus(ical.ObjectStatusCancelled)
		ev.SetTimeTransparency(ical.TransparencyTransparent)
		return
	}
	if c.draft {
		ev.SetSummary(clean("DRAFT Helpdesk " + line))
	} else {
		ev.SetSummary(clean("Helpdesk " + line))
	}
	if l, ok := lineByID(c.ds, s.Line); ok && l.Name != "" {
		ev.SetLocation(clean(l.Name))
	}
	ev.SetDescription(clean(strings.Join(c.description(s, line), "\n")))
	if c.draft {
		ev.SetStatus(ical.ObjectStatusTentative)
	} else {
		ev.SetStatus(ical.ObjectStatusConfirmed)
	}
	ev.SetTimeTransparency(ical.TransparencyOpaque)
}

// description returns the lines of the description of shift s on line (its label): times,
// break, the line's phone, the mentors on duty for a person in training, the roster version.
func (c *staffCalendar) description(s planner.Shift, line string) []string {
	desc := []string{fmt.Sprintf("Shift %s-%s on line %s.", s.Start, s.End, line)}
	if s.BreakEnd > s.BreakStart {
		desc = append(desc, fmt.Sprintf("Break %s-%s.", s.BreakStart, s.BreakEnd))
	}
	if l, ok := lineByID(c.ds, s.Line); ok && l.Phone != "" {
		desc = append(desc, "Line phone: "+l.Phone+".")
	}
	if c.person.Status == planner.StatusTrainee || c.person.Status == planner.StatusNew {
		if m := mentorsOnDuty(c.ds, c.r, s); len(m) > 0 {
			desc = append(desc, "Mentor on duty: "+strings.Join(m, ", ")+".")
		}
	}
	if c.draft {
		desc = append(desc, fmt.Sprintf("DRAFT roster version %d, %s: not published, it may still change.", c.r.Version, c.session))
	} else {
		desc = append(desc, fmt.Sprintf("Roster version %d, %s.", c.r.Version, c.session))
	}
	return desc
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
