package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Slogan is a text that boards show, typeset in a style. Text and Style
// are its newest version, the one its editors work on; Approved is the
// version boards show (nil until one is approved).
type Slogan struct {
	ID        int64      `json:"id"`
	Text      string     `json:"text"`
	Style     string     `json:"style"`
	Countdown *Countdown `json:"countdown,omitempty"`
	Version   int        `json:"version"`
	State     string     `json:"state"`
	Approved  *Approved  `json:"approved"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	// Unit is the slug of the unit whose slogan it is; FromAbove, that
	// the unit gave it to the units below (content_units.go).
	Unit      string `json:"unit"`
	UnitID    int64  `json:"-"`
	FromAbove bool   `json:"from_above"`
}

// Approved is the approved version of a slogan: what boards show.
type Approved struct {
	Version   int        `json:"version"`
	Text      string     `json:"text"`
	Style     string     `json:"style"`
	Countdown *Countdown `json:"countdown,omitempty"`
}

const sloganQuery = `
SELECT s.id, json_extract(v.body, '$.text'), json_extract(v.body, '$.style'),
	COALESCE(json_extract(v.body, '$.countdown.date'), ''), COALESCE(json_extract(v.body, '$.countdown.after'), ''), v.number, v.state,
	s.approved, s.text, s.style, s.countdown_date, s.countdown_after, s.created_at, s.updated_at,
	s.unit_id, (SELECT slug FROM units WHERE units.id = s.unit_id), s.from_above != 0
FROM slogans s JOIN versions v ON v.kind = 'slogan' AND v.subject = s.id
	AND v.number = (SELECT MAX(number) FROM versions WHERE kind = 'slogan' AND subject = s.id)`

func scanSlogan(row interface{ Scan(...any) error }) (Slogan, error) {
	var sl Slogan
	var ap Approved
	var created, updated string
	var cd, apCD Countdown
	err := row.Scan(&sl.ID, &sl.Text, &sl.Style, &cd.Date, &cd.After, &sl.Version, &sl.State,
		&ap.Version, &ap.Text, &ap.Style, &apCD.Date, &apCD.After, &created, &updated,
		&sl.UnitID, &sl.Unit, &sl.FromAbove)
	sl.CreatedAt, sl.UpdatedAt = parseTime(created), parseTime(updated)
	sl.Countdown = cd.orNil()
	if ap.Version > 0 {
		ap.Countdown = apCD.orNil()
		sl.Approved = &ap
	}
	return sl, err
}

// orNil is nil for a plain slogan, which stores no date.
func (c Countdown) orNil() *Countdown {
	if c.Date == "" {
		return nil
	}
	return &c
}

// Slogans lists the slogans sc sees, newest first.
func (s *Store) Slogans(ctx context.Context, sc Scope) ([]Slogan, error) {
	return s.slogans(ctx, sloganQuery+` WHERE `+sc.sqlContent("s")+` ORDER BY s.id DESC`)
}

// SlogansPage lists at most limit of the slogans sc sees, newest first,
// after skipping offset of them, and how many there are in all: a page
// of the library.
func (s *Store) SlogansPage(ctx context.Context, sc Scope, limit, offset int) ([]Slogan, int, error) {
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM slogans s WHERE `+sc.sqlContent("s")).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: slogans: %w", err)
	}
	list, err := s.slogans(ctx, sloganQuery+` WHERE `+sc.sqlContent("s")+` ORDER BY s.id DESC LIMIT ? OFFSET ?`, limit, max(offset, 0))
	return list, total, err
}

func (s *Store) slogans(ctx context.Context, query string, args ...any) ([]Slogan, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: slogans: %w", err)
	}
	defer rows.Close()
	var out []Slogan
	for rows.Next() {
		sl, err := scanSlogan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: slogans: %w", err)
		}
		out = append(out, sl)
	}
	return out, rows.Err()
}

// Slogan returns one slogan that sc sees.
func (s *Store) Slogan(ctx context.Context, sc Scope, id int64) (Slogan, error) {
	sl, err := scanSlogan(s.r.QueryRowContext(ctx, sloganQuery+` WHERE s.id = ? AND `+sc.sqlContent("s"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return sl, ErrNotFound
	}
	if err != nil {
		return sl, fmt.Errorf("store: slogan %d: %w", id, err)
	}
	return sl, nil
}

// CreateSlogan stores a new plain slogan: see CreateSloganBody.
func (s *Store) CreateSlogan(ctx context.Context, a Actor, text, style string) (Slogan, error) {
	return s.CreateSloganBody(ctx, a, SloganBody{Text: text, Style: style})
}

// CreateSloganBody stores a new slogan of the actor's own unit: see
// CreateSloganIn.
func (s *Store) CreateSloganBody(ctx context.Context, a Actor, b SloganBody) (Slogan, error) {
	return s.CreateSloganIn(ctx, a, Place{}, b)
}

// CreateSloganIn stores a new slogan at a place, its style validated by
// the caller, as its first version, waiting for approval: no board shows
// it before then.
func (s *Store) CreateSloganIn(ctx context.Context, a Actor, at Place, b SloganBody) (Slogan, error) {
	if err := CheckSlogan(b); err != nil {
		return Slogan{}, err
	}
	now := formatTime(s.now())
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		unitID, err := unitFor(ctx, tx, a, at.Unit)
		if err != nil {
			return err
		}
		if err := checkUnitCount(ctx, tx, FieldSlogans, MaxSlogans, MaxContentRows, "slogans", unitID); err != nil {
			return err
		}
		// IDs come from a sequence, never reused: a deleted slogan's
		// versions keep its ID.
		if id, err = nextID(ctx, tx, "slogan_seq"); err != nil {
			return fmt.Errorf("store: create slogan: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO slogans (id, text, style, created_at, updated_at, unit_id, from_above) VALUES (?, '', ?, ?, ?, ?, ?)`, id, b.Style, now, now, unitID, at.flag()); err != nil {
			return fmt.Errorf("store: create slogan: %w", err)
		}
		if err := checkCountdowns(ctx, tx, id, b); err != nil {
			return err
		}
		_, err = s.propose(ctx, tx, a, KindSlogan, id, fromVersion(0), b)
		return err
	})
	if err != nil {
		return Slogan{}, err
	}
	return s.Slogan(ctx, Everything, id)
}

// UpdateSlogan proposes a new text and style of a plain slogan: see
// UpdateSloganBody.
func (s *Store) UpdateSlogan(ctx context.Context, a Actor, id int64, base int, text, style string) (Slogan, error) {
	return s.UpdateSloganBody(ctx, a, id, base, SloganBody{Text: text, Style: style})
}

// UpdateSloganBody proposes a new version of a slogan. base is the
// version the author edited; if another was saved since, a StaleError
// carries it.
func (s *Store) UpdateSloganBody(ctx context.Context, a Actor, id int64, base int, b SloganBody) (Slogan, error) {
	if err := checkBase(base); err != nil {
		return Slogan{}, err
	}
	if err := CheckSlogan(b); err != nil {
		return Slogan{}, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := reachContent(ctx, tx, a, "slogans", "id", id); err != nil {
			return err
		}
		if err := checkCountdowns(ctx, tx, id, b); err != nil {
			return err
		}
		_, err := s.propose(ctx, tx, a, KindSlogan, id, fromVersion(base), b)
		return err
	})
	if err != nil {
		return Slogan{}, err
	}
	return s.Slogan(ctx, Everything, id)
}

// DeleteSlogan removes a slogan that no playlist uses or drafts.
func (s *Store) DeleteSlogan(ctx context.Context, a Actor, id int64) error {
	detail := fmt.Sprintf("#%d", id)
	return s.change(ctx, a, "slogan.delete", func(tx *sql.Tx) (string, error) {
		if _, err := reachContent(ctx, tx, a, "slogans", "id", id); err != nil {
			return detail, err
		}
		if err := checkUnused(ctx, tx, "slogan_id", id); err != nil {
			return detail, err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM slogans WHERE id = ?`, id)
		if err != nil {
			return detail, fmt.Errorf("store: delete slogan %d: %w", id, err)
		}
		if err := mustAffect(res); err != nil {
			return detail, err
		}
		// Nothing of it waits for review any more; its history stays.
		_, err = tx.ExecContext(ctx, `UPDATE versions SET state = 'superseded' WHERE kind = 'slogan' AND subject = ? AND state IN ('draft', 'pending')`, id)
		return detail, err
	})
}

// checkCountdowns refuses a new countdown when the approved ones reach
// MaxCountdowns, so the author learns it now rather than the approver
// later (apply checks again: several drafts may each fit alone).
func checkCountdowns(ctx context.Context, tx *sql.Tx, id int64, b SloganBody) error {
	if b.Countdown == nil {
		return nil
	}
	return checkCount(ctx, tx, FieldCountdowns, MaxCountdowns, `SELECT COUNT(*) FROM slogans WHERE countdown_date != '' AND id != ?`, id)
}

func mustAffect(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
