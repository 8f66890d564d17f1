// Package hint keeps what to do about an error beside the error itself,
// and renders the two as the one line gov prints:
//
//	gov: go1.22.3 is not installed (set by /p/.go-version); run: gov install 1.22.3
//
// A package says what went wrong in its error's text and what to do in a
// hint: With for any error, or a Hint method on its own error type. Only
// a program's main renders them together (Message), so an error wrapped
// with context ("download x: %w") still ends with its hint, and a caller
// that shows the two apart (gov doctor's fix line) needs no parsing.
//
// The shim links this package, so it imports almost nothing.
package hint

import (
	"errors"
	"io/fs"
	"strconv"
	"unicode/utf8"
)

// A Hinter is an error that says what to do about itself.
type Hinter interface {
	error
	Hint() string
}

type hinted struct {
	err  error
	hint string
}

func (e *hinted) Error() string { return e.err.Error() }
func (e *hinted) Unwrap() error { return e.err }
func (e *hinted) Hint() string  { return e.hint }

// With returns err with hint as what to do about it; nil for a nil err.
func With(err error, hint string) error {
	if err == nil {
		return nil
	}
	return &hinted{err, hint}
}

// New returns an error whose text is msg and whose hint is hint.
func New(msg, hint string) error { return &hinted{errors.New(msg), hint} }

// Else returns err with hint, unless something in err's chain says what
// to do already.
func Else(err error, hint string) error {
	if Of(err) != "" {
		return err
	}
	return With(err, hint)
}

// Of returns what to do about err: the hint of the outermost error in its
// tree that has one (depth first, as errors.As looks), or "".
func Of(err error) string {
	if h, ok := err.(Hinter); ok && h.Hint() != "" {
		return h.Hint()
	}
	switch e := err.(type) {
	case interface{ Unwrap() error }:
		return Of(e.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range e.Unwrap() {
			if h := Of(e); h != "" {
				return h
			}
		}
	}
	return ""
}

// Run is the hint that names a gov command: Run("install 1.22.3") is
// "run: gov install 1.22.3", the one form every hint of gov's uses.
func Run(args string) string { return "run: gov " + args }

// Message is the line gov prints for err (without the "gov: " prefix):
// what went wrong, then "; " and what to do, as one line of plain text.
func Message(err error) string {
	msg := err.Error()
	if h := Of(err); h != "" {
		msg += "; " + h
	}
	return OneLine(msg)
}

// OneLine escapes the control characters in a message (which can quote
// paths with newlines, or escape sequences a terminal would obey), so that
// it prints as one line of plain text.
func OneLine(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= ' ' && c != 0x7f {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(s)+8), s[:i]...)
		}
		switch c {
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// Quote shows at most maxQuote bytes of a text, and at most maxQuoted
// bytes once escaped (an invalid or unprintable byte takes four): a
// SHA-256 in hex fits whole.
const (
	maxQuote  = 64
	maxQuoted = 100
)

// Quote quotes text from outside gov (a version file's line, a spec a
// user pasted, an entry of a release index) for a message: what is not
// printable escaped (strconv.Quote) and cut short, with "...", since it
// can be anything and the message must stay one short line.
func Quote(s string) string {
	more := ""
	if len(s) > maxQuote {
		s, more = s[:runeCut(s, maxQuote)], "..."
	}
	for {
		q := strconv.Quote(s + more)
		if len(q) <= maxQuoted || s == "" {
			return q
		}
		s, more = s[:runeCut(s, len(s)-1)], "..."
	}
}

// runeCut returns the largest n' <= n (n < len(s)) at which s can be cut
// without splitting a character.
func runeCut(s string, n int) int {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// Reason is err's message without the path an fs.PathError repeats, for
// a message that names the path itself: "cannot read /p/.go-version:
// permission denied".
func Reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
