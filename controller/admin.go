package controller

import (
	"context"

	"codong/controller/store"
)

// OpenStore opens the database of a data directory, or the PostgreSQL
// database when one is named, for the command line.
func OpenStore(ctx context.Context, dataDir, database string) (*store.Store, error) {
	cfg := Config{DataDir: dataDir, Database: database}
	if err := cfg.checkDatabase(); err != nil {
		return nil, err
	}
	return cfg.openStore(ctx)
}
