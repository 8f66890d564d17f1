package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// MaxModuleZip bounds a toolchain zip: the go command's limit for any
// module zip.
const MaxModuleZip = modzip.MaxZipFile

// maxListSize bounds a proxy's @v/list (proxy.golang.org's list of every
// toolchain for every platform is a few hundred kB).
const maxListSize = 16 << 20

// parseToolchainVersion returns the Go version of a golang.org/toolchain
// module version for p, such as v0.0.1-go1.22.3.linux-amd64.
// Only canonical names count: go1.20, not go1.20.0.
func parseToolchainVersion(mv string, p platform.Platform) (gover.Version, bool) {
	name, ok := strings.CutPrefix(mv, layout.ToolchainVersionPrefix)
	if !ok {
		return gover.Version{}, false
	}
	v, vp, ok := layout.ParseSDKName(name)
	return v, ok && vp == p
}

// Proxy is the proxy source: Go as the golang.org/toolchain module from
// the module proxies of a GOPROXY list, verified against the checksum
// database GOSUMDB names. The bytes may come from anywhere (a company's
// Athens or Artifactory, a regional mirror, a file:// copy); the
// transparency log vouches for them.
//
// The go command's rules apply, with its exceptions for toolchains:
// GONOSUMDB and GOPRIVATE never turn verification off, and GOSUMDB=off is
// refused unless Insecure is set, when the receipt says "unverified". gov
// is stricter in one place: the go command skips the database when
// GOPROXY is a lone file:// URL (to test a distpack); gov does not, since
// an air-gapped copy can carry the database (sumdb/<name>/ in the tree)
// or GOSUMDB can name where it is. GONOPROXY is not consulted: toolchains
// are not private modules.
type Proxy struct {
	Client  *Client
	Proxies []ProxyEntry // from GOPROXY
	SumDB   SumDB        // from GOSUMDB
	// SumDBDir keeps the newest verified tree of each checksum database
	// and a cache of its tiles ($GOV_HOME/sumdb).
	SumDBDir string
	// Lock serializes updates of SumDBDir with other gov processes (the
	// store's lock of the name "sumdb"); nil: this process is the only one.
	Lock func(ctx context.Context, name string) (unlock func(), err error)
	// Insecure allows GOSUMDB=off (GOV_INSECURE=1).
	Insecure bool
	// CacheDir is the download cache ($GOV_HOME/cache): the zips the
	// checksum database vouched for, for a reinstall without a download,
	// and the last @v/list; "": nothing is cached.
	CacheDir string
	// Offline uses only CacheDir: no proxy, no checksum database. The
	// versions are the cached @v/list's and the cached zips', and a zip is
	// installed if it hashes to the h1 recorded when the database vouched
	// for it.
	Offline bool
	// DirectURL is the module proxy that "direct" means for
	// golang.org/toolchain (default DirectToolchainURL).
	DirectURL string
	// MaxZipBytes bounds a download (default MaxModuleZip).
	MaxZipBytes int64
	Limits      Limits
	Progress    ProgressFunc
	Log         func(format string, args ...any)

	list []string // the @v/list this run read
}

// Name is the source's name in receipts and messages.
func (p *Proxy) Name() string { return "proxy" }

// Origin names the module proxy asked first, for messages.
func (p *Proxy) Origin() string {
	if base, ok := p.first(); ok {
		return redact(base)
	}
	return "GOPROXY=off"
}

// Unusable says why the proxy source cannot install anything online
// ("GOPROXY=off", or GOSUMDB=off without GOV_INSECURE=1), or "" when it
// can: the one rule for gov install (auto's fallback) and gov doctor.
func (p *Proxy) Unusable() string {
	if _, ok := p.first(); !ok {
		return "GOPROXY=off"
	}
	if p.SumDB.Off && !p.Insecure {
		return "GOSUMDB=off (gov installs no toolchain it cannot verify)"
	}
	return ""
}

func (p *Proxy) first() (string, bool) {
	for _, e := range p.Proxies {
		if base, err := p.baseURL(e); err == nil {
			return base, true
		}
	}
	return "", false
}

// Verifier names what checks the toolchains: the checksum database.
func (p *Proxy) Verifier() string {
	if p.SumDB.Off {
		return "nothing: GOSUMDB=off and GOV_INSECURE=1"
	}
	return p.SumDB.Name
}

// Versions lists the toolchains the first answering proxy lists for pl
// (offline: the cached list and zips). The list is read once per run, so
// refresh cannot change it.
func (p *Proxy) Versions(ctx context.Context, pl platform.Platform, refresh bool) ([]gover.Version, bool, error) {
	if p.list != nil && refresh {
		return nil, false, nil
	}
	if p.list == nil {
		list, err := p.readList(ctx)
		if err != nil {
			return nil, false, err
		}
		p.list = list
	}
	var vs []gover.Version
	for _, mv := range p.list {
		if v, ok := parseToolchainVersion(mv, pl); ok {
			vs = append(vs, v)
		}
	}
	return vs, true, nil
}

func (p *Proxy) readList(ctx context.Context) ([]string, error) {
	if p.Offline {
		return p.cachedList()
	}
	list, err := p.fetchList(ctx)
	if err == nil {
		p.saveList(list)
	}
	return list, err
}

func (p *Proxy) fetchList(ctx context.Context) ([]string, error) {
	var list []string
	err := tryProxies(p.Proxies, func(e ProxyEntry) error {
		base, err := p.baseURL(e)
		if err != nil {
			return err
		}
		u := joinURL(base, layout.ToolchainModule+"/@v/list")
		in, err := p.Client.Open(ctx, u, 0)
		if err != nil {
			return err
		}
		defer in.Close()
		data, err := io.ReadAll(io.LimitReader(in, maxListSize+1))
		if err != nil {
			return err
		}
		if len(data) > maxListSize {
			return fmt.Errorf("GET %s: list larger than %d bytes", redact(u), maxListSize)
		}
		list = parseList(data)
		return nil
	})
	if err != nil {
		return nil, proxyHint(fmt.Errorf("list Go toolchains (%s) from GOPROXY: %w", layout.ToolchainModule, err))
	}
	if list == nil {
		list = []string{}
	}
	return list, nil
}

// parseList returns the versions of an @v/list: the first field of each
// line.
func parseList(data []byte) []string {
	var list []string
	for line := range strings.Lines(string(data)) {
		if f := strings.Fields(line); len(f) > 0 {
			list = append(list, f[0])
		}
	}
	return list
}

// baseURL is the module proxy an entry of the list stands for.
func (p *Proxy) baseURL(e ProxyEntry) (string, error) {
	switch e.URL {
	case "off":
		return "", errProxyOff
	case "direct":
		if p.DirectURL != "" {
			return p.DirectURL, nil
		}
		return DirectToolchainURL, nil
	}
	return e.URL, nil
}

func (p *Proxy) lockSumDB(ctx context.Context) (func(), error) {
	if p.Lock == nil {
		return func() {}, nil
	}
	return p.Lock(ctx, "sumdb")
}

// proxyHint says what to do about a failed proxy request, unless err
// says it already.
func proxyHint(err error) error {
	if errors.Is(err, errProxyOff) {
		return hint.Else(err, "set GOPROXY to a module proxy, such as https://proxy.golang.org")
	}
	return hint.Else(err, "check GOPROXY, or retry later")
}

// Fetch writes Go v for pl into dir: it asks the checksum database for the
// zip's hash, unpacks the zip from the download cache if it is there and
// hashes to it, else downloads the zip from the first proxy that has it,
// checks the hash, unpacks it and keeps it in the cache; the unpacked zip
// is made a GOROOT as the go command does. Offline, only a cached zip
// will do, and it must hash to the h1 recorded beside it when the
// database vouched for it. The download is a temp file, on dir's
// filesystem (so that it can be renamed into the cache).
func (p *Proxy) Fetch(ctx context.Context, v gover.Version, pl platform.Platform, dir string, temp func(purpose string) (*os.File, error)) (layout.Receipt, error) {
	mod := module.Version{Path: layout.ToolchainModule, Version: layout.ToolchainVersion(v, pl)}
	if p.Offline {
		return p.fetchOffline(ctx, mod, v, dir)
	}
	r := layout.Receipt{Source: p.Name(), Module: mod.String()}

	// Ask the checksum database first: a wrong GOSUMDB fails before a
	// download of a hundred megabytes.
	want := ""
	if p.SumDB.Off {
		if !p.Insecure {
			return r, hint.New("GOSUMDB=off: gov does not install Go toolchains it cannot verify", "unset GOSUMDB (or name a checksum database), or set GOV_INSECURE=1 to install "+v.Toolchain()+" unverified")
		}
		p.logf("warning: GOSUMDB=off and GOV_INSECURE=1: installing %s without verifying it", mod)
		r.Verified = "unverified"
	} else {
		h1, tree, err := p.lookupSum(ctx, mod)
		if err != nil {
			return r, err
		}
		want = h1
		r.TreeSize = tree
		r.Verified = verifiedBy(p.SumDB.Name, tree)

		rec, err := p.fromCache(ctx, mod, v, want, p.SumDB.Name, tree, dir)
		var damaged *CachedZipError
		switch {
		case err == nil:
			r.URL, r.H1 = rec.URL, want
			return r, nil
		case errors.As(err, &damaged):
			p.logf("note: %v; gov removed it and downloads it again", err)
		case !errors.Is(err, errNotCached):
			return r, err // the zip is the verified one: unpacking it failed
		}
	}

	zipFile, err := temp("proxy")
	if err != nil {
		return r, err
	}
	defer func() {
		zipFile.Close()
		os.Remove(zipFile.Name()) // renamed into the cache on success
	}()
	r.URL, err = p.download(ctx, mod, v, pl, zipFile)
	if err != nil {
		return r, err
	}

	r.H1, err = dirhash.HashZip(zipFile.Name(), dirhash.Hash1)
	if err != nil {
		return r, hint.New(fmt.Sprintf("%s from %s is not a zip file (%v)", mod, r.URL, err), "the download was deleted: the proxy serves a corrupt file, so use another GOPROXY")
	}
	if want != "" && r.H1 != want {
		return r, &ModuleChecksumError{Module: mod.String(), URL: r.URL, DB: p.SumDB.Name, Want: want, Got: r.H1}
	}
	if want != "" {
		p.logf("verified %s (%s) with checksum database %s, tree %d", mod, r.H1, p.SumDB.Name, r.TreeSize)
	}

	if err := p.unpack(ctx, zipFile, mod, v, r.URL, dir); err != nil {
		return r, err
	}
	if want != "" {
		// Only what the database vouched for is kept: an unverified zip
		// has no h1 to be checked against before it is used again.
		p.keep(zipFile, mod, r)
	}
	return r, nil
}

// unpack makes dir a GOROOT from f, the verified zip of mod (from where).
func (p *Proxy) unpack(ctx context.Context, f *os.File, mod module.Version, v gover.Version, from, dir string) error {
	if err := ExtractModuleZip(ctx, f, dir, mod, p.limits()); err != nil {
		err = fmt.Errorf("install %s from %s: %w", v.Toolchain(), from, err)
		var unsafe *UnsafeArchiveError
		if errors.As(err, &unsafe) {
			err = hint.With(err, "nothing was installed: the zip is not a safe Go SDK, whatever the checksum database says: check GOPROXY and GOSUMDB")
		}
		return err
	}
	if err := fixToolchain(dir); err != nil {
		return fmt.Errorf("install %s: %w", v.Toolchain(), err)
	}
	return nil
}

// download writes the zip of mod into f from the first proxy that has it,
// and returns its URL, redacted.
func (p *Proxy) download(ctx context.Context, mod module.Version, v gover.Version, pl platform.Platform, f *os.File) (string, error) {
	limit := p.MaxZipBytes
	if limit <= 0 {
		limit = MaxModuleZip
	}
	tooLarge := &UnsafeArchiveError{Reason: fmt.Sprintf("the zip of %s is larger than %d bytes, the go command's limit for a module zip", mod, limit)}
	var got string
	attempts := 0
	err := tryProxies(p.Proxies, func(e ProxyEntry) error {
		base, err := p.baseURL(e)
		if err != nil {
			return err
		}
		u := joinURL(base, layout.ToolchainModule+"/@v/"+mod.Version+".zip")
		if attempts++; attempts > 1 {
			if err := rewind(f); err != nil {
				return &localError{err}
			}
		}
		in, err := p.Client.Open(ctx, u, 0)
		if err != nil {
			return err
		}
		defer in.Close()
		size := in.Size()
		if size > limit {
			return tooLarge
		}
		p.logf("downloading %s (%s) from %s", mod, HumanBytes(size), redact(u))
		var prog Progress
		if p.Progress != nil {
			prog = p.Progress(layout.SDKName(v, pl), size)
			defer prog.Done()
		}
		w := writers(f, prog)
		rec := &readErr{r: in}
		n, err := io.Copy(w, io.LimitReader(rec, limit+1))
		if err != nil && rec.err == nil {
			return &localError{err} // a full disk, not a bad proxy
		}
		if err != nil {
			return fmt.Errorf("download %s: %w", redact(u), err)
		}
		if n > limit {
			return tooLarge
		}
		got = redact(u) // the receipt keeps it: no password in it
		return nil
	})
	var local *localError
	switch {
	case err == nil:
		return got, nil
	case errors.As(err, &local):
		return "", fmt.Errorf("download %s: %w", mod, local.err)
	case errors.Is(err, tooLarge):
		return "", hint.With(fmt.Errorf("download %s: %w", mod, err), "nothing was installed: the proxy serves something that is not a Go toolchain, so check GOPROXY")
	case ctx.Err() != nil:
		return "", ctx.Err()
	case isNotFound(err) && !errors.Is(err, errProxyOff):
		return "", hint.With(fmt.Errorf("download %s: %w", mod, err), fmt.Sprintf("GOPROXY lists %s for %s but serves no zip for it: check GOPROXY, or use another proxy", v.Toolchain(), pl))
	}
	return "", proxyHint(fmt.Errorf("download %s: %w", mod, err))
}

func rewind(f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return f.Truncate(0)
}

func (p *Proxy) limits() Limits {
	if p.Limits == (Limits{}) {
		return DefaultLimits
	}
	return p.Limits
}

func (p *Proxy) logf(format string, args ...any) {
	if p.Log != nil {
		p.Log(format, args...)
	}
}

// fixToolchain makes an unpacked golang.org/toolchain module a GOROOT, as
// the go command does after downloading one (cmd/go/internal/toolchain):
// module zips carry no file modes, so the commands get their exec bits
// (pkg/tool and lib first, bin/go last, so that a runnable go always finds
// runnable tools), and the go.mod files that the zip had to hide as _go.mod
// (a go.mod would cut its directory out of the module) get their names back.
func fixToolchain(dir string) error {
	for _, step := range []struct{ dir, pattern string }{
		{"pkg/tool", ""},
		{"lib", "go_?*_?*_exec"},
		{"bin/gofmt", ""},
		{"bin", ""},
	} {
		if err := allowExec(filepath.Join(dir, filepath.FromSlash(step.dir)), step.pattern); err != nil {
			return err
		}
	}
	var hidden []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == "_go.mod" && d.Type().IsRegular() {
			hidden = append(hidden, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, path := range hidden {
		if err := os.Rename(path, filepath.Join(filepath.Dir(path), "go.mod")); err != nil {
			return err
		}
	}
	return nil
}

// allowExec adds exec bits to the regular files under root (a file or a
// directory) whose names match pattern ("" matches all).
func allowExec(root, pattern string) error {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		if pattern != "" {
			if ok, _ := filepath.Match(pattern, d.Name()); !ok {
				return nil
			}
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.Chmod(path, layout.FileMode(info.Mode()|0o111))
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a toolchain without lib/ (before Go 1.21), or a fake one
	}
	return err
}
