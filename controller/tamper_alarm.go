package controller

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"codong/controller/fleet"
	"codong/controller/store"
)

// tamperAlarm writes a board's report of manifests tampered with on the
// line into the audit log, where the officer looks for what happened;
// the fleet calls it at most once per board every 15 minutes. Alerts by
// email or webhook do not exist yet: when they do, they are sent from
// here, beside the audit entry.
type tamperAlarm struct {
	store *store.Store
	log   *slog.Logger
}

var _ fleet.Alarm = tamperAlarm{}

// tamperAuditWait bounds the audit write: the fleet's worker waits for it.
const tamperAuditWait = 5 * time.Second

func (a tamperAlarm) ManifestTampered(ev fleet.TamperEvent) {
	ctx, cancel := context.WithTimeout(context.Background(), tamperAuditWait)
	defer cancel()
	name := fmt.Sprintf("bảng số %d", ev.Board)
	if b, err := a.store.Board(ctx, ev.Board); err == nil {
		name = fmt.Sprintf("bảng “%s”", b.Name)
	}
	detail := fmt.Sprintf("Bản kê bị sửa trên đường truyền: %s đã từ chối %d bản kê nhận qua %s, từ %s tới %s (lần cuối: %s); %d lần báo từ lần ghi trước. Bảng không áp dụng các bản kê đó (giữ nội dung đã duyệt đang có, hay hiện thông báo nếu chưa có gì). Kiểm tra mạng giữa máy chủ và bảng, bật TLS (https).",
		name, ev.Refused, ev.Via, ev.First.Format(time.RFC3339), ev.Last.Format(time.RFC3339), ev.Reason, ev.Reports)
	actor := store.Actor{Key: fmt.Sprintf("board:%d", ev.Board), Name: name, Address: ev.Addr}
	if err := a.store.Record(ctx, actor, "board.tampered", detail); err != nil {
		a.log.Error("cannot write a tampering report to the audit log", "board", ev.Board, "err", err)
	}
}
