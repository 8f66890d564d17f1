package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/shim"
)

func execCommand() *cli.Command {
	return &cli.Command{
		Name:      "exec",
		Usage:     "run a command with a Go version's environment",
		ArgsUsage: "SPEC -- CMD [ARGS...]",
		Description: `Runs CMD with the SDK SPEC resolves to (installing it if needed): GOROOT
set, its bin first in PATH, GOV_VERSION set so that go shims run it too, and
GOTOOLCHAIN=local unless you set GOTOOLCHAIN. The exit status is CMD's.

Examples:
   gov exec 1.21 -- go test ./...
   gov exec latest -- make release`,
		Flags:        []cli.Flag{platformFlag, offlineFlag, sourceFlag, quietFlag},
		Action:       runExec,
		BashComplete: completeVersions,
	}
}

func runExec(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) < 2 {
		return usagef(c, "exec needs a SPEC and a command, such as gov exec 1.22 -- go version")
	}
	specArg, cmd := args[0], args[1:]
	if cmd[0] == "--" {
		cmd = cmd[1:]
	}
	if len(cmd) == 0 {
		return usagef(c, "exec needs a command after the SPEC")
	}
	specs, err := parseSpecs(c, []string{specArg})
	if err != nil {
		return err
	}
	sdk, err := sdkFor(c, specs[0], true)
	if err != nil {
		return err
	}
	depth, _ := strconv.Atoi(os.Getenv(shim.DepthVar))
	env := shim.Environ(os.Environ(), sdk.Dir, depth, false)
	env = append(env, "GOV_VERSION="+sdk.Version.Pin())
	return runCmd(cmd, env)
}

// errExit carries a child's exit status out of an action.
type errExit struct{ code int }

func (e *errExit) Error() string { return fmt.Sprintf("exit status %d", e.code) }
