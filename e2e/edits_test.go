package e2e

import (
	"fmt"
	"net/url"
)

// Changes of resources replaced whole name the version they were made
// from (docs/api.md, "Sửa từ phiên bản nào"). These helpers read the
// version stored now, as an editor's freshly opened form does.

// setItemSeconds changes a playlist item's duration.
func (h *harness) setItemSeconds(slug string, id int64, seconds int) {
	h.t.Helper()
	var p struct {
		Version int `json:"version"`
	}
	h.api("GET", "/api/v1/playlists/"+slug, nil, &p)
	h.api("PUT", fmt.Sprintf("/api/v1/playlists/%s/items/%d", slug, id), map[string]int{"seconds": seconds, "version": p.Version}, nil)
}

// quickRotation makes the default playlist a rotation of its first n
// items that are stills at size, each shown seconds, and deletes the
// rest; it returns the playlist as it is then. A strip or pages run
// whole (a pass of a long slogan on 384x128 takes some 46 s), so a test
// whose rotation held one would wait on how a seeded slogan typesets
// rather than on what it tests.
func (h *harness) quickRotation(size string, n, seconds int) playlist {
	h.t.Helper()
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	kept := 0
	for _, it := range def.Items {
		var layout struct {
			Scroll bool `json:"scroll"`
			Pages  int  `json:"pages"`
		}
		q := url.Values{"text": {it.Text}, "size": {size}, "style": {"classic"}, "layout": {"1"}}
		h.api("GET", "/api/v1/render?"+q.Encode(), nil, &layout)
		if kept < n && !layout.Scroll && layout.Pages == 0 {
			h.setItemSeconds("default", it.ID, seconds)
			kept++
		} else {
			h.api("DELETE", fmt.Sprintf("/api/v1/playlists/default/items/%d", it.ID), nil, nil)
		}
	}
	if kept < n {
		h.t.Fatalf("the default playlist has %d stills at %s, the test needs %d", kept, size, n)
	}
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	return def
}

// setBoard changes a board's settings; those it does not name are kept.
func (h *harness) setBoard(id int64, settings map[string]any) {
	h.t.Helper()
	var boards []struct {
		ID              int64 `json:"id"`
		SettingsVersion int   `json:"settings_version"`
	}
	h.api("GET", "/api/v1/boards", nil, &boards)
	for _, b := range boards {
		if b.ID == id {
			settings["version"] = b.SettingsVersion
		}
	}
	h.api("PUT", fmt.Sprintf("/api/v1/boards/%d", id), settings, nil)
}

// giveEveryRole gives the user every role, through the API as an admin
// would on the users page.
func (h *harness) giveEveryRole(username string) {
	h.t.Helper()
	var users []struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
		Version  int    `json:"version"`
	}
	h.api("GET", "/api/v1/users", nil, &users)
	for _, u := range users {
		if u.Username == username {
			h.api("PUT", fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"roles": []string{"admin", "editor", "operator", "approver"}, "version": u.Version}, nil)
			return
		}
	}
	h.t.Fatalf("no user %q", username)
}
