package memory

import (
	"bytes"
	"testing"

	"codong/player/display"
)

func TestShowKeepsACopy(t *testing.T) {
	var d Display
	buf := []byte("\x89PNG first")
	if err := d.Show(display.Frame{PNG: buf, Width: 384, Height: 128, Scroll: true}); err != nil {
		t.Fatal(err)
	}
	copy(buf, "XXXX") // the player reuses its buffers
	f, n := d.Last()
	if n != 1 || !bytes.Equal(f.PNG, []byte("\x89PNG first")) || f.Width != 384 || !f.Scroll {
		t.Fatalf("Last = %+v, %d; want the first frame as shown, once", f, n)
	}
}
