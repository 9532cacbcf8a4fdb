package planner

import (
	"fmt"
	"strings"
)

// Place names where a problem in the input is: the file, and within it the sheet (workbook) or
// nothing (CSV), the row (1-based, as a spreadsheet numbers it: the header is row 1) and the
// column (a letter such as "F" and the column's header name). A zero field is omitted when the
// place is printed.
type Place struct {
	File   string
	Sheet  string
	Row    int
	Col    string // column letter, e.g. "F"
	Column string // column header, e.g. "status"
}

// String formats the place as "team.xlsx: Staff!F7 (status)" or "staff.csv:7 (status)".
func (p Place) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	switch {
	case p.Sheet != "" && p.Row > 0:
		fmt.Fprintf(&b, ": %s!%s%d", p.Sheet, p.Col, p.Row)
	case p.Sheet != "":
		fmt.Fprintf(&b, ": %s", p.Sheet)
	case p.Row > 0:
		fmt.Fprintf(&b, ":%d", p.Row)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, " (%s)", p.Column)
	}
	return b.String()
}

// Problem is one thing wrong with the input: where, and which rule it breaks.
type Problem struct {
	Place Place
	Msg   string // e.g. `status "traine" is not one of new, trainee, qualified, mentor`
}

func (p Problem) String() string {
	if s := p.Place.String(); s != "" {
		return s + ": " + p.Msg
	}
	return p.Msg
}

// MaxProblems caps the problems an InputError keeps: the rest are counted, not listed.
const MaxProblems = 50

// InputError reports everything wrong with an input (a file, a folder, a flag value), so that
// a user can fix it all at once. Nothing is stored when an import returns an InputError.
type InputError struct {
	Problems []Problem
	Dropped  int // problems beyond MaxProblems
}

// Add records a problem, keeping at most MaxProblems.
func (e *InputError) Add(place Place, format string, args ...any) {
	if len(e.Problems) >= MaxProblems {
		e.Dropped++
		return
	}
	e.Problems = append(e.Problems, Problem{Place: place, Msg: fmt.Sprintf(format, args...)})
}

// Len is the number of problems found, listed or not.
func (e *InputError) Len() int { return len(e.Problems) + e.Dropped }

// Err returns e when it holds a problem, and nil otherwise.
func (e *InputError) Err() error {
	if e == nil || e.Len() == 0 {
		return nil
	}
	return e
}

func (e *InputError) Error() string {
	var b strings.Builder
	if e.Len() == 1 {
		return e.Problems[0].String()
	}
	fmt.Fprintf(&b, "%d problems in the input:", e.Len())
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Dropped > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", e.Dropped)
	}
	return b.String()
}

// InfeasibleError explains why no plan can meet the hard rules: each reason names the rule and
// the staff, days or slots that make it impossible.
type InfeasibleError struct {
	Reasons []string
}

func (e *InfeasibleError) Error() string {
	if len(e.Reasons) == 1 {
		return "no feasible plan: " + e.Reasons[0]
	}
	return "no feasible plan:\n  " + strings.Join(e.Reasons, "\n  ")
}
