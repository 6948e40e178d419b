package main

import (
	"fmt"
	"io"
)

// writeCosts prints what each phase cost the controller and the harness,
// beside how busy the machine was: a figure taken while other work kept
// tasks waiting for a CPU is an upper bound, not the controller's own.
func (r *Report) writeCosts(w io.Writer) {
	type row struct {
		name string
		c    *phaseCost
		fail int64
	}
	var rows []row
	if p := r.Provision; p != nil && p.Cost != nil {
		rows = append(rows, row{"Kết nối", p.Cost, -1})
	}
	if i := r.Idle; i != nil && i.Cost != nil {
		rows = append(rows, row{"Nhàn rỗi (tốc độ được trừ ở các dòng dưới)", i.Cost, -1})
	}
	for _, c := range r.Changes {
		if c.Cost != nil {
			rows = append(rows, row{changeNames[c.ID], c.Cost, c.LinkFailures})
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\nCPU mỗi giai đoạn (utime+stime từ /proc; “mỗi bảng” là sau khi trừ CPU lúc nhàn rỗi trong cùng thời gian)\n")
	t := table(w)
	fmt.Fprintln(t, "  Giai đoạn\tThời gian\tCPU controller\t… mỗi bảng\tCPU chương trình thử\t… mỗi bảng\tĐộ nghẽn CPU (some, avg10)\tCPU bị lấy (steal)\tKết nối bảng lỗi")
	for _, x := range rows {
		c := x.c
		ctl, ctlPer := "—", "—"
		if c.ControllerMeasured {
			ctl, ctlPer = fmtFloat(c.ControllerCPUSeconds, 2)+" s", fmtFloat(c.ControllerUsPerBoard, 0)+" µs"
		}
		steal, fail := "—", "—"
		if c.StealPercent >= 0 {
			steal = fmtFloat(c.StealPercent, 1) + "%"
		}
		if x.fail >= 0 {
			fail = fmtInt(x.fail)
		}
		fmt.Fprintf(t, "  %s\t%s\t%s\t%s\t%s s\t%s µs\t%s\t%s\t%s\n", x.name, fmtMs(c.Seconds*1000), ctl, ctlPer,
			fmtFloat(c.HarnessCPUSeconds, 2), fmtFloat(c.HarnessUsPerBoard, 0), fmtPressure(c), steal, fail)
	}
	t.Flush()
}

// fmtPressure is the share of the phase some task waited for a CPU, and
// the kernel's 10-second average at its end.
func fmtPressure(c *phaseCost) string {
	if c.PressurePercent < 0 {
		return "không có số liệu (/proc/pressure/cpu)"
	}
	return fmt.Sprintf("%s%% (avg10 %s)", fmtFloat(c.PressurePercent, 1), fmtFloat(c.PressureAvg10, 1))
}
