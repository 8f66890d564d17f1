package shim

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// maxDepth bounds how often a shim may run itself through the SDKs it
// execs (a broken store whose bin/go is a shim, a loop through PATH).
// Toolchain switches nest one or two levels; a loop reaches this at once.
const maxDepth = 8

// DepthVar counts nested shim runs.
const DepthVar = "GOV_SHIM_DEPTH"

// Main is the shim's main function: it runs the tool named by its own
// name (go, gofmt, or go1.22.3 for exactly that version) from the
// selected SDK, and returns only on failure.
func Main() {
	err := run(os.Args)
	os.Stderr.WriteString("gov: " + hint.Message(err) + "\n")
	os.Exit(1)
}

// run execs the tool, so it returns only what went wrong.
func run(args []string) error {
	name := strings.TrimSuffix(filepath.Base(args[0]), platform.ExeSuffix)
	depth, _ := strconv.Atoi(os.Getenv(DepthVar))
	if depth >= maxDepth {
		return hint.New("the "+name+" shim has run itself "+strconv.Itoa(depth)+" times ("+DepthVar+")", "the SDK or PATH loops back to gov's shim: "+hint.Run("doctor"))
	}
	home, err := shimHome(args[0])
	if err != nil {
		return err
	}
	p, err := platform.Current()
	if err != nil {
		return err
	}
	r := Local(home, p, nil)

	tool := name
	var sel *Selection
	if v, ok := strings.CutPrefix(name, "go"); ok && v != "" && v[0] >= '0' && v[0] <= '9' {
		// go1.22.3: exactly that version, as GOTOOLCHAIN=go1.22.3 asks.
		ver, err := gover.Parse(name)
		if err != nil {
			return errors.New("shim name " + hint.Quote(name) + " is not a Go version")
		}
		tool = "go"
		sel = &Selection{Spec: gover.Exact{V: ver}, Raw: name, From: FromName, Plat: p}
		r.Settle(sel)
	} else {
		wd, err := Getwd()
		if err != nil {
			return err
		}
		if sel, err = r.Resolve(wd); err != nil {
			return err
		}
	}
	if !sel.Installed() {
		if os.Getenv("GOV_AUTO_INSTALL") != "1" {
			return NotInstalledError(sel)
		}
		if err := autoInstall(home, sel); err != nil {
			return err
		}
		if r.Settle(sel); !sel.Installed() {
			return NotInstalledError(sel)
		}
	}
	err = execTool(filepath.Join(sel.SDK.Dir, "bin", tool+platform.ExeSuffix), args, Environ(os.Environ(), sel.SDK.Dir, depth+1, sel.Local))
	// The exec failed. A gov uninstall (or a reinstall) may have moved
	// the SDK between the lookup and the exec: look again before calling
	// the SDK damaged.
	for range 2 {
		if r.Settle(sel); !sel.Installed() {
			return NotInstalledError(sel)
		}
		err = execTool(filepath.Join(sel.SDK.Dir, "bin", tool+platform.ExeSuffix), args, Environ(os.Environ(), sel.SDK.Dir, depth+1, sel.Local))
	}
	return err
}

// NotInstalledError says which version is missing, who asked for it, and
// the command that installs it.
func NotInstalledError(sel *Selection) error {
	msg := "no installed Go matches " + sel.Raw
	if e, ok := sel.Spec.(gover.Exact); ok {
		msg = e.V.Toolchain() + " is not installed"
	}
	return hint.New(msg+" ("+sel.Reason()+")", hint.Run(strings.Join(installArgs(sel), " ")))
}

// installArgs are the arguments of the gov command that installs sel: for
// a module's requirement of a release, the newest release of its line
// (gov install 1.25 for go 1.25.3: security fixes), which meets it.
func installArgs(sel *Selection) []string {
	args := []string{"install"}
	if sel.Plat != platform.Native() && sel.Plat.OS != "" {
		args = append(args, "--platform", sel.Plat.String())
	}
	spec := sel.Raw
	if e, ok := sel.Spec.(gover.Exact); ok {
		spec = e.V.Pin()
		if sel.Requirement() && e.V.Kind == "" {
			spec = gover.LineOf(e.V).Pin()
		}
	}
	return append(args, spec)
}

// Environ returns env as the real go should see it: GOROOT set to the SDK
// (a stale GOROOT is the classic "cannot find package fmt"), GOTOOLCHAIN
// set to local unless the user set it (gov decides which toolchain runs;
// Toolchain, with the user's own GOTOOLCHAIN where the prompt hook set
// local: goenv.Unhook),
// the SDK's bin first in PATH (nested go commands run the same version
// without resolving again), and the shim depth counted. With local set
// (gov runs a newer release of the line than the go command would pick),
// GOTOOLCHAIN is local whatever the user set, so that the go command does
// not download the release gov chose not to need.
func Environ(env []string, goroot string, depth int, local bool) []string {
	out := make([]string, 0, len(env)+4)
	bin := filepath.Join(goroot, "bin")
	path, toolchain, hooked := "", "", ""
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOROOT", DepthVar:
			continue
		case "PATH":
			path = v
			continue
		case "GOTOOLCHAIN":
			toolchain = v
			continue
		case goenv.HookVar:
			hooked = v
			continue
		}
		out = append(out, kv)
	}
	toolchain = Toolchain(goenv.Unhook(func(k string) string {
		if k == goenv.HookVar {
			return hooked
		}
		return toolchain
	}, "GOTOOLCHAIN"), local)
	if path != bin && !strings.HasPrefix(path, bin+string(os.PathListSeparator)) {
		if path == "" {
			path = bin
		} else {
			path = bin + string(os.PathListSeparator) + path
		}
	}
	return append(out,
		"GOROOT="+goroot,
		"GOTOOLCHAIN="+toolchain,
		"PATH="+path,
		DepthVar+"="+strconv.Itoa(depth),
	)
}

// Toolchain is the GOTOOLCHAIN the real go gets, given the user's (from
// the environment; "" for none) and the selection's Local: local unless
// the user set one (gov decides which toolchain runs), and local whatever
// the user set when gov runs another toolchain than the go command would.
func Toolchain(user string, local bool) string {
	if user == "" || local { // an empty GOTOOLCHAIN counts as unset, as for the go command
		return "local"
	}
	return user
}

// Getwd returns the working directory as the go command sees it (the
// logical path in $PWD when it names the same directory).
func Getwd() (string, error) {
	wd, err := getwd()
	if err != nil {
		return "", errors.New("cannot find the current directory: " + hint.Reason(err))
	}
	return wd, nil
}

// shimHome finds gov's home: GOV_HOME, else the directory above the shims
// directory this shim runs from, else ~/.gov.
func shimHome(arg0 string) (string, error) {
	if os.Getenv("GOV_HOME") != "" {
		return layout.Home()
	}
	self := arg0
	if !strings.ContainsRune(self, os.PathSeparator) {
		exe, err := os.Executable()
		if err == nil {
			self = exe
		}
	}
	if dir := filepath.Dir(self); filepath.Base(dir) == layout.ShimsDir && filepath.IsAbs(dir) {
		return filepath.Dir(dir), nil
	}
	return layout.Home()
}

// autoInstall runs gov install for the selection (GOV_AUTO_INSTALL=1),
// with the gov binary that installed the shims.
func autoInstall(home string, sel *Selection) error {
	data, err := readFile(filepath.Join(home, layout.ShimsDir, layout.GovPathFile))
	gov := strings.TrimSpace(string(data))
	if err != nil || gov == "" {
		return hint.New("GOV_AUTO_INSTALL=1, but the shims do not say where gov is", hint.Run("env")+" (or gov install "+sel.Raw+") once")
	}
	args := append([]string{gov}, installArgs(sel)...)
	spec := args[len(args)-1]
	proc, err := os.StartProcess(gov, args, &os.ProcAttr{Files: []*os.File{os.Stdin, os.Stderr, os.Stderr}})
	if err != nil {
		return hint.New("GOV_AUTO_INSTALL=1, but gov could not run: "+hint.Reason(err), hint.Run("install "+spec))
	}
	st, err := proc.Wait()
	if err != nil || !st.Success() {
		return hint.New("automatic gov install "+spec+" failed ("+sel.Reason()+")", "see above")
	}
	return nil
}
