//go:build unix

package video

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// benchFilm is a large test film, made once and kept in the system's
// temporary folder between runs (making it takes longer than the
// benchmark):
//   - phone-100mb.mp4: what a phone sends, 1920x1080 held upright, 30
//     fps, with sound, about 100 MB (20 s of noisy picture at 40 Mbit/s);
//   - minute-1080p.mp4: one minute of 1920x1080 at 30 fps, with sound.
func benchFilm(b *testing.B, name string) string {
	b.Helper()
	requireTools(b)
	dir := filepath.Join(os.TempDir(), "codong-video-bench")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	part := path + ".making.mp4"
	switch name {
	case "phone-100mb.mp4":
		ffmpeg(b, "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=20,noise=alls=30:allf=t", "-f", "lavfi", "-i", "sine=duration=20",
			"-c:v", "libx264", "-preset", "ultrafast", "-b:v", "40M", "-maxrate", "40M", "-bufsize", "80M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", part)
		turnUpright(b, part)
	case "minute-1080p.mp4":
		ffmpeg(b, "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=60", "-f", "lavfi", "-i", "sine=duration=60",
			"-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", part)
	default:
		b.Fatalf("no bench film %s", name)
	}
	if err := os.Rename(part, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// childCPU is the CPU time of the finished child processes (ffprobe,
// ffmpeg) so far.
func childCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkProbe: reading what a phone's 100 MB film holds (target
// ≤ 1 s).
func BenchmarkProbe(b *testing.B) {
	path := benchFilm(b, "phone-100mb.mp4")
	st, _ := os.Stat(path)
	tools := Tools{}
	cpu := childCPU()
	b.ResetTimer()
	for b.Loop() {
		info, err := tools.Probe(context.Background(), path)
		if err != nil || info.Rotation != 90 {
			b.Fatal(info, err)
		}
	}
	b.ReportMetric(float64(st.Size())/1e6, "MB")
	b.ReportMetric((childCPU()-cpu).Seconds()*1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkTranscodeMinute: one minute of 1080p made into a board's
// rendition, at the lowest priority as the controller runs it (target:
// at least real time, x-realtime ≥ 1, on this 2-core machine).
func BenchmarkTranscodeMinute(b *testing.B) {
	for _, r := range []Rendition{{Width: 384, Height: 128}, {Width: 1920, Height: 1080}} {
		b.Run(sizeName(r), func(b *testing.B) {
			in := benchFilm(b, "minute-1080p.mp4")
			tools := Tools{}
			info, err := tools.Probe(context.Background(), in)
			if err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(b.TempDir(), "rendition.mp4")
			tc := &Transcoder{Tools: tools}
			cpu := childCPU()
			start := time.Now()
			b.ResetTimer()
			for b.Loop() {
				if err := tc.Transcode(context.Background(), in, out, info, r, nil); err != nil {
					b.Fatal(err)
				}
			}
			wall := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(info.Duration.Seconds()/wall.Seconds(), "x-realtime")
			b.ReportMetric((childCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

func sizeName(r Rendition) string {
	w, h := r.Size()
	return fmt.Sprintf("%dx%d", w, h)
}
