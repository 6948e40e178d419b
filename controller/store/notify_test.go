package store

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestChangesReachOtherControllers: on one PostgreSQL database, a change
// committed through one Store reaches another Store's OnChange listener
// with its revision; a Store hears its own change once, from itself; a
// rolled-back change is never heard.
func TestChangesReachOtherControllers(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t)
	heardA, heardB := make(chan Change, 16), make(chan Change, 16)
	a.OnChange(func(c Change) { heardA <- c })
	b.OnChange(func(c Change) { heardB <- c })
	listening := make(chan struct{}, 2)
	a.watching = func() { listening <- struct{}{} }
	b.watching = func() { listening <- struct{}{} }
	watchCtx, stop := context.WithCancel(ctx)
	defer stop()
	go a.WatchChanges(watchCtx)
	go b.WatchChanges(watchCtx)
	for range 2 {
		select {
		case <-listening:
		case <-time.After(10 * time.Second):
			t.Fatal("the watches never listened")
		}
	}
	// Listening, each reports the current revision once, for whatever
	// was committed before.
	for _, heard := range []chan Change{heardA, heardB} {
		if c := <-heard; c.Action != ActionResync {
			t.Fatalf("on listening heard %+v, want a resync", c)
		}
	}

	if _, err := a.CreateGroup(ctx, ed, "Chợ trung tâm"); err != nil {
		t.Fatal(err)
	}
	rev, err := a.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mine := <-heardA
	select {
	case c := <-heardB:
		if c.Revision != rev || c.Action != mine.Action {
			t.Fatalf("the other controller heard %+v, want %+v", c, mine)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the other controller never heard of the change")
	}
	// A change refused in its transaction is never heard.
	if _, err := a.CreateGroup(ctx, ed, "Chợ trung tâm"); err == nil {
		t.Fatal("a second group of the same name was created")
	}
	if _, err := b.CreateGroup(ctx, ed, "Trụ sở Đảng ủy"); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-heardA:
		if c.Action != "group.create" {
			t.Fatalf("heard %+v, want the second group's creation only", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first controller never heard the second one's change")
	}
	// Each hears its own change once, from itself, not again from the
	// database.
	if c := <-heardB; c.Action != "group.create" {
		t.Fatalf("the second controller heard %+v for its own change", c)
	}
	select {
	case c := <-heardA:
		t.Fatalf("the first controller heard %+v more", c)
	case c := <-heardB:
		t.Fatalf("the second controller heard %+v more", c)
	case <-time.After(500 * time.Millisecond):
	}
}

// TestWatchReconnects: when the database drops the watching connection,
// the watch says so, reconnects by itself, reports a resync (notices sent
// meanwhile are lost, so the listener republishes), and hears later
// changes again.
func TestWatchReconnects(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t)
	heard := make(chan Change, 16)
	lost := make(chan error, 4)
	listening := make(chan struct{}, 4)
	b.OnChange(func(c Change) { heard <- c })
	b.OnWatchError(func(err error) { lost <- err })
	b.watching = func() { listening <- struct{}{} }
	watchCtx, stop := context.WithCancel(ctx)
	defer stop()
	go b.WatchChanges(watchCtx)
	wait := func(what string) {
		t.Helper()
		select {
		case <-listening:
		case <-time.After(10 * time.Second):
			t.Fatalf("never %s", what)
		}
	}
	wait("listened")
	if c := <-heard; c.Action != ActionResync {
		t.Fatalf("on listening heard %+v, want a resync", c)
	}
	// Drop the connection listening for this schema's notices (other
	// tests' listen for their own schemas).
	if _, err := a.w.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE query = 'LISTEN ' || ? AND pid <> pg_backend_pid()`, pgxIdentifier(b.channel)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-lost:
	case <-time.After(10 * time.Second):
		t.Fatal("the watch never noticed its connection was dropped")
	}
	wait("listened again")
	if c := <-heard; c.Action != ActionResync || !c.Boards() {
		t.Fatalf("after reconnecting heard %+v, want a resync", c)
	}
	if _, err := a.CreateGroup(ctx, ed, "Thôn Pả Pẻn"); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-heard:
		if c.Action != "group.create" {
			t.Fatalf("heard %+v", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("after reconnecting, a change was never heard")
	}
}

// pgxIdentifier quotes a channel name as LISTEN does.
func pgxIdentifier(s string) string { return pgx.Identifier{s}.Sanitize() }
