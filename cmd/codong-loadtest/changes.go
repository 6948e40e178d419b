package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"codong/playlists"
)

// congressName is the seeded name of the congress-success playlist, used
// to find it on a controller where its slug differs.
const congressName = "Mừng Đại hội thành công"

// sloganVariants are official slogans of the congress season as other
// localities word their banners. Editing a slogan to one of them needs a
// new picture at every size, which every board must then fetch.
var sloganVariants = []string{
	"Đoàn kết - Dân chủ - Kỷ cương - Đột phá - Phát triển!",
	"Nhiệt liệt chào mừng Đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng!",
	"Đảng Cộng sản Việt Nam quang vinh muôn năm!",
	"Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!",
	"Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!",
}

// switchOverride is phase 3: the one-click switch of every board to the
// congress-success playlist.
func (h *harness) switchOverride(ctx context.Context) error {
	slug, err := h.congressSlug(ctx)
	if err != nil {
		return err
	}
	body := map[string]any{"playlist": slug, "group": "", "minutes": 0}
	h.undo["gỡ lệnh chuyển"] = h.clearOverride
	return h.change(ctx, "switch", fmt.Sprintf("[3] Chuyển mọi bảng sang “%s”", congressName), func(ctx context.Context) (int, error) {
		return h.api.call(ctx, http.MethodPost, "/api/v1/override", body, nil)
	})
}

// backToSchedule is phase 4: lifting the override.
func (h *harness) backToSchedule(ctx context.Context) error {
	err := h.change(ctx, "schedule", "[4] Gỡ lệnh chuyển, trở về lịch phát", func(ctx context.Context) (int, error) {
		status, err := h.api.call(ctx, http.MethodDelete, "/api/v1/override", nil, nil)
		if err == nil {
			delete(h.undo, "gỡ lệnh chuyển")
		}
		return status, err
	})
	return err
}

func (h *harness) clearOverride(ctx context.Context) error {
	_, err := h.api.call(ctx, http.MethodDelete, "/api/v1/override", nil, nil)
	return err
}

func (h *harness) congressSlug(ctx context.Context) (string, error) {
	var pls []apiPlaylist
	if err := h.api.get(ctx, "/api/v1/playlists", &pls); err != nil {
		return "", err
	}
	for _, p := range pls {
		if p.Slug == playlists.CongressSuccessSlug {
			return p.Slug, nil
		}
	}
	for _, p := range pls {
		if p.Name == congressName {
			return p.Slug, nil
		}
	}
	return "", fmt.Errorf("không có danh sách phát “%s” (%s) trên controller", congressName, playlists.CongressSuccessSlug)
}

// edit is phase 5: a slogan of the default playlist gets a new text, so
// every board must fetch a new picture; then the old text comes back,
// measured the same way (the boards pruned its picture, so they fetch it
// again).
func (h *harness) edit(ctx context.Context) error {
	var def apiPlaylist
	if err := h.api.get(ctx, "/api/v1/playlists/"+playlists.DefaultSlug, &def); err != nil {
		return err
	}
	if len(def.Items) == 0 {
		return fmt.Errorf("danh sách phát mặc định trống: không có khẩu hiệu để sửa")
	}
	if h.cfg.ApproverToken == "" {
		h.say("[5] Bỏ qua: cần -approver-token (mã của người thứ hai, vai trò approver) để duyệt bản sửa")
		return nil
	}
	id := def.Items[0].SloganID
	path := fmt.Sprintf("/api/v1/slogans/%d", id)
	var original apiSlogan
	if err := h.api.get(ctx, path, &original); err != nil {
		return err
	}
	variant, err := h.newVariant(ctx)
	if err != nil {
		return err
	}
	// Each edit is drafted first, then measured from the second person's
	// approval: that is when it is published.
	approve := func(text string) func(ctx context.Context) (int, error) {
		return func(ctx context.Context) (int, error) {
			v, err := h.draft(ctx, id, text, original.Style)
			if err != nil {
				return 0, err
			}
			return h.api.callAs(ctx, h.cfg.ApproverToken, http.MethodPost, fmt.Sprintf("/api/v1/versions/%d/approve", v), map[string]string{"comment": "thử tải"}, nil)
		}
	}
	restore := approve(original.Text)
	h.undo["trả lại khẩu hiệu cũ"] = func(ctx context.Context) error { _, err := restore(ctx); return err }
	if err := h.change(ctx, "edit", "[5] Sửa khẩu hiệu đầu tiên của danh sách mặc định, người thứ hai duyệt", approve(variant)); err != nil {
		return err
	}
	if err := h.change(ctx, "restore", "[5b] Trả lại khẩu hiệu cũ", restore); err != nil {
		return err
	}
	delete(h.undo, "trả lại khẩu hiệu cũ")
	return nil
}

// draft saves a new text for a slogan as a version waiting for approval,
// and returns that version's id.
func (h *harness) draft(ctx context.Context, id int64, text, style string) (int64, error) {
	path := fmt.Sprintf("/api/v1/slogans/%d", id)
	var cur apiSlogan
	if err := h.api.get(ctx, path, &cur); err != nil {
		return 0, err
	}
	// "keep": the text exactly as given, whatever its encoding.
	body := map[string]any{"text": text, "style": style, "legacy": "keep", "version": cur.Version}
	if _, err := h.api.call(ctx, http.MethodPut, path, body, nil); err != nil {
		return 0, err
	}
	var waiting []struct {
		ID int64 `json:"id"`
	}
	if err := h.api.get(ctx, fmt.Sprintf("/api/v1/versions?state=pending&kind=slogan&subject=%d", id), &waiting); err != nil {
		return 0, err
	}
	if len(waiting) == 0 {
		return 0, fmt.Errorf("bản sửa khẩu hiệu %d không chờ duyệt", id)
	}
	return waiting[0].ID, nil
}

// newVariant picks a variant no slogan has now, so its picture is new to
// every board.
func (h *harness) newVariant(ctx context.Context) (string, error) {
	var all []apiSlogan
	if err := h.api.get(ctx, "/api/v1/slogans", &all); err != nil {
		return "", err
	}
	used := make(map[string]bool, len(all))
	for _, s := range all {
		used[s.Text] = true
	}
	for _, v := range sloganVariants {
		if !used[v] {
			return v, nil
		}
	}
	return "", fmt.Errorf("mọi câu khẩu hiệu dùng để sửa thử đều đã có trên controller")
}

// change makes one operator change and measures how it reaches the fleet:
// the request itself, then from just before it, the last board to
// receive the new manifest, the last to acknowledge it, and the moment
// GET /api/v1/fleet shows every board up to date with it.
func (h *harness) change(ctx context.Context, id, title string, request func(context.Context) (int, error)) (err error) {
	h.say("%s", title)
	before, err := h.api.fleetNow(ctx)
	if err != nil {
		return err
	}
	r := &changeResult{ID: id, Title: title, Boards: h.cfg.Boards}
	h.rep.Changes = append(h.rep.Changes, r)
	defer func() {
		if err != nil {
			r.Error = err.Error()
		}
	}()
	target := h.base.UpToDate + h.cfg.Boards
	failedBefore := h.fleet.stats.failures.Load()
	c0 := readCost(h.cfg.PID)
	t0 := time.Now()
	status, err := request(ctx)
	r.Request = &requestResult{Status: status, Ms: ms(time.Since(t0))}
	if err != nil {
		return err
	}
	var published int64
	newer := func(_ *board, e event) bool { return e.rev >= published }
	c, err := h.converge(ctx, func(f fleetSummary) bool {
		// The publisher runs after the request returns: until the summary
		// names a newer revision, "all up to date" is about the old one.
		published = f.Published
		return f.Published > before.Published && f.UpToDate >= target
	}, func(b *board) bool { return b.has(&b.acks, newer) })
	if err != nil {
		if published <= before.Published {
			// The summary never named the new revision: count what
			// arrived after the request.
			newer = func(_ *board, e event) bool { return !e.at.Before(t0) }
		}
		h.boardFigures(r, t0, newer)
		h.costFigures(r, c0, failedBefore)
		return err
	}
	h.measured(r, t0, c, newer)
	h.costFigures(r, c0, failedBefore)
	return nil
}

// costFigures fills what a change cost since c0, once its last board
// acknowledged, and the links that failed meanwhile.
func (h *harness) costFigures(r *changeResult, c0 costSample, failedBefore int64) {
	r.Cost = costBetween(c0, readCost(h.cfg.PID), h.cfg.Boards, h.idleRate)
	r.LinkFailures = h.fleet.stats.failures.Load() - failedBefore
	if c := r.Cost; c.ControllerMeasured {
		h.say("  CPU controller %s s (%s µs mỗi bảng), chương trình thử %s s (%s µs mỗi bảng); độ nghẽn CPU của máy %s",
			fmtFloat(c.ControllerCPUSeconds, 2), fmtFloat(c.ControllerUsPerBoard, 0), fmtFloat(c.HarnessCPUSeconds, 2), fmtFloat(c.HarnessUsPerBoard, 0), fmtPressure(c))
	}
}

// measured fills a change's figures once the fleet has converged.
func (h *harness) measured(r *changeResult, t0 time.Time, c convergence, ok func(*board, event) bool) {
	r.Revision, r.FleetMs, r.FleetPoll = c.fleet.Published, ms(c.seen.Sub(t0)), spreadOf(c.polls)
	h.boardFigures(r, t0, ok)
	h.say("  mọi bảng đã xác nhận; /fleet báo đủ sau %s, bản kê cuối tới sau %s, xác nhận cuối sau %s",
		fmtMs(r.FleetMs), fmtMs(r.Manifest.MaxMs), fmtMs(r.Ack.MaxMs))
}

// boardFigures fills what the boards and the samplers saw, which is worth
// reporting even when the controller's summary never showed the change.
func (h *harness) boardFigures(r *changeResult, t0 time.Time, ok func(*board, event) bool) {
	boards := h.fleet.all()
	h.samples.now(context.Background())
	end := time.Now()
	r.Manifest = delays(boards, arrivalsOf, t0, ok)
	r.Ack = delays(boards, acksOf, t0, ok)
	r.Acked = countDone(boards, func(b *board) bool { return b.has(&b.acks, ok) })
	r.Healthz = h.samples.healthBetween(t0, end)
	r.PeakRSSKB = h.samples.peakRSS(t0, end)
}
