package layout

import (
	"path/filepath"
	"testing"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/platform"
)

func TestSDKName(t *testing.T) {
	tests := []struct {
		version, platform, want string
	}{
		{"1.22.3", "linux-amd64", "go1.22.3.linux-amd64"},
		{"1.23rc1", "darwin-arm64", "go1.23rc1.darwin-arm64"},
		{"1.20", "linux-armv6l", "go1.20.linux-arm"},
		{"1.9.2rc2", "windows-386", "go1.9.2rc2.windows-386"},
	}
	for _, tt := range tests {
		p, _ := platform.Parse(tt.platform)
		v := gover.MustParse(tt.version)
		if got := SDKName(v, p); got != tt.want {
			t.Errorf("SDKName(%s, %s) = %q, want %q", tt.version, tt.platform, got, tt.want)
		}
		gv, gp, ok := ParseSDKName(tt.want)
		if !ok || gv != v || gp != p {
			t.Errorf("ParseSDKName(%q) = %v, %v, %v, want %v, %v", tt.want, gv, gp, ok, v, p)
		}
	}
}

func TestParseSDKNameRejects(t *testing.T) {
	for _, name := range []string{
		"", "go1.22.3", "1.22.3.linux-amd64", "go1.22.03.linux-amd64", "go1.22.3.linux-armv6l",
		"go1.20.0.linux-amd64", "go1.22.3.linux", "go1.22.3.Linux-amd64", "README", ".go1.22.3.linux-amd64",
	} {
		if v, p, ok := ParseSDKName(name); ok {
			t.Errorf("ParseSDKName(%q) = %v, %v, true, want false", name, v, p)
		}
	}
}

func TestHome(t *testing.T) {
	t.Setenv("GOV_HOME", "rel/gov")
	got, err := Home()
	if want, _ := filepath.Abs("rel/gov"); err != nil || got != want {
		t.Errorf("Home(GOV_HOME=rel/gov) = %q, %v, want %q", got, err, want)
	}
	t.Setenv("GOV_HOME", "")
	t.Setenv("HOME", "/home/gopher")
	if got, err := Home(); err != nil || got != "/home/gopher/.gov" {
		t.Errorf("Home(HOME=/home/gopher) = %q, %v, want /home/gopher/.gov", got, err)
	}
}
