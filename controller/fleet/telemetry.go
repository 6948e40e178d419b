package fleet

import (
	"context"
	"encoding/json"
	"sync"
	"time"
	"unicode/utf8"

	"codong/controller/hub"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// telemetry is the one writer of what boards report. Links only queue;
// one goroutine writes the queue every FlushEvery in a few transactions
// (group commit), so ten thousand boards cost a handful of commits a
// second instead of one each, and a board's link never waits on the
// database.
//
// Drop policy: a status is coalesced per board (only the newest since
// the last write is written; older ones were superseded anyway). Play
// records beyond MaxQueuedPlays are refused: not queued and not
// confirmed, so the board keeps them and sends them again later. A play
// record is confirmed to its board only after the transaction holding it
// has committed, so no confirmed play is ever lost; if the write fails,
// they stay unconfirmed and come again.
type telemetry struct {
	f    *Fleet
	kick chan struct{}

	mu     sync.Mutex
	seenQ  map[int64]lastSeen
	playsQ []queuedPlays
	queued int // records in playsQ
}

type queuedPlays struct {
	board   int64
	records []protocol.Play
	upTo    int64
}

// Size of one write transaction: the writer connection is released
// between chunks, so an operator's change never waits behind more than
// one chunk of telemetry.
const (
	chunkRows = 250
	// finalFlushWait bounds the last write when the controller stops.
	finalFlushWait = 5 * time.Second
)

func newTelemetry(f *Fleet) *telemetry {
	return &telemetry{f: f, kick: make(chan struct{}, 1), seenQ: make(map[int64]lastSeen)}
}

// lastSeen is a board's last sign of life and newest status, encoded
// only when written: most are superseded before then.
type lastSeen struct {
	at     time.Time
	status *protocol.Status // nil: none since the last write
}

// seen queues that a board was heard from, with its status if it sent
// one. The status is not changed afterwards (the fleet keeps it as the
// board's newest), so it is encoded at write time.
func (t *telemetry) seen(id int64, at time.Time, st *protocol.Status) {
	t.mu.Lock()
	if prev, ok := t.seenQ[id]; ok && st == nil {
		st = prev.status
	}
	t.seenQ[id] = lastSeen{at: at, status: st}
	t.mu.Unlock()
}

// plays queues a board's records. A record that cannot be true (a start
// far in the future or past, a duration no item has, an over-long
// title) is dropped, so a stolen board token cannot forge the report
// upward; it is still confirmed, so the board forgets it.
func (t *telemetry) plays(id int64, recs []protocol.Play) {
	now := t.f.cfg.Now()
	keep := recs[:0:0]
	var top int64
	for _, r := range recs {
		top = max(top, r.ID)
		if plausible(r, now) {
			keep = append(keep, r)
		}
	}
	if dropped := len(recs) - len(keep); dropped > 0 {
		t.f.cfg.Log.Warn("board sent implausible play records; dropped", "board", id, "count", dropped)
	}
	t.mu.Lock()
	if t.queued+len(keep) > t.f.cfg.MaxQueuedPlays {
		t.mu.Unlock()
		t.f.cfg.Log.Warn("play queue full; records refused, the board will send them again", "board", id, "count", len(recs))
		return
	}
	t.playsQ = append(t.playsQ, queuedPlays{board: id, records: keep, upTo: top})
	t.queued += len(keep)
	full := t.queued >= chunkRows
	t.mu.Unlock()
	if full {
		select {
		case t.kick <- struct{}{}:
		default:
		}
	}
}

func plausible(r protocol.Play, now time.Time) bool {
	return r.Start.After(now.AddDate(0, 0, -400)) && r.Start.Before(now.Add(24*time.Hour)) &&
		r.Seconds >= playlists.MinItemSeconds && r.Seconds <= playlists.MaxItemSeconds &&
		utf8.RuneCountInString(r.Title) <= playlists.MaxTitleRunes && len(r.Playlist) <= 64 &&
		(r.Asset == "" || playlists.ValidHash(r.Asset))
}

// Plays are written every FlushEvery: a board waits for their
// confirmation. Statuses and last-seen times are written every
// SeenEvery: the dashboard shows a connected board's status from memory,
// and the database's copy only matters once it is gone, so ten thousand
// boards' reports after a switch need not be written while the switch is
// still reaching the boards.
func (t *telemetry) run(ctx context.Context) {
	plays := time.NewTicker(t.f.cfg.FlushEvery)
	defer plays.Stop()
	seen := time.NewTicker(t.f.cfg.SeenEvery)
	defer seen.Stop()
	for {
		withSeen := false
		select {
		case <-ctx.Done():
			// What boards said last is still written.
			final, cancel := context.WithTimeout(context.Background(), finalFlushWait)
			t.flush(final, true, false)
			cancel()
			return
		case <-plays.C:
		case <-t.kick:
		case <-seen.C:
			withSeen = true
		}
		// Not ctx: a write begun when the controller stops finishes, and
		// its plays are confirmed.
		t.flush(context.Background(), withSeen, true)
	}
}

// flush writes everything queued, chunk by chunk, confirming plays as
// their chunk commits.
func (t *telemetry) flush(ctx context.Context, withSeen, confirm bool) {
	t.mu.Lock()
	var seen map[int64]lastSeen
	if withSeen {
		seen, t.seenQ = t.seenQ, make(map[int64]lastSeen, len(t.seenQ))
	}
	plays := t.playsQ
	t.playsQ, t.queued = nil, 0
	t.mu.Unlock()
	if len(seen) == 0 && len(plays) == 0 {
		return
	}

	var batch store.Telemetry
	var confirms []queuedPlays
	rows := 0
	write := func() {
		if rows == 0 && len(confirms) == 0 {
			return
		}
		if err := t.f.cfg.Store.SaveTelemetry(ctx, batch); err != nil {
			t.f.cfg.Log.Error("cannot write board telemetry; plays stay unconfirmed", "err", err)
			t.requeue(seen, batch.Seen)
		} else if confirm {
			ds := make([]hub.Delivery, 0, len(confirms))
			for _, q := range confirms {
				if frame, err := hub.Encode(protocol.NewPlaysAck(q.upTo)); err == nil {
					ds = append(ds, hub.Delivery{BoardID: q.board, Frame: frame})
				}
			}
			t.f.links.SendAll(ds)
		}
		batch, confirms, rows = store.Telemetry{}, nil, 0
	}
	for id, ls := range seen {
		var status []byte
		if ls.status != nil {
			status, _ = json.Marshal(ls.status)
		}
		batch.Seen = append(batch.Seen, store.Seen{Board: id, At: ls.at, Status: status})
		if rows++; rows >= chunkRows {
			write()
		}
	}
	for _, q := range plays {
		if len(q.records) > 0 {
			batch.Plays = append(batch.Plays, store.BoardPlays{Board: q.board, Records: q.records})
		}
		confirms = append(confirms, q)
		if rows += len(q.records); rows >= chunkRows {
			write()
		}
	}
	write()
}

// requeue puts back the statuses of a failed write, unless a newer one
// arrived meanwhile.
func (t *telemetry) requeue(from map[int64]lastSeen, failed []store.Seen) {
	t.mu.Lock()
	for _, s := range failed {
		if _, newer := t.seenQ[s.Board]; !newer {
			t.seenQ[s.Board] = from[s.Board]
		}
	}
	t.mu.Unlock()
}
