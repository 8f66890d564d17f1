package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/install"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/manifest"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "check that installed SDKs hold exactly the files they were installed with",
		ArgsUsage: "[SPEC...]",
		Description: `Reads every file of each installed SDK again and compares the SDK with the
manifest gov recorded when it installed or imported it: every file, directory and
link with its mode, size and SHA-256. Prints ok and the SDK's h1: hash, or each
file that changed, is missing or was added. For an SDK from a module proxy (--source
proxy), the h1: of its files must also equal the one the checksum database
vouched for at install, so even a rewritten manifest cannot hide a change.

With no SPEC, checks every SDK in the store, for every platform (as gov list
shows them); --platform checks only that platform's. A SPEC names an installed
SDK as for gov uninstall (for --platform, else GOV_PLATFORM, else this machine).
Exits 1 when anything changed or could not be checked; gov install --force
VERSION puts back the SDK as it was released. gov doctor runs a quick form (sizes
and modes, no reading) on every run.

Examples:
   gov verify
   gov verify 1.22.3
   gov verify --platform darwin-amd64 1.22.3
   gov verify --json      [{"version", "platform", "dir", "ok", "files", "h1", "vouched_h1"
                           (proxy), "changes": [{"name", "what"}], "error"}]`,
		Flags: []cli.Flag{
			jsonFlag,
			&cli.StringFlag{Name: "platform", Usage: "check only the SDKs for `OS-ARCH` (such as darwin-amd64)"},
		},
		Action:       runVerify,
		BashComplete: completeInstalled,
	}
}

// verifiedSDK is the stable JSON shape of gov verify --json.
type verifiedSDK struct {
	Version  string `json:"version"`
	Platform string `json:"platform"`
	Dir      string `json:"dir"`
	OK       bool   `json:"ok"`
	Files    int    `json:"files"` // in the manifest
	// H1 is the h1: of the files as they are now, computed as dirhash does
	// for the SDK's golang.org/toolchain module.
	H1 string `json:"h1"`
	// VouchedH1 is the h1: the checksum database vouched for (proxy).
	VouchedH1  string         `json:"vouched_h1,omitempty"`
	Changes    []verifyChange `json:"changes"`
	Error      string         `json:"error,omitempty"` // why it could not be checked
	fix        string         // the command that puts it back
	sdk        layout.SDK     // for the text lines
	note       string         // said on stderr after an ok line
	noManifest bool
}

type verifyChange struct {
	Name string `json:"name"`
	What string `json:"what"`
}

func runVerify(c *cli.Context) error {
	home, err := layout.Home()
	if err != nil {
		return err
	}
	specs, err := parseSpecs(c, c.Args().Slice())
	if err != nil {
		return err
	}
	var only platform.Platform // zero: every platform
	if s := c.String("platform"); s != "" {
		if only, err = platform.Parse(s); err != nil {
			return usagef(c, "--platform: %v", err)
		}
	}
	sdks, err := verifyTargets(c, home, specs, only)
	if err != nil {
		return err
	}
	results := make([]verifiedSDK, 0, len(sdks))
	for _, sdk := range sdks {
		// Each SDK takes a fraction of a second; Ctrl-C stops between.
		if err := c.Context.Err(); err != nil {
			return err
		}
		r := verifySDK(sdk)
		if !c.Bool("json") {
			printVerified(c.App.Writer, c.App.ErrWriter, r)
		}
		results = append(results, r)
	}
	if c.Bool("json") {
		if err := writeJSON(c.App.Writer, results); err != nil {
			return err
		}
	} else if len(sdks) == 0 {
		fmt.Fprintln(c.App.ErrWriter, "no Go SDKs installed; "+hint.Run("install latest"))
	}
	return verifyError(results)
}

// verifyTargets returns the SDKs to check: those the specs name, one each
// as gov uninstall finds them, else every SDK installed (for only, when it
// is not zero).
func verifyTargets(c *cli.Context, home string, specs []gover.Spec, only platform.Platform) ([]layout.SDK, error) {
	if len(specs) == 0 {
		sdks, err := layout.List(home, only)
		if err != nil {
			return nil, fmt.Errorf("read store: %w", err)
		}
		return sdks, nil
	}
	p := only
	if p == (platform.Platform{}) {
		var err error
		if p, err = platform.Current(); err != nil {
			return nil, usagef(c, "%v", err)
		}
	}
	var sdks []layout.SDK
	for _, s := range specs {
		sdk, err := install.Match(home, s, p)
		if errors.As(err, new(*install.AmbiguousError)) {
			return nil, usagef(c, "%s", hint.Message(err))
		}
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(sdks, func(o layout.SDK) bool { return o.Dir == sdk.Dir }) {
			sdks = append(sdks, sdk)
		}
	}
	return sdks, nil
}

// verifySDK checks one SDK: deeply against its manifest, and for a proxy
// SDK the h1 of its files against the one the checksum database vouched
// for. Without a manifest, only that h1 can be checked.
func verifySDK(sdk layout.SDK) verifiedSDK {
	r := verifiedSDK{
		Version: sdk.Version.String(), Platform: sdk.Platform.String(), Dir: sdk.Dir,
		Changes: []verifyChange{}, sdk: sdk,
		fix: "gov install --force" + platformArg(sdk.Platform) + " " + sdk.Version.String(),
	}
	receipt, rerr := store.ReadReceipt(sdk.Dir)
	if rerr == nil && receipt.Source == "proxy" {
		r.VouchedH1 = receipt.H1
	}
	m, err := manifest.Read(sdk.Dir)
	switch {
	case errors.Is(err, manifest.ErrNone) && r.VouchedH1 != "":
		// The checksum database's h1 still says whether the files are
		// the ones it vouched for; only which ones changed is lost.
		module := receipt.Module
		if module == "" {
			module = layout.ToolchainModuleID(sdk.Version, sdk.Platform)
		}
		now, err := manifest.Build(sdk.Dir, module)
		if err != nil {
			r.Error = "cannot read its files: " + err.Error()
			return r
		}
		r.H1, r.Files = now.H1, countFiles(now)
		if r.H1 == r.VouchedH1 {
			r.OK = true
			r.note = "has no manifest (installed by an older gov), so the modes of its files were not checked; to record one: " + r.fix
		}
		return r
	case errors.Is(err, manifest.ErrNone):
		r.noManifest = true
		r.Error = "no manifest (installed by an older gov); reinstall to record one: " + r.fix
		return r
	case err != nil:
		r.Error = "cannot read its manifest: " + err.Error()
		return r
	}
	rep, err := manifest.Check(sdk.Dir, m, true)
	if err != nil {
		r.Error = "cannot read its files: " + err.Error()
		return r
	}
	r.H1, r.Files = rep.H1, countFiles(m)
	if ch, ok := store.RootChange(sdk.Dir); ok {
		rep.Changes = append([]manifest.Change{ch}, rep.Changes...)
	}
	for _, ch := range rep.Changes {
		r.Changes = append(r.Changes, verifyChange{Name: ch.Name, What: ch.What})
	}
	r.OK = len(r.Changes) == 0 && (r.VouchedH1 == "" || r.H1 == r.VouchedH1)
	if rerr != nil && r.OK {
		r.OK, r.Error = false, "its receipt cannot be read: "+rerr.Error()
	}
	return r
}

func countFiles(m *manifest.Manifest) int {
	n := 0
	for _, e := range m.Entries {
		if e.Kind == manifest.File {
			n++
		}
	}
	return n
}

// printVerified prints what verify found for one SDK: an ok line, or a
// line for each change and each problem.
func printVerified(stdout, stderr io.Writer, r verifiedSDK) {
	name := fmt.Sprintf("%s (%s)", r.sdk.Version.Toolchain(), r.Platform)
	vouched := r.VouchedH1 != "" && r.H1 == r.VouchedH1
	if r.OK {
		line := fmt.Sprintf("ok  %s: %s, %s", name, thousands(r.Files, "file", "files"), r.H1)
		if vouched {
			line += ", the h1 the checksum database vouched for"
		}
		fmt.Fprintln(stdout, line)
		if r.note != "" {
			fmt.Fprintf(stderr, "note: %s %s\n", name, r.note)
		}
		return
	}
	for _, ch := range r.Changes {
		fmt.Fprintf(stdout, "%s: %s: %s\n", name, ch.Name, ch.What)
	}
	if r.VouchedH1 != "" && r.H1 != "" && !vouched {
		fmt.Fprintf(stdout, "%s: its files hash to %s, which does not match the h1 the checksum database vouched for (%s)\n", name, r.H1, r.VouchedH1)
	}
	if r.Error != "" {
		fmt.Fprintf(stdout, "%s: %s\n", name, hint.OneLine(r.Error))
	}
}

// verifyError is verify's one error line: what is wrong with which SDKs,
// and the commands that put them back.
func verifyError(results []verifiedSDK) error {
	var bad, fixes []string
	for _, r := range results {
		if !r.OK {
			bad = append(bad, fmt.Sprintf("%s (%s) %s", r.sdk.Version.Toolchain(), r.Platform, r.problem()))
			fixes = append(fixes, r.fix)
		}
	}
	switch len(bad) {
	case 0:
		return nil
	case 1:
		return hint.New(bad[0], "run: "+fixes[0])
	}
	return hint.New(fmt.Sprintf("%d SDKs failed verification: %s", len(bad), strings.Join(bad, ", ")), "run: "+strings.Join(fixes, " && "))
}

// problem says in a few words what is wrong with an SDK that failed.
func (r verifiedSDK) problem() string {
	switch {
	case len(r.Changes) > 0:
		return "differs from its manifest (" + thousands(len(r.Changes), "change", "changes") + ")"
	case r.VouchedH1 != "" && r.H1 != "" && r.H1 != r.VouchedH1:
		return "does not match the h1 the checksum database vouched for"
	case r.noManifest:
		return "has no manifest"
	}
	return "could not be checked"
}

// platformArg is the --platform argument gov install needs to install
// for p: none for the platform it installs for by default.
func platformArg(p platform.Platform) string {
	if cur, err := platform.Current(); err == nil && cur == p {
		return ""
	}
	return " --platform " + p.String()
}

// thousands writes n with its unit, digits grouped by threes: 15,036 files.
func thousands(n int, one, many string) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n == 1 {
		return s + " " + one
	}
	return s + " " + many
}
