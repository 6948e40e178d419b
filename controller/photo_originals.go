package controller

import (
	"context"

	"codong/controller/store"
)

// photoOriginals keeps uploaded photos by their sha256: files in
// DATA/photos beside a controller on SQLite (assets.Store), the database
// on PostgreSQL, so that every controller sharing it can fit any photo.
type photoOriginals interface {
	Put(data []byte) (string, error)
	Get(sum string) ([]byte, error)
}

// dbOriginals keeps originals in the store's database.
type dbOriginals struct{ st *store.Store }

func (d dbOriginals) Put(data []byte) (string, error) {
	return d.st.PutPhotoOriginal(context.Background(), data)
}

func (d dbOriginals) Get(sum string) ([]byte, error) {
	return d.st.PhotoOriginal(context.Background(), sum)
}
