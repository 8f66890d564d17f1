package fetch

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// sdk is a small valid SDK, to which the hostile cases add entries.
func sdk() []fetchtest.Entry { return fetchtest.FakeSDK("go1.22.3", "linux-amd64") }

func file(name, body string) fetchtest.Entry {
	return fetchtest.Entry{Name: name, Body: body, Mode: 0o644}
}

func dir(name string) fetchtest.Entry { return fetchtest.Entry{Name: name, Mode: fs.ModeDir | 0o755} }

func symlink(name, target string) fetchtest.Entry {
	return fetchtest.Entry{Name: name, Mode: fs.ModeSymlink | 0o777, Link: target}
}

// extractCase is one archive for the extractor. abs, when set, is
// replaced in names and links by an absolute path outside the
// destination, which must not exist afterwards.
type extractCase struct {
	name    string
	entries []fetchtest.Entry
	lim     Limits // zero: DefaultLimits
	want    string // part of the error; "" for success
}

// hostileCases apply to both tar.gz and zip.
var hostileCases = []extractCase{
	{name: "valid", entries: sdk()},
	{name: "dotdot", entries: append(sdk(), file("go/../escaped", "x")), want: `entry "go/../escaped" leaves its folder`},
	{name: "dotdot deep", entries: append(sdk(), file("go/src/../../../escaped", "x")), want: "leaves its folder"},
	{name: "dotdot inside", entries: append(sdk(), file("go/src/../escaped", "x")), want: "leaves its folder"},
	{name: "absolute", entries: append(sdk(), file("ABS/escaped", "x")), want: "has an absolute name"},
	{name: "absolute slash", entries: append(sdk(), file("/go/escaped", "x")), want: "has an absolute name"},
	{name: "backslash", entries: append(sdk(), file(`go/..\..\escaped`, "x")), want: "has a backslash"},
	{name: "dot", entries: append(sdk(), file("go/./escaped", "x")), want: "is not a plain relative name"},
	{name: "double slash", entries: append(sdk(), file("go//escaped", "x")), want: "is not a plain relative name"},
	{name: "symlink outside", entries: append(sdk(), symlink("go/link", "../../..")), want: `entry "go/link" is a symbolic link to "../../.."`},
	{name: "symlink to parent", entries: append(sdk(), symlink("go/link", "..")), want: "outside the SDK"},
	{name: "symlink absolute", entries: append(sdk(), symlink("go/link", "ABS")), want: "outside the SDK"},
	{name: "symlink then file through it", entries: append(sdk(),
		symlink("go/src/link", "../bin"),
		file("go/src/link/escaped", "x")), want: `is written through the symbolic link "go/src/link"`},
	{name: "symlink outside then file through it", entries: append(sdk(),
		symlink("go/link", "../.."),
		file("go/link/escaped", "x")), want: "outside the SDK"},
	{name: "symlink through symlink", entries: append(sdk(),
		symlink("go/a", "src"),
		symlink("go/b", "a/../../..")), want: `through another link, "go/a"`},
	// The second link lies lexically inside when it is written; the first,
	// written later, makes its path lead out.
	{name: "symlink made outside by a later link", entries: append(sdk(),
		symlink("go/l", "s/.."),
		symlink("go/s", ".")), want: `entry "go/s" is a symbolic link where an earlier link's path goes through`},
	{name: "symlink made outside by a later deeper link", entries: append(sdk(),
		symlink("go/l", "src/x/../.."),
		symlink("go/src/x", "..")), want: `entry "go/src/x" is a symbolic link where`},
	{name: "symlinks in a chain", entries: append(sdk(),
		symlink("go/a", "b"),
		symlink("go/b", "src"))},
	{name: "directory under a symlink", entries: append(sdk(),
		symlink("go/d", "src"),
		dir("go/d/sub/")), want: `is written through the symbolic link "go/d"`},
	{name: "symlink inside", entries: append(sdk(), symlink("go/src/link", "../bin/go"))},
	{name: "fifo", entries: append(sdk(), fetchtest.Entry{Name: "go/fifo", Mode: fs.ModeNamedPipe | 0o644}), want: "is a fifo"},
	{name: "char device", entries: append(sdk(), fetchtest.Entry{Name: "go/dev", Mode: fs.ModeDevice | fs.ModeCharDevice | 0o644}), want: "is a character device"},
	{name: "duplicate", entries: append(sdk(), file("go/VERSION", "go1.99.0\n")), want: `entry "go/VERSION" appears twice`},
	{name: "duplicate dir as file", entries: append(sdk(), file("go/bin", "x")), want: "appears twice"},
	{name: "case collision", entries: append(sdk(), file("go/version", "go1.99.0\n")), want: `differs from "go/VERSION" only in case`},
	{name: "no go dir", entries: []fetchtest.Entry{file("VERSION", "go1.22.3\n"), file("bin/go", "")}, want: `entry "VERSION" is outside the top directory "go/"`},
	{name: "other top dir", entries: func() []fetchtest.Entry {
		var es []fetchtest.Entry
		for _, e := range sdk() {
			e.Name = "go1.22.3/" + strings.TrimPrefix(e.Name, "go/")
			es = append(es, e)
		}
		return es
	}(), want: "is outside the top directory"},
	{name: "two top dirs", entries: append(sdk(), file("other/file", "x")), want: `entry "other/file" is outside the top directory`},
	{name: "gopher prefix", entries: append(sdk(), file("gopher/file", "x")), want: "is outside the top directory"},
	{name: "top is a file", entries: []fetchtest.Entry{file("go", "x")}, want: `entry "go" is the top directory, but not a directory`},
	{name: "empty", entries: []fetchtest.Entry{dir("go/")}, want: "has no files under go/"},
	{name: "too many entries", entries: sdk(), lim: Limits{MaxBytes: 1 << 20, MaxEntries: 5}, want: "has more than 5 entries"},
	{name: "too big", entries: append(sdk(), file("go/big", strings.Repeat("x", 2000))), lim: Limits{MaxBytes: 1500, MaxEntries: 100}, want: "makes the archive larger than 1500 bytes"},
	{name: "many small files too big", entries: append(sdk(), file("go/a", strings.Repeat("x", 600)), file("go/b", strings.Repeat("x", 600))), lim: Limits{MaxBytes: 1500, MaxEntries: 100}, want: `entry "go/b" makes the archive larger`},
	{name: "invalid UTF-8", entries: append(sdk(), file("go/\xff\xfe", "x")), want: "is not valid UTF-8"},
}

// zipOnlyCases have names a tar header cannot hold.
var zipOnlyCases = []extractCase{
	{name: "NUL", entries: append(sdk(), file("go/a\x00b", "x")), want: "has a backslash or NUL in its name"},
}

// tarOnlyCases need tar's link and device types.
var tarOnlyCases = []extractCase{
	{name: "hard link outside", entries: append(sdk(), fetchtest.Entry{Name: "go/passwd", Link: "/etc/passwd", Typeflag: tar.TypeLink}), want: `entry "go/passwd" is a hard link to "/etc/passwd", outside the SDK`},
	{name: "hard link dotdot", entries: append(sdk(), fetchtest.Entry{Name: "go/passwd", Link: "go/../../etc/passwd", Typeflag: tar.TypeLink}), want: "outside the SDK"},
	{name: "hard link relative", entries: append(sdk(), fetchtest.Entry{Name: "go/passwd", Link: "ABS", Typeflag: tar.TypeLink}), want: "outside the SDK"},
	{name: "hard link to dir", entries: append(sdk(), fetchtest.Entry{Name: "go/h", Link: "go/bin", Typeflag: tar.TypeLink}), want: "not a file unpacked before it"},
	{name: "hard link forward", entries: append(sdk(), fetchtest.Entry{Name: "go/h", Link: "go/later", Typeflag: tar.TypeLink}, file("go/later", "x")), want: "not a file unpacked before it"},
	{name: "hard link inside", entries: append(sdk(), fetchtest.Entry{Name: "go/bin/go2", Link: "go/bin/go", Typeflag: tar.TypeLink})},
	{name: "block device", entries: append(sdk(), fetchtest.Entry{Name: "go/dev", Typeflag: tar.TypeBlock}), want: "is a device"},
	{name: "tar fifo", entries: append(sdk(), fetchtest.Entry{Name: "go/fifo", Typeflag: tar.TypeFifo}), want: "is a fifo"},
	{name: "tar char device", entries: append(sdk(), fetchtest.Entry{Name: "go/dev", Typeflag: tar.TypeChar}), want: "is a character device"},
	{name: "declared size too large", entries: append(sdk(), fetchtest.Entry{Name: "go/lie", Body: "short", Mode: 0o644, Size: 4096}), want: `entry "go/lie": unexpected EOF`},
	{name: "gzip bomb", entries: append(sdk(), file("go/bomb", strings.Repeat("\x00", 8<<20))), lim: Limits{MaxBytes: 1 << 20, MaxEntries: 100}, want: `entry "go/bomb" makes the archive larger than 1048576 bytes`},
}

// prepare replaces the placeholder ABS with an absolute path in outside.
func prepare(entries []fetchtest.Entry, outside string) []fetchtest.Entry {
	abs := filepath.ToSlash(filepath.Join(outside, "abs-escaped"))
	var out []fetchtest.Entry
	for _, e := range entries {
		e.Name = strings.Replace(e.Name, "ABS", abs, 1)
		e.Link = strings.Replace(e.Link, "ABS", abs, 1)
		out = append(out, e)
	}
	return out
}

func TestExtractTarGz(t *testing.T) {
	for _, tt := range append(slices.Clone(hostileCases), tarOnlyCases...) {
		t.Run(tt.name, func(t *testing.T) {
			runExtract(t, tt, func(entries []fetchtest.Entry, dst string, lim Limits) error {
				data, err := tarGz(entries)
				if err != nil {
					t.Fatal(err)
				}
				return ExtractTarGz(context.Background(), bytes.NewReader(data), dst, "go/", lim)
			})
		})
	}
}

func TestExtractZip(t *testing.T) {
	for _, tt := range append(slices.Clone(hostileCases), zipOnlyCases...) {
		t.Run(tt.name, func(t *testing.T) {
			runExtract(t, tt, func(entries []fetchtest.Entry, dst string, lim Limits) error {
				f, err := os.CreateTemp(t.TempDir(), "*.zip")
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if _, err := f.Write(fetchtest.Zip(entries)); err != nil {
					t.Fatal(err)
				}
				return ExtractZip(context.Background(), f, dst, "go/", lim)
			})
		})
	}
}

// runExtract extracts tt's archive into a fresh directory inside a
// parent directory and checks the result, and that nothing was written
// beside the destination.
func runExtract(t *testing.T, tt extractCase, extract func([]fetchtest.Entry, string, Limits) error) {
	parent := t.TempDir()
	outside := t.TempDir()
	dst := filepath.Join(parent, "dst")
	if err := os.Mkdir(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	lim := tt.lim
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	err := extract(prepare(tt.entries, outside), dst, lim)
	switch {
	case tt.want == "" && err != nil:
		t.Errorf("extract(%s) = %v, want success", tt.name, err)
	case tt.want != "" && err == nil:
		t.Errorf("extract(%s) = nil, want an error containing %q", tt.name, tt.want)
	case tt.want != "" && !strings.Contains(err.Error(), tt.want):
		t.Errorf("extract(%s) = %v, want an error containing %q", tt.name, err, tt.want)
	}
	if tt.want == "" {
		if data, err := os.ReadFile(filepath.Join(dst, "VERSION")); err != nil || !strings.HasPrefix(string(data), "go1.22.3\n") {
			t.Errorf("extract(%s): VERSION = %q, %v, want go1.22.3", tt.name, data, err)
		}
		if fi, err := os.Stat(filepath.Join(dst, "bin", "go")); err != nil || fi.Mode().Perm()&0o100 == 0 {
			t.Errorf("extract(%s): bin/go is %v, %v, want an executable", tt.name, fi, err)
		}
	}
	assertOnly(t, parent, "dst")
	assertOnly(t, outside)
	// Every link left in dst points inside it.
	filepath.WalkDir(dst, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink == 0 {
			return err
		}
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil // dangling: points nowhere
		}
		if rel, err := filepath.Rel(dst, target); err != nil || !filepath.IsLocal(rel) && rel != "." {
			t.Errorf("extract(%s) left %s pointing outside, to %s", tt.name, path, target)
		}
		return nil
	})
}

// assertOnly checks that dir holds exactly the names given.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q: something was written outside the destination", dir, got, names)
	}
}

// tarGz is fetchtest.TarGz, except that names which PAX cannot hold
// (invalid UTF-8) are written in the GNU format.
func tarGz(entries []fetchtest.Entry) ([]byte, error) {
	for _, e := range entries {
		if !utf8Valid(e.Name) {
			return gnuTarGz(entries)
		}
	}
	return fetchtest.TarGz(entries), nil
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

func gnuTarGz(entries []fetchtest.Entry) ([]byte, error) {
	var tbuf bytes.Buffer
	tw := tar.NewWriter(&tbuf)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.Name, Mode: int64(e.Mode.Perm()), Size: int64(len(e.Body)), Typeflag: tar.TypeReg, Format: tar.FormatGNU}
		if e.Mode.IsDir() {
			hdr.Typeflag, hdr.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write([]byte(e.Body)); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(tbuf.Bytes())
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestExtractZipLyingSize checks a zip entry whose central directory
// declares fewer bytes than its data holds.
func TestExtractZipLyingSize(t *testing.T) {
	for _, declared := range []uint64{3, 100} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, e := range sdk() {
			h := &zip.FileHeader{Name: e.Name, Method: zip.Store}
			h.SetMode(e.Mode)
			w, err := zw.CreateHeader(h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(e.Body))
		}
		body := []byte("0123456789")
		h := &zip.FileHeader{Name: "go/lie", Method: zip.Store, CRC32: crc32.ChecksumIEEE(body), CompressedSize64: uint64(len(body)), UncompressedSize64: declared}
		h.SetMode(0o644)
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		f, err := os.CreateTemp(t.TempDir(), "*.zip")
		if err != nil {
			t.Fatal(err)
		}
		f.Write(buf.Bytes())
		parent := t.TempDir()
		dst := filepath.Join(parent, "dst")
		os.Mkdir(dst, 0o755)
		err = ExtractZip(context.Background(), f, dst, "go/", DefaultLimits)
		f.Close()
		if err == nil {
			t.Errorf("ExtractZip(entry declaring %d of 10 bytes) = nil, want an error", declared)
		}
		if data, err := os.ReadFile(filepath.Join(dst, "lie")); err == nil && uint64(len(data)) > declared {
			t.Errorf("ExtractZip(entry declaring %d bytes) wrote %d bytes", declared, len(data))
		}
		assertOnly(t, parent, "dst")
	}
}

// TestExtractCancel checks that a cancelled context stops extraction.
func TestExtractCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ExtractTarGz(ctx, bytes.NewReader(fetchtest.TarGz(sdk())), t.TempDir(), "go/", DefaultLimits)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ExtractTarGz(cancelled) = %v, want context.Canceled", err)
	}
}
