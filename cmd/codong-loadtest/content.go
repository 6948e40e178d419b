package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"codong/controller/seed"
	"codong/playlists"
)

// sampleCommune is the first run's answers the harness gives a controller
// that has none: the official list's own commune.
var sampleCommune = map[string]string{"party_body": "Đảng bộ xã Liên Minh", "place": "Liên Minh", "congress": "III", "term": "2025 - 2030"}

// readyContent makes sure the boards will have something to play and
// the switch something to switch to: a new installation's seeded slogans
// are drafts, and its congress-success slogan comes with the first run's
// answers. Without the first run the harness answers it with the sample
// commune (admin token); drafts the controller seeded are approved by
// the second person's -approver-token. Without that token it stops and
// says what to do, rather than measure boards that play nothing.
func (h *harness) readyContent(ctx context.Context) error {
	// An empty congress-success playlist (drafts included) is the sign of
	// a first run not made: its slogan comes with the answers. Asked this
	// way, a controller set up answers nothing refused.
	var congress apiPlaylist
	var ae *apiError
	err := h.api.get(ctx, "/api/v1/playlists/"+playlists.CongressSuccessSlug, &congress)
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
		// Renamed or removed: congressSlug says so later.
	case err != nil:
		return fmt.Errorf("đọc danh sách “%s”: %w", congressName, err)
	case len(congress.Items) == 0:
		h.say("Chuẩn bị: controller chưa khai báo đơn vị; khai báo đơn vị mẫu (%s)", sampleCommune["party_body"])
		_, err := h.api.call(ctx, http.MethodPut, "/api/v1/organisation", sampleCommune, nil)
		if err != nil && !(errors.As(err, &ae) && (ae.Status == http.StatusPreconditionRequired || ae.Status == http.StatusConflict)) {
			return fmt.Errorf("khai báo đơn vị mẫu: %w", err)
		}
	}
	var waiting []struct {
		ID     int64  `json:"id"`
		Author string `json:"author"`
	}
	if err := h.api.get(ctx, "/api/v1/versions?state=pending", &waiting); err != nil {
		return fmt.Errorf("đọc các bản chờ duyệt: %w", err)
	}
	var seeded []int64
	for _, v := range waiting {
		if v.Author == seed.SystemActor.Name {
			seeded = append(seeded, v.ID)
		}
	}
	if len(seeded) == 0 {
		return nil
	}
	if h.cfg.ApproverToken == "" {
		return fmt.Errorf("controller còn %d bản nội dung khởi tạo chưa duyệt: bảng không có gì để phát và lệnh chuyển sẽ bị từ chối. "+
			"Hãy cho -approver-token (mã của người thứ hai, vai trò approver) để chương trình tự duyệt, hoặc duyệt ở trang Chờ duyệt trước khi chạy", len(seeded))
	}
	h.say("Chuẩn bị: người thứ hai duyệt %d bản nội dung khởi tạo", len(seeded))
	for _, id := range seeded {
		if _, err := h.api.callAs(ctx, h.cfg.ApproverToken, http.MethodPost, fmt.Sprintf("/api/v1/versions/%d/approve", id), map[string]string{"comment": "thử tải: duyệt nội dung khởi tạo"}, nil); err != nil {
			return fmt.Errorf("duyệt nội dung khởi tạo: %w", err)
		}
	}
	return nil
}
