package main

import (
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/store"
)

// syncShims keeps $GOV_HOME/shims current (shim.Keep). A missing gov-shim
// is a note, not a failure: the store itself is fine. It returns the
// installed versions (of every platform).
func syncShims(st *store.Store, out *output) []gover.Version {
	vs, err := shim.Keep(st.Home)
	if err != nil {
		out.notef("note: %v", err)
	}
	return vs
}
