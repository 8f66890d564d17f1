package doctor

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"time"

	"github.com/gov-dev/gov/pkg/platform"
	"github.com/gov-dev/gov/pkg/self"
	"github.com/gov-dev/gov/pkg/shellenv"
)

// commandTimeout bounds each program doctor runs (go version of an
// unknown go, cc --version, xcode-select -p). Healthy ones answer in
// milliseconds; the checks run concurrently.
const commandTimeout = 2 * time.Second

// Local returns the System of this machine, as the running gov sees it.
// With offline set it has no Probe: nothing goes over the network.
func Local(offline bool) *System {
	exe, _ := self.Exe()
	wd, _ := os.Getwd()
	groups, _ := os.Getgroups()
	sys := &System{
		Getenv:     os.Getenv,
		Command:    runCommand,
		Xattr:      hasXattr,
		Platform:   Platform{OS: runtime.GOOS, Arch: runtime.GOARCH, Translated: platform.Translated()},
		UID:        os.Getuid(),
		Groups:     groups,
		Dir:        wd,
		Executable: exe,
		Parent:     shellenv.ParentName(),
	}
	if !offline {
		sys.Probe = probeHTTP
	}
	return sys
}

// runCommand runs a program for a check, within commandTimeout. It runs
// with GOTOOLCHAIN=local and without GOV_AUTO_INSTALL, so that "go
// version" of some go in PATH can neither download a toolchain nor make a
// gov shim install one; stdin is empty, so nothing waits for input.
func runCommand(ctx context.Context, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOV_AUTO_INSTALL=")
	cmd.WaitDelay = 100 * time.Millisecond
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = errors.New("no answer within " + commandTimeout.String())
	}
	return out, err
}

var probeClient = &http.Client{
	// A redirect is an answer.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// probeHTTP asks url and returns the status code; the context bounds it.
func probeHTTP(ctx context.Context, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "gov-doctor")
	resp, err := probeClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
