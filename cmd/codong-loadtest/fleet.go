package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"codong/protocol"
)

// Bounds on what the harness asks of the controller at once while setting
// up and tearing down: a fleet is created by staff and scripts, not all
// in one instant.
const (
	createAtOnce  = 16
	deleteAtOnce  = 16
	connectAtOnce = 200
	// progressEvery paces the lines a person watches during long steps.
	progressEvery = time.Second
)

// fleet is the harness's simulated boards and what they share: the
// controllers they link to, the pinned key, the pictures known so far, and
// the counters.
type fleet struct {
	cfg       *Config
	endpoints []endpoint // controllers boards link to, round-robin
	sources   []net.IP
	key       ed25519.PublicKey
	warm      map[size][]string // pictures every board of a size starts with
	pictures  *pictures
	stats     *counters
	dialSlots chan struct{}
	// fetchSlots bound the picture downloads at once (see fetchAtOnce).
	fetchSlots chan struct{}
	started    time.Time
	runID      string

	// groups are the slugs of the groups the run made for its boards.
	groups []string
	// units are the communes boards are spread over (-units); empty:
	// every board in the token's own unit, as before units existed.
	units []string

	mu     sync.Mutex
	boards []*board

	stopLinks   context.CancelFunc
	stopEngines context.CancelFunc
	wg          sync.WaitGroup
}

func newFleet(cfg *Config, endpoints []endpoint, sources []net.IP) *fleet {
	return &fleet{
		cfg: cfg, endpoints: endpoints, sources: sources,
		warm: make(map[size][]string), pictures: newPictures(), stats: &counters{},
		dialSlots: make(chan struct{}, connectAtOnce), fetchSlots: make(chan struct{}, fetchAtOnce(cfg.Boards)), started: time.Now(),
		// Names must be unique on the controller, also beside boards kept
		// (-keep) by an earlier run.
		runID: strings.ToLower(rand.Text()[:5]),
	}
}

// created is POST /api/v1/boards's answer.
type created struct {
	Board struct {
		ID int64 `json:"id"`
	} `json:"board"`
	Token         string `json:"token"`
	ControllerKey string `json:"controller_key"`
}

// provision creates the boards through the API, a few at a time, spread
// over the sizes, groups and source addresses.
func (f *fleet) provision(ctx context.Context, a *api, say func(string, ...any)) error {
	if err := f.makeGroups(ctx, a); err != nil {
		return err
	}
	n := f.cfg.Boards
	next := atomic.Int64{}
	errc := make(chan error, createAtOnce)
	var wg sync.WaitGroup
	for range createAtOnce {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				if err := f.create(ctx, a, i); err != nil {
					errc <- err
					return
				}
			}
		})
	}
	stop := f.every(func() { say("  đã tạo %d/%d bảng", f.count(), n) })
	wg.Wait()
	stop()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err()
}

func (f *fleet) create(ctx context.Context, a *api, i int) error {
	sz := f.cfg.Sizes[i%len(f.cfg.Sizes)]
	group, groups := "", []string{}
	if len(f.groups) > 0 {
		group = f.groups[i%len(f.groups)]
		groups = append(groups, group)
	}
	name := fmt.Sprintf("Bảng thử tải %s-%04d", f.runID, i+1)
	body := map[string]any{"name": name, "size": sz.String(), "groups": groups}
	if len(f.units) > 0 {
		body["unit"] = f.units[i%len(f.units)]
	}
	var c created
	if _, err := a.call(ctx, http.MethodPost, "/api/v1/boards", body, &c); err != nil {
		return fmt.Errorf("tạo bảng “%s”: %w", name, err)
	}
	key, err := protocol.ParseKey(c.ControllerKey)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.key == nil {
		f.key = key
	} else if !f.key.Equal(key) {
		return fmt.Errorf("khoá của controller đổi giữa chừng (%s)", c.ControllerKey)
	}
	ep := f.endpointOf(i)
	f.boards = append(f.boards, newBoard(f, c.Board.ID, name, c.Token, sz, group, ep, f.sourceFor(i, ep)))
	return nil
}

func (f *fleet) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.boards)
}

// all is a copy of the board list, safe to range over unlocked.
func (f *fleet) all() []*board {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*board(nil), f.boards...)
}

// start links every board; realistic ones also start rotating. Links and
// engines stop apart, so plays can be flushed after the rotation stops.
func (f *fleet) start(ctx context.Context) {
	linkCtx, stopLinks := context.WithCancel(ctx)
	engineCtx, stopEngines := context.WithCancel(ctx)
	f.stopLinks, f.stopEngines = stopLinks, stopEngines
	for _, b := range f.all() {
		f.wg.Go(func() { b.run(linkCtx) })
		if !f.cfg.Light {
			f.wg.Go(func() { b.engine(engineCtx) })
		}
	}
}

// stop ends every engine and link and waits for them.
func (f *fleet) stop() {
	if f.stopLinks == nil {
		return
	}
	f.stopEngines()
	f.stopLinks()
	f.wg.Wait()
	for _, b := range f.all() {
		if b.http != nil {
			b.http.CloseIdleConnections()
		}
	}
}

// every runs fn each progressEvery until the returned stop is called.
func (f *fleet) every(fn func()) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				fn()
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// makeGroups creates the run's groups (boards are spread over them, as a
// province's over its communes), named after the run so runs never clash.
func (f *fleet) makeGroups(ctx context.Context, a *api) error {
	for g := range f.cfg.Groups {
		var made struct {
			Slug string `json:"slug"`
		}
		name := fmt.Sprintf("Thử tải %s nhóm %d", f.runID, g+1)
		if _, err := a.call(ctx, http.MethodPost, "/api/v1/groups", map[string]string{"name": name}, &made); err != nil {
			return fmt.Errorf("tạo nhóm “%s”: %w", name, err)
		}
		f.groups = append(f.groups, made.Slug)
	}
	return nil
}

// deleteGroups removes the run's groups once its boards are gone.
func (f *fleet) deleteGroups(ctx context.Context, a *api) error {
	for _, g := range f.groups {
		if _, err := a.call(ctx, http.MethodDelete, "/api/v1/groups/"+g, nil, nil); err != nil {
			return fmt.Errorf("xoá nhóm %s: %w", g, err)
		}
	}
	return nil
}
