package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// What boards may show is changed only through versions: every edit of a
// slogan, a playlist or the schedule is stored as a new version, and
// only Approve, by a second person, copies a version into the tables the
// boards' manifests are cut from (slogans.text, playlist_items,
// schedule). Nothing else writes those tables, so no route, script or
// bug can put unapproved content on a board.

// Kinds of versioned content.
const (
	KindSlogan   = "slogan"
	KindPlaylist = "playlist"
	KindSchedule = "schedule" // one schedule for the installation: subject 0
	KindPhoto    = "photo"
)

// States of a version.
const (
	StateDraft      = "draft"      // withdrawn by its author; not waiting
	StatePending    = "pending"    // waiting for an approver
	StateApproved   = "approved"   // approved: what boards show, or showed
	StateRejected   = "rejected"   // refused, with a comment
	StateSuperseded = "superseded" // a newer version replaced it before review
)

var (
	// ErrFourEyes refuses an approval by the version's own author.
	ErrFourEyes = errors.New("store: a version cannot be approved by its author")
	// ErrNotAllowed refuses an action the actor's roles do not allow.
	ErrNotAllowed = errors.New("store: not allowed")
	// ErrNotAuthor refuses to withdraw or resubmit a version by anyone
	// but its author: a resubmission keeps its author, so nobody takes
	// over another's work silently (one who wants to carry it on edits
	// it, and the edit names both).
	ErrNotAuthor = fmt.Errorf("%w: only the version's author may withdraw or resubmit it", ErrNotAllowed)
	// ErrNotPending refuses a review of a version no longer waiting.
	ErrNotPending = errors.New("store: version is not waiting for review")
	// ErrNotApproved refuses to switch boards to unapproved content.
	ErrNotApproved = errors.New("store: content not approved")
	// ErrInUse refuses to delete what other content still refers to.
	ErrInUse = errors.New("store: still in use")
	// ErrGone refuses a version that refers to a slogan or playlist
	// deleted since it was written.
	ErrGone = errors.New("store: refers to deleted content")
	// ErrTooMany refuses an item or slot beyond MaxItems or MaxSlots.
	ErrTooMany = errors.New("store: too many entries")
)

// StaleError refuses a change made from an older version than the
// latest: somebody else saved meanwhile. Latest is their version.
type StaleError struct{ Latest Version }

func (e *StaleError) Error() string {
	return fmt.Sprintf("store: %s %d changed: now version %d", e.Latest.Kind, e.Latest.Subject, e.Latest.Number)
}

// Version is one proposed state of a slogan, a playlist or the schedule.
type Version struct {
	ID           int64           `json:"id"`
	Kind         string          `json:"kind"`
	Subject      int64           `json:"subject"`
	Number       int             `json:"number"`
	Body         json.RawMessage `json:"body"`
	State        string          `json:"state"`
	Author       string          `json:"-"`
	AuthorName   string          `json:"author"`
	CreatedAt    time.Time       `json:"created_at"`
	Reviewer     string          `json:"-"`
	ReviewerName string          `json:"reviewer,omitempty"`
	ReviewedAt   *time.Time      `json:"reviewed_at,omitempty"`
	Comment      string          `json:"comment,omitempty"`
	// Contributors are the actor keys of everyone whose unapproved work
	// this version carries (its author included): none of them may
	// approve it.
	Contributors []string `json:"-"`
	// Unit is the slug of the unit whose content it is: an approver of
	// that unit or one above it reviews it (four eyes per level).
	Unit   string `json:"unit"`
	UnitID int64  `json:"-"`
}

// SloganBody is a slogan's content in a version.
type SloganBody struct {
	Text  string `json:"text"`
	Style string `json:"style"`
	// Countdown makes the slogan count the days to a date; its Text then
	// holds playlists.CountdownPlaceholder where the number goes.
	Countdown *Countdown `json:"countdown,omitempty"`
}

// Countdown is what an officer chooses for a countdown slogan: the day
// it counts to ("YYYY-MM-DD", in the controller's zone), and the message
// boards show on and after that day.
type Countdown struct {
	Date  string `json:"date"`
	After string `json:"after"`
}

// PlaylistBody is a playlist's content in a version: its items in order.
type PlaylistBody struct {
	Items []ItemBody `json:"items"`
}

// ItemBody is one item of a playlist version. Its ID is given when the
// item is first drafted and kept through every version, so play records
// and the console can follow it.
type ItemBody struct {
	ID       int64 `json:"id"`
	SloganID int64 `json:"slogan_id"`
	// PhotoID names a photo instead of a slogan: exactly one is set.
	PhotoID int64 `json:"photo_id,omitempty"`
	Seconds int   `json:"seconds"`
}

// ScheduleBody is the whole schedule in a version.
type ScheduleBody struct {
	Slots []ScheduleSlot `json:"slots"`
}

const versionColumns = `id, kind, subject, number, body, state, author, author_name, created_at, reviewer, reviewer_name, reviewed_at, comment, contributors,
	unit_id, (SELECT slug FROM units WHERE units.id = versions.unit_id)`

func scanVersion(row interface{ Scan(...any) error }) (Version, error) {
	var v Version
	var body, created string
	var reviewed sql.NullString
	var contributors string
	err := row.Scan(&v.ID, &v.Kind, &v.Subject, &v.Number, &body, &v.State, &v.Author, &v.AuthorName, &created,
		&v.Reviewer, &v.ReviewerName, &reviewed, &v.Comment, &contributors, &v.UnitID, &v.Unit)
	v.Body, v.CreatedAt = json.RawMessage(body), parseTime(created)
	if contributors != "" {
		v.Contributors = strings.Split(contributors, ",")
	}
	if reviewed.Valid {
		t := parseTime(reviewed.String)
		v.ReviewedAt = &t
	}
	return v, err
}

// Version returns one version of a unit sc sees.
func (s *Store) Version(ctx context.Context, sc Scope, id int64) (Version, error) {
	v, err := scanVersion(s.r.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM versions WHERE id = ? AND `+sc.sql("unit_id"), id))
	return v, notFound(err)
}

// VersionFilter selects versions; zero fields select all.
type VersionFilter struct {
	State   string
	Kind    string
	Subject int64 // with Kind
	Author  string
	Limit   int
}

// Versions lists versions of the units sc sees, newest first.
func (s *Store) Versions(ctx context.Context, sc Scope, f VersionFilter) ([]Version, error) {
	q := `SELECT ` + versionColumns + ` FROM versions WHERE ` + sc.sql("unit_id")
	var args []any
	if f.State != "" {
		q, args = q+` AND state = ?`, append(args, f.State)
	}
	if f.Kind != "" {
		q, args = q+` AND kind = ? AND (? = 0 OR subject = ?)`, append(args, f.Kind, f.Subject, f.Subject)
	}
	if f.Author != "" {
		q, args = q+` AND author = ?`, append(args, f.Author)
	}
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	q, args = q+` ORDER BY id DESC LIMIT ?`, append(args, f.Limit)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: versions: %w", err)
	}
	defer rows.Close()
	out := []Version{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("store: versions: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ApprovedVersion returns the version of a subject that boards show now.
func (s *Store) ApprovedVersion(ctx context.Context, kind string, subject int64) (Version, error) {
	v, err := scanVersion(s.r.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM versions
WHERE kind = ? AND subject = ? AND state = 'approved' ORDER BY reviewed_at DESC, id DESC LIMIT 1`, kind, subject))
	return v, notFound(err)
}

func latestVersion(ctx context.Context, q querier, kind string, subject int64) (Version, error) {
	v, err := scanVersion(q.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM versions
WHERE kind = ? AND subject = ? ORDER BY number DESC LIMIT 1`, kind, subject))
	return v, notFound(err)
}

// latestBody decodes the newest version of a subject into body, and
// returns its number (0 and an untouched body when there is none).
func latestBody(ctx context.Context, q querier, kind string, subject int64, body any) (int, error) {
	v, err := latestVersion(ctx, q, kind, subject)
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return v.Number, json.Unmarshal(v.Body, body)
}

// baseVersion is the version a proposal was made from. The "any
// version" of edits that rebuild on whatever is newest (playlists, the
// schedule, a restore) is a value of its own, not a number: no version a
// request carries can mean "do not check" (a PUT with "version": -1 once
// skipped the edit-conflict check).
type baseVersion struct {
	number int
	any    bool
}

// anyBase makes a proposal that does not check which version it was
// made from.
var anyBase = baseVersion{any: true}

// fromVersion is the base of an edit made from version n (0: the first).
func fromVersion(n int) baseVersion { return baseVersion{number: n} }

// checkBase refuses a version number no edit can be made from: versions
// are numbered from 1.
func checkBase(n int) error {
	if n < 1 {
		return invalid(FieldVersion, ProblemRange, 0)
	}
	return nil
}

// propose stores body as the newest version of a subject, waiting for
// review, and retires any other version still open. base is the version
// the author started from; if somebody saved since, it refuses with a
// StaleError.
func (s *Store) propose(ctx context.Context, tx *sql.Tx, a Actor, kind string, subject int64, base baseVersion, body any) (Version, error) {
	latest, err := latestVersion(ctx, tx, kind, subject)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Version{}, err
	}
	if !base.any && base.number != latest.Number {
		return Version{}, &StaleError{Latest: latest}
	}
	// Edits build on the newest version; unless that was approved, its
	// authors' work goes on in this one, so they may not approve it.
	contributors := []string{a.Key}
	if latest.ID != 0 && latest.State != StateApproved {
		for _, c := range append([]string{latest.Author}, latest.Contributors...) {
			if !slices.Contains(contributors, c) {
				contributors = append(contributors, c)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE versions SET state = 'superseded' WHERE kind = ? AND subject = ? AND state IN ('draft', 'pending')`, kind, subject); err != nil {
		return Version{}, fmt.Errorf("store: supersede: %w", err)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return Version{}, err
	}
	unit, err := subjectUnit(ctx, tx, kind, subject)
	if err != nil {
		return Version{}, err
	}
	v := Version{Kind: kind, Subject: subject, Number: latest.Number + 1, Body: data, State: StatePending,
		Author: a.Key, AuthorName: a.Name, CreatedAt: s.now(), Contributors: contributors, UnitID: unit}
	err = tx.QueryRowContext(ctx, `INSERT INTO versions (kind, subject, number, body, state, author, author_name, created_at, contributors, unit_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, kind, subject, v.Number, string(data), v.State, a.Key, a.Name, formatTime(v.CreatedAt),
		strings.Join(contributors, ","), unit).Scan(&v.ID)
	if err != nil {
		return Version{}, fmt.Errorf("store: propose: %w", err)
	}
	detail := versionDetail(v)
	switch b := body.(type) {
	case SloganBody:
		detail += ": " + b.Text
		if c := b.Countdown; c != nil {
			// The day and message are approved with the text: the log
			// keeps them, in words no language owns.
			detail += " [" + c.Date + " → " + c.After + "]"
		}
	case PhotoBody:
		detail += ": " + b.Caption
	}
	return v, s.audit(ctx, tx, a, kind+".submit", detail)
}

// versionDetail names a version in the audit log without words: the
// action says what kind it is ("slogan.approve").
func versionDetail(v Version) string {
	if v.Kind == KindSchedule {
		return fmt.Sprintf("v%d", v.Number)
	}
	return fmt.Sprintf("#%d v%d", v.Subject, v.Number)
}

// Approve makes a waiting version what boards show. The approver must
// hold the approver role and must not be its author nor have written
// any unapproved work it carries: the four-eyes rule is kept here, on the
// only road to a board, not by the pages.
func (s *Store) Approve(ctx context.Context, a Actor, id int64, comment string) (Version, error) {
	vs, err := s.ApproveAll(ctx, a, []int64{id}, comment)
	if err != nil {
		return Version{}, err
	}
	return vs[0], nil
}

// ApproveAll approves several versions at once, all or none: boards get
// them in one publication.
func (s *Store) ApproveAll(ctx context.Context, a Actor, ids []int64, comment string) ([]Version, error) {
	var out []Version
	err := s.change(ctx, a, "version.approve", func(tx *sql.Tx) (string, error) {
		out = out[:0]
		var details []string
		for _, id := range ids {
			v, err := s.reviewable(ctx, tx, a, id)
			if err != nil {
				return "", err
			}
			if err := s.apply(ctx, tx, v); err != nil {
				return "", err
			}
			if err := s.review(ctx, tx, a, &v, StateApproved, comment); err != nil {
				return "", err
			}
			details = append(details, v.Kind+" "+versionDetail(v))
			out = append(out, v)
		}
		return strings.Join(details, "; "), nil
	})
	s.recordSameHands(ctx, a, err)
	return out, err
}

// recordSameHands writes an approval refused because approver and
// author are accounts of one person into the audit log (the refused
// change itself is rolled back): an admin trying it should be seen.
func (s *Store) recordSameHands(ctx context.Context, a Actor, err error) {
	var fe *FourEyesError
	if errors.As(err, &fe) && fe.SameHands {
		s.Record(ctx, a, "version.four_eyes", fmt.Sprintf("#%d %s", fe.Version, fe.Author))
	}
}

// RejectAll refuses several waiting versions at once, all or none.
func (s *Store) RejectAll(ctx context.Context, a Actor, ids []int64, comment string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := s.reject(ctx, tx, a, id, comment); err != nil {
				return err
			}
		}
		return nil
	})
}

// Reject refuses a waiting version, with the reason for its author.
func (s *Store) Reject(ctx context.Context, a Actor, id int64, comment string) (Version, error) {
	var v Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = s.reject(ctx, tx, a, id, comment)
		return err
	})
	return v, err
}

func (s *Store) reject(ctx context.Context, tx *sql.Tx, a Actor, id int64, comment string) (Version, error) {
	v, err := s.reviewable(ctx, tx, a, id)
	if err != nil {
		return v, err
	}
	if err := s.review(ctx, tx, a, &v, StateRejected, comment); err != nil {
		return v, err
	}
	return v, s.audit(ctx, tx, a, v.Kind+".reject", versionDetail(v)+": "+comment)
}

func (s *Store) reviewable(ctx context.Context, tx *sql.Tx, a Actor, id int64) (Version, error) {
	v, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM versions WHERE id = ?`, id))
	if err != nil {
		return v, notFound(err)
	}
	// An approver of the content's unit or of one above it: another
	// unit's version is as absent as one that does not exist.
	if err := actorReaches(ctx, tx, a, v.UnitID); err != nil {
		return v, err
	}
	switch {
	case !a.Roles.Has(RoleApprover):
		return v, ErrNotAllowed
	case v.State != StatePending:
		return v, ErrNotPending
	case v.Author == a.Key || slices.Contains(v.Contributors, a.Key), a.Key == SystemKey:
		// Nobody reviews their own version, whatever roles they hold;
		// the system approves nothing, not even its own seed: a person
		// does, before anything seeded reaches a board.
		return v, &FourEyesError{Version: v.ID, Author: v.Author, AuthorName: v.AuthorName}
	}
	// Nor through an account they control, or that controls theirs:
	// one person with two accounts is still one pair of eyes.
	hands, err := sameHands(ctx, tx, a.Key)
	if err != nil {
		return v, err
	}
	for _, c := range append([]string{v.Author}, v.Contributors...) {
		if slices.Contains(hands, c) {
			e := &FourEyesError{Version: v.ID, Author: c, SameHands: true, AuthorName: v.AuthorName}
			if c != v.Author {
				e.AuthorName = accountName(ctx, tx, c)
			}
			return v, e
		}
	}
	return v, nil
}

// accountName names an actor key for a message: a user's name, or the
// key itself.
func accountName(ctx context.Context, q querier, key string) string {
	var name string
	if err := q.QueryRowContext(ctx, `SELECT username FROM users WHERE 'user:' || id = ?`, key).Scan(&name); err != nil {
		return key
	}
	return name
}

func (s *Store) review(ctx context.Context, tx *sql.Tx, a Actor, v *Version, state, comment string) error {
	if err := checkComment(comment); err != nil {
		return err
	}
	now := s.now()
	_, err := tx.ExecContext(ctx, `UPDATE versions SET state = ?, reviewer = ?, reviewer_name = ?, reviewed_at = ?, comment = ? WHERE id = ?`,
		state, a.Key, a.Name, formatTime(now), comment, v.ID)
	v.State, v.Reviewer, v.ReviewerName, v.ReviewedAt, v.Comment = state, a.Key, a.Name, &now, comment
	return err
}

// Withdraw takes a waiting version back to its author's drafts.
func (s *Store) Withdraw(ctx context.Context, a Actor, id int64) (Version, error) {
	var v Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if v, err = scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM versions WHERE id = ?`, id)); err != nil {
			return notFound(err)
		}
		if err := actorReaches(ctx, tx, a, v.UnitID); err != nil {
			return err
		}
		if v.Author != a.Key {
			return ErrNotAuthor
		}
		if v.State != StatePending {
			return ErrNotPending
		}
		v.State = StateDraft
		if _, err := tx.ExecContext(ctx, `UPDATE versions SET state = 'draft' WHERE id = ?`, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, v.Kind+".withdraw", versionDetail(v))
	})
	return v, err
}

// Resubmit sends a draft or rejected version for review again, as a new
// version by the same author, if nothing newer was saved since. Only its
// author may: the Tờ trình names the author, and another editor taking
// it up would become its author without a word of their own.
func (s *Store) Resubmit(ctx context.Context, a Actor, id int64) (Version, error) {
	return s.reuse(ctx, a, id, func(v Version) error {
		if v.Author != a.Key {
			return ErrNotAuthor
		}
		if v.State != StateDraft && v.State != StateRejected {
			return ErrNotPending
		}
		return nil
	}, false)
}

// Restore proposes an approved version again, as a new version.
func (s *Store) Restore(ctx context.Context, a Actor, id int64) (Version, error) {
	return s.reuse(ctx, a, id, func(v Version) error {
		if v.State != StateApproved {
			return ErrNotPending
		}
		return nil
	}, true)
}

func (s *Store) reuse(ctx context.Context, a Actor, id int64, check func(Version) error, fromAny bool) (Version, error) {
	var nv Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		v, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM versions WHERE id = ?`, id))
		if err != nil {
			return notFound(err)
		}
		if err := actorReaches(ctx, tx, a, v.UnitID); err != nil {
			return err
		}
		if err := check(v); err != nil {
			return err
		}
		base := fromVersion(v.Number)
		if fromAny {
			base = anyBase
		}
		nv, err = s.propose(ctx, tx, a, v.Kind, v.Subject, base, v.Body)
		return err
	})
	return nv, err
}

// apply copies an approved version into the tables boards are served from.
func (s *Store) apply(ctx context.Context, tx *sql.Tx, v Version) error {
	switch v.Kind {
	case KindSlogan:
		var b SloganBody
		if err := json.Unmarshal(v.Body, &b); err != nil {
			return err
		}
		var cd Countdown
		if b.Countdown != nil {
			// Several waiting countdowns may each fit alone but not together.
			if err := checkCount(ctx, tx, FieldCountdowns, MaxCountdowns, `SELECT COUNT(*) FROM slogans WHERE countdown_date != '' AND id != ?`, v.Subject); err != nil {
				return err
			}
			cd = *b.Countdown
		}
		res, err := tx.ExecContext(ctx, `UPDATE slogans SET text = ?, style = ?, countdown_date = ?, countdown_after = ?, approved = ?, updated_at = ? WHERE id = ?`,
			b.Text, b.Style, cd.Date, cd.After, v.Number, formatTime(s.now()), v.Subject)
		if err != nil {
			return err
		}
		if mustAffect(res) != nil {
			return ErrGone
		}
		return nil
	case KindPhoto:
		var b PhotoBody
		if err := json.Unmarshal(v.Body, &b); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE photos SET caption = ?, fit = ?, style = ?, approved = ?, updated_at = ? WHERE id = ?`,
			b.Caption, b.Fit, b.Style, v.Number, formatTime(s.now()), v.Subject)
		if err != nil {
			return err
		}
		if mustAffect(res) != nil {
			return ErrGone
		}
		return nil
	case KindPlaylist:
		var b PlaylistBody
		if err := json.Unmarshal(v.Body, &b); err != nil {
			return err
		}
		var slug string
		if err := tx.QueryRowContext(ctx, `SELECT slug FROM playlists WHERE id = ?`, v.Subject).Scan(&slug); err != nil {
			return notFound(err)
		}
		// Drafts of several playlists may each fit alone but not together.
		if err := checkTotalItems(ctx, tx, slug, len(b.Items)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM playlist_items WHERE playlist_id = ?`, v.Subject); err != nil {
			return err
		}
		for i, it := range b.Items {
			_, err := tx.ExecContext(ctx, `INSERT INTO playlist_items (id, playlist_id, slogan_id, photo_id, position, seconds) VALUES (?, ?, ?, ?, ?, ?)`,
				it.ID, v.Subject, nullID(it.SloganID), nullID(it.PhotoID), i+1, it.Seconds)
			if isForeignKeyViolation(err) {
				return ErrGone
			}
			if err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE playlists SET approved = ? WHERE id = ?`, v.Number, v.Subject)
		if err != nil {
			return err
		}
		return mustAffect(res)
	case KindSchedule:
		var b ScheduleBody
		if err := json.Unmarshal(v.Body, &b); err != nil {
			return err
		}
		unit := scheduleUnit(v.Subject)
		if _, err := tx.ExecContext(ctx, `DELETE FROM schedule WHERE unit_id = ?`, unit); err != nil {
			return err
		}
		for _, sl := range b.Slots {
			days, _ := json.Marshal(sl.Days)
			// A group or board deleted since the draft was written would
			// widen the slot to every board: refuse, as for a playlist.
			if _, err := targetName(ctx, tx, sl.Group, sl.Board); err != nil {
				if errors.Is(err, ErrInvalidInput) {
					return ErrGone
				}
				return err
			}
			mandatory := 0
			if sl.Mandatory {
				mandatory = 1
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schedule (id, playlist, start, "end", overnight, days, from_day, to_day, priority, grp, board_id, phase, unit_id, mandatory)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				sl.ID, sl.Playlist, sl.Start, sl.End, sl.Overnight, string(days), sl.From, sl.To, sl.Priority, sl.Group, sl.Board, sl.Phase, unit, mandatory)
			if isForeignKeyViolation(err) {
				return ErrGone
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("store: unknown kind %q", v.Kind)
}

// nullID stores an absent reference (0) as NULL, which a foreign key
// lets by.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// nextID hands out the ID of a drafted item or slot: IDs are given at
// drafting and kept by every later version.
func nextID(ctx context.Context, tx *sql.Tx, seq string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = ? RETURNING value`, seq).Scan(&id)
	return id, err
}

// approveExistingContent is the migration that introduced approval:
// content already on boards counts as approved by the system, and the
// audit log says so.
func approveExistingContent(ctx context.Context, tx *sql.Tx) error {
	now := formatTime(time.Now().UTC())
	insert := func(kind string, subject int64, body any) error {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO versions (kind, subject, number, body, state, author, author_name, created_at, reviewer, reviewer_name, reviewed_at)
VALUES (?, ?, 1, ?, 'approved', ?, ?, ?, ?, ?, ?)`, kind, subject, string(data), SystemKey, SystemKey, now, SystemKey, SystemKey, now)
		return err
	}
	type row struct {
		id   int64
		body any
	}
	var slogans, lists []row
	rows, err := tx.QueryContext(ctx, `SELECT id, text, style FROM slogans`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r row
		var b SloganBody
		if err := rows.Scan(&r.id, &b.Text, &b.Style); err != nil {
			rows.Close()
			return err
		}
		r.body = b
		slogans = append(slogans, r)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT playlist_id, id, slogan_id, seconds FROM playlist_items ORDER BY playlist_id, position, id`)
	if err != nil {
		return err
	}
	items := map[int64][]ItemBody{}
	for rows.Next() {
		var pid int64
		var it ItemBody
		if err := rows.Scan(&pid, &it.ID, &it.SloganID, &it.Seconds); err != nil {
			rows.Close()
			return err
		}
		items[pid] = append(items[pid], it)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT id FROM playlists`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id); err != nil {
			rows.Close()
			return err
		}
		r.body = PlaylistBody{Items: append([]ItemBody{}, items[r.id]...)}
		lists = append(lists, r)
	}
	rows.Close()
	// The schedule as this migration found it (later migrations add
	// columns that the store's own reader expects).
	var slots []ScheduleSlot
	rows, err = tx.QueryContext(ctx, `SELECT id, playlist, start, "end", days, grp FROM schedule ORDER BY start, id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var sl ScheduleSlot
		var days string
		if err := rows.Scan(&sl.ID, &sl.Playlist, &sl.Start, &sl.End, &days, &sl.Group); err != nil {
			rows.Close()
			return err
		}
		json.Unmarshal([]byte(days), &sl.Days)
		slots = append(slots, sl)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(slogans)+len(lists)+len(slots) == 0 {
		return nil // a new database: nothing to carry over
	}
	for _, r := range slogans {
		if err := insert(KindSlogan, r.id, r.body); err != nil {
			return err
		}
	}
	for _, r := range lists {
		if err := insert(KindPlaylist, r.id, r.body); err != nil {
			return err
		}
	}
	if err := insert(KindSchedule, 0, ScheduleBody{Slots: slots}); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE slogans SET approved = 1; UPDATE playlists SET approved = 1;`); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, detail, actor_key) VALUES (?, ?, 'content.approve_existing', ?, ?)`,
		now, SystemKey, fmt.Sprintf("%d slogans, %d playlists, %d schedule slots", len(slogans), len(lists), len(slots)), SystemKey)
	return err
}

// LatestVersion returns the newest version of a subject, whatever its state.
func (s *Store) LatestVersion(ctx context.Context, kind string, subject int64) (Version, error) {
	return latestVersion(ctx, s.r, kind, subject)
}

// Waiting counts the versions of the units sc sees waiting for an
// approver, a's own drafts aside: what the approver's menu and dashboard
// say is left to do. (A draft of an account in a's hands is counted,
// though a may not approve it: the approvals page says so beside it.)
func (s *Store) Waiting(ctx context.Context, sc Scope, a Actor) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM versions WHERE state = ? AND author <> ? AND `+sc.sql("unit_id"), StatePending, a.Key).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: waiting: %w", err)
	}
	return n, nil
}
