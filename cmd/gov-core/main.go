// Command gov-core is gov's full command line. Users run it as gov: the
// gov binary (cmd/gov, package front) answers gov env itself, because
// every new shell runs it, and execs gov-core, which sits beside it, for
// every other command. Its name in help and errors is "gov".
//
// Output rules, for every command:
//   - Results (lists, paths, JSON) go to stdout; progress and notes go to
//     stderr and disappear with --quiet.
//   - An error is one line on stderr, "gov: what went wrong; what to do",
//     lowercase, with no final period. Exit 1 for failures, 2 for usage,
//     130 for Ctrl-C and 143 for SIGTERM (interrupt.go).
//   - Colour only on a terminal, never with NO_COLOR.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/self"
)

func main() { os.Exit(Main(os.Args, os.Stdout, os.Stderr)) }

// Main runs gov with args and returns its exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := interruptible()
	defer stop()
	app := newApp(stdout, stderr)
	if len(args) > 1 && args[1] == completeCommand {
		return runComplete(app, args[2:], stdout, stderr)
	}
	err := app.RunContext(ctx, hoistFlags(app, args))
	if err == nil {
		return 0
	}
	var exit *errExit
	if errors.As(err, &exit) {
		return exit.code
	}
	if line, code, ok := interrupted(ctx, err); ok {
		fmt.Fprintln(stderr, "gov: "+line)
		return code
	}
	printError(stderr, err)
	var u *usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

func newApp(stdout, stderr io.Writer) *cli.App {
	onUsageError := func(c *cli.Context, err error, isSubcommand bool) error {
		return usagef(c, "%v", err)
	}
	app := &cli.App{
		Name:    "gov",
		Version: buildVersion(),
		Usage:   "install Go SDKs and pick the right one for each directory",
		Description: `gov keeps verified Go SDKs in a private store ($GOV_HOME, default ~/.gov) and
puts a tiny shim named go first in PATH that runs the version each directory asks for
(.go-version, .tool-versions, else the global default, raised to what go.mod needs).

Get started:
   gov install latest          install the newest Go release
   gov global latest           make it the default
   eval "$(gov env zsh)"       in ~/.zshrc: put gov's go first in PATH (gov setup
                               prints the line and the file for your shell)
   gov use 1.22                pin this project to the newest 1.22.x (.go-version)`,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Commands:        commands(),
		OnUsageError:    onUsageError,
		CommandNotFound: func(c *cli.Context, name string) {
			fmt.Fprintf(stderr, "gov: unknown command %q; %s for the list\n", name, hint.Run("--help"))
			cli.OsExiter(2)
		},
		ExitErrHandler: func(*cli.Context, error) {}, // Main prints errors
	}
	// A bad flag of a command is a usage error too (exit 2), not a help
	// page on stdout.
	var setUsage func(cmds []*cli.Command)
	setUsage = func(cmds []*cli.Command) {
		for _, cmd := range cmds {
			cmd.OnUsageError = onUsageError
			setUsage(cmd.Subcommands)
		}
	}
	setUsage(app.Commands)
	return app
}

// commands lists gov's commands; each lives in its own file.
func commands() []*cli.Command {
	return []*cli.Command{
		installCommand(),
		uninstallCommand(),
		upgradeCommand(),
		outdatedCommand(),
		pruneCommand(),
		listCommand(),
		listRemoteCommand(),
		importCommand(),
		verifyCommand(),
		useCommand(),
		globalCommand(),
		shellCommand(),
		currentCommand(),
		whichCommand(),
		execCommand(),
		doctorCommand(),
		envCommand(),
		hookEnvCommand(),
		setupCommand(),
		completionCommand(),
		selfCommand(),
		versionCommand(),
	}
}

// A usageError is a mistake in how gov was called: exit status 2.
type usageError struct{ msg, hint string }

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Hint() string  { return e.hint }

// usagef reports a usage error and points at the command's help.
func usagef(c *cli.Context, format string, args ...any) error {
	help := "gov --help"
	if c != nil && c.Command != nil && c.Command.Name != "" && c.Command.Name != c.App.Name {
		help = "gov " + c.Command.Name + " --help"
		if strings.HasPrefix(c.Command.HelpName, "gov ") {
			help = c.Command.HelpName + " --help" // gov self update --help
		}
	}
	return &usageError{fmt.Sprintf(format, args...), "see " + help}
}

// buildVersion is the tag a release build was stamped with (self.Version),
// else gov's module version as the go command stamped it (v1.2.3 for go
// install ...@v1.2.3, "(devel)" for a local build).
func buildVersion() string {
	if self.Version != "" {
		return self.Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// printError prints err as gov's one-line error, followed by the evidence
// of a security failure, for whoever runs the database or the proxy.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "gov: "+describe(err))
	var sec *fetch.SecurityError
	if errors.As(err, &sec) {
		for _, line := range strings.Split(strings.TrimRight(sec.Report, "\n"), "\n") {
			fmt.Fprintln(w, "\t"+line)
		}
	}
}
