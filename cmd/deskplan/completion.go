package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner"
	"github.com/deskplan/deskplan/planner/scenario"
	"github.com/deskplan/deskplan/planner/store"
)

// Shell completion (deskplan completion bash|zsh|fish|powershell) offers what the store holds:
// session ids, roster versions, scenario names and staff ids, each with a word of description.
// The candidates come from cobra's hidden __complete command, which every shell's script calls,
// so they are the same in every shell.

// Which flags complete what, by flag name. "version" completes roster versions except on
// forecast show, where it is a forecast version.
var (
	sessionFlags  = []string{"session"}
	versionFlags  = []string{"version", "keep", "since"}
	scenarioFlags = []string{"scenario"}
	staffFlags    = []string{"staff"}
)

// Positional arguments that complete, by command path.
var (
	versionArgs = map[string]int{ // how many roster versions the command takes
		"deskplan roster show": 1, "deskplan roster publish": 1, "deskplan roster simulate": 1,
		"deskplan roster swap": 1, "deskplan roster diff": 2,
	}
	scenarioArgs = map[string]int{ // how many scenarios the command takes (-1: any)
		"deskplan compare": -1, "deskplan scenario show": 1, "deskplan scenario delete": 1,
	}
	// staff flags that go by another name
	staffFlagsOf = map[string][]string{"deskplan roster swap": {"from", "to"}}
)

// registerCompletions walks the commands under root (a fresh tree, see newRootCmd) and
// registers the completion of each flag and argument that names something in the store of
// g.DB.
func registerCompletions(root *cobra.Command, g *globalOptions) {
	completeSessions := completeSessions(g)
	completeStaff := completeStaff(g)
	completeForecastVersions := completeForecastVersions(g)
	completeVersions := func(n int) cobra.CompletionFunc { return completeVersions(g, n) }
	completeScenarios := func(n int) cobra.CompletionFunc { return completeScenarios(g, n) }
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := c.CommandPath()
		reg := func(names []string, fn cobra.CompletionFunc) {
			for _, n := range names {
				if c.LocalFlags().Lookup(n) != nil {
					// cannot fail: the flag exists and nothing registered it before
					_ = c.RegisterFlagCompletionFunc(n, fn)
				}
			}
		}
		reg(sessionFlags, completeSessions)
		reg(scenarioFlags, completeScenarios(0))
		reg(staffFlags, completeStaff)
		reg(staffFlagsOf[path], completeStaff)
		if path == "deskplan forecast show" {
			reg([]string{"version"}, completeForecastVersions)
			reg(versionFlags[1:], completeVersions(0))
		} else {
			reg(versionFlags, completeVersions(0))
		}
		if n, ok := versionArgs[path]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = completeVersions(n)
		}
		if n, ok := scenarioArgs[path]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = completeScenarios(n)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completionStore opens the store named by --db (parsed by the time completion runs); nil
// when there is none.
func completionStore(cmd *cobra.Command, g *globalOptions) *store.Store {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	st, err := store.Open(ctx, g.DB)
	if err != nil {
		return nil
	}
	return st
}

// candidates returns the items that start with what was typed.
func candidates(items []string, typed string) []cobra.Completion {
	var out []cobra.Completion
	for _, it := range items {
		if strings.HasPrefix(it, typed) {
			out = append(out, it)
		}
	}
	return out
}

// completeFromDataset completes the items that items finds in the store's data.
func completeFromDataset(g *globalOptions, items func(ds *planner.Dataset) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		st := completionStore(cmd, g)
		if st == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer st.Close()
		ds, err := st.Dataset(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return candidates(items(ds), typed), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSessions completes session ids.
func completeSessions(g *globalOptions) cobra.CompletionFunc {
	return completeFromDataset(g, func(ds *planner.Dataset) []string {
		var items []string
		for _, s := range ds.Sessions {
			items = append(items, cobra.CompletionWithDesc(s.ID, fmt.Sprintf("%s, %s to %s", s.Name, s.FirstDay, s.LastDay)))
		}
		return items
	})
}

// completeStaff completes staff ids.
func completeStaff(g *globalOptions) cobra.CompletionFunc {
	return completeFromDataset(g, func(ds *planner.Dataset) []string {
		var items []string
		for _, s := range ds.Staff {
			items = append(items, cobra.CompletionWithDesc(s.ID, fmt.Sprintf("%s, %s", s.Name, s.Status)))
		}
		return items
	})
}

// completeVersions completes roster versions, newest first; n > 0 is how many positional
// arguments the command takes (0: a flag).
func completeVersions(g *globalOptions, n int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if n > 0 && len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st := completionStore(cmd, g)
		if st == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer st.Close()
		rs, err := st.Rosters(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var items []string
		for _, r := range rs {
			v := strconv.Itoa(r.Version)
			if slices.Contains(args, v) {
				continue
			}
			desc := fmt.Sprintf("%s, %s %s to %s", r.Status, r.SessionID, r.From, r.To)
			if r.Scenario != "" && r.Scenario != scenario.Base {
				desc += ", scenario " + r.Scenario
			}
			items = append(items, cobra.CompletionWithDesc(v, desc))
		}
		return candidates(items, typed), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}

// completeForecastVersions completes the forecast versions of the --session given.
func completeForecastVersions(g *globalOptions) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		f := cmd.Flags().Lookup("session")
		if f == nil || f.Value.String() == "" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st := completionStore(cmd, g)
		if st == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer st.Close()
		vs, err := st.ForecastVersions(cmd.Context(), f.Value.String())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var items []string
		for _, v := range vs {
			desc := v.Note
			if v.Current {
				desc = "current: " + desc
			}
			items = append(items, cobra.CompletionWithDesc(strconv.Itoa(v.Version), strings.TrimSuffix(desc, ": ")))
		}
		return candidates(items, typed), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}

// completeScenarios completes scenario names, base first; n > 0 is how many positional
// arguments the command takes, -1 any number (compare), 0 a flag. A name given already is not
// offered again.
func completeScenarios(g *globalOptions, n int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if n > 0 && len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st := completionStore(cmd, g)
		if st == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer st.Close()
		scs, err := st.Scenarios(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var items []string
		if n <= 0 && !slices.Contains(args, scenario.Base) {
			items = append(items, cobra.CompletionWithDesc(scenario.Base, "the data as it is"))
		}
		for _, sc := range scs {
			if slices.Contains(args, sc.Name) {
				continue
			}
			desc := sc.Note
			if desc == "" {
				desc = fmt.Sprintf("%d change(s) to %s", len(sc.Changes), cmp.Or(sc.From, scenario.Base))
			}
			items = append(items, cobra.CompletionWithDesc(sc.Name, desc))
		}
		return candidates(items, typed), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}
