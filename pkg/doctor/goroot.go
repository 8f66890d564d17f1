package doctor

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/gov-dev/gov/pkg/store"
)

// checkGOROOT looks at GOROOT in the environment. gov's shim sets GOROOT
// for each go command it runs, so a GOROOT of your own is never needed and
// often harmful: pointing at nothing, at a folder that is no Go SDK (the
// classic "package fmt is not in std"), or at another SDK that editors and
// tools then use behind the shim's back.
func checkGOROOT(ctx context.Context, sys *System) []Result {
	r := Result{ID: "goroot"}
	g := sys.Getenv("GOROOT")
	if g == "" {
		r.Status, r.Summary = OK, "GOROOT is not set; gov's shim sets it for each go command"
		return []Result{r}
	}
	r.Fix = sys.unsetFix("GOROOT")
	g = sys.abs(g)
	r.Detail = "gov's shim sets GOROOT to the selected SDK for the go it runs; a GOROOT of your own only reaches tools that read it themselves (editors, gopls, scripts), and misleads them"
	sel := sys.selectedGOROOT()
	switch {
	case !sys.isDir(g):
		r.Status, r.Summary = Fail, fmt.Sprintf("GOROOT=%s points to nothing", g)
	case !sys.isDir(filepath.Join(g, "src", "fmt")):
		r.Status, r.Summary = Fail, fmt.Sprintf("GOROOT=%s is not a Go SDK: it has no src/fmt", g)
		r.Detail = `a go that uses it fails with "package fmt is not in std"; ` + r.Detail
	case sel != "" && !sys.samePath(g, sel):
		v, err := store.ReadVersionFile(sys.real(g))
		if err != nil {
			v = "unknown version"
		}
		r.Status, r.Summary = Fail, fmt.Sprintf("GOROOT=%s (%s) is not the SDK gov selects here (%s)", g, v, sys.tilde(sel))
	default:
		r.Status, r.Summary = Warn, fmt.Sprintf("GOROOT is set (%s); gov's shim sets it per command, so remove it", g)
	}
	return []Result{r}
}
