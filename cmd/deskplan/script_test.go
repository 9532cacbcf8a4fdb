package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run this test binary as the deskplan command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"deskplan": func() { os.Exit(runMain()) },
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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":    cmdExitCode,
			"weekset":     cmdWeekSet, // edit a roster workbook's Week sheet by hand
			"sheetset":    cmdSheetSet,
			"sheetappend": cmdSheetAppend,
			"sheetcell":   cmdSheetCell,
			"icscancels":  cmdICSCancels,
			"zipedit":     cmdZipEdit,  // damage a workbook's XML
			"unescape":    cmdUnescape, // files with control characters
		},
	})
}

// cmdExitCode is the script command "exitcode N prog args...": it runs prog like exec and
// fails unless prog exits with code N (0 ok, 1 failure, 2 bad input, 3 infeasible). Its
// stdout and stderr are checked with stdout and stderr as after exec.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N prog [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with code %d, want %d", args[1], got, want)
	}
}
