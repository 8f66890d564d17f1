// Package shims keeps $GOV_HOME/shims current: copies of gov-shim named
// go, gofmt, and go1.X.Y for each installed version, replaced atomically,
// with a stamp that records which gov-shim they are copies of and which
// gov keeps them (GOV_AUTO_INSTALL runs it).
//
// The store keeps them current after every change it makes; gov env (the
// front door, which every new shell runs) keeps them current too, so this
// package imports almost nothing.
package shims

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/self"
)

// Keep keeps home's shims current for the running gov: copies of the
// gov-shim beside it, as go, gofmt and go1.X.Y for every installed
// version (of every platform). It returns the installed versions; an
// error means the shims could not be kept current, not that the store is
// damaged.
func Keep(home string) ([]gover.Version, error) {
	src, err := self.Sibling(self.Shim)
	if err != nil {
		return installedVersions(home), err
	}
	gov := filepath.Join(filepath.Dir(src), self.Gov)
	return keep(home, src, gov, installedVersions)
}

// Stamp returns what the stamp file holds when the shims are current
// copies of the shim binary src, kept by the gov binary at govPath: src's
// path, size and modification time, and govPath.
func Stamp(src, govPath string) (string, error) {
	fi, err := os.Stat(src)
	if err != nil {
		return "", err
	}
	return src + "\n" + strconv.FormatInt(fi.Size(), 10) + " " + strconv.FormatInt(fi.ModTime().UnixNano(), 10) + "\n" + govPath + "\n", nil
}

// Sync makes home/shims hold the shim binary src as go and gofmt, and as
// go<version> for each of versions (and for nothing else), and records
// govPath for GOV_AUTO_INSTALL. Shims are replaced atomically when src
// changes. It reports whether it changed anything.
func Sync(home, src, govPath string, versions []gover.Version) (bool, error) {
	dir := filepath.Join(home, layout.ShimsDir)
	stamp, err := Stamp(src, govPath)
	if err != nil {
		return false, hint.New("cannot find the shim binary "+src+": "+hint.Reason(err), "build it beside gov with go build -o DIR ./cmd/...")
	}

	exe := platform.ExeSuffix
	want := map[string]bool{"go" + exe: true, "gofmt" + exe: true}
	for _, v := range versions {
		want[v.Toolchain()+exe] = true
	}
	old, _ := os.ReadFile(filepath.Join(dir, layout.StampFile))
	current := string(old) == stamp
	have := map[string]bool{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false, err
		}
	}
	changed := false
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			if atomicfile.Leftover(name) {
				os.Remove(filepath.Join(dir, name)) // of a sync that was killed
			}
			continue
		}
		if !want[name] {
			os.Remove(filepath.Join(dir, name)) // a version no longer installed
			changed = true
			continue
		}
		have[name] = true
	}
	var missing []string
	for name := range want {
		if !current || !have[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return changed, nil
	}
	// Put one copy of src in place, then give it each missing name by a
	// link (or copy) and a rename over the old shim. Every name written
	// is this call's own, and no file is opened for writing that another
	// process could have made: the shims, and gov-shim itself, may all be
	// hard links of one file, which another gov may be syncing at once.
	master, err := stage(dir, src)
	if err != nil {
		return changed, errors.New("install shims in " + dir + ": " + hint.Reason(err))
	}
	defer os.Remove(master)
	for _, name := range missing {
		tmp := master + "." + name
		if err := os.Link(master, tmp); err != nil {
			if err := atomicfile.Copy(master, tmp, 0o755); err != nil {
				return true, errors.New("install shim " + name + ": " + hint.Reason(err))
			}
		}
		err := atomicfile.Rename(tmp, filepath.Join(dir, name))
		// Renaming a link over another link of the same file does
		// nothing (POSIX), and another sync may have put that link there.
		os.Remove(tmp)
		if err != nil {
			return true, errors.New("install shim " + name + ": " + hint.Reason(err))
		}
	}
	if err := atomicfile.Write(filepath.Join(dir, layout.StampFile), []byte(stamp), 0o644); err != nil {
		return true, err
	}
	return true, atomicfile.Write(filepath.Join(dir, layout.GovPathFile), []byte(govPath+"\n"), 0o644)
}

// stage puts a private copy (or link) of src into dir.
func stage(dir, src string) (string, error) {
	master := atomicfile.TempName(dir, "gov-shim")
	if err := os.Link(src, master); err == nil {
		return master, nil
	}
	return master, atomicfile.Copy(src, master, 0o755)
}

// keep syncs home's shims with the versions installed says are there.
// Another gov may install or uninstall between this one's look at sdk/
// and its sync, and sync its shims first; this sync would then undo
// theirs. So a sync that changed anything looks again, and syncs again
// while what it synced is not what is there (a few rounds; the next gov
// command mends what is left). A sync that changed nothing undid nothing.
func keep(home, src, govPath string, installed func(home string) []gover.Version) ([]gover.Version, error) {
	vs := installed(home)
	for range 3 {
		changed, err := Sync(home, src, govPath, vs)
		if err != nil || !changed {
			return vs, err
		}
		now := installed(home)
		if slices.Equal(now, vs) {
			return vs, nil
		}
		vs = now
	}
	return vs, nil
}

// installedVersions lists the versions installed in home, for every
// platform (layout.List: a stat per SDK, no receipt read).
func installedVersions(home string) []gover.Version {
	sdks, _ := layout.List(home, platform.Platform{})
	vs := make([]gover.Version, len(sdks))
	for i, sdk := range sdks {
		vs[i] = sdk.Version
	}
	return vs
}
