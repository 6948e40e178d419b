package hub

import (
	"net/http"
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
	send    chan []byte
	since   time.Time
	// refusal carries the error frame the read pump wants sent before the
	// link closes; only the write pump writes to the connection.
	refusal chan []byte
	// writerDone is closed when the write pump ends, so the read pump
	// closes the connection only after the last frame (a refusal or the
	// close message) is written.
	writerDone chan struct{}
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:  4096,
	WriteBufferSize: 4096,
	// Players are programs, not browsers; they authenticate with a bearer
	// token, so a cross-origin page cannot ride on a cookie here.
	CheckOrigin: func(*http.Request) bool { return true },
}

// Serve upgrades an authenticated request to a board's link and sends
// first the frame the board must start from (its manifest). It returns
// once the link is set up; pumps run until the link ends.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, boardID int64, first []byte) error {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return err
	}
	c := &client{hub: h, boardID: boardID, link: h.nextLink.Add(1), conn: conn, send: make(chan []byte, sendBuffer), since: time.Now(), refusal: make(chan []byte, 1), writerDone: make(chan struct{})}
	c.send <- first
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
			upTo, err := c.hub.obs.Plays(c.boardID, msg.Plays)
			if err != nil {
				c.hub.log.Error("cannot store plays", "board", c.boardID, "err", err)
				continue // unconfirmed: the player sends them again later
			}
			frame, _ := Encode(protocol.NewPlaysAck(upTo))
			c.hub.Send(c.boardID, frame)
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

func (c *client) writeRefusal(frame []byte) {
	c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	c.conn.WriteMessage(websocket.TextMessage, frame)
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
			if err := c.conn.WriteMessage(websocket.TextMessage, frame); err != nil {
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
