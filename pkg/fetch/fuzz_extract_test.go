//go:build unix

package fetch

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/mod/module"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// The extraction fuzzers feed archives to the extractor and check what
// it did, whatever the archive held: it did not panic; it wrote nothing
// outside the destination (the directories around it hold nothing new, a
// file outside was neither changed nor linked); every link it left
// resolves inside the destination; nothing it left is a device, a fifo or
// setuid; it failed with one line, or succeeded having written only names
// the archive holds under its top directory.

// fuzzLimits keep each run small: an archive bomb stops at a megabyte.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxEntries: 64}

// fuzzModule is the module whose zips FuzzExtractZip also unpacks.
var fuzzModule = module.Version{Path: "golang.org/toolchain", Version: "v0.0.1-go1.22.3.linux-amd64"}

// FuzzExtractTarGz unpacks arbitrary bytes as a gzipped tar. Bytes that
// are not gzip are taken as a plain tar, whose header checksums the
// harness fixes and which it compresses, so that mutations reach the tar
// headers rather than dying in gzip's CRC.
func FuzzExtractTarGz(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			data = gzipped(fixTarChecksums(data))
		}
		names, links := tarNames(data)
		checkExtract(t, "go/", names, links, func(dst string) error {
			return ExtractTarGz(context.Background(), bytes.NewReader(data), dst, "go/", fuzzLimits)
		})
	})
}

// FuzzExtractZip unpacks arbitrary bytes as a zip, both as an SDK archive
// and as a golang.org/toolchain module zip.
func FuzzExtractZip(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), "a.zip")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		names := zipNames(data)
		for _, prefix := range []string{"go/", fuzzModule.Path + "@" + fuzzModule.Version + "/"} {
			checkExtract(t, prefix, names, nil, func(dst string) error {
				f, err := os.Open(file)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if prefix == "go/" {
					return ExtractZip(context.Background(), f, dst, prefix, fuzzLimits)
				}
				return ExtractModuleZip(context.Background(), f, dst, fuzzModule, fuzzLimits)
			})
		}
	})
}

// FuzzExtractEntries builds a tar.gz and a zip from up to three entries,
// after a small valid SDK when sdk is set, and unpacks both. kinds gives
// each entry's type, one byte each: f file, d directory, l symbolic link,
// h hard link, p fifo, c character device, b block device (anything else:
// its value mod 7). In names and link targets, ABS stands for a
// directory outside the destination that must stay as it is.
func FuzzExtractEntries(f *testing.F) {
	f.Fuzz(func(t *testing.T, sdk bool, kinds, n1, l1, n2, l2, n3, l3 string) {
		outside := t.TempDir()
		abs := filepath.ToSlash(outside)
		var entries []fetchtest.Entry
		if sdk {
			entries = fetchtest.FakeSDK("go1.22.3", "linux-amd64")
		}
		for i, nl := range [][2]string{{n1, l1}, {n2, l2}, {n3, l3}} {
			if i >= len(kinds) {
				break
			}
			e := fuzzEntry(kinds[i], strings.ReplaceAll(nl[0], "ABS", abs), strings.ReplaceAll(nl[1], "ABS", abs))
			entries = append(entries, e)
		}
		var names, links []string
		for _, e := range entries {
			names = append(names, e.Name)
			links = append(links, e.Link)
		}
		if data, err := fuzzTarGz(entries); err == nil {
			checkExtractOutside(t, outside, "go/", names, links, func(dst string) error {
				return ExtractTarGz(context.Background(), bytes.NewReader(data), dst, "go/", fuzzLimits)
			})
		}
		if data, err := fuzzZip(entries); err == nil {
			file := filepath.Join(t.TempDir(), "a.zip")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			checkExtractOutside(t, outside, "go/", names, links, func(dst string) error {
				f, err := os.Open(file)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				return ExtractZip(context.Background(), f, dst, "go/", fuzzLimits)
			})
		}
	})
}

func fuzzEntry(kind byte, name, link string) fetchtest.Entry {
	const kinds = "fdlhpcb"
	if strings.IndexByte(kinds, kind) < 0 {
		kind = kinds[int(kind)%len(kinds)]
	}
	e := fetchtest.Entry{Name: name, Mode: 0o644}
	switch kind {
	case 'f':
		e.Body = link // a file's "link" is its content
	case 'd':
		e.Mode = fs.ModeDir | 0o755
	case 'l':
		e.Mode, e.Link = fs.ModeSymlink|0o777, link
	case 'h':
		e.Typeflag, e.Link = tar.TypeLink, link
	case 'p':
		e.Mode = fs.ModeNamedPipe | 0o644
	case 'c':
		e.Mode = fs.ModeDevice | fs.ModeCharDevice | 0o644
	case 'b':
		e.Mode = fs.ModeDevice | 0o644
	}
	return e
}

// fuzzTarGz packs entries like fetchtest.WriteTarGz, in the PAX format,
// else the GNU one (for names PAX cannot hold); it fails for entries no
// tar can hold.
func fuzzTarGz(entries []fetchtest.Entry) ([]byte, error) {
	var err error
	for _, format := range []tar.Format{tar.FormatPAX, tar.FormatGNU} {
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		for _, e := range entries {
			hdr := &tar.Header{Name: e.Name, Mode: int64(e.Mode.Perm()), Linkname: e.Link, Typeflag: e.Typeflag, Format: format}
			switch {
			case e.Typeflag != 0:
			case e.Mode.IsDir():
				hdr.Typeflag = tar.TypeDir
			case e.Mode&fs.ModeSymlink != 0:
				hdr.Typeflag = tar.TypeSymlink
			case e.Mode&fs.ModeNamedPipe != 0:
				hdr.Typeflag = tar.TypeFifo
			case e.Mode&fs.ModeCharDevice != 0:
				hdr.Typeflag = tar.TypeChar
			case e.Mode&fs.ModeDevice != 0:
				hdr.Typeflag = tar.TypeBlock
			default:
				hdr.Typeflag, hdr.Size = tar.TypeReg, int64(len(e.Body))
			}
			if err = tw.WriteHeader(hdr); err != nil {
				break
			}
			if _, err = io.WriteString(tw, e.Body[:hdr.Size]); err != nil {
				break
			}
		}
		if err == nil {
			if err = tw.Close(); err == nil {
				return gzipped(buf.Bytes()), nil
			}
		}
	}
	return nil, err
}

// fuzzZip packs entries as a zip; hard links, which a zip cannot hold,
// become files.
func fuzzZip(entries []fetchtest.Entry) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Store}
		h.SetMode(e.Mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		switch {
		case e.Mode&fs.ModeSymlink != 0:
			io.WriteString(w, e.Link)
		case e.Mode.IsDir():
		default:
			io.WriteString(w, e.Body)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipWriters saves each run the allocation of a compressor.
var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

func gzipped(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// fixTarChecksums rewrites the checksum of every header block of a tar
// stream, walking it by the headers' sizes.
func fixTarChecksums(data []byte) []byte {
	data = bytes.Clone(data)
	for off := 0; off+512 <= len(data); {
		blk := data[off : off+512]
		if bytes.Count(blk, []byte{0}) == 512 {
			off += 512
			continue
		}
		copy(blk[148:156], "        ")
		sum := 0
		for _, c := range blk {
			sum += int(c)
		}
		copy(blk[148:156], []byte(pad6(strconv.FormatInt(int64(sum), 8))+"\x00 "))
		size := int64(0)
		if blk[124]&0x80 == 0 {
			size, _ = strconv.ParseInt(strings.Trim(string(blk[124:136]), " \x00"), 8, 64)
		}
		if size < 0 || size > int64(len(data)) {
			break
		}
		off += 512 + int((size+511)/512*512)
	}
	return data
}

func pad6(s string) string {
	for len(s) < 6 {
		s = "0" + s
	}
	return s
}

// tarNames lists the names and link targets in a gzipped tar, as far as
// it can be read.
func tarNames(data []byte) (names, links []string) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil
	}
	tr := tar.NewReader(zr)
	for range 1000 {
		hdr, err := tr.Next()
		if err != nil {
			break
		}
		names = append(names, hdr.Name)
		links = append(links, hdr.Linkname)
	}
	return names, links
}

// zipNames lists the names in a zip.
func zipNames(data []byte) []string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return names
}

func checkExtract(t *testing.T, prefix string, names, links []string, extract func(dst string) error) {
	checkExtractOutside(t, t.TempDir(), prefix, names, links, extract)
}

// checkExtractOutside runs extract into a fresh destination three levels
// down a directory tree of its own, with a canary file in outside, and
// checks what it did. names and links are the archive's, for what must not
// be written.
func checkExtractOutside(t *testing.T, outside, prefix string, names, links []string, extract func(dst string) error) {
	t.Helper()
	root := t.TempDir()
	dst := filepath.Join(root, "a", "b", "c", "dst")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	canary := filepath.Join(outside, "canary")
	if err := os.WriteFile(canary, []byte("canary"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Absolute names that exist before (such as /tmp) are not evidence.
	var absent []string
	for _, n := range append(append([]string{}, names...), links...) {
		if strings.HasPrefix(n, "/") && len(n) < 4096 {
			if _, err := os.Lstat(n); errors.Is(err, fs.ErrNotExist) {
				absent = append(absent, n)
			}
		}
	}

	err := extract(dst)

	if err != nil {
		var unsafe *UnsafeArchiveError
		msg := err.Error()
		switch {
		case strings.ContainsAny(msg, "\r\n"):
			t.Errorf("extract error is not one line: %q", msg)
		case !errors.As(err, &unsafe) && !strings.HasPrefix(msg, "unpack "):
			t.Errorf("extract error %q (%T) is neither an UnsafeArchiveError nor an unpack error", msg, err)
		}
	}
	// Nothing beside the destination, on every level up to root.
	filepath.WalkDir(root, func(p string, d fs.DirEntry, werr error) error {
		if werr != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if p == dst {
			return fs.SkipDir
		}
		if rel != "." && !strings.HasPrefix(filepath.Join(root, "a", "b", "c"), p) {
			t.Errorf("extract wrote %s, outside the destination %s", p, dst)
		}
		return nil
	})
	// One level further up, the test's temporary directory holds only the
	// numbered directories t.TempDir made.
	if up, err := os.ReadDir(filepath.Dir(root)); err == nil {
		for _, e := range up {
			if _, err := strconv.Atoi(e.Name()); err != nil || !e.IsDir() {
				t.Errorf("extract wrote %s, outside the destination %s", filepath.Join(filepath.Dir(root), e.Name()), dst)
			}
		}
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Errorf("extract wrote into %s: %v", outside, entries)
	}
	var st fs.FileInfo
	if data, err := os.ReadFile(canary); err != nil || string(data) != "canary" {
		t.Errorf("extract changed the canary outside: %q, %v", data, err)
	} else if st, err = os.Lstat(canary); err == nil && linkCount(st) != 1 {
		t.Errorf("extract hard-linked the canary outside: %d links", linkCount(st))
	}
	for _, n := range absent {
		if _, err := os.Lstat(n); err == nil {
			t.Errorf("extract wrote the absolute name %s", n)
			os.RemoveAll(n)
		}
	}

	// What is inside: regular files, directories and links that stay
	// inside; on success, only names the archive holds.
	want := map[string]bool{".": true}
	for _, n := range names {
		rel, ok := strings.CutPrefix(n, prefix)
		if !ok {
			continue
		}
		for rel = strings.TrimSuffix(rel, "/"); rel != "." && rel != "" && rel != "/"; rel = path.Dir(rel) {
			want[rel] = true
		}
	}
	filepath.WalkDir(dst, func(p string, d fs.DirEntry, werr error) error {
		if werr != nil {
			return nil
		}
		rel, _ := filepath.Rel(dst, p)
		rel = filepath.ToSlash(rel)
		info, ierr := d.Info()
		if ierr != nil {
			return nil
		}
		mode := info.Mode()
		switch {
		case mode&fs.ModeSymlink != 0:
			if leaves(dst, rel) {
				target, _ := os.Readlink(p)
				t.Errorf("extract left the link %s -> %s, which resolves outside the destination", rel, target)
			}
		case mode&(fs.ModeDevice|fs.ModeCharDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeIrregular) != 0:
			t.Errorf("extract left %s, a %v", rel, mode)
		case mode&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky) != 0:
			t.Errorf("extract left %s with mode %v", rel, mode)
		}
		if err == nil && !want[rel] {
			t.Errorf("extract succeeded and wrote %s, which the archive does not name under %s", rel, prefix)
		}
		return nil
	})
}

// leaves reports whether resolving the path rel (slash-separated,
// relative to dst) as the system would, following every link, ever goes
// above dst. Components that do not exist are taken lexically, which is
// stricter than the system, which would stop there.
func leaves(dst, rel string) bool {
	todo := strings.Split(rel, "/")
	var cur []string
	for hops := 0; len(todo) > 0; {
		elem := todo[0]
		todo = todo[1:]
		switch elem {
		case "", ".":
			continue
		case "..":
			if len(cur) == 0 {
				return true
			}
			cur = cur[:len(cur)-1]
			continue
		}
		cur = append(cur, elem)
		p := filepath.Join(dst, filepath.FromSlash(strings.Join(cur, "/")))
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if hops++; hops > 40 {
			return false // a loop resolves nowhere
		}
		target, err := os.Readlink(p)
		if err != nil || strings.HasPrefix(target, "/") {
			return true
		}
		cur = cur[:len(cur)-1]
		todo = append(strings.Split(target, "/"), todo...)
	}
	return false
}

func linkCount(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
