package fetch

import (
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/gov-dev/gov/pkg/fetch/fetchtest"
	"github.com/gov-dev/gov/pkg/hint"
)

func TestParseGOSUMDB(t *testing.T) {
	_, testKey, _, _ := fetchtest.SumDBKeys()
	_, dotdotKey, err := note.GenerateKey(rand.Reader, "example.com/../x")
	if err != nil {
		t.Fatal(err)
	}
	golang := knownSumDBs["sum.golang.org"]
	for _, tt := range []struct {
		in   string
		want SumDB
		err  string
	}{
		{in: "", want: SumDB{Name: "sum.golang.org", Key: golang}},
		{in: "sum.golang.org", want: SumDB{Name: "sum.golang.org", Key: golang}},
		{in: "off", want: SumDB{Off: true}},
		{in: "sum.golang.google.cn", want: SumDB{Name: "sum.golang.org", Key: golang, URL: "https://sum.golang.google.cn"}},
		{in: "sum.golang.org https://sum.example/", want: SumDB{Name: "sum.golang.org", Key: golang, URL: "https://sum.example"}},
		{in: golang, want: SumDB{Name: "sum.golang.org", Key: golang}},
		{in: testKey, want: SumDB{Name: "sum.gov.test", Key: testKey}},
		{in: testKey + " http://127.0.0.1:8080/sumdb/sum.gov.test", want: SumDB{Name: "sum.gov.test", Key: testKey, URL: "http://127.0.0.1:8080/sumdb/sum.gov.test"}},
		{in: "  " + testKey + "  ", want: SumDB{Name: "sum.gov.test", Key: testKey}},
		{in: "a b c", err: "too many fields"},
		{in: "sum.example.com", err: "sum.example.com is not a checksum database gov knows the key of"},
		{in: "sum.gov.test+12345678+bm90IGEga2V5", err: "invalid GOSUMDB"},
		{in: testKey + " sum.example.com", err: `"sum.example.com" is not a URL`},
		{in: dotdotKey, err: `database name "example.com/../x" is not host[/path]`},
	} {
		got, err := ParseGOSUMDB(tt.in)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseGOSUMDB(%q) = %+v, %v, want error containing %q", tt.in, got, err, tt.err)
			} else if !strings.Contains(hint.Message(err), "; set GOSUMDB to ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("ParseGOSUMDB(%q) error %q: want one line that says what to do", tt.in, err)
			}
		case err != nil:
			t.Errorf("ParseGOSUMDB(%q): %v", tt.in, err)
		case got != tt.want:
			t.Errorf("ParseGOSUMDB(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// The built-in key must be the go command's: a typo would make every
// install fail, or worse, trust another database.
func TestKnownSumDBKey(t *testing.T) {
	v, err := note.NewVerifier(knownSumDBs["sum.golang.org"])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.Name(), "sum.golang.org"; got != want {
		t.Errorf("built-in key names %q, want %q", got, want)
	}
	if got, want := v.KeyHash(), uint32(0x033de0ae); got != want {
		t.Errorf("built-in key hash %08x, want %08x", got, want)
	}
}
