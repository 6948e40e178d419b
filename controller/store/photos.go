package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// How a photo meets a board of another shape.
const (
	// FitLetterbox shows the whole photo, with bars of the style's
	// background where the shapes differ.
	FitLetterbox = "letterbox"
	// FitFill covers the whole board, cropping the photo around its
	// centre.
	FitFill = "fill"
)

// Photo is a picture for an exhibition: an original file, kept once by
// its sha256, and a caption set on a band below it. Caption, Fit and
// Style are its newest version, the one its editors work on; Approved is
// the version boards show (nil until one is approved).
type Photo struct {
	ID        int64          `json:"id"`
	SHA256    string         `json:"sha256"`
	Name      string         `json:"name"`
	Width     int            `json:"width"`
	Height    int            `json:"height"`
	Bytes     int64          `json:"bytes"`
	Caption   string         `json:"caption"`
	Fit       string         `json:"fit"`
	Style     string         `json:"style"`
	Version   int            `json:"version"`
	State     string         `json:"state"`
	Approved  *ApprovedPhoto `json:"approved"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	// Unit is the slug of the unit whose photo it is; FromAbove, that
	// the unit gave it to the units below (content_units.go).
	Unit      string `json:"unit"`
	UnitID    int64  `json:"-"`
	FromAbove bool   `json:"from_above"`
}

// ApprovedPhoto is the approved version of a photo: what boards show.
type ApprovedPhoto struct {
	Version int    `json:"version"`
	Caption string `json:"caption"`
	Fit     string `json:"fit"`
	Style   string `json:"style"`
}

// PhotoFile is an uploaded original, checked by the caller: its hash,
// file name and dimensions.
type PhotoFile struct {
	SHA256 string
	Name   string
	Width  int
	Height int
	Bytes  int64
}

// PhotoBody is a photo's content in a version.
type PhotoBody struct {
	Caption string `json:"caption"`
	Fit     string `json:"fit"`
	Style   string `json:"style"`
}

// Clean checks a photo version and gives it its stored form; the
// controller checks before it keeps an upload's originals.
func (b *PhotoBody) Clean() error {
	var err error
	if b.Caption, err = cleanCaption(b.Caption); err != nil {
		return err
	}
	switch b.Fit {
	case "":
		b.Fit = FitLetterbox
	case FitLetterbox, FitFill:
	default:
		return invalid(FieldPhotoFit, ProblemUnknown, 0)
	}
	return nil
}

const photoQuery = `
SELECT p.id, p.sha256, p.name, p.width, p.height, p.bytes,
	json_extract(v.body, '$.caption'), json_extract(v.body, '$.fit'), json_extract(v.body, '$.style'), v.number, v.state,
	p.approved, p.caption, p.fit, p.style, p.created_at, p.updated_at,
	p.unit_id, (SELECT slug FROM units WHERE units.id = p.unit_id), p.from_above != 0
FROM photos p JOIN versions v ON v.kind = 'photo' AND v.subject = p.id
	AND v.number = (SELECT MAX(number) FROM versions WHERE kind = 'photo' AND subject = p.id)`

func scanPhoto(row interface{ Scan(...any) error }) (Photo, error) {
	var p Photo
	var ap ApprovedPhoto
	var created, updated string
	err := row.Scan(&p.ID, &p.SHA256, &p.Name, &p.Width, &p.Height, &p.Bytes,
		&p.Caption, &p.Fit, &p.Style, &p.Version, &p.State,
		&ap.Version, &ap.Caption, &ap.Fit, &ap.Style, &created, &updated,
		&p.UnitID, &p.Unit, &p.FromAbove)
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	if ap.Version > 0 {
		p.Approved = &ap
	}
	return p, err
}

// Photos lists the photos sc sees, newest first.
func (s *Store) Photos(ctx context.Context, sc Scope) ([]Photo, error) {
	rows, err := s.r.QueryContext(ctx, photoQuery+` WHERE `+sc.sqlContent("p")+` ORDER BY p.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: photos: %w", err)
	}
	defer rows.Close()
	out := []Photo{}
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			return nil, fmt.Errorf("store: photos: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Photo returns one photo that sc sees.
func (s *Store) Photo(ctx context.Context, sc Scope, id int64) (Photo, error) {
	p, err := scanPhoto(s.r.QueryRowContext(ctx, photoQuery+` WHERE p.id = ? AND `+sc.sqlContent("p"), id))
	if err != nil {
		return p, notFound(err)
	}
	return p, nil
}

// CreatePhoto stores a new photo of the actor's own unit: see
// CreatePhotoIn.
func (s *Store) CreatePhoto(ctx context.Context, a Actor, f PhotoFile, b PhotoBody) (p Photo, created bool, err error) {
	return s.CreatePhotoIn(ctx, a, Place{}, f, b)
}

// CreatePhotoIn stores a new photo at a place as its first version, waiting for approval. The same file
// uploaded again to the same unit is the same photo: it returns the one
// stored, and created false, without a new version. Another unit's copy
// of the file is not looked at: a unit learns nothing of another's.
func (s *Store) CreatePhotoIn(ctx context.Context, a Actor, at Place, f PhotoFile, b PhotoBody) (p Photo, created bool, err error) {
	if err := b.Clean(); err != nil {
		return Photo{}, false, err
	}
	if f.Name, err = CleanName(FieldPhotoName, f.Name, MaxNameRunes); err != nil {
		return Photo{}, false, err
	}
	now := formatTime(s.now())
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		unitID, err := unitFor(ctx, tx, a, at.Unit)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT id FROM photos WHERE sha256 = ? AND unit_id = ?`, f.SHA256, unitID).Scan(&id)
		if err == nil {
			// The same file again: the photo already recorded, as it is
			// (the caller says so; its caption is edited on its own).
			return nil
		}
		if err != sql.ErrNoRows {
			return fmt.Errorf("store: create photo: %w", err)
		}
		if err := checkUnitCount(ctx, tx, FieldPhotos, MaxPhotos, MaxContentRows, "photos", unitID); err != nil {
			return err
		}
		if id, err = nextID(ctx, tx, "photo_seq"); err != nil {
			return fmt.Errorf("store: create photo: %w", err)
		}
		created = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO photos (id, sha256, name, width, height, bytes, style, created_at, updated_at, unit_id, from_above)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, f.SHA256, f.Name, f.Width, f.Height, f.Bytes, b.Style, now, now, unitID, at.flag()); err != nil {
			return fmt.Errorf("store: create photo: %w", err)
		}
		_, err = s.propose(ctx, tx, a, KindPhoto, id, fromVersion(0), b)
		return err
	})
	if err != nil {
		return Photo{}, false, err
	}
	p, err = s.Photo(ctx, Everything, id)
	return p, created, err
}

// UpdatePhoto proposes a new caption, fit and style. base is the version
// the author edited; if another was saved since, a StaleError carries it.
func (s *Store) UpdatePhoto(ctx context.Context, a Actor, id int64, base int, b PhotoBody) (Photo, error) {
	if err := checkBase(base); err != nil {
		return Photo{}, err
	}
	if err := b.Clean(); err != nil {
		return Photo{}, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := reachContent(ctx, tx, a, "photos", "id", id); err != nil {
			return err
		}
		_, err := s.propose(ctx, tx, a, KindPhoto, id, fromVersion(base), b)
		return err
	})
	if err != nil {
		return Photo{}, err
	}
	return s.Photo(ctx, Everything, id)
}

// DeletePhoto removes a photo that no playlist uses or drafts. Its
// original stays on disk: boards offline since may still report plays
// of it, and a later upload of the same file finds it there.
func (s *Store) DeletePhoto(ctx context.Context, a Actor, id int64) error {
	detail := fmt.Sprintf("#%d", id)
	return s.change(ctx, a, "photo.delete", func(tx *sql.Tx) (string, error) {
		if _, err := reachContent(ctx, tx, a, "photos", "id", id); err != nil {
			return detail, err
		}
		if err := checkUnused(ctx, tx, "photo_id", id); err != nil {
			return detail, err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE id = ?`, id)
		if err != nil {
			return detail, fmt.Errorf("store: delete photo %d: %w", id, err)
		}
		if err := mustAffect(res); err != nil {
			return detail, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE versions SET state = 'superseded' WHERE kind = 'photo' AND subject = ? AND state IN ('draft', 'pending')`, id)
		return detail, err
	})
}

// checkUnused refuses, with ErrInUse, to delete a slogan or photo that a
// playlist shows or a waiting playlist version names. column is
// slogan_id or photo_id: the name of both the table's column and the
// version's JSON field.
func checkUnused(ctx context.Context, tx *sql.Tx, column string, id int64) error {
	var used int
	err := tx.QueryRowContext(ctx, `
SELECT COUNT(*) FROM playlist_items WHERE `+column+` = ?1
UNION ALL
SELECT COUNT(*) FROM versions v, json_each(v.body, '$.items') j
WHERE v.kind = 'playlist' AND v.state IN ('draft', 'pending') AND CAST(json_extract(j.value, '$.`+column+`') AS INTEGER) = ?1
ORDER BY 1 DESC LIMIT 1`, id).Scan(&used)
	if err != nil {
		return fmt.Errorf("store: %s %d in use: %w", column, id, err)
	}
	if used > 0 {
		return ErrInUse
	}
	return nil
}

// PhotoRoom refuses an upload that would take the photos past MaxPhotos,
// counting only files not kept yet, before their originals are written.
// CreatePhoto checks again, inside its transaction.
func (s *Store) PhotoRoom(ctx context.Context, sums []string) error {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM photos`).Scan(&n); err != nil {
		return err
	}
	seen := make(map[string]bool)
	for _, sum := range sums {
		if seen[sum] {
			continue
		}
		seen[sum] = true
		var one int
		err := s.r.QueryRowContext(ctx, `SELECT 1 FROM photos WHERE sha256 = ?`, sum).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			n++
		} else if err != nil {
			return err
		}
	}
	if n > MaxPhotos {
		return invalid(FieldPhotos, ProblemTooMany, MaxPhotos)
	}
	return nil
}
