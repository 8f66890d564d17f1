package front

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// Env answers exactly the forms rc files use and leaves every other form
// to gov-core, which gives the same output or a usage error.
func TestEnvHandles(t *testing.T) {
	t.Setenv("GOV_HOME", filepath.Join(t.TempDir(), "gov home"))
	t.Setenv("SHELL", "/bin/zsh")
	tests := []struct {
		args    []string
		handled bool
	}{
		{[]string{"gov", "env", "zsh"}, true},
		{[]string{"gov", "env", "bash"}, true},
		{[]string{"gov", "env"}, true}, // detected: the test's parent, else $SHELL
		{[]string{"gov", "env", "--json"}, false},
		{[]string{"gov", "env", "-q", "zsh"}, false},
		{[]string{"gov", "env", "--help"}, false},
		{[]string{"gov", "env", "tcsh"}, false},
		{[]string{"gov", "env", "zsh", "extra"}, false},
		{[]string{"gov", "list"}, false},
		{[]string{"gov"}, false},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code, handled := Env(tt.args, &stdout, &stderr)
		if handled != tt.handled {
			t.Errorf("Env(%q) handled = %v, want %v", tt.args, handled, tt.handled)
			continue
		}
		if !handled {
			if stdout.Len() > 0 || stderr.Len() > 0 {
				t.Errorf("Env(%q) declined but wrote %q, %q", tt.args, stdout.String(), stderr.String())
			}
			continue
		}
		if code != 0 || !strings.Contains(stdout.String(), "shims") {
			t.Errorf("Env(%q) = %d, %q, want 0 and a snippet naming the shims", tt.args, code, stdout.String())
		}
	}
}
