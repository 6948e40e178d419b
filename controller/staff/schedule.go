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
	added, codes, err := d.store.AddSlot(ctx, who, sl)
	warnings := []Warning{}
	for _, code := range codes {
		warnings = append(warnings, Warning{Code: code, Message: warningTexts[code]})
	}
	return added, warnings, err
}
