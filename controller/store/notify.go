package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Changes made through one controller reach the boards of every
// controller on a shared PostgreSQL database: each change's transaction
// sends a notice on changeChannel (delivered at commit, never for a
// rolled-back change), and every Store watching (WatchChanges) passes
// the notices of other controllers to its OnChange listener, which
// publishes to its own boards. On SQLite there is one controller and
// nothing to send.
const changeChannel = "codong_change"

// Timing of the watch: a lost connection is retried after
// watchRetry, and each reconnection republishes (notices sent while it
// was away are gone).
const watchRetry = 2 * time.Second

func newInstance() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// OnWatchError registers fn to hear why WatchChanges lost its
// connection (it reconnects by itself).
func (s *Store) OnWatchError(fn func(error)) { s.onWatchError = fn }

// notify sends c to the other controllers when the transaction commits.
func (s *Store) notify(ctx context.Context, tx *sql.Tx, c Change) error {
	if !s.pg {
		return nil
	}
	payload := strconv.FormatInt(c.Revision, 10) + " " + s.instance + " " + c.Action
	if _, err := tx.ExecContext(ctx, `SELECT pg_notify(?, ?)`, s.channel, payload); err != nil {
		return fmt.Errorf("store: notify: %w", err)
	}
	return nil
}

// WatchChanges passes the changes other controllers commit to the
// OnChange listener until ctx ends; on SQLite it returns at once. Each
// time it starts listening (at start, and after reconnecting by itself
// to a lost connection) it reports a change of the current revision
// (ActionResync), so nothing committed meanwhile stays unpublished.
func (s *Store) WatchChanges(ctx context.Context) {
	if !s.pg {
		return
	}
	for ctx.Err() == nil {
		err := s.watchOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if s.onWatchError != nil {
			s.onWatchError(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(watchRetry):
		}
	}
}

// watchOnce listens on one connection until it fails or ctx ends. Once
// it listens it reports the current revision, so a change committed
// before (at start, or while it was away) is published, and none is
// missed between.
func (s *Store) watchOnce(ctx context.Context) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(pgConn)
		if !ok {
			return errors.New("store: watch: not a PostgreSQL connection")
		}
		sc, ok := pc.pgxConn.(*stdlib.Conn)
		if !ok {
			return errors.New("store: watch: not a pgx connection")
		}
		c := sc.Conn()
		if _, err := c.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel}.Sanitize()); err != nil {
			return err
		}
		if s.watching != nil {
			s.watching()
		}
		s.resync(ctx)
		for {
			n, err := c.WaitForNotification(ctx)
			if err != nil {
				// The connection is left mid-wait: drop it rather than
				// hand it back to the pool.
				c.Close(context.Background())
				return err
			}
			s.received(n)
		}
	})
}

// received passes on a notice from another controller.
func (s *Store) received(n *pgconn.Notification) {
	revText, rest, _ := strings.Cut(n.Payload, " ")
	from, action, _ := strings.Cut(rest, " ")
	rev, err := strconv.ParseInt(revText, 10, 64)
	if err != nil || from == s.instance || s.onChange == nil {
		return
	}
	s.onChange(Change{Revision: rev, Action: action})
}

// resync reports the current revision as a change.
func (s *Store) resync(ctx context.Context) {
	rev, err := s.Revision(ctx)
	if err != nil || s.onChange == nil {
		return
	}
	s.onChange(Change{Revision: rev, Action: ActionResync})
}
