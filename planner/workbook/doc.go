// Package workbook reads the cells of an Excel workbook (.xlsx) as a stream, strictly and within
// bounds, for the readers of deskplan's workbooks (the team workbook of planner/input, the
// roster workbook that check reads in planner/xlsx).
//
// Strictly: a workbook whose XML is cut short, has a stray or mismatched tag, rows or cells
// out of order, a cell that is not what its type says, a shared string that does not exist,
// a damaged zip entry (its checksum), or fewer rows than its dimension declares, gives an
// *Error; it is never read as a shorter table.
//
// Within bounds: the file size, the bytes unpacked from it, the rows a sheet may fill and the
// characters of a cell are capped (Limits), rows are never padded (a cell at column XFD costs
// one cell, not 16,384), cells right of Limits.MaxCols are only noted, sheets that are not read
// cost nothing, and reading stops when its context is cancelled.
//
// Values are read as stored: a number cell gives its digits at full precision (Display shows
// it as a spreadsheet would), a boolean TRUE or FALSE, an error cell its code (#N/A). Empty
// cells, and formulas without a cached result, hold no value and are not reported.
package workbook
