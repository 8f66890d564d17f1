package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/layout"
)

// TestShimsStayCurrent runs the real binaries: the shims that gov-core
// keeps (gov install) are current for the front door (gov env, in every
// new shell) and for gov doctor, and the other way round. Both record the
// path of gov itself, so neither rewrites what the other wrote.
func TestShimsStayCurrent(t *testing.T) {
	bin := builtGov(t)
	gov := filepath.Join(bin, "gov")
	rel := newFakeRelease("go1.22.3", 10, 1024, 7, nil)
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{rel.release()}, nil)
	home := filepath.Join(t.TempDir(), "gov")
	env := govEnv(t, home, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)
	shims := filepath.Join(home, layout.ShimsDir)
	stamp := func() (string, os.FileInfo) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(shims, ".stamp"))
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(filepath.Join(shims, "go"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data), fi
	}

	if r := runProc(t, env, gov, "install", "-q", "1.22.3"); r.code != 0 {
		t.Fatalf("gov install: %v", r)
	}
	before, goBefore := stamp()
	if r := runProc(t, env, gov, "env", "bash"); r.code != 0 {
		t.Fatalf("gov env bash: %v", r)
	}
	after, goAfter := stamp()
	if after != before || !os.SameFile(goBefore, goAfter) {
		t.Errorf("gov env rewrote the shims gov install kept:\nstamp before %q\nstamp after  %q", before, after)
	}
	if data, _ := os.ReadFile(filepath.Join(shims, ".gov-path")); string(data) != gov+"\n" {
		t.Errorf(".gov-path = %q, want %q", data, gov+"\n")
	}

	r := runProc(t, env, gov, "doctor", "--offline", "--json")
	var results []struct{ ID, Status, Summary string }
	if err := json.Unmarshal([]byte(r.stdout), &results); err != nil {
		t.Fatalf("gov doctor --json: %v\n%s", err, r.stdout)
	}
	for _, res := range results {
		if res.ID == "store.shims" && res.Status != "ok" {
			t.Errorf("gov doctor after gov env: store.shims is %s: %s", res.Status, res.Summary)
		}
	}
}

// TestNoShimBinaryNoteOnce runs gov without the gov-shim beside it (a
// copy of gov and gov-core alone): every change still works, and the
// note that the shims cannot be kept current is said once per command,
// however many changes the command makes (gov global installs and sets
// the default; gov install A B installs twice).
func TestNoShimBinaryNoteOnce(t *testing.T) {
	bin := t.TempDir()
	for _, name := range []string{"gov", "gov-core"} {
		data, err := os.ReadFile(filepath.Join(builtGov(t), name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bin, name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	gov := filepath.Join(bin, "gov")
	a := newFakeRelease("go1.22.3", 10, 1024, 7, nil)
	b := newFakeRelease("go1.21.10", 10, 1024, 8, nil)
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{a.release(), b.release()}, nil)
	env := govEnv(t, filepath.Join(t.TempDir(), "gov"), "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)
	for _, args := range [][]string{{"install", "1.22.3", "1.21.10"}, {"global", "1.22.3"}, {"uninstall", "1.21.10"}} {
		r := runProc(t, env, gov, args...)
		if n := strings.Count(r.stderr, "note: cannot find the shim binary"); r.code != 0 || n != 1 {
			t.Errorf("gov %s without gov-shim: %v; want success and the note once, not %d times", strings.Join(args, " "), r, n)
		}
	}
}
