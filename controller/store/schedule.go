package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"codong/playlists"
)

// ScheduleSlot is a slot as stored, with its ID for editing.
type ScheduleSlot struct {
	ID int64 `json:"id"`
	// Phase names the plan's phase the slot belongs to ("Trong Đại
	// hội"), shared by the sessions of one day added together; "" for a
	// slot of its own. Staff see it; boards are not sent it.
	Phase string `json:"phase,omitempty"`
	// Mandatory: for the boards of the units below the slot's own, it
	// outranks every slot they make (playlists.Slot.Above).
	Mandatory bool `json:"mandatory,omitempty"`
	// Unit is the slug of the unit whose schedule holds the slot, filled
	// in where slots of several units are read together.
	Unit   string `json:"unit,omitempty"`
	UnitID int64  `json:"-"`
	playlists.Slot
}

// Every unit has a schedule of its own, versioned and approved as a
// whole: the root's is subject 0 of KindSchedule (as it was before
// units), another unit's its ID.
func scheduleSubject(unit int64) int64 { return ScheduleSubject(unit) }

// draftSlots are the slots of every unit's newest schedule version, the
// drafts waiting for a second pair of eyes included: what a deletion must
// not pull from under a proposal, whichever unit made it.
func draftSlots(ctx context.Context, q querier) ([]ScheduleSlot, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.body FROM versions v
WHERE v.kind = ? AND v.number = (SELECT MAX(w.number) FROM versions w WHERE w.kind = v.kind AND w.subject = v.subject)`, KindSchedule)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var slots []ScheduleSlot
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var body ScheduleBody
		if err := json.Unmarshal(raw, &body); err != nil {
			return nil, err
		}
		slots = append(slots, body.Slots...)
	}
	return slots, rows.Err()
}

// ScheduleSubject is the version subject of a unit's schedule.
func ScheduleSubject(unit int64) int64 {
	if unit == RootUnit {
		return 0
	}
	return unit
}

func scheduleUnit(subject int64) int64 {
	if subject == 0 {
		return RootUnit
	}
	return subject
}

// Schedule lists the slots of a unit's schedule's newest version, the
// one its editors work on (Desired has the approved one), in the order
// they are evaluated. A unit sc does not see is ErrNotFound.
func (s *Store) Schedule(ctx context.Context, sc Scope, unit int64) ([]ScheduleSlot, error) {
	if !sc.Has(unit) {
		return nil, ErrNotFound
	}
	var body ScheduleBody
	if _, err := latestBody(ctx, s.r, KindSchedule, scheduleSubject(unit), &body); err != nil {
		return nil, err
	}
	if body.Slots == nil {
		body.Slots = []ScheduleSlot{}
	}
	// Every slot says whose it is, as every object of the API does.
	var slug string
	if err := s.r.QueryRowContext(ctx, `SELECT slug FROM units WHERE id = ?`, unit).Scan(&slug); err != nil {
		return nil, notFound(err)
	}
	for i := range body.Slots {
		body.Slots[i].Unit, body.Slots[i].UnitID = slug, unit
	}
	sortSlots(body.Slots)
	return body.Slots, nil
}

func sortSlots(slots []ScheduleSlot) {
	slices.SortStableFunc(slots, func(a, b ScheduleSlot) int {
		return cmp.Or(strings.Compare(a.Start, b.Start), cmp.Compare(a.ID, b.ID))
	})
}

func (s *Store) schedule(ctx context.Context, q querier) ([]ScheduleSlot, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, playlist, start, "end", overnight, days, from_day, to_day, priority, grp, board_id, phase, unit_id, mandatory != 0,
	(SELECT slug FROM units WHERE units.id = schedule.unit_id) FROM schedule ORDER BY start, id`)
	if err != nil {
		return nil, fmt.Errorf("store: schedule: %w", err)
	}
	defer rows.Close()
	out := []ScheduleSlot{}
	for rows.Next() {
		var sl ScheduleSlot
		var days string
		if err := rows.Scan(&sl.ID, &sl.Playlist, &sl.Start, &sl.End, &sl.Overnight, &days, &sl.From, &sl.To, &sl.Priority, &sl.Group, &sl.Board, &sl.Phase, &sl.UnitID, &sl.Mandatory, &sl.Unit); err != nil {
			return nil, fmt.Errorf("store: schedule: %w", err)
		}
		json.Unmarshal([]byte(days), &sl.Days)
		out = append(out, sl)
	}
	return out, rows.Err()
}

// editSchedule proposes a new version of a unit's schedule (a slug; "":
// the actor's own): edit changes a copy of its newest version.
func (s *Store) editSchedule(ctx context.Context, a Actor, unit string, edit func(tx *sql.Tx, unit int64, b *ScheduleBody) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		unitID, err := unitFor(ctx, tx, a, unit)
		if err != nil {
			return err
		}
		var body ScheduleBody
		if _, err := latestBody(ctx, tx, KindSchedule, scheduleSubject(unitID), &body); err != nil {
			return err
		}
		if err := edit(tx, unitID, &body); err != nil {
			return err
		}
		if body.Slots == nil {
			body.Slots = []ScheduleSlot{}
		}
		sortSlots(body.Slots)
		_, err = s.propose(ctx, tx, a, KindSchedule, scheduleSubject(unitID), anyBase, body)
		return err
	})
}

// MaxSlots bounds the schedule, so a manifest stays within the
// protocol's size limit whatever is stored.
const MaxSlots = 200

// Warnings a stored change comes with: it was taken, but its author
// should know.
const (
	// WarnGroupEmpty: the slot aims at a group no board is in (yet).
	WarnGroupEmpty = "group_empty"
)

// AddSlot drafts a validated slot in a unit's schedule (a slug; "": the
// actor's own) for a playlist the unit may use, aimed at all its boards
// or a group or board of it. It returns the warnings the author should
// see.
func (s *Store) AddSlot(ctx context.Context, a Actor, unit string, sl NewSlot) (ScheduleSlot, []string, error) {
	added, warnings, err := s.AddPhase(ctx, a, unit, "", []NewSlot{sl})
	if err != nil {
		return ScheduleSlot{}, nil, err
	}
	return added[0], warnings, nil
}

// Limits of a phase: a name read in one line, and the sessions of a day
// ("2 buổi trên ngày" is the plan's; four leave room).
const (
	MaxPhaseRunes = 60
	MaxSessions   = 4
)

// The phase's fields, as InvalidError names them.
const (
	FieldPhase    = "schedule.phase"
	FieldSessions = "schedule.sessions"
)

// AddPhase drafts, in one version of the schedule, the slots of one phase
// of the plan: the sessions of a day (same playlist, dates, days, target
// and priority, their own hours), named together so the schedule, the
// calendar and the approval page show them as one thing. An empty name
// adds a single slot of its own; a name already used is refused.
func (s *Store) AddPhase(ctx context.Context, a Actor, unit, phase string, sls []NewSlot) ([]ScheduleSlot, []string, error) {
	if strings.TrimSpace(phase) != "" {
		var err error
		if phase, err = CleanName(FieldPhase, phase, MaxPhaseRunes); err != nil {
			return nil, nil, err
		}
	} else {
		phase = ""
	}
	switch {
	case len(sls) == 0:
		return nil, nil, invalid(FieldSessions, ProblemEmpty, 0)
	case len(sls) > MaxSessions:
		return nil, nil, invalid(FieldSessions, ProblemTooMany, MaxSessions)
	case len(sls) > 1 && phase == "":
		// Sessions added together without a name would show apart.
		return nil, nil, invalid(FieldPhase, ProblemEmpty, 0)
	}
	for i := range sls {
		if err := cleanSlot(&sls[i].Slot); err != nil {
			return nil, nil, err
		}
	}
	var warnings []string
	var added []ScheduleSlot
	err := s.editSchedule(ctx, a, unit, func(tx *sql.Tx, unit int64, b *ScheduleBody) error {
		if phase != "" && slices.ContainsFunc(b.Slots, func(o ScheduleSlot) bool { return strings.EqualFold(o.Phase, phase) }) {
			return invalid(FieldPhase, ProblemDuplicate, 0)
		}
		added = added[:0]
		for _, sl := range sls {
			one, w, err := addSlot(ctx, tx, unit, b, phase, sl)
			if err != nil {
				return err
			}
			added = append(added, one)
			for _, code := range w {
				if !slices.Contains(warnings, code) {
					warnings = append(warnings, code)
				}
			}
		}
		return nil
	})
	return added, warnings, err
}

// NewSlot is a slot to add: where and what it plays, and whether the
// units below the schedule's unit may outrank it.
type NewSlot struct {
	playlists.Slot
	Mandatory bool
}

// addSlot adds one validated slot of a phase ("": none) to unit's
// schedule body being drafted, with the warnings its author should see.
func addSlot(ctx context.Context, tx *sql.Tx, unit int64, b *ScheduleBody, phase string, ns NewSlot) (ScheduleSlot, []string, error) {
	sl := ns.Slot
	// A group or board of another unit is as unknown as one that does
	// not exist; the slot reaches the unit's boards and those below.
	if sl.Group != "" {
		if err := inUnit(ctx, tx, unit, "groups", "slug", sl.Group); err != nil {
			return ScheduleSlot{}, nil, invalid(FieldGroup, ProblemUnknown, 0)
		}
	}
	if sl.Board != 0 {
		if err := inUnit(ctx, tx, unit, "boards", "id", sl.Board); err != nil {
			return ScheduleSlot{}, nil, invalid(FieldSlotBoard, ProblemUnknown, 0)
		}
	}
	if _, err := targetName(ctx, tx, sl.Group, sl.Board); err != nil {
		return ScheduleSlot{}, nil, err
	}
	if _, err := usable(ctx, tx, unit, "playlists", "slug", sl.Playlist); err != nil {
		return ScheduleSlot{}, nil, err
	}
	var warnings []string
	if sl.Group != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM board_groups WHERE grp = ?`, sl.Group).Scan(&n); err != nil {
			return ScheduleSlot{}, nil, err
		}
		if n == 0 {
			warnings = append(warnings, WarnGroupEmpty)
		}
	}
	if len(b.Slots) >= MaxSlots {
		return ScheduleSlot{}, nil, ErrTooMany
	}
	id, err := nextID(ctx, tx, "slot_seq")
	if err != nil {
		return ScheduleSlot{}, nil, err
	}
	added := ScheduleSlot{ID: id, Phase: phase, Slot: sl, Mandatory: ns.Mandatory}
	b.Slots = append(b.Slots, added)
	return added, warnings, nil
}

// RemovePhase drafts a unit's schedule (a slug; "": the actor's own)
// without every slot of a phase.
func (s *Store) RemovePhase(ctx context.Context, a Actor, unit, phase string) error {
	return s.editSchedule(ctx, a, unit, func(_ *sql.Tx, _ int64, b *ScheduleBody) error {
		n := len(b.Slots)
		b.Slots = slices.DeleteFunc(b.Slots, func(sl ScheduleSlot) bool { return phase != "" && sl.Phase == phase })
		if len(b.Slots) == n {
			return ErrNotFound
		}
		return nil
	})
}

// RemoveSlot drafts a unit's schedule (a slug; "": the actor's own)
// without one slot.
func (s *Store) RemoveSlot(ctx context.Context, a Actor, unit string, id int64) error {
	return s.editSchedule(ctx, a, unit, func(_ *sql.Tx, _ int64, b *ScheduleBody) error {
		i := slices.IndexFunc(b.Slots, func(sl ScheduleSlot) bool { return sl.ID == id })
		if i < 0 {
			return ErrNotFound
		}
		b.Slots = slices.Delete(b.Slots, i, i+1)
		return nil
	})
}
