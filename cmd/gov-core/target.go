package main

import (
	"errors"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/install"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/spec"
	"github.com/gov-dev/gov/pkg/store"
)

// What commands act on: the store, the platform they are for, the
// installer that brings SDKs in, and what the shim selects here. The
// store keeps its own house (cleans tmp/, keeps the shims current) on
// every change, so no command does.

// openStore opens the store at $GOV_HOME (default ~/.gov). What a change
// could not do on the side (keep the shims current) is a note on stderr,
// once however many changes a command makes.
func openStore(c *cli.Context) (*store.Store, error) {
	home, err := layout.Home()
	if err != nil {
		return nil, err
	}
	st := store.Open(home)
	out := newOutput(c)
	st.Warn = func(err error) { out.noteOnce("note: " + hint.Message(err)) }
	return st, nil
}

// openTarget opens the store and reads the platform a command is for.
func openTarget(c *cli.Context) (*store.Store, platform.Platform, error) {
	st, err := openStore(c)
	if err != nil {
		return nil, platform.Platform{}, err
	}
	p, err := targetPlatform(c)
	return st, p, err
}

// newInstaller sets up an installer from the command's flags.
func newInstaller(c *cli.Context, out *output) (*install.Installer, error) {
	st, p, err := openTarget(c)
	if err != nil {
		return nil, err
	}
	src, err := newSource(c, st, out)
	if err != nil {
		return nil, err
	}
	return &install.Installer{Store: st, Source: src, Platform: p, Force: c.Bool("force"), Log: out.notef}, nil
}

// ensure returns the SDK spec resolves to, installing it if needed (with
// a note): what gov use and gov global pin.
func ensure(c *cli.Context, in *install.Installer, spec gover.Spec) (layout.SDK, error) {
	sdk, installed, err := in.Ensure(c.Context, spec)
	if err == nil && installed {
		newOutput(c).notef("installed %s (%s) in %s", sdk.Version.Toolchain(), sdk.Platform, sdk.Dir)
	}
	return sdk, err
}

// runnable returns the SDK to run for spec now (gov exec, gov shell): the
// newest installed match, with no network; else the newest release it
// matches, installed after a note that says so.
func runnable(c *cli.Context, spec gover.Spec) (layout.SDK, error) {
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return layout.SDK{}, err
	}
	if sdk, ok := in.Installed(spec); ok {
		return sdk, nil
	}
	v, err := in.Resolve(c.Context, spec)
	if err != nil {
		return layout.SDK{}, &install.Error{Err: err} // nothing installed
	}
	out.notef("installing %s for gov %s", v.Toolchain(), c.Command.Name)
	sdk, _, err := in.Install(c.Context, gover.Exact{V: v})
	return sdk, err
}

// errNothingSelected is gov install (or use, or exec) with no SPEC where
// nothing selects a version: a usage error, with the commands that do.
var errNothingSelected = &usageError{msg: "nothing here selects a Go version",
	hint: hint.Run("install latest && gov global latest") + ", or gov use SPEC in a project"}

// wantHere is what the working directory needs: the selection the shim
// would run here, and the spec that installs it, where a module's
// requirement means the newest release of its line that meets it (go
// 1.22.0 in go.mod installs the newest 1.22.x: security fixes).
// sel.Installed() reports that nothing is needed.
func wantHere(c *cli.Context) (*shim.Selection, gover.Spec, error) {
	sel, err := selectHere(c)
	if errors.Is(err, shim.ErrNoVersion) {
		return nil, nil, errNothingSelected
	}
	if err != nil {
		return nil, nil, err
	}
	spec := sel.Spec
	if e, ok := spec.(gover.Exact); ok && sel.Requirement() {
		spec = gover.AtLeast{V: e.V}
	}
	return sel, spec, nil
}

// installHere installs what the working directory needs (gov install and
// gov use with no SPEC); with it installed already, it says so.
func installHere(c *cli.Context) error {
	sel, spec, err := wantHere(c)
	if err != nil {
		return err
	}
	out := newOutput(c)
	switch {
	case sel.Installed() && (c.Bool("force") || !store.Intact(sel.SDK.Dir)):
		// Reinstall what runs here: asked to, or its files changed
		// (the store says so as it installs it again).
		spec = gover.Exact{V: sel.SDK.Version}
	case sel.Installed():
		out.notef("nothing to install: %s (%s) is installed (%s)", sel.SDK.Version.Toolchain(), sel.SDK.Platform, sel.Reason())
		return nil
	}
	in, err := newInstaller(c, out)
	if err != nil {
		return err
	}
	sdk, _, err := in.Install(c.Context, spec)
	if err != nil {
		return err
	}
	out.notef("installed %s (%s) in %s (%s)", sdk.Version.Toolchain(), sdk.Platform, sdk.Dir, sel.Reason())
	return nil
}

// resolveHere resolves the working directory as the shim would.
func resolveHere(home string, p platform.Platform) (*shim.Selection, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	return shim.NewResolver(home, p, goenv.Local()).Resolve(wd)
}

// selectHere is what the shim would select in the working directory, for
// the command's platform. It changes nothing.
func selectHere(c *cli.Context) (*shim.Selection, error) {
	home, err := layout.Home()
	if err != nil {
		return nil, err
	}
	p, err := targetPlatform(c)
	if err != nil {
		return nil, err
	}
	return resolveHere(home, p)
}

func parseSpecs(c *cli.Context, args []string) ([]gover.Spec, error) {
	var specs []gover.Spec
	for _, a := range args {
		s, err := spec.Parse(a)
		if err != nil {
			return nil, usagef(c, "%v", err)
		}
		specs = append(specs, s)
	}
	return specs, nil
}
