package minisign

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gov-dev/gov/pkg/minisign/minisigntest"
)

// testdata holds a message signed by the minisign CLI (0.11) with a
// throwaway key, in both formats, and by another key:
//
//	minisign -G -W -p key.pub -s key.key
//	minisign -S -s key.key -m SHA256SUMS -t "gov v0.2.0" -x prehashed.minisig
//	minisign -S -l -s key.key -m SHA256SUMS -t "gov v0.2.0" -x legacy.minisig
//	minisign -S -s other.key -m SHA256SUMS -t "gov v0.2.0" -x other.minisig
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func testKey(t *testing.T, name string) PublicKey {
	t.Helper()
	pk, err := ParsePublicKey(string(readTestdata(t, name)))
	if err != nil {
		t.Fatalf("ParsePublicKey(%s) = %v", name, err)
	}
	return pk
}

func TestVerifyTestdata(t *testing.T) {
	pub := testKey(t, "key.pub")
	msg := readTestdata(t, "SHA256SUMS")
	for _, tc := range []struct {
		file      string
		prehashed bool
	}{
		{"prehashed.minisig", true},
		{"legacy.minisig", false},
	} {
		sigFile := readTestdata(t, tc.file)
		got, err := Verify(pub, msg, sigFile)
		if err != nil || got != "gov v0.2.0" {
			t.Errorf("Verify(%s) = %q, %v, want %q, nil", tc.file, got, err, "gov v0.2.0")
		}
		sig, err := ParseSignature(sigFile)
		if err != nil || sig.Prehashed != tc.prehashed {
			t.Errorf("ParseSignature(%s) = prehashed %v, %v, want %v", tc.file, sig != nil && sig.Prehashed, err, tc.prehashed)
		}
	}
}

// TestKeyIDString checks that key ids print as minisign prints them in
// the .pub file's comment.
func TestKeyIDString(t *testing.T) {
	for _, name := range []string{"key.pub", "other.pub"} {
		data := string(readTestdata(t, name))
		comment, _, _ := strings.Cut(data, "\n")
		want := strings.TrimPrefix(comment, "untrusted comment: minisign public key ")
		if got := testKey(t, name).ID.String(); got != want {
			t.Errorf("%s: ID.String() = %s, want %s", name, got, want)
		}
	}
}

func TestVerifyRefuses(t *testing.T) {
	pub := testKey(t, "key.pub")
	other := testKey(t, "other.pub")
	msg := readTestdata(t, "SHA256SUMS")
	sigFile := readTestdata(t, "prehashed.minisig")
	lines := strings.SplitAfter(string(sigFile), "\n")
	replaceLine := func(i int, s string) []byte {
		l := append([]string{}, lines...)
		l[i] = s
		return []byte(strings.Join(l, ""))
	}
	otherSig := readTestdata(t, "other.minisig")
	otherLines := strings.SplitAfter(string(otherSig), "\n")

	tampered := bytes.Replace(msg, []byte("0123"), []byte("0124"), 1)
	tests := []struct {
		name     string
		pub      PublicKey
		msg, sig []byte
		want     string
		is       error
	}{
		{"tampered message", pub, tampered, sigFile, "the signature does not match", ErrSignature},
		{"message with a line more", pub, append(bytes.Clone(msg), "x\n"...), sigFile, "the signature does not match", ErrSignature},
		{"empty message", pub, nil, sigFile, "the signature does not match", ErrSignature},
		{"tampered trusted comment", pub, msg, replaceLine(2, "trusted comment: gov v9.9.9\n"), "trusted comment does not match", ErrTrustedComment},
		{"global signature of another file", pub, msg, replaceLine(3, otherLines[3]), "trusted comment does not match", ErrTrustedComment},
		{"signed by another key", pub, msg, otherSig, "signed by key EBF5A9C6BF468946, not by the trusted key C326854DE616948", nil},
		{"checked with another key", other, msg, sigFile, "signed by key C326854DE616948, not by the trusted key EBF5A9C6BF468946", nil},
		{"legacy algorithm claimed", pub, msg, replaceLine(1, strings.Replace(lines[1], "RUR", "RWR", 1)), "the signature does not match", ErrSignature},
		{"unknown algorithm", pub, msg, replaceLine(1, strings.Replace(lines[1], "RUR", "RXR", 1)), `algorithm "Et", want ED or Ed`, nil},
		{"no untrusted comment", pub, msg, replaceLine(0, "comment: x\n"), "line 1 is not an untrusted comment", nil},
		{"no trusted comment", pub, msg, replaceLine(2, "gov v0.2.0\n"), "line 3 is not a trusted comment", nil},
		{"signature not base64", pub, msg, replaceLine(1, strings.Repeat("!", 100)+"\n"), "line 2: not base64", nil},
		{"short signature", pub, msg, replaceLine(1, lines[1][:96]+"\n"), "line 2: 96 base64 characters, want 100", nil},
		{"short global signature", pub, msg, replaceLine(3, lines[3][:40]+"\n"), "line 4: 40 base64 characters, want 88", nil},
		{"one line more", pub, msg, append(bytes.Clone(sigFile), "more\n"...), "5 lines, want 4", nil},
		{"truncated", pub, msg, sigFile[:len(lines[0])+len(lines[1])], "ends after line 2 of 4 (truncated?)", nil},
		{"empty", pub, msg, nil, "signature file: empty", nil},
		{"blank", pub, msg, []byte("\r\n\n"), "signature file: empty", nil},
		{"garbage", pub, msg, []byte("\x00\xff\nx\ny\nz\n"), "line 1 is not an untrusted comment", nil},
		{"huge", pub, msg, bytes.Repeat([]byte("a"), 1<<20), "over 65536 bytes", nil},
	}
	for _, tt := range tests {
		got, err := Verify(tt.pub, tt.msg, tt.sig)
		if err == nil || !strings.Contains(err.Error(), tt.want) || got != "" {
			t.Errorf("%s: Verify = %q, %v, want an error containing %q", tt.name, got, err, tt.want)
			continue
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: Verify = %v, want %v", tt.name, err, tt.is)
		}
	}
	var mismatch *KeyMismatchError
	if _, err := Verify(pub, msg, otherSig); !errors.As(err, &mismatch) || mismatch.Signed != other.ID || mismatch.Trusted != pub.ID {
		t.Errorf("Verify(another key's signature) = %v, want a *KeyMismatchError naming both ids", err)
	}
}

func TestParsePublicKey(t *testing.T) {
	file := string(readTestdata(t, "key.pub"))
	_, line, _ := strings.Cut(file, "\n")
	line = strings.TrimSpace(line)
	want := testKey(t, "key.pub")
	for _, text := range []string{line, line + "\n", "  " + line + "\r\n", strings.ReplaceAll(file, "\n", "\r\n")} {
		got, err := ParsePublicKey(text)
		if err != nil || got.ID != want.ID || !got.Key.Equal(want.Key) {
			t.Errorf("ParsePublicKey(%q) = %v, %v, want key %s", text, got.ID, err, want.ID)
		}
	}
	for _, tc := range []struct{ text, want string }{
		{"", "want one base64 line"},
		{line + "\n" + line, "want one base64 line"},
		{"comment\n" + line, "want one base64 line"},
		{line[:55], "55 base64 characters, want 56"},
		{strings.Repeat("*", 56), "not base64"},
		{"RU" + line[2:], `algorithm "ED", want Ed`},
	} {
		if _, err := ParsePublicKey(tc.text); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParsePublicKey(%q) = %v, want an error containing %q", tc.text, err, tc.want)
		}
	}
}

// TestMinisignCLI signs with the real minisign, in both formats, with a
// fresh key, and checks that Verify accepts what it made and refuses it
// for a changed message.
func TestMinisignCLI(t *testing.T) {
	bin, err := exec.LookPath("minisign")
	if err != nil {
		t.Skip("minisign is not installed (CI installs it: .ci/run)")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("minisign %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("-G", "-W", "-p", "k.pub", "-s", "k.key")
	pubText, err := os.ReadFile(filepath.Join(dir, "k.pub"))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey(string(pubText))
	if err != nil {
		t.Fatal(err)
	}
	msg := bytes.Repeat([]byte("a release's SHA256SUMS\n"), 1000)
	if err := os.WriteFile(filepath.Join(dir, "m"), msg, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"prehashed", nil},
		{"legacy", []string{"-l"}},
	} {
		sigName := tc.name + ".minisig"
		run(append(append([]string{"-S"}, tc.flags...), "-s", "k.key", "-m", "m", "-x", sigName, "-t", "gov v1.2.3 "+tc.name)...)
		sig, err := os.ReadFile(filepath.Join(dir, sigName))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Verify(pub, msg, sig); err != nil || got != "gov v1.2.3 "+tc.name {
			t.Errorf("%s: Verify = %q, %v, want the trusted comment", tc.name, got, err)
		}
		if _, err := Verify(pub, msg[1:], sig); !errors.Is(err, ErrSignature) {
			t.Errorf("%s: Verify(changed message) = %v, want %v", tc.name, err, ErrSignature)
		}
	}
}

// TestMinisigntest checks the test signer that other packages' tests use
// against this package and, where it is installed, the minisign program.
func TestMinisigntest(t *testing.T) {
	k := minisigntest.NewKey()
	pub, err := ParsePublicKey(k.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("gov_v0.2.0_linux_amd64.tar.gz\n")
	sig := k.Sign(msg, "gov v0.2.0")
	if got, err := Verify(pub, msg, sig); err != nil || got != "gov v0.2.0" {
		t.Errorf("Verify(minisigntest's signature) = %q, %v", got, err)
	}
	bin, err := exec.LookPath("minisign")
	if err != nil {
		t.Skip("minisign is not installed (CI installs it: .ci/run)")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "m"), msg, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "m.minisig"), sig, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-V", "-P", k.PublicKey(), "-m", "m")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Trusted comment: gov v0.2.0") {
		t.Errorf("minisign -V of minisigntest's signature: %v\n%s", err, out)
	}
}
