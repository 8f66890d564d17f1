package doctor

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Output rules of gov doctor's text report: a heading per group; under
// it one line per check, its status then what it found; for a warning or
// failure, the fix on the next line. Details (the evidence: every go in
// PATH, every start-up file, ...) only with verbose. The last line
// counts failures and warnings. Colour only when asked (a terminal, no
// NO_COLOR), and only on the status words.

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiRed    = "\x1b[31m"
)

// WriteText prints the report for people.
func WriteText(w io.Writer, groups []Group, color, verbose bool) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	fails, warns := 0, 0
	for i, g := range groups {
		if i > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString(paint(ansiBold, g.Title) + "\n")
		for _, r := range g.Results {
			status := fmt.Sprintf("%-4s", r.Status)
			switch r.Status {
			case OK:
				status = paint(ansiGreen, status)
			case Warn:
				status = paint(ansiYellow, status)
				warns++
			case Fail:
				status = paint(ansiRed, status)
				fails++
			}
			fmt.Fprintf(bw, "  %s  %s\n", status, r.Summary)
			if r.Fix != "" && r.Status != OK {
				fmt.Fprintf(bw, "        fix: %s\n", r.Fix)
			}
			if verbose && r.Detail != "" {
				for _, line := range strings.Split(r.Detail, "\n") {
					fmt.Fprintf(bw, "        %s\n", line)
				}
			}
		}
	}
	bw.WriteString("\n" + tally(fails, warns, verbose) + "\n")
	return bw.Flush()
}

func tally(fails, warns int, verbose bool) string {
	if fails == 0 && warns == 0 {
		return "all ok"
	}
	var parts []string
	if fails > 0 {
		parts = append(parts, count(fails, "failure", "failures"))
	}
	if warns > 0 {
		parts = append(parts, count(warns, "warning", "warnings"))
	}
	s := strings.Join(parts, ", ")
	if !verbose {
		s += " (gov doctor -v shows the details)"
	}
	return s
}

// count writes n things: "1 failure", "2 failures".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// WriteJSON prints every result as one JSON list, in report order:
// [{"id", "status", "summary", "detail", "fix"}].
func WriteJSON(w io.Writer, groups []Group) error {
	results := []Result{}
	for _, g := range groups {
		results = append(results, g.Results...)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(results)
}
