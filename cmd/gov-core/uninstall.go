package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/spec"
	"github.com/gov-dev/gov/pkg/store"
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
		BashComplete: completeVersions,
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
	st, err := openStore()
	if err != nil {
		return err
	}
	p, err := targetPlatform(c)
	if err != nil {
		return err
	}
	sdks, err := st.List(p)
	if err != nil {
		return err
	}
	var matches []store.SDK
	for _, sdk := range sdks {
		if s.Match(sdk.Version) {
			matches = append(matches, sdk)
		}
	}
	switch len(matches) {
	case 0:
		return fmt.Errorf("no installed Go SDK matches %s for %s; run gov list to see what is installed", s, p)
	case 1:
	default:
		var names []string
		for _, m := range matches {
			names = append(names, m.Version.Pin())
		}
		return usagef(c, "%s matches %s; name one exactly", s, strings.Join(names, ", "))
	}
	sdk := matches[0]
	st.Clean()
	if err := st.Uninstall(c.Context, sdk.Version, sdk.Platform); err != nil {
		return err
	}
	out := newOutput(c)
	syncShims(st, out)
	out.notef("uninstalled %s (%s)", sdk.Version.Toolchain(), sdk.Platform)
	if g, _ := (&shim.Resolver{Home: st.Home}).Global(); g != nil && g.Spec.Match(sdk.Version) {
		out.notef("note: the global default is %s; pick another with gov global VERSION", g.Raw)
	}
	return nil
}
