// Command testsum reads the events of go test -json on standard input and
// prints what go test prints without -v, plus the tests it skipped:
//
//	go test -json -race ./... | go run ./scripts/testsum
//
// It prints one line per package, as go test does (ok, FAIL, ? ... [no test
// files]); for a package that failed, first the whole output of its failed
// tests, of the tests that never finished (a panic or a timeout ends a test
// binary in mid-test), and of the package outside any test, and the build
// output of a package that did not build; and at the end one line per
// skipped test or subtest, with the reason it gave:
//
//	skipped: TestShells/fish (github.com/gov-dev/gov/pkg/shellenv): shells_test.go:44: fish is not installed
//
// A reason of more than a few lines (testscript logs its transcript of the
// script after the skip message) shows the first line of each entry the
// test logged.
//
// Passing tests print nothing. It exits 1 if a test or a package failed, if
// a package started and the input ended before its final event (go test
// or the test binary was killed), or if there were no events at all; a
// line that is not an event is copied to the output as it is.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one test2json event (go doc test2json). Build output arrives, in
// Go 1.24 and later, as build-output and build-fail events keyed by
// ImportPath, before the package's own events; the package's fail event
// names it in FailedBuild.
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string
	FailedBuild string
	Elapsed     float64
}

func main() {
	os.Exit(run(os.Stdin, os.Stdout))
}

// run summarizes the events on r to w and returns the exit status.
func run(r io.Reader, w io.Writer) int {
	s := &summary{
		w:     w,
		pkgs:  map[string]*pkg{},
		build: map[string]*build{},
	}
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			var e event
			if json.Unmarshal([]byte(line), &e) != nil || e.Action == "" {
				s.printf("%s", withNewline(line))
			} else {
				s.event(&e)
			}
		}
		if err != nil {
			if err != io.EOF {
				s.printf("testsum: reading the events: %v\n", err)
				s.failed = true
			}
			break
		}
	}
	return s.finish()
}

type summary struct {
	w       io.Writer
	pkgs    map[string]*pkg
	order   []string // packages, in the order they started
	build   map[string]*build
	border  []string // build output's import paths, in order
	skipped []skip
	failed  bool

	pkgOK, pkgFail, pkgNoTests int
	testPass, testFail         int
}

// pkg is a package whose final event has not arrived yet.
type pkg struct {
	name    string
	out     []chunk           // all its output, in order
	result  map[string]string // test -> pass, fail, skip; absent while running
	summary string            // go test's own line for it: ok, FAIL, ?
	done    bool
}

// chunk is one output event's text, and the test it belongs to ("" for
// the package outside any test).
type chunk struct{ test, text string }

type build struct {
	out     strings.Builder
	failed  bool
	printed bool
}

type skip struct{ pkg, test, reason string }

func (s *summary) printf(format string, args ...any) {
	fmt.Fprintf(s.w, format, args...)
}

func (s *summary) event(e *event) {
	switch e.Action {
	case "build-output", "build-fail":
		b := s.build[e.ImportPath]
		if b == nil {
			b = &build{}
			s.build[e.ImportPath] = b
			s.border = append(s.border, e.ImportPath)
		}
		b.out.WriteString(e.Output)
		if e.Action == "build-fail" {
			b.failed = true
		}
		return
	}
	if e.Package == "" {
		return
	}
	p := s.pkgs[e.Package]
	if p == nil {
		p = &pkg{name: e.Package, result: map[string]string{}}
		s.pkgs[e.Package] = p
		s.order = append(s.order, e.Package)
	}
	switch e.Action {
	case "output":
		if e.Test == "" && isSummary(e.Output, p.name) {
			p.summary = strings.TrimRight(e.Output, "\n")
			return
		}
		p.out = append(p.out, chunk{e.Test, e.Output})
	case "pass", "fail", "skip", "bench":
		if e.Test != "" {
			p.result[e.Test] = e.Action
			switch e.Action {
			case "pass", "bench":
				s.testPass++
			case "fail":
				s.testFail++
			case "skip":
				s.skipped = append(s.skipped, skip{p.name, e.Test, p.reason(e.Test)})
			}
			return
		}
		s.end(p, e)
	}
}

// isSummary reports whether text is go test's line for the package name:
// "ok  \tname\t0.1s", "FAIL\tname [build failed]", "?   \tname\t[no test files]".
func isSummary(text, name string) bool {
	for _, prefix := range []string{"ok  \t", "FAIL\t", "?   \t"} {
		if rest, ok := strings.CutPrefix(text, prefix+name); ok {
			return rest == "" || strings.ContainsRune("\t \n", rune(rest[0]))
		}
	}
	return false
}

// maxReason is how many lines a skip's reason shows in full; a longer one
// (testscript's transcript of the script, say, which it logs after the
// skip message) shows the first line of each logged entry.
const maxReason = 6

// reason is what a skipped test printed, without the === and --- lines
// the testing package frames it with: the t.Skip message, and whatever
// else it logged, before the skip or in a deferred function after it.
func (p *pkg) reason(test string) string {
	var all strings.Builder
	for _, c := range p.out {
		if c.test == test {
			all.WriteString(c.text)
		}
	}
	var lines []string
	indent := -1 // of the least indented line, which starts a logged entry
	for _, l := range strings.Split(all.String(), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(t, "--- SKIP: ") {
			continue
		}
		lines = append(lines, l)
		if n := len(l) - len(strings.TrimLeft(l, " \t")); indent < 0 || n < indent {
			indent = n
		}
	}
	if len(lines) == 0 {
		return "(no reason given)"
	}
	var out []string
	more := 0 // continuation lines left out of out's last entry
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if len(out) == 0 || len(lines) <= maxReason || len(l)-len(strings.TrimLeft(l, " \t")) == indent {
			if more > 0 {
				out[len(out)-1] += fmt.Sprintf(" [+%d lines]", more)
			}
			out, more = append(out, t), 0
		} else {
			more++
		}
	}
	if more > 0 {
		out[len(out)-1] += fmt.Sprintf(" [+%d lines]", more)
	}
	return strings.Join(out, "\n    ")
}

// end prints the package's line, after its failures' output if it failed.
func (s *summary) end(p *pkg, e *event) {
	p.done = true
	line := p.summary
	switch e.Action {
	case "pass", "bench":
		s.pkgOK++
		if line == "" {
			line = fmt.Sprintf("ok  \t%s\t%.3fs", p.name, e.Elapsed)
		}
	case "skip":
		s.pkgNoTests++
		if line == "" {
			line = fmt.Sprintf("?   \t%s\t[no test files]", p.name)
		}
	case "fail":
		s.pkgFail++
		s.failed = true
		if e.FailedBuild != "" {
			s.printBuild(e.FailedBuild)
		}
		s.printFailures(p)
		if line == "" {
			line = fmt.Sprintf("FAIL\t%s\t%.3fs", p.name, e.Elapsed)
		}
	}
	s.printf("%s\n", line)
	p.out, p.result = nil, nil
}

func (s *summary) printBuild(importPath string) {
	b := s.build[importPath]
	switch {
	case b == nil:
		s.printf("# %s: build failed (no build output)\n", importPath)
	case b.printed:
		s.printf("# %s: build failed (output above)\n", importPath)
	default:
		b.printed = true
		s.printf("%s", withNewline(b.out.String()))
	}
}

// printFailures prints, in the order it came, the output of a package's
// failed tests, of the tests that never ended, and of the package outside
// any test.
func (s *summary) printFailures(p *pkg) {
	var out strings.Builder
	for _, c := range p.out {
		if r, ended := p.result[c.test]; c.test == "" || !ended || r == "fail" {
			out.WriteString(c.text)
		}
	}
	s.printf("%s", withNewline(out.String()))
}

func (s *summary) finish() int {
	unfinished := 0
	for _, name := range s.order {
		p := s.pkgs[name]
		if p.done {
			continue
		}
		unfinished++
		s.failed = true
		s.printFailures(p)
		s.printf("FAIL\t%s\t[no final event: go test or the test binary stopped]\n", name)
	}
	for _, path := range s.border {
		if b := s.build[path]; !b.printed {
			if b.failed {
				s.failed = true
			}
			s.printBuild(path)
		}
	}
	if len(s.order) == 0 && len(s.border) == 0 {
		s.printf("testsum: no test events on standard input\n")
		return 1
	}
	for _, sk := range s.skipped {
		s.printf("skipped: %s (%s): %s\n", sk.test, sk.pkg, sk.reason)
	}
	s.printf("testsum: packages: %d ok, %d failed, %d without tests", s.pkgOK, s.pkgFail, s.pkgNoTests)
	if unfinished > 0 {
		s.printf(", %d unfinished", unfinished)
	}
	s.printf("; tests: %d passed, %d failed, %d skipped\n", s.testPass, s.testFail, len(s.skipped))
	if s.failed {
		return 1
	}
	return 0
}

func withNewline(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}
