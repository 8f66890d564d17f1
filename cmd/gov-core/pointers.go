package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/store"
)

// A pointer is a place that selects a Go version: the global default,
// GOV_VERSION, the pin of a project gov knows, or the working directory.
// gov uninstall says which pointers it left dangling, gov prune keeps
// what they select, gov outdated and gov upgrade look at them. Every
// answer comes from the shim's resolver: pointers adds no rule of its
// own.
type pointer struct {
	Kind  string          // "global", "env", "project" or "here"
	Where string          // for messages: "the global default", "/p/.go-version"
	Dir   string          // the project directory, for "project" and "here"
	Sel   *shim.Selection // what it asks for and the SDK it runs (Sel.SDK)
}

const (
	ptrGlobal  = "global"
	ptrEnv     = "env"
	ptrProject = "project"
	ptrHere    = "here"
)

// fix is the command that points p at another version, or installs what
// it asks for again.
func (p pointer) fix() string {
	again := hint.Run("install " + p.Sel.Raw)
	switch p.Kind {
	case ptrGlobal:
		return again + ", or gov global VERSION"
	case ptrEnv:
		return again + ", or unset GOV_VERSION"
	}
	if p.Sel.Requirement() {
		return hint.Run("install") + " in " + pathText(p.Dir)
	}
	return again + ", or gov use VERSION in " + pathText(p.Dir)
}

// pathText is a path for a message: as it is, unless it holds what a
// terminal should not print.
func pathText(path string) string {
	if q := strconv.Quote(path); q[1:len(q)-1] != path {
		return q
	}
	return path
}

// pointers returns every pointer gov knows of for platform p, each with
// the installed SDK it selects (if any): the global default, GOV_VERSION,
// the projects gov knows, and the working directory when it is none of
// those. A pointer that cannot be read selects nothing: a project's is
// left out, and GOV_VERSION's, the default's or this directory's is told
// to note (as the shim would fail there); pointers fails only when the
// store cannot be read.
func pointers(st *store.Store, p platform.Platform, note func(string)) ([]pointer, error) {
	env := goenv.Local()
	// Pins alone: no GOTOOLCHAIN, and for projects no GOV_VERSION.
	pinsOnly := func(keepEnv bool) func(string) string {
		return func(k string) string {
			if k == "GOTOOLCHAIN" || k == "GOV_VERSION" && !keepEnv {
				return ""
			}
			return env(k)
		}
	}
	r := shim.NewResolver(st.Home, p, pinsOnly(false))
	skip := func(what string, err error) {
		note("note: " + what + " selects nothing: " + hint.Message(err))
	}
	var ptrs []pointer
	if g, err := r.Global(); err != nil {
		skip("the global default", err)
	} else if g != nil {
		ptrs = append(ptrs, pointer{Kind: ptrGlobal, Where: "the global default", Sel: g})
	}
	if env("GOV_VERSION") != "" {
		sel, err := shim.NewResolver(st.Home, p, pinsOnly(true)).Resolve(string(filepath.Separator))
		if err != nil {
			skip("GOV_VERSION", err)
		} else {
			ptrs = append(ptrs, pointer{Kind: ptrEnv, Where: "GOV_VERSION", Sel: sel})
		}
	}
	projects, err := st.Projects()
	if err != nil {
		return nil, fmt.Errorf("read the projects gov knows: %w", err)
	}
	files := map[string]bool{}
	for _, dir := range projects {
		sel, err := r.Resolve(dir)
		if err != nil || sel.From != shim.FromFile {
			continue
		}
		files[sel.File] = true
		ptrs = append(ptrs, pointer{Kind: ptrProject, Where: sel.File, Dir: dir, Sel: sel})
	}
	wd, err := os.Getwd()
	if err != nil {
		return ptrs, nil
	}
	here, err := shim.NewResolver(st.Home, p, env).Resolve(wd)
	switch {
	case errors.Is(err, shim.ErrNoVersion):
	case err != nil:
		skip("this directory", err)
	case here.From == shim.FromGlobal || here.From == shim.FromEnv || files[here.File]:
		// Said already.
	default:
		ptr := pointer{Kind: ptrHere, Where: "this directory (" + here.Reason() + ")", Sel: here}
		if here.File != "" {
			ptr.Dir = filepath.Dir(here.File)
		}
		ptrs = append(ptrs, ptr)
	}
	return ptrs, nil
}

// newestOfLines returns, for each release line and platform of sdks,
// its newest installed SDK.
func newestOfLines(sdks []layout.SDK) map[string]layout.SDK {
	newest := map[string]layout.SDK{}
	for _, s := range sdks {
		key := gover.LineOf(s.Version).Pin() + "/" + s.Platform.String()
		if n, ok := newest[key]; !ok || gover.Less(n.Version, s.Version) {
			newest[key] = s
		}
	}
	return newest
}
