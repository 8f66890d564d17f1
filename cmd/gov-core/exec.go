package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/shim"
)

func execCommand() *cli.Command {
	return &cli.Command{
		Name:      "exec",
		Usage:     "run a command with a Go version's environment",
		ArgsUsage: "[SPEC] -- CMD [ARGS...]",
		Description: `Runs CMD with the SDK SPEC resolves to: GOROOT set, its bin first in PATH,
GOV_VERSION set so that go shims run it too, and GOTOOLCHAIN=local unless you
set GOTOOLCHAIN. The exit status is CMD's. An installed match runs without
asking the network; a version that is not installed is installed first, after
a note on stderr. With no SPEC, CMD runs with the version selected here.

Examples:
   gov exec 1.21 -- go test ./...
   gov exec latest -- make release
   gov exec -- go env GOROOT`,
		Flags:        []cli.Flag{platformFlag, offlineFlag, sourceFlag, quietFlag},
		Action:       runExec,
		BashComplete: completeVersions,
	}
}

func runExec(c *cli.Context) error {
	args := c.Args().Slice()
	var specArg string
	switch {
	case len(args) > 0 && args[0] == "--":
		args = args[1:] // no SPEC: the version selected here
	case len(args) > 1 && args[1] == "--":
		specArg, args = args[0], args[2:]
	case len(args) > 1:
		specArg, args = args[0], args[1:]
	default:
		return usagef(c, "exec needs a command, such as gov exec 1.22 -- go version or gov exec -- go test ./...")
	}
	if len(args) == 0 {
		return usagef(c, "exec needs a command after --")
	}
	var sdk layout.SDK
	if specArg == "" {
		sel, spec, err := wantHere(c)
		if err != nil {
			return err
		}
		sdk = sel.SDK
		if !sel.Installed() {
			if sdk, err = runnable(c, spec); err != nil {
				return err
			}
		}
	} else {
		specs, err := parseSpecs(c, []string{specArg})
		if err != nil {
			return err
		}
		if sdk, err = runnable(c, specs[0]); err != nil {
			return err
		}
	}
	depth, _ := strconv.Atoi(os.Getenv(shim.DepthVar))
	env := shim.Environ(os.Environ(), sdk.Dir, depth, false)
	env = append(env, "GOV_VERSION="+sdk.Version.Pin())
	return runCmd(args, env)
}

// errExit carries a child's exit status out of an action.
type errExit struct{ code int }

func (e *errExit) Error() string { return fmt.Sprintf("exit status %d", e.code) }
