package protocol

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"codong/playlists"
)

// batch signs n envelopes over one shared content and returns the
// frames the boards receive, decoded.
func batch(t *testing.T, priv ed25519.PrivateKey, n int, rev int64) []*SignedManifest {
	t.Helper()
	content, _ := json.Marshal(playlists.Content{Default: playlists.DefaultSlug, Playlists: []playlists.Playlist{{Slug: playlists.DefaultSlug, Name: "Chào mừng Đại hội & <Tết>", Items: []playlists.Item{{ID: 1, Seconds: 10, Asset: fmt.Sprintf("%064x", 1)}}}}})
	sum := sha256.Sum256(content)
	envs := make([][]byte, n)
	for i := range envs {
		env, err := Seal(rev, time.Now().UTC(), playlists.Board{ID: int64(i + 1), Name: fmt.Sprintf("Bảng %d", i+1), Width: 384, Height: 128}, sum)
		if err != nil {
			t.Fatal(err)
		}
		envs[i] = env
	}
	b := SignBatch(envs, priv)
	out := make([]*SignedManifest, n)
	for i := range envs {
		parts := ManifestFrame(envs[i], b, i, content)
		frame := append(append(append([]byte(nil), parts[0]...), parts[1]...), parts[2]...)
		msg, err := Decode(frame)
		if err != nil {
			t.Fatalf("frame %d: %v\n%s", i, err, frame)
		}
		out[i] = msg.Manifest
	}
	return out
}

func TestBatchEveryBoardOpensItsOwn(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	for _, n := range []int{1, 2, 3, 7, 8, 33} {
		for i, sm := range batch(t, priv, n, 42) {
			m, err := sm.Open(pub)
			if err != nil {
				t.Fatalf("n=%d board %d: %v", n, i, err)
			}
			if m.Board.ID != int64(i+1) || m.Revision != 42 || m.Default != playlists.DefaultSlug || len(m.Playlists) != 1 {
				t.Fatalf("n=%d board %d opened as %+v", n, i, m)
			}
		}
	}
}

func TestBatchRefusesTampering(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	sms := batch(t, priv, 5, 9)
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	forged := batch(t, otherPriv, 5, 99)
	tests := []struct {
		name   string
		key    ed25519.PublicKey
		mutate func(*SignedManifest)
	}{
		{"another pinned key", otherPub, func(*SignedManifest) {}},
		{"signed by an attacker's key", pub, func(s *SignedManifest) { *s = *forged[2] }},
		{"another board's envelope with this proof", pub, func(s *SignedManifest) { s.Payload = sms[3].Payload }},
		{"index moved", pub, func(s *SignedManifest) { s.Index = 3 }},
		{"index out of range", pub, func(s *SignedManifest) { s.Index = 5 }},
		{"negative index", pub, func(s *SignedManifest) { s.Index = -1 }},
		{"tree size changed", pub, func(s *SignedManifest) { s.Leaves = 4 }},
		{"proof cut short", pub, func(s *SignedManifest) {
			p, _ := base64.StdEncoding.DecodeString(s.Proof)
			s.Proof = base64.StdEncoding.EncodeToString(p[:len(p)-sha256.Size])
		}},
		{"proof lengthened", pub, func(s *SignedManifest) {
			p, _ := base64.StdEncoding.DecodeString(s.Proof)
			s.Proof = base64.StdEncoding.EncodeToString(append(p, make([]byte, sha256.Size)...))
		}},
		{"content changed", pub, func(s *SignedManifest) {
			s.Content = json.RawMessage(`{"default":"congress-success","playlists":[]}`)
		}},
		{"content dropped (read as a one-by-one signature)", pub, func(s *SignedManifest) { s.Content = nil }},
		{"revision raised", pub, func(s *SignedManifest) {
			var env Envelope
			json.Unmarshal(s.Payload, &env)
			env.Revision++
			s.Payload, _ = json.Marshal(env)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sm := *sms[2]
			tc.mutate(&sm)
			if _, err := sm.Open(tc.key); err == nil {
				t.Fatal("opened")
			}
		})
	}
}

// A board keeps its last manifest on disk; one signed before batch
// signing must still open after the upgrade.
func TestOneByOneSignatureStillOpens(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	payload, _ := json.Marshal(playlists.Manifest{Revision: 5, Board: playlists.Board{ID: 1, Width: 384, Height: 128}, Content: playlists.Content{Default: playlists.DefaultSlug}})
	sm := SignedManifest{Payload: payload, Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(priv, payload))}
	if m, err := sm.Open(pub); err != nil || m.Revision != 5 || m.Default != playlists.DefaultSlug {
		t.Fatalf("Open = %+v, %v", m, err)
	}
	sm.Payload = json.RawMessage(`{"revision":6,"board":{"id":1,"width":384,"height":128},"default":"default"}`)
	if _, err := sm.Open(pub); err == nil {
		t.Fatal("changed one-by-one payload opened")
	}
}

// A stored manifest is written back with json.Marshal: its bytes, and so
// its hashes, must survive that.
func TestSignedManifestSurvivesReencoding(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	sm := batch(t, priv, 3, 1)[1]
	data, err := json.Marshal(sm)
	if err != nil {
		t.Fatal(err)
	}
	var back SignedManifest
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if _, err := back.Open(pub); err != nil {
		t.Fatal(err)
	}
}

func TestVerifiedRemembersOnlyGoodSignatures(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	sms := batch(t, priv, 4, 3)
	v := NewVerified()
	for _, sm := range sms {
		if _, err := sm.OpenWith(pub, v); err != nil {
			t.Fatal(err)
		}
	}
	if len(v.seen) != 1 || len(v.content) != 1 {
		t.Fatalf("%d signatures and %d contents remembered, want 1 each", len(v.seen), len(v.content))
	}
	bad := *sms[0]
	bad.Content = json.RawMessage(`{"default":"x","playlists":[]}`)
	if _, err := bad.OpenWith(pub, v); err == nil {
		t.Fatal("remembered signature let changed content through")
	}
	bad = *sms[0]
	bad.Index = 1
	if _, err := bad.OpenWith(pub, v); err == nil {
		t.Fatal("remembered signature let a wrong path through")
	}
}

func BenchmarkSignBatch(b *testing.B) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	envs := make([][]byte, 10000)
	for i := range envs {
		envs[i], _ = Seal(1, time.Now(), playlists.Board{ID: int64(i), Name: "Bảng", Width: 384, Height: 128}, [32]byte{})
	}
	b.ReportAllocs()
	for b.Loop() {
		bt := SignBatch(envs, priv)
		for i := range envs {
			bt.Proof(i)
		}
	}
}

// An envelope built by the Sealer reads back as the Envelope it names.
func TestSealerEnvelope(t *testing.T) {
	issued := time.Date(2026, 11, 28, 8, 0, 0, 123, time.UTC)
	board := playlists.Board{ID: 7, Name: "Bảng <chợ> & \"cổng\"", Width: 384, Height: 128, Groups: []string{"cho"}, Power: []playlists.PowerWindow{{Start: "22:00", End: "05:00"}}}
	env, err := Seal(42, issued, board, sha256.Sum256([]byte("nội dung")))
	if err != nil {
		t.Fatal(err)
	}
	var back Envelope
	if err := json.Unmarshal(env, &back); err != nil {
		t.Fatalf("%v: %s", err, env)
	}
	sum := sha256.Sum256([]byte("nội dung"))
	if back.Revision != 42 || !back.IssuedAt.Equal(issued) || back.Board.Name != board.Name || len(back.Board.Power) != 1 || back.Content != fmt.Sprintf("%x", sum) {
		t.Fatalf("read back %+v", back)
	}
	// Stored manifests are written again with json.Marshal: the bytes must
	// already be in its form, or their hash would change.
	again, _ := json.Marshal(json.RawMessage(env))
	if string(again) != string(env) {
		t.Fatalf("envelope changes when re-encoded:\n%s\n%s", env, again)
	}
}
