package staff

import (
	"context"

	"codong/controller/store"
	"codong/playlists"
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

// AddSlot adds a slot to the schedule and says what its author should
// look at again.
func (d *Desk) AddSlot(ctx context.Context, who store.Actor, sl playlists.Slot) (store.ScheduleSlot, []Warning, error) {
	added, warnings, err := d.AddPhase(ctx, who, "", []playlists.Slot{sl})
	if err != nil {
		return store.ScheduleSlot{}, warnings, err
	}
	return added[0], warnings, nil
}

// AddPhase drafts a named phase's sessions together (store.AddPhase).
func (d *Desk) AddPhase(ctx context.Context, who store.Actor, phase string, sls []playlists.Slot) ([]store.ScheduleSlot, []Warning, error) {
	added, codes, err := d.store.AddPhase(ctx, who, phase, sls)
	warnings := []Warning{}
	for _, code := range codes {
		warnings = append(warnings, Warning{Code: code, Message: warningTexts[code]})
	}
	return added, warnings, err
}
