package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/store"
)

func useCommand() *cli.Command {
	return &cli.Command{
		Name:      "use",
		Usage:     "pin this directory to a Go version (.go-version)",
		ArgsUsage: "[SPEC]",
		Description: `Writes .go-version in the current directory with the exact version SPEC
resolves to, installing it first if needed. The go shim then runs that version
here and in every directory below (unless a nearer .go-version says otherwise).

With no SPEC, installs whatever this directory already asks for (.go-version,
.tool-versions, go.mod's toolchain or go line, or the global default).

Examples:
   gov use 1.22.3
   gov use 1.22        pins the newest 1.22.x, such as 1.22.12
   gov use             installs what a cloned project's .go-version names`,
		Flags:        []cli.Flag{platformFlag, offlineFlag, sourceFlag, quietFlag},
		Action:       runUse,
		BashComplete: completeVersions,
	}
}

func runUse(c *cli.Context) error {
	switch c.NArg() {
	case 0:
		return installHere(c)
	case 1:
	default:
		return usagef(c, "use takes at most one SPEC")
	}
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	sdk, _, err := sdkFor(c, specs[0], false)
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	file := filepath.Join(wd, ".go-version")
	if err := store.WriteFileAtomic(file, []byte(sdk.Version.Pin()+"\n"), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	newOutput(c).notef("wrote %s: %s", file, sdk.Version)
	return nil
}

// installHere installs what this directory asks for (gov use, no SPEC).
func installHere(c *cli.Context) error {
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return err
	}
	defer syncShims(in.Store, out)
	sel, err := resolveHere(in.Store, in.Platform)
	if err != nil {
		return err
	}
	sdk, err := ensure(c.Context, in, sel.Spec, out)
	if err != nil {
		return err
	}
	out.notef("%s (%s) is ready (%s)", sdk.Version.Toolchain(), sdk.Platform, sel.Reason())
	return nil
}

// sdkFor resolves spec to an SDK, installing it if needed, and keeps the
// shims current. With local set (exec and shell, which run a version
// now), an installed match is used without asking the source.
func sdkFor(c *cli.Context, spec gover.Spec, local bool) (store.SDK, *store.Store, error) {
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return store.SDK{}, nil, err
	}
	defer syncShims(in.Store, out)
	if local {
		if sdk, ok := newestInstalled(in, spec); ok {
			return sdk, in.Store, nil
		}
	}
	sdk, err := ensure(c.Context, in, spec, out)
	return sdk, in.Store, err
}

// ensure returns the newest SDK spec matches, installing it if needed. A
// spec that an installed SDK already satisfies needs no network when the
// source cannot be reached.
func ensure(ctx context.Context, in *fetch.Installer, spec gover.Spec, out *output) (store.SDK, error) {
	sdk, installed, err := in.Install(ctx, spec)
	if err != nil {
		if local, ok := newestInstalled(in, spec); ok && !errors.As(err, new(*fetch.NoMatchError)) {
			out.notef("note: could not check for a newer match of %s (%s); using installed %s", spec, shim.OneLine(err.Error()), local.Version)
			return local, nil
		}
		return store.SDK{}, err
	}
	if installed {
		out.notef("installed %s (%s) in %s", sdk.Version.Toolchain(), sdk.Platform, sdk.Dir)
	}
	return sdk, nil
}

// newestInstalled is the newest installed SDK for the installer's
// platform that spec matches.
func newestInstalled(in *fetch.Installer, spec gover.Spec) (store.SDK, bool) {
	sdks, _ := in.Store.List(in.Platform)
	return newestSDK(sdks, in.Platform, spec)
}

// newestSDK returns the newest of sdks for platform p that spec matches.
func newestSDK(sdks []store.SDK, p platform.Platform, spec gover.Spec) (store.SDK, bool) {
	var vs []gover.Version
	for _, s := range sdks {
		if s.Platform == p {
			vs = append(vs, s.Version)
		}
	}
	v, ok := gover.Select(spec, vs)
	if !ok {
		return store.SDK{}, false
	}
	i := slices.IndexFunc(sdks, func(s store.SDK) bool { return s.Platform == p && gover.Compare(s.Version, v) == 0 })
	return sdks[i], true
}

// resolveHere resolves the working directory as the shim would.
func resolveHere(st *store.Store, p platform.Platform) (*shim.Selection, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	r := &shim.Resolver{Home: st.Home, Platform: p, Getenv: os.Getenv}
	return r.Resolve(wd)
}

func globalCommand() *cli.Command {
	return &cli.Command{
		Name:      "global",
		Usage:     "set the default Go version",
		ArgsUsage: "SPEC",
		Description: `Makes the exact version SPEC resolves to the default ($GOV_HOME/version),
installing it first if needed. The default applies wherever no GOV_VERSION,
.go-version or .tool-versions says otherwise, and is raised to what a module's
go.mod or go.work requires.

Examples:
   gov global latest
   gov global 1.22`,
		Flags:        []cli.Flag{platformFlag, offlineFlag, sourceFlag, quietFlag},
		Action:       runGlobal,
		BashComplete: completeVersions,
	}
}

func runGlobal(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef(c, "global takes one SPEC, such as gov global latest")
	}
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	sdk, st, err := sdkFor(c, specs[0], false)
	if err != nil {
		return err
	}
	if err := st.SetGlobal(sdk.Version); err != nil {
		return fmt.Errorf("set the global default: %w", err)
	}
	newOutput(c).notef("global default: %s", sdk.Version)
	return nil
}
