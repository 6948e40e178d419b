package report

import (
	"strconv"

	"codong/controller/store"
)

// UnitRow is one line of a unit's report rolled up: a unit right under
// the one reported on (its boards and those of the units under it), or
// the reported unit's own boards.
type UnitRow struct {
	Unit store.Unit `json:"-"`
	Slug string     `json:"unit"`
	// Label is the line's name (Name), for people.
	Label string `json:"name"`
	// Own: the reported unit's own boards, not a unit under it.
	Own     bool `json:"own,omitempty"`
	Boards  int  `json:"boards"` // boards it has now
	Played  int  `json:"played"` // boards that played in the period (a removed one too)
	Plays   int  `json:"plays"`
	Seconds int  `json:"seconds"`
	Items   int  `json:"items"`   // distinct items shown
	Offline int  `json:"offline"` // of its boards, those not connected now
}

// RollUp sums a report by the units right under q.Unit, with a line for
// the unit's own boards when it has any, and the total of them all; it
// is nil (and the total zero) when q.Unit has no unit under it, where the
// report by board says everything. connected says whether a board is
// connected now.
func RollUp(q Query, r store.Report, connected func(id int64) bool) (rows []UnitRow, total UnitRow) {
	children := q.Tree.Children(q.Unit.ID)
	if len(children) == 0 {
		return nil, UnitRow{}
	}
	lines := make([]UnitRow, 0, len(children)+1)
	for _, c := range children {
		lines = append(lines, UnitRow{Unit: c})
	}
	lines = append(lines, UnitRow{Unit: q.Unit, Own: true})
	// lineOf is the line a unit's boards count on.
	lineOf := func(unit int64) int {
		for i, c := range children {
			if q.Tree.Within(unit, c.ID) {
				return i
			}
		}
		return len(children)
	}
	for _, b := range q.Boards {
		l := &lines[lineOf(b.UnitID)]
		l.Boards++
		if !connected(b.ID) {
			l.Offline++
		}
	}
	played := make([]map[int64]bool, len(lines))
	items := make([]map[string]bool, len(lines))
	for i := range lines {
		played[i], items[i] = map[int64]bool{}, map[string]bool{}
	}
	allPlayed, allItems := map[int64]bool{}, map[string]bool{}
	for _, row := range r.Rows {
		i := lineOf(row.UnitID)
		lines[i].Plays += row.Plays
		lines[i].Seconds += row.Seconds
		played[i][row.BoardID], items[i][row.Title] = true, true
		allPlayed[row.BoardID], allItems[row.Title] = true, true
	}
	total = UnitRow{Unit: q.Unit}
	for i := range lines {
		lines[i].Played, lines[i].Items = len(played[i]), len(items[i])
		total.Boards += lines[i].Boards
		total.Offline += lines[i].Offline
		total.Plays += lines[i].Plays
		total.Seconds += lines[i].Seconds
	}
	total.Played, total.Items = len(allPlayed), len(allItems)
	total.Slug, total.Label = q.Unit.Slug, "Tổng cộng"
	for i := range lines {
		lines[i].Slug, lines[i].Label = lines[i].Unit.Slug, lines[i].Name()
	}
	own := lines[len(children)]
	if own.Boards == 0 && own.Plays == 0 {
		lines = lines[:len(children)]
	}
	return lines, total
}

// Name is the line's name, as the report prints it.
func (u UnitRow) Name() string {
	if u.Own {
		return u.Unit.Name + " (bảng trực thuộc)"
	}
	return u.Unit.Name
}

// unitTable is the report rolled up by unit, as a spreadsheet: one line
// per unit and the total.
func unitTable(rows []UnitRow, total UnitRow) [][]string {
	t := [][]string{{"Đơn vị", "Mã đơn vị", "Số bảng", "Số bảng đã phát", "Giờ phát (giờ:phút:giây)", "Giờ phát (giây)", "Số lần phát", "Số nội dung", "Số bảng đang mất kết nối"}}
	line := func(name, slug string, u UnitRow) []string {
		return []string{name, slug, strconv.Itoa(u.Boards), strconv.Itoa(u.Played), Clock(u.Seconds), strconv.Itoa(u.Seconds),
			strconv.Itoa(u.Plays), strconv.Itoa(u.Items), strconv.Itoa(u.Offline)}
	}
	for _, u := range rows {
		t = append(t, line(u.Label, u.Slug, u))
	}
	return append(t, line(total.Label, total.Slug, total))
}

// UnitsTable is the roll-up as the CSV export writes it (?table=units).
func UnitsTable(q Query, r store.Report, connected func(id int64) bool) [][]string {
	rows, total := RollUp(q, r, connected)
	return unitTable(rows, total)
}
