package video

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Frame is one picture of a film, decoded for a display that draws
// pixels itself (the framebuffer display; the png display of the tests).
type Frame struct {
	Index int
	// At is when it is shown, from the film's start.
	At time.Duration
	// Image is valid only until the callback that got it returns: one
	// buffer is reused for every frame, so a 1920x1080 film costs the
	// player 8 MB however long it is.
	Image *image.RGBA
}

// ErrStop, returned by a Decode callback, ends the decoding without an
// error (the display moved on to the next item).
var ErrStop = errors.New("video: stop decoding")

// Decode turns a rendition of width×height at a constant frame rate of
// fps into frames, from start on, calling each with them in order as
// fast as it takes them: pacing them to the clock is the display's
// work. ffmpeg decodes in a process of its own; cancelling ctx stops it.
// It returns nil at the film's end or when each returns ErrStop, and
// each's other errors as they are.
func (t Tools) Decode(ctx context.Context, path string, width, height int, fps float64, start time.Duration, each func(Frame) error) error {
	if width < 2 || height < 2 || width > MaxSide || height > MaxSide || fps <= 0 || fps > 240 {
		return fmt.Errorf("video: decode %dx%d at %v frames a second: out of bounds", width, height, fps)
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := append([]string{"-nostdin", "-hide_banner", "-loglevel", "error"}, inputOptions...)
	if start > 0 {
		args = append(args, "-ss", strconv.FormatFloat(start.Seconds(), 'f', 3, 64))
	}
	// The frame is made the size and rate asked whatever the file says,
	// so a damaged or replaced file cannot make the reads below go astray
	// nor the times wrong.
	args = append(args, "-i", inputURL(path), "-map", "0:V:0", "-an",
		"-vf", fmt.Sprintf("scale=%d:%d,fps=%s,format=rgba", width, height, strconv.FormatFloat(fps, 'f', -1, 64)),
		"-f", "rawvideo", "-pix_fmt", "rgba", "pipe:1")
	cmd := exec.CommandContext(ctx, t.ffmpeg(), args...)
	out, stderr, err := startTool(cmd)
	if err != nil {
		return err
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	var stopped error
	for i := 0; ; i++ {
		if _, err := io.ReadFull(out, img.Pix); err != nil {
			if !errors.Is(err, io.EOF) {
				stopped = err
			}
			break
		}
		at := start + time.Duration(float64(i)/fps*float64(time.Second))
		if err := each(Frame{Index: i, At: at, Image: img}); err != nil {
			stopped = err
			break
		}
	}
	if stopped != nil {
		cancel()
		cmd.Wait()
		if parent.Err() != nil {
			return parent.Err()
		}
		if errors.Is(stopped, ErrStop) {
			return nil
		}
		if errors.Is(stopped, io.ErrUnexpectedEOF) {
			return fmt.Errorf("video: ffmpeg ended inside a frame: %s", strings.TrimSpace(stderr.String()))
		}
		return stopped
	}
	if err := cmd.Wait(); err != nil {
		if parent.Err() != nil {
			return parent.Err()
		}
		return fmt.Errorf("video: ffmpeg: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
