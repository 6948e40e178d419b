package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"codong/controller"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/protocol"
)

// startController runs a real controller on a temporary data directory,
// served on a loopback port, and returns its URL, a token of the editor,
// operator and admin, and a second person's approver token, both made
// the way `codong token create` makes it.
func startController(t *testing.T) (*url.URL, string, string) {
	t.Helper()
	c := newTestController(t, t.TempDir(), "")
	return c.serve(t, nil), c.token, c.approver
}

// testController is a real controller not yet listening: a test serves
// its handler on one or more loopback ports.
type testController struct {
	handler         http.Handler
	data            string
	token, approver string
}

// newTestController starts a controller on data, and on the PostgreSQL
// database db ("" for SQLite in data), and makes its tokens unless the
// database already has them (tokens are the installation's, not one
// controller's).
func newTestController(t *testing.T, data, db string) *testController {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	// The controller's publisher may log once more after it is stopped
	// (it is not waited for); such a line must not reach a finished test.
	logs := &gatedWriter{w: testWriter{t}}
	t.Cleanup(func() { logs.closed.Store(true) })
	s, err := controller.New(ctx, controller.Config{
		DataDir:            data,
		Database:           db,
		AdminPassword:      "mật khẩu thử nghiệm đủ dài",
		PasswordIterations: 1000,
		Logger:             slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Announce:           func(string) {},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start(ctx)
	// Registered first, so it runs after every server is closed.
	t.Cleanup(func() { cancel(); s.Close() })
	st, err := controller.OpenStore(ctx, data, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	actor := store.Actor{Key: "cli", Name: "thử nghiệm", Roles: store.AllRoles}
	c := &testController{handler: s.Handler(), data: data}
	if c.token, _, err = staff.CreateAPIToken(ctx, st, actor, "thử tải", "admin,editor,operator", 0); err != nil {
		t.Fatal(err)
	}
	if c.approver, _, err = staff.CreateAPIToken(ctx, st, actor, "thử tải, duyệt", "approver", 0); err != nil {
		t.Fatal(err)
	}
	return c
}

// serve listens on a new loopback port; wrap (if not nil) sees every
// request first.
func (c *testController) serve(t *testing.T, wrap func(http.Handler) http.Handler) *url.URL {
	t.Helper()
	h := c.handler
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	u, _ := url.Parse(srv.URL)
	return u
}

type testWriter struct{ t *testing.T }

type gatedWriter struct {
	w      io.Writer
	closed atomic.Bool
}

func (g *gatedWriter) Write(p []byte) (int, error) {
	if g.closed.Load() {
		return len(p), nil
	}
	return g.w.Write(p)
}

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestRunAllPhases runs the harness core against a real controller with a
// small fleet through every phase. It checks what a run must deliver,
// never how fast: speed figures belong in benchmarks and by-hand runs.
func TestRunAllPhases(t *testing.T) {
	tests := []struct {
		name    string
		light   bool
		sources int
		level   string
		repeat  int
	}{
		{"realistic", false, 0, "", 1},
		{"realistic, players of 2.1", false, 0, "2.1", 1},
		{"realistic, players of 2.3", false, 0, "2.3", 1},
		{"light from three source addresses, switching twice", true, 3, "", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, token, approver := startController(t)
			const boards = 20
			sizes, _ := parseSizes("384x128,192x64")
			cfg := Config{
				Controller: u, Token: token, ApproverToken: approver, Boards: boards, Light: tc.light, Sources: tc.sources, Level: tc.level, Repeat: tc.repeat, Sizes: sizes, Groups: 3, Warm: true,
				Settle: 200 * time.Millisecond, IdleWindow: time.Second, PlaysGrace: 5 * time.Second,
				Timeout: 50 * time.Second, PhaseTimeout: 30 * time.Second, Progress: testWriter{t},
			}
			rep, err := run(context.Background(), cfg)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			var table bytes.Buffer
			rep.write(&table)
			t.Log(table.String())
			if !strings.Contains(table.String(), "CPU mỗi giai đoạn") {
				t.Error("the table for people has no CPU per phase")
			}
			if tc.sources > 0 && rep.Sources != tc.sources {
				t.Errorf("%d source addresses, want %d", rep.Sources, tc.sources)
			}
			checkReport(t, rep, boards, tc.light, tc.repeat)
			checkControllerEmpty(t, u, token)
		})
	}
}

func checkReport(t *testing.T, rep *Report, boards int, light bool, repeat int) {
	t.Helper()
	if rep.PID != os.Getpid() {
		t.Errorf("controller pid %d, want this process %d (found from its port)", rep.PID, os.Getpid())
	}
	if p := rep.Provision; p == nil || p.CreateMs <= 0 || p.ConnectMs <= 0 || p.FleetPoll.N == 0 || p.Ack.N != boards || p.RSSBeforeKB <= 0 || p.PeakRSSKB <= 0 {
		t.Errorf("provisioning figures missing: %+v", p)
	}
	if p := rep.Provision; p == nil || p.Cost == nil || !p.Cost.ControllerMeasured {
		t.Errorf("connecting's cost missing: %+v", p)
	}
	if i := rep.Idle; i == nil || i.Cost == nil || !i.Measured || i.RSSIdleKB <= 0 || i.RSSBeforeKB <= 0 || i.WindowSeconds <= 0 {
		t.Errorf("idle figures missing: %+v", i)
	}
	var ids []string
	for _, c := range rep.Changes {
		ids = append(ids, c.ID)
		if c.Acked != boards || c.Manifest.N != boards || c.Ack.N != boards {
			t.Errorf("%s: %d acked, %d manifests, %d acks measured; want %d each", c.ID, c.Acked, c.Manifest.N, c.Ack.N, boards)
		}
		if c.FleetMs <= 0 || c.FleetPoll.N == 0 || c.Manifest.MaxMs <= 0 || c.Ack.MaxMs <= 0 || c.Healthz.Samples == 0 || c.PeakRSSKB <= 0 || c.Revision == 0 {
			t.Errorf("%s: figures missing: %+v", c.ID, c)
		}
		if c.Cost == nil || !c.Cost.ControllerMeasured || c.Cost.Seconds <= 0 || c.Cost.HarnessCPUSeconds < 0 || c.LinkFailures != 0 {
			t.Errorf("%s: cost %+v, %d link failures; want the CPU measured and no link refused", c.ID, c.Cost, c.LinkFailures)
		}
		if c.ID != "storm" && (c.Request == nil || c.Request.Status != http.StatusOK || c.Request.Ms <= 0) {
			t.Errorf("%s: request %+v, want 200 with its latency", c.ID, c.Request)
		}
	}
	var want []string
	for range repeat {
		want = append(want, "switch", "schedule")
	}
	if want = append(want, "edit", "restore", "storm"); !slices.Equal(ids, want) {
		t.Errorf("changes measured %v, want %v", ids, want)
	}
	if len(rep.Requests.Refused) != 0 || rep.Requests.Total == 0 {
		t.Errorf("requests: %d, refused %+v; want none refused", rep.Requests.Total, rep.Requests.Refused)
	}
	if rep.Healthz.Samples == 0 || rep.Healthz.Non200 != 0 {
		t.Errorf("/healthz: %+v", rep.Healthz)
	}
	if len(rep.BoardProblems) != 0 || len(rep.Notes) != 0 || rep.Error != "" {
		t.Errorf("problems %v, notes %v, error %q", rep.BoardProblems, rep.Notes, rep.Error)
	}
	if rep.Deleted != boards {
		t.Errorf("deleted %d boards, want %d", rep.Deleted, boards)
	}
	checkTelemetry(t, rep.Telemetry, light)
}

func checkTelemetry(t *testing.T, tm telemetry, light bool) {
	t.Helper()
	if tm.Manifests == 0 || tm.Acks != tm.Manifests {
		t.Errorf("%d manifests received, %d acknowledged; want every one acknowledged", tm.Manifests, tm.Acks)
	}
	if light {
		if tm.Statuses != 0 || tm.PlaysSent != 0 || tm.Fetches != 0 {
			t.Errorf("a light board sent statuses, plays or fetched: %+v", tm)
		}
		return
	}
	if tm.Statuses == 0 || tm.Fetches == 0 || tm.PlaysRecorded == 0 {
		t.Errorf("realistic boards sent no status, fetched nothing or played nothing: %+v", tm)
	}
	if tm.PlaysUnconfirmed != 0 || tm.PlaysConfirmed != tm.PlaysRecorded {
		t.Errorf("plays: %d recorded, %d confirmed, %d unconfirmed; want all confirmed", tm.PlaysRecorded, tm.PlaysConfirmed, tm.PlaysUnconfirmed)
	}
}

// checkControllerEmpty asks the controller itself that the harness's
// boards are gone.
func checkControllerEmpty(t *testing.T, u *url.URL, token string) {
	t.Helper()
	f, err := newAPI(u.String(), token).fleet(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if f.Boards != 0 {
		t.Errorf("controller still has %d boards after the run", f.Boards)
	}
}

func TestLoopbackOnly(t *testing.T) {
	tests := []struct {
		name, url string
		ok        bool
	}{
		{"IPv4 loopback", "http://127.0.0.1:8080", true},
		{"other IPv4 loopback", "http://127.0.0.9:8080", true},
		{"IPv6 loopback", "http://[::1]:8080", true},
		{"localhost", "http://localhost:8080", true},
		{"private network", "http://192.168.1.10:8080", false},
		{"documentation address", "http://192.0.2.1", false},
		{"any address", "http://0.0.0.0:8080", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, _ := url.Parse(tc.url)
			_, err := loopbackTarget(context.Background(), u)
			if (err == nil) != tc.ok {
				t.Errorf("loopbackTarget(%s) = %v, want ok %v", tc.url, err, tc.ok)
			}
		})
	}
}

func TestCommandLine(t *testing.T) {
	t.Setenv("CODONG_TOKEN", "")
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"not loopback", []string{"-controller", "http://192.0.2.1:8080", "-token", "cda_x", "-timeout", "5s"}, exitUsage, "loopback"},
		{"no token", []string{"-controller", "http://127.0.0.1:1"}, exitUsage, "thiếu mã truy cập"},
		{"bad size", []string{"-token", "cda_x", "-sizes", "384"}, exitUsage, "kích thước"},
		{"bad phase", []string{"-token", "cda_x", "-phases", "ngủ"}, exitUsage, "giai đoạn"},
		{"repeat without the return", []string{"-token", "cda_x", "-phases", "switch", "-repeat", "3"}, exitUsage, "-repeat cần cả hai giai đoạn"},
		{"bad level", []string{"-token", "cda_x", "-level", "3.0"}, exitUsage, "mức giao thức “3.0” không có"},
		{"controller down", []string{"-controller", "http://127.0.0.1:1", "-token", "cda_x"}, exitFailed, "không kết nối được"},
		{"help", []string{"-h"}, exitOK, "(mặc định: 1000)"},
		{"unknown flag", []string{"-bảng", "3"}, exitUsage, "không có cờ -bảng"},
		{"bad number", []string{"-boards", "nhiều"}, exitUsage, "giá trị \"nhiều\" của cờ -boards không hợp lệ"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runMain(tc.args, &stdout, &stderr); code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			// Asked-for help goes to stdout; errors go to stderr.
			said, silent := &stderr, &stdout
			if tc.code == exitOK {
				said, silent = &stdout, &stderr
			}
			if !strings.Contains(said.String(), tc.says) {
				t.Errorf("%q does not say %q", said.String(), tc.says)
			}
			if silent.Len() > 0 && tc.code != exitFailed {
				t.Errorf("unexpected output %q", silent.String())
			}
		})
	}
}

func TestParsePhases(t *testing.T) {
	tests := []struct {
		in   string
		want []phase
	}{
		{"all", []phase{phaseProvision, phaseIdle, phaseSwitch, phaseSchedule, phaseEdit, phaseStorm}},
		{"switch, edit", []phase{phaseSwitch, phaseEdit}},
		{"3,6", []phase{phaseSwitch, phaseStorm}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parsePhases(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			var list []phase
			for p := range got {
				list = append(list, p)
			}
			slices.Sort(list)
			if !slices.Equal(list, tc.want) {
				t.Errorf("parsePhases(%q) = %v, want %v", tc.in, list, tc.want)
			}
		})
	}
}

func TestVietnameseNumbers(t *testing.T) {
	tests := []struct{ got, want string }{
		{fmtInt(1234567), "1.234.567"},
		{fmtInt(-1000), "-1.000"},
		{fmtFloat(52.84, 1), "52,8"},
		{fmtFloat(1234.5, 1), "1.234,5"},
		{fmtMs(4.25), "4,2 ms"},
		{fmtMs(120.4), "120 ms"},
		{fmtMs(1250), "1,25 s"},
		{fmtMs(5000), "5 s"},
		{fmtMs(125000), "2 phút 05 giây"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestJSONReport(t *testing.T) {
	rep := &Report{Boards: 3, Changes: []*changeResult{{ID: "switch", Acked: 3}}}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := rep.writeJSON(path, nil); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	var back Report
	if err := json.Unmarshal(data, &back); err != nil || back.Changes[0].Acked != 3 {
		t.Errorf("report does not read back: %v %s", err, data)
	}
}

// TestGivesUpWhenNoBoardProgresses runs the harness against a controller
// that speaks another protocol version: the run must end by itself, soon,
// naming the cause, and still delete its boards.
func TestGivesUpWhenNoBoardProgresses(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	var created, deleted atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	// Set up, nothing waiting for approval.
	mux.HandleFunc("GET /api/v1/playlists/congress-success", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"slug":"congress-success","items":[{"id":1}]}`)
	})
	mux.HandleFunc("GET /api/v1/versions", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `[]`) })
	mux.HandleFunc("GET /api/v1/fleet", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(fleetSummary{Published: 1, Boards: int(created.Load())})
	})
	mux.HandleFunc("POST /api/v1/boards", func(w http.ResponseWriter, r *http.Request) {
		id := created.Add(1)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"board":{"id":%d},"token":"cdb_%d","controller_key":%q}`, id, id, protocol.EncodeKey(pub))
	})
	mux.HandleFunc("DELETE /api/v1/boards/{id}", func(w http.ResponseWriter, r *http.Request) {
		deleted.Add(1)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET "+protocol.ConnectPath, func(w http.ResponseWriter, r *http.Request) {
		conn, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		conn.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, `{"type":"manifest","v":%d,"manifest":{}}`, protocol.Version+1))
		conn.ReadMessage()
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	cfg := Config{Controller: u, Token: "cda_thu", Boards: 5, Light: true, PID: os.Getpid(), PhaseTimeout: 30 * time.Second, Timeout: 50 * time.Second, Progress: testWriter{t}}
	start := time.Now()
	rep, err := run(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "không bảng nào tiến triển") || !strings.Contains(err.Error(), fmt.Sprintf("phiên bản giao thức %d", protocol.Version+1)) {
		t.Errorf("run ended with %v, want it to give up naming the protocol version", err)
	}
	if waited := time.Since(start); waited > 20*time.Second {
		t.Errorf("gave up only after %s", waited)
	}
	if rep == nil || rep.Deleted != 5 || deleted.Load() != 5 {
		t.Errorf("deleted %d boards (report %+v), want the 5 created", deleted.Load(), rep)
	}
}
