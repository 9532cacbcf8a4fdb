package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

var cmdVersion = &cobra.Command{
	Use:   "version",
	Short: "Print the version of deskplan",
	Args:  noArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		v := version
		if info, ok := debug.ReadBuildInfo(); ok && v == "dev" {
			for _, s := range info.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v = "dev-" + s.Value[:12]
				}
			}
		}
		fmt.Fprintf(cmd.OutOrStdout(), "deskplan %s (%s %s/%s)\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	},
}

func init() { cmdRoot.AddCommand(cmdVersion) }
