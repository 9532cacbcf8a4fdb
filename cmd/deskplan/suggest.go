package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagSuggestion adds to an unknown-flag error the nearest flags of c ("unknown flag: --sesion
// (did you mean --session?)"); other flag errors are returned as they are.
func flagSuggestion(c *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	if s := nearestFlags(c, name); len(s) > 0 {
		return fmt.Errorf("%w (did you mean %s?)", err, strings.Join(s, " or "))
	}
	return err
}

// nearestFlags returns the flags of c (its own and those it inherits) whose names are within
// two edits of typed, or start with it, nearest first, as "--name".
func nearestFlags(c *cobra.Command, typed string) []string {
	typed, _, _ = strings.Cut(typed, "=")
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	seen := map[string]bool{}
	visit := func(f *pflag.Flag) {
		if f.Hidden || seen[f.Name] {
			return
		}
		seen[f.Name] = true
		d := editDistance(strings.ToLower(typed), f.Name)
		if d <= 2 || (len(typed) >= 3 && strings.HasPrefix(f.Name, strings.ToLower(typed))) {
			cands = append(cands, cand{f.Name, d})
		}
	}
	c.Flags().VisitAll(visit)
	c.InheritedFlags().VisitAll(visit)
	slices.SortStableFunc(cands, func(a, b cand) int { return a.dist - b.dist })
	out := make([]string, 0, 2)
	for _, x := range cands {
		if len(out) < 2 {
			out = append(out, "--"+x.name)
		}
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
