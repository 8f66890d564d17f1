package main

import (
	"fmt"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
)

func currentCommand() *cli.Command {
	return &cli.Command{
		Name:  "current",
		Usage: "show the Go version this directory runs, and what chose it",
		Description: `Prints the version the go shim would run here and why: GOTOOLCHAIN,
GOV_VERSION, a .go-version or .tool-versions file, the global default, or a
go.mod/go.work that raised the default. What gov decided on the way (an
invalid go line ignored, a newer release of the line used) follows on stderr,
each on a line of its own.

Examples:
   gov current
   gov current --json    {"version", "toolchain", "spec", "source", "file", "line",
                          "installed", "goroot", "platform", "raised_from",
                          "gotoolchain", "notes"}`,
		Flags:  []cli.Flag{jsonFlag, platformFlag},
		Action: runCurrent,
	}
}

// currentJSON is the stable JSON shape of gov current --json.
type currentJSON struct {
	Version    string       `json:"version"`   // 1.22.3, or the spec when nothing installed matches
	Toolchain  string       `json:"toolchain"` // go1.22.3
	Spec       string       `json:"spec"`      // as written: 1.22
	Source     string       `json:"source"`    // env, file, global, go.mod, go.work
	File       string       `json:"file,omitempty"`
	Line       int          `json:"line,omitempty"`
	Installed  bool         `json:"installed"`
	GOROOT     string       `json:"goroot,omitempty"`
	Platform   string       `json:"platform"`
	RaisedFrom *currentJSON `json:"raised_from,omitempty"`
	// GOTOOLCHAIN is the environment's GOTOOLCHAIN that applied.
	GOTOOLCHAIN string   `json:"gotoolchain,omitempty"`
	Notes       []string `json:"notes,omitempty"`
}

func selectionJSON(sel *shim.Selection) *currentJSON {
	if sel == nil {
		return nil
	}
	j := &currentJSON{Version: sel.Raw, Spec: sel.Raw, Source: sel.From, File: sel.File, Line: sel.Line,
		Installed: sel.Installed(), GOROOT: sel.SDK.Dir, Platform: sel.Plat.String(), RaisedFrom: selectionJSON(sel.Raised),
		GOTOOLCHAIN: sel.GOTOOLCHAIN, Notes: sel.Notes}
	if e, ok := sel.Spec.(gover.Exact); ok {
		j.Version, j.Toolchain = e.V.String(), e.V.Toolchain()
	}
	if sel.Installed() {
		j.Version, j.Toolchain = sel.SDK.Version.String(), sel.SDK.Version.Toolchain()
	}
	return j
}

func runCurrent(c *cli.Context) error {
	sel, err := selectHere(c)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, selectionJSON(sel))
	}
	for _, n := range sel.Notes {
		fmt.Fprintln(c.App.ErrWriter, "note: "+hint.OneLine(n))
	}
	if !sel.Installed() {
		return shim.NotInstalledError(sel)
	}
	fmt.Fprintf(c.App.Writer, "%s (%s)\n", sel.SDK.Version, explain(sel))
	return nil
}

// explain says what chose sel's version: the source, what a module raised
// it from, and a GOTOOLCHAIN that changed the rules.
func explain(sel *shim.Selection) string {
	why := sel.Reason()
	if sel.Raised != nil {
		why += ", raised from " + sel.Raised.Raw + " (" + sel.Raised.Reason() + ")"
	}
	switch {
	case sel.GOTOOLCHAIN == "" || sel.From == shim.FromToolchain || sel.Raised != nil && sel.Raised.From == shim.FromToolchain:
	case sel.GOTOOLCHAIN == "local" && (sel.From == shim.FromGlobal):
		why += "; GOTOOLCHAIN=local: go.mod and go.work do not raise it"
	default:
		why += "; GOTOOLCHAIN=" + sel.GOTOOLCHAIN
	}
	return why
}

func whichCommand() *cli.Command {
	return &cli.Command{
		Name:      "which",
		Usage:     "print the path of the real binary the shim runs here",
		ArgsUsage: "[TOOL]",
		Description: `Prints the absolute path of TOOL (default go) in the SDK this directory
selects: bin/TOOL, or pkg/tool/GOOS_GOARCH/TOOL for tools such as vet or compile.

Examples:
   gov which
   gov which gofmt
   gov which vet`,
		Flags:  []cli.Flag{platformFlag},
		Action: runWhich,
	}
}

func runWhich(c *cli.Context) error {
	if c.NArg() > 1 {
		return usagef(c, "which takes at most one TOOL")
	}
	tool := "go"
	if c.NArg() == 1 {
		tool = c.Args().First()
	}
	if tool == "" || filepath.Base(tool) != tool || tool == "." || tool == ".." {
		return usagef(c, "%q is not a tool name", tool)
	}
	sel, err := selectHere(c)
	if err != nil {
		return err
	}
	if !sel.Installed() {
		return shim.NotInstalledError(sel)
	}
	for _, p := range []string{
		filepath.Join(sel.SDK.Dir, "bin", tool+platform.ExeSuffix),
		filepath.Join(sel.SDK.Dir, "pkg", "tool", sel.Plat.OS+"_"+sel.Plat.Arch, tool+platform.ExeSuffix),
	} {
		if isExecutable(p) {
			fmt.Fprintln(c.App.Writer, p)
			return nil
		}
	}
	return hint.New(fmt.Sprintf("%s has no tool named %s", sel.SDK.Version.Toolchain(), tool), hint.Run("which go")+", or ls "+filepath.Join(sel.SDK.Dir, "bin"))
}
