package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// TestCommitIsDurable traces gov install with strace: the staged SDK is
// flushed to disk (one syncfs of the store's file system) before the
// rename that commits it, and sdk/ is flushed after it, so that a power
// cut leaves no committed SDK whose files never reached the disk.
func TestCommitIsDurable(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace is not installed (.ci/run installs it): cannot trace the commit")
	}
	bin := builtGov(t)
	rel := newFakeRelease("go1.22.3", 10, 1024, 7, nil)
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{rel.release()}, nil)
	home := filepath.Join(t.TempDir(), "gov")
	env := govEnv(t, home, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)
	trace := filepath.Join(t.TempDir(), "trace")
	r := runProc(t, env, strace, "-f", "-y", "-qq", "-o", trace,
		"-e", "trace=syncfs,fsync,fdatasync,sync,rename,renameat,renameat2",
		filepath.Join(bin, "gov"), "install", "1.22.3")
	if r.code != 0 {
		if strings.Contains(r.stderr, "PTRACE") || strings.Contains(r.stderr, "Operation not permitted") {
			t.Skipf("strace cannot trace here: %s", r.stderr)
		}
		t.Fatalf("strace gov install: %v", r)
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	sdk := filepath.Join(home, "sdk")
	commit := regexp.MustCompile(`rename(at2?)?\(.*"` + regexp.QuoteMeta(filepath.Join(home, "tmp")) + `/go1\.22\.3\.linux-amd64~stage~[^"]*", .*"` + regexp.QuoteMeta(filepath.Join(sdk, "go1.22.3.linux-amd64")) + `".*= 0`)
	at := -1
	for i, l := range lines {
		if commit.MatchString(l) {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("no rename of the staged SDK into sdk/ in the trace:\n%s", data)
	}
	synced := false
	for _, l := range lines[:at] {
		if strings.Contains(l, "syncfs(") && strings.Contains(l, "~stage~") && strings.HasSuffix(strings.TrimSpace(l), "= 0") {
			synced = true
		}
	}
	if !synced {
		t.Errorf("no syncfs of the staged SDK before the commit rename:\n%s", strings.Join(lines[:at+1], "\n"))
	}
	flushed := false
	for _, l := range lines[at+1:] {
		if strings.Contains(l, "fsync(") && strings.Contains(l, "<"+sdk+">") {
			flushed = true
		}
	}
	if !flushed {
		t.Errorf("no fsync of sdk/ after the commit rename:\n%s", strings.Join(lines[at:], "\n"))
	}
}
