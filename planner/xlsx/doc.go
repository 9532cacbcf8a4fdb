// Package xlsx writes deskplan's workbooks and reads back an edited roster.
//
// The workbooks are the manager's roster workbook (WriteRoster: Summary, Week, Coverage,
// Timeline, Staff and one sheet per person), one small workbook per staff member
// (WriteStaffFiles), the side-by-side comparison of scenarios (WriteComparison), a session's
// call forecast (WriteForecast) and the sizing of the team (WriteSize). OpenRoster and
// ReadRoster read a roster workbook back, with the shifts a person may have edited in its
// Week sheet (ParseShiftCell reads one cell).
//
// Every text a person typed (names, e-mails, session names, notes) is written as a string
// cell, never as a formula, so a name such as =HYPERLINK("http://x") is shown, not run. Big
// sheets (Week, Coverage, Timeline, Staff) are written with excelize's StreamWriter; their
// styles, charts, panes, filters and print settings are set up before streaming.
package xlsx
