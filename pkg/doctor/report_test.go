package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

var reportGroups = []Group{
	{ID: "path", Title: "PATH", Results: []Result{
		{ID: "path.go", Status: OK, Summary: "go is gov's shim", Detail: "every go in PATH:\n  /a/go"},
		{ID: "path.gofmt", Status: Fail, Summary: "gofmt is /usr/bin/gofmt", Fix: "sudo apt-get remove golang-go"},
	}},
	{ID: "goroot", Title: "GOROOT", Results: []Result{
		{ID: "goroot", Status: Warn, Summary: "GOROOT is set", Detail: "why", Fix: "unset GOROOT"},
	}},
}

func TestWriteText(t *testing.T) {
	tests := []struct {
		verbose bool
		want    string
	}{
		{false, `PATH
  ok    go is gov's shim
  fail  gofmt is /usr/bin/gofmt
        fix: sudo apt-get remove golang-go

GOROOT
  warn  GOROOT is set
        fix: unset GOROOT

1 failure, 1 warning (gov doctor -v shows the details)
`},
		{true, `PATH
  ok    go is gov's shim
        every go in PATH:
          /a/go
  fail  gofmt is /usr/bin/gofmt
        fix: sudo apt-get remove golang-go

GOROOT
  warn  GOROOT is set
        fix: unset GOROOT
        why

1 failure, 1 warning
`},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := WriteText(&buf, reportGroups, false, tt.verbose); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != tt.want {
			t.Errorf("WriteText(verbose=%v) =\n%s\nwant\n%s", tt.verbose, got, tt.want)
		}
	}
}

func TestWriteTextColor(t *testing.T) {
	var plain, color bytes.Buffer
	WriteText(&plain, reportGroups, false, false)
	WriteText(&color, reportGroups, true, false)
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("WriteText without colour has escape codes:\n%q", plain.String())
	}
	for _, want := range []string{ansiRed + "fail" + ansiReset, ansiYellow + "warn" + ansiReset, ansiGreen + "ok  " + ansiReset} {
		if !strings.Contains(color.String(), want) {
			t.Errorf("WriteText with colour lacks %q:\n%q", want, color.String())
		}
	}
}

func TestWriteTextAllOK(t *testing.T) {
	var buf bytes.Buffer
	WriteText(&buf, []Group{{Title: "T", Results: []Result{{ID: "t", Status: OK, Summary: "fine"}}}}, false, false)
	if got, want := buf.String(), "T\n  ok    fine\n\nall ok\n"; got != want {
		t.Errorf("WriteText = %q, want %q", got, want)
	}
}

// The JSON shape is a contract: a list of exactly these five keys.
func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, reportGroups); err != nil {
		t.Fatal(err)
	}
	var got []map[string]string
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("WriteJSON printed %q: %v", buf.String(), err)
	}
	if len(got) != 3 {
		t.Fatalf("WriteJSON printed %d results, want 3", len(got))
	}
	for _, r := range got {
		if len(r) != 5 || r["id"] == "" || r["status"] == "" || r["summary"] == "" {
			t.Errorf("WriteJSON result %v, want exactly id, status, summary, detail, fix", r)
		}
		if _, ok := r["fix"]; !ok {
			t.Errorf("WriteJSON result %v has no fix key", r)
		}
	}
	if got[0]["id"] != "path.go" || got[1]["status"] != "fail" || got[2]["fix"] != "unset GOROOT" {
		t.Errorf("WriteJSON = %v, want the results in order", got)
	}
	var empty bytes.Buffer
	WriteJSON(&empty, nil)
	if got := strings.TrimSpace(empty.String()); got != "[]" {
		t.Errorf("WriteJSON(nil) = %q, want []", got)
	}
}

func TestRunOrderAndFailed(t *testing.T) {
	checks := []Check{
		{"a", "A", func(context.Context, *System) []Result { return []Result{{ID: "a", Status: Warn}} }},
		{"b", "B", func(context.Context, *System) []Result { return []Result{{ID: "b", Status: OK}} }},
	}
	groups := Run(context.Background(), &System{}, checks)
	if len(groups) != 2 || groups[0].Results[0].ID != "a" || groups[1].Title != "B" {
		t.Errorf("Run = %+v, want a then b", groups)
	}
	if Failed(groups) {
		t.Errorf("Failed(warnings only) = true, want false")
	}
	checks[1].Run = func(context.Context, *System) []Result { return []Result{{ID: "b", Status: Fail}} }
	if !Failed(Run(context.Background(), &System{}, checks)) {
		t.Errorf("Failed(a failure) = false, want true")
	}
}

func TestChecksIDs(t *testing.T) {
	want := []string{"path", "shell", "goroot", "goenv", "gotoolchain", "permissions", "cgo", "network", "platform", "quarantine", "store", "gobin"}
	checks := Checks()
	if len(checks) != len(want) {
		t.Fatalf("%d checks, want %d", len(checks), len(want))
	}
	for i, c := range checks {
		if c.ID != want[i] || c.Title == "" || c.Run == nil {
			t.Errorf("check %d = %s %q, want %s", i, c.ID, c.Title, want[i])
		}
	}
}

func TestLocal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("runs sh")
	}
	sys := Local(true)
	if sys.Probe != nil {
		t.Errorf("Local(offline).Probe is set")
	}
	if Local(false).Probe == nil {
		t.Errorf("Local(online).Probe is nil")
	}
	if sys.Platform.OS != runtime.GOOS || sys.Platform.Arch != runtime.GOARCH || sys.Dir == "" || sys.Executable == "" {
		t.Errorf("Local = %+v, want this process", sys)
	}
	if runtime.GOOS == "linux" && sys.Parent == "" {
		t.Errorf("Local().Parent is empty on Linux")
	}
	out, err := sys.Command(context.Background(), "sh", "-c", "echo $GOTOOLCHAIN.$GOV_AUTO_INSTALL.")
	if err != nil || strings.TrimSpace(string(out)) != "local.." {
		t.Errorf("Command(echo $GOTOOLCHAIN.$GOV_AUTO_INSTALL.) = %q, %v; want local..", out, err)
	}
}
