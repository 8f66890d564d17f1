package fetchtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var keys struct {
	sync.Once
	signer, verifier, otherSigner, otherVerifier string
}

// SumDBKeys returns two key pairs, made once per process, for a test
// checksum database named sum.gov.test: the one it signs with, and another
// of the same name that must not be trusted in its place.
func SumDBKeys() (signer, verifier, otherSigner, otherVerifier string) {
	keys.Do(func() {
		var err error
		keys.signer, keys.verifier, err = note.GenerateKey(rand.Reader, "sum.gov.test")
		if err != nil {
			panic(err)
		}
		keys.otherSigner, keys.otherVerifier, err = note.GenerateKey(rand.Reader, "sum.gov.test")
		if err != nil {
			panic(err)
		}
	})
	return keys.signer, keys.verifier, keys.otherSigner, keys.otherVerifier
}

// A GoProxy is a module proxy for golang.org/toolchain with a checksum
// database of its own (golang.org/x/mod/sumdb's test server), which it
// serves under /sumdb/<name>/ as a proxy that supports the database. The
// database records a toolchain's hash when first asked, as sum.golang.org
// does.
type GoProxy struct {
	Name string // the checksum database's name

	// Status, if set, is the answer to every request: a broken proxy.
	Status int
	// CorruptTiles flips a bit in every tile of the log it serves.
	CorruptTiles bool
	// NoSumDB answers 404 to /sumdb/<name>/supported.
	NoSumDB bool
	// OnRequest, if set, sees every request and its answer's status.
	OnRequest func(path string, status int)

	db  *sumdb.TestServer
	srv *sumdb.Server

	mu      sync.Mutex
	order   []string          // module versions, in listing order
	zips    map[string][]byte // what is served
	genuine map[string][]byte // what the database vouches for
	missing map[string]bool   // listed, but answered with 404
	records map[string]string // other modules' go.sum lines
}

// NewGoProxy returns a proxy whose checksum database signs with the signer
// key (see SumDBKeys).
func NewGoProxy(signer string) *GoProxy {
	s, err := note.NewSigner(signer)
	if err != nil {
		panic(err)
	}
	p := &GoProxy{
		Name: s.Name(), zips: map[string][]byte{}, genuine: map[string][]byte{},
		missing: map[string]bool{}, records: map[string]string{},
	}
	p.db = sumdb.NewTestServer(signer, p.gosum)
	p.srv = sumdb.NewServer(p.db)
	return p
}

// Add serves zip as Go version (go1.22.3) for platform (linux-amd64).
func (p *GoProxy) Add(version, platform string, zip []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	mv := ToolchainVersion(version, platform)
	if _, ok := p.zips[mv]; !ok {
		p.order = append(p.order, mv)
	}
	p.zips[mv], p.genuine[mv] = zip, zip
}

// Tamper serves zip for a toolchain added before, while the database
// keeps vouching for the original.
func (p *GoProxy) Tamper(version, platform string, zip []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.zips[ToolchainVersion(version, platform)] = zip
}

// Missing keeps listing a toolchain added before but answers 404 for its zip.
func (p *GoProxy) Missing(version, platform string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.missing[ToolchainVersion(version, platform)] = true
}

// Record adds a record for path@vers to the log now. Two proxies with the
// same key whose logs start with different records are a forked log.
func (p *GoProxy) Record(path, vers, gosum string) {
	p.mu.Lock()
	p.records[path+"@"+vers] = gosum
	p.mu.Unlock()
	if _, err := p.db.Lookup(context.Background(), module.Version{Path: path, Version: vers}); err != nil {
		panic(err)
	}
}

// gosum is the database's source of truth: the go.sum lines of a module.
func (p *GoProxy) gosum(path, vers string) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if lines, ok := p.records[path+"@"+vers]; ok {
		return []byte(lines), nil
	}
	zip, ok := p.genuine[vers]
	if path != ToolchainModule || !ok {
		return nil, os.ErrNotExist
	}
	h1, err := HashZip(zip)
	if err != nil {
		return nil, err
	}
	modH1, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(goMod)), nil
	})
	if err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "%s %s %s\n%s %s/go.mod %s\n", path, vers, h1, path, vers, modH1), nil
}

const goMod = "module " + ToolchainModule + "\n"

func (p *GoProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	p.serve(rec, r)
	if p.OnRequest != nil {
		p.OnRequest(r.URL.Path, rec.status)
	}
}

func (p *GoProxy) serve(w http.ResponseWriter, r *http.Request) {
	if p.Status != 0 {
		http.Error(w, http.StatusText(p.Status), p.Status)
		return
	}
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/sumdb/"+p.Name+"/"); ok {
		p.serveSumDB(w, r, "/"+rest)
		return
	}
	data, ok := p.file(strings.TrimPrefix(path, "/"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, path, time.Unix(1714593571, 0), bytes.NewReader(data))
}

// file returns the proxy's file at name (golang.org/toolchain/@v/list, ...).
func (p *GoProxy) file(name string) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rest, ok := strings.CutPrefix(name, ToolchainModule+"/@v/")
	if !ok {
		return nil, false
	}
	if rest == "list" {
		return []byte(strings.Join(p.order, "\n") + "\n"), true
	}
	for _, ext := range []string{".zip", ".mod", ".info"} {
		mv, ok := strings.CutSuffix(rest, ext)
		if _, known := p.zips[mv]; !ok || !known || p.missing[mv] {
			continue
		}
		switch ext {
		case ".zip":
			return p.zips[mv], true
		case ".mod":
			return []byte(goMod), true
		case ".info":
			return fmt.Appendf(nil, "{\"Version\":%q,\"Time\":\"2024-05-01T19:59:31Z\"}\n", mv), true
		}
	}
	return nil, false
}

func (p *GoProxy) serveSumDB(w http.ResponseWriter, r *http.Request, path string) {
	if path == "/supported" {
		if p.NoSumDB {
			http.NotFound(w, r)
		}
		return
	}
	rec := httptest.NewRecorder()
	r2 := r.Clone(r.Context())
	r2.URL.Path = path
	p.srv.ServeHTTP(rec, r2)
	body := rec.Body.Bytes()
	if p.CorruptTiles && strings.HasPrefix(path, "/tile/") && rec.Code == http.StatusOK && len(body) > 0 {
		body[len(body)-1] ^= 1
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(body)
}

// WriteDir writes the proxy as a file tree for GOPROXY=file://dir, with a
// static copy of its checksum database (supported, a lookup for every
// toolchain, and the tiles of the whole log) under sumdb/<name>/.
func (p *GoProxy) WriteDir(dir string) error {
	write := func(name string, data []byte) error {
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		return os.WriteFile(name, data, 0o644)
	}
	p.mu.Lock()
	versions := slices.Clone(p.order)
	p.mu.Unlock()
	files := []string{ToolchainModule + "/@v/list"}
	for _, mv := range versions {
		for _, ext := range []string{".zip", ".mod", ".info"} {
			files = append(files, ToolchainModule+"/@v/"+mv+ext)
		}
	}
	for _, name := range files {
		if data, ok := p.file(name); ok {
			if err := write(name, data); err != nil {
				return err
			}
		}
	}
	if p.NoSumDB {
		return nil
	}
	sumdbDir := "sumdb/" + p.Name
	if err := write(sumdbDir+"/supported", nil); err != nil {
		return err
	}
	get := func(path string) ([]byte, error) {
		rec := httptest.NewRecorder()
		p.serveSumDB(rec, httptest.NewRequest("GET", path, nil), path)
		if rec.Code != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.Bytes(), nil
	}
	// Record every toolchain first, so that each lookup is signed with
	// the final tree, whose tiles are written below.
	for _, mv := range versions {
		if _, err := get("/lookup/" + ToolchainModule + "@" + mv); err != nil {
			return err
		}
	}
	for _, mv := range versions {
		path := "/lookup/" + ToolchainModule + "@" + mv
		data, err := get(path)
		if err != nil {
			return err
		}
		if err := write(sumdbDir+path, data); err != nil {
			return err
		}
	}
	latest, err := get("/latest")
	if err != nil {
		return err
	}
	if err := write(sumdbDir+"/latest", latest); err != nil {
		return err
	}
	// Read the tree without its key: the signature is the client's to check.
	_, err = note.Open(latest, note.VerifierList())
	var unverified *note.UnverifiedNoteError
	if !errors.As(err, &unverified) {
		return fmt.Errorf("read latest tree: %v", err)
	}
	tree, err := tlog.ParseTree([]byte(unverified.Note.Text))
	if err != nil {
		return err
	}
	for _, t := range tlog.NewTiles(8, 0, tree.N) {
		data, err := get("/" + t.Path())
		if err != nil {
			return err
		}
		if err := write(sumdbDir+"/"+t.Path(), data); err != nil {
			return err
		}
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
