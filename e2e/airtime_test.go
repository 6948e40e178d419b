package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"codong/assets"
	"codong/controller"
	"codong/player"
	"codong/player/display"
	"codong/player/display/pngfile"
	"codong/playlists"
)

// steppedClock is the one clock of a controller and its player that
// moves only when the test steps it; the player's rotation, its only
// user of timers, sets them on it. It counts what happens on the board (a frame shown, a
// timer set) so the test steps only once the board has done what the
// last step or change asked: the engine sets its next timer last.
type steppedClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []steppedTimer
	seq    int // events so far: frames shown, timers set, timers fired
	armed  int // seq of the latest timer set
	shown  int // seq of the latest frame shown
	fired  int // seq of the latest timers fired
	sets   int // timers set so far
}

type steppedTimer struct {
	at time.Time
	ch chan time.Time
}

func (c *steppedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *steppedClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	// The rotation waits on its latest timer only: those it set before
	// are forgotten, as it forgot them.
	c.timers = []steppedTimer{{c.now.Add(d), ch}}
	c.seq++
	c.armed = c.seq
	c.sets++
	return ch
}

// settled: the engine set a timer after the last frame it showed and
// after the last timer fired, so it waits for the clock.
func (c *steppedClock) settled() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.armed > c.shown && c.armed > c.fired
}

// step moves the clock by d, fires the timers due, and waits until the
// board has acted on them.
func (c *steppedClock) step(t *testing.T, d time.Duration) {
	t.Helper()
	c.mu.Lock()
	c.now = c.now.Add(d)
	pending := c.timers[:0]
	for _, tm := range c.timers {
		if tm.at.After(c.now) {
			pending = append(pending, tm)
			continue
		}
		tm.ch <- c.now
		c.seq++
		c.fired = c.seq
	}
	c.timers = pending
	c.mu.Unlock()
	c.settle(t, "the board to act on the clock")
}

func (c *steppedClock) settle(t *testing.T, what string) {
	t.Helper()
	c.settleAfter(t, -1, what)
}

// timersSet is how many timers the board has set so far, for
// settleAfter.
func (c *steppedClock) timersSet() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sets
}

// settleAfter is settle once the board has set more than n timers: with
// the clock standing, the engine sets one only after it took a manifest
// (or a timer fired), so a change that leaves the frame as it was has
// been acted on once it did.
func (c *steppedClock) settleAfter(t *testing.T, n int, what string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); c.timersSet() <= n || !c.settled(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s", what)
		}
	}
}

// stepNext steps the clock to the board's next timer and waits until
// the board has acted on it.
func (c *steppedClock) stepNext(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	d := time.Duration(0)
	if len(c.timers) > 0 {
		d = max(c.timers[0].at.Sub(c.now), 0)
	}
	c.mu.Unlock()
	c.step(t, d)
}

// stepUntil steps the clock to the board's next timer, again and again,
// until ok (read from the board's frame, which is up to date once a
// step returns) holds; the board changes nothing between its timers, so
// no frame is skipped. It gives up after many steps.
func (c *steppedClock) stepUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for range 1000 {
		if ok() {
			return
		}
		c.stepNext(t)
	}
	t.Fatalf("the clock stepped a thousand times without %s", what)
}

// runPlayerOnClock is runPlayerWith with the player on clock: its time,
// its timers and the count of its frames.
func runPlayerOnClock(t *testing.T, controllerURLs, dir, frame string, clock *steppedClock, cfg player.Config) (stop func()) {
	t.Helper()
	png, err := pngfile.New(frame)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Display, cfg.Now, cfg.After = countingDisplay{png, clock}, clock.Now, clock.After
	return runPlayerWith(t, controllerURLs, dir, frame, cfg)
}

// countingDisplay tells the clock of every frame before drawing it: a
// test that sees the new frame in the file must not find the clock
// settled, and step it, before the engine has set its next timer (the
// play would start a second late by the stepped clock).
type countingDisplay struct {
	display.Display
	clock *steppedClock
}

func (d countingDisplay) Show(f display.Frame) error {
	d.clock.mu.Lock()
	d.clock.seq++
	d.clock.shown = d.clock.seq
	d.clock.mu.Unlock()
	return d.Display.Show(f)
}

// airtime is what a title got on the board: plays and seconds.
type airtime struct{ plays, seconds int }

// TestReportMatchesWhatTheBoardShowed: a real controller and a real
// player on one stepped clock; every second the test reads the board's
// frame file, and the report upward (GET /api/v1/report) must give each
// title the plays and seconds the board really showed it: a turn cut by
// an edit counts what the old picture was up and the edited picture
// gets its own play; a turn cut by the congress-success switch counts
// the seconds until the switch; the congress item planned for an hour
// counts the twelve seconds it was up.
func TestReportMatchesWhatTheBoardShowed(t *testing.T) {
	t.Parallel()
	reportMatchesWhatTheBoardShowed(t, "")
}

// TestReportMatchesWhatTheBoardShowedOnPostgres: the same, the plays
// stored and summed by PostgreSQL.
func TestReportMatchesWhatTheBoardShowedOnPostgres(t *testing.T) {
	t.Parallel()
	reportMatchesWhatTheBoardShowed(t, postgresURL(t))
}

// reportMatchesWhatTheBoardShowed runs the test on a database ("" for
// the SQLite file in the data folder).
func reportMatchesWhatTheBoardShowed(t *testing.T, database string) {
	clock := &steppedClock{now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	h := startControllerWith(t, t.TempDir(), "", func(c *controller.Config) { c.Now, c.Database = clock.Now, database })
	const size = "384x128"
	first, second, edited := "Mừng Đảng", "Mừng Xuân", "Mừng Xuân mới"
	var def, congress playlist
	h.api("GET", "/api/v1/playlists/default", nil, &def)
	h.draftSlogan(def.Items[0].SloganID, first)
	h.draftSlogan(def.Items[1].SloganID, second)
	for i, it := range def.Items {
		switch i {
		case 0, 1:
			h.setItemSeconds("default", it.ID, 6+2*i)
		default:
			h.api("DELETE", "/api/v1/playlists/default/items/"+itoa(it.ID), nil, nil)
		}
	}
	h.api("GET", "/api/v1/playlists/"+playlists.CongressSuccessSlug, nil, &congress)
	for _, it := range congress.Items {
		h.setItemSeconds(playlists.CongressSuccessSlug, it.ID, 3600)
	}
	h.approveAll()
	titles := map[string]string{} // picture → title
	for _, text := range []string{first, second, edited, congress.Items[0].Text} {
		titles[h.expectedAsset(text, size)] = text
	}
	board := h.addBoard("Bảng LED đối chiếu báo cáo", size)

	dir := t.TempDir()
	frame := filepath.Join(dir, "frame.png")
	png, err := pngfile.New(frame)
	if err != nil {
		t.Fatal(err)
	}
	controllers, err := player.ParseControllers(h.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := player.Run(ctx, player.Config{
			Controllers: controllers, Token: board.Token, CacheDir: filepath.Join(dir, "cache"),
			Display: countingDisplay{png, clock}, Logger: testLogger(t), Now: clock.Now, After: clock.After, ReportEvery: reportEvery,
		})
		if err != nil {
			t.Errorf("player: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })

	// change waits, the clock standing, until the board shows want
	// after a change made through the API, and has acknowledged it.
	change := func(want, what string) {
		t.Helper()
		waitFrame(t, frame, h.expectedAsset(want, size), what)
		waitUpToDate(t, h)
		clock.settle(t, what)
	}
	change(first, "the first item")
	// shown[k] is the picture on the board during second k, as read
	// from the board's frame file.
	var shown []string
	run := func(seconds int) {
		t.Helper()
		for range seconds {
			data, err := os.ReadFile(frame)
			if err != nil {
				t.Fatal(err)
			}
			shown = append(shown, assets.Sum(data))
			clock.step(t, time.Second)
		}
	}
	run(9) // the first item 6 s, then 3 s of the second
	h.editSlogan(def.Items[1].SloganID, edited)
	change(edited, "the edited second item")
	run(9) // the edited item's last 5 s, then 4 s of the first
	h.api("POST", "/api/v1/override", map[string]any{"playlist": playlists.CongressSuccessSlug}, nil)
	change(congress.Items[0].Text, "the congress-success playlist")
	run(12)
	h.api("DELETE", "/api/v1/override", nil, nil)
	change(first, "back to the schedule")
	run(10) // the first item 6 s, then the edited one, still on the board

	// What the board showed, turn by turn: the turn still on the board
	// has not ended, so it is not reported yet.
	want := map[string]airtime{}
	total := 0
	for i := 0; i < len(shown); {
		j := i
		for j < len(shown) && shown[j] == shown[i] {
			j++
		}
		if j == len(shown) {
			break
		}
		title, ok := titles[shown[i]]
		if !ok {
			t.Fatalf("second %d: the board showed %.12s…, no picture of the test", i, shown[i])
		}
		a := want[title]
		want[title] = airtime{a.plays + 1, a.seconds + j - i}
		total++
		i = j
	}
	t.Logf("the board showed %v", want)

	var got map[string]airtime
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		got = reportedAirtime(h)
		n := 0
		for _, a := range got {
			n += a.plays
		}
		if n >= total || time.Now().After(deadline) {
			break
		}
	}
	if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(want)) {
		t.Fatalf("the report gives %v\nthe board showed %v", sorted(got), sorted(want))
	}
}

// reportedAirtime is the report's plays and seconds by title.
func reportedAirtime(h *harness) map[string]airtime {
	var r struct {
		Rows []struct {
			Title   string `json:"title"`
			Plays   int    `json:"plays"`
			Seconds int    `json:"seconds"`
		} `json:"rows"`
	}
	h.api("GET", "/api/v1/report", nil, &r)
	out := map[string]airtime{}
	for _, row := range r.Rows {
		a := out[row.Title]
		out[row.Title] = airtime{a.plays + row.Plays, a.seconds + row.Seconds}
	}
	return out
}

// sorted lists airtimes by title, for comparing and printing.
func sorted(m map[string]airtime) []string {
	var out []string
	for title, a := range m {
		out = append(out, fmt.Sprintf("%q: %d plays, %d s", title, a.plays, a.seconds))
	}
	sort.Strings(out)
	return out
}
