package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The streams in testdata/*.jsonl are go test -json's, recorded with Go
// 1.26 from a module example.com/ex whose packages pass, fail, skip, panic,
// time out (-timeout 5s), exit from TestMain, and fail to build, and from
// one, example.com/tsmod, that runs a testscript script that skips; the
// Time fields are cut out.

func stream(t *testing.T, names ...string) string {
	t.Helper()
	var s strings.Builder
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join("testdata", name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		s.Write(b)
	}
	return s.String()
}

func summarize(t *testing.T, in string) (string, int) {
	t.Helper()
	var out strings.Builder
	code := run(strings.NewReader(in), &out)
	return out.String(), code
}

func TestSummaries(t *testing.T) {
	for _, tc := range []struct {
		name    string
		streams []string
		code    int
		want    string
	}{{
		name:    "pass",
		streams: []string{"pass"},
		want: "ok  \texample.com/ex/pass\t0.003s\n" +
			"testsum: packages: 1 ok, 0 failed, 0 without tests; tests: 3 passed, 0 failed, 0 skipped\n",
	}, {
		name:    "no test files",
		streams: []string{"notests"},
		want: "?   \texample.com/ex/notests\t[no test files]\n" +
			"testsum: packages: 0 ok, 0 failed, 1 without tests; tests: 0 passed, 0 failed, 0 skipped\n",
	}, {
		// The passing TestOK's log stays hidden; TestParent's passing
		// subtest too, but not TestParent's own lines.
		name:    "fail with output",
		streams: []string{"fail"},
		code:    1,
		want: "=== RUN   TestBad\n" +
			"    a_test.go:4: before\n" +
			"    a_test.go:4: got 1,\n" +
			"        want 2\n" +
			"--- FAIL: TestBad (0.00s)\n" +
			"=== RUN   TestParent\n" +
			"    a_test.go:6: parent line\n" +
			"=== RUN   TestParent/bad\n" +
			"    a_test.go:8: sub broke\n" +
			"--- FAIL: TestParent/bad (0.00s)\n" +
			"--- FAIL: TestParent (0.00s)\n" +
			"FAIL\n" +
			"FAIL\texample.com/ex/fail\t0.002s\n" +
			"testsum: packages: 0 ok, 1 failed, 0 without tests; tests: 2 passed, 3 failed, 0 skipped\n",
	}, {
		// A skip's reason is everything the test printed, framing aside;
		// a continued line keeps its place under the first.
		name:    "skip with reason",
		streams: []string{"skip"},
		want: "ok  \texample.com/ex/skip\t0.003s\n" +
			"skipped: TestSkip (example.com/ex/skip): a_test.go:3: zsh is not installed\n" +
			"skipped: TestSkip2 (example.com/ex/skip): a_test.go:4: looked\n" +
			"    a_test.go:4: two\n" +
			"    lines\n" +
			"skipped: TestSkipNow (example.com/ex/skip): (no reason given)\n" +
			"testsum: packages: 1 ok, 0 failed, 0 without tests; tests: 0 passed, 0 failed, 3 skipped\n",
	}, {
		name:    "subtest skip",
		streams: []string{"subtest_skip"},
		want: "ok  \texample.com/ex/sub\t0.003s\n" +
			"skipped: TestShells/fish (example.com/ex/sub): a_test.go:7: fish is not installed\n" +
			"testsum: packages: 1 ok, 0 failed, 0 without tests; tests: 2 passed, 0 failed, 1 skipped\n",
	}, {
		// testscript logs its transcript after the skip message; more
		// than a few lines shorten to each entry's first.
		name:    "testscript skip",
		streams: []string{"testscript_skip"},
		want: "ok  \texample.com/tsmod\t0.005s\n" +
			"skipped: TestScript/fishy (example.com/tsmod): cmd.go:380: nosuchfish is not installed (.ci/run installs it)\n" +
			"    testscript.go:609: WORK=$WORK [+12 lines]\n" +
			"testsum: packages: 1 ok, 0 failed, 0 without tests; tests: 2 passed, 0 failed, 1 skipped\n",
	}, {
		// Go 1.24 and later send build output as build-output events
		// before the package starts; usesdep fails on dep's build, whose
		// output is already there.
		name:    "build failure",
		streams: []string{"build_fail"},
		code:    1,
		want: "# example.com/ex/build [example.com/ex/build.test]\n" +
			"build/a_test.go:3:32: declared and not used: x\n" +
			"build/a_test.go:3:40: cannot use \"s\" (untyped string constant) as int value in variable declaration\n" +
			"FAIL\texample.com/ex/build [build failed]\n" +
			"# example.com/ex/dep\n" +
			"dep/a.go:2:23: cannot use \"x\" (untyped string constant) as int value in return statement\n" +
			"FAIL\texample.com/ex/dep [build failed]\n" +
			"# example.com/ex/dep: build failed (output above)\n" +
			"FAIL\texample.com/ex/usesdep [build failed]\n" +
			"testsum: packages: 0 ok, 3 failed, 0 without tests; tests: 0 passed, 0 failed, 0 skipped\n",
	}, {
		// TestMain's own failure is output outside any test.
		name:    "TestMain exits 3",
		streams: []string{"testmain_exit"},
		code:    1,
		want: "PASS\n" +
			"teardown failed\n" +
			"FAIL\texample.com/ex/exitmain\t0.002s\n" +
			"testsum: packages: 0 ok, 1 failed, 0 without tests; tests: 1 passed, 0 failed, 0 skipped\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, code := summarize(t, stream(t, tc.streams...))
			if got != tc.want || code != tc.code {
				t.Errorf("got exit %d and\n%s\nwant exit %d and\n%s", code, got, tc.code, tc.want)
			}
		})
	}
}

// A panicking test and a test killed by -timeout: go test sends no fail
// event for the timed-out one at all, so the output of a test that never
// ended is printed with the failed ones'.
func TestPanicAndTimeout(t *testing.T) {
	got, code := summarize(t, stream(t, "panic", "timeout", "pass"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"    a_test.go:4: about to\n--- FAIL: TestPanic (0.00s)\npanic: boom [recovered, repanicked]\n",
		"/src/ex/panicpkg/a_test.go:4 +0x4d\n",
		"FAIL\texample.com/ex/panicpkg\t0.004s\n",
		"=== RUN   TestSlow\n    a_test.go:3: sleeping\npanic: test timed out after 5s\n",
		"/src/ex/timeout/a_test.go:3 +0x49\n",
		"FAIL\texample.com/ex/timeout\t5.005s\n",
		"ok  \texample.com/ex/pass\t0.003s\n",
		"testsum: packages: 1 ok, 2 failed, 0 without tests; tests: 4 passed, 1 failed, 0 skipped\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "TestFine") {
		t.Errorf("output shows the passing TestFine:\n%s", got)
	}
}

// A stream that ends before a package's final event is a crashed or killed
// go test: the package fails, with what its unfinished tests printed, even
// though no event says fail.
func TestTruncated(t *testing.T) {
	lines := strings.SplitAfter(stream(t, "fail"), "\n")
	cut := 0
	for i, l := range lines {
		if strings.Contains(l, `"Output":"    a_test.go:6: parent line\n"`) {
			cut = i + 1
		}
	}
	in := stream(t, "pass") + strings.Join(lines[:cut], "")
	got, code := summarize(t, in)
	want := "ok  \texample.com/ex/pass\t0.003s\n" +
		"=== RUN   TestBad\n" +
		"    a_test.go:4: before\n" +
		"    a_test.go:4: got 1,\n" +
		"        want 2\n" +
		"--- FAIL: TestBad (0.00s)\n" +
		"=== RUN   TestParent\n" +
		"    a_test.go:6: parent line\n" +
		"FAIL\texample.com/ex/fail\t[no final event: go test or the test binary stopped]\n" +
		"testsum: packages: 1 ok, 0 failed, 0 without tests, 1 unfinished; tests: 4 passed, 1 failed, 0 skipped\n"
	if got != want || code != 1 {
		t.Errorf("got exit %d and\n%s\nwant exit 1 and\n%s", code, got, want)
	}

	// Even a package that has passed every test so far fails.
	passLines := strings.SplitAfter(stream(t, "pass"), "\n")
	got, code = summarize(t, strings.Join(passLines[:len(passLines)-2], ""))
	if code != 1 || !strings.Contains(got, "FAIL\texample.com/ex/pass\t[no final event") {
		t.Errorf("got exit %d and\n%s\nwant exit 1 and a FAIL line", code, got)
	}

	// A build that failed with no package event after it: its output
	// shows, and the run fails.
	buildLines := strings.SplitAfter(stream(t, "build_fail"), "\n")
	got, code = summarize(t, strings.Join(buildLines[:4], ""))
	if code != 1 || !strings.Contains(got, "declared and not used: x\n") {
		t.Errorf("got exit %d and\n%s\nwant exit 1 and the build output", code, got)
	}
}

func TestNoEvents(t *testing.T) {
	got, code := summarize(t, "")
	if code != 1 || got != "testsum: no test events on standard input\n" {
		t.Errorf("got exit %d and %q", code, got)
	}
}

// Lines that are not events (the go command's own complaints, say) are
// copied; a package's output split across events without a newline joins
// up again.
func TestNotEventsAndSplitLines(t *testing.T) {
	in := "go: something the go command said\n" +
		`{"Action":"start","Package":"p"}` + "\n" +
		`{"Action":"run","Package":"p","Test":"TestA"}` + "\n" +
		`{"Action":"output","Package":"p","Test":"TestA","Output":"    a_test.go:1: a long li"}` + "\n" +
		`{"Action":"output","Package":"p","Test":"TestA","Output":"ne\n"}` + "\n" +
		`{"Action":"skip","Package":"p","Test":"TestA"}` + "\n" +
		`{"Action":"pass","Package":"p","Elapsed":0.5}` // no final newline
	got, code := summarize(t, in)
	want := "go: something the go command said\n" +
		"ok  \tp\t0.500s\n" +
		"skipped: TestA (p): a_test.go:1: a long line\n" +
		"testsum: packages: 1 ok, 0 failed, 0 without tests; tests: 0 passed, 0 failed, 1 skipped\n"
	if got != want || code != 0 {
		t.Errorf("got exit %d and\n%s\nwant exit 0 and\n%s", code, got, want)
	}
}

// A long reason whose first line is not its least indented one.
func TestLongReason(t *testing.T) {
	var in strings.Builder
	in.WriteString(`{"Action":"start","Package":"p"}` + "\n")
	for _, l := range []string{
		`        stray\n`,
		`    a_test.go:1: first\n`, `        1\n`, `        2\n`,
		`    a_test.go:2: second\n`, `        3\n`, `        4\n`, `        5\n`,
	} {
		in.WriteString(`{"Action":"output","Package":"p","Test":"TestA","Output":"` + l + `"}` + "\n")
	}
	in.WriteString(`{"Action":"skip","Package":"p","Test":"TestA"}` + "\n")
	in.WriteString(`{"Action":"pass","Package":"p"}` + "\n")
	got, code := summarize(t, in.String())
	want := "ok  \tp\t0.000s\n" +
		"skipped: TestA (p): stray\n" +
		"    a_test.go:1: first [+2 lines]\n" +
		"    a_test.go:2: second [+3 lines]\n" +
		"testsum: packages: 1 ok, 0 failed, 0 without tests; tests: 0 passed, 0 failed, 1 skipped\n"
	if got != want || code != 0 {
		t.Errorf("got exit %d and\n%s\nwant exit 0 and\n%s", code, got, want)
	}
}
