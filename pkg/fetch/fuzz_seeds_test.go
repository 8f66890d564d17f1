//go:build unix

package fetch

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// TestWriteFuzzSeeds writes the seed corpora of the extraction fuzzers
// from the hostile-archive tables of extract_test.go, when
// GOV_WRITE_FUZZ_SEEDS=1. Run it after adding a case:
//
//	GOV_WRITE_FUZZ_SEEDS=1 go test ./pkg/fetch -run TestWriteFuzzSeeds
//
// Seeds the fuzzers found (files named by hash) are left alone.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("GOV_WRITE_FUZZ_SEEDS") != "1" {
		t.Skip("set GOV_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz/FuzzExtract*")
	}
	abs := func(entries []fetchtest.Entry) []fetchtest.Entry {
		return prepare(entries, "/tmp/gov-fuzz-outside")
	}
	// Plain tars (FuzzExtractTarGz gzips them), so that mutations hit the
	// headers, of a tiny SDK rather than a small one, and without the
	// zero blocks at the end, to keep the corpus small.
	for _, tt := range append(slices.Clone(hostileCases), tarOnlyCases...) {
		if tt.lim != (Limits{}) || !slices.Contains(tarSeeds, tt.name) {
			continue
		}
		entries := tt.entries
		if n := len(sdk()); len(entries) >= n && entries[n-1].Name == sdk()[n-1].Name {
			entries = append(tinySDK(), entries[n:]...)
		}
		data, err := tarGz(abs(entries))
		if err != nil {
			t.Fatal(err)
		}
		plain := gunzip(t, data)
		for bytes.HasSuffix(plain, make([]byte, 512)) {
			plain = plain[:len(plain)-512]
		}
		writeSeed(t, "FuzzExtractTarGz", tt.name, fmt.Sprintf("[]byte(%q)", plain))
	}
	bomb := append(sdk(), file("go/bomb", strings.Repeat("\x00", 2<<20)))
	writeSeed(t, "FuzzExtractTarGz", "gzip bomb", fmt.Sprintf("[]byte(%q)", fetchtest.TarGz(bomb)))
	writeSeed(t, "FuzzExtractTarGz", "not gzip", fmt.Sprintf("[]byte(%q)", "<html>captive portal</html>"))
	writeSeed(t, "FuzzExtractTarGz", "truncated gzip", fmt.Sprintf("[]byte(%q)", fetchtest.TarGz(sdk())[:200]))

	for _, tt := range append(slices.Clone(hostileCases), zipOnlyCases...) {
		if tt.lim != (Limits{}) {
			continue
		}
		writeSeed(t, "FuzzExtractZip", tt.name, fmt.Sprintf("[]byte(%q)", fetchtest.Zip(abs(tt.entries))))
	}
	var mod []fetchtest.Entry
	for _, e := range sdk() {
		if !e.Mode.IsDir() {
			e.Name = fuzzModule.Path + "@" + fuzzModule.Version + "/" + strings.TrimPrefix(e.Name, "go/")
			mod = append(mod, e)
		}
	}
	writeSeed(t, "FuzzExtractZip", "module zip", fmt.Sprintf("[]byte(%q)", fetchtest.Zip(mod)))
	writeSeed(t, "FuzzExtractZip", "module zip escaping", fmt.Sprintf("[]byte(%q)", fetchtest.Zip(append(mod, file(fuzzModule.Path+"@"+fuzzModule.Version+"/../escaped", "x")))))
	writeSeed(t, "FuzzExtractZip", "module zip case collision", fmt.Sprintf("[]byte(%q)", fetchtest.Zip(append(mod, file(fuzzModule.Path+"@"+fuzzModule.Version+"/version", "x")))))
	writeSeed(t, "FuzzExtractZip", "not a zip", fmt.Sprintf("[]byte(%q)", "PK\x03\x04 not really"))

	// FuzzExtractEntries: sdk, kinds, then name and link (a file's
	// content) of up to three entries.
	for _, s := range []struct {
		name string
		sdk  bool
		args [7]string
	}{
		{"valid", true, [7]string{"", "", "", "", "", "", ""}},
		{"file", true, [7]string{"f", "go/src/x.go", "package x"}},
		{"dotdot", true, [7]string{"f", "go/../escaped", "x"}},
		{"dotdot deep", true, [7]string{"f", "go/src/../../../escaped", "x"}},
		{"absolute", true, [7]string{"f", "ABS/escaped", "x"}},
		{"backslash", true, [7]string{"f", `go/..\..\escaped`, "x"}},
		{"symlink outside", true, [7]string{"l", "go/link", "../../.."}},
		{"symlink absolute", true, [7]string{"l", "go/link", "ABS"}},
		{"symlink then file through it", true, [7]string{"lf", "go/src/link", "../bin", "go/src/link/escaped", "x"}},
		{"symlink outside then file through it", true, [7]string{"lf", "go/link", "../..", "go/link/escaped", "x"}},
		{"symlink through symlink", true, [7]string{"ll", "go/a", "src", "go/b", "a/../../.."}},
		{"symlink made outside by a later link", true, [7]string{"ll", "go/l", "s/..", "go/s", "."}},
		{"symlink made outside by a later deeper link", true, [7]string{"ll", "go/l", "src/x/../..", "go/src/x", ".."}},
		{"symlinks in a chain", true, [7]string{"ll", "go/a", "b", "go/b", "src"}},
		{"symlink loop", true, [7]string{"ll", "go/a", "b", "go/b", "a"}},
		{"directory under a symlink", true, [7]string{"ld", "go/d", "src", "go/d/sub/"}},
		{"symlink where a directory is", true, [7]string{"fl", "go/x/y", "z", "go/x", ".."}},
		{"case-folded link", true, [7]string{"ll", "go/src/a", "b/../..", "go/src/B", ".."}},
		{"hard link outside", true, [7]string{"h", "go/passwd", "ABS/canary"}},
		{"hard link dotdot", true, [7]string{"h", "go/passwd", "go/../../canary"}},
		{"hard link inside", true, [7]string{"h", "go/bin/go2", "go/bin/go"}},
		{"hard link to a link", true, [7]string{"lh", "go/l", "bin/go", "go/h", "go/l"}},
		{"fifo", true, [7]string{"p", "go/fifo"}},
		{"char device", true, [7]string{"c", "go/dev"}},
		{"block device", true, [7]string{"b", "go/dev"}},
		{"duplicate", true, [7]string{"f", "go/VERSION", "go1.99.0\n"}},
		{"case collision", true, [7]string{"f", "go/version", "go1.99.0\n"}},
		{"two top dirs", true, [7]string{"f", "other/file", "x"}},
		{"newline in name", true, [7]string{"f", "go/a\nb", "x"}},
		{"long name", true, [7]string{"f", "go/" + strings.Repeat("n", 300), "x"}},
		{"long link", true, [7]string{"l", "go/l", strings.Repeat("a/", 3000)}},
		{"invalid UTF-8", true, [7]string{"f", "go/\xff\xfe", "x"}},
		{"NUL", true, [7]string{"f", "go/a\x00b", "x"}},
		{"top is a file", false, [7]string{"f", "go", "x"}},
		{"empty", false, [7]string{"d", "go/"}},
		{"no go dir", false, [7]string{"ff", "VERSION", "go1.22.3\n", "bin/go", ""}},
	} {
		lines := []string{fmt.Sprintf("bool(%v)", s.sdk)}
		for _, a := range s.args {
			lines = append(lines, fmt.Sprintf("string(%q)", a))
		}
		writeSeed(t, "FuzzExtractEntries", s.name, lines...)
	}
}

// tarSeeds are the cases of the extract tests that seed FuzzExtractTarGz.
var tarSeeds = []string{
	"valid", "dotdot", "absolute", "backslash", "symlink outside", "symlink then file through it",
	"symlink made outside by a later link", "symlinks in a chain", "duplicate", "case collision",
	"top is a file", "empty", "invalid UTF-8", "hard link outside", "hard link inside",
	"hard link forward", "block device", "tar fifo", "declared size too large",
}

// tinySDK is the smallest archive that unpacks into something like a
// GOROOT.
func tinySDK() []fetchtest.Entry {
	return []fetchtest.Entry{dir("go/"), file("go/VERSION", "go1.22.3\n"), {Name: "go/bin/go", Body: "#!/bin/sh\n", Mode: 0o755}}
}

var seedName = regexp.MustCompile(`[^a-z0-9]+`)

func writeSeed(t *testing.T, target, name string, lines ...string) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, strings.Trim(seedName.ReplaceAllString(strings.ToLower(name), "-"), "-"))
	data := "go test fuzz v1\n" + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func gunzip(t *testing.T, data []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
