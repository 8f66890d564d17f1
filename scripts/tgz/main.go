// Command tgz packs files into a reproducible .tar.gz, as scripts/release.sh
// packs gov's release archives: the same files give the same bytes on any
// machine, whatever its tar, umask, user or clock.
//
//	go run ./scripts/tgz -mtime 1700000000 -o gov.tar.gz bin/gov bin/gov-core LICENSE
//
// Entries are flat (each file under its base name, no directory), sorted
// by name, in ustar format, owned by 0/0 with no user or group names,
// dated -mtime, mode 0755 if the file has any execute bit and 0644 if not;
// the gzip header carries no name and no time. GNU tar can do the same
// with --sort=name and four more flags, but macOS's tar cannot: this runs
// wherever the release is built, with the toolchain that builds it.
//
// It also answers scripts/release.sh's one question for package release,
// so that the script and gov follow one rule:
//
//	go run ./scripts/tgz -tag v1.2.3
//
// exits 1 with one line on stderr unless v1.2.3 is a release tag exactly
// as gov parses one (release.ParseTag: canonical semver with its v, so
// not v01.2.3, v1.2.3-rc.01 or 1.2.3), and prints the trusted comment the
// release's SHA256SUMS must be signed with (release.TrustedComment).
package main

import (
	"archive/tar"
	"cmp"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gov-dev/gov/pkg/release"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("tgz: ")
	out := flag.String("o", "", "the archive to write")
	mtime := flag.Int64("mtime", 0, "every entry's modification time, in seconds since 1970")
	tag := flag.String("tag", "", "check that `TAG` is a release tag and print its signature's trusted comment; packs nothing")
	flag.Parse()
	if *tag != "" {
		if *out != "" || flag.NArg() != 0 {
			log.Fatal("usage: tgz -tag TAG")
		}
		comment, err := checkTag(*tag)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(comment)
		return
	}
	if *out == "" || flag.NArg() == 0 {
		log.Fatal("usage: tgz -o OUT.tar.gz [-mtime SECONDS] FILE...\n       tgz -tag TAG")
	}
	if err := pack(*out, time.Unix(*mtime, 0), flag.Args()); err != nil {
		log.Fatal(err)
	}
}

// checkTag returns the trusted comment of release tag s, or why s is not
// a tag gov would take from a release: release.ParseTag's rule, with the
// v written (ParseTag takes 0.2.0 from a user, but a release is named
// v0.2.0).
func checkTag(s string) (string, error) {
	tag, err := release.ParseTag(s)
	if err != nil {
		return "", err
	}
	if tag != s {
		return "", fmt.Errorf("%q is not a release tag: write %s", s, tag)
	}
	return release.TrustedComment(tag), nil
}

// pack writes files to out, which it removes if it fails.
func pack(out string, mtime time.Time, files []string) error {
	files = slices.Clone(files)
	slices.SortFunc(files, func(a, b string) int {
		return cmp.Compare(filepath.Base(a), filepath.Base(b))
	})
	for i := 1; i < len(files); i++ {
		if filepath.Base(files[i]) == filepath.Base(files[i-1]) {
			return fmt.Errorf("two files named %s", filepath.Base(files[i]))
		}
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	err = write(f, mtime, files)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
	}
	return err
}

func write(w io.Writer, mtime time.Time, files []string) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	for _, name := range files {
		if err := add(tw, name, mtime); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

func add(tw *tar.Writer, name string, mtime time.Time) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", name)
	}
	mode := int64(0o644)
	if fi.Mode()&0o111 != 0 {
		mode = 0o755
	}
	hdr := &tar.Header{
		Typeflag: tar.TypeReg,
		Name:     filepath.Base(name),
		Size:     fi.Size(),
		Mode:     mode,
		ModTime:  mtime,
		Format:   tar.FormatUSTAR,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if n, err := io.Copy(tw, f); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	} else if n != fi.Size() {
		return fmt.Errorf("%s: changed while being packed", name)
	}
	return nil
}
