package fetch

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// boundCases are archives that cost the extractor work or disk out of
// proportion to their size, or that only a case-insensitive file system
// (macOS, Windows) would let out: gov refuses each, on every system.
var boundCases = []extractCase{
	// On macOS src/B is src/b: a resolves through B, to two levels above
	// the SDK.
	{name: "link named in another case than a path a link goes through", entries: append(sdk(),
		symlink("go/src/a", "b/../.."),
		symlink("go/src/B", "..")), want: `entry "go/src/B" is a symbolic link where an earlier link's path goes through`},
	{name: "link through a link named in another case", entries: append(sdk(),
		symlink("go/A", "src"),
		symlink("go/b", "a/../../..")), want: `entry "go/b" is a symbolic link through another link, "go/a"`},
	{name: "file through a link named in another case", entries: append(sdk(),
		symlink("go/L", "src"),
		file("go/l/x", "x")), want: `entry "go/l/x" is written through the symbolic link "go/l"`},
	// The Kelvin sign folds to k; NFD and NFC spellings of é are one name
	// on macOS: links have ASCII names and targets.
	{name: "link with a non-ASCII name", entries: append(sdk(), symlink("go/src/\u212a", "..")), want: "is a symbolic link with a name or target that is not ASCII"},
	{name: "link with a non-ASCII target", entries: append(sdk(), symlink("go/src/k", "e\u0301")), want: "is a symbolic link with a name or target that is not ASCII"},
	{name: "link where a directory is", entries: append(sdk(), symlink("go/src", "bin")), want: `entry "go/src" is a symbolic link where a directory is`},
	{name: "name of 60 kB", entries: append(sdk(), file("go/"+strings.Repeat("a/", 30_000)+"f", "x")), want: "has a name longer than 1024 bytes"},
	{name: "link target of 20 kB", entries: append(sdk(), symlink("go/l", strings.Repeat("a/", 10_000))), want: `entry "go/l" is a symbolic link to a path longer than 1024 bytes`},
	// 40 directories the archive does not list, for one file.
	{name: "deep directories count as entries", entries: append(sdk(), file("go/"+strings.Repeat("d/", 40)+"f", "x")), lim: Limits{MaxBytes: 1 << 20, MaxEntries: 30}, want: "has more than 30 entries"},
	// Each link's target walks 500 directories: checking 100 of them would
	// walk 25 MB of paths.
	{name: "many deep links", entries: func() []fetchtest.Entry {
		es := sdk()
		for i := range 100 {
			es = append(es, symlink(fmt.Sprintf("go/l%d", i), strings.Repeat("x/", 500)))
		}
		return es
	}(), want: "is one symbolic link too many: checking the links would walk more than 16777216 bytes of paths"},
	// A name the file system refuses: the error names the entry, quoted,
	// on one line, whatever the name holds.
	{name: "name the file system refuses", entries: append(sdk(), file("go/"+strings.Repeat("n", 300)+"\n$(touch pwned)", "x")), want: `unpack archive: entry "go/nnnnnnnnnn`},
}

func TestExtractBounds(t *testing.T) {
	for _, tt := range boundCases {
		t.Run("tar.gz/"+tt.name, func(t *testing.T) {
			runExtract(t, tt, func(entries []fetchtest.Entry, dst string, lim Limits) error {
				data, err := tarGz(entries)
				if err != nil {
					t.Fatal(err)
				}
				err = ExtractTarGz(context.Background(), bytes.NewReader(data), dst, "go/", lim)
				checkOneLine(t, err)
				return err
			})
		})
		t.Run("zip/"+tt.name, func(t *testing.T) {
			runExtract(t, tt, func(entries []fetchtest.Entry, dst string, lim Limits) error {
				f, err := os.CreateTemp(t.TempDir(), "*.zip")
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if _, err := f.Write(fetchtest.Zip(entries)); err != nil {
					t.Fatal(err)
				}
				err = ExtractZip(context.Background(), f, dst, "go/", lim)
				checkOneLine(t, err)
				return err
			})
		})
	}
}

func checkOneLine(t *testing.T, err error) {
	t.Helper()
	if err != nil && (strings.ContainsAny(err.Error(), "\r\n") || len(err.Error()) > 600) {
		t.Errorf("extract error is not one short line: %q", err)
	}
}
