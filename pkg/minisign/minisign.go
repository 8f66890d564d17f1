// Package minisign verifies signatures made by minisign
// (https://jedisct1.github.io/minisign/), which signs gov's releases.
//
// A public key is the base64 line of a minisign .pub file: the algorithm
// "Ed", an 8-byte key id and a 32-byte Ed25519 key. A signature file has
// four lines:
//
//	untrusted comment: <anything>
//	<base64: algorithm, key id, 64-byte Ed25519 signature>
//	trusted comment: <text>
//	<base64: 64-byte Ed25519 signature of the signature and the text>
//
// The algorithm "ED" (minisign's default since 0.10) signs the message's
// BLAKE2b-512 hash; "Ed" (minisign -l, the legacy format) signs the
// message itself. The second signature, the global one, covers the first
// signature and the trusted comment, so the comment (gov's release tag)
// cannot be changed or moved to another signature.
//
// Only verification is here: gov signs nothing.
package minisign

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/blake2b"
)

// The algorithm names, as minisign writes them in keys and signatures.
const (
	algEd        = "Ed" // a key; a signature of the message itself (legacy)
	algPrehashed = "ED" // a signature of the message's BLAKE2b-512 hash
)

const (
	untrustedPrefix = "untrusted comment: "
	trustedPrefix   = "trusted comment: "
	keyLen          = 2 + 8 + ed25519.PublicKeySize
	sigLen          = 2 + 8 + ed25519.SignatureSize
	maxFile         = 64 << 10 // minisign's own comments are at most 8 KiB
)

// A KeyID names a key pair; a signature carries the id of its key.
type KeyID [8]byte

// String is the id as minisign prints it in a .pub file's comment: the id
// read as a little-endian number, in upper-case hex without leading zeros
// (AC10F513C5A39B74, C326854DE616948).
func (id KeyID) String() string {
	return strings.ToUpper(strconv.FormatUint(binary.LittleEndian.Uint64(id[:]), 16))
}

// A PublicKey is a minisign public key.
type PublicKey struct {
	ID  KeyID
	Key ed25519.PublicKey
}

// ParsePublicKey parses a public key: the base64 line of a .pub file
// (RWQ...), or the whole file, with its untrusted comment line.
func ParsePublicKey(text string) (PublicKey, error) {
	lines := nonEmptyLines(text)
	switch {
	case len(lines) == 2 && strings.HasPrefix(lines[0], untrustedPrefix):
		lines = lines[1:]
	case len(lines) != 1:
		return PublicKey{}, errors.New("public key: want one base64 line, or a .pub file of two lines")
	}
	raw, err := decode(lines[0], keyLen)
	if err != nil {
		return PublicKey{}, fmt.Errorf("public key: %v", err)
	}
	if alg := string(raw[:2]); alg != algEd {
		return PublicKey{}, fmt.Errorf("public key: algorithm %s, want %s", strconv.Quote(alg), algEd)
	}
	var pk PublicKey
	copy(pk.ID[:], raw[2:10])
	pk.Key = ed25519.PublicKey(bytes.Clone(raw[10:]))
	return pk, nil
}

// A Signature is a parsed minisign signature file.
type Signature struct {
	Prehashed        bool // algorithm ED: the signature is of BLAKE2b-512(message)
	KeyID            KeyID
	Sig              [ed25519.SignatureSize]byte
	UntrustedComment string
	TrustedComment   string
	GlobalSig        [ed25519.SignatureSize]byte
}

// ParseSignature parses the text of a .minisig file.
func ParseSignature(data []byte) (*Signature, error) {
	if len(data) > maxFile {
		return nil, fmt.Errorf("signature file: over %d bytes", maxFile)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\r\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, errors.New("signature file: empty")
	case len(lines) < 4:
		return nil, fmt.Errorf("signature file: ends after line %d of 4 (truncated?)", len(lines))
	}
	if len(lines) > 4 {
		return nil, fmt.Errorf("signature file: %d lines, want 4", len(lines))
	}
	s := &Signature{}
	var ok bool
	if s.UntrustedComment, ok = strings.CutPrefix(lines[0], untrustedPrefix); !ok {
		return nil, errors.New("signature file: line 1 is not an untrusted comment")
	}
	raw, err := decode(lines[1], sigLen)
	if err != nil {
		return nil, fmt.Errorf("signature file: line 2: %v", err)
	}
	switch alg := string(raw[:2]); alg {
	case algPrehashed:
		s.Prehashed = true
	case algEd:
	default:
		return nil, fmt.Errorf("signature file: algorithm %s, want %s or %s", strconv.Quote(alg), algPrehashed, algEd)
	}
	copy(s.KeyID[:], raw[2:10])
	copy(s.Sig[:], raw[10:])
	if s.TrustedComment, ok = strings.CutPrefix(lines[2], trustedPrefix); !ok {
		return nil, errors.New("signature file: line 3 is not a trusted comment")
	}
	global, err := decode(lines[3], ed25519.SignatureSize)
	if err != nil {
		return nil, fmt.Errorf("signature file: line 4: %v", err)
	}
	copy(s.GlobalSig[:], global)
	return s, nil
}

// A KeyMismatchError is a signature made by another key than the one
// trusted.
type KeyMismatchError struct {
	Signed, Trusted KeyID
}

func (e *KeyMismatchError) Error() string {
	return fmt.Sprintf("signed by key %s, not by the trusted key %s", e.Signed, e.Trusted)
}

// ErrSignature is a signature that does not match the message: the
// message was changed, or the signature was made for another one.
var ErrSignature = errors.New("the signature does not match: the file was changed after it was signed")

// ErrTrustedComment is a global signature that does not match the
// signature and its trusted comment: the comment was changed.
var ErrTrustedComment = errors.New("the trusted comment does not match its signature: it was changed after signing")

// Verify checks that sigFile, the text of a .minisig file, is pub's
// signature of message, and returns its trusted comment.
func Verify(pub PublicKey, message, sigFile []byte) (string, error) {
	sig, err := ParseSignature(sigFile)
	if err != nil {
		return "", err
	}
	if err := sig.Verify(pub, message); err != nil {
		return "", err
	}
	return sig.TrustedComment, nil
}

// Verify checks that s is pub's signature of message, and that its trusted
// comment is the one signed.
func (s *Signature) Verify(pub PublicKey, message []byte) error {
	if s.KeyID != pub.ID {
		return &KeyMismatchError{Signed: s.KeyID, Trusted: pub.ID}
	}
	if len(pub.Key) != ed25519.PublicKeySize {
		return errors.New("public key: not an Ed25519 key")
	}
	signed := message
	if s.Prehashed {
		h := blake2b.Sum512(message)
		signed = h[:]
	}
	if !ed25519.Verify(pub.Key, signed, s.Sig[:]) {
		return ErrSignature
	}
	global := append(bytes.Clone(s.Sig[:]), s.TrustedComment...)
	if !ed25519.Verify(pub.Key, global, s.GlobalSig[:]) {
		return ErrTrustedComment
	}
	return nil
}

// decode decodes one line of standard base64 that must hold n bytes.
func decode(line string, n int) ([]byte, error) {
	if len(line) != base64.StdEncoding.EncodedLen(n) {
		return nil, fmt.Errorf("%d base64 characters, want %d", len(line), base64.StdEncoding.EncodedLen(n))
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(line)
	if err != nil {
		return nil, errors.New("not base64")
	}
	return raw, nil
}

// nonEmptyLines returns text's lines without their line endings and
// surrounding space, leaving out blank ones.
func nonEmptyLines(text string) []string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
