//go:build unix

package shim

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gov-dev/gov/pkg/hint"
)

// TestReadFileBounded checks that what the shim reads is bounded and never
// waits: a version file that is a fifo, a link to /dev/zero, or simply
// huge costs at most 4 MiB of reading and fails (or reads empty) at once.
func TestReadFileBounded(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge")
	if err := os.WriteFile(huge, make([]byte, maxFile+1), 0o644); err != nil {
		t.Fatal(err)
	}
	just := filepath.Join(dir, "just")
	if err := os.WriteFile(just, []byte(strings.Repeat(" ", maxFile-8)+"1.22.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		n       int
		tooLong bool
	}{
		{fifo, 0, false}, // no writer: end of file at once
		{zero, 0, true},
		{huge, 0, true},
		{just, maxFile - 1, false},
	}
	for _, tt := range tests {
		data, err := readFile(tt.name)
		if tt.tooLong {
			if !errors.Is(err, errTooLarge) {
				t.Errorf("readFile(%s) = %d bytes, %v, want errTooLarge", tt.name, len(data), err)
			}
			continue
		}
		if err != nil || len(data) != tt.n {
			t.Errorf("readFile(%s) = %d bytes, %v, want %d bytes", tt.name, len(data), err, tt.n)
		}
	}
	// Through the resolver: one line that says what is wrong.
	for _, tt := range []struct{ target, want string }{
		{"fifo", ".go-version has no Go version in it; write one such as 1.22.3, or remove the file"},
		{"zero", ".go-version is 4 MiB or more, too large for a version or module file; fix or remove it"},
		{"huge", ".go-version is 4 MiB or more, too large for a version or module file; fix or remove it"},
	} {
		proj := filepath.Join(dir, "proj-"+tt.target)
		os.Mkdir(proj, 0o755)
		if err := os.Symlink(filepath.Join(dir, tt.target), filepath.Join(proj, ".go-version")); err != nil {
			t.Fatal(err)
		}
		_, err := new(Resolver).readVersionFiles(proj)
		if err == nil || !strings.HasSuffix(hint.Message(err), tt.want) {
			t.Errorf("readVersionFiles(.go-version -> %s) = %v, want an error ending %q", tt.target, err, tt.want)
		}
	}
	// A GOWORK that names a fifo does not hang the shim either.
	if m, err := ReadModFile(fifo, FromGoWork); err != nil || m.Go != "" || m.Toolchain != "" {
		t.Errorf("ReadModFile(fifo) = %+v, %v, want no requirement", m, err)
	}
}

// TestHostileVersionLines checks that whatever a version file holds, the
// error quotes at most 40 bytes of it, escaped, on one line.
func TestHostileVersionLines(t *testing.T) {
	for _, data := range []string{
		strings.Repeat("9", 1<<20),
		strings.Repeat("$(touch pwned)", 1<<16),
		"`touch pwned`",
		"1.22.3; touch pwned",
		"\x1b]0;pwned\x07\x1b[2J",
		"\x00\x01\x02\xff",
		"1.22.3\n" + strings.Repeat("x", 1<<20),
	} {
		_, err1 := ParseGoVersion("/p/.go-version", []byte(data))
		_, err2 := ParseToolVersions("/p/.tool-versions", []byte("golang "+data))
		if err1 == nil {
			t.Fatalf("ParseGoVersion(%.40q) = nil error", data)
		}
		for _, err := range []error{err1, err2} {
			if err == nil {
				continue // a .tool-versions may have a golang line and then anything
			}
			if msg := err.Error(); len(msg) > 150 || strings.ContainsFunc(msg, func(r rune) bool { return r < ' ' || r == 0x7f }) {
				t.Errorf("parsing %.40q = %q, want one short line of plain text", data, msg)
			}
		}
	}
}
