package controller

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// hangGuard bounds how long a test waits on a server that might never
// answer: far beyond the timeouts under test, so it is no measure of
// speed, only a way for a broken server to fail instead of hang.
const hangGuard = 30 * time.Second

// TestSlowBodyIsCut sends a request whose body stops coming: the server
// gives up after BodyTimeout and closes the connection, while a body that
// arrives is served.
func TestSlowBodyIsCut(t *testing.T) {
	h := newLimitedHarness(t, Config{BodyTimeout: 100 * time.Millisecond}, false)
	tests := []struct {
		name, body string
		status     string // the response's status line
	}{
		{"body in time", `{"width":1920,"height":1080}`, "HTTP/1.1 201 Created"},
		{"body stalls", `{"width":`, "HTTP/1.1 400 Bad Request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", h.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(hangGuard))
			// Content-Length promises exactly the whole body.
			whole := `{"width":1920,"height":1080}`
			io.WriteString(c, "POST /api/v1/pair HTTP/1.1\r\nHost: codong\r\nAuthorization: Bearer cdb_"+strings.Repeat("d", 44)+
				"\r\nContent-Type: application/json\r\nContent-Length: "+strconv.Itoa(len(whole))+"\r\n\r\n"+tc.body)
			status, err := bufio.NewReader(c).ReadString('\n')
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			if strings.TrimSpace(status) != tc.status {
				t.Errorf("answered %q, want %q", status, tc.status)
			}
			if tc.body != whole {
				if _, err := io.ReadAll(c); errors.Is(err, os.ErrDeadlineExceeded) {
					t.Error("the connection of a stalled body was kept open")
				}
			}
		})
	}
}

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
			e.Pre(requestDeadlines(timeout, timeout))
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
