package shellenv

import (
	"slices"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bash", "bash"},
		{"zsh", "zsh"},
		{"-zsh", "zsh"}, // a login shell, as ps shows it
		{"/bin/zsh", "zsh"},
		{"/usr/local/bin/fish", "fish"},
		{"dash", "sh"},
		{"/bin/sh", "sh"},
		{"ksh93", "sh"},
		{"busybox", "sh"},
		{"pwsh", "pwsh"},
		{"powershell.exe", "pwsh"},
		{"PowerShell.EXE", "pwsh"},
		{"bash\n", "bash"}, // /proc/PID/comm ends in a newline
		{"tcsh", ""},
		{"gov.test", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := ""
		if s, ok := Lookup(tt.in); ok {
			got = s.Name
		}
		if got != tt.want {
			t.Errorf("Lookup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPick(t *testing.T) {
	tests := []struct {
		parent, shell string
		want, from    string
	}{
		{"zsh", "/bin/bash", "zsh", FromParent},
		{"-bash", "/bin/zsh", "bash", FromParent},
		{"tmux: server", "/usr/bin/fish", "fish", FromEnv},
		{"", "/bin/zsh", "zsh", FromEnv},
		{"python3", "/bin/tcsh", "", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		s, from, ok := Pick(tt.parent, tt.shell)
		got := ""
		if ok {
			got = s.Name
		}
		if got != tt.want || from != tt.from {
			t.Errorf("Pick(%q, %q) = %q, %q, want %q, %q", tt.parent, tt.shell, got, from, tt.want, tt.from)
		}
	}
}

func TestNameList(t *testing.T) {
	if got := Names(); !slices.Equal(got, []string{"bash", "zsh", "fish", "sh", "pwsh"}) {
		t.Errorf("Names() = %q, want bash, zsh, fish, sh, pwsh", got)
	}
	if got, want := NameList(), "bash, zsh, fish, sh or pwsh"; got != want {
		t.Errorf("NameList() = %q, want %q", got, want)
	}
}
