package shellenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetup(t *testing.T) {
	tests := []struct {
		name  string
		shell string
		goos  string
		env   map[string]string
		files map[string]string // under home
		file  string            // want, under home
		line  string
		at    int      // want Present
		notes []string // substrings, one per note, in order
	}{
		{name: "zsh new", shell: "zsh", goos: "linux", file: ".zshrc", line: `eval "$(gov env zsh)"`},
		{name: "zsh present", shell: "zsh", goos: "darwin",
			files: map[string]string{".zshrc": "# eval \"$(gov env zsh)\" commented\nexport X=1\n  eval \"$(~/go/bin/gov env zsh)\"\n"},
			file:  ".zshrc", line: `eval "$(gov env zsh)"`, at: 3},
		{name: "zsh ZDOTDIR", shell: "zsh", goos: "linux", env: map[string]string{"ZDOTDIR": "@HOME@/.config/zsh"},
			files: map[string]string{".config/zsh/.zshrc": "eval \"$(gov env zsh)\"\n"},
			file:  ".config/zsh/.zshrc", line: `eval "$(gov env zsh)"`, at: 1},
		{name: "fish", shell: "fish", goos: "linux", file: ".config/fish/config.fish", line: "gov env fish | source"},
		{name: "fish XDG", shell: "fish", goos: "linux", env: map[string]string{"XDG_CONFIG_HOME": "@HOME@/xdg"},
			files: map[string]string{"xdg/fish/config.fish": "if status is-interactive\n    gov env fish | source\nend\n"},
			file:  "xdg/fish/config.fish", line: "gov env fish | source", at: 2},
		{name: "bash linux, no login file", shell: "bash", goos: "linux", file: ".bashrc", line: `eval "$(gov env bash)"`},
		{name: "bash linux, .profile sources .bashrc", shell: "bash", goos: "linux",
			files: map[string]string{".profile": "if [ -f \"$HOME/.bashrc\" ]; then\n  . \"$HOME/.bashrc\"\nfi\n", ".bashrc": "eval \"$(gov env bash)\"\n"},
			file:  ".bashrc", line: `eval "$(gov env bash)"`, at: 1},
		{name: "bash linux, .bash_profile without .bashrc", shell: "bash", goos: "linux",
			files: map[string]string{".bash_profile": "export A=1\n", ".profile": ". ~/.bashrc\n"},
			file:  ".bashrc", line: `eval "$(gov env bash)"`,
			notes: []string{"read ~/.bash_profile, which does not source ~/.bashrc"}},
		{name: "bash macOS, no .bash_profile", shell: "bash", goos: "darwin", file: ".bashrc", line: `eval "$(gov env bash)"`,
			notes: []string{"there is no ~/.bash_profile: create it with the line: [ -f ~/.bashrc ] && . ~/.bashrc"}},
		{name: "bash macOS, .bash_profile sources .bashrc", shell: "bash", goos: "darwin",
			files: map[string]string{".bash_profile": "[ -r ~/.bashrc ] && source ~/.bashrc\n"},
			file:  ".bashrc", line: `eval "$(gov env bash)"`,
			notes: []string{"~/.bash_profile sources ~/.bashrc, so macOS login shells get the line too"}},
		{name: "bash macOS, line in .bash_profile only", shell: "bash", goos: "darwin",
			files: map[string]string{".bash_profile": "# setup\neval \"$(gov env bash)\"\n"},
			file:  ".bashrc", line: `eval "$(gov env bash)"`,
			notes: []string{"which does not source ~/.bashrc", "~/.bash_profile:2 runs gov env, but only login shells read that file"}},
		{name: "sh", shell: "sh", goos: "linux", env: map[string]string{"ENV": "@HOME@/.shrc"}, file: ".profile", line: `eval "$(gov env sh)"`,
			notes: []string{"interactive shells read the file $ENV names (~/.shrc): put the line there too"}},
		{name: "pwsh", shell: "pwsh", goos: "linux", file: ".config/powershell/Microsoft.PowerShell_profile.ps1",
			line: "gov env pwsh | Out-String | Invoke-Expression", notes: []string{"$PROFILE"}},
		{name: "pwsh windows", shell: "pwsh", goos: "windows", file: "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
			line: "gov env pwsh | Out-String | Invoke-Expression", notes: []string{"$PROFILE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			for name, content := range tt.files {
				file := filepath.Join(home, name)
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			getenv := func(k string) string { return strings.ReplaceAll(tt.env[k], "@HOME@", home) }
			sh, _ := Lookup(tt.shell)
			st := sh.Setup(home, getenv, tt.goos)
			if got, want := st.File, filepath.Join(home, tt.file); got != want {
				t.Errorf("File = %s, want %s", got, want)
			}
			if st.Line != tt.line || st.Present != tt.at || st.Shell != sh.Name {
				t.Errorf("Line, Present, Shell = %q, %d, %q, want %q, %d, %q", st.Line, st.Present, st.Shell, tt.line, tt.at, sh.Name)
			}
			if len(st.Notes) != len(tt.notes) {
				t.Fatalf("Notes = %q, want %d notes like %q", st.Notes, len(tt.notes), tt.notes)
			}
			for i, n := range tt.notes {
				if !strings.Contains(st.Notes[i], n) {
					t.Errorf("Notes[%d] = %q, want it to hold %q", i, st.Notes[i], n)
				}
			}
		})
	}
}

func TestTilde(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/home/me/.zshrc", "~/.zshrc"},
		{"/home/me/.config/fish/config.fish", "~/.config/fish/config.fish"},
		{"/home/meme/.zshrc", "/home/meme/.zshrc"},
		{"/etc/zshrc", "/etc/zshrc"},
	}
	for _, tt := range tests {
		if got := Tilde(tt.path, "/home/me"); got != tt.want {
			t.Errorf("Tilde(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestSetupCompletion checks that setup finds gov's completion where a
// shell loads it: a line that runs gov completion, a file an rc file
// sources that holds a saved script, or the file the shell loads by
// itself; and that zsh's line must come after compinit.
func TestSetupCompletion(t *testing.T) {
	const saved = "# gov completion bash\n_gov_complete() { :; }\ncomplete -F _gov_complete gov\n"
	tests := []struct {
		name  string
		shell string
		env   map[string]string
		files map[string]string // under home
		at    string            // want CompletionAt, with @HOME@ for home
		notes []string          // substrings, one per note, in order
	}{
		{name: "zsh none", shell: "zsh", files: map[string]string{".zshrc": "eval \"$(gov env zsh)\"\n# eval \"$(gov completion zsh)\"\n"}},
		{name: "zsh line", shell: "zsh",
			files: map[string]string{".zshrc": "autoload -Uz compinit && compinit\neval \"$(gov env zsh)\"\neval \"$(gov completion zsh)\"\n"},
			at:    "~/.zshrc, line 3"},
		{name: "zsh before compinit", shell: "zsh",
			files: map[string]string{".zshrc": "autoload -Uz compinit\neval \"$(gov completion zsh)\"\ncompinit -i\n"},
			at:    "~/.zshrc, line 2", notes: []string{"~/.zshrc:2 loads gov completion before compinit runs (line 3): move it below"}},
		{name: "zsh sources a saved script", shell: "zsh",
			files: map[string]string{".zshrc": "source ~/.zsh/gov.zsh\n", ".zsh/gov.zsh": "#compdef gov\n_gov() { :; }\ncompdef _gov gov\n"},
			at:    "~/.zshrc, line 1 (~/.zsh/gov.zsh)"},
		{name: "zsh sources something else", shell: "zsh",
			files: map[string]string{".zshrc": "source ~/.aliases\n. \"$HOME/.missing\"\n", ".aliases": "alias g=gov\n"}},
		{name: "bash process substitution", shell: "bash",
			files: map[string]string{".bashrc": "source <(gov completion bash)\n"}, at: "~/.bashrc, line 1"},
		{name: "bash sources a saved script", shell: "bash",
			files: map[string]string{".bashrc": ". \"$HOME/.gov-completion.bash\"\n", ".gov-completion.bash": saved},
			at:    "~/.bashrc, line 1 (~/.gov-completion.bash)"},
		{name: "bash-completion's directory", shell: "bash",
			files: map[string]string{".local/share/bash-completion/completions/gov": saved}, at: "~/.local/share/bash-completion/completions/gov"},
		{name: "bash-completion's directory, XDG_DATA_HOME", shell: "bash", env: map[string]string{"XDG_DATA_HOME": "@HOME@/data"},
			files: map[string]string{"data/bash-completion/completions/gov": saved}, at: "~/data/bash-completion/completions/gov"},
		{name: "fish line", shell: "fish",
			files: map[string]string{".config/fish/config.fish": "gov env fish | source\ngov completion fish | source\n"}, at: "~/.config/fish/config.fish, line 2"},
		{name: "fish completions directory", shell: "fish",
			files: map[string]string{".config/fish/completions/gov.fish": "complete -c gov -f -a '(__gov_complete)'\n"}, at: "~/.config/fish/completions/gov.fish"},
		{name: "fish completions directory, another program's", shell: "fish",
			files: map[string]string{".config/fish/completions/gov.fish": "complete -c gover\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			for name, content := range tt.files {
				file := filepath.Join(home, name)
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			getenv := func(k string) string { return strings.ReplaceAll(tt.env[k], "@HOME@", home) }
			sh, _ := Lookup(tt.shell)
			st := sh.Setup(home, getenv, "linux")
			if st.CompletionAt != tt.at {
				t.Errorf("CompletionAt = %q, want %q", st.CompletionAt, tt.at)
			}
			var notes []string
			for _, n := range st.Notes {
				if strings.Contains(n, "completion") {
					notes = append(notes, n)
				}
			}
			if len(notes) != len(tt.notes) {
				t.Fatalf("Notes = %q, want %d about completion like %q", st.Notes, len(tt.notes), tt.notes)
			}
			for i, n := range tt.notes {
				if !strings.Contains(notes[i], n) {
					t.Errorf("Notes[%d] = %q, want it to hold %q", i, notes[i], n)
				}
			}
		})
	}
}

// TestRunBy checks the line for a gov that PATH does not find: named by
// its path, as ~/... when that needs no quotes.
func TestRunBy(t *testing.T) {
	const home = "/home/me"
	for _, tt := range []struct{ shell, path, want string }{
		{"zsh", "/home/me/.gov/bin/gov", `eval "$(~/.gov/bin/gov env zsh)"`},
		{"bash", "/home/me/my gov/bin/gov", `eval "$('/home/me/my gov/bin/gov' env bash)"`},
		{"sh", "/opt/gov/bin/gov", `eval "$('/opt/gov/bin/gov' env sh)"`},
		{"fish", "/home/me/.gov/bin/gov", "~/.gov/bin/gov env fish | source"},
		{"fish", "/home/me/it's/bin/gov", `'/home/me/it\'s/bin/gov' env fish | source`},
		{"pwsh", "/home/me/.gov/bin/gov", "& '/home/me/.gov/bin/gov' env pwsh | Out-String | Invoke-Expression"},
	} {
		sh, _ := Lookup(tt.shell)
		if got := sh.RunBy(sh.Setup(home, func(string) string { return "" }, "linux"), tt.path, home).Line; got != tt.want {
			t.Errorf("%s: RunBy(%s).Line = %s, want %s", tt.shell, tt.path, got, tt.want)
		}
	}
}
