package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/calendar"
	"github.com/deskplan/deskplan/planner/store"
)

type closuresAddHolidaysOptions struct {
	g       *globalOptions
	io      *IOStreams
	Country string
	Year    int
	JSON    bool
}

// newClosuresAddHolidaysCmd makes "deskplan closures add-holidays" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newClosuresAddHolidaysCmd(g *globalOptions, ios *IOStreams, runF func(*closuresAddHolidaysOptions) error) *cobra.Command {
	o := &closuresAddHolidaysOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:   "add-holidays COUNTRY YEAR",
		Short: "Close the desk on a country's public holidays of a year",
		Long: `Add the public holidays of COUNTRY (BE: Belgium's ten legal holidays, Easter Monday,
Ascension Day and Whit Monday computed from the date of Easter) in YEAR to the closures. A day
already closed is left as it is; running the command twice adds nothing the second time.`,
		Example: `  deskplan closures add-holidays BE 2027`,
		Args:    exactArgs(2, "a COUNTRY and a YEAR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := *o
			o.Country = strings.ToUpper(strings.TrimSpace(args[0]))
			y, err := strconv.Atoi(args[1])
			if err != nil {
				return usageError{err: fmt.Errorf("year %q is not a number", args[1]), cmd: cmd}
			}
			o.Year = y
			if _, err := calendar.PublicHolidays(o.Country, o.Year); err != nil {
				return usageError{err: err, cmd: cmd}
			}
			if runF != nil {
				return runF(&o)
			}
			return runClosuresAddHolidays(cmd.Context(), o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the closures added as JSON")
	return cmd
}

func runClosuresAddHolidays(ctx context.Context, o closuresAddHolidaysOptions, out io.Writer) error {
	days, err := calendar.PublicHolidays(o.Country, o.Year)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, o.g.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	stored, err := st.Closures(ctx)
	if err != nil {
		return err
	}
	ds := &planner.Dataset{Closures: stored}
	var add []planner.Closure
	for _, h := range days {
		if _, closed := ds.ClosedOn(h.Date); !closed {
			add = append(add, planner.Closure{FirstDay: h.Date, LastDay: h.Date, Note: h.Name})
		}
	}
	added, err := st.AddClosures(ctx, add)
	if err != nil {
		return err
	}
	if o.JSON {
		if added == nil {
			added = []planner.Closure{}
		}
		return writeJSON(out, added)
	}
	fmt.Fprintf(out, "Added %d of the %d public holidays of %s in %d (%d already closed)\n", len(added), len(days), o.Country, o.Year, len(days)-len(added))
	if len(added) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, c := range added {
		fmt.Fprintf(tw, "  %s %s\t%s\n", c.FirstDay.Weekday().String()[:3], c.FirstDay, c.Note)
	}
	return tw.Flush()
}
