package minisign

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds the key and signature parsers arbitrary text, from
// seeds of the real formats. Parsing is all it does, so that
// scripts/fuzz.sh gets many inputs through cheaply: what it guards is
// that no file a server sends makes gov panic, and that what parses has
// the sizes the verifier relies on.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"key.pub", "other.pub", "prehashed.minisig", "legacy.minisig", "other.minisig", "SHA256SUMS"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if pk, err := ParsePublicKey(string(data)); err == nil && len(pk.Key) != 32 {
			t.Fatalf("ParsePublicKey(%q) gave a %d-byte key", data, len(pk.Key))
		}
		if sig, err := ParseSignature(data); err == nil && sig == nil {
			t.Fatalf("ParseSignature(%q) = nil, nil", data)
		}
	})
}
