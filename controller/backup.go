package controller

import (
	"context"
	"path/filepath"

	"codong/controller/backup"
	"codong/controller/signkey"
	"codong/controller/store"
)

// BackupItem is one thing a backup wrote: a file, or a folder of files.
type BackupItem = backup.Item

// BackupResult is the folder a backup wrote and what is in it.
type BackupResult = backup.Result

// Backup copies the data folder dataDir into a new folder out while a
// controller may be serving it (backup.Write). An existing out is
// refused unless force.
func Backup(ctx context.Context, dataDir, out string, force bool) (BackupResult, error) {
	cfg := Config{DataDir: dataDir}
	return backup.Write(ctx, backup.Folder{
		Dir:      dataDir,
		Database: cfg.dbPath(),
		Key:      signkey.File,
		Folders:  []string{filepath.Base(cfg.photoDir()), filepath.Base(cfg.fontDir())},
		Open:     func(ctx context.Context) (*store.Store, error) { return OpenStore(ctx, dataDir, "") },
	}, out, force)
}
