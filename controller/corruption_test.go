package controller

import (
	"codong/controller/respond"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// damagePage writes garbage over the first page of table in the SQLite
// file at db, as a failing disk or a torn write would leave it. The
// write-ahead log is folded into the file first, so the page read from
// the file is the one damaged; a row written afterwards (through another
// connection, as a second process would) makes every connection of a
// running controller drop the pages it had cached.
func damagePage(t *testing.T, db, table string) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var page, size int64
	if _, err := conn.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = ?`, table).Scan(&page); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(db, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	garbage := []byte(strings.Repeat("\xff\x00hỏng", int(size)/8+1))[:size]
	if _, err := f.WriteAt(garbage, (page-1)*size); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`INSERT INTO settings (key, value) VALUES ('test.after_damage', 'x')`); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedDatabaseRefusedAtStart: a database with a damaged page of a
// table does not start (it started, and /healthz said ok while every
// publication failed); the refusal says to restore from a backup.
func TestDamagedDatabaseRefusedAtStart(t *testing.T) {
	dir := t.TempDir()
	s, err := newTestServer(t, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	damagePage(t, filepath.Join(dir, "codong.db"), "slogans")
	_, err = newTestServer(t, dir, "")
	if err == nil {
		t.Fatal("the controller started on a damaged database")
	}
	for _, want := range []string{"bị hỏng", "quick_check", "khôi phục từ bản sao lưu", "docs/operations.md"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not mention %q", err, want)
		}
	}
}

// TestDamageWhileRunningRaisesAlarm: a page damaged while the controller
// runs makes the next write fail; from then on /healthz answers 503 with
// the reason as JSON, the API says so with its own code, and every page
// (the dashboard first) carries the red banner.
func TestDamageWhileRunningRaisesAlarm(t *testing.T) {
	sqliteOnly(t, "a damaged page of the database file")
	h := newAPIHarness(t)
	health := func() (int, string) {
		resp, err := http.Get(h.srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := health(); code != http.StatusOK || body != "ok" {
		t.Fatalf("/healthz before the damage: %d %q", code, body)
	}
	damagePage(t, filepath.Join(h.s.cfg.DataDir, "codong.db"), "slogans")

	code, m, raw := h.do(t, "POST", "/api/v1/slogans", h.token, "application/json", `{"text":"Toàn dân chung sức xây dựng nông thôn mới"}`)
	if code != http.StatusServiceUnavailable || m["code"] != "database_corrupt" {
		t.Fatalf("a write to the damaged table: %d %s, want 503 database_corrupt", code, raw)
	}
	code, body := health()
	var got struct {
		Status   string
		Problems []respond.Error
	}
	if err := json.Unmarshal([]byte(body), &got); code != http.StatusServiceUnavailable || err != nil || got.Status != "error" ||
		len(got.Problems) != 1 || got.Problems[0].Code != "database_corrupt" || !strings.Contains(got.Problems[0].Message, "sao lưu") {
		t.Fatalf("/healthz after the damage: %d %s, want 503 with the reason as JSON", code, body)
	}

	jar := &cookieJar{}
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(h.srv.URL+"/login", url.Values{"username": {"admin"}, "password": {"mật khẩu thử nghiệm đủ dài"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `class="alarm"`) || !strings.Contains(string(page), "Cơ sở dữ liệu bị hỏng") {
		t.Fatalf("the dashboard after login (%d) shows no alarm:\n%s", resp.StatusCode, page)
	}
}

// cookieJar keeps the session cookie of one test server.
type cookieJar struct{ cookies []*http.Cookie }

func (j *cookieJar) SetCookies(_ *url.URL, cs []*http.Cookie) { j.cookies = append(j.cookies, cs...) }
func (j *cookieJar) Cookies(*url.URL) []*http.Cookie          { return j.cookies }

// TestDamageMetByPublicationRaisesAlarm: a write that does not touch the
// damaged table succeeds, and the publication it starts, which reads
// every slogan, fails: that raises the alarm too, where it once retried
// in a loop unseen.
func TestDamageMetByPublicationRaisesAlarm(t *testing.T) {
	sqliteOnly(t, "a damaged page of the database file")
	h := newAPIHarness(t)
	damagePage(t, filepath.Join(h.s.cfg.DataDir, "codong.db"), "slogans")
	if code, _, raw := h.do(t, "POST", "/api/v1/groups", h.token, "application/json", `{"name":"Thôn Pả Pẻn"}`); code != http.StatusCreated {
		t.Fatalf("a write beside the damaged table: %d %s", code, raw)
	}
	deadline := time.Now().Add(10 * time.Second)
	for h.s.store.Corrupted() == nil {
		if time.Now().After(deadline) {
			t.Fatal("the failed publication raised no alarm")
		}
		time.Sleep(10 * time.Millisecond)
	}
	resp, err := http.Get(h.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/healthz after the failed publication: %d, want 503", resp.StatusCode)
	}
}
