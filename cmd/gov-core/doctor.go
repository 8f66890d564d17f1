package main

import (
	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/doctor"
)

func doctorCommand() *cli.Command {
	return &cli.Command{
		Name:  "doctor",
		Usage: "find what is wrong with this machine's Go setup, and how to fix it",
		Description: `Checks every way a Go installation goes wrong on a real machine and prints,
for each check, ok, warn or fail, what it found and the command that fixes it:

   PATH            which go and gofmt a shell runs; gov's shims first (in hook mode,
                   after the selected SDK's bin); every go in PATH
   shell           whether the gov env line is in a file your shell reads; whether
                   this shell is in shim mode or hook mode (gov env SHELL --hook)
   GOROOT          set in the environment (it should not be)
   go env -w       settings hidden in the go command's own settings file
   GOTOOLCHAIN     whether go could download a toolchain behind gov's back;
                   the module's go and toolchain lines against the selected Go
   permissions     GOPATH, GOMODCACHE, GOCACHE, GOBIN, GOV_HOME writable and yours
   cgo             the C compiler (and on macOS the developer tools)
   network         GOPROXY, GOSUMDB, GOPRIVATE; the first proxy answers; the dl index
                   answers, GOPROXY serves golang.org/toolchain, and which of the two
                   gov install uses here (GOV_SOURCE) (not --offline)
   platform        OS, architecture, Rosetta; SDKs for another architecture
   quarantine      macOS quarantine attributes on gov's binaries
   store           SDKs complete, their files the sizes and modes their manifests
                   list (gov verify reads them all), how each was verified, no
                   leftovers, shims current
   gobin           tools from go install found by name, not shadowed

Exits 1 when a check fails, 0 otherwise (warnings allowed). Checks that
cannot apply here (the macOS ones elsewhere) report ok, "not macOS". A line
that could check nothing because of a problem another line reports (tools
shadowed, while GOBIN is not in PATH) is left out: ok never stands beside it.

Examples:
   gov doctor
   gov doctor -v          also show the evidence behind each line
   gov doctor --offline   ask nothing over the network
   gov doctor --json      [{"id", "status", "summary", "detail", "fix"}]`,
		Flags: []cli.Flag{
			jsonFlag,
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "show the detail behind each check"},
			&cli.BoolFlag{Name: "offline", Usage: "skip the network checks", EnvVars: []string{"GOV_OFFLINE"}},
		},
		Action: runDoctor,
	}
}

func runDoctor(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef(c, "doctor takes no arguments")
	}
	groups := doctor.Run(c.Context, doctor.Local(c.Bool("offline")), doctor.Checks())
	var err error
	if c.Bool("json") {
		err = doctor.WriteJSON(c.App.Writer, groups)
	} else {
		err = doctor.WriteText(c.App.Writer, groups, useColor(c.App.Writer), c.Bool("verbose"))
	}
	if err != nil {
		return err
	}
	if doctor.Failed(groups) {
		return &errExit{code: 1}
	}
	return nil
}
