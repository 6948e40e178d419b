package hub

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"codong/protocol"
)

// Timing of a link, after gorilla/websocket's chat example: the player
// must answer a ping within pongWait or the link is considered dead.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = pongWait * 9 / 10
	sendBuffer = 16
)

type client struct {
	hub     *Hub
	boardID int64
	link    uint64
	conn    *websocket.Conn
	send    chan Frame
	since   time.Time
	// refusal carries the error frame the read pump wants sent before the
	// link closes; only the write pump writes to the connection.
	refusal chan Frame
	// writerDone is closed when the write pump ends, so the read pump
	// closes the connection only after the last frame (a refusal or the
	// close message) is written.
	writerDone chan struct{}
}

// Buffers: an idle link must cost little, since a province has
// thousands. Reads are small (acks, statuses) but for a thumbnail now and
// then; write buffers are taken from a pool only while a frame is
// written, so an idle link holds none.
var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 4096,
	WriteBufferPool: &sync.Pool{},
	// Players are programs, not browsers; they authenticate with a bearer
	// token, so a cross-origin page cannot ride on a cookie here.
	CheckOrigin: func(*http.Request) bool { return true },
}

// Serve upgrades an authenticated request to a board's link and tells
// the Observer, which sends the board what it must start from (its
// manifest). It returns once the link is set up; pumps run until the
// link ends.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, boardID int64) error {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return err
	}
	c := &client{hub: h, boardID: boardID, link: h.nextLink.Add(1), conn: conn, send: make(chan Frame, sendBuffer), since: time.Now(), refusal: make(chan Frame, 1), writerDone: make(chan struct{})}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		conn.Close()
		return nil
	}
	h.running.Add(2)
	h.mu.Unlock()
	select {
	case h.register <- c:
	case <-h.done:
		h.running.Add(-2)
		conn.Close()
		return nil
	}
	h.obs.Connected(boardID, c.link)
	go c.writePump()
	go c.readPump()
	return nil
}

func (c *client) readPump() {
	defer c.hub.running.Done()
	defer func() {
		select {
		case c.hub.unregister <- c:
		case <-c.hub.done:
		}
		select {
		case <-c.writerDone:
		case <-time.After(writeWait):
		}
		c.conn.Close()
		c.hub.obs.Disconnected(c.boardID, c.link)
	}()
	c.conn.SetReadLimit(protocol.MaxMessageBytes)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.conn.SetReadDeadline(time.Now().Add(pongWait))
		msg, err := protocol.Decode(data)
		if err != nil {
			c.hub.log.Warn("bad frame from board", "board", c.boardID, "err", err)
			c.refuse("bad_message", err.Error())
			return
		}
		switch msg.Type {
		case protocol.TypeStatus:
			c.hub.obs.Status(c.boardID, msg.Status)
		case protocol.TypeAck:
			c.hub.obs.Ack(c.boardID, msg.Ack.Revision)
		case protocol.TypePlays:
			c.hub.obs.Plays(c.boardID, msg.Plays)
		case protocol.TypeError:
			c.hub.log.Warn("board reports an error", "board", c.boardID, "code", msg.Error.Code, "message", msg.Error.Message)
		default:
			c.refuse("unexpected_message", "bảng không được gửi tin nhắn loại "+msg.Type)
			return
		}
	}
}

// refuse asks the write pump to tell the player why its link is closing.
func (c *client) refuse(code, message string) {
	frame, _ := Encode(protocol.NewError(code, message))
	select {
	case c.refusal <- frame:
	default:
	}
}

func (c *client) writeRefusal(frame Frame) {
	c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	c.write(frame)
	c.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "refused"))
}

func (c *client) writePump() {
	ticker := time.NewTicker(pingPeriod)
	defer c.hub.running.Done()
	defer func() {
		ticker.Stop()
		close(c.writerDone)
		c.conn.Close()
	}()
	for {
		select {
		case frame, ok := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if !ok {
				select {
				case f := <-c.refusal:
					c.writeRefusal(f)
					return
				default:
				}
				c.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
				return
			}
			if err := c.write(frame); err != nil {
				return
			}
		case f := <-c.refusal:
			c.writeRefusal(f)
			return
		case <-ticker.C:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
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
