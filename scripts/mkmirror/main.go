// Command mkmirror builds a go.dev-style mirror in a directory, offline:
// an index.json release index and the archives it lists, packed from a
// real GOROOT (such as the machine's own /usr/local/go) and from fake SDKs.
// With -serve it then serves the directory on a loopback address, the way
// the demo and the install benchmark use it.
//
//	go run ./scripts/mkmirror -goroot "$(go env GOROOT)" -out /tmp/mirror -serve 127.0.0.1:0 -addr-file /tmp/mirror/addr
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("mkmirror: ")
	goroot := flag.String("goroot", "", "pack this GOROOT as the release its VERSION file names")
	fakes := flag.String("fake", "", "comma-separated fake SDK versions to add (go1.21.0,go1.22rc1)")
	out := flag.String("out", "", "directory to write the mirror into")
	serve := flag.String("serve", "", "serve the mirror on this loopback address (127.0.0.1:0 picks a port)")
	addrFile := flag.String("addr-file", "", "with -serve, write the server's base URL to this file")
	level := flag.Int("level", gzip.DefaultCompression, "gzip level for the packed GOROOT")
	flag.Parse()
	if *out == "" {
		log.Fatal("-out is required")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	plat := runtime.GOOS + "-" + runtime.GOARCH
	if runtime.GOARCH == "arm" {
		plat = runtime.GOOS + "-armv6l"
	}
	var rels []fetchtest.Release
	if *goroot != "" {
		rel, err := packGOROOT(*goroot, *out, plat, *level)
		if err != nil {
			log.Fatal(err)
		}
		rels = append(rels, rel)
	}
	for _, v := range strings.Split(*fakes, ",") {
		if v == "" {
			continue
		}
		if !strings.HasPrefix(v, "go") {
			v = "go" + v
		}
		name := v + "." + plat + ".tar.gz"
		data := fetchtest.TarGz(fetchtest.FakeSDK(v, plat))
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			log.Fatal(err)
		}
		rels = append(rels, fetchtest.Release{Version: v, Files: []fetchtest.File{{Filename: name, Platform: plat, Data: data}}})
	}
	if len(rels) > 0 { // else: serve what an earlier run wrote
		fetchtest.SortNewestFirst(rels)
		if err := os.WriteFile(filepath.Join(*out, "index.json"), fetchtest.Index(rels), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	if *serve == "" {
		return
	}
	ln, err := net.Listen("tcp", *serve)
	if err != nil {
		log.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/"
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(url+"\n"), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(url)
	log.Fatal(http.Serve(ln, http.FileServer(http.Dir(*out))))
}

// packGOROOT packs a GOROOT as go<version>.<platform>.tar.gz with the
// "go/" prefix go.dev uses, hashing as it writes.
func packGOROOT(goroot, out, plat string, level int) (fetchtest.Release, error) {
	data, err := os.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		return fetchtest.Release{}, err
	}
	version := strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0])
	name := version + "." + plat + ".tar.gz"
	path := filepath.Join(out, name)
	f, err := os.Create(path)
	if err != nil {
		return fetchtest.Release{}, err
	}
	h := sha256.New()
	size := &countWriter{}
	w := bufio.NewWriterSize(io.MultiWriter(f, h, size), 1<<20)
	if err := fetchtest.PackDir(w, goroot, "go/", level); err != nil {
		return fetchtest.Release{}, err
	}
	if err := w.Flush(); err != nil {
		return fetchtest.Release{}, err
	}
	if err := f.Close(); err != nil {
		return fetchtest.Release{}, err
	}
	file := fetchtest.File{Filename: name, Platform: plat, SHA256: hex.EncodeToString(h.Sum(nil)), Size: size.n}
	return fetchtest.Release{Version: version, Files: []fetchtest.File{file}}, nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
