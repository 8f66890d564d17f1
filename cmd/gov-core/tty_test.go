package main

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() { scriptCmds["tty"] = cmdTTY }

// ttyPrompt is the prompt of every shell tty starts, so that tty can tell
// when a command has finished.
const ttyPrompt = "gov-test$ "

// ttyDeadline bounds each wait for a prompt. It only turns a hung shell
// into a failure with the screen shown; nothing is timed.
const ttyDeadline = 30 * time.Second

// cmdTTY drives an interactive shell in a terminal (tmux, on a private
// socket in $WORK: no other tmux server is touched), the way a person does: type a line, press Enter, wait
// for the next prompt.
//
//	tty start SHELL ARGS...   start SHELL in $WORK with the script's environment
//	tty run LINE              type LINE and Enter; its output is tty's stdout
//	tty ask LINE WANT ANSWER  type LINE and Enter, wait for a line that
//	                          matches the regexp WANT (a question), type
//	                          ANSWER and Enter; the output, question and
//	                          answer included, is tty's stdout
//	tty tab TEXT WANT         type TEXT and Tab, wait for a line that matches
//	                          the regexp WANT, print the screen from the
//	                          line's prompt on (the line as completed, and
//	                          the list of candidates), then clear the line
//	tty repeat N LINE...      type each LINE in turn, N times over, each
//	                          with Enter and a wait for the next prompt;
//	                          nothing is printed
//	tty stop                  end the shell and the tmux server
func cmdTTY(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! tty")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: tty start SHELL ARGS... | tty run LINE | tty ask LINE WANT ANSWER | tty tab TEXT WANT | tty stop")
	}
	// Each start gets its own socket: a server still exiting after tty
	// stop must not meet the next one.
	if args[0] == "start" {
		n, _ := strconv.Atoi(ts.Getenv("TTY_N"))
		ts.Setenv("TTY_N", strconv.Itoa(n+1))
		ts.Setenv("TTY_SOCK", ts.MkAbs("tmux"+strconv.Itoa(n+1)+".sock"))
	}
	sock := ts.Getenv("TTY_SOCK")
	if sock == "" {
		ts.Fatalf("tty %s before tty start", args[0])
	}
	tmux := func(args ...string) string {
		cmd := exec.Command("tmux", append([]string{"-S", sock, "-f", os.DevNull}, args...)...)
		cmd.Env = ttyEnv(ts)
		out, err := cmd.CombinedOutput()
		if err != nil {
			ts.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	screen := func() []string {
		return strings.Split(strings.TrimRight(tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "gov"), "\n"), "\n")
	}
	// waitPrompts waits until the screen shows n prompts, the last one
	// ready for input, and returns the screen.
	waitPrompts := func(n int) []string {
		deadline := time.Now().Add(ttyDeadline)
		for {
			lines := screen()
			if count := countPrompts(lines); count >= n && strings.HasPrefix(lines[len(lines)-1], ttyPrompt) {
				return lines
			}
			if time.Now().After(deadline) {
				ts.Fatalf("no prompt %d after %v; the screen:\n%s", n, ttyDeadline, strings.Join(lines, "\n"))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	switch args[0] {
	case "start":
		if len(args) < 2 {
			ts.Fatalf("usage: tty start SHELL ARGS...")
		}
		tmux(append([]string{"new-session", "-d", "-s", "gov", "-x", "200", "-y", "50", "-c", ts.Getenv("WORK"), "--"}, args[1:]...)...)
		ts.Defer(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
		waitPrompts(1)
	case "run", "ask":
		if args[0] == "run" && len(args) != 2 || args[0] == "ask" && len(args) != 4 {
			ts.Fatalf("usage: tty run LINE | tty ask LINE WANT ANSWER")
		}
		before := countPrompts(screen())
		if args[1] != "" {
			tmux("send-keys", "-t", "gov", "-l", args[1])
		}
		tmux("send-keys", "-t", "gov", "Enter")
		if args[0] == "ask" {
			want, err := regexp.Compile(args[2])
			ts.Check(err)
			for deadline := time.Now().Add(ttyDeadline); !slices.ContainsFunc(fromLastPrompt(screen()), want.MatchString); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					ts.Fatalf("no line matches %q after %v; the screen:\n%s", args[2], ttyDeadline, strings.Join(screen(), "\n"))
				}
			}
			tmux("send-keys", "-t", "gov", "-l", args[3])
			tmux("send-keys", "-t", "gov", "Enter")
		}
		lines := waitPrompts(before + 1)
		// The output is what follows the prompt where LINE was typed.
		var out []string
		seen := 0
		for _, l := range lines {
			if strings.HasPrefix(l, ttyPrompt) {
				seen++
				continue
			}
			if seen == before {
				out = append(out, l)
			}
		}
		w := ts.Stdout()
		for _, l := range out {
			w.Write([]byte(l + "\n"))
		}
	case "repeat":
		n, err := strconv.Atoi(args[min(1, len(args)-1)])
		if len(args) < 3 || err != nil {
			ts.Fatalf("usage: tty repeat N LINE...")
		}
		prompts := countPrompts(screen())
		for range n {
			for _, line := range args[2:] {
				if line != "" {
					tmux("send-keys", "-t", "gov", "-l", line)
				}
				tmux("send-keys", "-t", "gov", "Enter")
				prompts++
				waitPrompts(prompts)
			}
		}
	case "tab":
		if len(args) != 3 {
			ts.Fatalf("usage: tty tab TEXT WANT")
		}
		want, err := regexp.Compile(args[2])
		ts.Check(err)
		tmux("send-keys", "-t", "gov", "-l", args[1])
		tmux("send-keys", "-t", "gov", "Tab")
		var out []string
		for deadline := time.Now().Add(ttyDeadline); ; {
			out = fromLastPrompt(screen())
			if slices.ContainsFunc(out, want.MatchString) {
				break
			}
			if time.Now().After(deadline) {
				ts.Fatalf("no line matches %q after %v; the screen:\n%s", args[2], ttyDeadline, strings.Join(out, "\n"))
			}
			time.Sleep(20 * time.Millisecond)
		}
		for _, l := range out {
			ts.Stdout().Write([]byte(l + "\n"))
		}
		// Clear the line (and with it the list) for the next command.
		tmux("send-keys", "-t", "gov", "C-u")
		for deadline := time.Now().Add(ttyDeadline); ; {
			if out := fromLastPrompt(screen()); len(out) == 1 && out[0] == strings.TrimSpace(ttyPrompt) {
				break
			}
			if time.Now().After(deadline) {
				ts.Fatalf("the line is not cleared after %v; the screen:\n%s", ttyDeadline, strings.Join(screen(), "\n"))
			}
			time.Sleep(20 * time.Millisecond)
		}
	case "stop":
		tmux("kill-server")
	default:
		ts.Fatalf("unknown tty command %q", args[0])
	}
}

// fromLastPrompt returns lines from the last one that starts with the
// prompt on, without trailing blanks and blank lines.
func fromLastPrompt(lines []string) []string {
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(l, ttyPrompt) {
			start = i
		}
	}
	var out []string
	for _, l := range lines[start:] {
		if l = strings.TrimRight(l, " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func countPrompts(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, ttyPrompt) {
			n++
		}
	}
	return n
}

// ttyEnv is the environment of the tmux server and so of the shell: the
// script's own, with tty's prompt. Every variable that points gov at a
// server goes along (the mirror's, the closed GOPROXY): a gov command typed
// into the shell must never reach for the real network.
func ttyEnv(ts *testscript.TestScript) []string {
	env := []string{"PS1=" + ttyPrompt, "TERM=xterm-256color", "LANG=C.UTF-8"}
	for _, k := range []string{"PATH", "HOME", "WORK", "TMPDIR", "GOV_HOME", "GOV_PLATFORM", "GOV_DL_INDEX", "XDG_CONFIG_HOME"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	for _, k := range []string{
		"GOV_DL_BASE", "GOV_SOURCE", "GOV_OFFLINE", "GOV_INSECURE", "GOV_RELEASE_URL", "GOV_INDEX_TTL",
		"GOV_READ_TIMEOUT", "GOV_HEADER_TIMEOUT", "GOV_DIAL_TIMEOUT",
		"GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOFLAGS", "GORACE",
	} {
		if v := ts.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}
