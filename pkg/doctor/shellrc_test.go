package doctor

import "testing"

func TestShell(t *testing.T) {
	const evalZsh = "eval \"$(gov env zsh)\"\n"
	const evalBash = "eval \"$(gov env bash)\"\n"
	const sourceRC = "if [ -f \"$HOME/.bashrc\" ]; then\n\t. \"$HOME/.bashrc\"\nfi\n"
	bash := func(w *world) {
		w.remove(home + "/.zshrc")
		w.env["SHELL"] = "/bin/bash"
		w.parent = "bash"
	}
	runCases(t, checkShell, []checkCase{
		{name: "healthy", id: "shell", status: OK, summary: "your shell is zsh (SHELL=/bin/zsh)"},
		{name: "healthy start-up", id: "shell.startup", status: OK, summary: "zsh reads the gov env line (~/.zshrc:2)", detail: "~/.zshrc (interactive shells): gov env on line 2"},
		{name: "healthy running", id: "shell.running", status: OK, summary: "this terminal runs your login shell, zsh"},
		{
			name: "the line in ~/.bash_profile, the shell zsh",
			setup: func(w *world) {
				w.remove(home + "/.zshrc")
				w.file(home+"/.bash_profile", "export EDITOR=vi\n"+evalBash, 0o644)
			},
			id: "shell.startup", status: Fail,
			summary: "the gov env line is in ~/.bash_profile:2, which bash reads, but your shell is zsh",
			fix:     `echo 'eval "$(gov env zsh)"' >> ~/.zshrc`,
		},
		{
			name:  "no line anywhere",
			setup: func(w *world) { w.remove(home + "/.zshrc") },
			id:    "shell.startup", status: Fail, summary: "no zsh start-up file has the gov env line", detail: "zsh start-up files: none exist",
		},
		{
			name:  "a commented-out line",
			setup: func(w *world) { w.file(home+"/.zshrc", "  # "+evalZsh, 0o644) },
			id:    "shell.startup", status: Fail, summary: "no zsh start-up file has the gov env line",
		},
		{
			name: "only ~/.zprofile",
			setup: func(w *world) {
				w.remove(home + "/.zshrc")
				w.file(home+"/.zprofile", evalZsh, 0o644)
			},
			id: "shell.startup", status: Warn, summary: "only login zsh shells read the gov env line (~/.zprofile:1)",
			fix: `echo 'eval "$(gov env zsh)"' >> ~/.zshrc`,
		},
		{
			name: "~/.zshenv on Linux",
			setup: func(w *world) {
				w.remove(home + "/.zshrc")
				w.file(home+"/.zshenv", evalZsh, 0o644)
			},
			id: "shell.startup", status: OK, summary: "zsh reads the gov env line (~/.zshenv:1)",
		},
		{
			name: "only ~/.zshenv on macOS, where path_helper runs after it",
			setup: func(w *world) {
				w.plat = Platform{OS: "darwin", Arch: "arm64"}
				w.remove(home + "/.zshrc")
				w.file(home+"/.zshenv", evalZsh, 0o644)
			},
			id: "shell.startup", status: Warn, summary: "only ~/.zshenv has the gov env line; on macOS /etc/zprofile then reorders PATH",
			fix: `echo 'eval "$(gov env zsh)"' >> ~/.zshrc`,
		},
		{
			name: "ZDOTDIR",
			setup: func(w *world) {
				w.remove(home + "/.zshrc")
				w.env["ZDOTDIR"] = home + "/.config/zsh"
				w.file(home+"/.config/zsh/.zshrc", evalZsh, 0o644)
			},
			id: "shell.startup", status: OK, summary: "(~/.config/zsh/.zshrc:1)",
		},
		{
			name: "ZDOTDIR set, the line in ~/.zshrc",
			setup: func(w *world) {
				w.env["ZDOTDIR"] = home + "/.config/zsh"
			},
			id: "shell.startup", status: Fail, summary: "no zsh start-up file has the gov env line",
			fix: `mkdir -p ~/.config/zsh && echo 'eval "$(gov env zsh)"' >> ~/.config/zsh/.zshrc`,
		},
		{
			name:  "the line asks for another shell's code",
			setup: func(w *world) { w.file(home+"/.zshrc", evalBash, 0o644) },
			id:    "shell.startup", status: Warn, summary: "~/.zshrc:1 asks for bash code (gov env bash) in a zsh start-up file",
			fix: `change that line to: eval "$(gov env zsh)"`,
		},
		{
			name:  "POSIX code in a zsh file is fine",
			setup: func(w *world) { w.file(home+"/.zshrc", "eval \"$(gov env sh)\"\n", 0o644) },
			id:    "shell.startup", status: OK, summary: "zsh reads the gov env line (~/.zshrc:1)",
		},
		{
			name: "the line in ~/.profile that only sh reads, the shell zsh",
			setup: func(w *world) {
				w.remove(home + "/.zshrc")
				w.file(home+"/.bash_profile", "export EDITOR=vi\n", 0o644)
				w.file(home+"/.profile", "eval \"$(gov env sh)\"\n", 0o644)
			},
			id: "shell.startup", status: Fail, summary: "the gov env line is in ~/.profile:1, which sh reads, but your shell is zsh",
		},
		{
			name: "bash: ~/.bashrc, and ~/.bash_profile sources it",
			setup: func(w *world) {
				bash(w)
				w.file(home+"/.bashrc", evalBash, 0o644)
				w.file(home+"/.bash_profile", "[ -f ~/.bashrc ] && . ~/.bashrc\n", 0o644)
			},
			id: "shell.startup", status: OK, summary: "bash reads the gov env line (~/.bashrc:1)",
			detail: "~/.bashrc (every interactive shell (~/.bash_profile sources it)): gov env on line 1",
		},
		{
			name: "bash: ~/.bashrc, and ~/.bash_profile does not source it",
			setup: func(w *world) {
				bash(w)
				w.file(home+"/.bashrc", evalBash, 0o644)
				w.file(home+"/.bash_profile", "export EDITOR=vi\n", 0o644)
			},
			id: "shell.startup", status: Warn,
			summary: "login bash shells (macOS terminals, ssh) do not read the gov env line in ~/.bashrc:1: ~/.bash_profile does not source it",
			fix:     "echo '[ -f ~/.bashrc ] && . ~/.bashrc' >> ~/.bash_profile",
		},
		{
			name: "bash: ~/.bashrc, and no login file at all",
			setup: func(w *world) {
				bash(w)
				w.file(home+"/.bashrc", evalBash, 0o644)
			},
			id: "shell.startup", status: Warn, summary: "login bash shells", fix: ">> ~/.bash_profile",
		},
		{
			name: "bash: Debian's ~/.profile sources ~/.bashrc",
			setup: func(w *world) {
				bash(w)
				w.file(home+"/.bashrc", "case $- in *i*) ;; *) return;; esac\n"+evalBash, 0o644)
				w.file(home+"/.profile", "# ~/.profile\nif [ -n \"$BASH_VERSION\" ]; then\n"+sourceRC+"fi\n", 0o644)
			},
			id: "shell.startup", status: OK, summary: "bash reads the gov env line (~/.bashrc:2)",
		},
		{
			name: "bash: ~/.bash_profile sources ~/.profile, which sources ~/.bashrc",
			setup: func(w *world) {
				bash(w)
				w.file(home+"/.bashrc", evalBash, 0o644)
				w.file(home+"/.profile", sourceRC, 0o644)
				w.file(home+"/.bash_profile", "source ~/.profile\n", 0o644)
			},
			id: "shell.startup", status: OK, summary: "bash reads the gov env line (~/.bashrc:1)",
		},
		{
			name: "bash: the line in ~/.profile, which ~/.bash_profile hides",
			setup: func(w *world) {
				bash(w)
				w.file(home+"/.profile", evalBash, 0o644)
				w.file(home+"/.bash_profile", "export EDITOR=vi\n", 0o644)
			},
			id: "shell.startup", status: Fail,
			summary: "bash never reads the gov env line in ~/.profile:1 (not read: ~/.bash_profile exists)",
			fix:     `echo 'eval "$(gov env bash)"' >> ~/.bashrc && echo '[ -f ~/.bashrc ] && . ~/.bashrc' >> ~/.bash_profile`,
		},
		{
			name: "bash: only ~/.bash_profile",
			setup: func(w *world) {
				bash(w)
				w.file(home+"/.bash_profile", evalBash, 0o644)
			},
			id: "shell.startup", status: Warn, summary: "only login bash shells read the gov env line (~/.bash_profile:1)",
		},
		{
			name: "fish: conf.d",
			setup: func(w *world) {
				w.env["SHELL"] = "/usr/bin/fish"
				w.parent = "fish"
				w.file(home+"/.config/fish/conf.d/gov.fish", "gov env fish | source\n", 0o644)
			},
			id: "shell.startup", status: OK, summary: "fish reads the gov env line (~/.config/fish/conf.d/gov.fish:1)",
		},
		{
			name: "fish: XDG_CONFIG_HOME",
			setup: func(w *world) {
				w.env["SHELL"] = "/usr/bin/fish"
				w.env["XDG_CONFIG_HOME"] = home + "/cfg"
				w.file(home+"/cfg/fish/config.fish", "if status is-interactive\n    gov env fish | source\nend\n", 0o644)
			},
			id: "shell.startup", status: OK, summary: "(~/cfg/fish/config.fish:2)",
		},
		{
			name:  "fish: no line",
			setup: func(w *world) { w.env["SHELL"] = "/opt/homebrew/bin/fish" },
			id:    "shell.startup", status: Fail, summary: "the gov env line is in ~/.zshrc:2, which zsh reads, but your shell is fish",
			fix: "mkdir -p ~/.config/fish && echo 'gov env fish | source' >> ~/.config/fish/config.fish",
		},
		{
			name: "dash reads ~/.profile in login shells only",
			setup: func(w *world) {
				w.env["SHELL"] = "/bin/dash"
				w.file(home+"/.profile", "eval \"$(gov env sh)\"\n", 0o644)
			},
			id: "shell.startup", status: Warn, summary: "only login sh shells read the gov env line (~/.profile:1)",
		},
		{
			name: "sh with ENV",
			setup: func(w *world) {
				w.env["SHELL"] = "/bin/sh"
				w.env["ENV"] = home + "/.shrc"
				w.file(home+"/.profile", "eval \"$(gov env sh)\"\n", 0o644)
				w.file(home+"/.shrc", "eval \"$(gov env sh)\"\n", 0o644)
			},
			id: "shell.startup", status: OK, summary: "sh reads the gov env line (~/.profile:1 in login shells, ~/.shrc:1 in the others)",
		},
		{
			name: "pwsh",
			setup: func(w *world) {
				w.env["SHELL"] = "/usr/bin/pwsh"
				w.file(home+"/.config/powershell/Microsoft.PowerShell_profile.ps1", "gov env pwsh | Out-String | Invoke-Expression\n", 0o644)
			},
			id: "shell.startup", status: OK, summary: "pwsh reads the gov env line",
		},
		{
			name:  "SHELL unset",
			setup: func(w *world) { delete(w.env, "SHELL") },
			id:    "shell", status: Warn, summary: "SHELL is not set",
		},
		{
			name:  "a shell gov env has no code for",
			setup: func(w *world) { w.env["SHELL"] = "/bin/tcsh" },
			id:    "shell", status: Warn, summary: "your shell is tcsh, which gov env has no code for",
		},
		{
			name:  "a login shell gov env has no code for is still a shell",
			setup: func(w *world) { w.env["SHELL"] = "/bin/tcsh"; w.parent = "-tcsh" },
			id:    "shell.running", status: OK, summary: "this terminal runs your login shell, tcsh",
		},
		{
			name:  "bash started by hand in a zsh user's terminal",
			setup: func(w *world) { w.parent = "bash" },
			id:    "shell", status: OK, summary: "your shell is zsh (SHELL=/bin/zsh); this terminal runs bash",
		},
		{
			name:  "the running bash does not read the line: a warning",
			setup: func(w *world) { w.parent = "bash" },
			id:    "shell.running", status: Warn, summary: "the gov env line is in ~/.zshrc:2, which zsh reads, but your shell is bash",
			fix: `echo 'eval "$(gov env bash)"' >> ~/.bashrc`,
		},
		{
			name:  "a login shell's process name",
			setup: func(w *world) { w.parent = "-zsh" },
			id:    "shell.running", status: OK, summary: "this terminal runs your login shell, zsh",
		},
		{
			name:  "not started by a shell",
			setup: func(w *world) { w.parent = "make" },
			id:    "shell.running", status: OK, summary: "gov doctor was started by make, not by a shell",
		},
	})
}

func TestSources(t *testing.T) {
	tests := []struct {
		script string
		want   bool
	}{
		{". ~/.bashrc", true},
		{"source ~/.bashrc", true},
		{"[ -f ~/.bashrc ] && . ~/.bashrc", true},
		{`. "$HOME/.bashrc"`, true},
		{`source "${HOME}/.bashrc"`, true},
		{"source /home/me/.bashrc", true},
		{"  if [ -f ~/.bashrc ]; then . ~/.bashrc; fi", true},
		{"# . ~/.bashrc", false},
		{". ~/.bashrc_local", false},
		{"cat ~/.bashrc", false},
		{". /etc/bashrc", false},
	}
	for _, tt := range tests {
		if got := sources([]byte(tt.script), home, ".bashrc"); got != tt.want {
			t.Errorf("sources(%q) = %v, want %v", tt.script, got, tt.want)
		}
	}
}

func TestFindGovEnv(t *testing.T) {
	tests := []struct {
		line, arg string
		found     bool
	}{
		{`eval "$(gov env zsh)"`, "zsh", true},
		{`eval "$(gov env)"`, "", true},
		{"gov env fish | source", "fish", true},
		{"  eval \"$(/opt/gov/bin/gov env bash)\"", "bash", true},
		{"# eval \"$(gov env zsh)\"", "", false},
		{"eval \"$(goenv init -)\"", "", false},
		{"eval \"$(my-gov env zsh)\"", "", false},
	}
	for _, tt := range tests {
		lines, args := findGovEnv([]byte(tt.line))
		if found := len(lines) == 1; found != tt.found || (found && args[0] != tt.arg) {
			t.Errorf("findGovEnv(%q) = %v %q, want found %v, arg %q", tt.line, lines, args, tt.found, tt.arg)
		}
	}
}

// TestMentions finds every line of every shell's start-up files that
// mentions gov, once per file, comments included.
func TestMentions(t *testing.T) {
	w := newWorld(t)
	w.file(home+"/.zshrc", "export EDITOR=vi\neval \"$(gov env zsh)\"\n# gov's completion\neval \"$(gov completion zsh)\"\nalias governor=x\n", 0o644)
	w.file(home+"/.bashrc", "export PATH=\"$HOME/.gov/bin:$PATH\"\n", 0o644)
	w.file(home+"/.profile", "export GOV_HOME=/opt/gov\n", 0o644)
	w.file(home+"/.config/fish/conf.d/gov.fish", "~/.gov/bin/gov env fish | source\n", 0o644)
	w.file(home+"/.config/fish/config.fish", "set -gx GOPATH ~/go\n", 0o644)
	got := w.system().Mentions()
	want := []Mention{
		{"~/.zshrc", 2, `eval "$(gov env zsh)"`},
		{"~/.zshrc", 3, "# gov's completion"},
		{"~/.zshrc", 4, `eval "$(gov completion zsh)"`},
		{"~/.profile", 1, "export GOV_HOME=/opt/gov"},
		{"~/.bashrc", 1, `export PATH="$HOME/.gov/bin:$PATH"`},
		{"~/.config/fish/conf.d/gov.fish", 1, "~/.gov/bin/gov env fish | source"},
	}
	if len(got) != len(want) {
		t.Fatalf("Mentions() = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Mentions()[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
