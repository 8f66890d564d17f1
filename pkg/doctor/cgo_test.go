package doctor

import (
	"errors"
	"testing"
)

func TestCgo(t *testing.T) {
	const clt = "/Library/Developer/CommandLineTools"
	mac := func(w *world) {
		w.plat = Platform{OS: "darwin", Arch: "arm64"}
		w.file("/usr/bin/clang", "stub", 0o755)
		w.cmds["/usr/bin/clang --version"] = answer{out: "Apple clang version 15.0.0 (clang-1500.3.9.4)\n"}
		w.cmds["xcode-select -p"] = answer{out: clt + "\n"}
		w.mkdir(clt + "/SDKs/MacOSX.sdk")
	}
	runCases(t, checkCgo, []checkCase{
		{name: "gcc", id: "cgo", status: OK, summary: "cgo can build: /usr/bin/gcc runs (the go command's default)", detail: "gcc (Debian 12.2.0-14) 12.2.0"},
		{name: "not macOS", id: "cgo.xcode", status: OK, summary: "not macOS"},
		{
			name:  "cgo off",
			setup: func(w *world) { w.env["CGO_ENABLED"] = "0"; w.remove("/usr/bin/gcc") },
			id:    "cgo", status: OK, summary: "cgo is off (CGO_ENABLED=0, from the environment): no C compiler needed",
		},
		{
			name:  "cgo off by go env -w",
			setup: func(w *world) { w.file(home+"/.config/go/env", "CGO_ENABLED=0\n", 0o644) },
			id:    "cgo", status: OK, summary: "(CGO_ENABLED=0, from go env -w)",
		},
		{
			name:  "no compiler: cgo turns itself off",
			setup: func(w *world) { w.remove("/usr/bin/gcc") },
			id:    "cgo", status: Warn, summary: "no C compiler (gcc, the go command's default) in PATH, so the go command turns cgo off",
			fix: "install gcc or clang with your system's package manager",
		},
		{
			name: "no compiler on Debian",
			setup: func(w *world) {
				w.remove("/usr/bin/gcc")
				w.file("/etc/os-release", "ID=debian\n", 0o644)
			},
			id: "cgo", status: Warn, summary: "no C compiler", fix: "sudo apt-get install gcc",
		},
		{
			name: "no compiler on Alpine",
			setup: func(w *world) {
				w.remove("/usr/bin/gcc")
				w.file("/etc/os-release", "ID=alpine\n", 0o644)
			},
			id: "cgo", status: Warn, summary: "no C compiler", fix: "sudo apk add gcc musl-dev",
		},
		{
			name:  "CGO_ENABLED=1 and no compiler",
			setup: func(w *world) { w.env["CGO_ENABLED"] = "1"; w.remove("/usr/bin/gcc") },
			id:    "cgo", status: Fail, summary: "CGO_ENABLED=1 (from the environment), but the C compiler gcc (the go command's default) is not in PATH",
		},
		{
			name: "CC with flags",
			setup: func(w *world) {
				w.env["CC"] = "clang -m64"
				w.file("/usr/bin/clang", "", 0o755)
				w.cmds["/usr/bin/clang --version"] = answer{out: "clang version 16\n"}
			},
			id: "cgo", status: OK, summary: "cgo can build: /usr/bin/clang runs (CC from the environment)",
		},
		{
			name: "CC as a path",
			setup: func(w *world) {
				w.env["CC"] = "/opt/cross/bin/cc"
				w.file("/opt/cross/bin/cc", "", 0o755)
				w.cmds["/opt/cross/bin/cc --version"] = answer{out: "cc 1\n"}
			},
			id: "cgo", status: OK, summary: "/opt/cross/bin/cc runs",
		},
		{
			name: "a compiler that does not run",
			setup: func(w *world) {
				w.cmds["/usr/bin/gcc --version"] = answer{out: "gcc: error while loading shared libraries: libisl.so.23\n", err: errors.New("exit status 127")}
			},
			id: "cgo", status: Fail, summary: "the C compiler /usr/bin/gcc does not run (exit status 127): cgo builds fail", detail: "libisl.so.23",
		},
		{name: "macOS", setup: mac, id: "cgo.xcode", status: OK, summary: "developer tools in " + clt + ", with the macOS SDK"},
		{name: "macOS clang", setup: mac, id: "cgo", status: OK, summary: "cgo can build: /usr/bin/clang runs (the go command's default)"},
		{
			name: "macOS with Xcode.app",
			setup: func(w *world) {
				mac(w)
				dev := "/Applications/Xcode.app/Contents/Developer"
				w.cmds["xcode-select -p"] = answer{out: dev + "\n"}
				w.mkdir(dev + "/Platforms/MacOSX.platform/Developer/SDKs/MacOSX.sdk")
			},
			id: "cgo.xcode", status: OK, summary: "developer tools in /Applications/Xcode.app/Contents/Developer, with the macOS SDK",
		},
		{
			name: "macOS without developer tools",
			setup: func(w *world) {
				mac(w)
				w.cmds["xcode-select -p"] = answer{out: "xcode-select: error: unable to get active developer directory\n", err: errors.New("exit status 2")}
			},
			id: "cgo.xcode", status: Fail, summary: "no developer tools: xcode-select -p fails", fix: "xcode-select --install",
		},
		{
			name: "macOS without developer tools: clang is a stub, not run",
			setup: func(w *world) {
				mac(w)
				w.cmds["xcode-select -p"] = answer{err: errors.New("exit status 2")}
				delete(w.cmds, "/usr/bin/clang --version")
			},
			id: "cgo", status: Fail, summary: "/usr/bin/clang is only a stub: the developer tools are not installed", fix: "xcode-select --install",
		},
		{
			name: "macOS without developer tools, cgo off",
			setup: func(w *world) {
				mac(w)
				w.env["CGO_ENABLED"] = "0"
				w.cmds["xcode-select -p"] = answer{err: errors.New("exit status 2")}
			},
			id: "cgo.xcode", status: Warn, summary: "no developer tools",
		},
		{
			name: "macOS tools without the SDK, after an upgrade",
			setup: func(w *world) {
				mac(w)
				w.remove(clt + "/SDKs")
			},
			id: "cgo.xcode", status: Fail, summary: "the developer tools in " + clt + " have no macOS SDK",
			fix: "sudo rm -rf " + clt + " && xcode-select --install",
		},
		{
			name: "macOS, xcode-select points nowhere",
			setup: func(w *world) {
				mac(w)
				w.cmds["xcode-select -p"] = answer{out: "/Applications/Xcode-beta.app/Contents/Developer\n"}
			},
			id: "cgo.xcode", status: Fail, summary: "xcode-select points to /Applications/Xcode-beta.app/Contents/Developer, which does not exist",
			fix: "sudo xcode-select --reset",
		},
	})
}
