package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// ReportFilter chooses the plays a report sums: those that started in
// [From, To), on every board or on the boards of one group.
type ReportFilter struct {
	From, To time.Time
	Group    string // "": every board
	Board    int64  // or one board; 0: every board
	// Scope is the units whose boards' plays are summed: a play counts
	// for the unit its board was in when it was stored.
	Scope Scope
}

// playsByUnit lets a unit's report read its own plays of a period, not
// every play of the period. Same text on both engines.
const playsByUnit = `CREATE INDEX plays_by_unit ON plays (unit_id, started_at);`

// playsUnitColumn is the same text on both engines.
const playsUnitColumn = `ALTER TABLE plays ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 1;`

// Report is what was shown where and how often in a period, for the
// report upward. Items are whatever boards showed (slogans, photos):
// plays are summed by the title the controller gave the item when it
// sent it, so any kind of item is counted the same way.
type Report struct {
	// Rows are the finest sums, one per board and item.
	Rows []ReportRow `json:"rows"`
	// Items sums the rows by item, the most shown first.
	Items []ItemTotal `json:"items"`
	// Boards sums the rows by board, in name order: the boards that
	// played anything in the period.
	Boards []BoardTotal `json:"boards"`
	// Plays and Seconds are the totals of every row. Seconds is the
	// time on air: for each board the sum of its plays' durations
	// (time it was showing reported content; off, blank or unpowered
	// time is not a play), added over the boards.
	Plays   int `json:"plays"`
	Seconds int `json:"seconds"`
}

// ReportRow is one line of the report upward: how often an item was
// shown on a board in a period, and for how long in all.
type ReportRow struct {
	BoardID int64     `json:"board_id"`
	Board   string    `json:"board"`
	UnitID  int64     `json:"-"` // the board's unit when it played
	Title   string    `json:"title"`
	Plays   int       `json:"plays"`
	Seconds int       `json:"seconds"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
}

// ItemTotal is one item's plays on every board of the report.
type ItemTotal struct {
	Title   string    `json:"title"`
	Plays   int       `json:"plays"`
	Seconds int       `json:"seconds"`
	Boards  []string  `json:"boards"` // names, in name order
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
}

// BoardTotal is one board's plays of every item of the report.
type BoardTotal struct {
	BoardID int64     `json:"board_id"`
	Board   string    `json:"board"`
	UnitID  int64     `json:"-"`     // the board's unit when it played
	Items   int       `json:"items"` // distinct items shown
	Plays   int       `json:"plays"`
	Seconds int       `json:"seconds"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
}

// Report sums the plays f chooses. Titles are the controller's text of
// what it sent (see SaveTelemetry), never a board's; board names are as
// they were when the play was stored, so a removed board still counts
// in a report of all boards.
//
// A period of whole days in the store's zone is read from the plays'
// daily sums (play_days.go), the same numbers at a fraction of the cost;
// any other period from the plays themselves.
func (s *Store) Report(ctx context.Context, f ReportFilter) (Report, error) {
	if first, end, ok := wholeDays(f.From, f.To, s.zoneOf()); ok && s.summed.Load() {
		return s.report(ctx, f, `
SELECT board_id, board_name, unit_id, title, SUM(plays), SUM(seconds), MIN(first_at), MAX(last_at)
FROM play_days WHERE day >= ? AND day < ?`, first, end)
	}
	return s.reportOfPlays(ctx, f)
}

// reportOfPlays sums the plays themselves.
func (s *Store) reportOfPlays(ctx context.Context, f ReportFilter) (Report, error) {
	return s.report(ctx, f, `
SELECT board_id, board_name, unit_id, title, COUNT(*), SUM(seconds), MIN(started_at), MAX(started_at)
FROM plays WHERE started_at >= ? AND started_at < ?`, formatTime(f.From), formatTime(f.To))
}

// report runs a report's query, from and to being its bounds, with f's
// scope, group and board.
func (s *Store) report(ctx context.Context, f ReportFilter, q string, from, to string) (Report, error) {
	q += " AND " + f.Scope.sql("unit_id")
	args := []any{from, to}
	if f.Group != "" {
		cond, garg := inGroup(f.Group)
		q += " AND " + cond
		args = append(args, garg)
	}
	if f.Board != 0 {
		q += " AND board_id = ?"
		args = append(args, f.Board)
	}
	q += " GROUP BY board_id, board_name, unit_id, title ORDER BY board_name, board_id, title"
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return Report{}, fmt.Errorf("store: report: %w", err)
	}
	defer rows.Close()
	r := Report{Rows: []ReportRow{}}
	for rows.Next() {
		var row ReportRow
		var first, last string
		if err := rows.Scan(&row.BoardID, &row.Board, &row.UnitID, &row.Title, &row.Plays, &row.Seconds, &first, &last); err != nil {
			return Report{}, fmt.Errorf("store: report: %w", err)
		}
		row.First, row.Last = parseTime(first), parseTime(last)
		r.Rows = append(r.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return Report{}, fmt.Errorf("store: report: %w", err)
	}
	r.total()
	return r, nil
}

// inGroup is the one place that says which boards a group holds, as a
// condition on a play's board_id: the report's group filter is written
// nowhere else. A removed board is in no group, so its plays count only
// in a report of every board.
func inGroup(group string) (cond string, arg any) {
	return `board_id IN (SELECT board_id FROM board_groups WHERE grp = ?)`, group
}

// total derives the sums by item and by board from the rows, which are
// in board name order: boards come out in that order, and so do each
// item's board names.
func (r *Report) total() {
	items := map[string]*ItemTotal{}
	boards := map[int64]int{} // index in r.Boards
	r.Items, r.Boards = []ItemTotal{}, []BoardTotal{}
	for _, row := range r.Rows {
		r.Plays += row.Plays
		r.Seconds += row.Seconds
		it := items[row.Title]
		if it == nil {
			it = &ItemTotal{Title: row.Title, First: row.First, Last: row.Last}
			items[row.Title] = it
		}
		it.add(row)
		i, ok := boards[row.BoardID]
		if !ok {
			i = len(r.Boards)
			boards[row.BoardID] = i
			r.Boards = append(r.Boards, BoardTotal{BoardID: row.BoardID, Board: row.Board, UnitID: row.UnitID, First: row.First, Last: row.Last})
		}
		b := &r.Boards[i]
		b.Items++
		b.Plays += row.Plays
		b.Seconds += row.Seconds
		b.First, b.Last = earlier(b.First, row.First), later(b.Last, row.Last)
	}
	for _, it := range items {
		r.Items = append(r.Items, *it)
	}
	slices.SortFunc(r.Items, func(a, b ItemTotal) int {
		return cmp.Or(cmp.Compare(b.Seconds, a.Seconds), cmp.Compare(b.Plays, a.Plays), cmp.Compare(a.Title, b.Title))
	})
}

func (it *ItemTotal) add(row ReportRow) {
	it.Plays += row.Plays
	it.Seconds += row.Seconds
	if n := len(it.Boards); n == 0 || it.Boards[n-1] != row.Board {
		it.Boards = append(it.Boards, row.Board)
	}
	it.First, it.Last = earlier(it.First, row.First), later(it.Last, row.Last)
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
