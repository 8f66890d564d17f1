package layout

import (
	"path/filepath"
	"testing"
)

func TestSDKOfBin(t *testing.T) {
	home := filepath.Join("/h", ".gov")
	for dir, want := range map[string]string{
		"/h/.gov/sdk/go1.22.3.linux-amd64/bin":   "go1.22.3.linux-amd64",
		"/h/.gov/sdk/go1.22.3.linux-amd64/bin/":  "go1.22.3.linux-amd64",
		"/h/.gov/sdk/go1.23rc1.darwin-arm64/bin": "go1.23rc1.darwin-arm64",
		"/h/.gov/sdk/go1.22.3.linux-amd64":       "",
		"/h/.gov/sdk/go1.22.3.linux-amd64/pkg":   "",
		"/h/.gov/sdk/junk/bin":                   "",
		"/h/.gov/shims":                          "",
		"/other/sdk/go1.22.3.linux-amd64/bin":    "",
		"/h/.gov/sdk/x/go1.22.3.linux-amd64/bin": "",
		"":                                       "",
	} {
		name, ok := SDKOfBin(home, dir)
		if ok != (want != "") || ok && name != want {
			t.Errorf("SDKOfBin(%q) = %q, %v; want %q", dir, name, ok, want)
		}
	}
}
