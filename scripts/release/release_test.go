// Package release tests scripts/release.sh and the install.sh it writes,
// offline: the tests make a throwaway minisign key pair, build releases
// once per run (tag1 twice, to compare the archives byte for byte, and
// tag2 to upgrade to), serve them from a loopback httptest server, and run
// the rendered install.sh under dash, bash, zsh and busybox sh with a
// fresh HOME and a PATH of a directory of links to the tools install.sh
// uses, found in the caller's PATH (toolDir).
//
// Each test skips, saying why, when minisign, a shell or a tool it needs
// is missing.
package release

import (
	"archive/tar"
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/platform"
	govrelease "github.com/gov-dev/gov/pkg/release"
)

const (
	tag1 = "v0.18.0"
	tag2 = "v0.18.1"
)

// The archive the tests install: the machine's own.
var native = platform.Platform{OS: runtime.GOOS, Arch: runtime.GOARCH}

// built holds the releases, built once for all tests.
type built struct {
	keyDir string // pub and sec, a minisign key pair
	pubKey string // the base64 line of pub
	out1   string // tag1, for this machine
	out2   string // tag1 again, from a second run
	out3   string // tag2, linux/amd64
}

var (
	buildOnce sync.Once
	releases  *built
	buildErr  error
	buildTime time.Duration
	tmpRoot   string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

// needRelease returns the releases, building them on first use; it skips
// the test when minisign is missing.
func needRelease(t *testing.T) *built {
	t.Helper()
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skipf("release.sh and install.sh are for linux and darwin, not %s", runtime.GOOS)
	}
	if _, err := exec.LookPath("minisign"); err != nil {
		t.Skip("minisign is not installed: cannot sign a release (apt-get install minisign)")
	}
	buildOnce.Do(func() {
		start := time.Now()
		releases, buildErr = buildReleases()
		buildTime = time.Since(start)
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return releases
}

func buildReleases() (*built, error) {
	var err error
	tmpRoot, err = os.MkdirTemp("", "gov-release-test-")
	if err != nil {
		return nil, err
	}
	b := &built{
		keyDir: filepath.Join(tmpRoot, "key"),
		out1:   filepath.Join(tmpRoot, "out1"),
		out2:   filepath.Join(tmpRoot, "out2"),
		out3:   filepath.Join(tmpRoot, "out3"),
	}
	if err := os.Mkdir(b.keyDir, 0o700); err != nil {
		return nil, err
	}
	gen := exec.Command("minisign", "-G", "-W", "-p", "pub", "-s", "sec")
	gen.Dir = b.keyDir
	if out, err := gen.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("minisign -G: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(filepath.Join(b.keyDir, "pub"))
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(pub), "\n")
	if len(lines) < 2 {
		return nil, fmt.Errorf("minisign wrote a public key file of %d lines", len(lines))
	}
	b.pubKey = lines[1]

	// The first run compiles (with a cold build cache, most of the time
	// these tests take); the other two only link, side by side.
	run := func(tag, out string) error {
		cmd := releaseCmd(b, tag, out)
		cmd.Env = append(cmd.Env, "PLATFORMS="+runtime.GOOS+"/"+runtime.GOARCH)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("release.sh %s: %v\n%s", tag, err, out)
		}
		return nil
	}
	if err := run(tag1, b.out1); err != nil {
		return nil, err
	}
	errs := make(chan error, 2)
	go func() { errs <- run(tag1, b.out2) }()
	go func() { errs <- run(tag2, b.out3) }()
	if err := errors.Join(<-errs, <-errs); err != nil {
		return nil, err
	}
	return b, nil
}

// releaseCmd runs release.sh TAG OUT with b's key pair, in the caller's
// environment (its Go and build cache) without SOURCE_DATE_EPOCH.
func releaseCmd(b *built, tag, out string) *exec.Cmd {
	script, err := filepath.Abs("../release.sh")
	if err != nil {
		panic(err)
	}
	cmd := exec.Command("bash", script, tag, out)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SOURCE_DATE_EPOCH=") && !strings.HasPrefix(kv, "PLATFORMS=") &&
			!strings.HasPrefix(kv, "GOV_SIGNING_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env,
		"GOV_SIGNING_KEY="+filepath.Join(b.keyDir, "sec"),
		"GOV_SIGNING_PUB="+filepath.Join(b.keyDir, "pub"))
	return cmd
}

// archiveName is the name release.sh gives the archive of tag for p:
// package release's, which gov self update asks for.
func archiveName(tag string, p platform.Platform) string { return govrelease.ArchiveName(tag, p) }

func TestReleaseLayout(t *testing.T) {
	b := needRelease(t)
	t.Logf("built 3 releases in %v", buildTime.Round(time.Millisecond))
	names := func(dir string) []string {
		var got []string
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			got = append(got, e.Name())
		}
		return got
	}
	if got, want := names(b.out1), []string{"install.sh", "latest", tag1}; !slices.Equal(got, want) {
		t.Errorf("OUTDIR holds %q, want %q (no temporary directory left)", got, want)
	}
	rel := filepath.Join(b.out1, tag1)
	want := []string{"SHA256SUMS", "SHA256SUMS.minisig", archiveName(tag1, native)}
	if got := names(rel); !slices.Equal(got, want) {
		t.Errorf("OUTDIR/%s holds %q, want %q", tag1, got, want)
	}
	if got := readFile(t, filepath.Join(b.out1, "latest")); got != tag1+"\n" {
		t.Errorf("latest = %q, want %q", got, tag1+"\n")
	}

	// SHA256SUMS: sha256sum's format, sorted, and true.
	sums := readFile(t, filepath.Join(rel, "SHA256SUMS"))
	var listed []string
	for _, line := range strings.Split(strings.TrimSuffix(sums, "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("SHA256SUMS line %q is not sha256sum's format", line)
		}
		listed = append(listed, name)
		got := sha256.Sum256([]byte(readFile(t, filepath.Join(rel, name))))
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("SHA256SUMS gives %s the SHA-256 %s, not its own %x", name, sum, got)
		}
	}
	if !slices.IsSorted(listed) {
		t.Errorf("SHA256SUMS lists %q, not sorted", listed)
	}
	verify := exec.Command("minisign", "-V", "-P", b.pubKey, "-m", "SHA256SUMS")
	verify.Dir = rel
	out, err := verify.CombinedOutput()
	if err != nil {
		t.Errorf("minisign -V SHA256SUMS: %v\n%s", err, out)
	}
	// The trusted comment is package release's, which gov self update
	// requires (TestSelfUpdateFromRelease updates from such a release).
	if comment := govrelease.TrustedComment(tag1); !strings.Contains(string(out), "Trusted comment: "+comment+"\n") {
		t.Errorf("minisign -V printed %q, want the trusted comment %q", out, comment)
	}

	// install.sh: the template with this tag, key and SHA256SUMS.
	script := readFile(t, filepath.Join(b.out1, "install.sh"))
	for _, want := range []string{"tag='" + tag1 + "'", "pubkey='" + b.pubKey + "'", "sha256sums='\n" + sums + "'"} {
		if !strings.Contains(script, want) {
			t.Errorf("install.sh lacks %q", want)
		}
	}
	if i := strings.Index(script, "@"+"TAG@"); i >= 0 {
		t.Errorf("install.sh still has a placeholder at byte %d", i)
	}
}

func TestArchiveContents(t *testing.T) {
	b := needRelease(t)
	mtime := int64(-1)
	if out, err := exec.Command("git", "log", "-1", "--format=%ct").Output(); err == nil {
		mtime, _ = strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	}
	for _, plat := range []platform.Platform{native} {
		name := filepath.Join(b.out1, tag1, archiveName(tag1, plat))
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		if zr.Name != "" || !zr.ModTime.IsZero() {
			t.Errorf("%s: gzip header has name %q and time %v, want neither", plat, zr.Name, zr.ModTime)
		}
		tr := tar.NewReader(zr)
		var got []string
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", plat, err)
			}
			got = append(got, h.Name)
			mode := int64(0o644)
			if strings.HasPrefix(h.Name, "gov") {
				mode = 0o755
			}
			if h.Typeflag != tar.TypeReg || h.Mode != mode || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" || h.Format != tar.FormatUSTAR {
				t.Errorf("%s: %s: type %c mode %o owner %d/%d (%q/%q) format %v, want a ustar regular file, mode %o, owner 0/0 without names",
					plat, h.Name, h.Typeflag, h.Mode, h.Uid, h.Gid, h.Uname, h.Gname, h.Format, mode)
			}
			if mtime >= 0 && h.ModTime.Unix() != mtime {
				t.Errorf("%s: %s dated %d, want the commit's time %d", plat, h.Name, h.ModTime.Unix(), mtime)
			}
		}
		if want := []string{"LICENSE", "README.md", "gov", "gov-core", "gov-shim"}; !slices.Equal(got, want) {
			t.Errorf("%s holds %q, want %q (flat, sorted)", plat, got, want)
		}
		if fi, err := f.Stat(); err == nil {
			t.Logf("%s: %.1f MB", filepath.Base(name), float64(fi.Size())/1e6)
		}
	}
}

func TestReproducible(t *testing.T) {
	b := needRelease(t)
	for _, name := range []string{archiveName(tag1, native), "SHA256SUMS"} {
		one := readFile(t, filepath.Join(b.out1, tag1, name))
		two := readFile(t, filepath.Join(b.out2, tag1, name))
		if one != two {
			t.Errorf("%s differs between two runs of release.sh", name)
		}
	}
	if readFile(t, filepath.Join(b.out1, "install.sh")) != readFile(t, filepath.Join(b.out2, "install.sh")) {
		t.Errorf("install.sh differs between two runs of release.sh")
	}
}

func TestReleaseRefuses(t *testing.T) {
	b := needRelease(t)
	other := t.TempDir()
	gen := exec.Command("minisign", "-G", "-W", "-p", "pub", "-s", "sec")
	gen.Dir = other
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("minisign -G: %v\n%s", err, out)
	}
	noMinisign := toolDir(t, "dirname")
	for _, tt := range []struct {
		name string
		tag  string // tag1 if ""
		env  []string
		want string
	}{
		{"no key", "", []string{"GOV_SIGNING_KEY="}, "GOV_SIGNING_KEY is not set"},
		{"no public key", "", []string{"GOV_SIGNING_PUB="}, "GOV_SIGNING_PUB is not set"},
		{"key missing", "", []string{"GOV_SIGNING_KEY=" + filepath.Join(other, "nothing")}, "cannot read GOV_SIGNING_KEY"},
		{"no minisign", "", []string{"PATH=" + noMinisign}, "minisign is not installed"},
		{"not a public key", "", []string{"GOV_SIGNING_PUB=" + filepath.Join(b.keyDir, "sec")}, "is not a minisign public key file"},
		{"another key pair", "", []string{"GOV_SIGNING_PUB=" + filepath.Join(other, "pub")}, "not one key pair"},
		{"bad platform", "", []string{"PLATFORMS=linux/amd64 windows/amd64"}, "unknown platform windows/amd64"},
		// Tags: package release's rule (ParseTag), which gov applies to
		// latest and to every update.
		{"leading zero", "v01.2.3", nil, `"v01.2.3" is not a release tag`},
		{"leading zero in the pre-release", "v1.2.3-rc.01", nil, `"v1.2.3-rc.01" is not a release tag`},
		{"build metadata", "v1.2.3+build.1", nil, `"v1.2.3+build.1" is not a release tag`},
		{"no v", "1.2.3", nil, `"1.2.3" is not a release tag: write v1.2.3`},
		{"a path", "../v1.2.3", nil, "is not a release tag"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			tag := cmp.Or(tt.tag, tag1)
			cmd := releaseCmd(b, tag, out)
			cmd.Env = append(cmd.Env, tt.env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if code := exitCode(err); code != 1 {
				t.Fatalf("release.sh exited %d (%v), want 1\n%s%s", code, err, &stdout, &stderr)
			}
			msg := stderr.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "release.sh: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("stderr = %q, want one line release.sh: ... %s", msg, tt.want)
			}
			if _, err := os.Stat(filepath.Join(out, tag)); !os.IsNotExist(err) {
				t.Errorf("OUTDIR/%s exists after a failed release (%v)", tag, err)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("OUTDIR holds %d entries after a failed release, want none", len(entries))
			}
		})
	}
	t.Run("tag exists", func(t *testing.T) {
		cmd := releaseCmd(b, tag1, b.out1)
		out, err := cmd.CombinedOutput()
		if code := exitCode(err); code != 1 || !strings.Contains(string(out), "exists already") {
			t.Errorf("release.sh into an existing release: exit %d, %q; want 1, exists already", code, out)
		}
	})
}

// A shell to run install.sh with.
type shell struct {
	name string
	argv []string // the shell, resolved
}

func shells(t *testing.T) []shell {
	var found []shell
	for _, s := range []struct {
		name string
		argv []string
	}{
		{"dash", []string{"dash"}},
		{"bash", []string{"bash"}},
		{"zsh", []string{"zsh"}},
		{"busybox", []string{"busybox", "sh"}},
	} {
		p, err := exec.LookPath(s.argv[0])
		if err != nil {
			t.Logf("%s is not installed: install.sh not run under it", s.name)
			continue
		}
		found = append(found, shell{s.name, append([]string{p}, s.argv[1:]...)})
	}
	if len(found) == 0 {
		t.Skip("none of dash, bash, zsh, busybox is installed")
	}
	return found
}

// server serves dir as the release location, with replace's bytes served
// instead of the files they name (paths from dir, such as "v0.18.0/SHA256SUMS").
func server(t *testing.T, dir string, replace map[string][]byte) string {
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if body, ok := replace[strings.TrimPrefix(r.URL.Path, "/")]; ok {
			w.Write(body)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// installTools are the programs install.sh runs: uname (and sysctl on
// macOS), curl or wget, sha256sum or shasum, tar (and the gzip it runs),
// minisign when installed, and a few of POSIX's.
var installTools = []string{"uname", "sysctl", "curl", "wget", "sha256sum", "shasum", "tar", "gzip", "minisign", "mktemp", "mkdir", "cp", "chmod", "ln", "mv", "rm", "rmdir", "cat"}

// machine is the world install.sh runs in.
type machine struct {
	home       string // $HOME, empty at first
	govHome    string // $GOV_HOME, or "" for ~/.gov
	tmp        string // $TMPDIR
	path       string // $PATH
	shell      string // $SHELL
	releaseKey string // $GOV_RELEASE_KEY, or ""
}

// newMachine returns a machine whose PATH has the tools install.sh uses
// that are installed here, and nothing else; it skips the test when
// install.sh could not run with them.
func newMachine(t *testing.T) *machine {
	t.Helper()
	needTools(t, "uname", "tar", "mktemp", "mkdir", "cp", "chmod", "ln", "mv", "rm", "rmdir", "cat")
	needOneOf(t, "curl", "wget")
	needOneOf(t, "sha256sum", "shasum")
	root := t.TempDir()
	m := &machine{
		home:  filepath.Join(root, "home"),
		tmp:   filepath.Join(root, "tmp"),
		path:  toolDir(t, installTools...),
		shell: "/bin/bash",
	}
	for _, d := range []string{m.home, m.tmp} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func (m *machine) bin() string {
	if m.govHome != "" {
		return filepath.Join(m.govHome, "bin")
	}
	return filepath.Join(m.home, ".gov", "bin")
}

func (m *machine) env(url string) []string {
	env := []string{"HOME=" + m.home, "PATH=" + m.path, "SHELL=" + m.shell, "TMPDIR=" + m.tmp, "GOV_RELEASE_URL=" + url}
	if m.govHome != "" {
		env = append(env, "GOV_HOME="+m.govHome)
	}
	if m.releaseKey != "" {
		env = append(env, "GOV_RELEASE_KEY="+m.releaseKey)
	}
	return env
}

type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// install runs the install.sh that url serves as curl -fsSL URL/install.sh | sh
// would, under sh; stdin is the script.
func (m *machine) install(t *testing.T, sh shell, url string) result {
	t.Helper()
	resp, err := http.Get(url + "/install.sh")
	if err != nil {
		t.Fatal(err)
	}
	script, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET install.sh: %v %v", resp.Status, err)
	}
	cmd := exec.Command(sh.argv[0], sh.argv[1:]...)
	cmd.Stdin = bytes.NewReader(script)
	cmd.Env = m.env(url)
	cmd.Dir = m.home
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	r := result{exitCode(err), stdout.String(), stderr.String(), time.Since(start)}
	if r.code < 0 {
		t.Fatalf("%s install.sh: %v", sh.name, err)
	}
	if entries, _ := os.ReadDir(m.tmp); len(entries) != 0 {
		t.Errorf("install.sh left %d entries in TMPDIR", len(entries))
	}
	return r
}

// version runs the installed gov --version.
func (m *machine) version(t *testing.T) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(m.bin(), "gov"), "--version")
	cmd.Env = m.env("")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gov --version: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// tree lists the files under dir with their sizes and times (and the
// directories with their modes), to tell whether anything changed.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			// Its time changes with any file made and removed in it.
			files[rel] = fi.Mode().String()
		} else {
			files[rel] = fmt.Sprintf("%v %d %d", fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// wantInstalled checks a successful install of tag.
// wantInstalled checks a successful install of tag; shell is the shell
// gov setup speaks of. gov is not in the machine's PATH, so gov setup's
// line runs it by its path (and gov env then puts its directory in PATH):
// install.sh asks for no PATH line, and for GOV_HOME only when it is set.
func (m *machine) wantInstalled(t *testing.T, r result, tag, shell string) {
	t.Helper()
	setupLine := `eval "$(~/.gov/bin/gov env ` + shell + `)"`
	if m.govHome != "" {
		setupLine = `/bin/gov' env ` + shell + `)"`
	}
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("install.sh exited %d, want 0 and nothing on stderr\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if got := m.version(t); got != "gov version "+tag {
		t.Errorf("installed gov --version = %q, want %q", got, "gov version "+tag)
	}
	for _, f := range []string{"gov", "gov-core", "gov-shim"} {
		fi, err := os.Stat(filepath.Join(m.bin(), f))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o755 {
			t.Errorf("%s has mode %v, want 0755", f, fi.Mode().Perm())
		}
	}
	// Nothing in HOME but .gov (when that is GOV_HOME): no rc file touched.
	for p := range tree(t, m.home) {
		if p == "." || (m.govHome == "" && (p == ".gov" || strings.HasPrefix(p, ".gov/"))) {
			continue
		}
		t.Errorf("install.sh wrote %s in HOME", p)
	}
	checked := "checked: the archive's SHA-256, and the minisign signature of SHA256SUMS with the key this script carries (which shows only that the two agree: pass GOV_RELEASE_KEY from gov's README to check gov's own)\n"
	if m.releaseKey != "" {
		checked = "checked: the archive's SHA-256, and the minisign signature of SHA256SUMS with GOV_RELEASE_KEY\n"
	}
	for _, want := range []string{
		checked,
		setupLine + "\n",
		"gov " + tag + " is installed in " + m.bin() + " (gov version " + tag + ")",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("install.sh printed no %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "export PATH=") {
		t.Errorf("install.sh asks for a PATH line, which gov env makes needless:\n%s", r.stdout)
	}
	if wantHome := m.govHome != ""; strings.Contains(r.stdout, "export GOV_HOME=") != wantHome {
		t.Errorf("install.sh asks for an export of GOV_HOME: %v, want %v:\n%s", !wantHome, wantHome, r.stdout)
	}
}

// wantRefused checks a failed install: exit 1, one line on stderr, and
// $GOV_HOME/bin as it was.
func (m *machine) wantRefused(t *testing.T, r result, before map[string]string, want string) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("install.sh exited %d, want 1\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "gov install.sh: ") || !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %q, want one line gov install.sh: ...%s...", r.stderr, want)
	}
	after := tree(t, m.bin())
	for p, v := range after {
		if before[p] != v {
			t.Errorf("%s in GOV_HOME/bin is new or changed after a refused install", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("%s in GOV_HOME/bin is gone after a refused install", p)
		}
	}
}

func TestInstall(t *testing.T) {
	b := needRelease(t)
	url := server(t, b.out1, nil)
	for _, sh := range shells(t) {
		t.Run(sh.name, func(t *testing.T) {
			m := newMachine(t)
			// gov setup speaks of $SHELL when it is a shell gov knows, else
			// of the shell running it (install.sh's).
			line := "sh"
			switch sh.name {
			case "bash", "zsh":
				m.shell = sh.argv[0]
				line = sh.name
			default:
				m.shell = "/bin/sh"
			}
			r := m.install(t, sh, url)
			m.wantInstalled(t, r, tag1, line)
			t.Logf("install.sh under %s: %v", sh.name, r.took.Round(time.Millisecond))
		})
	}
}

func TestInstallGOVHOME(t *testing.T) {
	b := needRelease(t)
	url := server(t, b.out1, nil)
	sh := shells(t)[0]
	m := newMachine(t)
	m.govHome = filepath.Join(filepath.Dir(m.home), "gov home")
	m.wantInstalled(t, m.install(t, sh, url), tag1, "bash")
	if files := tree(t, m.home); len(files) != 1 {
		t.Errorf("HOME holds %d entries, want none with GOV_HOME set elsewhere", len(files)-1)
	}
}

// With gov's directory in PATH, install.sh asks for no PATH line; with
// another gov before it, it says so.
func TestInstallInPATH(t *testing.T) {
	b := needRelease(t)
	url := server(t, b.out1, nil)
	sh := shells(t)[0]
	m := newMachine(t)
	m.path = m.bin() + ":" + m.path
	r := m.install(t, sh, url)
	if r.code != 0 || strings.Contains(r.stdout, "is not in PATH") || strings.Contains(r.stdout, "note: gov in PATH") {
		t.Errorf("install.sh with gov's directory in PATH: exit %d, want 0 and no PATH advice:\n%s%s", r.code, r.stdout, r.stderr)
	}

	m = newMachine(t)
	other := filepath.Join(t.TempDir(), "other")
	writeScript(t, filepath.Join(other, "gov"), "echo old gov\n")
	m.path = other + ":" + m.bin() + ":" + m.path
	r = m.install(t, sh, url)
	if want := "note: gov in PATH is " + filepath.Join(other, "gov") + ", which comes before " + m.bin(); r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("install.sh with another gov first in PATH: exit %d, want 0 and %q:\n%s%s", r.code, want, r.stdout, r.stderr)
	}
}

// A second run, of a newer release, upgrades in place; a tampered
// upgrade then leaves the installed gov as it was.
func TestUpgrade(t *testing.T) {
	b := needRelease(t)
	url1 := server(t, b.out1, nil)
	url2 := server(t, b.out3, nil)
	for _, sh := range shells(t) {
		t.Run(sh.name, func(t *testing.T) {
			m := newMachine(t)
			m.wantInstalled(t, m.install(t, sh, url1), tag1, "bash")
			r := m.install(t, sh, url2)
			m.wantInstalled(t, r, tag2, "bash")
			if r.code == 0 && !strings.Contains(r.stdout, archiveName(tag2, native)) {
				t.Errorf("the upgrade downloaded no %s:\n%s", archiveName(tag2, native), r.stdout)
			}
		})
	}
}

func TestTampered(t *testing.T) {
	b := needRelease(t)
	archive := tag2 + "/" + archiveName(tag2, native)
	good := []byte(readFile(t, filepath.Join(b.out3, archive)))
	evil := bytes.Clone(good)
	evil[len(evil)/2] ^= 1
	sums := readFile(t, filepath.Join(b.out3, tag2, "SHA256SUMS"))
	for _, tt := range []struct {
		name    string
		replace map[string][]byte
		want    string
	}{
		{"archive", map[string][]byte{archive: evil}, "has SHA-256"},
		{"SHA256SUMS", map[string][]byte{tag2 + "/SHA256SUMS": []byte(sums + strings.Repeat("0", 64) + "  extra.tar.gz\n")}, "signature does not verify"},
		{"signature", map[string][]byte{tag2 + "/SHA256SUMS.minisig": []byte(readFile(t, filepath.Join(b.out1, tag1, "SHA256SUMS.minisig")))}, "signature does not verify"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sh := shells(t)[0]
			m := newMachine(t)
			// Fresh: nothing installed.
			url := server(t, b.out3, tt.replace)
			m.wantRefused(t, m.install(t, sh, url), nil, tt.want)
			if _, err := os.Stat(m.bin()); !os.IsNotExist(err) {
				t.Errorf("GOV_HOME/bin exists after a refused install (%v)", err)
			}
			// An upgrade: the old gov stays.
			m.wantInstalled(t, m.install(t, sh, server(t, b.out1, nil)), tag1, "bash")
			before := tree(t, m.bin())
			m.wantRefused(t, m.install(t, sh, url), before, tt.want)
			if got := m.version(t); got != "gov version "+tag1 {
				t.Errorf("gov --version = %q after a refused upgrade, want %q", got, "gov version "+tag1)
			}
		})
	}
}

// install.sh renames gov's programs in release.Programs' order (which
// says why), and names its private files in $GOV_HOME/bin as gov's own
// (atomicfile.TempName's), so that gov self update removes what a killed
// install.sh left and gov self uninstall knows them.
func TestInstallScriptFollowsGo(t *testing.T) {
	script := readFile(t, "../install.sh")
	order := "for f in " + strings.Join(govrelease.Programs, " ") + "; do"
	if loops, ordered := strings.Count(script, "for f in "), strings.Count(script, order); loops == 0 || loops != ordered {
		t.Errorf("install.sh has %d loops over gov's programs, %d of them in release.Programs' order (%q)", loops, ordered, order)
	}
	if want := "priv=$bindir/" + atomicfile.Prefix + "$$.0."; !strings.Contains(script, want) {
		t.Errorf("install.sh does not name its private files as gov does (%q)", want)
	}
}

// install.sh runs nothing from $TMPDIR, which hardened hosts mount
// noexec: it checks the new programs from $GOV_HOME/bin, where they go.
func TestInstallNoexecTMPDIR(t *testing.T) {
	b := needRelease(t)
	url := server(t, b.out1, nil)
	sh := shells(t)[0]
	// tar leaves what it unpacks unrunnable, as a noexec TMPDIR does
	// (install.sh unpacks in the directory it runs tar in).
	t.Run("unrunnable", func(t *testing.T) {
		m := newMachine(t)
		tar, err := exec.LookPath("tar")
		if err != nil {
			t.Fatal(err)
		}
		fake := filepath.Join(t.TempDir(), "fake")
		writeScript(t, filepath.Join(fake, "tar"), "'"+tar+"' \"$@\" || exit\nchmod a-x ./*\n")
		m.path = fake + ":" + m.path
		m.wantInstalled(t, m.install(t, sh, url), tag1, "bash")
	})
	t.Run("noexec mount", func(t *testing.T) {
		if runtime.GOOS != "linux" || os.Getuid() != 0 {
			t.Skip("mounting a noexec TMPDIR needs root on Linux")
		}
		m := newMachine(t)
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "noexec,size=64m", "tmpfs", m.tmp).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", m.tmp).Run() })
		m.wantInstalled(t, m.install(t, sh, url), tag1, "bash")
	})
}

// A rename that fails part way leaves the install as it was: on an
// upgrade the old programs are back in place, on a first install there
// is nothing. mv fails to rename one program's new file into place.
func TestInstallRenameFails(t *testing.T) {
	b := needRelease(t)
	url1 := server(t, b.out1, nil)
	url2 := server(t, b.out3, nil)
	mv, err := exec.LookPath("mv")
	if err != nil {
		t.Skip("mv is not installed")
	}
	for _, sh := range shells(t) {
		for _, name := range govrelease.Programs {
			t.Run(sh.name+"/"+name, func(t *testing.T) {
				m := newMachine(t)
				fake := filepath.Join(t.TempDir(), "fake")
				writeScript(t, filepath.Join(fake, "mv"), "case $2 in */"+atomicfile.Prefix+"*."+name+") echo 'mv: injected failure' >&2; exit 1 ;; esac\nexec '"+mv+"' \"$@\"\n")
				if sh.name == "dash" && name == govrelease.Programs[len(govrelease.Programs)-1] {
					// Where there are no hard links, the old programs are
					// kept as copies.
					writeScript(t, filepath.Join(fake, "ln"), "echo 'ln: no hard links here' >&2; exit 1\n")
				}
				tools := m.path
				m.path = fake + ":" + tools
				want := "to " + name + ": mv: injected failure; the old programs are put back, nothing was installed"
				m.wantRefused(t, m.install(t, sh, url1), nil, want)
				if _, err := os.Stat(filepath.Join(m.home, ".gov")); !os.IsNotExist(err) {
					t.Errorf("~/.gov exists after a failed first install (%v): %q", err, tree(t, filepath.Join(m.home, ".gov")))
				}

				m.path = tools
				m.wantInstalled(t, m.install(t, sh, url1), tag1, "bash")
				before := tree(t, m.bin())
				m.path = fake + ":" + tools
				m.wantRefused(t, m.install(t, sh, url2), before, want)
				if got := m.version(t); got != "gov version "+tag1 {
					t.Errorf("gov --version = %q after a failed upgrade, want %q", got, "gov version "+tag1)
				}
			})
		}
	}
}

// GOV_RELEASE_KEY, gov's key from the README, is what install.sh checks
// the signature with, and must be the key the script carries.
func TestInstallReleaseKey(t *testing.T) {
	b := needRelease(t)
	url1 := server(t, b.out1, nil)
	url2 := server(t, b.out3, nil)
	sh := shells(t)[0]
	other := newKey(t)
	script := readFile(t, filepath.Join(b.out1, "install.sh"))
	forged := strings.Replace(script, "pubkey='"+b.pubKey+"'", "pubkey='"+other+"'", 1)
	if forged == script {
		t.Fatal("install.sh does not carry the release's key")
	}
	urlForged := server(t, b.out1, map[string][]byte{"install.sh": []byte(forged)})

	t.Run("the release's key", func(t *testing.T) {
		m := newMachine(t)
		m.releaseKey = b.pubKey
		m.wantInstalled(t, m.install(t, sh, url1), tag1, "bash")
	})
	t.Run("another key", func(t *testing.T) {
		m := newMachine(t)
		m.releaseKey = other
		want := "the minisign signature does not verify with GOV_RELEASE_KEY " + other + "; nothing was installed"
		m.wantRefused(t, m.install(t, sh, url1), nil, want)
		if _, err := os.Stat(m.bin()); !os.IsNotExist(err) {
			t.Errorf("GOV_HOME/bin exists after a refused install (%v)", err)
		}
		m.releaseKey = ""
		m.wantInstalled(t, m.install(t, sh, url1), tag1, "bash")
		before := tree(t, m.bin())
		m.releaseKey = other
		m.wantRefused(t, m.install(t, sh, url2), before, want)
	})
	t.Run("not a key", func(t *testing.T) {
		m := newMachine(t)
		m.releaseKey = "untrusted comment: minisign public key"
		m.wantRefused(t, m.install(t, sh, url1), nil, "GOV_RELEASE_KEY is not a minisign public key")
	})
	t.Run("no minisign", func(t *testing.T) {
		m := newMachine(t)
		m.releaseKey = b.pubKey
		m.path = toolDir(t, slices.DeleteFunc(slices.Clone(installTools), func(s string) bool { return s == "minisign" })...)
		m.wantRefused(t, m.install(t, sh, url1), nil, "GOV_RELEASE_KEY is set, but minisign is not installed")
	})
	// A script that carries another key than the one that signed the
	// release: refused whether GOV_RELEASE_KEY is gov's...
	t.Run("script with another key", func(t *testing.T) {
		m := newMachine(t)
		m.releaseKey = b.pubKey
		m.wantRefused(t, m.install(t, sh, urlForged), nil, "this script carries the key "+other+", not GOV_RELEASE_KEY")
	})
	// ... or unset, when the signature does not verify with it.
	t.Run("script with another key, no GOV_RELEASE_KEY", func(t *testing.T) {
		m := newMachine(t)
		m.wantRefused(t, m.install(t, sh, urlForged), nil, "the minisign signature does not verify with the key this script carries ("+other+")")
	})
}

// newKey makes a minisign key pair and returns its public key's base64
// line.
func newKey(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	gen := exec.Command("minisign", "-G", "-W", "-p", "pub", "-s", "sec")
	gen.Dir = dir
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("minisign -G: %v\n%s", err, out)
	}
	lines := strings.Split(readFile(t, filepath.Join(dir, "pub")), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "RW") {
		t.Fatalf("minisign wrote the public key file %q", lines)
	}
	return lines[1]
}

// The line install.sh gives for a GOV_HOME of one's own sets GOV_HOME to
// exactly that, whatever it holds, in the shell it is for.
func TestInstallGOVHOMEQuoted(t *testing.T) {
	b := needRelease(t)
	url := server(t, b.out1, nil)
	sh := shells(t)[0]
	for _, tt := range []struct {
		shell  string // $SHELL's name
		prefix string // what the line starts with
		quote  func(string) string
		run    []string // a shell that runs the line, nil for those of shells
	}{
		{"bash", "    export GOV_HOME=", func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }, nil},
		{"fish", "    set -gx GOV_HOME ", func(s string) string {
			return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
		}, []string{"fish", "--no-config", "-c"}},
		{"pwsh", "    $env:GOV_HOME = ", func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" },
			[]string{"pwsh", "-NoProfile", "-NonInteractive", "-Command"}},
	} {
		t.Run(tt.shell, func(t *testing.T) {
			m := newMachine(t)
			m.govHome = filepath.Join(filepath.Dir(m.home), `gov "home" $HOME `+"`id` it's a \\ dir")
			m.shell = "/usr/bin/" + tt.shell
			r := m.install(t, sh, url)
			if r.code != 0 {
				t.Fatalf("install.sh exited %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			var line string
			for _, l := range strings.Split(r.stdout, "\n") {
				if strings.HasPrefix(l, tt.prefix) {
					line = strings.TrimSpace(l)
				}
			}
			if want := strings.TrimSpace(tt.prefix + tt.quote(m.govHome)); line != want {
				t.Fatalf("install.sh printed the line %q, want %q:\n%s", line, want, r.stdout)
			}
			var runs [][]string
			if tt.run == nil {
				for _, s := range shells(t) {
					runs = append(runs, append(slices.Clone(s.argv), "-c"))
				}
			} else if _, err := exec.LookPath(tt.run[0]); err == nil {
				runs = append(runs, tt.run)
			} else {
				t.Logf("%s is not installed: the line %s is not run", tt.run[0], line)
			}
			for _, argv := range runs {
				script := line + `; printf '%s' "$GOV_HOME"`
				if tt.shell == "pwsh" {
					script = line + `; [Console]::Out.Write($env:GOV_HOME)`
				}
				cmd := exec.Command(argv[0], append(argv[1:], script)...)
				cmd.Env = []string{"HOME=" + m.home, "PATH=" + m.path}
				out, err := cmd.Output()
				if err != nil || string(out) != m.govHome {
					t.Errorf("%s -c %s: GOV_HOME is %q (%v), want %q", argv[0], line, out, err, m.govHome)
				}
			}
		})
	}
}

// Platforms: uname and sysctl faked first in PATH. The release has only
// this machine's archive, so another real platform is told that there is
// none for it.
func TestPlatform(t *testing.T) {
	b := needRelease(t)
	url := server(t, b.out1, nil)
	sh := shells(t)[0]
	for _, tt := range []struct {
		s, m, translated string
		plat             string // the platform install.sh should pick (linux-amd64), "" for none
		want             string // on stderr, when it is not this machine's
	}{
		{"SunOS", "sun4v", "", "", "unsupported platform SunOS sun4v"},
		{"Linux", "sparc64", "", "", "unsupported platform Linux sparc64"},
		{"FreeBSD", "amd64", "", "", "unsupported platform FreeBSD amd64"},
		{"Linux", "x86_64", "", "linux-amd64", "has no archive for linux/amd64"},
		{"Linux", "amd64", "", "linux-amd64", "has no archive for linux/amd64"},
		{"Linux", "aarch64", "", "linux-arm64", "has no archive for linux/arm64"},
		{"Linux", "arm64", "", "linux-arm64", "has no archive for linux/arm64"},
		{"Darwin", "x86_64", "0", "darwin-amd64", "has no archive for darwin/amd64"},
		{"Darwin", "x86_64", "1", "darwin-arm64", "has no archive for darwin/arm64"}, // Rosetta
		{"Darwin", "arm64", "", "darwin-arm64", "has no archive for darwin/arm64"},
	} {
		t.Run(tt.s+"_"+tt.m+tt.translated, func(t *testing.T) {
			m := newMachine(t)
			fake := filepath.Join(t.TempDir(), "fake")
			writeScript(t, filepath.Join(fake, "uname"), "case $1 in -s) echo "+tt.s+";; -m) echo "+tt.m+";; *) exit 1;; esac\n")
			if tt.translated != "" {
				writeScript(t, filepath.Join(fake, "sysctl"), "[ \"$*\" = '-n sysctl.proc_translated' ] && echo "+tt.translated+"\n")
			}
			m.path = fake + ":" + m.path
			r := m.install(t, sh, url)
			if tt.plat == native.String() {
				m.wantInstalled(t, r, tag1, "bash")
				return
			}
			m.wantRefused(t, r, nil, tt.want)
		})
	}
}

// Tools: a PATH of chosen tools only.
func TestTools(t *testing.T) {
	b := needRelease(t)
	url := server(t, b.out1, nil)
	sh := shells(t)[0]
	without := func(names ...string) []string {
		return slices.DeleteFunc(slices.Clone(installTools), func(s string) bool { return slices.Contains(names, s) })
	}
	for _, tt := range []struct {
		name    string
		tools   []string
		needs   []string // skipped unless these are installed
		refused bool
		want    string // on stderr when refused, on stdout when installed
	}{
		{"no sha tool", without("sha256sum", "shasum"), nil, true, "neither sha256sum nor shasum is installed"},
		{"no downloader", without("curl", "wget"), nil, true, "neither curl nor wget is installed"},
		{"no tar", without("tar"), nil, true, "tar is not installed"},
		{"no minisign", without("minisign"), nil, false, "minisign is not installed: the signature of SHA256SUMS was not checked"},
		{"wget", without("curl"), []string{"wget"}, false, "checked: the archive's SHA-256, and the minisign"},
		{"shasum", without("sha256sum"), []string{"shasum"}, false, "checked: the archive's SHA-256, and the minisign"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			needTools(t, tt.needs...)
			m := newMachine(t)
			m.path = toolDir(t, tt.tools...)
			if tt.refused {
				m.wantRefused(t, m.install(t, sh, url), nil, tt.want)
				return
			}
			r := m.install(t, sh, url)
			if r.code != 0 || !strings.Contains(r.stdout, tt.want) {
				t.Errorf("install.sh exited %d, want 0 and %q\nstdout:\n%s\nstderr:\n%s", r.code, tt.want, r.stdout, r.stderr)
			}
			if got := m.version(t); got != "gov version "+tag1 {
				t.Errorf("installed gov --version = %q, want %q", got, "gov version "+tag1)
			}
		})
	}
}

// The template itself refuses to run.
func TestTemplate(t *testing.T) {
	sh := shells(t)[0]
	m := newMachine(t)
	cmd := exec.Command(sh.argv[0], append(sh.argv[1:], "../install.sh")...)
	cmd.Env = m.env("http://127.0.0.1:1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	r := result{code: exitCode(err), stderr: stderr.String()}
	m.wantRefused(t, r, nil, "this is the template")
}

// toolDir returns a directory of symbolic links to the named programs, as
// the caller's PATH finds them (wherever they are: /usr/bin, Homebrew's
// directory, ...; those not installed are left out), for a PATH that has
// them and nothing else.
func toolDir(t *testing.T, names ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tools")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if path, err = filepath.Abs(path); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(path, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// needTools skips the test unless the caller's PATH has each of names.
func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			t.Skipf("%s is not installed", name)
		}
	}
}

// needOneOf skips the test unless the caller's PATH has one of names.
func needOneOf(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err == nil {
			return
		}
	}
	t.Skipf("none of %s is installed", strings.Join(names, ", "))
}

func writeScript(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// exitCode is err's exit status: 0 for nil, -1 if the program did not run.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// TestSelfUpdateFromRelease joins the two halves of a release: a gov that
// install.sh put in place updates itself from the next release that
// release.sh made, checking that release's signature with the key
// release.sh linked into it.
func TestSelfUpdateFromRelease(t *testing.T) {
	b := needRelease(t)
	url1 := server(t, b.out1, nil)
	url2 := server(t, b.out3, nil)
	m := newMachine(t)
	m.wantInstalled(t, m.install(t, shells(t)[0], url1), tag1, "bash")
	gov := func(args ...string) (string, error) {
		cmd := exec.Command(filepath.Join(m.bin(), "gov"), args...)
		cmd.Env = m.env(url2)
		cmd.Dir = m.home
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := gov("self", "update", "--check"); err != nil || !strings.Contains(out, tag2) {
		t.Fatalf("gov self update --check: %v\n%s", err, out)
	}
	out, err := gov("self", "update")
	if err != nil || !strings.Contains(out, "updated gov from "+tag1+" to "+tag2) {
		t.Fatalf("gov self update: %v\n%s", err, out)
	}
	if got := m.version(t); got != "gov version "+tag2 {
		t.Errorf("after gov self update, gov --version = %q, want %q", got, "gov version "+tag2)
	}
	cmd := exec.Command(filepath.Join(m.bin(), "gov-core"), "--version")
	cmd.Env = m.env("")
	if out, err := cmd.CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "gov version "+tag2 {
		t.Errorf("gov-core --version after the update: %v %q", err, out)
	}
	// The installed programs are the ones in tag2's archive for this machine.
	archive := readFile(t, filepath.Join(b.out3, tag2, archiveName(tag2, native)))
	for name, data := range untar(t, archive) {
		if name == "LICENSE" || name == "README.md" {
			continue
		}
		if got := readFile(t, filepath.Join(m.bin(), name)); got != data {
			t.Errorf("%s after the update is not the one in %s", name, archiveName(tag2, native))
		}
	}
}

// untar returns the regular files of the gzipped tar data by name.
func untar(t *testing.T, data string) map[string]string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = string(body)
	}
}
