package controller

import (
	"context"

	"codong/controller/staff"
	"codong/controller/store"
)

// The command line's operations are staff's (controller/staff): a board,
// an account or a token made either way is the same.

// AddBoard registers a board and returns its secret token, which is
// shown once and stored only as a hash.
func AddBoard(ctx context.Context, st *store.Store, a store.Actor, b store.Board) (store.Board, string, error) {
	return staff.AddBoard(ctx, st, a, b)
}

// CreateAPIToken makes a bearer token for scripts and returns it once.
// days is how long it lives (0: until revoked).
func CreateAPIToken(ctx context.Context, st *store.Store, a store.Actor, name, roles string, days int) (string, store.APIToken, error) {
	return staff.CreateAPIToken(ctx, st, a, name, roles, days)
}

// AddUser creates a person's account.
func AddUser(ctx context.Context, st *store.Store, a store.Actor, username, password, roles string) (store.User, error) {
	return staff.AddUser(ctx, st, a, username, password, roles)
}

// ResetPassword sets a user's password by name, for the command line: the
// way back for an administrator who forgot theirs (staff.ResetPassword).
func ResetPassword(ctx context.Context, st *store.Store, a store.Actor, username, password string) error {
	return staff.ResetPassword(ctx, st, a, username, password)
}

// OpenStore opens the database of a data directory, or the PostgreSQL
// database when one is named, for the command line.
func OpenStore(ctx context.Context, dataDir, database string) (*store.Store, error) {
	cfg := Config{DataDir: dataDir, Database: database}
	if err := cfg.checkDatabase(); err != nil {
		return nil, err
	}
	return cfg.openStore(ctx)
}
