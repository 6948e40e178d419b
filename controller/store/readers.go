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

// maxKeptStatements bounds the statements kept: the store's reads are a
// few dozen texts, but some are built with a scope's or a filter's
// clauses; past the bound a text is prepared for its one use, as
// before.
const maxKeptStatements = 512

func newReaders(db *sql.DB, keep bool) *readers {
	return &readers{DB: db, keep: keep, max: maxKeptStatements, stmts: make(map[string]*sql.Stmt)}
}

// stmt is the kept statement of query, prepared now if need be; nil when
// it is not kept (PostgreSQL, the bound reached, or preparing failed:
// the query then runs unprepared and reports its own error).
func (r *readers) stmt(ctx context.Context, query string) *sql.Stmt {
	if !r.keep {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if st, ok := r.stmts[query]; ok {
		return st
	}
	if len(r.stmts) >= r.max {
		return nil
	}
	st, err := r.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	r.stmts[query] = st
	return st
}

// QueryContext is sql.DB's, through a kept statement.
func (r *readers) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext is sql.DB's, through a kept statement.
func (r *readers) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := r.stmt(ctx, query); st != nil {
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
