package atomicfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// TestWrite checks that Write replaces a file whole and leaves no
// private file behind.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "version")
	for _, content := range []string{"1.22.3\n", "1.21.10\n"} {
		if err := Write(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(name); string(got) != content {
			t.Errorf("after Write(%q) the file holds %q", content, got)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("Write left %d files in its directory, want only the file", len(entries))
	}
	if err := Write(filepath.Join(dir, "missing", "x"), nil, 0o644); err == nil {
		t.Errorf("Write into a missing directory succeeded")
	}
}

// TestLeftover tells the private files of a process that is gone from
// those of one that runs, and from other names.
func TestLeftover(t *testing.T) {
	gone := exec.Command(os.Args[0], "-test.run=^$")
	gone.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead, live := strconv.Itoa(gone.Process.Pid), strconv.Itoa(os.Getppid())
	self := filepath.Base(TempName(t.TempDir(), "x"))
	tests := []struct {
		name string
		want bool
	}{
		{Prefix + dead + ".1.gov-shim", runtime.GOOS != "windows"},
		{Prefix + live + ".3.gov-shim", false},
		{self, false},
		{Prefix + "x.1.gov-shim", false},
		{"go1.22.3", false},
	}
	for _, tt := range tests {
		if got := Leftover(tt.name); got != tt.want {
			t.Errorf("Leftover(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
