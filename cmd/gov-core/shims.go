package main

import (
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/store"
)

// syncShims keeps $GOV_HOME/shims current (shim.Keep). A missing gov-shim
// is a note, not a failure: the store itself is fine.
func syncShims(st *store.Store, out *output) {
	if _, err := shim.Keep(st.Home); err != nil {
		out.notef("note: %v", err)
	}
}
