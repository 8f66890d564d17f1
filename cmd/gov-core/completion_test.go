package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/layout"
)

// complete runs gov __complete SHELL WORD... on app and returns the lines.
func complete(t testing.TB, app *cli.App, args ...string) []string {
	t.Helper()
	var out, errs bytes.Buffer
	if code := runComplete(app, args, &out, &errs); code != 0 || errs.Len() > 0 {
		t.Fatalf("gov __complete %q = exit %d, stderr %q", args, code, errs.String())
	}
	return strings.Fields(out.String())
}

// TestCompleteEveryCommand checks that every command, one added later
// included, is offered with its name and completes its long flags after
// "--" (a hidden one is not offered), and that completing never runs it.
func TestCompleteEveryCommand(t *testing.T) {
	t.Setenv("GOV_HOME", t.TempDir())
	app := newApp(io.Discard, io.Discard)
	ran := false
	app.Commands = append(app.Commands, &cli.Command{
		Name:   "later",
		Flags:  []cli.Flag{jsonFlag, offlineFlag, &cli.BoolFlag{Name: "secret", Hidden: true}},
		Action: func(*cli.Context) error { ran = true; return nil },
	})
	names := complete(t, app, "bash", "")
	for _, cmd := range app.Commands {
		if cmd.Hidden { // hook-env: run by the prompt hook, not typed
			if slices.Contains(names, cmd.Name) {
				t.Errorf("gov __complete bash '' = %q, offers hidden %s", names, cmd.Name)
			}
			continue
		}
		if !slices.Contains(names, cmd.Name) {
			t.Errorf("gov __complete bash '' = %q, lacks %s", names, cmd.Name)
		}
		var want []string
		for _, f := range commandFlags(cmd) {
			if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
				continue
			}
			for _, n := range f.Names() {
				if len(n) > 1 {
					want = append(want, "--"+n)
				}
			}
		}
		if got := complete(t, app, "bash", cmd.Name, "--"); !slices.Equal(got, want) {
			t.Errorf("gov __complete bash %s -- = %q, want %q", cmd.Name, got, want)
		}
	}
	if got, want := complete(t, app, "bash", "later", "--j"), []string{"--json"}; !slices.Equal(got, want) {
		t.Errorf("gov __complete bash later --j = %q, want %q", got, want)
	}
	for _, bad := range []string{"help", "h"} {
		if slices.Contains(names, bad) {
			t.Errorf("gov __complete bash '' = %q, offers %s", names, bad)
		}
		if got := complete(t, app, "bash", "later", ""); slices.Contains(got, bad) {
			t.Errorf("gov __complete bash later '' = %q, offers %s", got, bad)
		}
	}
	if ran {
		t.Errorf("completing gov later ran it")
	}
}

// BenchmarkCompleteInstall is what gov install <Tab> costs in gov-core,
// process start aside: the candidates from a cache of go.dev's real index
// (2021, 202 releases; today's has about 300).
func BenchmarkCompleteInstall(b *testing.B) {
	home := b.TempDir()
	b.Setenv("GOV_HOME", home)
	b.Setenv("GOV_PLATFORM", "linux-amd64")
	abs, err := filepath.Abs("../../testdata/go-dl-index-2021-11-08.json")
	if err != nil {
		b.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(abs)
	b.Setenv("GOV_DL_INDEX", url)
	ic := fetch.IndexCache{Dir: filepath.Join(home, layout.CacheDir), TTL: time.Hour}
	if _, _, err := fetch.NewClient().FetchIndex(context.Background(), url, ic, false); err != nil {
		b.Fatal(err)
	}
	app := newApp(io.Discard, io.Discard)
	for b.Loop() {
		if got := complete(b, app, "bash", "install", ""); len(got) != 202 || got[0] != "latest" || got[1] != "1.17.3" {
			b.Fatalf("gov __complete bash install '' = %d candidates (%q...), want latest, 1.17.3 and 200 more", len(got), got[:min(len(got), 3)])
		}
	}
}
