package input

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// parser turns raw tables into a Dataset, collecting every problem.
type parser struct {
	errs  *planner.InputError
	known *planner.Dataset
	ds    *planner.Dataset
	set   planner.Settings // the settings in force: the file's over known's (or the defaults)

	lines    map[string]bool // line ids of the file and of known
	staff    map[string]bool
	sessions map[string]planner.Session
}

// baseSettings returns known's settings, or the defaults when known has none usable.
func baseSettings(known *planner.Dataset) planner.Settings {
	if known != nil && known.Settings.SlotMinutes > 0 && known.Settings.Validate() == nil {
		s := known.Settings
		s.OpenDays = slices.Clone(s.OpenDays)
		return s
	}
	return planner.DefaultSettings()
}

// parse checks the raw tables and builds the dataset; it returns errs when it holds any
// problem.
func parse(raws []*rawTable, known *planner.Dataset, errs *planner.InputError) (*planner.Dataset, error) {
	p := &parser{
		errs:     errs,
		known:    known,
		ds:       &planner.Dataset{Settings: baseSettings(known)},
		lines:    map[string]bool{},
		staff:    map[string]bool{},
		sessions: map[string]planner.Session{},
	}
	p.set = p.ds.Settings
	if known != nil {
		for _, l := range known.Lines {
			p.lines[l.ID] = true
		}
		for _, s := range known.Staff {
			p.staff[s.ID] = true
		}
		for _, s := range known.Sessions {
			p.sessions[s.ID] = s
		}
	}
	by := map[*table]*rawTable{}
	for _, rt := range raws {
		by[rt.t] = rt
	}
	steps := []struct {
		t  *table
		fn func(*rawTable)
	}{
		{tblSettings, p.settings},
		{tblLines, p.linesTable},
		{tblStaff, p.staffTable},
		{tblAvailability, p.availability},
		{tblSessions, p.sessionsTable},
		{tblForecast, p.forecast},
		{tblShiftTemplates, p.shiftTemplates},
		{tblClosures, p.closures},
	}
	// Ids first, so that references between tables resolve whatever their order.
	if rt := by[tblLines]; rt != nil {
		p.collectIDs(rt, "id", p.lines)
	}
	if rt := by[tblStaff]; rt != nil {
		p.collectIDs(rt, "id", p.staff)
	}
	for _, s := range steps {
		if rt := by[s.t]; rt != nil {
			s.fn(rt)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return p.ds, nil
}

// collectIDs adds the ids of a table to set, before its rows are checked.
func (p *parser) collectIDs(rt *rawTable, col string, set map[string]bool) {
	for i := range rt.rows {
		if id := rt.value(&rt.rows[i], col, kText); id != "" {
			set[id] = true
		}
	}
}

// rec reads the cells of one row.
type rec struct {
	p  *parser
	rt *rawTable
	r  *row
}

func (p *parser) rows(rt *rawTable) []rec {
	out := make([]rec, len(rt.rows))
	for i := range rt.rows {
		out[i] = rec{p, rt, &rt.rows[i]}
	}
	return out
}

func (c rec) place(col string) planner.Place { return c.rt.place(c.r.n, col) }

func (c rec) bad(col, format string, args ...any) { c.p.errs.Add(c.place(col), format, args...) }

// str returns the cell of column col, trimmed ("" when the column is absent).
func (c rec) str(col string) string {
	k := kText
	if def := c.rt.t.column(col); def != nil {
		k = def.Kind
	}
	return c.rt.value(c.r, col, k)
}

// need returns a required cell, reporting it when empty. A column missing from the file is
// reported once, at the header, not on every row.
func (c rec) need(col string) (string, bool) {
	s := c.str(col)
	if s == "" {
		if _, has := c.rt.pos[col]; has {
			c.bad(col, "required cell is empty")
		}
		return "", false
	}
	return s, true
}

func (c rec) id(col string) (string, bool) {
	s, ok := c.need(col)
	if !ok {
		return "", false
	}
	id, err := parseID(s)
	if err != nil {
		c.bad(col, "%v", err)
		return s, false
	}
	return id, true
}

// number reads an optional (def) or required (required column) number within lo..hi.
func (c rec) number(col string, lo, hi, def float64) (float64, bool) {
	s := c.str(col)
	if s == "" {
		if c.rt.t.column(col).Required {
			_, ok := c.need(col)
			return def, ok
		}
		return def, true
	}
	f, err := parseNumber(s, lo, hi)
	if err != nil {
		c.bad(col, "%s: %v", col, err)
		return def, false
	}
	return f, true
}

func (c rec) integer(col string, lo, hi, def int) (int, bool) {
	s := c.str(col)
	if s == "" {
		if c.rt.t.column(col).Required {
			_, ok := c.need(col)
			return def, ok
		}
		return def, true
	}
	n, err := parseInt(s, lo, hi)
	if err != nil {
		c.bad(col, "%s: %v", col, err)
		return def, false
	}
	return n, true
}

// date reads an optional date: the zero Date when empty.
func (c rec) date(col string) (calendar.Date, bool) {
	s := c.str(col)
	if s == "" {
		return calendar.Date{}, true
	}
	d, err := parseDate(s)
	if err != nil {
		c.bad(col, "%v", err)
		return calendar.Date{}, false
	}
	return d, true
}

// clock reads an optional time; given is false when the cell is empty.
func (c rec) clock(col string) (v calendar.Clock, given, ok bool) {
	s := c.str(col)
	if s == "" {
		return 0, false, true
	}
	v, err := parseClock(s)
	if err != nil {
		c.bad(col, "%v", err)
		return 0, true, false
	}
	return v, true, true
}

// onGrid reports a time off the slot grid.
func (c rec) onGrid(col string, v calendar.Clock) bool {
	if int(v)%c.p.set.SlotMinutes != 0 {
		c.bad(col, "time %s is not on the %d-minute slot grid", v, c.p.set.SlotMinutes)
		return false
	}
	return true
}

// firstSeen tracks the row where each key first appeared, to report duplicates.
type firstSeen map[string]int

func (f firstSeen) dup(c rec, col, what, key string) bool {
	if n, ok := f[key]; ok {
		c.bad(col, "duplicate %s %q (first on row %d)", what, key, n)
		return true
	}
	f[key] = c.r.n
	return false
}

var timeKeys = map[string]bool{"open_time": true, "close_time": true}

func (p *parser) settings(rt *rawTable) {
	p.ds.SettingsSet = []string{}
	seen := firstSeen{}
	var gridRow rec // the last row that sets opening hours or the slot grid
	for _, c := range p.rows(rt) {
		key, ok := c.need("key")
		if !ok {
			c.need("value")
			continue
		}
		key = strings.ToLower(key)
		if !slices.Contains(settingNames(), key) {
			c.bad("key", "unknown setting %q (known: %s)", key, strings.Join(settingNames(), ", "))
			continue
		}
		if seen.dup(c, "key", "setting", key) {
			continue
		}
		var value string
		if timeKeys[key] {
			value = c.rt.value(c.r, "value", kClock)
		} else {
			value = c.rt.value(c.r, "value", kNumber)
		}
		if value == "" {
			c.need("value")
			continue
		}
		if err := p.ds.SetSetting(key, value); err != nil {
			c.bad("value", "%v", err)
			continue
		}
		if timeKeys[key] || key == "slot_minutes" || key == "open_days" {
			gridRow = c
		}
	}
	if err := p.ds.Settings.Validate(); err != nil {
		if gridRow.rt != nil {
			gridRow.bad("value", "%v", err)
		} else {
			p.errs.Add(planner.Place{File: rt.file, Sheet: rt.sheet}, "%v", err)
		}
		return
	}
	p.set = p.ds.Settings
}

func (p *parser) linesTable(rt *rawTable) {
	p.ds.Lines = []planner.Line{}
	seen := firstSeen{}
	for _, c := range p.rows(rt) {
		id, ok := c.id("id")
		if !ok || seen.dup(c, "id", "line id", id) {
			continue
		}
		l := planner.Line{ID: id, Name: c.str("name"), Phone: c.str("phone")}
		if l.Name == "" {
			l.Name = id
		}
		p.ds.Lines = append(p.ds.Lines, l)
	}
}

// lineRef reports a line id that neither the file nor the store knows.
func (p *parser) lineRef(c rec, col, id string) bool {
	if p.lines[id] {
		return true
	}
	hint := ""
	for l := range p.lines {
		if strings.EqualFold(l, id) {
			hint = fmt.Sprintf(" (did you mean %s?)", l)
		}
	}
	c.bad(col, "unknown line %q: not on the Lines sheet nor in the store%s", id, hint)
	return false
}

func (p *parser) staffTable(rt *rawTable) {
	p.ds.Staff = []planner.Staff{}
	seen := firstSeen{}
	for _, c := range p.rows(rt) {
		id, ok := c.id("id")
		if ok && seen.dup(c, "id", "staff id", id) {
			continue
		}
		s := planner.Staff{ID: id}
		s.Name, _ = c.need("name")
		if e := c.str("email"); e != "" {
			if _, err := parseEmail(e); err != nil {
				c.bad("email", "%v", err)
			}
			s.Email = e
		}
		if ls, ok := c.need("lines"); ok {
			s.Lines = parseList(ls)
			for _, l := range s.Lines {
				if _, err := parseID(l); err != nil {
					c.bad("lines", "line %v", err)
					continue
				}
				p.lineRef(c, "lines", l)
			}
		}
		if st, ok := c.need("status"); ok {
			v, err := parseEnum(st, "status", planner.Statuses)
			if err != nil {
				c.bad("status", "%v", err)
			}
			s.Status = v
		}
		s.Roles = parseList(c.str("roles"))
		var okMin, okMax, okDays, okDay bool
		s.MinHoursWeek, okMin = c.number("min_hours_week", 0, 80, 0)
		s.MaxHoursWeek, okMax = c.number("max_hours_week", 0, 80, 0)
		s.MaxDaysWeek, okDays = c.integer("max_days_week", 1, 7, 5)
		s.MaxHoursDay, okDay = c.number("max_hours_day", 1, 24, 8)
		if okMin && okMax && s.MinHoursWeek > s.MaxHoursWeek {
			c.bad("min_hours_week", "min_hours_week %s is above max_hours_week %s", fmtNum(s.MinHoursWeek), fmtNum(s.MaxHoursWeek))
		} else if okMin && okDays && okDay && s.MinHoursWeek > float64(s.MaxDaysWeek)*s.MaxHoursDay {
			c.bad("min_hours_week", "min_hours_week %s cannot be reached in max_days_week %d of max_hours_day %s",
				fmtNum(s.MinHoursWeek), s.MaxDaysWeek, fmtNum(s.MaxHoursDay))
		}
		if v := c.str("productivity"); v != "" {
			f, err := parseFraction(v)
			if err != nil {
				c.bad("productivity", "productivity: %v", err)
			}
			s.Productivity = &f
		}
		s.TrainingHours, _ = c.number("training_hours", 0, 80, 0)
		p.ds.Staff = append(p.ds.Staff, s)
	}
}

func (p *parser) availability(rt *rawTable) {
	p.ds.Availability = []planner.Availability{}
	for _, c := range p.rows(rt) {
		var a planner.Availability
		if id, ok := c.id("staff_id"); ok {
			if !p.staff[id] {
				c.bad("staff_id", "unknown staff id %q: not on the Staff sheet nor in the store", id)
			}
			a.StaffID = id
		}
		if k, ok := c.need("kind"); ok {
			v, err := parseEnum(k, "kind", planner.AvailabilityKinds)
			if err != nil {
				c.bad("kind", "%v", err)
			}
			a.Kind = v
		}
		if r := c.str("rrule"); r != "" {
			rule, err := parseRRule(r)
			if err != nil {
				c.bad("rrule", "%v", err)
			}
			a.RRule = rule
		}
		first, okFirst := c.date("first_day")
		last, okLast := c.date("last_day")
		a.FirstDay, a.LastDay = first, last
		rule := c.str("rrule") != ""
		switch {
		case !okFirst || !okLast:
		case !rule && first.IsZero() && !last.IsZero():
			c.bad("first_day", "last_day %s is given without a first_day", last)
		case !rule && first.IsZero():
			c.bad("rrule", "give an rrule, a date (first_day) or a date range (first_day and last_day)")
		case !rule && last.IsZero():
			a.LastDay = first
		case !first.IsZero() && !last.IsZero() && last.Before(first):
			c.bad("last_day", "last_day %s is before first_day %s", last, first)
		}
		from, hasFrom, okFrom := c.clock("from")
		to, hasTo, okTo := c.clock("to")
		if okFrom && hasFrom {
			okFrom = c.onGrid("from", from)
		}
		if okTo && hasTo {
			okTo = c.onGrid("to", to)
		}
		switch {
		case !hasFrom && !hasTo:
		case !hasTo:
			to = 24 * 60
		case !hasFrom:
			from = 0
		}
		if okFrom && okTo && (hasFrom || hasTo) {
			if to <= from {
				c.bad("to", "to %s is not after from %s", to, from)
			}
			if from == 0 && to == 24*60 {
				to = 0 // the whole day
			}
			a.From, a.To = from, to
		}
		a.Note = c.str("note")
		p.ds.Availability = append(p.ds.Availability, a)
	}
}

// maxSessionDays bounds a session's length: longer is a typo in a date.
const maxSessionDays = 366

func (p *parser) sessionsTable(rt *rawTable) {
	p.ds.Sessions = []planner.Session{}
	seen := firstSeen{}
	type placed struct {
		s planner.Session
		c rec
	}
	var mine []placed
	for _, c := range p.rows(rt) {
		id, ok := c.id("id")
		if ok && seen.dup(c, "id", "session id", id) {
			continue
		}
		s := planner.Session{ID: id, Name: c.str("name"), ExamDays: planner.DefaultExamDays}
		if s.Name == "" {
			s.Name = id
		}
		dates := true
		for _, col := range []string{"first_day", "last_day"} {
			if _, ok := c.need(col); !ok {
				dates = false
				continue
			}
			d, ok := c.date(col)
			dates = dates && ok
			if col == "first_day" {
				s.FirstDay = d
			} else {
				s.LastDay = d
			}
		}
		if dates {
			if s.LastDay.Before(s.FirstDay) {
				c.bad("last_day", "last_day %s is before first_day %s", s.LastDay, s.FirstDay)
				dates = false
			} else if s.Days() > maxSessionDays {
				c.bad("last_day", "session %s..%s spans %d days, more than %d", s.FirstDay, s.LastDay, s.Days(), maxSessionDays)
				dates = false
			}
		}
		if r := c.str("exam_days"); r != "" {
			rule, err := parseRRule(r)
			if err != nil {
				c.bad("exam_days", "exam_days: %v", err)
			}
			s.ExamDays = rule
		}
		s.Sittings, _ = c.integer("sittings", 0, 10_000_000, 0)
		if t, err := planner.ParseSessionType(c.str("type")); err != nil {
			c.bad("type", "%v", err)
		} else {
			s.Type = t
		}
		p.ds.Sessions = append(p.ds.Sessions, s)
		if ok && dates {
			p.sessions[id] = s
		} else if ok {
			// Its dates are reported above: forecast rows are not checked against them too.
			p.sessions[id] = planner.Session{ID: id}
		}
		if ok && dates {
			mine = append(mine, placed{s, c})
		}
	}
	overlap := func(a, b planner.Session) bool { return !a.LastDay.Before(b.FirstDay) && !b.LastDay.Before(a.FirstDay) }
	for i, x := range mine {
		for _, y := range mine[:i] {
			if overlap(x.s, y.s) {
				x.c.bad("first_day", "session %q (%s..%s) overlaps session %q (%s..%s, row %d)",
					x.s.ID, x.s.FirstDay, x.s.LastDay, y.s.ID, y.s.FirstDay, y.s.LastDay, y.c.r.n)
			}
		}
		if p.known == nil {
			continue
		}
		for _, k := range p.known.Sessions {
			if seen[k.ID] == 0 && overlap(x.s, k) {
				x.c.bad("first_day", "session %q (%s..%s) overlaps stored session %q (%s..%s)",
					x.s.ID, x.s.FirstDay, x.s.LastDay, k.ID, k.FirstDay, k.LastDay)
			}
		}
	}
}

func (p *parser) forecast(rt *rawTable) {
	p.ds.Forecast = []planner.ForecastRow{}
	seen := firstSeen{}
	for _, c := range p.rows(rt) {
		before := p.errs.Len()
		var f planner.ForecastRow
		sess, okSess := planner.Session{}, false
		if id, ok := c.id("session_id"); ok {
			f.SessionID = id
			if sess, okSess = p.sessions[id]; !okSess {
				c.bad("session_id", "unknown session %q: not on the Sessions sheet nor in the store", id)
			}
		}
		date, okDate := c.date("date")
		f.Date = date
		wdText := c.str("weekday")
		okDay := true
		if wdText != "" {
			wd, err := parseWeekday(wdText)
			if err != nil {
				c.bad("weekday", "%v", err)
				okDay = false
			}
			f.Weekday = wd
		}
		switch {
		case !okDate || !okDay:
		case date.IsZero() && wdText == "":
			c.bad("date", "give a date or a weekday")
		case !date.IsZero() && wdText != "" && date.Weekday() != f.Weekday:
			c.bad("weekday", "weekday %s does not match date %s, a %s", calendar.WeekdayCode(f.Weekday), date, date.Weekday())
		case !date.IsZero():
			f.Weekday = date.Weekday()
			if okSess && !sess.FirstDay.IsZero() && !sess.Contains(date) {
				c.bad("date", "date %s is outside session %q (%s..%s)", date, sess.ID, sess.FirstDay, sess.LastDay)
			} else if !p.set.IsOpen(date.Weekday()) {
				c.bad("date", "date %s is a %s: the desk is closed (open_days %s)", date, date.Weekday(), calendar.FormatWeekdays(p.set.OpenDays))
			}
		default:
			if !p.set.IsOpen(f.Weekday) {
				c.bad("weekday", "the desk is closed on %s (open_days %s)", calendar.WeekdayCode(f.Weekday), calendar.FormatWeekdays(p.set.OpenDays))
			}
		}
		if _, ok := c.need("slot"); ok {
			slot, _, ok := c.clock("slot")
			if ok {
				switch {
				case slot < p.set.Open || slot >= p.set.Close:
					c.bad("slot", "slot %s is outside opening hours %s-%s", slot, p.set.Open, p.set.Close)
				case !p.set.OnGrid(slot):
					c.bad("slot", "slot %s is not on the %d-minute slot grid", slot, p.set.SlotMinutes)
				}
			}
			f.Slot = slot
		}
		if l, ok := c.id("line"); ok {
			p.lineRef(c, "line", l)
			f.Line = l
		}
		var okCalls, okAHT bool
		f.Calls, okCalls = c.number("calls", planner.CallsRange.Min, planner.CallsRange.Max, 0)
		f.AHT, okAHT = c.number("aht_seconds", planner.AHTRange.Min, planner.AHTRange.Max, 0)
		f.Patience, _ = c.number("patience_seconds", planner.PatienceRange.Min, planner.PatienceRange.Max, 0)
		f.DayCV, _ = c.number("day_cv", 0, 10, 0)
		f.SlotCV, _ = c.number("slot_cv", 0, 10, 0)
		if err := planner.CheckLoad(f.Calls, f.AHT, p.set.SlotMinutes); okCalls && okAHT && err != nil {
			c.bad("calls", "%v", err)
		}
		day := f.Date.String()
		if f.Date.IsZero() {
			day = calendar.WeekdayCode(f.Weekday)
		}
		if p.errs.Len() == before { // a row with a problem may not be compared
			key := fmt.Sprintf("%s %s %s %s", f.SessionID, day, f.Slot, f.Line)
			seen.dup(c, "slot", "forecast row (session, day, slot, line)", key)
		}
		p.ds.Forecast = append(p.ds.Forecast, f)
	}
}

func (p *parser) shiftTemplates(rt *rawTable) {
	p.ds.ShiftTemplates = []planner.ShiftTemplate{}
	seen := firstSeen{}
	slot := p.set.SlotMinutes
	for _, c := range p.rows(rt) {
		name, ok := c.id("name")
		if ok && seen.dup(c, "name", "shift template", name) {
			continue
		}
		t := planner.ShiftTemplate{Name: name}
		// clock reads a time on the grid, with a default when empty and optional.
		clock := func(col string, def calendar.Clock) (calendar.Clock, bool) {
			if c.rt.t.column(col).Required {
				if _, ok := c.need(col); !ok {
					return def, false
				}
			}
			v, given, ok := c.clock(col)
			if !given {
				return def, ok
			}
			return v, ok && c.onGrid(col, v)
		}
		// minutes reads hours as whole minutes on the grid.
		minutes := func(col string, lo, hi, def float64) (int, bool) {
			h, ok := c.number(col, lo, hi, def)
			if !ok {
				return 0, false
			}
			m := h * 60
			if math.Abs(m-math.Round(m)) > 1e-6 {
				c.bad(col, "%s: %s hours is not a whole number of minutes", col, fmtNum(h))
				return 0, false
			}
			return int(math.Round(m)), true
		}
		var okE, okL, okB1, okB2 bool
		t.EarliestStart, okE = clock("earliest_start", 0)
		t.LatestStart, okL = clock("latest_start", 0)
		if okE && okL {
			switch {
			case t.LatestStart < t.EarliestStart:
				c.bad("latest_start", "latest_start %s is before earliest_start %s", t.LatestStart, t.EarliestStart)
			case t.EarliestStart < p.set.Open:
				c.bad("earliest_start", "earliest_start %s is before opening time %s", t.EarliestStart, p.set.Open)
			case t.LatestStart >= p.set.Close:
				c.bad("latest_start", "latest_start %s is not before closing time %s", t.LatestStart, p.set.Close)
			}
		}
		var okStep bool
		t.StepMinutes, okStep = c.integer("step_minutes", 1, 24*60, slot)
		if okStep && t.StepMinutes%slot != 0 {
			c.bad("step_minutes", "step_minutes %d is not a multiple of the %d-minute slot", t.StepMinutes, slot)
		}
		var okMin, okMax bool
		t.MinMinutes, okMin = minutes("min_hours", 0.25, 24, 0)
		t.MaxMinutes, okMax = minutes("max_hours", 0.25, 24, 0)
		for _, x := range []struct {
			col string
			v   int
			ok  bool
		}{{"min_hours", t.MinMinutes, okMin}, {"max_hours", t.MaxMinutes, okMax}} {
			if x.ok && x.v%slot != 0 {
				c.bad(x.col, "%s: %s hours is not a whole number of %d-minute slots", x.col, fmtNum(float64(x.v)/60), slot)
			}
		}
		if okMin && okMax && t.MinMinutes > t.MaxMinutes {
			c.bad("min_hours", "min_hours %s is above max_hours %s", fmtNum(float64(t.MinMinutes)/60), fmtNum(float64(t.MaxMinutes)/60))
		}
		var okBreak bool
		t.BreakMinutes, okBreak = c.integer("break_minutes", 0, 240, 0)
		if okBreak && t.BreakMinutes%slot != 0 {
			c.bad("break_minutes", "break_minutes %d is not a multiple of the %d-minute slot", t.BreakMinutes, slot)
		}
		t.BreakAfterMinutes, _ = minutes("break_after_hours", 0, 24, 6)
		t.BreakEarliest, okB1 = clock("break_earliest", p.set.Open)
		t.BreakLatest, okB2 = clock("break_latest", p.set.Close)
		if okB1 && okB2 {
			switch {
			case t.BreakLatest <= t.BreakEarliest:
				c.bad("break_latest", "break_latest %s is not after break_earliest %s", t.BreakLatest, t.BreakEarliest)
			case okBreak && int(t.BreakLatest-t.BreakEarliest) < t.BreakMinutes:
				c.bad("break_latest", "the break window %s-%s is shorter than break_minutes %d", t.BreakEarliest, t.BreakLatest, t.BreakMinutes)
			}
		}
		p.ds.ShiftTemplates = append(p.ds.ShiftTemplates, t)
	}
}

// maxClosureDays bounds a closure's length: longer is a typo in a date.
const maxClosureDays = 366

func (p *parser) closures(rt *rawTable) {
	p.ds.Closures = []planner.Closure{}
	seen := firstSeen{}
	for _, c := range p.rows(rt) {
		var x planner.Closure
		if _, ok := c.need("first_day"); !ok {
			continue
		}
		first, okFirst := c.date("first_day")
		last, okLast := c.date("last_day")
		if !okFirst || !okLast {
			continue
		}
		if last.IsZero() {
			last = first
		}
		x.FirstDay, x.LastDay, x.Note = first, last, c.str("note")
		switch {
		case last.Before(first):
			c.bad("last_day", "last_day %s is before first_day %s", last, first)
			continue
		case last.Sub(first)+1 > maxClosureDays:
			c.bad("last_day", "closure %s..%s spans %d days, more than %d", first, last, last.Sub(first)+1, maxClosureDays)
			continue
		}
		if seen.dup(c, "first_day", "closure", first.String()+".."+last.String()) {
			continue
		}
		p.ds.Closures = append(p.ds.Closures, x)
	}
}
