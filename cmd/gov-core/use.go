package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/atomicfile"
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
	sdk, err := sdkFor(c, specs[0], false)
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	file := filepath.Join(wd, ".go-version")
	if err := atomicfile.Write(file, []byte(sdk.Version.Pin()+"\n"), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	newOutput(c).notef("wrote %s: %s", file, sdk.Version)
	return nil
}

// installHere installs what this directory asks for (gov use, no SPEC).
func installHere(c *cli.Context) error {
	sel, err := selectHere(c)
	if err != nil {
		return err
	}
	sdk, err := sdkFor(c, sel.Spec, false)
	if err != nil {
		return err
	}
	newOutput(c).notef("%s (%s) is ready (%s)", sdk.Version.Toolchain(), sdk.Platform, sel.Reason())
	return nil
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
	sdk, err := sdkFor(c, specs[0], false)
	if err != nil {
		return err
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	if err := st.SetGlobal(sdk.Version); err != nil {
		return fmt.Errorf("set the global default: %w", err)
	}
	newOutput(c).notef("global default: %s", sdk.Version)
	return nil
}
