package main

import (
	"strings"
	"testing"
)

// checkTag is release.ParseTag's rule, with the v written: what
// scripts/release.sh accepts, gov accepts from a release.
func TestCheckTag(t *testing.T) {
	for _, tt := range []struct{ tag, want string }{
		{"v0.2.0", "gov v0.2.0"},
		{"v1.2.3-rc.1", "gov v1.2.3-rc.1"},
		{"v01.2.3", ""},
		{"v1.02.3", ""},
		{"v1.2.3-rc.01", ""},
		{"v1.2.3+build", ""},
		{"v1.2", ""},
		{"1.2.3", ""},
		{"", ""},
	} {
		got, err := checkTag(tt.tag)
		if got != tt.want || (err == nil) != (tt.want != "") || (err != nil && strings.Contains(err.Error(), "\n")) {
			t.Errorf("checkTag(%q) = %q, %v, want %q", tt.tag, got, err, tt.want)
		}
	}
}
