package main

import (
	"fmt"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/install"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

func upgradeCommand() *cli.Command {
	return &cli.Command{
		Name:      "upgrade",
		Usage:     "install the newest release of each installed line",
		ArgsUsage: "[SPEC...]",
		Description: `Installs the newest release of each installed release line (or of the lines
SPEC names: 1.22, 1.22.3 and go1.22 all name 1.22; latest names the newest
line), moves the global default to it when the default was an older release of
that line (and $GOV_HOME/current with it), and prints what changed. Old releases
stay installed until gov prune.

A project's .go-version is never rewritten, unless --pins is given: then the
pins of the projects gov knows (gov list --projects) that name an older release
of an upgraded line move to its newest release.

Examples:
   gov upgrade
   gov upgrade 1.22
   gov upgrade --pins 1.21 1.22
   gov upgrade --json     [{"kind": "line"|"global"|"project", "name", "from", "to", "changed"}]`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "pins", Usage: "also move the .go-version pins of the projects gov knows"},
			jsonFlag, platformFlag, offlineFlag, sourceFlag, quietFlag,
		},
		Action:       runUpgrade,
		BashComplete: completeVersions,
	}
}

// upgradeRow is the stable JSON shape of gov upgrade --json.
type upgradeRow struct {
	Kind    string `json:"kind"` // "line", "global" or "project"
	Name    string `json:"name"` // 1.22, "global default", the .go-version file
	From    string `json:"from"`
	To      string `json:"to"`
	Changed bool   `json:"changed"`
}

func runUpgrade(c *cli.Context) error {
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return err
	}
	lines, err := upgradeLines(c, in, specs)
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		if c.Bool("json") {
			return writeJSON(c.App.Writer, []upgradeRow{})
		}
		fmt.Fprintln(c.App.ErrWriter, "no Go SDKs installed to upgrade; "+hint.Run("install latest"))
		return nil
	}
	// Each line to its newest release.
	var rows []upgradeRow
	newest := map[gover.Line]layout.SDK{}
	for _, line := range lines {
		old, had := layout.Newest(in.Store.Home, line, in.Platform)
		sdk, _, err := in.Install(c.Context, line)
		if err != nil {
			return err
		}
		newest[line] = sdk
		row := upgradeRow{Kind: "line", Name: line.Pin(), To: sdk.Version.String()}
		if had {
			row.From = old.Version.String()
		}
		row.Changed = row.From != row.To
		rows = append(rows, row)
	}
	// The global default, when it is an older release of an upgraded line
	// and the upgrade is for the platform the shim runs (current follows
	// it); with --pins, the pins of the projects gov knows.
	ptrs, err := pointers(in.Store, in.Platform, out.noteOnce)
	if err != nil {
		return err
	}
	shimPlatform, err := platform.Current()
	if err != nil {
		return err
	}
	for _, p := range ptrs {
		e, exact := p.Sel.Spec.(gover.Exact)
		if !exact || p.Kind != ptrGlobal && p.Kind != ptrProject {
			continue
		}
		sdk, ok := newest[gover.LineOf(e.V)]
		if !ok || !gover.Less(e.V, sdk.Version) {
			continue
		}
		switch {
		case p.Kind == ptrGlobal && in.Platform != shimPlatform:
			out.notef("note: the global default stays %s: gov upgrade --platform %s installs for another platform than the shim's (%s)", e.V, in.Platform, shimPlatform)
		case p.Kind == ptrGlobal:
			if err := in.Store.SetGlobal(sdk.Version, shimPlatform); err != nil {
				return fmt.Errorf("set the global default: %w", err)
			}
			rows = append(rows, upgradeRow{Kind: "global", Name: "global default", From: e.V.String(), To: sdk.Version.String(), Changed: true})
		case len(p.Sel.Alts) > 0:
			out.notef("note: %s lists several versions; gov upgrade --pins leaves it as it is (edit it, or gov use %s there)", p.Sel.File, sdk.Version)
		case c.Bool("pins"):
			if err := repin(p.Sel, sdk.Version); err != nil {
				return err
			}
			rows = append(rows, upgradeRow{Kind: "project", Name: p.Sel.File, From: e.V.String(), To: sdk.Version.String(), Changed: true})
		default:
			out.notef("note: %s pins %s; gov upgrade --pins moves it to %s", p.Sel.File, e.V, sdk.Version)
		}
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, rows)
	}
	changed := false
	for _, r := range rows {
		switch {
		case r.Changed && r.From == "":
			fmt.Fprintf(c.App.Writer, "%s: installed %s\n", r.Name, r.To)
		case r.Changed:
			fmt.Fprintf(c.App.Writer, "%s: %s -> %s\n", r.Name, r.From, r.To)
		default:
			fmt.Fprintf(c.App.Writer, "%s: %s is the newest\n", r.Name, r.To)
		}
		changed = changed || r.Changed && r.Kind == "line"
	}
	if changed {
		out.notef("note: older releases stay installed; gov prune removes the ones nothing uses")
	}
	return nil
}

// upgradeLines returns the release lines to upgrade: those of the
// installed SDKs, or those the specs name, newest first.
func upgradeLines(c *cli.Context, in *install.Installer, specs []gover.Spec) ([]gover.Line, error) {
	var lines []gover.Line
	add := func(l gover.Line) {
		if !slices.Contains(lines, l) {
			lines = append(lines, l)
		}
	}
	if len(specs) == 0 {
		sdks, err := layout.List(in.Store.Home, in.Platform)
		if err != nil {
			return nil, fmt.Errorf("read store: %w", err)
		}
		for _, sdk := range sdks {
			add(gover.LineOf(sdk.Version))
		}
		return lines, nil
	}
	for _, s := range specs {
		switch s := s.(type) {
		case gover.Exact:
			add(gover.LineOf(s.V))
		case gover.Line:
			if s.Minor == "" {
				return nil, usagef(c, "%s names a major version, not a release line; name one such as 1.22", s)
			}
			add(s)
		default:
			v, err := in.Resolve(c.Context, s)
			if err != nil {
				return nil, &install.Error{Err: err} // nothing installed
			}
			add(gover.LineOf(v))
		}
	}
	return lines, nil
}
