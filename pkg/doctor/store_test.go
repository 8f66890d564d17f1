package doctor

import (
	"os"
	"runtime"
	"testing"
	"time"
)

func TestStore(t *testing.T) {
	sdk := sdkDir("1.22.3", "linux-amd64")
	runCases(t, checkStore, []checkCase{
		{
			name: "sdks", id: "store.sdks", status: OK,
			summary: "1 SDK in ~/.gov, each complete (receipt, VERSION, an executable bin/go), its files the sizes and modes its manifest lists",
			detail:  "gov verify reads every file again",
		},
		{
			name: "verified", id: "store.verified", status: OK, summary: "how the SDKs were verified: 1 sha256 from the release index",
			detail: "go1.22.3 (linux-amd64): dl, sha256 from https://go.dev/dl/?mode=json&include=all",
		},
		{name: "tmp", id: "store.tmp", status: OK, summary: "no leftovers in ~/.gov/tmp"},
		{name: "shims", id: "store.shims", status: OK, summary: "~/.gov/shims has go, gofmt and 1 versioned shim, current copies of /opt/gov/bin/gov-shim"},
		{name: "selected", id: "store.selected", status: OK, summary: "go1.22.3 runs here (set by ~/.gov/version)", detail: "GOROOT " + sdk},
		{
			name: "an SDK without its receipt",
			setup: func(w *world) {
				w.install("1.21.0", "linux-amd64")
				w.remove(sdkDir("1.21.0", "linux-amd64") + "/gov-receipt.json")
			},
			id: "store.sdks", status: Warn, summary: "~/.gov/sdk/go1.21.0.linux-amd64 has no receipt (an interrupted install or uninstall); gov ignores it",
			fix: "chmod -R u+w ~/.gov/sdk/go1.21.0.linux-amd64 && rm -rf ~/.gov/sdk/go1.21.0.linux-amd64",
		},
		{
			name: "an empty receipt (a power cut) is no receipt",
			setup: func(w *world) {
				w.install("1.21.0", "linux-amd64")
				w.file(sdkDir("1.21.0", "linux-amd64")+"/gov-receipt.json", "", 0o644)
			},
			id: "store.sdks", status: Warn, summary: "~/.gov/sdk/go1.21.0.linux-amd64 has no receipt (an interrupted install or uninstall); gov ignores it",
		},
		{
			name: "a link to an SDK is an SDK, as for the shim and gov list",
			setup: func(w *world) {
				w.install("1.21.0", "linux-amd64")
				w.mkdir(home + "/sdks")
				// A directory that moves to another one must be writable
				// while it moves.
				from, to := w.path(sdkDir("1.21.0", "linux-amd64")), w.path(home+"/sdks/go1.21.0")
				os.Chmod(from, 0o755)
				if err := os.Rename(from, to); err != nil {
					w.t.Fatal(err)
				}
				os.Chmod(to, 0o555)
				w.symlink("../../sdks/go1.21.0", sdkDir("1.21.0", "linux-amd64"))
			},
			id: "store.sdks", status: OK, summary: "2 SDKs in ~/.gov, each complete",
		},
		{
			name:  "VERSION says another version",
			setup: func(w *world) { w.file(sdk+"/VERSION", "go1.22.2\n", 0o644) },
			id:    "store.sdks", status: Fail, summary: "go1.22.3 (linux-amd64) is broken: its VERSION file says go1.22.2, not go1.22.3",
			fix: "gov install --force 1.22.3",
		},
		{
			name:  "bin/go not executable",
			setup: func(w *world) { os.Chmod(w.path(sdk+"/bin/go"), 0o644) },
			id:    "store.sdks", status: Fail, summary: "its bin/go is not an executable file",
		},
		{
			name:  "a receipt that looks whole but is not JSON",
			setup: func(w *world) { w.file(sdk+"/gov-receipt.json", "{not json}", 0o644) },
			id:    "store.sdks", status: Fail, summary: "read receipt of /home/me/.gov/sdk/go1.22.3.linux-amd64:", fix: "gov install --force 1.22.3",
		},
		{
			name:  "a truncated receipt is no receipt, and a reinstall mends it",
			setup: func(w *world) { w.file(sdk+"/gov-receipt.json", "{\"version\": \"go1.22.3\",\n", 0o644) },
			id:    "store.sdks", status: Warn,
			summary: "~/.gov/sdk/go1.22.3.linux-amd64 has an incomplete receipt (cut short by a crash or a full disk); gov ignores it",
			fix:     "gov install --force 1.22.3",
		},
		{
			name: "a truncated receipt of another platform",
			setup: func(w *world) {
				w.install("1.22.3", "darwin-arm64")
				w.file(sdkDir("1.22.3", "darwin-arm64")+"/gov-receipt.json", "{", 0o644)
			},
			id: "store.sdks", status: Warn, summary: "go1.22.3.darwin-arm64 has an incomplete receipt", fix: "gov install --force --platform darwin-arm64 1.22.3",
		},
		{
			name: "an SDK of another platform that is broken",
			setup: func(w *world) {
				w.install("1.22.3", "darwin-arm64")
				w.remove(sdkDir("1.22.3", "darwin-arm64") + "/pkg")
			},
			id: "store.sdks", status: Fail, summary: "go1.22.3 (darwin-arm64) is broken: it has no pkg/tool directory",
			fix: "gov install --force --platform darwin-arm64 1.22.3",
		},
		{
			name:  "bin/go empty",
			setup: func(w *world) { os.Truncate(w.path(sdk+"/bin/go"), 0) },
			id:    "store.sdks", status: Fail, summary: "go1.22.3 (linux-amd64) is broken: its bin/go is empty (0 bytes)",
			fix: "gov install --force 1.22.3",
		},
		{
			name:  "bin/go replaced by a script of another size",
			setup: func(w *world) { w.file(sdk+"/bin/go", "#!/bin/sh\necho EVIL\n", 0o755) },
			id:    "store.sdks", status: Fail, summary: "go1.22.3 (linux-amd64) changed since it was installed: bin/go: size 20, was 47",
			fix: "gov verify 1.22.3   # then: gov install --force 1.22.3",
		},
		{
			name: "several changes: the first, and how many more",
			setup: func(w *world) {
				w.file(sdk+"/VERSION", "go1.22.3\n", 0o644)
				w.remove(sdk + "/src")
			},
			id: "store.sdks", status: Fail, summary: "go1.22.3 (linux-amd64) changed since it was installed: VERSION: size 9, was 35 (and 1 other change)",
		},
		{
			name:  "a mode changed",
			setup: func(w *world) { os.Chmod(w.path(sdk+"/src/fmt/print.go"), 0o666) },
			id:    "store.sdks", status: Fail, summary: "src/fmt/print.go: mode 0666, was 0644",
		},
		{
			// Only gov verify, which reads the files, tells.
			name:  "the same size, other bytes: doctor's quick check does not read",
			setup: func(w *world) { w.file(sdk+"/src/fmt/print.go", "package fmx\n", 0o644) },
			id:    "store.sdks", status: OK, summary: "1 SDK in ~/.gov, each complete",
		},
		{
			name: "a file of another platform's SDK changed: the fixes name its platform",
			setup: func(w *world) {
				w.install("1.22.3", "darwin-arm64")
				w.file(sdkDir("1.22.3", "darwin-arm64")+"/src/fmt/print.go", "package fmt // evil\n", 0o644)
			},
			id: "store.sdks", status: Fail, summary: "go1.22.3 (darwin-arm64) changed since it was installed: src/fmt/print.go: size 20, was 12",
			fix: "gov verify --platform darwin-arm64 1.22.3   # then: gov install --force --platform darwin-arm64 1.22.3",
		},
		{
			name:  "no manifest (installed by an older gov): a warning, not a failure",
			setup: func(w *world) { w.remove(sdk + "/gov-manifest") },
			id:    "store.sdks", status: Warn,
			summary: "go1.22.3 (linux-amd64) has no manifest (installed by an older gov), so whether its files changed cannot be checked; reinstall to record one",
			fix:     "gov install --force 1.22.3",
		},
		{
			name:  "a manifest that is not one",
			setup: func(w *world) { w.file(sdk+"/gov-manifest", "{}", 0o444) },
			id:    "store.sdks", status: Fail, summary: "go1.22.3 (linux-amd64) has a manifest gov cannot read: /home/me/.gov/sdk/go1.22.3.linux-amd64/gov-manifest: line 1: not a gov manifest",
			fix: "gov install --force 1.22.3",
		},
		{
			name:  "something else in sdk/",
			setup: func(w *world) { w.mkdir(home + "/.gov/sdk/backup") },
			id:    "store.sdks", status: Warn, summary: "~/.gov/sdk/backup is not an SDK directory gov knows", fix: "chmod -R u+w ~/.gov/sdk/backup && rm -rf ~/.gov/sdk/backup",
		},
		{
			name: "two problems",
			setup: func(w *world) {
				w.mkdir(home + "/.gov/sdk/backup")
				w.file(sdk+"/VERSION", "go1.22.2\n", 0o644)
			},
			id: "store.sdks", status: Fail, summary: "(and 1 other problem)",
		},
		{
			name:  "nothing installed",
			setup: func(w *world) { w.remove(home + "/.gov") },
			id:    "store.sdks", status: Warn, summary: "no Go SDK is installed in ~/.gov", fix: "gov install latest && gov global latest",
		},
		{
			name:  "an unverified SDK",
			setup: func(w *world) { w.receipt("1.22.3", "linux-amd64", "proxy", "unverified") },
			id:    "store.verified", status: Warn, summary: "installed without verification: go1.22.3 (linux-amd64)",
			fix: "gov install --force --source dl 1.22.3", detail: "go1.22.3 (linux-amd64): proxy, unverified",
		},
		{
			name: "checksum database and import",
			setup: func(w *world) {
				w.receipt("1.22.3", "linux-amd64", "proxy", "sumdb sum.golang.org tree 28581213")
				w.install("1.21.0", "linux-amd64")
				w.receipt("1.21.0", "linux-amd64", "import", "imported from /usr/local/go (not verified)")
			},
			id: "store.verified", status: OK, summary: "how the SDKs were verified: 1 the checksum database, 1 imported (not verified)",
		},
		{
			name:  "leftovers in tmp",
			setup: func(w *world) { w.mkdir(home + "/.gov/tmp/go1.22.3.linux-amd64~stage~123") },
			id:    "store.tmp", status: Warn, summary: "1 leftover in ~/.gov/tmp from interrupted installs, such as go1.22.3.linux-amd64~stage~123",
			fix: "gov prune   # as does every install and uninstall, first",
		},
		{
			name:  "the go shim is missing",
			setup: func(w *world) { w.remove(home + "/.gov/shims/go") },
			id:    "store.shims", status: Fail, summary: "~/.gov/shims is missing shims: go", fix: "gov install 1.22.3",
		},
		{
			name:  "a versioned shim is missing",
			setup: func(w *world) { w.remove(home + "/.gov/shims/go1.22.3") },
			id:    "store.shims", status: Warn, summary: "~/.gov/shims is missing versioned shims: go1.22.3",
		},
		{
			name:  "a shim for a version no longer installed",
			setup: func(w *world) { w.file(home+"/.gov/shims/go1.21.0", "shim", 0o755) },
			id:    "store.shims", status: Warn, summary: "~/.gov/shims has shims for versions no longer installed: go1.21.0", fix: "gov install 1.22.3",
		},
		{
			name: "shims from an older gov-shim",
			setup: func(w *world) {
				later := time.Now().Add(time.Hour)
				os.Chtimes(w.path("/opt/gov/bin/gov-shim"), later, later)
			},
			id: "store.shims", status: Warn, summary: "the shims in ~/.gov/shims are not copies of /opt/gov/bin/gov-shim", fix: "gov install 1.22.3",
			detail: "the gov that wrote them: /opt/gov/bin/gov",
		},
		{
			name:  "no gov-shim beside gov",
			setup: func(w *world) { w.remove("/opt/gov/bin/gov-shim") },
			id:    "store.shims", status: Warn, summary: "there is no gov-shim beside gov (/opt/gov/bin/gov)", fix: "go install github.com/gov-dev/gov/cmd/...@latest",
		},
		{
			name: "GOV_PLATFORM: the fix installs for it",
			setup: func(w *world) {
				w.install("1.22.3", "linux-arm64")
				w.syncShims()
				w.remove(home + "/.gov/shims/go")
				w.env["GOV_PLATFORM"] = "linux-arm64"
			},
			id: "store.shims", status: Fail, fix: "gov install --platform linux-arm64 1.22.3",
		},
		{
			name:  "the default is not installed",
			setup: func(w *world) { w.file(home+"/.gov/version", "1.99.0\n", 0o644) },
			id:    "store.selected", status: Fail, summary: "go1.99.0 is not installed (set by /home/me/.gov/version)", fix: "gov install 1.99.0",
		},
		{
			name:  "nothing selected",
			setup: func(w *world) { w.remove(home + "/.gov/version") },
			id:    "store.selected", status: Fail, summary: "no Go version is selected here", fix: "gov global latest",
		},
		{
			name:  "a broken .go-version",
			setup: func(w *world) { w.file(home+"/proj/.go-version", "1.22; rm -rf /\n", 0o644) },
			id:    "store.selected", status: Fail, summary: `/home/me/proj/.go-version:1: "1.22; rm -rf /" is not a Go version`,
		},
		{
			name:  "a broken .go-version: what to do is the fix, not part of the summary",
			setup: func(w *world) { w.file(home+"/proj/.go-version", "latest!\n", 0o644) },
			id:    "store.selected", status: Fail, summary: `/home/me/proj/.go-version:1: "latest!" is not a Go version`, fix: "write one such as 1.22.3",
		},
		{
			name:  "GOV_PLATFORM that is not a platform",
			setup: func(w *world) { w.env["GOV_PLATFORM"] = "bogus" },
			id:    "store.selected", status: Fail, summary: `GOV_PLATFORM: "bogus" is not a platform`, fix: "unset GOV_PLATFORM",
		},
		{
			name:  "a .go-version",
			setup: func(w *world) { w.file(home+"/.go-version", "1.22\n", 0o644) },
			id:    "store.selected", status: OK, summary: "go1.22.3 runs here (set by ~/.go-version)",
		},
	})
}

// A receipt gov may not read is no receipt, for doctor as for the shim,
// and doctor says so and how to mend it.
func TestStoreUnreadableReceipt(t *testing.T) {
	if runtime.GOOS == "windows" || os.Getuid() == 0 {
		t.Skip("needs file modes that deny a read (not Windows, not root)")
	}
	runCases(t, checkStore, []checkCase{{
		name: "mode 000",
		setup: func(w *world) {
			if err := os.Chmod(w.path(sdkDir("1.22.3", "linux-amd64")+"/gov-receipt.json"), 0); err != nil {
				w.t.Fatal(err)
			}
		},
		id: "store.sdks", status: Warn,
		summary: "~/.gov/sdk/go1.22.3.linux-amd64 has a receipt gov cannot read (permission denied); gov ignores it",
		fix:     "gov install --force 1.22.3",
	}})
}
