package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"codong/playlists"
	"codong/protocol"
)

// verified remembers the publications' signatures already checked and
// the contents already parsed: one process stands for thousands of
// boards, and every board of a publication gets the same signed root and
// most get the same content. Each board still checks its own envelope,
// its path to the root and its content's hash (protocol.OpenWith); only
// the ed25519 check of a root it already checked, and the parsing of
// bytes it already parsed, are not repeated. A real player, alone on its
// machine, checks everything every time.
var verified = struct {
	sync.Mutex
	v *protocol.Verified
}{v: protocol.NewVerified()}

// verify checks a manifest's signature with the pinned controller key and
// parses it. The manifest's content is shared with other boards: read
// only.
func verify(sm *protocol.SignedManifest, key ed25519.PublicKey) (*playlists.Manifest, error) {
	verified.Lock()
	defer verified.Unlock()
	return sm.OpenWith(key, verified.v)
}

// adopt applies a manifest as player/adopt.go does: verify it, refuse one
// for another board or older than the last, fetch and check every
// picture the board lacks, make it the board's, and only then
// acknowledge. A light board skips the pictures.
func (l *link) adopt(ctx context.Context, a arrival) error {
	b := l.b
	m, err := verify(a.msg.Manifest, b.f.key)
	if err != nil {
		return fmt.Errorf("từ chối bản kê: %w", err)
	}
	if err := b.check(m); err != nil {
		return err
	}
	b.f.stats.manifests.Add(1)
	b.note(&b.arrivals, m.Revision, a.at, l.session)
	if missing := b.missing(m); !b.f.cfg.Light && len(missing) > 0 {
		// As the player does: no keep-alive connection left open on the
		// controller once the pictures are in.
		defer b.http.CloseIdleConnections()
		for _, sum := range missing {
			if err := b.fetch(ctx, sum); err != nil {
				return fmt.Errorf("tải ảnh %s…: %w", sum[:12], err)
			}
		}
	}
	b.apply(m)
	return l.ack(m.Revision)
}

// check refuses a manifest made for another board, or older than the one
// the board has: a replay.
func (b *board) check(m *playlists.Manifest) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if m.Board.ID != b.id {
		return fmt.Errorf("từ chối bản kê: dành cho bảng số %d, không phải bảng này (số %d)", m.Board.ID, b.id)
	}
	if m.Revision < b.revision {
		return fmt.Errorf("từ chối bản kê: phiên bản %d cũ hơn bản đã nhận %d (bị phát lại?)", m.Revision, b.revision)
	}
	return nil
}

// missing lists the pictures of m the board does not hold.
func (b *board) missing(m *playlists.Manifest) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, sum := range m.Assets() {
		if _, ok := b.held[sum]; !ok {
			out = append(out, sum)
		}
	}
	return out
}

// apply makes m the board's manifest and, like the player's cache trim,
// keeps the pictures neither m nor the frame on the board needs up to
// the player's cache budget, evicting those shown longest ago first.
func (b *board) apply(m *playlists.Manifest) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.revision = m.Revision
	if b.f.cfg.Light {
		return
	}
	b.manifest = m
	b.trim(m)
	poke(b.wake)
}

// cacheBudget is the player's default (player.DefaultCacheBudget).
const cacheBudget = 256 << 20

// trim evicts spare pictures, least recently seen first, while the
// board's pictures weigh more than cacheBudget. b.mu is held.
func (b *board) trim(m *playlists.Manifest) {
	// The pictures weigh more only when the board holds more of them:
	// a switch between known playlists fetches nothing, so most manifests
	// need no walk over the board's pictures.
	if len(b.held) <= b.trimmed {
		return
	}
	defer func() { b.trimmed = len(b.held) }()
	keep := map[string]bool{b.status.Asset: true}
	for _, sum := range m.Assets() {
		keep[sum] = true
	}
	var total int64
	var spare []string
	for sum := range b.held {
		n, _, _ := b.f.pictures.ready(sum)
		total += n
		if !keep[sum] {
			spare = append(spare, sum)
		}
	}
	if total <= cacheBudget {
		return
	}
	slices.SortFunc(spare, func(x, y string) int { return cmp.Compare(b.held[x], b.held[y]) })
	for _, sum := range spare {
		if total <= cacheBudget {
			break
		}
		n, _, _ := b.f.pictures.ready(sum)
		total -= n
		delete(b.held, sum)
	}
}

// sawPicture marks a picture as just shown or fetched. b.mu is held.
func (b *board) sawPicture(sum string) {
	b.seen++
	b.held[sum] = b.seen
}

// fetch downloads one picture as the player does, with the board's token,
// and refuses content whose sha256 differs from its name.
func (b *board) fetch(ctx context.Context, sum string) error {
	select {
	case b.f.fetchSlots <- struct{}{}:
		defer func() { <-b.f.fetchSlots }()
	case <-ctx.Done():
		return ctx.Err()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.ep.base+protocol.AssetPath+sum, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	resp, err := b.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("controller trả về %s", resp.Status)
	}
	// The first board to bring a picture keeps its bytes for the shared
	// thumbnail; the others only hash the stream, as a player hashes what
	// it writes to disk.
	first := b.f.pictures.claim(sum)
	var kept bytes.Buffer
	h := sha256.New()
	w := io.Writer(h)
	if first {
		w = io.MultiWriter(h, &kept)
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, maxAssetBytes+1))
	switch {
	case err != nil:
	case n > maxAssetBytes:
		err = fmt.Errorf("ảnh lớn hơn %d MiB", maxAssetBytes>>20)
	case hex.EncodeToString(h.Sum(nil)) != sum:
		err = fmt.Errorf("sha256 của ảnh nhận được là %.12s…, không khớp tên ảnh", hex.EncodeToString(h.Sum(nil)))
	}
	if first && err != nil {
		b.f.pictures.drop(sum)
	} else if first {
		b.f.pictures.add(sum, kept.Bytes())
	}
	if err != nil {
		return err
	}
	b.f.stats.fetches.Add(1)
	b.f.stats.fetchBytes.Add(n)
	b.mu.Lock()
	b.sawPicture(sum)
	b.mu.Unlock()
	return nil
}

// note records a manifest received or acknowledged.
func (b *board) note(into *[]event, rev int64, at time.Time, session int) {
	b.mu.Lock()
	*into = append(*into, event{rev: rev, at: at, session: session})
	b.mu.Unlock()
}

// first returns the first event matching ok, and whether there is one.
func (b *board) first(events *[]event, ok func(event) bool) (event, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range *events {
		if ok(e) {
			return e, true
		}
	}
	return event{}, false
}
