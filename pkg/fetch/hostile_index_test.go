package fetch

import (
	"context"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/store"
)

// TestHostileIndex installs go1.22.3 from release indexes that a broken
// or hostile mirror could serve. Each either installs the one archive it
// can verify or fails, before any download, with one short line that
// names the problem, and leaves the store as it was.
func TestHostileIndex(t *testing.T) {
	good := fetchtest.TarGz(fetchtest.FakeSDK("go1.22.3", "linux-amd64"))
	other := fetchtest.TarGz(fetchtest.FakeSDK("go1.22.3", "linux-amd64")[1:])
	const name = "go1.22.3.linux-amd64.tar.gz"
	rel := func(version string, files ...fetchtest.File) fetchtest.Release {
		return fetchtest.Release{Version: version, Files: files}
	}
	file := func(data []byte, change func(*fetchtest.File)) fetchtest.File {
		f := fetchtest.File{Filename: name, Platform: "linux-amd64", Data: data}
		if change != nil {
			change(&f)
		}
		return f
	}
	tests := []struct {
		name string
		rels []fetchtest.Release
		want string // the error; "" for success
	}{
		{name: "duplicate versions that agree", rels: []fetchtest.Release{rel("go1.22.3", file(good, nil)), rel("go1.22.3", file(good, nil))}},
		{name: "duplicate versions that disagree", rels: []fetchtest.Release{rel("go1.22.3", file(good, nil)), rel("go1.22.3", file(other, nil))},
			want: `release index lists go1.22.3 more than once, with different SHA-256s for linux-amd64 ("go1.22.3.linux-amd64.tar.gz", "go1.22.3.linux-amd64.tar.gz"), so gov cannot tell which to trust; check GOV_DL_INDEX`},
		{name: "one spelled without go", rels: []fetchtest.Release{rel("1.22.3", file(good, nil)), rel("go1.22.3", file(other, nil))},
			want: "release index lists go1.22.3 more than once, with different SHA-256s"},
		{name: "spelled without go", rels: []fetchtest.Release{rel("1.22.3", file(good, nil))}},
		{name: "sha256 not hex", rels: []fetchtest.Release{rel("go1.22.3", file(good, func(f *fetchtest.File) { f.SHA256 = strings.Repeat("z", 64) }))},
			want: `release index lists go1.22.3 for linux-amd64 with the SHA-256 "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", which is not 64 hex digits; check GOV_DL_INDEX`},
		{name: "sha256 too short", rels: []fetchtest.Release{rel("go1.22.3", file(good, func(f *fetchtest.File) { f.SHA256 = sha(good)[:63] }))},
			want: "which is not 64 hex digits"},
		{name: "sha256 of a megabyte of shell", rels: []fetchtest.Release{rel("go1.22.3", file(good, func(f *fetchtest.File) { f.SHA256 = strings.Repeat("$(touch pwned)\n", 70_000) }))},
			want: `release index lists go1.22.3 for linux-amd64 with the SHA-256 "$(touch pwned)\n$(touch pwned)\n$(touch pwned)\n$(touch pwned)\n$(to...", which is not 64 hex digits`},
		{name: "negative size", rels: []fetchtest.Release{rel("go1.22.3", file(good, func(f *fetchtest.File) { f.Size = -5 }))},
			want: "release index lists go1.22.3.linux-amd64.tar.gz as -5 bytes, which cannot be a Go SDK; check GOV_DL_INDEX"},
		{name: "huge size", rels: []fetchtest.Release{rel("go1.22.3", file(good, func(f *fetchtest.File) { f.Size = 1 << 62 }))},
			want: "release index lists go1.22.3.linux-amd64.tar.gz as 4611686018427387904 bytes, which cannot be a Go SDK"},
		{name: "file name with a newline", rels: []fetchtest.Release{rel("go1.22.3", file(good, func(f *fetchtest.File) { f.Filename = "go1.22.3\n.tar.gz" }))},
			want: `release index has a bad file name "go1.22.3\n.tar.gz"; check GOV_DL_INDEX`},
		{name: "file name of a megabyte", rels: []fetchtest.Release{rel("go1.22.3", file(good, func(f *fetchtest.File) { f.Filename = strings.Repeat("a", 1<<20) + ".tar.gz" }))},
			want: `release index has a bad file name "` + strings.Repeat("a", 64) + `..."`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMirror(t, tt.rels)
			home := t.TempDir()
			st := store.Open(home)
			in := &installer{Store: st, Source: m.dl(home), Platform: linuxAMD64}
			vs, _, err := in.Source.Versions(context.Background(), linuxAMD64, false)
			if err != nil || len(vs) != 1 || vs[0] != gover.MustParse("1.22.3") {
				t.Errorf("Versions(%s) = %v, %v, want [1.22.3]", tt.name, vs, err)
			}
			_, _, err = in.Install(context.Background(), gover.Exact{V: gover.MustParse("1.22.3")})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Install(%s) = %v, want success", tt.name, err)
				}
				return
			}
			if err == nil || !strings.Contains(hint.Message(err), tt.want) {
				t.Fatalf("Install(%s) = %v, want an error containing %q", tt.name, err, tt.want)
			}
			if msg := hint.Message(err); strings.ContainsAny(err.Error(), "\r\n") || len(msg) > 300 {
				t.Errorf("Install(%s) = %q, want one short line", tt.name, msg)
			}
			if n, _ := m.requests(); n != 1 {
				t.Errorf("Install(%s) made %d requests, want only the index's", tt.name, n)
			}
			assertStoreEmpty(t, st)
		})
	}
}
