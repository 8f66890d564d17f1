package doctor

import (
	"debug/elf"
	"debug/macho"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

func TestPlatform(t *testing.T) {
	mac := func(w *world) {
		w.plat = Platform{OS: "darwin", Arch: "arm64"}
		w.remove(home + "/.gov/sdk")
		w.install("1.22.3", "darwin-arm64")
		w.syncShims()
	}
	runCases(t, checkPlatform, []checkCase{
		{name: "linux", id: "platform", status: OK, summary: "this machine is linux-amd64"},
		{name: "target", id: "platform.target", status: OK, summary: "gov and go build for this machine (linux-amd64)"},
		{name: "sdks", id: "platform.sdks", status: OK, summary: "every installed SDK is built for linux-amd64"},
		{name: "arm64 Mac", setup: mac, id: "platform", status: OK, summary: "this machine is darwin-arm64, not translated by Rosetta"},
		{
			name:  "Rosetta",
			setup: func(w *world) { mac(w); w.plat = Platform{OS: "darwin", Arch: "amd64", Translated: true} },
			id:    "platform", status: Warn, summary: "this machine is darwin-arm64, but gov runs under Rosetta as darwin-amd64: this terminal runs x86_64",
			fix: "exec arch -arm64 /bin/zsh -l",
		},
		{
			name:  "Intel Mac",
			setup: func(w *world) { w.plat = Platform{OS: "darwin", Arch: "amd64"} },
			id:    "platform", status: OK, summary: "this machine is darwin-amd64, not translated",
		},
		{
			name: "an amd64 SDK on an arm64 Mac",
			setup: func(w *world) {
				mac(w)
				w.install("1.21.10", "darwin-amd64")
			},
			id: "platform.sdks", status: Warn, summary: "1 installed SDK is not for this machine's darwin-arm64: go1.21.10 (darwin-amd64), which runs only under Rosetta",
			fix: "gov uninstall --platform darwin-amd64 1.21.10",
		},
		{
			name:  "an SDK for another Linux",
			setup: func(w *world) { w.install("1.22.3", "linux-arm64") },
			id:    "platform.sdks", status: Warn, summary: "go1.22.3 (linux-arm64), which cannot run here",
		},
		{
			name: "bin/go built for another architecture",
			setup: func(w *world) {
				w.file(sdkDir("1.22.3", "linux-amd64")+"/bin/go", string(elfHeader(elf.EM_AARCH64)), 0o755)
			},
			id: "platform.sdks", status: Fail, summary: "go1.22.3 (linux-amd64)'s bin/go is built for linux-arm64", fix: "gov install --force 1.22.3",
		},
		{
			name: "bin/go built for the right architecture",
			setup: func(w *world) {
				w.file(sdkDir("1.22.3", "linux-amd64")+"/bin/go", string(elfHeader(elf.EM_X86_64)), 0o755)
			},
			id: "platform.sdks", status: OK,
		},
		{
			name: "a Mach-O bin/go for Intel in an arm64 SDK",
			setup: func(w *world) {
				mac(w)
				w.file(sdkDir("1.22.3", "darwin-arm64")+"/bin/go", string(machoHeader(macho.CpuAmd64)), 0o755)
			},
			id: "platform.sdks", status: Fail, summary: "go1.22.3 (darwin-arm64)'s bin/go is built for darwin-amd64",
		},
		{
			name:  "GOV_PLATFORM",
			setup: func(w *world) { w.env["GOV_PLATFORM"] = "linux-arm64" },
			id:    "platform.target", status: Warn, summary: "GOV_PLATFORM=linux-arm64: gov installs and runs linux-arm64 SDKs, not this machine's linux-amd64",
			fix: "unset GOV_PLATFORM",
		},
		{
			name:  "GOV_PLATFORM that is this machine's",
			setup: func(w *world) { w.env["GOV_PLATFORM"] = "linux-amd64" },
			id:    "platform.target", status: OK,
		},
		{
			name:  "GOV_PLATFORM nonsense",
			setup: func(w *world) { w.env["GOV_PLATFORM"] = "amd64" },
			id:    "platform.target", status: Fail, summary: "GOV_PLATFORM=amd64: ",
		},
		{
			name:  "GOARCH in the environment",
			setup: func(w *world) { w.env["GOARCH"] = "arm64" },
			id:    "platform.target", status: Warn, summary: "GOARCH=arm64 (from the environment): every go build makes arm64 binaries, not this machine's amd64",
			fix: "unset GOARCH",
		},
		{
			name:  "GOOS from go env -w",
			setup: func(w *world) { w.file(home+"/.config/go/env", "GOOS=windows\n", 0o644) },
			id:    "platform.target", status: Warn, summary: "GOOS=windows (from go env -w)", fix: "go env -u GOOS",
		},
	})
}

func TestBinaryPlatform(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		data []byte
		want string // "" for not an executable
	}{
		{"elf-amd64", elfHeader(elf.EM_X86_64), "linux-amd64"},
		{"elf-arm64", elfHeader(elf.EM_AARCH64), "linux-arm64"},
		{"macho-arm64", machoHeader(macho.CpuArm64), "darwin-arm64"},
		{"macho-amd64", machoHeader(macho.CpuAmd64), "darwin-amd64"},
		{"script", []byte("#!/bin/sh\necho go version\n"), ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, tt.name)
		os.WriteFile(p, tt.data, 0o755)
		got, ok := binaryPlatform(p)
		s := ""
		if ok {
			s = got.String()
		}
		if s != tt.want {
			t.Errorf("binaryPlatform(%s) = %q, want %q", tt.name, s, tt.want)
		}
	}
	if p, ok := binaryPlatform(os.Args[0]); !ok || p.Arch == "" {
		t.Errorf("binaryPlatform(the test binary) = %v, %v; want its platform", p, ok)
	}
}

// elfHeader is the 64-byte header of a little-endian ELF64 executable
// for machine, with no sections: enough for debug/elf.
func elfHeader(machine elf.Machine) []byte {
	h := make([]byte, 64)
	copy(h, elf.ELFMAG)
	h[elf.EI_CLASS], h[elf.EI_DATA], h[elf.EI_VERSION] = byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)
	le := binary.LittleEndian
	le.PutUint16(h[16:], uint16(elf.ET_EXEC))
	le.PutUint16(h[18:], uint16(machine))
	le.PutUint32(h[20:], uint32(elf.EV_CURRENT))
	le.PutUint16(h[52:], 64) // e_ehsize
	return h
}

// machoHeader is the header of a 64-bit Mach-O executable for cpu, with
// no load commands.
func machoHeader(cpu macho.Cpu) []byte {
	h := make([]byte, 32)
	le := binary.LittleEndian
	le.PutUint32(h[0:], macho.Magic64)
	le.PutUint32(h[4:], uint32(cpu))
	le.PutUint32(h[12:], uint32(macho.TypeExec))
	return h
}
