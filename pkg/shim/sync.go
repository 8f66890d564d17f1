package shim

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/layout"
)

// StampFile, in the shims directory, records which shim binary the shims
// are copies of, so that keeping them current costs a stat or two (and gov
// doctor can tell stale shims from current ones).
const StampFile = ".stamp"

// Stamp returns what StampFile holds when the shims are current copies of
// the shim binary src, installed by the gov binary at govPath: src's path,
// size and modification time, and govPath.
func Stamp(src, govPath string) (string, error) {
	fi, err := os.Stat(src)
	if err != nil {
		return "", err
	}
	return src + "\n" + strconv.FormatInt(fi.Size(), 10) + " " + strconv.FormatInt(fi.ModTime().UnixNano(), 10) + "\n" + govPath + "\n", nil
}

// SourceName is the file name of the shim binary next to gov.
const SourceName = "gov-shim" + exeSuffix

// GovName is the file name of gov itself (the front door, beside gov-core
// and gov-shim). The shims record its path, whichever of gov's programs
// keeps them, so that gov env and gov-core agree on what is current.
const GovName = "gov" + exeSuffix

// Self returns the running program's path, with symbolic links resolved:
// gov's programs find each other beside it.
func Self() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return exe, nil
}

// Sync makes home/shims hold the shim binary src as go and gofmt, and as
// go<version> for each of versions (and for nothing else), and records
// govPath for GOV_AUTO_INSTALL. Shims are replaced atomically when src
// changes. It reports whether it changed anything.
func Sync(home, src, govPath string, versions []gover.Version) (bool, error) {
	dir := filepath.Join(home, layout.ShimsDir)
	stamp, err := Stamp(src, govPath)
	if err != nil {
		return false, errors.New("cannot find the shim binary " + src + ": " + errText(err) + "; build it beside gov with go build -o DIR ./cmd/...")
	}

	want := map[string]bool{"go" + exeSuffix: true, "gofmt" + exeSuffix: true}
	for _, v := range versions {
		want[v.Toolchain()+exeSuffix] = true
	}
	old, _ := os.ReadFile(filepath.Join(dir, StampFile))
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
			if leftover(name) {
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
		return changed, errors.New("install shims in " + dir + ": " + errText(err))
	}
	defer os.Remove(master)
	for _, name := range missing {
		tmp := master + "." + name
		if err := os.Link(master, tmp); err != nil {
			if err := copyExe(master, tmp); err != nil {
				return true, errors.New("install shim " + name + ": " + errText(err))
			}
		}
		err := os.Rename(tmp, filepath.Join(dir, name))
		// Renaming a link over another link of the same file does
		// nothing (POSIX), and another sync may have put that link there.
		os.Remove(tmp)
		if err != nil {
			return true, errors.New("install shim " + name + ": " + errText(err))
		}
	}
	if err := writeAtomic(filepath.Join(dir, StampFile), stamp); err != nil {
		return true, err
	}
	return true, writeAtomic(filepath.Join(dir, GovPathFile), govPath+"\n")
}

// syncSeq numbers this process's syncs, for names no other sync uses.
var syncSeq atomic.Uint64

// privatePrefix starts the names of a sync's temporary files, which go on
// with the process id: ".gov-tmp.<pid>.<seq>.<what>".
const privatePrefix = ".gov-tmp."

// privateName returns a name in dir for a file of this call alone: the
// process id tells processes apart, the sequence number calls. A file
// left with that name by a killed process whose id was reused is removed.
func privateName(dir, base string) string {
	name := filepath.Join(dir, privatePrefix+strconv.Itoa(os.Getpid())+"."+strconv.FormatUint(syncSeq.Add(1), 10)+"."+base)
	os.Remove(name)
	return name
}

// leftover reports whether name is a temporary file of a sync whose
// process is gone (killed before it cleaned up).
func leftover(name string) bool {
	rest, ok := strings.CutPrefix(name, privatePrefix)
	if !ok {
		return false
	}
	pid, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(pid)
	return err == nil && n > 0 && n != os.Getpid() && !processExists(n)
}

// stage puts a private copy (or link) of src into dir.
func stage(dir, src string) (string, error) {
	master := privateName(dir, "gov-shim")
	if err := os.Link(src, master); err == nil {
		return master, nil
	}
	return master, copyExe(src, master)
}

// copyExe copies src to the new file dst.
func copyExe(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}

func writeAtomic(name, content string) error {
	tmp := privateName(filepath.Dir(name), filepath.Base(name))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Keep keeps home's shims current for the running gov: copies of the
// gov-shim that sits next to it, as go, gofmt and go1.X.Y for every
// installed version. It returns the installed versions (of every
// platform); an error means the shims could not be kept current, not that
// the store is damaged.
func Keep(home string) ([]gover.Version, error) {
	exe, err := Self()
	if err != nil {
		return InstalledVersions(home), err
	}
	dir := filepath.Dir(exe)
	return keep(home, filepath.Join(dir, SourceName), filepath.Join(dir, GovName), InstalledVersions)
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

// InstalledVersions lists the versions in home's sdk/, for every
// platform, that have a receipt (the store's rule for an installed SDK).
// It stats each receipt rather than reading it: gov env runs at every
// shell start.
func InstalledVersions(home string) []gover.Version {
	sdkDir := filepath.Join(home, layout.SDKDir)
	entries, _ := os.ReadDir(sdkDir)
	var vs []gover.Version
	for _, e := range entries {
		v, _, ok := layout.ParseSDKName(e.Name())
		if ok && e.IsDir() && isFile(filepath.Join(sdkDir, e.Name(), layout.ReceiptFile)) {
			vs = append(vs, v)
		}
	}
	return vs
}
