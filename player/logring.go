package player

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"unicode/utf8"

	"codong/protocol"
)

// logRing keeps the player's last log lines as it writes them, for the
// controller's remote care (protocol 2.6): a board kilometres away has
// no one to read its console. Each line is cut to
// protocol.MaxCareLogLineBytes, at most protocol.MaxCareLogLines are
// kept, so the ring holds at most about 512 KB however long the player
// runs.
type logRing struct {
	mu    sync.Mutex
	lines [protocol.MaxCareLogLines][]byte
	next  int // where the next line goes
	full  bool
}

// Write takes what a slog text handler writes, one record per call;
// a record's own line breaks are already escaped by the handler, but
// anything written is split at newlines all the same.
func (r *logRing) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for rest := bytes.TrimSuffix(p, []byte("\n")); ; {
		line, after, more := bytes.Cut(rest, []byte("\n"))
		r.add(line)
		if !more {
			break
		}
		rest = after
	}
	return len(p), nil
}

// add keeps one line, cut on a rune boundary. Called with r.mu held.
func (r *logRing) add(line []byte) {
	if len(line) > protocol.MaxCareLogLineBytes {
		cut := protocol.MaxCareLogLineBytes
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		line = line[:cut]
	}
	line = bytes.ToValidUTF8(line, []byte("?"))
	if len(line) > protocol.MaxCareLogLineBytes {
		line = line[:0] // a line of invalid bytes only; no text lost worth keeping
	}
	r.lines[r.next] = append(r.lines[r.next][:0], line...)
	r.next = (r.next + 1) % len(r.lines)
	if r.next == 0 {
		r.full = true
	}
}

// text is the kept lines, oldest first, each ended by a newline: what
// protocol.CheckLogLines accepts.
func (r *logRing) text() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []byte
	start, n := 0, r.next
	if r.full {
		start, n = r.next, len(r.lines)
	}
	for i := range n {
		out = append(out, r.lines[(start+i)%len(r.lines)]...)
		out = append(out, '\n')
	}
	return out
}

// teeHandler sends each record to the player's own handler and, as a
// text line at Info and above, to the ring.
type teeHandler struct {
	main, ring slog.Handler
}

// withRing is log whose records are also kept in ring.
func withRing(log *slog.Logger, ring *logRing) *slog.Logger {
	return slog.New(teeHandler{main: log.Handler(), ring: slog.NewTextHandler(ring, &slog.HandlerOptions{Level: slog.LevelInfo})})
}

func (h teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.main.Enabled(ctx, l) || h.ring.Enabled(ctx, l)
}

func (h teeHandler) Handle(ctx context.Context, rec slog.Record) error {
	if h.ring.Enabled(ctx, rec.Level) {
		h.ring.Handle(ctx, rec.Clone())
	}
	if h.main.Enabled(ctx, rec.Level) {
		return h.main.Handle(ctx, rec)
	}
	return nil
}

func (h teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return teeHandler{main: h.main.WithAttrs(as), ring: h.ring.WithAttrs(as)}
}

func (h teeHandler) WithGroup(name string) slog.Handler {
	return teeHandler{main: h.main.WithGroup(name), ring: h.ring.WithGroup(name)}
}
