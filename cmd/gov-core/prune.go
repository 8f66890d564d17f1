package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

func pruneCommand() *cli.Command {
	return &cli.Command{
		Name:  "prune",
		Usage: "remove the SDKs nothing selects, and their cached downloads",
		Description: `Removes every installed SDK that nothing selects: not the global default, not
GOV_VERSION, not the pin of a project gov knows (gov list --projects), not what
this directory runs (each for every platform in the store), and not the newest
release of its line for its platform. Then removes the cached downloads of
versions no longer installed, unless --keep-cache (they make an offline reinstall
possible). Prints each removal and the space freed. What another gov process is
working on is left alone: an SDK it holds the lock of, and the download cache
while any install runs.

Examples:
   gov prune --dry-run    list what would go
   gov prune
   gov prune --json       {"dry_run", "removed": [{"version", "platform", "dir", "bytes"}],
                           "cache": [{"file", "bytes"}], "freed_bytes"}`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "dry-run", Aliases: []string{"n"}, Usage: "list what would be removed, remove nothing"},
			&cli.BoolFlag{Name: "keep-cache", Usage: "keep the cached downloads"},
			jsonFlag, quietFlag,
		},
		Action: runPrune,
	}
}

// pruneJSON is the stable JSON shape of gov prune --json.
type pruneJSON struct {
	DryRun  bool          `json:"dry_run"`
	Removed []prunedSDK   `json:"removed"`
	Cache   []prunedCache `json:"cache"`
	Freed   int64         `json:"freed_bytes"`
}

type prunedSDK struct {
	Version  string `json:"version"`
	Platform string `json:"platform"`
	Dir      string `json:"dir"`
	Bytes    int64  `json:"bytes"`
}

type prunedCache struct {
	File  string `json:"file"`
	Bytes int64  `json:"bytes"`
}

func runPrune(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef(c, "prune takes no arguments; to remove one version, gov uninstall VERSION")
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	dry := c.Bool("dry-run")
	out := newOutput(c)
	res := pruneJSON{DryRun: dry, Removed: []prunedSDK{}, Cache: []prunedCache{}}
	if !dry {
		st.Clean() // what killed installs left in tmp/
	}
	doomed, err := unselected(st, out.noteOnce)
	if err != nil {
		return err
	}
	for _, sdk := range doomed {
		size := dirSize(sdk.Dir)
		if !dry {
			err := st.UninstallIdle(sdk.Version, sdk.Platform)
			if errors.Is(err, store.ErrBusy) {
				out.notef("note: kept %s (%s): %v", sdk.Version.Toolchain(), sdk.Platform, err)
				continue
			}
			if err != nil {
				return err
			}
		}
		res.Removed = append(res.Removed, prunedSDK{Version: sdk.Version.String(), Platform: sdk.Platform.String(), Dir: sdk.Dir, Bytes: size})
		res.Freed += size
	}
	if !c.Bool("keep-cache") {
		cache, err := unusedDownloads(st, doomed, dry)
		if err != nil {
			return err
		}
		// An install that is under way may have put its download in the
		// cache before its SDK (and receipt) lands: listed first, then
		// checked, so that such a download is never taken for unused.
		if busy := st.Busy(); len(busy) > 0 && len(cache) > 0 {
			out.notef("note: kept the download cache: gov is installing or removing %s right now", strings.Join(busy, ", "))
			cache = nil
		}
		for _, a := range cache {
			if !dry {
				if err := a.Remove(); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("remove cached download: %w", err)
				}
			}
			res.Cache = append(res.Cache, prunedCache{File: a.Path, Bytes: a.Size})
			res.Freed += a.Size
		}
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, res)
	}
	verb := "removed"
	if dry {
		verb = "would remove"
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 4, 2, ' ', 0)
	for _, r := range res.Removed {
		fmt.Fprintf(tw, "%s go%s (%s)\t%s\n", verb, r.Version, r.Platform, fetch.HumanBytes(r.Bytes))
	}
	if n := len(res.Cache); n > 0 {
		var size int64
		for _, a := range res.Cache {
			size += a.Bytes
		}
		fmt.Fprintf(tw, "%s %d cached download(s)\t%s\n", verb, n, fetch.HumanBytes(size))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	switch {
	case len(res.Removed)+len(res.Cache) == 0:
		out.notef("nothing to prune: every installed SDK is selected or the newest of its line")
	case dry:
		out.notef("would free %s; %s to remove", fetch.HumanBytes(res.Freed), hint.Run("prune"))
	default:
		out.notef("freed %s", fetch.HumanBytes(res.Freed))
	}
	return nil
}

// unselected returns the installed SDKs, of every platform, that nothing
// selects: no pointer runs them, on any platform the store holds, and
// each is not the newest release of its line for its platform.
func unselected(st *store.Store, note func(string)) ([]layout.SDK, error) {
	sdks, err := layout.List(st.Home, platform.Platform{})
	if err != nil {
		return nil, fmt.Errorf("read store: %w", err)
	}
	keep := map[string]bool{}
	var plats []platform.Platform
	for _, sdk := range sdks {
		if slices.Contains(plats, sdk.Platform) {
			continue
		}
		plats = append(plats, sdk.Platform)
		ptrs, err := pointers(st, sdk.Platform, note)
		if err != nil {
			return nil, err
		}
		for _, ptr := range ptrs {
			if ptr.Sel.Installed() {
				keep[ptr.Sel.SDK.Dir] = true
			}
		}
	}
	for _, sdk := range newestOfLines(sdks) {
		keep[sdk.Dir] = true
	}
	var doomed []layout.SDK
	for _, sdk := range sdks {
		if !keep[sdk.Dir] {
			doomed = append(doomed, sdk)
		}
	}
	return doomed, nil
}

// unusedDownloads returns the cached downloads that no SDK that stays
// installed came from. In a dry run, the SDKs to be pruned count as gone.
func unusedDownloads(st *store.Store, doomed []layout.SDK, dry bool) ([]fetch.CachedArchive, error) {
	archives, err := fetch.CachedArchives(st.Path(layout.CacheDir))
	if err != nil {
		return nil, fmt.Errorf("read the download cache: %w", err)
	}
	sdks, err := layout.List(st.Home, platform.Platform{})
	if err != nil {
		return nil, fmt.Errorf("read store: %w", err)
	}
	used := map[string]bool{}
	for _, sdk := range sdks {
		if dry && slices.ContainsFunc(doomed, func(d layout.SDK) bool { return d.Dir == sdk.Dir }) {
			continue
		}
		if r, err := store.ReadReceipt(sdk.Dir); err == nil {
			used[r.SHA256] = true // a dl archive
			used[r.H1] = true     // a module zip of the proxy source
		}
	}
	delete(used, "") // an SDK with only one of them
	var out []fetch.CachedArchive
	for _, a := range archives {
		if !used[a.SHA256] && !used[a.H1] {
			out = append(out, a)
		}
	}
	return out, nil
}

// dirSize is the space the files under dir take.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
