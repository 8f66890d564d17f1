package main

import (
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

// sdkFor returns the SDK spec resolves to, installing it if needed (with
// a note). With local set (exec and shell, which run a version now), an
// installed match is used without asking the source.
func sdkFor(c *cli.Context, spec gover.Spec, local bool) (layout.SDK, error) {
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return layout.SDK{}, err
	}
	if local {
		if sdk, ok := in.Installed(spec); ok {
			return sdk, nil
		}
	}
	sdk, installed, err := in.Ensure(c.Context, spec)
	if err == nil && installed {
		out.notef("installed %s (%s) in %s", sdk.Version.Toolchain(), sdk.Platform, sdk.Dir)
	}
	return sdk, err
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
