package main

import (
	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/hint"
)

func installCommand() *cli.Command {
	return &cli.Command{
		Name:      "install",
		Aliases:   []string{"i"},
		Usage:     "download, verify and install Go SDKs",
		ArgsUsage: "[SPEC...]",
		Description: `Installs the newest Go release each SPEC matches into the store, after checking
its SHA-256 against go.dev's release index. When go.dev cannot be reached (and
always with --source proxy), Go comes as the golang.org/toolchain module from
GOPROXY (any module proxy, or a file:// copy), and its h1 hash is checked against
the checksum database GOSUMDB names (default sum.golang.org), as the go command
does for toolchains; gov says so in one line. An install is all or
nothing: a failed or interrupted one leaves the store as it was.

SPEC is 1.22.3, go1.22.3, 1.22 or 1.22.x (newest 1.22.x), latest, 1.23rc1,
or a constraint such as ">=1.21, <1.23". A line with no release yet means its
newest pre-release (1.27 is go1.27rc1 until go1.27.0 is out), with a note.

With no SPEC, installs what this directory needs: what the go shim would run
here (GOV_VERSION, .go-version, .tool-versions, the global default), where a
go.mod or go.work requirement means the newest release of its line (go 1.22.0
installs the newest 1.22.x). Installed already: it says so. The one setup step
of a CI job:  eval "$(gov env bash)" && gov install && go test ./...

Examples:
   gov install             what this project needs
   gov install 1.22.3
   gov install latest 1.21
   gov install --platform darwin-amd64 1.22
   GOV_DL_BASE=https://mirrors.aliyun.com/golang/ gov install 1.22
   GOPROXY=https://goproxy.cn,direct gov install --source proxy 1.22

Environment: GOV_HOME, GOV_DL_INDEX, GOV_DL_BASE, GOV_SOURCE, GOV_PLATFORM,
GOV_OFFLINE, GOV_INSECURE (allow plain http://, and GOSUMDB=off with the proxy
source), GOV_INDEX_TTL; GOPROXY and GOSUMDB (from the environment, else go env -w).`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "reinstall even if installed"},
			platformFlag, offlineFlag, sourceFlag, quietFlag,
		},
		Action:       runInstall,
		BashComplete: completeReleases,
	}
}

func runInstall(c *cli.Context) error {
	if c.NArg() == 0 {
		return installHere(c)
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
	var failed error
	for _, s := range specs {
		sdk, installed, err := in.Install(c.Context, s)
		switch {
		case err != nil && len(specs) > 1 && c.Context.Err() == nil:
			printError(c.App.ErrWriter, err)
			failed = hint.New("some installs failed", "see above")
		case err != nil:
			return err // the only one, or interrupted: Main says what was installed
		case installed:
			out.notef("installed %s (%s) in %s", sdk.Version.Toolchain(), sdk.Platform, sdk.Dir)
		default:
			out.notef("%s (%s) is already installed in %s", sdk.Version.Toolchain(), sdk.Platform, sdk.Dir)
		}
	}
	return failed
}
