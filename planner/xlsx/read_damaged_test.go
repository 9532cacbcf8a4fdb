package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
)

// sheetPart returns the zip entry of the named sheet of a workbook.
func sheetPart(t *testing.T, data []byte, sheet string) string {
	t.Helper()
	parts := unzip(t, data)
	m := regexp.MustCompile(`<sheet name="` + sheet + `" sheetId="\d+" r:id="(rId\d+)"`).FindStringSubmatch(parts["xl/workbook.xml"])
	if m == nil {
		t.Fatalf("no sheet %s", sheet)
	}
	rel := regexp.MustCompile(`Id="` + m[1] + `"[^>]*Target="([^"]+)"`).FindStringSubmatch(parts["xl/_rels/workbook.xml.rels"])
	if rel == nil {
		t.Fatalf("no relationship %s", m[1])
	}
	return "xl/" + strings.TrimPrefix(rel[1], "/xl/")
}

func unzip(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	return out
}

func rezipFile(t *testing.T, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	parts := unzip(t, data)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, body := range parts {
		if n == name {
			body = edit(body)
		}
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOpenRosterDamaged checks that check refuses a roster workbook whose Week sheet is
// damaged, naming the sheet, instead of reading the rows before the damage.
func TestOpenRosterDamaged(t *testing.T) {
	fx := demoFixture()
	var buf bytes.Buffer
	if err := WriteRoster(&buf, fx.workbook()); err != nil {
		t.Fatal(err)
	}
	week := sheetPart(t, buf.Bytes(), SheetWeek)
	for _, tc := range []struct {
		name string
		edit func(string) string
		want string
	}{
		{"cut mid-row", func(s string) string { return s[:strings.Index(s, `<row r="9"`)+40] }, "roster.xlsx: Week: the workbook is damaged"},
		{"stray closing tag", func(s string) string { return strings.Replace(s, `<row r="9"`, `</sheetData><row r="9"`, 1) },
			"roster.xlsx: Week: the workbook is damaged: a row lies outside the sheet's data"},
		{"value at XFD", func(s string) string {
			return strings.Replace(s, `</row><row r="9"`, `<c r="XFD8" t="inlineStr"><is><t>x</t></is></c></row><row r="9"`, 1)
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "roster.xlsx")
			if err := os.WriteFile(path, rezipFile(t, buf.Bytes(), week, tc.edit), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadRoster(path, fx.ds)
			if tc.want == "" {
				if err != nil {
					t.Errorf("ReadRoster = %v, want the roster (a value far right is not read)", err)
				}
				return
			}
			var ie *planner.InputError
			if !errors.As(err, &ie) || ie.Len() != 1 || !strings.Contains(ie.Problems[0].String(), tc.want) {
				t.Errorf("ReadRoster = %v, want one problem containing %q", err, tc.want)
			}
		})
	}
}

// TestOpenRosterCancelled checks that reading stops with the context's error.
func TestOpenRosterCancelled(t *testing.T) {
	path := writeFile(t, demoFixture().workbook())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := OpenRosterContext(ctx, path); !errors.Is(err, context.Canceled) {
		t.Errorf("OpenRosterContext(cancelled) = %v, want context.Canceled", err)
	}
}
