package player

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// goldenPictures are real rendered slogans: an LED board's and a full-HD
// screen's, the smallest and largest pictures a player usually shows.
var goldenPictures = []string{"04-384x128.png", "04-1920x1080.png"}

func BenchmarkVerifyPicture(b *testing.B) {
	for _, name := range goldenPictures {
		data, err := os.ReadFile(filepath.Join("..", "assets", "testdata", "golden", name))
		if err != nil {
			b.Fatal(err)
		}
		c, err := openCache(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		sum, err := c.assets.Put(data)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("read and hash "+name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := c.assets.Get(sum); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("png decode "+name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := png.Decode(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
