package shim

import (
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
)

// raise applies the module's requirement to a version chosen by the global
// default (or by nothing), the way GOTOOLCHAIN=auto does: if the nearest
// go.work (else go.mod) needs a newer Go, exactly that version is used.
// A user who set GOTOOLCHAIN=local asked the go command not to switch, so
// nothing is raised and the go command reports the mismatch itself.
func (r *Resolver) raise(dir string, sel *Selection) (*Selection, error) {
	if r.Getenv("GOTOOLCHAIN") == "local" {
		return sel, nil
	}
	file, kind := r.findModFile(dir)
	if file == "" {
		return sel, nil
	}
	need, err := ReadRequirement(file)
	if err != nil || need.IsZero() {
		return sel, err
	}
	if sel != nil {
		cur, ok := layout.Newest(r.Home, sel.Spec, r.Platform)
		if ok && !gover.Less(cur.Version, need) {
			sel.SDK = cur
			return sel, nil
		}
		if !ok {
			// The default is not installed: raise only past what it names.
			if e, ok := sel.Spec.(gover.Exact); ok && !gover.Less(e.V, need) {
				return sel, nil
			}
		}
	}
	return &Selection{Spec: gover.Exact{V: need}, Raw: need.String(), From: kind, File: file, Raised: sel}, nil
}

// findModFile returns the go.work that applies to dir (honouring GOWORK),
// else the nearest go.mod.
func (r *Resolver) findModFile(dir string) (file, kind string) {
	switch gowork := r.Getenv("GOWORK"); gowork {
	case "off":
	case "", "auto":
		if f := findUp(dir, "go.work"); f != "" {
			return f, FromGoWork
		}
	default:
		if filepath.IsAbs(gowork) {
			return gowork, FromGoWork
		}
	}
	if f := findUp(dir, "go.mod"); f != "" {
		return f, FromGoMod
	}
	return "", ""
}

func findUp(dir, name string) string {
	for {
		f := filepath.Join(dir, name)
		if isFile(f) {
			return f
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// ReadRequirement returns the Go toolchain a go.mod or go.work requires,
// with the go command's meaning: the newer of its toolchain line and its
// go line, where "go 1.22" means go1.22.0 and "go 1.20" means go1.20.
// "toolchain default" requires nothing beyond the go line.
func ReadRequirement(file string) (gover.Version, error) {
	data, err := readFile(file)
	if err != nil {
		return gover.Version{}, readError(file, err)
	}
	var need gover.Version
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.Index(line, "//"); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		if len(f) != 2 || (f[0] != "go" && f[0] != "toolchain") {
			continue
		}
		var v gover.Version
		var err error
		if f[0] == "go" {
			v, err = gover.FromGoLine(f[1])
		} else {
			if f[1] == "default" {
				continue
			}
			name, _, _ := strings.Cut(f[1], "-") // go1.21.1-custom is go1.21.1
			if !strings.HasPrefix(name, "go") {
				return gover.Version{}, fileError(file, i+1, "invalid toolchain "+hint.Quote(f[1]), "write one such as toolchain go1.22.3")
			}
			v, err = gover.FromGoLine(name) // a bare "go1.22" names go1.22.0 here too
		}
		if err != nil {
			return gover.Version{}, fileError(file, i+1, "invalid "+f[0]+" version "+hint.Quote(f[1]), "")
		}
		need = gover.Max(need, v)
	}
	return need, nil
}
