package safefile_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/deskplan/deskplan/planner/safefile"
)

// A per-staff export writes each person's file with Write: the old file stays whole until
// the new one is complete on disk.
func ExampleWrite() {
	dir, err := os.MkdirTemp("", "staff")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "p01.ics")
	err = safefile.Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
		return err
	})
	fmt.Println(err)
	b, _ := os.ReadFile(path)
	fmt.Printf("%q\n", b)
	// Output:
	// <nil>
	// "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
}
