package playlists

import (
	"fmt"
	"time"
)

// Board describes the board a manifest was made for.
type Board struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	// Groups are the slugs of the groups the board belongs to.
	Groups []string `json:"groups,omitempty"`
	// Power dims or blanks the board during daily windows.
	Power []PowerWindow `json:"power,omitempty"`
	// ScrollSpeed is the speed the board scrolls strips at, in pixels per
	// second: the board's setting, or the default for its height (see
	// ScrollSpeed); 0 from a controller that predates it.
	ScrollSpeed int `json:"scroll_speed,omitempty"`
}

// Target is what slots and overrides aimed at a group or a board are
// matched against.
func (b Board) Target() Target { return Target{Board: b.ID, Groups: b.Groups} }

// Override replaces the schedule of every board, one group's or one
// board's with one playlist until it is lifted or Until passes. A zero
// Until means "until lifted".
type Override struct {
	Playlist string    `json:"playlist"`
	Group    string    `json:"group,omitempty"`
	Board    int64     `json:"board,omitempty"`
	Since    time.Time `json:"since"`
	Until    time.Time `json:"until,omitzero"`
}

// ActiveAt reports whether the override is in force at t.
func (o *Override) ActiveAt(t time.Time) bool {
	if o == nil || o.Playlist == "" {
		return false
	}
	return !t.Before(o.Since) && (o.Until.IsZero() || t.Before(o.Until))
}

// AppliesTo reports whether the override reaches the target.
func (o *Override) AppliesTo(t Target) bool {
	return o != nil && t.covers(o.Group, o.Board)
}

// MaxTitleRunes bounds a slogan, which is an item's title: longer text
// would be unreadable on any board.
const MaxTitleRunes = 400

// Manifest is a board's whole desired state. The controller always sends
// the whole of it, never a diff, so a board that reconnects converges with
// one message; the player keeps the last one on disk and plays from it
// when the link is down.
type Manifest struct {
	// Revision grows with every change the controller makes to any
	// board's state; a player acknowledges the revision it has applied.
	Revision int64     `json:"revision"`
	IssuedAt time.Time `json:"issued_at"`
	// Installation is the random ID of the installation (its database)
	// that issued the manifest. A player pins it with the controller's
	// key and refuses manifests and revocations of another installation
	// signed with the same key (a database lost and started afresh
	// beside the old key file). Empty from controllers that predate it.
	Installation string `json:"installation,omitempty"`
	Board        Board  `json:"board"`
	Content
}

// Content is the part of a manifest that does not name the board: every
// board of the same size and group gets the same Content, so the
// controller builds, encodes and hashes it once for all of them.
type Content struct {
	// TimeZone names the zone daily windows are read in (IANA name).
	TimeZone string `json:"time_zone,omitempty"`
	// Default is the playlist the board plays outside every slot of
	// Schedule, when no override is on.
	Default   string     `json:"default"`
	Schedule  []Slot     `json:"schedule,omitempty"`
	Override  *Override  `json:"override,omitempty"`
	Playlists []Playlist `json:"playlists"`
	// Countdowns are the dated pictures of countdown items, one per
	// slogan.
	Countdowns []Countdown `json:"countdowns,omitempty"`
}

// Playlist returns the playlist with the slug, or nil.
func (m *Manifest) Playlist(slug string) *Playlist {
	for i := range m.Playlists {
		if m.Playlists[i].Slug == slug {
			return &m.Playlists[i]
		}
	}
	return nil
}

// Active returns the playlist that should play at t: the override while it
// is in force, otherwise the first slot of the schedule that covers t,
// otherwise the default. Countdown items carry the picture of t's day
// (see onDay). It returns nil when the board has nothing to play.
func (m *Manifest) Active(t time.Time) *Playlist {
	if m.Override.ActiveAt(t) && m.Override.AppliesTo(m.Board.Target()) {
		if p := m.onDay(m.Playlist(m.Override.Playlist), t); p != nil && len(p.Items) > 0 {
			return p
		}
	}
	if slug := m.scheduled(t); slug != "" {
		return m.onDay(m.Playlist(slug), t)
	}
	if p := m.onDay(m.Playlist(m.Default), t); p != nil && len(p.Items) > 0 {
		return p
	}
	return nil
}

// Assets lists every asset hash the manifest refers to, once each, in
// order of first appearance.
func (m *Manifest) Assets() []string {
	seen := make(map[string]bool)
	var out []string
	add := func(sum string) {
		if sum != "" && !seen[sum] {
			seen[sum] = true
			out = append(out, sum)
		}
	}
	for _, p := range m.Playlists {
		for _, it := range p.Items {
			add(it.Asset)
		}
	}
	for _, c := range m.Countdowns {
		for _, d := range c.Days {
			add(d.Asset)
		}
		add(c.AfterAsset)
	}
	return out
}

// Validate checks what a player must be able to rely on before it trusts
// a manifest: every item has a well-formed asset hash and a sane duration.
func (m *Manifest) Validate() error {
	if m.Board.Width <= 0 || m.Board.Height <= 0 {
		return fmt.Errorf("%w: kích thước bảng %dx%d", ErrInvalid, m.Board.Width, m.Board.Height)
	}
	for _, w := range m.Board.Power {
		if err := w.Validate(); err != nil {
			return err
		}
	}
	for _, sl := range m.Schedule {
		if err := sl.Validate(); err != nil {
			return err
		}
	}
	for _, p := range m.Playlists {
		if !ValidSlug(p.Slug) {
			return fmt.Errorf("%w: mã danh sách phát %q", ErrInvalid, p.Slug)
		}
		for _, it := range p.Items {
			if !ValidHash(it.Asset) {
				return fmt.Errorf("%w: mục %d của %q có mã ảnh %q", ErrInvalid, it.ID, p.Slug, it.Asset)
			}
			if err := ValidateSeconds(it.Seconds); err != nil {
				return err
			}
			if it.Pages < 0 || it.Pages > MaxPages || (it.Pages > 1 && (it.Scroll || it.Countdown)) {
				return fmt.Errorf("%w: mục %d của %q có %d trang (tối đa %d, không kèm chữ chạy hay đếm ngược)", ErrInvalid, it.ID, p.Slug, it.Pages, MaxPages)
			}
			if it.Countdown && m.countdown(it.SloganID) == nil {
				return fmt.Errorf("%w: mục %d của %q đếm ngược mà không có ảnh theo ngày", ErrInvalid, it.ID, p.Slug)
			}
		}
	}
	for i := range m.Countdowns {
		if err := m.Countdowns[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}

// ValidHash reports whether s is a lowercase hex sha256.
func ValidHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// NextChange returns the first moment after t at which Active or
// Brightness may give another answer (the override starting or ending, a
// power window's or a slot's minute, the midnight a countdown turns a
// day), or zero if none.
func (m *Manifest) NextChange(t time.Time) time.Time {
	var next time.Time
	consider := func(c time.Time) {
		if c.After(t) && (next.IsZero() || c.Before(next)) {
			next = c
		}
	}
	if m.Override != nil {
		consider(m.Override.Since)
		consider(m.Override.Until)
	}
	consider(nextPowerCheck(m, t))
	if len(m.Countdowns) > 0 {
		consider(nextMidnight(t, m.location()))
	}
	return next
}
