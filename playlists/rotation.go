package playlists

import "time"

// Playing is what a board shows at a moment.
type Playing struct {
	Playlist string    `json:"playlist"`
	Index    int       `json:"index"`
	Item     Item      `json:"item"`
	Since    time.Time `json:"since"`
	Until    time.Time `json:"until"`
}

// Rotation steps through the active playlist of a manifest. A playlist
// that becomes active starts at its first item; a manifest that changes
// the current playlist's content (an edited slogan) keeps the position, so
// the board shows the new picture at once without restarting its
// rotation. Rotation is not safe for concurrent use.
type Rotation struct {
	cur   Playing
	valid bool
}

// At advances the rotation to t under manifest m and returns what plays.
// ok is false when the manifest has nothing to play.
func (r *Rotation) At(m *Manifest, t time.Time) (p Playing, ok bool) {
	pl := m.Active(t)
	if pl == nil {
		r.valid = false
		return Playing{}, false
	}
	if !r.valid || r.cur.Playlist != pl.Slug {
		r.start(pl, 0, t)
		return r.cur, true
	}
	idx := r.cur.Index
	if idx >= len(pl.Items) {
		r.start(pl, 0, t)
		return r.cur, true
	}
	if t.Before(r.cur.Since) {
		// The clock went back (corrected by the controller's): restart
		// the current item now rather than wait for its end in the past's
		// future.
		r.start(pl, idx, t)
		return r.cur, true
	}
	// Durations may have been edited: recompute the current item's end
	// from its start, then walk forward over every item that has ended.
	since := r.cur.Since
	until := since.Add(itemDuration(pl.Items[idx]))
	if rot := rotationLength(pl); t.Sub(until) > rot {
		// Long gap (the board slept): skip whole rotations at once.
		n := t.Sub(until) / rot
		since = since.Add(n * rot)
		until = until.Add(n * rot)
	}
	for !t.Before(until) {
		idx = (idx + 1) % len(pl.Items)
		since = until
		until = since.Add(itemDuration(pl.Items[idx]))
	}
	r.cur = Playing{Playlist: pl.Slug, Index: idx, Item: pl.Items[idx], Since: since, Until: until}
	return r.cur, true
}

func (r *Rotation) start(pl *Playlist, idx int, t time.Time) {
	it := pl.Items[idx]
	r.cur = Playing{Playlist: pl.Slug, Index: idx, Item: it, Since: t, Until: t.Add(itemDuration(it))}
	r.valid = true
}

// itemDuration never returns less than MinItemSeconds, so a manifest that
// slipped past validation cannot make the rotation spin.
func itemDuration(it Item) time.Duration {
	return time.Duration(max(it.Seconds, MinItemSeconds)) * time.Second
}

func rotationLength(pl *Playlist) time.Duration {
	var d time.Duration
	for _, it := range pl.Items {
		d += itemDuration(it)
	}
	return d
}
