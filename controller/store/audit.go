package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AuditEntry records one change: who, what, when.
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Detail string    `json:"detail"`
}

func (s *Store) audit(ctx context.Context, tx *sql.Tx, actor, action, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)`,
		formatTime(s.now()), actor, action, detail)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// Audit returns the newest entries first.
func (s *Store) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, actor, action, detail FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: audit: %w", err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Record writes an audit entry for an event that changes no desired
// state (a login, a failed login), so it bumps no revision.
func (s *Store) Record(ctx context.Context, actor, action, detail string) error {
	return s.audited(ctx, actor, action, detail, func(*sql.Tx) error { return nil })
}
