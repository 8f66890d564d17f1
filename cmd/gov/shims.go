package main

import (
	"os"
	"path/filepath"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/store"
)

// syncShims keeps $GOV_HOME/shims current: go, gofmt and go1.X.Y for every
// installed version, copies of the gov-shim binary that sits next to gov.
// A missing gov-shim is a note, not a failure: the store itself is fine.
// It returns the installed versions (of every platform).
func syncShims(st *store.Store, out *output) []gover.Version {
	vs := installedVersions(st)
	exe, err := os.Executable()
	if err != nil {
		return vs
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	src := filepath.Join(filepath.Dir(exe), shim.SourceName)
	if _, err := shim.Sync(st.Home, src, exe, vs); err != nil {
		out.notef("note: %v", err)
	}
	return vs
}

// installedVersions lists the versions in sdk/, for every platform, that
// have a receipt (the store's rule for an installed SDK). It stats each
// receipt rather than reading it, as the shim does: gov env runs at every
// shell start.
func installedVersions(st *store.Store) []gover.Version {
	entries, _ := os.ReadDir(st.Path(layout.SDKDir))
	var vs []gover.Version
	for _, e := range entries {
		v, _, ok := layout.ParseSDKName(e.Name())
		if !ok || !e.IsDir() {
			continue
		}
		if _, err := os.Stat(st.Path(layout.SDKDir, e.Name(), layout.ReceiptFile)); err == nil {
			vs = append(vs, v)
		}
	}
	return vs
}

// shimsDir is where the shims live.
func shimsDir(st *store.Store) string { return st.Path(layout.ShimsDir) }
