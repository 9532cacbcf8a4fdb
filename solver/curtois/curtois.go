// Package curtois reads the Curtois & Qu shift scheduling benchmark instances
// (schedulingbenchmarks.org), turns them into solver models, and reads and writes rosters in
// the benchmark's solution format (one line per employee: the id, then the shift id or "-" for
// each day).
package curtois

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/deskplan/deskplan/solver"
)

// Instance is a parsed benchmark instance.
type Instance struct {
	Days        int
	Shifts      []Shift
	Staff       []Staff
	DaysOff     [][]int // per staff member (same order as Staff), the fixed days off
	OnRequests  []Request
	OffRequests []Request
	Cover       []Cover
}

// Shift is a shift type.
type Shift struct {
	ID           string
	Length       int      // minutes
	CannotFollow []string // shift ids that may not be worked the day after this one
}

// Staff is an employee and his or her limits.
type Staff struct {
	ID                    string
	MaxShifts             map[string]int
	MaxTotal, MinTotal    int // minutes
	MaxConsecutive        int
	MinConsecutive        int
	MinConsecutiveDaysOff int
	MaxWeekends           int
}

// Request is a shift-on or shift-off request.
type Request struct {
	Staff  int // index in Instance.Staff
	Day    int
	Shift  int // index in Instance.Shifts
	Weight int
}

// Cover is the requirement of one shift type on one day.
type Cover struct {
	Day, Shift               int
	Requirement, Under, Over int
}

// ReadFile parses the instance in the named file.
func ReadFile(path string) (*Instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	in, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return in, nil
}

// Parse reads an instance in the benchmark's text format.
func Parse(r io.Reader) (*Instance, error) {
	ps := &parser{in: &Instance{}, shiftIdx: map[string]int{}, staffIdx: map[string]int{}}
	if err := ps.readSections(r); err != nil {
		return nil, err
	}
	in := ps.in
	if in.Days == 0 || len(in.Shifts) == 0 || len(in.Staff) == 0 {
		return nil, errors.New("missing horizon, shifts or staff")
	}
	in.DaysOff = make([][]int, len(in.Staff))
	for _, l := range ps.later {
		if err := ps.readLater(l); err != nil {
			return nil, err
		}
	}
	if err := ps.checkNames(); err != nil {
		return nil, err
	}
	return in, nil
}

// parser holds the state of Parse: the instance read so far, the indexes of the shift and
// staff ids, and the lines of the sections that refer to them, read once they are all known.
type parser struct {
	in                 *Instance
	shiftIdx, staffIdx map[string]int
	later              []pending
}

// pending is a line of a section read after the shifts and staff: its number, its
// comma-separated fields and its section.
type pending struct {
	line   int
	fields []string
	sec    string
}

// readSections reads the lines of r: the horizon, shifts and staff at once, the other
// sections' lines into later.
func (ps *parser) readSections(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	section := ""
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "SECTION_") {
			section = line
			continue
		}
		f := strings.Split(line, ",")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		var err error
		switch section {
		case "SECTION_HORIZON":
			n, aerr := strconv.Atoi(f[0])
			if aerr != nil || n <= 0 {
				return fmt.Errorf("line %d: bad horizon %q", lineNo, line)
			}
			ps.in.Days = n
		case "SECTION_SHIFTS":
			err = ps.shift(lineNo, f)
		case "SECTION_STAFF":
			err = ps.staff(lineNo, f)
		case "SECTION_DAYS_OFF", "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER":
			ps.later = append(ps.later, pending{lineNo, f, section})
		default:
			return fmt.Errorf("line %d: data outside a known section (%q)", lineNo, section)
		}
		if err != nil {
			return err
		}
	}
	return sc.Err()
}

// shift reads a line of SECTION_SHIFTS: id, length, shifts it cannot follow.
func (ps *parser) shift(lineNo int, f []string) error {
	if len(f) < 2 {
		return fmt.Errorf("line %d: shift needs id and length", lineNo)
	}
	n, err := strconv.Atoi(f[1])
	if err != nil {
		return fmt.Errorf("line %d: bad length %q", lineNo, f[1])
	}
	s := Shift{ID: f[0], Length: n}
	if len(f) > 2 && f[2] != "" {
		s.CannotFollow = strings.Split(f[2], "|")
	}
	ps.shiftIdx[s.ID] = len(ps.in.Shifts)
	ps.in.Shifts = append(ps.in.Shifts, s)
	return nil
}

// staff reads a line of SECTION_STAFF: id, max shifts per type, then six limits.
func (ps *parser) staff(lineNo int, f []string) error {
	if len(f) != 8 {
		return fmt.Errorf("line %d: staff needs 8 fields, has %d", lineNo, len(f))
	}
	s := Staff{ID: f[0], MaxShifts: map[string]int{}}
	if f[1] != "" {
		for _, kv := range strings.Split(f[1], "|") {
			k, v, ok := strings.Cut(kv, "=")
			n, err := strconv.Atoi(v)
			if !ok || err != nil {
				return fmt.Errorf("line %d: bad max shifts %q", lineNo, kv)
			}
			s.MaxShifts[k] = n
		}
	}
	nums := make([]int, 6)
	for i := range nums {
		n, err := strconv.Atoi(f[2+i])
		if err != nil {
			return fmt.Errorf("line %d: bad number %q", lineNo, f[2+i])
		}
		nums[i] = n
	}
	s.MaxTotal, s.MinTotal, s.MaxConsecutive, s.MinConsecutive, s.MinConsecutiveDaysOff, s.MaxWeekends =
		nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]
	ps.staffIdx[s.ID] = len(ps.in.Staff)
	ps.in.Staff = append(ps.in.Staff, s)
	return nil
}

// atoi reads the number s of line l.
func (ps *parser) atoi(l pending, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("line %d: bad number %q", l.line, s)
	}
	return n, nil
}

// day reads the day s of line l, which must be within the horizon.
func (ps *parser) day(l pending, s string) (int, error) {
	n, err := ps.atoi(l, s)
	if err == nil && (n < 0 || n >= ps.in.Days) {
		err = fmt.Errorf("line %d: day %d outside the horizon", l.line, n)
	}
	return n, err
}

// readLater reads a line of the days off, the requests or the cover.
func (ps *parser) readLater(l pending) error {
	switch l.sec {
	case "SECTION_DAYS_OFF":
		return ps.daysOff(l)
	case "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS":
		return ps.request(l)
	case "SECTION_COVER":
		return ps.cover(l)
	}
	return nil
}

// daysOff reads a line of SECTION_DAYS_OFF: an employee and the days they cannot work.
func (ps *parser) daysOff(l pending) error {
	s, ok := ps.staffIdx[l.fields[0]]
	if !ok {
		return fmt.Errorf("line %d: unknown employee %q", l.line, l.fields[0])
	}
	for _, x := range l.fields[1:] {
		if x == "" {
			continue
		}
		d, err := ps.day(l, x)
		if err != nil {
			return err
		}
		ps.in.DaysOff[s] = append(ps.in.DaysOff[s], d)
	}
	return nil
}

// request reads a line of SECTION_SHIFT_ON_REQUESTS or SECTION_SHIFT_OFF_REQUESTS: employee,
// day, shift, weight.
func (ps *parser) request(l pending) error {
	if len(l.fields) != 4 {
		return fmt.Errorf("line %d: request needs 4 fields", l.line)
	}
	s, ok := ps.staffIdx[l.fields[0]]
	t, ok2 := ps.shiftIdx[l.fields[2]]
	if !ok || !ok2 {
		return fmt.Errorf("line %d: unknown employee or shift", l.line)
	}
	d, err := ps.day(l, l.fields[1])
	if err != nil {
		return err
	}
	wt, err := ps.atoi(l, l.fields[3])
	if err != nil {
		return err
	}
	r := Request{Staff: s, Day: d, Shift: t, Weight: wt}
	if l.sec == "SECTION_SHIFT_ON_REQUESTS" {
		ps.in.OnRequests = append(ps.in.OnRequests, r)
	} else {
		ps.in.OffRequests = append(ps.in.OffRequests, r)
	}
	return nil
}

// cover reads a line of SECTION_COVER: day, shift, requirement, under and over weights.
func (ps *parser) cover(l pending) error {
	if len(l.fields) != 5 {
		return fmt.Errorf("line %d: cover needs 5 fields", l.line)
	}
	d, err := ps.day(l, l.fields[0])
	if err != nil {
		return err
	}
	t, ok := ps.shiftIdx[l.fields[1]]
	if !ok {
		return fmt.Errorf("line %d: unknown shift %q", l.line, l.fields[1])
	}
	var v [3]int
	for i := range v {
		if v[i], err = ps.atoi(l, l.fields[2+i]); err != nil {
			return err
		}
	}
	ps.in.Cover = append(ps.in.Cover, Cover{Day: d, Shift: t, Requirement: v[0], Under: v[1], Over: v[2]})
	return nil
}

// checkNames checks that the shifts named in CannotFollow and in the staff's MaxShifts exist.
func (ps *parser) checkNames() error {
	for _, s := range ps.in.Shifts {
		for _, x := range s.CannotFollow {
			if _, ok := ps.shiftIdx[x]; !ok {
				return fmt.Errorf("shift %s: unknown shift %q in CannotFollow", s.ID, x)
			}
		}
	}
	for _, s := range ps.in.Staff {
		for k := range s.MaxShifts {
			if _, ok := ps.shiftIdx[k]; !ok {
				return fmt.Errorf("staff %s: unknown shift %q", s.ID, k)
			}
		}
	}
	return nil
}

// Cell returns the index of the demand cell of shift type t on day d in the model.
func (in *Instance) Cell(d, t int) int { return d*len(in.Shifts) + t }

// Model builds the solver model. On every day, option t is shift type t; the cells are
// (day, shift type), index Cell(d, t). Shift-type limits of 0 and a weekend limit of 0 become
// removed options (the solver's zero means "no limit").
func (in *Instance) Model() *solver.Model {
	nT := len(in.Shifts)
	idx := map[string]int{}
	m := &solver.Model{Days: in.Days}
	for t, s := range in.Shifts {
		idx[s.ID] = t
		m.Types = append(m.Types, s.ID)
	}
	for t, s := range in.Shifts {
		for _, x := range s.CannotFollow {
			m.Forbidden = append(m.Forbidden, solver.Succession{From: t, To: idx[x]})
		}
	}
	m.Options = make([][]solver.Option, in.Days)
	m.Cells = make([]solver.Cell, in.Days*nT)
	for d := range in.Days {
		for t, s := range in.Shifts {
			m.Options[d] = append(m.Options[d], solver.Option{Type: t, Length: s.Length,
				Cover: []solver.Coverage{{Cell: in.Cell(d, t), Coef: 1}}, Label: s.ID})
			m.Cells[in.Cell(d, t)].Name = fmt.Sprintf("d%d/%s", d, s.ID)
		}
	}
	for _, c := range in.Cover {
		m.Cells[in.Cell(c.Day, c.Shift)].Penalty = solver.Linear(float64(c.Requirement), float64(c.Under), float64(c.Over))
	}
	for i, s := range in.Staff {
		w := solver.Worker{Name: s.ID, Weight: 1, MaxMinutes: s.MaxTotal, MinMinutes: s.MinTotal,
			MaxConsecutive: s.MaxConsecutive, MinConsecutive: s.MinConsecutive,
			MinConsecutiveOff: s.MinConsecutiveDaysOff, MaxWeekends: s.MaxWeekends}
		w.MaxShifts = make([]int, nT)
		banned := make([]bool, nT)
		for t, sh := range in.Shifts {
			lim, ok := s.MaxShifts[sh.ID]
			switch {
			case ok && lim == 0:
				banned[t] = true
			case ok && lim < in.Days:
				w.MaxShifts[t] = lim
			}
		}
		off := map[int]bool{}
		for _, d := range in.DaysOff[i] {
			off[d] = true
		}
		w.Allowed = make([][]int, in.Days)
		for d := range in.Days {
			a := []int{}
			weekend := d%7 == 5 || d%7 == 6
			if !off[d] && !(weekend && s.MaxWeekends == 0) {
				for t := range nT {
					if !banned[t] {
						a = append(a, t)
					}
				}
			}
			w.Allowed[d] = a
		}
		m.Workers = append(m.Workers, w)
	}
	for _, r := range in.OnRequests {
		m.Requests = append(m.Requests, solver.Request{Worker: r.Staff, Day: r.Day, Options: []int{r.Shift}, On: true, Weight: float64(r.Weight)})
	}
	for _, r := range in.OffRequests {
		m.Requests = append(m.Requests, solver.Request{Worker: r.Staff, Day: r.Day, Options: []int{r.Shift}, Weight: float64(r.Weight)})
	}
	return m
}

// ReadRoster reads a roster in the benchmark's solution format into a solver assignment
// (option index = shift index; solver.Off for "-"). Every employee must appear exactly once.
func (in *Instance) ReadRoster(r io.Reader) ([][]int, error) {
	staff := map[string]int{}
	for i, s := range in.Staff {
		staff[s.ID] = i
	}
	shift := map[string]int{}
	for i, s := range in.Shifts {
		shift[s.ID] = i
	}
	out := make([][]int, len(in.Staff))
	sc := bufio.NewScanner(r)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		i, ok := staff[f[0]]
		if !ok {
			return nil, fmt.Errorf("line %d: unknown employee %q", lineNo, f[0])
		}
		if out[i] != nil {
			return nil, fmt.Errorf("line %d: employee %q listed twice", lineNo, f[0])
		}
		if len(f)-1 != in.Days {
			return nil, fmt.Errorf("line %d: %d days, want %d", lineNo, len(f)-1, in.Days)
		}
		row := make([]int, in.Days)
		for d, x := range f[1:] {
			if x == "-" {
				row[d] = solver.Off
				continue
			}
			t, ok := shift[x]
			if !ok {
				return nil, fmt.Errorf("line %d day %d: unknown shift %q", lineNo, d, x)
			}
			row[d] = t
		}
		out[i] = row
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i, row := range out {
		if row == nil {
			return nil, fmt.Errorf("employee %q missing", in.Staff[i].ID)
		}
	}
	return out, nil
}

// WriteRoster writes assign in the benchmark's solution format.
func (in *Instance) WriteRoster(w io.Writer, assign [][]int) error {
	bw := bufio.NewWriter(w)
	for i, row := range assign {
		bw.WriteString(in.Staff[i].ID)
		for _, o := range row {
			bw.WriteByte(' ')
			if o == solver.Off {
				bw.WriteByte('-')
			} else {
				bw.WriteString(in.Shifts[o].ID)
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
