package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"time"
)

// Report is what a run found. Field names are for scripts (-json); the
// table printed for people is in Vietnamese.
type Report struct {
	Controller    string           `json:"controller"`
	LinkTo        []string         `json:"link_to"` // controllers boards link to, round-robin
	PID           int              `json:"pid,omitempty"`
	Boards        int              `json:"boards"`
	Mode          string           `json:"mode"`  // "realistic" or "light"
	Level         string           `json:"level"` // protocol level of the simulated boards
	Sizes         []string         `json:"sizes"`
	Groups        int              `json:"groups"`
	Sources       int              `json:"sources"`
	Warm          bool             `json:"warm"`
	Started       time.Time        `json:"started"`
	Seconds       float64          `json:"seconds"`
	Provision     *provisionResult `json:"provision,omitempty"`
	Idle          *idleResult      `json:"idle,omitempty"`
	Changes       []*changeResult  `json:"changes"`
	Units         *unitsResult     `json:"units,omitempty"`
	Healthz       healthStats      `json:"healthz"`
	Requests      requestStats     `json:"requests"`
	Telemetry     telemetry        `json:"telemetry"`
	BoardProblems []string         `json:"board_problems"`
	Deleted       int              `json:"deleted"`
	Kept          int              `json:"kept"`
	Notes         []string         `json:"notes"`
	Error         string           `json:"error,omitempty"`
}

type provisionResult struct {
	CreateMs    float64 `json:"create_ms"`
	ConnectMs   float64 `json:"connect_ms"` // until /fleet shows all online and up to date
	FleetPoll   spread  `json:"fleet_poll"` // how long each /fleet poll took meanwhile
	Manifest    spread  `json:"first_manifest"`
	Ack         spread  `json:"first_ack"`
	RSSBeforeKB int64   `json:"rss_before_kb"`
	PeakRSSKB   int64   `json:"peak_rss_kb"`
	// Cost is what linking every board cost, from the first dial.
	Cost *phaseCost `json:"cost,omitempty"`
}

type idleResult struct {
	Measured      bool    `json:"measured"`
	RSSBeforeKB   int64   `json:"rss_before_kb"`
	RSSIdleKB     int64   `json:"rss_idle_kb"`
	BoardsLinked  int     `json:"boards_linked"` // boards linked to the measured controller
	KBPerBoard    float64 `json:"kb_per_board"`  // per board linked to it
	CPUPercent    float64 `json:"cpu_percent_of_one_core"`
	WindowSeconds float64 `json:"window_seconds"`
	// Cost is the idle window's, nothing subtracted: the rates other
	// phases subtract.
	Cost *phaseCost `json:"cost,omitempty"`
}

// changeResult is one change (or the reconnect storm) and how it reached
// the fleet, every delay from just before the request (or the cut).
type changeResult struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Request     *requestResult `json:"request,omitempty"`
	Revision    int64          `json:"revision"`
	Boards      int            `json:"boards"`
	Acked       int            `json:"acked"`
	Manifest    spread         `json:"last_manifest"`
	Ack         spread         `json:"last_ack"`
	FleetMs     float64        `json:"fleet_up_to_date_ms"`
	FleetPoll   spread         `json:"fleet_poll"`
	Healthz     healthStats    `json:"healthz"`
	RSSBeforeKB int64          `json:"rss_before_kb,omitempty"`
	PeakRSSKB   int64          `json:"peak_rss_kb"`
	// Cost is the CPU the change took, from just before the request to
	// the last board's acknowledgement seen on /fleet.
	Cost *phaseCost `json:"cost,omitempty"`
	// LinkFailures are board links refused or broken during the phase
	// (a storm refused by the per-address cap shows here).
	LinkFailures int64  `json:"link_failures"`
	Error        string `json:"error,omitempty"`
}

type requestResult struct {
	Status int     `json:"status"`
	Ms     float64 `json:"ms"`
}

type requestStats struct {
	Total   int              `json:"total"`
	Refused []refusedRequest `json:"refused"`
}

// refusedRequest is a kind of operator request answered other than 2xx
// (status 0: no answer at all).
type refusedRequest struct {
	Method string `json:"method"`
	Route  string `json:"route"`
	Status int    `json:"status"`
	Count  int    `json:"count"`
}

type telemetry struct {
	Connects         int64 `json:"links_established"`
	Manifests        int64 `json:"manifests_received"`
	Acks             int64 `json:"acks_sent"`
	Statuses         int64 `json:"statuses_sent"`
	Screenshots      int64 `json:"screenshots_sent"`
	PlaysRecorded    int64 `json:"plays_recorded"`
	PlaysSent        int64 `json:"plays_sent"` // records, resends included
	PlaysConfirmed   int64 `json:"plays_confirmed"`
	PlaysUnconfirmed int64 `json:"plays_unconfirmed"`
	Fetches          int64 `json:"pictures_fetched"`
	FetchBytes       int64 `json:"picture_bytes"`
}

func newReport(cfg Config, sources int) *Report {
	r := &Report{
		Controller: cfg.Controller.String(), PID: cfg.PID, Boards: cfg.Boards, Mode: "realistic", Level: cfg.Level,
		Groups: cfg.Groups, Sources: sources, Warm: cfg.Warm && !cfg.Light, Started: time.Now(),
		Changes: []*changeResult{}, BoardProblems: []string{}, Notes: []string{},
	}
	if cfg.Light {
		r.Mode = "light"
	}
	for _, s := range cfg.Sizes {
		r.Sizes = append(r.Sizes, s.String())
	}
	r.LinkTo = []string{r.Controller}
	if len(cfg.LinkTo) > 0 {
		r.LinkTo = r.LinkTo[:0]
		for _, u := range cfg.LinkTo {
			r.LinkTo = append(r.LinkTo, u.String())
		}
	}
	return r
}

// finish adds what is known only at the end: counters, requests, the
// whole run's /healthz, and the error that ended it.
func (h *harness) finish(err error) {
	r, s := h.rep, h.fleet.stats
	r.Seconds = time.Since(r.Started).Seconds()
	r.Healthz = h.samples.healthBetween(r.Started, time.Now())
	unconfirmed := r.Telemetry.PlaysUnconfirmed
	r.Telemetry = telemetry{
		Connects: s.connects.Load(), Manifests: s.manifests.Load(), Acks: s.acks.Load(), Statuses: s.statuses.Load(), Screenshots: s.screenshots.Load(),
		PlaysRecorded: s.playsRecorded.Load(), PlaysSent: s.playsSent.Load(), PlaysConfirmed: s.playsConfirmed.Load(),
		PlaysUnconfirmed: unconfirmed, Fetches: s.fetches.Load(), FetchBytes: s.fetchBytes.Load(),
	}
	r.BoardProblems = append(r.BoardProblems, s.problemList()...)
	h.api.mu.Lock()
	for k, n := range h.api.counts {
		r.Requests.Total += n
		if k.Status/100 != 2 {
			r.Requests.Refused = append(r.Requests.Refused, refusedRequest{k.Method, k.Route, k.Status, n})
		}
	}
	h.api.mu.Unlock()
	sort.Slice(r.Requests.Refused, func(i, j int) bool { return r.Requests.Refused[i].Count > r.Requests.Refused[j].Count })
	if r.Requests.Refused == nil {
		r.Requests.Refused = []refusedRequest{}
	}
	if err != nil {
		r.Error = err.Error()
	}
}

// writeJSON writes the report for scripts to path ("-": w).
func (r *Report) writeJSON(path string, w io.Writer) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if path == "-" {
		_, err = w.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("không ghi được báo cáo JSON: %w", err)
	}
	return nil
}
