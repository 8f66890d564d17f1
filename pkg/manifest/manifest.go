// Package manifest records what an installed SDK holds, so that a later
// check can tell whether anything in it changed: every file, directory
// and link of the GOROOT with its mode, size and SHA-256, and the h1:
// hash of the tree as golang.org/x/mod/sumdb/dirhash computes it for the
// SDK's golang.org/toolchain module (the hash the checksum database
// vouches for when the SDK came from a module proxy).
//
// The store writes the manifest into the staged SDK (layout.ManifestFile)
// just before its receipt, so both are committed in the same rename.
// gov verify reads every file again (Check, deep); gov doctor checks only
// what a stat tells, kinds, sizes and modes (Check, quick).
//
// The file is text, one entry a line, sorted by name:
//
//	gov-manifest 1
//	module golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64
//	h1 h1:...=
//	d 0555 0 - bin
//	f 0555 1234567 <sha256 hex> bin/go
//	l 0777 6 <sha256 hex of the target> lib/link
//
// Names are slash-separated, relative to the GOROOT, and last on their
// line, so they may hold spaces; no name may hold a newline (dirhash
// refuses those too).
package manifest

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/layout"
)

const header = "gov-manifest 1"

// Kinds of entry.
const (
	File = 'f'
	Dir  = 'd'
	Link = 'l'
)

// An Entry is one file, directory or link of an SDK.
type Entry struct {
	Name string      // slash-separated, relative to the GOROOT
	Kind byte        // File, Dir or Link
	Perm fs.FileMode // permission bits
	Size int64       // bytes of a file, or of a link's target
	Hash string      // hex SHA-256 of a file's content or a link's target
}

// A Manifest lists an SDK's entries.
type Manifest struct {
	Module  string // golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64
	H1      string // dirhash of the files as that module's
	Entries []Entry
}

// ModuleName returns the name a file of a GOROOT has in its toolchain
// module zip. A go.mod below the root would cut its directory out of the
// module, so the zip holds it as _go.mod; the go command (and gov's proxy
// source) gives it its name back when it unpacks the zip.
func ModuleName(name string) string {
	if dir, base := path.Split(name); base == "go.mod" && dir != "" {
		return dir + "_go.mod"
	}
	return name
}

// Build lists the SDK in dir, hashing every file, for module (path@version).
func Build(dir, module string) (*Manifest, error) {
	entries, err := scan(dir)
	if err != nil {
		return nil, err
	}
	if err := hashFiles(dir, entries); err != nil {
		return nil, err
	}
	m := &Manifest{Module: module, Entries: entries}
	m.H1, err = m.hash()
	if err != nil {
		return nil, err
	}
	return m, nil
}

// scan lists dir's entries, sorted, without the hashes of files.
func scan(dir string) ([]Entry, error) {
	var entries []Entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		name := filepath.ToSlash(p[len(dir)+1:])
		if layout.OwnFile(name) {
			return nil
		}
		e, err := stat(p, name)
		entries = append(entries, e)
		return err
	})
	// A walk goes depth first (a/b before a-b); Read and Check's merge
	// want byte order.
	slices.SortFunc(entries, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	return entries, err
}

// stat describes the file p, named name in the SDK, without its hash.
func stat(p, name string) (Entry, error) {
	if strings.ContainsAny(name, "\n\r") {
		return Entry{}, fmt.Errorf("%q: a name with a line break cannot be listed", name)
	}
	info, err := os.Lstat(p)
	if err != nil {
		return Entry{}, err
	}
	e := Entry{Name: name, Perm: info.Mode().Perm()}
	switch t := info.Mode().Type(); {
	case t == fs.ModeDir:
		e.Kind = Dir
	case t == 0:
		e.Kind, e.Size = File, info.Size()
	case t == fs.ModeSymlink:
		target, err := os.Readlink(p)
		if err != nil {
			return Entry{}, err
		}
		e.Kind, e.Size, e.Hash = Link, int64(len(target)), sum([]byte(target))
	default:
		return Entry{}, errNotListed(name)
	}
	return e, nil
}

func errNotListed(name string) error {
	return fmt.Errorf("%s is not a file, directory or link", name)
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// hashFiles fills in the hash of every file entry, reading several files
// at once.
func hashFiles(dir string, entries []Entry) error {
	work := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			for i := range work {
				h, err := hashFile(filepath.Join(dir, filepath.FromSlash(entries[i].Name)), buf)
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					continue
				}
				entries[i].Hash = h
			}
		}()
	}
	for i, e := range entries {
		if e.Kind == File {
			work <- i
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// hashFile returns the hex SHA-256 of the file name, read through buf.
func hashFile(name string, buf []byte) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	// Through buf (the struct hides os.File's WriteTo, which would
	// allocate a buffer of its own for every file).
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, buf); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hash computes the h1: of m's files as dirhash.Hash1 does for the module
// zip, from the hashes m already holds rather than by reading every file
// again: a line "<sha256>  <module>/<name>" per file, sorted by name, and
// the SHA-256 of those lines in base64 (TestHashIsDirhash holds it to
// dirhash itself).
func (m *Manifest) hash() (string, error) {
	type line struct{ name, hash string }
	var lines []line
	for _, e := range m.Entries {
		if e.Kind == File {
			lines = append(lines, line{m.Module + "/" + ModuleName(e.Name), e.Hash})
		}
	}
	slices.SortFunc(lines, func(a, b line) int { return cmp.Compare(a.name, b.name) })
	h := sha256.New()
	for _, l := range lines {
		if l.hash == "" {
			return "", fmt.Errorf("%s has no hash", l.name)
		}
		fmt.Fprintf(h, "%s  %s\n", l.hash, l.name)
	}
	return "h1:" + base64.StdEncoding.EncodeToString(h.Sum(nil)), nil
}

// Write writes m into the SDK directory dir, read-only.
func (m *Manifest) Write(dir string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nmodule %s\nh1 %s\n", header, m.Module, m.H1)
	for _, e := range m.Entries {
		fmt.Fprintf(&b, "%c %04o %d %s %s\n", e.Kind, e.Perm, e.Size, cmp.Or(e.Hash, "-"), e.Name)
	}
	return atomicfile.Write(filepath.Join(dir, layout.ManifestFile), b.Bytes(), layout.ReadOnly(layout.FileMode(0)))
}

// ErrNone reports an SDK without a manifest: one installed by a gov from
// before manifests, or one whose manifest was removed.
var ErrNone = errors.New("has no manifest")

// Read reads the manifest of the SDK in dir.
func Read(dir string) (*Manifest, error) {
	name := filepath.Join(dir, layout.ManifestFile)
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNone
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// gov doctor reads every SDK's manifest: one read, one string, and
	// every name and hash a piece of it (a real SDK's manifest is 2 MB).
	var b bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Size() < maxSize {
		b.Grow(int(fi.Size()) + bytes.MinRead)
	}
	_, err = b.ReadFrom(io.LimitReader(f, maxSize+1))
	if err == nil && b.Len() > maxSize {
		err = fmt.Errorf("larger than %d MiB", maxSize>>20)
	}
	var m *Manifest
	if err == nil {
		m, err = parse(b.String())
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// maxSize bounds a manifest: 20 times a real SDK's.
const maxSize = 64 << 20

func parse(s string) (*Manifest, error) {
	m := &Manifest{Entries: make([]Entry, 0, strings.Count(s, "\n"))}
	n := 0
	for s != "" {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		n++
		switch n {
		case 1:
			if line != header {
				return nil, fmt.Errorf("line 1: not a gov manifest (%.40q)", line)
			}
			continue
		case 2:
			m.Module, _ = strings.CutPrefix(line, "module ")
			continue
		case 3:
			m.H1, _ = strings.CutPrefix(line, "h1 ")
			continue
		}
		e, ok := parseEntry(line)
		if !ok {
			return nil, fmt.Errorf("line %d: malformed entry", n)
		}
		if len(m.Entries) > 0 && m.Entries[len(m.Entries)-1].Name >= e.Name {
			return nil, errors.New("entries out of order")
		}
		m.Entries = append(m.Entries, e)
	}
	if n < 3 || !strings.HasPrefix(m.H1, "h1:") || !strings.Contains(m.Module, "@") {
		return nil, errors.New("truncated manifest")
	}
	return m, nil
}

// parseEntry parses "f 0555 1234567 <sha256 hex> bin/go".
func parseEntry(line string) (Entry, bool) {
	if len(line) < 2 || line[1] != ' ' || !strings.Contains("fdl", line[:1]) {
		return Entry{}, false
	}
	permText, rest, ok1 := strings.Cut(line[2:], " ")
	sizeText, rest, ok2 := strings.Cut(rest, " ")
	hash, name, ok3 := strings.Cut(rest, " ")
	perm, err1 := strconv.ParseUint(permText, 8, 32)
	size, err2 := strconv.ParseInt(sizeText, 10, 64)
	if !ok1 || !ok2 || !ok3 || name == "" || err1 != nil || err2 != nil || perm > 0o777 || size < 0 {
		return Entry{}, false
	}
	if hash == "-" {
		hash = ""
	}
	return Entry{Name: name, Kind: line[0], Perm: fs.FileMode(perm), Size: size, Hash: hash}, true
}

// A Change is one way an SDK differs from its manifest.
type Change struct {
	Name string // the entry, relative to the GOROOT
	// What: "missing", "added", "content changed", "size 0, was 1234",
	// "mode 0777, was 0755", ...; a directory missing or added with what
	// is in it is one change, "missing (with the 12 entries in it)".
	What string
}

func (c Change) String() string { return c.Name + ": " + c.What }

// A Report is what Check found.
type Report struct {
	Changes []Change // sorted by name; see fold
	// H1 is the h1: of the files as they are now; only a deep check,
	// which reads them, knows it.
	H1 string
	// Entries counts what the SDK holds now.
	Entries int
}

// Check compares the SDK in dir with m. A quick check (deep false)
// looks at each entry m lists, as one lstat: its kind, mode and size, or
// that it is missing; it costs about a microsecond an entry, so that gov
// doctor can run it on every SDK. A deep check lists the directory too
// (added entries), reads every file and compares its content, and
// computes the tree's h1.
func Check(dir string, m *Manifest, deep bool) (Report, error) {
	if !deep {
		return quick(dir, m)
	}
	cur, err := scan(dir)
	if err != nil {
		return Report{}, err
	}
	if err := hashFiles(dir, cur); err != nil {
		return Report{}, err
	}
	r := Report{Entries: len(cur)}
	now := &Manifest{Module: m.Module, Entries: cur}
	if r.H1, err = now.hash(); err != nil {
		return Report{}, err
	}
	want := m.Entries
	for len(want) > 0 || len(cur) > 0 {
		switch {
		case len(cur) == 0 || len(want) > 0 && want[0].Name < cur[0].Name:
			r.Changes = append(r.Changes, Change{want[0].Name, "missing"})
			want = want[1:]
		case len(want) == 0 || cur[0].Name < want[0].Name:
			r.Changes = append(r.Changes, Change{cur[0].Name, "added"})
			cur = cur[1:]
		default:
			if what := differ(want[0], cur[0], true); what != "" {
				r.Changes = append(r.Changes, Change{cur[0].Name, what})
			}
			want, cur = want[1:], cur[1:]
		}
	}
	r.Changes = fold(r.Changes)
	return r, nil
}

// quick stats m's entries in dir, in a few goroutines, each a contiguous
// share so that the changes come out in order.
func quick(dir string, m *Manifest) (Report, error) {
	root, err := openRoot(dir)
	if err != nil {
		return Report{}, err
	}
	defer root.Close()
	n := max(1, min(runtime.GOMAXPROCS(0), len(m.Entries)/1024+1))
	parts := make([][]Change, n)
	var wg sync.WaitGroup
	for w := range n {
		lo, hi := w*len(m.Entries)/n, (w+1)*len(m.Entries)/n
		wg.Go(func() {
			for _, want := range m.Entries[lo:hi] {
				cur, err := root.lstat(want.Name)
				switch {
				case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
					parts[w] = append(parts[w], Change{want.Name, "missing"})
				case err != nil:
					parts[w] = append(parts[w], Change{want.Name, err.Error()})
				default:
					if what := differ(want, cur, false); what != "" {
						parts[w] = append(parts[w], Change{want.Name, what})
					}
				}
			}
		})
	}
	wg.Wait()
	r := Report{Entries: len(m.Entries)}
	for _, p := range parts {
		r.Changes = append(r.Changes, p...)
	}
	r.Changes = fold(r.Changes)
	return r, nil
}

// fold reports a directory that is missing or added once, with the number
// of entries in it, rather than each of them: a removed pkg/ is one line,
// not thousands. So does a directory that became a file or a link (what
// was in it is missing), and a file that became a directory (what is in
// it was added). changes are sorted, so a directory comes before what is
// in it.
func fold(changes []Change) []Change {
	var out []Change
	var inside []int           // entries folded into out[i]
	folded := map[string]int{} // name of a change that takes in what is below it -> its index in out
	takes := map[int]string{}  // index in out -> the What of the changes it takes in
	for _, c := range changes {
		if c.What == "missing" || c.What == "added" {
			if i, ok := foldedInto(folded, c.Name); ok && takes[i] == c.What {
				inside[i]++
				continue
			}
		}
		switch {
		case c.What == "missing" || c.What == "added":
			takes[len(out)] = c.What
		case strings.HasSuffix(c.What, ", was a directory"):
			takes[len(out)] = "missing"
		case strings.HasPrefix(c.What, "a directory, was"):
			takes[len(out)] = "added"
		}
		if takes[len(out)] != "" {
			folded[c.Name] = len(out)
		}
		out = append(out, c)
		inside = append(inside, 0)
	}
	for i, n := range inside {
		switch {
		case n == 0:
		case out[i].What == takes[i]:
			out[i].What += fmt.Sprintf(" (with the %d %s in it)", n, plural(n, "entry", "entries"))
		default:
			out[i].What += fmt.Sprintf(" (%d %s in it %s)", n, plural(n, "entry", "entries"), takes[i])
		}
	}
	return out
}

// foldedInto returns the index of the change of name's nearest directory
// that folded holds.
func foldedInto(folded map[string]int, name string) (int, bool) {
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		if i, ok := folded[dir]; ok {
			return i, true
		}
	}
	return 0, false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// differ says how entry b differs from the recorded a ("" if it does not).
func differ(a, b Entry, deep bool) string {
	var what []string
	switch {
	case a.Kind != b.Kind:
		return "a " + kindName(b.Kind) + ", was a " + kindName(a.Kind)
	case a.Size != b.Size && a.Kind == File:
		what = append(what, fmt.Sprintf("size %d, was %d", b.Size, a.Size))
	case a.Kind == File && deep && a.Hash != b.Hash:
		what = append(what, "content changed")
	case a.Kind == Link && (a.Size != b.Size || a.Hash != b.Hash):
		what = append(what, "link target changed")
	}
	if a.Perm != b.Perm && a.Kind != Link {
		what = append(what, fmt.Sprintf("mode %04o, was %04o", b.Perm, a.Perm))
	}
	return strings.Join(what, "; ")
}

func kindName(k byte) string {
	switch k {
	case Dir:
		return "directory"
	case Link:
		return "symbolic link"
	}
	return "file"
}
