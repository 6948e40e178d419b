package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Bounds of -units and -people: the controller's own (store.MaxUnits,
// store.MaxUsers), so a run it would refuse half-way is refused before
// anything is made. Disabled accounts still count towards MaxUsers.
const (
	maxUnits    = 5000
	maxPeople   = 5000
	maxUnitReps = 1000
)

// peopleRoles are the roles of the people a run makes: what a commune's
// officer holds day to day, and nothing that could approve or administer.
var peopleRoles = []string{"operator", "editor"}

// unitName is the name of the k-th commune a run makes under the root
// (k from 0). Names, not run IDs: units cannot be deleted, so a second
// run finds and reuses the first run's instead of piling up new ones.
func unitName(k int) string { return fmt.Sprintf("Xã thử nghiệm %03d", k+1) }

// personName is the user name of the n-th person (from 0) of the k-th
// commune; like unitName it is the same on every run, so accounts are
// reused (enabled again, given a new password) rather than exhausting
// the controller's bound on accounts.
func personName(k, n int) string { return fmt.Sprintf("thu-tai-xa%03d-%03d", k+1, n+1) }

// provinceName is the person of the root unit whose session times the
// province's pages.
const provinceName = "thu-tai-tinh"

// unitSetup is what a run with -units made or reused on the controller.
type unitSetup struct {
	root    string   // the root unit's slug
	slugs   []string // the communes, in unitName order
	created int      // units this run created (the rest were reused)

	mu       sync.Mutex
	people   []*person // the communes' people, then the province's
	reused   int
	existing map[string]userInfo // GET /api/v1/users, read on the first clash

	// communeToken is an operator token of the measured commune (the
	// first), made by the units phase and revoked at cleanup.
	communeToken   string
	communeTokenID int64
}

// person is an account the run made or reused, with the password it set.
type person struct {
	username, password, unit string
	id                       int64
}

// userInfo is one account of GET /api/v1/users or of the answer to
// creating one.
type userInfo struct {
	ID       int64      `json:"id"`
	Username string     `json:"username"`
	Unit     string     `json:"unit"`
	Version  int        `json:"version"`
	Disabled *time.Time `json:"disabled_at"`
}

// unitInfo is one unit of GET /api/v1/units.
type unitInfo struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Parent string `json:"parent"`
}

// setupUnits makes (or finds) the communes under the root and their
// people, before any board is created, so every board can be put in one.
func (h *harness) setupUnits(ctx context.Context) error {
	n, p := h.cfg.Units, h.cfg.People
	start := time.Now()
	h.say("  Đơn vị: tạo (hoặc dùng lại) %d xã dưới đơn vị gốc và %d người dùng", n, p)
	var list []unitInfo
	if err := h.api.get(ctx, "/api/v1/units", &list); err != nil {
		return fmt.Errorf("đọc danh sách đơn vị: %w", err)
	}
	u := &unitSetup{}
	for _, x := range list {
		if x.Parent == "" {
			u.root = x.Slug
		}
	}
	if u.root == "" {
		return fmt.Errorf("mã truy cập không thuộc đơn vị gốc: -units cần mã của đơn vị gốc (tạo bằng: codong token create --role admin)")
	}
	have := make(map[string]string)
	for _, x := range list {
		if x.Parent == u.root {
			have[x.Name] = x.Slug
		}
	}
	for k := range n {
		name := unitName(k)
		if slug, ok := have[name]; ok {
			u.slugs = append(u.slugs, slug)
			continue
		}
		var made unitInfo
		if _, err := h.api.call(ctx, http.MethodPost, "/api/v1/units", map[string]string{"name": name, "parent": u.root}, &made); err != nil {
			return fmt.Errorf("tạo đơn vị “%s”: %w", name, err)
		}
		u.slugs = append(u.slugs, made.Slug)
		u.created++
	}
	h.units = u
	h.fleet.units = u.slugs
	h.rep.Units = &unitsResult{Units: n, Created: u.created, Root: u.root, Commune: u.slugs[0], People: p}
	if err := h.makePeople(ctx); err != nil {
		return err
	}
	h.rep.Units.PeopleReused = u.reused
	h.rep.Units.SetupMs = ms(time.Since(start))
	h.say("  đã có %d xã (%d mới) và %d người dùng (%d dùng lại) sau %s", n, u.created, p+1, u.reused, fmtMs(h.rep.Units.SetupMs))
	return nil
}

// makePeople makes the communes' people, spread evenly (person j in
// commune j mod N), and the province's one, a few at a time: each costs
// the controller a password hash.
func (h *harness) makePeople(ctx context.Context) error {
	u := h.units
	type want struct {
		username, unit string
	}
	var wants []want
	perUnit := make([]int, len(u.slugs))
	for j := range h.cfg.People {
		k := j % len(u.slugs)
		wants = append(wants, want{personName(k, perUnit[k]), u.slugs[k]})
		perUnit[k]++
	}
	wants = append(wants, want{provinceName, u.root})
	u.people = make([]*person, len(wants))
	var next, done atomic.Int64
	errc := make(chan error, createAtOnce)
	var wg sync.WaitGroup
	for range createAtOnce {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(wants) && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				p, err := h.ensurePerson(ctx, wants[i].username, wants[i].unit)
				if err != nil {
					errc <- err
					return
				}
				u.people[i] = p
				done.Add(1)
			}
		})
	}
	stop := h.fleet.every(func() { h.say("  đã có %d/%d người dùng", done.Load(), len(wants)) })
	wg.Wait()
	stop()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err()
}

// ensurePerson creates an account in unit, or, when a run before made
// it, enables it again with the roles and a new password.
func (h *harness) ensurePerson(ctx context.Context, username, unit string) (*person, error) {
	p := &person{username: username, password: newPassword(), unit: unit}
	var made userInfo
	body := map[string]any{"username": username, "password": p.password, "roles": peopleRoles, "unit": unit}
	_, err := h.api.call(ctx, http.MethodPost, "/api/v1/users", body, &made)
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status != http.StatusConflict {
		if err != nil {
			return nil, fmt.Errorf("tạo người dùng “%s”: %w", username, err)
		}
		p.id = made.ID
		return p, nil
	}
	old, err := h.existingUser(ctx, username)
	if err != nil {
		return nil, err
	}
	if old.Unit != unit {
		return nil, fmt.Errorf("đã có người dùng “%s” ở đơn vị %s, không phải %s: đổi tên hay khoá người ấy rồi chạy lại", username, old.Unit, unit)
	}
	p.id = old.ID
	if _, err := h.api.call(ctx, http.MethodPut, fmt.Sprintf("/api/v1/users/%d", old.ID), map[string]any{"roles": peopleRoles, "disabled": false, "version": old.Version}, nil); err != nil {
		return nil, fmt.Errorf("mở lại người dùng “%s”: %w", username, err)
	}
	if _, err := h.api.call(ctx, http.MethodPut, fmt.Sprintf("/api/v1/users/%d/password", old.ID), map[string]string{"password": p.password}, nil); err != nil {
		return nil, fmt.Errorf("đặt mật khẩu mới cho “%s”: %w", username, err)
	}
	h.units.mu.Lock()
	h.units.reused++
	h.units.mu.Unlock()
	return p, nil
}

// existingUser finds an account by name in GET /api/v1/users, read once.
func (h *harness) existingUser(ctx context.Context, username string) (userInfo, error) {
	u := h.units
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.existing == nil {
		var list []userInfo
		if err := h.api.get(ctx, "/api/v1/users", &list); err != nil {
			return userInfo{}, fmt.Errorf("đọc danh sách người dùng: %w", err)
		}
		u.existing = make(map[string]userInfo, len(list))
		for _, x := range list {
			u.existing[x.Username] = x
		}
	}
	x, ok := u.existing[username]
	if !ok {
		return userInfo{}, fmt.Errorf("controller nói đã có người dùng “%s” nhưng không thấy trong danh sách", username)
	}
	return x, nil
}

// newPassword is a random password well past the controller's minimum
// of 12 characters; nobody types it.
func newPassword() string { return "thu tai " + strings.ToLower(rand.Text()) }

// cleanupUnits revokes the commune's token and disables the run's
// people (accounts cannot be deleted); units stay, as they cannot be
// deleted either, and the next run reuses them.
func (h *harness) cleanupUnits(ctx context.Context) {
	u := h.units
	if u == nil {
		return
	}
	r := h.rep.Units
	r.KeptUnits = len(u.slugs)
	h.rep.Notes = append(h.rep.Notes, fmt.Sprintf("giữ lại %d đơn vị “%s”…“%s” dưới %s: đơn vị không xoá được; lần chạy sau dùng lại chúng", len(u.slugs), unitName(0), unitName(len(u.slugs)-1), u.root))
	if h.cfg.Keep {
		r.KeptPeople = len(u.people)
		return
	}
	if u.communeTokenID != 0 {
		if _, err := h.api.call(ctx, http.MethodDelete, fmt.Sprintf("/api/v1/tokens/%d", u.communeTokenID), nil, nil); err != nil {
			h.rep.Notes = append(h.rep.Notes, "chưa thu hồi được mã truy cập của xã: "+err.Error())
		} else {
			r.TokenRevoked = true
		}
	}
	ours := make(map[int64]bool)
	for _, p := range u.people {
		if p != nil {
			ours[p.id] = true
		}
	}
	if len(ours) == 0 {
		return
	}
	h.say("Khoá %d người dùng đã tạo (người dùng không xoá được)", len(ours))
	// Versions are read now: setting a password may have moved them.
	var list []userInfo
	if err := h.api.get(ctx, "/api/v1/users", &list); err != nil {
		h.rep.Notes = append(h.rep.Notes, "chưa khoá được người dùng đã tạo: "+err.Error())
		return
	}
	var firstErr error
	for _, x := range list {
		if !ours[x.ID] || x.Disabled != nil {
			continue
		}
		if _, err := h.api.call(ctx, http.MethodPut, fmt.Sprintf("/api/v1/users/%d", x.ID), map[string]any{"disabled": true, "version": x.Version}, nil); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		r.Disabled++
	}
	if firstErr != nil {
		h.rep.Notes = append(h.rep.Notes, fmt.Sprintf("chỉ khoá được %d/%d người dùng đã tạo: %v", r.Disabled, len(ours), firstErr))
	}
}
