package shellenv

import "testing"

func TestQuote(t *testing.T) {
	tests := []struct {
		shell, in, want string
	}{
		{"bash", "/home/me/.gov", `'/home/me/.gov'`},
		{"bash", "", `''`},
		{"bash", "it's", `'it'\''s'`},
		{"bash", `$HOME $(x) ` + "`x`" + ` "q" \n`, `'$HOME $(x) ` + "`x`" + ` "q" \n'`},
		{"bash", "a\nb", "'a\nb'"},
		{"zsh", "''", `''\'''\'''`},
		{"sh", "a'b", `'a'\''b'`},
		{"fish", "/home/me/.gov", `'/home/me/.gov'`},
		{"fish", "it's", `'it\'s'`},
		{"fish", `a\b`, `'a\\b'`},
		{"fish", `\'`, `'\\\''`},
		{"fish", "$HOME (x) \"q\"\n", "'$HOME (x) \"q\"\n'"},
		{"pwsh", "/home/me/.gov", `'/home/me/.gov'`},
		{"pwsh", "it's", `'it''s'`},
		{"pwsh", "‘a’ ‚b‛", "'‘‘a’’ ‚‚b‛‛'"},
		{"pwsh", "$env:X `n \"q\"", "'$env:X `n \"q\"'"},
	}
	for _, tt := range tests {
		sh, _ := Lookup(tt.shell)
		if got := sh.Quote(tt.in); got != tt.want {
			t.Errorf("%s Quote(%q) = %s, want %s", tt.shell, tt.in, got, tt.want)
		}
	}
}

func TestSetUnset(t *testing.T) {
	tests := []struct {
		shell, set, unset string
	}{
		{"bash", `export GOV_VERSION='1.22.3'`, "unset GOV_VERSION"},
		{"zsh", `export GOV_VERSION='1.22.3'`, "unset GOV_VERSION"},
		{"sh", `export GOV_VERSION='1.22.3'`, "unset GOV_VERSION"},
		{"fish", `set -gx GOV_VERSION '1.22.3'`, "set -e GOV_VERSION"},
		{"pwsh", `$env:GOV_VERSION = '1.22.3'`, "Remove-Item Env:GOV_VERSION -ErrorAction SilentlyContinue"},
	}
	for _, tt := range tests {
		sh, _ := Lookup(tt.shell)
		if got := sh.Set("GOV_VERSION", "1.22.3"); got != tt.set {
			t.Errorf("%s Set = %s, want %s", tt.shell, got, tt.set)
		}
		if got := sh.Unset("GOV_VERSION"); got != tt.unset {
			t.Errorf("%s Unset = %s, want %s", tt.shell, got, tt.unset)
		}
	}
}

func TestPrepend(t *testing.T) {
	const s = "/g/shims"
	tests := []struct{ path, want string }{
		{"", s},
		{"/usr/bin:/bin", s + ":/usr/bin:/bin"},
		{s + ":/usr/bin", s + ":/usr/bin"},
		{"/usr/bin:" + s, s + ":/usr/bin"},
		{s + ":/a:" + s + ":/b:" + s, s + ":/a:/b"},
		{"/a::/b", s + ":/a::/b"},
		{":/a", s + "::/a"},
		{"/g/shims/:/g/shimsX:/g", s + ":/g/shims/:/g/shimsX:/g"},
	}
	for _, tt := range tests {
		if got := Prepend(tt.path, s); got != tt.want {
			t.Errorf("Prepend(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
	const b = "/g/bin"
	for _, tt := range []struct{ path, want string }{
		{"", s + ":" + b},
		{"/usr/bin", s + ":" + b + ":/usr/bin"},
		{s + ":" + b + ":/usr/bin", s + ":" + b + ":/usr/bin"},
		{b + ":" + s + ":/usr/bin", s + ":" + b + ":/usr/bin"},
		{s + ":/a:" + b + ":" + s + ":" + b, s + ":" + b + ":/a"},
		{"/a::" + b, s + ":" + b + ":/a:"},
	} {
		if got := Prepend(tt.path, s, b); got != tt.want {
			t.Errorf("Prepend(%q, shims, bin) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
