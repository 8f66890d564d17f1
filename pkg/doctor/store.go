package doctor

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gov-dev/gov/pkg/gover"
	"github.com/gov-dev/gov/pkg/hint"
	"github.com/gov-dev/gov/pkg/layout"
	"github.com/gov-dev/gov/pkg/manifest"
	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/self"
	"github.com/gov-dev/gov/pkg/shim"
	"github.com/gov-dev/gov/pkg/store"
	"github.com/gov-dev/gov/pkg/store/shims"
)

// checkStore checks gov's own house: every SDK complete (receipt, VERSION,
// an executable bin/go with something in it), its files as its manifest
// lists them (the quick form of gov verify), and how each was verified;
// no leftovers in tmp/,
// the shims present and current, and a version selected and installed
// for the working directory. With no SDK installed there is nothing to
// verify, and no verification line: the SDK line says what to do.
func checkStore(ctx context.Context, sys *System) []Result {
	sdks, verified, n := sys.sdkHealth()
	results := []Result{sdks}
	if n > 0 {
		results = append(results, verified)
	}
	return append(results, sys.tmpResult(), sys.shimsResult(), sys.selectedResult())
}

// sdkHealth checks every directory in sdk/ and reads how each SDK was
// verified from its receipt; n counts the SDKs.
func (sys *System) sdkHealth() (health, verified Result, n int) {
	health = Result{ID: "store.sdks", Status: OK}
	verified = Result{ID: "store.verified", Status: OK}
	home := sys.govHome()
	sdkDir := filepath.Join(home, layout.SDKDir)
	entries, err := sys.readDir(sdkDir)
	native := sys.Platform.Native()
	var problems, how, unverified []string
	kinds := map[string]int{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		dir := filepath.Join(sdkDir, e.Name())
		v, p, ok := layout.ParseSDKName(e.Name())
		if !ok || !e.IsDir() && !layout.Installed(sys.real(dir)) {
			problems = append(problems, sys.tilde(dir)+" is not an SDK directory gov knows")
			health.Fix = cmp.Or(health.Fix, sys.removeFix(dir))
			health.Status = worst(health.Status, Warn)
			continue
		}
		reinstall := "gov install --force" + platformFlag(p, native) + " " + v.String()
		if err := layout.CheckReceipt(sys.real(dir)); err != nil {
			problems = append(problems, sys.tilde(dir)+" "+receiptProblem(err)+"; gov ignores it")
			fix := reinstall
			if err == layout.ErrNoReceipt {
				fix = sys.removeFix(dir)
			}
			health.Fix = cmp.Or(health.Fix, fix)
			health.Status = worst(health.Status, Warn)
			continue
		}
		n++
		receipt, err := store.ReadReceipt(sys.real(dir))
		if err != nil {
			problems = append(problems, sys.machineText(err.Error()))
			health.Fix, health.Status = cmp.Or(health.Fix, reinstall), Fail
			continue
		}
		name := fmt.Sprintf("%s (%s)", v.Toolchain(), p)
		if err := store.CheckSDK(sys.real(dir), v); err != nil {
			problems = append(problems, fmt.Sprintf("%s is broken: %v", name, sys.machineText(err.Error())))
			health.Fix, health.Status = cmp.Or(health.Fix, reinstall), Fail
		} else if problem, status, fix := sys.filesResult(sys.real(dir), v, p); problem != "" {
			problems = append(problems, name+" "+problem)
			health.Fix, health.Status = cmp.Or(health.Fix, fix), worst(health.Status, status)
		}
		kind := verification(receipt)
		kinds[kind]++
		how = append(how, fmt.Sprintf("%s (%s): %s, %s", v.Toolchain(), p, cmp.Or(receipt.Source, "unknown source"), cmp.Or(receipt.Verified, "no verification recorded")))
		if kind == "unverified" {
			unverified = append(unverified, v.Toolchain()+" ("+p.String()+")")
			verified.Status = Warn
			verified.Fix = cmp.Or(verified.Fix, "gov install --force --source dl"+platformFlag(p, native)+" "+v.String())
		}
	}
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		health.Status, health.Summary = Fail, fmt.Sprintf("cannot read %s: %v", sys.tilde(sdkDir), sys.machineText(err.Error()))
		health.Fix = "ls -ld " + sys.shellPath(sdkDir)
	case len(problems) > 0:
		health.Summary = problems[0]
		if len(problems) > 1 {
			health.Summary += " (and " + count(len(problems)-1, "other problem", "other problems") + ")"
		}
		health.Detail = strings.Join(problems, "\n")
	case n == 0:
		health.Status, health.Summary = Warn, "no Go SDK is installed in "+sys.tilde(home)
		health.Fix = "gov install latest && gov global latest"
	default:
		health.Summary = fmt.Sprintf("%s in %s, each complete (receipt, VERSION, an executable bin/go), its files the sizes and modes its manifest lists", count(n, "SDK", "SDKs"), sys.tilde(home))
		health.Detail = "gov verify reads every file again and checks its content"
	}
	if n == 0 {
		return health, verified, 0
	}
	var parts []string
	for _, k := range []string{"sha256 from the release index", "the checksum database", "imported (not verified)", "unverified"} {
		if kinds[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
		}
	}
	verified.Summary = "how the SDKs were verified: " + strings.Join(parts, ", ")
	if len(unverified) > 0 {
		verified.Summary = "installed without verification: " + strings.Join(unverified, ", ")
	}
	verified.Detail = strings.Join(how, "\n")
	return health, verified, n
}

// filesResult is the quick form of gov verify, one stat for each entry of
// the SDK's manifest (its kind, size and mode): what differs, how bad it
// is and the command that finds out more; "" when nothing differs. An SDK
// from an older gov has no manifest: nothing to check it against, which
// a reinstall mends.
func (sys *System) filesResult(dir string, v gover.Version, p platform.Platform) (problem string, status Status, fix string) {
	flag := platformFlag(p, sys.Platform.Native())
	reinstall := "gov install --force" + flag + " " + v.String()
	err := store.Changed(dir)
	var changed *store.ChangedError
	switch {
	case err == nil:
		return "", OK, ""
	case errors.Is(err, manifest.ErrNone):
		return "has no manifest (installed by an older gov), so whether its files changed cannot be checked; reinstall to record one", Warn, reinstall
	case errors.As(err, &changed):
		problem = "changed since it was installed: " + changed.Changes[0].String()
		if len(changed.Changes) > 1 {
			problem += " (and " + count(len(changed.Changes)-1, "other change", "other changes") + ")"
		}
		return problem, Fail, "gov verify" + flag + " " + v.String() + "   # then: " + reinstall
	}
	return "has a manifest gov cannot read: " + sys.machineText(err.Error()), Fail, reinstall
}

// receiptProblem says why layout.CheckReceipt takes a directory in sdk/
// for no SDK.
func receiptProblem(err error) string {
	var pathErr *fs.PathError
	switch {
	case err == layout.ErrNoReceipt:
		return "has no receipt (an interrupted install or uninstall)"
	case err == layout.ErrIncompleteReceipt:
		return "has an incomplete receipt (cut short by a crash or a full disk)"
	case errors.As(err, &pathErr):
		err = pathErr.Err
	}
	return "has a receipt gov cannot read (" + err.Error() + ")"
}

// verification names how a receipt says its SDK was checked. Imported
// SDKs are the user's explicit choice (gov import says so), so only an
// install that recorded no check is "unverified".
func verification(r layout.Receipt) string {
	switch v := r.Verified; {
	case strings.HasPrefix(v, "sha256"):
		return "sha256 from the release index"
	case strings.HasPrefix(v, "sumdb"):
		return "the checksum database"
	case strings.HasPrefix(v, "imported") || r.Source == "import":
		return "imported (not verified)"
	}
	return "unverified"
}

// removeFix is the command that removes dir, a tree gov may have made
// read-only as it does SDKs: rm -rf alone cannot empty a directory
// without its write bit.
func (sys *System) removeFix(dir string) string {
	p := sys.shellPath(dir)
	return "chmod -R u+w " + p + " && rm -rf " + p
}

// tmpResult reports leftovers of interrupted installs in tmp/.
func (sys *System) tmpResult() Result {
	r := Result{ID: "store.tmp", Status: OK}
	dir := filepath.Join(sys.govHome(), layout.TmpDir)
	entries, _ := sys.readDir(dir)
	if len(entries) == 0 {
		r.Summary = "no leftovers in " + sys.tilde(dir)
		return r
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	r.Status = Warn
	r.Summary = fmt.Sprintf("%s in %s from interrupted installs, such as %s", count(len(names), "leftover", "leftovers"), sys.tilde(dir), names[0])
	r.Detail = strings.Join(names, "\n")
	r.Fix = "gov prune   # as does every install and uninstall, first"
	return r
}

// shimsResult checks that the shims directory holds go, gofmt and a
// go1.X.Y for each installed version, and that they are copies of the
// gov-shim beside the running gov (the stamp gov writes when it syncs).
func (sys *System) shimsResult() Result {
	r := Result{ID: "store.shims", Status: OK}
	dir := sys.shimsDir()
	sdks, _ := layout.List(sys.real(sys.govHome()), platform.Platform{})
	want := []string{sys.exe("go"), sys.exe("gofmt")}
	for _, s := range sdks {
		if name := sys.exe(s.Version.Toolchain()); !slices.Contains(want, name) {
			want = append(want, name)
		}
	}
	var missing, extra []string
	for _, name := range want {
		if !sys.isExec(filepath.Join(dir, name)) {
			missing = append(missing, name)
		}
	}
	entries, _ := sys.readDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") && !slices.Contains(want, e.Name()) {
			extra = append(extra, e.Name())
		}
	}
	fix := sys.syncShimsFix()
	switch {
	case slices.Contains(missing, sys.exe("go")) || slices.Contains(missing, sys.exe("gofmt")):
		r.Status, r.Summary, r.Fix = Fail, fmt.Sprintf("%s is missing shims: %s", sys.tilde(dir), strings.Join(missing, ", ")), fix
		return r
	case len(missing) > 0:
		r.Status, r.Summary, r.Fix = Warn, fmt.Sprintf("%s is missing versioned shims: %s", sys.tilde(dir), strings.Join(missing, ", ")), fix
		return r
	case len(extra) > 0:
		r.Status, r.Summary, r.Fix = Warn, fmt.Sprintf("%s has shims for versions no longer installed: %s", sys.tilde(dir), strings.Join(extra, ", ")), fix
		return r
	}
	r.Summary = fmt.Sprintf("%s has go, gofmt and %s", sys.tilde(dir), count(len(want)-2, "versioned shim", "versioned shims"))
	if sys.Executable == "" {
		return r
	}
	src := filepath.Join(filepath.Dir(sys.Executable), self.Shim)
	gov := filepath.Join(filepath.Dir(sys.Executable), self.Gov)
	stamp, err := shims.Stamp(sys.real(src), sys.real(gov))
	if err != nil {
		r.Status, r.Summary = Warn, fmt.Sprintf("there is no %s beside gov (%s), so the shims cannot be kept current", self.Shim, sys.tilde(sys.Executable))
		r.Fix = "go install github.com/gov-dev/gov/cmd/...@latest"
		return r
	}
	old, _ := sys.readFile(filepath.Join(dir, layout.StampFile))
	if string(old) != stamp {
		r.Status, r.Fix = Warn, fix
		r.Summary = fmt.Sprintf("the shims in %s are not copies of %s", sys.tilde(dir), sys.tilde(src))
		r.Detail = "they were written from another gov-shim (an older build, or another gov); they run, but may lack fixes"
		if lines := strings.Split(string(old), "\n"); len(lines) > 2 && lines[2] != "" {
			r.Detail += "; the gov that wrote them: " + sys.machineText(lines[2])
		}
		return r
	}
	r.Summary += ", current copies of " + sys.tilde(src)
	return r
}

// syncShimsFix is a command that makes gov write its shims again: any
// install does, and an installed version costs no download.
func (sys *System) syncShimsFix() string {
	p, err := sys.targetPlatform()
	if err != nil {
		return "gov install latest"
	}
	sdks, _ := layout.List(sys.real(sys.govHome()), p)
	if len(sdks) == 0 {
		return "gov install latest"
	}
	return "gov install" + platformFlag(p, sys.Platform.Native()) + " " + sdks[0].Version.Pin()
}

// selectedResult is what the shim runs in the working directory.
func (sys *System) selectedResult() Result {
	r := Result{ID: "store.selected", Status: OK}
	if err := sys.selectionErr(); err != nil {
		// What went wrong is the summary; what to do, the fix.
		r.Status, r.Summary, r.Fix = Fail, sys.machineText(err.Error()), sys.selectionFix(err)
		return r
	}
	sel, _ := sys.selection()
	r.Summary = fmt.Sprintf("%s runs here (%s)", sel.SDK.Version.Toolchain(), sys.reason(sel))
	r.Detail = "GOROOT " + sys.machine(sel.SDK.Dir)
	return r
}

// selectionErr is why gov's shim cannot run a go here, or nil.
func (sys *System) selectionErr() error {
	sel, err := sys.selection()
	if err == nil && !sel.Installed() {
		err = shim.NotInstalledError(sel)
	}
	return err
}

// selectionFix is the command that mends a selectionErr.
func (sys *System) selectionFix(err error) string {
	return strings.TrimPrefix(sys.machineText(hint.Of(err)), "run: ")
}

// describeSpec names what a selection asks for: go1.22.3, or "a Go
// matching 1.22".
func describeSpec(sel *shim.Selection) string {
	if e, ok := sel.Spec.(gover.Exact); ok {
		return e.V.Toolchain()
	}
	return "a Go matching " + sel.Raw
}
