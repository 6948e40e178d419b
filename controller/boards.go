package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"codong/assets"
	"codong/controller/fleet"
	"codong/controller/respond"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// boardView is a board as the API and the dashboard show it: what is
// stored, plus the live view of its link and what it reports playing.
type boardView struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	Width      int      `json:"width"`
	Height     int      `json:"height"`
	Size       string   `json:"size"`
	Groups     []string `json:"groups"`      // slugs
	GroupNames []string `json:"group_names"` // the same groups, as people call them
	// Online: the board's link is open and its display is drawn (a
	// kiosk page open in no browser shows nothing: not online).
	Online    bool `json:"online"`
	Connected bool `json:"connected"` // the link alone
	// State is one of the boardState values; StateText says it for
	// people, as the wall shows it.
	State          string         `json:"state"`
	StateText      string         `json:"state_text"`
	DisplayProblem string         `json:"display_problem,omitempty"`
	LastSeenAt     time.Time      `json:"last_seen_at,omitzero"`
	ConnectedSince time.Time      `json:"connected_since,omitzero"`
	Revision       int64          `json:"revision"` // last sent to the board
	AckedRevision  int64          `json:"acked_revision"`
	UpToDate       bool           `json:"up_to_date"`
	Playlist       string         `json:"playlist"`
	Item           *boardViewItem `json:"item,omitempty"`
	Problem        string         `json:"problem,omitempty"`
	Power          string         `json:"power"`
	// ScrollSpeed is the board's setting (0: the default for its
	// height); EffectiveScrollSpeed the speed it scrolls at.
	ScrollSpeed          int    `json:"scroll_speed"`
	EffectiveScrollSpeed int    `json:"effective_scroll_speed"`
	Brightness           int    `json:"brightness"`
	Version              string `json:"version,omitempty"`
	// SettingsVersion is the version of the board's settings, to send
	// back as "version" with a change of them ("version" above is the
	// player's software).
	SettingsVersion int              `json:"settings_version"`
	UptimeSeconds   int64            `json:"uptime_seconds"`
	CacheBytes      int64            `json:"cache_bytes"`
	ClockOffsetMs   int64            `json:"clock_offset_ms"`
	Thumbnail       string           `json:"thumbnail,omitempty"`
	Flag            *fleet.Flag      `json:"flag"` // why the board is suspect; null: it is not
	Status          *protocol.Status `json:"-"`
}

type boardViewItem struct {
	ID    int64     `json:"id"`
	Title string    `json:"title"`
	Asset string    `json:"asset"`
	Since time.Time `json:"since"`
}

func (s *Server) boardViews(ctx context.Context) ([]boardView, error) {
	boards, err := s.store.Boards(ctx)
	if err != nil {
		return nil, err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	names := groupNames(groups)
	out := make([]boardView, 0, len(boards))
	for _, b := range boards {
		live := s.fleet.View(b.ID)
		v := boardView{
			ID: b.ID, Name: b.Name, Width: b.Width, Height: b.Height, Groups: b.Groups,
			Size:      assets.Size{W: b.Width, H: b.Height}.String(),
			Connected: live.Online, Power: playlists.FormatPower(b.Power),
			ScrollSpeed: b.ScrollSpeed, EffectiveScrollSpeed: playlists.ScrollSpeed(b.ScrollSpeed, b.Height),
			LastSeenAt: b.LastSeenAt, Revision: live.Sent, AckedRevision: live.Acked,
			UpToDate: live.UpToDate, Flag: live.Flag, GroupNames: []string{}, SettingsVersion: b.Version,
		}
		for _, g := range b.Groups {
			v.GroupNames = append(v.GroupNames, names[g])
		}
		if live.Online {
			v.ConnectedSince, v.LastSeenAt = live.Since, s.cfg.Now().UTC()
		} else if live.Left.After(v.LastSeenAt) {
			// The database hears of it a few seconds later (SeenEvery).
			v.LastSeenAt = live.Left
		}
		st := live.Status
		if st == nil {
			// Offline since the controller started: show what it last said.
			var stored protocol.Status
			if json.Unmarshal(b.Status, &stored) == nil && stored.Playlist != "" {
				st = &stored
			}
		}
		if st != nil {
			if live.Thumbnail != "" {
				v.Thumbnail = fmt.Sprintf("/api/v1/boards/%d/thumbnail.png?v=%s", b.ID, live.Thumbnail)
			}
			v.Status, v.Playlist, v.Problem = st, st.Playlist, st.Problem
			v.Brightness, v.Version, v.UptimeSeconds = st.Brightness, st.Version, st.UptimeSeconds
			v.CacheBytes, v.ClockOffsetMs = st.CacheBytes, st.ClockOffsetMs
			v.Item = &boardViewItem{ID: st.ItemID, Title: st.Title, Asset: st.Asset, Since: st.Since}
			if live.Online {
				v.DisplayProblem = st.DisplayProblem
			}
		}
		v.Online = live.Online && v.DisplayProblem == ""
		v.State, v.StateText = s.boardState(v)
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) apiListBoards(c echo.Context) error {
	views, err := s.boardViews(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, views)
}

type boardInput struct {
	Name   string   `json:"name" form:"name"`
	Size   string   `json:"size" form:"size"`
	Groups []string `json:"groups" form:"group"` // slugs
}

// createBoard registers a board and returns it with its one-time token.
func (s *Server) createBoard(ctx context.Context, who *actor, in boardInput) (store.Board, string, error) {
	size, err := assets.ParseSize(in.Size)
	if err != nil {
		return store.Board{}, "", respond.BadRequest("bad_size", err.Error())
	}
	b := store.Board{Name: in.Name, Width: size.W, Height: size.H, Groups: in.Groups}
	return AddBoard(ctx, s.store, who.Actor, b)
}

func (s *Server) apiCreateBoard(c echo.Context) error {
	var in boardInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	b, token, err := s.createBoard(c.Request().Context(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"board": b, "token": token, "controller_key": encodePublic(s.key)})
}

// boardUpdate is a change of a board's settings. A setting left out is
// kept as it is (a second operator's save that did not name the power
// windows once wiped the first one's off window); Version is the
// board's settings version the change was made from (edit_conflict.go).
type boardUpdate struct {
	Groups *[]string                `json:"groups"` // slugs
	Power  *[]playlists.PowerWindow `json:"power"`
	// ScrollSpeed in pixels per second, 0 for the default of the board's
	// height.
	ScrollSpeed *int `json:"scroll_speed"`
	Version     *int `json:"version"`
}

// updateBoard sets a board's groups, power windows and scroll speed and
// sends the board its new manifest.
func (s *Server) updateBoard(ctx context.Context, who *actor, id int64, base int, in boardUpdate) (store.Board, error) {
	return s.store.UpdateBoard(ctx, who.Actor, id, base, store.BoardChange{Groups: in.Groups, Power: in.Power, ScrollSpeed: in.ScrollSpeed})
}

func (s *Server) apiUpdateBoard(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in boardUpdate
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	base, err := baseVersion(c, in.Version)
	if err != nil {
		return err
	}
	b, err := s.updateBoard(c.Request().Context(), actorOf(c), id, base, in)
	if err != nil {
		return err
	}
	setETag(c, b.Version)
	return c.JSON(http.StatusOK, b)
}

func (s *Server) deleteBoard(ctx context.Context, who *actor, id int64) error {
	if err := s.store.DeleteBoard(ctx, who.Actor, id); err != nil {
		return err
	}
	s.fleet.Forget(id)
	return nil
}

func (s *Server) apiDeleteBoard(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.deleteBoard(c.Request().Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiFleet answers the whole fleet in four numbers, from memory: what
// the dashboard headline shows, and what a script or the load harness
// polls to learn when a change has reached every board.
func (s *Server) apiFleet(c echo.Context) error {
	return c.JSON(http.StatusOK, s.fleet.Summary())
}
