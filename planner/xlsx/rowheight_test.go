package xlsx

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWrappedRowHeight(t *testing.T) {
	for _, tc := range []struct {
		lines        int
		perLine, pad float64
		want         float64
	}{
		{1, 13, 2, 15},
		{2, 13.5, 2, 29},
		{3, 12, 3, 39},
		// a mentor of forty trainees on one day: the row stops at the tallest allowed
		{40, 13.5, 2, excelize.MaxRowHeight},
	} {
		if got := wrappedRowHeight(tc.lines, tc.perLine, tc.pad); got != tc.want {
			t.Errorf("wrappedRowHeight(%d, %v, %v) = %v, want %v", tc.lines, tc.perLine, tc.pad, got, tc.want)
		}
	}
}
