package store

import (
	"context"
	"errors"
	"fmt"
)

// installationSetting names the installation's random ID (32 hex
// digits), made by a migration when the database is created: the
// database, not the key file, is the installation. Players pin the ID
// with the key, so a controller started on a new database beside the
// old key file is another installation to them.
const installationSetting = "installation"

// ErrEmpty is returned by OpenExisting for a database with no schema: a
// missing or empty SQLite file, or a PostgreSQL schema with no tables of
// codong's. Nothing was created.
var ErrEmpty = errors.New("store: the database is empty")

// Installation returns the installation's ID.
func (s *Store) Installation(ctx context.Context) (string, error) {
	id, err := s.Setting(ctx, installationSetting)
	if err != nil {
		return "", fmt.Errorf("store: installation: %w", err)
	}
	return id, nil
}
