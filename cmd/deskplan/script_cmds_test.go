package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	ical "github.com/arran4/golang-ical"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
)

// cmdSheetSet is the script command "sheetset FILE SHEET CELL TEXT": it types TEXT into a
// cell of a workbook ("" empties it), as a person editing the file would.
func cmdSheetSet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: sheetset FILE SHEET CELL TEXT")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	ts.Check(f.SetCellStr(args[1], args[2], args[3]))
	ts.Check(f.Save())
}

// cmdSheetAppend is the script command "sheetappend FILE SHEET TEXT...": it types a new row
// below the last row of a sheet, one TEXT per column from A ("" leaves a cell empty).
func cmdSheetAppend(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: sheetappend FILE SHEET TEXT...")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	rows, err := f.GetRows(args[1])
	ts.Check(err)
	for i, v := range args[2:] {
		if v == "" {
			continue
		}
		ref, err := excelize.CoordinatesToCellName(i+1, len(rows)+1)
		ts.Check(err)
		ts.Check(f.SetCellStr(args[1], ref, v))
	}
	ts.Check(f.Save())
}

// cmdSheetCell is the script command "[!] sheetcell FILE SHEET CELL REGEXP": it fails unless
// the cell's text matches REGEXP (with !, unless it does not).
func cmdSheetCell(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 4 {
		ts.Fatalf("usage: sheetcell FILE SHEET CELL REGEXP")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	v, err := f.GetCellValue(args[1], args[2])
	ts.Check(err)
	if regexp.MustCompile(args[3]).MatchString(v) == neg {
		ts.Fatalf("%s %s!%s = %q; match %q: %v", args[0], args[1], args[2], v, args[3], !neg)
	}
}

// cmdICSCancels is the script command "icscancels OLD.ics NEW.ics": read with an iCalendar
// parser, every event of OLD must be in NEW with the same UID and start, STATUS:CANCELLED and
// a higher SEQUENCE, and NEW must hold no other event (the calendar of a person who lost
// every shift of OLD).
func cmdICSCancels(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: icscancels OLD.ics NEW.ics")
	}
	read := func(path string) map[string]*ical.VEvent {
		fh, err := os.Open(ts.MkAbs(path))
		ts.Check(err)
		defer fh.Close()
		cal, err := ical.ParseCalendar(fh)
		ts.Check(err)
		out := map[string]*ical.VEvent{}
		for _, ev := range cal.Events() {
			out[ev.Id()] = ev
		}
		return out
	}
	prop := func(ev *ical.VEvent, p ical.ComponentProperty) string {
		if v := ev.GetProperty(p); v != nil {
			return v.Value
		}
		return ""
	}
	seq := func(ev *ical.VEvent) int {
		n, err := strconv.Atoi(prop(ev, ical.ComponentPropertySequence))
		ts.Check(err)
		return n
	}
	old, nw := read(args[0]), read(args[1])
	if len(old) == 0 {
		ts.Fatalf("%s has no event", args[0])
	}
	for uid, ev := range old {
		c, ok := nw[uid]
		switch {
		case !ok:
			ts.Fatalf("%s: event %s (%s) is not in %s", args[0], uid, prop(ev, ical.ComponentPropertyDtStart), args[1])
		case prop(c, ical.ComponentPropertyStatus) != string(ical.ObjectStatusCancelled):
			ts.Fatalf("%s: event %s is %s, not CANCELLED", args[1], uid, prop(c, ical.ComponentPropertyStatus))
		case prop(c, ical.ComponentPropertyDtStart) != prop(ev, ical.ComponentPropertyDtStart):
			ts.Fatalf("%s: event %s starts %s, was %s", args[1], uid, prop(c, ical.ComponentPropertyDtStart), prop(ev, ical.ComponentPropertyDtStart))
		case seq(c) <= seq(ev):
			ts.Fatalf("%s: event %s has SEQUENCE %d, not above %d", args[1], uid, seq(c), seq(ev))
		}
	}
	if len(nw) != len(old) {
		ts.Fatalf("%s holds %d events, %s %d: want only the cancellations", args[1], len(nw), args[0], len(old))
	}
	ts.Logf("icscancels: %d events of %s cancelled in %s", len(old), args[0], args[1])
}

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
