package e2e

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"testing"
	"time"

	"codong/assets"
)

// TestPowerScheduleBlanksAndDims: a board told to be off now shows black,
// dimmed it shows darker pixels, and with no windows the approved picture
// byte for byte.
func TestPowerScheduleBlanksAndDims(t *testing.T) {
	t.Parallel()
	h := startController(t)
	const size = "192x64"
	var def playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	board := h.addBoard("Bảng LED cạnh nhà dân", size)
	frame := h.startPlayer(board.Token)
	bright := h.expectedAsset(def.Items[0].Text, size)
	waitFrame(t, frame, bright, "full brightness")

	hcm := time.FixedZone("ICT", 7*3600)
	now := time.Now().In(hcm)
	window := func(pct int) map[string]any {
		return map[string]any{"power": []map[string]any{{
			"start": now.Add(-time.Minute).Format("15:04"), "end": now.Add(10 * time.Minute).Format("15:04"), "brightness": pct,
		}}}
	}
	h.setBoard(board.Board.ID, window(0))
	waitPixels(t, frame, "off", func(c color.RGBA) bool { return c.R == 0 && c.G == 0 && c.B == 0 })
	h.setBoard(board.Board.ID, window(50))
	// Classic style: a red field at half brightness.
	waitPixels(t, frame, "dimmed", func(c color.RGBA) bool { return c.R > 60 && c.R < 140 && c.G < 40 })
	h.setBoard(board.Board.ID, map[string]any{"power": []any{}})
	waitFrame(t, frame, bright, "back to full brightness")
}

// waitPixels waits until the frame's corner pixel satisfies ok.
func waitPixels(t *testing.T, frame, what string, ok func(color.RGBA) bool) {
	t.Helper()
	var last color.RGBA
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		data, err := os.ReadFile(frame)
		if err != nil {
			continue
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: frame is not a PNG: %v (sha %s)", what, err, assets.Sum(data))
		}
		last = color.RGBAModel.Convert(img.At(1, 1)).(color.RGBA)
		if ok(last) {
			return
		}
	}
	t.Fatalf("%s: corner pixel is %v", what, last)
}
