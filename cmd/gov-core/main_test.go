package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/front"
	"github.com/gov-dev/gov/pkg/shim"
)

// TestMain lets the test binary act as gov's three programs inside
// scripts, as they are installed side by side: gov (the front door, which
// answers gov env and execs gov-core), gov-core (this package's Main) and
// gov-shim. Copies of it named go, gofmt or go1.X.Y (the shims gov
// installs from gov-shim) act as the shim.
func TestMain(m *testing.M) {
	if isShimName(filepath.Base(os.Args[0])) {
		shim.Main()
	}
	testscript.Main(cleanupM{m}, map[string]func(){
		"gov":      front.Main,
		"gov-core": func() { os.Exit(Main(os.Args, os.Stdout, os.Stderr)) },
		"gov-shim": shim.Main,
	})
}

func isShimName(name string) bool {
	if name == "go" || name == "gofmt" {
		return true
	}
	v, ok := strings.CutPrefix(name, "go")
	return ok && v != "" && v[0] >= '0' && v[0] <= '9' && !strings.HasSuffix(name, ".test")
}

// cleanupM removes what tests shared (the packed SDK of the end-to-end
// tests, the binaries of the fault tests) once every test has run.
type cleanupM struct{ *testing.M }

func (m cleanupM) Run() int {
	defer e2eCleanup()
	defer buildCleanup()
	return m.M.Run()
}

// scriptCmds are the custom commands scripts can use; test files add
// theirs in init functions.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"mirror": cmdMirror,
}

// TestScript runs the CLI behaviour scripts in testdata/script, each in a
// fresh $WORK with its own HOME, GOV_HOME and PATH.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		Setup:               setupScript,
		Cmds:                scriptCmds,
		Condition:           scriptCondition,
		RequireExplicitExec: true,
	})
}

// scriptCondition answers the conditions scripts add to testscript's:
// [root], where file modes deny root nothing.
func scriptCondition(cond string) (bool, error) {
	if cond == "root" {
		return os.Geteuid() == 0, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

func setupScript(env *testscript.Env) error {
	work := env.WorkDir
	home := filepath.Join(work, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	// Only the test's own bin directory and the system's basic tools: no
	// Go on PATH, whatever the machine has.
	binDir := strings.SplitN(env.Getenv("PATH"), string(os.PathListSeparator), 2)[0]
	env.Setenv("PATH", binDir+string(os.PathListSeparator)+"/usr/bin:/bin")
	env.Setenv("HOME", home)
	env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	env.Setenv("GOV_HOME", filepath.Join(work, ".gov"))
	env.Setenv("GOV_PLATFORM", "linux-amd64")
	env.Setenv("NO_COLOR", "")
	// GOV_SOURCE=auto falls back to the module proxy when the dl mirror
	// cannot be reached: never to the real one (scripts that want a proxy
	// serve one with goproxy).
	env.Setenv("GOPROXY", "http://127.0.0.1:1") // a closed port
	// Under -race every process sleeps a second at exit (atexit_sleep_ms
	// defaults to 1000), and scripts start gov and the shims hundreds of
	// times.
	env.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	return nil
}

// mirrorPlatforms are the platforms every fake release has archives for.
var mirrorPlatforms = []string{"linux-amd64", "linux-arm64", "linux-armv6l", "darwin-amd64", "darwin-arm64"}

// cmdMirror serves fake Go releases from a loopback httptest server and
// points GOV_DL_INDEX and GOV_DL_BASE at it. Every archive request is
// logged to $WORK/mirror.log as "GET <file> <status>", every index request
// as "INDEX <status>" (304 for a conditional GET of an unchanged index).
//
//	mirror [-bad V] [-nosha V] [-evil V=KIND] [-fail N] [-status CODE]
//	       [-cut V] [-cutonce V] [-index TEXT] [-dir DIR] [-downif NAME] VERSION...
func cmdMirror(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! mirror")
	}
	fs := flag.NewFlagSet("mirror", flag.ContinueOnError)
	bad := fs.String("bad", "", "serve other bytes than the index hashes for this version")
	nosha := fs.String("nosha", "", "list this version with an empty sha256")
	evil := fs.String("evil", "", "V=KIND: serve a hostile archive for V (escape, abs, symlink, hardlink, device, notsdk, twotop, emptygo)")
	fail := fs.Int("fail", 0, "answer the first N archive requests with 500")
	status := fs.Int("status", 0, "answer every archive request with this status")
	cut := fs.String("cut", "", "cut every download of this version in the middle")
	cutOnce := fs.String("cutonce", "", "cut the first download of this version in the middle")
	index := fs.String("index", "", "serve this text as the index")
	dir := fs.String("dir", "", "also write the index (index.json) and archives into this directory, for file:// URLs")
	downIf := fs.String("downif", "", "answer every request (index and archives) with 503 while $WORK/NAME exists")
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("mirror: %v", err)
	}
	versions := fs.Args()
	files := map[string][]byte{}
	var rels []fetchtest.Release
	for _, v := range versions {
		if !strings.HasPrefix(v, "go") {
			v = "go" + v
		}
		rel := fetchtest.Release{Version: v}
		for _, p := range mirrorPlatforms {
			name := v + "." + p + ".tar.gz"
			data := fetchtest.TarGz(fetchtest.FakeSDK(v, p))
			f := fetchtest.File{Filename: name, Platform: p, Data: data}
			if "go"+strings.TrimPrefix(*nosha, "go") == v {
				f.SHA256 = "-"
			}
			if ev, kind, ok := strings.Cut(*evil, "="); ok && "go"+strings.TrimPrefix(ev, "go") == v {
				data = fetchtest.TarGz(hostile(kind, v, p))
				f.Data = data
			}
			files[name] = data
			if "go"+strings.TrimPrefix(*bad, "go") == v {
				files[name] = append(append([]byte{}, data[:len(data)-8]...), "tampered"...)
			}
			rel.Files = append(rel.Files, f)
		}
		rels = append(rels, rel)
	}
	// The index lists releases newest first, as go.dev does.
	fetchtest.SortNewestFirst(rels)
	indexData := fetchtest.Index(rels)
	if *index != "" {
		indexData = []byte(*index)
	}
	if *dir != "" {
		d := ts.MkAbs(*dir)
		if err := os.MkdirAll(d, 0o755); err != nil {
			ts.Fatalf("mirror: %v", err)
		}
		ts.Check(os.WriteFile(filepath.Join(d, "index.json"), indexData, 0o644))
		for name, data := range files {
			ts.Check(os.WriteFile(filepath.Join(d, name), data, 0o644))
		}
	}
	sum := sha256.Sum256(indexData)
	indexETag := `"` + hex.EncodeToString(sum[:8]) + `"`
	logPath := ts.MkAbs("mirror.log")
	var mu sync.Mutex
	requests, cutDone := 0, map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if *downIf != "" {
			if _, err := os.Stat(ts.MkAbs(*downIf)); err == nil {
				mu.Lock()
				logf, _ := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
				fmt.Fprintf(logf, "DOWN %s 503\n", r.URL.Path)
				logf.Close()
				mu.Unlock()
				http.Error(w, "down", http.StatusServiceUnavailable)
				return
			}
		}
		if r.URL.Path == "/dl/" {
			// Logged as "INDEX <status>", answering a conditional GET
			// with 304 when the index is unchanged.
			code := http.StatusOK
			if r.Header.Get("If-None-Match") == indexETag {
				code = http.StatusNotModified
			}
			mu.Lock()
			logf, _ := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			fmt.Fprintf(logf, "INDEX %d\n", code)
			logf.Close()
			mu.Unlock()
			w.Header().Set("ETag", indexETag)
			if code == http.StatusNotModified {
				w.WriteHeader(code)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(indexData)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/files/")
		mu.Lock()
		requests++
		n := requests
		cutThis := false
		data, ok := files[name]
		for _, c := range []string{*cut, *cutOnce} {
			if c != "" && strings.HasPrefix(name, "go"+strings.TrimPrefix(c, "go")+".") {
				cutThis = c == *cut || !cutDone[name]
			}
		}
		if cutThis {
			cutDone[name] = true
		}
		code := http.StatusOK
		switch {
		case *status != 0:
			code = *status
		case n <= *fail:
			code = http.StatusInternalServerError
		case !ok:
			code = http.StatusNotFound
		}
		if r.Header.Get("Range") != "" && code == http.StatusOK && !cutThis {
			code = http.StatusPartialContent
		}
		logf, _ := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		fmt.Fprintf(logf, "GET %s %d\n", name, code)
		logf.Close()
		mu.Unlock()
		if code != http.StatusOK && code != http.StatusPartialContent {
			http.Error(w, http.StatusText(code), code)
			return
		}
		if cutThis {
			cutAt(w, data, len(data)/2) // promise the whole file, send half
			return
		}
		serveBytes(w, r, data)
	}))
	ts.Defer(srv.Close)
	ts.Setenv("GOV_DL_INDEX", srv.URL+"/dl/?mode=json&include=all")
	ts.Setenv("GOV_DL_BASE", srv.URL+"/files/")
	ts.Setenv("MIRROR", srv.URL)
}

// hostile returns a tar's entries for an archive of version v that gov
// must refuse.
func hostile(kind, v, p string) []fetchtest.Entry {
	sdk := fetchtest.FakeSDK(v, p)
	switch kind {
	case "escape":
		return append(sdk, fetchtest.Entry{Name: "go/../../escaped", Body: "x", Mode: 0o644})
	case "abs":
		return append(sdk, fetchtest.Entry{Name: "/tmp/escaped", Body: "x", Mode: 0o644})
	case "symlink":
		return append(sdk,
			fetchtest.Entry{Name: "go/link", Mode: os.ModeSymlink | 0o777, Link: "../../.."},
			fetchtest.Entry{Name: "go/link/escaped", Body: "x", Mode: 0o644})
	case "hardlink":
		return append(sdk, fetchtest.Entry{Name: "go/passwd", Link: "/etc/passwd", Typeflag: '1'})
	case "device":
		return append(sdk, fetchtest.Entry{Name: "go/dev", Typeflag: '3'})
	case "notsdk":
		return []fetchtest.Entry{{Name: "go/README", Body: "hello", Mode: 0o644}}
	case "twotop":
		return append(sdk, fetchtest.Entry{Name: "other/file", Body: "x", Mode: 0o644})
	case "emptygo":
		for i := range sdk {
			if sdk[i].Name == "go/bin/go" {
				sdk[i].Body = ""
			}
		}
		return sdk
	}
	panic("unknown hostile archive kind " + kind)
}

var fixedTime = time.Unix(1714593571, 0)
