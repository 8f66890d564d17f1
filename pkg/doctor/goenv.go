package doctor

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gov-dev/gov/pkg/hint"
)

// calledOut are the go env -w settings that change which Go runs, where
// its files go or how every command behaves: each gets its own line.
var calledOut = []string{"GOROOT", "GOPATH", "GOBIN", "GOTOOLCHAIN", "GOPROXY", "GOFLAGS"}

// checkGoEnv reports the settings go env -w wrote to the go command's own
// settings file. Nothing in the shell shows them, yet every go command
// obeys them.
func checkGoEnv(ctx context.Context, sys *System) []Result {
	file, vars, err := sys.goEnvFile()
	r := Result{ID: "goenv", Status: OK}
	switch {
	case file == "":
		r.Summary = "GOENV=off: the go command reads no settings file"
	case err != nil:
		r.Status, r.Summary = Warn, fmt.Sprintf("cannot read the go env -w settings in %s: %s", sys.tilde(file), hint.Reason(err))
		r.Fix = "ls -l " + sys.shellPath(file)
	case len(vars) == 0:
		r.Summary = "no settings from go env -w (" + sys.tilde(file) + ")"
	default:
		keys := make([]string, 0, len(vars))
		for k := range vars {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		r.Summary = fmt.Sprintf("go env -w set %s (in %s)", strings.Join(keys, ", "), sys.tilde(file))
		var b strings.Builder
		b.WriteString("every go command reads these, though no shell shows them:")
		for _, k := range keys {
			fmt.Fprintf(&b, "\n  %s=%s", k, vars[k])
			if env := sys.envOverride(k); env != "" {
				fmt.Fprintf(&b, " (%s overrides it)", env)
			}
		}
		r.Detail = b.String()
	}
	results := []Result{r}
	for _, k := range calledOut {
		if v, ok := vars[k]; ok {
			results = append(results, sys.hiddenSetting(k, v))
		}
	}
	return results
}

// hiddenSetting judges one called-out setting from the go env file.
func (sys *System) hiddenSetting(k, v string) Result {
	r := Result{ID: "goenv." + strings.ToLower(k), Status: OK, Summary: fmt.Sprintf("go env -w set %s=%s", k, v)}
	unset := "go env -u " + k
	switch k {
	case "GOROOT":
		r.Status, r.Fix = Warn, unset
		r.Detail = "every go run outside gov's shim uses that SDK; gov's shim overrides it with the SDK it selects"
		if !sys.isDir(filepath.Join(sys.abs(v), "src", "fmt")) {
			r.Status, r.Summary = Fail, fmt.Sprintf("go env -w set GOROOT=%s, which is not a Go SDK", v)
		}
	case "GOTOOLCHAIN":
		if v != "local" {
			r.Status, r.Fix = Warn, unset
			r.Detail = "a go run outside gov's shim may download and run other toolchains; gov's shim runs go with GOTOOLCHAIN=local unless the environment sets GOTOOLCHAIN"
		}
	case "GOFLAGS":
		r.Status, r.Fix = Warn, unset
		r.Detail = "every go command adds these flags, which no command line shows"
	case "GOPATH", "GOBIN":
		for _, p := range filepath.SplitList(v) {
			if !filepath.IsAbs(p) {
				// Nothing fails while the environment overrides it.
				r.Status, r.Fix = Fail, unset
				if sys.Getenv(k) != "" {
					r.Status = Warn
				}
				r.Summary = fmt.Sprintf("go env -w set %s=%s, which is not an absolute path", k, v)
			}
		}
	case "GOPROXY":
		if v == "off" {
			r.Status, r.Fix = Warn, unset
			r.Detail = "with GOPROXY=off the go command downloads no module"
		}
	}
	if env := sys.envOverride(k); env != "" {
		r.Detail = strings.TrimPrefix(r.Detail+"; ", "; ") + env + " overrides it for now"
	}
	return r
}

// envOverride names what in the environment overrides the go env -w
// setting k: the user's own value, or in hook mode the GOTOOLCHAIN=local
// that gov's prompt hook exported; "" for nothing.
func (sys *System) envOverride(k string) string {
	env := sys.Getenv(k)
	switch {
	case env == "":
		return ""
	case sys.hooked(k):
		return fmt.Sprintf("gov's prompt hook's %s=%s (hook mode)", k, env)
	}
	return fmt.Sprintf("the environment's %s=%s", k, env)
}
