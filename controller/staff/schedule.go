package staff

import (
	"context"

	"codong/controller/store"
)

// Warning is something a change that was taken should make its author
// look at again.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// warningTexts say the store's warnings to people.
var warningTexts = map[string]string{
	store.WarnGroupEmpty: "Chưa có bảng nào trong nhóm này: khung giờ đã được lưu nhưng chưa phát trên bảng nào cho tới khi có bảng vào nhóm.",
}

// AddSlot adds a slot to a unit's schedule (a slug; "": the actor's
// own) and says what its author should look at again.
func (d *Desk) AddSlot(ctx context.Context, who store.Actor, unit string, sl store.NewSlot) (store.ScheduleSlot, []Warning, error) {
	added, warnings, err := d.AddPhase(ctx, who, unit, "", []store.NewSlot{sl})
	if err != nil {
		return store.ScheduleSlot{}, warnings, err
	}
	return added[0], warnings, nil
}

// AddPhase drafts a named phase's sessions together (store.AddPhase).
func (d *Desk) AddPhase(ctx context.Context, who store.Actor, unit, phase string, sls []store.NewSlot) ([]store.ScheduleSlot, []Warning, error) {
	added, codes, err := d.store.AddPhase(ctx, who, unit, phase, sls)
	warnings := []Warning{}
	for _, code := range codes {
		warnings = append(warnings, Warning{Code: code, Message: warningTexts[code]})
	}
	return added, warnings, err
}

// SlotsAbove are the approved slots of the units above unit that reach
// its boards ("cấp trên" on its schedule page), mandatory ones marked.
func (d *Desk) SlotsAbove(ctx context.Context, t *store.Tree, unit int64) ([]store.ScheduleSlot, error) {
	desired, err := d.store.Desired(ctx, false)
	if err != nil {
		return nil, err
	}
	var out []store.ScheduleSlot
	for _, sl := range desired.Schedule {
		if sl.UnitID != unit && t.Within(unit, sl.UnitID) {
			out = append(out, sl)
		}
	}
	return out, nil
}
