package fleet

import (
	"strings"
	"sync"
	"testing"
	"time"

	"codong/protocol"
)

// alarms records what the fleet's Alarm is told.
type alarms struct {
	mu  sync.Mutex
	got []TamperEvent
}

func (a *alarms) ManifestTampered(ev TamperEvent) {
	a.mu.Lock()
	a.got = append(a.got, ev)
	a.mu.Unlock()
}

func (a *alarms) events() []TamperEvent {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]TamperEvent(nil), a.got...)
}

// A board's reports of tampered manifests flag it for the wall, ahead
// of any other flag; a run of refusals sent again on later links counts
// once; the Alarm (the audit log) is told at most once per board every
// quarter hour, with the reports since.
func TestTamperReportFlagsAndAlarmsOncePerQuarter(t *testing.T) {
	rg, clk, _ := newGuardRig(t)
	var al alarms
	rg.f.cfg.Alarm = &al
	rg.connect(1)
	rg.waitManifests(t, 1, 1)
	first := clk.now().Add(-time.Minute)
	report := func(count int, since time.Time) {
		t.Helper()
		rep := &protocol.Tampered{Count: count, First: since, Last: clk.now(), Reason: "từ chối bản kê: chữ ký bản kê không hợp lệ", Via: "http://10.0.0.2:8080"}
		if r := rg.f.Tampered(1, rg.linkOf(1), rep); r != nil {
			t.Fatalf("report refused: %+v", r)
		}
	}
	flag := func(count int) {
		t.Helper()
		fl := rg.f.View(1).Flag
		if fl == nil || fl.Code != TamperCode || fl.Count != count || !strings.Contains(fl.Reason, "bản kê bị sửa trên đường truyền") || !strings.Contains(fl.Reason, "TLS") {
			t.Fatalf("flag %+v, want %s with %d refusals", fl, TamperCode, count)
		}
	}
	report(1, first)
	flag(1)
	// The Alarm is told off the board's path (TestTamperAlarmNeverHoldsABoard).
	rg.waitFor(t, "the first alarm", func() bool { return len(al.events()) > 0 })
	if ev := al.events(); len(ev) != 1 || ev[0].Board != 1 || ev[0].Refused != 1 || ev[0].Reports != 1 || ev[0].Via != "http://10.0.0.2:8080" {
		t.Fatalf("alarms %+v, want one for the first report", ev)
	}
	clk.add(time.Second)
	report(2, first) // the same run, told again on the next link
	flag(2)
	clk.add(time.Second)
	report(1, clk.now()) // a new run
	flag(3)
	// Another refusal of the board does not hide the line's tampering.
	rg.f.Ack(1, rg.linkOf(1), 999)
	flag(3)
	if n := len(al.events()); n != 1 {
		t.Fatalf("%d alarms within the quarter hour, want 1", n)
	}
	clk.add(tamperAlarmEvery)
	report(2, clk.now().Add(-tamperAlarmEvery))
	rg.waitFor(t, "the second alarm", func() bool { return len(al.events()) > 1 })
	if ev := al.events(); len(ev) != 2 || ev[1].Reports != 3 {
		t.Fatalf("alarms %+v, want a second one counting the 3 reports since the first", ev)
	}
}

// blockedAlarm is an audit log that does not answer: a database busy or
// stuck behind a lock.
type blockedAlarm struct {
	told    chan TamperEvent
	release chan struct{}
}

func (a blockedAlarm) ManifestTampered(ev TamperEvent) {
	a.told <- ev
	<-a.release
}

// A board's report of tampering is handled on the hub's workers, which
// handle many boards' frames: it never waits for the Alarm, which writes
// the audit log. While the audit log hangs, the board's report and the
// next boards' frames are taken, and the alarm is told once it can be.
func TestTamperAlarmNeverHoldsABoard(t *testing.T) {
	al := blockedAlarm{told: make(chan TamperEvent, 1), release: make(chan struct{})}
	rg := newRigWith(t, func(c *Config) { c.Alarm = al })
	defer close(al.release)
	rg.connect(1, 2)
	rg.waitManifests(t, 1, 1, 2)
	now := time.Now()
	handled := make(chan struct{})
	go func() {
		defer close(handled)
		rg.f.Tampered(1, rg.linkOf(1), &protocol.Tampered{Count: 1, First: now, Last: now, Reason: "chữ ký sai", Via: "http://10.0.0.2:8080"})
		rg.f.Status(2, rg.linkOf(2), &protocol.Status{Playlist: "default"})
	}()
	select {
	case ev := <-al.told:
		if ev.Board != 1 {
			t.Fatalf("alarm for board %d", ev.Board)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the Alarm was never told")
	}
	select {
	case <-handled:
	case <-time.After(5 * time.Second):
		t.Fatal("the board's report waits for the audit log")
	}
}
