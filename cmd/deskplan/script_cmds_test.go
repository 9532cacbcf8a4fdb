package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdZipEdit is the script command "zipedit [-cut|-re] SRC DST PART TEXT [NEW]": it copies the
// workbook SRC to DST with its zip entry PART edited: the first TEXT replaced by NEW, or with
// -re the first match of the regular expression TEXT, or with -cut the entry cut short just
// before TEXT (a sheet whose XML ends mid-way, as a damaged file does).
func cmdZipEdit(ts *testscript.TestScript, neg bool, args []string) {
	mode := ""
	if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		mode, args = args[0], args[1:]
	}
	if neg || len(args) < 4 || mode != "-cut" && len(args) != 5 || mode == "-cut" && len(args) != 4 {
		ts.Fatalf("usage: zipedit [-cut|-re] SRC DST PART TEXT [NEW]")
	}
	src, dst, part, text := ts.MkAbs(args[0]), ts.MkAbs(args[1]), args[2], args[3]
	data, err := os.ReadFile(src)
	ts.Check(err)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	ts.Check(err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		ts.Check(err)
		body, err := io.ReadAll(rc)
		ts.Check(err)
		rc.Close()
		if f.Name == part {
			s := string(body)
			switch mode {
			case "-cut":
				i := strings.Index(s, text)
				if i < 0 {
					ts.Fatalf("zipedit: no %q in %s", text, part)
				}
				s = s[:i]
			case "-re":
				re := regexp.MustCompile(text)
				loc := re.FindStringIndex(s)
				if loc == nil {
					ts.Fatalf("zipedit: no match of %q in %s", text, part)
				}
				s = s[:loc[0]] + re.ReplaceAllString(s[loc[0]:loc[1]], args[4]) + s[loc[1]:]
			default:
				if !strings.Contains(s, text) {
					ts.Fatalf("zipedit: no %q in %s", text, part)
				}
				s = strings.Replace(s, text, args[4], 1)
			}
			body, found = []byte(s), true
		}
		w, err := zw.Create(f.Name)
		ts.Check(err)
		_, err = w.Write(body)
		ts.Check(err)
	}
	ts.Check(zw.Close())
	if !found {
		ts.Fatalf("zipedit: no part %s in %s", part, args[0])
	}
	ts.Check(os.WriteFile(dst, buf.Bytes(), 0o644))
}

// cmdUnescape is the script command "unescape FILE...": it replaces, in place, the Go escapes
// of each file's text (\r, \x07, \u001b...) by the characters they stand for, so that a script
// can hold files with control characters in plain text. The file's final newline is kept.
func cmdUnescape(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: unescape FILE...")
	}
	for _, name := range args {
		path := ts.MkAbs(name)
		data, err := os.ReadFile(path)
		ts.Check(err)
		text := strings.TrimSuffix(string(data), "\n")
		s, err := strconv.Unquote(`"` + strings.ReplaceAll(text, `"`, `\"`) + `"`)
		if err != nil {
			ts.Fatalf("unescape %s: %v", name, err)
		}
		ts.Check(os.WriteFile(path, []byte(s), 0o644))
	}
}
