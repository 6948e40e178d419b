package controller

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
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
