package web

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"codong/player/display"
)

// stream is one page's event stream, read by a goroutine so that a test
// can wait for an event with a deadline.
type stream struct {
	resp   *http.Response
	events chan frameEvent
}

func openStream(t *testing.T, d *Display) *stream {
	t.Helper()
	resp, err := http.Get("http://" + d.Addr() + "/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	s := &stream{resp: resp, events: make(chan frameEvent, 4096)}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && name == "frame":
				var ev frameEvent
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil {
					t.Errorf("event data %q: %v", line, err)
					return
				}
				s.events <- ev
			case line == "":
				name = ""
			}
		}
	}()
	return s
}

func (s *stream) next(t *testing.T) frameEvent {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	panic("unreachable")
}

func TestEventStream(t *testing.T) {
	d := newDisplay(t, Options{Region: Region{Width: 384, Height: 128, X: 10, Y: 20}})
	s := openStream(t, d)
	still := encodePNG(t, 384, 128, gray(0x20))
	if err := d.Show(display.Frame{PNG: still, Width: 384, Height: 128, Brightness: 0.6}); err != nil {
		t.Fatal(err)
	}
	ev := s.next(t)
	want := frameEvent{Seq: 1, ID: ev.ID, Width: 384, Height: 128, ImageWidth: 384, ImageHeight: 128,
		X: 10, Y: 20, BoxWidth: 384, BoxHeight: 128, Speed: display.DefaultScrollSpeed, Brightness: 0.6}
	if ev != want || len(ev.ID) != 64 {
		t.Errorf("got  %+v\nwant %+v", ev, want)
	}

	strip := encodePNG(t, 1000, 128, gray(0x30))
	if err := d.Show(display.Frame{PNG: strip, Width: 384, Height: 128, Scroll: true, ScrollSpeed: 90, Brightness: 7}); err != nil {
		t.Fatal(err)
	}
	if ev := s.next(t); ev.Seq != 2 || !ev.Scroll || ev.Speed != 90 || ev.ImageWidth != 1000 || ev.Brightness != 1 {
		t.Errorf("scroll event %+v", ev)
	}
	if err := d.Show(display.Frame{Width: 384, Height: 128, Off: true}); err != nil {
		t.Fatal(err)
	}
	if ev := s.next(t); ev.Seq != 3 || !ev.Off || ev.ID != "" {
		t.Errorf("off event %+v", ev)
	}

	// A page that connects later gets the newest frame at once.
	if ev := openStream(t, d).next(t); ev.Seq != 3 || !ev.Off {
		t.Errorf("late page got %+v", ev)
	}
}

// TestShowDoesNotWaitForPages shows many frames while one page never
// reads its stream: Show must return each time, and a page that does
// read reaches the newest frame, skipping what it was too slow for.
func TestShowDoesNotWaitForPages(t *testing.T) {
	d := newDisplay(t, Options{})
	stuck, err := net.Dial("tcp", d.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	if _, err := fmt.Fprintf(stuck, "GET /events HTTP/1.1\r\nHost: %s\r\n\r\n", d.Addr()); err != nil {
		t.Fatal(err)
	}
	s := openStream(t, d)
	pic := encodePNG(t, 64, 32, gray(0x50))
	const shows = 5000
	for range shows {
		if err := d.Show(display.Frame{PNG: pic, Width: 64, Height: 32, Brightness: 1}); err != nil {
			t.Fatal(err)
		}
	}
	received := 1
	for ev := s.next(t); ev.Seq != shows; ev = s.next(t) {
		received++
	}
	t.Logf("the reading page received %d of %d frames", received, shows)
}

func TestCloseEndsStreams(t *testing.T) {
	d := newDisplay(t, Options{})
	s := openStream(t, d)
	if err := d.Show(display.Frame{Off: true}); err != nil {
		t.Fatal(err)
	}
	s.next(t)
	d.Close()
	select {
	case _, ok := <-s.events:
		if ok {
			t.Error("an event after Close")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stream did not end with Close")
	}
}

// TestUnseenFollowsPages: the display knows it draws nothing until a
// page opens its stream, and again after the last one leaves.
func TestUnseenFollowsPages(t *testing.T) {
	d := newDisplay(t, Options{})
	problem, changed := d.Unseen()
	if problem == "" {
		t.Fatal("no page is open, yet the display says it is seen")
	}
	s := openStream(t, d)
	<-changed // the stream's page counted
	if problem, _ = d.Unseen(); problem != "" {
		t.Fatalf("a page is open, yet the display says %q", problem)
	}
	_, changed = d.Unseen()
	s.resp.Body.Close()
	<-changed // the server noticed the page leave
	if problem, _ = d.Unseen(); problem == "" {
		t.Fatal("the page closed, yet the display says it is seen")
	}
}
