package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/optimize"
	"github.com/deskplan/deskplan/planner/rules"
	"github.com/deskplan/deskplan/planner/store"
)

type rosterSwapOptions struct {
	g        *globalOptions
	io       *IOStreams
	Version  int
	Date     string
	From, To string
	Apply    bool
	Force    bool
	JSON     bool
	// CurrentSettings evaluates both rosters under today's settings, not the roster's own.
	CurrentSettings bool
}

// newRosterSwapCmd makes "deskplan roster swap" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newRosterSwapCmd(g *globalOptions, ios *IOStreams, runF func(*rosterSwapOptions) error) *cobra.Command {
	o := &rosterSwapOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "swap N --date D --from A --to B",
		Short: "Check a swap of shifts in roster version N, and save it with --apply",
		Long: `Give A's shift on day D of roster version N to B (when B works that day too, A takes B's
shift in exchange), check every rule for the swapped roster (as deskplan check does) and show
what the swap does to that day's service: calls, service level, ASA, abandonment, slots short,
and each slot whose service changes. The roster is evaluated on the data it was planned for.

Without --apply nothing is saved. With --apply the swapped roster is saved as a new draft
version, unless it breaks a rule the original kept (exit code 3; --force saves it anyway).`,
		Example: `  deskplan roster swap 3 --date 2027-01-05 --from s03 --to t06
  deskplan roster swap 3 --date 2027-01-05 --from s03 --to t06 --apply`,
		Args: exactArgs(1, "a roster version N"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			v, err := versionArg(cmd, args[0])
			if err != nil {
				return err
			}
			o.Version = v
			switch {
			case o.Date == "":
				return flagError(cmd, "date", "is required: the day of the shift, YYYY-MM-DD")
			case o.From == "":
				return flagError(cmd, "from", "is required: the staff id giving the shift")
			case o.To == "":
				return flagError(cmd, "to", "is required: the staff id taking the shift")
			}
			if _, err := calendar.ParseDate(o.Date); err != nil {
				return flagError(cmd, "date", "%v", err)
			}
			if runF != nil {
				return runF(&o)
			}
			return runRosterSwap(cmd.Context(), o, ios.Out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Date, "date", "", "the day of the shift, YYYY-MM-DD")
	f.StringVar(&o.From, "from", "", "the staff id giving the shift")
	f.StringVar(&o.To, "to", "", "the staff id taking it (and giving theirs that day, if any)")
	f.BoolVar(&o.Apply, "apply", false, "save the swapped roster as a new draft version")
	f.BoolVar(&o.Force, "force", false, "with --apply: save it even if it breaks a rule the original kept")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	f.BoolVar(&o.CurrentSettings, "current-settings", false, "evaluate under the settings in the store today, not those the roster was planned with")
	return cmd
}

// slotChange is a slot of the swap's day whose service changes.
type slotChange struct {
	Time   calendar.Clock `json:"time"`
	Line   string         `json:"line"`
	Calls  float64        `json:"calls"`
	Before slotService    `json:"before"`
	After  slotService    `json:"after"`
}

type slotService struct {
	Staff        int     `json:"staff"`
	Effective    float64 `json:"effective_agents"`
	ServiceLevel float64 `json:"service_level"`
	ASA          float64 `json:"asa_seconds"`
}

// swapOutput is roster swap --json.
type swapOutput struct {
	Version    int                 `json:"version"`
	Date       calendar.Date       `json:"date"`
	From       string              `json:"from"`
	To         string              `json:"to"`
	Changes    []planner.StaffDiff `json:"changes"`
	Violations []planner.Violation `json:"violations"`
	// NewViolations are the hard rules broken that the original roster kept.
	NewViolations []planner.Violation `json:"new_violations"`
	DayBefore     planner.DayReport   `json:"day_before"`
	DayAfter      planner.DayReport   `json:"day_after"`
	Slots         []slotChange        `json:"slots"`
	Saved         int                 `json:"saved_version,omitempty"`
}

func runRosterSwap(ctx context.Context, o rosterSwapOptions, out io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	r, ds, before, err := rosterSelector{Version: o.Version, CurrentSettings: o.CurrentSettings}.load(ctx, st)
	if err != nil {
		return err
	}
	for _, id := range []string{o.From, o.To} {
		if _, ok := ds.StaffByID(id); !ok {
			return inputProblem("no staff member %q in the data of roster v%d (see deskplan staff list)", id, r.Version)
		}
	}
	day := calendar.MustDate(o.Date) // checked by RunE
	swapped, err := optimize.Swap(r, day, o.From, o.To)
	if err != nil {
		return err
	}
	after, err := optimize.Evaluate(ds, swapped)
	if err != nil {
		return err
	}
	res := swapOutput{Version: r.Version, Date: day, From: o.From, To: o.To,
		Changes: planner.DiffRosters(r, swapped, ds).Staff, Violations: rules.HardViolations(rules.Check(ds, swapped))}
	old := rules.Check(ds, r)
	for _, v := range rules.HardViolations(res.Violations) {
		if !slices.ContainsFunc(old, func(w planner.Violation) bool { return w.Msg == v.Msg }) {
			res.NewViolations = append(res.NewViolations, v)
		}
	}
	if res.Violations == nil {
		res.Violations = []planner.Violation{}
	}
	if res.NewViolations == nil {
		res.NewViolations = []planner.Violation{}
	}
	for _, d := range before.Days {
		if d.Date == day {
			res.DayBefore = d
		}
	}
	for _, d := range after.Days {
		if d.Date == day {
			res.DayAfter = d
		}
	}
	res.DayBefore.Date, res.DayAfter.Date = day, day
	res.Slots = []slotChange{}
	for i, b := range before.Slots {
		a := after.Slots[i] // the same grid: the same data, the same horizon
		if b.Date != day || a.Staff == b.Staff && a.Effective == b.Effective && a.ServiceLevel == b.ServiceLevel {
			continue
		}
		res.Slots = append(res.Slots, slotChange{Time: b.Time, Line: b.Line, Calls: b.Calls,
			Before: slotService{b.Staff, b.Effective, b.ServiceLevel, b.ASA},
			After:  slotService{a.Staff, a.Effective, a.ServiceLevel, a.ASA}})
	}
	refused := len(res.NewViolations) > 0 && !o.Force
	if o.Apply && !refused {
		if _, err := st.SaveRoster(ctx, swapped); err != nil {
			return fmt.Errorf("saving the swapped roster: %w", err)
		}
		res.Saved = swapped.Version
	}
	if o.JSON {
		if err := writeJSON(out, res); err != nil {
			return err
		}
	} else if err := printSwap(out, ds, r, &res, o.Apply); err != nil {
		return err
	}
	if refused {
		what := "the swap breaks rules the roster kept"
		if o.Apply {
			what += ": not saved (--force saves it anyway)"
		}
		return &rulesError{Violations: res.NewViolations, What: what}
	}
	return nil
}

func printSwap(w io.Writer, ds *planner.Dataset, r *planner.Roster, res *swapOutput, apply bool) error {
	who := func(id string) string {
		if s, ok := ds.StaffByID(id); ok {
			return fmt.Sprintf("%s (%s)", s.Name, id)
		}
		return id
	}
	wd := res.Date.Weekday().String()[:3]
	fmt.Fprintf(w, "Swap in roster v%d on %s %s: %s gives their shift to %s\n", r.Version, wd, res.Date, who(res.From), who(res.To))
	for _, p := range res.Changes {
		for _, ch := range p.Changes {
			fmt.Fprintf(w, "  %s: %s -> %s\n", who(p.StaffID), shiftText(ch.Before, ds), shiftText(ch.After, ds))
		}
	}
	switch {
	case len(res.Violations) == 0:
		fmt.Fprintln(w, "\nRules: no violation")
	default:
		fmt.Fprintf(w, "\nRules: %d violation(s), %d of them new with the swap\n", len(res.Violations), len(res.NewViolations))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  \tRULE\tMESSAGE")
		for _, v := range res.Violations {
			mark := ""
			if slices.ContainsFunc(res.NewViolations, func(x planner.Violation) bool { return x.Msg == v.Msg }) {
				mark = "new"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", mark, v.Rule, v.Msg)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	b, a := res.DayBefore, res.DayAfter
	fmt.Fprintf(w, "\nService on %s %s:\n", wd, res.Date)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tBEFORE\tAFTER\t")
	fmt.Fprintf(tw, "calls\t%.0f\t%.0f\t\n", b.Calls, a.Calls)
	fmt.Fprintf(tw, "service level (%%)\t%.1f\t%.1f\t\n", 100*b.ServiceLevel, 100*a.ServiceLevel)
	fmt.Fprintf(tw, "ASA (s)\t%.0f\t%.0f\t\n", b.ASA, a.ASA)
	fmt.Fprintf(tw, "abandonment (%%)\t%.1f\t%.1f\t\n", 100*b.PAbandon, 100*a.PAbandon)
	fmt.Fprintf(tw, "paid hours (h)\t%.1f\t%.1f\t\n", b.PaidHours, a.PaidHours)
	fmt.Fprintf(tw, "slots short\t%d\t%d\t\n", b.SlotsShort, a.SlotsShort)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(res.Slots) > 0 {
		fmt.Fprintln(w, "\nSlots whose service changes:")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  TIME\tLINE\tCALLS\tSTAFF\tAGENTS\tSERVICE LEVEL")
		for _, s := range res.Slots {
			fmt.Fprintf(tw, "  %s\t%s\t%.1f\t%d -> %d\t%.1f -> %.1f\t%.1f%% -> %.1f%%\n", s.Time, s.Line, s.Calls, s.Before.Staff, s.After.Staff,
				s.Before.Effective, s.After.Effective, 100*s.Before.ServiceLevel, 100*s.After.ServiceLevel)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	switch {
	case res.Saved > 0:
		fmt.Fprintf(w, "\nSaved as roster v%d (draft): publish it with deskplan roster publish %d.\n", res.Saved, res.Saved)
	case !apply:
		fmt.Fprintln(w, "\nNot saved: --apply saves the swapped roster as a new draft version.")
	}
	return nil
}
