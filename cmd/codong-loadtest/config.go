package main

import (
	"fmt"
	"io"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"

	"codong/protocol"
)

// Defaults of a run. The timings a test shortens are Config fields; these
// are what a person running the harness by hand gets.
const (
	defaultController = "http://127.0.0.1:8080"
	defaultBoards     = 1000
	defaultSizes      = "384x128,192x64,1920x1080"
	defaultGroups     = 4
	// With -units: people made in each unit unless -people says, and
	// how many times each page of the units phase is asked.
	defaultPeoplePerUnit = 10
	defaultUnitReps      = 20
	defaultTimeout       = 30 * time.Minute
	defaultPhaseTimeout  = 5 * time.Minute
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
	Repeat int
	// Units makes this many communes under the root and spreads the
	// boards over them; People accounts are made in them (10 a unit
	// when 0), and UnitReps is how many times the units phase asks each
	// page. Units 0 is a run without units, as before they existed.
	Units        int
	People       int
	UnitReps     int
	Keep         bool // leave the boards (and people, tokens) on the controller
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
		c.Phases[phaseUnits] = c.Units > 0
	}
	c.Phases[phaseProvision] = true // every other phase needs the boards
	if c.Units > 0 && c.People == 0 {
		c.People = defaultPeoplePerUnit * c.Units
	}
	if c.UnitReps <= 0 {
		c.UnitReps = defaultUnitReps
	}
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
	// phaseUnits times the pages and reads of a province and of one
	// commune; it runs only with -units, and with it in "all".
	phaseUnits
)

var phaseNames = map[string]phase{
	"provision": phaseProvision, "idle": phaseIdle, "switch": phaseSwitch,
	"schedule": phaseSchedule, "edit": phaseEdit, "storm": phaseStorm, "units": phaseUnits,
}

// parsePhases reads "all", or names and numbers: "switch,edit" or "3,5".
// "all" is phases 1–6: the units phase joins it only with -units
// (withUnits), as it needs the units that flag makes.
func parsePhases(list string) (map[phase]bool, error) {
	out := make(map[phase]bool)
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if f == "all" {
			for _, p := range phaseNames {
				out[p] = p != phaseUnits
			}
			continue
		}
		p, ok := phaseNames[f]
		if n, err := strconv.Atoi(f); err == nil && n >= int(phaseProvision) && n <= int(phaseUnits) {
			p, ok = phase(n), true
		}
		if !ok {
			return nil, fmt.Errorf("giai đoạn “%s” không có; chọn trong: provision, idle, switch, schedule, edit, storm, units (hoặc 1–7, hoặc all)", f)
		}
		out[p] = true
	}
	maps.DeleteFunc(out, func(_ phase, on bool) bool { return !on })
	if len(out) == 0 {
		return nil, fmt.Errorf("chưa chọn giai đoạn nào")
	}
	return out, nil
}

// wantsAll says whether a -phases list names "all".
func wantsAll(list string) bool {
	for _, f := range strings.Split(list, ",") {
		if strings.ToLower(strings.TrimSpace(f)) == "all" {
			return true
		}
	}
	return false
}
