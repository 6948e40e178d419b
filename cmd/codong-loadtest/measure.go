package main

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Sampling of the controller throughout a run.
const (
	sampleEvery   = 100 * time.Millisecond
	healthTimeout = 5 * time.Second
)

// samplers watch the controller from the outside for the whole run: its
// resident memory and how long /healthz takes to answer, so every phase
// can report its peak and its worst answer.
type samplers struct {
	pid    int
	base   string
	client *http.Client
	mu     sync.Mutex
	rss    []rssSample
	health []healthProbe
	wg     sync.WaitGroup
}

type rssSample struct {
	at time.Time
	kb int64
}

// healthProbe is one GET /healthz; status 0 means no answer.
type healthProbe struct {
	at      time.Time
	latency time.Duration
	status  int
}

// startSamplers samples until ctx ends; pid 0 samples no memory.
func startSamplers(ctx context.Context, pid int, base string) *samplers {
	s := &samplers{pid: pid, base: base, client: &http.Client{Timeout: healthTimeout}}
	s.wg.Go(func() { s.loop(ctx, s.sampleRSS) })
	s.wg.Go(func() { s.loop(ctx, s.probeHealth) })
	return s
}

func (s *samplers) wait() {
	s.wg.Wait()
	s.client.CloseIdleConnections()
}

// loop runs sample every sampleEvery until ctx ends; a slow sample delays
// the next rather than piling samples up.
func (s *samplers) loop(ctx context.Context, sample func(context.Context)) {
	t := time.NewTicker(sampleEvery)
	defer t.Stop()
	for {
		sample(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// now takes one sample of each at once, so a phase shorter than
// sampleEvery still has its figures.
func (s *samplers) now(ctx context.Context) {
	s.sampleRSS(ctx)
	s.probeHealth(ctx)
}

func (s *samplers) sampleRSS(context.Context) {
	if s.pid == 0 {
		return
	}
	if kb, err := readRSS(s.pid); err == nil {
		s.mu.Lock()
		s.rss = append(s.rss, rssSample{time.Now(), kb})
		s.mu.Unlock()
	}
}

// probeHealth asks /healthz once, on the samplers' own connection.
func (s *samplers) probeHealth(ctx context.Context) {
	start := time.Now()
	p := healthProbe{at: start}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/healthz", nil)
	resp, err := s.client.Do(req)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		p.status = resp.StatusCode
	} else if ctx.Err() != nil {
		return // the run ended, the controller did not fail
	}
	p.latency = time.Since(start)
	s.mu.Lock()
	s.health = append(s.health, p)
	s.mu.Unlock()
}

// peakRSS is the highest memory sampled in [from, to]; 0 if none.
func (s *samplers) peakRSS(from, to time.Time) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var peak int64
	for _, r := range s.rss {
		if !r.at.Before(from) && !r.at.After(to) {
			peak = max(peak, r.kb)
		}
	}
	return peak
}

// healthStats sums up the probes that started in [from, to].
type healthStats struct {
	Samples int     `json:"samples"`
	Non200  int     `json:"non_200"`
	P99Ms   float64 `json:"p99_ms"`
	MaxMs   float64 `json:"max_ms"`
}

func (s *samplers) healthBetween(from, to time.Time) healthStats {
	s.mu.Lock()
	var lat []time.Duration
	var out healthStats
	for _, p := range s.health {
		if p.at.Before(from) || p.at.After(to) {
			continue
		}
		lat = append(lat, p.latency)
		if p.status != http.StatusOK {
			out.Non200++
		}
	}
	s.mu.Unlock()
	sp := spreadOf(lat)
	out.Samples, out.P99Ms, out.MaxMs = sp.N, sp.P99Ms, sp.MaxMs
	return out
}

// spread is how a delay was distributed over boards (or samples).
type spread struct {
	N     int     `json:"n"`
	P50Ms float64 `json:"p50_ms"`
	P99Ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
}

func spreadOf(d []time.Duration) spread {
	if len(d) == 0 {
		return spread{}
	}
	slices.Sort(d)
	return spread{N: len(d), P50Ms: ms(percentile(d, 50)), P99Ms: ms(percentile(d, 99)), MaxMs: ms(d[len(d)-1])}
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
