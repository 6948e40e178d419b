// Package health says whether the controller is fit to serve: the
// database's check at start, the alarm when it is found damaged while
// running, and /healthz for monitoring and load balancers.
package health

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/controller/respond"
	"codong/controller/store"
)

// quickCheckLimit bounds the check of the SQLite file at start. PRAGMA
// quick_check reads every page once: a commune's database (tens of MB)
// takes well under a second, a province's of a few GB on an SD card
// some seconds. Boards keep playing their cache while the controller is
// down, but a start that hangs on a huge file would keep staff and
// switches waiting, and a service manager (systemd's 90 s) would kill
// it; so after 15 s the controller starts unchecked, says so, and
// relies on the alarm below for damage met later.
const quickCheckLimit = 15 * time.Second

// CheckAtStart refuses to serve a database SQLite finds damaged: it
// would start and answer /healthz while every publication failed. path
// names the database in the refusal.
func CheckAtStart(ctx context.Context, st *store.Store, path string, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, quickCheckLimit)
	defer cancel()
	err := st.QuickCheck(ctx)
	var bad *store.CorruptError
	switch {
	case errors.As(err, &bad):
		return fmt.Errorf("cơ sở dữ liệu %s bị hỏng (SQLite PRAGMA quick_check: %s); máy chủ không chạy, để khỏi gửi sai nội dung hay làm mất thêm dữ liệu. "+
			"Hãy dừng mọi máy chủ codong trên thư mục này và khôi phục từ bản sao lưu gần nhất (codong backup; các bước ở docs/operations.md, mục “Khôi phục”)", path, bad.Detail)
	case errors.Is(err, context.DeadlineExceeded):
		log.Warn("chưa kiểm tra xong cơ sở dữ liệu (PRAGMA quick_check) trong thời hạn; chạy tiếp mà không kiểm tra hết", "limit", quickCheckLimit)
		return nil
	}
	return err
}

// Monitor is what the controller's health is read from.
type Monitor struct {
	Store *store.Store
	// Disk is why the data folder's disk is not ok, or nil
	// (diskguard.Guard.Problem).
	Disk func() *respond.Error
	Log  *slog.Logger
}

// AlarmCorrupt is told, once, of the first statement that failed for a
// damaged database while running: it is said loudly in the log, and
// /healthz and every page say it from then on.
func (m Monitor) AlarmCorrupt(err error) {
	m.Log.Error("CƠ SỞ DỮ LIỆU BỊ HỎNG: dừng máy chủ và khôi phục từ bản sao lưu (docs/operations.md, mục “Khôi phục”)", "err", err)
}

// Alarm is the sentence every page shows in red, or "".
func (m Monitor) Alarm() string {
	if m.Store.Corrupted() != nil {
		return respond.CorruptMessage
	}
	return ""
}

// problem is one reason /healthz is not ok.
type problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Healthz answers /healthz before routing and before any other
// middleware, so nothing a burst of other requests does can slow it:
// "ok", or the problems as JSON for monitoring to show. A damaged
// database answers 503: a load balancer must stop sending work to it. A
// full disk alone answers 200 with status "degraded": logins and
// switches still work there (controller/diskguard), and a load balancer
// checking /healthz (docs/operations.md) must keep sending them.
func (m Monitor) Healthz(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.URL.Path != "/healthz" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			return next(c)
		}
		var problems []problem
		status, word := http.StatusOK, "degraded"
		if m.Store.Corrupted() != nil {
			problems = append(problems, problem{Code: "database_corrupt", Message: respond.CorruptMessage})
			status, word = http.StatusServiceUnavailable, "error"
		}
		if p := m.Disk(); p != nil {
			problems = append(problems, problem{Code: p.Code, Message: p.Message})
		}
		if problems == nil {
			return c.String(http.StatusOK, "ok")
		}
		return c.JSON(status, map[string]any{"status": word, "problems": problems})
	}
}
