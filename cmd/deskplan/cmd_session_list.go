package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
)

// newSessionCmd makes "deskplan session", which groups the commands under it.
func newSessionCmd(g *globalOptions, ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "session",
		Short: "Show the exam sessions in the store",
	}
	cmd.AddCommand(newSessionListCmd(g, ios, nil))
	return cmd
}

type sessionListOptions struct {
	g    *globalOptions
	io   *IOStreams
	JSON bool
}

// newSessionListCmd makes "deskplan session list" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newSessionListCmd(g *globalOptions, ios *IOStreams, runF func(*sessionListOptions) error) *cobra.Command {
	o := &sessionListOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List exam sessions with their days and forecast calls",
		Example: `  deskplan session list --json`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runSessionList(cmd.Context(), *o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

// sessionSummary is a session with the size of its forecast.
type sessionSummary struct {
	planner.Session
	ForecastRows  int     `json:"forecast_rows"`
	ForecastCalls float64 `json:"forecast_calls"`
}

func runSessionList(ctx context.Context, opts sessionListOptions, out io.Writer) error {
	ds, err := opts.g.loadDataset(ctx)
	if err != nil {
		return err
	}
	list := make([]sessionSummary, len(ds.Sessions))
	for i, s := range ds.Sessions {
		list[i].Session = s
		for _, f := range ds.Forecast {
			if f.SessionID == s.ID {
				list[i].ForecastRows++
				list[i].ForecastCalls += f.Calls
			}
		}
	}
	if opts.JSON {
		return writeJSON(out, list)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tTYPE\tFIRST DAY\tLAST DAY\tDAYS\tSITTINGS\tFORECAST CALLS")
	for _, s := range list {
		typ := s.Type
		if typ == "" {
			typ = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%.0f\n", s.ID, s.Name, typ, s.FirstDay, s.LastDay, s.Days(), s.Sittings, s.ForecastCalls)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d sessions\n", len(list))
	return nil
}
