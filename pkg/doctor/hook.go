package doctor

import (
	"path/filepath"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
)

// Hook mode (gov env SHELL --hook): before each prompt, the shell's hook
// puts the bin directory of the SDK the directory selects directly before
// gov's shims in PATH, so that go at the prompt is the real binary, and
// exports GOTOOLCHAIN=local with goenv.HookVar beside it (goenv.Unhook
// reads that pair as the user's own GOTOOLCHAIN). A shell in hook mode is
// recognized by its PATH alone: hookMode is the one place that does it.

// A hookBin is the SDK bin directory gov's prompt hook put before the
// shims.
type hookBin struct {
	dir     string        // the PATH entry, as pathDirs gives it
	entry   int           // its index in PATH
	shims   int           // the shims' index in PATH
	version gover.Version // the SDK's version, from its directory's name
}

// hookMode returns the SDK bin directory that gov's prompt hook put
// before the shims: the first PATH entry before gov's shims that is the
// bin directory of an SDK in gov's store ($GOV_HOME/sdk/NAME/bin, NAME an
// SDK's directory name). It returns nil in shim mode, and when the shims
// are not in PATH.
func (sys *System) hookMode() *hookBin {
	dirs := sys.pathDirs()
	at := sys.inPath(sys.shimsDir())
	if at < 0 {
		return nil
	}
	for i, d := range dirs[:at] {
		if v, ok := sys.storeSDKBin(d); ok {
			return &hookBin{dir: d, entry: i, shims: at, version: v}
		}
	}
	return nil
}

// storeSDKBin reports whether dir is the bin directory of an SDK in
// gov's store, as gov hook-env recognizes one (layout.SDKOfBin), and that
// SDK's version.
func (sys *System) storeSDKBin(dir string) (gover.Version, bool) {
	name, ok := layout.SDKOfBin(sys.govHome(), dir)
	if !ok {
		return gover.Version{}, false
	}
	v, _, _ := layout.ParseSDKName(name)
	return v, true
}

// selected reports whether h is the bin directory of the SDK that gov's
// shim runs here: the one the prompt hook puts first in this directory.
func (sys *System) selected(h *hookBin) bool {
	root := sys.selectedGOROOT()
	return root != "" && sys.samePath(h.dir, filepath.Join(root, layout.BinDir))
}

// hooked reports whether the environment's key is not the user's own but
// what gov's prompt hook exported in its place (goenv.Unhook: the hook's
// GOTOOLCHAIN=local).
func (sys *System) hooked(key string) bool {
	return goenv.Unhook(sys.Getenv, key) != sys.Getenv(key)
}
