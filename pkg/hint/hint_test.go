package hint

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestMessage(t *testing.T) {
	notInstalled := New("go1.22.3 is not installed (set by /p/.go-version)", Run("install 1.22.3"))
	tests := []struct {
		err  error
		want string
	}{
		{errors.New("plain"), "plain"},
		{notInstalled, "go1.22.3 is not installed (set by /p/.go-version); run: gov install 1.22.3"},
		// Context goes before the message; the hint stays last.
		{fmt.Errorf("shim: %w", notInstalled), "shim: go1.22.3 is not installed (set by /p/.go-version); run: gov install 1.22.3"},
		// The outermost hint is the one shown: the caller knows best.
		{With(fmt.Errorf("list: %w", notInstalled), "check GOPROXY"), "list: go1.22.3 is not installed (set by /p/.go-version); check GOPROXY"},
		// Else adds a hint only where there is none.
		{Else(notInstalled, "check GOPROXY"), "go1.22.3 is not installed (set by /p/.go-version); run: gov install 1.22.3"},
		{Else(errors.New("no answer"), "check GOPROXY"), "no answer; check GOPROXY"},
		{New("/p/a\nb/.go-version:1: x", "fix it"), `/p/a\nb/.go-version:1: x; fix it`},
	}
	for _, tt := range tests {
		if got := Message(tt.err); got != tt.want {
			t.Errorf("Message(%q) = %q, want %q", tt.err, got, tt.want)
		}
	}
	if err := With(nil, "x"); err != nil {
		t.Errorf("With(nil) = %v, want nil", err)
	}
	joined := fmt.Errorf("two: %w, %w", errors.New("a"), New("b", "fix b"))
	if got := Message(joined); got != "two: a, b; fix b" {
		t.Errorf("Message(%q) = %q: a hint in a joined error is found", joined, got)
	}
	if got := notInstalled.Error(); strings.Contains(got, "run:") {
		t.Errorf("Error() = %q: the hint is for Message to render, not part of the text", got)
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain: message", "plain: message"},
		{"/p/a\nb/.go-version:1: x", `/p/a\nb/.go-version:1: x`},
		{"a\r\tb", `a\r\tb`},
		{"\x1b[31mred\x7f", `\x1b[31mred\x7f`},
		{"naïve ‘q’", "naïve ‘q’"},
	}
	for _, tt := range tests {
		if got := OneLine(tt.in); got != tt.want {
			t.Errorf("OneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.22.3", `"1.22.3"`},
		{"$(touch pwned)", `"$(touch pwned)"`},
		{"\x1b]0;x\a\x00\xff", `"\x1b]0;x\a\x00\xff"`},
		{"naïve", `"naïve"`},
		{"\u202e1.22.3", `"\u202e1.22.3"`}, // a bidi override is not printed as is
		{strings.Repeat("a", 64), `"` + strings.Repeat("a", 64) + `"`},
		{strings.Repeat("a", 65), `"` + strings.Repeat("a", 64) + `..."`},
		// A cut never splits a character.
		{strings.Repeat("a", 63) + "é", `"` + strings.Repeat("a", 63) + `..."`},
		// Bytes that escape to four characters each are cut sooner: the
		// quoted form stays at most 100 bytes.
		{strings.Repeat("\xff", 64), `"` + strings.Repeat(`\xff`, 23) + `..."`},
		{strings.Repeat("\xff", 24), `"` + strings.Repeat(`\xff`, 24) + `"`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want || len(got) > 100 {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
