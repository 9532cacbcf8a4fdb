package workbook_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/deskplan/deskplan/planner/workbook"
)

// Reading the rows of a sheet: each row holding a value, with its cells left to right.
func ExampleBook_Rows() {
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"id", "hours", "active"})
	_ = f.SetSheetRow("Sheet1", "A3", &[]any{"u1", 19.5, true})
	var buf bytes.Buffer
	_ = f.Write(&buf)
	f.Close()

	book, err := workbook.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()), workbook.DefaultLimits)
	if err != nil {
		panic(err)
	}
	err = book.Rows(context.Background(), "Sheet1", func(r workbook.Row) error {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, fmt.Sprintf("%s%d=%s", workbook.ColumnName(c.Col), r.Num, book.Display(c)))
		}
		fmt.Println(strings.Join(cells, " "))
		return nil
	})
	fmt.Println(err)
	// Output:
	// A1=id B1=hours C1=active
	// A3=u1 B3=19.5 C3=TRUE
	// <nil>
}
