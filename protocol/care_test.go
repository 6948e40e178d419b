package protocol

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

type careSeed struct {
	care *Care
	raw  []byte
}

func ptr(v int64) *int64 { return &v }

// careSeeds are answers a player of 2.6 sends, one per action.
func careSeeds() []careSeed {
	return []careSeed{
		{&Care{ID: 1, Action: CareScreenshot}, []byte("\x89PNG\r\n\x1a\nframe")},
		{&Care{ID: 2, Action: CareLogs}, []byte("time=… level=INFO msg=\"đã kết nối tới máy chủ điều khiển\"\n")},
		{&Care{ID: 3, Action: CareRestart}, nil},
		{&Care{ID: 4, Action: CareCacheReset}, nil},
		{&Care{ID: 5, Action: CareDiagnostics, Diagnostics: &Diagnostics{Version: "1.6.0", OS: "linux", Arch: "arm64", UptimeSeconds: 60,
			DiskFreeBytes: ptr(1 << 30), GoMemoryBytes: 12 << 20, MemAvailableBytes: ptr(300 << 20), TemperatureMilliC: ptr(48312), ClockOffsetMs: -250}}, nil},
		{&Care{ID: 6, Action: CareScreenshot, Problem: "Bảng chưa hiện hình nào."}, nil},
	}
}

func careFrame(t *testing.T, c *Care, raw []byte) []byte {
	t.Helper()
	fr, err := AppendBinary(nil, NewCare(c), raw)
	if err != nil {
		t.Fatal(err)
	}
	return fr
}

// Every limit of a care answer is checked when its frame is decoded,
// and a care answer is refused in a text frame.
func TestCareLimits(t *testing.T) {
	line := strings.Repeat("ư", MaxCareLogLineBytes/2) + "\n" // 1,024 bytes and its newline
	cases := []struct {
		name string
		care *Care
		raw  []byte
		ok   bool
	}{
		{"screenshot at its limit", &Care{ID: 1, Action: CareScreenshot}, make([]byte, MaxCareScreenshotBytes), true},
		{"screenshot past its limit", &Care{ID: 1, Action: CareScreenshot}, make([]byte, MaxCareScreenshotBytes+1), false},
		{"500 full log lines", &Care{ID: 1, Action: CareLogs}, []byte(strings.Repeat(line, MaxCareLogLines)), true},
		{"501 log lines", &Care{ID: 1, Action: CareLogs}, []byte(strings.Repeat("a\n", MaxCareLogLines+1)), false},
		{"log line too long", &Care{ID: 1, Action: CareLogs}, []byte(strings.Repeat("a", MaxCareLogLineBytes+1) + "\n"), false},
		{"log not UTF-8", &Care{ID: 1, Action: CareLogs}, []byte("a\xff\n"), false},
		{"log without its last newline", &Care{ID: 1, Action: CareLogs}, []byte("a"), false},
		{"empty log", &Care{ID: 1, Action: CareLogs}, nil, true},
		{"restart carrying bytes", &Care{ID: 1, Action: CareRestart}, []byte("x"), false},
		{"unknown action", &Care{ID: 1, Action: "format_disk"}, nil, false},
		{"id 0", &Care{ID: 0, Action: CareRestart}, nil, false},
		{"problem too long", &Care{ID: 1, Action: CareRestart, Problem: strings.Repeat("ơ", 301)}, nil, false},
		{"problem with a picture", &Care{ID: 1, Action: CareScreenshot, Problem: "không chụp được"}, []byte("png"), false},
		{"diagnostics without numbers", &Care{ID: 1, Action: CareDiagnostics}, nil, false},
		{"diagnostics on a restart", &Care{ID: 1, Action: CareRestart, Diagnostics: &Diagnostics{}}, nil, false},
		{"version too long", &Care{ID: 1, Action: CareDiagnostics, Diagnostics: &Diagnostics{Version: strings.Repeat("1", 65)}}, nil, false},
		{"negative disk", &Care{ID: 1, Action: CareDiagnostics, Diagnostics: &Diagnostics{DiskFreeBytes: ptr(-1)}}, nil, false},
		{"negative uptime", &Care{ID: 1, Action: CareDiagnostics, Diagnostics: &Diagnostics{UptimeSeconds: -1}}, nil, false},
		{"boiling board", &Care{ID: 1, Action: CareDiagnostics, Diagnostics: &Diagnostics{TemperatureMilliC: ptr(250000)}}, nil, false},
		{"clock off a century", &Care{ID: 1, Action: CareDiagnostics, Diagnostics: &Diagnostics{ClockOffsetMs: maxCareClockOffsetMs + 1}}, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, raw, err := DecodeBinary(careFrame(t, c.care, c.raw))
			if (err == nil) != c.ok {
				t.Fatalf("DecodeBinary: %v, want ok=%v", err, c.ok)
			}
			if err == nil && (!reflect.DeepEqual(m.Care, c.care) || !bytes.Equal(raw, c.raw)) {
				t.Fatalf("read back %+v (%d bytes), sent %+v (%d bytes)", m.Care, len(raw), c.care, len(c.raw))
			}
		})
	}
	if _, err := Decode(frame(t, NewCare(&Care{ID: 1, Action: CareRestart}))); err == nil {
		t.Fatal("Decode took a care answer in a text frame")
	}
	if len(careFrame(t, cases[0].care, cases[0].raw)) > MaxCareFrameBytes {
		t.Fatal("the largest screenshot frame is over MaxCareFrameBytes")
	}
}

// A care request reads back as written when its ID and action are
// valid, and is refused otherwise.
func FuzzCareRequest(f *testing.F) {
	for _, a := range CareActions {
		f.Add(int64(1), a)
	}
	f.Add(int64(0), CareLogs)
	f.Add(int64(3), "reboot")
	f.Fuzz(func(t *testing.T, id int64, action string) {
		data := frame(t, NewCareRequest(id, action))
		m, err := Decode(data)
		valid := id >= 1 && KnownCareAction(action)
		if (err == nil) != valid {
			t.Fatalf("Decode(care_request %d %q): %v", id, action, err)
		}
		if err == nil {
			checkDecoded(t, data, m)
			if *m.CareRequest != (CareRequest{ID: id, Action: action}) {
				t.Fatalf("read back %+v", *m.CareRequest)
			}
		}
	})
}

// Diagnostics and a log are accepted exactly when within their limits,
// and read back as written.
func FuzzCare(f *testing.F) {
	f.Add(int64(5), "1.6.0", int64(60), int64(1<<30), int64(12<<20), int64(48312), int64(-250), []byte("một dòng\n"))
	f.Add(int64(1), "", int64(-1), int64(-5), int64(0), int64(900000), int64(0), []byte("a\xffb"))
	f.Fuzz(func(t *testing.T, id int64, version string, uptime, disk, mem, temp, offset int64, log []byte) {
		d := &Diagnostics{Version: version, UptimeSeconds: uptime, DiskFreeBytes: &disk, GoMemoryBytes: mem, TemperatureMilliC: &temp, ClockOffsetMs: offset}
		c := &Care{ID: id, Action: CareDiagnostics, Diagnostics: d}
		// Invalid UTF-8 is written as U+FFFD, another string.
		if fr, err := AppendBinary(nil, NewCare(c), nil); err == nil && validUTF8(version) {
			m, _, err := DecodeBinary(fr)
			if (err == nil) != (c.Validate() == nil) {
				t.Fatalf("DecodeBinary(%+v): %v; Validate: %v", d, err, c.Validate())
			}
			if err == nil && !reflect.DeepEqual(m.Care, c) {
				t.Fatalf("read back %+v, sent %+v", m.Care.Diagnostics, d)
			}
		}
		lc := &Care{ID: max(id, 1), Action: CareLogs}
		_, raw, err := DecodeBinary(careFrame(t, lc, log))
		if (err == nil) != (CheckLogLines(log) == nil) {
			t.Fatalf("DecodeBinary of log %q: %v", log, err)
		}
		if err == nil && !bytes.Equal(raw, log) {
			t.Fatalf("log read back %q, sent %q", raw, log)
		}
	})
}

// A status's free space is a count of bytes within MaxDiskBytes, or
// absent.
func TestStatusDiskFreeIsBounded(t *testing.T) {
	for _, tc := range []struct {
		free *int64
		ok   bool
	}{{nil, true}, {ptr(0), true}, {ptr(100 << 20), true}, {ptr(-1), false}, {ptr(MaxDiskBytes + 1), false}} {
		st := Status{DiskFreeBytes: tc.free}
		if err := st.Validate(); (err == nil) != tc.ok {
			t.Errorf("free %v: %v", tc.free, err)
		}
	}
}
