package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// What a phase cost, read from /proc around it: the controller's CPU and
// the harness's own (utime+stime), and how busy the machine was meanwhile.
// On a shared machine a figure is only worth as much as the pressure
// beside it: a phase during which other work kept tasks waiting for a
// CPU took longer than the controller alone would.

// costSample is one reading of the counters a phase's cost is the
// difference of. A counter that could not be read is marked missing, so
// no figure is made of half a pair.
type costSample struct {
	at              time.Time
	controllerTicks int64 // -1: not read
	harnessTicks    int64 // -1: not read
	// pressureUs is /proc/pressure/cpu "some" total, in µs: how long at
	// least one runnable task waited for a CPU (-1: no PSI here).
	pressureUs int64
	// steal and all are /proc/stat's first line, in ticks: time the
	// hypervisor gave this machine's CPUs to others, of all time counted.
	steal, all int64 // all -1: not read
}

// phaseCost is one phase's cost. CPU per board is the phase's CPU less
// what the same process used at rest for as long (its rate in the idle
// phase, when that ran), over the boards: the cost of the change itself.
type phaseCost struct {
	Seconds              float64 `json:"seconds"`
	ControllerCPUSeconds float64 `json:"controller_cpu_s,omitempty"`
	ControllerIdleCPU    float64 `json:"controller_idle_cpu_s,omitempty"` // subtracted
	ControllerUsPerBoard float64 `json:"controller_us_per_board,omitempty"`
	HarnessCPUSeconds    float64 `json:"harness_cpu_s"`
	HarnessIdleCPU       float64 `json:"harness_idle_cpu_s,omitempty"` // subtracted
	HarnessUsPerBoard    float64 `json:"harness_us_per_board"`
	ControllerMeasured   bool    `json:"controller_measured"`
	// PressurePercent is the share of the phase during which some task
	// waited for a CPU; PressureAvg10 the kernel's 10 s average at its
	// end. Both -1 where the kernel keeps no pressure figures.
	PressurePercent float64 `json:"cpu_pressure_some_percent"`
	PressureAvg10   float64 `json:"cpu_pressure_some_avg10"`
	// StealPercent is the CPU time the hypervisor gave away, of all the
	// machine's CPU time during the phase (-1: not known).
	StealPercent float64 `json:"steal_percent"`
}

// idleRates are the controller's and the harness's CPU-seconds per
// second while the fleet only rotates (the idle phase); zero until it ran.
type idleRates struct {
	controller, harness float64
}

// readCost reads every counter now; pid 0 reads no controller.
func readCost(pid int) costSample {
	s := costSample{at: time.Now(), controllerTicks: -1, harnessTicks: -1, pressureUs: -1, all: -1}
	if pid > 0 {
		if t, err := readCPUTicks(pid); err == nil {
			s.controllerTicks = t
		}
	}
	if t, err := readCPUTicks(os.Getpid()); err == nil {
		s.harnessTicks = t
	}
	if some, _, err := readPressure(pressureFile); err == nil {
		s.pressureUs = some
	}
	if steal, all, err := readSteal(statFile); err == nil {
		s.steal, s.all = steal, all
	}
	return s
}

// Where the machine's counters are; tests point them at files of their own.
var (
	pressureFile = "/proc/pressure/cpu"
	statFile     = "/proc/stat"
)

// costBetween is the cost of [a, b] spread over boards, each process's
// idle rate subtracted.
func costBetween(a, b costSample, boards int, idle idleRates) *phaseCost {
	wall := b.at.Sub(a.at).Seconds()
	c := &phaseCost{Seconds: wall, PressurePercent: -1, PressureAvg10: -1, StealPercent: -1}
	n := float64(max(boards, 1))
	if a.controllerTicks >= 0 && b.controllerTicks >= 0 {
		c.ControllerMeasured = true
		c.ControllerCPUSeconds = float64(b.controllerTicks-a.controllerTicks) / clockTicks
		c.ControllerIdleCPU = idle.controller * wall
		c.ControllerUsPerBoard = max(c.ControllerCPUSeconds-c.ControllerIdleCPU, 0) / n * 1e6
	}
	if a.harnessTicks >= 0 && b.harnessTicks >= 0 {
		c.HarnessCPUSeconds = float64(b.harnessTicks-a.harnessTicks) / clockTicks
		c.HarnessIdleCPU = idle.harness * wall
		c.HarnessUsPerBoard = max(c.HarnessCPUSeconds-c.HarnessIdleCPU, 0) / n * 1e6
	}
	if a.pressureUs >= 0 && b.pressureUs >= 0 && wall > 0 {
		c.PressurePercent = float64(b.pressureUs-a.pressureUs) / (wall * 1e6) * 100
		if _, avg10, err := readPressure(pressureFile); err == nil {
			c.PressureAvg10 = avg10
		}
	}
	if a.all >= 0 && b.all > a.all {
		c.StealPercent = float64(b.steal-a.steal) / float64(b.all-a.all) * 100
	}
	return c
}

// rates is the CPU-seconds per second each process used over [a, b].
func rates(a, b costSample) idleRates {
	wall := b.at.Sub(a.at).Seconds()
	var r idleRates
	if wall <= 0 {
		return r
	}
	if a.controllerTicks >= 0 && b.controllerTicks >= 0 {
		r.controller = float64(b.controllerTicks-a.controllerTicks) / clockTicks / wall
	}
	if a.harnessTicks >= 0 && b.harnessTicks >= 0 {
		r.harness = float64(b.harnessTicks-a.harnessTicks) / clockTicks / wall
	}
	return r
}

// readPressure reads the "some" line of a PSI file:
// "some avg10=1.23 avg60=… avg300=… total=123456" (total in µs).
func readPressure(path string) (totalUs int64, avg10 float64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] != "some" {
			continue
		}
		var gotTotal, gotAvg bool
		for _, kv := range fields[1:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "total":
				totalUs, err = strconv.ParseInt(v, 10, 64)
				gotTotal = err == nil
			case "avg10":
				avg10, err = strconv.ParseFloat(v, 64)
				gotAvg = err == nil
			}
		}
		if gotTotal && gotAvg {
			return totalUs, avg10, nil
		}
	}
	return 0, 0, fmt.Errorf("không đọc được độ nghẽn CPU trong %s", path)
}

// readSteal reads the machine's line of /proc/stat:
// "cpu user nice system idle iowait irq softirq steal …", returning steal
// and the sum of every field (ticks).
func readSteal(path string) (steal, all int64, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0, 0, fmt.Errorf("không đọc được dòng cpu trong %s", path)
	}
	// guest and guest_nice (fields 9, 10) are already inside user and
	// nice: leave them out of the sum.
	for i, v := range fields[1:min(len(fields), 9)] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("không đọc được dòng cpu trong %s", path)
		}
		all += n
		if i == 7 {
			steal = n
		}
	}
	return steal, all, nil
}
