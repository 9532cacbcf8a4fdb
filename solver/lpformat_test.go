package solver_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/deskplan/deskplan/solver"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestWriteLPGolden compares WriteLP's output for every hand-made model with its golden file
// under testdata/lp (rewritten with -update): the LP file is an interface to other solvers, so
// any change to it must be deliberate. TestCBC checks that the files mean what they should.
func TestWriteLPGolden(t *testing.T) {
	type named struct {
		name  string
		model func() *solver.Model
	}
	var all []named
	for _, c := range ruleCases() {
		all = append(all, named{c.name, c.model})
	}
	for _, c := range softCases() {
		if c.name == "fairness-squares" {
			continue // not linear: WriteLP refuses it
		}
		all = append(all, named{c.name, c.model})
	}
	for _, c := range all {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := solver.WriteLP(&buf, c.model()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "lp", c.name+".lp")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := writeFile(path, buf.Bytes()); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("WriteLP(%s) differs from %s:\ngot:\n%s", c.name, path, buf.String())
			}
		})
	}
}
