package main

import (
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/store"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "copy a Go SDK that is already on disk into the store",
		ArgsUsage: "DIR",
		Description: `Checks that DIR is a complete GOROOT (VERSION, bin/go, pkg/tool) and copies it
into the store. Its receipt says it was imported, not verified: gov cannot know
where its bytes came from. When no global default is set yet, it ends with the
gov global command that makes the imported version the default.

Examples:
   gov import /usr/local/go
   gov import "$(brew --prefix go)/libexec"`,
		Flags:  []cli.Flag{&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "replace an installed SDK of that version"}, quietFlag},
		Action: runImport,
	}
}

func runImport(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef(c, "import takes one directory, such as gov import /usr/local/go")
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	sdk, installed, err := st.Import(c.Context, c.Args().First(), c.Bool("force"))
	if errors.Is(err, store.ErrNotSDK) {
		return hint.With(err, "give gov import a GOROOT, the directory that holds VERSION, bin/go and pkg/tool")
	}
	if err != nil {
		return err
	}
	out := newOutput(c)
	if installed {
		out.notef("imported %s (%s) into %s", sdk.Version.Toolchain(), sdk.Platform, sdk.Dir)
	} else {
		out.notef("%s (%s) is already installed in %s; use --force to replace it", sdk.Version.Toolchain(), sdk.Platform, sdk.Dir)
	}
	if needsDefault(st.Home, sdk) {
		out.notef("no global default is set; %s", hint.Run("global "+sdk.Version.Pin()))
	}
	return nil
}

// needsDefault reports whether gov import should say how to make sdk the
// global default: none is set (a broken one is gov doctor's to report),
// and sdk is for the platform the shim runs, so that it could be one.
func needsDefault(home string, sdk layout.SDK) bool {
	g, err := shim.ReadGlobal(home)
	if err != nil || g != nil {
		return false
	}
	p, err := platform.Current()
	return err == nil && p == sdk.Platform
}
