package fetch

import (
	"context"
	"fmt"
	"strings"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

// A Source is where SDKs come from: the dl index and mirror, or a Go
// module proxy.
type Source interface {
	Name() string
	// Versions lists the versions the source has for p. With refresh set,
	// the source revalidates what it cached; ok is false when that cannot
	// change the answer (already fresh, or offline).
	Versions(ctx context.Context, p platform.Platform, refresh bool) (vs []gover.Version, ok bool, err error)
	// Fetch writes a verified GOROOT for v and p into the empty dir.
	Fetch(ctx context.Context, st *store.Store, v gover.Version, p platform.Platform, dir string) (store.Receipt, error)
}

// An Installer resolves version specs against a source and installs them.
type Installer struct {
	Store    *store.Store
	Source   Source
	Platform platform.Platform
	Force    bool
}

// A NoMatchError is a spec that no version of the source satisfies.
type NoMatchError struct {
	Spec     gover.Spec
	Platform platform.Platform
	Nearest  []gover.Version
}

func (e *NoMatchError) Error() string {
	msg := fmt.Sprintf("no Go release matches %s for %s", e.Spec, e.Platform)
	if len(e.Nearest) > 0 {
		names := make([]string, len(e.Nearest))
		for i, v := range e.Nearest {
			names[i] = v.String()
		}
		msg += " (nearest: " + strings.Join(names, ", ") + ")"
	}
	return msg + "; run gov list-remote --all to see every version"
}

// Resolve returns the newest version of the source that spec matches,
// revalidating a cached list once before giving up.
func (in *Installer) Resolve(ctx context.Context, spec gover.Spec) (gover.Version, error) {
	vs, _, err := in.Source.Versions(ctx, in.Platform, false)
	if err != nil {
		return gover.Version{}, err
	}
	if v, ok := gover.Select(spec, vs); ok {
		return v, nil
	}
	fresh, ok, err := in.Source.Versions(ctx, in.Platform, true)
	if err != nil {
		return gover.Version{}, err
	}
	if ok {
		vs = fresh
		if v, ok := gover.Select(spec, vs); ok {
			return v, nil
		}
	}
	return gover.Version{}, &NoMatchError{Spec: spec, Platform: in.Platform, Nearest: gover.Nearest(spec, vs, 5)}
}

// Install installs the newest version spec matches. An exact version that
// is already installed is reported without asking the source. It reports
// whether anything was installed.
func (in *Installer) Install(ctx context.Context, spec gover.Spec) (store.SDK, bool, error) {
	if exact, ok := spec.(gover.Exact); ok && !in.Force {
		if sdk, err := in.Store.Lookup(exact.V, in.Platform); err == nil {
			return sdk, false, nil
		}
	}
	v, err := in.Resolve(ctx, spec)
	if err != nil {
		return store.SDK{}, false, err
	}
	return in.Store.Install(ctx, v, in.Platform, in.Force, func(ctx context.Context, dir string) (store.Receipt, error) {
		return in.Source.Fetch(ctx, in.Store, v, in.Platform, dir)
	})
}
