package doctor

import "testing"

func TestQuarantine(t *testing.T) {
	mac := func(w *world) {
		w.plat = Platform{OS: "darwin", Arch: "arm64"}
		w.remove(home + "/.gov/sdk")
		w.install("1.22.3", "darwin-arm64")
		w.syncShims()
	}
	runCases(t, checkQuarantine, []checkCase{
		{name: "linux", id: "quarantine", status: OK, summary: "not macOS"},
		{
			name: "linux never asks", setup: func(w *world) { w.xattrs[sdkDir("1.22.3", "linux-amd64")+"/bin/go"] = true },
			id: "quarantine", status: OK, summary: "not macOS",
		},
		// shims go, gofmt, go1.22.3; bin/go, bin/gofmt; pkg/tool/darwin_arm64/compile; gov, gov-shim.
		{name: "macOS, clean", setup: mac, id: "quarantine", status: OK, summary: "no com.apple.quarantine on the 8 binaries of gov and its store"},
		{
			name: "an SDK imported from a browser download",
			setup: func(w *world) {
				mac(w)
				w.xattrs[sdkDir("1.22.3", "darwin-arm64")+"/bin/go"] = true
				w.xattrs[sdkDir("1.22.3", "darwin-arm64")+"/pkg/tool/darwin_arm64/compile"] = true
			},
			id: "quarantine", status: Fail, summary: "2 binaries carry com.apple.quarantine, such as ~/.gov/sdk/go1.22.3.darwin-arm64/bin/go",
			fix: "xattr -r -d com.apple.quarantine ~/.gov", detail: "/pkg/tool/darwin_arm64/compile",
		},
		{
			name:  "gov itself, downloaded with a browser",
			setup: func(w *world) { mac(w); w.xattrs[govBin] = true },
			id:    "quarantine", status: Fail, summary: "1 binary carries com.apple.quarantine, such as /opt/gov/bin/gov",
			fix: "xattr -r -d com.apple.quarantine ~/.gov /opt/gov/bin/gov /opt/gov/bin/gov-shim",
		},
	})
}
