package controller

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"codong/playlists"
)

// wallState is everything the dashboard's wall shows: every board, the
// switch in force and how far the latest switch has got. The page is
// rendered from it, and kept up to date from it (wall_events.go).
type wallState struct {
	Boards []boardView `json:"boards"`
	// Override is the switch in force; null: boards follow the schedule.
	Override     *playlists.Override `json:"override"`
	OverrideText string              `json:"override_text"`
	Progress     *switchProgress     `json:"progress"`
}

func (s *Server) wall(ctx context.Context) (wallState, error) {
	views, err := s.boardViews(ctx)
	if err != nil {
		return wallState{}, err
	}
	o, err := s.currentOverride(ctx)
	if err != nil {
		return wallState{}, err
	}
	progress, err := s.progress(ctx, views)
	if err != nil {
		return wallState{}, err
	}
	w := wallState{Boards: views, Override: o, Progress: progress}
	if w.Progress != nil && !w.Progress.Clear && o == nil {
		// The switch ran its minutes out: counting who has it would
		// only confuse.
		w.Progress = nil
	}
	if w.OverrideText, err = s.overrideText(ctx, o); err != nil {
		return wallState{}, err
	}
	return w, nil
}

// currentOverride is the override in force by the controller's clock,
// which boards follow (the store keeps its own for what it records).
func (s *Server) currentOverride(ctx context.Context) (*playlists.Override, error) {
	o, err := s.store.Override(ctx)
	if err != nil || o == nil {
		return nil, err
	}
	if !o.Until.IsZero() && !s.cfg.Now().Before(o.Until) {
		return nil, nil
	}
	return o, nil
}

// overrideText says what the override does, for people.
func (s *Server) overrideText(ctx context.Context, o *playlists.Override) (string, error) {
	if o == nil {
		return "Các bảng đang phát theo lịch thường ngày.", nil
	}
	name, err := s.store.PlaylistNameBySlug(ctx, o.Playlist)
	if err != nil {
		name = o.Playlist
	}
	where, err := s.targetText(ctx, o.Group, o.Board)
	if err != nil {
		return "", err
	}
	const layout = "15:04 02/01/2006"
	text := "Đang phát “" + name + "” trên " + where + " từ " + o.Since.In(s.cfg.Location).Format(layout)
	if !o.Until.IsZero() {
		text += " đến " + o.Until.In(s.cfg.Location).Format(layout) + ", rồi tự trở về lịch"
	}
	return text + ".", nil
}

// apiWall answers the wall once: what a page without a live stream polls.
func (s *Server) apiWall(c echo.Context) error {
	w, err := s.wall(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}
