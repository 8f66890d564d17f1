package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/manifest"
)

func init() {
	scriptCmds["tamper"] = cmdTamper
	scriptCmds["remanifest"] = cmdRemanifest
	scriptCmds["verifyjson"] = cmdVerifyJSON
}

// cmdTamper runs a program that changes an installed SDK as someone with
// write access would, whatever modes the store gave it: it makes the SDK
// writable by its owner, runs the program, and gives every entry that is
// still there its mode back, so that the SDK differs from its manifest
// only by what the program did.
//
//	tamper SDKDIR PROGRAM [ARGS...]
func cmdTamper(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: tamper sdkdir program [args...]")
	}
	root := ts.MkAbs(args[0])
	modes := map[string]fs.FileMode{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		modes[p] = info.Mode().Perm()
		return os.Chmod(p, info.Mode().Perm()|0o200)
	})
	ts.Check(err)
	defer func() {
		for p, mode := range modes {
			if fi, err := os.Lstat(p); err == nil && fi.Mode().Type() != fs.ModeSymlink {
				ts.Check(os.Chmod(p, mode))
			}
		}
	}()
	ts.Check(ts.Exec(args[1], args[2:]...))
}

// cmdRemanifest rewrites an installed SDK's manifest for the files it now
// holds, as someone who changed them and wanted to hide it would.
//
//	remanifest SDKDIR
func cmdRemanifest(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: remanifest sdkdir")
	}
	dir := ts.MkAbs(args[0])
	old, err := manifest.Read(dir)
	ts.Check(err)
	m, err := manifest.Build(dir, old.Module)
	ts.Check(err)
	name := filepath.Join(dir, layout.ManifestFile)
	ts.Check(os.Chmod(dir, layout.DirMode))
	ts.Check(os.Remove(name))
	ts.Check(m.Write(dir))
	ts.Check(os.Chmod(dir, layout.ReadOnly(layout.DirMode)))
}

// cmdVerifyJSON checks that the last command's stdout is gov verify's JSON
// contract, a list of objects with exactly version, platform, dir, ok,
// files, h1, changes (objects with name and what), and vouched_h1 and
// error where they apply; and that the SDKs it names, in order, are
// those given, each NAME as VERSION/PLATFORM=ok or =fail.
//
//	verifyjson NAME...
func cmdVerifyJSON(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! verifyjson")
	}
	var results []map[string]any
	if err := json.Unmarshal([]byte(ts.ReadFile("stdout")), &results); err != nil {
		ts.Fatalf("stdout is not a JSON list: %v", err)
	}
	var got []string
	for _, r := range results {
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := []string{"changes", "dir", "files", "h1", "ok", "platform", "version"}
		for _, opt := range []string{"error", "vouched_h1"} {
			if _, ok := r[opt]; ok {
				want = append(want, opt)
			}
		}
		slices.Sort(want)
		if !slices.Equal(keys, want) {
			ts.Fatalf("keys %v, want %v", keys, want)
		}
		changes, ok := r["changes"].([]any)
		if !ok {
			ts.Fatalf("changes is %v, not a list", r["changes"])
		}
		for _, c := range changes {
			c, _ := c.(map[string]any)
			if len(c) != 2 || c["name"] == nil || c["what"] == nil {
				ts.Fatalf("a change is %v, want name and what", c)
			}
		}
		status := "fail"
		if r["ok"] == true {
			status = "ok"
		}
		got = append(got, r["version"].(string)+"/"+r["platform"].(string)+"="+status)
	}
	if !slices.Equal(got, args) {
		ts.Fatalf("gov verify --json says %s, want %s", strings.Join(got, " "), strings.Join(args, " "))
	}
}
