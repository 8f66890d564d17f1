package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
)

// TestProgressOnTerminal checks that a download shows a progress bar when
// stderr is a terminal (a pseudo-terminal here); install_quiet.txt checks
// that it does not otherwise.
func TestProgressOnTerminal(t *testing.T) {
	big := make([]byte, 1<<20) // random: the archive stays about 1 MB
	rand.Read(big)
	data := fetchtest.TarGz(append(fetchtest.FakeSDK("go1.22.3", "linux-amd64"), fetchtest.Entry{Name: "go/big", Body: string(big), Mode: 0o644}))
	indexURL, baseURL := serveReleases(t, []fetchtest.Release{{Version: "go1.22.3", Files: []fetchtest.File{{Filename: "go1.22.3.linux-amd64.tar.gz", Platform: "linux-amd64", Data: data}}}}, nil)
	t.Setenv("GOV_HOME", filepath.Join(t.TempDir(), "gov"))
	t.Setenv("GOV_DL_INDEX", indexURL)
	t.Setenv("GOV_DL_BASE", baseURL)
	t.Setenv("GOV_PLATFORM", "linux-amd64")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("NO_COLOR", "1")
	t.Setenv("TERM", "xterm")

	bar := regexp.MustCompile(`\rgo1\.22\.3\.linux-amd64\.tar\.gz +\d+% \|`)
	for _, quiet := range []bool{false, true} {
		master, tty, err := openPTY()
		if err != nil {
			t.Skipf("cannot open a pseudo-terminal: %v", err)
		}
		done := make(chan []byte)
		go func() {
			var buf bytes.Buffer
			io.Copy(&buf, master) // ends with EIO once tty is closed
			done <- buf.Bytes()
		}()
		args := []string{"gov", "install", "--force", "1.22.3"}
		if quiet {
			args = []string{"gov", "install", "--force", "--quiet", "1.22.3"}
		}
		var stdout bytes.Buffer
		code := Main(args, &stdout, tty)
		tty.Close()
		out := string(<-done)
		master.Close()
		switch {
		case code != 0:
			t.Errorf("%s on a terminal = exit %d, output %q", strings.Join(args, " "), code, out)
		case quiet && out != "":
			t.Errorf("%s on a terminal printed %q, want nothing", strings.Join(args, " "), out)
		case !quiet && !bar.MatchString(out):
			t.Errorf("%s on a terminal printed %q, want a progress bar matching %s", strings.Join(args, " "), out, bar)
		}
	}
}

// openPTY opens a pseudo-terminal pair.
func openPTY() (master, tty *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, err
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, tty, nil
}
