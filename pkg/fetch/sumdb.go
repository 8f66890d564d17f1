package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/gov-dev/gov/pkg/atomicfile"
	"github.com/gov-dev/gov/pkg/hint"
)

// knownSumDBs are the checksum databases whose keys are built in, as in
// the go command (cmd/go/internal/modfetch/key.go).
var knownSumDBs = map[string]string{
	"sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}

// DefaultGOSUMDB is the checksum database used when GOSUMDB is unset.
const DefaultGOSUMDB = "sum.golang.org"

// A SumDB is the checksum database GOSUMDB names.
type SumDB struct {
	Off  bool   // GOSUMDB=off
	Name string // sum.golang.org
	Key  string // its verifier key: name+hash+base64 key
	// URL is where GOSUMDB says the database is ("name+key URL"); if empty,
	// it is reached through the first GOPROXY entry that supports it, else
	// at https://Name.
	URL string
}

// ParseGOSUMDB parses GOSUMDB the way the go command does: "off", a known
// database name ("sum.golang.org"), a verifier key ("name+hash+key"), or
// either followed by the URL to reach the database at. An empty string is
// the default, sum.golang.org.
func ParseGOSUMDB(s string) (SumDB, error) {
	bad := func(format string, args ...any) (SumDB, error) {
		return SumDB{}, hint.New(fmt.Sprintf("invalid GOSUMDB %q: %s", s, fmt.Sprintf(format, args...)), `set GOSUMDB to sum.golang.org, a key (name+hash+key) or "key URL", or unset it`)
	}
	spec := strings.TrimSpace(s)
	switch spec {
	case "":
		spec = DefaultGOSUMDB
	case "off":
		return SumDB{Off: true}, nil
	case "sum.golang.google.cn":
		// An alias of sum.golang.org, reachable in mainland China.
		spec = "sum.golang.org https://sum.golang.google.cn"
	}
	f := strings.Fields(spec)
	if len(f) > 2 {
		return bad("too many fields")
	}
	if k, ok := knownSumDBs[f[0]]; ok {
		f[0] = k
	}
	v, err := note.NewVerifier(f[0])
	if err != nil {
		if !strings.Contains(f[0], "+") {
			return bad("%s is not a checksum database gov knows the key of", f[0])
		}
		return bad("%v", err)
	}
	db := SumDB{Name: v.Name(), Key: f[0]}
	if err := checkSumDBName(db.Name); err != nil {
		return bad("%v", err)
	}
	if len(f) == 2 {
		u, err := url.Parse(f[1])
		if err != nil || u.Scheme == "" || (u.Host == "" && u.Scheme != "file") {
			return bad("%q is not a URL", f[1])
		}
		db.URL = strings.TrimSuffix(f[1], "/")
	}
	return db, nil
}

// checkSumDBName allows host[/path] names only: the name becomes a URL
// and a directory under $GOV_HOME/sumdb.
func checkSumDBName(name string) error {
	u, err := url.Parse("https://" + name)
	if err != nil || u.Host == "" || strings.HasSuffix(name, "/") || u.RawPath != "" ||
		*u != (url.URL{Scheme: "https", Host: u.Host, Path: u.Path}) || !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("database name %q is not host[/path]", name)
	}
	for _, elem := range strings.Split(name, "/") {
		if elem == "." || elem == ".." || elem == "" {
			return fmt.Errorf("database name %q is not host[/path]", name)
		}
	}
	return nil
}

// keyID shortens a verifier key to its name and hash, sum.golang.org+033de0ae.
func keyID(key string) string {
	name, rest, _ := strings.Cut(key, "+")
	hash, _, _ := strings.Cut(rest, "+")
	return name + "+" + hash
}

// A SecurityError is a checksum database whose log contradicts what gov
// verified before: the log was forked or rolled back.
type SecurityError struct {
	DB     string
	Latest string // the file that holds the tree gov saw before
	Report string // the two signed trees and the proof, from golang.org/x/mod/sumdb
}

func (e *SecurityError) Error() string {
	return fmt.Sprintf("SECURITY ERROR: checksum database %s is not consistent with the log gov verified before (a forked or rolled-back log)", e.DB)
}

func (e *SecurityError) Hint() string {
	return fmt.Sprintf("nothing was installed: do not trust this GOPROXY or GOSUMDB and report it (the proof follows; gov's view of the log is in %s)", e.Latest)
}

// A SumDBError is a module that could not be verified against a checksum
// database.
type SumDBError struct {
	DB     string
	Module string
	Err    error
	Fix    string // what to do
}

func (e *SumDBError) Error() string {
	return fmt.Sprintf("verify %s with checksum database %s: %v", e.Module, e.DB, e.Err)
}

func (e *SumDBError) Hint() string { return e.Fix }

func (e *SumDBError) Unwrap() error { return e.Err }

// A ModuleChecksumError is a module zip whose hash is not the one the
// checksum database vouches for.
type ModuleChecksumError struct {
	Module, URL, DB string
	Want, Got       string
}

func (e *ModuleChecksumError) Error() string {
	return fmt.Sprintf("checksum mismatch for %s from %s: checksum database %s has %s, the zip has %s", e.Module, redact(e.URL), e.DB, e.Want, e.Got)
}

func (e *ModuleChecksumError) Hint() string {
	return "the download was deleted: the proxy serves a corrupt or tampered zip, so use another GOPROXY"
}

// maxSumDBAnswer bounds one answer of a checksum database (a record and
// its signed tree, or a tile of 256 hashes: a few kB).
const maxSumDBAnswer = 1 << 20

// lookupSum asks the checksum database for the h1 hash of mod, with
// golang.org/x/mod/sumdb's client: the record must be signed by the
// database's key, proven to be in the log by tiles, and the log must be
// consistent with the tree gov saw last. It returns the hash and the size
// of the tree that vouches for it.
func (p *Proxy) lookupSum(ctx context.Context, mod module.Version) (h1 string, tree int64, err error) {
	v, err := note.NewVerifier(p.SumDB.Key)
	if err != nil {
		return "", 0, err // ParseGOSUMDB checked it
	}
	if p.SumDBDir == "" {
		return "", 0, errors.New("the proxy source has no directory for what it verified of the checksum database (SumDBDir)")
	}
	ops := &sumdbOps{
		ctx:       ctx,
		client:    p.Client,
		db:        p.SumDB,
		proxies:   p.Proxies,
		dir:       p.SumDBDir,
		verifiers: note.VerifierList(v),
		lock:      p.lockSumDB,
		module:    mod.String(),
	}
	lines, err := sumdb.NewClient(ops).Lookup(mod.Path, mod.Version)
	if err != nil {
		return "", 0, ops.explain(err)
	}
	prefix := mod.Path + " " + mod.Version + " h1:"
	for _, line := range lines {
		if strings.HasPrefix(line, prefix) {
			h1 = line[len(prefix)-len("h1:"):]
		}
	}
	if h1 == "" {
		return "", 0, &SumDBError{DB: p.SumDB.Name, Module: mod.String(), Err: errors.New("its record has no h1 hash for the zip"), Fix: "check GOSUMDB"}
	}
	return h1, ops.treeSize(), nil
}

// sumdbOps connects golang.org/x/mod/sumdb's client to gov: HTTP through
// the Client (and GOPROXY), the latest verified tree in
// $GOV_HOME/sumdb/<name>/latest and the tile and record cache in
// $GOV_HOME/sumdb/cache/. The client reports failures as strings, so the
// ops keep the first failure they can explain better.
type sumdbOps struct {
	ctx       context.Context
	client    *Client
	db        SumDB
	proxies   []ProxyEntry
	dir       string
	verifiers note.Verifiers
	lock      func(context.Context) (unlock func(), err error)
	module    string

	baseOnce sync.Once
	base     string
	baseErr  error

	mu      sync.Mutex
	failure error
	net     error // the last failure to reach the database (noteNet)
	tree    int64 // size of the newest tree the client took as latest
}

func (o *sumdbOps) fail(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failure == nil {
		o.failure = err
	}
}

func (o *sumdbOps) dbError(err error, fix string) *SumDBError {
	return &SumDBError{DB: o.db.Name, Module: o.module, Err: err, Fix: fix}
}

// explain turns an error of the sumdb client into gov's.
func (o *sumdbOps) explain(err error) error {
	o.mu.Lock()
	failure := o.failure
	o.mu.Unlock()
	if failure != nil {
		return failure
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	msg = strings.TrimPrefix(msg, o.module+": ")
	if strings.Contains(msg, "inconsistent tile") {
		return o.dbError(fmt.Errorf("a tile of its log does not authenticate (%s)", msg), "nothing was installed: something between gov and the database (GOPROXY?) alters its answers")
	}
	if o.baseErr != nil {
		return o.dbError(o.baseErr, "check GOPROXY, or name the database's URL in GOSUMDB")
	}
	o.mu.Lock()
	netErr := o.net
	o.mu.Unlock()
	return o.dbError(&causedError{msg, netErr}, "check GOPROXY and GOSUMDB, or retry later")
}

// noteNet keeps a failure to reach the database, which the sumdb client
// reports as text only, so that explain's error still says (Unreachable)
// that the database could not be reached.
func (o *sumdbOps) noteNet(err error) {
	if Unreachable(err) {
		o.mu.Lock()
		o.net = err
		o.mu.Unlock()
	}
}

// A causedError is a message with the error it came from underneath.
type causedError struct {
	msg   string
	cause error
}

func (e *causedError) Error() string { return e.msg }
func (e *causedError) Unwrap() error { return e.cause }

// treeSize returns the size of the tree the lookup was verified in.
func (o *sumdbOps) treeSize() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.tree
}

// seeTree notes a signed tree the client takes as its latest.
func (o *sumdbOps) seeTree(msg []byte) error {
	if len(msg) == 0 {
		return nil
	}
	n, err := note.Open(msg, o.verifiers)
	if err != nil {
		return err
	}
	t, err := tlog.ParseTree([]byte(n.Text))
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.tree = max(o.tree, t.N)
	o.mu.Unlock()
	return nil
}

func (o *sumdbOps) latestFile() string {
	return filepath.Join(o.dir, filepath.FromSlash(o.db.Name), "latest")
}

// configFile maps a config name of the client to a file.
func (o *sumdbOps) configFile(file string) (string, error) {
	if file != o.db.Name+"/latest" {
		return "", fmt.Errorf("unexpected sumdb config file %q", file)
	}
	return o.latestFile(), nil
}

func (o *sumdbOps) ReadConfig(file string) ([]byte, error) {
	if file == "key" {
		return []byte(o.db.Key), nil
	}
	name, err := o.configFile(file)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return []byte{}, nil // the first use of this database
	}
	if err != nil {
		return nil, err
	}
	if err := o.seeTree(data); err != nil {
		o.fail(o.dbError(fmt.Errorf("the tree gov saw last, in %s, is not signed by the GOSUMDB key (%v)", name, err),
			"check GOSUMDB; if the database changed its key on purpose, remove that file"))
		return nil, err
	}
	return data, nil
}

// WriteConfig replaces the latest tree if it is still old, under a lock
// that other gov processes respect.
func (o *sumdbOps) WriteConfig(file string, old, new []byte) error {
	name, err := o.configFile(file)
	if err != nil {
		return err
	}
	unlock, err := o.lock(o.ctx)
	if err != nil {
		return err
	}
	defer unlock()
	cur, err := os.ReadFile(name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if len(cur) > 0 && !bytes.Equal(cur, old) {
		return sumdb.ErrWriteConflict
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(name, new, 0o644); err != nil {
		return err
	}
	return o.seeTree(new)
}

// cacheFile maps a cache name of the client ("<name>/tile/8/0/001",
// "<name>/lookup/golang.org/toolchain@v0.0.1-...") to a file.
func (o *sumdbOps) cacheFile(file string) (string, bool) {
	name := filepath.FromSlash(file)
	if !filepath.IsLocal(name) || !strings.HasPrefix(file, o.db.Name+"/") {
		return "", false
	}
	return filepath.Join(o.dir, "cache", name), true
}

func (o *sumdbOps) ReadCache(file string) ([]byte, error) {
	name, ok := o.cacheFile(file)
	if !ok {
		return nil, fs.ErrNotExist
	}
	data, err := os.ReadFile(name)
	if err == nil && len(data) == 0 {
		err = fs.ErrNotExist
	}
	return data, err
}

// WriteCache keeps verified tiles and records; failing to is not an error.
func (o *sumdbOps) WriteCache(file string, data []byte) {
	name, ok := o.cacheFile(file)
	if !ok {
		return
	}
	if os.MkdirAll(filepath.Dir(name), 0o755) == nil {
		atomicfile.Write(name, data, 0o644)
	}
}

func (o *sumdbOps) Log(msg string) {}

func (o *sumdbOps) SecurityError(msg string) {
	o.fail(&SecurityError{DB: o.db.Name, Latest: o.latestFile(), Report: msg})
}

// ReadRemote gets path ("/lookup/...", "/tile/...") from the database.
func (o *sumdbOps) ReadRemote(path string) ([]byte, error) {
	o.baseOnce.Do(o.initBase)
	if o.baseErr != nil {
		return nil, o.baseErr
	}
	in, err := o.client.Open(o.ctx, o.base+path, 0)
	if err != nil {
		if strings.HasPrefix(path, "/lookup/") && isNotFound(err) {
			o.fail(o.dbError(errors.New("the database has no record of it"), "Go never published this toolchain: check GOPROXY and GOSUMDB"))
		}
		o.noteNet(err)
		return nil, err
	}
	defer in.Close()
	data, err := io.ReadAll(io.LimitReader(in, maxSumDBAnswer+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSumDBAnswer {
		return nil, fmt.Errorf("GET %s: answer larger than %d bytes", redact(o.base+path), maxSumDBAnswer)
	}
	if strings.HasPrefix(path, "/lookup/") {
		// The client would say only "no verifiable signatures"; say whose.
		if _, _, tree, err := tlog.ParseRecord(data); err == nil {
			if _, err := note.Open(tree, o.verifiers); err != nil {
				o.fail(o.dbError(fmt.Errorf("its answer is not signed by the key in GOSUMDB, %s (%v)", keyID(o.db.Key), err),
					"nothing was installed: check GOSUMDB, and that GOPROXY serves the database GOSUMDB names"))
				return nil, err
			}
		}
	}
	return data, nil
}

// initBase finds where to reach the database, as the go command does:
// the URL in GOSUMDB; else through the first proxy in GOPROXY that answers
// <proxy>/sumdb/<name>/supported (a 404 or 410, or any error after "|",
// asks the next); else directly at https://<name>.
func (o *sumdbOps) initBase() {
	if o.db.URL != "" {
		o.base = o.db.URL
		return
	}
	err := tryProxies(o.proxies, func(e ProxyEntry) error {
		if e.URL == "direct" || e.URL == "off" {
			return errProxyOff // not found: connect directly
		}
		resp, err := o.client.Get(o.ctx, joinURL(e.URL, "sumdb/"+o.db.Name+"/supported"), nil)
		if err != nil {
			return err
		}
		resp.Body.Close()
		o.base = joinURL(e.URL, "sumdb/"+o.db.Name)
		return nil
	})
	switch {
	case err == nil:
	case isNotFound(err):
		o.base = "https://" + o.db.Name
	default:
		o.baseErr = fmt.Errorf("ask GOPROXY for checksum database %s: %w", o.db.Name, err)
	}
}
