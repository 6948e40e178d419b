// Package alert tells people what boards report going wrong. Today that
// is the audit log, where an officer looks for what happened; mail and
// webhooks are sent from here too once they exist.
package alert

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"codong/controller/fleet"
	"codong/controller/store"
)

// Tamper writes a board's report of manifests tampered with on the
// line into the audit log, where the officer looks for what happened;
// the fleet calls it at most once per board every 15 minutes. Alerts by
// email or webhook do not exist yet: when they do, they are sent from
// here, beside the audit entry.
type Tamper struct {
	Store *store.Store
	Log   *slog.Logger
}

var _ fleet.Alarm = Tamper{}

// tamperAuditWait bounds the audit write: the fleet's alarm goroutine
// waits for it (never a board's frame, see fleet.raise).
const tamperAuditWait = 5 * time.Second

// ManifestTampered writes one report into the audit log.
func (a Tamper) ManifestTampered(ev fleet.TamperEvent) {
	ctx, cancel := context.WithTimeout(context.Background(), tamperAuditWait)
	defer cancel()
	name := fmt.Sprintf("bảng số %d", ev.Board)
	if b, err := a.Store.Board(ctx, store.Everything, ev.Board); err == nil {
		name = fmt.Sprintf("bảng “%s”", b.Name)
	}
	detail := fmt.Sprintf("Bản kê bị sửa trên đường truyền: %s đã từ chối %d bản kê nhận qua %s, từ %s tới %s (lần cuối: %s); %d lần báo từ lần ghi trước. Bảng không áp dụng các bản kê đó (giữ nội dung đã duyệt đang có, hay hiện thông báo nếu chưa có gì). Kiểm tra mạng giữa máy chủ và bảng, bật TLS (https).",
		name, ev.Refused, ev.Via, ev.First.Format(time.RFC3339), ev.Last.Format(time.RFC3339), ev.Reason, ev.Reports)
	actor := store.Actor{Key: fmt.Sprintf("board:%d", ev.Board), Name: name, Address: ev.Addr}
	if err := a.Store.Record(ctx, actor, "board.tampered", detail); err != nil {
		a.Log.Error("cannot write a tampering report to the audit log", "board", ev.Board, "err", err)
	}
}
