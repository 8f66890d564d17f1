package doctor

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// maxTools bounds how many of GOBIN's files are checked for shadowing.
const maxTools = 1000

// checkGOBIN checks that the tools go install writes (to GOBIN, else the
// first GOPATH's bin) are found by name: their directory is in PATH, and
// no earlier PATH directory has a program of the same name. It gives one
// answer: the shadowing line appears only once the directory is in PATH,
// and the first line claims no more than that.
func checkGOBIN(ctx context.Context, sys *System) []Result {
	gobin, from := sys.goVar("GOBIN")
	switch {
	case gobin == "":
		gobin, from = filepath.Join(sys.gopathFirst(), "bin"), "GOPATH/bin"
	case !filepath.IsAbs(gobin):
		// go install refuses it ("GOBIN must be an absolute path"): PATH
		// is beside the point.
		return []Result{{
			ID: "gobin", Status: Fail,
			Summary: fmt.Sprintf("GOBIN=%s (from %s) is not an absolute path: go install refuses to install tools", gobin, from),
			Fix:     sys.settingFix("GOBIN", from),
		}}
	default:
		from = "GOBIN from " + from
	}
	label := sys.tilde(gobin) + " (" + from + ")"
	at := sys.inPath(gobin)
	if at < 0 {
		return []Result{{
			ID: "gobin", Status: Warn,
			Summary: "go install puts tools in " + label + ", which is not in PATH",
			Detail:  "tools such as gopls, dlv or staticcheck installed with go install are then not found by name",
			Fix:     sys.addToPathFix(gobin),
		}}
	}
	inPath := Result{ID: "gobin", Status: OK, Summary: "go install puts tools in " + label + ", which is in PATH"}
	shadow := Result{ID: "gobin.shadow", Status: OK}
	// What each earlier PATH directory holds, read once.
	earlier := sys.pathDirs()[:at]
	shims := sys.shimsDir()
	entries, _ := sys.readDir(gobin)
	var found []string
	for i, e := range entries {
		if i >= maxTools {
			break
		}
		tool := filepath.Join(gobin, e.Name())
		if strings.HasPrefix(e.Name(), ".") || !sys.isExec(tool) {
			continue
		}
		for _, d := range earlier {
			if other := filepath.Join(d, e.Name()); sys.isExec(other) && !sys.samePath(other, tool) {
				found = append(found, fmt.Sprintf("%s is shadowed by %s", sys.tilde(tool), other))
				if shadow.Fix == "" {
					shadow.Fix = "rm " + sys.shellPath(other) + "   # or put " + sys.tilde(gobin) + " before " + d + " in PATH"
					if sys.samePath(d, shims) {
						shadow.Fix = "rm " + sys.shellPath(tool) + "   # gov's shim runs this version from gov's verified store"
					}
				}
				break
			}
		}
	}
	if len(found) == 0 {
		shadow.Summary = "every tool in " + sys.tilde(gobin) + " runs by name: no earlier PATH directory has a program of the same name"
		return []Result{inPath, shadow}
	}
	shadow.Status = Warn
	shadow.Summary = found[0]
	if len(found) > 1 {
		shadow.Summary += " (and " + count(len(found)-1, "other", "others") + ")"
	}
	shadow.Detail = strings.Join(found, "\n")
	return []Result{inPath, shadow}
}

// addToPathFix appends dir to PATH in the login shell's start-up file.
func (sys *System) addToPathFix(dir string) string {
	kind := shellKind(sys.Getenv("SHELL"))
	shown := dir
	if h := sys.home(); h != "" && strings.HasPrefix(dir, h+"/") {
		shown = "$HOME/" + strings.TrimPrefix(dir, h+"/")
	}
	switch kind {
	case "fish":
		return "fish_add_path -a " + sys.shellPath(dir)
	case "pwsh":
		return `Add-Content -Path $PROFILE -Value '$env:PATH += [IO.Path]::PathSeparator + "` + dir + `"'`
	case "":
		kind = "sh"
	}
	return `echo 'export PATH="$PATH:` + shown + `"' >> ` + sys.shellPath(sys.rcTarget(kind))
}
