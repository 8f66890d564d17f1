package main

import (
	"errors"
	"fmt"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/install"
	"github.com/gov-dev/gov/pkg/layout"
)

func uninstallCommand() *cli.Command {
	return &cli.Command{
		Name:      "uninstall",
		Aliases:   []string{"rm"},
		Usage:     "remove installed Go SDKs",
		ArgsUsage: "SPEC...",
		Description: `Removes the installed SDK each SPEC names. A SPEC that matches several
installed SDKs (1.22 with 1.22.1 and 1.22.3 installed) must be made exact.
When something still selects a removed version (the global default, GOV_VERSION,
a project gov knows, this directory), gov says so on stderr, with the command
that fixes it. To remove every SDK nothing selects, see gov prune.

Examples:
   gov uninstall 1.22.3
   gov uninstall 1.21.5 1.22.1
   gov uninstall --platform darwin-amd64 1.22.3`,
		Flags:        []cli.Flag{platformFlag, quietFlag},
		Action:       runUninstall,
		BashComplete: completeInstalled,
	}
}

func runUninstall(c *cli.Context) error {
	if c.NArg() == 0 {
		return usagef(c, "uninstall needs a SPEC, such as gov uninstall 1.22.3")
	}
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	st, p, err := openTarget(c)
	if err != nil {
		return err
	}
	// Every SPEC must name one SDK before any is removed.
	var sdks []layout.SDK
	for _, s := range specs {
		sdk, err := install.Match(st.Home, s, p)
		if errors.As(err, new(*install.AmbiguousError)) {
			return usagef(c, "%s", hint.Message(err))
		}
		if err != nil {
			return err
		}
		sdks = append(sdks, sdk)
	}
	out := newOutput(c)
	// What each pointer ran before, to tell which ones this leaves
	// pointing at nothing: a go.mod's 1.22.0 that ran go1.22.3, too.
	quiet := func(string) {}
	before, _ := pointers(st, p, quiet)
	ran := map[string]string{}
	for _, ptr := range before {
		ran[ptr.Kind+"\x00"+ptr.Where] = ptr.Sel.SDK.Dir
	}
	for _, sdk := range sdks {
		if err := st.Uninstall(c.Context, sdk.Version, sdk.Platform); err != nil {
			return err
		}
		out.notef("uninstalled %s (%s)", sdk.Version.Toolchain(), sdk.Platform)
	}
	// What now points at a missing version, and how to fix it. Not
	// --quiet: it is a warning, not a note.
	after, err := pointers(st, p, quiet)
	if err != nil {
		return nil // the uninstall is done; doctor will say what is broken
	}
	for _, ptr := range after {
		if ptr.Sel.Installed() {
			continue
		}
		dir := ran[ptr.Kind+"\x00"+ptr.Where]
		if slices.ContainsFunc(sdks, func(sdk layout.SDK) bool { return sdk.Dir == dir }) {
			fmt.Fprintf(c.App.ErrWriter, "warning: %s asks for %s, which is no longer installed; %s\n", ptr.Where, ptr.Sel.Raw, ptr.fix())
		}
	}
	return nil
}
