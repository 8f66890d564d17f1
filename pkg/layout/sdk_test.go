package layout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/platform"
)

var (
	linuxAMD64  = platform.Platform{OS: "linux", Arch: "amd64"}
	darwinARM64 = platform.Platform{OS: "darwin", Arch: "arm64"}
)

// sdkDir makes home's directory for name and, unless receipt is nil, its
// receipt with that content.
func sdkDir(t *testing.T, home, name string, receipt []byte) string {
	t.Helper()
	dir := filepath.Join(home, SDKDir, name)
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if receipt != nil {
		if err := os.WriteFile(filepath.Join(dir, ReceiptFile), receipt, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestInstalled is the one rule: a directory with a receipt that is a
// file with something in it. What the receipt says is not read.
func TestInstalled(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name  string
		setup func() string
		want  bool
	}{
		{"receipt", func() string { return sdkDir(t, home, "a", []byte(`{"version":"go1.22.3"}`)) }, true},
		{"damaged receipt", func() string { return sdkDir(t, home, "b", []byte("{")) }, true},
		{"no receipt", func() string { return sdkDir(t, home, "c", nil) }, false},
		{"empty receipt (a power cut before the data reached the disk)", func() string { return sdkDir(t, home, "d", []byte{}) }, false},
		{"receipt is a directory", func() string {
			dir := sdkDir(t, home, "e", nil)
			os.Mkdir(filepath.Join(dir, ReceiptFile), 0o755)
			return dir
		}, false},
		{"no directory", func() string { return filepath.Join(home, SDKDir, "none") }, false},
		{"a file, not a directory", func() string {
			name := filepath.Join(home, SDKDir, "file")
			os.WriteFile(name, []byte("x"), 0o644)
			return name
		}, false},
		{"a link to an SDK", func() string {
			link := filepath.Join(home, SDKDir, "link")
			if err := os.Symlink(sdkDir(t, home, "f", []byte("{}")), link); err != nil {
				t.Skip("no symbolic links:", err)
			}
			return link
		}, true},
	}
	for _, tt := range tests {
		if got := Installed(tt.setup()); got != tt.want {
			t.Errorf("Installed(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	home := t.TempDir()
	if sdks, err := List(home, platform.Platform{}); err != nil || len(sdks) != 0 {
		t.Errorf("List(no sdk/) = %v, %v, want nothing", sdks, err)
	}
	for _, name := range []string{"go1.21.10.linux-amd64", "go1.23rc1.linux-amd64", "go1.22.3.darwin-arm64", "go1.22.3.linux-amd64", "go1.20.linux-amd64", "go1.22.10.linux-amd64"} {
		sdkDir(t, home, name, []byte("{}"))
	}
	// Not SDKs: a file, strange names, a directory without a receipt, an
	// empty receipt.
	os.WriteFile(filepath.Join(home, SDKDir, "README"), []byte("x"), 0o644)
	sdkDir(t, home, "go1.99.0.linux-amd64", nil)
	sdkDir(t, home, "go1.98.0.linux-amd64", []byte{})
	sdkDir(t, home, "go1.22.3", []byte("{}"))
	sdkDir(t, home, "go1.22.03.linux-amd64", []byte("{}"))
	tests := []struct {
		p    platform.Platform
		want string
	}{
		{platform.Platform{}, "go1.23rc1.linux-amd64 go1.22.10.linux-amd64 go1.22.3.darwin-arm64 go1.22.3.linux-amd64 go1.21.10.linux-amd64 go1.20.linux-amd64"},
		{linuxAMD64, "go1.23rc1.linux-amd64 go1.22.10.linux-amd64 go1.22.3.linux-amd64 go1.21.10.linux-amd64 go1.20.linux-amd64"},
		{darwinARM64, "go1.22.3.darwin-arm64"},
		{platform.Platform{OS: "linux", Arch: "arm"}, ""},
	}
	for _, tt := range tests {
		sdks, err := List(home, tt.p)
		var names []string
		for _, sdk := range sdks {
			names = append(names, sdk.Name())
			if sdk.Dir != filepath.Join(home, SDKDir, sdk.Name()) {
				t.Errorf("List(%v): %s is in %s", tt.p, sdk.Name(), sdk.Dir)
			}
		}
		if got := strings.Join(names, " "); err != nil || got != tt.want {
			t.Errorf("List(%v) = %q, %v, want %q", tt.p, got, err, tt.want)
		}
	}
}

func TestNewest(t *testing.T) {
	home := t.TempDir()
	for _, name := range []string{"go1.22.3.linux-amd64", "go1.22.10.linux-amd64", "go1.22.12.darwin-arm64", "go1.23rc1.linux-amd64"} {
		sdkDir(t, home, name, []byte("{}"))
	}
	sdkDir(t, home, "go1.22.11.linux-amd64", []byte{}) // not installed
	tests := []struct {
		spec gover.Spec
		p    platform.Platform
		want string // "" for none
	}{
		{gover.Exact{V: gover.MustParse("1.22.3")}, linuxAMD64, "go1.22.3.linux-amd64"},
		{gover.Exact{V: gover.MustParse("1.22.3")}, darwinARM64, ""},
		{gover.Exact{V: gover.MustParse("1.22.11")}, linuxAMD64, ""},
		{gover.Line{Major: "1", Minor: "22"}, linuxAMD64, "go1.22.10.linux-amd64"},
		{gover.Line{Major: "1", Minor: "22"}, darwinARM64, "go1.22.12.darwin-arm64"},
		{gover.Latest{}, linuxAMD64, "go1.22.10.linux-amd64"},
		{gover.Line{Major: "1", Minor: "23"}, linuxAMD64, "go1.23rc1.linux-amd64"},
		{gover.Line{Major: "1", Minor: "21"}, linuxAMD64, ""},
	}
	for _, tt := range tests {
		sdk, ok := Newest(home, tt.spec, tt.p)
		got := ""
		if ok {
			got = sdk.Name()
			if sdk.Dir != filepath.Join(home, SDKDir, got) || sdk.Platform != tt.p {
				t.Errorf("Newest(%v, %v) = %+v: wrong directory or platform", tt.spec, tt.p, sdk)
			}
		}
		if got != tt.want {
			t.Errorf("Newest(%v, %v) = %q, want %q", tt.spec, tt.p, got, tt.want)
		}
	}
}
