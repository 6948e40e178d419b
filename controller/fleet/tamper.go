package fleet

import (
	"context"
	"fmt"
	"time"

	"codong/controller/hub"
	"codong/protocol"
)

// A board that refuses manifests because they fail its checks (altered,
// re-signed by another key, replayed, another board's, pictures that do
// not match their sha256) tells the controller (protocol 2.1) on the
// link where it refused them or, if that link is the attacker's, on
// the next one that works. The board is flagged for the dashboard and
// the wall, the log and the Alarm are told, at most once per board every
// tamperAlarmEvery, so a proxy tampering with every manifest cannot
// flood the audit log.
const tamperAlarmEvery = 15 * time.Minute

// TamperCode is the flag code of a board whose manifests are tampered
// with on the line.
const TamperCode = "manifest_tampered"

// Alarm is told when manifests sent to a board were tampered with on
// the line. The controller writes it in the audit log; email and
// webhook alerts do not exist yet, and plug in here when they do.
type Alarm interface {
	ManifestTampered(ev TamperEvent)
}

// TamperEvent is what an Alarm is told: the board's latest report, and
// how many reports came since the last alarm of that board.
type TamperEvent struct {
	Board int64
	// Refused is how many manifests the board refused since First.
	Refused     int
	First, Last time.Time
	Reason, Via string
	// Reports is how many reports arrived since the last alarm.
	Reports int
	// Addr is where the board's link comes from.
	Addr string
}

// tamperState is what a board reported of tampering.
type tamperState struct {
	flag *Flag
	// first is the start of the board's current run of refusals, as it
	// reports it; base counts the refusals of its earlier runs.
	first time.Time
	base  int
	last  int // the current run's count
	// alarmedAt is when the Alarm was last told; unalarmed counts the
	// reports since.
	alarmedAt time.Time
	unalarmed int
}

// Tampered takes a board's report of manifests it refused as altered.
// A board sends the same run again on each link until one delivers a
// manifest, so a run is counted once, by its first refusal.
func (f *Fleet) Tampered(id int64, link uint64, t *protocol.Tampered) *hub.Refusal {
	now := f.cfg.Now()
	f.mu.Lock()
	b := f.get(id)
	if r := f.admit(id, b, kindTampered, now); r != nil {
		f.mu.Unlock()
		return r
	}
	ts := &b.guard.tamper
	if !t.First.Equal(ts.first) {
		ts.base += ts.last
		ts.first = t.First
	}
	ts.last = t.Count
	if ts.flag == nil || now.Sub(ts.flag.Last) > flagShownFor {
		ts.flag = &Flag{Code: TamperCode, First: now}
	}
	ts.flag.Count = ts.base + ts.last
	ts.flag.Last = now
	ts.flag.Reason = fmt.Sprintf("Bảng đã từ chối %d bản kê bị sửa trên đường truyền, nhận qua %s (lần cuối: %s). Bảng không áp dụng các bản kê đó: nó giữ nội dung đã duyệt đang có, hay hiện thông báo nếu chưa có gì. Kiểm tra mạng giữa máy chủ và bảng, và bật TLS (https) cho máy chủ.",
		ts.flag.Count, clip(t.Via, 80), clip(t.Reason, 160))
	ts.unalarmed++
	var ev *TamperEvent
	if ts.alarmedAt.IsZero() || now.Sub(ts.alarmedAt) >= tamperAlarmEvery {
		ev = &TamperEvent{Board: id, Refused: t.Count, First: t.First, Last: t.Last, Reason: t.Reason, Via: t.Via, Reports: ts.unalarmed, Addr: b.guard.addr}
		ts.alarmedAt, ts.unalarmed = now, 0
	}
	f.mu.Unlock()
	if ev != nil {
		f.cfg.Log.Warn("board refuses manifests tampered with on the line", "board", id, "refused", ev.Refused, "reports", ev.Reports, "via", clip(ev.Via, 80), "reason", clip(ev.Reason, 160), "addr", ev.Addr)
		f.raise(*ev)
	}
	return nil
}

// alarmQueue bounds the alarms waiting to be told: at most one per board
// every tamperAlarmEvery, so only a province whose every board is
// tampered with at once fills it.
const alarmQueue = 256

// raise hands an alarm to the fleet's alarm goroutine: the Alarm writes
// the audit log, and a board's frames are handled on the hub's workers,
// shared by many boards, which must never wait for the database. An
// alarm that finds the queue full is only logged (it was, above).
func (f *Fleet) raise(ev TamperEvent) {
	if f.cfg.Alarm == nil {
		return
	}
	select {
	case f.alarms <- ev:
	default:
		f.cfg.Log.Error("tamper alarms queued beyond the limit; this one is only logged", "board", ev.Board)
	}
}

// tellAlarms tells the Alarm of every alarm raised, until ctx ends and
// those queued are told.
func (f *Fleet) tellAlarms(ctx context.Context) {
	for {
		select {
		case ev := <-f.alarms:
			f.cfg.Alarm.ManifestTampered(ev)
		case <-ctx.Done():
			for {
				select {
				case ev := <-f.alarms:
					f.cfg.Alarm.ManifestTampered(ev)
				default:
					return
				}
			}
		}
	}
}
