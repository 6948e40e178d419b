package protocol

import (
	"crypto/ed25519"
	"strings"
	"testing"
)

func TestReleaseSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	otherPub, otherPriv, _ := ed25519.GenerateKey(nil)
	_ = otherPub
	good := func() Release {
		r := Release{ID: 3, Platform: "linux/amd64", Version: "1.2.0", SHA256: strings.Repeat("ab", 32), Size: 1234, Installation: "0123abcd"}
		SignRelease(&r, priv)
		return r
	}
	if r := good(); VerifyRelease(&r, pub, "0123abcd") != nil {
		t.Fatal("a release signed by the pinned key is refused")
	}
	cases := map[string]func(r *Release) (ed25519.PublicKey, string){
		"another key": func(r *Release) (ed25519.PublicKey, string) {
			SignRelease(r, otherPriv)
			return pub, "0123abcd"
		},
		"another installation": func(r *Release) (ed25519.PublicKey, string) { return pub, "ffff" },
		"version changed":      func(r *Release) (ed25519.PublicKey, string) { r.Version = "1.2.1"; return pub, "0123abcd" },
		"platform changed":     func(r *Release) (ed25519.PublicKey, string) { r.Platform = "linux/arm64"; return pub, "0123abcd" },
		"sha256 changed": func(r *Release) (ed25519.PublicKey, string) {
			r.SHA256 = strings.Repeat("cd", 32)
			return pub, "0123abcd"
		},
		"size changed":      func(r *Release) (ed25519.PublicKey, string) { r.Size++; return pub, "0123abcd" },
		"no signature":      func(r *Release) (ed25519.PublicKey, string) { r.Signature = ""; return pub, "0123abcd" },
		"garbled signature": func(r *Release) (ed25519.PublicKey, string) { r.Signature = "!!"; return pub, "0123abcd" },
		"no key pinned":     func(r *Release) (ed25519.PublicKey, string) { return nil, "0123abcd" },
		"unknown platform": func(r *Release) (ed25519.PublicKey, string) {
			r.Platform = "plan9/386"
			SignRelease(r, priv)
			return pub, "0123abcd"
		},
		"too large": func(r *Release) (ed25519.PublicKey, string) {
			r.Size = MaxReleaseBytes + 1
			SignRelease(r, priv)
			return pub, "0123abcd"
		},
	}
	for name, mangle := range cases {
		t.Run(name, func(t *testing.T) {
			r := good()
			key, inst := mangle(&r)
			if err := VerifyRelease(&r, key, inst); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}
