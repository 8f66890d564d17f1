// Package minisigntest signs as minisign does, for tests that need
// signatures without the minisign program: throwaway keys only.
package minisigntest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"

	"golang.org/x/crypto/blake2b"
)

// A Key is a throwaway minisign key pair.
type Key struct {
	id   [8]byte
	priv ed25519.PrivateKey
}

// NewKey returns a fresh key pair.
func NewKey() *Key {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	k := &Key{priv: priv}
	rand.Read(k.id[:])
	return k
}

// PublicKey is the base64 line of the key's .pub file (what gov's release
// build links in as self.PublicKey).
func (k *Key) PublicKey() string {
	raw := append(append([]byte("Ed"), k.id[:]...), k.priv.Public().(ed25519.PublicKey)...)
	return base64.StdEncoding.EncodeToString(raw)
}

// Sign returns the .minisig file of msg with trustedComment, in
// minisign's default (prehashed) format, as minisign -S -t makes it.
func (k *Key) Sign(msg []byte, trustedComment string) []byte {
	h := blake2b.Sum512(msg)
	sig := ed25519.Sign(k.priv, h[:])
	line := base64.StdEncoding.EncodeToString(append(append([]byte("ED"), k.id[:]...), sig...))
	global := ed25519.Sign(k.priv, append(sig, trustedComment...))
	return []byte("untrusted comment: signature from minisigntest\n" + line + "\ntrusted comment: " + trustedComment + "\n" + base64.StdEncoding.EncodeToString(global) + "\n")
}
