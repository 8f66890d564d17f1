package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/install"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/shim"
)

func useCommand() *cli.Command {
	return &cli.Command{
		Name:      "use",
		Usage:     "pin this directory to a Go version (.go-version)",
		ArgsUsage: "[SPEC]",
		Description: `Writes .go-version in the current directory with the exact version SPEC
resolves to, installing it first if needed. The go shim then runs that version
here and in every directory below (unless a nearer .go-version says otherwise).
gov remembers the directory in $GOV_HOME/projects, for gov list --projects,
gov outdated, gov upgrade --pins and gov prune. When the module here asks for
a newer Go than the pin (go.mod's go line), gov warns: the go command would
refuse it.

With no SPEC, installs whatever this directory already asks for, as gov install
with no SPEC does.

Examples:
   gov use 1.22.3
   gov use 1.22        pins the newest 1.22.x, such as 1.22.12
   gov use             installs what a cloned project's .go-version names`,
		Flags:        []cli.Flag{platformFlag, offlineFlag, sourceFlag, quietFlag},
		Action:       runUse,
		BashComplete: completeVersions,
	}
}

func runUse(c *cli.Context) error {
	switch c.NArg() {
	case 0:
		return installHere(c)
	case 1:
	default:
		return usagef(c, "use takes at most one SPEC")
	}
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return err
	}
	sdk, err := ensure(c, in, specs[0])
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	file := filepath.Join(wd, layout.GoVersionFile)
	if err := atomicfile.Write(file, []byte(sdk.Version.Pin()+"\n"), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	out.notef("wrote %s: %s", file, sdk.Version)
	if err := in.Store.AddProject(c.Context, wd); err != nil {
		out.notef("note: could not add %s to the projects gov knows: %s", wd, hint.OneLine(err.Error()))
	}
	warnRefused(c, in, wd, sdk)
	return nil
}

// repin moves the version file sel read (one that lists one version) to
// v: the line that named the version changes, the rest of the file (its
// comments, its mode) stays.
func repin(sel *shim.Selection, v gover.Version) error {
	fi, err := os.Stat(sel.File)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(sel.File)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(data), "\n")
	i := sel.Line - 1
	if i < 0 || i >= len(lines) || !strings.Contains(lines[i], sel.Raw) {
		return hint.New(fmt.Sprintf("%s changed while gov read it", sel.File), "run the command again")
	}
	// The file's own spelling stays: go1.21.5 becomes go1.21.7.
	prefix := sel.Raw[:strings.IndexFunc(sel.Raw+"0", func(r rune) bool { return '0' <= r && r <= '9' })]
	lines[i] = strings.Replace(lines[i], sel.Raw, prefix+v.Pin(), 1)
	if err := atomicfile.Write(sel.File, []byte(strings.Join(lines, "")), fi.Mode().Perm()); err != nil {
		return hint.With(fmt.Errorf("write %s: %w", sel.File, err), "check the directory's permissions")
	}
	return nil
}

// warnRefused warns, in one line, when the module in dir asks for a newer
// Go than sdk, and names the version that satisfies it: the newest release
// of the required line (which gov use LINE pins).
func warnRefused(c *cli.Context, in *install.Installer, dir string, sdk layout.SDK) {
	home, p := in.Store.Home, in.Platform
	m, refused, err := shim.NewResolver(home, p, goenv.Local()).Refuses(dir, sdk.Version)
	if err != nil || !refused {
		return
	}
	need, _ := gover.FromGoLine(m.GoVersion().String())
	fix := "gov use " + gover.LineOf(need).Pin()
	if v, err := in.Resolve(c.Context, gover.AtLeast{V: need}); err == nil {
		fix += " (" + v.Toolchain() + ")"
	}
	fmt.Fprintf(c.App.ErrWriter, "warning: %s requires go >= %s; the go command will refuse %s here; %s satisfies it\n",
		m.File, need, sdk.Version.Toolchain(), fix)
}

func globalCommand() *cli.Command {
	return &cli.Command{
		Name:      "global",
		Usage:     "set the default Go version",
		ArgsUsage: "[SPEC]",
		Description: `Makes the exact version SPEC resolves to the default ($GOV_HOME/version),
installing it first if needed, and points $GOV_HOME/current at its GOROOT (a
stable path for editors). The default applies wherever no GOV_VERSION,
.go-version or .tool-versions says otherwise, and is raised to what a module's
go.mod or go.work requires. With no SPEC, prints the default and what sets it.

Examples:
   gov global latest
   gov global 1.22
   gov global           prints the default: 1.22.3 (set by ~/.gov/version)
   gov global --json    the shape of gov current --json`,
		Flags:        []cli.Flag{platformFlag, offlineFlag, sourceFlag, quietFlag, jsonFlag},
		Action:       runGlobal,
		BashComplete: completeVersions,
	}
}

func runGlobal(c *cli.Context) error {
	switch c.NArg() {
	case 0:
		return showGlobal(c)
	case 1:
	default:
		return usagef(c, "global takes one SPEC, such as gov global latest")
	}
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	out := newOutput(c)
	in, err := newInstaller(c, out)
	if err != nil {
		return err
	}
	sdk, err := ensure(c, in, specs[0])
	if err != nil {
		return err
	}
	shimPlatform, err := platform.Current()
	if err != nil {
		return err
	}
	if err := in.Store.SetGlobal(sdk.Version, shimPlatform); err != nil {
		return fmt.Errorf("set the global default: %w", err)
	}
	out.notef("global default: %s", sdk.Version)
	return nil
}

// showGlobal prints the global default and what sets it, as gov current
// prints what runs here.
func showGlobal(c *cli.Context) error {
	st, p, err := openTarget(c)
	if err != nil {
		return err
	}
	g, err := shim.NewResolver(st.Home, p, goenv.Local()).Global()
	if err != nil {
		return err
	}
	if g == nil {
		return hint.New("no global default is set", hint.Run("global latest")+" (or gov global VERSION)")
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, selectionJSON(g))
	}
	if !g.Installed() {
		return shim.NotInstalledError(g)
	}
	fmt.Fprintf(c.App.Writer, "%s (%s)\n", g.SDK.Version, g.Reason())
	return nil
}
