package doctor

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// checkCgo checks the C toolchain cgo needs: the compiler the go command
// would use ($CC, else gcc, or clang on macOS) is in PATH and runs, and
// on macOS the developer tools (xcode-select -p) and their SDK exist.
func checkCgo(ctx context.Context, sys *System) []Result {
	enabled, from := sys.goVar("CGO_ENABLED")
	xcode, tools := sys.xcodeResult(ctx)
	if enabled == "0" && xcode.Status == Fail {
		xcode.Status = Warn // nothing needs them while cgo is off
	}
	return []Result{sys.ccResult(ctx, enabled, from, tools), xcode}
}

// defaultCC is the compiler the go command looks for when CC is unset
// (cmd/go's cfg.DefaultCC).
func defaultCC(goos string) string {
	switch goos {
	case "darwin", "ios", "freebsd", "openbsd":
		return "clang"
	}
	return "gcc"
}

func (sys *System) ccResult(ctx context.Context, enabled, from string, devTools bool) Result {
	r := Result{ID: "cgo", Status: OK}
	if enabled == "0" {
		r.Summary = "cgo is off (CGO_ENABLED=0, from " + from + "): no C compiler needed"
		r.Detail = "packages that need C, such as github.com/mattn/go-sqlite3, do not build"
		return r
	}
	cc, ccFrom := sys.goVar("CC")
	if f := strings.Fields(cc); len(f) > 0 {
		cc, ccFrom = f[0], "CC from "+ccFrom
	} else {
		cc, ccFrom = defaultCC(sys.Platform.OS), "the go command's default"
	}
	explicit := "the C compiler"
	if enabled == "1" {
		explicit = "CGO_ENABLED=1 (from " + from + "), but the C compiler"
	}
	path := sys.which(cc)
	switch {
	case path == "" && enabled == "1":
		r.Status, r.Summary, r.Fix = Fail, fmt.Sprintf("%s %s (%s) is not in PATH: cgo builds fail", explicit, cc, ccFrom), sys.installCC()
		return r
	case path == "":
		r.Status, r.Summary, r.Fix = Warn, fmt.Sprintf("no C compiler (%s, %s) in PATH, so the go command turns cgo off", cc, ccFrom), sys.installCC()
		r.Detail = "packages that need C, such as github.com/mattn/go-sqlite3, do not build; set CGO_ENABLED=0 to turn cgo off on purpose"
		return r
	case sys.Platform.OS == "darwin" && !devTools && filepath.Dir(path) == "/usr/bin":
		// Without the developer tools /usr/bin/cc only offers to install
		// them (in a dialog); do not run it.
		r.Status, r.Summary, r.Fix = Fail, fmt.Sprintf("%s is only a stub: the developer tools are not installed, so cgo builds fail", path), "xcode-select --install"
		return r
	}
	out, err := sys.Command(ctx, path, "--version")
	if err != nil {
		r.Status, r.Fix = Fail, sys.installCC()
		r.Summary = fmt.Sprintf("%s %s does not run (%s): cgo builds fail", explicit, path, firstLine(err.Error()))
		if l := firstLine(string(out)); l != "" {
			r.Detail = l
		}
		return r
	}
	r.Summary = fmt.Sprintf("cgo can build: %s runs (%s)", path, ccFrom)
	r.Detail = firstLine(string(out))
	return r
}

// xcodeResult checks the macOS developer tools; tools reports whether
// they are there.
func (sys *System) xcodeResult(ctx context.Context) (r Result, tools bool) {
	r = Result{ID: "cgo.xcode", Status: OK}
	if sys.Platform.OS != "darwin" {
		r.Summary = "not macOS"
		return r, true
	}
	out, err := sys.Command(ctx, "xcode-select", "-p")
	if err != nil {
		r.Status, r.Summary, r.Fix = Fail, "no developer tools: xcode-select -p fails", "xcode-select --install"
		r.Detail = firstLine(string(out))
		return r, false
	}
	dir := strings.TrimSpace(string(out))
	if !sys.isDir(dir) {
		r.Status, r.Summary, r.Fix = Fail, fmt.Sprintf("xcode-select points to %s, which does not exist", dir), "sudo xcode-select --reset"
		return r, false
	}
	for _, sdk := range []string{
		filepath.Join(dir, "SDKs", "MacOSX.sdk"),                                              // Command Line Tools
		filepath.Join(dir, "Platforms", "MacOSX.platform", "Developer", "SDKs", "MacOSX.sdk"), // Xcode.app
	} {
		if sys.isDir(sdk) {
			r.Summary = fmt.Sprintf("developer tools in %s, with the macOS SDK", dir)
			r.Detail = sdk
			return r, true
		}
	}
	r.Status, r.Summary = Fail, fmt.Sprintf("the developer tools in %s have no macOS SDK", dir)
	r.Detail = `cgo builds fail with "fatal error: 'stdlib.h' file not found" (a macOS upgrade often does this)`
	r.Fix = "sudo xcode-select --reset"
	if strings.Contains(dir, "CommandLineTools") {
		r.Fix = "sudo rm -rf " + dir + " && xcode-select --install"
	}
	return r, true
}
