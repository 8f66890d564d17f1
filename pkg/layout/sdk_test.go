package layout

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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

// TestInstalled is the one rule: a directory with a receipt gov can read
// that is a whole JSON object. What the receipt says is not parsed.
func TestInstalled(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name  string
		setup func() string
		want  error
	}{
		{"receipt", func() string { return sdkDir(t, home, "a", []byte(`{"version":"go1.22.3"}`)) }, nil},
		{"receipt with white space around it", func() string { return sdkDir(t, home, "a2", []byte(" \n{\n  \"version\": \"go1.22.3\"\n}\n\n")) }, nil},
		{"a long receipt", func() string {
			return sdkDir(t, home, "a3", []byte(`{"url":"`+strings.Repeat("x", 1000)+`"}`+"\n"))
		}, nil},
		{"a whole object that does not parse is installed, and reported by its readers", func() string { return sdkDir(t, home, "a4", []byte("{not json}")) }, nil},
		{"truncated receipt", func() string { return sdkDir(t, home, "b", []byte(`{"version": "go1.22.3",`+"\n")) }, ErrIncompleteReceipt},
		{"a receipt that is only {", func() string { return sdkDir(t, home, "b2", []byte("{")) }, ErrIncompleteReceipt},
		{"a long truncated receipt", func() string {
			return sdkDir(t, home, "b3", []byte(`{"url":"`+strings.Repeat("x", 1000)))
		}, ErrIncompleteReceipt},
		{"white space only", func() string { return sdkDir(t, home, "b4", []byte(strings.Repeat(" ", 200))) }, ErrIncompleteReceipt},
		{"zeros (a power cut on some file systems)", func() string { return sdkDir(t, home, "b5", make([]byte, 300)) }, ErrIncompleteReceipt},
		{"not JSON at all", func() string { return sdkDir(t, home, "b6", []byte("installed\n")) }, ErrIncompleteReceipt},
		{"no receipt", func() string { return sdkDir(t, home, "c", nil) }, ErrNoReceipt},
		{"empty receipt (a power cut before the data reached the disk)", func() string { return sdkDir(t, home, "d", []byte{}) }, ErrNoReceipt},
		{"receipt is a directory", func() string {
			dir := sdkDir(t, home, "e", nil)
			os.Mkdir(filepath.Join(dir, ReceiptFile), 0o755)
			return dir
		}, ErrNoReceipt},
		{"no directory", func() string { return filepath.Join(home, SDKDir, "none") }, ErrNoReceipt},
		{"a file, not a directory", func() string {
			name := filepath.Join(home, SDKDir, "file")
			os.WriteFile(name, []byte("x"), 0o644)
			return name
		}, ErrNoReceipt},
		{"a link to an SDK", func() string {
			link := filepath.Join(home, SDKDir, "link")
			if err := os.Symlink(sdkDir(t, home, "f", []byte("{}")), link); err != nil {
				t.Skip("no symbolic links:", err)
			}
			return link
		}, nil},
	}
	for _, tt := range tests {
		dir := tt.setup()
		if got := CheckReceipt(dir); got != tt.want {
			t.Errorf("CheckReceipt(%s) = %v, want %v", tt.name, got, tt.want)
		}
		if got := Installed(dir); got != (tt.want == nil) {
			t.Errorf("Installed(%s) = %v, want %v", tt.name, got, tt.want == nil)
		}
	}
}

// A receipt gov may not read is no receipt: neither the shim nor gov list
// can tell what it vouches for.
func TestInstalledUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" || os.Getuid() == 0 {
		t.Skip("needs file modes that deny a read (not Windows, not root)")
	}
	dir := sdkDir(t, t.TempDir(), "go1.22.3.linux-amd64", []byte("{}"))
	name := filepath.Join(dir, ReceiptFile)
	if err := os.Chmod(name, 0); err != nil {
		t.Fatal(err)
	}
	if err := CheckReceipt(dir); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("CheckReceipt(a receipt with mode 000) = %v, want a permission error", err)
	}
	if Installed(dir) {
		t.Errorf("Installed(a receipt with mode 000) = true, want false")
	}
}

// A fifo named like a receipt is no receipt, and does not block the shim.
func TestInstalledFifo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no fifos")
	}
	dir := sdkDir(t, t.TempDir(), "go1.22.3.linux-amd64", nil)
	if err := exec.Command("mkfifo", filepath.Join(dir, ReceiptFile)).Run(); err != nil {
		t.Skip("mkfifo:", err)
	}
	if err := CheckReceipt(dir); err != ErrNoReceipt {
		t.Errorf("CheckReceipt(a fifo) = %v, want %v", err, ErrNoReceipt)
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
