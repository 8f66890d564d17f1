package fetch

import (
	"archive/tar"
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mholt/archives"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/killpoint"
	"github.com/gov-dev/gov/pkg/layout"
)

// Limits bound what an archive may expand to.
type Limits struct {
	MaxBytes   int64 // total size of the files written
	MaxEntries int   // number of entries
}

// DefaultLimits fit every Go SDK with room to spare (go1.26: about 280 MB
// in 15,000 entries) and stop archive bombs long before a disk fills.
var DefaultLimits = Limits{MaxBytes: 2 << 30, MaxEntries: 100_000}

// Bounds on names and links, which keep the extractor's own work (and
// memory) proportional to the archive whatever it holds. A Go SDK's
// longest name is about 110 bytes, and it has no links.
const (
	maxName     = 1024     // bytes in an entry's name or a link's target
	maxLinkWork = 16 << 20 // bytes of paths that checking links may walk, in all
)

// An UnsafeArchiveError is an archive that gov refuses to unpack.
type UnsafeArchiveError struct {
	Entry  string
	Reason string
}

// An entryError is an entry that could not be written: a full disk, a
// name the file system refuses. It names the entry, quoted, and keeps the
// system's error for errors.Is.
type entryError struct {
	entry string
	err   error
}

func (e *entryError) Error() string {
	msg := e.err.Error()
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(e.err, &pe):
		msg = pe.Op + ": " + pe.Err.Error()
	case errors.As(e.err, &le):
		msg = le.Op + ": " + le.Err.Error()
	}
	return fmt.Sprintf("unpack archive: entry %q: %s", e.entry, msg)
}

func (e *entryError) Unwrap() error { return e.err }

// An archiveError is a failure of the archive library itself (a
// truncated or malformed archive), in one line: its message can quote an
// entry's name, which may hold a newline.
type archiveError struct{ err error }

func (e *archiveError) Error() string { return "unpack archive: " + hint.OneLine(e.err.Error()) }
func (e *archiveError) Unwrap() error { return e.err }

func (e *UnsafeArchiveError) Error() string {
	if e.Entry == "" {
		return "unsafe archive: " + e.Reason
	}
	return fmt.Sprintf("unsafe archive: entry %q %s", e.Entry, e.Reason)
}

// ExtractTarGz unpacks a gzipped tar stream into the empty directory dst.
// Every entry must be under prefix (such as "go/"), which is stripped.
func ExtractTarGz(ctx context.Context, r io.Reader, dst, prefix string, lim Limits) error {
	x := newExtractor(dst, prefix, lim)
	format := archives.CompressedArchive{
		Compression: archives.Gz{Multithreaded: true},
		Extraction:  archives.Tar{},
	}
	return x.finish(format.Extract(ctx, r, x.handle))
}

// ExtractZip unpacks a zip file into the empty directory dst.
// Every entry must be under prefix, which is stripped.
func ExtractZip(ctx context.Context, f *os.File, dst, prefix string, lim Limits) error {
	x := newExtractor(dst, prefix, lim)
	return x.finish(archives.Zip{}.Extract(ctx, f, x.handle))
}

// ExtractModuleZip unpacks the module zip f of module m into the empty
// directory dst, as the go command does: the zip must first pass
// golang.org/x/mod/zip's checks (every entry under "path@version/", file
// paths a module may have, no case-fold collisions or duplicates, at most
// 500 MiB), then gov's own. Module zips carry no file modes that count:
// every entry is a plain file (0644) or, if its name ends in "/", a
// directory.
func ExtractModuleZip(ctx context.Context, f *os.File, dst string, m module.Version, lim Limits) error {
	cf, err := modzip.CheckZip(m, f.Name())
	switch {
	case len(cf.Invalid) > 0:
		return &UnsafeArchiveError{Entry: cf.Invalid[0].Path, Reason: cf.Invalid[0].Err.Error()}
	case cf.SizeError != nil:
		return &UnsafeArchiveError{Reason: cf.SizeError.Error()}
	case err != nil:
		return fmt.Errorf("unpack module zip: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(f, info.Size())
	if err != nil {
		return fmt.Errorf("unpack module zip: %w", err)
	}
	x := newExtractor(dst, m.Path+"@"+m.Version+"/", lim)
	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := x.handle(ctx, moduleEntry(zf)); err != nil {
			return x.finish(err)
		}
	}
	return x.finish(nil)
}

// moduleEntry presents a module zip entry to the extractor with the only
// modes a module file can have.
func moduleEntry(zf *zip.File) archives.FileInfo {
	info := moduleFileInfo{zf}
	return archives.FileInfo{
		FileInfo:      info,
		NameInArchive: zf.Name,
		Open: func() (fs.File, error) {
			rc, err := zf.Open()
			if err != nil {
				return nil, err
			}
			return moduleFile{rc, info}, nil
		},
	}
}

type moduleFileInfo struct{ zf *zip.File }

func (fi moduleFileInfo) Name() string       { return path.Base(fi.zf.Name) }
func (fi moduleFileInfo) Size() int64        { return int64(fi.zf.UncompressedSize64) }
func (fi moduleFileInfo) ModTime() time.Time { return fi.zf.Modified }
func (fi moduleFileInfo) IsDir() bool        { return strings.HasSuffix(fi.zf.Name, "/") }
func (fi moduleFileInfo) Sys() any           { return nil }
func (fi moduleFileInfo) Mode() fs.FileMode {
	if fi.IsDir() {
		return fs.ModeDir | layout.DirMode
	}
	return layout.FileMode(0)
}

type moduleFile struct {
	io.ReadCloser
	info moduleFileInfo
}

func (f moduleFile) Stat() (fs.FileInfo, error) { return f.info, nil }

// extractor writes archive entries after gov's own checks: names are local
// and under the one top directory, no entry is written through a symbolic
// link, links point inside, there are no devices or fifos, no duplicate or
// case-colliding names, and sizes and counts stay within limits.
type extractor struct {
	dst, prefix string
	lim         Limits
	written     int64
	entries     int
	seen        map[string]bool   // cleaned names; value: is a regular file
	folded      map[string]string // lower-cased name -> name
	symlinks    map[string]bool   // folded names of the links written
	through     map[string]bool   // folded paths that links resolve through
	dirs        map[string]bool   // directories known to exist, none a link
	linkWork    int               // bytes of paths walked checking links
	err         error             // the first refusal, returned as is
	reached     int               // archive entries reached, for the test hooks
	killAt      int               // test hook: killpoint extract:N
	pauseAt     int               // test hook: pause at extract:N
}

func newExtractor(dst, prefix string, lim Limits) *extractor {
	return &extractor{
		dst: dst, prefix: prefix, lim: lim,
		seen: map[string]bool{}, folded: map[string]string{},
		symlinks: map[string]bool{}, through: map[string]bool{}, dirs: map[string]bool{".": true},
		killAt: killpoint.Count("extract"), pauseAt: killpoint.PauseCount("extract"),
	}
}

func (x *extractor) finish(err error) error {
	if x.err != nil {
		return x.err
	}
	if err != nil {
		return &archiveError{err}
	}
	if x.entries == 0 {
		return &UnsafeArchiveError{Reason: "has no files under " + x.prefix}
	}
	return nil
}

func (x *extractor) refuse(name, format string, args ...any) error {
	x.err = &UnsafeArchiveError{Entry: name, Reason: fmt.Sprintf(format, args...)}
	return x.err
}

// handle checks and writes one entry. A failure to write it (not a
// refusal) is recorded with the entry's name, so that the error is one
// line whatever the name holds.
func (x *extractor) handle(ctx context.Context, f archives.FileInfo) error {
	err := x.write(ctx, f)
	if err != nil && x.err == nil {
		x.err = &entryError{entry: f.NameInArchive, err: err}
	}
	return err
}

func (x *extractor) write(ctx context.Context, f archives.FileInfo) error {
	name := f.NameInArchive
	rel, err := x.local(name)
	if err != nil {
		return err
	}
	if rel == "." {
		if !f.IsDir() {
			return x.refuse(name, "is the top directory, but not a directory")
		}
		return nil
	}
	x.entries++
	x.reached++ // entries counts implied directories too; the hooks count what the archive lists
	if x.reached == x.killAt {
		killpoint.Kill()
	}
	if x.reached == x.pauseAt {
		killpoint.Pause(ctx)
	}
	if x.entries > x.lim.MaxEntries {
		return x.refuse("", "has more than %d entries", x.lim.MaxEntries)
	}
	if _, dup := x.seen[rel]; dup {
		return x.refuse(name, "appears twice")
	}
	if other, ok := x.folded[strings.ToLower(rel)]; ok {
		return x.refuse(name, "differs from %q only in case", x.prefix+other)
	}
	// Up to the first directory gov made, which is no link, nor is any
	// above it.
	for dir := path.Dir(rel); dir != "." && !x.dirs[dir]; dir = path.Dir(dir) {
		if x.symlinks[fold(dir)] {
			return x.refuse(name, "is written through the symbolic link %q", x.prefix+dir)
		}
	}
	x.seen[rel] = false
	x.folded[strings.ToLower(rel)] = rel
	target := filepath.Join(x.dst, filepath.FromSlash(rel))

	if hdr, ok := f.Header.(*tar.Header); ok && hdr.Typeflag == tar.TypeLink {
		return x.hardlink(name, rel, target, hdr.Linkname)
	}
	mode := f.Mode()
	switch {
	case mode.IsDir():
		if err := x.mkdirAll(rel); err != nil {
			return err
		}
		return nil
	case mode&fs.ModeSymlink != 0:
		return x.symlink(name, rel, target, f.LinkTarget)
	case mode.IsRegular():
		x.seen[rel] = true
		return x.file(name, rel, target, f)
	}
	return x.refuse(name, "is a %s (a Go SDK has only files, directories and links)", typeName(mode))
}

// local checks an entry's name and returns it relative to the prefix.
func (x *extractor) local(name string) (string, error) {
	switch {
	case len(name) > maxName:
		return "", x.refuse(name[:64]+"...", "has a name longer than %d bytes", maxName)
	case !utf8.ValidString(name):
		return "", x.refuse(name, "has a name that is not valid UTF-8")
	case strings.ContainsAny(name, "\\\x00"):
		return "", x.refuse(name, "has a backslash or NUL in its name")
	case strings.HasPrefix(name, "/") || filepath.IsAbs(name):
		return "", x.refuse(name, "has an absolute name")
	}
	trimmed := strings.TrimSuffix(name, "/")
	if trimmed+"/" == x.prefix {
		return ".", nil
	}
	rel, ok := strings.CutPrefix(name, x.prefix)
	if !ok {
		return "", x.refuse(name, "is outside the top directory %q (a Go SDK archive holds one %s folder)", x.prefix, x.prefix)
	}
	rel = strings.TrimSuffix(rel, "/")
	for _, elem := range strings.Split(rel, "/") {
		if elem == ".." {
			return "", x.refuse(name, "leaves its folder (\"..\")")
		}
	}
	if !filepath.IsLocal(rel) || path.Clean(rel) != rel {
		return "", x.refuse(name, "is not a plain relative name")
	}
	return rel, nil
}

func (x *extractor) mkdirAll(rel string) error {
	if x.dirs[rel] {
		return nil
	}
	if err := x.mkdirAll(path.Dir(rel)); err != nil {
		return err
	}
	if x.symlinks[fold(rel)] {
		return x.refuse(x.prefix+rel, "is used as a directory, but is a symbolic link")
	}
	if _, explicit := x.seen[rel]; !explicit {
		// A directory the archive does not list still costs an entry.
		if x.entries++; x.entries > x.lim.MaxEntries {
			return x.refuse("", "has more than %d entries", x.lim.MaxEntries)
		}
	}
	dir := filepath.Join(x.dst, filepath.FromSlash(rel))
	err := os.Mkdir(dir, layout.DirMode)
	if err == nil {
		err = os.Chmod(dir, layout.DirMode) // whatever the umask
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if err != nil {
		// Something other than a directory is in the way: a file entry.
		if fi, serr := os.Lstat(dir); serr != nil || !fi.IsDir() {
			return x.refuse(x.prefix+rel, "is used as a directory, but is a file")
		}
	}
	x.dirs[rel] = true
	return nil
}

func (x *extractor) file(name, rel, target string, f archives.FileInfo) error {
	if err := x.mkdirAll(path.Dir(rel)); err != nil {
		return err
	}
	declared := f.Size()
	if declared < 0 || declared > x.lim.MaxBytes-x.written {
		return x.refuse(name, "makes the archive larger than %d bytes", x.lim.MaxBytes)
	}
	src, err := f.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	// 0755 or 0644 from the archive's execute bits alone, set exactly
	// (the umask cannot add or take away bits).
	perm := layout.FileMode(f.Mode())
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	// Copy at most one byte more than declared, to catch a size that lies.
	n, err := io.Copy(out, io.LimitReader(src, declared+1))
	if err == nil {
		err = out.Chmod(perm)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	x.written += n
	if err != nil {
		return err
	}
	if n != declared {
		return x.refuse(name, "declares %d bytes but holds %d or more", declared, n)
	}
	return nil
}

func (x *extractor) symlink(name, rel, target, link string) error {
	if link == "" || strings.HasPrefix(link, "/") || filepath.IsAbs(link) || strings.ContainsAny(link, "\\\x00") {
		return x.refuse(name, "is a symbolic link to %q, outside the SDK", link)
	}
	if len(link) > maxName {
		return x.refuse(name, "is a symbolic link to a path longer than %d bytes", maxName)
	}
	// Links are judged by name, and a case-insensitive file system (macOS,
	// Windows) takes src/B for src/b: links and what they resolve through
	// are kept case-folded, and their names are ASCII, whose folding every
	// file system agrees on.
	if !isASCII(rel) || !isASCII(link) {
		return x.refuse(name, "is a symbolic link with a name or target that is not ASCII (a Go SDK has none)")
	}
	if x.dirs[rel] {
		return x.refuse(name, "is a symbolic link where a directory is")
	}
	if x.through[fold(rel)] {
		// An earlier link was judged by its path through rel as a
		// directory; as a link, rel could lead that one outside.
		return x.refuse(name, "is a symbolic link where an earlier link's path goes through")
	}
	// Resolve the target as the system will: from the link's directory,
	// through no other link (whose own target could lead elsewhere).
	resolved := path.Dir(rel)
	elems := strings.Split(link, "/")
	for i, elem := range elems {
		if i > 0 {
			x.through[fold(resolved)] = true
		}
		switch elem {
		case "", ".":
			continue
		case "..":
			if resolved == "." {
				return x.refuse(name, "is a symbolic link to %q, outside the SDK", link)
			}
			resolved = path.Dir(resolved)
		default:
			if resolved == "." {
				resolved = elem
			} else {
				resolved += "/" + elem
			}
		}
		if x.linkWork += len(resolved); x.linkWork > maxLinkWork {
			return x.refuse(name, "is one symbolic link too many: checking the links would walk more than %d bytes of paths", maxLinkWork)
		}
		if x.symlinks[fold(resolved)] {
			return x.refuse(name, "is a symbolic link through another link, %q", x.prefix+resolved)
		}
	}
	if err := x.mkdirAll(path.Dir(rel)); err != nil {
		return err
	}
	x.symlinks[fold(rel)] = true
	return os.Symlink(link, target)
}

func (x *extractor) hardlink(name, rel, target, link string) error {
	lrel, err := x.local(link)
	if err != nil {
		return x.refuse(name, "is a hard link to %q, outside the SDK", link)
	}
	if isFile, ok := x.seen[lrel]; !ok || !isFile {
		return x.refuse(name, "is a hard link to %q, which is not a file unpacked before it", link)
	}
	if err := x.mkdirAll(path.Dir(rel)); err != nil {
		return err
	}
	x.seen[rel] = true
	return os.Link(filepath.Join(x.dst, filepath.FromSlash(lrel)), target)
}

// fold is the key under which links are kept: case-insensitive file
// systems take names that differ only in case for one.
func fold(rel string) string { return strings.ToLower(rel) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func typeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "fifo"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}
