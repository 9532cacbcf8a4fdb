package xlsx

import (
	"fmt"
	"math"
	"time"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
)

// Payloads that a spreadsheet would evaluate if they were written as formulas.
var injectionNames = []string{`=HYPERLINK("http://x")`, `+cmd|' /C calc'!A0`, `@SUM(1)`, `-2+3`}

var clk = calendar.MustClock

// fixture builds datasets, rosters and reports by hand, without the planner.
type fixture struct {
	ds      *planner.Dataset
	roster  *planner.Roster
	reportV *planner.Report
}

func newFixture(from string, days int) *fixture {
	set := planner.DefaultSettings()
	first := calendar.MustDate(from)
	ds := &planner.Dataset{
		Settings: set,
		Lines: []planner.Line{
			{ID: "LLN", Name: "Louvain-la-Neuve & Brussels", Phone: "+32 10 47 82 82"},
			{ID: "MONS", Name: "Mons & Charleroi", Phone: "+32 65 37 40 00"},
		},
		Sessions: []planner.Session{{ID: "jan-2027", Name: "January 2027 exams, R&D", FirstDay: first, LastDay: first.AddDays(days - 1)}},
	}
	r := &planner.Roster{
		Version: 3, SessionID: "jan-2027", From: first, To: first.AddDays(days - 1), Seed: 42,
		Status: planner.Draft, Method: "fixture", Settings: set,
		CreatedAt: time.Date(2026, 12, 20, 9, 30, 0, 0, time.UTC),
	}
	return &fixture{ds: ds, roster: r}
}

func (fx *fixture) staff(id, name string, status planner.Status, lines ...string) *planner.Staff {
	fx.ds.Staff = append(fx.ds.Staff, planner.Staff{
		ID: id, Name: name, Email: id + "@example.be", Lines: lines, Status: status,
		MinHoursWeek: 12, MaxHoursWeek: 30, MaxDaysWeek: 5, MaxHoursDay: 9,
	})
	return &fx.ds.Staff[len(fx.ds.Staff)-1]
}

// shift adds a shift; brk is "" or "11:00-11:30".
func (fx *fixture) shift(id string, day calendar.Date, start, end, line, brk string) {
	s := planner.Shift{StaffID: id, Date: day, Start: clk(start), End: clk(end), Line: line}
	if brk != "" {
		s.BreakStart, s.BreakEnd = clk(brk[:5]), clk(brk[6:])
	}
	fx.roster.Shifts = append(fx.roster.Shifts, s)
}

// shiftPatterns are the shifts the fixtures hand out in turn.
var shiftPatterns = [][3]string{
	{"07:30", "13:30", ""},
	{"13:30", "19:30", ""},
	{"09:00", "17:00", "12:30-13:00"},
	{"07:30", "15:30", "11:30-12:00"},
	{"11:30", "19:30", "15:00-15:30"},
	{"10:00", "14:00", ""},
}

// demoFixture is a demo-like week: 22 staff on two lines, mentors with trainees beside them,
// pooled staff, non-Latin and hostile names, and a report with short slots and a violation.
func demoFixture() *fixture {
	fx := newFixture("2027-01-04", 6)
	names := []string{"Ana Martins", "Marc Dupont", "Zoë Lambert", "Łukasz Nowak", "山田 太郎",
		"Marie Dubois", "Marie Dubois", "Jean-Baptiste de la Tour d'Auvergne-Lauraguais", "Léa [Team]: *A/B?*",
		"Sofia Rossi", "Tom Peeters", "Inès Haddad", "Lucas Janssens", "Noah Willems", "Emma Claes", "Summary"}
	names = append(names, injectionNames...)
	names = append(names, "Hugo Lefèvre", "Chloé Maes")
	status := func(i int) planner.Status {
		switch {
		case i < 4 && i != 2:
			return planner.StatusMentor
		case i == 4 || i == 9:
			return planner.StatusTrainee
		case i == 13:
			return planner.StatusNew
		}
		return planner.StatusQualified
	}
	for i, n := range names {
		lines := []string{"LLN"}
		switch {
		case i%3 == 1:
			lines = []string{"MONS"}
		case i%5 == 2:
			lines = []string{"LLN", "MONS"}
		}
		s := fx.staff(fmt.Sprintf("s%02d", i+1), n, status(i), lines...)
		if i == 0 || i == 6 {
			s.Roles = []string{planner.RoleCoordinator}
		}
	}
	fx.ds.Staff[4].Lines = []string{"LLN"}
	fx.ds.Staff[9].Lines = []string{"MONS"}
	fx.ds.Staff[13].Lines = []string{"LLN"}
	fx.ds.Staff[20].ID = "../../etc/passwd" // a hostile id for file names
	fx.ds.Staff[14].MinHoursWeek = 45       // Emma Claes ends under contract
	fx.ds.Staff[14].MaxHoursWeek = 50
	fx.ds.Staff[15].MaxHoursWeek = 10 // "Summary" ends over contract
	for d, day := range fx.roster.Days() {
		for i, s := range fx.ds.Staff {
			if (i+d)%7 == 6 {
				continue // a day off
			}
			line := s.Lines[0]
			if len(s.Lines) > 1 {
				line = planner.PooledLine
			}
			p := shiftPatterns[(i+d)%len(shiftPatterns)]
			switch i {
			case 4: // trainee beside mentor Ana (s01) on LLN
				p = shiftPatterns[d%len(shiftPatterns)]
				line = "LLN"
			case 9: // trainee beside mentor Marc (s02) on MONS
				p = shiftPatterns[(1+d)%len(shiftPatterns)]
				line = "MONS"
			case 13: // new: shadows Łukasz (s04) but on Saturday has no mentor
				p = shiftPatterns[(3+d)%len(shiftPatterns)]
				line = "LLN"
				if d == 5 {
					p = [3]string{"16:00", "19:30", ""}
				}
			}
			if d == 5 && (i == 0 || i == 3 || i == 4) {
				continue // Saturday: Ana, her trainee and Łukasz off
			}
			fx.shift(s.ID, day, p[0], p[1], line, p[2])
		}
	}
	// Mentors on the trainees' days, on their lines.
	for k := range fx.roster.Shifts {
		s := &fx.roster.Shifts[k]
		switch s.StaffID {
		case "s01", "s02":
			s.Line = map[string]string{"s01": "LLN", "s02": "MONS"}[s.StaffID]
		}
	}
	fx.alignMentor("s05", "s01")
	fx.alignMentor("s10", "s02")
	fx.alignMentor("s14", "s04")
	fx.report()
	return fx
}

// alignMentor gives the mentor the trainee's shift times on the days both work (except the
// Saturday, when the new person is left without a mentor on purpose).
func (fx *fixture) alignMentor(trainee, mentor string) {
	for _, t := range fx.roster.Shifts {
		if t.StaffID != trainee || t.Date.Weekday() == time.Saturday {
			continue
		}
		for k := range fx.roster.Shifts {
			m := &fx.roster.Shifts[k]
			if m.StaffID == mentor && m.Date == t.Date {
				m.Start, m.End, m.BreakStart, m.BreakEnd, m.Line = t.Start, t.End, t.BreakStart, t.BreakEnd, t.Line
			}
		}
	}
}

// report computes a plausible report from the roster: calls follow a daily curve, the need
// is one agent per 6 calls, and service falls with the shortage.
func (fx *fixture) report() {
	ds, r := fx.ds, fx.roster
	set := ds.Settings
	rep := &planner.Report{}
	x := newRoster(ds, r)
	for d, day := range x.days {
		dr := planner.DayReport{Date: day}
		for _, line := range ds.LineIDs() {
			for _, c := range set.Slots() {
				hour := float64(c) / 60
				calls := math.Round(10*(8+6*math.Sin((hour-7)/12*math.Pi))*map[string]float64{"LLN": 1, "MONS": 0.6}[line]) / 10
				if day.Weekday() == time.Saturday {
					calls = math.Round(calls*5) / 10
				}
				sr := planner.SlotReport{Date: day, Time: c, Line: line, Calls: calls, Needed: int(math.Ceil(calls / 6))}
				for _, i := range x.perDay[d] {
					s := x.shift(i)
					if !s.OnDuty(c, set.SlotMinutes) || !slicesContains(x.shiftLines(s), line) {
						continue
					}
					sr.Staff++
					sr.Effective += x.person(s.StaffID).EffectiveProductivity() / float64(len(x.shiftLines(s)))
				}
				sr.ServiceLevel = math.Min(0.97, 0.55+0.4*sr.Effective/math.Max(1, float64(sr.Needed)))
				sr.ASA = math.Round(90 * (1 - sr.ServiceLevel))
				sr.PAbandon = math.Round(1000*(1-sr.ServiceLevel)/4) / 1000
				sr.Occupancy = math.Min(0.85, float64(sr.Needed)/math.Max(1, sr.Effective)*0.7)
				rep.Slots = append(rep.Slots, sr)
				dr.Calls += calls
				dr.ServiceLevel += calls * sr.ServiceLevel
				dr.ASA += calls * sr.ASA
				dr.PAbandon += calls * sr.PAbandon
				if sr.Short() {
					dr.SlotsShort++
				}
			}
		}
		for _, i := range x.perDay[d] {
			dr.PaidHours += float64(x.shift(i).Minutes()) / 60
		}
		rep.Calls += dr.Calls
		rep.ServiceLevel += dr.ServiceLevel
		rep.ASA += dr.ASA
		rep.PAbandon += dr.PAbandon
		rep.PaidHours += dr.PaidHours
		rep.SlotsShort += dr.SlotsShort
		if dr.Calls > 0 {
			dr.ServiceLevel /= dr.Calls
			dr.ASA /= dr.Calls
			dr.PAbandon /= dr.Calls
		}
		rep.Days = append(rep.Days, dr)
	}
	if rep.Calls > 0 {
		rep.ServiceLevel /= rep.Calls
		rep.ASA /= rep.Calls
		rep.PAbandon /= rep.Calls
	}
	for p, s := range x.staff {
		lo, hi := x.contract(p, nil)
		rep.Staff = append(rep.Staff, planner.StaffReport{StaffID: s.ID, Name: s.Name, Status: s.Status,
			Hours: x.hours(p), MinHours: lo, MaxHours: hi})
	}
	sat := x.days[len(x.days)-1]
	rep.Violations = []planner.Violation{{Rule: "mentor", StaffID: "s14", Date: sat, Time: clk("16:00"), Line: "LLN",
		Msg: "Noah Willems (new) is on duty on Saturday 09 January 16:00-19:30 on LLN without a mentor; new staff shadow a mentor & never work alone"}}
	fx.reportV = rep
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// bigFixture is a large team: n staff over weeks weeks of Monday-Saturday, two lines.
func bigFixture(n, weeks int) *fixture {
	fx := newFixture("2027-01-04", weeks*7-1)
	for i := range n {
		st := planner.StatusQualified
		switch i % 10 {
		case 0:
			st = planner.StatusMentor
		case 1:
			st = planner.StatusTrainee
		}
		line := []string{"LLN", "MONS"}[(i/10)%2]
		fx.staff(fmt.Sprintf("u%05d", i), fmt.Sprintf("Person %05d Lastname", i), st, line)
	}
	for d, day := range fx.roster.Days() {
		if day.Weekday() == time.Sunday {
			continue
		}
		for i, s := range fx.ds.Staff {
			if (i+d)%6 == 0 {
				continue
			}
			k := (i + d) % len(shiftPatterns)
			if s.Status == planner.StatusTrainee {
				k = (i - 1 + d) % len(shiftPatterns) // the mentor's pattern
			}
			p := shiftPatterns[k]
			fx.shift(s.ID, day, p[0], p[1], s.Lines[0], p[2])
		}
	}
	fx.report()
	return fx
}

func (fx *fixture) workbook() Workbook {
	return Workbook{Dataset: fx.ds, Roster: fx.roster, Report: fx.reportV,
		GeneratedAt: time.Date(2026, 12, 20, 9, 30, 0, 0, time.UTC)}
}
