package e2e

import "fmt"

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
