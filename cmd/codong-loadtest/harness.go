package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// cleanupTimeout bounds the clean-up after the phases (flushing plays,
// undoing changes, deleting thousands of boards), Ctrl-C or not.
const cleanupTimeout = 5 * time.Minute

// harness is one run: the operator's API client, the simulated fleet, the
// samplers and the report being filled.
type harness struct {
	cfg     Config
	api     *api
	fleet   *fleet
	samples *samplers
	rep     *Report
	base    fleetSummary // the controller's fleet before provisioning
	idleKB  int64        // controller memory once the fleet settled
	// idle is each process's CPU rate while the fleet only rotates,
	// subtracted from a phase's CPU to give the cost of its change.
	idleRate idleRates
	// undo holds what must be put back if the run stops half-way: the
	// override set, the slogan edited.
	undo map[string]func(context.Context) error
	// units is what -units made or reused; nil without it.
	units *unitSetup
}

// run checks the target, runs the chosen phases within the deadline, and
// always cleans up. The report is returned even when a phase failed.
func run(ctx context.Context, cfg Config) (*Report, error) {
	cfg = cfg.withDefaults()
	target, err := loopbackTarget(ctx, cfg.Controller)
	if err != nil {
		return nil, err
	}
	base := withHost(cfg.Controller, target).String()
	endpoints, err := linkEndpoints(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Sources == 0 {
		cfg.Sources = autoSources(cfg.Boards, cfg.Light)
	}
	srcs := sourceAddrs(target, cfg.Sources)
	h := &harness{cfg: cfg, api: newAPI(base, cfg.Token), undo: make(map[string]func(context.Context) error)}
	h.fleet = newFleet(&h.cfg, endpoints, srcs)
	if err := h.preflight(ctx); err != nil {
		return nil, err
	}
	h.rep = newReport(h.cfg, len(srcs))
	sampling, stopSampling := context.WithCancel(context.Background())
	h.samples = startSamplers(sampling, h.cfg.PID, base)
	runCtx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	err = h.phases(runCtx)
	switch {
	case ctx.Err() != nil:
		err = fmt.Errorf("đã dừng theo yêu cầu (Ctrl-C) trước khi xong")
	case errors.Is(runCtx.Err(), context.DeadlineExceeded):
		err = fmt.Errorf("quá thời hạn %s của cả lần chạy", fmtDuration(cfg.Timeout))
	}
	cancel()
	h.cleanup()
	stopSampling()
	h.samples.wait()
	h.finish(err)
	return h.rep, err
}

func (h *harness) say(format string, args ...any) {
	fmt.Fprintf(h.cfg.Progress, format+"\n", args...)
}

// preflight makes sure the controller answers and takes the token before
// anything is created, and finds its process to measure.
func (h *harness) preflight(ctx context.Context) error {
	if _, err := h.api.call(ctx, http.MethodGet, "/healthz", nil, nil); err != nil {
		return fmt.Errorf("không kết nối được controller tại %s: %w", h.cfg.Controller, err)
	}
	if err := h.fleet.checkEndpoints(ctx); err != nil {
		return err
	}
	var ae *apiError
	if _, err := h.api.fleet(ctx); errors.As(err, &ae) && ae.Status == http.StatusUnauthorized {
		return fmt.Errorf("controller từ chối mã truy cập (%s); tạo mã mới bằng: codong token create --role admin --data THƯ_MỤC_DỮ_LIỆU", ae.Message)
	} else if err != nil {
		return fmt.Errorf("controller không trả lời GET /api/v1/fleet: %w", err)
	}
	if err := h.readyContent(ctx); err != nil {
		return err
	}
	if h.cfg.PID == 0 {
		port, _ := strconv.Atoi(h.cfg.Controller.Port())
		if port == 0 {
			port = 80
		}
		pid, err := findListener(port)
		if err != nil {
			h.say("Cảnh báo: không đo được bộ nhớ và CPU của controller: %v", err)
			return nil
		}
		h.cfg.PID = pid
	}
	if _, err := readRSS(h.cfg.PID); err != nil {
		h.say("Cảnh báo: không đọc được /proc của tiến trình %d: %v", h.cfg.PID, err)
		h.cfg.PID = 0
	}
	return nil
}

// phases runs the chosen phases in order, each within its own timeout.
// Without boards nothing else can run, so a failed provisioning ends the
// run; a later phase that fails is reported and the next one runs, since
// a change the controller refused is itself a figure.
func (h *harness) phases(ctx context.Context) error {
	var failed []string
	for _, s := range h.plan() {
		if !h.cfg.Phases[s.p] {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, h.cfg.PhaseTimeout)
		err := s.run(pctx)
		if errors.Is(pctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
			err = fmt.Errorf("quá thời hạn %s", fmtDuration(h.cfg.PhaseTimeout))
		}
		cancel()
		if err == nil {
			continue
		}
		h.noteFailed(s.p, err)
		err = fmt.Errorf("giai đoạn %d (%s): %w", s.p, s.name, err)
		if s.p == phaseProvision || ctx.Err() != nil {
			return err
		}
		h.say("  Không trọn vẹn: %v", err)
		failed = append(failed, err.Error())
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s", strings.Join(failed, "; "))
	}
	return nil
}

// step is one phase to run.
type step struct {
	p    phase
	name string
	run  func(context.Context) error
}

// plan is the phases in the order they run: the switch and the return
// to the schedule Repeat times, in turn.
func (h *harness) plan() []step {
	out := []step{{phaseProvision, "tạo và kết nối bảng", h.provision}, {phaseIdle, "nhàn rỗi", h.idle}}
	for range h.cfg.Repeat {
		out = append(out, step{phaseSwitch, "chuyển danh sách phát", h.switchOverride}, step{phaseSchedule, "trở về lịch phát", h.backToSchedule})
	}
	return append(out, step{phaseEdit, "sửa khẩu hiệu", h.edit}, step{phaseStorm, "kết nối lại đồng loạt", h.storm}, step{phaseUnits, "trang của tỉnh và của xã", h.unitsPhase})
}

// maxRepeat bounds -repeat: each round is two changes to every board.
const maxRepeat = 20

// changeIDs names the table row of each phase that makes a change.
var changeIDs = map[phase]string{phaseSwitch: "switch", phaseSchedule: "schedule", phaseEdit: "edit", phaseStorm: "storm"}

// noteFailed gives a change phase that failed before its change was even
// made (the controller refused a read it needed) a row in the table, so
// the table shows every phase that ran.
func (h *harness) noteFailed(p phase, err error) {
	id, ok := changeIDs[p]
	if !ok {
		return
	}
	for _, c := range h.rep.Changes {
		if c.ID == id {
			return
		}
	}
	h.rep.Changes = append(h.rep.Changes, &changeResult{ID: id, Title: changeNames[id], Boards: h.cfg.Boards, Error: err.Error()})
}

// cleanup ends the run whatever happened: the controller confirms what
// plays it can, the links close, changes are put back, and the boards
// are deleted unless -keep.
func (h *harness) cleanup() {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	h.say("Dọn dẹp: chờ controller xác nhận các bản ghi phát còn lại, đóng các kết nối")
	h.rep.Telemetry.PlaysUnconfirmed = int64(h.fleet.flushPlays(ctx, h.cfg.PlaysGrace))
	h.fleet.stop()
	for what, fn := range h.undo {
		if err := fn(ctx); err != nil {
			h.rep.Notes = append(h.rep.Notes, fmt.Sprintf("chưa %s: %v", what, err))
		}
	}
	// People and tokens only after the boards: a run stopped half-way
	// leaves nothing that still works in a commune.
	defer h.cleanupUnits(ctx)
	if h.cfg.Keep {
		h.rep.Kept = h.fleet.count()
		h.say("Giữ lại %d bảng đã tạo (-keep)", h.rep.Kept)
		return
	}
	h.say("Xoá %d bảng đã tạo", h.fleet.count())
	n, err := h.fleet.deleteBoards(ctx, h.api, h.say)
	h.rep.Deleted = n
	if err != nil {
		h.rep.Notes = append(h.rep.Notes, fmt.Sprintf("không xoá hết được các bảng đã tạo (%d/%d): %v", n, h.fleet.count(), err))
		return
	}
	if err := h.fleet.deleteGroups(ctx, h.api); err != nil {
		h.rep.Notes = append(h.rep.Notes, "không xoá được các nhóm đã tạo: "+err.Error())
	}
}
