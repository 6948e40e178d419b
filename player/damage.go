package player

import (
	"errors"
	"fmt"
	"slices"

	"codong/assets"
	"codong/playlists"
)

// A picture is verified against its sha256 each time it is about to be
// shown, not only when it is downloaded: a card that wears out or a
// person with access to the disk can damage it while the board runs.
// Reading and hashing one costs about 20 µs for an LED board's picture
// and 70 µs for a full-HD one, a fortieth of decoding the same PNG,
// which the display does for every frame anyway (BenchmarkVerifyPicture),
// so nothing is cached between uses: a cache keyed by size, time and
// inode would also miss damage that changes none of them.
//
// A damaged or missing picture is removed and not shown (the board keeps
// its last good frame), the board reports the problem, and the link to
// the controller is closed and opened again (see session.retract): the
// controller forgets a board's acknowledgement when its link drops and
// sends the manifest again on the new link, so its dashboard shows the
// board as updating, not up to date, until the picture is fetched again
// and the manifest acknowledged again.

// damage is a picture found unusable, and why, for the board's status.
type damage struct {
	title, why string
}

// checkPicture tells whether err (from reading a picture to show it)
// means the cached file is damaged or gone. If so the file is removed
// and the board's status says so until the picture is fetched again;
// the caller then tells the link, once the status is updated.
func (p *Player) checkPicture(it playlists.Item, err error) bool {
	var why string
	switch {
	case errors.Is(err, assets.ErrHashMismatch):
		why = "bị hỏng (sai mã sha256)"
	case errors.Is(err, assets.ErrNotFound):
		why = "bị mất"
	default:
		return false
	}
	if err := p.cache.assets.Remove(it.Asset); err != nil {
		p.log.Error("không xoá được ảnh hỏng", "asset", it.Asset, "err", err)
	}
	p.log.Error("ảnh trong bộ nhớ đệm không dùng được; tải lại", "asset", it.Asset, "err", err)
	p.mu.Lock()
	if p.damaged == nil {
		p.damaged = make(map[string]damage)
	}
	p.damaged[it.Asset] = damage{title: it.Title, why: why}
	p.mu.Unlock()
	return true
}

// hasDamage reports whether some picture awaits fetching again.
func (p *Player) hasDamage() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.damaged) > 0
}

// repaired forgets the damage: every picture of the manifest about to be
// adopted is on disk and verified.
func (p *Player) repaired() {
	p.mu.Lock()
	p.damaged = nil
	p.mu.Unlock()
}

// damageProblem is the sentence for the board's status while some
// picture awaits fetching again, empty otherwise. It names one picture
// (the first by hash, so the status does not flicker) and counts the
// others.
func (p *Player) damageProblem() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.damaged) == 0 {
		return ""
	}
	sums := make([]string, 0, len(p.damaged))
	for sum := range p.damaged {
		sums = append(sums, sum)
	}
	slices.Sort(sums)
	d := p.damaged[sums[0]]
	s := fmt.Sprintf("Ảnh “%s” trong bộ nhớ đệm %s", d.title, d.why)
	if n := len(sums) - 1; n > 0 {
		s += fmt.Sprintf(" (và %d ảnh khác)", n)
	}
	return s + "; bảng giữ hình trước đó và đang tải lại ảnh từ máy chủ."
}
