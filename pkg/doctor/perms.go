package doctor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Sampling bounds: the module cache and build cache can hold a million
// files; the top levels are where sudo's leftovers show.
const (
	sampleEntries = 4000
	sampleTime    = 150 * time.Millisecond
)

// checkPermissions checks that the directories Go and gov write to exist
// (or can be created), are writable, and hold no files of another user:
// "sudo go install" or "sudo go mod download" leaves root-owned files that
// break every later go command with "permission denied".
func checkPermissions(ctx context.Context, sys *System) []Result {
	first := sys.gopathFirst()
	_, gopathFrom := sys.goVar("GOPATH")
	or := func(key, def string) setting {
		if v, from := sys.goVar(key); v != "" {
			return setting{key, v, from}
		}
		return setting{key, def, fromUnset}
	}
	dirs := []struct {
		id    string
		dir   setting
		depth int
	}{
		{"permissions.gopath", setting{"GOPATH", first, gopathFrom}, 2},
		{"permissions.gomodcache", or("GOMODCACHE", filepath.Join(first, "pkg", "mod")), 3},
		{"permissions.gocache", or("GOCACHE", filepath.Join(sys.userCacheDir(), "go-build")), 2},
		{"permissions.gobin", or("GOBIN", filepath.Join(first, "bin")), 1},
		{"permissions.govhome", setting{"GOV_HOME", sys.govHome(), fromEnv}, 3},
	}
	results := make([]Result, len(dirs)+1)
	var wg sync.WaitGroup
	for i, d := range dirs {
		wg.Go(func() { results[i] = sys.dirResult(ctx, d.id, d.dir, d.depth) })
	}
	wg.Wait()
	results[len(dirs)] = sys.sudoResult()
	return results
}

// A setting is a directory setting, its value and where it came from.
type setting struct{ name, value, from string }

// dirResult checks one directory, and the owners of what is in its top
// depth levels.
func (sys *System) dirResult(ctx context.Context, id string, dir setting, depth int) Result {
	r := Result{ID: id, Status: OK}
	name, p := dir.name, dir.value
	label := name + " (" + sys.tilde(p) + ")"
	chown := `sudo chown -R "$(id -un)" ` + sys.shellPath(p)
	switch {
	case name == "GOCACHE" && p == "off":
		r.Status, r.Summary, r.Fix = Fail, "GOCACHE=off: the go command refuses to build without a cache", sys.settingFix("GOCACHE", dir.from)
		return r
	case !filepath.IsAbs(p):
		// Removed where it was set (the environment, or go env -w).
		r.Status, r.Summary, r.Fix = Fail, fmt.Sprintf("%s=%s is not an absolute path", name, p), sys.settingFix(name, dir.from)
		return r
	}
	fi, err := sys.stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		anc := p
		for !sys.exists(anc) && filepath.Dir(anc) != anc {
			anc = filepath.Dir(anc)
		}
		afi, err := sys.stat(anc)
		if err == nil && afi.IsDir() && sys.writable(afi) {
			r.Summary = label + " does not exist yet; it is created when first needed"
			return r
		}
		r.Status, r.Summary = Fail, fmt.Sprintf("%s does not exist and cannot be created: %s is not writable by you%s", label, sys.tilde(anc), sys.ownerNote(afi))
		r.Fix = `sudo mkdir -p ` + sys.shellPath(p) + ` && ` + chown
		return r
	case err != nil:
		r.Status, r.Summary, r.Fix = Fail, fmt.Sprintf("cannot check %s: %v", label, sys.machineText(err.Error())), "ls -ld "+sys.shellPath(p)
		return r
	case !fi.IsDir():
		r.Status, r.Summary, r.Fix = Fail, label+" is not a directory", "mv "+sys.shellPath(p)+" "+sys.shellPath(p+".old")
		return r
	}
	if uid, _, ok := owner(fi); ok && uid != sys.UID {
		r.Status, r.Summary, r.Fix = Fail, fmt.Sprintf("%s belongs to %s, not to you", label, userName(uid)), chown
		r.Detail = "files left by sudo: go commands fail with \"permission denied\" when they write there"
		return r
	}
	if !sys.writable(fi) {
		r.Status, r.Summary, r.Fix = Fail, label+" is not writable by you", "chmod u+w "+sys.shellPath(p)
		return r
	}
	s := sys.sampleOwners(ctx, p, depth)
	r.Detail = fmt.Sprintf("checked the owners of %s in its top %s", count(s.checked, "entry", "entries"), count(depth, "level", "levels"))
	if !s.complete {
		r.Detail += " (a sample: it holds more)"
	}
	if s.foreign > 0 {
		r.Status, r.Fix = Fail, chown
		r.Summary = fmt.Sprintf("%s holds %s of %s, such as %s", label, count(s.foreign, "entry", "entries"), userName(s.uid), sys.tilde(s.example))
		r.Detail = "files left by sudo: go commands fail with \"permission denied\" when they write there; " + r.Detail
		return r
	}
	r.Summary = label + " is yours and writable"
	return r
}

// An ownerSample is what sampleOwners found.
type ownerSample struct {
	checked, foreign int
	uid              int    // the other user's uid
	example          string // one of their entries
	complete         bool   // every entry to the depth was checked
}

// sampleOwners looks at the owners of the entries in the top depth levels
// under root, breadth first, within sampleEntries and sampleTime.
func (sys *System) sampleOwners(ctx context.Context, root string, depth int) ownerSample {
	s := ownerSample{complete: true}
	type dir struct {
		path  string
		level int
	}
	deadline := time.Now().Add(sampleTime)
	queue := []dir{{root, 1}}
	for len(queue) > 0 {
		if s.checked >= sampleEntries || time.Now().After(deadline) || ctx.Err() != nil {
			s.complete = false
			break
		}
		d := queue[0]
		queue = queue[1:]
		entries, err := sys.readDir(d.path)
		if err != nil {
			continue // its owner was judged one level up
		}
		for _, e := range entries {
			fi, err := e.Info()
			if err != nil {
				continue
			}
			s.checked++
			p := filepath.Join(d.path, e.Name())
			if uid, _, ok := owner(fi); ok && uid != sys.UID {
				if s.foreign == 0 {
					s.uid, s.example = uid, p
				}
				s.foreign++
			}
			if e.IsDir() && d.level < depth {
				queue = append(queue, dir{p, d.level + 1})
			}
		}
	}
	return s
}

// writable judges a directory by its permission bits, as for an ordinary
// user (gov is not meant to run as root).
func (sys *System) writable(fi fs.FileInfo) bool {
	uid, gid, ok := owner(fi)
	if !ok {
		return true // no uids here: nothing to judge by
	}
	perm := fi.Mode().Perm()
	switch {
	case uid == sys.UID:
		return perm&0o200 != 0
	case slices.Contains(sys.Groups, gid):
		return perm&0o020 != 0
	}
	return perm&0o002 != 0
}

// ownerOf returns the uid that owns p.
func (sys *System) ownerOf(p string) (int, bool) {
	fi, err := sys.stat(p)
	if err != nil {
		return 0, false
	}
	uid, _, ok := owner(fi)
	return uid, ok
}

func (sys *System) ownerNote(fi fs.FileInfo) string {
	if fi == nil {
		return ""
	}
	if uid, _, ok := owner(fi); ok && uid != sys.UID {
		return " (it belongs to " + userName(uid) + ")"
	}
	return ""
}

func userName(uid int) string {
	if uid == 0 {
		return "root"
	}
	return "uid " + strconv.Itoa(uid)
}

// sudoResult warns about running under sudo: whose home is in use decides
// whether doctor checks the wrong setup or go writes root-owned files
// into a user's home.
func (sys *System) sudoResult() Result {
	r := Result{ID: "permissions.sudo", Status: OK, Summary: "not running under sudo"}
	su := sys.Getenv("SUDO_USER")
	if su == "" {
		return r
	}
	home := sys.home()
	r.Status, r.Fix = Warn, "gov doctor   # as yourself, without sudo"
	if uid, ok := sys.ownerOf(home); ok && uid != sys.UID {
		r.Summary = fmt.Sprintf("running under sudo (SUDO_USER=%s) with %s's home, %s: whatever go writes now belongs to %s", su, su, home, userName(sys.UID))
	} else {
		r.Summary = fmt.Sprintf("running under sudo (SUDO_USER=%s): this checks %s's home, %s, not %s's", su, userName(sys.UID), home, su)
	}
	return r
}

// gopathFirst is the first directory of GOPATH (default ~/go), where the
// go command puts the module cache and installed tools.
func (sys *System) gopathFirst() string {
	gopath, _ := sys.goVar("GOPATH")
	if gopath == "" {
		gopath = filepath.Join(sys.home(), "go")
	}
	return filepath.SplitList(gopath)[0]
}
