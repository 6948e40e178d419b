package protocol

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"codong/playlists"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"ack", `{"type":"ack","v":2,"ack":{"revision":3}}`, true},
		{"status", `{"type":"status","v":2,"status":{"playlist":"default"}}`, true},
		{"manifest", `{"type":"manifest","v":2,"manifest":{"revision":1}}`, true},
		{"error", `{"type":"error","v":2,"error":{"code":"x","message":"y"}}`, true},
		{"plays", `{"type":"plays","v":2,"plays":{"records":[{"id":1,"playlist":"default","seconds":10}]}}`, true},
		{"plays ack", `{"type":"plays_ack","v":2,"plays_ack":{"up_to":1}}`, true},
		{"wrong version", `{"type":"ack","v":1,"ack":{"revision":3}}`, false},
		{"missing payload", `{"type":"ack","v":2}`, false},
		{"unknown type", `{"type":"hello","v":2}`, false},
		{"not json", `{"type":`, false},
		{"empty", ``, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("Decode(%q) = %v, want ok=%v", tc.in, err, tc.ok)
			}
		})
	}
}

func TestSignedRoundTrip(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	signed, err := Sign(&playlists.Manifest{Revision: 7, Content: playlists.Content{Default: playlists.DefaultSlug}, Board: playlists.Board{Width: 384, Height: 128}}, priv)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(NewManifest(signed))
	msg, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		key    ed25519.PublicKey
		mutate func(*SignedManifest)
		ok     bool
	}{
		{"pinned key", pub, func(*SignedManifest) {}, true},
		{"another key", otherPub, func(*SignedManifest) {}, false},
		{"no key pinned", nil, func(*SignedManifest) {}, false},
		{"payload changed", pub, func(s *SignedManifest) {
			s.Payload = json.RawMessage(strings.Replace(string(s.Payload), `"revision":7`, `"revision":8`, 1))
		}, false},
		{"signature garbage", pub, func(s *SignedManifest) { s.Signature = "!!" }, false},
		{"attacker's key in the message is ignored", pub, func(s *SignedManifest) { s.Key = EncodeKey(otherPub) }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sm := *msg.Manifest
			tc.mutate(&sm)
			m, err := sm.Open(tc.key)
			if (err == nil) != tc.ok {
				t.Fatalf("Open = %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && m.Revision != 7 {
				t.Fatalf("revision %d", m.Revision)
			}
		})
	}
}

func TestKeyEncoding(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	got, err := ParseKey(EncodeKey(pub))
	if err != nil || !got.Equal(pub) {
		t.Fatalf("ParseKey(EncodeKey) = %v, %v", got, err)
	}
	for _, bad := range []string{"", "ed25519:", "rsa:AAAA", "ed25519:AAAA"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}

func TestRevocation(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	const token = "cdb_BANGLEDCHO"
	const nonce = "n-1"
	r := Revoke(token, nonce, priv)
	tests := []struct {
		name         string
		r            *Revocation
		token, nonce string
		key          ed25519.PublicKey
		ok           bool
	}{
		{"signed by the pinned key", r, token, nonce, pub, true},
		{"checked against another key", r, token, nonce, otherPub, false},
		{"signed by an attacker", Revoke(token, nonce, otherPriv), token, nonce, pub, false},
		{"for another token", r, "cdb_KHAC", nonce, pub, false},
		{"replayed on a later connect", r, token, "n-2", pub, false},
		{"no nonce", Revoke(token, "", priv), token, "", pub, false},
		{"missing", nil, token, nonce, pub, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.Verify(tc.token, tc.nonce, tc.key); got != tc.ok {
				t.Fatalf("Verify = %v, want %v", got, tc.ok)
			}
		})
	}
}

func TestParseAck(t *testing.T) {
	for _, rev := range []int64{0, 1, 57, 1795876551687123, 1<<63 - 1} {
		data, _ := json.Marshal(NewAck(rev))
		got, ok := ParseAck(data)
		if !ok || got != rev {
			t.Fatalf("ParseAck(%s) = %d, %v", data, got, ok)
		}
	}
	for _, in := range []string{
		`{"type":"ack","v":2,"ack":{"revision":-1}}`,
		`{"type":"ack","v":2,"ack":{"revision":+1}}`,
		`{"type":"ack","v":2,"ack":{"revision":}}`,
		`{"type":"ack","v":2,"ack":{"revision":1,"x":2}}`,
		`{"type":"ack","v":1,"ack":{"revision":1}}`,
		`{"type":"ack", "v":2,"ack":{"revision":1}}`,
		`{"type":"status","v":2,"status":{"revision":1}}`,
	} {
		if rev, ok := ParseAck([]byte(in)); ok {
			t.Errorf("ParseAck(%s) = %d, want it left to Decode", in, rev)
		}
	}
}

func TestStatusThumbnailFastPath(t *testing.T) {
	st := &Status{Revision: 3, Playlist: "default", Title: `Mừng Đảng, "mừng" Xuân ,"thumbnail":"`, Problem: `x"}}`, Thumbnail: bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 500)}
	var enc bytes.Buffer
	json.NewEncoder(&enc).Encode(NewStatus(st)) // as WriteJSON writes it
	data, _ := json.Marshal(NewStatus(st))
	for _, frame := range [][]byte{data, enc.Bytes()} {
		if _, _, split := splitThumbnail(frame); !split {
			t.Fatalf("not taken apart: %.120s…", frame)
		}
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Status.Thumbnail, st.Thumbnail) || got.Status.Title != st.Title || got.Status.Problem != st.Problem {
		t.Fatalf("decoded %+v", got.Status)
	}
}

func TestStatusLimits(t *testing.T) {
	long := strings.Repeat("đ", 401)
	tests := []struct {
		name string
		st   Status
		ok   bool
	}{
		{"a real report", Status{Playlist: "default", Title: "Mừng Đảng, mừng Xuân", Asset: strings.Repeat("a", 64), Version: "dev", Thumbnail: make([]byte, 1000)}, true},
		{"title too long", Status{Title: long}, false},
		{"playlist too long", Status{Playlist: strings.Repeat("x", 65)}, false},
		{"version too long", Status{Version: strings.Repeat("x", 65)}, false},
		{"problem too long", Status{Problem: strings.Repeat("x", 1001)}, false},
		{"display problem too long", Status{DisplayProblem: strings.Repeat("x", 1001)}, false},
		{"a kiosk page nobody opened", Status{DisplayProblem: "Trang hiển thị chưa mở trong trình duyệt nào."}, true},
		{"asset not a hash", Status{Asset: "../../etc/passwd"}, false},
		{"thumbnail too large", Status{Thumbnail: make([]byte, MaxThumbnailBytes+1)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, _ := json.Marshal(NewStatus(&tc.st))
			if _, err := Decode(data); (err == nil) != tc.ok {
				t.Fatalf("Decode = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// TestSpeaks: a feature is used only with a peer that announced its
// level or a later one; an old peer announces none.
func TestSpeaks(t *testing.T) {
	for _, tc := range []struct {
		level, want string
		ok          bool
	}{
		{Level, Level, true}, {"2.1", "2.1", true}, {"2.2", "2.1", true}, {"3.0", "2.1", true},
		{"2.0", "2.1", false}, {"", "2.1", false}, {"2", "2.1", false}, {"x.1", "2.1", false}, {"2.-1", "2.0", false},
	} {
		if got := Speaks(tc.level, tc.want); got != tc.ok {
			t.Errorf("Speaks(%q, %q) = %v, want %v", tc.level, tc.want, got, tc.ok)
		}
	}
}

// TestRevocationFromAnotherInstallation: a controller started on an empty
// database beside the old key file signs with the same key but is
// another installation; a board that pinned its installation refuses
// its revocation, and one that pinned none (paired before) takes it as
// before.
func TestRevocationFromAnotherInstallation(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	const token, nonce = "cdb_BANGLEDCHO", "n-1"
	const ours, theirs = "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "aaaabbbbccccddddeeeeffff00001111"
	tests := []struct {
		name   string
		r      *Revocation
		pinned string
		ok     bool
	}{
		{"from our installation", RevokeFor(token, nonce, ours, priv), ours, true},
		{"from another installation, same key", RevokeFor(token, nonce, theirs, priv), ours, false},
		{"naming ours, signed for theirs", func() *Revocation {
			r := RevokeFor(token, nonce, theirs, priv)
			r.Installation = ours
			return r
		}(), ours, false},
		{"naming no installation", Revoke(token, nonce, priv), ours, false},
		{"the older statement's nonce made to read as ours", Revoke(token, nonce+"\ninstallation "+ours, priv), ours, false},
		{"none pinned, from any installation", RevokeFor(token, nonce, theirs, priv), "", true},
		{"none pinned, from an older controller", Revoke(token, nonce, priv), "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.VerifyInstallation(token, tc.r.Nonce, pub, tc.pinned); got != tc.ok {
				t.Fatalf("VerifyInstallation = %v, want %v", got, tc.ok)
			}
		})
	}
	// A player that predates installations still reads the new kind.
	if !RevokeFor(token, nonce, ours, priv).Verify(token, nonce, pub) {
		t.Fatal("a revocation naming an installation fails the older check")
	}
}

// TestManifestNamesInstallation: the installation is signed into the
// envelope, comes out of Open, and cannot be changed on the way.
func TestManifestNamesInstallation(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	m := &playlists.Manifest{Revision: 3, IssuedAt: time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC), Installation: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
		Board: playlists.Board{ID: 1, Name: "Bảng LED chợ", Width: 384, Height: 128}, Content: playlists.Content{Default: playlists.DefaultSlug}}
	signed, err := Sign(m, priv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := signed.Open(pub)
	if err != nil || got.Installation != m.Installation {
		t.Fatalf("opened %+v, %v; want installation %s", got, err, m.Installation)
	}
	signed.Payload = json.RawMessage(strings.Replace(string(signed.Payload), m.Installation, "aaaabbbbccccddddeeeeffff00001111", 1))
	if _, err := signed.Open(pub); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("an envelope with its installation changed: %v, want ErrBadSignature", err)
	}
	// Even signed, an ID of another form is not kept in board.json.
	m.Installation = strings.Repeat("Đ", 40)
	if signed, err = Sign(m, priv); err != nil {
		t.Fatal(err)
	}
	if _, err := signed.Open(pub); err == nil {
		t.Fatal("a manifest with a malformed installation ID was opened")
	}
}

func TestValidInstallation(t *testing.T) {
	for id, ok := range map[string]bool{
		"0f1e2d3c4b5a69788796a5b4c3d2e1f0": true,
		"":                                 false,
		"0F1E":                             false,
		"0f1e-2d3c":                        false,
		strings.Repeat("a", 65):            false,
		strings.Repeat("a", 64):            true,
	} {
		if got := ValidInstallation(id); got != ok {
			t.Errorf("ValidInstallation(%q) = %v, want %v", id, got, ok)
		}
	}
}
