package main

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"codong/protocol"
)

// Defaults of a run. The timings a test shortens are Config fields; these
// are what a person running the harness by hand gets.
const (
	defaultController   = "http://127.0.0.1:8080"
	defaultBoards       = 1000
	defaultSizes        = "384x128,192x64,1920x1080"
	defaultGroups       = 4
	defaultTimeout      = 30 * time.Minute
	defaultPhaseTimeout = 5 * time.Minute
	// settleTime lets the controller finish the connect burst (status
	// writes, garbage collection) before its idle footprint is read.
	settleTime = 5 * time.Second
	// idleWindow is how long the controller's CPU is watched while the
	// fleet only rotates.
	idleWindow = 10 * time.Second
	// playsGrace is how long the controller gets, at the end, to confirm
	// the plays still in flight before they are counted unconfirmed.
	playsGrace = 10 * time.Second
)

// Config is everything one run is started with.
type Config struct {
	// Controller serves the operator's API (and is measured); boards link
	// to LinkTo, round-robin, or to Controller when LinkTo is empty.
	Controller *url.URL
	LinkTo     []*url.URL
	Token      string // API token with the admin, editor and operator roles (cda_…)
	// ApproverToken is a second person's token with the approver role:
	// an edit reaches boards only once someone else approves it.
	ApproverToken string
	Boards        int
	Light         bool // boards only acknowledge
	// Level is the protocol level the simulated boards speak (announce
	// and, with a controller of 2.2, report what they show instead of
	// sending thumbnails): protocol.Level, or "2.1" for older players.
	Level   string
	Sources int // loopback source addresses; 0: chosen from Boards
	PID     int // controller process; 0: found from its port
	Sizes   []size
	Groups  int
	Phases  map[phase]bool
	// Repeat runs the switch and the return to the schedule this many
	// times, in turn, so a noisy machine's figures can be compared.
	Repeat       int
	Keep         bool // leave the boards on the controller
	Warm         bool // boards start holding the pictures of present content
	Timeout      time.Duration
	PhaseTimeout time.Duration
	// Settle, IdleWindow and PlaysGrace default to the constants above.
	Settle     time.Duration
	IdleWindow time.Duration
	PlaysGrace time.Duration
	// Progress receives the per-phase lines a person watches; nil: none.
	Progress io.Writer
}

func (c Config) withDefaults() Config {
	if c.Boards <= 0 {
		c.Boards = defaultBoards
	}
	if c.Level == "" {
		c.Level = protocol.Level
	}
	if len(c.Sizes) == 0 {
		c.Sizes, _ = parseSizes(defaultSizes)
	}
	if c.Phases == nil {
		c.Phases, _ = parsePhases("all")
	}
	c.Phases[phaseProvision] = true // every other phase needs the boards
	if c.Repeat <= 0 {
		c.Repeat = 1
	}
	if c.Timeout <= 0 {
		c.Timeout = defaultTimeout
	}
	if c.PhaseTimeout <= 0 {
		c.PhaseTimeout = defaultPhaseTimeout
	}
	if c.Settle <= 0 {
		c.Settle = settleTime
	}
	if c.IdleWindow <= 0 {
		c.IdleWindow = idleWindow
	}
	if c.PlaysGrace <= 0 {
		c.PlaysGrace = playsGrace
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	return c
}

// size is a board's resolution in pixels.
type size struct{ W, H int }

func (s size) String() string { return strconv.Itoa(s.W) + "x" + strconv.Itoa(s.H) }

// parseSizes reads "384x128,1920x1080"; each side is 16–8192 pixels, as
// the controller requires.
func parseSizes(list string) ([]size, error) {
	var out []size
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		w, h, ok := strings.Cut(strings.ToLower(f), "x")
		wi, err1 := strconv.Atoi(w)
		hi, err2 := strconv.Atoi(h)
		if !ok || err1 != nil || err2 != nil || wi < 16 || hi < 16 || wi > 8192 || hi > 8192 {
			return nil, fmt.Errorf("kích thước “%s” không hợp lệ: cần dạng RỘNGxCAO, mỗi cạnh từ 16 đến 8192, ví dụ 384x128", f)
		}
		out = append(out, size{wi, hi})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("cần ít nhất một kích thước bảng, ví dụ 384x128")
	}
	return out, nil
}

// phase names one step of a run, in the order they run.
type phase int

const (
	phaseProvision phase = iota + 1
	phaseIdle
	phaseSwitch
	phaseSchedule
	phaseEdit
	phaseStorm
)

var phaseNames = map[string]phase{
	"provision": phaseProvision, "idle": phaseIdle, "switch": phaseSwitch,
	"schedule": phaseSchedule, "edit": phaseEdit, "storm": phaseStorm,
}

// parsePhases reads "all", or names and numbers: "switch,edit" or "3,5".
func parsePhases(list string) (map[phase]bool, error) {
	out := make(map[phase]bool)
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if f == "all" {
			for _, p := range phaseNames {
				out[p] = true
			}
			continue
		}
		p, ok := phaseNames[f]
		if n, err := strconv.Atoi(f); err == nil && n >= int(phaseProvision) && n <= int(phaseStorm) {
			p, ok = phase(n), true
		}
		if !ok {
			return nil, fmt.Errorf("giai đoạn “%s” không có; chọn trong: provision, idle, switch, schedule, edit, storm (hoặc 1–6, hoặc all)", f)
		}
		out[p] = true
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("chưa chọn giai đoạn nào")
	}
	return out, nil
}
