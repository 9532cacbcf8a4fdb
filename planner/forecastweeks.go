package planner

import (
	"fmt"
	"strings"

	"github.com/deskplan/deskplan/planner/calendar"
)

// ForecastWeeks returns the Mondays of the weeks of session sess whose forecast has calls, in
// date order.
func ForecastWeeks(ds *Dataset, sess Session) ([]calendar.Date, error) {
	d, err := BuildDemand(ds, sess.ID, sess.FirstDay, sess.LastDay)
	if err != nil {
		return nil, err
	}
	var weeks []calendar.Date
	for di, day := range d.Days {
		calls := 0.0
		for _, slot := range d.Load[di] {
			for _, l := range slot {
				calls += l.Calls
			}
		}
		if mon := day.Monday(); calls > 0 && (len(weeks) == 0 || weeks[len(weeks)-1] != mon) {
			weeks = append(weeks, mon)
		}
	}
	return weeks, nil
}

// NoCallsError is the refusal to plan a horizon without forecast calls (a roster that would
// pay staff to answer no call): an input error naming the weeks of the session that have a
// forecast, or saying that none has.
func NoCallsError(ds *Dataset, sess Session, from, to calendar.Date) error {
	weeks, err := ForecastWeeks(ds, sess)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("session %s has no calls forecast from %s to %s: nothing to plan", sess.ID, from, to)
	if len(weeks) == 0 {
		msg += fmt.Sprintf("; the session has no forecast yet (build it with deskplan forecast build --session %s, or import its Forecast sheet)", sess.ID)
	} else {
		w := make([]string, len(weeks))
		for i, mon := range weeks {
			w[i] = "week of " + mon.String()
		}
		msg += fmt.Sprintf("; the weeks of the session with a forecast: %s", strings.Join(w, ", "))
	}
	return &InputError{Problems: []Problem{{Msg: msg}}}
}

// CheckCalls refuses, as Plan does, a horizon (the week of week, or the whole session) without
// forecast calls; it returns nil when the horizon has calls or cannot be laid (Plan then says
// why).
func CheckCalls(ds *Dataset, sessionID string, week calendar.Date) error {
	sess, ok := ds.Session(sessionID)
	if !ok {
		return nil
	}
	from, to, err := Horizon(sess, week)
	if err != nil {
		return nil
	}
	d, err := BuildDemand(ds, sessionID, from, to)
	if err != nil || d.Calls() > 0 {
		return nil
	}
	return NoCallsError(ds, sess, from, to)
}

// NoSessionYet is what to do first on a store without a session.
const NoSessionYet = "the store has no session yet; import a team first: deskplan import team.xlsx (deskplan template team.xlsx writes an empty one, deskplan demo shows one)"

// UnknownSessionError is the input error for a session id the dataset lacks: it lists the
// sessions there are, or says what to do first when there is none.
func UnknownSessionError(ds *Dataset, id string) error {
	msg := fmt.Sprintf("unknown session %q (sessions: %s)", id, strings.Join(sessionIDs(ds), ", "))
	if len(ds.Sessions) == 0 {
		msg = fmt.Sprintf("unknown session %q: %s", id, NoSessionYet)
	}
	return &InputError{Problems: []Problem{{Msg: msg}}}
}

func sessionIDs(ds *Dataset) []string {
	ids := make([]string, len(ds.Sessions))
	for i, s := range ds.Sessions {
		ids[i] = s.ID
	}
	return ids
}
