//go:build linux

package controller

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"codong/controller/diskguard"
	"codong/controller/respond"
	"codong/internal/phototest"
)

// smallDisk mounts a tmpfs of size bytes on a new folder: a real file
// system that really fills. Mounting needs root; elsewhere the test
// skips, saying so.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a real full disk needs a small tmpfs, and mounting one needs root: run as root (CI's containers do) to run this test")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v): run where root may mount", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// fillDisk writes a file until the file system refuses: ENOSPC.
func fillDisk(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	// The last few blocks a short write cannot take.
	for {
		if _, err := f.Write(chunk[:512]); err != nil {
			break
		}
	}
}

// TestFullDiskKeepsLoginAndSwitch fills the data folder's disk for
// real: /healthz says so, an upload is refused with the reason, and an
// officer still logs in, switches the boards to the congress playlist
// and back to the schedule.
func TestFullDiskKeepsLoginAndSwitch(t *testing.T) {
	dir := smallDisk(t, "48m")
	h := newHarnessWith(t, Config{DataDir: filepath.Join(dir, "data"), DiskReserve: 4 << 20})
	if _, err := os.Stat(filepath.Join(h.s.cfg.DataDir, diskguard.ReserveName)); err != nil {
		t.Fatalf("no reserve was taken: %v", err)
	}
	filler := filepath.Join(dir, "filler")
	fillDisk(t, filler)

	resp, err := http.Get(h.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var health struct {
		Status   string
		Problems []respond.Error
	}
	json.Unmarshal(raw, &health)
	if resp.StatusCode != http.StatusOK || health.Status != "degraded" || len(health.Problems) != 1 || health.Problems[0].Code != "disk_full" || !strings.Contains(health.Problems[0].Message, "Ổ đĩa") {
		t.Fatalf("/healthz on a full disk: %d %s", resp.StatusCode, raw)
	}

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := range 20 { // a morning's logins, each a session and an audit row
		form := url.Values{"username": {"admin"}, "password": {"mật khẩu thử nghiệm đủ dài"}}
		resp, err = noRedirect.PostForm(h.srv.URL+"/login", form)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
			t.Fatalf("login %d on a full disk: %d %s", i, resp.StatusCode, raw)
		}
	}
	js := "application/json"
	if status, _, raw := h.do(t, "POST", "/api/v1/override", h.token, js, `{"playlist":"congress-success"}`); status != http.StatusOK {
		t.Fatalf("switch on a full disk: %d %s", status, raw)
	}
	if status, _, raw := h.do(t, "DELETE", "/api/v1/override", h.token, "", ""); status/100 != 2 {
		t.Fatalf("back to the schedule on a full disk: %d %s", status, raw)
	}
	status, raw := h.upload(t, h.token, map[string][]byte{"anh.jpg": phototest.JPEG(phototest.Halves(300, 200), 0)}, nil)
	if e := refusal(t, raw); status != http.StatusInsufficientStorage || e.Code != "disk_full" {
		t.Fatalf("upload on a full disk: %d %s", status, raw)
	}

	// Room again: the reserve is taken back and /healthz is ok.
	os.Remove(filler)
	resp, err = http.Get(h.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(raw) != "ok" {
		t.Fatalf("/healthz once freed: %d %s", resp.StatusCode, raw)
	}
	if st, err := os.Stat(filepath.Join(h.s.cfg.DataDir, diskguard.ReserveName)); err != nil || st.Size() != 4<<20 {
		t.Fatalf("the reserve was not taken back: %v", err)
	}
}

// TestUploadKeepsTheReserve: an upload that would eat into the reserve
// is refused before its body is read, with the free space said.
func TestUploadKeepsTheReserve(t *testing.T) {
	dir := smallDisk(t, "48m")
	h := newHarnessWith(t, Config{DataDir: filepath.Join(dir, "data"), DiskReserve: 4 << 20})
	free, _ := diskguard.FreeSpace(dir)
	// Leave a little over the reserve, less than an upload needs.
	ballast := filepath.Join(dir, "ballast")
	if err := os.WriteFile(ballast, make([]byte, free-(4<<20)-(256<<10)), 0o600); err != nil {
		t.Fatal(err)
	}
	status, raw := h.upload(t, h.token, map[string][]byte{"anh.jpg": phototest.JPEG(noise(600, 400, 3), 0)}, nil)
	if e := refusal(t, raw); status != http.StatusInsufficientStorage || e.Code != "disk_full" {
		t.Fatalf("upload into the reserve: %d %s", status, raw)
	}
	if left, _ := os.ReadDir(h.s.cfg.uploadDir()); len(left) != 0 {
		t.Fatalf("refused upload left %d files", len(left))
	}
}
