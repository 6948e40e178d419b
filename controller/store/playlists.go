package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"codong/playlists"
)

// PlaylistItem is an item: a slogan or a photo shown for some seconds.
// Of a photo item, Text is the caption and Photo says the rest.
type PlaylistItem struct {
	ID        int64      `json:"id"`
	SloganID  int64      `json:"slogan_id"`
	PhotoID   int64      `json:"photo_id,omitempty"`
	Text      string     `json:"text"`
	Style     string     `json:"style"`
	Countdown *Countdown `json:"countdown,omitempty"`
	Seconds   int        `json:"seconds"`
	Photo     *ItemPhoto `json:"photo,omitempty"`
}

// ItemPhoto is what a photo item needs to be drawn and named.
type ItemPhoto struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name"`
	Fit    string `json:"fit"`
}

// Playlist is a playlist with its items in order. From Playlists and
// Playlist, the items are those of its newest version (what its editors
// work on) with each slogan's newest text; in Desired, those approved.
type Playlist struct {
	ID       int64          `json:"id"`
	Slug     string         `json:"slug"`
	Name     string         `json:"name"`
	Version  int            `json:"version"`
	State    string         `json:"state"`
	Approved int            `json:"approved_version"`
	Items    []PlaylistItem `json:"items"`
	// NameVersion counts renames: a rename names the one it was made
	// from (row_versions.go); Version is that of the items, drafted and
	// approved like a slogan's text.
	NameVersion int `json:"name_version"`
	// Unit is the slug of the unit whose playlist it is; FromAbove, that
	// the unit gave it to the units below (content_units.go).
	Unit      string `json:"unit"`
	UnitID    int64  `json:"-"`
	FromAbove bool   `json:"from_above"`
}

// Playlists lists the playlists sc sees with the items of their newest
// version.
func (s *Store) Playlists(ctx context.Context, sc Scope) ([]Playlist, error) {
	pls, err := playlistRows(ctx, s.r, `WHERE `+sc.sqlContent("p"))
	if err != nil {
		return nil, err
	}
	for i := range pls {
		if err := s.drafted(ctx, &pls[i]); err != nil {
			return nil, err
		}
	}
	return pls, nil
}

// Playlist returns one playlist that sc sees, by slug, with the items
// of its newest version.
func (s *Store) Playlist(ctx context.Context, sc Scope, slug string) (Playlist, error) {
	pls, err := playlistRows(ctx, s.r, `WHERE p.slug = ? AND `+sc.sqlContent("p"), slug)
	if err != nil {
		return Playlist{}, err
	}
	if len(pls) == 0 {
		return Playlist{}, ErrNotFound
	}
	return pls[0], s.drafted(ctx, &pls[0])
}

// PlaylistNameBySlug returns the name of a playlist by slug, without
// reading its items (the wall names the switched-to playlist every look).
func (s *Store) PlaylistNameBySlug(ctx context.Context, slug string) (string, error) {
	var name string
	err := s.r.QueryRowContext(ctx, `SELECT name FROM playlists WHERE slug = ?`, slug).Scan(&name)
	return name, notFound(err)
}

// PlaylistName returns the name of a playlist by ID.
func (s *Store) PlaylistName(ctx context.Context, id int64) (string, error) {
	var name string
	err := s.r.QueryRowContext(ctx, `SELECT name FROM playlists WHERE id = ?`, id).Scan(&name)
	return name, notFound(err)
}

func playlistRows(ctx context.Context, q querier, where string, args ...any) ([]Playlist, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.slug, p.name, p.approved, p.name_version, p.unit_id, (SELECT slug FROM units WHERE units.id = p.unit_id), p.from_above != 0
FROM playlists p `+where+` ORDER BY p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: playlists: %w", err)
	}
	defer rows.Close()
	var out []Playlist
	for rows.Next() {
		var p Playlist
		if err := rows.Scan(&p.ID, &p.Slug, &p.Name, &p.Approved, &p.NameVersion, &p.UnitID, &p.Unit, &p.FromAbove); err != nil {
			return nil, fmt.Errorf("store: playlists: %w", err)
		}
		p.Items = []PlaylistItem{} // an empty playlist is [] in JSON, not null
		out = append(out, p)
	}
	return out, rows.Err()
}

// drafted fills a playlist's items from its newest version.
func (s *Store) drafted(ctx context.Context, p *Playlist) error {
	v, err := latestVersion(ctx, s.r, KindPlaylist, p.ID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var body PlaylistBody
	if err := json.Unmarshal(v.Body, &body); err != nil {
		return fmt.Errorf("store: playlist %d v%d: %w", p.ID, v.Number, err)
	}
	p.Version, p.State = v.Number, v.State
	for _, it := range body.Items {
		item := PlaylistItem{ID: it.ID, SloganID: it.SloganID, PhotoID: it.PhotoID, Seconds: it.Seconds}
		if it.PhotoID != 0 {
			// What the playlist holds, from its unit or shared from
			// above, is read with it.
			if ph, err := s.Photo(ctx, Everything, it.PhotoID); err == nil {
				item.Text, item.Style = ph.Caption, ph.Style
				item.Photo = &ItemPhoto{SHA256: ph.SHA256, Name: ph.Name, Fit: ph.Fit}
			}
		} else if sl, err := s.Slogan(ctx, Everything, it.SloganID); err == nil {
			item.Text, item.Style, item.Countdown = sl.Text, sl.Style, sl.Countdown
		}
		p.Items = append(p.Items, item)
	}
	return nil
}

// approvedPlaylists is what boards may show: every playlist with the
// items of its approved version whose slogans or photos have an
// approved version.
func approvedPlaylists(ctx context.Context, q querier) ([]Playlist, error) {
	out, err := playlistRows(ctx, q, ``)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `
SELECT i.playlist_id, i.id, COALESCE(i.slogan_id, 0), COALESCE(i.photo_id, 0),
	COALESCE(s.text, ph.caption), COALESCE(s.style, ph.style), COALESCE(s.countdown_date, ''), COALESCE(s.countdown_after, ''), i.seconds,
	COALESCE(ph.sha256, ''), COALESCE(ph.name, ''), COALESCE(ph.fit, '')
FROM playlist_items i LEFT JOIN slogans s ON s.id = i.slogan_id LEFT JOIN photos ph ON ph.id = i.photo_id
WHERE s.approved > 0 OR ph.approved > 0 ORDER BY i.playlist_id, i.position, i.id`)
	if err != nil {
		return nil, fmt.Errorf("store: playlist items: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]*Playlist, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	for rows.Next() {
		var pid int64
		var it PlaylistItem
		var ph ItemPhoto
		var cd Countdown
		if err := rows.Scan(&pid, &it.ID, &it.SloganID, &it.PhotoID, &it.Text, &it.Style, &cd.Date, &cd.After, &it.Seconds, &ph.SHA256, &ph.Name, &ph.Fit); err != nil {
			return nil, fmt.Errorf("store: playlist items: %w", err)
		}
		if it.PhotoID != 0 {
			it.Photo = &ph
		}
		it.Countdown = cd.orNil()
		if p := byID[pid]; p != nil {
			p.Items = append(p.Items, it)
		}
	}
	return out, rows.Err()
}

// CreatePlaylist adds an empty playlist. It shows nothing until a
// version of its items is approved.
func (s *Store) CreatePlaylist(ctx context.Context, a Actor, slug, name string) error {
	if !playlists.ValidSlug(slug) {
		return fmt.Errorf("%w: slug %q", playlists.ErrInvalid, slug)
	}
	_, err := s.createPlaylist(ctx, a, Place{}, slug, name)
	return err
}

// CreatePlaylistNamed adds an empty playlist of the actor's own unit
// whose slug is made from its name (PlaylistSlug), numbered when taken,
// and returns the slug.
func (s *Store) CreatePlaylistNamed(ctx context.Context, a Actor, name string) (string, error) {
	return s.createPlaylist(ctx, a, Place{}, "", name)
}

// CreatePlaylistIn is CreatePlaylist (slug given) or CreatePlaylistNamed
// (slug "") at a place. Slugs stay unique in the whole installation:
// slots and switches name playlists by them.
func (s *Store) CreatePlaylistIn(ctx context.Context, a Actor, at Place, slug, name string) (string, error) {
	if slug != "" && !playlists.ValidSlug(slug) {
		return "", fmt.Errorf("%w: slug %q", playlists.ErrInvalid, slug)
	}
	return s.createPlaylist(ctx, a, at, slug, name)
}

// createPlaylist inserts a playlist at a place under slug, or under a
// free slug made from the name when slug is "".
func (s *Store) createPlaylist(ctx context.Context, a Actor, at Place, slug, name string) (string, error) {
	name, err := CleanName(FieldPlaylistName, name, MaxNameRunes)
	if err != nil {
		return "", err
	}
	err = s.change(ctx, a, "playlist.create", func(tx *sql.Tx) (string, error) {
		unitID, err := unitFor(ctx, tx, a, at.Unit)
		if err != nil {
			return "", err
		}
		if err := checkUnitCount(ctx, tx, FieldPlaylists, MaxPlaylists, MaxContentRows, "playlists", unitID); err != nil {
			return "", err
		}
		if slug == "" {
			var err error
			if slug, err = freeSlug(ctx, tx, "playlists", PlaylistSlug(name)); err != nil {
				return "", err
			}
		}
		if builtIn(slug) {
			at.FromAbove = true
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO playlists (slug, name, unit_id, from_above) VALUES (?, ?, ?, ?)`, slug, name, unitID, at.flag())
		if isUniqueViolation(err) {
			return "", fmt.Errorf("%w: playlist %q", ErrConflict, slug)
		}
		return slug + ": " + name, err
	})
	return slug, err
}

// editPlaylist proposes a new version of a playlist's items: edit
// changes a copy of its newest version.
func (s *Store) editPlaylist(ctx context.Context, a Actor, slug string, base baseVersion, edit func(tx *sql.Tx, b *PlaylistBody) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var pid int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM playlists WHERE slug = ?`, slug).Scan(&pid); err != nil {
			return notFound(err)
		}
		if _, err := reachContent(ctx, tx, a, "playlists", "id", pid); err != nil {
			return err
		}
		var body PlaylistBody
		if _, err := latestBody(ctx, tx, KindPlaylist, pid, &body); err != nil {
			return err
		}
		if err := edit(tx, &body); errors.Is(err, errUnchanged) {
			return nil
		} else if err != nil {
			return err
		}
		if body.Items == nil {
			body.Items = []ItemBody{}
		}
		_, err := s.propose(ctx, tx, a, KindPlaylist, pid, base, body)
		return err
	})
}

func findItem(b *PlaylistBody, id int64) (int, error) {
	for i, it := range b.Items {
		if it.ID == id {
			return i, nil
		}
	}
	return 0, ErrNotFound
}

// AddItem drafts a slogan at the end of a playlist.
func (s *Store) AddItem(ctx context.Context, a Actor, slug string, sloganID int64, seconds int) error {
	return s.addItem(ctx, a, slug, ItemBody{SloganID: sloganID, Seconds: seconds})
}

// AddPhotoItem drafts a photo at the end of a playlist.
func (s *Store) AddPhotoItem(ctx context.Context, a Actor, slug string, photoID int64, seconds int) error {
	return s.addItem(ctx, a, slug, ItemBody{PhotoID: photoID, Seconds: seconds})
}

func (s *Store) addItem(ctx context.Context, a Actor, slug string, item ItemBody) error {
	if err := playlists.ValidateSeconds(item.Seconds); err != nil {
		return err
	}
	table, id := "slogans", item.SloganID
	if item.PhotoID != 0 {
		table, id = "photos", item.PhotoID
	}
	return s.editPlaylist(ctx, a, slug, anyBase, func(tx *sql.Tx, b *PlaylistBody) error {
		// Its own unit's, one under it (the actor sees those), or shared
		// from above the playlist's unit.
		var unit int64
		if err := tx.QueryRowContext(ctx, `SELECT unit_id FROM playlists WHERE slug = ?`, slug).Scan(&unit); err != nil {
			return notFound(err)
		}
		if _, err := usable(ctx, tx, unit, table, "id", id); err != nil {
			return err
		}
		if len(b.Items) >= MaxItems {
			return ErrTooMany
		}
		if err := checkTotalItems(ctx, tx, slug, len(b.Items)+1); err != nil {
			return err
		}
		var err error
		item.ID, err = nextID(ctx, tx, "item_seq")
		b.Items = append(b.Items, item)
		return err
	})
}

// MaxItems bounds a playlist, so that a manifest stays within the
// protocol's size limit whatever is stored.
const MaxItems = 200

// checkTotalItems refuses a playlist of n items when, with the other
// playlists' live items, every manifest would carry more than
// MaxTotalItems.
func checkTotalItems(ctx context.Context, q querier, slug string, n int) error {
	// The boards that may get this playlist are its unit's and those
	// under it; their manifests hold the playlists of their units and
	// of the units above.
	var unit int64
	if err := q.QueryRowContext(ctx, `SELECT unit_id FROM playlists WHERE slug = ?`, slug).Scan(&unit); err != nil {
		return notFound(err)
	}
	t, err := readTree(ctx, q)
	if err != nil {
		return err
	}
	reach := t.Scope(unit)
	for _, u := range t.Path(unit) {
		reach.units[u.ID] = true
	}
	var others int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id WHERE p.slug != ? AND `+reach.sql("p.unit_id"), slug).Scan(&others); err != nil {
		return err
	}
	if others+n > MaxTotalItems {
		return invalid(FieldItems, ProblemTooMany, MaxTotalItems)
	}
	return nil
}

// UpdateItem drafts a new duration for an item.
func (s *Store) UpdateItem(ctx context.Context, a Actor, slug string, base int, itemID int64, seconds int) error {
	if err := checkBase(base); err != nil {
		return err
	}
	if err := playlists.ValidateSeconds(seconds); err != nil {
		return err
	}
	return s.editPlaylist(ctx, a, slug, fromVersion(base), func(_ *sql.Tx, b *PlaylistBody) error {
		i, err := findItem(b, itemID)
		if err == nil {
			b.Items[i].Seconds = seconds
		}
		return err
	})
}

// RemoveItem drafts a playlist without one item.
func (s *Store) RemoveItem(ctx context.Context, a Actor, slug string, itemID int64) error {
	return s.editPlaylist(ctx, a, slug, anyBase, func(_ *sql.Tx, b *PlaylistBody) error {
		i, err := findItem(b, itemID)
		if err == nil {
			b.Items = append(b.Items[:i], b.Items[i+1:]...)
		}
		return err
	})
}

// MoveItem drafts an item swapped with its neighbour (delta -1 up, +1
// down); at the top or the bottom already, it drafts nothing.
func (s *Store) MoveItem(ctx context.Context, a Actor, slug string, itemID int64, delta int) error {
	return s.editPlaylist(ctx, a, slug, anyBase, func(_ *sql.Tx, b *PlaylistBody) error {
		i, err := findItem(b, itemID)
		if err != nil {
			return err
		}
		j := i + 1
		if delta < 0 {
			j = i - 1
		}
		if j < 0 || j >= len(b.Items) {
			return errUnchanged
		}
		b.Items[i], b.Items[j] = b.Items[j], b.Items[i]
		return nil
	})
}

// errUnchanged tells editPlaylist that an edit left the playlist as it
// was, so no version is drafted for nothing.
var errUnchanged = errors.New("store: unchanged")

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
