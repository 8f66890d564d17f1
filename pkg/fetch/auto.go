package fetch

import (
	"context"
	"errors"
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
// by GOSUMDB, as the go command gets toolchains. It falls back only when
// dl cannot be reached at all (Unreachable); an answer gov refuses (a
// checksum mismatch, an unsafe archive) stays the error it is. Once dl was
// found unreachable, the next commands go straight to the proxy until the
// index TTL has passed.
type Auto struct {
	DL    *DL
	Proxy *Proxy // nil when GOPROXY leaves no module proxy to ask
	// NoProxy says why Proxy is nil ("GOPROXY=off").
	NoProxy string
	Log     func(format string, args ...any)

	once     sync.Once
	fellBack bool
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
func (a *Auto) Versions(ctx context.Context, p platform.Platform, refresh bool) ([]gover.Version, bool, error) {
	if err := a.skipDown(); err != nil {
		return nil, false, err
	}
	if !a.fellBack {
		vs, ok, err := a.DL.Versions(ctx, p, refresh)
		if err != nil && a.offlineProxy() {
			// Offline: what the proxy source cached serves as well.
			if pvs, pok, perr := a.Proxy.Versions(ctx, p, refresh); perr == nil {
				a.fellBack = true
				return pvs, pok, nil
			}
			return nil, false, err
		}
		if err == nil || !Unreachable(err) {
			if err == nil && !a.DL.Cache.Offline {
				a.DL.Cache.ClearDown(a.DL.IndexURL)
			}
			return vs, ok, err
		}
		if err := a.fallBack(a.DL.IndexURL, err); err != nil {
			return nil, false, err
		}
	}
	vs, ok, err := a.Proxy.Versions(ctx, p, refresh)
	return vs, ok, a.both(err)
}

// Fetch writes the SDK from dl, or from the proxy when dl cannot be
// reached (for the archive as much as for the index).
func (a *Auto) Fetch(ctx context.Context, v gover.Version, p platform.Platform, dir string, temp func(purpose string) (*os.File, error)) (layout.Receipt, error) {
	if err := a.skipDown(); err != nil {
		return layout.Receipt{}, err
	}
	if !a.fellBack {
		r, err := a.DL.Fetch(ctx, v, p, dir, temp)
		if err != nil && a.offlineProxy() && ctx.Err() == nil && !Refused(err) {
			if emptyDir(dir) == nil {
				if pr, perr := a.Proxy.Fetch(ctx, v, p, dir, temp); perr == nil {
					return pr, nil
				}
			}
			return r, err
		}
		if err == nil || !Unreachable(err) {
			return r, err
		}
		if err := a.fallBack(a.DL.BaseURL, err); err != nil {
			return layout.Receipt{}, err
		}
		// What the cut download left in the staging directory goes.
		if err := emptyDir(dir); err != nil {
			return layout.Receipt{}, err
		}
	}
	r, err := a.Proxy.Fetch(ctx, v, p, dir, temp)
	return r, a.both(err)
}

// offlineProxy reports whether offline mode may use the proxy's cache.
func (a *Auto) offlineProxy() bool { return a.DL.Cache.Offline && a.Proxy != nil }

// skipDown falls back at once when dl was found unreachable within the
// index TTL and there is a proxy to ask (not when offline: the cache then
// answers).
func (a *Auto) skipDown() error {
	var err error
	a.once.Do(func() {
		if a.DL.Cache.Offline || a.Proxy == nil {
			return
		}
		if when, down := a.DL.Cache.Down(a.DL.IndexURL); down {
			err = a.fallBack(a.DL.IndexURL, &TransferError{
				fmt.Sprintf("it was unreachable %s ago; gov asks it again after GOV_INDEX_TTL, %v", humanAge(time.Since(when)), a.DL.Cache.TTL), nil})
		}
	})
	return err
}

// fallBack gives up dl for the proxy after the failure cause of the server
// at where, saying so in one line, or fails when there is no proxy to ask.
func (a *Auto) fallBack(where string, cause error) error {
	a.down, a.host = cause, host(where)
	if !a.DL.Cache.Offline {
		if _, already := a.DL.Cache.Down(a.DL.IndexURL); !already {
			a.DL.Cache.MarkDown(a.DL.IndexURL)
		}
	}
	if a.Proxy == nil {
		return hint.New(fmt.Sprintf("%s cannot be reached (%s), and %s leaves no module proxy to get Go from",
			a.host, hint.OneLine(cause.Error()), a.NoProxy),
			"set GOPROXY to a module proxy (such as https://proxy.golang.org), or GOV_DL_BASE and GOV_DL_INDEX to a mirror, then retry")
	}
	a.fellBack = true
	if a.Log != nil {
		a.Log("%s unreachable; using %s from %s (verified by %s)", a.host, ToolchainModule, a.Proxy.Origin(), a.Proxy.Verifier())
	}
	return nil
}

// both is the proxy's error after dl was given up: one line that names
// both attempts and what to do.
func (a *Auto) both(err error) error {
	if err == nil || a.down == nil || errors.Is(err, context.Canceled) {
		return err
	}
	if !Unreachable(err) && !isNotFound(err) {
		return err // a verification failure stays the error it is
	}
	return hint.New(fmt.Sprintf("%s cannot be reached (%s), and the module proxy failed too (%s)",
		a.host, hint.OneLine(a.down.Error()), hint.OneLine(hint.Message(err))),
		"retry later, or set GOPROXY to a module proxy that works (or --source proxy), or GOV_DL_BASE and GOV_DL_INDEX to a mirror")
}

// host names the server of rawURL for messages: go.dev, dl.google.com,
// a mirror's host.
func host(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		return u.Host
	}
	return redact(rawURL)
}
