package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/minisign"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/release"
	"github.com/gov-dev/gov/pkg/self"
	"github.com/gov-dev/gov/pkg/store/shims"
)

func selfCommand() *cli.Command {
	return &cli.Command{
		Name:  "self",
		Usage: "update gov itself, or remove it",
		Description: `gov self update replaces gov's own programs (gov, gov-core, gov-shim) with a
signed release; gov self uninstall removes $GOV_HOME and everything in it.

Examples:
   gov self update --check
   gov self update
   gov self uninstall`,
		Subcommands: []*cli.Command{selfUpdateCommand(), selfUninstallCommand()},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef(c, "self needs a command: gov self update, or gov self uninstall")
			}
			return usagef(c, "unknown command %s: gov self has update and uninstall", hint.Quote(c.Args().First()))
		},
	}
}

func selfUpdateCommand() *cli.Command {
	return &cli.Command{
		Name:      "update",
		Usage:     "replace gov with its newest release (or TAG), checked against gov's signing key",
		ArgsUsage: "[TAG]",
		Description: `Replaces the running gov's programs (gov, gov-core and gov-shim, in the
directory of the running gov) with those of the newest release, or of TAG, then
brings the shims up to date. Releases come from $GOV_RELEASE_URL (default
` + release.DefaultURL + `): the release's SHA256SUMS must carry a minisign signature by
the key built into this gov, for that tag, and the archive must match its line
in SHA256SUMS and hold exactly gov's programs, LICENSE and README.md. The new
programs are written beside the old ones and renamed into place only once all
three are on disk, gov last; on any failure the old ones stay as they were.

An older TAG than the running gov's is refused without --force; the same one is
"up to date" (--force installs it again). A gov built from source (go install,
a clone) has no signing key and cannot update itself.

Examples:
   gov self update --check     is there a newer release? (exit 0 either way)
   gov self update             update to the newest release
   gov self update v0.2.0      update (or, with --force, go back) to v0.2.0
   gov self update --check --json
                               {"current", "latest", "newer", "url"}`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "check", Usage: "only say whether a newer release exists"},
			&cli.BoolFlag{Name: "force", Usage: "install TAG even when it is older than this gov, or the same"},
			jsonFlag, quietFlag,
		},
		Action: runSelfUpdate,
	}
}

// selfUpdateJSON is the stable JSON shape of gov self update --json:
// current is the running gov's version, latest the release asked for
// (the newest, or TAG), newer whether it is newer than current, url its
// archive for this platform; updated (without --check) whether gov was
// replaced.
type selfUpdateJSON struct {
	Current string `json:"current"`
	Latest  string `json:"latest"`
	Newer   bool   `json:"newer"`
	URL     string `json:"url"`
	Updated *bool  `json:"updated,omitempty"`
}

func runSelfUpdate(c *cli.Context) error {
	if c.NArg() > 1 {
		return usagef(c, "update takes at most one TAG, such as v0.2.0")
	}
	var tag string
	if c.NArg() == 1 {
		var err error
		if tag, err = release.ParseTag(c.Args().First()); err != nil {
			return usagef(c, "%v", err)
		}
	}
	if self.PublicKey == "" {
		return hint.New("this gov was built without a release signing key; it cannot update itself", "install a release with the install script, or update your checkout")
	}
	key, err := minisign.ParsePublicKey(self.PublicKey)
	if err != nil {
		return hint.New("this gov's release signing key is damaged ("+err.Error()+"); it cannot update itself", "install a release with the install script")
	}
	out := newOutput(c)
	srv := &release.Server{URL: release.BaseURL(os.Getenv), Client: fetch.NewClient(), Key: key}
	if tag == "" {
		if tag, err = srv.Latest(c.Context); err != nil {
			return fmt.Errorf("find gov's newest release: %w", err)
		}
	}
	current := buildVersion()
	p := platform.Native()
	order := release.Compare(tag, current)
	res := selfUpdateJSON{Current: current, Latest: tag, Newer: order > 0, URL: srv.ArchiveURL(tag, p)}

	if c.Bool("check") {
		if c.Bool("json") {
			return writeJSON(c.App.Writer, res)
		}
		switch {
		case order > 0:
			fmt.Fprintf(c.App.Writer, "gov %s is out (this gov is %s); %s\n", tag, current, hint.Run("self update"))
		case order == 0:
			fmt.Fprintf(c.App.Writer, "gov %s is up to date\n", current)
		default:
			fmt.Fprintf(c.App.Writer, "this gov (%s) is newer than %s\n", current, tag)
		}
		return nil
	}
	updated := false
	res.Updated = &updated
	switch {
	case order == 0 && !c.Bool("force"):
		if c.Bool("json") {
			return writeJSON(c.App.Writer, res)
		}
		out.notef("gov %s is already up to date", current)
		return nil
	case order < 0 && !c.Bool("force"):
		return hint.New(fmt.Sprintf("%s is older than this gov (%s); nothing was changed", tag, current), "to go back to it, "+hint.Run("self update --force "+tag))
	}

	exe, err := self.Exe()
	if err != nil {
		return fmt.Errorf("cannot find the running gov: %w", err)
	}
	dir := filepath.Dir(exe)
	if err := release.Writable(dir); err != nil {
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.EROFS) {
			return hint.New(fmt.Sprintf("gov is in %s, which you cannot write; nothing was changed", dir), "update gov the way it was installed there, or install a release into ~/.gov/bin with the install script")
		}
		return fmt.Errorf("update gov in %s: %w", dir, err)
	}

	out.notef("downloading gov %s for %s from %s", tag, p, srv.URL)
	programs, err := srv.Programs(c.Context, tag, p)
	if err != nil {
		return err
	}
	staged, err := release.Stage(dir, programs)
	if err != nil {
		return hint.Else(err, "nothing was changed")
	}
	defer staged.Discard()
	if err := checkRuns(c.Context, staged.Path(self.Core), tag); err != nil {
		return hint.With(err, "nothing was changed: the release is not for this machine, or is broken")
	}
	if err := staged.Commit(); err != nil {
		return err
	}
	updated = true
	if order == 0 {
		out.notef("reinstalled gov %s in %s", tag, dir)
	} else {
		out.notef("updated gov from %s to %s in %s", current, tag, dir)
	}

	// The shims are copies of gov-shim: the new one replaces them now, not
	// at the next gov env.
	if home, err := layout.Home(); err == nil {
		if _, err := shims.Keep(home); err != nil {
			out.notef("note: %s", hint.Message(err))
		}
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, res)
	}
	return nil
}

// checkRuns runs the staged gov-core --version and checks that it says
// tag: the new programs run on this machine before they replace the old.
func checkRuns(ctx context.Context, core, tag string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, core, "--version")
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the new %s does not run here: %v %s", self.Core, err, hint.Quote(strings.TrimSpace(stderr.String())))
	}
	if !slices.Contains(strings.Fields(stdout.String()), tag) {
		return fmt.Errorf("the new %s says it is %s, not %s", self.Core, hint.Quote(strings.TrimSpace(stdout.String())), tag)
	}
	return nil
}
