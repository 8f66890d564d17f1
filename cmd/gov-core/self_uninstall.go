package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/doctor"
	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/release"
	"github.com/gov-dev/gov/pkg/self"
	"github.com/gov-dev/gov/pkg/store"
)

func selfUninstallCommand() *cli.Command {
	return &cli.Command{
		Name:  "uninstall",
		Usage: "remove $GOV_HOME: every SDK, the download cache, the shims, and gov itself if it is there",
		Description: `Lists what it removes, $GOV_HOME (default ~/.gov) and its parts (the
installed SDKs, the download cache, the shims, gov's own programs in bin/), and
removes it with --yes, or once you say so at a terminal. Without a terminal and
without --yes it removes nothing. A GOV_HOME that holds anything gov did not put
there is left whole.

gov never edits your start-up files: it names each line of them that still
mentions gov (the gov env line, completion, GOV_HOME, a PATH entry), for you to
delete. A gov installed elsewhere (go install puts it in ~/go/bin) is left where
it is, and gov says where. Projects' .go-version files stay.

Examples:
   gov self uninstall          list what would go, then ask
   gov self uninstall --yes`,
		Flags:  []cli.Flag{&cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "remove without asking"}},
		Action: runSelfUninstall,
	}
}

// A homePart is an entry of $GOV_HOME, as uninstall lists it.
type homePart struct {
	name  string // sdk, cache, ...
	what  string // what it holds, for the list
	bytes int64
}

// ownEntries are the names gov makes in $GOV_HOME (pkg/layout's: every
// name of the top of $GOV_HOME it has), with the type each must have:
// uninstall removes a GOV_HOME only when it holds nothing else.
var ownEntries = map[string]fs.FileMode{
	layout.SDKDir:      fs.ModeDir,
	layout.ShimsDir:    fs.ModeDir,
	layout.CacheDir:    fs.ModeDir,
	layout.LocksDir:    fs.ModeDir,
	layout.TmpDir:      fs.ModeDir,
	layout.SumDBDir:    fs.ModeDir,
	layout.BinDir:      fs.ModeDir,
	layout.GlobalFile:  0,
	layout.Projects:    0,
	layout.CurrentLink: fs.ModeSymlink,
}

func runSelfUninstall(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef(c, "uninstall takes no arguments; to remove one Go version, gov uninstall VERSION")
	}
	home, err := layout.Home()
	if err != nil {
		return err
	}
	w := c.App.Writer
	exe, _ := self.Exe()
	govDir := filepath.Dir(exe)

	parts, foreign, err := homeParts(home)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(w, "%s does not exist: there is no gov home to remove\n", home)
	case err != nil:
		return err
	case isUserHome(home):
		return hint.New("GOV_HOME is your home directory ("+home+"); nothing was removed", "remove gov's parts of it yourself: "+strings.Join(ownNames(parts), ", "))
	case len(foreign) > 0:
		return hint.New(fmt.Sprintf("%s holds files gov did not put there (%s); nothing was removed", home, strings.Join(foreign, ", ")), "move them out and run gov self uninstall again, or remove the directory yourself")
	default:
		listParts(w, home, parts)
		if !c.Bool("yes") {
			if err := confirm(c, home); err != nil {
				return err
			}
		}
		if err := removeHome(home, parts); err != nil {
			return err
		}
		fmt.Fprintf(w, "removed %s\n", home)
	}

	if exe != "" && !within(govDir, home) {
		var progs []string
		for _, name := range slices.Sorted(slices.Values(release.Programs)) {
			if _, err := os.Stat(filepath.Join(govDir, name)); err == nil {
				progs = append(progs, name)
			}
		}
		fmt.Fprintf(w, "\ngov's programs in %s (%s) are not in GOV_HOME, so they were left: delete them yourself, or with the tool that installed them\n", govDir, strings.Join(progs, ", "))
	}
	if ms := doctor.Local(true).Mentions(); len(ms) > 0 {
		fmt.Fprintf(w, "\nThese lines of your start-up files still mention gov. gov edits none of them: delete them yourself, then open a new shell.\n")
		for _, m := range ms {
			fmt.Fprintf(w, "  %s:%d: %s\n", m.File, m.Line, hint.OneLine(m.Text))
		}
	}
	return nil
}

// homeParts lists what is in home: gov's entries, each with what it
// holds and its size, and the names of what gov did not make.
func homeParts(home string) (parts []homePart, foreign []string, err error) {
	entries, err := os.ReadDir(home)
	if err != nil {
		return nil, nil, err
	}
	var others []string
	var otherBytes int64
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(home, name)
		want, own := ownEntries[name]
		switch {
		case strings.HasPrefix(name, atomicfile.Prefix) && e.Type().IsRegular():
			if !slices.Contains(others, "unfinished writes") {
				others = append(others, "unfinished writes") // of a gov that was killed
			}
			otherBytes += diskSize(path)
			continue
		case !own || e.Type() != want:
			foreign = append(foreign, name)
			continue
		}
		part := homePart{name: name, bytes: diskSize(path)}
		switch name {
		case layout.SDKDir:
			sdks, _ := layout.List(home, platform.Platform{})
			var names []string
			for _, sdk := range sdks {
				names = append(names, sdk.Name())
			}
			part.what = fmt.Sprintf("%d Go SDK%s", len(sdks), plural(len(sdks)))
			if len(names) > 0 && len(names) <= 4 {
				part.what += ": " + strings.Join(names, ", ")
			}
		case layout.CacheDir:
			part.what = "downloaded archives and the release index"
		case layout.ShimsDir:
			part.what = "the go and gofmt shims"
		case layout.BinDir:
			progs, extra := binContents(path)
			if len(extra) > 0 {
				for _, x := range extra {
					foreign = append(foreign, filepath.Join(name, x))
				}
				continue
			}
			part.what = "gov itself: " + strings.Join(progs, ", ")
		default:
			others = append(others, name)
			otherBytes += part.bytes
			continue
		}
		parts = append(parts, part)
	}
	slices.SortFunc(parts, func(a, b homePart) int { return partOrder(a.name) - partOrder(b.name) })
	if len(others) > 0 {
		parts = append(parts, homePart{name: "", what: "gov's settings, locks and staging: " + strings.Join(others, ", "), bytes: otherBytes})
	}
	return parts, foreign, nil
}

// partOrder is the order uninstall lists, and removes, gov's entries:
// the SDKs first, gov's own programs last (so that an uninstall cut short
// leaves a gov that can finish it).
func partOrder(name string) int {
	return slices.Index([]string{layout.SDKDir, layout.CacheDir, layout.ShimsDir, layout.BinDir}, name)
}

// binContents lists gov's programs in dir, and whatever else is there.
func binContents(dir string) (progs, extra []string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		switch name := e.Name(); {
		case slices.Contains(release.Programs, name):
			progs = append(progs, name)
		case strings.HasPrefix(name, atomicfile.Prefix):
			// an update's staged or kept program
		default:
			extra = append(extra, name)
		}
	}
	return progs, extra
}

// diskSize is the space the files under path take, a file with several
// names under it counted once (the shims are hard links of one gov-shim).
func diskSize(path string) int64 {
	var n int64
	bySize := map[int64][]fs.FileInfo{} // files seen, by size: hard links have the same
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil || slices.ContainsFunc(bySize[fi.Size()], func(o fs.FileInfo) bool { return os.SameFile(o, fi) }) {
			return nil
		}
		bySize[fi.Size()] = append(bySize[fi.Size()], fi)
		n += fi.Size()
		return nil
	})
	return n
}

// listParts prints what uninstall removes.
func listParts(w io.Writer, home string, parts []homePart) {
	fmt.Fprintf(w, "gov self uninstall removes %s (%s):\n", home, sizeOf(diskSize(home)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range parts {
		name := p.name + string(filepath.Separator)
		if p.name == "" {
			name = "other"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", name, p.what, sizeOf(p.bytes))
	}
	tw.Flush()
}

// sizeOf is HumanBytes, but an empty entry is 0 B, not of unknown size.
func sizeOf(n int64) string {
	if n <= 0 {
		return "0 B"
	}
	return fetch.HumanBytes(n)
}

// confirm asks at the terminal whether to remove home; no terminal, or no
// yes, is an error: nothing is removed.
func confirm(c *cli.Context, home string) error {
	in, ok := c.App.Reader.(*os.File)
	if !ok || !isTerminal(in) {
		return hint.New("nothing was removed: there is no terminal to ask at", "to remove "+home+", "+hint.Run("self uninstall --yes"))
	}
	fmt.Fprintf(c.App.ErrWriter, "Remove %s? [y/N] ", home)
	answer, _ := bufio.NewReader(in).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	fmt.Fprintln(c.App.ErrWriter, "nothing was removed")
	return &errExit{code: 1}
}

// removeHome removes gov's entries of home, in the order they are
// listed, then home itself. SDKs are read-only: store.RemoveAll gives the
// write bits back where they are in the way.
func removeHome(home string, parts []homePart) error {
	entries, err := os.ReadDir(home)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.SortStableFunc(names, func(a, b string) int { return order(a) - order(b) })
	for _, name := range names {
		if err := store.RemoveAll(filepath.Join(home, name)); err != nil {
			return fmt.Errorf("remove %s: %w", home, err)
		}
	}
	if err := os.Remove(home); err != nil {
		return fmt.Errorf("remove %s: %w", home, err)
	}
	return nil
}

// order sorts the names of home for removal: the listed parts in their
// order, everything else (settings, locks) before gov's own programs.
func order(name string) int {
	switch i := partOrder(name); {
	case name == layout.BinDir:
		return 100
	case i >= 0:
		return i
	}
	return 50
}

// ownNames are the names of parts.
func ownNames(parts []homePart) []string {
	var names []string
	for _, p := range parts {
		if p.name != "" {
			names = append(names, p.name)
		}
	}
	return names
}

// isUserHome reports whether dir is the user's home directory.
func isUserHome(dir string) bool {
	h, err := os.UserHomeDir()
	return err == nil && h != "" && sameFile(h, dir)
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
