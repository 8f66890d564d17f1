package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// TestReadOnlyHome puts GOV_HOME on a file system mounted read-only after
// an SDK was installed, as a read-only bind mount, a full-disk remount or
// a locked-down CI image does. As root, permission bits would not stop a
// write, so the test mounts a tmpfs (and skips where it cannot). Every
// command that must write fails with one line that names the read-only
// file system and what to do, and leaves the store as it was; commands
// that need no write (list, an install or import of what is installed,
// the shim) still work.
func TestReadOnlyHome(t *testing.T) {
	dir := mountTmpfs(t, "16m")
	bin := builtGov(t)
	gov := filepath.Join(bin, "gov")
	a := newFakeRelease("go1.22.3", 10, 1024, 4, nil)
	b := newFakeRelease("go1.21.10", 10, 1024, 5, nil)
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{a.release(), b.release()}, nil)
	home := filepath.Join(dir, "gov")
	env := govEnv(t, home, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)
	for _, args := range [][]string{{"install", "1.22.3"}, {"global", "1.22.3"}} {
		if r := runProc(t, env, gov, args...); r.code != 0 {
			t.Fatalf("gov %s: %v", strings.Join(args, " "), r)
		}
	}
	project := filepath.Join(dir, "project")
	if err := os.Mkdir(project, 0o755); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, home)
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount %s read-only: %v: %s", dir, err, out)
	}
	t.Cleanup(func() { exec.Command("mount", "-o", "remount,rw", dir).Run() })

	fails := regexp.MustCompile(`^gov: [^\n]*read-only file system; GOV_HOME \(` + regexp.QuoteMeta(home) + `\) is on a read-only file system: remount it read-write, or set GOV_HOME to a writable directory\n$`)
	for _, args := range [][]string{
		{"install", "1.21.10"},
		{"install", "--force", "1.22.3"},
		{"uninstall", "1.22.3"},
		{"global", "1.22.3"},
		{"global", "1.21.10"},
		{"import", "--force", filepath.Join(home, "sdk", a.SDKName())},
	} {
		r := runProc(t, env, gov, args...)
		if r.code != 1 || !fails.MatchString(r.stderr) {
			t.Errorf("gov %s on a read-only GOV_HOME: %v; want exit 1 and one line matching %s", strings.Join(args, " "), r, fails)
		}
	}
	// A project on a read-only file system: the message names its
	// directory, not GOV_HOME.
	cmd, stdout, stderr := command(env, gov, "use", "1.22.3")
	cmd.Dir = project
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := finish(t, cmd, stdout, stderr)
	want := regexp.MustCompile(`^gov: write ` + regexp.QuoteMeta(project) + `/\.go-version: .*read-only file system; ` + regexp.QuoteMeta(project) + ` is on a read-only file system: remount it read-write, then retry\n$`)
	if r.code != 1 || !want.MatchString(r.stderr) {
		t.Errorf("gov use 1.22.3 in a read-only project: %v; want exit 1 and one line matching %s", r, want)
	}

	works := []struct {
		args   []string
		stdout string
	}{
		{[]string{"list"}, "*> 1.22.3"},
		{[]string{"install", "1.22.3"}, ""},
		{[]string{"import", filepath.Join(home, "sdk", a.SDKName())}, ""}, // installed already
		{[]string{"current"}, "1.22.3"},
	}
	for _, w := range works {
		r := runProc(t, env, gov, w.args...)
		if r.code != 0 || !strings.Contains(r.stdout, w.stdout) || strings.Contains(r.stderr, "gov:") {
			t.Errorf("gov %s on a read-only GOV_HOME: %v; want it to work", strings.Join(w.args, " "), r)
		}
	}
	if r := runProc(t, env, filepath.Join(home, "shims", "go"), "version"); r.code != 0 || r.stdout != "go version go1.22.3 linux/amd64\n" {
		t.Errorf("the shim on a read-only GOV_HOME: %v; want go1.22.3 to run", r)
	}
	if gone, added := diffLines(before, snapshot(t, home)); len(gone)+len(added) > 0 {
		t.Errorf("the read-only store changed:\ngone:  %q\nadded: %q", gone, added)
	}
}

// diffLines returns the lines only in a, and those only in b.
func diffLines(a, b []string) (onlyA, onlyB []string) {
	for _, l := range a {
		if !slices.Contains(b, l) {
			onlyA = append(onlyA, l)
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			onlyB = append(onlyB, l)
		}
	}
	return onlyA, onlyB
}

// snapshot lists every file under root with its mode, size, time and
// contents' hash, and every directory and link with its mode, to tell
// whether anything changed. (A directory's time changes when a command
// stages work in it and cleans up.)
func snapshot(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		line := fmt.Sprintf("%s %v", rel, info.Mode())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			line += fmt.Sprintf(" %d %v %x", info.Size(), info.ModTime().UnixNano(), sha256.Sum256(data))
		}
		out = append(out, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
