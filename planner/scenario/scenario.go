package scenario

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Base is the name of the data itself, unchanged: every scenario starts from it or from
// another scenario.
const Base = "base"

// Scenario is a named set of changes on top of the base data, or on top of another scenario
// (From). Planning a scenario plans Apply(base): the store is never changed.
type Scenario struct {
	Name    string   `json:"name"`
	From    string   `json:"from"` // the scenario it builds on; "" or "base": the data itself
	Changes []Change `json:"changes"`
	Note    string   `json:"note,omitempty"`
}

// ChangeKind names what a change touches. Each kind is also the name of the flag of
// `deskplan scenario create` that gives it.
type ChangeKind string

// The kinds of change.
const (
	ChangeCalls     ChangeKind = "calls"         // calls x factor: "+20%", "LLN:x1.5", "2027-01-05,08:00-10:00:-10%"
	ChangeAHT       ChangeKind = "aht"           // handle time: "+10%", "=420" (seconds), "MONS:400s"
	ChangePatience  ChangeKind = "patience"      // callers' patience, as AHT
	ChangeTarget    ChangeKind = "target"        // service target: "90/60s"
	ChangeOccupancy ChangeKind = "max-occupancy" // "0.9" or "90%"
	ChangeShrinkage ChangeKind = "shrinkage"     // "10%"
	ChangeWithout   ChangeKind = "without"       // staff removed: "p03,p07" (ids or unique names)
	ChangeAdd       ChangeKind = "add"           // extra staff: "3 qualified 20h", "2 trainee 10-15h LLN"
	ChangeStatus    ChangeKind = "status"        // "p12=qualified,p13=mentor"
	ChangeOpen      ChangeKind = "open"          // opening hours: "07:30-20:00"
	ChangeDays      ChangeKind = "days"          // open days: "MO-FR"
	ChangeMaxShift  ChangeKind = "max-shift"     // longest shift of every template: "9h", "7h30"
	ChangeSet       ChangeKind = "set"           // any setting: "min_rest_hours=12"
)

// ChangeKinds lists the kinds in the order a scenario applies them when they are given as flags.
var ChangeKinds = []ChangeKind{ChangeCalls, ChangeAHT, ChangePatience, ChangeTarget, ChangeOccupancy,
	ChangeShrinkage, ChangeWithout, ChangeAdd, ChangeStatus, ChangeOpen, ChangeDays, ChangeMaxShift, ChangeSet}

// Change is one change of a scenario: its kind and its text in the flag syntax (see
// ParseChange). Its JSON form is {"kind": ..., "value": ...}; reading it parses the text again,
// so a stored change is always a valid one.
type Change struct {
	Kind ChangeKind
	Text string

	// the parsed text
	scope    forecastScope
	factor   float64          // forecast changes: multiply by factor ...
	absolute *float64         // ... or set to this value
	settings planner.Settings // target, max-occupancy, shrinkage, set: the parsed values (on defaults)
	key      string           // set: the settings key
	ids      []string         // without
	add      addition
	statuses [][2]string // status: id, status
	open     calendar.Interval
	days     []time.Weekday
	maxShift int // minutes
}

// String returns the change as a flag: --calls "+20%".
func (c Change) String() string { return fmt.Sprintf("--%s %q", c.Kind, c.Text) }

// forecastScope selects the forecast rows a forecast change applies to (zero fields: all).
type forecastScope struct {
	line string
	date calendar.Date
	span calendar.Interval
}

// addition is extra staff: count people of a status with a weekly contract.
type addition struct {
	count           int
	status          planner.Status
	minHours, hours float64
	coordinator     bool
	lines           []string
}

type changeJSON struct {
	Kind  ChangeKind `json:"kind"`
	Value string     `json:"value"`
}

// MarshalJSON writes {"kind": ..., "value": ...}.
func (c Change) MarshalJSON() ([]byte, error) {
	return json.Marshal(changeJSON{Kind: c.Kind, Value: c.Text})
}

// UnmarshalJSON reads {"kind": ..., "value": ...} and parses it with ParseChange.
func (c *Change) UnmarshalJSON(b []byte) error {
	var j changeJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	x, err := ParseChange(string(j.Kind), j.Value)
	if err != nil {
		return err
	}
	*c = x
	return nil
}

var (
	timeSpanRE = regexp.MustCompile(`^\d{1,2}[:h]\d{2}-\d{1,2}[:h]\d{2}$`)
	dateRE     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	idRE       = regexp.MustCompile(`^[\p{L}\p{N}._@+-]+$`)
)

// ParseChange parses the text of a change of the given kind (a ChangeKind, e.g. "calls"). The
// syntax, by kind:
//
//   - calls, aht, patience: [SCOPE[,SCOPE...]:]VALUE. A SCOPE is a line id (LLN), a date
//     (2027-01-05) or a time range (08:00-10:00); several scopes narrow each other. VALUE is a
//     percent change (+20%, -10%), a factor (x1.5 or *1.5), or an absolute value (=420, or for
//     aht and patience a number of seconds with s or m: 420s, 7m). Without scope the change
//     applies to the whole forecast of every session.
//   - target: PERCENT/SECONDS, e.g. 90/60s, 90%/60, 80/20s.
//   - max-occupancy, shrinkage: a fraction or a percent: 0.9, 90%.
//   - without: a comma list of staff ids (or names that match one person).
//   - add: COUNT STATUS HOURS [coordinator] [LINE,LINE...]: COUNT people of STATUS (new,
//     trainee, qualified, mentor) with a weekly contract of HOURS (20h: up to 20 hours; 15-20h:
//     15 to 20 hours), on every line unless lines are given, available whenever the desk is
//     open. They get ids extra-STATUS-1, extra-STATUS-2...
//   - status: ID=STATUS[,ID=STATUS...].
//   - open: HH:MM-HH:MM, the new opening hours.
//   - days: MO-FR, or a comma list of weekdays.
//   - max-shift: the longest shift of every shift template: 9h, 7h30, 450m.
//   - set: KEY=VALUE for any settings key (see SettingKeys).
func ParseChange(kind, text string) (Change, error) {
	k := ChangeKind(strings.ToLower(strings.TrimSpace(kind)))
	text = strings.TrimSpace(text)
	c := Change{Kind: k, Text: text}
	if text == "" {
		return c, fmt.Errorf("--%s: empty value", k)
	}
	if len(text) > 500 {
		return c, fmt.Errorf("--%s: value longer than 500 characters", k)
	}
	if !utf8.ValidString(text) {
		return c, fmt.Errorf("--%s: value is not valid UTF-8 text", k)
	}
	var err error
	switch k {
	case ChangeCalls, ChangeAHT, ChangePatience:
		err = c.parseForecast()
	case ChangeTarget:
		c.settings = planner.DefaultSettings()
		var secs float64
		if c.settings.TargetPercent, secs, err = planner.ParseTarget(text); err == nil && secs != math.Trunc(secs) {
			err = fmt.Errorf("%v s is not a whole number of seconds", secs)
		}
		c.settings.TargetSeconds = int(secs)
	case ChangeOccupancy:
		c.settings = planner.DefaultSettings()
		err = c.settings.Set("max_occupancy", text)
	case ChangeShrinkage:
		c.settings = planner.DefaultSettings()
		err = c.settings.Set("shrinkage", text)
	case ChangeSet:
		key, value, ok := strings.Cut(text, "=")
		if !ok {
			err = fmt.Errorf("%q is not of the form KEY=VALUE", text)
			break
		}
		c.key = strings.ToLower(strings.TrimSpace(key))
		c.settings = planner.DefaultSettings()
		err = c.settings.Set(c.key, value)
	case ChangeWithout:
		c.ids, err = parseIDs(text)
	case ChangeAdd:
		c.add, err = parseAddition(text)
	case ChangeStatus:
		for _, part := range strings.Split(text, ",") {
			id, st, ok := strings.Cut(part, "=")
			id, st = strings.TrimSpace(id), strings.ToLower(strings.TrimSpace(st))
			if !ok || id == "" || !idRE.MatchString(id) {
				err = fmt.Errorf("%q is not of the form ID=STATUS", strings.TrimSpace(part))
				break
			}
			if !planner.Status(st).Valid() {
				err = fmt.Errorf("status %q is not one of %s", st, planner.StatusNames())
				break
			}
			c.statuses = append(c.statuses, [2]string{id, st})
		}
	case ChangeOpen:
		c.open, err = calendar.ParseInterval(text)
	case ChangeDays:
		c.days, err = calendar.ParseWeekdays(text)
	case ChangeMaxShift:
		c.maxShift, err = parseShiftLength(text)
	default:
		names := make([]string, len(ChangeKinds))
		for i, k := range ChangeKinds {
			names[i] = string(k)
		}
		return c, fmt.Errorf("unknown change %q (known: %s)", kind, strings.Join(names, ", "))
	}
	if err != nil {
		return c, fmt.Errorf("--%s %q: %v", k, text, err)
	}
	return c, nil
}

// parseForecast parses [SCOPE[,SCOPE...]:]VALUE.
func (c *Change) parseForecast() error {
	text := c.Text
	scope, value := "", text
	if i := strings.LastIndex(text, ":"); i >= 0 {
		scope, value = text[:i], text[i+1:]
		// "08:00-10:00" alone has colons but no value
		if strings.TrimSpace(value) == "" || timeSpanRE.MatchString(strings.TrimSpace(text)) {
			return fmt.Errorf("no value after the scope: give e.g. %s:+20%%", text)
		}
	}
	for _, part := range strings.Split(scope, ",") {
		part = strings.TrimSpace(part)
		switch {
		case scope == "":
		case part == "":
			return fmt.Errorf("empty scope in %q", scope)
		case timeSpanRE.MatchString(part):
			if !c.scope.span.Empty() {
				return fmt.Errorf("two time ranges in %q", scope)
			}
			iv, err := calendar.ParseInterval(strings.ReplaceAll(part, "h", ":"))
			if err != nil {
				return err
			}
			c.scope.span = iv
		case dateRE.MatchString(part):
			if !c.scope.date.IsZero() {
				return fmt.Errorf("two dates in %q", scope)
			}
			d, err := calendar.ParseDate(part)
			if err != nil {
				return err
			}
			c.scope.date = d
		case idRE.MatchString(part):
			if c.scope.line != "" {
				return fmt.Errorf("two lines in %q", scope)
			}
			c.scope.line = part
		default:
			return fmt.Errorf("scope %q is not a line, a date YYYY-MM-DD or a time range HH:MM-HH:MM", part)
		}
	}
	value = strings.TrimSpace(value)
	num := func(s string) (float64, error) {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("%q is not a number", s)
		}
		return f, nil
	}
	switch {
	case strings.HasSuffix(value, "%") && (strings.HasPrefix(value, "+") || strings.HasPrefix(value, "-")):
		p, err := num(strings.TrimSuffix(value, "%"))
		if err != nil {
			return err
		}
		if p < -100 || p > 1000 {
			return fmt.Errorf("%s is outside -100%%..+1000%%", value)
		}
		c.factor = 1 + p/100
	case strings.HasPrefix(value, "x"), strings.HasPrefix(value, "X"), strings.HasPrefix(value, "*"), strings.HasPrefix(value, "×"):
		_, size := firstRune(value)
		f, err := num(value[size:])
		if err != nil {
			return err
		}
		if f < 0 || f > 11 {
			return fmt.Errorf("factor %s is outside 0..11", value[size:])
		}
		c.factor = f
	case strings.HasPrefix(value, "="):
		f, err := num(value[1:])
		if err != nil {
			return err
		}
		return c.setAbsolute(f)
	case c.Kind != ChangeCalls && (strings.HasSuffix(value, "s") || strings.HasSuffix(value, "m")):
		f, err := num(value[:len(value)-1])
		if err != nil {
			return err
		}
		if strings.HasSuffix(value, "m") {
			f *= 60
		}
		return c.setAbsolute(f)
	default:
		return fmt.Errorf("value %q is not +N%%, -N%%, xF or =N", value)
	}
	return nil
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

func (c *Change) setAbsolute(f float64) error {
	if err := c.valueRange().Check(f); err != nil {
		return err
	}
	c.absolute = &f
	return nil
}

// valueRange is the range of the forecast value a calls, aht or patience change sets.
func (c *Change) valueRange() planner.Range {
	switch c.Kind {
	case ChangeCalls:
		return planner.CallsRange
	case ChangeAHT:
		return planner.AHTRange
	}
	return planner.PatienceRange
}

func parseIDs(text string) ([]string, error) {
	var ids []string
	for _, id := range strings.Split(text, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if len(id) > 100 {
			return nil, fmt.Errorf("id %.20q... is too long", id)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no staff id")
	}
	return ids, nil
}

// parseAddition parses COUNT STATUS HOURS [coordinator] [LINES].
func parseAddition(text string) (addition, error) {
	var a addition
	f := strings.Fields(text)
	if len(f) < 3 {
		return a, fmt.Errorf("%q is not of the form COUNT STATUS HOURS, e.g. \"3 qualified 20h\"", text)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 1 || n > 200 {
		return a, fmt.Errorf("count %q is not a whole number 1..200", f[0])
	}
	a.count = n
	a.status = planner.Status(strings.ToLower(strings.TrimSuffix(f[1], "s")))
	if !a.status.Valid() {
		return a, fmt.Errorf("status %q is not one of %s", f[1], planner.StatusNames())
	}
	h := strings.TrimSuffix(strings.ToLower(f[2]), "h")
	lo, hi, isRange := strings.Cut(h, "-")
	if !isRange {
		lo, hi = "0", h
	}
	if a.minHours, err = parseNumber(lo, 0, 80); err == nil {
		a.hours, err = parseNumber(hi, 1, 80)
	}
	if err != nil {
		return a, fmt.Errorf("hours %q: %v (give e.g. 20h or 15-20h)", f[2], err)
	}
	if a.minHours > a.hours {
		return a, fmt.Errorf("hours %q: the minimum is above the maximum", f[2])
	}
	for _, x := range f[3:] {
		if strings.EqualFold(x, planner.RoleCoordinator) {
			a.coordinator = true
			continue
		}
		ids, err := parseIDs(x)
		if err != nil {
			return a, err
		}
		a.lines = append(a.lines, ids...)
	}
	return a, nil
}

func parseShiftLength(text string) (int, error) {
	s := strings.ToLower(strings.TrimSpace(text))
	if strings.Contains(s, "h") && !strings.HasSuffix(s, "h") && !strings.HasSuffix(s, "m") {
		s += "m" // 7h30
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a length such as 9h, 7h30 or 450m", text)
	}
	if d < time.Hour || d > 24*time.Hour || d%time.Minute != 0 {
		return 0, fmt.Errorf("%v is outside 1h..24h in whole minutes", d)
	}
	return int(d / time.Minute), nil
}

// ValidName checks a scenario name: 1 to 40 letters, digits, '.', '_' or '-', starting
// with a letter or digit, and not "base".
func ValidName(name string) error {
	if strings.EqualFold(name, Base) {
		return fmt.Errorf("scenario name %q is reserved for the data itself", name)
	}
	if !scenarioNameRE.MatchString(name) {
		return fmt.Errorf("scenario name %q: use 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}

var scenarioNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// Chain returns the scenarios that make up scenario name, from the one built on the base
// data to name itself, looking each up with get. "base" (or "") gives none. A loop of From
// references is an error.
func Chain(name string, get func(name string) (Scenario, error)) ([]Scenario, error) {
	var chain []Scenario
	seen := map[string]bool{}
	for name != "" && name != Base {
		if seen[name] {
			return nil, fmt.Errorf("scenario %q builds on itself (through --from)", name)
		}
		seen[name] = true
		sc, err := get(name)
		if err != nil {
			return nil, err
		}
		chain = append(chain, sc)
		name = sc.From
	}
	slices.Reverse(chain)
	return chain, nil
}

// Apply applies the scenarios of a chain (Chain) to base in order and returns
// the changed copy. Base is never changed.
func Apply(base *planner.Dataset, chain []Scenario) (*planner.Dataset, error) {
	ds := base
	for _, sc := range chain {
		var err error
		if ds, err = sc.Apply(ds); err != nil {
			return nil, err
		}
	}
	if len(chain) == 0 {
		return planner.CloneDataset(base), nil
	}
	return ds, nil
}

// Apply returns a deep copy of base with the scenario's changes (its own changes only: use
// Apply for a chain of From). Base is never changed. Every change that does not fit
// the data (an unknown staff id or line, opening hours off the slot grid...) is reported in one
// *InputError.
func (sc Scenario) Apply(base *planner.Dataset) (*planner.Dataset, error) {
	ds := planner.CloneDataset(base)
	var ie planner.InputError
	for _, c := range sc.Changes {
		if err := c.apply(ds); err != nil {
			name := sc.Name
			if name == "" {
				name = "(unnamed)"
			}
			ie.Add(planner.Place{}, "scenario %s: %s: %v", name, c, err)
		}
	}
	if err := ds.Settings.Validate(); err != nil && ie.Len() == 0 {
		ie.Add(planner.Place{}, "scenario %s: %v", sc.Name, err)
	}
	if ie.Len() == 0 && ds.Settings.SlotMinutes > 0 {
		// the calls and handle times it gives must make a load the planner can staff
		for _, f := range ds.Forecast {
			if err := f.CheckLoad(ds.Settings.SlotMinutes); err != nil {
				ie.Add(planner.Place{}, "scenario %s: %v", sc.Name, err)
				break
			}
		}
	}
	if err := ie.Err(); err != nil {
		return nil, err
	}
	return ds, nil
}

// apply makes the change on ds (a copy the caller owns).
func (c Change) apply(ds *planner.Dataset) error {
	switch c.Kind {
	case ChangeCalls, ChangeAHT, ChangePatience:
		return c.applyForecast(ds)
	case ChangeTarget:
		ds.Settings.TargetPercent, ds.Settings.TargetSeconds = c.settings.TargetPercent, c.settings.TargetSeconds
	case ChangeOccupancy:
		ds.Settings.MaxOccupancy = c.settings.MaxOccupancy
	case ChangeShrinkage:
		ds.Settings.Shrinkage = c.settings.Shrinkage
	case ChangeSet:
		for _, kv := range c.settings.Pairs() {
			if kv[0] == c.key {
				return ds.SetSetting(kv[0], kv[1])
			}
		}
		return fmt.Errorf("setting %q cannot be changed by a scenario", c.key)
	case ChangeWithout:
		var gone []string
		for _, ref := range c.ids {
			id, err := findStaff(ds, ref)
			if err != nil {
				return err
			}
			gone = append(gone, id)
		}
		ds.Staff = slices.DeleteFunc(ds.Staff, func(s planner.Staff) bool { return slices.Contains(gone, s.ID) })
		ds.Availability = slices.DeleteFunc(ds.Availability, func(a planner.Availability) bool { return slices.Contains(gone, a.StaffID) })
	case ChangeAdd:
		return c.add.apply(ds)
	case ChangeStatus:
		for _, p := range c.statuses {
			id, err := findStaff(ds, p[0])
			if err != nil {
				return err
			}
			for i := range ds.Staff {
				if ds.Staff[i].ID == id {
					ds.Staff[i].Status = planner.Status(p[1])
				}
			}
		}
	case ChangeOpen:
		return c.applyOpen(ds)
	case ChangeDays:
		ds.Settings.OpenDays = slices.Clone(c.days)
	case ChangeMaxShift:
		if len(ds.ShiftTemplates) == 0 {
			return fmt.Errorf("the data has no shift template")
		}
		for i := range ds.ShiftTemplates {
			t := &ds.ShiftTemplates[i]
			t.MaxMinutes = c.maxShift
			t.MinMinutes = min(t.MinMinutes, c.maxShift)
		}
		if _, err := planner.ShiftOptions(ds.Settings, ds.ShiftTemplates); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown change %q", c.Kind)
	}
	return nil
}

// findStaff returns the id of the staff member ref names: an id, or a name or first name that
// matches exactly one person (case-insensitive).
func findStaff(ds *planner.Dataset, ref string) (string, error) {
	if _, ok := ds.StaffByID(ref); ok {
		return ref, nil
	}
	var hits []string
	for _, s := range ds.Staff {
		first, _, _ := strings.Cut(s.Name, " ")
		if strings.EqualFold(s.ID, ref) || strings.EqualFold(s.Name, ref) || strings.EqualFold(first, ref) {
			hits = append(hits, s.ID)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		ids := make([]string, 0, len(ds.Staff))
		for _, s := range ds.Staff {
			ids = append(ids, s.ID)
		}
		return "", fmt.Errorf("no staff member %q (ids: %s)", ref, strings.Join(firstOf(ids, 8), ", "))
	default:
		return "", fmt.Errorf("%q names several staff members (%s): give the id", ref, strings.Join(hits, ", "))
	}
}

func (c Change) applyForecast(ds *planner.Dataset) error {
	sc := c.scope
	if sc.line != "" && !slices.Contains(ds.LineIDs(), sc.line) {
		return fmt.Errorf("no line %q (lines: %s)", sc.line, strings.Join(ds.LineIDs(), ", "))
	}
	if !sc.date.IsZero() {
		found := false
		for _, s := range ds.Sessions {
			if s.Contains(sc.date) {
				found = true
				materialise(ds, s.ID, sc.date)
			}
		}
		if !found {
			return fmt.Errorf("%s is in no session", sc.date)
		}
	}
	for i := range ds.Forecast {
		f := &ds.Forecast[i]
		if sc.line != "" && f.Line != sc.line || !sc.date.IsZero() && f.Date != sc.date ||
			!sc.span.Empty() && !sc.span.Contains(f.Slot) {
			continue
		}
		var x *float64
		switch c.Kind {
		case ChangeCalls:
			x = &f.Calls
		case ChangeAHT:
			x = &f.AHT
		case ChangePatience:
			if f.Patience == 0 {
				f.Patience = float64(ds.Settings.PatienceSeconds)
			}
			x = &f.Patience
		}
		if c.absolute != nil {
			*x = *c.absolute
		} else {
			*x *= c.factor
		}
		if err := c.valueRange().Check(*x); err != nil {
			return fmt.Errorf("the forecast of %s: %s %v", f.Where(), c.Kind, err)
		}
	}
	return nil
}

// materialise gives day its own dated forecast rows in session sessionID, copied from the weekly
// profile where the day has none, so that a change of that day leaves the other weeks alone.
func materialise(ds *planner.Dataset, sessionID string, day calendar.Date) {
	type key struct {
		slot calendar.Clock
		line string
	}
	dated := map[key]bool{}
	for _, f := range ds.Forecast {
		if f.SessionID == sessionID && f.Date == day {
			dated[key{f.Slot, f.Line}] = true
		}
	}
	n := len(ds.Forecast)
	for i := range n {
		f := ds.Forecast[i]
		if f.SessionID != sessionID || !f.Date.IsZero() || f.Weekday != day.Weekday() || dated[key{f.Slot, f.Line}] {
			continue
		}
		f.Date = day
		ds.Forecast = append(ds.Forecast, f)
	}
}

// applyOpen sets the opening hours. Slots the old hours did not have get the forecast of the
// nearest old slot (flat extrapolation), and the shift templates that started at the old
// opening or reached the old closing are stretched to the new hours.
func (c Change) applyOpen(ds *planner.Dataset) error {
	st := &ds.Settings
	oldOpen, oldClose := st.Open, st.Close
	st.Open, st.Close = c.open.Start, c.open.End
	if err := st.Validate(); err != nil {
		st.Open, st.Close = oldOpen, oldClose
		return err
	}
	slot := calendar.Clock(st.SlotMinutes)
	n := len(ds.Forecast)
	for i := range n {
		f := ds.Forecast[i]
		switch f.Slot {
		case oldOpen:
			for t := st.Open; t < oldOpen; t += slot {
				g := f
				g.Slot = t
				ds.Forecast = append(ds.Forecast, g)
			}
		case oldClose - slot:
			for t := oldClose; t < st.Close; t += slot {
				g := f
				g.Slot = t
				ds.Forecast = append(ds.Forecast, g)
			}
		}
	}
	for i := range ds.ShiftTemplates {
		t := &ds.ShiftTemplates[i]
		if t.EarliestStart <= oldOpen && st.Open < oldOpen {
			t.EarliestStart = st.Open
		}
		if int(t.LatestStart)+t.MaxMinutes >= int(oldClose) && st.Close > oldClose {
			t.LatestStart += st.Close - oldClose
		}
	}
	if _, err := planner.ShiftOptions(*st, ds.ShiftTemplates); err != nil {
		return err
	}
	return nil
}

// apply adds the extra staff to ds.
func (a addition) apply(ds *planner.Dataset) error {
	lines := a.lines
	for _, l := range lines {
		if !slices.Contains(ds.LineIDs(), l) {
			return fmt.Errorf("no line %q (lines: %s)", l, strings.Join(ds.LineIDs(), ", "))
		}
	}
	if len(lines) == 0 {
		lines = ds.LineIDs()
	}
	prefix := "extra-" + string(a.status) + "-"
	next := 1
	for _, s := range ds.Staff {
		if n, err := strconv.Atoi(strings.TrimPrefix(s.ID, prefix)); err == nil && strings.HasPrefix(s.ID, prefix) && n >= next {
			next = n + 1
		}
	}
	days := max(1, min(5, len(ds.Settings.OpenDays)))
	for i := range a.count {
		n := next + i
		s := planner.Staff{ID: prefix + strconv.Itoa(n), Name: fmt.Sprintf("Extra %s %d", a.status, n),
			Lines: slices.Clone(lines), Status: a.status, MinHoursWeek: a.minHours, MaxHoursWeek: a.hours,
			MaxDaysWeek: days, MaxHoursDay: min(8, a.hours)}
		if a.status == planner.StatusNew {
			s.TrainingHours = a.hours
		}
		if a.coordinator {
			s.Roles = []string{planner.RoleCoordinator}
		}
		ds.Staff = append(ds.Staff, s)
	}
	return nil
}

// firstOf returns the first n of xs, and how many more there are.
func firstOf(xs []string, n int) []string {
	if len(xs) > n {
		return append(xs[:n:n], fmt.Sprintf("and %d more", len(xs)-n))
	}
	return xs
}

// parseNumber parses a finite number from lo to hi.
func parseNumber(s string, lo, hi float64) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if f < lo || f > hi {
		return 0, fmt.Errorf("%v is outside %v..%v", f, lo, hi)
	}
	return f, nil
}

// AddStaff adds count people of status to ds, each on every line with a weekly contract of up
// to hours: the extra staff of a --add change.
func AddStaff(ds *planner.Dataset, count int, status planner.Status, hours float64) {
	// cannot fail: no line is named
	_ = addition{count: count, status: status, hours: hours}.apply(ds)
}
