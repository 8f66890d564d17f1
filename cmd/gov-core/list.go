package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

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

func listCommand() *cli.Command {
	return &cli.Command{
		Name:    "list",
		Aliases: []string{"ls"},
		Usage:   "list installed Go SDKs, newest first",
		Description: `Lists the SDKs in the store, newest first. A * marks the global default, a >
the version this directory runs (gov current); "unverified" marks an SDK installed
without verification (GOSUMDB=off, GOV_INSECURE=1).

With --projects, lists the projects gov knows instead (the directories gov use
wrote a .go-version in), each with its pin and whether it is installed.

Examples:
   gov list
   gov list -v          also show where each SDK came from and how it was verified
   gov list --json      [{"version", "toolchain", "platform", "dir", "default", "here",
                          "source", "verified", "installed_at"}]
   gov list --projects  --json: [{"dir", "file", "pin", "version", "installed"}]`,
		Flags: []cli.Flag{
			jsonFlag,
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "show each SDK's source and verification"},
			&cli.BoolFlag{Name: "projects", Aliases: []string{"p"}, Usage: "list the projects gov knows and their pins"},
		},
		Action: runList,
	}
}

// listedSDK is the stable JSON shape of gov list --json.
type listedSDK struct {
	Version     string    `json:"version"`
	Toolchain   string    `json:"toolchain"`
	Platform    string    `json:"platform"`
	Dir         string    `json:"dir"`
	Default     bool      `json:"default"`
	Here        bool      `json:"here"` // the version this directory runs
	Source      string    `json:"source"`
	Verified    string    `json:"verified"`
	InstalledAt time.Time `json:"installed_at"`
}

func runList(c *cli.Context) error {
	if c.Bool("projects") {
		return listProjects(c)
	}
	home, err := layout.Home()
	if err != nil {
		return err
	}
	sdks, err := layout.List(home, platform.Platform{})
	if err != nil {
		return fmt.Errorf("read store: %w", err)
	}
	def := globalDefault(home)
	var here layout.SDK
	if p, err := platform.Current(); err == nil {
		if sel, err := resolveHere(home, p); err == nil {
			here = sel.SDK
		}
	}
	rows := make([]listedSDK, 0, len(sdks))
	for _, s := range sdks {
		r, err := store.ReadReceipt(s.Dir)
		if err != nil {
			// Installed (the shim runs it), but its receipt is damaged.
			r.Verified = "unknown: the receipt cannot be read (gov doctor)"
		}
		rows = append(rows, listedSDK{
			Version: s.Version.String(), Toolchain: s.Version.Toolchain(), Platform: s.Platform.String(),
			Dir: s.Dir, Default: s.Dir == def.Dir, Here: s.Dir == here.Dir, Source: r.Source, Verified: r.Verified,
			InstalledAt: r.InstalledAt,
		})
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.App.ErrWriter, "no Go SDKs installed; "+hint.Run("install latest"))
		return nil
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		mark := []byte("  ")
		if r.Default {
			mark[0] = '*'
		}
		if r.Here {
			mark[1] = '>'
		}
		fmt.Fprintf(tw, "%s %s\t%s", mark, r.Version, r.Platform)
		switch {
		case c.Bool("verbose"):
			fmt.Fprintf(tw, "\t%s\t%s", r.Source, r.Verified)
		case r.Verified == "unverified":
			// Installed with GOSUMDB=off and GOV_INSECURE=1: say so always.
			fmt.Fprint(tw, "\tunverified")
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// listedProject is the stable JSON shape of gov list --projects --json.
type listedProject struct {
	Dir       string `json:"dir"`
	File      string `json:"file"`
	Pin       string `json:"pin"`     // as written: 1.22.3
	Version   string `json:"version"` // the installed SDK it runs, if any
	Installed bool   `json:"installed"`
}

// listProjects lists the projects gov knows, with their pins.
func listProjects(c *cli.Context) error {
	st, err := openStore(c)
	if err != nil {
		return err
	}
	p, err := platform.Current()
	if err != nil {
		return err
	}
	ptrs, err := pointers(st, p, newOutput(c).noteOnce)
	if err != nil {
		return err
	}
	rows := []listedProject{}
	for _, p := range ptrs {
		if p.Kind != ptrProject {
			continue
		}
		row := listedProject{Dir: p.Dir, File: p.Sel.File, Pin: p.Sel.Raw, Installed: p.Sel.Installed()}
		if row.Installed {
			row.Version = p.Sel.SDK.Version.String()
		}
		rows = append(rows, row)
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.App.ErrWriter, "gov knows no projects yet; gov use VERSION in a project pins it and adds it")
		return nil
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		state := "installed"
		if !r.Installed {
			state = "not installed (gov install in " + pathText(r.Dir) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Dir, r.Pin, state)
	}
	return tw.Flush()
}

// globalDefault returns the installed SDK the global default selects for
// this machine, if any.
func globalDefault(home string) layout.SDK {
	p, _ := platform.Current()
	g, err := shim.NewResolver(home, p, goenv.Local()).Global()
	if err != nil || g == nil {
		return layout.SDK{}
	}
	return g.SDK
}

func listRemoteCommand() *cli.Command {
	return &cli.Command{
		Name:      "list-remote",
		Aliases:   []string{"ls-remote"},
		Usage:     "list the Go releases that can be installed",
		ArgsUsage: "[SPEC]",
		Description: `Lists the releases the source has for this platform, newest first: stable
releases, or with --all also release candidates and betas. SPEC filters them.

Examples:
   gov list-remote
   gov list-remote 1.22
   gov list-remote --all ">=1.21"
   gov list-remote --json      [{"version", "toolchain", "stable", "installed"}]`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "all", Aliases: []string{"a"}, Usage: "include release candidates and betas"},
			jsonFlag, platformFlag, offlineFlag, sourceFlag,
		},
		Action: runListRemote,
	}
}

// remoteVersion is the stable JSON shape of gov list-remote --json.
type remoteVersion struct {
	Version   string `json:"version"`
	Toolchain string `json:"toolchain"`
	Stable    bool   `json:"stable"`
	Installed bool   `json:"installed"`
}

func runListRemote(c *cli.Context) error {
	if c.NArg() > 1 {
		return usagef(c, "list-remote takes at most one SPEC")
	}
	var filter gover.Spec = gover.Latest{}
	if c.NArg() == 1 {
		s, err := spec.Parse(c.Args().First())
		if err != nil {
			return usagef(c, "%v", err)
		}
		filter = s
	}
	in, err := newInstaller(c, newOutput(c))
	if err != nil {
		return err
	}
	vs, _, err := in.Source.Versions(c.Context, in.Platform, false)
	if err != nil {
		return err
	}
	what := "the release index"
	if in.Source.Name() == "proxy" {
		what = layout.ToolchainModule
	}
	fmt.Fprintf(c.App.ErrWriter, "listed from %s (%s)\n", in.Source.Origin(), what)
	// One rule with gov install: a line with no release yet lists its
	// pre-releases (gover.Matching); --all lists every match.
	shown := gover.Matching(filter, vs)
	if c.Bool("all") {
		shown = gover.MatchAll(filter, vs)
	}
	rows := []remoteVersion{}
	for _, v := range shown {
		_, inst := layout.Lookup(in.Store.Home, v, in.Platform)
		rows = append(rows, remoteVersion{Version: v.String(), Toolchain: v.Toolchain(), Stable: v.Stable(), Installed: inst})
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, rows)
	}
	if len(rows) == 0 {
		return &install.NoMatchError{Spec: filter, Platform: in.Platform, Nearest: gover.Nearest(filter, vs, 5)}
	}
	for _, r := range rows {
		if r.Installed {
			fmt.Fprintf(c.App.Writer, "%s\tinstalled\n", r.Version)
		} else {
			fmt.Fprintln(c.App.Writer, r.Version)
		}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // URLs keep their &
	return enc.Encode(v)
}
