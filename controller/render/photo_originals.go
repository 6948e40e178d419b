package render

import (
	"context"
	"fmt"
	"os"

	"codong/controller/store"
)

// PhotoOriginals keeps uploaded photos by their sha256: files in
// DATA/photos beside a controller on SQLite (assets.Store), the database
// on PostgreSQL, so that every controller sharing it can fit any photo.
type PhotoOriginals interface {
	Put(data []byte) (string, error)
	// Adopt keeps the upload's temporary file at path, which hashes to
	// sum, and removes it from there.
	Adopt(sum, path string) error
	Get(sum string) ([]byte, error)
}

// DBOriginals keeps originals in the store's database.
type DBOriginals struct{ Store *store.Store }

func (d DBOriginals) Put(data []byte) (string, error) {
	return d.Store.PutPhotoOriginal(context.Background(), data)
}

// Adopt reads the file whole: a PostgreSQL value is sent in one piece
// (at most store.MaxPhotoBytes, one file of one upload at a time).
func (d DBOriginals) Adopt(sum, path string) error {
	if kept, err := d.Store.HasPhotoOriginal(context.Background(), sum); err != nil || kept {
		if err == nil {
			err = os.Remove(path)
		}
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	got, err := d.Store.PutPhotoOriginal(context.Background(), data)
	if err == nil && got != sum {
		err = fmt.Errorf("photo %s changed on disk before it was kept", sum)
	}
	if err != nil {
		return err
	}
	return os.Remove(path)
}

func (d DBOriginals) Get(sum string) ([]byte, error) {
	return d.Store.PhotoOriginal(context.Background(), sum)
}
