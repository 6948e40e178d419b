package controller

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"codong/controller/auth"
	"codong/controller/secret"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/playlists"
	"codong/protocol"
)

// unitWorld is an installation with a tree of units, each with a board
// and a group named alike ("Chợ" in every commune, as in life), and a
// token holding every role in each.
type unitWorld struct {
	h     *apiHarness
	units map[string]store.Unit // by slug
	board map[string]int64      // each unit's board
	group map[string]string     // each unit's group's slug
	name  map[string]string     // each unit's board's name
	token map[string]string     // each unit's all-roles token
	// sessions are each unit's logged-in browser: cookie and CSRF.
	sessions map[string][2]string
	order    []string // slugs, root first
	// Each unit's content: a slogan, a photo, a playlist holding both
	// (its item), a slot of its schedule, and the slogan's version.
	slogan, photo, item, slot, version map[string]int64
	playlist                           map[string]string // slug
	// Each unit's alert receivers: a webhook and an e-mail address.
	webhook, email map[string]int64
}

// contentText is the words of each unit's content, which no other
// unit's answer may hold.
func contentText(unit string) string { return "Khẩu hiệu riêng của " + unit }

// newUnitWorld makes goc → xa-an-phu → thon-an-phu-1, and goc →
// xa-binh-minh.
func newUnitWorld(t *testing.T) *unitWorld {
	t.Helper()
	h := newAPIHarness(t)
	ctx := context.Background()
	st := h.s.store
	w := &unitWorld{h: h, units: map[string]store.Unit{}, board: map[string]int64{}, group: map[string]string{},
		name: map[string]string{}, token: map[string]string{}, sessions: map[string][2]string{},
		slogan: map[string]int64{}, photo: map[string]int64{}, item: map[string]int64{}, slot: map[string]int64{}, version: map[string]int64{},
		playlist: map[string]string{}, webhook: map[string]int64{}, email: map[string]int64{}}
	tree, err := st.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := tree.BySlug(store.RootUnitSlug)
	w.units[root.Slug], w.order = root, []string{root.Slug}
	for _, u := range []struct{ name, parent string }{
		{"Xã An Phú", store.RootUnitSlug}, {"Thôn An Phú 1", "xa-an-phu"}, {"Xã Bình Minh", store.RootUnitSlug},
	} {
		made, err := st.AddUnit(ctx, testActor, u.name, u.parent)
		if err != nil {
			t.Fatalf("add unit %s: %v", u.name, err)
		}
		w.units[made.Slug] = made
		w.order = append(w.order, made.Slug)
	}
	if got := strings.Join(w.order, " "); got != "goc xa-an-phu thon-an-phu-1 xa-binh-minh" {
		t.Fatalf("unit slugs %s", got)
	}
	for i, slug := range w.order {
		g, err := st.CreateGroupIn(ctx, testActor, slug, "Chợ")
		if err != nil {
			t.Fatalf("group of %s: %v", slug, err)
		}
		w.group[slug] = g.Slug
		w.name[slug] = fmt.Sprintf("Bảng LED thử số %d", 100+i)
		b, _, err := staff.AddBoard(ctx, st, testActor, store.Board{Name: w.name[slug], Width: 384, Height: 128, Groups: []string{g.Slug}, Unit: slug})
		if err != nil {
			t.Fatalf("board of %s: %v", slug, err)
		}
		w.board[slug] = b.ID
		if w.token[slug], _, err = staff.CreateAPITokenIn(ctx, st, testActor, slug, "mọi vai trò "+slug, "admin,approver,editor,operator", 0); err != nil {
			t.Fatal(err)
		}
		// Each unit's own switch of its group, which no other unit's
		// request may lift or replace.
		if _, err := st.SetOverride(ctx, store.Actor{Key: "cli", Name: "vận hành " + slug, Roles: store.AllRoles, Unit: made(w, slug)}, "congress-success", g.Slug, 0, 0); err != nil {
			t.Fatalf("switch of %s: %v", slug, err)
		}
		w.makeContent(t, slug)
	}
	return w
}

// makeContent gives a unit its own slogan, photo, playlist and slot,
// made by a person of the unit, waiting for approval.
func (w *unitWorld) makeContent(t *testing.T, slug string) {
	t.Helper()
	ctx := context.Background()
	st := w.h.s.store
	editor := store.Actor{Key: "user:soan-" + slug, Name: "soạn " + slug, Roles: store.AllRoles, Unit: made(w, slug)}
	sl, err := st.CreateSloganBody(ctx, editor, store.SloganBody{Text: contentText(slug), Style: "classic"})
	if err != nil {
		t.Fatalf("slogan of %s: %v", slug, err)
	}
	w.slogan[slug], w.version[slug] = sl.ID, 0
	vs, err := st.Versions(ctx, store.Everything, store.VersionFilter{Kind: store.KindSlogan, Subject: sl.ID})
	if err != nil || len(vs) != 1 {
		t.Fatalf("version of %s's slogan: %v %v", slug, vs, err)
	}
	w.version[slug] = vs[0].ID
	sum := fmt.Sprintf("%064x", made(w, slug))
	ph, _, err := st.CreatePhoto(ctx, editor, store.PhotoFile{SHA256: sum, Name: contentText(slug) + ".jpg", Width: 640, Height: 480, Bytes: 1000}, store.PhotoBody{Caption: contentText(slug)})
	if err != nil {
		t.Fatalf("photo of %s: %v", slug, err)
	}
	w.photo[slug] = ph.ID
	pl, err := st.CreatePlaylistNamed(ctx, editor, contentText(slug))
	if err != nil {
		t.Fatalf("playlist of %s: %v", slug, err)
	}
	w.playlist[slug] = pl
	if err := st.AddItem(ctx, editor, pl, sl.ID, 10); err != nil {
		t.Fatalf("item of %s: %v", slug, err)
	}
	p, err := st.Playlist(ctx, store.Everything, pl)
	if err != nil {
		t.Fatal(err)
	}
	w.item[slug] = p.Items[0].ID
	added, _, err := st.AddSlot(ctx, editor, "", store.NewSlot{Slot: playlists.Slot{Playlist: pl, Start: "07:00", End: "08:00", Days: []time.Weekday{1}, Group: w.group[slug]}})
	if err != nil {
		t.Fatalf("slot of %s: %v", slug, err)
	}
	w.slot[slug] = added.ID
	admin := store.Actor{Key: "user:qt-" + slug, Name: "quản trị " + slug, Roles: store.AllRoles, Unit: made(w, slug)}
	hook, err := st.AddAlertTarget(ctx, admin, store.AlertTarget{Kind: store.TargetWebhook, Address: "http://127.0.0.1:9/hook-" + slug, Secret: "bí mật đủ dài của " + slug})
	if err != nil {
		t.Fatalf("webhook of %s: %v", slug, err)
	}
	mail, err := st.AddAlertTarget(ctx, admin, store.AlertTarget{Kind: store.TargetEmail, Address: "thu-" + slug + "@example.org"})
	if err != nil {
		t.Fatalf("e-mail of %s: %v", slug, err)
	}
	w.webhook[slug], w.email[slug] = hook.ID, mail.ID
}

// fill names, in a route's path, the thing of unit other it aims at.
func (w *unitWorld) fill(path, other string) string {
	id := w.board[other]
	switch {
	case strings.HasPrefix(path, "/slogans/"):
		id = w.slogan[other]
	case strings.HasPrefix(path, "/photos/"):
		id = w.photo[other]
	case strings.HasPrefix(path, "/versions/"):
		id = w.version[other]
	case strings.HasPrefix(path, "/schedule/"):
		id = w.slot[other]
	case strings.HasPrefix(path, "/webhooks/"):
		id = w.webhook[other]
	case strings.HasPrefix(path, "/alert-emails/"):
		id = w.email[other]
	case strings.HasPrefix(path, "/playlists/"):
		id = w.item[other]
		path = strings.Replace(path, ":slug", w.playlist[other], 1)
	}
	return strings.NewReplacer(":id", fmt.Sprint(id), ":slug", w.group[other], ":sum", "0000").Replace(path)
}

// made is the ID of a unit of the world, by slug.
func made(w *unitWorld, slug string) int64 { return w.units[slug].ID }

// sees reports whether a person of unit from may see what belongs to unit.
func (w *unitWorld) sees(from, unit string) bool {
	for u := w.units[unit]; ; u = w.units[u.Parent] {
		if u.Slug == from {
			return true
		}
		if u.Parent == "" {
			return false
		}
	}
}

// snapshot is what a unit owns, as the store has it, to compare before
// and after another unit's requests.
func (w *unitWorld) snapshot(t *testing.T, unit string) string {
	t.Helper()
	ctx := context.Background()
	b, err := w.h.s.store.Board(ctx, store.Everything, w.board[unit])
	if err != nil {
		t.Fatalf("board of %s gone: %v", unit, err)
	}
	b.LastSeenAt, b.Status = time.Time{}, nil
	g, err := w.h.s.store.Group(ctx, store.Everything, w.group[unit])
	if err != nil {
		t.Fatalf("group of %s gone: %v", unit, err)
	}
	all, _ := w.h.s.store.Boards(ctx, store.Everything)
	n := 0
	for _, x := range all {
		if x.Unit == unit {
			n++
		}
	}
	tree, _ := w.h.s.store.Units(ctx)
	u, _ := tree.BySlug(unit)
	var sws []store.Switch
	all2, _ := w.h.s.store.Switches(ctx, store.Everything)
	for _, sw := range all2 {
		if sw.Unit == unit {
			sws = append(sws, sw)
		}
	}
	sl, err := w.h.s.store.Slogan(ctx, store.Everything, w.slogan[unit])
	if err != nil {
		t.Fatalf("slogan of %s gone: %v", unit, err)
	}
	ph, err := w.h.s.store.Photo(ctx, store.Everything, w.photo[unit])
	if err != nil {
		t.Fatalf("photo of %s gone: %v", unit, err)
	}
	pl, err := w.h.s.store.Playlist(ctx, store.Everything, w.playlist[unit])
	if err != nil {
		t.Fatalf("playlist of %s gone: %v", unit, err)
	}
	slots, err := w.h.s.store.Schedule(ctx, store.Everything, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := w.h.s.store.Versions(ctx, store.Everything, store.VersionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, v := range vs {
		if v.UnitID == u.ID {
			states = append(states, fmt.Sprintf("%d:%s", v.ID, v.State))
		}
	}
	var targets []store.AlertTarget
	all3, _ := w.h.s.store.AlertTargets(ctx, store.Everything)
	for _, x := range all3 {
		if x.Unit == unit {
			targets = append(targets, x)
		}
	}
	out, _ := json.Marshal([]any{b, g, n, sws, u, sl, ph, pl, slots, states, targets})
	return string(out)
}

// leaks lists what of unit's a response shows.
func (w *unitWorld) leaks(raw []byte, unit string) []string {
	var out []string
	for _, marker := range []string{`"` + w.name[unit] + `"`, `"` + w.group[unit] + `"`, w.name[unit] + "<", contentText(unit), `"` + w.playlist[unit] + `"`, "hook-" + unit, "thu-" + unit + "@"} {
		if strings.Contains(string(raw), marker) {
			out = append(out, marker)
		}
	}
	return out
}

// getBody reads a response, or for a live stream its first half second.
func getBody(resp *http.Response) []byte {
	defer resp.Body.Close()
	done := make(chan []byte, 1)
	go func() {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		done <- raw
	}()
	select {
	case raw := <-done:
		return raw
	case <-time.After(500 * time.Millisecond): // a live stream sends its first wall at once
		resp.Body.Close()
		return <-done
	}
}

// TestUnitsSeeNothingOfOtherUnits walks every route of the API and the
// console as a person (a token holding every role) of each unit, aimed
// at what a sibling or a parent unit owns: a route closed to units
// answers 403; a route open to units answers as if the thing did not
// exist (never 403, which would tell that it does), shows nothing of it
// in any answer, and changes nothing of it. Then the same person sees
// and changes their own unit's and their child units' things. The
// package's tests run on PostgreSQL too (engine_test.go).
func TestUnitsSeeNothingOfOtherUnits(t *testing.T) {
	w := newUnitWorld(t)
	h := w.h
	// Every kind of unit one cannot see, once each: the root above
	// everyone, a sibling, one's parent, a cousin (a sibling's child). The
	// walk is ~80 API and ~75 console requests a pair, on two engines,
	// under -race in CI: every pair of the tree would only repeat kinds.
	aimed := map[[2]string]bool{
		{"xa-an-phu", "goc"}: true, {"xa-an-phu", "xa-binh-minh"}: true,
		{"thon-an-phu-1", "xa-an-phu"}: true, {"thon-an-phu-1", "xa-binh-minh"}: true,
		{"xa-binh-minh", "thon-an-phu-1"}: true,
	}
	for _, from := range w.order[1:] {
		// What from cannot see, as it is before from's requests.
		before := map[string]string{}
		for _, u := range w.order {
			if !w.sees(from, u) {
				before[u] = w.snapshot(t, u)
			}
		}
		for _, other := range w.order {
			if w.sees(from, other) || !aimed[[2]string{from, other}] {
				continue
			}
			body, _ := json.Marshal(map[string]any{
				"name": "Đổi tên qua đơn vị khác", "size": "384x128", "groups": []string{w.group[other]}, "unit": other,
				"parent": other, "board": w.board[other], "group": w.group[other], "version": 1,
				"playlist": w.playlist[other], "code": "ABCD-EFGH", "text": "Chữ sửa qua đơn vị khác", "style": "classic",
				"slogan_id": w.slogan[other], "photo_id": w.photo[other], "seconds": 10, "start": "09:00", "end": "10:00",
				"from_above": true, "caption": "Chú thích sửa qua đơn vị khác",
			})
			for _, r := range h.s.apiRoutes() {
				t.Run(fmt.Sprintf("%s→%s %s %s", from, other, r.method, r.path), func(t *testing.T) {
					sent := string(body)
					if r.method == http.MethodGet || r.method == http.MethodDelete {
						sent = "" // refused before anything else (request.RefuseBody)
					}
					path := w.fill(r.path, other)
					if strings.HasPrefix(r.path, "/units/") {
						path = strings.Replace(r.path, ":slug", other, 1) // a unit's own slug
					}
					req, _ := http.NewRequest(r.method, h.srv.URL+"/api/v1"+path, strings.NewReader(sent))
					req.Header.Set("Authorization", "Bearer "+w.token[from])
					req.Header.Set("Content-Type", "application/json")
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					raw := getBody(resp)
					if r.reach == rootOnly {
						if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(raw), "root_unit_only") {
							t.Fatalf("route closed to units answered %d %.300s", resp.StatusCode, raw)
						}
						return
					}
					if resp.StatusCode == http.StatusForbidden && !strings.Contains(string(raw), "forbidden_role") {
						t.Fatalf("403 tells that %s's thing exists: %.300s", other, raw)
					}
					if leaked := w.leaks(raw, other); len(leaked) > 0 {
						t.Fatalf("answer %d shows %s's %v: %.400s", resp.StatusCode, other, leaked, raw)
					}
					if r.path == "/wall/events" && !strings.Contains(string(raw), "event: wall") {
						t.Fatalf("the live wall sent nothing to look at: %q", raw)
					}
					// A change aimed at another unit's thing by its path, or
					// naming it in its body, must not succeed; one aimed at
					// nothing in particular (lifting one's own switches) may,
					// and the snapshots below say it touched nothing else.
					named := strings.Contains(r.path, ":") || r.method == http.MethodPost || r.method == http.MethodPut
					if named && resp.StatusCode < 300 && r.method != http.MethodGet {
						t.Fatalf("change in %s by %s answered %d %.300s", other, from, resp.StatusCode, raw)
					}
				})
			}
			for _, r := range h.s.uiRoutes() {
				if r.path == "/logout" {
					continue
				}
				t.Run(fmt.Sprintf("ui %s→%s %s %s", from, other, r.method, r.path), func(t *testing.T) {
					w.uiRequest(t, from, r, other)
				})
			}
		}
		for u, was := range before {
			if got := w.snapshot(t, u); got != was {
				t.Errorf("%s's things changed by %s's requests:\nbefore %s\nafter  %s", u, from, was, got)
			}
		}
	}
}

// uiRequest makes a console request as a person of unit from (a user
// holding every role there), aimed at unit other's things.
func (w *unitWorld) uiRequest(t *testing.T, from string, r route, other string) {
	t.Helper()
	cookie, csrf := w.sessionIn(t, from)
	form := url.Values{"csrf": {csrf}, "name": {"Đổi tên qua đơn vị khác"}, "group": {w.group[other]}, "unit": {other},
		"board": {fmt.Sprint(w.board[other])}, "text": {"Chữ sửa qua đơn vị khác"}, "style": {"classic"},
		"slogan_id": {fmt.Sprint(w.slogan[other])}, "photo_id": {fmt.Sprint(w.photo[other])}, "seconds": {"10"},
		"playlist": {w.playlist[other]}, "start": {"09:00"}, "end": {"10:00"}, "version": {"1"}, "from_above": {"1"},
		"ids": {fmt.Sprint(w.version[other])}, "action": {"approve"}, "target": {"group:" + w.group[other]}}
	req, _ := http.NewRequest(r.method, w.h.srv.URL+w.fill(r.path, other), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw := getBody(resp)
	if r.reach == rootOnly {
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(raw), "đơn vị gốc") {
			t.Fatalf("page closed to units answered %d %.300s", resp.StatusCode, raw)
		}
		return
	}
	if leaked := w.leaks(raw, other); len(leaked) > 0 {
		t.Fatalf("page %d shows %s's %v", resp.StatusCode, other, leaked)
	}
}

// sessionIn is a logged-in browser of a user holding every role in unit,
// made once per unit.
func (w *unitWorld) sessionIn(t *testing.T, unit string) (cookie, csrf string) {
	t.Helper()
	if got, ok := w.sessions[unit]; ok {
		return got[0], got[1]
	}
	defer func() { w.sessions[unit] = [2]string{cookie, csrf} }()
	ctx := context.Background()
	st := w.h.s.store
	name := "nguoi-" + unit
	u, err := st.UserByName(ctx, name)
	if err != nil {
		if u, err = st.CreateUserIn(ctx, testActor, unit, name, "khong-dung", store.Roles(store.AllRoles)); err != nil {
			t.Fatal(err)
		}
		if err := st.ChangeOwnPassword(ctx, store.Actor{Key: store.UserKey(u.ID), Name: u.Username}, u.ID, "khong-dung", ""); err != nil {
			t.Fatal(err)
		}
	}
	cookie, hash := secret.NewToken(secret.PrefixSession)
	csrf = "csrf-" + cookie[len(cookie)-8:]
	if err := st.CreateSession(ctx, hash, u.ID, csrf, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return cookie, csrf
}

// TestUnitsSeeTheirOwnAndBelow: a commune's person lists the commune's
// and its hamlet's boards and groups and not the root's; changes its
// hamlet's board; adds a board, a group, a unit, a person and a token
// to its hamlet; and whatever it makes carries the unit's slug.
func TestUnitsSeeTheirOwnAndBelow(t *testing.T) {
	w := newUnitWorld(t)
	h := w.h
	tok := w.token["xa-an-phu"]
	list := func(path string) []map[string]any {
		t.Helper()
		status, _, raw := h.do(t, "GET", path, tok, "", "")
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, status, raw)
		}
		var out []map[string]any
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("GET %s: %v %s", path, err, raw)
		}
		return out
	}
	var boards []string
	for _, b := range list("/api/v1/boards") {
		boards = append(boards, fmt.Sprint(b["name"], "@", b["unit"]))
	}
	slices.Sort(boards)
	if want := []string{w.name["xa-an-phu"] + "@xa-an-phu", w.name["thon-an-phu-1"] + "@thon-an-phu-1"}; !slices.Equal(boards, want) {
		t.Fatalf("commune's boards %v, want %v", boards, want)
	}
	var fleet struct {
		Boards     int  `json:"boards"`
		Publishing bool `json:"publishing"`
	}
	var raw []byte
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		// The boards just made are counted once they are cut.
		if _, _, raw = h.do(t, "GET", "/api/v1/fleet", tok, "", ""); json.Unmarshal(raw, &fleet) == nil && !fleet.Publishing {
			break
		}
	}
	if fleet.Boards != 2 {
		t.Fatalf("the commune's fleet summary: %s", raw)
	}
	var units []string
	for _, u := range list("/api/v1/units") {
		units = append(units, fmt.Sprint(u["slug"], "<", u["parent"]))
	}
	if want := []string{"xa-an-phu<goc", "thon-an-phu-1<xa-an-phu"}; !slices.Equal(units, want) {
		t.Fatalf("commune's units %v, want %v", units, want)
	}
	if groups := list("/api/v1/groups"); len(groups) != 2 {
		t.Fatalf("commune sees %d groups, want its own and its hamlet's: %v", len(groups), groups)
	}
	// Changes below: the hamlet's board, a new board and group there.
	status, _, raw := h.do(t, "PUT", fmt.Sprintf("/api/v1/boards/%d", w.board["thon-an-phu-1"]), tok, "application/json", `{"scroll_speed": 40, "version": 1}`)
	if status != http.StatusOK {
		t.Fatalf("commune changes its hamlet's board: %d %s", status, raw)
	}
	status, m, raw := h.do(t, "POST", "/api/v1/groups", tok, "application/json", `{"name": "Nhà văn hoá", "unit": "thon-an-phu-1"}`)
	if status != http.StatusCreated || m["unit"] != "thon-an-phu-1" {
		t.Fatalf("group in the hamlet: %d %s", status, raw)
	}
	status, m, raw = h.do(t, "POST", "/api/v1/boards", tok, "application/json",
		fmt.Sprintf(`{"name": "Bảng nhà văn hoá", "size": "192x64", "unit": "thon-an-phu-1", "groups": [%q]}`, m["slug"]))
	if board, _ := m["board"].(map[string]any); status != http.StatusCreated || board["unit"] != "thon-an-phu-1" {
		t.Fatalf("board in the hamlet: %d %s", status, raw)
	}
	status, m, raw = h.do(t, "POST", "/api/v1/units", tok, "application/json", `{"name": "Trường tiểu học An Phú"}`)
	if status != http.StatusCreated || m["parent"] != "xa-an-phu" || m["depth"] != float64(3) {
		t.Fatalf("unit under the commune: %d %s", status, raw)
	}
	status, m, raw = h.do(t, "POST", "/api/v1/tokens", tok, "application/json", `{"name": "kịch bản thôn", "roles": ["operator"], "unit": "thon-an-phu-1"}`)
	if info, _ := m["info"].(map[string]any); status != http.StatusCreated || info["unit"] != "thon-an-phu-1" {
		t.Fatalf("token of the hamlet: %d %s", status, raw)
	}
	// The hamlet's token sees the hamlet only.
	hamlet, _ := m["token"].(string)
	status, _, raw = h.do(t, "GET", "/api/v1/boards", hamlet, "", "")
	if status != http.StatusOK || strings.Contains(string(raw), w.name["xa-an-phu"]) || !strings.Contains(string(raw), "Bảng nhà văn hoá") {
		t.Fatalf("hamlet token's boards: %d %s", status, raw)
	}
	// A token never reaches above its maker.
	status, _, raw = h.do(t, "POST", "/api/v1/tokens", hamlet, "application/json", `{"name": "leo thang", "roles": ["operator"], "unit": "xa-an-phu"}`)
	if status < 400 {
		t.Fatalf("hamlet token made a commune token: %d %s", status, raw)
	}
	// A board named like another commune's: a name is the unit's own,
	// and taking it tells nothing of the other.
	status, _, raw = h.do(t, "POST", "/api/v1/boards", tok, "application/json", fmt.Sprintf(`{"name": %q, "size": "192x64"}`, w.name["xa-binh-minh"]))
	if status != http.StatusCreated {
		t.Fatalf("a board named like the other commune's: %d %s", status, raw)
	}
	// The audit log: the commune's own entries (and its hamlet's), not
	// a sibling's.
	if status, _, raw := h.do(t, "POST", "/api/v1/groups", w.token["xa-binh-minh"], "application/json", `{"name": "Nhóm riêng Bình Minh"}`); status != http.StatusCreated {
		t.Fatalf("the other commune makes a group: %d %s", status, raw)
	}
	status, _, raw = h.do(t, "GET", "/api/v1/audit", tok, "", "")
	if status != http.StatusOK || strings.Contains(string(raw), "Nhóm riêng Bình Minh") || !strings.Contains(string(raw), "Nhà văn hoá") || !strings.Contains(string(raw), "kịch bản thôn") {
		t.Fatalf("the commune's audit log: %d %.600s", status, raw)
	}
	status, _, raw = h.do(t, "GET", "/api/v1/audit", w.token["goc"], "", "")
	if status != http.StatusOK || !strings.Contains(string(raw), "Nhóm riêng Bình Minh") {
		t.Fatalf("the province's audit log lacks a commune's entry: %d %.300s", status, raw)
	}
	// The tree stops at four levels.
	if _, err := h.s.store.AddUnit(context.Background(), testActor, "Tổ 1", "thon-an-phu-1"); err != nil {
		t.Fatal(err)
	}
	status, _, raw = h.do(t, "POST", "/api/v1/units", w.token["goc"], "application/json", `{"name": "Nhóm 1", "parent": "to-1"}`)
	if status != http.StatusBadRequest || !strings.Contains(string(raw), "4 cấp") {
		t.Fatalf("a fifth level: %d %s", status, raw)
	}
}

// TestUnitReportRollsUp: plays stored for the boards of every unit are
// summed exactly in a unit's report, one line per unit right under it
// (its own boards on a line of their own) and their total; a commune's
// report counts only its own and its hamlet's plays, and opens one level
// down with ?unit=; a board a commune removed still counts for it; a
// unit outside the asker's reach is refused as unknown.
func TestUnitReportRollsUp(t *testing.T) {
	w := newUnitWorld(t)
	h := w.h
	ctx := context.Background()
	st := h.s.store
	t0 := time.Now().UTC().Add(-2 * time.Hour).Truncate(time.Second)
	asset := strings.Repeat("c", 64)
	sent := []store.SentItem{{ItemID: 901, Asset: asset, Width: 384, Height: 128, Playlist: "default", Title: "Mừng Đảng, mừng Xuân", At: t0.Add(-time.Hour)}}
	// Unit i's board plays i+1 times, 10 s each.
	var plays []store.BoardPlays
	want := map[string]int{}
	for i, slug := range w.order {
		var recs []protocol.Play
		for j := range i + 1 {
			recs = append(recs, protocol.Play{ID: int64(j + 1), ItemID: 901, Asset: asset, Start: t0.Add(time.Duration(j) * time.Minute), Seconds: 10})
		}
		plays = append(plays, store.BoardPlays{Board: w.board[slug], Records: recs})
		want[slug] = i + 1
	}
	if err := st.SaveTelemetry(ctx, store.Telemetry{Sent: sent, Plays: plays}); err != nil {
		t.Fatal(err)
	}
	type line struct {
		Unit    string `json:"unit"`
		Name    string `json:"name"`
		Own     bool   `json:"own"`
		Boards  int    `json:"boards"`
		Played  int    `json:"played"`
		Plays   int    `json:"plays"`
		Seconds int    `json:"seconds"`
	}
	var rep struct {
		Unit  string `json:"unit"`
		Plays int    `json:"plays"`
		Units []line `json:"units"`
		Total line   `json:"total"`
	}
	get := func(token, query string) {
		t.Helper()
		rep.Units, rep.Total = nil, line{}
		status, _, raw := h.do(t, "GET", "/api/v1/report"+query, token, "", "")
		if status != http.StatusOK {
			t.Fatalf("report%s: %d %s", query, status, raw)
		}
		if err := json.Unmarshal(raw, &rep); err != nil {
			t.Fatal(err)
		}
	}
	// The province: its two communes, and its own boards (the
	// harness's and the root's test board).
	get(w.token["goc"], "")
	got := map[string]int{}
	for _, l := range rep.Units {
		got[l.Unit] = l.Plays
		if !l.Own && l.Seconds != 10*l.Plays {
			t.Errorf("%s: %d plays in %d s", l.Unit, l.Plays, l.Seconds)
		}
	}
	if got["xa-an-phu"] != want["xa-an-phu"]+want["thon-an-phu-1"] || got["xa-binh-minh"] != want["xa-binh-minh"] || got["goc"] != want["goc"] {
		t.Fatalf("the province's lines %+v, want the commune with its hamlet %d, the other %d, its own %d", rep.Units,
			want["xa-an-phu"]+want["thon-an-phu-1"], want["xa-binh-minh"], want["goc"])
	}
	if rep.Total.Plays != rep.Plays || rep.Plays != 1+2+3+4 || rep.Total.Played != 4 {
		t.Fatalf("the province's total %+v, report plays %d", rep.Total, rep.Plays)
	}
	// The commune: its own board and its hamlet, nothing of the other.
	get(w.token["xa-an-phu"], "")
	if rep.Unit != "xa-an-phu" || rep.Plays != want["xa-an-phu"]+want["thon-an-phu-1"] || len(rep.Units) != 2 {
		t.Fatalf("the commune's report: %+v", rep)
	}
	get(w.token["xa-an-phu"], "?unit=thon-an-phu-1")
	if rep.Unit != "thon-an-phu-1" || rep.Plays != want["thon-an-phu-1"] || rep.Units != nil {
		t.Fatalf("the hamlet, opened from the commune: %+v", rep)
	}
	status, m, raw := h.do(t, "GET", "/api/v1/report?unit=xa-binh-minh", w.token["xa-an-phu"], "", "")
	if status != http.StatusBadRequest || m["code"] != "unknown_unit" {
		t.Fatalf("the other commune's report: %d %s", status, raw)
	}
	// A removed board still counts for its commune.
	if status, _, raw := h.do(t, "DELETE", fmt.Sprintf("/api/v1/boards/%d", w.board["thon-an-phu-1"]), w.token["xa-an-phu"], "", ""); status != http.StatusNoContent {
		t.Fatalf("the commune removes its hamlet's board: %d %s", status, raw)
	}
	get(w.token["xa-an-phu"], "")
	if rep.Plays != want["xa-an-phu"]+want["thon-an-phu-1"] {
		t.Fatalf("after removing a board, the commune's report counts %d plays", rep.Plays)
	}
	status, _, raw = h.do(t, "GET", "/api/v1/report?format=csv&table=units", w.token["goc"], "", "")
	if status != http.StatusOK || !strings.Contains(string(raw), "Xã An Phú") || !strings.Contains(string(raw), "Tổng cộng") {
		t.Fatalf("the roll-up as a spreadsheet: %d %s", status, raw)
	}
}

// TestUnitReportPrintIsTheUnits: a commune's printed report is the
// commune's document, under and to the unit above it (the root, called
// by its issuer's name), with the place and signer left to write in;
// the root's printed report keeps the root's letterhead.
func TestUnitReportPrintIsTheUnits(t *testing.T) {
	w := newUnitWorld(t)
	get := func(unit, path string) string {
		t.Helper()
		cookie, _ := w.sessionIn(t, unit)
		req, _ := http.NewRequest("GET", w.h.srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw := getBody(resp)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %.300s", path, resp.StatusCode, raw)
		}
		return string(raw)
	}
	commune := get("xa-an-phu", "/report/print")
	for _, want := range []string{"<strong>XÃ AN PHÚ</strong>", "T/M XÃ AN PHÚ", "Kính gửi: "} {
		if !strings.Contains(commune, want) {
			t.Errorf("the commune's printed report lacks %q", want)
		}
	}
	hamlet := get("xa-an-phu", "/report/print?unit=thon-an-phu-1")
	if !strings.Contains(hamlet, "<strong>THÔN AN PHÚ 1</strong>") || !strings.Contains(hamlet, "Kính gửi: Xã An Phú") {
		t.Errorf("the hamlet's printed report, from its commune: not the hamlet's to the commune")
	}
	root := get("goc", "/report/print")
	if strings.Contains(root, "XÃ AN PHÚ</strong>") {
		t.Errorf("the root's printed report is headed by a commune")
	}
}
