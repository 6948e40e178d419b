package netguard

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// hangGuard bounds how long a test waits on a connection that might
// never answer.
const hangGuard = 30 * time.Second

// TestResponsesMustKeepMoving serves a large response to a reader that
// stops, which is cut, and to one that reads slowly with pauses longer in
// all than the timeout but each shorter, which is served in full.
func TestResponsesMustKeepMoving(t *testing.T) {
	const size, timeout = 64 << 20, time.Second
	big := make([]byte, size)
	tests := []struct {
		name     string
		read     func(io.Reader) (int64, error)
		complete bool
	}{
		{"reader stops", func(io.Reader) (int64, error) { return 0, nil }, false},
		{"slow reader keeps reading", func(r io.Reader) (int64, error) {
			var n int64
			for {
				m, err := io.CopyN(io.Discard, r, size/8)
				n += m
				if err != nil {
					return n, err
				}
				time.Sleep(timeout / 5)
			}
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			written := make(chan error, 1)
			e := echo.New()
			e.Pre(RequestDeadlines(timeout, timeout))
			e.GET("/big", func(c echo.Context) error {
				_, err := c.Response().Write(big)
				written <- err
				return nil
			})
			srv := httptest.NewServer(e)
			defer srv.Close()
			c, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(hangGuard))
			io.WriteString(c, "GET /big HTTP/1.1\r\nHost: codong\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := tc.read(resp.Body)
			select {
			case err := <-written:
				if tc.complete && (err != nil || n != size) {
					t.Errorf("slow reader got %d of %d bytes, server: %v", n, size, err)
				}
				if !tc.complete && !errors.Is(err, os.ErrDeadlineExceeded) {
					t.Errorf("writing to a reader that stopped: %v, want a deadline error", err)
				}
			case <-time.After(hangGuard):
				t.Fatal("the write never ended")
			}
		})
	}
}
