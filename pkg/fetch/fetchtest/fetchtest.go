// Package fetchtest builds Go SDK archives and release indexes for tests,
// benchmarks and the offline demo: small fake SDKs whose bin/go is a shell
// script, and real GOROOTs packed the way go.dev packs them. For the proxy
// source it packs fake SDKs as golang.org/toolchain module zips
// (toolchain.go) and serves them from a fake module proxy with a checksum
// database signed by a test key (goproxy.go).
package fetchtest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/klauspost/compress/gzip"
)

// An Entry is one file of an archive.
type Entry struct {
	Name     string // full name in the archive, such as go/bin/go
	Body     string
	Mode     fs.FileMode // permission bits, plus fs.ModeDir or fs.ModeSymlink
	Link     string      // symlink or hard-link target
	Typeflag byte        // a raw tar type (devices, fifos, hard links); 0: from Mode
	Size     int64       // declared size, when it should lie; 0: len(Body)
}

// FakeSDK returns the entries of a small Go SDK for version (go1.22.3)
// and platform (linux-amd64). Its bin/go is a shell script that answers
// "go version" like the real one, prints the environment variables named
// after "go env", exits with the status after "go exit", and otherwise
// prints its version and arguments.
func FakeSDK(version, platform string) []Entry {
	goos, goarch, _ := strings.Cut(platform, "-")
	if goarch == "armv6l" {
		goarch = "arm"
	}
	script := fmt.Sprintf(`#!/bin/sh
case "$1" in
version) echo "go version %[1]s %[2]s/%[3]s" ;;
env) shift; for k in "$@"; do eval "printf '%%s\n' \"\${$k}\""; done ;;
exit) exit "$2" ;;
*) echo "%[1]s $*" ;;
esac
`, version, goos, goarch)
	gofmt := fmt.Sprintf("#!/bin/sh\necho \"gofmt from %s $*\"\n", version)
	tool := "go/pkg/tool/" + goos + "_" + goarch + "/"
	return []Entry{
		{Name: "go/", Mode: fs.ModeDir | 0o755},
		{Name: "go/VERSION", Body: version + "\ntime 2024-05-01T19:59:31Z\n", Mode: 0o644},
		{Name: "go/bin/", Mode: fs.ModeDir | 0o755},
		{Name: "go/bin/go", Body: script, Mode: 0o755},
		{Name: "go/bin/gofmt", Body: gofmt, Mode: 0o755},
		{Name: "go/pkg/", Mode: fs.ModeDir | 0o755},
		{Name: "go/pkg/tool/", Mode: fs.ModeDir | 0o755},
		{Name: tool, Mode: fs.ModeDir | 0o755},
		{Name: tool + "compile", Body: "#!/bin/sh\n", Mode: 0o755},
		{Name: "go/src/fmt/print.go", Body: "package fmt\n", Mode: 0o644},
		{Name: "go/go.env", Body: "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n", Mode: 0o644},
	}
}

// WriteGOROOT writes FakeSDK(version, platform) into dir as an unpacked
// GOROOT (without the go/ prefix), as an install would leave it.
func WriteGOROOT(dir, version, platform string) error {
	for _, e := range FakeSDK(version, platform) {
		name := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(e.Name, "go/")))
		if e.Mode.IsDir() {
			if err := os.MkdirAll(name, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, []byte(e.Body), e.Mode.Perm()); err != nil {
			return err
		}
	}
	return nil
}

// TarGz packs entries as a gzipped tar.
func TarGz(entries []Entry) []byte {
	var buf bytes.Buffer
	if err := WriteTarGz(&buf, entries, gzip.DefaultCompression); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WriteTarGz packs entries as a gzipped tar into w.
func WriteTarGz(w io.Writer, entries []Entry, level int) error {
	zw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.Name, Mode: tarMode(e.Mode), Size: int64(len(e.Body)), Linkname: e.Link, Typeflag: e.Typeflag, Format: tar.FormatPAX}
		switch {
		case e.Typeflag != 0:
			if e.Typeflag != tar.TypeReg {
				hdr.Size = 0
			}
		case e.Mode.IsDir():
			hdr.Typeflag = tar.TypeDir
			hdr.Size = 0
		case e.Mode&fs.ModeSymlink != 0:
			hdr.Typeflag = tar.TypeSymlink
			hdr.Size = 0
		case e.Mode&fs.ModeNamedPipe != 0:
			hdr.Typeflag = tar.TypeFifo
			hdr.Size = 0
		case e.Mode&fs.ModeCharDevice != 0:
			hdr.Typeflag = tar.TypeChar
			hdr.Size = 0
		case e.Mode&fs.ModeDevice != 0:
			hdr.Typeflag = tar.TypeBlock
			hdr.Size = 0
		default:
			hdr.Typeflag = tar.TypeReg
		}
		if e.Size != 0 {
			hdr.Size = e.Size
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if hdr.Size > 0 {
			// A lying size is the archive's point: write what we have.
			if _, err := io.WriteString(tw, e.Body); err != nil && e.Size == 0 {
				return err
			}
		}
	}
	if err := tw.Close(); err != nil && !strings.Contains(err.Error(), "missed writing") {
		return err
	}
	return zw.Close()
}

// tarMode is the tar header mode of m: its permission bits and its
// setuid, setgid and sticky bits.
func tarMode(m fs.FileMode) int64 {
	mode := int64(m.Perm())
	if m&fs.ModeSetuid != 0 {
		mode |= 0o4000
	}
	if m&fs.ModeSetgid != 0 {
		mode |= 0o2000
	}
	if m&fs.ModeSticky != 0 {
		mode |= 0o1000
	}
	return mode
}

// Zip packs entries as a zip file.
func Zip(entries []Entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate}
		h.SetMode(e.Mode)
		body := e.Body
		if e.Mode&fs.ModeSymlink != 0 {
			body = e.Link
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		if !e.Mode.IsDir() {
			io.WriteString(w, body)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// PackDir packs the directory tree root as a gzipped tar whose entries are
// named prefix + path (go.dev's archives use the prefix "go/").
func PackDir(w io.Writer, root, prefix string, level int) error {
	zw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		name := prefix + filepath.ToSlash(rel)
		if rel == "." {
			name = prefix
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(path); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		hdr.Name = name
		if d.IsDir() && !strings.HasSuffix(name, "/") {
			hdr.Name += "/"
		}
		hdr.Uname, hdr.Gname, hdr.Uid, hdr.Gid = "", "", 0, 0
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			_, err = io.Copy(tw, f)
			f.Close()
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// A Release is one version of an index built by Index.
type Release struct {
	Version string // go1.22.3
	Files   []File
}

// A File is one archive of a release.
type File struct {
	Filename string // go1.22.3.linux-amd64.tar.gz
	Platform string // linux-amd64 (go.dev's arch names: linux-armv6l)
	Data     []byte // hashed for the index; may be nil if SHA256 is set
	SHA256   string // overrides the hash of Data (use "-" for an empty one)
	Size     int64  // overrides len(Data)
}

// SortNewestFirst orders rels as go.dev's index does, newest first
// (stable: releases of one version keep their order).
func SortNewestFirst(rels []Release) {
	slices.SortStableFunc(rels, func(a, b Release) int {
		return gover.Compare(gover.MustParse(b.Version), gover.MustParse(a.Version))
	})
}

// Index renders releases as go.dev's JSON release index, newest first as
// given, with each archive's SHA-256 and size.
func Index(rels []Release) []byte {
	type jfile struct {
		Filename string `json:"filename"`
		OS       string `json:"os"`
		Arch     string `json:"arch"`
		Version  string `json:"version"`
		SHA256   string `json:"sha256"`
		Size     int64  `json:"size"`
		Kind     string `json:"kind"`
	}
	type jrel struct {
		Version string  `json:"version"`
		Stable  bool    `json:"stable"`
		Files   []jfile `json:"files"`
	}
	var out []jrel
	for _, r := range rels {
		jr := jrel{Version: r.Version, Stable: !strings.ContainsAny(strings.TrimPrefix(r.Version, "go"), "abcdefghijklmnopqrstuvwxyz")}
		jr.Files = append(jr.Files, jfile{Filename: r.Version + ".src.tar.gz", Version: r.Version, SHA256: strings.Repeat("0", 64), Size: 1, Kind: "source"})
		for _, f := range r.Files {
			goos, arch, _ := strings.Cut(f.Platform, "-")
			sum := sha256.Sum256(f.Data)
			jf := jfile{Filename: f.Filename, OS: goos, Arch: arch, Version: r.Version, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(f.Data)), Kind: "archive"}
			if f.SHA256 == "-" {
				jf.SHA256 = ""
			} else if f.SHA256 != "" {
				jf.SHA256 = f.SHA256
			}
			if f.Size != 0 {
				jf.Size = f.Size
			}
			jr.Files = append(jr.Files, jf)
		}
		out = append(out, jr)
	}
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		panic(err)
	}
	return data
}
