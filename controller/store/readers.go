package store

import (
	"context"
	"database/sql"
	"sync"
)

// readers is the pool reads run on outside transactions. On SQLite it
// keeps the statements it prepares: modernc's driver prepares every
// query anew, and parsing and planning the SQL was a tenth of the
// controller's CPU in the end-to-end suite (pprof: sqlite3_prepare_v2
// under (*conn).prepareV2), more than executing most of these
// single-row reads. database/sql prepares a kept statement once on each
// connection of the pool that runs it. On PostgreSQL the driver keeps
// its own statement cache, and the pool is used as it is.
type readers struct {
	*sql.DB
	keep bool
	max  int // statements kept at most

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// maxKeptStatements bounds the statements kept, and the memory SQLite
// holds for them on each reader connection: the store's reads are a few
// dozen texts, but some are built with a scope's unit IDs or a filter's
// clauses, and kept texts are never let go; past the bound a text is
// prepared for its one use, as before. The texts read first are the
// fixed ones every controller reads at start and at every publication.
const maxKeptStatements = 128

func newReaders(db *sql.DB, keep bool) *readers {
	return &readers{DB: db, keep: keep, max: maxKeptStatements, stmts: make(map[string]*sql.Stmt)}
}

// stmt is the kept statement of query, prepared now if need be; nil when
// it is not kept (PostgreSQL, the bound reached). Preparing waits for a
// connection, so it is done outside the lock: a read whose statement is
// kept never queues behind another's preparing, and keeps its deadline.
// Two readers preparing one text at once keep the first and close the
// second's (the bound may so be passed by the few preparing at once).
func (r *readers) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if !r.keep {
		return nil, nil
	}
	r.mu.Lock()
	st, ok := r.stmts[query]
	full := len(r.stmts) >= r.max
	r.mu.Unlock()
	if ok || full {
		return st, nil
	}
	st, err := r.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if kept, ok := r.stmts[query]; ok {
		st.Close()
		return kept, nil
	}
	r.stmts[query] = st
	return st, nil
}

// QueryContext is sql.DB's, through a kept statement.
func (r *readers) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := r.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext is sql.DB's, through a kept statement. A *sql.Row can
// only carry an error of its own making, so a text that failed to
// prepare runs unprepared and reports its error through the Row.
func (r *readers) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st, err := r.stmt(ctx, query); err == nil && st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.DB.QueryRowContext(ctx, query, args...)
}

// Close closes the kept statements, then the pool.
func (r *readers) Close() error {
	r.mu.Lock()
	for q, st := range r.stmts {
		st.Close()
		delete(r.stmts, q)
	}
	r.mu.Unlock()
	return r.DB.Close()
}
