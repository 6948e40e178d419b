package protocol

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"codong/playlists"
)

// Fuzz targets for everything a peer sends that the protocol package
// reads: every message a board sends (status, ack, plays, error, the
// binary screenshot of level 2.2, and plays_ack and screenshot_request,
// which boards never send but the same Decode reads; status and plays
// also through their fast paths), the
// pairing request, and the signed words of the controller a board must
// not be fooled by (manifest, revocation, key). They check properties,
// not only that nothing panics. Run one with
//
//	go test -run XXX -fuzz FuzzName -fuzztime 30s ./protocol/

// fuzzKey is a fixed controller key, so that seeds signed with it stay
// valid in the corpus.
var fuzzKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

func fuzzPublic() ed25519.PublicKey { return fuzzKey.Public().(ed25519.PublicKey) }

// frame is a message as the peers write it (WriteJSON ends it with a
// newline).
func frame(t testing.TB, m Message) []byte {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// boardFrames are real frames of every message type, built with the
// constructors.
func boardFrames(t testing.TB) [][]byte {
	at := time.Date(2026, 11, 25, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	st := &Status{
		Revision: 12, Playlist: "default", ItemID: 3, Title: "Mừng Đảng, mừng Xuân", Asset: strings.Repeat("ab", 32),
		Since: at, Version: "1.4.0", Problem: "Ảnh “Chào mừng” bị hỏng", DisplayProblem: "Trang hiển thị chưa mở trong trình duyệt nào", Brightness: 80, DisplayWidth: 384, DisplayHeight: 128,
		CacheBytes: 1 << 20, UptimeSeconds: 3600, ClockOffsetMs: -250, Thumbnail: []byte("\x89PNG\r\n\x1a\nthumb"),
	}
	plays := []Play{{ID: at.UnixNano(), Playlist: "default", ItemID: 3, SloganID: 9, Title: "Mừng Xuân", Asset: strings.Repeat("cd", 32), Start: at, Seconds: 10}}
	signed, err := Sign(&playlists.Manifest{Revision: 7, IssuedAt: at, Content: playlists.Content{Default: playlists.DefaultSlug}, Board: playlists.Board{ID: 1, Width: 384, Height: 128}}, fuzzKey)
	if err != nil {
		t.Fatal(err)
	}
	return [][]byte{
		frame(t, NewStatus(st)),
		frame(t, NewStatus(&Status{Playlist: "default"})),
		frame(t, NewAck(12)),
		frame(t, NewPlays(plays)),
		frame(t, NewError("refused", "máy chủ gửi loại tin nhắn không dành cho bảng")),
		frame(t, NewPlaysAck(at.UnixNano())),
		frame(t, NewManifest(signed)),
		frame(t, NewTampered(&Tampered{Count: 3, First: at, Last: at.Add(time.Minute), Reason: "từ chối bản kê: chữ ký không hợp lệ", Via: "http://10.0.0.2:8080"})),
		frame(t, NewStatus(&Status{Revision: 12, Playlist: "default", ItemID: 3, Asset: strings.Repeat("ab", 32), Since: at, Shows: &Shows{Scroll: true, X: -420}})),
		frame(t, NewStatus(&Status{Revision: 12, Playlist: "default", ItemID: 4, Asset: strings.Repeat("ab", 32), Since: at, Shows: &Shows{Page: 2}})),
		frame(t, NewScreenshotRequest(7)),
		frame(t, NewCareRequest(8, CareLogs)),
	}
}

// reencode is a decoded message written again.
func reencode(t *testing.T, m Message) []byte {
	t.Helper()
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("decoded %+v cannot be written again: %v", m, err)
	}
	return data
}

// checkDecoded holds for every message Decode accepts: its version, one
// payload and the one its type names, within that payload's limits, and
// written again it reads the same.
func checkDecoded(t *testing.T, data []byte, m Message) {
	t.Helper()
	if m.V != Version {
		t.Fatalf("Decode(%q) accepted version %d", data, m.V)
	}
	named := map[string]bool{
		TypeManifest: m.Manifest != nil, TypeStatus: m.Status != nil, TypeAck: m.Ack != nil,
		TypeError: m.Error != nil, TypePlays: m.Plays != nil, TypePlaysAck: m.PlaysAck != nil,
		TypeTampered: m.Tampered != nil, TypeScreenshotRequest: m.ScreenshotRequest != nil,
		TypeCareRequest: m.CareRequest != nil,
	}
	if !named[m.Type] || m.payloads() != 1 {
		t.Fatalf("Decode(%q) accepted type %q with %d payloads", data, m.Type, m.payloads())
	}
	switch {
	case m.Status != nil:
		if err := m.Status.Validate(); err != nil {
			t.Fatalf("Decode(%q) accepted a status beyond its limits: %v", data, err)
		}
	case m.Tampered != nil:
		if err := m.Tampered.Validate(); err != nil || len(data) > MaxTamperedFrameBytes {
			t.Fatalf("Decode(%q) accepted a tampered report beyond its limits: %v", data, err)
		}
	case m.Plays != nil:
		if len(m.Plays.Records) > MaxPlaysPerMessage {
			t.Fatalf("Decode(%q) accepted %d plays", data, len(m.Plays.Records))
		}
	case m.ScreenshotRequest != nil:
		if err := m.ScreenshotRequest.Validate(); err != nil {
			t.Fatalf("Decode(%q) accepted a screenshot request beyond its limits: %v", data, err)
		}
	case m.CareRequest != nil:
		if err := m.CareRequest.Validate(); err != nil {
			t.Fatalf("Decode(%q) accepted a care request beyond its limits: %v", data, err)
		}
	case m.Manifest != nil:
		if man, err := m.Manifest.Open(fuzzPublic()); err == nil {
			if err := man.Validate(); err != nil {
				t.Fatalf("Open(%q) gave an invalid manifest: %v", data, err)
			}
		}
	}
	again := reencode(t, m)
	m2, err := Decode(again)
	if err != nil {
		t.Fatalf("Decode(%q) accepted, but refuses it written again as %q: %v", data, again, err)
	}
	if third := reencode(t, m2); !bytes.Equal(third, again) {
		t.Fatalf("written again %q, then %q", again, third)
	}
}

// validUTF8 tells whether strings survive JSON unchanged: invalid bytes
// are written as U+FFFD. Each on its own: halves of a rune in two
// strings are valid together.
func validUTF8(ss ...string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// Decode either refuses a frame or gives a message that satisfies
// checkDecoded.
func FuzzDecode(f *testing.F) {
	for _, fr := range boardFrames(f) {
		f.Add(fr)
	}
	f.Add([]byte(`{"type":"ack","v":2,"ack":{"revision":3},"status":{"playlist":"x"}}`))
	f.Add([]byte(`{"type":"manifest","v":2,"manifest":{"payload":{"playlists":[]},"signature":"AAAA","key":"ed25519:AA"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if m, err := Decode(data); err == nil {
			checkDecoded(t, data, m)
		}
	})
}

// A binary frame is either refused or gives a screenshot within its
// limits, whose head reads as a text frame's would (but for the type,
// which only a binary frame may carry), and which written again is the
// same frame.
func FuzzDecodeBinary(f *testing.F) {
	png := []byte("\x89PNG\r\n\x1a\nscreen")
	for _, m := range []Message{NewScreenshot(&Screenshot{ID: 1, Asset: strings.Repeat("ab", 32)}), NewScreenshot(&Screenshot{ID: 9}), NewAck(3),
		NewCare(&Care{ID: 4, Action: CareScreenshot})} {
		fr, err := AppendBinary(nil, m, png)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(fr)
	}
	for _, c := range careSeeds() {
		fr, err := AppendBinary(nil, NewCare(c.care), c.raw)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(fr)
	}
	f.Add([]byte("CDB1\x00\x02{}"))
	f.Add([]byte("CDB1\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, raw, err := DecodeBinary(data)
		if err != nil {
			return
		}
		if m.payloads() != 1 || m.V != Version {
			t.Fatalf("DecodeBinary(%q) accepted %+v", data, m)
		}
		switch {
		case m.Type == TypeScreenshot && m.Screenshot != nil:
			if err := m.Screenshot.Validate(); err != nil || len(raw) > MaxScreenshotBytes {
				t.Fatalf("DecodeBinary(%q) accepted a screenshot beyond its limits (%d bytes): %v", data, len(raw), err)
			}
		case m.Type == TypeCare && m.Care != nil:
			if err := m.Care.Validate(); err != nil || checkCareRaw(m.Care, raw) != nil {
				t.Fatalf("DecodeBinary(%q) accepted care beyond its limits (%d bytes): %v", data, len(raw), err)
			}
		default:
			t.Fatalf("DecodeBinary(%q) accepted %+v", data, m)
		}
		again, err := AppendBinary(nil, m, raw)
		if err != nil {
			t.Fatalf("accepted %+v cannot be written again: %v", m, err)
		}
		m2, raw2, err := DecodeBinary(again)
		if err != nil || !reflect.DeepEqual(m, m2) || !bytes.Equal(raw, raw2) {
			t.Fatalf("DecodeBinary(%q) = %+v; written again it reads %+v, %v", data, m, m2, err)
		}
	})
}

// Whatever ParseAck accepts, Decode reads the same.
func FuzzParseAck(f *testing.F) {
	for _, rev := range []int64{0, 3, 1<<63 - 1} {
		data, _ := json.Marshal(NewAck(rev))
		f.Add(data)
	}
	f.Add([]byte(`{"type":"ack","v":2,"ack":{"revision":0003}}`))
	f.Add([]byte("{\"type\":\"ack\",\"v\":2,\"ack\":{\"revision\":7}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rev, ok := ParseAck(data)
		if !ok {
			return
		}
		m, err := Decode(data)
		if err != nil || m.Type != TypeAck || m.Ack.Revision != rev {
			t.Fatalf("ParseAck(%q) = %d but Decode gives %+v, %v", data, rev, m, err)
		}
	})
}

// A batch (level 2.3; 2.4 sends its periodic report as one) splits into at most MaxBatchMessages lines that
// hold every byte of the frame but the newlines between them (and the
// encoder's last one), none of them holding a newline; and a batch of
// messages a board writes (AppendBatch) gives back those messages.
func FuzzBatch(f *testing.F) {
	at := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	seed, _ := AppendBatch(nil, NewAck(5), NewStatus(&Status{Revision: 5, Playlist: "mac-dinh", ItemID: 2, Since: at, Shows: &Shows{}}),
		NewPlays([]Play{{ID: at.UnixNano(), Playlist: "mac-dinh", ItemID: 1, Start: at, Seconds: 10}}))
	f.Add(seed)
	f.Add(append(seed, '\n'))
	// The shapes of level 2.4: a switch answered by ack and status, the
	// periodic report of status and plays.
	answer, _ := AppendBatch(nil, NewAck(6), NewStatus(&Status{Revision: 6, Playlist: "mung-dai-hoi", ItemID: 3, Since: at, Shows: &Shows{}}))
	f.Add(answer)
	report, _ := AppendBatch(nil, NewStatus(&Status{Revision: 6, Playlist: "mung-dai-hoi", ItemID: 3, Since: at, Shows: &Shows{Scroll: true}}),
		NewPlays([]Play{{ID: at.UnixNano(), Playlist: "mac-dinh", ItemID: 1, Start: at, Seconds: 10}, {ID: at.UnixNano() + 1, Playlist: "mac-dinh", ItemID: 2, Start: at, Seconds: 2}}))
	f.Add(report)
	f.Add([]byte("{}\n\n{}"))
	f.Add([]byte(strings.Repeat("{}\n", MaxBatchMessages+1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, err := BatchLines(data, nil)
		if err != nil {
			return
		}
		if len(lines) == 0 || len(lines) > MaxBatchMessages {
			t.Fatalf("BatchLines(%q) gives %d lines", data, len(lines))
		}
		if joined := bytes.Join(lines, []byte("\n")); !bytes.Equal(joined, bytes.TrimSuffix(data, []byte("\n"))) {
			t.Fatalf("BatchLines(%q) lost bytes: %q", data, joined)
		}
		var msgs []Message
		for _, l := range lines {
			m, err := Decode(l)
			if err != nil {
				return
			}
			msgs = append(msgs, m)
		}
		again, err := AppendBatch(nil, msgs...)
		if err != nil {
			t.Fatal(err)
		}
		back, err := BatchLines(again, nil)
		if err != nil || len(back) != len(msgs) {
			t.Fatalf("a batch of %d decoded messages splits into %d lines, %v", len(msgs), len(back), err)
		}
		for i, l := range back {
			m, err := Decode(l)
			if err != nil || m.Type != msgs[i].Type {
				t.Fatalf("message %d of a re-encoded batch: %+v, %v (was %s)", i, m, err, msgs[i].Type)
			}
		}
	})
}

// Decode reads every status and plays message exactly as it would
// without their fast paths (parseStatus, parsePlays): the same refusals,
// the same message.
func FuzzDecodeFast(f *testing.F) {
	at := time.Date(2026, 11, 25, 8, 0, 0, 123456789, time.FixedZone("ICT", 7*3600))
	for _, st := range []*Status{
		{Revision: 12, Playlist: "default", ItemID: 3, Title: "Mừng Đảng, mừng Xuân", Asset: strings.Repeat("ab", 32), Since: at, Version: "1.4.0", Brightness: 80,
			DisplayWidth: 384, DisplayHeight: 128, CacheBytes: 1 << 20, UptimeSeconds: 3600, ClockOffsetMs: -250, Shows: &Shows{Scroll: true, X: -420}},
		{Playlist: "default", Shows: &Shows{Page: 3}, Problem: "Ảnh “Chào mừng” bị hỏng", DisplayProblem: "Trang hiển thị chưa mở"},
		{Shows: &Shows{}}, {},
		{Title: "<b>&</b>", Shows: &Shows{}},
	} {
		data, _ := json.Marshal(NewStatus(st))
		f.Add(data)
	}
	at2 := at.Add(time.Minute)
	for _, recs := range [][]Play{
		{{ID: at.UnixNano(), Playlist: "default", ItemID: 3, SloganID: 9, Title: "Mừng Xuân", Asset: strings.Repeat("cd", 32), Start: at, Seconds: 10},
			{ID: at2.UnixNano(), Playlist: "congress-success", ItemID: 4, Title: "Mừng Đại hội", Asset: strings.Repeat("ef", 32), Start: at2, Seconds: 1}},
		{}, nil,
	} {
		data, _ := json.Marshal(NewPlays(recs))
		f.Add(data)
	}
	f.Add([]byte(`{"type":"plays","v":2,"plays":{"records":[{"id":1},]}}`))
	f.Add([]byte(`{"type":"plays","v":2,"plays":{"records":[{"id":1,"id":2}]}}`))
	f.Add([]byte(`{"type":"status","v":2,"status":{"revision":1,"revision":2}}`))
	f.Add([]byte(`{"type":"status","v":2,"status":{"revision":01}}`))
	f.Add([]byte(`{"type":"status","v":2,"status":{"revision":-0,"item_id":9223372036854775808}}`))
	f.Add([]byte(`{"type":"status","v":2,"status":{"Revision":1.5e3,"shows":{"x":3,"scroll":true}}}`))
	f.Add([]byte(`{"type":"status","v":2,"status":{"since":"2026-13-01T00:00:00Z"}}` + "\n"))
	f.Add([]byte(`{"type":"status","v":2,"status":{"title":"\u00e0","shows":null}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decode(data, true, false)
		want, werr := decode(data, false, false)
		if (err == nil) != (werr == nil) {
			t.Fatalf("Decode(%q): fast path %v, JSON alone %v", data, err, werr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode(%q): fast path %+v, JSON alone %+v", data, got.Status, want.Status)
		}
	})
}

// Decode reads every frame exactly as it would without the thumbnail
// fast path: the same refusals, the same message.
func FuzzDecodeThumbnail(f *testing.F) {
	for _, st := range []*Status{{Playlist: "default", Thumbnail: []byte("PNG")}, {Title: "a", Thumbnail: []byte{}}, {}} {
		data, _ := json.Marshal(NewStatus(st))
		f.Add(data)
	}
	for _, fr := range boardFrames(f)[:2] {
		f.Add(fr)
	}
	f.Add([]byte(`{"type":"status","v":2,"status":{"thumbnail":"AAAA","thumbnail":"QUJD"}}`))
	f.Add([]byte(`{"type":"status","v":2,"status":{"playlist":"x","thumbnail":"!!!"}}`))
	f.Add([]byte(`{"type":"status","v":2,"status":{"playlist":"x"},"error":{"code":"a","thumbnail":"QUJD"}}`))
	f.Add([]byte(`{"type":"status","v":2,"status":{"playlist":"x","z":{"a":1},"thumbnail":"QUJD"}}`))
	f.Add([]byte("{\"type\":\"status\",\"v\":2,\"status\":{\"playlist\":\"x\",\"thumbnail\":\"QU\nJD\"}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decode(data, true, false)
		want, werr := decode(data, false, false)
		if (err == nil) != (werr == nil) {
			t.Fatalf("Decode(%q): fast path %v, JSON alone %v", data, err, werr)
		}
		for _, m := range []Message{got, want} {
			if m.Status != nil && len(m.Status.Thumbnail) == 0 {
				m.Status.Thumbnail = nil // "": JSON gives an empty slice, base64 nil
			}
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode(%q): fast path %+v, JSON alone %+v", data, got.Status, want.Status)
		}
	})
}

// A status as the player builds it is read back as it was, by the fast
// path, and refused only when beyond its limits.
func FuzzStatus(f *testing.F) {
	f.Add(int64(12), "default", int64(3), "Mừng Đảng, mừng Xuân", strings.Repeat("ab", 32), "1.4.0", "", 80, int64(1<<20), []byte("\x89PNG"))
	f.Add(int64(0), "", int64(0), strings.Repeat("đ", 401), "../x", strings.Repeat("v", 65), strings.Repeat("x", 1001), 0, int64(0), []byte{})
	f.Fuzz(func(t *testing.T, rev int64, playlist string, item int64, title, asset, version, problem string, brightness int, cache int64, thumb []byte) {
		if len(thumb) == 0 {
			thumb = nil // omitted on the wire
		}
		st := Status{Revision: rev, Playlist: playlist, ItemID: item, Title: title, Asset: asset, Version: version, Problem: problem, Brightness: brightness, CacheBytes: cache, Thumbnail: thumb}
		// The display's problem has the problem's limit: one input fuzzes both.
		st.DisplayProblem = problem
		data := frame(t, NewStatus(&st))
		if _, _, split := splitThumbnail(data); split != (thumb != nil) {
			t.Fatalf("a status with a %d-byte thumbnail takes the fast path: %v", len(thumb), split)
		}
		m, err := Decode(data)
		if err == nil {
			checkDecoded(t, data, m)
		}
		if !validUTF8(playlist, title, asset, version, problem) {
			return
		}
		if verr := st.Validate(); (err == nil) != (verr == nil) {
			t.Fatalf("Decode: %v; Validate: %v", err, verr)
		}
		if err == nil && !reflect.DeepEqual(*m.Status, st) {
			t.Fatalf("read back %+v, sent %+v", *m.Status, st)
		}
	})
}

// Every ack a player writes takes ParseAck's fast path.
func FuzzAck(f *testing.F) {
	f.Add(int64(3))
	f.Add(int64(-1))
	f.Fuzz(func(t *testing.T, rev int64) {
		data, _ := json.Marshal(NewAck(rev))
		got, ok := ParseAck(data)
		if ok != (rev >= 0) || ok && got != rev {
			t.Fatalf("ParseAck(%s) = %d, %v", data, got, ok)
		}
		m, err := Decode(frame(t, NewAck(rev)))
		if err != nil || m.Ack.Revision != rev {
			t.Fatalf("Decode(ack %d) = %+v, %v", rev, m, err)
		}
	})
}

// Plays are read back as sent, and refused beyond MaxPlaysPerMessage.
func FuzzPlays(f *testing.F) {
	f.Add(int64(1), "default", int64(3), int64(9), "Mừng Xuân", strings.Repeat("cd", 32), int64(1764057600e9), 10, uint16(1))
	f.Add(int64(-1), "", int64(0), int64(0), "", "", int64(-1<<63), -1, uint16(MaxPlaysPerMessage+1))
	f.Fuzz(func(t *testing.T, id int64, playlist string, item, slogan int64, title, asset string, start int64, seconds int, n uint16) {
		n %= 2 * MaxPlaysPerMessage
		at := time.Unix(0, 0).UTC().Add(time.Duration(start)) // 1677 to 2262: years JSON can write
		recs := make([]Play, n)
		for i := range recs {
			recs[i] = Play{ID: id + int64(i), Playlist: playlist, ItemID: item, SloganID: slogan, Title: title, Asset: asset, Start: at, Seconds: seconds}
		}
		data := frame(t, NewPlays(recs))
		m, err := Decode(data)
		if (err == nil) != (int(n) <= MaxPlaysPerMessage) {
			t.Fatalf("Decode of %d plays: %v", n, err)
		}
		if err != nil {
			return
		}
		checkDecoded(t, data, m)
		if validUTF8(playlist, title, asset) && !reflect.DeepEqual(m.Plays.Records, recs) && n > 0 {
			t.Fatalf("read back %+v, sent %+v", m.Plays.Records, recs)
		}
	})
}

// An error is read back as sent.
func FuzzError(f *testing.F) {
	f.Add("refused", "máy chủ gửi loại tin nhắn không dành cho bảng")
	f.Fuzz(func(t *testing.T, code, message string) {
		data := frame(t, NewError(code, message))
		m, err := Decode(data)
		if err != nil {
			t.Fatalf("Decode(%q): %v", data, err)
		}
		checkDecoded(t, data, m)
		if validUTF8(code, message) && *m.Error != (Error{code, message}) {
			t.Fatalf("read back %+v", *m.Error)
		}
	})
}

// A tampered report as a player builds it is read back as it was, and
// refused only when beyond its limits: within them it always fits the
// frame limit, however many of its characters JSON escapes.
func FuzzTampered(f *testing.F) {
	f.Add(3, int64(1764057600e9), int64(60e9), "từ chối bản kê: chữ ký không hợp lệ", "http://10.0.0.2:8080")
	f.Add(0, int64(0), int64(-1), strings.Repeat("<", MaxTamperedReasonRunes+1), strings.Repeat("&", MaxTamperedViaBytes+1))
	f.Add(MaxTamperedCount, int64(0), int64(0), strings.Repeat("\x00", MaxTamperedReasonRunes/4), strings.Repeat("\u2028", MaxTamperedViaBytes/6))
	f.Fuzz(func(t *testing.T, count int, first, span int64, reason, via string) {
		at := time.Unix(0, 0).UTC().Add(time.Duration(first))
		rep := Tampered{Count: count, First: at, Last: at.Add(time.Duration(span)), Reason: reason, Via: via}
		if rep.Last.Year() > 9999 || rep.Last.Year() < 0 {
			return // JSON cannot write it
		}
		data := frame(t, NewTampered(&rep))
		m, err := Decode(data)
		if err == nil {
			checkDecoded(t, data, m)
		}
		if !validUTF8(reason, via) {
			return
		}
		if verr := rep.Validate(); (err == nil) != (verr == nil) {
			t.Fatalf("Decode of %d bytes: %v; Validate: %v", len(data), err, verr)
		}
		if err == nil && !reflect.DeepEqual(*m.Tampered, rep) {
			t.Fatalf("read back %+v, sent %+v", *m.Tampered, rep)
		}
	})
}

// A plays_ack is read back as sent.
func FuzzPlaysAck(f *testing.F) {
	f.Add(int64(1764057600000000000))
	f.Fuzz(func(t *testing.T, upTo int64) {
		m, err := Decode(frame(t, NewPlaysAck(upTo)))
		if err != nil || m.PlaysAck.UpTo != upTo {
			t.Fatalf("Decode(plays_ack %d) = %+v, %v", upTo, m, err)
		}
	})
}

// DecodePairRequest accepts only one JSON object within the limits, and
// what it accepts reads the same written again.
func FuzzPairRequest(f *testing.F) {
	for _, r := range []PairRequest{{Width: 384, Height: 128, Version: "dev"}, {Width: 16, Height: 8192}, {Width: 15, Height: 100}} {
		data, _ := json.Marshal(r)
		f.Add(data)
	}
	f.Add([]byte(`{"width":384,"height":128} {"width":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodePairRequest(data)
		if err != nil {
			return
		}
		if verr := r.Validate(); verr != nil {
			t.Fatalf("DecodePairRequest(%q) accepted %+v: %v", data, r, verr)
		}
		if !json.Valid(data) {
			t.Fatalf("DecodePairRequest(%q) accepted what is not one JSON value", data)
		}
		again, _ := json.Marshal(r)
		if r2, err := DecodePairRequest(again); err != nil || r2 != r {
			t.Fatalf("%+v written again reads %+v, %v", r, r2, err)
		}
	})
}

// fuzzToken and fuzzNonce are the board's secret and its connect nonce.
const fuzzToken, fuzzNonce = "cdb_FUZZTOKENOFABOARDFUZZTOKENOFABOARD12", "nonce-1"

// No revocation a board reads counts unless the pinned key signed that
// very token and nonce: nothing the fuzzer makes of a genuine one does.
func FuzzRevocation(f *testing.F) {
	genuine := Revoke(fuzzToken, fuzzNonce, fuzzKey)
	for _, r := range []*Revocation{genuine, Revoke(fuzzToken, "nonce-2", fuzzKey), Revoke("cdb_OTHER", fuzzNonce, fuzzKey)} {
		data, _ := json.Marshal(map[string]any{"code": "bad_board_token", "revocation": r})
		f.Add(data)
	}
	sig, _ := base64.StdEncoding.DecodeString(genuine.Signature)
	f.Fuzz(func(t *testing.T, data []byte) {
		var body struct {
			Revocation *Revocation `json:"revocation"`
		}
		if json.Unmarshal(data, &body) != nil || !body.Revocation.Verify(fuzzToken, fuzzNonce, fuzzPublic()) {
			return
		}
		r := body.Revocation
		got, _ := base64.StdEncoding.DecodeString(r.Signature)
		if r.TokenHash != genuine.TokenHash || r.Nonce != fuzzNonce || !bytes.Equal(got, sig) {
			t.Fatalf("revocation %+v verified, not the genuine %+v", r, genuine)
		}
	})
}

// fuzzManifests are manifests signed with fuzzKey: alone (Sign) and as
// the second of a batch of three (ManifestFrame), as the controller
// sends them.
func fuzzManifests(t testing.TB) (frames [][]byte, genuine []*playlists.Manifest) {
	at := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	content := playlists.Content{Default: playlists.DefaultSlug, Playlists: []playlists.Playlist{{Slug: playlists.DefaultSlug, Name: "Mặc định", Items: []playlists.Item{
		{ID: 1, Title: "Mừng Xuân", Seconds: 10, Asset: strings.Repeat("ab", 32)},
	}}}}
	m := &playlists.Manifest{Revision: 7, IssuedAt: at, Content: content, Board: playlists.Board{ID: 1, Width: 384, Height: 128}}
	signed, err := Sign(m, fuzzKey)
	if err != nil {
		t.Fatal(err)
	}
	frames = append(frames, frame(t, NewManifest(signed)))
	genuine = append(genuine, m)

	body, _ := json.Marshal(content)
	sum := sha256.Sum256(body)
	var envelopes [][]byte
	for id := range int64(3) {
		b := playlists.Board{ID: 10 + id, Width: 384, Height: 128}
		env, err := Seal(8, at, b, sum)
		if err != nil {
			t.Fatal(err)
		}
		envelopes = append(envelopes, env)
		genuine = append(genuine, &playlists.Manifest{Revision: 8, IssuedAt: at, Content: content, Board: b})
	}
	parts := ManifestFrame(envelopes[1], SignBatch(envelopes, fuzzKey), 1, body)
	frames = append(frames, bytes.Join(parts[:], nil))
	return frames, genuine
}

// A board opens only manifests the pinned key signed, exactly as signed:
// nothing the fuzzer makes of genuine frames opens as anything else.
func FuzzOpen(f *testing.F) {
	frames, genuine := fuzzManifests(f)
	for _, fr := range frames {
		f.Add(fr)
	}
	want := make(map[string]bool)
	for _, m := range genuine {
		data, _ := json.Marshal(m)
		want[string(data)] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := Decode(data)
		if err != nil || msg.Manifest == nil {
			return
		}
		m, err := msg.Manifest.Open(fuzzPublic())
		if err != nil {
			return
		}
		got, _ := json.Marshal(m)
		if !want[string(got)] {
			t.Fatalf("opened a manifest the key never signed: %s", got)
		}
	})
}

// ParseKey accepts only a key EncodeKey writes the same way back.
func FuzzParseKey(f *testing.F) {
	f.Add(EncodeKey(fuzzPublic()))
	f.Add(" ed25519:AAAA ")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKey(s)
		if err != nil {
			return
		}
		if len(k) != ed25519.PublicKeySize {
			t.Fatalf("ParseKey(%q) gave %d bytes", s, len(k))
		}
		if k2, err := ParseKey(EncodeKey(k)); err != nil || !k2.Equal(k) {
			t.Fatalf("ParseKey(%q) = %x, written again reads %x, %v", s, k, k2, err)
		}
	})
}

// A screenshot request (controller → player, level 2.2) reads back as
// written when its ID is valid, and is refused otherwise; AppendPlaysAck
// writes a plays_ack exactly as the JSON encoder does.
func FuzzScreenshotRequest(f *testing.F) {
	f.Add(int64(1), int64(1764057600000000000))
	f.Add(int64(0), int64(-1))
	f.Fuzz(func(t *testing.T, id, upTo int64) {
		data := frame(t, NewScreenshotRequest(id))
		m, err := Decode(data)
		if (err == nil) != (id >= 1) {
			t.Fatalf("Decode(screenshot_request %d): %v", id, err)
		}
		if err == nil {
			checkDecoded(t, data, m)
			if m.ScreenshotRequest.ID != id {
				t.Fatalf("read back id %d, sent %d", m.ScreenshotRequest.ID, id)
			}
		}
		want, _ := json.Marshal(NewPlaysAck(upTo))
		if got := AppendPlaysAck(nil, upTo); !bytes.Equal(got, want) {
			t.Fatalf("AppendPlaysAck(%d) = %s, want %s", upTo, got, want)
		}
	})
}

// A status of level 2.2 reads back as written when its Shows is within
// its limits, and is refused otherwise, by the fast path as by the
// decoder.
func FuzzShows(f *testing.F) {
	f.Add(0, false, 0)
	f.Add(3, true, -420)
	f.Add(16, false, 7)
	f.Fuzz(func(t *testing.T, page int, scroll bool, x int) {
		sh := Shows{Page: page, Scroll: scroll, X: x}
		st := Status{Playlist: "default", Asset: strings.Repeat("ab", 32), Shows: &sh}
		data := frame(t, NewStatus(&st))
		m, err := Decode(data)
		if verr := sh.Validate(); (err == nil) != (verr == nil) {
			t.Fatalf("Decode of shows %+v: %v; Validate: %v", sh, err, verr)
		}
		if err == nil {
			checkDecoded(t, data, m)
			if !reflect.DeepEqual(*m.Status.Shows, sh) {
				t.Fatalf("read back %+v, sent %+v", *m.Status.Shows, sh)
			}
		}
	})
}
