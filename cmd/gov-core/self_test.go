package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/release"
	"github.com/gov-dev/gov/pkg/self"
)

// TestSelf runs gov self update and gov self uninstall as a user does:
// gov v0.1.0, built as a release is (its version and the release key
// linked in), sits in a fresh $GOV_HOME/bin, and a loopback server serves
// the release layout (package release) with v0.1.0 and v0.2.0, signed by
// the minisign program. Every refused update leaves $GOV_HOME exactly as
// it was.
func TestSelf(t *testing.T) {
	minisignBin, err := exec.LookPath("minisign")
	if err != nil {
		t.Skip("minisign is not installed (CI installs it: .ci/run); the self update tests sign releases with it")
	}
	r := newSelfReleases(t, minisignBin)
	p := platform.Native()
	v1, v2 := r.builds["v0.1.0"], r.builds["v0.2.0"]

	t.Run("check", func(t *testing.T) {
		env, home := r.env(t, v1)
		res := runProc(t, env, filepath.Join(home, "bin", "gov"), "self", "update", "--check")
		if want := "gov v0.2.0 is out (this gov is v0.1.0); run: gov self update\n"; res.code != 0 || res.stdout != want {
			t.Errorf("gov self update --check: %v; want exit 0, stdout %q", res, want)
		}
		res = runProc(t, env, filepath.Join(home, "bin", "gov"), "self", "update", "--check", "--json")
		var got map[string]any
		if err := json.Unmarshal([]byte(res.stdout), &got); err != nil || res.code != 0 {
			t.Fatalf("gov self update --check --json: %v (%v)", res, err)
		}
		want := map[string]any{"current": "v0.1.0", "latest": "v0.2.0", "newer": true, "url": r.url + "/v0.2.0/" + release.ArchiveName("v0.2.0", p)}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("gov self update --check --json = %v, want %v", got, want)
		}
		env, home = r.env(t, v2)
		res = runProc(t, env, filepath.Join(home, "bin", "gov"), "self", "update", "--check")
		if want := "gov v0.2.0 is up to date\n"; res.code != 0 || res.stdout != want {
			t.Errorf("gov self update --check of the newest: %v; want exit 0, stdout %q", res, want)
		}
	})

	t.Run("update", func(t *testing.T) {
		env, home := r.env(t, v1)
		gov := filepath.Join(home, "bin", "gov")
		res := runProc(t, env, gov, "self", "update")
		if res.code != 0 || !strings.Contains(res.stderr, "updated gov from v0.1.0 to v0.2.0 in "+filepath.Join(home, "bin")) {
			t.Fatalf("gov self update: %v", res)
		}
		checkPrograms(t, home, v2)
		if res := runProc(t, env, gov, "--version"); res.stdout != "gov version v0.2.0\n" {
			t.Errorf("gov --version after the update: %v", res)
		}
		// The shims are copies of the new gov-shim.
		for _, name := range []string{"go", "gofmt"} {
			if got, err := os.ReadFile(filepath.Join(home, "shims", name)); err != nil || !bytes.Equal(got, v2.files[self.Shim]) {
				t.Errorf("shims/%s is not the new gov-shim (%v)", name, err)
			}
		}
		if res := runProc(t, env, gov, "self", "update"); res.code != 0 || !strings.Contains(res.stderr, "gov v0.2.0 is already up to date") {
			t.Errorf("gov self update when up to date: %v", res)
		}

		// gov env puts $GOV_HOME/bin in PATH, after the shims: the line
		// gov setup gives is the whole shell setup.
		if res := runProc(t, env, gov, "setup", "bash"); !strings.Contains(res.stdout, `    eval "$(~/.gov/bin/gov env bash)"`) {
			t.Errorf("gov setup bash for a gov in $GOV_HOME/bin that PATH does not find: %v", res)
		}
		if bash, err := exec.LookPath("bash"); err == nil {
			cmd, stdout, stderr := command(env, bash, "--norc", "--noprofile", "-c", `eval "$(~/.gov/bin/gov env bash)" && echo "$PATH" && type -P gov`)
			if err := cmd.Run(); err != nil {
				t.Fatalf("bash: %v\n%s", err, stderr)
			}
			want := filepath.Join(home, "shims") + ":" + filepath.Join(home, "bin") + ":/usr/bin:/bin\n" + gov + "\n"
			if stdout.String() != want {
				t.Errorf("after eval of gov env bash: PATH and gov\n%s\nwant\n%s", stdout, want)
			}
		}
	})

	t.Run("downgrade", func(t *testing.T) {
		env, home := r.env(t, v2)
		gov := filepath.Join(home, "bin", "gov")
		before := snapshot(t, home)
		res := runProc(t, env, gov, "self", "update", "v0.1.0")
		if want := "gov: v0.1.0 is older than this gov (v0.2.0); nothing was changed; to go back to it, run: gov self update --force v0.1.0\n"; res.code != 1 || res.stderr != want {
			t.Errorf("gov self update v0.1.0 from v0.2.0: %v; want exit 1, stderr %q", res, want)
		}
		checkHomeUnchanged(t, home, before)
		if res := runProc(t, env, gov, "self", "update", "--force", "v0.1.0"); res.code != 0 {
			t.Fatalf("gov self update --force v0.1.0: %v", res)
		}
		checkPrograms(t, home, v1)
	})

	t.Run("another key", func(t *testing.T) {
		r.mu.Lock()
		r.files["v0.2.0/"+release.SigFile] = r.otherSig
		r.mu.Unlock()
		defer r.restore()
		env, home := r.env(t, v1)
		before := snapshot(t, home)
		res := runProc(t, env, filepath.Join(home, "bin", "gov"), "self", "update")
		want := regexp.MustCompile(`^downloading gov v0\.2\.0 .*\ngov: verify ` + regexp.QuoteMeta(r.url) + `/v0\.2\.0/SHA256SUMS: signed by key ` + r.otherID + `, not by the trusted key ` + r.keyID + `; nothing was changed; .*\n$`)
		if res.code != 1 || !want.MatchString(res.stderr) {
			t.Errorf("gov self update of a release signed by another key: %v; want exit 1, stderr matching %s", res, want)
		}
		checkHomeUnchanged(t, home, before)
	})

	t.Run("tampered archive", func(t *testing.T) {
		name := "v0.2.0/" + release.ArchiveName("v0.2.0", p)
		r.mu.Lock()
		data := bytes.Clone(r.files[name])
		data[len(data)/2] ^= 1
		r.files[name] = data
		r.mu.Unlock()
		defer r.restore()
		env, home := r.env(t, v1)
		before := snapshot(t, home)
		res := runProc(t, env, filepath.Join(home, "bin", "gov"), "self", "update")
		if res.code != 1 || !strings.Contains(res.stderr, "gov: checksum mismatch for "+r.url+"/"+name+": want sha256 ") || !strings.Contains(res.stderr, "; nothing was changed") {
			t.Errorf("gov self update of a tampered archive: %v; want exit 1 and a checksum mismatch", res)
		}
		checkHomeUnchanged(t, home, before)
	})

	t.Run("directory not writable", func(t *testing.T) {
		env, home := r.env(t, v1)
		dir := filepath.Join(home, "bin")
		if os.Getuid() == 0 {
			// Permission bits do not stop root; a read-only file system
			// does.
			dir = mountTmpfs(t, "64m")
			for _, name := range release.Programs {
				if err := os.WriteFile(filepath.Join(dir, name), v1.files[name], 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
				t.Fatalf("remount %s read-only: %v: %s", dir, err, out)
			}
			t.Cleanup(func() { exec.Command("mount", "-o", "remount,rw", dir).Run() })
		} else {
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		}
		before := snapshot(t, home)
		res := runProc(t, env, filepath.Join(dir, "gov"), "self", "update")
		if want := "gov: gov is in " + dir + ", which you cannot write; nothing was changed; update gov the way it was installed there, or install a release into ~/.gov/bin with the install script\n"; res.code != 1 || res.stderr != want {
			t.Errorf("gov self update in a directory that cannot be written: %v; want exit 1, stderr %q", res, want)
		}
		checkHomeUnchanged(t, home, before)
	})

	t.Run("no key", func(t *testing.T) {
		// A gov built from source: no version, no key linked in.
		env, home := r.env(t, selfBuild{dir: builtGov(t)})
		before := snapshot(t, home)
		res := runProc(t, env, filepath.Join(home, "bin", "gov"), "self", "update")
		if want := "gov: this gov was built without a release signing key; it cannot update itself; install a release with the install script, or update your checkout\n"; res.code != 1 || res.stderr != want || res.stdout != "" {
			t.Errorf("gov self update without a key: %v; want exit 1, stderr %q", res, want)
		}
		checkHomeUnchanged(t, home, before)
	})

	t.Run("uninstall", func(t *testing.T) {
		env, home := r.env(t, v1)
		sdk := newFakeRelease("go1.22.3", 0, 0, 1, nil)
		indexURL, baseURL := serveReleases(t, []fetchtest.Release{sdk.release()}, nil)
		env = append(env, "GOV_DL_INDEX="+indexURL, "GOV_DL_BASE="+baseURL)
		gov := filepath.Join(home, "bin", "gov")
		for _, args := range [][]string{{"install", "1.22.3"}, {"global", "1.22.3"}} {
			if res := runProc(t, env, gov, args...); res.code != 0 {
				t.Fatalf("gov %s: %v", strings.Join(args, " "), res)
			}
		}
		rc := filepath.Join(filepath.Dir(home), ".bashrc")
		if err := os.WriteFile(rc, []byte("export EDITOR=vi\neval \"$(~/.gov/bin/gov env bash)\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}

		before := snapshot(t, home)
		res := runProc(t, env, gov, "self", "uninstall")
		if res.code != 1 || !strings.HasSuffix(res.stderr, "gov: nothing was removed: there is no terminal to ask at; to remove "+home+", run: gov self uninstall --yes\n") {
			t.Errorf("gov self uninstall without a terminal: %v; want exit 1 and the hint to pass --yes", res)
		}
		for _, want := range []string{"gov self uninstall removes " + home + " (", "sdk/", "1 Go SDK: go1.22.3.linux-amd64", "bin/", "gov itself: gov, gov-core, gov-shim", "shims/", "cache/"} {
			if !strings.Contains(res.stdout, want) {
				t.Errorf("gov self uninstall lists %q, want it to name %q", res.stdout, want)
			}
		}
		checkHomeUnchanged(t, home, before)

		res = runProc(t, env, gov, "self", "uninstall", "--yes")
		if res.code != 0 || !strings.Contains(res.stdout, "removed "+home+"\n") {
			t.Errorf("gov self uninstall --yes: %v", res)
		}
		if _, err := os.Lstat(home); !os.IsNotExist(err) {
			t.Errorf("gov self uninstall --yes left %s (%v): %q", home, err, dirNames(t, home))
		}
		if want := "\n  ~/.bashrc:2: eval \"$(~/.gov/bin/gov env bash)\"\n"; !strings.Contains(res.stdout, want) {
			t.Errorf("gov self uninstall --yes printed %q, want it to name %q", res.stdout, want)
		}
		if data, err := os.ReadFile(rc); err != nil || !strings.Contains(string(data), "gov env") {
			t.Errorf("gov self uninstall changed ~/.bashrc: %q, %v", data, err)
		}
	})
}

// selfReleases is a release server's layout, and the builds in it.
type selfReleases struct {
	url            string
	builds         map[string]selfBuild // by tag
	keyID, otherID string               // as minisign prints them
	otherSig       []byte               // v0.2.0's SHA256SUMS signed by another key

	mu    sync.Mutex
	files map[string][]byte // path under the base URL -> content
	saved map[string][]byte
}

// A selfBuild is gov's three programs built together.
type selfBuild struct {
	dir   string
	files map[string][]byte // by name (release.Programs)
}

// newSelfReleases makes a minisign key, builds gov v0.1.0 and v0.2.0 with
// it (link-only rebuilds: the packages are compiled once), packs and
// signs their releases, and serves them.
func newSelfReleases(t *testing.T, minisignBin string) *selfReleases {
	t.Helper()
	dir := t.TempDir()
	minisign := func(args ...string) {
		t.Helper()
		cmd := exec.Command(minisignBin, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("minisign %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	minisign("-G", "-W", "-p", "key.pub", "-s", "key.key")
	minisign("-G", "-W", "-p", "other.pub", "-s", "other.key")
	pub := readLines(t, filepath.Join(dir, "key.pub"))
	r := &selfReleases{
		builds:  map[string]selfBuild{},
		keyID:   strings.TrimPrefix(pub[0], "untrusted comment: minisign public key "),
		otherID: strings.TrimPrefix(readLines(t, filepath.Join(dir, "other.pub"))[0], "untrusted comment: minisign public key "),
		files:   map[string][]byte{release.LatestFile: []byte("v0.2.0\n")},
	}
	tags := []string{"v0.1.0", "v0.2.0"}
	errs := make([]error, len(tags))
	var wg sync.WaitGroup
	for i, tag := range tags {
		out := filepath.Join(dir, tag)
		r.builds[tag] = selfBuild{dir: out}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ldflags := "-X github.com/gov-dev/gov/pkg/self.Version=" + tag + " -X github.com/gov-dev/gov/pkg/self.PublicKey=" + pub[1]
			build := exec.Command(goCommand(), "build", "-ldflags", ldflags, "-o", out+string(filepath.Separator), "github.com/gov-dev/gov/cmd/...")
			if b, err := build.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("go build %s: %v\n%s", tag, err, b)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tag := range tags {
		b := r.builds[tag]
		b.files = map[string][]byte{}
		var entries []fetchtest.Entry
		for _, name := range release.Programs {
			data, err := os.ReadFile(filepath.Join(b.dir, name))
			if err != nil {
				t.Fatal(err)
			}
			b.files[name] = data
			entries = append(entries, fetchtest.Entry{Name: name, Body: string(data), Mode: 0o755})
		}
		r.builds[tag] = b
		entries = append(entries, fetchtest.Entry{Name: release.License, Body: "BSD-3-Clause", Mode: 0o644}, fetchtest.Entry{Name: release.Readme, Body: "# gov", Mode: 0o644})
		var archive bytes.Buffer
		if err := fetchtest.WriteTarGz(&archive, entries, 1); err != nil {
			t.Fatal(err)
		}
		name := release.ArchiveName(tag, platform.Native())
		sum := sha256.Sum256(archive.Bytes())
		sums := hex.EncodeToString(sum[:]) + "  " + name + "\n"
		sumsFile := filepath.Join(dir, tag+"."+release.SumsFile)
		if err := os.WriteFile(sumsFile, []byte(sums), 0o644); err != nil {
			t.Fatal(err)
		}
		minisign("-S", "-s", "key.key", "-m", sumsFile, "-x", sumsFile+".sig", "-t", release.TrustedComment(tag))
		r.files[tag+"/"+name] = archive.Bytes()
		r.files[tag+"/"+release.SumsFile] = []byte(sums)
		r.files[tag+"/"+release.SigFile] = readFile(t, sumsFile+".sig")
		if tag == "v0.2.0" {
			minisign("-S", "-s", "other.key", "-m", sumsFile, "-x", sumsFile+".other", "-t", release.TrustedComment(tag))
			r.otherSig = readFile(t, sumsFile+".other")
		}
	}
	r.saved = maps.Clone(r.files)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		data, ok := r.files[strings.TrimPrefix(req.URL.Path, "/gov/")]
		r.mu.Unlock()
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	r.url = srv.URL + "/gov"
	return r
}

// restore undoes a subtest's changes to the served files.
func (r *selfReleases) restore() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files = maps.Clone(r.saved)
}

// env returns the environment of a user whose $GOV_HOME (~/.gov) holds
// build's programs in bin/ and nothing else, and that $GOV_HOME.
func (r *selfReleases) env(t *testing.T, build selfBuild) ([]string, string) {
	t.Helper()
	home := filepath.Join(t.TempDir(), ".gov")
	bin := filepath.Join(home, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range release.Programs {
		data, err := os.ReadFile(filepath.Join(build.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bin, name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := govEnv(t, home, "GOV_RELEASE_URL="+r.url)
	for i, kv := range env {
		if strings.HasPrefix(kv, "HOME=") {
			env[i] = "HOME=" + filepath.Dir(home)
		}
		if strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			env[i] = "XDG_CONFIG_HOME=" + filepath.Join(filepath.Dir(home), ".config")
		}
	}
	return env, home
}

// checkPrograms checks that home's bin/ holds exactly build's programs.
func checkPrograms(t *testing.T, home string, build selfBuild) {
	t.Helper()
	bin := filepath.Join(home, "bin")
	if names, want := dirNames(t, bin), slices.Sorted(slices.Values(release.Programs)); !slices.Equal(names, want) {
		t.Errorf("bin/ holds %q, want %q", names, want)
	}
	for _, name := range release.Programs {
		got, err := os.ReadFile(filepath.Join(bin, name))
		fi, _ := os.Stat(filepath.Join(bin, name))
		if err != nil || !bytes.Equal(got, build.files[name]) || fi.Mode().Perm() != 0o755 {
			t.Errorf("bin/%s is not %s's (%v)", name, filepath.Base(build.dir), err)
		}
	}
}

// checkHomeUnchanged checks that nothing under home changed since snapshot
// before.
func checkHomeUnchanged(t *testing.T, home string, before []string) {
	t.Helper()
	if after := snapshot(t, home); !slices.Equal(after, before) {
		t.Errorf("%s changed:\nbefore %q\nafter  %q", home, before, after)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readLines(t *testing.T, name string) []string {
	return strings.Split(strings.TrimSpace(string(readFile(t, name))), "\n")
}
