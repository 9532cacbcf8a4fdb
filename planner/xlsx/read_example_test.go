package xlsx_test

import (
	"fmt"

	"github.com/deskplan/deskplan/planner/xlsx"
)

// A Week cell as a person may type it: one shift per line of text, the break on the next line.
func ExampleParseShiftCell() {
	shifts, err := xlsx.ParseShiftCell(" 7:30 - 15:30 LLN+MONS\n(break 11:30-12:00)")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range shifts {
		fmt.Println(s.Start, s.End, s.Lines, s.BreakStart, s.BreakEnd)
	}
	_, err = xlsx.ParseShiftCell("7h30 to noon")
	fmt.Println(err)
	// Output:
	// 07:30 15:30 [LLN MONS] 11:30 12:00
	// shift "7h30 to noon" is not of the form HH:MM-HH:MM LINE (e.g. 07:30-13:30 LLN)
}
