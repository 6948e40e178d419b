package hub

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// Timing of a link, after gorilla/websocket's chat example: the player
// must answer a ping within pongWait or the link is considered dead.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = pongWait * 9 / 10
	// pingSlots spreads the pings over the period: each tick pings the
	// links of one slot, so ten thousand boards are not pinged at once.
	pingSlots = 54
	// sendBuffer is how many frames may wait for a board; a board that
	// lets more pile up is dropped and gets its whole state on reconnect.
	sendBuffer = 16
	// maxWriters bounds the links written at once. A board that stopped
	// reading holds a writer for writeWait at most.
	maxWriters = 128
	// maxBoardFrame bounds a frame from a board, well under the
	// protocol's 8 MiB (which is sized for manifests, controller to
	// board): the largest a player sends is a plays message of 500
	// records whose titles (still sent, though ignored) json.Marshal
	// writes in at most 2,400 bytes each, about 1.4 MB; a status with
	// its 64 KiB thumbnail (protocol 2.1) is under 100 KB, a binary
	// screenshot frame (2.2) at most 4 KiB of head and 64 KiB of PNG.
	// A binary frame may be larger: a remote care answer (2.6) carries
	// a full-size screenshot, up to protocol.MaxCareFrameBytes; the
	// limit is raised for binary frames only, and only a care request
	// open on the link is answered by one (the fleet refuses others).
	maxBoardFrame = 2 << 20
	// maxReported bounds what of a board's own text (a decoding error
	// quoting it, an unknown type) is logged or sent back.
	maxReported = 200
)

// client is one board's link. It has one goroutine of its own, the read
// pump. Frames are written by a goroutine started only while there is
// something to write, so an idle link costs no writer goroutine (a
// province has thousands of idle links); pings are written by the hub's
// pinger.
type client struct {
	hub     *Hub
	boardID int64
	link    uint64
	conn    *websocket.Conn
	since   time.Time

	mu      sync.Mutex
	queue   []Frame
	writing bool // a writer goroutine is running
	closing bool // write what is queued, then close
	// refused: the controller ended the link (a refusal, a board too
	// slow); nothing more read from it counts.
	refused bool
	refusal Frame
	// limited bounds the frame being read; the read pump's alone.
	limited io.LimitedReader
	// done is closed once the connection is closed for writing, so the
	// read pump ends the link only after the last frame (a refusal or the
	// close message) is out.
	done chan struct{}
}

// Buffers: an idle link must cost little. Reads are small (acks,
// statuses) but for a thumbnail now and then; write buffers are taken
// from a pool only while a frame is written, so an idle link holds none,
// and are large enough that a manifest usually leaves in one write.
var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 8192,
	WriteBufferPool: &sync.Pool{},
	// Players are programs, not browsers; they authenticate with a bearer
	// token, so a cross-origin page cannot ride on a cookie here.
	CheckOrigin: func(*http.Request) bool { return true },
}

// Serve upgrades an authenticated request to a board's link and tells
// the Observer, which sends the board what it must start from (its
// manifest). It returns once the link is set up; the read pump runs
// until the link ends.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, boardID int64) error {
	// The answer announces the protocol level, so that a player sends
	// the frames of 2.1 (tampered) only to a controller that knows them.
	conn, err := upgrader.Upgrade(w, r, http.Header{protocol.LevelHeader: {protocol.Level}})
	if err != nil {
		return err
	}
	c := &client{hub: h, boardID: boardID, link: h.nextLink.Add(1), conn: conn, since: time.Now(), done: make(chan struct{})}
	addr := r.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		conn.Close()
		return nil
	}
	h.running.Add(1)
	h.mu.Unlock()
	select {
	case h.register <- c:
	case <-h.done:
		h.running.Done()
		conn.Close()
		return nil
	}
	h.obs.Connected(boardID, c.link, addr, clip(r.Header.Get(protocol.LevelHeader)))
	go c.readPump()
	return nil
}

// enqueue adds a frame to write; false means the board is too slow (its
// queue is full) and must be dropped.
func (c *client) enqueue(f Frame) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return true
	}
	if len(c.queue) >= sendBuffer {
		return false
	}
	c.queue = append(c.queue, f)
	c.startWriter()
	return true
}

// shut ends the link: what is queued is written (or, with a refusal,
// only the refusal), then the close message, then the connection closes.
func (c *client) shut(refusal Frame) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return
	}
	c.closing = true
	if refusal != nil {
		c.refusal, c.queue, c.refused = refusal, nil, true
	}
	c.startWriter()
}

// drop ends a link at once, what is queued unwritten: the board is not
// reading (its queue overflowed), so nothing more would get through, and
// it will reconnect and receive its whole state.
func (c *client) drop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closing, c.queue, c.refusal, c.refused = true, nil, nil, true
	c.conn.Close() // a write under way fails now
	c.startWriter()
}

func (c *client) startWriter() {
	if !c.writing {
		c.writing = true
		go c.writeQueued()
	}
}

// writeQueued writes until the queue is empty, then ends; on a closing
// link it writes the close message and closes the connection. At most
// maxWriters links write at once: a fan-out to ten thousand boards then
// holds that many write buffers, not ten thousand.
func (c *client) writeQueued() {
	c.hub.writers <- struct{}{}
	defer func() { <-c.hub.writers }()
	broken := false
	for {
		c.mu.Lock()
		q := c.queue
		c.queue = nil
		if len(q) == 0 {
			if !c.closing {
				c.writing = false
				c.mu.Unlock()
				return
			}
			refusal := c.refusal
			c.mu.Unlock()
			if !broken {
				c.writeClose(refusal)
			}
			c.conn.Close()
			close(c.done)
			return
		}
		c.mu.Unlock()
		for _, f := range q {
			if broken {
				break
			}
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.write(f); err != nil {
				// The read pump sees the connection fail and ends the link.
				broken = true
				c.conn.Close()
			}
		}
	}
}

func (c *client) writeClose(refusal Frame) {
	c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	if refusal != nil {
		c.write(refusal)
		c.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "refused"))
		return
	}
	c.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
}

// write sends a frame's parts as one text message.
func (c *client) write(f Frame) error {
	w, err := c.conn.NextWriter(websocket.TextMessage)
	if err != nil {
		return err
	}
	for _, p := range f {
		if _, err := w.Write(p); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

// ping is written by the hub's pinger; gorilla allows control frames
// beside a running writer. A board that cannot take a ping within
// writeWait is gone.
func (c *client) ping() {
	if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil && err != websocket.ErrCloseSent {
		c.conn.Close()
	}
}

func (c *client) readPump() {
	defer c.hub.running.Done()
	defer func() {
		select {
		case c.hub.unregister <- c:
		case <-c.hub.done:
		}
		c.shut(nil)
		select {
		case <-c.done:
		case <-time.After(writeWait):
		}
		c.conn.Close()
		c.hub.obs.Disconnected(c.boardID, c.link)
	}()
	c.conn.SetReadLimit(int64(protocol.MaxCareFrameBytes))
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	// The pump only reads; decoding and the Observer run on the hub's
	// workers. A pump's stack so stays small (JSON decoding is deep, and
	// a goroutine keeps the stack it once grew until the GC shrinks it),
	// and a province's idle links cost little memory.
	inbox := c.hub.inbox[c.link%uint64(len(c.hub.inbox))]
	for {
		kind, r, err := c.conn.NextReader()
		if err != nil {
			return
		}
		// Read into a pooled buffer, not a new slice per frame: ten
		// thousand boards answer every switch, and what a frame allocates
		// the GC pays for again.
		buf := frames.get()
		limit := int64(maxBoardFrame)
		if kind == websocket.BinaryMessage {
			limit = int64(protocol.MaxCareFrameBytes)
		}
		// The client's own reader, not io.LimitReader's new one: a
		// frame read costs no allocation.
		c.limited = io.LimitedReader{R: r, N: limit + 1}
		n, err := buf.ReadFrom(&c.limited)
		c.limited.R = nil
		if err == nil && n > limit {
			// As the websocket library does past its own read limit.
			c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseMessageTooBig, ""), time.Now().Add(writeWait))
			err = websocket.ErrReadLimit
		}
		if err != nil {
			frames.put(buf)
			return
		}
		c.conn.SetReadDeadline(time.Now().Add(pongWait))
		// Acknowledgements are what the operator waits for after a
		// switch: they do not queue behind other boards' reports. A text
		// frame may be a batch (protocol 2.3): its acks are taken here,
		// the rest goes to a worker, in order.
		if kind == websocket.TextMessage {
			rest, ok := c.takeAcks(buf.Bytes())
			if !ok {
				frames.put(buf)
				continue // refused: the link is closing
			}
			if !rest {
				frames.put(buf)
				continue
			}
		}
		select {
		case inbox <- inbound{c, buf, kind == websocket.BinaryMessage}:
		case <-c.hub.done:
			frames.put(buf)
			return
		}
	}
}

// takeAcks answers the acknowledgements of a text frame, a batch of one
// or more messages; rest tells whether it holds other messages for a
// worker. ok is false for a batch refused as a whole.
func (c *client) takeAcks(frame []byte) (rest, ok bool) {
	var split [protocol.MaxBatchMessages][]byte
	lines, err := protocol.BatchLines(frame, split[:0])
	if err != nil {
		c.refuse(Refusal{Code: "bad_message", Message: clip(err.Error())})
		return false, false
	}
	for _, line := range lines {
		if rev, isAck := protocol.ParseAck(line); isAck {
			c.answer(c.hub.obs.Ack(c.boardID, c.link, rev))
		} else {
			rest = true
		}
	}
	return rest, true
}

// inbound is a frame read from a board, for a worker to handle; the
// worker gives its buffer back.
type inbound struct {
	c      *client
	buf    *bytes.Buffer
	binary bool
}

// frames are the buffers frames from boards are read into. A buffer
// grown past keepFrameBuffer (a backlog of plays after an outage) is
// left to the GC rather than pinned in the pool.
var frames = framePool{keep: keepFrameBuffer}

const keepFrameBuffer = 64 << 10

type framePool struct {
	pool sync.Pool
	keep int
}

func (p *framePool) get() *bytes.Buffer {
	if b, ok := p.pool.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func (p *framePool) put(b *bytes.Buffer) {
	if b.Cap() > p.keep {
		return
	}
	b.Reset()
	p.pool.Put(b)
}

// handle decodes a frame from a board and tells the Observer. The frames
// of one board are handled by one worker, in order. data is the read
// buffer, reused once this returns: nothing the Observer keeps may point
// into it (Decode copies what it gives; a screenshot's picture is copied
// by the Observer).
func (c *client) handle(data []byte, binary bool) {
	if binary {
		c.handleOne(data, true)
		return
	}
	// A batch was split and its acks answered by the read pump already.
	var split [protocol.MaxBatchMessages][]byte
	lines, err := protocol.BatchLines(data, split[:0])
	if err != nil {
		return // refused by the read pump
	}
	for _, line := range lines {
		if _, isAck := protocol.ParseAck(line); !isAck {
			c.handleOne(line, false)
		}
	}
}

// handleOne decodes one message from a board and tells the Observer.
func (c *client) handleOne(data []byte, binary bool) {
	c.mu.Lock()
	closing, refused := c.closing, c.refused
	c.mu.Unlock()
	if refused {
		return // refused already: nothing more from this link counts
	}
	var msg protocol.Message
	var raw []byte
	var err error
	if binary {
		msg, raw, err = protocol.DecodeBinary(data)
	} else {
		msg, err = protocol.Decode(data)
	}
	if closing && (err != nil || msg.Type != protocol.TypeTampered && msg.Type != protocol.TypeCare) {
		// The board has left. A report of tampering it sent just before
		// leaving (it ends a link whose manifest it refused) still counts.
		return
	}
	if err != nil {
		c.refuse(Refusal{Code: "bad_message", Message: clip(err.Error())})
		return
	}
	obs := c.hub.obs
	switch msg.Type {
	case protocol.TypeStatus:
		c.answer(obs.Status(c.boardID, c.link, msg.Status))
	case protocol.TypeAck:
		c.answer(obs.Ack(c.boardID, c.link, msg.Ack.Revision))
	case protocol.TypePlays:
		c.answer(obs.Plays(c.boardID, c.link, msg.Plays))
	case protocol.TypeError:
		c.answer(obs.Error(c.boardID, c.link, msg.Error))
	case protocol.TypeTampered:
		c.answer(obs.Tampered(c.boardID, c.link, msg.Tampered))
	case protocol.TypeScreenshot:
		c.answer(obs.Screenshot(c.boardID, c.link, msg.Screenshot, raw))
	case protocol.TypeCare:
		c.answer(obs.CareAnswered(c.boardID, c.link, msg.Care, raw))
	default:
		c.refuse(Refusal{Code: "unexpected_message", Message: "bảng không được gửi tin nhắn loại " + clip(msg.Type)})
	}
}

// answer sends the board an Observer's refusal, if any: an error frame,
// then the link closes if the refusal says so. The frame is not waited
// for: a board too slow to take it is dropped.
func (c *client) answer(r *Refusal) {
	if r == nil {
		return
	}
	frame, _ := Encode(protocol.NewError(r.Code, r.Message))
	if r.Close {
		c.shut(frame)
	} else if !c.enqueue(frame) {
		c.drop()
	}
}

// refuse closes the link for a frame the hub cannot take, and tells the
// Observer, which flags the board.
func (c *client) refuse(r Refusal) {
	r.Close = true
	c.hub.log.Warn("board frame refused, closing its link", "board", c.boardID, "code", r.Code, "err", r.Message)
	c.hub.obs.Refused(c.boardID, c.link, r)
	c.answer(&r)
}

// clip cuts a board's own text to maxReported characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxReported {
		return s
	}
	return string([]rune(s)[:maxReported]) + "…"
}
