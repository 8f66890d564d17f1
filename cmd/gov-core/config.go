package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/gov-dev/gov/pkg/fetch"
	"github.com/gov-dev/gov/pkg/goenv"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/install"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/store"
)

// Flags that several commands share.
var (
	platformFlag = &cli.StringFlag{
		Name:    "platform",
		Usage:   "install for `OS-ARCH` (such as darwin-amd64) instead of this machine's",
		EnvVars: []string{"GOV_PLATFORM"},
	}
	offlineFlag = &cli.BoolFlag{
		Name:    "offline",
		Usage:   "use only the cached release index and downloads",
		EnvVars: []string{"GOV_OFFLINE"},
	}
	sourceFlag = &cli.StringFlag{
		Name:    "source",
		Usage:   "where SDKs come from: `auto` (dl, else proxy when go.dev cannot be reached), dl (go.dev's index and GOV_DL_BASE) or proxy (GOPROXY)",
		EnvVars: []string{"GOV_SOURCE"},
		Value:   "auto",
	}
	quietFlag = &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors"}
	jsonFlag  = &cli.BoolFlag{Name: "json", Usage: "print JSON for scripts and editors"}
)

// targetPlatform is --platform (or GOV_PLATFORM), else the native one.
func targetPlatform(c *cli.Context) (platform.Platform, error) {
	if s := c.String("platform"); s != "" {
		p, err := platform.Parse(s)
		if err != nil {
			return p, usagef(c, "--platform: %v", err)
		}
		return p, nil
	}
	return platform.Native(), nil
}

// output is where a command's notes and progress go.
type output struct {
	stderr io.Writer
	quiet  bool
}

func newOutput(c *cli.Context) *output {
	return &output{stderr: c.App.ErrWriter, quiet: c.Bool("quiet")}
}

// noted holds the notes noteOnce printed in this process.
var noted sync.Map

// noteOnce prints the note msg on stderr unless --quiet, or printed
// already: every store change of a command reports a missing gov-shim,
// and once is enough.
func (o *output) noteOnce(msg string) {
	if _, dup := noted.LoadOrStore(msg, true); !dup {
		o.notef("%s", msg)
	}
}

// notef prints a note on stderr unless --quiet.
func (o *output) notef(format string, args ...any) {
	if !o.quiet {
		fmt.Fprintf(o.stderr, format+"\n", args...)
	}
}

// progress returns a progress bar for downloads when stderr is a terminal
// (never in CI logs or pipes, never with --quiet).
func (o *output) progress() fetch.ProgressFunc {
	if o.quiet || !isTerminal(o.stderr) {
		return nil
	}
	return func(desc string, total int64) fetch.Progress {
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(o.stderr),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionEnableColorCodes(useColor(o.stderr)),
		)
		return barProgress{bar}
	}
}

type barProgress struct{ *progressbar.ProgressBar }

func (b barProgress) Done() { b.Finish() }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// useColor reports whether w gets colour: a terminal, and no NO_COLOR.
func useColor(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb" && isTerminal(w)
}

// newSource returns the source named by --source (or GOV_SOURCE).
func newSource(c *cli.Context, st *store.Store, out *output) (install.Source, error) {
	ttl := fetch.IndexTTL(os.Getenv)
	dl := func() *fetch.DL {
		return &fetch.DL{
			Client:   fetch.NewClient(),
			IndexURL: envOr("GOV_DL_INDEX", fetch.DefaultIndexURL),
			BaseURL:  envOr("GOV_DL_BASE", fetch.DefaultBaseURL),
			Cache:    fetch.IndexCache{Dir: st.Path(layout.CacheDir), TTL: ttl, Offline: c.Bool("offline"), Note: out.noteOnce},
			Limits:   fetch.DefaultLimits,
			Progress: out.progress(),
			Log:      out.notef,
		}
	}
	switch name := strings.ToLower(c.String("source")); name {
	case "", "auto":
		// dl's stale index is auto's last resort, not dl's own answer.
		auto := &fetch.Auto{DL: dl(), Log: out.notef}
		auto.DL.Cache.NoStale = true
		switch p, err := newProxySource(c, st, out); {
		case err != nil:
			// A GOPROXY or GOSUMDB that cannot be parsed: dl alone, and
			// the reason if it cannot be reached.
			auto.NoProxy = hint.OneLine(hint.Message(err))
		case c.Bool("offline"):
			auto.Proxy = p.(*fetch.Proxy) // its cache needs no GOPROXY
		default:
			if auto.NoProxy = p.(*fetch.Proxy).Unusable(); auto.NoProxy == "" {
				auto.Proxy = p.(*fetch.Proxy)
			}
		}
		return auto, nil
	case "dl":
		return dl(), nil
	case "proxy":
		return newProxySource(c, st, out)
	default:
		return nil, usagef(c, "unknown source %q (want auto, dl or proxy)", name)
	}
}

// newProxySource configures the proxy source from the go command's
// settings: GOPROXY and GOSUMDB, from the environment or go env -w. What
// it verified of the checksum database is kept in the store.
func newProxySource(c *cli.Context, st *store.Store, out *output) (install.Source, error) {
	proxies, err := fetch.ParseGOPROXY(cmp.Or(goenv.Lookup("GOPROXY"), fetch.DefaultGOPROXY))
	if err != nil {
		return nil, err
	}
	db, err := fetch.ParseGOSUMDB(goenv.Lookup("GOSUMDB"))
	if err != nil {
		return nil, err
	}
	client := fetch.NewProxyClient()
	return &fetch.Proxy{
		Client:   client,
		Proxies:  proxies,
		SumDB:    db,
		SumDBDir: st.Path(layout.SumDBDir),
		Lock:     st.Lock,
		Insecure: client.Insecure,
		CacheDir: st.Path(layout.CacheDir),
		Offline:  c.Bool("offline"),
		Limits:   fetch.DefaultLimits,
		Progress: out.progress(),
		Log:      out.notef,
	}, nil
}

func envOr(key, def string) string { return cmp.Or(os.Getenv(key), def) }
