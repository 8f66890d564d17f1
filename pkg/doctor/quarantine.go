package doctor

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/layout"
)

// quarantineAttr is what macOS puts on files a browser (or an app that
// asks for it) downloaded. Gatekeeper then checks, or refuses to run,
// every such binary: "cannot be opened because the developer cannot be
// verified".
const quarantineAttr = "com.apple.quarantine"

// maxQuarantineFiles bounds how many files the check asks about: the
// binaries, which are what Gatekeeper stops.
const maxQuarantineFiles = 5000

// checkQuarantine looks for the quarantine attribute on the binaries in
// gov's store (an SDK imported from a browser download carries it) and on
// gov itself.
func checkQuarantine(ctx context.Context, sys *System) []Result {
	r := Result{ID: "quarantine", Status: OK}
	if sys.Platform.OS != "darwin" {
		r.Summary = "not macOS"
		return []Result{r}
	}
	files := sys.storeBinaries()
	var gov []string
	if sys.Executable != "" {
		gov = []string{sys.Executable, filepath.Join(filepath.Dir(sys.Executable), "gov-shim")}
		files = append(files, gov...)
	}
	var found []string
	govFound := false
	for _, f := range files {
		if has, err := sys.Xattr(f, quarantineAttr); err == nil && has {
			found = append(found, f)
			govFound = govFound || f == sys.Executable
		}
	}
	if len(found) == 0 {
		r.Summary = fmt.Sprintf("no %s on the %s of gov and its store", quarantineAttr, count(len(files), "binary", "binaries"))
		return []Result{r}
	}
	r.Status = Fail
	r.Summary = fmt.Sprintf("%s %s, such as %s", count(len(found), "binary carries", "binaries carry"), quarantineAttr, sys.tilde(found[0]))
	r.Detail = "macOS may refuse to run them (\"cannot be opened because the developer cannot be verified\"), or check each at every start:\n  " + strings.Join(found, "\n  ")
	r.Fix = "xattr -r -d " + quarantineAttr + " " + sys.shellPath(sys.govHome())
	if govFound {
		r.Fix += " " + sys.shellPath(gov[0]) + " " + sys.shellPath(gov[1])
	}
	return []Result{r}
}

// storeBinaries lists the shims and each SDK's bin and pkg/tool files.
func (sys *System) storeBinaries() []string {
	var files []string
	add := func(dir string) {
		entries, _ := sys.readDir(dir)
		for _, e := range entries {
			if len(files) < maxQuarantineFiles && e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
				files = append(files, filepath.Join(dir, e.Name()))
			}
		}
	}
	add(sys.shimsDir())
	sdkDir := filepath.Join(sys.govHome(), layout.SDKDir)
	sdks, _ := sys.readDir(sdkDir)
	for _, s := range sdks {
		root := filepath.Join(sdkDir, s.Name())
		add(filepath.Join(root, "bin"))
		tools, _ := sys.readDir(filepath.Join(root, "pkg", "tool"))
		for _, t := range tools {
			add(filepath.Join(root, "pkg", "tool", t.Name()))
		}
	}
	return files
}
