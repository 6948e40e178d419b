// Package storetest is for tests only: it gives a test a new, empty,
// fully migrated SQLite database without replaying every migration.
// Replaying them costs some 0.7 s of CPU per database under the race
// detector (modernc's SQLite is Go translated from C, and every pointer
// it computes is checked; each ALTER TABLE re-reads the whole schema),
// against 26 ms without it, and the suites start hundreds of
// controllers. The schema is built once per test process by store.Open
// itself (given as an Opener, so the store's own tests can use this too)
// and each database is a copy with an installation ID of its own, so
// what a test opens is what a new installation has.
package storetest

import (
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver Fresh opens the copy with
)

// Opener makes a new database at path as store.Open does, and returns
// it open.
type Opener func(path string) (io.Closer, error)

var image struct {
	once sync.Once
	data []byte
	err  error
}

// built is the bytes of a new installation's database, made once.
func built(open Opener) ([]byte, error) {
	image.once.Do(func() {
		dir, err := os.MkdirTemp("", "codong-storetest-")
		if err != nil {
			image.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "codong.db")
		st, err := open(path)
		if err != nil {
			image.err = err
			return
		}
		// Closing the last connection copies the write-ahead log back
		// and removes it: the file alone is the database.
		if err := st.Close(); err != nil {
			image.err = err
			return
		}
		if _, err := os.Stat(path + "-wal"); err == nil {
			image.err = errors.New("storetest: the write-ahead log outlived the database's close")
			return
		}
		image.data, image.err = os.ReadFile(path)
	})
	return image.data, image.err
}

// Fresh writes a new installation's empty database to path, which must
// not exist yet, as store.Open would have made it: every migration
// applied, nothing else but what they insert, and an installation ID of
// its own.
func Fresh(t testing.TB, path string, open Opener) {
	t.Helper()
	data, err := built(open)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`UPDATE settings SET value = lower(hex(randomblob(16))) WHERE key = 'installation'`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("storetest: the new database has %d installation IDs", n)
	}
}

// FreshIn gives an empty data folder dir a new installation's database
// where a controller configured for SQLite looks for it. A folder that
// holds anything (a database, a key without one) is left as it is: its
// test is about what a controller makes of that; so is a folder not
// made yet.
func FreshIn(t testing.TB, dir string, open Opener) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return // the controller makes the folder, and its database
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		Fresh(t, filepath.Join(dir, "codong.db"), open)
	}
}
