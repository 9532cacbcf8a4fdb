package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run this test binary as the deskplan command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"deskplan": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the end-to-end scripts of testdata/script through the real CLI: each
// .txtar file is a shell-like session (init, import, plan, export...) with its expected output
// and exit codes. $TESTDATA is the repository's testdata folder.
func TestScript(t *testing.T) {
	repoTestdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("TESTDATA", repoTestdata)
			env.Setenv("DESKPLAN_DB", filepath.Join(env.WorkDir, "deskplan.db"))
			return nil
		},
	})
}
