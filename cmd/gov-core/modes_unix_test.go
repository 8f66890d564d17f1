//go:build unix

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/killpoint"
	"github.com/gov-dev/gov/pkg/layout"
)

// hostileRelease is a release of version whose archive asks for modes no
// SDK should get: a world-writable bin/go and directories, world-writable
// and unreadable files, setuid and setgid executables.
func hostileRelease(version string) fetchtest.Release {
	entries := fetchtest.FakeSDK(version, "linux-amd64")
	for i, e := range entries {
		switch {
		case e.Mode.IsDir():
			entries[i].Mode = fs.ModeDir | 0o777
		case e.Name == "go/bin/go":
			entries[i].Mode = 0o777
		case e.Mode&0o111 != 0:
			entries[i].Mode = fs.ModeSetuid | fs.ModeSetgid | 0o6755
		default:
			entries[i].Mode = 0o666
		}
	}
	entries = append(entries, fetchtest.Entry{Name: "go/src/secret.go", Body: "package src\n", Mode: 0o000})
	var buf bytes.Buffer
	if err := fetchtest.WriteTarGz(&buf, entries, 1); err != nil {
		panic(err)
	}
	return fetchtest.Release{Version: version, Files: []fetchtest.File{{Filename: version + ".linux-amd64.tar.gz", Platform: "linux-amd64", Data: buf.Bytes()}}}
}

// checkReadOnly checks that the SDK directory dir is read-only throughout,
// with exactly the modes a committed SDK has.
func checkReadOnly(t *testing.T, dir string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if want := readOnlyMode(info.Mode()); info.Mode() != want {
			t.Errorf("%s has mode %v, want %v", p, info.Mode(), want)
		}
		n++
		return nil
	})
	if err != nil || n < 10 {
		t.Fatalf("walk %s: %d entries, %v", dir, n, err)
	}
}

// TestSDKModes installs archives with hostile modes under umask 000 and
// 022: the committed SDK is read-only with exactly 0555 and 0444, its
// root included, so that another user of the store can run it and
// nobody can change it.
func TestSDKModes(t *testing.T) {
	bin := builtGov(t)
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{hostileRelease("go1.22.3"), hostileRelease("go1.21.10")}, nil)
	for _, umask := range []string{"000", "022"} {
		t.Run("umask "+umask, func(t *testing.T) {
			home := filepath.Join(t.TempDir(), "gov")
			env := govEnv(t, home, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)
			for _, v := range []string{"1.22.3", "1.21.10"} {
				if r := runProc(t, env, "/bin/sh", "-c", "umask "+umask+" && exec \"$0\" install "+v, filepath.Join(bin, "gov")); r.code != 0 {
					t.Fatalf("gov install %s: %v", v, r)
				}
			}
			for _, name := range []string{"go1.22.3.linux-amd64", "go1.21.10.linux-amd64"} {
				checkReadOnly(t, filepath.Join(home, layout.SDKDir, name))
			}
			// What replaces an SDK, and what removes one, still can.
			for _, args := range [][]string{{"install", "--force", "1.22.3"}, {"uninstall", "1.21.10"}, {"global", "1.22.3"}} {
				if r := runProc(t, env, filepath.Join(bin, "gov"), args...); r.code != 0 {
					t.Fatalf("gov %s: %v", strings.Join(args, " "), r)
				}
			}
			checkReadOnly(t, filepath.Join(home, layout.SDKDir, "go1.22.3.linux-amd64"))
			entries, _ := os.ReadDir(filepath.Join(home, layout.SDKDir))
			if len(entries) != 1 {
				t.Errorf("sdk/ holds %d entries after the uninstall, want 1", len(entries))
			}
		})
	}
}

// TestSDKModesOtherUser runs gov as a user who is not root, so that
// permission bits count (root's own writes ignore them): that user's
// store holds read-only SDKs that the user cannot change, and that gov
// still replaces, uninstalls, prunes and cleans up after a crash; and a
// store built by root serves that user.
func TestSDKModesOtherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("running gov as another user needs root")
	}
	const uid, gid = 65534, 65534 // nobody
	// Everything the user reaches must be theirs or open to them: a
	// directory of the test's own, 0755 up from the user's files.
	top := t.TempDir()
	for d := top; d != filepath.Dir(os.TempDir()) && d != "/"; d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(top, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"gov", "gov-core", "gov-shim"} {
		data, err := os.ReadFile(filepath.Join(builtGov(t), name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bin, name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	user := filepath.Join(top, "user")
	if err := os.Mkdir(user, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(user, uid, gid); err != nil {
		t.Fatal(err)
	}
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{hostileRelease("go1.22.3"), hostileRelease("go1.22.1"), hostileRelease("go1.21.10")}, nil)
	home := filepath.Join(user, ".gov")
	env := []string{
		"PATH=" + filepath.Join(home, layout.ShimsDir) + ":/usr/bin:/bin",
		"HOME=" + user, "GOV_HOME=" + home, "GOV_PLATFORM=linux-amd64", "NO_COLOR=1",
		"TMPDIR=" + user, "GOPROXY=http://127.0.0.1:1",
		"GOV_DL_INDEX=" + indexURL, "GOV_DL_BASE=" + baseURL,
	}
	as := func(extra []string, name string, args ...string) result {
		t.Helper()
		cmd, stdout, stderr := command(append(env, extra...), name, args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: gid}}
		if err := cmd.Start(); err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		return finish(t, cmd, stdout, stderr)
	}
	gov := filepath.Join(bin, "gov")
	sdk := filepath.Join(home, layout.SDKDir, "go1.22.3.linux-amd64")
	for _, args := range [][]string{{"install", "1.22.3", "1.22.1", "1.21.10"}, {"global", "1.22.3"}} {
		if r := as(nil, "/bin/sh", append([]string{"-c", "umask 000 && exec \"$0\" \"$@\"", gov}, args...)...); r.code != 0 {
			t.Fatalf("gov %s: %v", strings.Join(args, " "), r)
		}
	}
	checkReadOnly(t, sdk)
	if r := as(nil, filepath.Join(home, layout.ShimsDir, "go"), "version"); r.code != 0 || !strings.Contains(r.stdout, "go1.22.3") {
		t.Fatalf("go version through the shim: %v", r)
	}

	// The owner cannot change an installed SDK by accident.
	for _, script := range []string{
		"echo x >> src/fmt/print.go",
		"echo x > src/fmt/new.go",
		"rm -rf pkg",
		"rm bin/go",
		"mv bin/go bin/go.old",
	} {
		if r := as(nil, "/bin/sh", "-c", "cd \"$0\" && "+script, sdk); r.code == 0 {
			t.Errorf("as the owner, %q in the SDK succeeded: %v", script, r)
		}
	}
	checkReadOnly(t, sdk)

	// An install killed after the SDK was made read-only and flushed,
	// before its commit: the next change removes what it left in tmp/.
	if r := as([]string{killpoint.Var + "=before-commit"}, gov, "install", "--force", "1.21.10"); r.code != -1 {
		t.Fatalf("gov install killed before its commit: %v", r)
	}
	left, _ := os.ReadDir(filepath.Join(home, layout.TmpDir))
	if len(left) == 0 {
		t.Fatal("the killed install left nothing in tmp/: the test kills too early")
	}
	// prune removes go1.22.1, older than go1.22.3 and selected by nothing.
	for _, args := range [][]string{{"install", "--force", "1.22.3"}, {"prune"}, {"uninstall", "1.22.3", "1.21.10"}} {
		if r := as(nil, gov, args...); r.code != 0 {
			t.Fatalf("gov %s: %v", strings.Join(args, " "), r)
		}
	}
	for _, dir := range []string{layout.SDKDir, layout.TmpDir} {
		if entries, _ := os.ReadDir(filepath.Join(home, dir)); len(entries) != 0 {
			t.Errorf("%s/ still holds %d entries, such as %s", dir, len(entries), entries[0].Name())
		}
	}

	// A store that root built (with the usual umask) serves another
	// user: the SDK's root is 0555, not the 0700 of a temporary directory.
	rootHome := filepath.Join(top, "root-gov")
	rootEnv := []string{"PATH=/usr/bin:/bin", "HOME=" + top, "GOV_HOME=" + rootHome, "GOV_PLATFORM=linux-amd64", "NO_COLOR=1", "GOPROXY=http://127.0.0.1:1", "GOV_DL_INDEX=" + indexURL, "GOV_DL_BASE=" + baseURL}
	for _, args := range [][]string{{"install", "1.22.3"}, {"global", "1.22.3"}} {
		if r := runProc(t, rootEnv, "/bin/sh", append([]string{"-c", "umask 022 && exec \"$0\" \"$@\"", gov}, args...)...); r.code != 0 {
			t.Fatalf("as root, gov %s: %v", strings.Join(args, " "), r)
		}
	}
	shared := []string{"GOV_HOME=" + rootHome, "PATH=" + filepath.Join(rootHome, layout.ShimsDir) + ":/usr/bin:/bin"}
	if r := as(shared, filepath.Join(rootHome, layout.ShimsDir, "go"), "version"); r.code != 0 || !strings.Contains(r.stdout, "go1.22.3") {
		t.Errorf("another user runs root's go1.22.3 through the shim: %v", r)
	}
	if r := as(shared, gov, "list"); r.code != 0 || !strings.Contains(r.stdout, "1.22.3") {
		t.Errorf("another user lists root's store: %v", r)
	}
}
