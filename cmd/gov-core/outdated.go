package main

import (
	"fmt"
	"maps"
	"slices"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/shim"
)

func outdatedCommand() *cli.Command {
	return &cli.Command{
		Name:  "outdated",
		Usage: "show which installed lines, default and projects have a newer release",
		Description: `For each installed release line (1.22, 1.21, ...), the global default and each
project gov knows (gov list --projects), prints the version it has and the newest
release of its line, and what to run to upgrade. The exit status is 0 either way.
The release list comes from the cached index while it is fresh (GOV_INDEX_TTL);
--offline uses the cached index whatever its age.

Examples:
   gov outdated
   gov outdated --offline
   gov outdated --json    [{"kind": "line"|"global"|"project", "name", "file",
                            "current", "latest", "outdated", "fix"}]`,
		Flags:  []cli.Flag{jsonFlag, platformFlag, offlineFlag, sourceFlag},
		Action: runOutdated,
	}
}

// outdatedRow is the stable JSON shape of gov outdated --json.
type outdatedRow struct {
	Kind     string `json:"kind"` // "line", "global" or "project"
	Name     string `json:"name"` // 1.22, "global default", the project directory
	File     string `json:"file,omitempty"`
	Current  string `json:"current"` // what it has: 1.22.3
	Latest   string `json:"latest"`  // the newest release of its line ("" if the source has none)
	Outdated bool   `json:"outdated"`
	Fix      string `json:"fix,omitempty"` // the command that upgrades it
}

func runOutdated(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef(c, "outdated takes no arguments")
	}
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return err
	}
	sdks, err := layout.List(in.Store.Home, in.Platform)
	if err != nil {
		return fmt.Errorf("read store: %w", err)
	}
	ptrs, err := pointers(in.Store, in.Platform, out.noteOnce)
	if err != nil {
		return err
	}
	vs, _, err := in.Source.Versions(c.Context, in.Platform, false)
	if err != nil {
		return err
	}
	newest := slices.Collect(maps.Values(newestOfLines(sdks)))
	slices.SortFunc(newest, func(a, b layout.SDK) int { return gover.Compare(b.Version, a.Version) })
	rows := []outdatedRow{}
	for _, sdk := range newest {
		line := gover.LineOf(sdk.Version).Pin()
		rows = append(rows, newRow("line", line, "", sdk.Version, vs, "gov upgrade "+line))
	}
	for _, p := range ptrs {
		v := pointedVersion(p.Sel)
		if v.IsZero() {
			continue
		}
		line := gover.LineOf(v).Pin()
		switch p.Kind {
		case ptrGlobal:
			rows = append(rows, newRow("global", "global default", p.Sel.File, v, vs, "gov upgrade "+line))
		case ptrProject:
			fix := "gov upgrade " + line // a pin of a line runs its newest
			if _, exact := p.Sel.Spec.(gover.Exact); exact {
				fix = "gov upgrade --pins " + line
			}
			if len(p.Sel.Alts) > 0 { // which --pins leaves alone
				fix = "cd " + pathText(p.Dir) + " && gov use " + line
			}
			rows = append(rows, newRow("project", p.Dir, p.Sel.File, v, vs, fix))
		}
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, rows)
	}
	if newest, ok := gover.Select(gover.Latest{}, vs); ok {
		if _, have := layout.Newest(in.Store.Home, gover.LineOf(newest), in.Platform); !have {
			fmt.Fprintf(c.App.ErrWriter, "note: the newest Go release is %s; %s\n", newest.Toolchain(), hint.Run("install latest"))
		}
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.App.ErrWriter, "no Go SDKs installed; "+hint.Run("install latest"))
		return nil
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		switch {
		case r.Outdated:
			fmt.Fprintf(tw, "%s\t%s\t-> %s\t%s\n", r.Name, r.Current, r.Latest, r.Fix)
		case r.Latest == "":
			fmt.Fprintf(tw, "%s\t%s\t\tnot in the release list\n", r.Name, r.Current)
		default:
			fmt.Fprintf(tw, "%s\t%s\t\tup to date\n", r.Name, r.Current)
		}
	}
	return tw.Flush()
}

// pointedVersion is the version a pointer stands for: the SDK it runs,
// else the exact version it names; zero for a spec nothing installed
// matches.
func pointedVersion(sel *shim.Selection) gover.Version {
	if sel.Installed() {
		return sel.SDK.Version
	}
	if e, ok := sel.Spec.(gover.Exact); ok {
		return e.V
	}
	return gover.Version{}
}

// newRow compares v with the newest release of its line in vs.
func newRow(kind, name, file string, v gover.Version, vs []gover.Version, fix string) outdatedRow {
	r := outdatedRow{Kind: kind, Name: name, File: file, Current: v.String()}
	if latest, ok := gover.Select(gover.LineOf(v), vs); ok {
		r.Latest = latest.String()
		if r.Outdated = gover.Less(v, latest); r.Outdated {
			r.Fix = fix
		}
	}
	return r
}
