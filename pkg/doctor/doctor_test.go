package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/manifest"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
	"github.com/gov-dev/gov/pkg/store/shims"
)

// A world is a fake machine for the checks: a file system under a temp
// dir, an environment, and canned answers for the commands, the network
// and extended attributes. newWorld builds a healthy one (me, zsh, gov's
// shims first in PATH, go1.22.3 installed and the default, a C compiler);
// each test case then breaks one thing.
type world struct {
	t      *testing.T
	root   string
	env    map[string]string
	cmds   map[string]answer // "name arg..." -> answer
	probes map[string]answer // url -> answer ("" out: status 200)
	xattrs map[string]bool   // path -> has com.apple.quarantine
	plat   Platform
	uid    int
	dir    string
	parent string
	online bool
}

type answer struct {
	out  string
	err  error
	code int
}

const (
	home   = "/home/me"
	govBin = "/opt/gov/bin/gov"
)

func newWorld(t *testing.T) *world {
	t.Helper()
	root := t.TempDir()
	t.Cleanup(func() { store.RemoveAll(root) }) // read-only SDKs too
	w := &world{
		t:    t,
		root: root,
		env: map[string]string{
			"HOME":  home,
			"SHELL": "/bin/zsh",
			"PATH":  home + "/.gov/shims:" + home + "/go/bin:/usr/local/bin:/usr/bin:/bin",
		},
		cmds:   map[string]answer{"/usr/bin/gcc --version": {out: "gcc (Debian 12.2.0-14) 12.2.0\n"}},
		probes: map[string]answer{},
		xattrs: map[string]bool{},
		plat:   Platform{OS: "linux", Arch: "amd64"},
		uid:    os.Getuid(),
		dir:    home + "/proj",
		parent: "zsh",
	}
	w.mkdir(w.dir)
	w.mkdir(home + "/go/bin")
	w.file(home+"/.zshrc", "# gov\neval \"$(gov env zsh)\"\n", 0o644)
	w.file("/usr/bin/gcc", "#!/bin/sh\n", 0o755)
	w.file(govBin, "gov", 0o755)
	w.file(filepath.Dir(govBin)+"/gov-shim", "gov-shim", 0o755)
	w.install("1.22.3", "linux-amd64")
	w.file(home+"/.gov/version", "1.22.3\n", 0o644)
	w.syncShims()
	return w
}

// path returns where the machine's path p is in the world.
func (w *world) path(p string) string { return filepath.Join(w.root, p) }

// file writes the file p with mode, replacing what is there.
func (w *world) file(p, content string, mode os.FileMode) {
	w.t.Helper()
	w.mkdir(filepath.Dir(p))
	w.writable(filepath.Dir(p), func() {
		os.Remove(w.path(p))
		if err := os.WriteFile(w.path(p), []byte(content), mode); err != nil {
			w.t.Fatal(err)
		}
	})
	if err := os.Chmod(w.path(p), mode); err != nil {
		w.t.Fatal(err)
	}
}

// writable runs f with the directory dir writable, and gives dir its
// mode back after: an SDK's root is read-only, and a test that changes
// what is in it changes only that (as a user who runs as root would).
func (w *world) writable(dir string, f func()) {
	w.t.Helper()
	fi, err := os.Stat(w.path(dir))
	if err != nil || fi.Mode().Perm()&0o200 != 0 {
		f()
		return
	}
	if err := os.Chmod(w.path(dir), fi.Mode().Perm()|0o200); err != nil {
		w.t.Fatal(err)
	}
	defer os.Chmod(w.path(dir), fi.Mode().Perm())
	f()
}

func (w *world) mkdir(p string) {
	w.t.Helper()
	if err := os.MkdirAll(w.path(p), 0o755); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) remove(p string) {
	w.t.Helper()
	w.writable(filepath.Dir(p), func() {
		if err := store.RemoveAll(w.path(p)); err != nil {
			w.t.Fatal(err)
		}
	})
}

// sdkDir is the store directory of an SDK.
func sdkDir(version, plat string) string {
	return home + "/.gov/sdk/go" + version + "." + plat
}

// install puts a fake SDK with a receipt into the store, as gov install
// leaves it: its go answers "go version".
func (w *world) install(version, plat string) {
	w.t.Helper()
	dir := sdkDir(version, plat)
	goos, goarch, _ := strings.Cut(plat, "-")
	w.file(dir+"/VERSION", "go"+version+"\ntime 2024-05-01T19:59:31Z\n", 0o644)
	w.file(dir+"/bin/go", "#!/bin/sh\necho go version go"+version+" "+goos+"/"+goarch+"\n", 0o755)
	w.file(dir+"/bin/gofmt", "#!/bin/sh\n", 0o755)
	w.file(dir+"/pkg/tool/"+goos+"_"+goarch+"/compile", "#!/bin/sh\n", 0o755)
	w.file(dir+"/src/fmt/print.go", "package fmt\n", 0o644)
	w.file(dir+"/go.env", "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n", 0o644)
	v, _ := gover.Parse(version)
	p, _ := platform.Parse(plat)
	m, err := manifest.Build(w.path(dir), layout.ToolchainModuleID(v, p))
	if err != nil {
		w.t.Fatal(err)
	}
	if err := m.Write(w.path(dir)); err != nil {
		w.t.Fatal(err)
	}
	w.receipt(version, plat, "dl", "sha256 from https://go.dev/dl/?mode=json&include=all")
	// Read-only, as a committed SDK's root is.
	if err := os.Chmod(w.path(dir), layout.ReadOnly(layout.DirMode)); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) receipt(version, plat, source, verified string) {
	w.t.Helper()
	data, _ := json.Marshal(map[string]any{
		"version": "go" + version, "platform": plat, "source": source, "verified": verified,
		"installed_at": time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
	})
	w.file(sdkDir(version, plat)+"/gov-receipt.json", string(data), 0o644)
}

// syncShims writes the shims as gov does, from the gov-shim beside gov.
func (w *world) syncShims() {
	w.t.Helper()
	src := w.path(filepath.Dir(govBin) + "/gov-shim")
	entries, _ := os.ReadDir(w.path(home + "/.gov/sdk"))
	names := []string{"go", "gofmt"}
	for _, e := range entries {
		names = append(names, e.Name()[:strings.LastIndexByte(e.Name(), '.')])
	}
	for _, n := range names {
		w.file(home+"/.gov/shims/"+n, "shim", 0o755)
	}
	stamp, err := shims.Stamp(src, w.path(govBin))
	if err != nil {
		w.t.Fatal(err)
	}
	w.file(home+"/.gov/shims/"+layout.StampFile, stamp, 0o644)
}

func (w *world) system() *System {
	sys := &System{
		Getenv: func(k string) string { return w.env[k] },
		Root:   w.root,
		Command: func(ctx context.Context, name string, args ...string) ([]byte, error) {
			a, ok := w.cmds[strings.Join(append([]string{name}, args...), " ")]
			if !ok {
				return nil, errors.New("exec: " + name + ": not in this world")
			}
			return []byte(a.out), a.err
		},
		Xattr: func(path, name string) (bool, error) {
			return name == quarantineAttr && w.xattrs[path], nil
		},
		Platform:   w.plat,
		UID:        w.uid,
		Dir:        w.dir,
		Executable: govBin,
		Parent:     w.parent,
	}
	if w.online {
		sys.Probe = func(ctx context.Context, url string) (int, error) {
			a, ok := w.probes[url]
			if !ok {
				return 0, errors.New("dial tcp: i/o timeout")
			}
			return a.code, a.err
		}
	}
	return sys
}

// results runs one group of checks and indexes its results by id.
func results(t *testing.T, check func(context.Context, *System) []Result, sys *System) map[string]Result {
	t.Helper()
	m := map[string]Result{}
	for _, r := range check(context.Background(), sys) {
		if _, dup := m[r.ID]; dup {
			t.Errorf("two results with id %s", r.ID)
		}
		if r.Status != OK && r.Status != Warn && r.Status != Fail {
			t.Errorf("%s: status %q", r.ID, r.Status)
		}
		if r.Status != OK && r.Fix == "" {
			t.Errorf("%s: %s %q has no fix", r.ID, r.Status, r.Summary)
		}
		if w := failureWords.FindString(r.Summary); r.Status == OK && w != "" {
			t.Errorf("%s is ok but says %q: %q", r.ID, w, r.Summary)
		}
		m[r.ID] = r
	}
	return m
}

// failureWords are what an ok line never says: that something fails, is
// missing, broken or wrong, or is not where it should be.
var failureWords = regexp.MustCompile(`(?i)\b(fail(s|ed|ing|ure)?|missing|broken|wrong|errs?|errors?|cannot|refuses?|invalid|not valid|not installed|no \S+ installed|no SDKs|not in PATH|not found|not writable|shadowed|unclear|does not (run|answer|build|read)|HTTP [45]\d\d)\b`)

// A checkCase breaks the healthy world in one way and says what one
// result must then be.
type checkCase struct {
	name    string
	setup   func(w *world)
	id      string
	status  Status
	summary string // a substring of the summary
	fix     string // a substring of the fix
	detail  string // a substring of the detail
}

func runCases(t *testing.T, check func(context.Context, *System) []Result, cases []checkCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			if tt.setup != nil {
				tt.setup(w)
			}
			got, ok := results(t, check, w.system())[tt.id]
			if !ok {
				t.Fatalf("no result %s", tt.id)
			}
			if got.Status != tt.status || !strings.Contains(got.Summary, tt.summary) || !strings.Contains(got.Fix, tt.fix) || !strings.Contains(got.Detail, tt.detail) {
				t.Errorf("%s = %s %q (fix %q, detail %q), want %s %q (fix %q, detail %q)", tt.id, got.Status, got.Summary, got.Fix, got.Detail, tt.status, tt.summary, tt.fix, tt.detail)
			}
			if tt.status == OK && got.Fix != "" {
				t.Errorf("%s is ok but has a fix: %q", tt.id, got.Fix)
			}
			if strings.Contains(got.Summary+got.Detail+got.Fix, w.root) {
				t.Errorf("%s names the test's root: %q %q %q", tt.id, got.Summary, got.Detail, got.Fix)
			}
		})
	}
}

// The healthy world passes every check: no warning, no failure.
func TestHealthy(t *testing.T) {
	w := newWorld(t)
	w.online = true
	w.probes["https://proxy.golang.org/"] = answer{code: 302}
	w.probes[dlIndex] = answer{code: 200}
	w.probes[toolchainList] = answer{code: 200}
	groups := Run(context.Background(), w.system(), Checks())
	if len(groups) != 12 {
		t.Errorf("%d groups, want 12", len(groups))
	}
	for _, g := range groups {
		if len(g.Results) == 0 {
			t.Errorf("group %s has no results", g.ID)
		}
		for _, r := range g.Results {
			if r.Status != OK || !strings.HasPrefix(r.ID, g.ID) {
				t.Errorf("%s = %s %q (fix %q), want ok", r.ID, r.Status, r.Summary, r.Fix)
			}
		}
	}
	if Failed(groups) {
		t.Errorf("Failed = true, want false")
	}
}

// symlink makes link point to target (relative targets stay in the world).
func (w *world) symlink(target, link string) {
	w.t.Helper()
	w.mkdir(filepath.Dir(link))
	if err := os.Symlink(target, w.path(link)); err != nil {
		w.t.Fatal(err)
	}
}

// fakeGo puts a go that answers "go version" at p.
func (w *world) fakeGo(p, version string) {
	w.file(p, "#!/bin/sh\n", 0o755)
	w.cmds[p+" version"] = answer{out: "go version go" + version + " linux/amd64\n"}
}
