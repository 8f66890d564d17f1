package doctor

import (
	"os"
	"strconv"
	"testing"
)

func TestPermissions(t *testing.T) {
	me := os.Getuid()
	runCases(t, checkPermissions, []checkCase{
		{name: "GOPATH", id: "permissions.gopath", status: OK, summary: "GOPATH (~/go) is yours and writable", detail: "checked the owners of 1 entry in its top 2 levels"},
		{name: "GOMODCACHE not there yet", id: "permissions.gomodcache", status: OK, summary: "GOMODCACHE (~/go/pkg/mod) does not exist yet; it is created when first needed"},
		{name: "GOCACHE not there yet", id: "permissions.gocache", status: OK, summary: "GOCACHE (~/.cache/go-build) does not exist yet"},
		{name: "GOBIN", id: "permissions.gobin", status: OK, summary: "GOBIN (~/go/bin) is yours and writable"},
		{name: "GOV_HOME", id: "permissions.govhome", status: OK, summary: "GOV_HOME (~/.gov) is yours and writable"},
		{name: "no sudo", id: "permissions.sudo", status: OK, summary: "not running under sudo"},
		{
			name:  "GOPATH belongs to another user",
			setup: func(w *world) { w.uid = me + 1 },
			id:    "permissions.gopath", status: Fail, summary: "GOPATH (~/go) belongs to " + userName(me) + ", not to you",
			fix: `sudo chown -R "$(id -un)" ~/go`,
		},
		{
			name: "not writable",
			setup: func(w *world) {
				w.mkdir(home + "/go/pkg/mod")
				os.Chmod(w.path(home+"/go/pkg/mod"), 0o555)
			},
			id: "permissions.gomodcache", status: Fail, summary: "GOMODCACHE (~/go/pkg/mod) is not writable by you", fix: "chmod u+w ~/go/pkg/mod",
		},
		{
			name: "cannot be created",
			setup: func(w *world) {
				w.env["GOPATH"] = "/opt/go"
				w.mkdir("/opt")
				os.Chmod(w.path("/opt"), 0o555)
			},
			id: "permissions.gopath", status: Fail, summary: "GOPATH (/opt/go) does not exist and cannot be created: /opt is not writable by you",
			fix: `sudo mkdir -p /opt/go && sudo chown -R "$(id -un)" /opt/go`,
		},
		{
			name:  "the owner's bits count, not the group's",
			setup: func(w *world) { w.env["GOPATH"] = "/srv/go"; w.mkdir("/srv/go"); os.Chmod(w.path("/srv/go"), 0o575) },
			id:    "permissions.gopath", status: Fail, summary: "is not writable by you",
		},
		{
			name:  "GOMODCACHE from go env -w",
			setup: func(w *world) { w.file(home+"/.config/go/env", "GOMODCACHE=/var/cache/gomod\n", 0o644) },
			id:    "permissions.gomodcache", status: OK, summary: "GOMODCACHE (/var/cache/gomod) does not exist yet",
		},
		{
			name:  "GOPATH with two entries",
			setup: func(w *world) { w.env["GOPATH"] = home + "/gp1:" + home + "/gp2" },
			id:    "permissions.gobin", status: OK, summary: "GOBIN (~/gp1/bin) does not exist yet",
		},
		{
			name:  "GOCACHE=off",
			setup: func(w *world) { w.env["GOCACHE"] = "off" },
			id:    "permissions.gocache", status: Fail, summary: "GOCACHE=off: the go command refuses to build without a cache", fix: "unset GOCACHE",
		},
		{
			name:  "XDG_CACHE_HOME",
			setup: func(w *world) { w.env["XDG_CACHE_HOME"] = home + "/cache" },
			id:    "permissions.gocache", status: OK, summary: "GOCACHE (~/cache/go-build)",
		},
		{
			name:  "macOS caches",
			setup: func(w *world) { w.plat = Platform{OS: "darwin", Arch: "arm64"} },
			id:    "permissions.gocache", status: OK, summary: "GOCACHE (~/Library/Caches/go-build)",
		},
		{
			name:  "a relative GOPATH",
			setup: func(w *world) { w.env["GOPATH"] = "go" },
			id:    "permissions.gopath", status: Fail, summary: "GOPATH=go is not an absolute path", fix: "unset GOPATH",
		},
		{
			name:  "a relative GOBIN from go env -w is removed there",
			setup: func(w *world) { w.file(home+"/.config/go/env", "GOBIN=bin\n", 0o644) },
			id:    "permissions.gobin", status: Fail, summary: "GOBIN=bin is not an absolute path", fix: "go env -u GOBIN",
		},
		{
			name:  "GOBIN is a file",
			setup: func(w *world) { w.remove(home + "/go/bin"); w.file(home+"/go/bin", "x", 0o644) },
			id:    "permissions.gobin", status: Fail, summary: "GOBIN (~/go/bin) is not a directory", fix: "mv ~/go/bin ~/go/bin.old",
		},
		{
			name:  "under sudo with root's home",
			setup: func(w *world) { w.env["SUDO_USER"] = "me" },
			id:    "permissions.sudo", status: Warn, summary: "running under sudo (SUDO_USER=me): this checks " + userName(me) + "'s home, /home/me, not me's",
			fix: "gov doctor   # as yourself, without sudo",
		},
		{
			name:  "under sudo with the user's home",
			setup: func(w *world) { w.env["SUDO_USER"] = "me"; w.uid = me + 1 },
			id:    "permissions.sudo", status: Warn, summary: "running under sudo (SUDO_USER=me) with me's home, /home/me: whatever go writes now belongs to uid " + strconv.Itoa(me+1),
		},
	})
}

// Files of another user inside a directory of mine: what "sudo go mod
// download" leaves. Making them needs chown, so root.
func TestPermissionsSample(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to give files away")
	}
	const other = 4242
	runCases(t, checkPermissions, []checkCase{
		{
			name: "root-owned module",
			setup: func(w *world) {
				w.file(home+"/go/pkg/mod/github.com/x/y@v1.0.0/go.mod", "module y\n", 0o444)
				os.Lchown(w.path(home+"/go/pkg/mod/github.com/x"), other, other)
				os.Lchown(w.path(home+"/go/pkg/mod/github.com/x/y@v1.0.0"), other, other)
			},
			id: "permissions.gomodcache", status: Fail, summary: "GOMODCACHE (~/go/pkg/mod) holds 2 entries of uid 4242, such as ~/go/pkg/mod/github.com/x",
			fix: `sudo chown -R "$(id -un)" ~/go/pkg/mod`,
		},
		{
			name: "deeper than the sample looks",
			setup: func(w *world) {
				w.file(home+"/go/pkg/mod/github.com/x/y@v1.0.0/z/go.mod", "module y\n", 0o444)
				os.Lchown(w.path(home+"/go/pkg/mod/github.com/x/y@v1.0.0/z"), other, other)
			},
			id: "permissions.gomodcache", status: OK, summary: "is yours and writable", detail: "checked the owners of 3 entries in its top 3 levels",
		},
	})
}

func TestSampleBounds(t *testing.T) {
	w := newWorld(t)
	for i := range 30 {
		w.file(home+"/big/"+strconv.Itoa(i), "", 0o644)
	}
	sys := w.system()
	s := sys.sampleOwners(t.Context(), home+"/big", 1)
	if s.checked != 30 || !s.complete {
		t.Errorf("sampleOwners = %+v, want 30 checked, complete", s)
	}
}
