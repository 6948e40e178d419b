package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// flushCheck paces the wait for the controller's last confirmations.
const flushCheck = 50 * time.Millisecond

// flushPlays stops the rotation, so no new play is recorded, and gives the
// controller up to grace to confirm the plays still unconfirmed (sent
// now, as if every board's periodic report were due). Halfway,
// plays whose message went unanswered are offered again, as the player
// does after a period. It returns how many stay unconfirmed.
func (f *fleet) flushPlays(ctx context.Context, grace time.Duration) int {
	if f.stopEngines == nil {
		return 0
	}
	f.stopEngines()
	boards := f.all()
	for _, b := range boards {
		poke(b.flushCh)
	}
	deadline := time.Now().Add(grace)
	offeredAgain := false
	for {
		left := 0
		for _, b := range boards {
			left += b.unconfirmed()
		}
		if left == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			return left
		}
		if !offeredAgain && time.Until(deadline) < grace/2 {
			offeredAgain = true
			for _, b := range boards {
				b.forgetInFlight()
				poke(b.flushCh)
			}
		}
		sleep(ctx, flushCheck)
	}
}

// dropAll cuts every board's link at once.
func (f *fleet) dropAll() {
	for _, b := range f.all() {
		b.drop()
	}
}

// deletePasses is how many times cleanup goes over the boards a loaded
// controller failed to delete, so none is left behind needlessly.
const deletePasses = 3

// deleteBoards removes the boards the harness created and returns how
// many are gone.
func (f *fleet) deleteBoards(ctx context.Context, a *api, say func(string, ...any)) (int, error) {
	left := f.all()
	deleted := 0
	var err error
	for pass := 0; pass < deletePasses && len(left) > 0 && ctx.Err() == nil; pass++ {
		var n int
		n, left, err = f.deletePass(ctx, a, left, pass > 0, deleted, say)
		deleted += n
	}
	return deleted, err
}

// deletePass deletes boards a few at a time and returns how many it
// deleted and which are left; again marks a pass over boards that failed.
func (f *fleet) deletePass(ctx context.Context, a *api, boards []*board, again bool, done int, say func(string, ...any)) (int, []*board, error) {
	total := f.count()
	var next, deleted atomic.Int64
	var mu sync.Mutex
	var firstErr error
	var left []*board
	var wg sync.WaitGroup
	for range deleteAtOnce {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(boards) && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				err := deleteBoard(ctx, a, boards[i].id, again)
				if err == nil {
					deleted.Add(1)
					continue
				}
				mu.Lock()
				left = append(left, boards[i])
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	stop := f.every(func() { say("  đã xoá %d/%d bảng", done+int(deleted.Load()), total) })
	wg.Wait()
	stop()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return int(deleted.Load()), left, firstErr
}

// deleteBoard deletes one board, trying again when the controller fails
// (5xx or no answer); a 404 after a failed attempt (again: in an earlier
// pass) means that attempt did delete it.
func deleteBoard(ctx context.Context, a *api, id int64, again bool) error {
	var err error
	for attempt := range retryAttempts {
		var status int
		status, err = a.call(ctx, http.MethodDelete, fmt.Sprintf("/api/v1/boards/%d", id), nil, nil)
		if (attempt > 0 || again) && status == http.StatusNotFound {
			return nil
		}
		if !retryable(status, err) {
			return err
		}
		sleep(ctx, retryWait)
	}
	return err
}
