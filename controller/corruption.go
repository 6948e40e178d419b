package controller

import (
	"context"
	"errors"
	"fmt"
	"time"

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

// checkStoreAtStart refuses to serve a database SQLite finds damaged:
// it would start and answer /healthz while every publication failed.
func checkStoreAtStart(ctx context.Context, st *store.Store, cfg Config) error {
	ctx, cancel := context.WithTimeout(ctx, quickCheckLimit)
	defer cancel()
	err := st.QuickCheck(ctx)
	var bad *store.CorruptError
	switch {
	case errors.As(err, &bad):
		return fmt.Errorf("cơ sở dữ liệu %s bị hỏng (SQLite PRAGMA quick_check: %s); máy chủ không chạy, để khỏi gửi sai nội dung hay làm mất thêm dữ liệu. "+
			"Hãy dừng mọi máy chủ codong trên thư mục này và khôi phục từ bản sao lưu gần nhất (codong backup; các bước ở docs/operations.md, mục “Khôi phục”)", cfg.dbPath(), bad.Detail)
	case errors.Is(err, context.DeadlineExceeded):
		cfg.Logger.Warn("chưa kiểm tra xong cơ sở dữ liệu (PRAGMA quick_check) trong thời hạn; chạy tiếp mà không kiểm tra hết", "limit", quickCheckLimit)
		return nil
	}
	return err
}

// alarmCorrupt is told, once, of the first statement that failed for a
// damaged database while running: it is said loudly in the log, and
// /healthz and every page say it from then on.
func (s *Server) alarmCorrupt(err error) {
	s.log.Error("CƠ SỞ DỮ LIỆU BỊ HỎNG: dừng máy chủ và khôi phục từ bản sao lưu (docs/operations.md, mục “Khôi phục”)", "err", err)
}

// alarm is the sentence every page shows in red, or "".
func (s *Server) alarm() string {
	if s.store.Corrupted() != nil {
		return respond.CorruptMessage
	}
	return ""
}
