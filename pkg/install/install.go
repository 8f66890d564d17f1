// Package install decides what to install, and installs it.
//
// A version spec is resolved against a Source (fetch.DL, go.dev's index;
// fetch.Proxy, a module proxy) to the newest release it matches, and the
// source fills the store's install transaction (store.Install hands it the
// staging directory). Around that sit the rules gov's commands share:
//
//   - an exact version that is installed needs no source (Install);
//   - a spec an installed SDK meets still works when the source cannot be
//     reached, with a note, but never when the source has no match (Ensure);
//   - the newest installed match serves commands that run a version now
//     (Installer.Installed);
//   - an uninstall must name exactly one installed SDK (Match).
//
// The store and the sources know nothing of each other; this package is
// where they meet.
package install

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

// A Source is where SDKs come from.
type Source interface {
	// Name names the source in receipts and messages: "dl", "proxy".
	Name() string
	// Versions lists the versions the source has for p. With refresh set,
	// the source revalidates what it cached; ok is false when that cannot
	// change the answer (already fresh, or offline).
	Versions(ctx context.Context, p platform.Platform, refresh bool) (vs []gover.Version, ok bool, err error)
	// Origin is where the versions come from now (a URL), for messages.
	Origin() string
	// Fetch writes a verified GOROOT for v and p into the empty directory
	// dir, taking scratch files from temp, and says where it came from.
	Fetch(ctx context.Context, v gover.Version, p platform.Platform, dir string, temp func(purpose string) (*os.File, error)) (layout.Receipt, error)
}

// An Installer installs SDKs for one platform from one source.
type Installer struct {
	Store    *store.Store
	Source   Source
	Platform platform.Platform
	Force    bool // reinstall what is installed
	// Log is told what the installer decided on its own (a pre-release
	// for a line with no release yet, an installed SDK when the source
	// failed): nil says nothing.
	Log func(format string, args ...any)

	installed []layout.SDK // what Install installed, for its errors
}

// A NoMatchError is a spec that no version of the source satisfies.
type NoMatchError struct {
	Spec     gover.Spec
	Platform platform.Platform
	Nearest  []gover.Version // what the source has that comes closest
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
	return msg
}

func (e *NoMatchError) Hint() string { return hint.Run("list-remote --all") + " to see every version" }

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

// Install installs the newest version spec matches and reports whether it
// installed anything. An exact version that is installed is not looked
// up in the source (no network), but still goes through the store, which
// keeps the shims current. Its errors are *Error.
func (in *Installer) Install(ctx context.Context, spec gover.Spec) (layout.SDK, bool, error) {
	sdk, installed, err := in.install(ctx, spec)
	if err != nil {
		return layout.SDK{}, false, &Error{Err: err, Installed: slices.Clip(in.installed)}
	}
	if installed {
		in.installed = append(in.installed, sdk)
	}
	return sdk, installed, nil
}

func (in *Installer) install(ctx context.Context, spec gover.Spec) (layout.SDK, bool, error) {
	var v gover.Version
	if e, ok := spec.(gover.Exact); ok && !in.Force {
		if _, installed := layout.Lookup(in.Store.Home, e.V, in.Platform); installed {
			v = e.V
		}
	}
	if v.IsZero() {
		var err error
		if v, err = in.Resolve(ctx, spec); err != nil {
			return layout.SDK{}, false, err
		}
		if _, exact := spec.(gover.Exact); !exact && !v.Stable() {
			verb := "installing"
			if _, ok := layout.Lookup(in.Store.Home, v, in.Platform); ok && !in.Force {
				verb = "using"
			}
			name := spec.String()
			switch s := spec.(type) {
			case gover.Line:
				name = s.Pin() // "1.27", as typed
			case gover.AtLeast:
				name = gover.LineOf(s.V).Pin() // a module's go 1.27rc1
			}
			in.logf("note: %s has no release yet; %s %s", name, verb, v.Toolchain())
		}
	}
	return in.Store.Install(ctx, v, in.Platform, in.Force, func(ctx context.Context, dir string, temp func(string) (*os.File, error)) (layout.Receipt, error) {
		return in.Source.Fetch(ctx, v, in.Platform, dir, temp)
	})
}

func (in *Installer) logf(format string, args ...any) {
	if in.Log != nil {
		in.Log(format, args...)
	}
}

// An Error is an install that did not happen, with what the same
// Installer installed before it: a command that several installs make
// can say truthfully what it did when one fails, or when it is
// interrupted (Ctrl-C).
type Error struct {
	Err       error
	Installed []layout.SDK // installed by the Installer before, in order
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Installed returns the newest installed SDK for the installer's platform
// that spec matches.
func (in *Installer) Installed(spec gover.Spec) (layout.SDK, bool) {
	return layout.Newest(in.Store.Home, spec, in.Platform)
}

// Ensure returns the newest SDK spec matches, installing it if needed, and
// reports whether it installed it. When the source fails (it cannot be
// reached, say) and an installed SDK matches spec, that SDK serves, and
// Log says so; a spec the source has no release for is an error, whatever
// is installed, and so is an install that ctx stopped (Ctrl-C: the user
// asked gov to stop, not to settle for another version).
func (in *Installer) Ensure(ctx context.Context, spec gover.Spec) (layout.SDK, bool, error) {
	sdk, installed, err := in.Install(ctx, spec)
	if err == nil {
		return sdk, installed, nil
	}
	if local, ok := in.Installed(spec); ok && ctx.Err() == nil && !errors.As(err, new(*NoMatchError)) {
		in.logf("note: could not check for a newer match of %s (%s); using installed %s", spec, hint.OneLine(err.Error()), local.Version)
		return local, false, nil
	}
	return layout.SDK{}, false, err
}

// An AmbiguousError is a spec that names several installed SDKs where one
// is needed.
type AmbiguousError struct {
	Spec    gover.Spec
	Matches []layout.SDK
}

func (e *AmbiguousError) Error() string {
	names := make([]string, len(e.Matches))
	for i, m := range e.Matches {
		names[i] = m.Version.Pin()
	}
	return fmt.Sprintf("%s matches %s", e.Spec, strings.Join(names, ", "))
}

func (e *AmbiguousError) Hint() string { return "name one exactly" }

// Match returns the one SDK installed in home for p that spec names, as
// an uninstall needs it: none is an error, and several (1.22 with 1.22.1
// and 1.22.3 installed) an *AmbiguousError, since removing the newest of
// them would be a guess.
func Match(home string, spec gover.Spec, p platform.Platform) (layout.SDK, error) {
	sdks, err := layout.List(home, p)
	if err != nil {
		return layout.SDK{}, fmt.Errorf("read store: %w", err)
	}
	var matches []layout.SDK
	for _, sdk := range sdks {
		if spec.Match(sdk.Version) {
			matches = append(matches, sdk)
		}
	}
	switch len(matches) {
	case 0:
		return layout.SDK{}, hint.New(fmt.Sprintf("no installed Go SDK matches %s for %s", spec, p), hint.Run("list")+" to see what is installed")
	case 1:
		return matches[0], nil
	}
	return layout.SDK{}, &AmbiguousError{Spec: spec, Matches: matches}
}
