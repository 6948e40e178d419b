package video

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fit is how a picture of another shape meets the board.
type Fit string

const (
	// Letterbox shows the whole picture, with black bars where its shape
	// leaves the board empty (a phone's upright film on a wide board).
	Letterbox Fit = "letterbox"
	// Fill covers the whole board and cuts what overflows.
	Fill Fit = "fill"
)

// LED boards refresh their modules far faster than a film moves, but the
// sending card takes at most 25–30 frames a second and a small player
// decodes more only by wasting power: frames beyond MaxLEDFrameRate are
// dropped for boards of at most ledHeight rows (every LED board
// codong serves is), MaxScreenFrameRate for screens.
const (
	MaxLEDFrameRate    = 25
	MaxScreenFrameRate = 30
	ledHeight          = 512
)

// Rendition is what a board of a size plays: H.264 (every player in
// docs/player.md decodes it: browsers, and ffmpeg beside a framebuffer),
// 4:2:0, at a constant frame rate, the board's size in even pixels, the
// sound in AAC when the film has any.
type Rendition struct {
	Width, Height int
	Fit           Fit
}

// Size is the rendition's frame: the board's, each side rounded down to
// an even number (4:2:0 halves both), at least 2.
func (r Rendition) Size() (w, h int) {
	return max(2, r.Width&^1), max(2, r.Height&^1)
}

// FrameRate is the constant rate the rendition of info plays at: the
// film's, within the board's cap (a variable rate becomes constant).
func (r Rendition) FrameRate(info Info) float64 {
	limit := float64(MaxScreenFrameRate)
	if r.Height <= ledHeight {
		limit = MaxLEDFrameRate
	}
	fr := info.FrameRate
	if fr <= 0 || fr > limit {
		fr = limit
	}
	// To the thousandth: 29.97 (ffmpeg's 2997/100, a drift of 0.001%
	// from NTSC's 30000/1001, one frame in 28 hours).
	return math.Round(fr*1000) / 1000
}

// filter is the rendition's video filter graph. ffmpeg turns the frame
// upright itself (it applies the rotation and writes none), so the
// scaling sees the film as it is shown.
func (r Rendition) filter(info Info) string {
	w, h := r.Size()
	var scale string
	switch r.Fit {
	case Fill:
		scale = fmt.Sprintf("scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d", w, h, w, h)
	default:
		scale = fmt.Sprintf("scale=%d:%d:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=%d:%d:(ow-iw)/2:(oh-ih)/2:color=black", w, h, w, h)
	}
	return fmt.Sprintf("%s,setsar=1,fps=%s,format=yuv420p", scale, strconv.FormatFloat(r.FrameRate(info), 'f', -1, 64))
}

// args are ffmpeg's arguments to make the rendition of in (probed as
// info) into out, reporting progress on standard output.
func (r Rendition) args(in, out string, info Info) []string {
	a := append([]string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y"}, inputOptions...)
	a = append(a, "-i", inputURL(in),
		// The film, not a cover picture (V), as Probe read it.
		"-map", "0:V:0", "-map", "0:a:0?",
		"-vf", r.filter(info),
		"-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high",
		// A key frame every two seconds: a board joining mid-film, or
		// the web display seeking, starts within two seconds.
		"-g", strconv.Itoa(int(math.Ceil(2*r.FrameRate(info)))))
	if info.Audio {
		a = append(a, "-c:a", "aac", "-b:a", "128k", "-ac", "2")
	}
	return append(a,
		// No longer than the length Probe read and checked: a header
		// can understate the film it heads (a 2 GiB file of hours
		// declared as minutes), and the limit is that length.
		"-t", strconv.FormatFloat((info.Duration+durationSlack).Seconds(), 'f', 3, 64),
		"-map_metadata", "-1",
		"-movflags", "+faststart",
		"-progress", "pipe:1", "-nostats",
		"-f", "mp4", "file:"+out)
}

// durationSlack is how much longer than its declared length a film may
// run: containers round their durations.
const durationSlack = time.Second

// Transcoder makes renditions with ffmpeg, one at a time: a commune's
// controller is a small machine serving boards and officers, and a film
// transcoded meanwhile must not slow them. Each ffmpeg runs at the
// lowest CPU priority.
type Transcoder struct {
	Tools Tools
	once  sync.Mutex
}

// maxErrorOutput bounds what is kept of ffmpeg's complaints.
const maxErrorOutput = 4096

// Transcode makes the rendition r of in (probed as info) at out,
// calling progress with 0–100 as it goes (at most once a second, and
// 100 at the end). Cancelling ctx stops ffmpeg; out is written whole or
// not at all (a part file is renamed at the end).
func (tc *Transcoder) Transcode(ctx context.Context, in, out string, info Info, r Rendition, progress func(int)) error {
	if progress == nil {
		progress = func(int) {}
	}
	tc.once.Lock()
	defer tc.once.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	// A part file of its own beside out: two transcoders making the same
	// rendition never write into one file.
	pf, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".*.part")
	if err != nil {
		return err
	}
	part := pf.Name()
	pf.Close()
	defer os.Remove(part)
	// ffmpeg is given the film's length and twice as long again as the
	// slowest machine codong runs on takes for it; past that it is
	// stuck, not working.
	ctx, cancel := context.WithTimeout(ctx, transcodeWait(info.Duration))
	defer cancel()
	cmd := exec.CommandContext(ctx, tc.Tools.ffmpeg(), r.args(in, part, info)...)
	stdout, stderr, err := startTool(cmd)
	if err != nil {
		return err
	}
	lowPriority(cmd.Process.Pid)
	readProgress(stdout, info.Duration, progress)
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("video: ffmpeg: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	// On disk before it has its name: whole or not at all, a power cut
	// included.
	if err := syncFile(part); err != nil {
		return err
	}
	if err := os.Rename(part, out); err != nil {
		return err
	}
	progress(100)
	return nil
}

// transcodeWait bounds one transcode of a film of length d: 1080p at a
// quarter of real time on a busy two-core controller is 4 d; twice that,
// and a minute for ffmpeg to start.
func transcodeWait(d time.Duration) time.Duration { return 8*d + time.Minute }

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// readProgress turns ffmpeg's -progress lines (out_time_us=…) into
// percentages of d, at most one a second; it reads to the end.
func readProgress(r io.Reader, d time.Duration, progress func(int)) {
	lines := bufio.NewScanner(r)
	last, said := -1, time.Time{}
	for lines.Scan() {
		k, v, ok := strings.Cut(lines.Text(), "=")
		if !ok || k != "out_time_us" || d <= 0 {
			continue
		}
		us, err := strconv.ParseInt(v, 10, 64)
		if err != nil || us < 0 {
			continue
		}
		pct := int(min(99, 100*time.Duration(us)*time.Microsecond/d))
		if pct != last && time.Since(said) >= time.Second {
			last, said = pct, time.Now()
			progress(pct)
		}
	}
	// A line too long stops the scanner: keep draining, or ffmpeg blocks
	// on a full pipe.
	io.Copy(io.Discard, r)
}
