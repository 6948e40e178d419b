package console

import (
	"cmp"
	"codong/controller/page"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/auth"
	"codong/controller/calendar"
	"codong/controller/request"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
)

// slotForm is the schedule form as typed, to show again when refused.
type slotForm struct {
	Playlist, Target, From, To, Start, End string
	// Phase names the sessions added together; Start2/End2 are the
	// day's second session (the plan's "2 buổi trên ngày").
	Phase, Start2, End2 string
	AllDay, Overnight   bool
	Days                map[int]bool
	Priority            int
}

// newSlotForm is the form's starting point: every day ticked (a phase
// usually runs daily), the morning session.
func newSlotForm() slotForm {
	f := slotForm{Start: "07:00", End: "11:30", Days: map[int]bool{}}
	for d := range 7 {
		f.Days[d] = true
	}
	return f
}

// schedulePage shows the schedule's newest version, phase by phase, and
// the form to add a slot; a refused form comes back as typed, with why.
func (s *Handler) schedulePage(c echo.Context, status int, form slotForm, problem string) error {
	ctx := c.Request().Context()
	u, _, tree, err := auth.Looking(c)
	if err != nil {
		return err
	}
	slots, err := s.store.Schedule(ctx, auth.Scope(c), u.ID)
	if err != nil {
		return err
	}
	above, err := s.desk.SlotsAbove(ctx, tree, u.ID)
	if err != nil {
		return err
	}
	pls, err := s.store.Playlists(ctx, store.Everything)
	if err != nil {
		return err
	}
	gs, bs, err := s.groupsAndBoards(c)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(pls))
	for _, p := range pls {
		names[p.Slug] = p.Name
	}
	// Shown by phase: the earliest dates first, the open-ended last.
	shown := slices.Clone(slots)
	slices.SortStableFunc(shown, func(a, b store.ScheduleSlot) int {
		return cmp.Or(cmp.Compare(phaseKey(a.From), phaseKey(b.From)), cmp.Compare(a.Start, b.Start))
	})
	where := make(map[int64]string, len(shown))
	for _, sl := range shown {
		if where[sl.ID], err = s.wall.TargetText(ctx, sl.Group, sl.Board); err != nil {
			return err
		}
	}
	for _, sl := range above {
		if where[sl.ID], err = s.wall.TargetText(ctx, sl.Group, sl.Board); err != nil {
			return err
		}
	}
	// The form offers the playlists the unit may play: its own and
	// below, and those shared from above.
	usable := slices.DeleteFunc(slices.Clone(pls), func(p store.Playlist) bool {
		return !tree.Within(p.UnitID, u.ID) && !(p.FromAbove && tree.Within(u.ID, p.UnitID))
	})
	data := map[string]any{"Schedule": scheduleRows(shown), "Names": names, "Where": where, "Playlists": usable, "Groups": gs, "Boards": bs,
		"Weekdays": weekdays, "Form": form, "Error": problem, "Priorities": []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		"Looking": u, "Above": scheduleRows(above), "HasBelow": len(tree.Children(u.ID)) > 0, "UnitNames": unitNames(tree)}
	if v, err := s.store.LatestVersion(ctx, store.KindSchedule, store.ScheduleSubject(u.ID)); err == nil {
		data["ScheduleVersion"] = v
	}
	return s.view.Render(c, status, "schedule", data)
}

// phaseKey orders open-ended starts first: they are the standing plan.
func phaseKey(from string) string {
	if from == "" {
		return "0"
	}
	return "1" + from
}

// ShowSchedule serves GET /schedule.
func (s *Handler) ShowSchedule(c echo.Context) error {
	return s.schedulePage(c, http.StatusOK, newSlotForm(), "")
}

// AddSlot reads the schedule form: the days are checkboxes named day
// with values 0 (Sunday) to 6; the target is one select, "group:SLUG",
// "board:ID" or empty for every board; "all day" is 00:00–24:00. A
// refused slot comes back on the page as typed.
func (s *Handler) AddSlot(c echo.Context) error {
	form := slotForm{Playlist: c.FormValue("playlist"), Target: c.FormValue("target"), From: c.FormValue("from"), To: c.FormValue("to"),
		Start: c.FormValue("start"), End: c.FormValue("end"), AllDay: c.FormValue("allday") == "1",
		Overnight: c.FormValue("overnight") == "1", Days: map[int]bool{},
		Phase: c.FormValue("phase"), Start2: c.FormValue("start2"), End2: c.FormValue("end2")}
	sl := playlists.Slot{Playlist: form.Playlist, Start: form.Start, End: form.End, From: form.From, To: form.To,
		Overnight: form.Overnight, Days: []time.Weekday{}}
	if form.AllDay {
		sl.Start, sl.End = "00:00", "24:00"
	}
	fail := func(err error) error {
		ae, internal := respond.Classify(err)
		if internal {
			return err
		}
		return s.schedulePage(c, ae.Status, form, ae.Message)
	}
	for _, v := range c.Request().Form["day"] {
		d, err := strconv.Atoi(v)
		if err != nil || d < 0 || d > 6 {
			return fail(respond.BadRequest("bad_day", "Ngày trong tuần không hợp lệ."))
		}
		form.Days[d] = true
		sl.Days = append(sl.Days, time.Weekday(d))
	}
	if v := c.FormValue("priority"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil {
			return fail(respond.BadRequest("bad_priority", "Mức ưu tiên phải là một số từ 0 đến 9."))
		}
		form.Priority, sl.Priority = p, p
	}
	var err error
	if sl.Group, sl.Board, err = calendar.ParseTarget(form.Target); err != nil {
		return fail(err)
	}
	mandatory := c.FormValue("mandatory") == "1"
	sls := []store.NewSlot{{Slot: sl, Mandatory: mandatory}}
	if !form.AllDay && (form.Start2 != "" || form.End2 != "") {
		second := sl
		second.Start, second.End, second.Overnight = form.Start2, form.End2, false
		sls = append(sls, store.NewSlot{Slot: second, Mandatory: mandatory})
	}
	_, warnings, err := s.desk.AddPhase(c.Request().Context(), auth.Who(c), c.FormValue("unit"), form.Phase, sls)
	if err != nil {
		return fail(err)
	}
	if len(warnings) > 0 {
		return page.Redirect(c, scheduleOf(c), "submitted_"+warnings[0].Code)
	}
	return page.Redirect(c, scheduleOf(c), "submitted")
}

// scheduleOf is the schedule page of the unit a form was sent for.
func scheduleOf(c echo.Context) string {
	if u := c.FormValue("unit"); u != "" {
		return "/schedule?unit=" + url.QueryEscape(u)
	}
	return "/schedule"
}

// RemoveSlot serves POST /schedule/:id/delete.
func (s *Handler) RemoveSlot(c echo.Context) error {
	if err := s.removeSlot(c); err != nil {
		return err
	}
	return page.Redirect(c, scheduleOf(c), "submitted")
}

func (s *Handler) removeSlot(c echo.Context) error {
	id, err := request.PathID(c, "id")
	if err != nil {
		return err
	}
	// A phase's row removes all its sessions: it was shown as one.
	if phase := c.FormValue("phase"); phase != "" {
		return s.store.RemovePhase(c.Request().Context(), auth.Who(c), c.FormValue("unit"), phase)
	}
	return s.store.RemoveSlot(c.Request().Context(), auth.Who(c), c.FormValue("unit"), id)
}

// scheduleRow is one line of the schedule page: a slot, or a phase's
// sessions shown as one.
type scheduleRow struct {
	store.ScheduleSlot
	// Hours are the sessions' windows, in the day's order.
	Hours []string
}

// scheduleRows folds each phase's sessions into one row, where the
// phase's first session stands.
func scheduleRows(slots []store.ScheduleSlot) []scheduleRow {
	var rows []scheduleRow
	at := map[string]int{}
	for _, sl := range slots {
		hours := sl.Start + "–" + sl.End
		if sl.Start == "00:00" && sl.End == "24:00" {
			hours = "cả ngày"
		} else if sl.Crosses() {
			hours += " (qua đêm)"
		}
		// A phase is one unit's: the units above may name theirs alike.
		key := sl.Unit + "\x00" + sl.Phase
		if i, ok := at[key]; ok && sl.Phase != "" {
			rows[i].Hours = append(rows[i].Hours, hours)
			continue
		}
		if sl.Phase != "" {
			at[key] = len(rows)
		}
		rows = append(rows, scheduleRow{ScheduleSlot: sl, Hours: []string{hours}})
	}
	for i := range rows {
		slices.Sort(rows[i].Hours)
	}
	return rows
}

// unitNames are the units' names by slug.
func unitNames(t *store.Tree) map[string]string {
	out := map[string]string{}
	for _, u := range t.All() {
		out[u.Slug] = u.Name
	}
	return out
}
