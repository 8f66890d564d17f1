package fetch

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// Auto is the source gov uses unless told otherwise (GOV_SOURCE=auto): the
// dl source while go.dev (or the GOV_DL_INDEX mirror) can be reached, else
// the proxy source, golang.org/toolchain from the user's GOPROXY, verified
// by GOSUMDB, as the go command gets toolchains.
//
// The order, for the list of versions and for each SDK alike:
//
//  1. dl. Any answer but "cannot be reached" (Unreachable) is final: a
//     checksum mismatch or an unsafe archive never falls back.
//  2. The proxy, said in one line. dl found unreachable is remembered for
//     the index TTL, so that the next commands start here.
//  3. When the proxy cannot help either: dl once more if step 1 was
//     skipped on that memory, else what dl has cached (the index whatever
//     its age, the archives), with no network. Else one error that names
//     both attempts.
//
// Offline, dl's cache is asked first, then the proxy's.
type Auto struct {
	DL    *DL
	Proxy *Proxy // nil when there is no proxy to ask
	// NoProxy says why Proxy is nil ("GOPROXY=off").
	NoProxy string
	Log     func(format string, args ...any)

	once     sync.Once
	fellBack bool   // the proxy serves
	skipped  bool   // dl was not asked: it was unreachable a moment ago
	down     error  // why dl was given up
	host     string // the server that could not be reached
}

// Name is the source's name in messages: the source in use.
func (a *Auto) Name() string {
	if a.fellBack {
		return a.Proxy.Name()
	}
	return a.DL.Name()
}

// Origin says where versions come from now, for gov list-remote.
func (a *Auto) Origin() string {
	if a.fellBack {
		return a.Proxy.Origin()
	}
	return a.DL.Origin()
}

// Versions lists the versions of the dl index, or of the proxy's @v/list
// when dl cannot be reached: one list, from one source.
func (a *Auto) Versions(ctx context.Context, p platform.Platform, refresh bool) (vs []gover.Version, ok bool, err error) {
	err = a.attempt(ctx, a.DL.IndexURL, func() error { return nil },
		func() (err error) { vs, ok, err = a.DL.Versions(ctx, p, refresh); return err },
		func() (err error) { vs, ok, err = a.Proxy.Versions(ctx, p, refresh); return err })
	return vs, ok, err
}

// Fetch writes the SDK from dl, or from the proxy when dl cannot be
// reached (for the archive as much as for the index).
func (a *Auto) Fetch(ctx context.Context, v gover.Version, p platform.Platform, dir string, temp func(purpose string) (*os.File, error)) (r layout.Receipt, err error) {
	err = a.attempt(ctx, a.DL.BaseURL,
		func() error { return emptyDir(dir) }, // what a cut attempt left
		func() (err error) { r, err = a.DL.Fetch(ctx, v, p, dir, temp); return err },
		func() (err error) { r, err = a.Proxy.Fetch(ctx, v, p, dir, temp); return err })
	return r, err
}

// attempt runs one operation in auto's order (see Auto); where is the URL
// dl's operation asks, and reset clears what a failed attempt left.
func (a *Auto) attempt(ctx context.Context, where string, reset, dl, proxy func() error) error {
	a.once.Do(a.remember)
	if !a.fellBack {
		err := dl()
		switch {
		case err == nil:
			if !a.DL.Cache.Offline {
				a.DL.Cache.ClearDown(a.DL.IndexURL)
			}
			return nil
		case a.DL.Cache.Offline:
			// Offline: what the proxy cached serves as well.
			if a.Proxy == nil || Refused(err) || ctx.Err() != nil || reset() != nil {
				return err
			}
			if proxy() == nil {
				a.fellBack = true
				return nil
			}
			return err
		case !Unreachable(err):
			return err
		}
		a.down, a.host = err, host(where)
		a.DL.Cache.MarkDown(a.DL.IndexURL)
		if a.Proxy == nil {
			return a.lastResort(ctx, reset, dl, hint.New(fmt.Sprintf("%s cannot be reached (%s), and %s leaves no module proxy to get Go from",
				a.host, hint.OneLine(err.Error()), a.NoProxy),
				"set GOPROXY to a module proxy (such as https://proxy.golang.org), or GOV_DL_BASE and GOV_DL_INDEX to a mirror, then retry"))
		}
		a.fallBack(a.host + " unreachable")
		if err := reset(); err != nil {
			return err
		}
	}
	err := proxy()
	if err == nil || ctx.Err() != nil || Refused(err) || !Unreachable(err) && !isNotFound(err) {
		return err // a verification failure stays the error it is
	}
	return a.lastResort(ctx, reset, dl, hint.New(fmt.Sprintf("%s cannot be reached (%s), and the module proxy failed too (%s)",
		a.host, hint.OneLine(a.down.Error()), hint.OneLine(hint.Message(err))),
		"retry later, or set GOPROXY to a module proxy that works (or --source proxy), or GOV_DL_BASE and GOV_DL_INDEX to a mirror"))
}

// lastResort is step 3: dl once more if it was skipped on memory alone,
// else dl's cache with no network; failed when neither serves.
func (a *Auto) lastResort(ctx context.Context, reset, dl func() error, failed error) error {
	if ctx.Err() != nil || reset() != nil {
		return failed
	}
	if a.skipped {
		a.skipped, a.fellBack = false, false
		a.DL.Cache.ClearDown(a.DL.IndexURL)
		err := dl()
		if err == nil || !Unreachable(err) {
			return err
		}
		a.DL.Cache.MarkDown(a.DL.IndexURL)
		if reset() != nil {
			return failed
		}
	}
	a.fellBack = false
	online := a.DL.Cache
	a.DL.Cache.Offline = true
	err := dl()
	a.DL.Cache = online
	if err != nil {
		return failed
	}
	if a.Log != nil {
		a.Log("note: no source can be reached; gov used what it has cached from %s", host(a.DL.IndexURL))
	}
	return nil
}

// remember starts at the proxy when dl was found unreachable within the
// index TTL (online, with a proxy to ask).
func (a *Auto) remember() {
	if a.DL.Cache.Offline || a.Proxy == nil {
		return
	}
	if when, down := a.DL.Cache.Down(a.DL.IndexURL); down {
		a.host = host(a.DL.IndexURL)
		a.down = &TransferError{fmt.Sprintf("it was unreachable %s ago; gov asks it again after GOV_INDEX_TTL, %s", humanAge(time.Since(when)), humanAge(a.DL.Cache.TTL)), nil}
		a.skipped = true
		a.fallBack(fmt.Sprintf("%s was unreachable %s ago", a.host, humanAge(time.Since(when))))
	}
}

// fallBack switches to the proxy, saying why in one line.
func (a *Auto) fallBack(why string) {
	a.fellBack = true
	if a.Log != nil {
		a.Log("%s; using %s from %s (verified by %s)", why, layout.ToolchainModule, a.Proxy.Origin(), a.Proxy.Verifier())
	}
}

// host names the server of rawURL for messages: go.dev, dl.google.com,
// a mirror's host.
func host(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		return u.Host
	}
	return redact(rawURL)
}
