// Command benchcmd times commands against each other in one run: it runs
// them in turn (interleaved, so that machine noise hits all alike) and
// prints each one's median, minimum and 90th percentile wall time, its
// peak RSS, and its overhead over the first command.
//
//	go run ./scripts/benchcmd -n 300 -C DIR 'direct=/sdk/bin/go version' 'shim=/home/.gov/shims/go version'
//
// A command is LABEL=ARGV, split on spaces (paths must not hold spaces);
// leading NAME=VALUE words set the command's environment, as in a shell:
//
//	'cold=GOV_HOME=/tmp/empty /bin/gov env zsh'
//
// A program named without a slash is looked up in PATH at each run, as
// execvp does, in the PATH the command sets if it sets one, and the lookup
// counts in its time:
//
//	'hook=PATH=/home/.gov/sdk/go1.22.3.linux-amd64/bin:/home/.gov/shims:/usr/bin go version'

package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

type command struct {
	label  string
	argv   []string
	env    []string // NAME=VALUE set for the command
	times  []time.Duration
	maxRSS int64 // KiB; -1 where the system does not say
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("benchcmd: ")
	n := flag.Int("n", 200, "runs of each command")
	dir := flag.String("C", "", "run the commands in this directory")
	warmup := flag.Int("warmup", 10, "untimed runs of each command first")
	flag.Parse()
	var cmds []*command
	for _, arg := range flag.Args() {
		label, line, ok := strings.Cut(arg, "=")
		if !ok || strings.TrimSpace(line) == "" {
			log.Fatalf("want LABEL=COMMAND, got %q", arg)
		}
		c := &command{label: label, argv: strings.Fields(line), maxRSS: -1}
		for len(c.argv) > 1 && strings.Contains(c.argv[0], "=") && !strings.HasPrefix(c.argv[0], "/") {
			c.env, c.argv = append(c.env, c.argv[0]), c.argv[1:]
		}
		cmds = append(cmds, c)
	}
	if len(cmds) == 0 {
		log.Fatal("no commands")
	}
	for i := 0; i < *warmup+*n; i++ {
		for _, c := range cmds {
			d, rss := run(c.argv, c.env, *dir)
			if i >= *warmup {
				c.times = append(c.times, d)
				c.maxRSS = max(c.maxRSS, rss)
			}
		}
	}
	base := median(cmds[0].times)
	fmt.Printf("%-12s %10s %10s %10s %12s %12s\n", "command", "median", "min", "p90", "peak RSS", "overhead")
	for _, c := range cmds {
		m := median(c.times)
		fmt.Printf("%-12s %10s %10s %10s %12s %12s\n", c.label, ms(m), ms(slices.Min(c.times)), ms(pct(c.times, 90)), kib(c.maxRSS), signedMs(m-base))
	}
}

func run(argv, env []string, dir string) (time.Duration, int64) {
	name, look := argv[0], time.Duration(0)
	if !strings.Contains(name, "/") {
		t := time.Now()
		p, err := lookPath(name, pathOf(env))
		look = time.Since(t)
		if err != nil {
			log.Fatal(err)
		}
		name = p
	}
	cmd := exec.Command(name, argv[1:]...)
	cmd.Args[0] = argv[0]
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.Stdout, cmd.Stderr = nil, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s: %v", strings.Join(argv, " "), err)
	}
	d := time.Since(start) + look
	return d, peakRSS(cmd.ProcessState)
}

// pathOf returns the PATH that env sets, or else this process's.
func pathOf(env []string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], "PATH="); ok {
			return v
		}
	}
	return os.Getenv("PATH")
}

// lookPath finds name as execvp does: the first executable regular file
// of that name in the directories of path, an empty one meaning ".".
func lookPath(name, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		p := dir + string(filepath.Separator) + name
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: not found in PATH %s", name, path)
}

// kib formats a peak RSS in KiB, or "unknown" (peakRSS says -1).
func kib(n int64) string {
	if n < 0 {
		return "unknown"
	}
	return fmt.Sprintf("%d KiB", n)
}

func median(ts []time.Duration) time.Duration { return pct(ts, 50) }

func pct(ts []time.Duration, p int) time.Duration {
	s := slices.Clone(ts)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/1e6) }

func signedMs(d time.Duration) string {
	if d >= 0 {
		return "+" + ms(d)
	}
	return "-" + ms(-d)
}
