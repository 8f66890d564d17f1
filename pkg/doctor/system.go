package doctor

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
)

// A System is the machine as the checks see it.
//
// Paths in it (environment values, Dir, Executable, and the names given to
// Command and Xattr) are the machine's own, such as /home/me/.zshrc. The
// checks read files under Root: "" on a real machine, a temp dir in tests,
// which build a home, a store and a PATH there and fake the rest.
type System struct {
	Getenv func(key string) string
	Root   string

	// Command runs a program and returns its combined output. Local's
	// stops it after a few seconds and runs it with GOTOOLCHAIN=local and
	// without GOV_AUTO_INSTALL, so nothing doctor runs downloads anything.
	Command func(ctx context.Context, name string, args ...string) ([]byte, error)
	// Probe asks url over HTTP and returns the answer's status code. Nil
	// means offline: the network checks are skipped.
	Probe func(ctx context.Context, url string) (int, error)
	// Xattr reports whether the file path has the extended attribute name
	// (macOS: com.apple.quarantine).
	Xattr func(path, name string) (bool, error)

	Platform   Platform
	UID        int   // the user running gov; -1 where there are no uids
	Groups     []int // the user's group ids
	Dir        string
	Executable string // the running gov, symlinks resolved; "" if unknown
	Parent     string // the name of the process that ran gov (its shell), "" if unknown

	memo memo
}

// Platform is what gov itself runs as.
type Platform struct {
	OS, Arch   string // runtime.GOOS and runtime.GOARCH of the gov binary
	Translated bool   // gov runs under Rosetta 2 (sysctl.proc_translated)
}

// Native is the machine's own platform: an amd64 gov under Rosetta runs
// on an arm64 Mac.
func (p Platform) Native() platform.Platform { return platform.NativeOf(p.OS, p.Arch, p.Translated) }

// memo holds what several checks need and each computes at most once.
type memo struct {
	envOnce sync.Once
	envFile string            // the go env file ("" with GOENV=off)
	envVars map[string]string // its settings
	envErr  error             // reading it, other than not existing

	selOnce sync.Once
	sel     *shim.Selection
	selErr  error
	sdkEnv  map[string]string // the selected SDK's go.env

	osOnce    sync.Once
	osRelease map[string]string
}

// maxFile bounds the files the checks read: rc files, env files, go.mod.
const maxFile = 1 << 20

// real is the path where the checks find the machine's path p.
func (sys *System) real(p string) string {
	if sys.Root == "" {
		return p
	}
	return filepath.Join(sys.Root, p)
}

// machine turns a path under Root back into the machine's path.
func (sys *System) machine(p string) string {
	if sys.Root == "" {
		return p
	}
	if rel, err := filepath.Rel(sys.Root, p); err == nil && filepath.IsLocal(rel) {
		return string(filepath.Separator) + rel
	}
	return p
}

func (sys *System) stat(p string) (fs.FileInfo, error) { return os.Stat(sys.real(p)) }

func (sys *System) readDir(p string) ([]fs.DirEntry, error) { return os.ReadDir(sys.real(p)) }

func (sys *System) exists(p string) bool {
	_, err := sys.stat(p)
	return err == nil
}

func (sys *System) isDir(p string) bool {
	fi, err := sys.stat(p)
	return err == nil && fi.IsDir()
}

// isExec reports whether p is a file a shell would run.
func (sys *System) isExec(p string) bool {
	fi, err := sys.stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	return sys.Platform.OS == "windows" || fi.Mode().Perm()&0o111 != 0
}

// readFile reads a small text file.
func (sys *System) readFile(p string) ([]byte, error) {
	f, err := os.Open(sys.real(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err == nil && len(data) > maxFile {
		err = errors.New("file too large (over 1 MiB)")
	}
	return data, err
}

// evalSymlinks resolves p's symbolic links, or returns p.
func (sys *System) evalSymlinks(p string) string {
	r, err := filepath.EvalSymlinks(sys.real(p))
	if err != nil {
		return p
	}
	return sys.machine(r)
}

// samePath reports whether a and b name the same directory or file.
func (sys *System) samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, err1 := sys.stat(a)
	fb, err2 := sys.stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

func (sys *System) home() string {
	if sys.Platform.OS == "windows" {
		return sys.Getenv("USERPROFILE")
	}
	return sys.Getenv("HOME")
}

// abs makes p absolute against the working directory.
func (sys *System) abs(p string) string {
	if filepath.IsAbs(p) || p == "" {
		return filepath.Clean(p)
	}
	return filepath.Join(sys.Dir, p)
}

// govHome is $GOV_HOME, else ~/.gov.
func (sys *System) govHome() string {
	if h := sys.Getenv("GOV_HOME"); h != "" {
		return sys.abs(h)
	}
	return filepath.Join(sys.home(), ".gov")
}

func (sys *System) shimsDir() string { return filepath.Join(sys.govHome(), layout.ShimsDir) }

// tilde writes p with ~ for the home directory, as users write it.
func (sys *System) tilde(p string) string {
	h := sys.home()
	if h == "" || h == "/" {
		return p
	}
	if p == h {
		return "~"
	}
	if rest, ok := strings.CutPrefix(p, h+string(filepath.Separator)); ok {
		return "~/" + rest
	}
	return p
}

// shellPath writes p for a command line: ~/x where that needs no quotes,
// else single-quoted.
func (sys *System) shellPath(p string) string {
	t := sys.tilde(p)
	if strings.IndexFunc(t, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+~@:,=", r))
	}) < 0 {
		return t
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

// exe is a program's file name on this system.
func (sys *System) exe(name string) string {
	if sys.Platform.OS == "windows" {
		return name + ".exe"
	}
	return name
}

// pathDirs are the directories of PATH in order; an empty entry is the
// working directory, as for the shell.
func (sys *System) pathDirs() []string {
	var dirs []string
	for _, d := range filepath.SplitList(sys.Getenv("PATH")) {
		if d == "" {
			d = "."
		}
		dirs = append(dirs, sys.abs(d))
	}
	return dirs
}

// lookPath returns every executable named name in PATH, in order: the
// first is what a shell runs.
func (sys *System) lookPath(name string) []string {
	var found []string
	seen := map[string]bool{}
	for _, d := range sys.pathDirs() {
		p := filepath.Join(d, sys.exe(name))
		if !seen[p] && sys.isExec(p) {
			found = append(found, p)
		}
		seen[p] = true
	}
	return found
}

// which returns what a shell runs for name (a name or a path), or "".
func (sys *System) which(name string) string {
	if strings.ContainsRune(name, '/') {
		p := sys.abs(name)
		if sys.isExec(p) {
			return p
		}
		return ""
	}
	if found := sys.lookPath(name); len(found) > 0 {
		return found[0]
	}
	return ""
}

// inPath returns dir's index in PATH, or -1.
func (sys *System) inPath(dir string) int {
	for i, d := range sys.pathDirs() {
		if sys.samePath(d, dir) {
			return i
		}
	}
	return -1
}

// goEnvFile returns the go command's settings file (go env -w) and what it
// sets. file is "" with GOENV=off.
func (sys *System) goEnvFile() (file string, vars map[string]string, err error) {
	m := &sys.memo
	m.envOnce.Do(func() {
		m.envFile = sys.goEnvPath()
		m.envVars = map[string]string{}
		if m.envFile == "" {
			return
		}
		data, err := sys.readFile(m.envFile)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				m.envErr = err
			}
			return
		}
		m.envVars = goenv.Parse(data)
	})
	return m.envFile, m.envVars, m.envErr
}

// goEnvPath is where go env -w writes on this System (goenv.File, with
// the user config directory of its platform and environment).
func (sys *System) goEnvPath() string {
	if f := goenv.File(sys.Getenv, sys.userConfigDir()); f != "" {
		return sys.abs(f)
	}
	return ""
}

func (sys *System) userConfigDir() string {
	switch sys.Platform.OS {
	case "darwin", "ios":
		return filepath.Join(sys.home(), "Library", "Application Support")
	case "windows":
		return sys.Getenv("AppData")
	}
	if d := sys.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(sys.home(), ".config")
}

func (sys *System) userCacheDir() string {
	switch sys.Platform.OS {
	case "darwin", "ios":
		return filepath.Join(sys.home(), "Library", "Caches")
	case "windows":
		return sys.Getenv("LocalAppData")
	}
	if d := sys.Getenv("XDG_CACHE_HOME"); filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(sys.home(), ".cache")
}

// Where a Go setting comes from.
const (
	fromEnv   = "the environment"
	fromFile  = "go env -w"
	fromSDK   = "the SDK's go.env"
	fromUnset = ""
)

// goVar returns a setting as the go command that gov's shim runs here sees
// it, and where it came from: the environment, else the go env file, else
// the selected SDK's go.env. (The shim's own GOROOT and GOTOOLCHAIN are
// not applied: checks that care say so.)
func (sys *System) goVar(key string) (value, from string) {
	if v := sys.Getenv(key); v != "" {
		return v, fromEnv
	}
	return sys.goVarOutside(key)
}

// goVarOutside is goVar without the environment: the go env file, else
// the selected SDK's go.env.
func (sys *System) goVarOutside(key string) (value, from string) {
	if _, vars, _ := sys.goEnvFile(); vars[key] != "" {
		return vars[key], fromFile
	}
	sys.selection()
	if v := sys.memo.sdkEnv[key]; v != "" {
		return v, fromSDK
	}
	return "", fromUnset
}

// goSetting is a setting as the shim reads it: the environment, else the
// go env file (gov's own GOV_* settings from the environment alone).
func (sys *System) goSetting(key string) string {
	if v := goenv.Unhook(sys.Getenv, key); v != "" || strings.HasPrefix(key, "GOV_") {
		return v
	}
	_, vars, _ := sys.goEnvFile()
	return vars[key]
}

// targetPlatform is the platform the shim runs SDKs for: GOV_PLATFORM,
// else the native one.
func (sys *System) targetPlatform() (platform.Platform, error) {
	if s := sys.Getenv("GOV_PLATFORM"); s != "" {
		return platform.Parse(s)
	}
	return sys.Platform.Native(), nil
}

// selection is what gov's shim selects in the working directory, with the
// shim's own resolver. The selection's paths are under Root.
func (sys *System) selection() (*shim.Selection, error) {
	m := &sys.memo
	m.selOnce.Do(func() {
		p, err := sys.targetPlatform()
		if err != nil {
			m.selErr = hint.New("GOV_PLATFORM: "+err.Error(), "unset GOV_PLATFORM")
			return
		}
		r := shim.NewResolver(sys.real(sys.govHome()), p, sys.goSetting)
		m.sel, m.selErr = r.Resolve(sys.real(sys.Dir))
		if m.selErr == nil && m.sel.Installed() {
			if data, err := os.ReadFile(filepath.Join(m.sel.SDK.Dir, "go.env")); err == nil {
				m.sdkEnv = goenv.Parse(data)
			}
		}
	})
	return m.sel, m.selErr
}

// selectedGOROOT is the machine path of the SDK the shim runs here, or "".
func (sys *System) selectedGOROOT() string {
	sel, err := sys.selection()
	if err != nil || !sel.Installed() {
		return ""
	}
	return sys.machine(sel.SDK.Dir)
}

// osRelease returns /etc/os-release's settings (ID, ID_LIKE, ...).
func (sys *System) osRelease() map[string]string {
	m := &sys.memo
	m.osOnce.Do(func() {
		m.osRelease = map[string]string{}
		data, err := sys.readFile("/etc/os-release")
		if err != nil {
			return
		}
		for k, v := range goenv.Parse(data) {
			m.osRelease[k] = strings.Trim(v, `"'`)
		}
	})
	return m.osRelease
}
