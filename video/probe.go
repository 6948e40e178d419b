// Package video is what codong knows of moving pictures: it asks
// Debian's ffprobe what a file holds, refuses what a board cannot play
// with a reason an officer can act on, and has ffmpeg make the one
// rendition a board of a size plays (docs/video.md).
//
// Every file is read by ffprobe and ffmpeg in processes of their own,
// bounded in time and in what they may print: a video comes from a
// phone, over the internet, and decoders are where media files attack.
package video

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Limits of what is accepted (the bounds): a file of at most
// MaxBytes, playing at most MaxDuration, of at most MaxSide pixels a
// side (8K; a phone films 4K) and at least MinSide.
const (
	MaxBytes    = 2 << 30
	MaxDuration = 30 * time.Minute
	MaxSide     = 8192
	MinSide     = 16
)

// probeWait bounds one ffprobe: it reads the container's index and the
// first packets, well under a second for a phone's file of any length
// (BenchmarkProbe), so ten seconds means a file built to make it work.
const probeWait = 10 * time.Second

// maxProbeOutput bounds what ffprobe may print: a few kilobytes for a
// real file; a file with thousands of streams or tags is refused.
const maxProbeOutput = 1 << 20

// Info is what a file holds, as ffprobe reads it.
type Info struct {
	Container string        `json:"container"` // "mp4" (MP4 and MOV) or "webm"
	Duration  time.Duration `json:"duration"`
	// Width and Height are the stored frame's; a phone filming upright
	// stores a landscape frame and a rotation to apply when showing it.
	Width    int `json:"width"`
	Height   int `json:"height"`
	Rotation int `json:"rotation"` // degrees clockwise to show it upright: 0, 90, 180 or 270
	// FrameRate is the average frame rate; VariableFrameRate says the
	// frames are not evenly spaced (phones film so in low light).
	FrameRate         float64 `json:"frame_rate"`
	VariableFrameRate bool    `json:"variable_frame_rate"`
	Codec             string  `json:"codec"`
	Audio             bool    `json:"audio"`
	Bytes             int64   `json:"bytes"`
}

// Shown is the size the picture has upright: Width×Height turned by the
// rotation.
func (i Info) Shown() (w, h int) {
	if i.Rotation == 90 || i.Rotation == 270 {
		return i.Height, i.Width
	}
	return i.Width, i.Height
}

// Refusal is why a file is not accepted, in words for the officer who
// sent it.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) error {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// Tools are the ffprobe and ffmpeg programs; the zero value finds them
// on PATH.
type Tools struct {
	FFprobe string
	FFmpeg  string
}

func (t Tools) ffprobe() string { return orDefault(t.FFprobe, "ffprobe") }
func (t Tools) ffmpeg() string  { return orDefault(t.FFmpeg, "ffmpeg") }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ErrNoTools means ffprobe or ffmpeg is not installed.
var ErrNoTools = errors.New("video: ffprobe/ffmpeg not found (install Debian's ffmpeg: apt-get install -y ffmpeg)")

// Available reports whether both programs can be run.
func (t Tools) Available() error {
	for _, p := range []string{t.ffprobe(), t.ffmpeg()} {
		if _, err := exec.LookPath(p); err != nil {
			return fmt.Errorf("%w: %v", ErrNoTools, err)
		}
	}
	return nil
}

// probeOutput is the part of ffprobe's JSON read here.
type probeOutput struct {
	Streams []probeStream `json:"streams"`
	Format  struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
	} `json:"format"`
}

type probeStream struct {
	CodecType    string            `json:"codec_type"`
	CodecName    string            `json:"codec_name"`
	Width        int               `json:"width"`
	Height       int               `json:"height"`
	RFrameRate   string            `json:"r_frame_rate"`
	AvgFrameRate string            `json:"avg_frame_rate"`
	Duration     string            `json:"duration"`
	Tags         map[string]string `json:"tags"`
	Disposition  map[string]int    `json:"disposition"`
	SideData     []sideData        `json:"side_data_list"`
}

type sideData struct {
	Type     string  `json:"side_data_type"`
	Rotation float64 `json:"rotation"`
}

// Probe reads what the file at path holds and checks it against what a
// board can play; a file refused says why in a *Refusal.
func (t Tools) Probe(ctx context.Context, path string) (Info, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Info{}, err
	}
	if st.Size() > MaxBytes {
		return Info{}, refuse("Tệp video quá lớn: %s, tối đa %s.", sizeWords(st.Size()), sizeWords(MaxBytes))
	}
	if st.Size() == 0 {
		return Info{}, refuse("Tệp video rỗng.")
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, probeWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.ffprobe(), append(append([]string{"-v", "error"}, inputOptions...),
		"-print_format", "json", "-show_format", "-show_streams", "-i", inputURL(path))...)
	out := &boundedBuffer{max: maxProbeOutput}
	cmd.Stdout, cmd.Stderr = out, &boundedBuffer{max: maxErrorOutput}
	err = cmd.Run()
	switch {
	case parent.Err() != nil:
		return Info{}, parent.Err()
	case err != nil && toolMissing(err):
		return Info{}, fmt.Errorf("%w: %v", ErrNoTools, err)
	case err != nil && ctx.Err() != nil:
		return Info{}, refuse("Không đọc được tệp video trong %d giây; tệp có thể bị hỏng.", int(probeWait/time.Second))
	case out.over:
		return Info{}, refuse("Tệp video có cấu trúc bất thường (quá nhiều luồng hoặc thẻ); không nhận.")
	case err != nil:
		return Info{}, refuse("Không đọc được tệp video: tệp bị hỏng hoặc không phải video.")
	}
	var p probeOutput
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		return Info{}, fmt.Errorf("video: ffprobe's answer: %w", err)
	}
	info, err := p.info()
	if err != nil {
		return info, err
	}
	info.Bytes = st.Size()
	return info, nil
}

// inputOptions make ffprobe and ffmpeg read a local file of an accepted
// container and nothing else: a file is given as a path, and without
// them ffmpeg takes "concat:a|b" or an HLS playlist named .mp4 as
// instructions to open other files.
var inputOptions = []string{"-protocol_whitelist", "file", "-format_whitelist", "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm"}

// inputURL names a local file so that no part of it reads as a protocol
// or an option ("-x.mp4", "a:b.mp4").
func inputURL(path string) string { return "file:" + path }

// startTool starts cmd with its standard output piped and its complaints
// kept, within bounds.
func startTool(cmd *exec.Cmd) (stdout io.ReadCloser, stderr *boundedBuffer, err error) {
	if stdout, err = cmd.StdoutPipe(); err != nil {
		return nil, nil, err
	}
	stderr = &boundedBuffer{max: maxErrorOutput}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		if toolMissing(err) {
			return nil, nil, fmt.Errorf("%w: %v", ErrNoTools, err)
		}
		return nil, nil, err
	}
	return stdout, stderr, nil
}

// toolMissing says whether running a tool failed because it is not
// installed (on PATH, or at the path configured).
func toolMissing(err error) bool {
	return errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist)
}

// containers maps ffprobe's format names to what is accepted.
var containers = map[string]string{
	"mov,mp4,m4a,3gp,3g2,mj2": "mp4",
	"matroska,webm":           "webm",
}

// codecs are the video codecs the controller's ffmpeg decodes and a
// phone or camera writes.
var codecs = map[string]bool{"h264": true, "hevc": true, "vp8": true, "vp9": true, "av1": true, "mpeg4": true}

func (p probeOutput) info() (Info, error) {
	var info Info
	var ok bool
	if info.Container, ok = containers[p.Format.FormatName]; !ok {
		return info, refuse("Tệp không phải video MP4, MOV hay WebM.")
	}
	video := -1
	for i, s := range p.Streams {
		switch s.CodecType {
		case "video":
			// A cover picture is a video stream of one frame: not the film.
			if video < 0 && s.Disposition["attached_pic"] == 0 {
				video = i
			}
		case "audio":
			info.Audio = true
		}
	}
	if video < 0 {
		return info, refuse("Tệp không có hình ảnh động (chỉ có âm thanh hoặc ảnh bìa).")
	}
	s := p.Streams[video]
	info.Codec = s.CodecName
	if !codecs[s.CodecName] {
		return info, refuse("Video mã hoá kiểu %q, không phát được; hãy gửi video H.264, H.265, VP8, VP9 hay AV1 (điện thoại quay đều là những kiểu này).", s.CodecName)
	}
	info.Width, info.Height = s.Width, s.Height
	if info.Width < MinSide || info.Height < MinSide || info.Width > MaxSide || info.Height > MaxSide {
		return info, refuse("Khung hình %dx%d không dùng được: mỗi cạnh từ %d đến %d điểm ảnh.", info.Width, info.Height, MinSide, MaxSide)
	}
	info.Rotation = rotation(s.Tags["rotate"], s.SideData)
	info.FrameRate = rate(s.AvgFrameRate)
	if info.FrameRate <= 0 {
		info.FrameRate = rate(s.RFrameRate)
	}
	if info.FrameRate <= 0 || info.FrameRate > 240 {
		return info, refuse("Không đọc được tốc độ khung hình của video; tệp có thể bị hỏng.")
	}
	// r_frame_rate is the timebase's rate ("the lowest rate all
	// timestamps fit"); an average below it means uneven spacing.
	if r := rate(s.RFrameRate); r > 0 && math.Abs(r-info.FrameRate) > 0.01*r {
		info.VariableFrameRate = true
	}
	d := seconds(s.Duration)
	if d <= 0 {
		d = seconds(p.Format.Duration)
	}
	if d <= 0 {
		return info, refuse("Không đọc được độ dài của video; tệp có thể bị hỏng.")
	}
	info.Duration = time.Duration(d * float64(time.Second))
	if info.Duration > MaxDuration {
		return info, refuse("Video dài %s, tối đa %d phút; hãy cắt bớt rồi gửi lại.", durationWords(info.Duration), int(MaxDuration/time.Minute))
	}
	return info, nil
}

// rotation is the clockwise turn that shows a frame upright: from the
// display matrix (ffprobe gives it counter-clockwise, -90 for a phone
// held upright) or the older "rotate" tag (clockwise).
func rotation(tag string, side []sideData) int {
	deg := 0.0
	found := false
	for _, sd := range side {
		if sd.Type == "Display Matrix" {
			deg, found = -sd.Rotation, true
		}
	}
	if !found && tag != "" {
		if v, err := strconv.ParseFloat(tag, 64); err == nil {
			deg = v
		}
	}
	r := int(math.Round(deg/90)) * 90 % 360
	if r < 0 {
		r += 360
	}
	return r
}

// rate reads a rate such as "30000/1001".
func rate(s string) float64 {
	num, den, ok := strings.Cut(s, "/")
	n, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0
	}
	if !ok {
		return n
	}
	d, err := strconv.ParseFloat(den, 64)
	if err != nil || d == 0 {
		return 0
	}
	return n / d
}

func seconds(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// sizeWords says a byte count as an officer reads it.
func sizeWords(n int64) string {
	if n >= 1<<30 {
		return strings.Replace(strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64), ".", ",", 1) + " GB"
	}
	return strconv.FormatInt((n+(1<<20)-1)>>20, 10) + " MB"
}

// durationWords says a duration in minutes and seconds.
func durationWords(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d phút %d giây", s/60, s%60)
}

// boundedBuffer keeps the first max bytes written to it and says
// whether more came. Writes always succeed: a tool that talks too much
// must not fail a run that otherwise worked (a damaged but playable film
// makes ffmpeg print kilobytes of warnings), and the buffer is a field,
// not embedded, so os/exec's copy cannot reach bytes.Buffer's unbounded
// ReadFrom.
type boundedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		b.over = true
		b.buf.Write(p[:max(room, 0)])
	} else {
		b.buf.Write(p)
	}
	return len(p), nil
}

func (b *boundedBuffer) Bytes() []byte  { return b.buf.Bytes() }
func (b *boundedBuffer) String() string { return b.buf.String() }
