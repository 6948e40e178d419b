package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AuditEntry records one change: who, what, when.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	ActorKey string    `json:"actor_key"`
	Roles    string    `json:"roles"`
	Address  string    `json:"address"`
	Action   string    `json:"action"`
	Detail   string    `json:"detail"`
}

// The audit table is append-only: triggers refuse UPDATE and DELETE, so
// no interface, and no bug, can rewrite what happened.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, a Actor, action, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, detail, actor_key, roles, address) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		formatTime(s.now()), a.Name, action, detail, a.Key, a.Roles.String(), a.Address)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// Audit returns the newest entries first.
func (s *Store) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, actor, action, detail, actor_key, roles, address FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Detail, &e.ActorKey, &e.Roles, &e.Address); err != nil {
			return nil, fmt.Errorf("store: audit: %w", err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Record writes an audit entry for an event that changes no desired
// state (a login, a failed login), so it bumps no revision.
func (s *Store) Record(ctx context.Context, a Actor, action, detail string) error {
	return s.audited(ctx, a, action, detail, func(*sql.Tx) error { return nil })
}
