package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Alerts tell the people responsible when boards nobody visits go wrong
// (controller/alert): each event (a board gone offline, back, …) is
// kept here with the boards it names, and delivered to every target
// (a webhook or an e-mail address) whose unit (and group) holds one of
// those boards, one delivery each, retried until it is taken or a day
// has passed.

// alertsTables is the same text on both engines.
const alertsTables = `CREATE TABLE alert_targets (
	id BIGINT PRIMARY KEY,
	kind TEXT NOT NULL,
	address TEXT NOT NULL,
	secret TEXT NOT NULL DEFAULT '',
	unit_id BIGINT NOT NULL,
	grp TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);
CREATE TABLE alert_events (
	id BIGINT PRIMARY KEY,
	event TEXT NOT NULL,
	at TEXT NOT NULL,
	boards TEXT NOT NULL,
	summary TEXT NOT NULL
);
CREATE TABLE alert_deliveries (
	id BIGINT PRIMARY KEY,
	event_id BIGINT NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
	target_id BIGINT NOT NULL,
	target TEXT NOT NULL,
	state TEXT NOT NULL,
	attempts BIGINT NOT NULL DEFAULT 0,
	next_at TEXT NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	done_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_at);
CREATE TABLE alert_thresholds (
	target TEXT PRIMARY KEY,
	seconds BIGINT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('alert_seq', 0);`

// alertDigestColumn marks a receiver told once a day (a digest) rather
// than at each event. Same text on both engines.
const alertDigestColumn = `ALTER TABLE alert_targets ADD COLUMN digest BIGINT NOT NULL DEFAULT 0;`

// Kinds of alert targets.
const (
	TargetWebhook = "webhook"
	TargetEmail   = "email"
)

// States of a delivery.
const (
	DeliveryPending = "pending" // waiting for its next attempt
	DeliverySent    = "sent"    // taken by the receiver
	DeliveryFailed  = "failed"  // given up after a day
)

// Limits of alerts, checked here at the edge.
const (
	MaxAlertTargets = 500
	MaxURLBytes     = 2048
	// A secret, a mail user and password count in characters, as the
	// page asks for them (a Vietnamese letter is two or three bytes).
	MaxSecretChars     = 256
	MinSecretChars     = 16
	MaxEmailBytes      = 254
	MaxAlertError      = 500 // bytes of a delivery's last error kept
	MaxThresholdSecond = 7 * 24 * 3600
)

// Fields of alerts, for errors.
const (
	FieldAlertURL       = "alert.url"
	FieldAlertSecret    = "alert.secret"
	FieldAlertEmail     = "alert.email"
	FieldAlertTargets   = "alert.targets"
	FieldAlertThreshold = "alert.threshold"
)

// AlertTarget is a receiver of alerts: a webhook (its secret signs each
// delivery and is never shown again) or an e-mail address, for the
// boards of a unit and the units under it, or of one group of them.
type AlertTarget struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Address   string    `json:"address"` // the URL or the e-mail address
	Unit      string    `json:"unit"`
	UnitID    int64     `json:"-"`
	Group     string    `json:"group,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	Secret    string    `json:"-"`
	// Digest: told once a day of the day's events (DigestEvent), not
	// at each.
	Digest bool `json:"digest"`
}

// AlertBoard is a board as an alert names it.
type AlertBoard struct {
	ID     int64    `json:"id"`
	Name   string   `json:"name"`
	Unit   string   `json:"unit"`
	UnitID int64    `json:"-"`
	Groups []string `json:"groups"`
}

// storedBoard is an AlertBoard as alert_events keeps it, its unit's ID
// with it (the API shows only the slug).
type storedBoard struct {
	AlertBoard
	UnitID int64 `json:"unit_id"`
}

func encodeBoards(bs []AlertBoard) (string, error) {
	out := make([]storedBoard, len(bs))
	for i, b := range bs {
		out[i] = storedBoard{AlertBoard: b, UnitID: b.UnitID}
	}
	data, err := json.Marshal(out)
	return string(data), err
}

func decodeBoards(raw string) ([]AlertBoard, error) {
	var in []storedBoard
	if err := json.Unmarshal([]byte(raw), &in); err != nil {
		return nil, err
	}
	out := make([]AlertBoard, len(in))
	for i, b := range in {
		out[i] = b.AlertBoard
		out[i].UnitID = b.UnitID
	}
	return out, nil
}

// EventDigest is a receiver's daily digest of the day's events.
const EventDigest = "digest"

// AlertEvent is one thing that happened to some boards at once.
type AlertEvent struct {
	// Target is, of a digest, the receiver it is for.
	Target  int64        `json:"-"`
	ID      int64        `json:"id"`
	Event   string       `json:"event"`
	At      time.Time    `json:"at"`
	Boards  []AlertBoard `json:"boards"`
	Summary string       `json:"summary"`
	// Deliveries are this event's, when listed with it.
	Deliveries []Delivery `json:"deliveries,omitempty"`
	// Part: AlertHistory kept only some of its boards (those the asker
	// sees); its Summary, which counts them all, is to be said again.
	Part bool `json:"-"`
}

// Delivery is one event sent to one target.
type Delivery struct {
	ID        int64     `json:"id"`
	EventID   int64     `json:"event_id"`
	TargetID  int64     `json:"target_id"`
	Target    string    `json:"target"` // what it was sent to, as it was
	State     string    `json:"state"`
	Attempts  int       `json:"attempts"`
	NextAt    time.Time `json:"next_at"`
	LastError string    `json:"last_error,omitempty"`
	DoneAt    time.Time `json:"done_at,omitzero"`
}

// CheckWebhookURL refuses a URL a webhook cannot be sent to: only http
// and https, a host, at most MaxURLBytes, no user or password in it (a
// secret belongs in the secret, which is never shown again).
func CheckWebhookURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if raw == "" || len(raw) > MaxURLBytes || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.ContainsFunc(raw, unicode.IsControl) {
		return "", invalid(FieldAlertURL, ProblemUnknown, 0)
	}
	return raw, nil
}

// CheckEmail refuses what is not one plain e-mail address.
func CheckEmail(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	a, err := mail.ParseAddress(raw)
	if raw == "" || len(raw) > MaxEmailBytes || err != nil || a.Name != "" || a.Address != raw || !utf8.ValidString(raw) {
		return "", invalid(FieldAlertEmail, ProblemUnknown, 0)
	}
	return raw, nil
}

// AddAlertTarget records a receiver of alerts for the boards of unit (a
// slug; "": the actor's own) or of one group of it.
func (s *Store) AddAlertTarget(ctx context.Context, a Actor, t AlertTarget) (AlertTarget, error) {
	var err error
	switch t.Kind {
	case TargetWebhook:
		if t.Address, err = CheckWebhookURL(t.Address); err != nil {
			return t, err
		}
		if n := utf8.RuneCountInString(t.Secret); n < MinSecretChars || n > MaxSecretChars || strings.ContainsFunc(t.Secret, unicode.IsControl) {
			return t, invalid(FieldAlertSecret, ProblemRange, MaxSecretChars)
		}
	case TargetEmail:
		if t.Address, err = CheckEmail(t.Address); err != nil {
			return t, err
		}
		t.Secret = ""
	default:
		return t, fmt.Errorf("store: alert target kind %q", t.Kind)
	}
	err = s.audited(ctx, a, "alert.target.add", t.Kind+": "+t.Address, func(tx *sql.Tx) error {
		unit, err := unitFor(ctx, tx, a, t.Unit)
		if err != nil {
			return err
		}
		if t.Group != "" {
			if err := inUnit(ctx, tx, unit, "groups", "slug", t.Group); err != nil {
				return invalid(FieldGroup, ProblemUnknown, 0)
			}
		}
		if err := checkUnitCount(ctx, tx, FieldAlertTargets, MaxAlertTargets, MaxAlertTargets*10, "alert_targets", unit); err != nil {
			return err
		}
		if t.ID, err = nextID(ctx, tx, "alert_seq"); err != nil {
			return err
		}
		t.UnitID, t.CreatedAt, t.CreatedBy = unit, s.now().UTC(), a.Name
		digest := 0
		if t.Digest {
			digest = 1
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO alert_targets (id, kind, address, secret, unit_id, grp, created_at, created_by, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.Kind, t.Address, t.Secret, unit, t.Group, formatTime(t.CreatedAt), t.CreatedBy, digest)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT slug FROM units WHERE id = ?`, unit).Scan(&t.Unit)
	})
	return t, err
}

// AlertTargets lists the receivers of the units sc sees.
func (s *Store) AlertTargets(ctx context.Context, sc Scope) ([]AlertTarget, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, kind, address, secret, unit_id, (SELECT slug FROM units WHERE units.id = alert_targets.unit_id), grp, created_at, created_by, digest != 0
FROM alert_targets WHERE `+sc.sql("unit_id")+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: alert targets: %w", err)
	}
	defer rows.Close()
	out := []AlertTarget{}
	for rows.Next() {
		var t AlertTarget
		var created string
		if err := rows.Scan(&t.ID, &t.Kind, &t.Address, &t.Secret, &t.UnitID, &t.Unit, &t.Group, &created, &t.CreatedBy, &t.Digest); err != nil {
			return nil, fmt.Errorf("store: alert targets: %w", err)
		}
		t.CreatedAt = parseTime(created)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RemoveAlertTarget stops sending to a receiver; what was sent to it
// stays in the history.
func (s *Store) RemoveAlertTarget(ctx context.Context, a Actor, id int64) error {
	return s.audited(ctx, a, "alert.target.remove", fmt.Sprintf("#%d", id), func(tx *sql.Tx) error {
		if _, err := reach(ctx, tx, a, "alert_targets", "id", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM alert_targets WHERE id = ?`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE alert_deliveries SET state = ?, last_error = ?, done_at = ? WHERE target_id = ? AND state = ?`,
			DeliveryFailed, "người nhận đã bị xoá", formatTime(s.now()), id, DeliveryPending)
		return err
	})
}

// RecordAlert keeps an event and queues a delivery for every target
// whose unit (and group) holds at least one of its boards; it returns
// the event with its deliveries.
func (s *Store) RecordAlert(ctx context.Context, ev AlertEvent) (AlertEvent, error) {
	boards, err := encodeBoards(ev.Boards)
	if err != nil {
		return ev, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if ev.ID, err = nextID(ctx, tx, "alert_seq"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO alert_events (id, event, at, boards, summary) VALUES (?, ?, ?, ?, ?)`,
			ev.ID, ev.Event, formatTime(ev.At), boards, ev.Summary); err != nil {
			return err
		}
		tree, err := readTree(ctx, tx)
		if err != nil {
			return err
		}
		targets, err := alertTargets(ctx, tx)
		if err != nil {
			return err
		}
		ev.Deliveries = nil
		for _, t := range targets {
			if t.Digest != (ev.Event == EventDigest) || (ev.Event == EventDigest && t.ID != ev.Target) || len(ev.For(tree, t)) == 0 {
				continue
			}
			d := Delivery{EventID: ev.ID, TargetID: t.ID, Target: t.Address, State: DeliveryPending, NextAt: ev.At}
			if d.ID, err = nextID(ctx, tx, "alert_seq"); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO alert_deliveries (id, event_id, target_id, target, state, next_at) VALUES (?, ?, ?, ?, ?, ?)`,
				d.ID, d.EventID, d.TargetID, d.Target, d.State, formatTime(d.NextAt)); err != nil {
				return err
			}
			ev.Deliveries = append(ev.Deliveries, d)
		}
		return nil
	})
	return ev, err
}

// For is the event's boards that a target is told of: those of its
// unit and the units under it, and of its group when it has one.
func (ev AlertEvent) For(t *Tree, target AlertTarget) []AlertBoard {
	var out []AlertBoard
	for _, b := range ev.Boards {
		if !t.Within(b.UnitID, target.UnitID) {
			continue
		}
		if target.Group != "" && !containsString(b.Groups, target.Group) {
			continue
		}
		out = append(out, b)
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func alertTargets(ctx context.Context, q querier) ([]AlertTarget, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, address, secret, unit_id, grp, digest != 0 FROM alert_targets ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AlertTarget
	for rows.Next() {
		var t AlertTarget
		if err := rows.Scan(&t.ID, &t.Kind, &t.Address, &t.Secret, &t.UnitID, &t.Group, &t.Digest); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DueDelivery is a delivery to attempt now, with what it needs.
type DueDelivery struct {
	Delivery
	Event  AlertEvent
	Kind   string // the target's kind
	Secret string
	UnitID int64
	Group  string
}

// DueDeliveries are the pending deliveries whose time has come, oldest
// first, at most limit of them, with their events and targets.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]DueDelivery, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT d.id, d.event_id, d.target_id, d.target, d.attempts, d.next_at, e.event, e.at, e.boards, e.summary, t.kind, t.secret, t.unit_id, t.grp
FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id JOIN alert_targets t ON t.id = d.target_id
WHERE d.state = ? AND d.next_at <= ? ORDER BY d.next_at, d.id LIMIT ?`, DeliveryPending, formatTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: due deliveries: %w", err)
	}
	defer rows.Close()
	var out []DueDelivery
	for rows.Next() {
		var d DueDelivery
		var next, at, boards string
		if err := rows.Scan(&d.ID, &d.EventID, &d.TargetID, &d.Target, &d.Attempts, &next, &d.Event.Event, &at, &boards, &d.Event.Summary, &d.Kind, &d.Secret, &d.UnitID, &d.Group); err != nil {
			return nil, fmt.Errorf("store: due deliveries: %w", err)
		}
		d.State, d.NextAt, d.Event.ID, d.Event.At = DeliveryPending, parseTime(next), d.EventID, parseTime(at)
		if d.Event.Boards, err = decodeBoards(boards); err != nil {
			return nil, fmt.Errorf("store: alert event %d: %w", d.EventID, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeliveryDone records an attempt: sent (err nil), or failed, to be
// tried again at next, or given up when next is zero.
func (s *Store) DeliveryDone(ctx context.Context, id int64, err error, next time.Time) error {
	now := formatTime(s.now())
	var q string
	var args []any
	switch {
	case err == nil:
		q, args = `UPDATE alert_deliveries SET state = ?, attempts = attempts + 1, last_error = '', done_at = ? WHERE id = ?`, []any{DeliverySent, now, id}
	case next.IsZero():
		q, args = `UPDATE alert_deliveries SET state = ?, attempts = attempts + 1, last_error = ?, done_at = ? WHERE id = ?`, []any{DeliveryFailed, clipError(err), now, id}
	default:
		q, args = `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?`, []any{clipError(err), formatTime(next), id}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
}

func clipError(err error) string {
	msg := strings.ToValidUTF8(err.Error(), "?")
	for len(msg) > MaxAlertError {
		_, size := utf8.DecodeLastRuneInString(msg)
		msg = msg[:len(msg)-size]
	}
	return msg
}

// AlertHistory lists the newest events at most limit, with their
// deliveries, keeping of each event only the boards sc sees (an event
// none of whose boards sc sees is left out).
func (s *Store) AlertHistory(ctx context.Context, sc Scope, limit int) ([]AlertEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, event, at, boards, summary FROM alert_events ORDER BY id DESC LIMIT ?`, limit*4+50)
	if err != nil {
		return nil, fmt.Errorf("store: alert history: %w", err)
	}
	var out []AlertEvent
	byID := map[int64]int{}
	for rows.Next() && len(out) < limit {
		var ev AlertEvent
		var at, boards string
		if err := rows.Scan(&ev.ID, &ev.Event, &at, &boards, &ev.Summary); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: alert history: %w", err)
		}
		ev.At = parseTime(at)
		all, err := decodeBoards(boards)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: alert event %d: %w", ev.ID, err)
		}
		for _, b := range all {
			if sc.Has(b.UnitID) {
				ev.Boards = append(ev.Boards, b)
			}
		}
		if len(ev.Boards) == 0 {
			continue
		}
		ev.Part = len(ev.Boards) < len(all)
		byID[ev.ID] = len(out)
		out = append(out, ev)
	}
	rows.Close()
	if len(out) == 0 {
		return []AlertEvent{}, rows.Err()
	}
	drows, err := s.r.QueryContext(ctx, `SELECT d.id, d.event_id, d.target_id, d.target, d.state, d.attempts, d.next_at, d.last_error, d.done_at
FROM alert_deliveries d LEFT JOIN alert_targets t ON t.id = d.target_id
WHERE d.event_id >= ? AND `+sc.sql("t.unit_id")+` ORDER BY d.id`, out[len(out)-1].ID)
	if err != nil {
		return nil, fmt.Errorf("store: alert deliveries: %w", err)
	}
	defer drows.Close()
	for drows.Next() {
		var d Delivery
		var next, done string
		if err := drows.Scan(&d.ID, &d.EventID, &d.TargetID, &d.Target, &d.State, &d.Attempts, &next, &d.LastError, &done); err != nil {
			return nil, fmt.Errorf("store: alert deliveries: %w", err)
		}
		d.NextAt, d.DoneAt = parseTime(next), parseTime(done)
		if i, ok := byID[d.EventID]; ok {
			out[i].Deliveries = append(out[i].Deliveries, d)
		}
	}
	if err := drows.Err(); err != nil {
		return nil, err
	}
	if sc.all {
		return out, nil
	}
	// A digest is its receiver's: one of a receiver the asker does not
	// see (a unit above's, naming sibling units' boards) is left out.
	return slices.DeleteFunc(out, func(ev AlertEvent) bool { return ev.Event == EventDigest && len(ev.Deliveries) == 0 }), nil
}

// OfflineThresholds are the thresholds set for boards ("board:ID") and
// groups ("group:SLUG"), in seconds.
func (s *Store) OfflineThresholds(ctx context.Context) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT target, seconds FROM alert_thresholds`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// SetOfflineThreshold sets how long a board (board != 0) or a group's
// boards may be offline before an alert, in seconds; 0 removes it (the
// default applies again).
func (s *Store) SetOfflineThreshold(ctx context.Context, a Actor, group string, board int64, seconds int) error {
	if seconds < 0 || seconds > MaxThresholdSecond || (seconds > 0 && seconds < 10) {
		return invalid(FieldAlertThreshold, ProblemRange, MaxThresholdSecond)
	}
	key := "group:" + group
	if board != 0 {
		key = fmt.Sprintf("board:%d", board)
	}
	return s.audited(ctx, a, "alert.threshold", fmt.Sprintf("%s: %d s", key, seconds), func(tx *sql.Tx) error {
		var err error
		if board != 0 {
			_, err = reach(ctx, tx, a, "boards", "id", board)
		} else {
			_, err = reach(ctx, tx, a, "groups", "slug", group)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM alert_thresholds WHERE target = ?`, key); err != nil {
			return err
		}
		if seconds == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO alert_thresholds (target, seconds) VALUES (?, ?)`, key, seconds)
		return err
	})
}

// ErrNotLeader tells a controller that another one of the database
// sends the alerts now.
var ErrNotLeader = errors.New("store: another controller sends the alerts")

// LeadAlerts takes or renews, for holder, the right to send the alerts
// of a database shared by several controllers, for lease: only one
// controller watches the boards and sends, or every message would go
// out once per controller. ErrNotLeader while another holds it.
func (s *Store) LeadAlerts(ctx context.Context, holder string, lease time.Duration) error {
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		var value string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'alert_leader'`).Scan(&value)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if who, until, ok := strings.Cut(value, " "); ok && who != holder && parseTime(until).After(now) {
			return ErrNotLeader
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('alert_leader', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			holder+" "+formatTime(now.Add(lease)))
		return err
	})
}

// SMTP is the mail server alerts are sent through. Its password is kept
// as given (the server asks for it each time) and never shown again.
type SMTP struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	From     string `json:"from"`
	// TLS is how the link is protected: SMTPStartTLS (required, the
	// default), SMTPTLS (implicit, port 465) or SMTPNone (a relay on the
	// same machine or network only).
	TLS string `json:"tls"`
}

// Ways an SMTP link is protected.
const (
	SMTPStartTLS = "starttls"
	SMTPTLS      = "tls"
	SMTPNone     = "none"
)

// Fields of SMTP settings, for errors.
const (
	FieldSMTPHost     = "smtp.host"
	FieldSMTPPort     = "smtp.port"
	FieldSMTPFrom     = "smtp.from"
	FieldSMTPTLS      = "smtp.tls"
	FieldSMTPUsername = "smtp.username"
	FieldSMTPPassword = "smtp.password"
)

const smtpSetting = "smtp"

// SMTPSettings are the mail server's settings (zero: none set).
func (s *Store) SMTPSettings(ctx context.Context) (SMTP, error) {
	var v SMTP
	raw, err := s.Setting(ctx, smtpSetting)
	if errors.Is(err, ErrNotFound) || raw == "" {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	return v, json.Unmarshal([]byte(raw), &v)
}

// PutSMTP sets the mail server; an empty password keeps the one set.
// An empty host removes the settings.
func (s *Store) PutSMTP(ctx context.Context, a Actor, v SMTP) error {
	v.Host = strings.TrimSpace(v.Host)
	if v.Host != "" {
		if len(v.Host) > 253 || strings.ContainsAny(v.Host, " /:@") || strings.ContainsFunc(v.Host, unicode.IsControl) {
			return invalid(FieldSMTPHost, ProblemUnknown, 0)
		}
		if v.Port < 1 || v.Port > 65535 {
			return invalid(FieldSMTPPort, ProblemRange, 65535)
		}
		if v.TLS == "" {
			v.TLS = SMTPStartTLS
		}
		if v.TLS != SMTPStartTLS && v.TLS != SMTPTLS && v.TLS != SMTPNone {
			return invalid(FieldSMTPTLS, ProblemUnknown, 0)
		}
		var err error
		if v.From, err = CheckEmail(v.From); err != nil {
			return invalid(FieldSMTPFrom, ProblemUnknown, 0)
		}
		if utf8.RuneCountInString(v.Username) > MaxSecretChars || strings.ContainsFunc(v.Username, unicode.IsControl) {
			return invalid(FieldSMTPUsername, ProblemRange, MaxSecretChars)
		}
		if utf8.RuneCountInString(v.Password) > MaxSecretChars || strings.ContainsFunc(v.Password, unicode.IsControl) {
			return invalid(FieldSMTPPassword, ProblemRange, MaxSecretChars)
		}
	} else {
		v = SMTP{}
	}
	return s.audited(ctx, a, "alert.smtp", v.Host, func(tx *sql.Tx) error {
		if v.Host != "" && v.Password == "" {
			var raw string
			if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, smtpSetting).Scan(&raw); err == nil {
				var old SMTP
				if json.Unmarshal([]byte(raw), &old) == nil && old.Username == v.Username {
					v.Password = old.Password
				}
			}
		}
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, smtpSetting, string(data))
		return err
	})
}

// AlertTargetsForDigest are the receivers told once a day.
func (s *Store) AlertTargetsForDigest(ctx context.Context) ([]AlertTarget, error) {
	all, err := alertTargets(ctx, s.r)
	var out []AlertTarget
	for _, t := range all {
		if t.Digest {
			out = append(out, t)
		}
	}
	return out, err
}

// AlertsSince are the events (digests aside) since a time, oldest first.
func (s *Store) AlertsSince(ctx context.Context, since time.Time) ([]AlertEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, event, at, boards, summary FROM alert_events WHERE at > ? AND event != ? ORDER BY id`, formatTime(since), EventDigest)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AlertEvent
	for rows.Next() {
		var ev AlertEvent
		var at, boards string
		if err := rows.Scan(&ev.ID, &ev.Event, &at, &boards, &ev.Summary); err != nil {
			return nil, err
		}
		ev.At = parseTime(at)
		if ev.Boards, err = decodeBoards(boards); err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}
