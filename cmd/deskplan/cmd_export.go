package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/desk"
	"github.com/deskplan/deskplan/planner/ics"
	"github.com/deskplan/deskplan/planner/store"
	"github.com/deskplan/deskplan/planner/xlsx"
)

type exportOptions struct {
	g        *globalOptions
	io       *IOStreams
	Selector rosterSelector
	Output   string // the manager's workbook
	PerStaff string // folder of one workbook (or calendar) per person
	Since    int    // export ics: the version whose lost shifts are cancelled; 0: the previous one
	Force    bool   // replace the files written if they exist
}

// newExportCmd makes "deskplan export" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newExportCmd(g *globalOptions, ios *IOStreams, runF func(*exportOptions) error) *cobra.Command {
	o := &exportOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write a roster to Excel workbooks (or calendars: export ics)",
		Long: `Write a stored roster as the manager's workbook (-o: sheets Summary, Week, Coverage,
Timeline, Staff and one per person) and, with --per-staff DIR, one small workbook per staff
member named after their id. The roster is re-evaluated on the data in the store, so the
service figures are those of today's forecast, under the settings the roster was planned with
(service target, occupancy, rules); --current-settings takes today's settings instead.

The roster is --version N, or the newest version of --session and/or covering the day --week,
or by default the newest roster. The Week sheet may be edited by hand and read back with
deskplan check. A draft (a version not yet published) is exported with a warning on stderr,
and each person's file says DRAFT in its title and properties.`,
		Example: `  deskplan export -o roster.xlsx
  deskplan export --version 3 -o roster-v3.xlsx --per-staff staff/
  deskplan export --session jan-2027 --week 2027-01-11 -o week2.xlsx`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			if err := o.Selector.check(cmd); err != nil {
				return err
			}
			if o.Output == "" && o.PerStaff == "" {
				return flagError(cmd, "output", "give the workbook to write (-o roster.xlsx) or --per-staff DIR")
			}
			if err := refuseOverwrite(cmd, o.Force, o.Output); err != nil {
				return err
			}
			if err := refuseOverwriteDir(cmd, o.Force, o.PerStaff, ".xlsx"); err != nil {
				return err
			}
			if runF != nil {
				return runF(&o)
			}
			return runExport(cmd.Context(), o, ios.Out, ios.ErrOut)
		},
	}
	pf := cmd.PersistentFlags()
	o.Selector.addFlags(pf, true)
	pf.StringVar(&o.PerStaff, "per-staff", "", "also write one file per staff member into this folder")
	forceFlag(pf, &o.Force)
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "the manager's workbook to write (.xlsx)")
	cmd.AddCommand(newExportICSCmd(o, runF))
	return cmd
}

// newExportICSCmd makes export ics, a child of export sharing its options (export's
// persistent flags select the roster and the folder).
func newExportICSCmd(o *exportOptions, runF func(*exportOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ics",
		Short: "Write one iCalendar (.ics) file per staff member",
		Long: `Write a stored roster as one RFC 5545 calendar per staff member into --per-staff DIR, named
after their id: one event per shift, in the desk's time zone. Event UIDs are stable, so
importing the calendar of a newer roster version updates the events. The roster is chosen as
for deskplan export.

Calendars follow changes: each shift a person had in the previous version of the same days
(the newest earlier version of the session that shares a day with this one, or --since A)
that this version no longer has is written again with the same UID, STATUS:CANCELLED and a
higher SEQUENCE, so the calendar program removes it. A person who lost every shift (even one
a what-if scenario left out) still gets a file, holding the cancellations. SEQUENCE is twice
the version, plus one once published: it grows with every new version and on publication.
A draft's calendars say DRAFT (calendar name, description, event summaries).`,
		Example: `  deskplan export ics --per-staff calendars/
  deskplan export ics --version 3 --per-staff calendars/
  deskplan export ics --version 3 --since 1 --per-staff calendars/`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			if err := o.Selector.check(cmd); err != nil {
				return err
			}
			if o.PerStaff == "" {
				return flagError(cmd, "per-staff", "is required: the folder of the calendars")
			}
			if o.Since < 0 {
				return flagError(cmd, "since", "must be a roster version, got %d", o.Since)
			}
			if err := refuseOverwriteDir(cmd, o.Force, o.PerStaff, ".ics"); err != nil {
				return err
			}
			if runF != nil {
				return runF(&o)
			}
			return runExportICS(cmd.Context(), o, o.io.Out, o.io.ErrOut)
		},
	}
	cmd.Flags().IntVar(&o.Since, "since", 0, "cancel the shifts of this earlier version that the roster no longer has (default: the previous version of the same days)")
	return cmd
}

func runExport(ctx context.Context, o exportOptions, out, errw io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	r, ds, rep, err := o.Selector.load(ctx, st)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("roster v%d (session %s, %s to %s)", r.Version, r.SessionID, r.From, r.To)
	warnDraft(errw, r)
	if o.Output != "" {
		if err := writeRosterFile(o.Output, ds, r, rep); err != nil {
			return err
		}
		fmt.Fprintf(out, "Wrote %s to %s\n", what, o.Output)
	}
	if o.PerStaff != "" {
		paths, err := xlsx.WriteStaffFiles(o.PerStaff, xlsx.Workbook{Dataset: ds, Roster: r, Report: rep, GeneratedAt: time.Now()})
		if err != nil {
			return fmt.Errorf("writing the staff workbooks: %w", err)
		}
		fmt.Fprintf(out, "Wrote %d staff workbooks of %s to %s\n", len(paths), what, o.PerStaff)
	}
	return nil
}

func runExportICS(ctx context.Context, o exportOptions, out, errw io.Writer) error {
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := o.Selector.roster(ctx, st)
	if err != nil {
		return err
	}
	ds, err := o.Selector.evaluation().Dataset(ctx, st, r)
	if err != nil {
		return err
	}
	opts, err := calendarsSince(ctx, st, r, o.Since, ds)
	if err != nil {
		return err
	}
	warnDraft(errw, r)
	paths, err := ics.WriteAll(o.PerStaff, ds, r, opts)
	if err != nil {
		return fmt.Errorf("writing the calendars: %w", err)
	}
	fmt.Fprintf(out, "Wrote %d calendars of roster v%d (session %s, %s to %s) to %s\n", len(paths), r.Version, r.SessionID, r.From, r.To, o.PerStaff)
	if opts.Since != nil {
		lost := ics.Cancelled(opts.Since, r)
		people := map[string]bool{}
		for _, s := range lost {
			people[s.StaffID] = true
		}
		fmt.Fprintf(out, "Cancelled %d shift(s) of %d person(s) that v%d had and v%d no longer has\n", len(lost), len(people), opts.Since.Version, r.Version)
	}
	return nil
}

// calendarsSince returns the calendar options of roster r: the version whose lost shifts its
// calendars cancel (since, or by default the previous version of the same days) and the
// people of that version whom ds lacks (a scenario without them), named from the store.
func calendarsSince(ctx context.Context, st *store.Store, r *planner.Roster, since int, ds *planner.Dataset) (*ics.Options, error) {
	opts := &ics.Options{}
	switch {
	case since == r.Version:
		return nil, inputProblem("--since %d: roster v%d cannot cancel its own shifts; give an earlier version", since, r.Version)
	case since > r.Version:
		return nil, inputProblem("--since %d: give a version earlier than v%d", since, r.Version)
	case since > 0:
		prev, err := desk.RosterVersion(ctx, st, since)
		if err != nil {
			return nil, err
		}
		opts.Since = prev
	default:
		prev, err := previousRoster(ctx, st, r)
		if err != nil {
			return nil, err
		}
		opts.Since = prev
	}
	if opts.Since == nil {
		return opts, nil
	}
	base, err := st.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, s := range ics.Cancelled(opts.Since, r) {
		if _, ok := ds.StaffByID(s.StaffID); ok || seen[s.StaffID] {
			continue
		}
		seen[s.StaffID] = true
		if p, ok := base.StaffByID(s.StaffID); ok {
			opts.Former = append(opts.Former, p)
		}
	}
	return opts, nil
}

// previousRoster returns the newest version before r of r's session that shares a day with
// it (the version staff were given before r), or nil when there is none.
func previousRoster(ctx context.Context, st *store.Store, r *planner.Roster) (*planner.Roster, error) {
	all, err := st.Rosters(ctx) // newest first
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.Version < r.Version && p.SessionID == r.SessionID && !p.From.After(r.To) && !p.To.Before(r.From) {
			return st.Roster(ctx, p.Version)
		}
	}
	return nil, nil
}

// warnDraft warns on errw that roster r, about to be exported, is not published.
func warnDraft(errw io.Writer, r *planner.Roster) {
	if r.Status != planner.Published {
		fmt.Fprintf(errw, "deskplan: warning: roster v%d is a draft, not published: the staff files say DRAFT (deskplan roster publish %d)\n", r.Version, r.Version)
	}
}
