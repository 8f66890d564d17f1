package main

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

func init() {
	scriptCmds["goproxy"] = cmdGoProxy
	// Under -race, every gov a script runs would sleep a second before it
	// exits (the race runtime's default atexit_sleep_ms); testscript passes
	// GORACE on to them.
	if os.Getenv("GORACE") == "" {
		os.Setenv("GORACE", "atexit_sleep_ms=10")
	}
}

// cmdGoProxy serves fake Go toolchains as the golang.org/toolchain module
// from a loopback module proxy (or, with -dir, a file tree), with a
// checksum database signed by a test key that the proxy says it supports.
// It sets GOPROXY (or the variable -env names) to the proxy, GOSUMDB and
// SUMDBKEY to the test key, OTHERKEY to another key of the same name, and
// SUMDB to the database's direct URL. Requests are logged to $WORK/goproxy.log as
// "<variable> <path> <status>".
//
//	goproxy [-env NAME] [-status CODE] [-tamper V] [-missing V] [-evil V=KIND]
//	        [-fork] [-corrupttile] [-nosumdb] [-dir DIR] VERSION...
func cmdGoProxy(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! goproxy")
	}
	fs := flag.NewFlagSet("goproxy", flag.ContinueOnError)
	env := fs.String("env", "GOPROXY", "the variable to set to the proxy's URL")
	status := fs.Int("status", 0, "answer every request with this status")
	tamper := fs.String("tamper", "", "serve other bytes for this version than the database vouches for")
	missing := fs.String("missing", "", "list this version but answer 404 for its zip")
	evil := fs.String("evil", "", "V=KIND: serve (and vouch for) a hostile zip for V (escape, dup)")
	fork := fs.Bool("fork", false, "start the log with a record no other proxy's log has")
	corrupt := fs.Bool("corrupttile", false, "flip a bit in every tile of the log")
	nosumdb := fs.Bool("nosumdb", false, "do not serve the checksum database (404 for /sumdb/<name>/supported)")
	dir := fs.String("dir", "", "write the proxy as a file tree in this directory and use it as file://")
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("goproxy: %v", err)
	}
	signer, verifier, _, otherVerifier := fetchtest.SumDBKeys()
	p := fetchtest.NewGoProxy(signer)
	p.Status, p.CorruptTiles, p.NoSumDB = *status, *corrupt, *nosumdb
	if *fork {
		p.Record("example.com/fork", "v1.0.0", "example.com/fork v1.0.0 h1:Fq3ZHR7PWLwNrHf8h5Wd1hUbMIybLB6HjG3fPnYe5Vw=\n")
	}
	is := func(flagV, v string) bool { return flagV != "" && "go"+strings.TrimPrefix(flagV, "go") == v }
	for _, v := range fs.Args() {
		v = "go" + strings.TrimPrefix(v, "go")
		for _, pl := range mirrorPlatforms {
			entries := fetchtest.FakeToolchain(v, pl)
			if ev, kind, ok := strings.Cut(*evil, "="); ok && is(ev, v) {
				entries = hostileToolchain(kind, entries)
			}
			p.Add(v, pl, fetchtest.ModuleZip(entries))
			if is(*tamper, v) {
				tampered := fetchtest.FakeToolchain(v, pl)
				tampered[0].Body += "tampered\n"
				p.Tamper(v, pl, fetchtest.ModuleZip(tampered))
			}
			if is(*missing, v) {
				p.Missing(v, pl)
			}
		}
	}
	if *dir != "" {
		root := ts.MkAbs(*dir)
		if err := p.WriteDir(root); err != nil {
			ts.Fatalf("goproxy: %v", err)
		}
		ts.Setenv(*env, "file://"+root)
	} else {
		logPath := ts.MkAbs("goproxy.log")
		var mu sync.Mutex
		p.OnRequest = func(path string, status int) {
			mu.Lock()
			defer mu.Unlock()
			f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err == nil {
				fmt.Fprintf(f, "%s %s %d\n", *env, path, status)
				f.Close()
			}
		}
		srv := httptest.NewServer(p)
		ts.Defer(srv.Close)
		ts.Setenv(*env, srv.URL)
		ts.Setenv("SUMDB", srv.URL+"/sumdb/"+p.Name)
	}
	// Only loopback is reachable: a test that forgets to point gov at a
	// fake reaches a dead proxy instead of the internet.
	for _, k := range []string{"HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"} {
		ts.Setenv(k, "http://127.0.0.1:1")
	}
	ts.Setenv("NO_PROXY", "")
	ts.Setenv("no_proxy", "")
	ts.Setenv("GOSUMDB", verifier)
	ts.Setenv("SUMDBKEY", verifier)
	ts.Setenv("OTHERKEY", otherVerifier)
}

// hostileToolchain returns a toolchain zip's entries with one that gov
// must refuse to unpack.
func hostileToolchain(kind string, entries []fetchtest.Entry) []fetchtest.Entry {
	prefix, _, _ := strings.Cut(entries[0].Name, "/VERSION")
	prefix += "/"
	switch kind {
	case "escape":
		return append(entries, fetchtest.Entry{Name: prefix + "../escaped", Body: "x"})
	case "dup":
		return append(entries, fetchtest.Entry{Name: prefix + "bin/go", Body: "#!/bin/sh\necho evil\n"})
	}
	panic("unknown hostile zip kind " + kind)
}
