package self

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSibling(t *testing.T) {
	exe, err := Exe()
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(exe); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("Exe() = %s, which is not the running program (%v)", exe, err)
	}
	got, err := Sibling(Shim)
	if want := filepath.Join(filepath.Dir(exe), Shim); err != nil || got != want {
		t.Errorf("Sibling(%s) = %s, %v, want %s", Shim, got, err, want)
	}
}
