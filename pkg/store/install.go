package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/killpoint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/manifest"
	"github.com/gov-dev/gov/pkg/platform"
)

// A FillFunc writes a complete GOROOT into dir (an empty directory on the
// store's filesystem) and returns the receipt that says where it came
// from. Scratch files it needs (a partial download) come from temp, on the
// same filesystem; the store removes any that are left.
type FillFunc func(ctx context.Context, dir string, temp func(purpose string) (*os.File, error)) (layout.Receipt, error)

// Install installs the SDK for v and p with fill, unless it is already
// installed and force is false. It reports whether it installed anything.
//
// The transaction: lock the SDK, stage it in tmp/, check it is a complete
// GOROOT for v, make it read-only, list its files in a manifest, write its
// receipt, flush it all to disk, and rename it into sdk/ in one step (then
// flush sdk/ too, so that the rename survives a power cut). On any error,
// and when ctx is done before the rename, the store is left as it was.
// Either way the shims are kept current, so an install of an installed
// version mends stale shims.
//
// A committed SDK is read-only, as the go command's module cache is:
// nothing that runs go can change the SDK under it. The store gives the
// write bits back where it removes one (removeAll).
func (s *Store) Install(ctx context.Context, v gover.Version, p platform.Platform, force bool, fill FillFunc) (layout.SDK, bool, error) {
	s.clean()
	defer s.keepShims()
	// Installed already: that takes no lock (a read-only store serves).
	// An SDK whose files no longer match its manifest is installed again.
	if sdk, ok := layout.Lookup(s.Home, v, p); ok && !force {
		err := Changed(sdk.Dir)
		if intact(err) {
			return sdk, false, nil
		}
		if s.Warn != nil {
			s.Warn(fmt.Errorf("%s (%s) %w; installing it again", v.Toolchain(), p, err))
		}
	}
	name := layout.SDKName(v, p)
	unlock, err := s.Lock(ctx, name)
	if err != nil {
		return layout.SDK{}, false, err
	}
	defer unlock()
	s.cleanTmp(name, true)
	// Another gov may have installed it (or mended it) while this one
	// waited.
	if sdk, ok := layout.Lookup(s.Home, v, p); ok && !force && intact(Changed(sdk.Dir)) {
		return sdk, false, nil
	}

	stage, err := s.tempDir(name, "stage")
	if err != nil {
		return layout.SDK{}, false, err
	}
	defer RemoveAll(stage) // after a successful rename, nothing is left there
	r, err := fill(ctx, stage, func(purpose string) (*os.File, error) { return s.tempFile(name, purpose) })
	if err != nil {
		return layout.SDK{}, false, err
	}
	if err := CheckSDK(stage, v); err != nil {
		return layout.SDK{}, false, fmt.Errorf("%s is %w: %w", r.URL, ErrNotSDK, err)
	}
	r.Version, r.Platform = v.Toolchain(), p.String()
	if err := freeze(stage); err != nil {
		return layout.SDK{}, false, fmt.Errorf("make %s read-only: %w", name, err)
	}
	m, err := manifest.Build(stage, layout.ToolchainModuleID(v, p))
	if err != nil {
		return layout.SDK{}, false, fmt.Errorf("list the files of %s: %w", name, err)
	}
	if err := m.Write(stage); err != nil {
		return layout.SDK{}, false, err
	}
	if r.InstalledAt.IsZero() {
		r.InstalledAt = time.Now().UTC().Truncate(time.Second)
	}
	if err := writeReceipt(stage, r); err != nil {
		return layout.SDK{}, false, err
	}
	if err := syncTree(stage); err != nil {
		return layout.SDK{}, false, fmt.Errorf("flush %s to disk: %w", name, err)
	}
	killpoint.At("before-commit")
	killpoint.PauseAt(ctx, "before-commit")
	// The last moment an interrupt can stop the install: after the
	// rename, the SDK is installed.
	if err := ctx.Err(); err != nil {
		return layout.SDK{}, false, err
	}
	dst := s.SDKDir(v, p)
	if err := s.commit(stage, dst, name); err != nil {
		return layout.SDK{}, false, err
	}
	// The root last: a directory that moves to another parent must be
	// writable while it moves.
	if err := os.Chmod(dst, layout.ReadOnly(layout.DirMode)); err != nil {
		return layout.SDK{}, false, err
	}
	if err := atomicfile.SyncDir(filepath.Dir(dst)); err != nil {
		return layout.SDK{}, false, fmt.Errorf("flush %s to disk: %w", filepath.Dir(dst), err)
	}
	killpoint.At("after-commit")
	killpoint.PauseAt(ctx, "after-commit")
	return layout.SDK{Version: v, Platform: p, Dir: s.SDKDir(v, p)}, true, nil
}

// Changed reports whether the installed SDK in dir differs from what its
// install left, as one stat per file shows: its files' kinds, sizes and
// modes against its manifest (manifest.Check's quick form), and its root
// still read-only. It returns nil when nothing differs, a *ChangedError
// when something does, manifest.ErrNone for an SDK without a manifest
// (installed by an older gov: nothing to compare with), and another error
// for a manifest it cannot read. gov install, gov doctor and gov verify
// (which reads every file too) all ask it.
func Changed(dir string) error {
	m, err := manifest.Read(dir)
	if err != nil {
		return err
	}
	r, err := manifest.Check(dir, m, false)
	if err != nil {
		return err
	}
	if c, ok := RootChange(dir); ok {
		r.Changes = append([]manifest.Change{c}, r.Changes...)
	}
	if len(r.Changes) == 0 {
		return nil
	}
	return &ChangedError{r.Changes}
}

// RootChange reports the SDK directory dir itself (or what a link in
// sdk/ leads to) when it is not read-only, as a committed SDK's root is
// (the manifest lists what is below it).
func RootChange(dir string) (manifest.Change, bool) {
	fi, err := os.Stat(dir)
	if err != nil {
		return manifest.Change{Name: ".", What: "missing"}, true
	}
	want := layout.ReadOnly(layout.DirMode)
	if got := fi.Mode().Perm(); !fi.IsDir() || got != want {
		return manifest.Change{Name: ".", What: fmt.Sprintf("mode %04o, was %04o", got, want)}, true
	}
	return manifest.Change{}, false
}

// A ChangedError lists how an installed SDK differs from its manifest.
type ChangedError struct {
	Changes []manifest.Change // sorted by name; "." is the SDK's own directory
}

func (e *ChangedError) Error() string {
	what := e.Changes[0].String()
	if n := len(e.Changes) - 1; n > 0 {
		what += fmt.Sprintf(" (and %d more)", n)
	}
	return "differs from its manifest: " + what
}

// intact reports whether Changed's answer leaves an installed SDK as it
// is: nothing changed, or nothing to compare with.
func intact(err error) bool { return err == nil || errors.Is(err, manifest.ErrNone) }

// Intact reports whether gov install leaves the installed SDK in dir as
// it is (Changed finds nothing, or has no manifest to compare with)
// rather than installing it again.
func Intact(dir string) bool { return intact(Changed(dir)) }

// commit moves the staged SDK into place. A directory already there (an
// SDK being reinstalled, or one left without a receipt) is swapped out
// atomically where the system can (the old one then sits at stage, which
// the caller removes), else renamed away first.
func (s *Store) commit(stage, dst, name string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	err := os.Rename(stage, dst)
	if err == nil {
		return nil
	}
	if _, serr := os.Lstat(dst); serr != nil {
		return fmt.Errorf("install %s: %w", name, err)
	}
	// The SDK being replaced is read-only; it moves too, and gets its
	// mode back if it stays.
	os.Chmod(dst, layout.DirMode)
	if exchange(stage, dst) == nil {
		return nil
	}
	trash, err := s.tempDir(name, "trash")
	if err != nil {
		os.Chmod(dst, layout.ReadOnly(layout.DirMode))
		return err
	}
	defer RemoveAll(trash)
	old := filepath.Join(trash, "old")
	if err := os.Rename(dst, old); err != nil {
		os.Chmod(dst, layout.ReadOnly(layout.DirMode))
		return fmt.Errorf("replace %s: %w", name, err)
	}
	if err := os.Rename(stage, dst); err != nil {
		os.Rename(old, dst) // put the old one back
		os.Chmod(dst, layout.ReadOnly(layout.DirMode))
		return fmt.Errorf("install %s: %w", name, err)
	}
	return nil
}

// Uninstall removes the SDK for v and p. The directory leaves sdk/ in one
// rename, so no reader ever sees half of it.
func (s *Store) Uninstall(ctx context.Context, v gover.Version, p platform.Platform) error {
	return s.uninstall(v, p, func(name string) (func(), error) { return s.Lock(ctx, name) })
}

// ErrBusy reports an SDK that another gov process is changing.
var ErrBusy = errors.New("in use by another gov process")

// UninstallIdle removes the SDK for v and p unless another gov process
// holds its lock (a gov install --force of it, say): then it removes
// nothing and returns ErrBusy, where Uninstall would wait. gov prune
// never takes away what a running command works on.
func (s *Store) UninstallIdle(v gover.Version, p platform.Platform) error {
	return s.uninstall(v, p, func(name string) (func(), error) {
		unlock, err := s.tryLock(name)
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("%s (%s) is %w", v.Toolchain(), p, ErrBusy)
		}
		return unlock, err
	})
}

func (s *Store) uninstall(v gover.Version, p platform.Platform, lock func(name string) (func(), error)) error {
	s.clean()
	defer s.keepShims()
	name := layout.SDKName(v, p)
	unlock, err := lock(name)
	if err != nil {
		return err
	}
	defer unlock()
	s.cleanTmp(name, true)
	if _, ok := layout.Lookup(s.Home, v, p); !ok {
		return fmt.Errorf("%s (%s) is %w", v.Toolchain(), p, ErrNotInstalled)
	}
	trash, err := s.tempDir(name, "trash")
	if err != nil {
		return err
	}
	defer RemoveAll(trash)
	dir := s.SDKDir(v, p)
	// A read-only directory cannot move to another parent.
	os.Chmod(dir, layout.DirMode)
	if err := os.Rename(dir, filepath.Join(trash, "old")); err != nil {
		os.Chmod(dir, layout.ReadOnly(layout.DirMode))
		return fmt.Errorf("uninstall %s: %w", name, err)
	}
	return nil
}

// CheckSDK checks that dir is a complete GOROOT for v: its VERSION file
// names v, bin/go is an executable file with something in it (an empty
// one runs, as nothing) and pkg/tool exists.
func CheckSDK(dir string, v gover.Version) error {
	got, err := ReadVersionFile(dir)
	if err != nil {
		return err
	}
	if got != v.Toolchain() {
		return fmt.Errorf("its VERSION file says %s, not %s", got, v.Toolchain())
	}
	return checkLayout(dir)
}

func checkLayout(dir string) error {
	fi, err := os.Stat(filepath.Join(dir, "bin", "go"+platform.ExeSuffix))
	switch {
	case err != nil:
		return errors.New("it has no bin/go")
	case !fi.Mode().IsRegular() || (platform.ExeSuffix == "" && fi.Mode().Perm()&0o111 == 0):
		return errors.New("its bin/go is not an executable file")
	case fi.Size() == 0:
		return errors.New("its bin/go is empty (0 bytes)")
	}
	if fi, err := os.Stat(filepath.Join(dir, "pkg", "tool")); err != nil || !fi.IsDir() {
		return errors.New("it has no pkg/tool directory")
	}
	return nil
}

// ReadVersionFile returns the toolchain name on the first line of a
// GOROOT's VERSION file ("go1.22.3").
func ReadVersionFile(goroot string) (string, error) {
	data, err := os.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errors.New("it has no VERSION file")
		}
		return "", err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	line = strings.TrimSpace(line)
	if _, err := gover.Parse(line); err != nil || !strings.HasPrefix(line, "go") {
		return "", fmt.Errorf("its VERSION file does not name a Go release (%.40q)", line)
	}
	return line, nil
}
