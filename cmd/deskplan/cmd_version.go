package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/deskplan/deskplan/planner/store"
)

type versionOptions struct {
	g    *globalOptions
	io   *IOStreams
	JSON bool
}

// newVersionCmd makes "deskplan version" with options of its
// own; runF, when set, gets the options instead of the run function (tests).
func newVersionCmd(g *globalOptions, ios *IOStreams, runF func(*versionOptions) error) *cobra.Command {
	o := &versionOptions{g: g, io: ios}
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the version of deskplan",
		Example: "  deskplan version\n  deskplan version --json | jq -r .version",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return runVersion(*o, ios.Out)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

// versionOutput is what version --json prints.
type versionOutput struct {
	Version string `json:"version"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	// Schema is the newest store migration this build applies, e.g. "0012_forecast_model.sql".
	Schema string `json:"store_schema"`
}

func runVersion(o versionOptions, out io.Writer) error {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok && v == "dev" {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v = "dev-" + s.Value[:12]
			}
		}
	}
	vo := versionOutput{Version: v, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if m := store.Migrations(); len(m) > 0 {
		vo.Schema = m[len(m)-1]
	}
	if o.JSON {
		return writeJSON(out, vo)
	}
	fmt.Fprintf(out, "deskplan %s (%s %s/%s)\n", vo.Version, vo.Go, vo.OS, vo.Arch)
	return nil
}
