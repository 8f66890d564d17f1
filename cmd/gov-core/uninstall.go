package main

import (
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/install"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/spec"
)

func uninstallCommand() *cli.Command {
	return &cli.Command{
		Name:      "uninstall",
		Aliases:   []string{"rm"},
		Usage:     "remove an installed Go SDK",
		ArgsUsage: "SPEC",
		Description: `Removes the installed SDK that SPEC names. A SPEC that matches several
installed SDKs (1.22 with 1.22.1 and 1.22.3 installed) must be made exact.

Examples:
   gov uninstall 1.22.3
   gov uninstall --platform darwin-amd64 1.22.3`,
		Flags:        []cli.Flag{platformFlag, quietFlag},
		Action:       runUninstall,
		BashComplete: completeInstalled,
	}
}

func runUninstall(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef(c, "uninstall takes one SPEC, such as gov uninstall 1.22.3")
	}
	s, err := spec.Parse(c.Args().First())
	if err != nil {
		return usagef(c, "%v", err)
	}
	st, p, err := openTarget(c)
	if err != nil {
		return err
	}
	sdk, err := install.Match(st.Home, s, p)
	if errors.As(err, new(*install.AmbiguousError)) {
		return usagef(c, "%s", hint.Message(err))
	}
	if err != nil {
		return err
	}
	if err := st.Uninstall(c.Context, sdk.Version, sdk.Platform); err != nil {
		return err
	}
	out := newOutput(c)
	out.notef("uninstalled %s (%s)", sdk.Version.Toolchain(), sdk.Platform)
	if g, _ := shim.ReadGlobal(st.Home); g != nil && g.Spec.Match(sdk.Version) {
		out.notef("note: the global default is %s; pick another with gov global VERSION", g.Raw)
	}
	return nil
}
