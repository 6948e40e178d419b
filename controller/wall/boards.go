package wall

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"codong/assets"
	"codong/controller/fleet"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// Board is a board as the API and the dashboard show it: what is
// stored, plus the live view of its link and what it reports playing.
type Board struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Unit   string `json:"unit"` // the slug of the board's unit
	UnitID int64  `json:"-"`
	// Switch is the switch the board plays (its ID; 0: its schedule).
	Switch     int64    `json:"switch,omitempty"`
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
	State          string     `json:"state"`
	StateText      string     `json:"state_text"`
	DisplayProblem string     `json:"display_problem,omitempty"`
	LastSeenAt     time.Time  `json:"last_seen_at,omitzero"`
	ConnectedSince time.Time  `json:"connected_since,omitzero"`
	Revision       int64      `json:"revision"` // last sent to the board
	AckedRevision  int64      `json:"acked_revision"`
	UpToDate       bool       `json:"up_to_date"`
	Playlist       string     `json:"playlist"`
	Item           *BoardItem `json:"item,omitempty"`
	Problem        string     `json:"problem,omitempty"`
	Power          string     `json:"power"`
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

	// PlayerVersion is the player's software version, as Version
	// (the name scripts rely on; "version" stays for those written
	// before it); Update is what the board last said of a self-update, and
	// UpdateText says it for people ("đã quay về bản cũ" after a
	// release that did not link).
	PlayerVersion string             `json:"player_version"`
	Update        *store.BoardUpdate `json:"update,omitempty"`
	UpdateText    string             `json:"update_text,omitempty"`
}

type BoardItem struct {
	ID    int64     `json:"id"`
	Title string    `json:"title"`
	Asset string    `json:"asset"`
	Since time.Time `json:"since"`
}

// Boards are the boards of the units sc sees, as the API and the pages
// show them.
func (wl *Wall) Boards(ctx context.Context, sc store.Scope) ([]Board, error) {
	boards, err := wl.store.Boards(ctx, sc)
	if err != nil {
		return nil, err
	}
	groups, err := wl.store.Groups(ctx, sc)
	if err != nil {
		return nil, err
	}
	names := GroupNames(groups)
	updates, err := wl.store.BoardUpdates(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Board, 0, len(boards))
	for _, b := range boards {
		live := wl.fleet.View(b.ID)
		v := Board{
			ID: b.ID, Name: b.Name, Unit: b.Unit, UnitID: b.UnitID, Width: b.Width, Height: b.Height, Groups: b.Groups,
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
			v.ConnectedSince, v.LastSeenAt = live.Since, wl.cfg.Now().UTC()
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
			v.Item = &BoardItem{ID: st.ItemID, Title: st.Title, Asset: st.Asset, Since: st.Since}
			if live.Online {
				v.DisplayProblem = st.DisplayProblem
			}
		}
		v.PlayerVersion = v.Version
		if u, ok := updates[b.ID]; ok {
			v.Update, v.UpdateText = &u, UpdateText(u)
		}
		v.Online = live.Online && v.DisplayProblem == ""
		v.State, v.StateText = wl.state(v)
		out = append(out, v)
	}
	return out, nil
}

// GroupNames maps slugs to names, for pages that show a board's groups.
func GroupNames(gs []store.Group) map[string]string {
	out := make(map[string]string, len(gs))
	for _, g := range gs {
		out[g.Slug] = g.Name
	}
	return out
}

// UpdateText says a board's last update report for people.
func UpdateText(u store.BoardUpdate) string {
	switch u.Outcome {
	case protocol.UpdateTaken:
		return fmt.Sprintf("đã cập nhật từ bản %s lên bản %s", u.From, u.To)
	case protocol.UpdateRolledBack:
		return fmt.Sprintf("đã quay về bản cũ %s: bản %s không chạy được (%s)", u.From, u.To, u.Reason)
	case protocol.UpdateRefused:
		return fmt.Sprintf("đã từ chối bản %s: %s", u.To, u.Reason)
	}
	return ""
}
