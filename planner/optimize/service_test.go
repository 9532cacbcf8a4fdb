package optimize_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/demo"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/rules"
	"github.com/deskplan/deskplan/planner/sim"
)

// TestClaimMatchesSimulation checks the service Evaluate claims against the discrete-event
// simulation of the same roster (package sim, which uses no queueing formula): within 1.5
// points per day and 1 point over the week, for a planned demo week and for the half-day rota
// a manager would make of the same people (pooled coordinators, trainees beside mentors). The
// default run checks the first two days of the week (the whole week with -long), with the
// same replications, so the same bounds hold.
func TestClaimMatchesSimulation(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	sess := ds.Sessions[len(ds.Sessions)-1]
	r, _, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: sess.ID, Week: sess.FirstDay, Seed: 1, Effort: 20, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	rosters := []*planner.Roster{r, managerRota(t, ds, r)}
	if !*optimize.Long {
		for i := range rosters {
			rosters[i] = firstDays(rosters[i], 2)
		}
	}
	for _, roster := range rosters {
		rep, err := optimize.Evaluate(ds, roster)
		if err != nil {
			t.Fatal(err)
		}
		s, err := optimize.Simulate(context.Background(), ds, roster, sim.Options{Replications: 300, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range optimize.CheckService(rep, s) {
			if c.Line != "" {
				continue
			}
			limit := 1.5
			if c.Date.IsZero() {
				limit = 1
			}
			if math.Abs(c.Gap()) > limit {
				t.Errorf("%s roster, %s: claimed %.2f%%, simulated %.2f%% ± %.2f: %+.2f points, beyond %g",
					roster.Method, c.Date, 100*c.Claimed, 100*c.Simulated, 100*c.HalfWidth, c.Gap(), limit)
			}
		}
	}
}

// TestCoordinatorOnDuty: in each slot the coordinator whose shift started first is on duty,
// and only they give the phones coordinator_phone_share of their time: with a share of a half,
// the desk answers fewer calls in time than with a full share.
func TestCoordinatorOnDuty(t *testing.T) {
	ds, r := demo.RuleBookDesk()
	d, err := planner.BuildDemand(ds, r.SessionID, r.From, r.To)
	if err != nil {
		t.Fatal(err)
	}
	ds.Settings.CoordinatorPhoneShare = 0.5
	phones := planner.OnPhone(d, ds, r.Shifts)
	for si, c := range d.Slots {
		var coordinating []string
		for _, a := range phones[0][si] {
			if a.Coordinating {
				coordinating = append(coordinating, ds.Staff[a.Staff].ID)
				if a.Speed != 0.5 {
					t.Errorf("%s: the coordinator on duty answers at speed %v, want 0.5", c, a.Speed)
				}
			} else if a.Speed != ds.Staff[a.Staff].EffectiveProductivity() {
				t.Errorf("%s: %s answers at speed %v", c, ds.Staff[a.Staff].ID, a.Speed)
			}
		}
		want := "anne"
		if c >= ds.Settings.Open+6*60 {
			want = "bruno"
		}
		if len(coordinating) != 1 || coordinating[0] != want {
			t.Errorf("%s: coordinating %v, want [%s]", c, coordinating, want)
		}
	}
	half, err := optimize.Evaluate(ds, r)
	if err != nil {
		t.Fatal(err)
	}
	ds.Settings.CoordinatorPhoneShare = 1
	full, err := optimize.Evaluate(ds, r)
	if err != nil {
		t.Fatal(err)
	}
	if half.ServiceLevel >= full.ServiceLevel {
		t.Errorf("service %.4f with the coordinator half on the phone, %.4f fully", half.ServiceLevel, full.ServiceLevel)
	}
}

// TestPlanKeepsTheDeskAsItIs plans the rule-book desk: the plan keeps every rule of the rule
// book, gives the new person their shadowing, and leaves no line unanswered; with nobody able
// to answer MONS, the plan is refused by the line floor, naming the line.
func TestPlanKeepsTheDeskAsItIs(t *testing.T) {
	ds, _ := demo.RuleBookDesk()
	ds.Staff[3].MinHoursWeek, ds.Staff[3].MaxHoursWeek = 0, 0 // Rita: a contract of no hours this week
	r, rep, err := optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: "jan", Week: ds.Sessions[0].FirstDay, Seed: 1, Effort: 50, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if vs := rules.Check(ds, r); len(vs) > 0 {
		t.Errorf("the plan breaks rules: %v", vs)
	}
	for _, sh := range r.Shifts {
		if sh.StaffID == "rita" {
			t.Errorf("Rita, with a contract of no hours, works %s %s-%s", sh.Date, sh.Start, sh.End)
		}
	}
	for _, s := range rep.Staff {
		if s.Status == planner.StatusNew && s.BesideMentor < s.TrainingAsked {
			t.Errorf("%s gets %gh of the %gh of shadowing asked", s.StaffID, s.BesideMentor, s.TrainingAsked)
		}
	}
	for _, l := range rep.Lines {
		if l.SlotsUnanswered > 0 {
			t.Errorf("line %s unanswered in %d slots", l.Line, l.SlotsUnanswered)
		}
	}
	for i := range ds.Staff {
		ds.Staff[i].Lines = []string{"LLN"}
	}
	_, _, err = optimize.Plan(context.Background(), ds, optimize.PlanRequest{SessionID: "jan", Week: ds.Sessions[0].FirstDay, Seed: 1, Effort: 50, Workers: 1})
	var inf *planner.InfeasibleError
	if !errors.As(err, &inf) || !strings.Contains(err.Error(), "line MONS") || !strings.Contains(err.Error(), "line-floor") {
		t.Errorf("with nobody on MONS: %v, want the line floor of MONS named", err)
	}
}
