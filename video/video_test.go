package video

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// requireTools skips a test without ffmpeg, saying how to install it;
// in CI (.ci/run installs it) its absence fails the test.
func requireTools(t testing.TB) Tools {
	t.Helper()
	var tools Tools
	if err := tools.Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return tools
}

// ffmpeg runs Debian's ffmpeg to make a test file.
func ffmpeg(t testing.TB, args ...string) {
	t.Helper()
	cmd := exec.Command("ffmpeg", append([]string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// The films the tests probe and transcode, made once per run with
// ffmpeg's own test sources (no binary fixture in the repository).
var films struct {
	once sync.Once
	dir  string
}

// film is the path of a test film, made on first use:
//   - landscape.mp4: 320x180, 30 fps, 2 s, H.264 with AAC sound;
//   - phone.mp4: a phone held upright, as phones store it: a 320x180
//     frame with a 90° display rotation (shown 180x320), frames unevenly
//     spaced, no sound;
//   - clip.webm: VP9, 160x120, 1 s, no sound;
//   - red.mp4: 320x180 of plain red, 1 s;
//   - long.mp4: 640x360, 30 s, for cancelling;
//   - slow.mp4: 64x64 of plain blue at one frame a second, 3 s, silent;
//   - sound.m4a: sound alone.
func film(t testing.TB, name string) string {
	t.Helper()
	requireTools(t)
	films.once.Do(func() {
		dir, err := os.MkdirTemp("", "codong-video-test-")
		if err != nil {
			t.Fatal(err)
		}
		films.dir = dir
	})
	path := filepath.Join(films.dir, name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	part := path + ".making" + filepath.Ext(name)
	switch name {
	case "landscape.mp4":
		ffmpeg(t, "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=2", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
			"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", part)
	case "phone.mp4":
		// Keep 3 frames of every 10: timestamps spaced unevenly.
		ffmpeg(t, "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=2", "-vf", "select='lt(mod(n\\,10)\\,3)'", "-fps_mode", "vfr",
			"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", part)
		turnUpright(t, part)
	case "clip.webm":
		ffmpeg(t, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", part)
	case "red.mp4":
		ffmpeg(t, "-f", "lavfi", "-i", "color=c=red:size=320x180:rate=25:duration=1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", part)
	case "long.mp4":
		ffmpeg(t, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=30", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", part)
	case "slow.mp4":
		ffmpeg(t, "-f", "lavfi", "-i", "color=c=blue:size=64x64:rate=1:duration=3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", part)
	case "sound.m4a":
		ffmpeg(t, "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", part)
	default:
		t.Fatalf("no test film %s", name)
	}
	if err := os.Rename(part, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// turnUpright writes into an MP4's video track header the matrix a
// phone held upright writes: show the stored frame turned 90°
// clockwise. (Debian's ffmpeg 5.1 no longer writes one from a "rotate"
// tag.)
func turnUpright(t testing.TB, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	turned := 0
	for _, tkhd := range boxes(data, "moov", "trak", "tkhd") {
		// After version and flags: times, track, duration (4 or 8 bytes
		// each by version), reserved, layer, group, volume; then the
		// matrix, then the width and height (zero for sound).
		matrix := 40
		if tkhd[0] == 1 {
			matrix = 52
		}
		if binary.BigEndian.Uint32(tkhd[matrix+36:]) == 0 {
			continue
		}
		for i, v := range []uint32{0, 0x10000, 0, 0xFFFF0000, 0, 0, 0, 0, 0x40000000} {
			binary.BigEndian.PutUint32(tkhd[matrix+4*i:], v)
		}
		turned++
	}
	if turned != 1 {
		t.Fatalf("%d video track headers in the test film", turned)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// boxes returns the payloads of the MP4 boxes at path (each a type,
// nested), sharing data's bytes.
func boxes(data []byte, path ...string) [][]byte {
	var out [][]byte
	for len(data) >= 8 {
		size, typ, head := uint64(binary.BigEndian.Uint32(data)), string(data[4:8]), uint64(8)
		switch size {
		case 1:
			if len(data) < 16 {
				return out
			}
			size, head = binary.BigEndian.Uint64(data[8:]), 16
		case 0:
			size = uint64(len(data))
		}
		if size < head || size > uint64(len(data)) {
			return out
		}
		if typ == path[0] {
			if len(path) == 1 {
				out = append(out, data[head:size])
			} else {
				out = append(out, boxes(data[head:size], path[1:]...)...)
			}
		}
		data = data[size:]
	}
	return out
}

func TestMain(m *testing.M) {
	code := m.Run()
	if films.dir != "" {
		os.RemoveAll(films.dir)
	}
	os.Exit(code)
}

func TestProbeReadsWhatPhonesSend(t *testing.T) {
	tools := requireTools(t)
	ctx := context.Background()
	for _, tc := range []struct {
		film       string
		container  string
		codec      string
		w, h       int
		rotation   int
		shownW     int
		shownH     int
		audio, vfr bool
		seconds    float64
	}{
		{"landscape.mp4", "mp4", "h264", 320, 180, 0, 320, 180, true, false, 2},
		{"phone.mp4", "mp4", "h264", 320, 180, 90, 180, 320, false, true, 1.8}, // its last kept frame is at 1.77 s
		{"clip.webm", "webm", "vp9", 160, 120, 0, 160, 120, false, false, 1},
	} {
		t.Run(tc.film, func(t *testing.T) {
			info, err := tools.Probe(ctx, film(t, tc.film))
			if err != nil {
				t.Fatal(err)
			}
			w, h := info.Shown()
			if info.Container != tc.container || info.Codec != tc.codec || info.Width != tc.w || info.Height != tc.h ||
				info.Rotation != tc.rotation || w != tc.shownW || h != tc.shownH || info.Audio != tc.audio || info.VariableFrameRate != tc.vfr {
				t.Fatalf("%+v (shown %dx%d)", info, w, h)
			}
			if d := info.Duration.Seconds(); d < tc.seconds-0.2 || d > tc.seconds+0.2 {
				t.Fatalf("duration %v, want about %v s", info.Duration, tc.seconds)
			}
			if info.Bytes <= 0 || info.FrameRate <= 0 {
				t.Fatalf("%+v", info)
			}
		})
	}
}

func TestProbeRefusesInWords(t *testing.T) {
	tools := requireTools(t)
	dir := t.TempDir()
	picture := filepath.Join(dir, "ảnh.mp4")
	f, err := os.Create(picture)
	if err != nil {
		t.Fatal(err)
	}
	png.Encode(f, image.NewRGBA(image.Rect(0, 0, 64, 64)))
	f.Close()
	whole, err := os.ReadFile(film(t, "landscape.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.mp4")
	os.WriteFile(cut, whole[:len(whole)/3], 0o600)
	empty := filepath.Join(dir, "empty.mp4")
	os.WriteFile(empty, nil, 0o600)
	for _, tc := range []struct{ path, want string }{
		{picture, "không phải video"},
		{cut, "bị hỏng"},
		{empty, "rỗng"},
		{film(t, "sound.m4a"), "không có hình ảnh động"},
	} {
		_, err := tools.Probe(context.Background(), tc.path)
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(r.Reason, tc.want) {
			t.Errorf("%s: %v, want a refusal saying %q", filepath.Base(tc.path), err, tc.want)
		}
	}
}

// TestLimitsRefuseInWords: what ffprobe reads is checked against the
// bounds; each refusal says what to do.
func TestLimitsRefuseInWords(t *testing.T) {
	base := func() probeOutput {
		var p probeOutput
		p.Format.FormatName = "mov,mp4,m4a,3gp,3g2,mj2"
		p.Format.Duration = "12.5"
		p.Streams = []probeStream{{}}
		s := &p.Streams[0]
		s.CodecType, s.CodecName, s.Width, s.Height, s.RFrameRate, s.AvgFrameRate = "video", "h264", 1920, 1080, "30/1", "30/1"
		return p
	}
	if info, err := base().info(); err != nil || info.Duration != 12500*time.Millisecond {
		t.Fatalf("a plain film: %+v, %v", info, err)
	}
	for _, tc := range []struct {
		name string
		edit func(*probeOutput)
		want string
	}{
		{"too long", func(p *probeOutput) { p.Format.Duration = fmt.Sprint(31 * 60) }, "tối đa 30 phút"},
		{"no duration", func(p *probeOutput) { p.Format.Duration = "N/A" }, "độ dài"},
		{"avi", func(p *probeOutput) { p.Format.FormatName = "avi" }, "MP4, MOV hay WebM"},
		{"motion jpeg", func(p *probeOutput) { p.Streams[0].CodecName = "mjpeg" }, "H.264"},
		{"too wide", func(p *probeOutput) { p.Streams[0].Width = 20000 }, "mỗi cạnh"},
		{"no frame rate", func(p *probeOutput) { p.Streams[0].AvgFrameRate, p.Streams[0].RFrameRate = "0/0", "0/0" }, "tốc độ khung hình"},
		{"cover only", func(p *probeOutput) { p.Streams[0].Disposition = map[string]int{"attached_pic": 1} }, "ảnh bìa"},
	} {
		p := base()
		tc.edit(&p)
		_, err := p.info()
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(r.Reason, tc.want) {
			t.Errorf("%s: %v, want a refusal saying %q", tc.name, err, tc.want)
		}
	}
	if err := refuse("x"); err.Error() != "x" {
		t.Fatal(err)
	}
	if got := sizeWords(MaxBytes); got != "2,0 GB" {
		t.Fatalf("2 GiB said %q", got)
	}
}

func TestRotation(t *testing.T) {
	type sd = sideData
	for _, tc := range []struct {
		tag  string
		side []sd
		want int
	}{
		{"", nil, 0},
		{"90", nil, 90},
		{"-90", nil, 270},
		{"", []sd{{"Display Matrix", -90}}, 90},
		{"", []sd{{"Display Matrix", 90}}, 270},
		{"", []sd{{"Display Matrix", 180}}, 180},
		{"90", []sd{{"Display Matrix", 0}}, 0}, // the matrix is what players obey
	} {
		if got := rotation(tc.tag, tc.side); got != tc.want {
			t.Errorf("tag %q side %v: %d, want %d", tc.tag, tc.side, got, tc.want)
		}
	}
}

// frameAt decodes the rendition's frame at second s.
func frameAt(t *testing.T, path string, s float64) image.Image {
	t.Helper()
	out := filepath.Join(t.TempDir(), "frame.png")
	ffmpeg(t, "-ss", fmt.Sprint(s), "-i", path, "-frames:v", "1", out)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// inkSpan is the columns and rows of img that are not black.
func inkSpan(img image.Image) (cols, rows [2]int) {
	b := img.Bounds()
	cols, rows = [2]int{b.Max.X, -1}, [2]int{b.Max.Y, -1}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 > 24 || g>>8 > 24 || bl>>8 > 24 {
				cols[0], cols[1] = min(cols[0], x), max(cols[1], x)
				rows[0], rows[1] = min(rows[0], y), max(rows[1], y)
			}
		}
	}
	return cols, rows
}

// transcode makes the rendition of a test film and probes it.
func transcode(t *testing.T, name string, r Rendition) (string, Info, Info) {
	t.Helper()
	tools := requireTools(t)
	ctx := context.Background()
	in := film(t, name)
	src, err := tools.Probe(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rendition.mp4")
	var seen []int
	tc := &Transcoder{Tools: tools}
	if err := tc.Transcode(ctx, in, out, src, r, func(p int) { seen = append(seen, p) }); err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 || seen[len(seen)-1] != 100 {
		t.Fatalf("progress %v: want it to end at 100", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Fatalf("progress went back: %v", seen)
		}
	}
	if parts, _ := filepath.Glob(out + "*.part"); len(parts) != 0 {
		t.Fatalf("part files stayed: %v", parts)
	}
	got, err := tools.Probe(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	return out, src, got
}

// TestUprightPhoneFilmLetterboxedOnAWideBoard: a phone's upright film
// on a 384x128 board shows upright, whole, between black bars: 72
// columns of picture (128 rows × 180/320), centred. Were the rotation
// ignored, it would fill 228 columns lying on its side.
func TestUprightPhoneFilmLetterboxedOnAWideBoard(t *testing.T) {
	out, src, got := transcode(t, "phone.mp4", Rendition{Width: 384, Height: 128, Fit: Letterbox})
	if got.Width != 384 || got.Height != 128 || got.Rotation != 0 || got.Codec != "h264" || got.VariableFrameRate {
		t.Fatalf("rendition %+v", got)
	}
	if got.FrameRate > MaxLEDFrameRate+0.01 {
		t.Fatalf("rendition at %v frames a second on an LED board", got.FrameRate)
	}
	if d := got.Duration - src.Duration; d < -300*time.Millisecond || d > 300*time.Millisecond {
		t.Fatalf("rendition lasts %v, the film %v", got.Duration, src.Duration)
	}
	cols, rows := inkSpan(frameAt(t, out, 1))
	width := cols[1] - cols[0] + 1
	centre := (cols[0] + cols[1]) / 2
	if width < 64 || width > 80 || centre < 186 || centre > 197 || rows[0] > 2 || rows[1] < 125 {
		t.Fatalf("picture at columns %v rows %v: want 72 columns centred, every row", cols, rows)
	}
}

// TestFillCoversTheBoard: filled, a wide film leaves no bar on a square
// board; letterboxed, it leaves bars above and below.
func TestFillCoversTheBoard(t *testing.T) {
	out, _, got := transcode(t, "red.mp4", Rendition{Width: 128, Height: 128, Fit: Fill})
	if got.Width != 128 || got.Height != 128 {
		t.Fatalf("rendition %+v", got)
	}
	if cols, rows := inkSpan(frameAt(t, out, 0.5)); cols != [2]int{0, 127} || rows != [2]int{0, 127} {
		t.Fatalf("filled: picture at columns %v rows %v, want the whole board", cols, rows)
	}
	out, _, _ = transcode(t, "red.mp4", Rendition{Width: 128, Height: 128, Fit: Letterbox})
	if cols, rows := inkSpan(frameAt(t, out, 0.5)); cols != [2]int{0, 127} || rows[0] < 26 || rows[0] > 30 || rows[1] < 97 || rows[1] > 101 {
		t.Fatalf("letterboxed: picture at columns %v rows %v, want rows 28-99", cols, rows)
	}
}

// TestOddBoardsAndSound: a board of odd size gets the even frame within
// it; a film's sound is kept, a silent film stays silent; a WebM film
// plays as H.264.
func TestOddBoardsAndSound(t *testing.T) {
	_, _, got := transcode(t, "landscape.mp4", Rendition{Width: 191, Height: 63})
	if got.Width != 190 || got.Height != 62 || !got.Audio || got.Container != "mp4" {
		t.Fatalf("rendition %+v", got)
	}
	_, _, got = transcode(t, "clip.webm", Rendition{Width: 1920, Height: 1080})
	if got.Width != 1920 || got.Height != 1080 || got.Audio || got.Codec != "h264" || got.FrameRate != 25 {
		t.Fatalf("rendition %+v", got)
	}
}

// TestTranscodeCancelled: cancelled, ffmpeg stops at once and leaves no
// file, whole or part.
func TestTranscodeCancelled(t *testing.T) {
	tools := requireTools(t)
	in := film(t, "long.mp4")
	src, err := tools.Probe(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rendition.mp4")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	started := time.Now()
	err = (&Transcoder{Tools: tools}).Transcode(ctx, in, out, src, Rendition{Width: 1920, Height: 1080}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled transcode: %v", err)
	}
	if took := time.Since(started); took > 10*time.Second {
		t.Fatalf("cancelling took %v", took)
	}
	if left, _ := filepath.Glob(out + "*"); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

// TestDecodeGivesEveryFrame: a rendition decodes to its frames in order,
// at the board's size, at the times the constant rate says, in the
// film's colours; from a start offset, the rest of them.
func TestDecodeGivesEveryFrame(t *testing.T) {
	tools := requireTools(t)
	in := film(t, "red.mp4") // 320x180, 25 fps, 1 s
	var got []time.Duration
	var first *image.RGBA
	err := tools.Decode(context.Background(), in, 320, 180, 25, 0, func(f Frame) error {
		if f.Index != len(got) || f.Image.Bounds() != image.Rect(0, 0, 320, 180) {
			t.Fatalf("frame %d: index %d, bounds %v", len(got), f.Index, f.Image.Bounds())
		}
		if first == nil {
			first = image.NewRGBA(f.Image.Bounds())
			copy(first.Pix, f.Image.Pix)
		}
		got = append(got, f.At)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 25 || got[1] != 40*time.Millisecond || got[24] != 960*time.Millisecond {
		t.Fatalf("%d frames at %v", len(got), got)
	}
	if c := first.RGBAAt(160, 90); c.R < 230 || c.G > 30 || c.B > 30 || c.A != 255 {
		t.Fatalf("the red film decoded as %v", c)
	}
	n := 0
	if err := tools.Decode(context.Background(), film(t, "landscape.mp4"), 160, 90, 30, time.Second, func(f Frame) error {
		if n == 0 && f.At != time.Second {
			t.Fatalf("first frame from 1 s at %v", f.At)
		}
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n < 28 || n > 32 {
		t.Fatalf("%d frames in the last second of a 2 s film at 30 fps", n)
	}
}

// TestDecodeStops: a callback's ErrStop ends the film quietly, another
// error is returned, a cancelled context stops ffmpeg; a size out of
// bounds is refused before ffmpeg runs.
func TestDecodeStops(t *testing.T) {
	tools := requireTools(t)
	in := film(t, "long.mp4")
	seen := 0
	if err := tools.Decode(context.Background(), in, 640, 360, 30, 0, func(f Frame) error {
		seen++
		if seen == 3 {
			return ErrStop
		}
		return nil
	}); err != nil || seen != 3 {
		t.Fatalf("stopped at the third frame: %v after %d", err, seen)
	}
	boom := errors.New("boom")
	if err := tools.Decode(context.Background(), in, 640, 360, 30, 0, func(Frame) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("the callback's error: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := tools.Decode(ctx, in, 640, 360, 30, 0, func(f Frame) error {
		if f.Index == 5 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	if err := tools.Decode(context.Background(), in, 0, 360, 30, 0, func(Frame) error { return nil }); err == nil {
		t.Fatal("a frame 0 pixels wide was decoded")
	}
}

// TestSlowSilentFilm: a silent film of one frame a second transcodes
// (its key-frame interval once matched an argument dropped with the
// sound's).
func TestSlowSilentFilm(t *testing.T) {
	_, src, got := transcode(t, "slow.mp4", Rendition{Width: 64, Height: 64})
	if src.FrameRate != 1 || src.Audio || got.Width != 64 || got.Audio {
		t.Fatalf("film %+v, rendition %+v", src, got)
	}
}

// TestTranscodeKeepsToTheProbedLength: a film runs no longer than the
// length Probe read and checked, whatever its frames go on to: a header
// can understate them.
func TestTranscodeKeepsToTheProbedLength(t *testing.T) {
	tools := requireTools(t)
	in := film(t, "long.mp4") // 30 s
	info, err := tools.Probe(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	info.Duration = 2 * time.Second // as a lying header would say
	out := filepath.Join(t.TempDir(), "rendition.mp4")
	if err := (&Transcoder{Tools: tools}).Transcode(context.Background(), in, out, info, Rendition{Width: 64, Height: 36}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := tools.Probe(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if got.Duration > info.Duration+durationSlack+100*time.Millisecond {
		t.Fatalf("a film declared 2 s made a rendition of %v", got.Duration)
	}
}

// TestBoundedBuffer: what a tool prints beyond the bound is counted, not
// kept, and never fails the run, even through os/exec's copy.
func TestBoundedBuffer(t *testing.T) {
	b := &boundedBuffer{max: 1 << 20}
	cmd := exec.Command("sh", "-c", "head -c 3000000 /dev/zero")
	cmd.Stdout = b
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if len(b.Bytes()) != 1<<20 || !b.over {
		t.Fatalf("kept %d bytes of 3,000,000 with a bound of 1 MiB (over: %v)", len(b.Bytes()), b.over)
	}
	small := &boundedBuffer{max: 10}
	if n, err := small.Write([]byte("0123456789abc")); n != 13 || err != nil || small.String() != "0123456789" || !small.over {
		t.Fatalf("%d %v %q %v", n, err, small.String(), small.over)
	}
}

// TestProgressFromFFmpegLines: -progress lines become percentages of
// the film's length, the first at once and then at most one a second,
// below 100 until the end says so.
func TestProgressFromFFmpegLines(t *testing.T) {
	var got []int
	lines := "frame=10\nout_time_us=250000\nout_time_us=500000\nprogress=continue\nout_time_us=N/A\nout_time_us=4000000\n"
	readProgress(strings.NewReader(lines), 2*time.Second, func(p int) { got = append(got, p) })
	if len(got) != 1 || got[0] != 12 {
		t.Fatalf("progress %v, want [12] (then nothing within the second)", got)
	}
	got = nil
	readProgress(strings.NewReader("out_time_us=4000000\n"), 2*time.Second, func(p int) { got = append(got, p) })
	if len(got) != 1 || got[0] != 99 {
		t.Fatalf("progress past the length: %v, want [99]", got)
	}
}

// TestFileNamesAreOnlyNames: a file named like an option or a protocol
// is read as the file it is; a playlist named .mp4 that points at other
// files is refused, not followed.
func TestFileNamesAreOnlyNames(t *testing.T) {
	tools := requireTools(t)
	data, err := os.ReadFile(film(t, "landscape.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	for _, name := range []string{"-x.mp4", "a:b.mp4", "concat:a.mp4"} {
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
		info, err := tools.Probe(context.Background(), name)
		if err != nil || info.Width != 320 {
			t.Errorf("%s: %+v, %v", name, info, err)
		}
		out := "-out-" + strings.ReplaceAll(name, ":", "_")
		if err := (&Transcoder{Tools: tools}).Transcode(context.Background(), name, out, info, Rendition{Width: 64, Height: 36}, nil); err != nil {
			t.Errorf("%s → %s: %v", name, out, err)
		} else if _, err := os.Stat(out); err != nil {
			t.Errorf("%s: %v", out, err)
		}
	}
	os.WriteFile("inside.mp4", data, 0o600)
	os.WriteFile("list.mp4", []byte("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\ninside.mp4\n#EXT-X-ENDLIST\n"), 0o600)
	// Refused by ffprobe itself, which may not open the playlist's format
	// (nor so the file it names), not by the container check after
	// reading it.
	var r *Refusal
	if _, err := tools.Probe(context.Background(), "list.mp4"); !errors.As(err, &r) || !strings.HasPrefix(r.Reason, "Không đọc được tệp video") {
		t.Fatalf("a playlist named .mp4: %v, want ffprobe to refuse to read it", err)
	}
}
