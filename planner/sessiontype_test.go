package planner_test

import (
	"strings"
	"testing"

	"github.com/deskplan/deskplan/planner"
)

func TestParseSessionType(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"january", "january", ""},
		{" June ", "june", ""},
		{"August-September", "august-september", ""},
		{"resit_2", "resit_2", ""},
		{"", "", ""},
		{"résit", "résit", ""},
		{"resit session", "", "only letters, digits, - and _"},
		{"a/b", "", "only letters, digits, - and _"},
		{strings.Repeat("x", 41), "", "longer than 40 characters"},
	} {
		got, err := planner.ParseSessionType(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseSessionType(%q) = %q, %v, want an error with %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSessionType(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}
