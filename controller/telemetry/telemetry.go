// Package telemetry writes what boards report (their last sign of
// life, their statuses, their play records, the pictures first sent to
// them) to the database in a few statements at a time, off the boards'
// links, and confirms plays only once they are stored.
package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"codong/controller/hub"
	"codong/controller/store"
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
// they stay unconfirmed and come again, and so does every record queued
// after them: a confirmation never overtakes a failed write.
//
// Pictures sent to boards for the first time (sentQ) are written here
// too, before the plays of the same batch, off the publication's path.
type Writer struct {
	cfg  Config
	kick chan struct{}

	mu     sync.Mutex
	seenQ  map[int64]lastSeen
	playsQ []queuedPlays
	queued int // records in playsQ
	sentQ  []store.SentItem
}

type queuedPlays struct {
	board   int64
	records []protocol.Play
	upTo    int64
}

// statusBytes is about what a board's status takes in JSON.
const statusBytes = 512

// Size of one write transaction: the writer connection is released
// between chunks, so an operator's change never waits behind more than
// one chunk of telemetry.
const (
	chunkRows = 250
	// finalFlushWait bounds the last write when the controller stops.
	finalFlushWait = 5 * time.Second
)

// Config is what a Writer needs.
type Config struct {
	Store interface {
		SaveTelemetry(context.Context, store.Telemetry) error
	}
	Now func() time.Time
	Log *slog.Logger
	// FlushEvery is how often plays are written; SeenEvery how often the
	// statuses of boards that left are; StatusEvery how long a connected
	// board's status waits (see due).
	FlushEvery, SeenEvery, StatusEvery time.Duration
	// MaxQueuedPlays bounds the records waiting to be written.
	MaxQueuedPlays int
	// Confirm sends the plays' confirmations once written; Unconfirmed is
	// told of boards whose plays were not written (they send them again).
	Confirm     func([]hub.Delivery)
	Unconfirmed func(boards []int64)
}

// New makes a Writer; Run starts it.
func New(cfg Config) *Writer {
	return &Writer{cfg: cfg, kick: make(chan struct{}, 1), seenQ: make(map[int64]lastSeen)}
}

// lastSeen is a board's last sign of life and newest status, encoded
// only when written: most are superseded before then.
type lastSeen struct {
	at     time.Time
	status *protocol.Status // nil: none since the last write
	// queued is when the board's first report since the last write came:
	// a connected board's waits StatusEvery from then.
	queued time.Time
	// left: the board is gone, so its last status is written within
	// SeenEvery.
	left bool
}

// Seen queues that a board was heard from, with its status if it sent
// one, or that it left. The status is not changed afterwards (the fleet
// keeps it as the board's newest), so it is encoded at write time.
func (t *Writer) Seen(id int64, at time.Time, st *protocol.Status, left bool) {
	t.mu.Lock()
	queued := at
	if prev, ok := t.seenQ[id]; ok {
		if st == nil {
			st = prev.status
		}
		queued = prev.queued
	}
	t.seenQ[id] = lastSeen{at: at, status: st, queued: queued, left: left}
	t.mu.Unlock()
}

// due takes from the queue what is to be written now: all of it when
// the controller stops, else what boards that left said last and what
// connected boards said once it has waited StatusEvery.
func (t *Writer) due(all bool) map[int64]lastSeen {
	if all {
		seen := t.seenQ
		t.seenQ = make(map[int64]lastSeen, len(seen))
		return seen
	}
	seen := make(map[int64]lastSeen)
	now := t.cfg.Now()
	for id, ls := range t.seenQ {
		if ls.left || now.Sub(ls.queued) >= t.cfg.StatusEvery {
			seen[id] = ls
			delete(t.seenQ, id)
		}
	}
	return seen
}

// Plays queues a board's records (checked already by the fleet),
// to be confirmed up to upTo once written; false means the queue is full:
// nothing is queued nor confirmed, and the board sends them again later.
func (t *Writer) Plays(id int64, keep []protocol.Play, upTo int64) bool {
	t.mu.Lock()
	if t.queued+len(keep) > t.cfg.MaxQueuedPlays {
		t.mu.Unlock()
		t.cfg.Log.Warn("play queue full; records refused, the board will send them again", "board", id, "count", len(keep))
		return false
	}
	t.playsQ = append(t.playsQ, queuedPlays{board: id, records: keep, upTo: upTo})
	t.queued += len(keep)
	full := t.queued >= chunkRows
	t.mu.Unlock()
	if full {
		select {
		case t.kick <- struct{}{}:
		default:
		}
	}
	return true
}

// Sent queues a picture sent to boards for the first time.
func (t *Writer) Sent(s store.SentItem) {
	t.mu.Lock()
	t.sentQ = append(t.sentQ, s)
	t.mu.Unlock()
}

// Plays are written every FlushEvery: a board waits for their
// confirmation. Statuses and last-seen times are looked at every
// SeenEvery: the dashboard shows a connected board's status from memory,
// and the database's copy only matters once it is gone, so a board that
// left has its last status written then, and a connected board's waits
// StatusEvery (see due): ten thousand boards' reports after a switch are
// not written while the switch is still reaching the boards, nor again
// after every switch.
func (t *Writer) Run(ctx context.Context) {
	plays := time.NewTicker(t.cfg.FlushEvery)
	defer plays.Stop()
	seen := time.NewTicker(t.cfg.SeenEvery)
	defer seen.Stop()
	for {
		withSeen := false
		select {
		case <-ctx.Done():
			// What boards said last is still written.
			final, cancel := context.WithTimeout(context.Background(), finalFlushWait)
			t.Flush(final, true, true, false)
			cancel()
			return
		case <-plays.C:
		case <-t.kick:
		case <-seen.C:
			withSeen = true
		}
		// Not ctx: a write begun when the controller stops finishes, and
		// its plays are confirmed.
		t.Flush(context.Background(), withSeen, false, true)
	}
}

// Flush writes the plays and pictures queued and, withSeen, the
// statuses due (all of them when allSeen), chunk by chunk, confirming
// plays as their chunk commits.
func (t *Writer) Flush(ctx context.Context, withSeen, allSeen, confirm bool) {
	t.mu.Lock()
	var seen map[int64]lastSeen
	if withSeen {
		seen = t.due(allSeen)
	}
	plays, sent := t.playsQ, t.sentQ
	t.playsQ, t.queued, t.sentQ = nil, 0, nil
	t.mu.Unlock()
	if len(seen) == 0 && len(plays) == 0 && len(sent) == 0 {
		return
	}

	batch := store.Telemetry{Sent: sent}
	var confirms []queuedPlays
	rows := len(sent)
	failed := false
	write := func() {
		if rows == 0 && len(confirms) == 0 {
			return
		}
		if failed && len(batch.Plays)+len(confirms) > 0 {
			// Plays after a failed write wait for their boards to send
			// them again, so no confirmation overtakes the failure.
			t.unconfirmed(confirms)
			batch.Plays, confirms = nil, nil
		}
		if err := t.cfg.Store.SaveTelemetry(ctx, batch); err != nil {
			t.cfg.Log.Error("cannot write board telemetry; plays stay unconfirmed", "err", err)
			failed = true
			t.requeue(seen, batch.Seen, batch.Sent)
			t.unconfirmed(confirms)
		} else if confirm {
			t.cfg.Confirm(playsAcks(confirms))
		}
		batch, confirms, rows = store.Telemetry{}, nil, 0
	}
	// Statuses are encoded one after another into one buffer, not one
	// allocation each: ten thousand boards report after a switch. A
	// slice taken stays valid when the buffer grows (the bytes it points
	// to are left as they are).
	var arena bytes.Buffer
	arena.Grow(len(seen) * statusBytes)
	enc := json.NewEncoder(&arena)
	for id, ls := range seen {
		var status []byte
		if ls.status != nil {
			start := arena.Len()
			if enc.Encode(ls.status) == nil {
				status = arena.Bytes()[start : arena.Len()-1 : arena.Len()-1] // without Encode's newline
			}
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
// arrived meanwhile, and the pictures sent (no board sends those again).
func (t *Writer) requeue(from map[int64]lastSeen, failed []store.Seen, sent []store.SentItem) {
	t.mu.Lock()
	for _, s := range failed {
		if _, newer := t.seenQ[s.Board]; !newer {
			t.seenQ[s.Board] = from[s.Board]
		}
	}
	t.sentQ = append(t.sentQ, sent...)
	t.mu.Unlock()
}

// unconfirmed: these plays were not written and their boards will send
// them again; what the fleet knew of those boards' plays goes, so they
// are not taken for records already stored.
func (t *Writer) unconfirmed(qs []queuedPlays) {
	ids := make([]int64, 0, len(qs))
	for _, q := range qs {
		ids = append(ids, q.board)
	}
	t.cfg.Unconfirmed(ids)
}

// playsAcks are the confirmations of a written chunk, written into one
// buffer and one slice of frames: a chunk confirms hundreds of boards,
// and a frame of its own for each would be three allocations apiece.
func playsAcks(confirms []queuedPlays) []hub.Delivery {
	const ackBytes = 72 // a plays_ack with the longest int64
	buf := make([]byte, 0, ackBytes*len(confirms))
	parts := make([][]byte, len(confirms))
	ds := make([]hub.Delivery, len(confirms))
	for i, q := range confirms {
		start := len(buf)
		buf = protocol.AppendPlaysAck(buf, q.upTo)
		// Cut to its length: nothing appended later writes into it.
		parts[i] = buf[start:len(buf):len(buf)]
		ds[i] = hub.Delivery{BoardID: q.board, Frame: parts[i : i+1 : i+1]}
	}
	return ds
}
