package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

var update = flag.Bool("update", false, "rewrite docs/commands.md from the command tree")

// commandsDocPath is the command reference, beside the other docs of the repository.
var commandsDocPath = filepath.Join("..", "..", "docs", "commands.md")

// TestCommandsDoc keeps docs/commands.md, the command reference, in step with the command
// tree: every command's usage, help, examples, flags and subcommands. With -update it
// rewrites the file; without, it fails when the file is stale.
func TestCommandsDoc(t *testing.T) {
	var b strings.Builder
	// --db defaults to $DESKPLAN_DB when it is set: the reference gives the default of a
	// plain environment.
	writeCommandsDoc(&b, docRoot(), map[string]string{"db": "deskplan.db"})
	got := b.String()
	if *update {
		if err := os.WriteFile(commandsDocPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(commandsDocPath)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/deskplan -run CommandsDoc -update writes it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s is stale (go test ./cmd/deskplan -run CommandsDoc -update) (-file +code):\n%s", commandsDocPath, diff)
	}
}

// TestCommandsDocCoversEveryCommand checks the reference's walk: every command a user can
// run has its section, with each of its flags, and no hidden command has one.
func TestCommandsDocCoversEveryCommand(t *testing.T) {
	var b strings.Builder
	root := docRoot()
	writeCommandsDoc(&b, root, nil)
	doc := b.String()
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		heading := "\n## " + c.CommandPath() + "\n"
		if !documented(c) {
			if strings.Contains(doc, heading) {
				t.Errorf("hidden command %q is documented", c.CommandPath())
			}
			return
		}
		n++
		i := strings.Index(doc, heading)
		if i < 0 {
			t.Errorf("no section for %q", c.CommandPath())
			return
		}
		section := doc[i+len(heading):]
		if j := strings.Index(section, "\n## "); j >= 0 {
			section = section[:j]
		}
		c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden && f.Name != "help" && !strings.Contains(section, "`--"+f.Name+"`") {
				t.Errorf("%s: flag --%s is not in its section", c.CommandPath(), f.Name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, path := range []string{"deskplan plan", "deskplan roster simulate", "deskplan completion"} {
		if !strings.Contains(doc, "\n## "+path+"\n") {
			t.Errorf("no section for %q", path)
		}
	}
	if n < 40 {
		t.Errorf("%d commands documented, expected at least 40", n)
	}
}

// docRoot returns the root of the command tree as deskplan runs it, with what cobra adds when
// it executes a command: the completion command and each command's help flag.
func docRoot() *cobra.Command {
	root := newRootCmd(writerIO(io.Discard, io.Discard))
	root.InitDefaultCompletionCmd()
	var help func(c *cobra.Command)
	help = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		for _, sub := range c.Commands() {
			help(sub)
		}
	}
	help(root)
	return root
}

// documented says whether c gets a section: the commands a user can run or that group others,
// not the hidden ones nor cobra's help command.
func documented(c *cobra.Command) bool {
	return !c.Hidden && c.Deprecated == "" && c.Name() != "help"
}

// writeCommandsDoc writes the markdown reference of the command tree under root: a contents
// list, then a section per command in the tree's order. defaults replaces the shown default
// of the flags named (those whose default depends on the environment).
func writeCommandsDoc(b *strings.Builder, root *cobra.Command, defaults map[string]string) {
	b.WriteString("# Command reference\n\n")
	fmt.Fprintf(b, "Generated from the command tree by `go test ./cmd/deskplan -run CommandsDoc -update`: do not edit.\n\n")
	b.WriteString("Every command takes `-h`, `--help` for this help in the terminal, and the global flag `--db`\n")
	b.WriteString("(the store: `deskplan.db`, or `$DESKPLAN_DB` when set). Exit codes are in\n")
	b.WriteString("[exit-codes.md](exit-codes.md); the command line's manners (suggestions, completion) in\n")
	b.WriteString("[command-line.md](command-line.md).\n\n")
	b.WriteString("## Contents\n\n")
	var toc func(c *cobra.Command, depth int)
	toc = func(c *cobra.Command, depth int) {
		fmt.Fprintf(b, "%s- [%s](#%s): %s\n", strings.Repeat("  ", depth), c.CommandPath(), anchor(c), c.Short)
		for _, sub := range c.Commands() {
			if documented(sub) {
				toc(sub, depth+1)
			}
		}
	}
	toc(root, 0)
	var section func(c *cobra.Command)
	section = func(c *cobra.Command) {
		writeCommandSection(b, c, defaults)
		for _, sub := range c.Commands() {
			if documented(sub) {
				section(sub)
			}
		}
	}
	section(root)
}

// writeCommandSection writes one command: its short help, usage line, long help, examples,
// flags, the flags it inherits and its subcommands.
func writeCommandSection(b *strings.Builder, c *cobra.Command, defaults map[string]string) {
	fmt.Fprintf(b, "\n## %s\n\n", c.CommandPath())
	if c.Short != "" {
		fmt.Fprintf(b, "%s.\n\n", strings.TrimSuffix(c.Short, "."))
	}
	b.WriteString("```\n")
	if !isGroup(c) {
		b.WriteString(c.UseLine() + "\n")
	}
	if c.HasAvailableSubCommands() {
		b.WriteString(c.CommandPath() + " [command]\n")
	}
	b.WriteString("```\n")
	if len(c.Aliases) > 0 {
		fmt.Fprintf(b, "\nAliases: %s.\n", codeList(c.Aliases))
	}
	if long := strings.TrimSpace(c.Long); long != "" && long != strings.TrimSpace(c.Short) {
		fmt.Fprintf(b, "\n%s\n", markdownText(long))
	}
	if ex := strings.TrimRight(c.Example, " \n"); ex != "" {
		fmt.Fprintf(b, "\nExamples:\n\n```sh\n%s\n```\n", dedent(ex))
	}
	// the flags of the command, and those its parents (but the root) pass down to it
	flags := visibleFlags(c.LocalFlags())
	var global []*pflag.Flag
	for _, f := range visibleFlags(c.InheritedFlags()) {
		if c.Root().PersistentFlags().Lookup(f.Name) == f {
			global = append(global, f)
		} else {
			flags = append(flags, f)
		}
	}
	slices.SortFunc(flags, func(a, b *pflag.Flag) int { return strings.Compare(a.Name, b.Name) })
	if len(flags) > 0 {
		b.WriteString("\n| flag | type | default | meaning |\n| --- | --- | --- | --- |\n")
		for _, f := range flags {
			name := "`--" + f.Name + "`"
			if f.Shorthand != "" {
				name = "`-" + f.Shorthand + "`, " + name
			}
			typ, usage := pflag.UnquoteUsage(f)
			if typ == "" {
				typ = f.Value.Type()
			}
			def, ok := defaults[f.Name]
			if !ok {
				def = f.DefValue
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", name, cell(typ), defaultCell(typ, def), cell(usage))
		}
	}
	if len(global) > 0 {
		names := make([]string, len(global))
		for i, f := range global {
			names[i] = "--" + f.Name
		}
		fmt.Fprintf(b, "\nGlobal flags: %s (see [%s](#%s)).\n", codeList(names), c.Root().CommandPath(), anchor(c.Root()))
	}
	var subs []*cobra.Command
	for _, sub := range c.Commands() {
		if documented(sub) {
			subs = append(subs, sub)
		}
	}
	if len(subs) > 0 {
		b.WriteString("\nCommands:\n\n")
		for _, sub := range subs {
			fmt.Fprintf(b, "- [%s](#%s): %s\n", sub.CommandPath(), anchor(sub), sub.Short)
		}
	}
}

// isGroup says whether c only groups other commands: called alone it prints its help (see
// refuseUnknownCommands), so its usage is that of its subcommands.
func isGroup(c *cobra.Command) bool {
	return c.HasAvailableSubCommands() && !c.LocalNonPersistentFlags().HasAvailableFlags()
}

// visibleFlags lists the flags of fs a user sees in --help, in their sorted order, without the
// help flag (every command has it).
func visibleFlags(fs *pflag.FlagSet) []*pflag.Flag {
	var out []*pflag.Flag
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden && f.Name != "help" {
			out = append(out, f)
		}
	})
	return out
}

// anchor is the fragment a markdown renderer (GitHub's) gives the heading of c.
func anchor(c *cobra.Command) string {
	return strings.ReplaceAll(strings.ToLower(c.CommandPath()), " ", "-")
}

// defaultCell shows a flag's default: nothing for an empty string, a false switch or an empty
// list, the value in code otherwise.
func defaultCell(typ, def string) string {
	switch {
	case def == "", def == "[]", typ == "bool" && def == "false":
		return ""
	default:
		return "`" + strings.ReplaceAll(def, "|", `\|`) + "`"
	}
}

// cell makes text safe in a markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

// codeList writes names as code, comma separated.
func codeList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "`" + n + "`"
	}
	return strings.Join(out, ", ")
}

// markdownText turns a command's long help, written for a terminal, into markdown that reads
// the same: paragraphs stay paragraphs, and lines indented like a listing or a table (two
// spaces or more) become a code block.
func markdownText(s string) string {
	var out []string
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); {
		if indented(lines[i]) {
			j := i
			for j < len(lines) && (indented(lines[j]) || strings.TrimSpace(lines[j]) == "" && j+1 < len(lines) && indented(lines[j+1])) {
				j++
			}
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			out = append(out, "```")
			out = append(out, strings.Split(dedent(strings.Join(lines[i:j], "\n")), "\n")...)
			out = append(out, "```")
			if j < len(lines) && strings.TrimSpace(lines[j]) != "" {
				out = append(out, "")
			}
			i = j
			continue
		}
		out = append(out, escapeMarkdown(lines[i]))
		i++
	}
	return strings.Join(out, "\n")
}

// indented says whether a line of help text is indented like a listing: by two spaces or a
// tab.
func indented(line string) bool {
	return strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "\t")
}

// escapeMarkdown keeps a line of plain text from being read as markdown: emphasis marks, HTML,
// and a line that would start a list, a heading or a quote.
func escapeMarkdown(line string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "<", `\<`, "`", "\\`")
	line = r.Replace(line)
	t := strings.TrimLeft(line, " ")
	if strings.HasPrefix(t, "#") || strings.HasPrefix(t, ">") || strings.HasPrefix(t, "+ ") || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "= ") {
		line = `\` + t
	}
	if k := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }); k > 0 && strings.HasPrefix(t[k:], ". ") {
		line = t[:k] + `\` + t[k:]
	}
	return line
}

// dedent removes the indentation common to the non-blank lines of s.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, "\t")
		lines[i] = strings.Repeat("    ", len(l)-len(t)) + t
	}
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if common < 0 || n < common {
			common = n
		}
	}
	for i, l := range lines {
		if len(l) >= common && common > 0 {
			lines[i] = l[common:]
		} else {
			lines[i] = strings.TrimLeft(l, " ")
		}
	}
	return strings.Join(lines, "\n")
}
