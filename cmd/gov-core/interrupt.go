package main

// What gov does when Ctrl-C interrupts it (SIGINT) or it is asked to stop
// (SIGTERM), whatever the command; Main is the one place that applies it.
//
//   - The first signal cancels the command's context: the command stops at
//     its next step and undoes what it began (an install removes its
//     staging directory and partial download, and releases its lock).
//   - A second signal ends gov at once, as if it caught none: a kill loses
//     nothing of the store (faults_test.go), so there is no need to wait.
//   - A command that finishes all the same (the signal came after its last
//     step that can stop, such as an install's rename into sdk/) succeeds
//     as usual: what it says it did, it did.
//   - A command that stops prints one line, "gov: interrupted", followed by
//     what the installs it made did, if it made any ("nothing was
//     installed", or "only go1.21.0 was installed" when an earlier SDK of
//     the same command was), and exits 128 + the signal's number: 130 for
//     SIGINT and 143 for SIGTERM, as a shell reports a command the signal
//     killed.

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/gov-dev/gov/pkg/install"
)

// interruptible returns a context that the first SIGINT or SIGTERM
// cancels, with an *interruption as its cause, and the function that stops
// listening for them.
func interruptible() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			signal.Stop(sigs) // the next signal has its default effect
			cancel(&interruption{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// An interruption is the signal that cancelled a command's context.
type interruption struct{ sig os.Signal }

func (i *interruption) Error() string { return "interrupted by " + i.sig.String() }

// interrupted reports whether a signal cancelled ctx, and if so, the line
// gov prints for the error err of the command it stopped, and the exit
// status.
func interrupted(ctx context.Context, err error) (line string, code int, ok bool) {
	var in *interruption
	if !errors.As(context.Cause(ctx), &in) {
		return "", 0, false
	}
	line = "interrupted"
	if ie := (*install.Error)(nil); errors.As(err, &ie) {
		var names []string
		for _, sdk := range ie.Installed {
			names = append(names, sdk.Version.Toolchain())
		}
		switch len(names) {
		case 0:
			line += "; nothing was installed"
		case 1:
			line += "; only " + names[0] + " was installed"
		default:
			line += "; only " + strings.Join(names, ", ") + " were installed"
		}
	}
	code = 1
	if s, ok := in.sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	return line, code, true
}
