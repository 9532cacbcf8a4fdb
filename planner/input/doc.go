// Package input reads and writes deskplan's input tables: the team workbook (one sheet per
// table) and its CSV twin (a folder with one file per table), and writes the blank template.
//
// The tables are Settings, Lines, Staff, Availability, Sessions, Forecast, ShiftTemplates and
// Closures; docs/inputs.md in the repository documents every column (ColumnsMarkdown writes
// it). Read, ReadWorkbook and ReadDir turn a file into a *planner.Dataset holding only the
// tables the file has, after checking every cell and every reference; everything wrong is
// reported at once in one *planner.InputError whose problems name the file, sheet, row and
// column.
//
// Layout rules shared by workbooks and CSV files:
//   - row 1 is the header; names match case-insensitively, spaces and hyphens count as
//     underscores, the order is free; an unknown column is an error, a missing optional
//     column takes its default;
//   - a row whose first cell starts with '#' is a comment (the template's second row, the
//     instruction line, is one) and empty rows are skipped;
//   - text is kept verbatim: "=HYPERLINK(...)" in a name stays text, and WriteWorkbook writes
//     it back as a string cell, never as a formula;
//   - text may not hold control characters (ESC, BEL, NUL...; tabs and line breaks are fine):
//     printed in a terminal they could clear it or retitle its window;
//   - values right of the header's last column are not read.
//
// In a workbook, dates and times stored as numbers (real Excel dates and times) are converted
// from their serial value whatever their display format, numbers are read at full precision,
// and a number in a text column reads as displayed, in a form that does not depend on the
// locale (see workbook.Book.Display). TRUE, FALSE and error values (#N/A) are text: in a
// number column they are reported, never read as 1 or 0.
//
// A damaged workbook (its XML cut short or edited by hand, a zip entry that fails its
// checksum, fewer rows than it declares) is refused whole, naming the sheet; so is one beyond
// Limits (its size, unpacked size, rows). Reading honours the context of ReadContext.
package input
