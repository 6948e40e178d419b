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
	// An entry belongs to the unit the actor acts in: a sibling unit's
	// people never read it.
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, detail, actor_key, roles, address, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		formatTime(s.now()), a.Name, action, detail, a.Key, a.Roles.String(), a.Address, a.OwnUnit())
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// AuditFilter selects audit entries; zero fields select all.
type AuditFilter struct {
	Actor    string    // the name shown, exactly
	Kind     string    // the action's first word: "slogan", "version", "login"…
	From, To time.Time // From ≤ at < To
	Limit    int       // at most this many entries; 0: 200
	Offset   int       // skipping this many of the newest first: a later page
}

// Audit returns the entries f selects among those of the units sc sees,
// newest first. An entry belongs to the unit its actor acts in.
func (s *Store) Audit(ctx context.Context, sc Scope, f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT id, at, actor, action, detail, actor_key, roles, address FROM audit WHERE ` + sc.sql("unit_id")
	var args []any
	if f.Actor != "" {
		q, args = q+` AND actor = ?`, append(args, f.Actor)
	}
	if f.Kind != "" {
		q, args = q+` AND (action = ? OR substr(action, 1, ?) = ?)`, append(args, f.Kind, len(f.Kind)+1, f.Kind+".")
	}
	if !f.From.IsZero() {
		q, args = q+` AND at >= ?`, append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		q, args = q+` AND at < ?`, append(args, formatTime(f.To))
	}
	if f.Limit <= 0 {
		f.Limit = 200
	}
	q, args = q+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, max(f.Offset, 0))
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
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

// AuditActors lists the names that appear in the entries of the units sc
// sees, for a filter.
func (s *Store) AuditActors(ctx context.Context, sc Scope) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT actor FROM audit WHERE `+sc.sql("unit_id")+` ORDER BY actor`)
	if err != nil {
		return nil, fmt.Errorf("store: audit actors: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Record writes an audit entry for an event that changes no desired
// state (a login, a failed login), so it bumps no revision.
func (s *Store) Record(ctx context.Context, a Actor, action, detail string) error {
	return s.audited(ctx, a, action, detail, func(*sql.Tx) error { return nil })
}
