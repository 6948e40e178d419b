package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const callWait = 15 * time.Second // any single protocol call

// conn is the DevTools websocket: commands out, and replies and the
// page's events in, read by one goroutine.
type conn struct {
	ws      *websocket.Conn
	onEvent func(message) // the page's events, called with no lock held

	writeMu sync.Mutex
	mu      sync.Mutex // guards the fields below
	session string     // the page's flat session id
	nextID  int64
	pending map[int64]chan message
	waiters map[string][]chan struct{}

	readDone chan struct{}
}

type message struct {
	ID        int64           `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func newConn(ws *websocket.Conn, onEvent func(message)) *conn {
	c := &conn{ws: ws, onEvent: onEvent, pending: map[int64]chan message{},
		waiters: map[string][]chan struct{}{}, readDone: make(chan struct{})}
	go c.readLoop()
	return c
}

func (c *conn) close() {
	c.ws.Close()
	<-c.readDone
}

// attach takes the browser's first page, or opens one, and turns on the
// events tests wait for and the console.
func (c *conn) attach() error {
	var targets struct {
		TargetInfos []struct {
			TargetID string `json:"targetId"`
			Type     string `json:"type"`
		} `json:"targetInfos"`
	}
	if err := c.send("", "Target.getTargets", nil, &targets); err != nil {
		return err
	}
	id := ""
	for _, ti := range targets.TargetInfos {
		if ti.Type == "page" {
			id = ti.TargetID
			break
		}
	}
	if id == "" { // the blank page may not be up yet: open our own
		var created struct {
			TargetID string `json:"targetId"`
		}
		if err := c.send("", "Target.createTarget", map[string]any{"url": "about:blank"}, &created); err != nil {
			return err
		}
		id = created.TargetID
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := c.send("", "Target.attachToTarget", map[string]any{"targetId": id, "flatten": true}, &att); err != nil {
		return err
	}
	c.mu.Lock()
	c.session = att.SessionID // read by readLoop to route events
	c.mu.Unlock()
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if err := c.call(domain, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// call sends a command to the page.
func (c *conn) call(method string, params, out any) error {
	c.mu.Lock()
	session := c.session
	c.mu.Unlock()
	return c.send(session, method, params, out)
}

// send sends one command to a session ("" is the browser) and waits,
// bounded by callWait, for its reply, which it decodes into out.
func (c *conn) send(session, method string, params, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), callWait)
	defer cancel()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	reply := make(chan message, 1)
	c.pending[id] = reply
	c.mu.Unlock()
	defer func() { c.mu.Lock(); delete(c.pending, id); c.mu.Unlock() }()

	msg := map[string]any{"id": id, "method": method}
	if session != "" {
		msg["sessionId"] = session
	}
	if params != nil {
		msg["params"] = params
	}
	c.writeMu.Lock()
	c.ws.SetWriteDeadline(time.Now().Add(callWait))
	err := c.ws.WriteJSON(msg)
	c.writeMu.Unlock()
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-reply:
		if m.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-c.readDone:
		return fmt.Errorf("%s: connection to the browser closed", method)
	case <-ctx.Done():
		return fmt.Errorf("%s: no reply within %v", method, callWait)
	}
}

func (c *conn) readLoop() {
	defer close(c.readDone)
	for {
		var m message
		if err := c.ws.ReadJSON(&m); err != nil {
			return
		}
		c.mu.Lock()
		if m.ID != 0 {
			if ch, ok := c.pending[m.ID]; ok {
				ch <- m
			}
			c.mu.Unlock()
			continue
		}
		page := c.session != "" && m.SessionID == c.session
		if page {
			for _, ch := range c.waiters[m.Method] {
				close(ch)
			}
			delete(c.waiters, m.Method)
		}
		c.mu.Unlock()
		if page {
			c.onEvent(m)
		}
	}
}

// expect returns a channel closed at the page's next event named method;
// ask for it before doing what causes the event.
func (c *conn) expect(method string) <-chan struct{} {
	ch := make(chan struct{})
	c.mu.Lock()
	c.waiters[method] = append(c.waiters[method], ch)
	c.mu.Unlock()
	return ch
}
