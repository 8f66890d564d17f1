package doctor

import (
	"context"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/platform"
)

// checkPlatform reports the machine's platform, Rosetta translation on an
// arm64 Mac, settings that make gov or go target another platform, and
// installed SDKs built for another architecture (which run translated or
// not at all).
func checkPlatform(ctx context.Context, sys *System) []Result {
	results := []Result{sys.machineResult(), sys.targetResult()}
	if r, ok := sys.sdkPlatforms(); ok {
		results = append(results, r)
	}
	return results
}

func (sys *System) machineResult() Result {
	native := sys.Platform.Native()
	r := Result{ID: "platform", Status: OK, Summary: "this machine is " + native.String()}
	if sys.Platform.OS != "darwin" {
		return r
	}
	if sys.Platform.Translated {
		shell := sys.Getenv("SHELL")
		if shell == "" {
			shell = "/bin/zsh"
		}
		r.Status = Warn
		r.Summary = fmt.Sprintf("this machine is %s, but gov runs under Rosetta as darwin-%s: this terminal runs x86_64", native, sys.Platform.Arch)
		r.Detail = "everything started from it runs translated: slower, and go builds darwin-amd64 binaries by default"
		r.Fix = "exec arch -arm64 " + shell + " -l   # or turn off \"Open using Rosetta\" for the terminal app"
		return r
	}
	r.Summary += ", not translated by Rosetta"
	return r
}

// targetResult checks the settings that aim gov (GOV_PLATFORM) or the go
// command (GOOS, GOARCH) at another platform than this machine's.
func (sys *System) targetResult() Result {
	native := sys.Platform.Native()
	r := Result{ID: "platform.target", Status: OK, Summary: "gov and go build for this machine (" + native.String() + ")"}
	if s := sys.Getenv("GOV_PLATFORM"); s != "" {
		p, err := platform.Parse(s)
		switch {
		case err != nil:
			r.Status, r.Summary, r.Fix = Fail, fmt.Sprintf("GOV_PLATFORM=%s: %v", s, err), sys.unsetFix("GOV_PLATFORM")
			return r
		case p != native:
			r.Status, r.Fix = Warn, sys.unsetFix("GOV_PLATFORM")
			r.Summary = fmt.Sprintf("GOV_PLATFORM=%s: gov installs and runs %s SDKs, not this machine's %s", s, p, native)
			return r
		}
	}
	goos, osFrom := sys.goVar("GOOS")
	goarch, archFrom := sys.goVar("GOARCH")
	switch {
	case goos != "" && goos != native.OS:
		r.Status, r.Fix = Warn, sys.settingFix("GOOS", osFrom)
		r.Summary = fmt.Sprintf("GOOS=%s (from %s): every go build makes %s binaries, which go run and go test cannot run here", goos, osFrom, goos)
	case goarch != "" && goarch != native.Arch:
		r.Status, r.Fix = Warn, sys.settingFix("GOARCH", archFrom)
		r.Summary = fmt.Sprintf("GOARCH=%s (from %s): every go build makes %s binaries, not this machine's %s", goarch, archFrom, goarch, native.Arch)
	}
	return r
}

// sdkPlatforms finds installed SDKs for another platform than the
// machine's, and SDKs whose bin/go is not built for the platform their
// directory names. ok is false when no SDK is installed: nothing to say
// (gov's store line says how to install one).
func (sys *System) sdkPlatforms() (r Result, ok bool) {
	native := sys.Platform.Native()
	r = Result{ID: "platform.sdks", Status: OK}
	sdks, _ := layout.List(sys.real(sys.govHome()), platform.Platform{})
	if len(sdks) == 0 {
		return r, false
	}
	var foreign, wrong []string
	for _, sdk := range sdks {
		name := sdk.Version.Toolchain() + " (" + sdk.Platform.String() + ")"
		if bin, ok := binaryPlatform(filepath.Join(sdk.Dir, "bin", sys.exe("go"))); ok && bin != sdk.Platform {
			wrong = append(wrong, name+"'s bin/go is built for "+bin.String())
			if r.Fix == "" {
				r.Fix = "gov install --force" + platformFlag(sdk.Platform, native) + " " + sdk.Version.Pin()
			}
			continue
		}
		if sdk.Platform != native {
			how := "which cannot run here"
			if native.OS == "darwin" && sdk.Platform.OS == "darwin" && sdk.Platform.Arch == "amd64" {
				how = "which runs only under Rosetta"
			}
			foreign = append(foreign, name+", "+how)
		}
	}
	switch {
	case len(wrong) > 0:
		r.Status, r.Summary = Fail, wrong[0]
		r.Detail = strings.Join(append(wrong, foreign...), "\n")
	case len(foreign) > 0:
		r.Status, r.Summary = Warn, fmt.Sprintf("%s not for this machine's %s: %s", count(len(foreign), "installed SDK is", "installed SDKs are"), native, foreign[0])
		r.Detail = strings.Join(foreign, "\n")
		first := sdks[0]
		for _, sdk := range sdks {
			if sdk.Platform != native {
				first = sdk
				break
			}
		}
		r.Fix = "gov uninstall --platform " + first.Platform.String() + " " + first.Version.Pin()
	default:
		r.Summary = fmt.Sprintf("every installed SDK is built for %s", native)
	}
	return r, true
}

func platformFlag(p, native platform.Platform) string {
	if p == native {
		return ""
	}
	return " --platform " + p.String()
}

// binaryPlatform reads the platform an executable is built for from its
// header (ELF, Mach-O or PE). ok is false for anything else, such as a
// script.
func binaryPlatform(path string) (p platform.Platform, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return p, false
	}
	defer f.Close()
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil {
		return p, false
	}
	switch {
	case string(magic[:]) == elf.ELFMAG:
		ef, err := elf.NewFile(f)
		if err != nil {
			return p, false
		}
		p.OS = "linux"
		switch ef.OSABI {
		case elf.ELFOSABI_FREEBSD:
			p.OS = "freebsd"
		case elf.ELFOSABI_NETBSD:
			p.OS = "netbsd"
		case elf.ELFOSABI_OPENBSD:
			p.OS = "openbsd"
		}
		switch ef.Machine {
		case elf.EM_X86_64:
			p.Arch = "amd64"
		case elf.EM_AARCH64:
			p.Arch = "arm64"
		case elf.EM_386:
			p.Arch = "386"
		case elf.EM_ARM:
			p.Arch = "arm"
		case elf.EM_RISCV:
			p.Arch = "riscv64"
		case elf.EM_S390:
			p.Arch = "s390x"
		case elf.EM_LOONGARCH:
			p.Arch = "loong64"
		case elf.EM_PPC64:
			p.Arch = "ppc64"
			if ef.ByteOrder.String() == "LittleEndian" {
				p.Arch = "ppc64le"
			}
		default:
			return p, false
		}
	case magic[0] == 0xcf && magic[1] == 0xfa && magic[2] == 0xed && magic[3] == 0xfe:
		mf, err := macho.NewFile(f)
		if err != nil {
			return p, false
		}
		p.OS = "darwin"
		switch mf.Cpu {
		case macho.CpuAmd64:
			p.Arch = "amd64"
		case macho.CpuArm64:
			p.Arch = "arm64"
		default:
			return p, false
		}
	case magic[0] == 'M' && magic[1] == 'Z':
		pf, err := pe.NewFile(f)
		if err != nil {
			return p, false
		}
		p.OS = "windows"
		switch pf.Machine {
		case pe.IMAGE_FILE_MACHINE_AMD64:
			p.Arch = "amd64"
		case pe.IMAGE_FILE_MACHINE_ARM64:
			p.Arch = "arm64"
		case pe.IMAGE_FILE_MACHINE_I386:
			p.Arch = "386"
		default:
			return p, false
		}
	default:
		return p, false
	}
	return p, true
}
