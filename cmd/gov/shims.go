package main

import (
	"os"
	"path/filepath"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/store"
)

// syncShims keeps $GOV_HOME/shims current: go, gofmt and go1.X.Y for every
// installed version, copies of the gov-shim binary that sits next to gov.
// A missing gov-shim is a note, not a failure: the store itself is fine.
func syncShims(st *store.Store, out *output) {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	src := filepath.Join(filepath.Dir(exe), shim.SourceName)
	sdks, _ := st.List(platform.Platform{})
	var vs []gover.Version
	for _, s := range sdks {
		vs = append(vs, s.Version)
	}
	if _, err := shim.Sync(st.Home, src, exe, vs); err != nil {
		out.notef("note: %v", err)
	}
}

// shimsDir is where the shims live.
func shimsDir(st *store.Store) string { return st.Path(layout.ShimsDir) }
