package input

import (
	"fmt"
	"strings"
)

// ColumnsMarkdown documents every column of every table as markdown, one table per sheet:
// the input tables of docs/inputs.md.
func ColumnsMarkdown() string {
	var b strings.Builder
	b.WriteString("# Input tables\n\n")
	b.WriteString("A team workbook has one sheet per table; a folder of CSV files has one file per table, named\n")
	b.WriteString("after it in lower case (`staff.csv`, `shifttemplates.csv`). A file may hold only some tables:\n")
	b.WriteString("an import changes only those. `deskplan template FILE.xlsx` writes a blank workbook.\n\n")
	b.WriteString("- Row 1 is the header. Names match in any case; spaces and hyphens count as underscores; the\n")
	b.WriteString("  order is free. An unknown column is an error; a missing optional column takes its default.\n")
	b.WriteString("- A row whose first cell starts with `#` is a comment; empty rows are skipped. In the\n")
	b.WriteString("  template the instruction line (row 2) and the example rows (grey italics; on the Settings\n")
	b.WriteString("  sheet, every key with its default) are comments: delete the `#` to make one data.\n")
	b.WriteString("- CSV files are UTF-8 (a byte order mark is fine), separated by commas or semicolons (detected\n")
	b.WriteString("  from the header line); a decimal comma (`0,5`) is accepted in number columns.\n")
	b.WriteString("- In a workbook, dates and times may be real date and time cells, in any display format.\n")
	b.WriteString("- References (a staff id in Availability, a line in Staff or Forecast, a session in Forecast)\n")
	b.WriteString("  must exist in the same file or in the store. Times must be on the slot grid\n")
	b.WriteString("  (`slot_minutes`); forecast slots must lie within opening hours, on open days.\n")
	b.WriteString("- Text is kept as typed: a name such as `=HYPERLINK(...)` stays text and is never written as a\n")
	b.WriteString("  formula.\n")
	b.WriteString("- Every problem is reported with its place, e.g.\n")
	b.WriteString("  `team.xlsx: Staff!E7 (status): status \"traine\" is not one of new, trainee, qualified, mentor`.\n")
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	code := func(s string) string {
		if s == "" {
			return ""
		}
		return "`" + s + "`"
	}
	for _, t := range tables {
		fmt.Fprintf(&b, "\n## %s (`%s`)\n\n%s.\n\n", t.Name, t.CSVName(), upperFirst(t.Help))
		b.WriteString("| column | type | unit | required / default | example | meaning |\n")
		b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
		for _, c := range t.Columns {
			def := esc(c.Default)
			if c.Required {
				def = "required"
			} else if def == "" {
				def = "empty"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", c.Name, esc(c.Type), c.Unit, def, esc(code(c.Example)), esc(c.Help))
		}
		if t == tblSettings {
			b.WriteString("\nSettings keys (a key not given keeps its stored value, or the default):\n\n")
			b.WriteString("| key | meaning | example |\n| --- | --- | --- |\n")
			for _, k := range settingKeysDoc() {
				fmt.Fprintf(&b, "| `%s` | %s | `%s` |\n", k[0], esc(k[1]), k[2])
			}
		}
	}
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
