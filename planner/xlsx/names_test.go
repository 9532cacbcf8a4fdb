package xlsx

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func TestSheetNames(t *testing.T) {
	n := newSheetNames(SheetSummary, SheetWeek)
	for _, tc := range []struct{ in, want string }{
		{"Ana Martins", "Ana Martins"},
		{"ana martins", "ana martins (2)"},
		{"Summary", "Summary (2)"},
		{"history", "history (2)"},
		{"Léa [Team]: *A/B?*", "Léa _Team__ _A_B__"},
		{`back\slash`, "back_slash"},
		{"'quoted'", "quoted"},
		{"山田 太郎", "山田 太郎"},
		{"Jean-Baptiste de la Tour d'Auvergne-Lauraguais", "Jean-Baptiste de la Tour d'Auve"},
		{"Jean-Baptiste de la Tour d'Auvergne-Lauraguais", "Jean-Baptiste de la Tour d (2)"},
		{"", "Sheet"},
		{"tab\there", "tab_here"},
		{strings.Repeat("😀", 20), strings.Repeat("😀", 15)}, // 2 UTF-16 units each
	} {
		if got := n.name(tc.in); got != tc.want {
			t.Errorf("name(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzSheetName checks that any person's name gives a sheet name excelize accepts, within 31
// UTF-16 units, unique among the names handed out.
func FuzzSheetName(f *testing.F) {
	for _, s := range []string{"Ana", "Léa [Team]: *A/B?*", "'", "history", "山田 太郎", strings.Repeat("x", 40)} {
		f.Add(s, s+"'")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip()
		}
		n := newSheetNames(SheetSummary)
		file := excelize.NewFile()
		defer file.Close()
		seen := map[string]bool{"summary": true}
		for _, s := range []string{a, b, a, b} {
			name := n.name(s)
			if u := len(utf16.Encode([]rune(name))); u > maxSheetName || u == 0 {
				t.Fatalf("name(%q) = %q: %d UTF-16 units", s, name, u)
			}
			if seen[strings.ToLower(name)] {
				t.Fatalf("name(%q) = %q twice", s, name)
			}
			seen[strings.ToLower(name)] = true
			if _, err := file.NewSheet(name); err != nil {
				t.Fatalf("name(%q) = %q: excelize refuses it: %v", s, name, err)
			}
		}
	})
}
