package netguard

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// Per-request deadlines, set by RequestDeadlines through
// http.ResponseController rather than as http.Server's ReadTimeout and
// WriteTimeout. Those are blanket limits on a whole request: a board on a
// poor mobile link downloading a large picture would be cut off at
// WriteTimeout however steadily it reads, and a deadline left on a
// connection when a websocket takes it over would end the link. Here a
// body must arrive within the body timeout, and a response must keep
// moving: each writeChunk of it gets WriteChunkTimeout, so a slow reader
// is served in full while one that stops reading is cut.
const (
	// DefaultBodyTimeout: the largest body the controller takes
	// (maxBodyBytes, 1 MB; real ones are a few kilobytes) arrives in
	// a minute at 16 KB/s, a poor 3G link. A body dribbled slower than
	// that is an attack holding a connection and a goroutine.
	DefaultBodyTimeout = 60 * time.Second
	// writeChunk and WriteChunkTimeout make the slowest reader served
	// about 1 KB/s, slower than any real link, and hold a stalled one
	// for at most half a minute.
	writeChunk        = 32 << 10
	WriteChunkTimeout = 30 * time.Second
)

// RequestDeadlines bounds how long a request's body may take to arrive
// and how long each part of its response may take to leave. A request
// without a body (every GET, every websocket upgrade) gets no read
// deadline: net/http reads ahead on such a connection to notice a client
// leaving, and a deadline there would cancel the request's context in
// the middle of a long handler; after a websocket upgrade the hub sets
// its own deadlines.
func RequestDeadlines(bodyTimeout, chunkTimeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			res, req := c.Response(), c.Request()
			rc := http.NewResponseController(res.Writer)
			if req.Body != nil && req.Body != http.NoBody {
				// Errors mean the writer cannot set deadlines (a test's
				// recorder); there is nothing to bound then.
				_ = rc.SetReadDeadline(time.Now().Add(bodyTimeout))
				req.Body = &deadlineBody{ReadCloser: req.Body, rc: rc}
			}
			// A deadline left by the connection's previous request must
			// not cut a handler that works long before it writes.
			_ = rc.SetWriteDeadline(time.Time{})
			res.Writer = &deadlineWriter{ResponseWriter: res.Writer, rc: rc, timeout: chunkTimeout}
			err := next(c)
			if !websocket.IsWebSocketUpgrade(req) {
				// What is still buffered leaves after the handler.
				_ = rc.SetWriteDeadline(time.Now().Add(chunkTimeout))
			}
			return err
		}
	}
}

// deadlineBody lifts the read deadline once the whole body has arrived,
// for the reason RequestDeadlines gives.
type deadlineBody struct {
	io.ReadCloser
	rc *http.ResponseController
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if errors.Is(err, io.EOF) {
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

// deadlineWriter writes in chunks, each with its own write deadline.
type deadlineWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

func (w *deadlineWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		n := min(len(p), writeChunk)
		_ = w.rc.SetWriteDeadline(time.Now().Add(w.timeout))
		m, err := w.ResponseWriter.Write(p[:n])
		written += m
		if err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

// Unwrap lets http.ResponseController reach the connection (flushing,
// hijacking for websockets, deadlines).
func (w *deadlineWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
